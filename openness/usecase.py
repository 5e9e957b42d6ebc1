"""Can we use it for what we want?  A use case checked against a model's facts.

A :class:`UseCase` says what you mean to do (use it commercially, serve 800 million monthly
active users, fine-tune it, train another model on its outputs …).  :func:`check` turns each of
those wishes into a :class:`Requirement`, read from the model's facts and its license's terms,
and gives each a verdict:

``allowed``      the fact permits it (obligations such as keeping a notice may still apply)
``conditional``  permitted on conditions, listed as obligations and quoted from the license
``unknown``      the deciding fact is unknown: never read as allowed
``blocked``      the fact forbids it (or the thing cannot be done, e.g. no weights to self-host)

The overall verdict is the worst of the requirements (blocked > unknown > conditional > allowed).
Every requirement carries the deciding clause (the fact's evidence: quote and source) and any
article that disagrees with the primary text.  Everything here is pure: no printing, no I/O
except :func:`read_usecase`.
"""

from __future__ import annotations

import os
import re
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from openness import frozen as attrs
from openness.errors import Finding, OpennessError, UsageError
from openness.records import Claim, Evidence, Fact, Inheritance, Model

TYPE_CHECKING = False  # typing's own flag, without importing typing at run time
if TYPE_CHECKING:
    from typing import Any

#: Verdicts from best to worst.
VERDICTS = ("allowed", "conditional", "unknown", "blocked")
_RANK = {v: i for i, v in enumerate(VERDICTS)}
#: A license permission (vocabulary.PERMISSION) as a verdict.
_PERMISSION = {"allowed": "allowed", "conditional": "conditional", "prohibited": "blocked"}

#: What a use case can ask, in the order requirements are checked and shown.
ASKS = (
    "commercial",
    "monthly_active_users",
    "annual_revenue_usd",
    "fine_tune",
    "distill",
    "redistribute",
    "self_host",
    "hosted_service",
    "field_of_use",
    "production",
    "territory",
)
_SUFFIXES = {"": 1.0, "k": 1e3, "m": 1e6, "b": 1e9, "t": 1e12}


def worst(verdicts: Iterable[str]) -> str:
    """The worst of some verdicts (``allowed`` for none)."""
    return max(verdicts, key=_RANK.__getitem__, default="allowed")


def rank(verdict: str) -> int:
    """0 for allowed … 3 for blocked: the order tables sort by."""
    return _RANK[verdict]


# --------------------------------------------------------------------------- numbers


def parse_amount(value: Any) -> float:
    """A count or an amount: ``800M``, ``1.5B``, ``150k``, ``2T``, ``800,000,000`` or a number.

    Raises :class:`ValueError` for anything else (negative numbers, unknown suffixes, booleans).
    """
    from openness.schemas import AMOUNT_PATTERN
    from openness.yamlio import MAX_NUMBER

    if isinstance(value, bool):
        raise ValueError(f"expected a number such as 800M, 1.5B or 150k; found {value!r}")
    if isinstance(value, (int, float)):
        try:
            n = float(value)
        except OverflowError:  # an integer too large for a float
            n = float("inf")
    elif isinstance(value, str) and re.match(AMOUNT_PATTERN, value.strip()):
        text = value.strip().lstrip("$").replace("_", "").replace(",", "")
        suffix = text[-1].lower() if text[-1].isalpha() else ""
        n = float(text[: len(text) - len(suffix)].strip()) * _SUFFIXES[suffix]
    else:
        try:
            n = float(value)  # 8e8
        except (TypeError, ValueError):
            raise ValueError(f"expected a number such as 800M, 1.5B, 150k or 800000000; found {value!r}") from None
    if n != n or n in (float("inf"), float("-inf")) or n < 0 or n > MAX_NUMBER:
        shown = value if not isinstance(value, str) or len(value) <= 30 else value[:27] + "..."
        raise ValueError(f"expected a number between 0 and 1e15; found {shown!r}")
    return n


def format_amount(n: float) -> str:
    """``800M``, ``1.5B``, ``150k``; small numbers as they are."""
    for size, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")):
        if n >= size:
            return f"{n / size:g}{suffix}"
    return f"{n:g}"


def _amount(value: Any) -> float | None:
    if value is None:
        return None
    try:
        return parse_amount(value)
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def _flag(value: Any) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    raise UsageError(f"expected true, false or nothing; found {value!r}")


def _regions(value: Any) -> tuple[str, ...]:
    """Territory codes: ISO 3166-1 alpha-2 or EU, upper case; UK is read as GB."""
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    out: list[str] = []
    for v in value:
        code = v.strip().upper() if isinstance(v, str) else None
        if code is None or not re.fullmatch(r"[A-Z]{2}", code):
            raise UsageError(f"expected a territory as a two-letter code (EU, DE, GB, KR …); found {v!r}")
        code = "GB" if code == "UK" else code
        if code not in out:
            out.append(code)
    return tuple(out)


def _fields(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    out: list[str] = []
    for v in value:
        if not isinstance(v, str) or not v.strip():
            raise UsageError(f"expected a field of use as text; found {v!r}")
        if v.strip() not in out:
            out.append(v.strip())
    return tuple(out)


# --------------------------------------------------------------------------- use cases


@attrs.frozen
class UseCase:
    """What you mean to do with a model.  ``None`` (or an empty field list) means "not asked"."""

    commercial: bool | None = attrs.field(default=None, converter=_flag)
    monthly_active_users: float | None = attrs.field(default=None, converter=_amount)
    annual_revenue_usd: float | None = attrs.field(default=None, converter=_amount)
    fine_tune: bool | None = attrs.field(default=None, converter=_flag)
    #: Train or distil another model on the model's outputs.
    distill: bool | None = attrs.field(default=None, converter=_flag)
    redistribute: bool | None = attrs.field(default=None, converter=_flag)
    self_host: bool | None = attrs.field(default=None, converter=_flag)
    hosted_service: bool | None = attrs.field(default=None, converter=_flag)
    field_of_use: tuple[str, ...] = attrs.field(default=(), converter=_fields)
    #: Use in production (live products or services), not only evaluation, testing or research.
    production: bool | None = attrs.field(default=None, converter=_flag)
    #: Where the model will be used or offered: ISO 3166-1 alpha-2 codes, EU for the European Union.
    territory: tuple[str, ...] = attrs.field(default=(), converter=_regions)
    id: str | None = None
    title: str | None = None
    description: str | None = None

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> UseCase:
        """From a use-case document (see ``openness schema usecase``); numbers may carry suffixes."""
        if not isinstance(d, Mapping):
            raise UsageError(f"expected a mapping of use-case keys; found {type(d).__name__}")
        known = {a.name for a in attrs.fields(cls)}
        unknown = sorted(set(d) - known)
        if unknown:
            raise UsageError(f"unknown use-case key {unknown[0]!r}; expected some of: {', '.join(sorted(known))}")
        return cls(**dict(d))

    @property
    def empty(self) -> bool:
        """True when the use case asks nothing."""
        return all(not self.asks(name) for name in ASKS)

    def asks(self, name: str) -> bool:
        value = getattr(self, name)
        if name in ("monthly_active_users", "annual_revenue_usd"):
            return value is not None
        return bool(value)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for a in attrs.fields(type(self)):
            value = getattr(self, a.name)
            if value is None or value == ():
                continue
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            out[a.name] = list(value) if isinstance(value, tuple) else value
        return out

    def summary(self) -> str:
        """A one-line description: ``commercial, 800M monthly active users, distill``."""
        parts = []
        for name in ASKS:
            if not self.asks(name):
                continue
            value = getattr(self, name)
            if name == "monthly_active_users":
                parts.append(f"{format_amount(value)} monthly active users")
            elif name == "annual_revenue_usd":
                parts.append(f"USD {format_amount(value)} annual revenue")
            elif name == "field_of_use":
                parts.append("field of use: " + ", ".join(value))
            elif name == "territory":
                parts.append("territory: " + ", ".join(value))
            else:
                parts.append(name.replace("_", " "))
        return ", ".join(parts) or "nothing asked"


def read_usecase(path: str | os.PathLike[str]) -> tuple[UseCase | None, list[Finding]]:
    """Load a use-case YAML file: the use case, or ``None`` and every finding (located)."""
    from openness import checks, yamlio
    from openness.catalog import display_name
    from openness.validation import schema_findings

    p = Path(path)
    name = display_name(p)
    try:
        doc = yamlio.load(p, name)
    except OpennessError as exc:
        return None, list(exc.findings)
    found = schema_findings(doc, "usecase")
    found += checks.markup_findings(doc)
    if found:
        return None, sorted(found)
    try:
        return UseCase.from_dict(doc.data), []
    except UsageError as exc:  # pragma: no cover - the schema catches these first
        return None, [doc.finding((), "usecase", exc.message)]


# --------------------------------------------------------------------------- results


@attrs.frozen
class Requirement:
    """One thing the use case asks, and what the facts say about it."""

    name: str
    verdict: str
    reason: str
    #: What you must do to stay within the terms (request a license, display a mark …).
    obligations: tuple[str, ...] = ()
    #: The deciding fact's path and value.
    fact: str | None = None
    value: str | None = None
    #: The deciding clause: the quote and its source.
    evidence: Evidence | None = None
    #: Articles that disagree with the primary text on the deciding fact.
    conflicts: tuple[Claim, ...] = ()
    note: str | None = None
    #: For a derivative: the base the deciding fact was inherited from (None: the model's own).
    inherited: Inheritance | None = None

    @property
    def clause(self) -> str:
        """``Llama 3.1 Community License Agreement, 2. Additional Commercial Terms, inherited from
        meta-llama/Llama-3.1-8B-Instruct (base_model)``: whose clause decided, and the hop."""
        parts = []
        if self.inherited is not None:
            parts.append(self.inherited.license_name)
        if self.evidence is not None and self.evidence.locator:
            parts.append(self.evidence.locator)
        elif self.fact:
            parts.append(self.fact)
        if self.inherited is not None:
            parts.append(self.inherited.text)
        return ", ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "verdict": self.verdict,
            "reason": self.reason,
            "obligations": list(self.obligations),
            "fact": self.fact,
            "value": self.value,
            "evidence": self.evidence.to_dict() if self.evidence else None,
            "conflicts": [c.to_dict() for c in self.conflicts],
            "note": self.note,
            "inherited_from": self.inherited.to_dict() if self.inherited is not None else None,
            "clause": self.clause,
        }


@attrs.frozen
class Verdict:
    """A model checked against a use case: the overall verdict and each requirement's."""

    model: str
    overall: str
    requirements: tuple[Requirement, ...]
    usecase: UseCase = UseCase()
    name: str | None = None
    license: str | None = None
    #: For a derivative: the declared and every inherited license (``apache-2.0 + llama-3.1-community``).
    effective_license: str | None = None
    #: For a derivative: each ancestor's lineage path, nearest first.
    lineage: tuple[str, ...] = ()
    #: For a derivative: why its declared license cannot stand given a base (both clauses quoted).
    declared_conflicts: tuple[str, ...] = ()
    #: Cycles, self-references, missing bases and overlong chains met on the way.
    lineage_findings: tuple[str, ...] = ()

    @property
    def decision(self) -> str:
        """``blocked: Llama 3.1 Community License Agreement, 2. Additional Commercial Terms, inherited
        from meta-llama/Llama-3.1-8B-Instruct (base_model)``; empty when allowed."""
        deciding = self.deciding
        if not deciding:
            return ""
        return f"{self.overall}: {deciding[0].clause}"

    @property
    def obligations(self) -> tuple[str, ...]:
        """Every requirement's obligations, once each, in order."""
        out: list[str] = []
        for r in self.requirements:
            for o in r.obligations:
                if o not in out:
                    out.append(o)
        return tuple(out)

    @property
    def deciding(self) -> tuple[Requirement, ...]:
        """The requirements that set the overall verdict."""
        if self.overall == "allowed":
            return ()
        return tuple(r for r in self.requirements if r.verdict == self.overall)

    def requirement(self, name: str) -> Requirement | None:
        return next((r for r in self.requirements if r.name == name), None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "name": self.name,
            "license": self.license,
            "verdict": self.overall,
            "usecase": self.usecase.to_dict(),
            "requirements": [r.to_dict() for r in self.requirements],
            "obligations": list(self.obligations),
            "decision": self.decision,
            "effective_license": self.effective_license,
            "lineage": list(self.lineage),
            "declared_conflicts": list(self.declared_conflicts),
            "lineage_findings": list(self.lineage_findings),
        }

    def to_records(self) -> list[dict[str, Any]]:
        """One plain dict per requirement (for pandas or polars): verdict, reason, the deciding
        fact and clause, and what you must do."""
        return [
            {
                "model": self.model,
                "requirement": r.name,
                "verdict": r.verdict,
                "reason": r.reason,
                "fact": r.fact,
                "value": r.value,
                "clause": r.evidence.quote if r.evidence else None,
                "source": r.evidence.source if r.evidence else None,
                "obligations": "; ".join(r.obligations),
            }
            for r in self.requirements
        ]

    def _repr_html_(self) -> str:
        """The verdict as HTML in a notebook, every cell escaped."""
        from openness.render import html_table

        rows = [(r["requirement"], r["verdict"], r["reason"], r["clause"], r["obligations"]) for r in self.to_records()]
        caption = f"{self.name or self.model}: {self.overall}"
        return html_table(("requirement", "verdict", "reason", "deciding clause", "you must"), rows, caption=caption)

    def to_text(self) -> str:
        """A report for people: each requirement, its reason, obligations and deciding clause."""
        head = f"{self.name or self.model} ({self.model})" + (f", license {self.license}" if self.license else "")
        lines = [f"{head}: {self.overall.upper()}", f"use case: {self.usecase.summary()}"]
        if self.lineage:
            lines.append(f"effective license: {self.effective_license}")
            lines += [_wrap(f"base: {p}", "", "  ") for p in self.lineage]
        if self.decision:
            lines.append(_wrap(self.decision, "", "  "))
        for conflict in self.declared_conflicts:
            lines.append(_wrap(f"DECLARED VS INHERITED: {conflict}", "", "  "))
        for f in self.lineage_findings:
            lines.append(_wrap(f"lineage: {f}", "", "  "))
        if not self.requirements:
            lines.append("nothing to check: the use case asks nothing")
        for r in self.requirements:
            lines += ["", f"{r.name}: {r.verdict}" + (f"  [{r.fact} = {r.value}]" if r.fact else "")]
            lines.append(_wrap(r.reason, "  "))
            for o in r.obligations:
                lines.append(_wrap(f"must: {o}", "  ", "        "))
            if r.evidence is not None:
                e = r.evidence
                lines.append(_wrap(f"“{e.quote}”", "    "))
                kind = "primary" if e.primary else "article"
                lines.append(f"      — {e.source}" + (f" ({e.locator})" if e.locator else "") + f" [{kind}]")
            if r.inherited is not None:
                lines.append(_wrap(f"{r.inherited.text}, under {r.inherited.license_name}", "  "))
            if r.note:
                lines.append(_wrap(f"note: {r.note}", "  "))
            for c in r.conflicts:
                lines.append(_wrap(f"CONFLICT: {c.claim}", "  "))
                lines.append(_wrap(f"“{c.evidence.quote}” — {c.evidence.source} [article; the primary text wins]", "    "))
        return "\n".join(lines) + "\n"


def _wrap(text: str, indent: str, subsequent: str | None = None) -> str:
    return textwrap.fill(
        " ".join(text.split()), width=100, initial_indent=indent, subsequent_indent=subsequent or indent, break_on_hyphens=False, break_long_words=False
    )


# --------------------------------------------------------------------------- reading facts


@attrs.frozen
class _Part:
    """One fact's contribution to a requirement."""

    verdict: str
    reason: str
    fact: Fact
    obligations: tuple[str, ...] = ()
    evidence: Evidence | None = None


def _clause(fact: Fact, prefer: str | None = None) -> Evidence | None:
    """The deciding quote of a fact: one matching ``prefer`` (a regex), else the first primary one."""
    if not fact.evidence:
        return None
    if prefer:
        for e in fact.evidence:
            if re.search(prefer, e.quote, re.IGNORECASE):
                return e
    return next((e for e in fact.evidence if e.primary), fact.evidence[0])


def _search(fact: Fact, pattern: str, flags: int = re.IGNORECASE) -> str | None:
    """The first group of ``pattern`` in the fact's quotes (its value's own words)."""
    for e in fact.evidence if fact.known else ():
        m = re.search(pattern, e.quote, flags)
        if m:
            return m.group(1).strip()
    return None


class _Reader:
    """The facts of one model, read for the requirements of one use case."""

    def __init__(self, model: Model, usecase: UseCase) -> None:
        self.model = model
        self.usecase = usecase
        self.license = model.license_record

    def fact(self, path: str) -> Fact:
        return self.model.fact(path)

    def term(self, name: str) -> Fact:
        return self.model.fact(f"license.terms.{name}")

    def unknown_reason(self, fact: Fact) -> str:
        if fact.path.startswith("license.") and self.license is None:
            lic = self.model.fact("license")
            why = lic.unknown if not lic.known else f"no license record {lic.value!r} in the catalog"
            return f"the model's license is unknown ({why}), so {fact.path} is unknown"
        return f"{fact.path} is unknown: {fact.unknown}"

    def unknown(self, fact: Fact) -> _Part:
        return _Part("unknown", self.unknown_reason(fact), fact)

    def permission(self, fact: Fact, what: str, prefer: str | None = None) -> _Part:
        """A PERMISSION fact (allowed / conditional / prohibited) as a part."""
        if not fact.known or fact.value not in _PERMISSION:
            return self.unknown(fact)
        verdict = _PERMISSION[fact.value]
        words = {"allowed": "allows", "conditional": "allows, on conditions,", "prohibited": "does not allow"}[fact.value]
        return _Part(verdict, f"the license {words} {what}", fact, evidence=_clause(fact, prefer))

    # ----------------------------------------------------------------- obligations from terms

    @property
    def licensor(self) -> str:
        """Who grants further licenses: named in the cap clauses, else the developer."""
        for name in ("user_cap", "revenue_cap", "commercial_use"):
            who = _search(self.term(name), r"(?:request|obtain) an? (?:\w+ )?license from ([A-Z][\w&-]*(?: [A-Z][\w&-]*)*)", 0)
            if who and who.lower() not in ("us", "we", "licensor", "the licensor"):
                return who
        dev = self.fact("developer")
        return str(dev.value) if dev.known else "the licensor"

    def attribution(self) -> tuple[str, ...]:
        f = self.term("attribution")
        if not f.known:
            return ()
        if f.value == "display":
            mark = _search(f, r"display\s+[“\"]([^“”\"]+)[”\"]")
            text = (
                f"display “{mark}” on a related website, user interface, blog post, about page or product documentation"
                if mark
                else "display the attribution statement the license requires"
            )
            return (text,)
        if f.value == "notice":
            return ("give recipients a copy of the license and keep its copyright and attribution notices",)
        return ()

    def naming(self, when: str) -> tuple[str, ...]:
        f = self.term("naming")
        if f.known and f.value == "prefix":
            prefix = _search(f, r"include\s+[“\"]([^“”\"]+)[”\"]\s+at the beginning")
            name = f"“{prefix}”" if prefix else "the prefix the license requires"
            return (f"{when}, begin its name with {name}",)
        return ()

    def aup(self, pass_on: str | None = None) -> tuple[str, ...]:
        f = self.term("acceptable_use_policy")
        if not (f.known and f.value is True):
            return ()
        url = (_search(f, r"(https://[^\s()\[\]]+)") or "").rstrip(".,;:").replace("\\_", "_")
        where = f" ({url})" if url else ""
        if pass_on:
            return (f"follow the acceptable-use policy{where} and pass it on to {pass_on}",)
        return (f"follow the acceptable-use policy{where}",)

    def share_alike(self) -> tuple[str, ...]:
        f = self.term("share_alike")
        if f.known and f.value is True:
            return ("pass the license's terms (and its use restrictions) on with anything you distribute",)
        return ()

    def cap_reminders(self) -> tuple[str, ...]:
        """Caps the use case gives no figure for: stay under them or ask for a license."""
        out = []
        for name, asked in (("user_cap", self.usecase.monthly_active_users), ("revenue_cap", self.usecase.annual_revenue_usd)):
            f = self.term(name)
            if asked is None and f.known and isinstance(f.value, dict):
                out.append(f"stay at or below {_cap_text(f.value)}; beyond it {_beyond_text(f.value['beyond'], self.licensor)}")
        return tuple(out)

    def threshold_parts(self, metric: str, amount: float) -> list[_Part]:
        """Duties that start above a threshold (``terms.threshold_conditions``) at this figure.

        Such a duty is an obligation, not a limit on the grant: when the term is not recorded the
        requirement keeps the cap's verdict and says, in its note, that a duty may apply (see
        :func:`_cap`).  A threshold counted in another currency or per month cannot be compared
        with the figure asked: that part is unknown.
        """
        f = self.term("threshold_conditions")
        if not f.known:
            return []
        cond = f.value
        if not isinstance(cond, Mapping):
            return [_Part("allowed", "the license sets no duty that starts above a threshold", f, evidence=_clause(f))]
        duty = _duty_text(f, str(cond.get("duty")))
        parts: list[_Part] = []
        for t in cond.get("above", ()):
            if t.get("metric") == metric and _usd_metric(t) == metric:
                if amount > float(t["threshold"]):
                    reason = f"above {_cap_text(t)} the license adds a duty (the grant goes on)"
                    parts.append(_Part("conditional", reason, f, (duty,), _clause(f, r"\d")))
                else:
                    parts.append(
                        _Part("allowed", f"the figure asked is within {_cap_text(t)}, below which the license adds no duty", f, evidence=_clause(f, r"\d"))
                    )
            elif metric == "annual_revenue_usd" and t.get("metric") == "monthly_revenue" and t.get("currency") == "USD":
                # no month can pass T if the year's revenue is at most T; some month must if it is above 12 T
                limit = float(t["threshold"])
                if amount <= limit:
                    parts.append(
                        _Part(
                            "allowed",
                            f"an annual revenue of USD {format_amount(amount)} cannot pass {_cap_text(t)} in any month",
                            f,
                            evidence=_clause(f, r"\d"),
                        )
                    )
                elif amount > 12 * limit:
                    reason = f"an annual revenue of USD {format_amount(amount)} passes {_cap_text(t)} in at least one month: there the license adds a duty (the grant goes on)"
                    parts.append(_Part("conditional", reason, f, (duty,), _clause(f, r"\d")))
                else:
                    reason = (
                        f"the license adds a duty above {_cap_text(t)}; an annual figure of USD {format_amount(amount)} does not say whether a month passes it"
                    )
                    parts.append(_Part("unknown", reason, f, (duty,), _clause(f, r"\d")))
            elif _usd_metric(t) is None and (metric == "annual_revenue_usd") == ("revenue" in str(t.get("metric"))):
                reason = f"the license adds a duty above {_cap_text(t)}, which cannot be compared with the figure asked"
                parts.append(_Part("unknown", reason, f, (duty,), _clause(f, r"\d")))
        return parts

    def threshold_reminders(self) -> tuple[str, ...]:
        """Duties above thresholds the use case gives no figure for."""
        f = self.term("threshold_conditions")
        if not f.known or not isinstance(f.value, Mapping):
            return ()
        above = " or ".join(_cap_text(t) for t in f.value.get("above", ()))
        return (f"above {above}: {_duty_text(f, str(f.value.get('duty')))}",)

    def weights(self, purpose: str) -> _Part:
        """Whether the weights can be had, for fine-tuning, redistributing or self-hosting."""
        f = self.fact("access.weights")
        if not f.known:
            return self.unknown(f)
        v = f.value
        ev = _clause(f)
        if v == "open":
            return _Part("allowed", "the weights are openly downloadable", f, evidence=ev)
        if v == "gated":
            return _Part(
                "allowed",
                "the weights are downloadable after accepting the license (gated)",
                f,
                ("request access to the gated weights and accept the license",),
                ev,
            )
        if v == "research-only":
            return _Part("conditional", "the weights are released to approved researchers only", f, ("apply for research access to the weights",), ev)
        if v == "leaked":
            return _Part("blocked", "the weights are only available as an unauthorised leak", f, evidence=ev)
        if v == "api-only":
            return _Part("blocked", f"the model is offered only through an API: there are no weights to {purpose}", f, evidence=ev)
        return _Part("blocked", f"no weights are available to {purpose}", f, evidence=ev)


def _cap_text(cap: Mapping[str, Any]) -> str:
    n = format_amount(float(cap["threshold"]))
    metric = cap.get("metric")
    if metric == "annual_revenue_usd":
        return f"USD {n} annual revenue"
    if metric in ("annual_revenue", "monthly_revenue"):
        return f"{cap.get('currency') or 'an unnamed currency'} {n} {metric.split('_')[0]} revenue"
    return f"{n} monthly active users"


def _usd_metric(cap: Mapping[str, Any]) -> str | None:
    """The use-case metric a threshold can be compared with: users, or annual revenue in USD."""
    metric = cap.get("metric")
    if metric == "monthly_active_users":
        return "monthly_active_users"
    if metric == "annual_revenue_usd" and cap.get("currency") in (None, "USD"):
        return "annual_revenue_usd"
    if metric == "annual_revenue" and cap.get("currency") == "USD":
        return "annual_revenue_usd"
    return None  # another currency or a monthly figure: not compared, so unknown


def _duty_text(f: Fact, duty: str) -> str:
    if duty == "display":
        mark = _search(f, r"display\s+[“\"]([^”\"]+)[”\"]")
        return f"display “{mark}” as the license requires" if mark else "display the name or mark the license requires"
    return {
        "attribution": "give the attribution the license requires",
        "report": "report to the licensor as the license requires",
        "further_terms": "accept the further terms the license requires",
    }.get(duty, "meet the duty the quoted clause sets")


def _beyond_text(beyond: str, licensor: str) -> str:
    return {
        "license_required": f"request a license from {licensor}, which it may grant or refuse",
        "paid_license": f"buy a license from {licensor}",
        "prohibited": "the license forbids use",
    }.get(beyond, "the license's grant ends")


def _requirement(name: str, parts: Sequence[_Part], obligations: Iterable[str] = (), bad_first: Sequence[_Part] | None = None) -> Requirement:
    """Combine parts: the worst verdict decides; its part gives the clause.

    ``bad_first`` orders the parts to pick from when the worst verdict is blocked or unknown
    (default: the order of ``parts``).
    """
    verdict = worst(p.verdict for p in parts)
    pool = bad_first if bad_first is not None and verdict in ("blocked", "unknown") else parts
    deciding = next(p for p in pool if p.verdict == verdict)
    reasons = [deciding.reason] + [p.reason for p in parts if p is not deciding and p.verdict != "allowed"]
    # blocked: only what would lift the block (request a license …); otherwise every obligation
    pending = deciding.obligations if verdict == "blocked" else [*(o for p in parts for o in p.obligations), *obligations]
    obs: list[str] = []
    for o in pending:
        if o not in obs:
            obs.append(o)
    f = deciding.fact
    return Requirement(
        name=name,
        verdict=verdict,
        reason="; ".join(reasons),
        obligations=tuple(obs),
        fact=f.path,
        value=f.display,
        evidence=deciding.evidence if deciding.evidence is not None or not f.known else _clause(f),
        conflicts=f.claims,
        note=f.note,
        inherited=f.inherited,
    )


# --------------------------------------------------------------------------- requirements


def _release(r: _Reader) -> Requirement | None:
    f = r.fact("status")
    if f.known and f.value == "released":
        return None
    if not f.known:
        return _requirement("release", [r.unknown(f)])
    return _requirement("release", [_Part("blocked", f"the model is {f.value}, not released: there is nothing to use", f, evidence=_clause(f))])


def _commercial(r: _Reader) -> Requirement:
    part = r.permission(r.term("commercial_use"), "commercial use")
    return _requirement("commercial", [part], [*r.cap_reminders(), *r.threshold_reminders(), *r.aup()])


def _cap(r: _Reader, name: str, term: str, amount: float, metric: str) -> Requirement:
    """The cap's verdict, combined with any duty that starts above a threshold at this figure."""
    cap = _cap_only(r, name, term, amount, metric)
    duties = r.threshold_parts(metric, amount)
    if not duties:
        if r.license is not None and not r.term("threshold_conditions").known:
            extra = "license.terms.threshold_conditions is not recorded: a duty (a displayed name, a report) may start above some threshold; read the license"
            return attrs.evolve(cap, note=f"{cap.note} {extra}" if cap.note else extra)
        return cap
    deciding = _Part(cap.verdict, cap.reason, r.term(term), cap.obligations, cap.evidence)
    return _requirement(name, [deciding, *duties])


def _cap_only(r: _Reader, name: str, term: str, amount: float, metric: str) -> Requirement:
    f = r.term(term)
    what = "monthly active users" if metric == "monthly_active_users" else "USD annual revenue"
    asked = f"{format_amount(amount)} {what}" if metric == "monthly_active_users" else f"USD {format_amount(amount)} annual revenue"
    if not f.known:
        return _requirement(name, [r.unknown(f)])
    cap = f.value
    if cap == "none":
        return _requirement(name, [_Part("allowed", f"the license sets no threshold on {what}", f, evidence=_clause(f))])
    if not isinstance(cap, Mapping) or _usd_metric(cap) != metric:
        counted = _cap_text(cap) if isinstance(cap, Mapping) else cap
        return _requirement(name, [_Part("unknown", f"{f.path} counts {counted}, not {what}", f)])
    threshold = float(cap["threshold"])
    limit = _cap_text(cap)
    ev = _clause(f, r"\d")
    if amount <= threshold:
        return _requirement(name, [_Part("allowed", f"{asked} is within the license's threshold of {limit}", f, evidence=ev)])
    beyond = cap.get("beyond")
    licensor = r.licensor
    if beyond == "license_required":
        reason = f"{asked} is above the license's threshold of {limit}: beyond it the license's rights end until the licensor grants a license"
        return _requirement(name, [_Part("blocked", reason, f, (f"request a license from {licensor}, which it may grant or refuse",), ev)])
    if beyond == "paid_license":
        reason = f"{asked} is above the license's threshold of {limit}: beyond it a paid license is required"
        return _requirement(name, [_Part("conditional", reason, f, (f"buy a license from {licensor}",), ev)])
    reason = f"{asked} is above the license's threshold of {limit}: beyond it the license forbids use"
    return _requirement(name, [_Part("blocked", reason, f, evidence=ev)])


def _fine_tune(r: _Reader) -> Requirement:
    lic = r.permission(r.term("modification"), "modification (fine-tuning)")
    weights = r.weights("fine-tune")
    parts = [lic, weights]
    if weights.verdict == "blocked" and weights.fact.value == "api-only":
        weights = attrs.evolve(
            weights,
            reason=weights.reason + " on your own hardware. A fine-tuning service the vendor may sell through its API is a use of that hosted"
            " service under its terms, not a right to modify the model, and this check does not count it",
        )
        parts = [lic, weights]
    hostable = r.fact("access.self_hostable")
    if hostable.known and hostable.value is False and weights.verdict != "blocked":
        parts.append(_Part("blocked", "the model cannot be run on your own hardware, so it cannot be fine-tuned there", hostable, evidence=_clause(hostable)))
    obligations = [*r.naming("if you distribute or make the fine-tuned model available"), *r.share_alike(), *r.aup()]
    return _requirement("fine_tune", parts, obligations, bad_first=[*parts[1:], lic])


def _distill(r: _Reader) -> Requirement:
    f = r.term("output_training")
    part = r.permission(f, "using its outputs to train or improve another model", prefer=r"output")
    obligations: list[str] = []
    if part.verdict == "conditional":
        obligations += r.naming("if the model you train on its outputs is distributed or made available")
        if not obligations:
            obligations.append("meet the conditions of the quoted clause for any model trained on its outputs")
    return _requirement("distill", [part], obligations)


def _redistribute(r: _Reader) -> Requirement:
    lic = r.permission(r.term("redistribution"), "redistributing the weights and derivatives")
    weights = r.weights("redistribute")
    obligations = [*r.attribution(), *r.share_alike(), *r.aup("recipients"), *r.naming("if you redistribute a model you fine-tuned or trained with it")]
    return _requirement("redistribute", [lic, weights], obligations, bad_first=[weights, lic])


def _self_host(r: _Reader) -> Requirement:
    f = r.fact("access.self_hostable")
    if not f.known:
        host = r.unknown(f)
    elif f.value is True:
        host = _Part("allowed", "the model can be run on your own hardware", f, evidence=_clause(f))
    else:
        host = _Part("blocked", "the model cannot be run on your own hardware", f, evidence=_clause(f))
    weights = r.weights("self-host")
    return _requirement("self_host", [host, weights], r.aup())


def _hosted_service(r: _Reader) -> Requirement:
    part = r.permission(r.term("hosted_service"), "offering the model to others as a hosted service")
    display = tuple(o for o in r.attribution() if o.startswith("display"))
    return _requirement("hosted_service", [part], [*display, *r.aup("your service's users"), *r.cap_reminders(), *r.threshold_reminders()])


def _field_of_use(r: _Reader, fields: Sequence[str]) -> Requirement:
    f = r.term("use_restrictions")
    if not f.known:
        return _requirement("field_of_use", [r.unknown(f)])
    if f.value is False:
        return _requirement("field_of_use", [_Part("allowed", "the license restricts no field or purpose of use", f, evidence=_clause(f))])
    named = [x for x in fields if any(re.search(rf"\b{re.escape(x)}", e.quote, re.IGNORECASE) for e in f.evidence)]
    listed = ", ".join(f"“{x}”" for x in fields)
    if named:
        reason = (
            f"the license restricts fields of use, and its quoted restrictions name {', '.join(f'“{x}”' for x in named)}: "
            "read the clause; your use may be prohibited"
        )
        ev = _clause(f, rf"\b{re.escape(named[0])}")
    else:
        reason = f"the license restricts fields of use; none of the quoted restrictions names {listed}, but the whole list must be checked"
        ev = _clause(f)
    obligations = [f"make sure {listed} is not among the license's restricted uses", *r.aup("your users")]
    return _requirement("field_of_use", [_Part("conditional", reason, f, evidence=ev)], obligations)


def _production(r: _Reader) -> Requirement:
    part = r.permission(r.term("production_use"), "use in production", prefer=r"production|evaluat|test|research")
    return _requirement("production", [part], r.aup())


def _territory(r: _Reader, regions: Sequence[str]) -> Requirement:
    from openness.vocabulary import EU_MEMBERS

    f = r.term("territory")
    if not f.known:
        return _requirement("territory", [r.unknown(f)])
    if f.value == "worldwide":
        return _requirement("territory", [_Part("allowed", "the license grants its rights worldwide", f, evidence=_clause(f))])
    excluded = set(f.value.get("excluded", ())) if isinstance(f.value, Mapping) else set()
    hit = [x for x in regions if x in excluded or (x in EU_MEMBERS and "EU" in excluded) or (x == "EU" and excluded & set(EU_MEMBERS))]
    out = ", ".join(sorted(excluded))
    if hit:
        reason = f"the license's territory leaves out {out}, and you asked about {', '.join(hit)}"
        return _requirement("territory", [_Part("blocked", reason, f, evidence=_clause(f, r"territor|exclud|outside|European|Union"))])
    reason = f"the license's territory leaves out {out}, none of which you asked about"
    return _requirement(
        "territory", [_Part("allowed", reason, f, evidence=_clause(f, r"territor|exclud|outside|European|Union"))], [f"do not use or offer it in {out}"]
    )


def check(model: Model, usecase: UseCase | Mapping[str, Any]) -> Verdict:
    """Check a model against a use case.  Pure: no I/O.

    A use case that asks nothing gives an ``allowed`` verdict with no requirements (unless the
    model is not released).
    """
    if not isinstance(usecase, UseCase):
        usecase = UseCase.from_dict(usecase)
    r = _Reader(model, usecase)
    reqs: list[Requirement] = []
    release = _release(r)
    if release is not None:
        reqs.append(release)
    uc = usecase
    if uc.commercial:
        reqs.append(_commercial(r))
    if uc.monthly_active_users is not None:
        reqs.append(_cap(r, "monthly_active_users", "user_cap", uc.monthly_active_users, "monthly_active_users"))
    if uc.annual_revenue_usd is not None:
        reqs.append(_cap(r, "annual_revenue_usd", "revenue_cap", uc.annual_revenue_usd, "annual_revenue_usd"))
    if uc.fine_tune:
        reqs.append(_fine_tune(r))
    if uc.distill:
        reqs.append(_distill(r))
    if uc.redistribute:
        reqs.append(_redistribute(r))
    if uc.self_host:
        reqs.append(_self_host(r))
    if uc.hosted_service:
        reqs.append(_hosted_service(r))
    if uc.field_of_use:
        reqs.append(_field_of_use(r, uc.field_of_use))
    if uc.production:
        reqs.append(_production(r))
    if uc.territory:
        reqs.append(_territory(r, uc.territory))
    lic = model.fact("license")
    lineage = getattr(model, "lineage", None)
    extra: dict[str, Any] = {}
    if lineage is not None and lineage.bases:
        from openness.lineage import effective_license_text

        extra = {
            "effective_license": effective_license_text(lineage, str(lic.value) if lic.known else None),
            "lineage": tuple(lineage.paths()),
            "declared_conflicts": tuple(c.message for c in lineage.conflicts),
            "lineage_findings": tuple(f"{f.code}: {f.message}" for f in lineage.findings),
        }
    return Verdict(
        model=model.id,
        overall=worst(q.verdict for q in reqs),
        requirements=tuple(reqs),
        usecase=uc,
        name=model.name,
        license=str(lic.value) if lic.known else None,
        **extra,
    )


def check_all(models: Iterable[Model], usecase: UseCase | Mapping[str, Any]) -> list[Verdict]:
    """Check several models; ranked: allowed first, then conditional, unknown, blocked; then by id."""
    verdicts = [check(m, usecase) for m in models]
    return sorted(verdicts, key=lambda v: (rank(v.overall), v.model))


__all__ = [
    "VERDICTS",
    "UseCase",
    "Requirement",
    "Verdict",
    "check",
    "check_all",
    "read_usecase",
    "parse_amount",
    "format_amount",
    "worst",
    "rank",
]
