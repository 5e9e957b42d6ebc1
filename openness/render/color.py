"""A little colour for ``compare`` and ``explain`` text in a terminal: totals, grades, unknown.

Colour is used only when the output stream is a terminal, ``NO_COLOR`` is not set (any value,
even empty, turns it off) and ``--no-color`` was not given.  It is added after the text is laid
out, so columns stay aligned, and never to any other format (json, csv, markdown …).
"""

from __future__ import annotations

import os
import re

from openness import lazyre
from openness.render import width

TYPE_CHECKING = False  # typing's own flag, without importing typing at run time
if TYPE_CHECKING:
    from typing import Any

RESET = "\033[0m"
BOLD = "\033[1m"
DIM = "\033[2m"
RED = "\033[31m"
GREEN = "\033[32m"
YELLOW = "\033[33m"


def enabled(stream: Any, no_color: bool = False) -> bool:
    """True when ``stream`` is a terminal and neither NO_COLOR nor --no-color says otherwise."""
    if no_color or "NO_COLOR" in os.environ:
        return False
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty is not None and isatty())
    except (ValueError, OSError):  # a closed stream
        return False


def paint(text: str, *codes: str) -> str:
    return "".join(codes) + text + RESET if codes else text


def for_total(value: float) -> str:
    return GREEN if value >= 60 else YELLOW if value >= 30 else RED


def _total(text: str) -> str:
    try:
        return paint(text, BOLD, for_total(float(text)))
    except ValueError:
        return paint(text, DIM) if text == "unknown" else text


def _index(line: str, column: int) -> int:
    """The string index at a display column (wide characters take two columns)."""
    if line.isascii():
        return min(column, len(line))
    col = 0
    for i, ch in enumerate(line):
        if col >= column:
            return i
        col += width(ch)
    return len(line)


def table(text: str) -> str:
    """Colour a rendered ``text`` table (header, rule of dashes, rows): totals by value, grades
    and classes bold, ``unknown`` dim.  Anything that does not look like such a table is
    returned unchanged."""
    lines = text.split("\n")
    if len(lines) < 2 or not re.fullmatch(r"-+( +-+)*", lines[1] or "x"):
        return text
    spans = [(m.start(), m.end()) for m in re.finditer(r"-+", lines[1])]
    heads = [lines[0][_index(lines[0], a) : _index(lines[0], b)].strip() for a, b in spans]
    for n in range(2, len(lines)):
        line = lines[n]
        if not line.strip():
            break
        pieces, last = [], 0
        for (a, b), head in zip(spans, heads):
            i, j = _index(line, a), _index(line, b)
            cell = line[i:j]
            text_ = cell.strip()
            if not text_:
                continue
            if head == "total" or head.endswith(" total"):
                painted = _total(text_)
            elif head in ("grade", "class") or head.endswith((" grade", " class")):
                painted = paint(text_, BOLD)
            elif text_ == "unknown":
                painted = paint(text_, DIM)
            else:
                continue
            start = i + cell.index(text_)
            pieces.append(line[last:start] + painted)
            last = start + len(text_)
        lines[n] = "".join(pieces) + line[last:]
    return "\n".join(lines)


_TOTAL = lazyre.compile(r"^(total: )(\S+)( / 100)(   grade: )?(.*)$")


def explain(text: str) -> str:
    """Colour ``openness explain`` text: the total by value, grade and tier bold, unknown dim."""
    out = []
    for line in text.split("\n"):
        m = _TOTAL.match(line)
        if m:
            line = m.group(1) + _total(m.group(2)) + m.group(3) + (m.group(4) + paint(m.group(5), BOLD) if m.group(4) else m.group(5))
        elif line.startswith("tier: "):
            line = "tier: " + paint(line[6:], BOLD)
        elif line.startswith("unknown facts: "):
            n = line[15:]
            line = "unknown facts: " + (paint(n, YELLOW) if n != "0" else n)
        else:
            line = re.sub(r"(?<== )unknown(?=  \()", paint("unknown", DIM), line)
            line = line.replace("left out (unknown)", paint("left out (unknown)", DIM))
        out.append(line)
    return "\n".join(out)


__all__ = ["enabled", "paint", "table", "explain"]
