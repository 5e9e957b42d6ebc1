"""In a notebook: tables, scorecards and verdicts render as escaped HTML and give plain records."""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser

import openness
from openness import frozen as attrs


class _Cells(HTMLParser):
    """The text of every th/td cell, and every tag seen."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: list[str] = []
        self.tags: list[str] = []
        self._in = False

    def handle_starttag(self, tag, attrs_):
        self.tags.append(tag)
        if tag in ("td", "th"):
            self._in = True
            self.cells.append("")

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self._in = False

    def handle_data(self, data):
        if self._in:
            self.cells[-1] += data


def _parse(markup: str) -> _Cells:
    p = _Cells()
    p.feed(markup)
    return p


def test_a_comparison_shows_as_an_html_table_with_the_same_cells_as_its_table():
    catalog = openness.load_catalog()
    table = openness.compare(catalog.select(["llama-2", "olmo", "gpt-4"]), openness.load_rubric("articles"))
    parsed = _parse(table._repr_html_())
    t = table.table()
    assert parsed.cells == [*t.headers, *(c for row in t.rows for c in row)]
    assert set(parsed.tags) <= {"table", "thead", "tbody", "tr", "th", "td", "p", "small", "caption"}


def test_records_are_plain_and_agree_with_the_json_output():
    catalog = openness.load_catalog()
    rubrics = [openness.load_rubric("articles"), openness.load_rubric("mof")]
    comparison = openness.compare(catalog.models, rubrics)
    records = comparison.to_records()
    assert json.loads(json.dumps(records)) == records  # plain values only
    data = comparison.to_dict()
    assert [r["model"] for r in records] == [m["model"] for m in data["models"]]
    for rec, m in zip(records, data["models"]):
        assert rec["articles total"] == m["scorecards"][0]["total"]
        assert rec["mof total"] == m["scorecards"][1]["total"]
        assert len({len(r) for r in records}) == 1  # every record has the same columns


def test_user_text_is_escaped_in_every_html_view():
    catalog = openness.load_catalog()
    model = catalog.model("llama-2")
    evil = '<script>alert(1)</script>\x1b]0;pwned\x07 & "q"'
    rubric = openness.load_rubric("articles")
    card = openness.score(model, rubric)
    card = attrs.evolve(card, model_name=evil)
    verdict = attrs.evolve(openness.check(model, {"commercial": True}), name=evil)
    comparison = openness.compare([model], rubric)
    table = attrs.evolve(comparison.table(), rows=((evil,) * len(comparison.table().headers),))
    for markup in (card._repr_html_(), verdict._repr_html_(), table._repr_html_()):
        assert "<script" not in markup and "\x1b" not in markup and "\x07" not in markup
        assert html.escape("<script>") in markup
        assert not re.search(r"<(?!/?(table|thead|tbody|tr|th|td|p|small|caption)\b)", markup)


def test_scorecard_and_verdict_records_follow_their_objects():
    catalog = openness.load_catalog()
    model = catalog.model("llama-2")
    card = openness.score(model, openness.load_rubric("articles"))
    recs = card.to_records()
    assert [r["criterion"] for r in recs] == [r.id for r in card.results]
    assert [r["points"] for r in recs] == [round(r.points, 2) if r.known else None for r in card.results]
    verdict = openness.check(model, {"commercial": True, "monthly_active_users": "800M"})
    vrecs = verdict.to_records()
    assert [(r["requirement"], r["verdict"]) for r in vrecs] == [(r.name, r.verdict) for r in verdict.requirements]
    assert any(r["verdict"] == "blocked" and "700 million" in (r["clause"] or "") for r in vrecs)


def test_version_names_the_package_and_the_catalog_data_version(capsys):
    import pytest

    from openness.cli import run

    catalog = openness.load_catalog()
    dates = {e.read for r in (*catalog.models, *catalog.licenses) for f in r.facts.values() for e in f.evidence if e.read}
    assert catalog.version == max(dates)
    with pytest.raises(SystemExit) as exc:
        run(["--version"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert out.splitlines() == [
        f"openness {openness.__version__}",
        f"catalog {catalog.version} ({len(catalog.models)} models, {len(catalog.licenses)} licenses)",
    ]
    data = openness.compare(catalog.select(["llama-2"]), openness.load_rubric("articles"), catalog_version=catalog.version).to_dict()
    assert data["catalog"] == {"version": catalog.version}
