"""score(model, rubric) -> Scorecard.  Pure: no I/O, no printing, same input, same output."""

from __future__ import annotations

from openness import frozen as attrs
from openness.records import Claim, Evidence, Fact, Model
from openness.rubric import Condition, Criterion, Rubric, level_key

TYPE_CHECKING = False  # typing's own flag, without importing typing at run time
if TYPE_CHECKING:
    from typing import Any, TypeAlias

    #: One criterion's outcome for one model: (score, value shown, explanation, facts read,
    #: known, status), after the rubric's policy for unknowns.
    Outcome: TypeAlias = tuple[float | None, str, str, tuple[Fact, ...], bool, str]

FULL = 1.0 - 1e-9


@attrs.frozen
class CriterionResult:
    """How one criterion scored, and why."""

    id: str
    title: str
    weight: float
    kind: str
    facts: tuple[str, ...]
    value: str  # the fact value as shown (``unknown`` when unknown)
    known: bool
    status: str  # scored | unknown | excluded
    score: float | None  # fraction of the criterion's weight earned, in [0, 1]
    points: float  # points earned on the 0-100 scale of the total
    max_points: float  # points the criterion can earn on that scale
    detail: str
    evidence: tuple[Evidence, ...] = ()
    conflicts: tuple[Claim, ...] = ()
    why: tuple[Evidence, ...] = ()
    group: str | None = None
    #: The notes of the facts read (where openness and a framework's own tool differ, say).
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out = {
            "id": self.id,
            "title": self.title,
            "group": self.group,
            "facts": list(self.facts),
            "value": self.value,
            "known": self.known,
            "status": self.status,
            "score": _r(self.score),
            "weight": self.weight,
            "points": _r(self.points),
            "max_points": _r(self.max_points),
            "detail": self.detail,
            "evidence": [e.to_dict() for e in self.evidence],
            "conflicts": [c.to_dict() for c in self.conflicts],
            "why": [e.to_dict() for e in self.why],
        }
        if self.notes:
            out["notes"] = list(self.notes)
        return out


@attrs.frozen
class TierProgress:
    label: str
    met: int
    required: int
    reached: bool
    missing: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "met": self.met, "required": self.required, "reached": self.reached, "missing": list(self.missing)}


@attrs.frozen
class Scorecard:
    """A model's result under one rubric."""

    model_id: str
    model_name: str
    rubric_id: str
    rubric_title: str
    total: float | None  # 0-100, None when nothing could be counted
    grade: str | None
    tier: str | None
    tiers: tuple[TierProgress, ...]
    results: tuple[CriterionResult, ...]

    @property
    def unknown(self) -> int:
        return sum(1 for r in self.results if not r.known)

    @property
    def coverage(self) -> float:
        """Share of the rubric's weight whose facts are known."""
        total = sum(r.weight for r in self.results)
        return sum(r.weight for r in self.results if r.known) / total if total else 0.0

    @property
    def label(self) -> str:
        """The grade or tier to show beside the total."""
        if self.tiers:
            return self.tier or "none"
        return self.grade or ""

    def result(self, cid: str) -> CriterionResult:
        for r in self.results:
            if r.id == cid:
                return r
        raise KeyError(cid)

    def to_records(self) -> list[dict[str, Any]]:
        """One plain dict per criterion (for pandas or polars): its value, points and weight."""
        return [
            {
                "model": self.model_id,
                "rubric": self.rubric_id,
                "criterion": r.id,
                "title": r.title,
                "value": r.value,
                "known": r.known,
                "points": _r(r.points) if r.known else None,
                "max_points": _r(r.max_points),
                "weight": r.weight,
            }
            for r in self.results
        ]

    def _repr_html_(self) -> str:
        """The scorecard as an HTML table in a notebook, every cell escaped."""
        from openness.render import html_table

        rows = [(r["criterion"], r["value"], r["points"] if r["known"] else "unknown", r["max_points"]) for r in self.to_records()]
        total = "unknown" if self.total is None else f"{self.total:.1f}"
        caption = f"{self.model_name} under {self.rubric_title}: {total}" + (f" ({self.label})" if self.label else "")
        return html_table(("criterion", "value", "points", "max"), rows, caption=caption)

    def to_dict(self) -> dict[str, Any]:
        return {
            "model": self.model_id,
            "name": self.model_name,
            "rubric": self.rubric_id,
            "total": _r(self.total),
            "grade": self.grade,
            "tier": self.tier,
            "tiers": [t.to_dict() for t in self.tiers],
            "unknown": self.unknown,
            "coverage": _r(self.coverage, 4),
            "criteria": [r.to_dict() for r in self.results],
        }


#: Decimals kept of points and totals (0-100): the precision of the JSON and CSV output, so that
#: the Python API, the JSON and the CSV give the same number (72.6, not 72.60000000000001), and a
#: grade follows the total as shown.
DECIMALS = 2


def _round(x: float) -> float:
    return round(x + 0.0, DECIMALS) + 0.0


def _r(x: float | None, nd: int = 2) -> float | None:
    return None if x is None else round(x + 0.0, nd)


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, list):
        nums = [float(v) for v in value if isinstance(v, (int, float)) and not isinstance(v, bool)]
        return max(nums) if nums else None
    return None


def _present(value: Any) -> bool:
    if isinstance(value, dict):
        return bool(value.get("available", "present") != "none")
    return value not in (None, False, "none", "", [], 0)


def _condition(cond: Condition, model: Model) -> tuple[bool | None, tuple[Fact, ...]]:
    """Three-valued: True, False, or None when unknown (a known failure beats an unknown)."""
    if cond.group:
        results = [_condition(c, model) for c in cond.children]
        facts = tuple(f for _, fs in results for f in fs)
        oks = [ok for ok, _ in results]
        if cond.group == "all_of":
            return (False if False in oks else None if None in oks else True), facts
        return (True if True in oks else None if None in oks else False), facts
    assert cond.fact is not None
    fact = model.fact(cond.fact)
    if not fact.known:
        return None, (fact,)
    ok = True
    if cond.values is not None:
        ok = level_key(fact.value) in {level_key(v) for v in cond.values}
    n = _number(fact.value)
    if cond.min is not None:
        ok = ok and n is not None and n >= cond.min
    if cond.max is not None:
        ok = ok and n is not None and n <= cond.max
    return ok, (fact,)


def evaluate(c: Criterion, model: Model, fact: Fact | None = None) -> tuple[float | None, str, str, tuple[Fact, ...]]:
    """(score or None when unknown, value shown, explanation, facts read); ``fact``: the one
    fact the criterion reads, when the caller has looked it up."""
    if c.kind in ("all_of", "any_of"):
        outcomes = [(cond, *_condition(cond, model)) for cond in c.conditions]
        seen: dict[str, Fact] = {}
        for _, _, fs in outcomes:
            for f in fs:
                seen.setdefault(f.path, f)
        facts = tuple(seen.values())
        failed = [cond.describe() for cond, ok, _ in outcomes if ok is False]
        unknown = [cond.describe() for cond, ok, _ in outcomes if ok is None]
        passed = [cond.describe() for cond, ok, _ in outcomes if ok]
        shown = "; ".join(f"{f.path}={f.display}" for f in facts)
        if c.kind == "all_of":
            if failed:
                return 0.0, shown, "not met: " + "; ".join(failed), facts
            if unknown:
                return None, shown, "unknown: " + "; ".join(unknown), facts
            return 1.0, shown, "all met", facts
        if passed:
            return 1.0, shown, "met: " + passed[0], facts
        if unknown:
            return None, shown, "unknown: " + "; ".join(unknown), facts
        return 0.0, shown, "none met", facts
    assert c.fact is not None
    if fact is None:
        fact = model.fact(c.fact)
    if not fact.known:
        return None, "unknown", fact.unknown or "unknown", (fact,)
    shown = fact.display
    if c.kind == "levels":
        key = level_key(fact.value)
        if key in c.levels:
            return c.levels[key], shown, f"{key} -> {c.levels[key]:g}", (fact,)
        s = c.otherwise if c.otherwise is not None else 0.0
        return s, shown, f"{key} is not a listed level -> {s:g}", (fact,)
    if c.kind == "bands":
        n = _number(fact.value)
        if n is None:
            return 0.0, shown, "not a number -> 0", (fact,)
        hit = None
        for band in c.bands:
            if n >= band.min:
                hit = band
        if hit is None:
            return 0.0, shown, f"{n:g} is below every band -> 0", (fact,)
        return hit.score, shown, f"{n:g} >= {hit.min:g}{' (' + hit.label + ')' if hit.label else ''} -> {hit.score:g}", (fact,)
    if c.kind == "presence":
        if _present(fact.value):
            return c.present, shown, f"present -> {c.present:g}", (fact,)
        return c.absent, shown, f"absent -> {c.absent:g}", (fact,)
    raise ValueError(f"unknown criterion kind {c.kind!r}")  # pragma: no cover - schema forbids it


def _unique(groups: list[tuple[Any, ...]]) -> tuple[Any, ...]:
    """The items of the groups in order, each once (one short group is kept as it is)."""
    if len(groups) == 1 and len(groups[0]) < 2:
        return groups[0]
    return tuple(dict.fromkeys(x for g in groups for x in g))


class Shared:
    """What scoring many models under one rubric can share: a criterion that reads one fact gives
    the same outcome (and, under the same total weight, the same result) for every model that
    has that very fact object, as the models under one license share its facts.  Pass one to
    :func:`score` for a batch of models under one rubric; it holds the objects it keys on, so
    that their ids stay theirs."""

    def __init__(self) -> None:
        self.outcomes: dict[tuple[int, int], tuple[Criterion, Fact, Outcome]] = {}
        self.results: dict[tuple[int, int, float], tuple[Criterion, Fact, CriterionResult]] = {}

    def outcome(self, c: Criterion, model: Model, rubric: Rubric) -> tuple[Outcome, Fact | None]:
        """The criterion's outcome for the model, and the one fact it read (None for a group)."""
        if c.fact is None:  # a group of conditions reads several facts
            return _outcome(c, rubric, evaluate(c, model)), None
        fact = model.fact(c.fact)
        k = (id(c), id(fact))
        hit = self.outcomes.get(k)
        if hit is None:
            hit = self.outcomes[k] = (c, fact, _outcome(c, rubric, evaluate(c, model, fact)))
        return hit[2], fact


def _outcome(c: Criterion, rubric: Rubric, evaluated: tuple[float | None, str, str, tuple[Fact, ...]]) -> Outcome:
    s, shown, detail, facts = evaluated
    known = s is not None
    status = "scored"
    if not known:
        policy = c.unknown if c.unknown is not None else rubric.unknown
        if policy == "exclude":
            status, detail = "excluded", f"{detail}; left out of the total"
        else:
            s = 0.0 if policy == "zero" else float(policy)
            status, detail = "unknown", f"{detail}; counted as {s:g}"
    return s, shown, detail, facts, known, status


def score(model: Model, rubric: Rubric, shared: Shared | None = None) -> Scorecard:
    """Score one model (with its license joined in) under one rubric (``shared``: see :class:`Shared`)."""
    shared = shared or Shared()
    evaluated = [(c, *shared.outcome(c, model, rubric)) for c in rubric.criteria]
    weight = sum(c.weight for c, (_, _, _, _, _, status), _ in evaluated if status != "excluded")
    results = []
    earned = 0.0
    for c, (s, shown, detail, facts, known, status), fact in evaluated:
        counted = status != "excluded" and weight > 0
        if counted and s is not None:
            earned += c.weight * s
        rk = (id(c), id(fact), weight)
        made = shared.results.get(rk) if fact is not None else None
        if made is not None:
            results.append(made[2])
            continue
        max_points = 100.0 * c.weight / weight if counted else 0.0
        points = max_points * s if counted and s is not None else 0.0
        evidence = _unique([f.evidence for f in facts])
        conflicts = _unique([f.claims for f in facts])
        notes = tuple(dict.fromkeys(f"{f.path}: {f.note}" for f in facts if f.note))
        results.append(
            CriterionResult(
                c.id,
                c.title,
                c.weight,
                c.kind,
                c.facts_read,
                shown,
                known,
                status,
                s,
                _round(points),
                _round(max_points),
                detail,
                evidence,
                conflicts,
                c.why,
                c.group,
                notes,
            )
        )
        if fact is not None:
            shared.results[rk] = (c, fact, results[-1])
    total = _round(min(100.0, max(0.0, 100.0 * earned / weight))) if weight > 0 else None
    grade = None
    if total is not None:
        for g in rubric.grades:
            if total >= g.min - 1e-9:
                grade = g.label
                break
    progress, tier = _tiers(rubric, results)
    return Scorecard(model.id, model.name, rubric.id, rubric.title, total, grade, tier, progress, tuple(results))


def _tiers(rubric: Rubric, results: list[CriterionResult]) -> tuple[tuple[TierProgress, ...], str | None]:
    by_id = {r.id: r for r in results}
    required: list[str] = []
    out = []
    tier = None
    chain = True
    for t in rubric.tiers:
        required += [r for r in t.requires if r not in required]
        met = [r for r in required if (s := by_id[r].score) is not None and s >= FULL]
        missing = tuple(r for r in required if r not in met)
        reached = not missing
        out.append(TierProgress(t.label, len(met), len(required), reached, missing))
        if reached and chain:
            tier = t.label
        chain = chain and reached
    return tuple(out), tier
