"""Load model and license folders, resolve references and aliases, look records up."""

from __future__ import annotations

import difflib
import os
from functools import lru_cache
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import attrs

from openness import cache, checks, sources, yamlio
from openness.errors import Finding, OpennessError, UsageError
from openness.records import License, Model
from openness.resultcache import probe
from openness.validation import schema_findings

KINDS = {"models": "model", "licenses": "license"}


def display_name(path: Path) -> str:
    """How a file is named in messages: relative to the shipped data or the working folder."""
    real = path.resolve()
    for base in (_resolved(sources.data_root()), _resolved(Path.cwd())):
        try:
            return real.relative_to(base).as_posix()
        except ValueError:
            continue
    return str(path)


@lru_cache(maxsize=8)
def _resolved(path: Path) -> Path:
    return path.resolve()


def kind_of(path: Path, data: Any = None) -> str:
    """``model`` or ``license``, from the folder a file is in, else from its keys."""
    for part in reversed(path.parent.parts):
        if part in KINDS:
            return KINDS[part]
    if isinstance(data, dict) and "terms" in data:
        return "license"
    if isinstance(data, dict) and "criteria" in data:
        return "rubric"
    return "model"


def catalog_files(root: Path) -> list[Path]:
    """The YAML files of one catalog folder, in a stable order."""
    probe(root)
    if root.is_file():
        return [root]
    for sub in KINDS:
        probe(root / sub)  # globbing a folder that isn't there lists nothing, and says nothing
    found = [p for sub in KINDS for p in sorted((root / sub).glob("*.y*ml"))]
    if not found and root.is_dir():
        found = sorted(p for p in root.rglob("*.y*ml") if p.is_file())
    return found


@attrs.frozen
class Loaded:
    """One parsed, schema-checked file (its document is parsed again only if a message needs it)."""

    kind: str
    path: Path
    name: str
    root: Path
    record: Any = None
    doc: yamlio.Document | None = attrs.field(default=None, eq=False, repr=False)

    def finding(self, where: tuple[Any, ...], code: str, message: str) -> Finding:
        doc = self.doc
        if doc is None:
            try:
                doc = yamlio.load(self.path, self.name)
            except OpennessError:  # pragma: no cover - it loaded a moment ago
                return Finding(self.name, 1, 1, code, message, yamlio.dotted(where))
        return doc.finding(where, code, message)


def local_sources(data: Any, roots: tuple[Path, ...]) -> dict[str, Path]:
    """The local files a document's evidence cites, by the source as written (where a source
    resolves and what the file holds decide its quote checks)."""
    out = {}
    for _, node in checks.walk(data):
        if isinstance(node, dict) and isinstance(node.get("source"), str) and isinstance(node.get("quote"), str):
            local, _problem = sources.resolve(node["source"], roots)
            if local is not None:
                out[node["source"]] = local
    return out


def _resolve_alike(resolved: Any, roots: tuple[Path, ...]) -> bool:
    """Whether each cited source still resolves to the file it did when the entry was made: a
    file added to an earlier root, or a link pointed elsewhere, means a full check."""
    if not isinstance(resolved, dict):
        return False
    for source, path in resolved.items():
        if not isinstance(source, str) or not isinstance(path, str):
            return False
        local, _problem = sources.resolve(source, roots)
        if local is None or str(local) != path:
            return False
    return True


def read_cached(path: Path, kind: str | None, roots: tuple[Path, ...], check: Any) -> tuple[str, Any, yamlio.Document | None, list[Finding]]:
    """(kind, data, document, findings) for a file, from the cache of clean documents when possible.

    ``check(doc, kind)`` returns the findings of one parsed document; only a document with none
    is cached.
    """
    name = display_name(path)
    try:
        with open(path, "rb") as fh:
            raw = fh.read(yamlio.MAX_BYTES + 1)
    except OSError as exc:
        return kind or "model", None, None, [Finding(name, 0, 0, "io", f"expected a readable file; found that it cannot be read: {exc.strerror or exc}")]
    store = cache.store()
    # the name shown follows links, the id check uses the name as given: both are in the key
    k = cache.key(raw, f"{name}\n{path.name}", kind or "auto")
    hit = store.get(k)
    if hit is not None and _resolve_alike(hit.get("sources"), roots):
        return hit["kind"], hit["data"], None, []
    try:
        doc = yamlio.loads(raw, name)
    except OpennessError as exc:
        return kind or "model", None, None, list(exc.findings)
    kind = kind or kind_of(path, doc.data)
    found = check(doc, kind)
    if not found:
        cited = local_sources(doc.data, roots)
        store.put(k, kind, doc.data, list(cited.values()), {source: str(path) for source, path in cited.items()})
    return kind, doc.data, doc, found


def _check_document(path: Path, roots: tuple[Path, ...]) -> Any:
    def check(doc: yamlio.Document, kind: str) -> list[Finding]:
        found = schema_findings(doc, kind)
        found += checks.markup_findings(doc)
        if isinstance(doc.data, dict):
            found += checks.evidence_findings(doc, roots)
            ident = doc.data.get("id")
            if isinstance(ident, str) and ident != path.stem and kind in ("model", "license"):
                found.append(doc.finding(("id",), "id-filename", f"expected the id to match the file name {path.stem!r}; found {ident!r}"))
        return found

    return check


def read_file(path: Path, root: Path, roots: tuple[Path, ...], kind: str | None = None) -> tuple[Loaded | None, list[Finding]]:
    """Parse, schema-check and build one catalog file; every problem becomes a finding."""
    kind = kind or next((KINDS[p] for p in reversed(path.parent.parts) if p in KINDS), None)
    kind, data, doc, found = read_cached(path, kind, roots, _check_document(path, roots))
    name = display_name(path)
    if found or data is None:
        return None, found
    record = (Model if kind == "model" else License).from_dict(data, file=name)
    return Loaded(kind, path, name, root, record, doc), []


@attrs.frozen
class Catalog:
    """Models (with their licenses joined in) and licenses, sorted by id."""

    models: tuple[Model, ...]
    licenses: tuple[License, ...]
    roots: tuple[Path, ...] = ()

    def model(self, name: str) -> Model:
        """A model by id, name, alias or Hugging Face repository id (case-insensitive)."""
        key = name.strip().lower()
        for m in self.models:  # an exact id first: a record's id never resolves to another's alias
            if m.id == key:
                return m
        for m in self.models:
            names = {m.id, m.name, *m.aliases, *m.hf_repos}
            if key in {n.lower() for n in names}:
                return m
        raise UsageError(_unknown("model", name, [m.id for m in self.models]))

    def license(self, name: str) -> License:
        key = name.strip().lower()
        for lic in self.licenses:
            names = {lic.id, lic.name, *lic.aliases, *(x for x in (lic.spdx, lic.hf_id) if x)}
            if key in {n.lower() for n in names}:
                return lic
        raise UsageError(_unknown("license", name, [x.id for x in self.licenses]))

    def select(self, names: Sequence[str] | None) -> list[Model]:
        """The named models in the order given, or every model when no name is given."""
        if not names:
            return list(self.models)
        out: list[Model] = []
        for n in names:
            m = self.model(n)
            if m not in out:
                out.append(m)
        return out

    def family(self, family: str) -> list[Model]:
        return [m for m in self.models if (m.family or "").lower() == family.lower()]


def _bad_ref(kind: str, name: str, known: Iterable[str]) -> str:
    """A finding's message for a reference to a record that does not exist."""
    close = difflib.get_close_matches(str(name).lower(), list(known), n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else f" (`openness list {kind}s` shows them)"
    return f"expected the id of a {kind} in the catalog; found {name!r}, which no {kind} file has{hint}"


def _unknown(kind: str, name: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(name.lower(), list(known), n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else f"; `openness list {kind}s` shows them"
    return f"no {kind} named {name!r}{hint}"


def _roots(dirs: Sequence[str | os.PathLike[str]], shipped: bool) -> tuple[Path, ...]:
    roots = [sources.shipped("catalog")] if shipped else []
    for d in dirs:
        p = Path(d)
        if not p.exists():
            raise UsageError(f"no such catalog folder: {d}")
        roots.append(p)
    return tuple(roots)


def load_catalog(*dirs: str | os.PathLike[str], shipped: bool = True) -> Catalog:
    """Load the shipped catalog and any folders given (later folders override by id).

    Raises :class:`OpennessError` with every finding of every file when anything is wrong.
    """
    roots = _roots(dirs, shipped)
    allowed = (sources.data_root(), *roots)
    loaded, found = [], []
    for root in roots:
        for path in catalog_files(root):
            item, problems = read_file(path, root, allowed)
            found += problems
            if item is not None and item.record is not None:
                loaded.append(item)
    found += _check_links(loaded)
    cache.store().save()
    if found:
        raise OpennessError(found)
    return _assemble(loaded, roots)


def _by_id(loaded: list[Loaded], kind: str, found: list[Finding]) -> dict[str, Loaded]:
    out: dict[str, Loaded] = {}
    reported: set[str] = set()
    for item in loaded:
        if item.kind != kind:
            continue
        prev = out.get(item.record.id)
        if prev is not None and prev.root == item.root:
            found.append(item.finding(("id",), "duplicate-id", f"expected a {kind} id used once; found {item.record.id!r} also in {prev.name}"))
            if prev.name not in reported:
                reported.add(prev.name)
                found.append(prev.finding(("id",), "duplicate-id", f"expected a {kind} id used once; found {item.record.id!r} also in {item.name}"))
            continue
        out[item.record.id] = item  # a later folder overrides the shipped record
    return out


def _check_links(loaded: list[Loaded]) -> list[Finding]:
    """Cross-file checks: unique ids, license and base-model references, base-model cycles."""
    found: list[Finding] = []
    models = _by_id(loaded, "model", found)
    licenses = _by_id(loaded, "license", found)
    for item in models.values():
        m: Model = item.record
        lic = m.facts.get("license")
        if lic is not None and lic.known and lic.value not in licenses:
            found.append(item.finding(("license", "value"), "ref-license", _bad_ref("license", lic.value, licenses)))
        for path, fact in m.facts.items():
            if path.startswith("components.") and fact.known:
                ref = fact.value.get("license")
                if ref and ref != "unspecified" and ref not in licenses:
                    found.append(
                        item.finding((*path.split("."), "value", "license"), "ref-license", _bad_ref("license", ref, licenses))
                    )
        base = m.facts.get("base_model")
        if base is not None and base.known and base.value not in models:
            found.append(item.finding(("base_model", "value"), "ref-model", _bad_ref("model", base.value, models)))
    # cycles through base_model
    parent = {i: it.record.facts["base_model"].value for i, it in models.items() if "base_model" in it.record.facts and it.record.facts["base_model"].known}
    reported: set[str] = set()
    for start in sorted(parent):
        seen: list[str] = []
        node: str | None = start
        while node in parent and node not in seen:
            seen.append(node)
            node = parent[node]
        if node == start and start not in reported:
            reported.update(seen)
            chain = " -> ".join([*seen, start])
            for member in seen:
                found.append(models[member].finding(("base_model", "value"), "base-model-cycle", f"expected base_model links to end; found a cycle {chain}"))
    return found


def _assemble(loaded: list[Loaded], roots: tuple[Path, ...]) -> Catalog:
    sink: list[Finding] = []
    licenses = {k: v.record for k, v in _by_id(loaded, "license", sink).items()}
    models = []
    for item in _by_id(loaded, "model", sink).values():
        m: Model = item.record
        lic = m.facts.get("license")
        record = licenses.get(lic.value) if lic is not None and lic.known else None
        parts = {
            f.value["license"]: licenses[f.value["license"]]
            for p, f in m.facts.items()
            if p.startswith("components.") and f.known and isinstance(f.value, dict) and f.value.get("license") in licenses
        }
        models.append(attrs.evolve(m, license_record=record, component_licenses=parts))
    return Catalog(
        models=tuple(sorted(models, key=lambda m: m.id)),
        licenses=tuple(sorted(licenses.values(), key=lambda x: x.id)),
        roots=roots,
    )
