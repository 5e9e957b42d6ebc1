"""``openness report``: one self-contained static HTML page people would rather look at.

The page carries everything inline (CSS, a small script, SVG charts): it loads nothing from
the network and works opened from ``file://`` offline.  A Content-Security-Policy in the page
allows only its own style and script (by hash), so even a string that escaped escaping could
not run.  Every string from a data file is HTML-escaped; links are made only for ``https://``
sources.  The same input gives byte-identical output: no timestamps, sorted iteration.

What the page holds, per rubric: a heatmap (models x criteria, coloured by the share of a
criterion's points earned, unknown hatched grey), totals with grade or tier, an SVG bar chart of
the totals, and the rubric's criteria with weights and the passages behind them.  Per model: its
facts with evidence quotes and sources (conflicts marked), its license terms, and (when
:mod:`openness.usecase` is available) verdicts for a few standard use cases.

Sorting: every heatmap column sorts when its header is clicked (stable, numeric-aware, unknown
last); a fragment ``#sort=<rubric>:<column>[:asc|:desc]`` applies the same sort on load.
"""

from __future__ import annotations

import base64
import hashlib
import html
from collections.abc import Callable, Iterable, Mapping, Sequence

from openness.records import Claim, Evidence, Fact, Model
from openness.render import fmt_number
from openness.rubric import Criterion, Rubric
from openness.scoring import CriterionResult, Scorecard

TYPE_CHECKING = False  # typing's own flag, without importing typing at run time
if TYPE_CHECKING:
    from typing import Any

#: The use cases each model section checks (when openness.usecase is importable): label, use case.
STANDARD_USECASES: tuple[tuple[str, dict[str, Any]], ...] = (
    ("commercial", {"commercial": True}),
    ("fine-tune", {"fine_tune": True}),
    ("distill", {"distill": True}),
    ("self-host", {"self_host": True}),
    ("redistribute", {"redistribute": True}),
    ("production", {"production": True}),
    ("in the EU", {"territory": ["EU"]}),
)

#: Colour buckets: a score in [0, 1] is shown in one of 11 colours, red (0) to green (1).
BUCKETS = 10


def e(text: Any) -> str:
    """HTML-escape any text from a data file (quotes too: safe in attributes)."""
    return html.escape("" if text is None else str(text), quote=True)


def _anchor(prefix: str, ident: str) -> str:
    """An element id for a record id: one id per record (other characters are written _hex_)."""
    safe = "".join(ch if (ch.isascii() and ch.isalnum()) or ch in ".-" else f"_{ord(ch):x}_" for ch in ident)
    return e(f"{prefix}-{safe}")


def _short(text: str, size: int = 240) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= size else text[: size - 1] + "…"


def link(url: str, text: str | None = None) -> str:
    """A link for https:// addresses; any other source is shown as text."""
    label = e(url if text is None else text)
    if isinstance(url, str) and url.startswith("https://") and not any(ch.isspace() for ch in url):
        return f'<a href="{e(url)}" rel="noopener noreferrer">{label}</a>'
    return f'<span class="src">{label}</span>'


def bucket(fraction: float | None) -> int:
    """The colour bucket (0 … BUCKETS) of a fraction in [0, 1]."""
    if fraction is None:
        return 0
    return max(0, min(BUCKETS, int(round(fraction * BUCKETS + 1e-9))))


def _hue(k: int) -> int:
    return 4 + (126 * k) // BUCKETS


def _num(x: float, nd: int = 1) -> str:
    return f"{x + 0.0:.{nd}f}"


# --------------------------------------------------------------------------- style and script


def _css() -> str:
    cells = "\n".join(f".s{k}{{background:hsl({_hue(k)},62%,{82 - k // 3}%)}}" for k in range(BUCKETS + 1))
    return (
        """
:root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--bg:#fff;--soft:#f6f8fa;--accent:#0550ae}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:var(--bg)}
header.top{padding:20px 28px 12px;border-bottom:1px solid var(--line);background:var(--soft)}
header.top h1{margin:0 0 4px;font-size:22px}
header.top p{margin:4px 0;color:var(--muted)}
nav a{margin-right:12px}
main{padding:8px 28px 40px;max-width:1800px}
a{color:var(--accent)}
h2{margin:32px 0 6px;font-size:19px;border-bottom:1px solid var(--line);padding-bottom:4px}
h3{margin:18px 0 6px;font-size:16px}
h4{margin:14px 0 4px;font-size:14px}
.muted,small{color:var(--muted)}
.legend{display:flex;gap:6px;align-items:center;flex-wrap:wrap;margin:8px 0;font-size:12px}
.legend span.sw{display:inline-block;min-width:34px;padding:1px 4px!important;text-align:center;border:1px solid var(--line);border-radius:3px;padding:1px 0}
.scroll{overflow-x:auto;border:1px solid var(--line);border-radius:6px}
table{border-collapse:collapse}
table.heat{font-size:12px;font-variant-numeric:tabular-nums}
table.heat th,table.heat td{border:1px solid #fff;padding:3px 5px;white-space:nowrap}
table.heat thead th{background:var(--soft);vertical-align:bottom;position:sticky;top:0;z-index:1}
table.heat thead th button{all:unset;cursor:pointer;display:block}
table.heat thead th button:focus-visible{outline:2px solid var(--accent)}
table.heat thead th.crit span{writing-mode:vertical-rl;transform:rotate(180deg);display:inline-block;max-height:190px;overflow:hidden;text-overflow:ellipsis}
table.heat th[aria-sort=ascending] button::after{content:" \\25B2";font-size:9px}
table.heat th[aria-sort=descending] button::after{content:" \\25BC";font-size:9px}
table.heat tbody th{text-align:left;font-weight:500;background:var(--bg);position:sticky;left:0;z-index:0;max-width:15em;overflow:hidden;text-overflow:ellipsis}
table.heat td{text-align:right}
table.heat td.c{cursor:pointer;min-width:3.4em}
table.heat td.c:focus-visible,table.heat td.sel{outline:2px solid var(--fg);outline-offset:-2px}
table.heat td.tot{font-weight:700}
table.heat td.lab{text-align:left}
.unk{background:repeating-linear-gradient(135deg,#e6e8eb 0 4px,#f7f8f9 4px 8px);color:#4d555e;font-style:italic}
"""
        + cells
        + """
.panel{margin:10px 0;padding:10px 14px;border:1px solid var(--line);border-left:4px solid var(--accent);border-radius:6px;background:var(--soft);max-width:1100px}
.panel h4{margin-top:0}
.panel p{margin:2px 0}
dl.kv{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:4px 0}
dl.kv dt{color:var(--muted)}
dl.kv dd{margin:0}
ul.ev{margin:4px 0;padding-left:18px}
ul.ev li{margin:3px 0}
q{font-style:italic}
.tag{font-size:11px;color:var(--muted);border:1px solid var(--line);border-radius:8px;padding:0 5px;margin-left:4px}
.conflict{color:#8c1d18}
.conflict .flag,.flag{font-weight:700;color:#8c1d18}
table.facts{width:100%;max-width:1300px;font-size:13px}
table.facts th,table.facts td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
table.facts th{background:var(--soft)}
table.facts td.path{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;white-space:nowrap}
table.facts tr.conflict td{background:#fff5f4}
ul.ev a,ul.ev .src{overflow-wrap:anywhere}
table.crit{table-layout:fixed;min-width:1100px}
table.crit td{overflow-wrap:anywhere}
table.crit th:nth-child(1){width:12%}
table.crit th:nth-child(2){width:17%}
table.crit th:nth-child(3){width:7%}
table.crit th:nth-child(4){width:18%}
table.crit th:nth-child(5){width:18%}
table.facts td.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px}
details.model{border:1px solid var(--line);border-radius:6px;margin:8px 0;padding:0 14px}
details.model[open]{padding-bottom:12px}
details.model>summary{cursor:pointer;padding:8px 0;font-weight:600}
details.model>summary .sum{font-weight:400;color:var(--muted);margin-left:8px}
.v{display:inline-block;padding:1px 8px;border-radius:10px;font-weight:600;font-size:12px}
.v-allowed{background:#d3f2dc;color:#0f5323}
.v-conditional{background:#fff0c2;color:#6b4a00}
.v-unknown{background:repeating-linear-gradient(135deg,#e6e8eb 0 4px,#f7f8f9 4px 8px);color:#4d555e}
.v-blocked{background:#fbd5d2;color:#8c1d18}
table.uc td,table.uc th{padding:3px 10px 3px 0;text-align:left}
svg.bars{max-width:100%;height:auto}
svg.bars text{font:12px system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;fill:#1f2328}
svg.bars text.u{fill:#59636e;font-style:italic}
footer{padding:16px 28px;color:var(--muted);border-top:1px solid var(--line)}
@media print{table.heat thead th{position:static}.panel{display:none}}
"""
    )


#: The page's script: sorting (clicks and the #sort= fragment share sortTable), the details panel.
SCRIPT = r"""
(function () {
  "use strict";
  function sortKey(row, i) {
    var c = row.cells[i];
    var k = c ? c.getAttribute("data-sort") : null;
    return k === null || k === "" ? null : k;
  }
  function compareKeys(a, b) {
    var x = Number(a), y = Number(b);
    if (a.trim() !== "" && b.trim() !== "" && isFinite(x) && isFinite(y)) return x - y;
    return a.localeCompare(b, undefined, {numeric: true, sensitivity: "base"});
  }
  /* Sort a heatmap by one column: stable, numeric-aware, unknown (no data-sort) always last. */
  function sortTable(table, col, dir) {
    var heads = table.tHead.rows[0].cells, idx = -1, j;
    for (j = 0; j < heads.length; j++) if (heads[j].getAttribute("data-col") === col) idx = j;
    if (idx < 0) return false;
    dir = dir === "asc" ? "asc" : "desc";
    var body = table.tBodies[0];
    var items = Array.prototype.map.call(body.rows, function (r, n) { return {r: r, n: n, k: sortKey(r, idx)}; });
    items.sort(function (a, b) {
      if (a.k === null || b.k === null) return a.k === b.k ? a.n - b.n : (a.k === null ? 1 : -1);
      var c = compareKeys(a.k, b.k);
      if (dir === "desc") c = -c;
      return c || a.n - b.n;
    });
    items.forEach(function (it) { body.appendChild(it.r); });
    for (j = 0; j < heads.length; j++) {
      if (heads[j].hasAttribute("data-col")) heads[j].setAttribute("aria-sort", j === idx ? (dir === "asc" ? "ascending" : "descending") : "none");
    }
    table.setAttribute("data-sorted", col + ":" + dir);
    return true;
  }
  function tableFor(rubric) {
    var all = document.querySelectorAll("table.heat");
    for (var i = 0; i < all.length; i++) if (all[i].getAttribute("data-rubric") === rubric) return all[i];
    return null;
  }
  function applyHash() {
    var h;
    try { h = decodeURIComponent(location.hash.slice(1)); } catch (err) { return; }
    h.split("&").forEach(function (part) {
      var m = /^sort=([^:]+):([^:]+)(?::(asc|desc))?$/.exec(part);
      if (m) {
        var t = tableFor(m[1]);
        if (t) sortTable(t, m[2], m[3] || "asc");
        return;
      }
      var el = part ? document.getElementById(part) : null;
      if (el && el.tagName === "DETAILS") el.open = true;
    });
  }
  function onHeader(th) {
    var table = th.closest("table"), col = th.getAttribute("data-col");
    var cur = (table.getAttribute("data-sorted") || "").split(":");
    var dir = cur[0] === col ? (cur[1] === "desc" ? "asc" : "desc") : (th.getAttribute("data-first") || "desc");
    sortTable(table, col, dir);
    try { history.replaceState(null, "", "#sort=" + table.getAttribute("data-rubric") + ":" + col + ":" + dir); } catch (err) { /* file:// in some browsers */ }
  }
  function onCell(td) {
    var table = td.closest("table");
    var panel = document.getElementById(table.getAttribute("data-panel"));
    if (!panel) return;
    var lines = (td.getAttribute("title") || "").split("\n");
    var head = document.createElement("h4");
    head.textContent = lines.shift();
    panel.replaceChildren(head);
    lines.forEach(function (line) {
      var p = document.createElement("p");
      p.textContent = line;
      panel.appendChild(p);
    });
    /* the evidence: the model section's rows for the facts this criterion read */
    var ids = (td.getAttribute("data-facts") || "").split(" "), body = document.createElement("tbody");
    ids.forEach(function (id) {
      var row = id ? document.getElementById(id) : null;
      if (!row) return;
      var copy = row.cloneNode(true);
      copy.removeAttribute("id");
      body.appendChild(copy);
    });
    if (!body.rows.length) {
      var none = document.createElement("p");
      none.className = "muted";
      none.textContent = "No evidence: nobody could source this fact.";
      panel.appendChild(none);
    } else {
      var t = document.createElement("table");
      t.className = "facts";
      t.appendChild(body);
      panel.appendChild(t);
    }
    panel.hidden = false;
    var prev = table.querySelector("td.sel");
    if (prev) prev.classList.remove("sel");
    td.classList.add("sel");
  }
  document.addEventListener("click", function (ev) {
    var th = ev.target.closest("table.heat thead th[data-col]");
    if (th) { onHeader(th); return; }
    var td = ev.target.closest("table.heat td.c");
    if (td) onCell(td);
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key !== "Enter" && ev.key !== " ") return;
    var td = ev.target.closest && ev.target.closest("table.heat td.c");
    if (td) { ev.preventDefault(); onCell(td); }
  });
  window.addEventListener("hashchange", applyHash);
  window.opennessSort = function (rubric, col, dir) { var t = tableFor(rubric); return t ? sortTable(t, col, dir) : false; };
  applyHash();
})();
"""


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


# --------------------------------------------------------------------------- pieces


def _evidence_items(evidence: Iterable[Evidence]) -> list[str]:
    out = []
    for ev in evidence:
        where = link(ev.source) + (f" <small>({e(ev.locator)})</small>" if ev.locator else "")
        kind = "primary" if ev.primary else "article"
        out.append(f'<li><q>{e(ev.quote)}</q> — {where}<span class="tag">{kind}</span></li>')
    return out


def _conflict_items(claims: Iterable[Claim]) -> list[str]:
    out = []
    for c in claims:
        ev = c.evidence
        out.append(
            f'<li class="conflict"><span class="flag">conflict:</span> {e(c.claim)} <q>{e(ev.quote)}</q> — {link(ev.source)}'
            '<span class="tag">article; the primary text wins</span></li>'
        )
    return out


def _evidence_list(evidence: Iterable[Evidence], claims: Iterable[Claim] = ()) -> str:
    items = _evidence_items(evidence) + _conflict_items(claims)
    return f'<ul class="ev">{"".join(items)}</ul>' if items else ""


def _cell_title(model_name: str, r: CriterionResult) -> str:
    """The hover text; the details panel shows the same lines, then the facts' evidence rows."""
    lines = [f"{model_name} — {r.title} ({r.id}, weight {r.weight:g})", f"{', '.join(r.facts)} = {r.value}"]
    if r.status == "excluded":
        lines.append("unknown: left out of the total")
    else:
        lines.append(f"points: {fmt_number(r.points)} of {fmt_number(r.max_points)}" + ("" if r.known else " (unknown)"))
    lines.append(r.detail)
    if r.evidence:
        lines.append(f"“{_short(r.evidence[0].quote)}” — {r.evidence[0].source}")
    if r.conflicts:
        lines.append(f"CONFLICT: {r.conflicts[0].claim}")
    return "\n".join(lines)


def _fact_row_ids(model: Model | None, paths: Iterable[str]) -> str:
    """The ids of the model-section rows that hold the facts a criterion read (its evidence)."""
    if model is None:
        return ""
    facts = model.all_facts
    out: list[str] = []
    for p in paths:
        head = p if p in facts else p.rpartition(".")[0]
        if head in facts:
            ident = _anchor("f", f"{model.id}/{head}")
            if ident not in out:
                out.append(ident)
    return " ".join(out)


def _label_order(rubric: Rubric, card: Scorecard) -> str:
    """A sort key for the grade or tier column: higher is better."""
    if rubric.tiers:
        labels = [t.label for t in rubric.tiers]
        return str(labels.index(card.tier) + 1) if card.tier in labels else "0"
    labels = [g.label for g in rubric.grades]  # best first
    if card.grade in labels:
        return str(len(labels) - labels.index(card.grade))
    return ""


def _heatmap(rubric: Rubric, cards: Sequence[Scorecard], models: Mapping[str, Model]) -> str:
    rid = rubric.id
    label = "class" if rubric.tiers else "grade"
    panel = f"panel-{_anchor('r', rid)}"
    head = [
        '<th data-col="rank" data-first="asc" aria-sort="ascending" title="rank by total"><button type="button">#</button></th>',
        '<th data-col="model" data-first="asc" aria-sort="none"><button type="button">model</button></th>',
    ]
    for c in rubric.criteria:
        maxes = sorted({_num(card.result(c.id).max_points) for card in cards})
        tip = f"{c.title} ({c.id}); weight {c.weight:g}" + (f"; up to {maxes[0]} points" if len(maxes) == 1 else "")
        head.append(f'<th class="crit" data-col="{e(c.id)}" aria-sort="none" title="{e(tip)}"><button type="button"><span>{e(c.id)}</span></button></th>')
    head += [
        '<th data-col="total" aria-sort="none" title="total on 0-100"><button type="button">total</button></th>',
        f'<th data-col="label" aria-sort="none"><button type="button">{label}</button></th>',
        '<th data-col="unknown" aria-sort="none" title="criteria whose facts are unknown"><button type="button">unknown</button></th>',
    ]
    rows = []
    for n, card in enumerate(cards, 1):
        cells = [
            f'<td data-sort="{n}">{n}</td>',
            f'<th scope="row" data-sort="{e(card.model_name)}" title="{e(card.model_id)}"><a href="#{_anchor("model", card.model_id)}">{e(card.model_name)}</a></th>',
        ]
        for r in card.results:
            title = e(_cell_title(card.model_name, r))
            rows_ids = _fact_row_ids(models.get(card.model_id), r.facts)
            facts = f' data-facts="{rows_ids}"' if rows_ids else ""
            if not r.known:
                cells.append(f'<td class="c unk" tabindex="0" data-sort=""{facts} title="{title}">unknown</td>')
            else:
                k = bucket(r.score)
                cells.append(f'<td class="c s{k}" tabindex="0" data-sort="{_num(r.points, 4)}"{facts} title="{title}">{fmt_number(r.points)}</td>')
        if card.total is None:
            cells.append('<td class="tot unk" data-sort="">unknown</td>')
        else:
            cells.append(f'<td class="tot s{bucket(card.total / 100)}" data-sort="{_num(card.total, 4)}">{fmt_number(card.total)}</td>')
        lab = card.label
        cells.append(f'<td class="lab" data-sort="{_label_order(rubric, card)}">{e(lab)}</td>')
        cells.append(f'<td data-sort="{card.unknown}">{card.unknown}</td>')
        rows.append(f'<tr data-model="{e(card.model_id)}">{"".join(cells)}</tr>')
    table = (
        f'<div class="scroll"><table class="heat" id="heat-{_anchor("r", rid)}" data-rubric="{e(rid)}" data-panel="{panel}" data-sorted="rank:asc">'
        f"<thead><tr>{''.join(head)}</tr></thead><tbody>\n" + "\n".join(rows) + "\n</tbody></table></div>"
    )
    hint = '<p class="muted">Click a cell for its value and evidence; click a column header to sort (unknown stays last).</p>'
    return table + f'\n<div class="panel" id="{panel}" hidden></div>\n' + hint


def _bar_chart(rubric: Rubric, cards: Sequence[Scorecard]) -> str:
    left, bar_w, row_h, top = 270, 460, 20, 8
    width = left + bar_w + 60
    height = top * 2 + row_h * len(cards)
    title = f"Totals under {rubric.title}"
    parts = [
        f'<svg class="bars" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" aria-label="{e(title)}">',
        f"<title>{e(title)}</title>",
    ]
    for i in range(0, 101, 25):
        x = left + bar_w * i // 100
        parts.append(f'<line x1="{x}" y1="{top - 4}" x2="{x}" y2="{height - top + 2}" stroke="#d1d9e0" stroke-width="1"/>')
    for i, card in enumerate(cards):
        y = top + i * row_h
        name = card.model_name if len(card.model_name) <= 40 else card.model_name[:39] + "…"
        parts.append(f'<text x="{left - 8}" y="{y + 14}" text-anchor="end">{e(name)}</text>')
        if card.total is None:
            parts.append(f'<text class="u" x="{left + 4}" y="{y + 14}">unknown</text>')
            continue
        w = _num(bar_w * card.total / 100, 1)
        k = bucket(card.total / 100)
        parts.append(
            f'<rect x="{left}" y="{y + 3}" width="{w}" height="{row_h - 6}" rx="2" fill="hsl({_hue(k)},55%,52%)">'
            f"<title>{e(card.model_name)}: {fmt_number(card.total)}{(' — ' + e(card.label)) if card.label else ''}</title></rect>"
        )
        parts.append(f'<text x="{_num(left + bar_w * card.total / 100 + 6, 1)}" y="{y + 14}">{fmt_number(card.total)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _scoring_text(c: Criterion) -> str:
    if c.kind == "levels":
        text = ", ".join(f"{k} → {v:g}" for k, v in c.levels.items())
        return text + (f", otherwise → {c.otherwise:g}" if c.otherwise is not None else "")
    if c.kind == "bands":
        return ", ".join(f"≥ {b.min:g}{' (' + b.label + ')' if b.label else ''} → {b.score:g}" for b in c.bands)
    if c.kind == "presence":
        return f"present → {c.present:g}, absent → {c.absent:g}"
    word = "all of" if c.kind == "all_of" else "any of"
    return f"{word}: " + "; ".join(cond.describe() for cond in c.conditions)


def _criteria_table(rubric: Rubric, cards: Sequence[Scorecard]) -> str:
    total_weight = sum(c.weight for c in rubric.criteria) or 1.0
    rows = []
    for c in rubric.criteria:
        unknown = c.unknown if c.unknown is not None else rubric.unknown
        unknown_text = unknown if isinstance(unknown, str) else f"{unknown:g}"
        why = _evidence_list(c.why) or '<span class="muted">no passage given</span>'
        desc = f"<p>{e(c.description)}</p>" if c.description else ""
        rows.append(
            f'<tr id="{_anchor("crit", f"{rubric.id}/{c.id}")}"><td class="path">{e(c.id)}</td><td><strong>{e(c.title)}</strong>'
            + (f" <small>({e(c.group)})</small>" if c.group else "")
            + f"{desc}</td><td>{e(f'{c.weight:g}')} <small>({_num(100 * c.weight / total_weight)}%)</small></td>"
            f'<td class="mono">{"<br>".join(e(f) for f in c.facts_read)}</td><td>{e(_scoring_text(c))}<br><small>unknown counts as: {e(unknown_text)}</small></td><td>{why}</td></tr>'
        )
    return (
        '<div class="scroll"><table class="facts crit"><thead><tr><th>criterion</th><th>title</th><th>weight</th><th>reads</th><th>scoring</th>'
        "<th>why (the passages behind it)</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table></div>"
    )


def _labels(rubric: Rubric) -> str:
    if rubric.tiers:
        items = "".join(
            f"<li><strong>{e(t.label)}</strong>: every one of {e(', '.join(t.requires))} scores in full (with every lower tier)"
            + (f" — {e(t.description)}" if t.description else "")
            + "</li>"
            for t in rubric.tiers
        )
        return f"<h4>Tiers (cumulative, lowest first)</h4><ul>{items}</ul>"
    if rubric.grades:
        items = "".join(f"<li><strong>{e(g.label)}</strong>: total ≥ {e(f'{g.min:g}')}</li>" for g in rubric.grades)
        return f"<h4>Grades</h4><ul>{items}</ul>"
    return ""


def _rubric_section(rubric: Rubric, cards: Sequence[Scorecard], models: Mapping[str, Model]) -> str:
    rid = rubric.id
    meta = []
    if rubric.version:
        meta.append(f"version {e(rubric.version)}")
    if rubric.url:
        meta.append(link(rubric.url))
    meta.append(f"{len(rubric.criteria)} criteria")
    unknown = rubric.unknown if isinstance(rubric.unknown, str) else f"{rubric.unknown:g}"
    meta.append(f"unknown counts as: {e(unknown)}")
    parts = [
        f'<section class="rubric" id="{_anchor("r", rid)}">',
        f"<h2>{e(rubric.title)} <small>({e(rid)})</small></h2>",
        f'<p class="muted">{" · ".join(meta)}</p>',
        _heatmap(rubric, cards, models),
        "<h3>Totals</h3>",
        _bar_chart(rubric, cards),
        '<details class="criteria" open><summary><strong>Criteria, weights and why</strong></summary>',
        f"<p>{e(rubric.description)}</p>" if rubric.description else "",
        _criteria_table(rubric, cards),
        _labels(rubric),
    ]
    if rubric.sources:
        parts.append("<h4>Sources</h4>" + _evidence_list(rubric.sources))
    parts.append("</details></section>")
    return "\n".join(p for p in parts if p)


def _fact_rows(facts: Mapping[str, Fact], model_id: str, strip: str = "") -> str:
    rows = []
    for path, f in facts.items():
        shown = path[len(strip) :] if strip and path.startswith(strip) else path
        cls = ' class="conflict"' if f.claims else ""
        if f.known:
            value = e(f.display)
        else:
            value = f'<span class="v v-unknown">unknown</span> <small>{e(f.unknown)}</small>'
        flag = ' <span class="flag">⚠ conflict</span>' if f.claims else ""
        note = f'<p class="muted">note: {e(f.note)}</p>' if f.note else ""
        inherited = getattr(f, "inherited", None)
        if inherited is not None:
            note += f'<p class="muted">{e(inherited.text)}, under {e(inherited.license_name)}</p>'
        ident = _anchor("f", f"{model_id}/{path}")
        rows.append(f'<tr id="{ident}"{cls}><td class="path">{e(shown)}{flag}</td><td>{value}</td><td>{_evidence_list(f.evidence, f.claims)}{note}</td></tr>')
    if not rows:
        return '<p class="muted">none recorded</p>'
    return '<table class="facts"><thead><tr><th>fact</th><th>value</th><th>evidence</th></tr></thead><tbody>' + "".join(rows) + "</tbody></table>"


def _usecase_checker() -> Callable[[Model], list[tuple[str, Any]]] | None:
    """Verdicts for the standard use cases, or None when openness.usecase is not available."""
    try:
        from openness.usecase import UseCase, check

        cases = [(label, UseCase.from_dict(spec)) for label, spec in STANDARD_USECASES]
    except Exception:  # noqa: BLE001 - another part of the project; the report does without it
        return None

    def run(model: Model) -> list[tuple[str, Any]]:
        return [(label, check(model, uc)) for label, uc in cases]

    return run


def _verdict_html(label: str, verdict: Any) -> str:
    overall = str(getattr(verdict, "overall", "unknown"))
    if overall not in ("allowed", "conditional", "unknown", "blocked"):
        overall = "unknown"
    reasons = []
    for r in getattr(verdict, "requirements", ()):
        reasons.append(f"{r.name}: {r.verdict} — {r.reason}")
        reasons += [f"must: {o}" for o in r.obligations]
        if r.evidence is not None:
            reasons.append(f"“{_short(r.evidence.quote)}” — {r.evidence.source}")
    return f'<td><span class="v v-{overall}" title="{e(chr(10).join(reasons))}">{overall}</span></td>'


def _model_section(model: Model, cards: Sequence[Scorecard], checker: Callable[[Model], list[tuple[str, Any]]] | None) -> str:
    summary = " · ".join(f"{e(c.rubric_id)} {fmt_number(c.total)}" + (f" {e(c.label)}" if c.label else "") for c in cards)
    parts = [
        f'<details class="model" id="{_anchor("model", model.id)}"><summary>{e(model.name)} <small>({e(model.id)})</small><span class="sum">{summary}</span></summary>'
    ]
    meta = []
    if model.family:
        meta.append(f"family {e(model.family)}")
    if model.aliases:
        meta.append("aliases: " + e(", ".join(model.aliases)))
    if model.hf_repos:
        meta.append("Hugging Face: " + ", ".join(link(f"https://huggingface.co/{r}", r) for r in model.hf_repos))
    if model.file:
        meta.append(f"file {e(model.file)}")
    if meta:
        parts.append(f'<p class="muted">{" · ".join(meta)}</p>')
    if model.notes:
        parts.append(f"<p>{e(model.notes)}</p>")
    parts.append(_lineage_html(model))
    if checker is not None:
        verdicts = checker(model)
        head = "".join(f"<th>{e(label)}</th>" for label, _ in verdicts)
        cells = "".join(_verdict_html(label, v) for label, v in verdicts)
        parts.append(
            '<h4>Use cases</h4><table class="uc"><thead><tr>' + head + "</tr></thead><tbody><tr>" + cells + "</tr></tbody></table>"
            '<p class="muted">Hover a verdict for the deciding clauses; <code>openness check</code> quotes them in full.</p>'
        )
    parts.append("<h4>Scores</h4><ul>")
    for c in cards:
        parts.append(
            f'<li><a href="#{_anchor("r", c.rubric_id)}">{e(c.rubric_title)}</a>: <strong>{fmt_number(c.total)}</strong>'
            + (f" — {e(c.label)}" if c.label else "")
            + f" <small>({c.unknown} unknown)</small></li>"
        )
    parts.append("</ul>")
    facts = model.all_facts
    own = {p: f for p, f in facts.items() if not p.startswith("license.")}
    parts.append("<h4>Facts</h4>" + _fact_rows(own, model.id))
    lic = model.license_record
    if lic is not None:
        terms = {p: f for p, f in facts.items() if p.startswith("license.") and not f.derived}
        lmeta = [link(lic.url), f"category {e(lic.category)}"]
        if lic.spdx:
            lmeta.append(f"SPDX {e(lic.spdx)}")
        if lic.version_date:
            lmeta.append(f"version {e(lic.version_date)}")
        parts.append(f"<h4>License: {e(lic.name)} <small>({e(lic.id)})</small></h4>" + f'<p class="muted">{" · ".join(lmeta)}</p>')
        if lic.notes:
            parts.append(f"<p>{e(lic.notes)}</p>")
        parts.append(_fact_rows(terms, model.id, "license."))
    else:
        parts.append('<h4>License</h4><p class="muted">no license record joined</p>')
    parts.append("</details>")
    return "\n".join(parts)


def _lineage_html(model: Model) -> str:
    """A derivative's lineage as paths (nearest base first), the obligations it inherits (its
    effective terms that came from a base), findings and declared-versus-inherited conflicts."""
    lin = getattr(model, "lineage", None)
    if lin is None or not lin.bases:
        return ""
    items = []
    for a in lin.ancestors:
        lic = f"{e(a.license.name)} ({e(a.license.id)})" if a.license is not None and a.unknown is None else f"unknown: {e(a.unknown)}"
        items.append(f'<li><span class="path">{e(model.id)} → {" → ".join(e(h.repo) for h in a.path)}</span> — {lic}</li>')
    record = model.license_record
    inherited = [(p, f) for p, f in (record.facts.items() if record is not None else ()) if f.inherited is not None]
    obligations = "".join(
        f"<li>{e(p)} = {e(f.display)}: {e(inh.text)}" + (f" — “{e(_short(f.evidence[0].quote))}”" if f.evidence else "") + "</li>"
        for p, f in inherited
        if (inh := f.inherited) is not None
    )
    found = "".join(f"<li>{e(f.code)}: {e(f.message)}</li>" for f in lin.findings)
    conflicts = "".join(f'<li class="conflict">declared versus inherited: {e(c.message)}</li>' for c in lin.conflicts)
    return (
        "<h4>Lineage</h4><ul>"
        + "".join(items)
        + "</ul>"
        + (f"<h4>Inherited obligations</h4><ul>{obligations}</ul>" if obligations else "")
        + (f"<ul>{found}{conflicts}</ul>" if found or conflicts else "")
    )


def _legend() -> str:
    sw = "".join(f'<span class="sw s{k}">{k / BUCKETS:.1f}</span>' for k in range(0, BUCKETS + 1, 2))
    return (
        f'<div class="legend"><span>share of a criterion\'s points earned:</span>{sw}'
        '<span class="sw unk">unknown</span><span class="muted">(unknown: no source could be found; hatched, never zero)</span></div>'
    )


# --------------------------------------------------------------------------- the page


def render_report(models: Sequence[Model], rubrics: Sequence[Rubric], *, title: str = "openness report", usecases: bool = True) -> str:
    """The whole page as one string (same input, same bytes)."""
    from openness import __version__
    from openness.comparison import compare

    if not rubrics:
        raise ValueError("a report needs at least one rubric")
    once: dict[str, Rubric] = {}
    for r in rubrics:  # each rubric once, in its first place
        once.setdefault(r.id, r)
    rubrics = list(once.values())
    per_rubric = [(r, [cards[0] for cards in compare(models, r).rows]) for r in rubrics]
    by_model: dict[str, list[Scorecard]] = {}
    for _, cards in per_rubric:
        for card in cards:
            by_model.setdefault(card.model_id, []).append(card)
    checker = _usecase_checker() if usecases else None
    css = _css()
    script = SCRIPT
    csp = f"default-src 'none'; style-src {_csp_hash(css)}; script-src {_csp_hash(script)}; img-src data:; base-uri 'none'; form-action 'none'"
    ordered = sorted(models, key=lambda m: (m.name.lower(), m.id))
    by_id = {m.id: m for m in ordered}
    nav = " ".join(f'<a href="#{_anchor("r", r.id)}">{e(r.id)}</a>' for r, _ in per_rubric) + ' <a href="#models">models</a>'
    body = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="openness {e(__version__)}">',
        f"<title>{e(title)}</title>",
        f"<style>{css}</style>",
        "</head>",
        "<body>",
        f'<header class="top"><h1>{e(title)}</h1>',
        f"<p>{len(models)} model{'s' if len(models) != 1 else ''} under {len(rubrics)} rubric{'s' if len(rubrics) != 1 else ''}. "
        "Every fact carries its source; a fact nobody could source is shown as <em>unknown</em>, never as zero.</p>",
        f"<nav>{nav}</nav>",
        _legend(),
        "</header>",
        "<main>",
    ]
    for rubric, cards in per_rubric:
        body.append(_rubric_section(rubric, cards, by_id))
    body.append(
        '<section id="models"><h2>Models</h2><p class="muted">Each model\'s facts with their evidence, its license terms and scores. Click a name to open it.</p>'
    )
    for m in ordered:
        body.append(_model_section(m, by_model.get(m.id, []), checker))
    body += [
        "</section>",
        "</main>",
        f"<footer>Made by openness {e(__version__)} from the catalog and rubrics it was given. Totals are on 0-100.</footer>",
        f"<script>{script}</script>",
        "</body>",
        "</html>",
    ]
    return "\n".join(body) + "\n"


__all__ = ["render_report", "STANDARD_USECASES", "e", "link"]
