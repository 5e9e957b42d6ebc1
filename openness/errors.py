"""One root exception, and the located problem it carries."""

from __future__ import annotations

from collections.abc import Iterable

from openness import frozen as attrs


@attrs.frozen(order=True)
class Finding:
    """A problem in an input file: where it is, what was expected and what was found.

    ``line`` and ``column`` are 1-based (0 when the problem concerns the whole file).  ``path``
    is the dotted location inside the document (``terms.user_cap.value``).  Findings sort by
    file, then position, so reports are stable.
    """

    file: str
    line: int
    column: int
    code: str
    message: str
    path: str = ""
    severity: str = "error"

    def __str__(self) -> str:
        where = f" (at {self.path})" if self.path else ""
        return f"{self.file}:{self.line}:{self.column}: {self.severity}: {self.message}{where} [{self.code}]"

    def to_dict(self) -> dict[str, object]:
        return attrs.asdict(self)


class OpennessError(Exception):
    """The one exception openness raises for bad input.  It carries every finding of the run."""

    def __init__(self, findings: Iterable[Finding] | str) -> None:
        if isinstance(findings, str):
            findings = [Finding("<openness>", 0, 0, "error", findings)]
        self.findings: tuple[Finding, ...] = tuple(sorted(findings))
        super().__init__("\n".join(str(f) for f in self.findings))


class UsageError(OpennessError):
    """The request itself is wrong (an unknown model or rubric name, a bad option value)."""

    def __init__(self, message: str) -> None:
        super().__init__([Finding("<usage>", 0, 0, "usage", message)])
        self.message = message

    def __str__(self) -> str:
        return self.message
