"""May this repository ship?  Find the models a codebase uses, judge each under a policy, report.

::

    from openness.scan import scan
    from openness.scan.policy import Policy
    report = scan(["."], policy=Policy.from_dict({"commercial": True, "monthly_active_users": "800M"}))
    report.failed          # True when a model is blocked (or unknown, if the policy says so)
    report.render("sarif") # text, github, json, sarif, cyclonedx

The pipeline: :mod:`openness.scan.finders` finds references (``file:line:col``), :mod:`openness.scan.resolve`
resolves them through the catalog, cached model cards and their lineage and judges them under the
:mod:`openness.scan.policy`, :mod:`openness.scan.formats` writes the outputs.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from typing import Any

from openness import frozen as attrs
from openness.scan.finders import Hit, find
from openness.scan.policy import Policy

TYPE_CHECKING = False
if TYPE_CHECKING:
    from openness.scan.resolve import Outcome

__all__ = ["Hit", "Reference", "Report", "scan", "Policy"]


@attrs.frozen
class Reference:
    """One reference and what the policy makes of the model it names."""

    hit: Hit
    outcome: Outcome

    @property
    def verdict(self) -> str:
        return self.outcome.verdict


@attrs.frozen
class Report:
    findings: tuple[Reference, ...]
    policy: Policy
    files_read: int = 0

    @property
    def models(self) -> list[Outcome]:
        """Each model once (by its resolved identity): blocked first, then unknown, conditional, allowed; then by key."""
        from openness.usecase import rank

        seen: dict[str, Outcome] = {}
        for f in self.findings:
            seen.setdefault(f.outcome.resolution.key, f.outcome)
        return sorted(seen.values(), key=lambda o: (-rank(o.verdict), o.resolution.key))

    def places(self, key: str) -> list[Hit]:
        return [f.hit for f in self.findings if f.outcome.resolution.key == key]

    @property
    def failed(self) -> bool:
        return any(self.policy.fails(f.verdict) for f in self.findings)

    def render(self, fmt: str) -> str:
        from openness.scan import formats

        return formats.render(self, fmt)


def scan(
    paths: Sequence[str | os.PathLike[str]] = (".",),
    catalog: Any = None,
    policy: Policy | None = None,
    exclude: Iterable[str] = (),
    catalog_dirs: Sequence[str | os.PathLike[str]] = (),
) -> Report:
    """Scan files and folders; every reference found is judged (an unresolvable one is unknown).

    Without ``catalog``, the shipped catalog (and ``catalog_dirs``) is loaded, and only when
    something was found: a repository with no model reference costs the walk and the reads.
    """
    policy = policy or Policy()
    hits, read = find(paths, (*policy.exclude, *exclude))
    if not hits:
        return Report((), policy, read)
    if catalog is None:
        from openness.catalog import load_catalog

        catalog = load_catalog(*catalog_dirs)
    from openness.scan.resolve import Resolver, evaluate

    cards = {h.text: h.card for h in hits if h.kind == "card"}
    resolver = Resolver(catalog, cards)
    outcomes: dict[tuple[str, str], Outcome] = {}
    findings = []
    for h in hits:
        k = (h.kind, h.text)
        if k not in outcomes:
            outcomes[k] = evaluate(resolver.resolve(h), policy)
        findings.append(Reference(h, outcomes[k]))
    return Report(tuple(findings), policy, read)
