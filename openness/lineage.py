"""Lineage: the bases a derivative was made from, and the terms it carries because of them.

A fine-tune, quantization, adapter or merge names its bases in hub metadata (the hub documents
the keys in huggingface/hub-docs ``docs/hub/model-cards.md``, "Specifying a base model"):

* ``base_model`` — a repository id, or a list of them (several bases: a merge);
* ``base_model_relation`` — ``finetune``, ``adapter``, ``quantized`` or ``merge``;
* the tags the hub derives from them, ``base_model:<repo>`` and ``base_model:<relation>:<repo>``
  (read as ``via: tag``);
* in the hub API's model records the card's metadata is under ``cardData``.

:func:`bases_of` reads these from a card's front matter or a hub record.  :func:`trace` walks the
bases through a :class:`Resolver` (the catalog, and in bulk the dump's own records) over any
number of hops; cycles, self-references, missing bases and overlong chains become
:class:`LineageFinding`\\ s, never errors.  :func:`effective_terms` combines a model's own license
facts with what every ancestor's license says a derivative carries (its ``terms.derivatives``,
read through :data:`openness.vocabulary.DERIVATIVE_CARRIES`): each fact takes the most restrictive
value (:data:`openness.vocabulary.RESTRICTIVE_ORDER`) and remembers where it came from.  A base
that cannot be resolved makes every inherited fact unknown, never allowed.

Catalog records are official releases: their license is the grant a user receives, so a
catalog model ends a lineage (its own ``base_model`` is the licensor's provenance, not a
third party's obligation).  A record with ``base_models`` (what ``openness import hf-card``
writes) is a derivative and is traced like a card.

Pure: no I/O except :func:`load_card`.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from openness import frozen as attrs
from openness import vocabulary as vocab
from openness.records import Fact, Hop, Inheritance, License, Model, path_text

TYPE_CHECKING = False  # typing's own flag, without importing typing at run time
if TYPE_CHECKING:
    from typing import Any

#: Hops after which a chain is cut (and its remaining terms are unknown).
MAX_HOPS = 16
RELATIONS = vocab.RELATIONS


# --------------------------------------------------------------------------- reading bases


@attrs.frozen
class BaseRef:
    """A base a model names: the repository, how it derives (if said) and where it was read."""

    repo: str
    relation: str | None = None
    via: str = "base_model"


def _texts(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    if isinstance(value, (list, tuple)):
        return [v.strip() for v in value if isinstance(v, str) and v.strip()]
    return []


def base_tuples(meta: Mapping[str, Any]) -> list[tuple[str, str | None, str]]:
    """The bases named by a card's front matter or a hub record (top level, ``cardData``, tags),
    as ``(repo, relation, where)``: the plain form :func:`bases_of` and the bulk reader share.

    A repository named in several places appears once, with the relation any of them gives;
    a list of several bases with no relation is a merge.  Order: as first named.
    """
    found: dict[str, list[Any]] = {}

    def add(repo: str, relation: str | None, via: str) -> None:
        key = repo.lower()
        old = found.get(key)
        if old is None:
            found[key] = [repo, relation, via]
        elif old[1] is None and relation is not None:
            old[1] = relation

    for where, node in (("base_model", meta), ("cardData.base_model", meta.get("cardData") or meta.get("card_data"))):
        if not isinstance(node, Mapping):
            continue
        repos = _texts(node.get("base_model"))
        rel = node.get("base_model_relation")
        rel = rel.strip().lower() if isinstance(rel, str) and rel.strip().lower() in RELATIONS else None
        if rel is None and len(repos) > 1:
            rel = "merge"
        for r in repos:
            add(r, rel, where)
    tags = meta.get("tags")
    if isinstance(tags, (list, tuple)):
        for t in tags:
            if not isinstance(t, str) or not t.startswith("base_model:"):
                continue
            rest = t[11:]
            head, sep, tail = rest.partition(":")
            if sep and head in RELATIONS and tail.strip():
                add(tail.strip(), head, "tag")
            elif rest.strip() and ":" not in rest:
                add(rest.strip(), None, "tag")
    return [(r, rel, via) for r, rel, via in found.values()]


def bases_of(meta: Mapping[str, Any]) -> tuple[BaseRef, ...]:
    """The bases named by a card's front matter or a hub record (see :func:`base_tuples`)."""
    return tuple(BaseRef(r, rel, via) for r, rel, via in base_tuples(meta))


# --------------------------------------------------------------------------- resolving


@attrs.frozen
class Node:
    """A model in a lineage graph: its key, its license (None: unknown, with why) and its bases."""

    key: str
    name: str
    license: License | None
    license_unknown: str | None = None
    bases: tuple[BaseRef, ...] = ()


class Resolver:
    """Finds the node a base names: in the catalog first, then in a dump's own records.

    ``records`` maps a hub repository id to a node (the dump); the catalog's models are found by
    id, name, alias and every hub repository name, current (``hf_repos``) and former
    (``hf_repos_former``), case-insensitively, and then through
    ``Catalog.model`` (which knows any further names the catalog records).
    """

    def __init__(self, catalog: Any = None, records: Mapping[str, Node] | None = None, *, fallback: bool = True) -> None:
        self.catalog = catalog
        #: Also ask ``Catalog.model`` about names the index does not hold (slow on a miss).
        self.fallback = fallback
        self.records = {k.lower(): v for k, v in (records or {}).items()}
        self.names: dict[str, Model] = {}
        for m in reversed(getattr(catalog, "models", ())):
            for n in m.names():
                self.names[n.lower()] = m
        self._nodes: dict[str, Node] = {}

    def model(self, name: str) -> Model | None:
        """The catalog model a name stands for, or None."""
        m = self.names.get(name.strip().lower())
        if m is None and self.catalog is not None and self.fallback:
            from openness.errors import UsageError

            try:
                m = self.catalog.model(name)
            except (UsageError, ValueError, AttributeError):
                m = None
        return m

    def resolve(self, name: str) -> Node | None:
        """The node a base names: an official catalog record first (it ends the lineage), then a
        record of the dump."""
        key = name.strip().lower()
        if key in self._nodes:
            return self._nodes[key]
        m = self.model(name)
        node = node_of_model(m, self) if m is not None else self.records.get(key)
        self._nodes[key] = node  # type: ignore[assignment]
        return node


def _license_unknown(model: Model) -> str | None:
    if model.license_record is not None:
        return None
    lic = model.fact("license")
    return lic.unknown if not lic.known else f"no license record {lic.value!r} in the catalog"


def node_of_model(model: Model, resolver: Resolver | None = None) -> Node:
    """A catalog or card model as a node: official records have no bases (see the module doc)."""
    return Node(f"catalog:{model.id}", model.id, model.license_record, _license_unknown(model), model_bases(model))


def model_bases(model: Model) -> tuple[BaseRef, ...]:
    """The bases a derivative record names in its ``base_models`` fact (with ``base_model_relation``)."""
    f = model.facts.get("base_models")
    if f is None or not f.known:
        return ()
    rel = model.facts.get("base_model_relation")
    relation = rel.value if rel is not None and rel.known else None
    repos = _texts(f.value)
    if relation is None and len(repos) > 1:
        relation = "merge"
    return tuple(BaseRef(r, relation, "base_model") for r in repos)


# --------------------------------------------------------------------------- tracing


@attrs.frozen
class LineageFinding:
    """A problem in a lineage: ``lineage-cycle``, ``lineage-self``, ``lineage-missing``, ``lineage-too-long``."""

    code: str
    message: str
    path: tuple[Hop, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "path": [h.to_dict() for h in self.path]}


@attrs.frozen
class Ancestor:
    """A model a derivative was (directly or indirectly) made from, and the path to it."""

    path: tuple[Hop, ...]
    license: License | None
    #: Why what it passes on is unknown (not resolved, no license, chain too long); None if known.
    unknown: str | None = None

    @property
    def repo(self) -> str:
        return self.path[-1].repo

    @property
    def text(self) -> str:
        return path_text(self.path)

    def to_dict(self) -> dict[str, Any]:
        return {
            "repo": self.repo,
            "license": self.license.id if self.license else None,
            "unknown": self.unknown,
            "path": [h.to_dict() for h in self.path],
            "text": self.text,
        }


@attrs.frozen
class Conflict:
    """A declared license that cannot stand given a base: the term, both facts, and the base."""

    ancestor: Ancestor
    term: str
    declared: Fact
    inherited: Fact
    carries: Fact
    others: tuple[str, ...] = ()

    @property
    def message(self) -> str:
        own, base = self.declared, self.inherited
        lic = self.ancestor.license
        assert lic is not None
        q_own = _quote(own)
        q_base = _quote(base)
        more = f" (and {len(self.others)} more: {', '.join(self.others)})" if self.others else ""
        return (
            f"the declared license says {self.term} is {own.display}{q_own}, but the base {self.ancestor.text} is under "
            f"{lic.name}, which a derivative carries (terms.derivatives = {self.carries.display}{_where(self.carries)}) and which says "
            f"{base.display}{q_base}{more}"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "term": self.term,
            "declared": self.declared.to_dict(),
            "inherited": self.inherited.to_dict(),
            "base": self.ancestor.to_dict(),
            "others": list(self.others),
            "message": self.message,
        }


def _where(f: Fact) -> str:
    e = next((x for x in f.evidence if x.primary), f.evidence[0] if f.evidence else None)
    return f", {e.locator}" if e is not None and e.locator else ""


def _quote(f: Fact) -> str:
    e = next((x for x in f.evidence if x.primary), f.evidence[0] if f.evidence else None)
    if e is None:
        return ""
    where = f", {e.locator}" if e.locator else ""
    return f": “{e.quote}” ({e.source}{where})"


@attrs.frozen
class Lineage:
    """The bases of one model, traced: every ancestor (shortest path first) and every finding."""

    model: str
    bases: tuple[BaseRef, ...]
    ancestors: tuple[Ancestor, ...]
    findings: tuple[LineageFinding, ...] = ()
    conflicts: tuple[Conflict, ...] = ()

    @property
    def derivative(self) -> bool:
        return bool(self.bases)

    @property
    def unresolved(self) -> bool:
        return any(a.unknown is not None for a in self.ancestors)

    def paths(self) -> list[str]:
        return [a.text for a in self.ancestors]

    def to_dict(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "bases": [attrs.asdict(b) for b in self.bases],
            "ancestors": [a.to_dict() for a in self.ancestors],
            "findings": [f.to_dict() for f in self.findings],
            "conflicts": [c.to_dict() for c in self.conflicts],
        }


def trace(start: Node, resolver: Resolver, max_hops: int = MAX_HOPS, own_names: Iterable[str] = ()) -> tuple[list[Ancestor], list[LineageFinding]]:
    """Every ancestor of ``start`` (breadth first, each once, by its shortest path; bases in name
    order so the order a card lists them in changes nothing) and the findings on the way.
    ``own_names`` are other names of the start (its hub repositories): a base by one of them is
    the model itself."""
    own = {n.lower() for n in own_names}
    ancestors: list[Ancestor] = []
    findings: list[LineageFinding] = []
    seen = {start.key}
    queue: deque[tuple[Node, tuple[Hop, ...]]] = deque([(start, ())])
    while queue:
        node, path = queue.popleft()
        on_path = {start.key, *(h.resolved for h in path)}
        for ref in sorted(node.bases, key=lambda b: (b.repo.lower(), b.relation or "", b.via)):
            hop = Hop(ref.repo, ref.relation, ref.via)
            if not path and ref.repo.lower() in own:
                findings.append(LineageFinding("lineage-self", f"expected a base other than the model itself; found {ref.repo}", (hop,)))
                continue
            if len(path) + 1 > max_hops:
                new = (*path, hop)
                findings.append(LineageFinding("lineage-too-long", f"expected a lineage of at most {max_hops} hops; found a longer one at {ref.repo}", new))
                ancestors.append(Ancestor(new, None, f"the lineage is longer than {max_hops} hops; bases beyond {path_text(path)} were not followed"))
                continue
            target = resolver.resolve(ref.repo)
            if target is None:
                new = (*path, hop)
                findings.append(LineageFinding("lineage-missing", f"expected a base the catalog or the input knows; found {ref.repo}, which neither does", new))
                ancestors.append(Ancestor(new, None, f"the base {ref.repo} is not in the catalog or the input, so what it passes on is unknown"))
                continue
            hop = attrs.evolve(hop, resolved=target.name)
            new = (*path, hop)
            if target.key == start.key and not path:
                findings.append(LineageFinding("lineage-self", f"expected a base other than the model itself; found {ref.repo}", new))
                continue
            if target.key in on_path:
                chain = " → ".join([start.name, *(h.repo for h in new)])
                findings.append(LineageFinding("lineage-cycle", f"expected base models to end; found a cycle {chain}", new))
                continue
            if target.key in seen:
                continue  # reached again by another (no shorter) path: a diamond, counted once
            seen.add(target.key)
            why = None if target.license is not None else (target.license_unknown or "its license is unknown")
            ancestors.append(Ancestor(new, target.license, None if why is None else f"the base {ref.repo} has no known license ({why})"))
            queue.append((target, new))
    return ancestors, findings


# --------------------------------------------------------------------------- combining terms


def _order(path: str) -> tuple[Any, ...] | None:
    return vocab.RESTRICTIVE_ORDER.get(path)


def restrictiveness(path: str, fact: Fact) -> tuple[int, float, float]:
    """A sort key: higher is more restrictive.  Unknown ranks above every value except a certain
    prohibition (``vocabulary.WORSE_THAN_UNKNOWN``)."""
    if not fact.known:
        return (2, 0.0, 0.0)
    v = fact.value
    if v in vocab.WORSE_THAN_UNKNOWN:
        return (3, 0.0, 0.0)
    order = _order(path)
    if order is not None:
        try:
            return (1, float(order.index(v)), 0.0)
        except ValueError:
            return (2, 0.0, 0.0)  # a value the order does not know: as unknown
    if vocab.LICENSE_FACTS.get(path) is not None and vocab.LICENSE_FACTS[path].type == "cap":
        if v == "none":
            return (1, 0.0, 0.0)
        if isinstance(v, Mapping):
            beyond = {"paid_license": 1.0, "license_required": 2.0, "prohibited": 3.0}.get(str(v.get("beyond")), 3.0)
            try:
                return (1, 1.0 + beyond, -float(v.get("threshold", 0)))
            except (TypeError, ValueError):
                return (2, 0.0, 0.0)
    # structured terms without an order (a territory's exclusions, duties above a threshold):
    # "none"/"worldwide" bind least, and each excluded region or duty binds more
    if isinstance(v, Mapping):
        return (1, 1.0 + sum(len(x) if isinstance(x, (list, tuple)) else 1 for x in v.values()), 0.0)
    if isinstance(v, (list, tuple)):
        return (1, 1.0 + len(v), 0.0)
    return (1, 0.0, 0.0)


def carried(derivatives: Fact) -> tuple[str, ...] | None:
    """The license fact paths a derivative carries under a base license (None: not known)."""
    if not derivatives.known:
        return None
    rule = vocab.DERIVATIVE_CARRIES.get(derivatives.value)
    if rule is None:
        return None
    return tuple(vocab.LICENSE_FACTS) if "*" in rule else rule


def _inherited_candidates(ancestor: Ancestor) -> dict[str, Fact]:
    """What one ancestor passes on, by license fact path (unknown facts where that is not known)."""
    paths = tuple(vocab.LICENSE_FACTS)
    lic = ancestor.license
    if ancestor.unknown is not None or lic is None:
        inh = Inheritance("unknown", "an unknown license", ancestor.path)
        return {p: Fact(p, None, False, (), f"{ancestor.unknown} (from {ancestor.text})", inherited=inh) for p in paths}
    inh = Inheritance(lic.id, lic.name, ancestor.path)
    d = lic.fact("terms.derivatives")
    carries = carried(d)
    if carries is None:
        why = d.unknown if not d.known else f"terms.derivatives is {d.value!r}"
        reason = f"the base {ancestor.repo} is under {lic.name}, which does not say what binds a derivative ({why})"
        return {p: Fact(p, None, False, (), reason, inherited=inh) for p in paths}
    out = {}
    for p in carries:
        f = lic.fact(p)
        out[p] = attrs.evolve(f, inherited=inh)
    return out


def effective_terms(own: License | None, ancestors: Sequence[Ancestor], own_unknown: str = "the model's license is unknown") -> dict[str, Fact]:
    """The license facts of a derivative: its own, each replaced by a more restrictive inherited one.

    Ties keep the model's own fact, then the ancestor with the shortest path, then by path text,
    so the result does not depend on the order the bases were listed in.
    """
    own_facts = dict(own.facts) if own is not None else {}
    cands: dict[str, list[tuple[tuple[int, str], Fact]]] = {}
    for a in ancestors:
        for p, f in _inherited_candidates(a).items():
            cands.setdefault(p, []).append(((len(a.path), a.text), f))
    out: dict[str, Fact] = {}
    for p in vocab.LICENSE_FACTS:
        if own is not None:
            base = own_facts.get(p)
        else:
            base = Fact(p, None, False, (), own_unknown)
        best = base
        best_key = restrictiveness(p, base) if base is not None else (-1, 0.0, 0.0)
        for _tie, f in sorted(cands.get(p, ()), key=lambda c: c[0]):
            k = restrictiveness(p, f)
            if k > best_key:
                best, best_key = f, k
        if best is not None:
            out[p] = best
    return out


def conflicts(own: License | None, ancestors: Sequence[Ancestor]) -> list[Conflict]:
    """Declared versus inherited: for each base whose carried terms are stricter than the declared
    license's own (or whose share-alike demands the same license), one :class:`Conflict`."""
    if own is None:
        return []
    out = []
    for a in ancestors:
        lic = a.license
        if a.unknown is not None or lic is None or lic.id == own.id:
            continue
        d = lic.fact("terms.derivatives")
        carries = carried(d)
        if not carries:
            continue
        bad: list[tuple[str, Fact, Fact]] = []
        if d.value == "share_alike":
            bad.append(("license", _identity(own), _identity(lic, d)))
        for p in sorted(carries, key=lambda x: x == "osi_approved"):  # terms first
            mine, theirs = own.fact(p), lic.fact(p)
            if mine.known and theirs.known and restrictiveness(p, theirs) > restrictiveness(p, mine):
                bad.append((p, mine, theirs))
        if bad:
            term, mine, theirs = bad[0]
            out.append(Conflict(a, term, mine, theirs, d, tuple(b[0] for b in bad[1:])))
    return out


def _identity(lic: License, derivatives: Fact | None = None) -> Fact:
    """A share-alike base: the license a derivative must be under, as a fact quoting its clause."""
    if derivatives is not None:
        return attrs.evolve(derivatives, path="license", value=lic.id)
    return Fact("license", lic.id, True, tuple(lic.fact("terms.derivatives").evidence))


# --------------------------------------------------------------------------- models


def lineage_of(model: Model, resolver: Resolver, bases: Iterable[BaseRef] | None = None, max_hops: int = MAX_HOPS) -> Lineage:
    """The lineage of a model: its bases (``bases``, else its ``base_models`` fact) traced."""
    refs = tuple(bases) if bases is not None else model_bases(model)
    start = Node(f"model:{model.id}", model.id, model.license_record, _license_unknown(model), refs)
    # the model may also be a record of the catalog or the dump: stop cycles through it too
    for name in (model.id, *model.hf_repos, *model.hf_repos_former):
        other = resolver.resolve(name)
        if other is not None and other.bases == refs:
            start = attrs.evolve(start, key=other.key)
            break
    ancestors, found = trace(start, resolver, max_hops, (model.id, *model.hf_repos, *model.hf_repos_former))
    return Lineage(model.id, refs, tuple(ancestors), tuple(found), tuple(conflicts(model.license_record, ancestors)))


def effective(model: Model, resolver: Resolver, bases: Iterable[BaseRef] | None = None) -> Model:
    """The model with its effective terms: its license record replaced by one whose facts combine
    its own with what every base passes on (each fact remembering where it came from).

    A model with no bases is returned as it is (with an empty lineage attached).
    """
    lin = lineage_of(model, resolver, bases)
    if not lin.ancestors:
        return attrs.evolve(model, lineage=lin)
    own = model.license_record
    why = _license_unknown(model) or "the model's license is unknown"
    facts = effective_terms(own, lin.ancestors, f"the model's own license is unknown ({why})")
    base = own or License(id="unknown", name="unknown license", url="", category=None, facts={})  # type: ignore[arg-type]
    lic = attrs.evolve(base, facts=facts)
    return attrs.evolve(model, license_record=lic, lineage=lin)


def effective_license_text(lin: Lineage | None, own: str | None) -> str:
    """``apache-2.0 + llama-3.1-community``: the declared license and every license inherited from."""
    parts = [own or "unknown"]
    for a in lin.ancestors if lin else ():
        name = a.license.id if a.license is not None and a.unknown is None else "unknown"
        if name not in parts:
            parts.append(name)
    return " + ".join(parts)


# --------------------------------------------------------------------------- cards


def is_card_path(name: str) -> bool:
    """Whether a command-line name is a model-card file (a path that exists, not a catalog id)."""
    if not isinstance(name, str) or not name or "\n" in name:
        return False
    p = Path(name)
    try:
        return p.is_file() and (p.suffix.lower() in (".md", ".markdown") or p.name.lower() == "readme")
    except OSError:
        return False


def load_card(path: str | os.PathLike[str], catalog: Any = None, *, repo: str | None = None) -> Model:
    """A model card (a README.md with YAML front matter) as a :class:`~openness.records.Model`
    with its effective terms: its declared license joined in, its bases traced through the
    catalog, and ``model.lineage`` set.

    Raises :class:`~openness.errors.OpennessError` with located findings for a bad card.
    """
    from openness.catalog import load_catalog
    from openness.importers.common import read_text
    from openness.importers.hf_card import front_matter, import_card

    cat = catalog if catalog is not None else load_catalog()
    p = Path(path)
    record = import_card(p, cat, repo=repo, display=str(path), cite=str(path))
    doc, _close = front_matter(read_text(p, str(path)), str(path))
    model = Model.from_dict(record, file=str(path))
    lic = model.facts.get("license")
    if lic is not None and lic.known:
        found = next((x for x in cat.licenses if x.id == lic.value), None)
        model = attrs.evolve(model, license_record=found)
    return effective(model, Resolver(cat), bases_of(doc.data))


def resolve_model(catalog: Any, name: str) -> Model:
    """A command-line name: a model-card path (with effective terms), else a catalog model
    (with its effective terms when it is a derivative record)."""
    if is_card_path(name):
        return load_card(name, catalog)
    m: Model = catalog.model(name)
    if model_bases(m):
        return effective(m, Resolver(catalog))
    return m


__all__ = [
    "MAX_HOPS",
    "BaseRef",
    "Node",
    "Resolver",
    "Ancestor",
    "Conflict",
    "Lineage",
    "LineageFinding",
    "bases_of",
    "base_tuples",
    "trace",
    "effective_terms",
    "conflicts",
    "lineage_of",
    "effective",
    "effective_license_text",
    "restrictiveness",
    "load_card",
    "resolve_model",
    "is_card_path",
]
