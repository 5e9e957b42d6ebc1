"""User text on its way out: never a terminal escape, a spreadsheet formula or a CI command.

Input that is validated cannot hold control, bidirectional or zero-width characters (the YAML
reader refuses them).  Output built from input that never was -- hub ids in a bulk stream, file
names, findings about them -- goes through :func:`visible`; every CSV or TSV cell goes through
:func:`csv_cell`.
"""

from __future__ import annotations

import re

from openness import lazyre

#: Control characters (C0, DEL, C1), bidirectional controls and invisible characters; and lone
#: surrogates (bytes that were not UTF-8, read with ``surrogateescape``), which no output encodes.
_HIDDEN = lazyre.compile("[\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ud800-\udfff\ufeff]")
#: What a spreadsheet reads as the start of a formula (OWASP, "CSV Injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = lazyre.compile(r"-?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")


def _escape(m: re.Match[str]) -> str:
    code = ord(m.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str, *, keep_newlines: bool = False) -> str:
    """``text`` with every control, bidirectional and invisible character written as an escape
    (``\\x1b``, ``\\u202e``), so that it prints as what it is; line feeds kept on request."""
    if text.isascii() and text.isprintable():
        return text
    if keep_newlines:
        return "\n".join(_HIDDEN.sub(_escape, part) for part in text.split("\n"))
    return _HIDDEN.sub(_escape, text)


def csv_cell(text: str) -> str:
    """A cell that a spreadsheet shows as text: one starting with ``= + - @``, a tab or a carriage
    return gets a leading single quote (OWASP's advice); numbers such as ``-1.5`` stay numbers."""
    if (text.startswith(_FORMULA_START) and not _NUMBER.fullmatch(text)) or text.startswith("::"):
        return "'" + text  # (and a first cell never starts a line with `::`, a CI workflow command)
    return text


def line_start(text: str) -> str:
    """A relative path that would start a line with ``::`` (a GitHub workflow command) gets ``./``."""
    return "./" + text if text.startswith(":") else text
