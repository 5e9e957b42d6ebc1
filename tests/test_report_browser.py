"""The report in a real browser: headless Chromium opens the page from file://, offline.

The static DOM (``--dump-dom``) has a heatmap cell per model and criterion; a ``#sort=`` fragment
reorders rows on load; clicking a header (driven over the DevTools protocol on a pipe, stdlib
only) sorts the same way and a click on a cell opens the details panel; a screenshot is not
blank.  Without Chromium the tests skip, except under CI (``CI`` set), where they fail.
"""

from __future__ import annotations

import fcntl
import json
import os
import select
import shutil
import struct
import subprocess
import tempfile
import time
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pytest

from openness.comparison import compare
from openness.render.html import render_report

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]

pytestmark = pytest.mark.slow


def find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if os.access("/usr/bin/chromium", os.X_OK) else None


@pytest.fixture(scope="module")
def browser():
    found = find_chromium()
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed; CI needs it for the browser tests (apt-get install chromium)")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    return found


@pytest.fixture(scope="module")
def rubrics():
    from openness.rubric import available, load_rubric

    return [load_rubric(n) for n in available()]


@pytest.fixture(scope="module")
def report(tmp_path_factory, catalog, rubrics) -> Path:
    path = tmp_path_factory.mktemp("report") / "report.html"
    path.write_text(render_report(list(catalog.models), rubrics), encoding="utf-8")
    return path


def chromium(binary: str, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    with tempfile.TemporaryDirectory(prefix="openness-chromium-") as profile:
        proc = subprocess.run([binary, *FLAGS, f"--user-data-dir={profile}", *args], capture_output=True, text=True, timeout=timeout)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc


def dump_dom(binary: str, url: str) -> str:
    return chromium(binary, "--dump-dom", url).stdout


class Heatmaps(HTMLParser):
    """From a DOM: per heatmap (by rubric), its rows in order: (model id, cells with class c)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.tables: dict[str, dict[str, object]] = {}
        self._table: dict[str, object] | None = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table" and "heat" in (a.get("class") or "").split():
            self._table = {"rows": [], "sorted": a.get("data-sorted"), "aria": {}}
            self.tables[a["data-rubric"]] = self._table
        elif self._table is not None and tag == "tr" and "data-model" in a:
            self._table["rows"].append([a["data-model"], 0])
        elif self._table is not None and tag == "td" and "c" in (a.get("class") or "").split():
            self._table["rows"][-1][1] += 1
        elif self._table is not None and tag == "th" and a.get("data-col"):
            self._table["aria"][a["data-col"]] = a.get("aria-sort")

    def handle_endtag(self, tag):
        if tag == "table":
            self._table = None

    def order(self, rubric: str) -> list[str]:
        return [m for m, _ in self.tables[rubric]["rows"]]


def expected(models, rubric, column: str, direction: str, start: list[str] | None = None) -> list[str]:
    """The order the page's sort should give from the ranked order (or ``start``): stable, numeric, unknown last."""
    cards = [cards[0] for cards in compare(models, rubric).rows]
    if start is not None:
        cards.sort(key=lambda c: start.index(c.model_id))

    def key(card):
        if column == "total":
            return None if card.total is None else round(card.total, 4)
        r = card.result(column)
        return round(r.points, 4) if r.known else None

    known = [c for c in cards if key(c) is not None]
    unknown = [c for c in cards if key(c) is None]
    known = sorted(known, key=lambda c: key(c) if direction == "asc" else -key(c))
    return [c.model_id for c in known + unknown]


def test_static_dom_has_a_cell_per_model_and_criterion(browser, report, catalog, rubrics):
    dom = Heatmaps(dump_dom(browser, report.as_uri()))
    assert list(dom.tables) == [r.id for r in rubrics]
    for r in rubrics:
        rows = dom.tables[r.id]["rows"]
        assert sorted(m for m, _ in rows) == sorted(m.id for m in catalog.models)
        assert all(n == len(r.criteria) for _, n in rows), r.id
        assert dom.order(r.id) == [c[0].model_id for c in compare(list(catalog.models), r).rows]  # ranked


@pytest.mark.parametrize(
    "rubric, column, direction",
    [("articles", "total", "asc"), ("articles", "weights", "desc"), ("mof", "architecture", "asc"), ("commercial", "total", "desc")],
)
def test_a_sort_fragment_reorders_rows_on_load(browser, report, catalog, rubrics, rubric, column, direction):
    (r,) = [x for x in rubrics if x.id == rubric]
    dom = Heatmaps(dump_dom(browser, f"{report.as_uri()}#sort={rubric}:{column}:{direction}"))
    want = expected(list(catalog.models), r, column, direction)
    assert dom.order(rubric) == want
    assert dom.tables[rubric]["sorted"] == f"{column}:{direction}"
    assert dom.tables[rubric]["aria"][column] == ("ascending" if direction == "asc" else "descending")
    if want != [c[0].model_id for c in compare(list(catalog.models), r).rows]:
        assert want != Heatmaps(report.read_text(encoding="utf-8")).order(rubric)  # the sort did something
    others = [x.id for x in rubrics if x.id != rubric]
    static = Heatmaps(report.read_text(encoding="utf-8"))
    assert all(dom.order(o) == static.order(o) for o in others)


# --------------------------------------------------------------------------- DevTools over a pipe


class DevTools:
    """Chromium with --remote-debugging-pipe: JSON messages ending in NUL on fds 3 (in) and 4 (out)."""

    def __init__(self, binary: str, profile: str) -> None:
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()

        def wire() -> None:  # in the child: its fd 3 reads our commands, fd 4 writes replies
            a = fcntl.fcntl(to_child_r, fcntl.F_DUPFD, 10)
            b = fcntl.fcntl(from_child_w, fcntl.F_DUPFD, 10)
            os.dup2(a, 3)
            os.dup2(b, 4)

        self.proc = subprocess.Popen(
            [binary, *FLAGS, f"--user-data-dir={profile}", "--remote-debugging-pipe", "about:blank"],
            preexec_fn=wire,
            pass_fds=(3, 4),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(to_child_r)
        os.close(from_child_w)
        self._buf = b""
        self._id = 0
        self.events: list[dict] = []
        self.session: str | None = None

    def call(self, method: str, params: dict | None = None, timeout: float = 60) -> dict:
        self._id += 1
        msg: dict = {"id": self._id, "method": method, "params": params or {}}
        if self.session and not method.startswith(("Target.", "Browser.")):
            msg["sessionId"] = self.session
        os.write(self._to_child, json.dumps(msg).encode() + b"\0")
        end = time.monotonic() + timeout
        while True:
            while b"\0" in self._buf:
                raw, _, self._buf = self._buf.partition(b"\0")
                reply = json.loads(raw)
                if reply.get("id") == self._id:
                    assert "error" not in reply, reply
                    return reply["result"]
                if "method" in reply:
                    self.events.append(reply)
            left = end - time.monotonic()
            if left <= 0:
                raise TimeoutError(method)
            ready, _, _ = select.select([self._from_child], [], [], left)
            if ready:
                chunk = os.read(self._from_child, 1 << 16)
                if not chunk:
                    raise EOFError("chromium closed the pipe")
                self._buf += chunk

    def open(self, url: str) -> None:
        targets = self.call("Target.getTargets")["targetInfos"]
        page = next(t["targetId"] for t in targets if t["type"] == "page")
        self.session = self.call("Target.attachToTarget", {"targetId": page, "flatten": True})["sessionId"]
        self.call("Runtime.enable")
        self.call("Page.navigate", {"url": url})
        end = time.monotonic() + 60
        while self.js("document.readyState") != "complete":
            assert time.monotonic() < end, "the page did not load"
            time.sleep(0.05)

    def js(self, expression: str):
        result = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        assert "exceptionDetails" not in result, result
        return result["result"].get("value")

    def close(self) -> None:
        try:
            self.call("Browser.close", timeout=10)
        except (OSError, EOFError, TimeoutError):
            pass
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self._to_child)
        os.close(self._from_child)


@pytest.fixture
def devtools(browser, tmp_path):
    tools = DevTools(browser, str(tmp_path / "profile"))
    yield tools
    tools.close()


def test_clicking_a_header_sorts_like_the_fragment_and_a_cell_opens_its_evidence(devtools, browser, report, catalog, rubrics):
    devtools.open(report.as_uri())
    rows = "Array.from(document.querySelectorAll('table.heat[data-rubric=\"articles\"] tbody tr')).map(r => r.getAttribute('data-model'))"
    header = 'document.querySelector(\'table.heat[data-rubric="articles"] th[data-col="{}"] button\').click()'
    (articles,) = [r for r in rubrics if r.id == "articles"]
    models = list(catalog.models)

    devtools.js(header.format("total"))  # first click on a number column: highest first
    assert devtools.js(rows) == expected(models, articles, "total", "desc")
    assert devtools.js("location.hash") == "#sort=articles:total:desc"
    devtools.js(header.format("total"))  # second click: the other way
    clicked = devtools.js(rows)
    assert clicked == expected(models, articles, "total", "asc")
    # the fragment the click left behind gives the same order in a fresh page
    assert Heatmaps(dump_dom(browser, f"{report.as_uri()}#sort=articles:total:asc")).order("articles") == clicked

    devtools.js(header.format("weights"))  # stable: ties keep the order they had (total, lowest first)
    assert devtools.js(rows) == expected(models, articles, "weights", "desc", start=clicked)
    assert devtools.js(rows) != expected(models, articles, "weights", "desc")

    # a click on a cell fills the details panel with the value and the facts' evidence
    panel = "document.getElementById('panel-r-articles')"
    assert devtools.js(f"{panel}.hidden") is True
    devtools.js('document.querySelector(\'table.heat[data-rubric="articles"] tr[data-model="llama-2"] td.c\').click()')
    assert devtools.js(f"{panel}.hidden") is False
    text = devtools.js(f"{panel}.innerText")
    weights = catalog.model("llama-2").fact("access.weights")
    assert "Llama 2" in text and weights.display in text
    assert weights.evidence[0].quote[:50] in " ".join(text.split())
    assert devtools.js(f"{panel}.querySelectorAll('[id]').length") == 0  # copies carry no duplicate ids
    errors = [e for e in devtools.events if e.get("method") == "Runtime.exceptionThrown"]
    assert not errors, errors


# --------------------------------------------------------------------------- screenshot


def png_pixels(data: bytes, max_rows: int | None = None) -> tuple[int, int, set[bytes]]:
    """Width, height and the distinct pixel colours of an 8-bit RGB(A) PNG (stdlib only)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, header = 8, b"", None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            break
    assert header is not None
    width, height, depth, ctype, _, _, interlace = header
    assert depth == 8 and ctype in (2, 6) and interlace == 0, header
    bpp = 3 if ctype == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * bpp
    prev = bytearray(stride)
    colours: set[bytes] = set()
    rows = height if max_rows is None else min(height, max_rows)
    for y in range(rows):
        start = y * (stride + 1)
        ftype, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        if ftype == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 0xFF
        elif ftype == 2:
            line = bytearray((a + b) & 0xFF for a, b in zip(line, prev))
        elif ftype == 3:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 0xFF
        elif ftype == 4:
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b = prev[i]
                c = prev[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        else:
            assert ftype == 0, ftype
        colours.update(bytes(line[i : i + bpp]) for i in range(0, stride, bpp))
        prev = line
    return width, height, colours


def test_png_decoder_on_a_known_image():
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    rows = b"\x00" + b"\xff\x00\x00" * 2 + b"\x01" + b"\x00\x00\xff" + b"\x00\xff\x00"  # 2x2: red red / blue (blue+green)
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")
    assert png_pixels(png) == (2, 2, {b"\xff\x00\x00", b"\x00\x00\xff", b"\x00\xff\xff"})


def test_a_screenshot_is_not_blank(browser, report, tmp_path):
    shot = tmp_path / "report.png"
    chromium(browser, f"--screenshot={shot}", "--window-size=1280,2000", report.as_uri())
    width, height, colours = png_pixels(shot.read_bytes(), max_rows=900)
    assert (width, height) == (1280, 2000)
    assert len(colours) > 1, "the screenshot is blank"
    assert len(colours) > 20  # text, heat colours, hatching: a page, not a flat fill
