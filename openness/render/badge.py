"""``openness badge``: a shields.io-style SVG badge for one model under one rubric.

The label is the rubric id; the message is the grade or tier with the total (or the total
alone); the colour follows the total.  The SVG is standalone XML (no external fonts or images),
every text escaped, and the same scorecard always gives the same bytes.
"""

from __future__ import annotations

import html

from openness.render import fmt_number
from openness.scoring import Scorecard

#: (minimum total, colour), best first: shields' brightgreen, green, yellowgreen, yellow, orange, red.
COLOURS = ((80.0, "#4c1"), (60.0, "#97ca00"), (45.0, "#a4a61d"), (30.0, "#dfb317"), (15.0, "#fe7d37"), (0.0, "#e05d44"))
UNKNOWN_COLOUR = "#9f9f9f"

# Approximate advance widths of Verdana at 11px (shields' font), in pixels.
_NARROW = {c: 3.9 for c in "ijlI.,:;|!'`()[]{} "}
_NARROW.update({"f": 4.2, "t": 4.5, "r": 4.9, "1": 7.0, "-": 4.9, "/": 4.9})
_WIDE = {c: 10.5 for c in "mwMW%@"}


def colour(total: float | None) -> str:
    """The badge colour for a total on 0-100 (grey when unknown)."""
    if total is None:
        return UNKNOWN_COLOUR
    for floor, c in COLOURS:
        if total >= floor - 1e-9:
            return c
    return COLOURS[-1][1]


def text_width(text: str) -> float:
    """Estimated width of a text at 11px Verdana (wide characters count double)."""
    size = 0.0
    for ch in text:
        if ch in _NARROW:
            size += _NARROW[ch]
        elif ch in _WIDE:
            size += _WIDE[ch]
        elif ch.isupper():
            size += 7.5
        elif ord(ch) > 0x2E80:
            size += 11.0
        else:
            size += 6.8
    return size


def message(card: Scorecard) -> str:
    """``B · 62.5``, ``Class III · 71.4``, or the total alone (``42.9``, ``unknown``)."""
    total = fmt_number(card.total)
    label = card.tier if card.tiers else card.grade
    return f"{label} · {total}" if label else total


def svg(label: str, msg: str, fill: str) -> str:
    """A flat shields-style badge: grey label on the left, coloured message on the right."""
    lw = int(round(text_width(label) + 10))
    mw = int(round(text_width(msg) + 10))
    w = lw + mw
    lx, mx = lw * 5, (lw + mw / 2) * 10  # text is drawn at scale(.1)
    title = html.escape(f"{label}: {msg}", quote=True)
    lab, mes, col = html.escape(label, quote=True), html.escape(msg, quote=True), html.escape(fill, quote=True)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="20" role="img" aria-label="{title}">'
        f"<title>{title}</title>"
        '<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>'
        f'<clipPath id="r"><rect width="{w}" height="20" rx="3" fill="#fff"/></clipPath>'
        f'<g clip-path="url(#r)"><rect width="{lw}" height="20" fill="#555"/><rect x="{lw}" width="{mw}" height="20" fill="{col}"/>'
        f'<rect width="{w}" height="20" fill="url(#s)"/></g>'
        '<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" text-rendering="geometricPrecision" font-size="110">'
        f'<text aria-hidden="true" x="{lx}" y="150" fill="#010101" fill-opacity=".3" transform="scale(.1)">{lab}</text>'
        f'<text x="{lx}" y="140" transform="scale(.1)">{lab}</text>'
        f'<text aria-hidden="true" x="{mx:g}" y="150" fill="#010101" fill-opacity=".3" transform="scale(.1)">{mes}</text>'
        f'<text x="{mx:g}" y="140" transform="scale(.1)">{mes}</text>'
        "</g></svg>\n"
    )


def badge(card: Scorecard) -> str:
    """The badge of one scorecard: label the rubric id, message grade/tier and total."""
    return svg(card.rubric_id, message(card), colour(card.total))


__all__ = ["badge", "svg", "colour", "message", "text_width"]
