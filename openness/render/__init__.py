"""Tables and their renderers: any tabulate format, plus csv, tsv, json and markdown."""

from __future__ import annotations

import io
from collections.abc import Sequence

from openness import frozen as attrs
from openness.errors import UsageError
from openness.textsafe import csv_cell, visible

TYPE_CHECKING = False  # typing's own flag, without importing typing at run time
if TYPE_CHECKING:
    from typing import Any

#: Formats openness renders itself; every other name is handed to tabulate.
OWN_FORMATS = ("text", "markdown", "csv", "tsv", "json")
_PIPE_FORMATS = {"github", "pipe", "markdown", "jira", "pretty", "presto", "orgtbl", "outline", "moinmoin", "youtrack"}


def formats() -> list[str]:
    import tabulate

    return sorted(set(OWN_FORMATS) | set(tabulate.tabulate_formats))


#: tabulate formats drawn here without tabulate (see ``Table.render``): naming one costs no import.
_DRAWN_HERE = ("simple", "github")


def check_format(fmt: str) -> str:
    if fmt in OWN_FORMATS or fmt in _DRAWN_HERE:
        return fmt
    import tabulate

    if fmt not in tabulate.tabulate_formats:
        raise UsageError(f"unknown format {fmt!r}; expected one of: {', '.join(formats())}")
    return fmt


def dumps_json(data: Any) -> str:
    """JSON as openness writes it everywhere: stable key order, two-space indent, UTF-8."""
    import json

    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def _cell(text: str, fmt: str) -> str:
    text = visible(" ".join(str(text).split()))
    if fmt in _PIPE_FORMATS:
        text = text.replace("\\", "\\\\").replace("|", "\\|")
    return text


@attrs.frozen
class Table:
    """Rows of display strings under headers, and the structured data behind them (for json)."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    data: Any = None  # the json data, or a function that builds it
    align: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    def render(self, fmt: str = "text") -> str:
        """The table in a format: ``text``, ``markdown``, ``csv``, ``tsv``, ``json`` or any tabulate format."""
        fmt = check_format(fmt)
        if fmt == "json":
            data = self.data() if callable(self.data) else self.data  # a callable is built only when asked for
            return dumps_json(data if data is not None else [dict(zip(self.headers, r)) for r in self.rows])
        if fmt in ("csv", "tsv"):
            buf = io.StringIO()
            import csv

            writer = csv.writer(buf, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
            # no cell starts a formula in a spreadsheet, nor holds a terminal escape (textsafe)
            writer.writerow([csv_cell(visible(str(c))) for c in self.headers])
            writer.writerows([csv_cell(visible(str(c))) for c in r] for r in self.rows)
            return buf.getvalue()
        tab_fmt = {"text": "simple", "markdown": "github"}.get(fmt, fmt)
        rows = [[_cell(c, tab_fmt) for c in r] for r in self.rows]
        headers = [_cell(h, tab_fmt) for h in self.headers]
        colalign = self.align if self.align and len(self.align) == len(headers) else ("left",) * len(headers)
        if tab_fmt in ("simple", "github"):
            # the two formats people use most are drawn here: importing tabulate costs more than
            # the rest of a cold start
            out = _aligned(headers, rows, colalign, pipes=tab_fmt == "github")
        else:
            import tabulate

            out = tabulate.tabulate(rows, headers=headers, tablefmt=tab_fmt, disable_numparse=True, colalign=colalign)
        if self.notes and fmt in ("text", "markdown", "github", "simple", "plain", "grid", "pipe"):
            out += "\n\n" + "\n".join(self.notes)
        return out + "\n"

    def to_records(self) -> list[dict[str, str]]:
        """One dict per row, keyed by the headers: what ``pandas.DataFrame(...)`` or
        ``polars.DataFrame(...)`` take directly."""
        return [dict(zip(self.headers, r)) for r in self.rows]

    def _repr_html_(self) -> str:
        """The table as HTML in a notebook, every cell escaped."""
        return html_table(self.headers, self.rows, notes=self.notes)


def width(text: str) -> int:
    """Columns a text takes in a terminal (wide East Asian characters take two)."""
    if text.isascii():
        return len(text)
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 0 if unicodedata.combining(ch) else 1 for ch in text)


def _pad(text: str, size: int, align: str) -> str:
    gap = " " * (size - width(text))
    return gap + text if align == "right" else text + gap


def _aligned(headers: Sequence[str], rows: Sequence[Sequence[str]], align: Sequence[str], *, pipes: bool) -> str:
    """A plain aligned table (like tabulate's ``simple``) or a GitHub-flavoured pipe table."""
    sizes = [max([width(h), 3 if pipes else 1, *(width(r[i]) for r in rows)]) for i, h in enumerate(headers)]
    if pipes:

        def line(cells: Sequence[str]) -> str:
            return "| " + " | ".join(_pad(c, n, a) for c, n, a in zip(cells, sizes, align)) + " |"

        rule = "|" + "|".join(("-" * (n + 1) + ":") if a == "right" else (":" + "-" * (n + 1)) for n, a in zip(sizes, align)) + "|"
        return "\n".join([line(headers), rule, *(line(r) for r in rows)])

    def plain(cells: Sequence[str]) -> str:
        return "  ".join(_pad(c, n, a) for c, n, a in zip(cells, sizes, align)).rstrip()

    return "\n".join([plain(headers), "  ".join("-" * n for n in sizes), *(plain(r) for r in rows)])


def fmt_number(x: float | None, nd: int = 1) -> str:
    if x is None:
        return "unknown"
    return f"{x + 0.0:.{nd}f}"


def join(items: Sequence[str]) -> str:
    return ", ".join(items)


# --------------------------------------------------------------------------- notebooks


def html_text(text: Any) -> str:
    """Text made safe for HTML: markup escaped, control characters shown as escapes (never live)."""
    import html

    s = "" if text is None else str(text)
    s = "".join(ch if ch in "\n\t" or (ord(ch) >= 0x20 and not 0x7F <= ord(ch) < 0xA0) else f"\\x{ord(ch):02x}" for ch in s)
    return html.escape(s, quote=True)


def html_table(headers: Sequence[str], rows: Sequence[Sequence[Any]], *, caption: str | None = None, notes: Sequence[str] = ()) -> str:
    """A plain HTML table for notebooks (``_repr_html_``): every cell escaped, numbers right-aligned."""

    def cell(tag: str, value: Any) -> str:
        right = isinstance(value, (int, float)) and not isinstance(value, bool)
        style = ' style="text-align:right"' if right else ""
        return f"<{tag}{style}>{html_text(value)}</{tag}>"

    out = ['<table class="openness">']
    if caption:
        out.append(f"<caption>{html_text(caption)}</caption>")
    out.append("<thead><tr>" + "".join(cell("th", h) for h in headers) + "</tr></thead>")
    out.append("<tbody>")
    out += ["<tr>" + "".join(cell("td", c) for c in r) + "</tr>" for r in rows]
    out.append("</tbody></table>")
    out += [f"<p><small>{html_text(n)}</small></p>" for n in notes]
    return "\n".join(out)
