"""`openness report`: one self-contained HTML page; escaped, deterministic, never overwrites unasked."""

from __future__ import annotations

import base64
import hashlib
import re
import sys
from html.parser import HTMLParser

import pytest

import openness
from conftest import SEED, SEED_QUOTE
from openness.records import Claim, Evidence, Fact, License, Model
from openness.render.html import render_report

EVIL = '<script>alert("x")</script>'


class Page(HTMLParser):
    """The elements of a page: (tag, attrs) in document order, and the text of each <script>/<style>."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.raw: dict[str, list[str]] = {"script": [], "style": []}
        self._in: str | None = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        if tag in self.raw:
            self._in = tag
            self.raw[tag].append("")

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag == self._in:
            self._in = None

    def handle_data(self, data):
        if self._in:
            self.raw[self._in][-1] += data

    def find(self, tag: str, **want: str) -> list[dict[str, str | None]]:
        def matches(attrs: dict[str, str | None]) -> bool:
            for key, value in want.items():
                if key == "class_":
                    if value not in (attrs.get("class") or "").split():
                        return False
                elif attrs.get(key) != value:
                    return False
            return True

        return [a for t, a in self.elements if t == tag and matches(a)]


@pytest.fixture(scope="module")
def rubrics():
    from openness.rubric import available, load_rubric

    return [load_rubric(n) for n in available()]


@pytest.fixture(scope="module")
def page(catalog, rubrics):
    return render_report(list(catalog.models), rubrics)


def _ev(quote: str = SEED_QUOTE, source: str = SEED) -> Evidence:
    return Evidence(source, quote)


def evil_model() -> Model:
    """A model no catalog file could hold: markup everywhere a data file could put text."""
    lic = License(
        id="evil-license",
        name=f"Evil {EVIL} License",
        url="javascript:alert(1)",
        category="proprietary",
        facts={
            "terms.commercial_use": Fact("terms.commercial_use", "allowed", True, (_ev(f"quote {EVIL}", "http://insecure.example/x"),), note=f"note {EVIL}")
        },
        notes=f"license notes {EVIL}",
    )
    facts = {
        "developer": Fact("developer", f"Dev {EVIL}", True, (_ev(f"a quote with {EVIL} & more"),), note=f"fact note {EVIL}"),
        "status": Fact("status", "released", True, (_ev(),)),
        "license": Fact("license", "evil-license", True, (_ev(),)),
        "access.weights": Fact(
            "access.weights",
            f"open {EVIL}",
            True,
            (_ev(f"weights {EVIL}", 'https://example.org/"><script>alert(2)</script>'),),
            claims=(Claim(f"claim {EVIL}", _ev(f"claimed {EVIL}", "javascript:alert(3)")),),
        ),
        "access.api": Fact("access.api", None, False, unknown=f"unknown because {EVIL}"),
    }
    return Model(
        id="evil",
        name=f"Evil {EVIL} & <b>bold</b>",
        facts=facts,
        family=f"fam {EVIL}",
        aliases=(f"alias {EVIL}",),
        notes=f"model notes {EVIL} <img src=x onerror=alert(4)>",
        license_record=lic,
    )


def test_the_page_has_a_heatmap_per_rubric_with_a_cell_per_model_and_criterion(page, catalog, rubrics):
    doc = Page(page)
    tables = doc.find("table", class_="heat")
    assert [t["data-rubric"] for t in tables] == [r.id for r in rubrics]
    rows = page.split('<tr data-model="')
    for r in rubrics:
        section = page[page.index(f'data-rubric="{r.id}"') :]
        section = section[: section.index("</table>")]
        body_rows = re.findall(r'<tr data-model="[^"]*">(.*?)</tr>', section, re.S)
        assert len(body_rows) == len(catalog.models)
        for row in body_rows:
            assert len(re.findall(r'<td class="c ', row)) == len(r.criteria)
        heads = re.findall(r'<th [^>]*data-col="([^"]+)"', section)
        assert heads == ["rank", "model", *(c.id for c in r.criteria), "total", "label", "unknown"]
    assert len(rows) - 1 == len(catalog.models) * len(rubrics)
    # every model has its own section with its facts and license terms
    for m in catalog.models:
        assert f'id="model-{m.id}"' in page


def test_unknown_is_hatched_and_labelled_not_zero(page):
    unknown = re.findall(r'<td class="c unk"[^>]*>([^<]*)</td>', page)
    zero = re.findall(r'<td class="c s0"[^>]*>([^<]*)</td>', page)
    assert unknown and set(unknown) == {"unknown"}
    assert zero and set(zero) == {"0.0"}
    assert ".unk{background:repeating-linear-gradient" in page


def test_cells_carry_value_and_evidence_on_hover(catalog, articles):
    m = catalog.model("llama-2")
    page = render_report([m], [articles])
    card = openness.score(m, articles)
    r = card.result("weights")
    title = re.search(r'<td class="c [^"]*" tabindex="0" data-sort="[^"]*" data-facts="([^"]*)" title="([^"]*)">', page)
    assert title, "a heatmap cell with a title"
    import html

    text = html.unescape(title.group(2))
    assert r.value in text and r.evidence[0].quote[:60] in " ".join(text.split())
    # the click panel copies the model section's rows for the facts the criterion read
    for ident in title.group(1).split():
        assert f'<tr id="{ident}"' in page


def test_use_case_verdicts_when_the_module_is_there(page):
    assert "<h4>Use cases</h4>" in page
    for label in ("commercial", "distill", "self-host", "redistribute"):
        assert f"<th>{label}</th>" in page
    assert re.search(r'class="v v-(allowed|conditional|unknown|blocked)" title=', page)


def test_use_case_section_is_left_out_when_the_module_cannot_be_imported(monkeypatch, catalog, articles):
    monkeypatch.setitem(sys.modules, "openness.usecase", None)  # import raises ImportError
    page = render_report([catalog.model("llama-2")], [articles])
    assert "Use cases" not in page and 'v-allowed"' not in page
    assert 'id="model-llama-2"' in page


def test_markup_from_data_is_shown_as_text(articles):
    page = render_report([evil_model()], [articles])
    doc = Page(page)
    # one script element (the page's own), no element an attacker could have added
    assert len(doc.find("script")) == 1 and "alert(" not in doc.raw["script"][0]
    assert not doc.find("img") and not doc.find("b")
    assert "<script>alert" not in page and "onerror=alert" not in page.replace("&lt;img src=x onerror=alert(4)&gt;", "")
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "Evil &lt;script&gt;" in page and "&lt;b&gt;bold&lt;/b&gt;" in page
    # links only for https:// sources; javascript: and http: sources are text
    hrefs = [a["href"] for a in doc.find("a")]
    assert hrefs and all(h.startswith(("https://", "#")) for h in hrefs), hrefs
    assert not any("javascript" in h or h.startswith("http://") for h in hrefs)
    assert "javascript:alert(1)" in page and "http://insecure.example/x" in page  # shown, as text
    # the quote in an https address cannot close the attribute
    assert 'href="https://example.org/&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;"' in page
    # the model's facts, unknowns, notes, conflicts and license are all there, escaped
    for text in (
        "fact note &lt;script&gt;",
        "unknown because &lt;script&gt;",
        "claim &lt;script&gt;",
        "license notes &lt;script&gt;",
        "Evil &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; License",
    ):
        assert text in page, text
    assert "⚠ conflict" in page


def test_the_page_is_self_contained(page):
    doc = Page(page)
    for tag, attrs in doc.elements:
        for name in ("src", "href", "xlink:href", "action", "poster", "data"):
            value = attrs.get(name)
            if value is None:
                continue
            if tag == "a" and name == "href":
                continue  # links the reader may follow; nothing is loaded from them
            assert value.startswith(("#", "data:")), (tag, name, value)
    assert not doc.find("link") and not doc.find("iframe") and not doc.find("img")
    assert all("src" not in a for a in doc.find("script"))
    assert not re.search(r"@import", page)
    for css in doc.raw["style"]:
        assert not re.search(r"url\(\s*['\"]?(?!#|data:)", css)
    assert not re.search(r"<script[^>]+src=|<link[^>]+href=\s*['\"]?https?:|url\(\s*['\"]?https?:", page, re.I)
    # a strict Content-Security-Policy: nothing loads, only the page's own style and script run
    (meta,) = [a for a in doc.find("meta") if a.get("http-equiv") == "Content-Security-Policy"]
    csp = meta["content"]
    assert "default-src 'none'" in csp

    def digest(text: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"

    assert f"script-src {digest(doc.raw['script'][0])}" in csp
    assert f"style-src {digest(doc.raw['style'][0])}" in csp
    assert len(doc.raw["style"]) == 1 and not any("style" in a for _, a in doc.elements if _ != "meta")


def test_every_heatmap_column_is_sortable(page):
    doc = Page(page)
    for table in page.split('<table class="heat"')[1:]:
        thead = table[: table.index("</thead>")]
        assert thead.count("<th ") == thead.count("data-col=") and thead.count("<button") == thead.count("<th ")
        row = re.search(r"<tr data-model=[^>]*>(.*?)</tr>", table, re.S).group(1)
        assert row.count("data-sort=") == thead.count("<th ")
    assert "function sortTable(" in doc.raw["script"][0]


def test_two_renders_are_byte_identical(catalog, rubrics, page, run, tmp_path):
    assert render_report(list(catalog.models), rubrics) == page
    assert render_report(list(reversed(catalog.models)), rubrics).count("<tr data-model=") == page.count("<tr data-model=")
    a, b = tmp_path / "a.html", tmp_path / "b.html"
    assert run("report", "--out", str(a)).code == 0
    assert run("report", "--out", str(b)).code == 0
    assert a.read_bytes() == b.read_bytes() == page.encode("utf-8")


def test_report_refuses_to_overwrite_without_force(run, tmp_path):
    target = tmp_path / "report.html"
    target.write_text("mine", encoding="utf-8")
    r = run("report", "--rubric", "articles", "--models", "llama-2", "--out", str(target))
    assert r.code == 2 and "--force" in r.err and target.read_text(encoding="utf-8") == "mine"
    assert not list(tmp_path.glob(".report.html.*")), "no temporary file left behind"
    r = run("report", "--rubric", "articles", "--models", "llama-2", "--out", str(target), "--force")
    assert r.code == 0 and target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_report_to_stdout_and_options(run, catalog):
    r = run("report", "--rubric", "articles", "--rubric", "mof", "--models", "llama-2", "gpt-4", "--out", "-")
    assert r.code == 0 and r.err == ""
    assert r.out.startswith("<!DOCTYPE html>") and r.out.endswith("</html>\n")
    assert r.out.count('<table class="heat"') == 2 and r.out.count("<tr data-model=") == 4
    assert run("report", "--rubric", "articles", "--rubric", "articles", "--models", "llama-2", "--out", "-").out.count('<table class="heat"') == 1
    assert run("report", "--models", "no-such-model", "--out", "-").code == 2
    assert run("report", "--rubric", "no-such-rubric", "--out", "-").code == 2
    assert run("report").code == 2  # --out is required
