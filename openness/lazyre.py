"""Regular expressions compiled when first used, not when their module is imported.

A command imports many modules whose patterns it never uses (a warm ``compare`` matches no YAML
scalar and checks no address); compiling each pattern at import costs a few tenths of a
millisecond, every run.  ``lazyre.compile(pattern, flags)`` stands in for ``re.compile`` at
module level: the pattern is compiled on the first use of any of its methods, which are then
the compiled pattern's own (no extra cost from the second use on).
"""

from __future__ import annotations

import re

#: What a use reads from a pattern: once compiled, these are copied onto the stand-in.
_ATTRS = ("match", "fullmatch", "search", "sub", "subn", "split", "findall", "finditer", "pattern", "flags", "groups", "groupindex")


class _Lazy:
    def __init__(self, pattern: str, flags: int) -> None:
        self.__dict__["_source"] = (pattern, flags)

    def __getattr__(self, name: str) -> object:  # only for names not yet on the stand-in
        compiled = re.compile(*self.__dict__["_source"])
        self.__dict__.update({a: getattr(compiled, a) for a in _ATTRS})
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"lazyre.compile({self.__dict__['_source'][0]!r})"


def compile(pattern: str, flags: int = 0) -> re.Pattern[str]:  # noqa: A001 - re.compile's name, on purpose
    """A pattern compiled on its first use (see the module's description)."""
    return _Lazy(pattern, flags)  # type: ignore[return-value]
