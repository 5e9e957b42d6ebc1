"""audit(catalog) -> how well each record is sourced: set / unknown / evidence, conflicts, unverifiable quotes."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from openness import frozen as attrs
from openness import snapshots, sources
from openness.records import Fact, License, Model
from openness.render import Table

TYPE_CHECKING = False  # typing's own flag, without importing typing at run time
if TYPE_CHECKING:
    from typing import Any


@attrs.frozen
class Conflict:
    record: str
    path: str
    primary: str  # the value the primary text gives
    claim: str
    source: str
    quote: str


@attrs.frozen
class RecordAudit:
    id: str
    kind: str  # model | license
    set: int
    unknown: int
    evidence: int  # evidence entries
    primary: int  # set facts backed by at least one primary source
    article_only: int  # set facts backed only by articles (seeds)
    verified: int  # quotes checked against a local text
    unverifiable: int  # quotes from addresses with no snapshot (cannot be checked offline)
    conflicts: tuple[Conflict, ...] = ()
    #: Set facts without evidence, local quotes not found in their source, unpinned GitHub sources.
    problems: tuple[str, ...] = ()
    unpinned: int = 0  # GitHub sources that name no commit
    #: The addresses whose quotes could not be checked offline (no snapshot maps them), each once.
    unverified: tuple[str, ...] = ()
    #: Of those, the ones the catalog's snapshot index declares unavailable: (address, why).
    declared: tuple[tuple[str, str], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        d = attrs.asdict(self)
        d["conflicts"] = [attrs.asdict(c) for c in self.conflicts]
        d["problems"] = list(self.problems)
        d["unverified"] = list(self.unverified)
        d["declared"] = [list(x) for x in self.declared]
        return d


def _record_path(file: str | None, roots: tuple[Path, ...]) -> Path | None:
    """The file a record was read from (its name is relative to the data folder or the working folder)."""
    if not file:
        return None
    for base in (*roots, Path.cwd()):
        p = base / file
        if p.is_file():
            return p
    return None


def _audit(rid: str, kind: str, facts: dict[str, Fact], roots: tuple[Path, ...], texts: Path | None = None) -> RecordAudit:
    """One record's audit; with ``texts`` (the snapshot index of the catalog a license is in) a
    quote from an address that no snapshot maps, and that the index does not declare unavailable,
    is a problem."""
    n_set = n_unknown = n_ev = n_primary = n_article = n_verified = n_unverifiable = n_unpinned = 0
    unverified: dict[str, None] = {}
    declared: dict[str, str] = {}
    conflicts: list[Conflict] = []
    problems: list[str] = []
    for path, f in facts.items():
        if f.derived:
            continue
        if not f.known:
            n_unknown += 1
        else:
            n_set += 1
            if not f.evidence:
                problems.append(f"{path}: a value with no evidence")
            if any(e.primary for e in f.evidence):
                n_primary += 1
            elif f.evidence:
                n_article += 1
        quotes = [*f.evidence, *(c.evidence for c in f.claims)]
        n_ev += len(f.evidence)
        for e in quotes:
            if not snapshots.is_pinned(e.source):
                n_unpinned += 1
                problems.append(f"{path}: a GitHub source that names no commit (pin it: .../blob/<commit>/...): {e.source}")
            local, problem = sources.resolve(e.source, roots)
            if problem:
                problems.append(f"{path}: {problem}: {e.source}")
            elif local is None:
                n_unverifiable += 1
                why = snapshots.unavailable(e.source, texts)
                if texts is not None and why is None:
                    problems.append(
                        f"{path}: a license quote from an address no snapshot in texts/ maps (keep a snapshot, or declare it unavailable with the reason): {e.source}"
                    )
                else:
                    unverified.setdefault(e.source)
                    if why is not None:
                        declared.setdefault(e.source, why)
            elif sources.quote_found(local, e.quote):
                n_verified += 1
            else:
                problems.append(f"{path}: quote not found in {e.source}: {e.quote[:60]!r}")
        for c in f.claims:
            conflicts.append(Conflict(rid, path, f.display, c.claim, c.evidence.source, c.evidence.quote))
    return RecordAudit(
        rid,
        kind,
        n_set,
        n_unknown,
        n_ev,
        n_primary,
        n_article,
        n_verified,
        n_unverifiable,
        tuple(conflicts),
        tuple(problems),
        n_unpinned,
        tuple(unverified),
        tuple(declared.items()),
    )


@attrs.frozen
class Audit:
    records: tuple[RecordAudit, ...]

    @property
    def ok(self) -> bool:
        return not any(r.problems for r in self.records)

    def table(self) -> Table:
        headers = ("record", "kind", "set", "unknown", "evidence", "primary", "article only", "verified", "unverifiable", "unpinned", "conflicts", "problems")
        rows = tuple(
            (
                r.id,
                r.kind,
                str(r.set),
                str(r.unknown),
                str(r.evidence),
                str(r.primary),
                str(r.article_only),
                str(r.verified),
                str(r.unverifiable),
                str(r.unpinned),
                str(len(r.conflicts)),
                str(len(r.problems)),
            )
            for r in self.records
        )
        notes = (
            "verified: quotes found in their local source (seeds/) or in the catalog's snapshot of the address (texts/);"
            " unverifiable: quotes from addresses with no snapshot, which cannot be checked offline.",
            "unpinned: GitHub sources that name no commit (a branch page changes under its quote).",
            "primary: set facts backed by the license text or vendor page; article only: backed by the seed articles alone.",
        )
        return Table(headers, rows, self.to_dict(), notes=notes)

    def to_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "records": [r.to_dict() for r in self.records]}

    def details(self) -> str:
        lines = []
        for r in self.records:
            for c in r.conflicts:
                lines.append(f"conflict {c.record} {c.path}: primary says {c.primary}; article ({c.source}) says: {c.claim}")
                lines.append(f"    “{c.quote}”")
            for p in r.problems:
                lines.append(f"problem {r.id}: {p}")
            declared = dict(r.declared)
            for source in r.unverified:
                why = declared.get(source)
                lines.append(f"unverified {r.id}: quotes from {source} (no snapshot in texts/" + (f"; declared unavailable: {why})" if why else ")"))
        return "\n".join(lines) + ("\n" if lines else "")


def audit(models: Sequence[Model], licenses: Sequence[License] = (), roots: tuple[Path, ...] = ()) -> Audit:
    """Audit models (their own facts) and licenses; quotes from local files are re-checked."""
    roots = roots or (sources.data_root(),)
    out = [_audit(m.id, "model", dict(m.facts), roots) for m in models]
    for lic in licenses:
        path = _record_path(lic.file, roots)
        out.append(_audit(lic.id, "license", dict(lic.facts), roots, snapshots.kept_texts(path) if path is not None else None))
    return Audit(tuple(out))
