"""Records: frozen attrs classes built from validated documents by ``from_dict`` factories."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cached_property

from openness import frozen as attrs
from openness import vocabulary as vocab

TYPE_CHECKING = False  # typing's own flag, without importing typing at run time
if TYPE_CHECKING:
    from typing import Any

#: Keys that mark a mapping in a document as a fact node.
FACT_KEYS = frozenset({"value", "unknown"})


@attrs.frozen
class Evidence:
    """A source (a ``seeds/`` file or an https address) and a verbatim quote from it."""

    source: str
    quote: str
    locator: str | None = None
    #: When the source was read (YYYY-MM-DD).
    read: str | None = None

    @property
    def primary(self) -> bool:
        """Addresses point at the primary text (a license, a vendor page); seeds are articles."""
        return self.source.startswith("https://")

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Evidence:
        return cls(source=d["source"], quote=d["quote"], locator=d.get("locator"), read=d.get("read"))

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"source": self.source, "quote": self.quote}
        if self.locator:
            out["locator"] = self.locator
        if self.read:
            out["read"] = self.read
        out["primary"] = self.primary
        return out


@attrs.frozen
class Claim:
    """What a secondary source says that disagrees with the primary text."""

    claim: str
    evidence: Evidence

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Claim:
        return cls(claim=d["claim"], evidence=Evidence.from_dict(d))

    def to_dict(self) -> dict[str, Any]:
        return {"claim": self.claim, **self.evidence.to_dict()}


@attrs.frozen
class Hop:
    """One step of a lineage path: the base a model names, how, and what it resolved to."""

    #: The base as the card or record names it (a hub repository id, or a catalog id).
    repo: str
    #: finetune, adapter, quantized or merge, when the hub says; else None.
    relation: str | None = None
    #: Where the base was read: ``base_model``, ``cardData.base_model``, ``tag base_model:…``.
    via: str = "base_model"
    #: The catalog id or dump record id it resolved to (None when it did not resolve).
    resolved: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"repo": self.repo, "relation": self.relation, "via": self.via, "resolved": self.resolved}


def path_text(path: tuple[Hop, ...]) -> str:
    """``meta-llama/Llama-3.1-8B-Instruct (base_model)``, or ``b (base_model, finetune) via a/gguf``: the
    last hop first, then the hops that lead to it."""
    if not path:
        return ""
    last = path[-1]
    how = ", ".join(x for x in (last.via, last.relation) if x)
    text = f"{last.repo} ({how})"
    if len(path) > 1:
        text += " via " + " → ".join(h.repo for h in path[:-1])
    return text


@attrs.frozen
class Inheritance:
    """Where an inherited fact came from: the base's license and the lineage path to that base."""

    license: str
    license_name: str
    path: tuple[Hop, ...]

    @property
    def text(self) -> str:
        """``inherited from meta-llama/Llama-3.1-8B-Instruct (base_model)``."""
        return "inherited from " + path_text(self.path)

    def to_dict(self) -> dict[str, Any]:
        return {"license": self.license, "license_name": self.license_name, "path": [h.to_dict() for h in self.path], "text": self.text}


def newest(dates: Iterable[str | None]) -> str | None:
    """The latest of the dates given (YYYY-MM-DD compares as text), None when none is."""
    return max((d for d in dates if d), default=None)


#: :meth:`Fact.unrecorded`'s facts, by path.
_UNRECORDED: dict[str, Fact] = {}


@attrs.frozen
class Fact:
    """One fact: its value and evidence, or why it is unknown."""

    path: str
    value: Any = None
    known: bool = True
    evidence: tuple[Evidence, ...] = ()
    unknown: str | None = None
    note: str | None = None
    claims: tuple[Claim, ...] = ()
    #: Identity metadata (a license's id or category) carries no evidence of its own.
    derived: bool = False
    #: For a derivative's effective terms: the base this fact was inherited from (None: its own).
    inherited: Inheritance | None = None

    @classmethod
    def from_node(cls, path: str, node: Mapping[str, Any]) -> Fact:
        claims = tuple(Claim.from_dict(c) for c in node.get("claims", ()))
        if "unknown" in node:
            return cls(path, None, False, (), node["unknown"], node.get("note"), claims)
        ev = tuple(Evidence.from_dict(e) for e in node.get("evidence", ()))
        return cls(path, node["value"], True, ev, None, node.get("note"), claims)

    def to_node(self) -> dict[str, Any]:
        """The fact as it is written in a file (the inverse of :meth:`from_node`)."""
        node: dict[str, Any] = {"value": self.value} if self.known else {"unknown": self.unknown}
        if self.known:
            node["evidence"] = [_evidence_node(e) for e in self.evidence]
        if self.note:
            node["note"] = self.note
        if self.claims:
            node["claims"] = [{"claim": c.claim, **_evidence_node(c.evidence)} for c in self.claims]
        return node

    @classmethod
    def unrecorded(cls, path: str) -> Fact:
        """The fact at a path no record sets (one object a path: it is immutable, and models
        that lack the same fact share it)."""
        made = _UNRECORDED.get(path)
        if made is None or made.__class__ is not cls:
            made = _UNRECORDED[path] = cls(path, None, False, (), "not recorded in the catalog")
        return made

    @property
    def display(self) -> str:
        """The value as a short text (``unknown`` when unknown)."""
        return display_value(self.value) if self.known else "unknown"

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"path": self.path, "known": self.known}
        if self.known:
            out["value"] = self.value
        else:
            out["unknown"] = self.unknown
        out["evidence"] = [e.to_dict() for e in self.evidence]
        if self.note:
            out["note"] = self.note
        if self.claims:
            out["conflicts"] = [c.to_dict() for c in self.claims]
        if self.inherited is not None:
            out["inherited_from"] = self.inherited.to_dict()
        return out


def _evidence_node(e: Evidence) -> dict[str, Any]:
    node = {"source": e.source, "quote": e.quote}
    if e.locator:
        node["locator"] = e.locator
    if e.read:
        node["read"] = e.read
    return node


def _nest_facts(facts: Mapping[str, Fact], out: dict[str, Any]) -> dict[str, Any]:
    for path, fact in facts.items():
        node = out
        parts = path.split(".")
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = fact.to_node()
    return out


def _plain(out: dict[str, Any], **fields: Any) -> dict[str, Any]:
    for key, value in fields.items():
        if value not in (None, ()):
            out[key] = list(value) if isinstance(value, tuple) else value
    return out


def display_value(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None:
        return "none"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        return ", ".join(display_value(v) for v in value)
    if isinstance(value, dict):
        if "threshold" in value:
            return f"{_count(value['threshold'])} {value.get('metric', '').replace('_', ' ')}".strip()
        return ", ".join(f"{k}: {display_value(v)}" for k, v in value.items())
    return str(value)


def _count(n: float) -> str:
    for size, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if n >= size:
            q = n / size
            return f"{q:g}{suffix}"
    return f"{n:g}"


def _get(data: Mapping[str, Any], dotted: str) -> Any:
    node: Any = data
    for part in dotted.split("."):
        if not (type(node) is dict or isinstance(node, Mapping)) or part not in node:  # dict first: no ABC check
            return None
        node = node[part]
    return node


def facts_from(data: Mapping[str, Any], specs: Mapping[str, vocab.FactSpec], groups: Mapping[str, vocab.FactSpec] = {}) -> dict[str, Fact]:
    """The facts a document sets, keyed by path, in vocabulary order."""
    out: dict[str, Fact] = {}
    for path in specs:
        node = _get(data, path)
        if (type(node) is dict or isinstance(node, Mapping)) and FACT_KEYS & node.keys():
            out[path] = Fact.from_node(path, node)
    for group in groups:
        for name, node in sorted((data.get(group) or {}).items()):
            out[f"{group}.{name}"] = Fact.from_node(f"{group}.{name}", node)
    return out


def _with_open_for(facts: dict[str, Fact], spdx: Any) -> dict[str, Fact]:
    """A license's facts, with ``open_for.<kind>`` judged from the Model Openness Tool's license
    lists by the record's SPDX id where the record does not state them."""
    missing = [k for k in vocab.OPEN_FOR_KINDS if f"open_for.{k}" not in facts]
    if not missing or not isinstance(spdx, str) or not spdx:
        return facts
    from openness import motlicenses

    judged = motlicenses.judge(spdx)
    out = dict(facts)
    for kind in missing:
        # derived: judged from the package's snapshot of the MOT's lists (checked against the
        # lists themselves by the tests), not stated by the record, so `audit` does not count it
        out[f"open_for.{kind}"] = attrs.evolve(Fact.from_node(f"open_for.{kind}", judged[kind]), derived=True)
    return {p: out[p] for p in vocab.LICENSE_FACTS if p in out}


def open_for_spdx(spdx: str, kind: str) -> Fact:
    """The ``open_for.<kind>`` fact of a license known only by its SPDX id (no license record)."""
    from openness import motlicenses

    return attrs.evolve(Fact.from_node(f"open_for.{kind}", motlicenses.judge(spdx)[kind]), derived=True)


@attrs.frozen
class License:
    id: str
    name: str
    url: str
    category: str
    facts: Mapping[str, Fact]
    version_date: str | None = None
    spdx: str | None = None
    hf_id: str | None = None
    aliases: tuple[str, ...] = ()
    notes: str | None = None
    file: str | None = None

    @classmethod
    def from_dict(cls, d: Mapping[str, Any], file: str | None = None) -> License:
        return cls(
            id=d["id"],
            name=d["name"],
            url=d["url"],
            category=d["category"],
            facts=_with_open_for(facts_from(d, vocab.LICENSE_FACTS), d.get("spdx")),
            version_date=d.get("version_date"),
            spdx=d.get("spdx"),
            hf_id=d.get("hf_id"),
            aliases=tuple(d.get("aliases", ())),
            notes=d.get("notes"),
            file=file,
        )

    def names(self) -> dict[str, tuple[Any, ...]]:
        """Every name the license is looked up by (id, name, aliases, SPDX and hub ids), each
        with where it is written in the file."""
        out: dict[str, tuple[Any, ...]] = {self.id: ("id",)}
        out.setdefault(self.name, ("name",))
        for i, n in enumerate(self.aliases):
            out.setdefault(n, ("aliases", i))
        for key in ("spdx", "hf_id"):
            value = getattr(self, key)
            if value:
                out.setdefault(value, (key,))
        return out

    @cached_property
    def newest_read(self) -> str | None:
        """The date the newest of its sources was read (the evidence's ``read:``), if any says."""
        return newest(e.read for f in self.facts.values() for e in f.evidence)

    def meta_facts(self) -> dict[str, Fact]:
        """Identity fields, as facts that rubrics can read under ``license.``."""
        out = {}
        for key in vocab.LICENSE_META:
            value = getattr(self, key)
            if value is not None:
                out[key] = Fact(key, value, True, (), derived=True)
        return out

    def fact(self, path: str) -> Fact:
        return self.facts.get(path) or Fact.unrecorded(path)

    def as_license_fact(self, sub: str) -> Fact | None:
        """Its fact (or identity field) ``sub`` as a model reads it, under ``license.<sub>``; made
        once per license record (every model under it reads the same facts)."""
        made: dict[str, Fact | None] = self.__dict__.setdefault("_as_license_facts", {})
        if sub not in made:
            found = self.facts.get(sub) or self.meta_facts().get(sub)
            made[sub] = None if found is None else attrs.evolve(found, path=f"license.{sub}")
        return made[sub]

    def to_document(self) -> dict[str, Any]:
        """The record as it is written in a license file (``License.from_dict`` reads it back)."""
        out = _plain(
            {},
            id=self.id,
            name=self.name,
            url=self.url,
            version_date=self.version_date,
            spdx=self.spdx,
            hf_id=self.hf_id,
            category=self.category,
            aliases=self.aliases,
            notes=self.notes,
        )
        out = _nest_facts({p: f for p, f in self.facts.items() if not f.derived}, out)  # derived ones are judged again
        out.setdefault("terms", {})
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "url": self.url,
            "category": self.category,
            "version_date": self.version_date,
            "spdx": self.spdx,
            "hf_id": self.hf_id,
            "aliases": list(self.aliases),
            "notes": self.notes,
            "facts": {p: f.to_dict() for p, f in self.facts.items()},
        }


@attrs.frozen
class Model:
    id: str
    name: str
    facts: Mapping[str, Fact]
    family: str | None = None
    aliases: tuple[str, ...] = ()
    hf_repos: tuple[str, ...] = ()
    notes: str | None = None
    file: str | None = None
    #: Names the Hugging Face hub used for these repositories before they were renamed.
    hf_repos_former: tuple[str, ...] = ()
    #: The license record the model's ``license`` fact names, joined in by the catalog.
    license_record: License | None = attrs.field(default=None, eq=False, repr=False)
    #: The license records its components name (license id -> record), joined in by the catalog.
    component_licenses: Mapping[str, License] = attrs.field(factory=dict, eq=False, repr=False)
    #: For a derivative whose effective terms were computed: its :class:`openness.lineage.Lineage`.
    lineage: Any = attrs.field(default=None, eq=False, repr=False)

    @classmethod
    def from_dict(cls, d: Mapping[str, Any], file: str | None = None) -> Model:
        return cls(
            id=d["id"],
            name=d["name"],
            facts=facts_from(d, vocab.MODEL_FACTS, vocab.MODEL_GROUPS),
            family=d.get("family"),
            aliases=tuple(d.get("aliases", ())),
            hf_repos=tuple(d.get("hf_repos", ())),
            notes=d.get("notes"),
            file=file,
            hf_repos_former=tuple(d.get("hf_repos_former", ())),
        )

    @cached_property
    def newest_read(self) -> str | None:
        """The date the newest of its sources was read (the evidence's ``read:``), if any says."""
        return newest(e.read for f in self.facts.values() for e in f.evidence)

    @property
    def all_facts(self) -> dict[str, Fact]:
        """The model's own facts and its license's, the latter under ``license.``."""
        out = dict(self.facts)
        lic = self.license_record
        if lic is not None:
            for path, fact in {**lic.meta_facts(), **lic.facts}.items():
                out[f"license.{path}"] = attrs.evolve(fact, path=f"license.{path}")
        return out

    def fact(self, path: str) -> Fact:
        """The fact at ``path``; a path may go one step into a structured value, or into the
        license record a component is under (``components.<name>.license.<license fact>``)."""
        own = self.facts.get(path)
        if own is not None:
            return own
        comp = vocab.component_license_path(path)
        if comp is not None:
            return self._component_license_fact(path, *comp)
        if path.startswith("license."):
            lic = self.license_record
            if lic is not None:
                found = lic.as_license_fact(path[8:])
                if found is not None:
                    return found
        head, _, field = path.rpartition(".")
        if head and vocab.spec_for(head) is not None:
            parent = self.fact(head)
            if parent.known:
                value = parent.value.get(field) if isinstance(parent.value, dict) else None
                return attrs.evolve(parent, path=path, value=value)
            if parent.unknown != Fact.unrecorded(head).unknown:
                return attrs.evolve(parent, path=path)
        return Fact.unrecorded(path)

    def _component_license_fact(self, path: str, component: str, sub: str) -> Fact:
        parent = self.facts.get(f"components.{component}")
        if parent is None:
            return Fact.unrecorded(path)
        if not parent.known:
            return attrs.evolve(parent, path=path)
        value = parent.value if isinstance(parent.value, dict) else {}
        lic_id, spdx = value.get("license"), value.get("spdx")
        if lic_id and lic_id != "unspecified":
            record = self.component_licenses.get(lic_id)
            if record is None and self.license_record is not None and self.license_record.id == lic_id:
                record = self.license_record
            if record is None:
                return Fact(path, None, False, (), f"the component's license {lic_id} is not joined in (no license record of that id was loaded)")
            found = record.facts.get(sub) or record.meta_facts().get(sub)
            if found is None:
                return Fact(path, None, False, (), f"the license record {lic_id} does not record {sub}")
            return attrs.evolve(found, path=path)
        if spdx and sub.startswith("open_for."):
            return attrs.evolve(open_for_spdx(spdx, sub.split(".", 1)[1]), path=path)
        if lic_id == "unspecified":
            return Fact(path, None, False, (), f"components.{component} is recorded without a license (unspecified), so no license record says {sub}")
        return Fact(path, None, False, (), f"components.{component} records no license")

    def to_document(self) -> dict[str, Any]:
        """The record as it is written in a model file (``Model.from_dict`` reads it back)."""
        out = _plain(
            {},
            id=self.id,
            name=self.name,
            family=self.family,
            aliases=self.aliases,
            hf_repos=self.hf_repos,
            hf_repos_former=self.hf_repos_former,
            notes=self.notes,
        )
        return _nest_facts(self.facts, out)

    def names(self) -> dict[str, tuple[Any, ...]]:
        """Every name the model is looked up by (id, name, aliases, hub repositories, current
        and former), each with where it is written in the file."""
        out: dict[str, tuple[Any, ...]] = {self.id: ("id",)}
        out.setdefault(self.name, ("name",))
        for key in ("aliases", "hf_repos", "hf_repos_former"):
            for i, n in enumerate(getattr(self, key)):
                out.setdefault(n, (key, i))
        return out

    def value(self, path: str, default: Any = None) -> Any:
        f = self.fact(path)
        return f.value if f.known else default

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "family": self.family,
            "aliases": list(self.aliases),
            "hf_repos": list(self.hf_repos),
            "hf_repos_former": list(self.hf_repos_former),
            "notes": self.notes,
            "facts": {p: f.to_dict() for p, f in sorted(self.all_facts.items())},
        }
