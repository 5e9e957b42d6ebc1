"""openness: how open is an AI model, and may we use it for what we want?

The public API (everything else is internal)::

    import openness
    catalog = openness.load_catalog()
    rubric = openness.load_rubric("articles")
    card = openness.score(catalog.model("llama-3.1"), rubric)
    table = openness.compare(catalog.models, rubric)
    print(table.render("github"))

Importing the package is cheap: the modules behind these functions load on first use.
Library calls write nothing to your home folder: they keep parsed files in a cache only when
``OPENNESS_CACHE_DIR`` names a folder for it (the ``openness`` command always uses one).
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing on every start
if TYPE_CHECKING:
    import os
    from collections.abc import Mapping, Sequence
    from typing import Any

    from openness.catalog import Catalog
    from openness.comparison import Comparison
    from openness.diffing import Diff
    from openness.errors import Finding, OpennessError, UsageError
    from openness.lineage import Lineage, Resolver
    from openness.records import License, Model
    from openness.rubric import Rubric
    from openness.scoring import Scorecard
    from openness.usecase import UseCase, Verdict

__version__ = "0.2.0"

__all__ = [
    "Finding",
    "OpennessError",
    "UsageError",
    "load_catalog",
    "load_rubric",
    "score",
    "compare",
    "validate",
    "check",
    "diff",
    "load_card",
    "lineage_of",
    "effective",
    "__version__",
]


def load_catalog(*dirs: str | os.PathLike[str], shipped: bool = True) -> Catalog:
    """Load the shipped catalog plus any folders of your own (later folders override by id)."""
    from openness.catalog import load_catalog as _load

    return _load(*dirs, shipped=shipped)


def load_rubric(name: str | os.PathLike[str], dirs: Sequence[str | os.PathLike[str]] = (), *, shipped: bool = True) -> Rubric:
    """A rubric by name (``"articles"``) from the shipped rubrics and ``dirs``, or by file path."""
    from openness.rubric import load_rubric as _load

    return _load(name, dirs, shipped=shipped)


def score(model: Model, rubric: Rubric) -> Scorecard:
    """Score one model under one rubric.  Pure: no I/O."""
    from openness.scoring import score as _score

    return _score(model, rubric)


def compare(models: Sequence[Model], rubrics: Rubric | Sequence[Rubric], *, catalog_version: str | None = None) -> Comparison:
    """Score models side by side; ``.render(fmt)`` gives text, markdown, csv, json or any tabulate format.
    ``catalog_version`` (``catalog.version``) is recorded in the JSON output."""
    from openness.comparison import compare as _compare

    return _compare(models, rubrics, catalog_version=catalog_version)


def validate(*paths: str | os.PathLike[str]) -> list[Finding]:
    """Every finding for the given files or folders (default: everything shipped)."""
    from openness.validator import validate_paths

    return validate_paths(paths)


def check(model: Model, usecase: UseCase | Mapping[str, Any]) -> Verdict:
    """May this model be used for this?  ``usecase`` is a :class:`UseCase` or a mapping such as
    ``{"commercial": True, "monthly_active_users": "800M", "distill": True}``.  Pure: no I/O."""
    from openness.usecase import check as _check

    return _check(model, usecase)


def diff(a: Model | License, b: Model | License) -> Diff:
    """Every fact that differs between two models (or two licenses), with both sides' evidence."""
    from openness.diffing import diff as _diff

    return _diff(a, b)


def load_card(path: str | os.PathLike[str], catalog: Catalog | None = None) -> Model:
    """A Hugging Face model card (a README.md with YAML front matter) as a :class:`Model` with its
    *effective* terms: its declared license combined with what each base's license says a
    derivative carries (``terms.derivatives``), each inherited fact remembering the base and the
    path it came from (``fact.inherited``); ``model.lineage`` holds the traced :class:`Lineage`
    (ancestors, findings such as cycles or missing bases, declared-versus-inherited conflicts).
    ``catalog`` defaults to the shipped one."""
    from openness.lineage import load_card as _load_card

    return _load_card(path, catalog)


def lineage_of(model: Model, resolver: Resolver | None = None) -> Lineage:
    """The lineage of a model: every base it was made from (through the catalog and, given a
    :class:`Resolver` over a dump's records, those records), any number of hops, with findings."""
    from openness.lineage import Resolver as _Resolver
    from openness.lineage import lineage_of as _lineage_of

    return _lineage_of(model, resolver if resolver is not None else _Resolver(load_catalog()))


def effective(model: Model, resolver: Resolver | None = None) -> Model:
    """The model with its effective terms (see :func:`load_card`); a model that names no base
    (an official catalog record) is returned with its own terms."""
    from openness.lineage import Resolver as _Resolver
    from openness.lineage import effective as _effective

    return _effective(model, resolver if resolver is not None else _Resolver(load_catalog()))


def __getattr__(name: str) -> Any:
    """Exceptions and record classes, loaded lazily: ``openness.Finding``, ``openness.Model`` …"""
    homes = {
        "Finding": "openness.errors",
        "OpennessError": "openness.errors",
        "UsageError": "openness.errors",
        "Catalog": "openness.catalog",
        "Model": "openness.records",
        "License": "openness.records",
        "Fact": "openness.records",
        "Evidence": "openness.records",
        "Rubric": "openness.rubric",
        "Criterion": "openness.rubric",
        "Scorecard": "openness.scoring",
        "CriterionResult": "openness.scoring",
        "Comparison": "openness.comparison",
        "Table": "openness.render",
        "UseCase": "openness.usecase",
        "Verdict": "openness.usecase",
        "Requirement": "openness.usecase",
        "Diff": "openness.diffing",
        "Lineage": "openness.lineage",
        "Resolver": "openness.lineage",
        "Ancestor": "openness.lineage",
        "History": "openness.diffing",
    }
    if name in homes:
        import importlib

        return getattr(importlib.import_module(homes[name]), name)
    raise AttributeError(f"module 'openness' has no attribute {name!r}")
