"""Load model and license folders, resolve references and aliases, look records up."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

from openness import cache, files, sources
from openness import frozen as attrs
from openness.errors import Finding, OpennessError, UsageError
from openness.records import License, Model, newest

TYPE_CHECKING = False  # typing's own flag, without importing typing at run time
if TYPE_CHECKING:
    from typing import Any

    from openness import yamlio

KINDS = {"models": "model", "licenses": "license"}


def real_path(path: os.PathLike[str] | str) -> Path:
    """The real path, as ``Path.resolve()`` gives it, but a link loop (``RuntimeError`` before
    Python 3.13) stays as it is: reading it is what reports it."""
    return Path(os.path.realpath(path))


def display_name(path: Path) -> str:
    """How a file is named in messages: relative to the shipped data or the working folder."""
    try:
        real = path.resolve(strict=True)
    except FileNotFoundError:  # a broken link is named as itself, not as where it points
        real = path.absolute()
    except (OSError, RuntimeError):  # a link loop (RuntimeError before Python 3.13), a name too long
        return str(path)
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
    if root.is_file():
        return [root]
    found = [p for sub in KINDS for p in sorted((root / sub).glob("*.y*ml"))]
    if not found and root.is_dir():
        # every entry named *.yaml, whatever it is: one that is not a regular file (a pipe, a
        # folder, a broken link) becomes a finding when it is read, as `validate` reports it
        found = sorted(root.rglob("*.y*ml"))
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
            from openness import yamlio

            try:
                doc = yamlio.load(self.path, self.name)
            except OpennessError:  # pragma: no cover - it loaded a moment ago
                return Finding(self.name, 1, 1, code, message, yamlio.dotted(where))
        return doc.finding(where, code, message)


def local_sources(data: Any, roots: tuple[Path, ...]) -> dict[str, Path]:
    """The local files a document's evidence cites, by the source as written (where a source
    resolves and what the file holds decide its quote checks)."""
    from openness import checks

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


def read_cached(path: Path, kind: str | None, roots: tuple[Path, ...], check: Any, variant: str = "") -> tuple[str, Any, yamlio.Document | None, list[Finding]]:
    """(kind, data, document, findings) for a file, from the cache of clean documents when possible.

    ``check(doc, kind)`` returns the findings of one parsed document; only a document with none
    is cached.  ``variant`` names checks that depend on more than the file (it is part of the key).
    """
    name = display_name(path)
    try:  # a regular file only: a named pipe, a device, a folder or a broken link is a finding
        raw = files.read_regular(path, name)
    except OpennessError as exc:
        return kind or "model", None, None, list(exc.findings)
    store = cache.store()
    # the name shown follows links, the id check uses the name as given: both are in the key
    k = cache.key(raw, f"{name}\n{path.name}{variant}", kind or "auto")
    hit = store.get(k)
    if hit is not None and _resolve_alike(hit.get("sources"), roots):
        return hit["kind"], hit["data"], None, []
    from openness import yamlio  # a miss: the file is parsed

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


def _check_document(path: Path, roots: tuple[Path, ...], texts: Path | None = None) -> Any:
    def check(doc: yamlio.Document, kind: str) -> list[Finding]:
        from openness import checks
        from openness.validation import schema_findings

        found = schema_findings(doc, kind)
        found += checks.markup_findings(doc)
        if isinstance(doc.data, dict):
            found += checks.evidence_findings(doc, roots, texts if kind == "license" else None)
            ident = doc.data.get("id")
            if isinstance(ident, str) and ident != path.stem and kind in ("model", "license"):
                found.append(doc.finding(("id",), "id-filename", f"expected the id to match the file name {path.stem!r}; found {ident!r}"))
        return found

    return check


def read_file(path: Path, root: Path, roots: tuple[Path, ...], kind: str | None = None) -> tuple[Loaded | None, list[Finding]]:
    """Parse, schema-check and build one catalog file; every problem becomes a finding."""
    kind = kind or next((KINDS[p] for p in reversed(path.parent.parts) if p in KINDS), None)
    from openness.snapshots import kept_texts

    index = kept_texts(path) if kind == "license" else None
    # the offline check reads the catalog's texts index too: a change to it means a full check
    variant = f"\noffline {cache.file_digest(index)}" if index is not None else ""
    kind, data, doc, found = read_cached(path, kind, roots, _check_document(path, roots, index), variant)
    name = display_name(path)
    if found or data is None:
        return None, found
    record = (Model if kind == "model" else License).from_dict(data, file=name)
    return Loaded(kind, path, name, root, record, doc), []


def _lookup(records: Sequence[Any], name: str, own: frozenset[str], kind: str) -> Any:
    """The record ``name`` means, by the lookup rule (case-insensitive):

    1. a record whose id is ``name`` (a record of your own with a shipped id replaces the shipped one);
    2. else a shipped record with that name, alias or other identifier (hub repository, former
       hub repository, SPDX or hub license id): your records never capture a shipped one's names;
    3. else one of your own records with that name, alias or identifier.

    Several records at the same step is a usage error that lists them; none returns None.
    """
    key = name.strip().lower()
    for r in records:
        if r.id.lower() == key:
            return r
    for mine in (False, True):
        hits = [r for r in records if (r.id in own) == mine and key in {n.lower() for n in r.names()}]
        if len(hits) == 1:
            return hits[0]
        if hits:
            listed = ", ".join(f"{r.id} ({r.file})" if r.file else r.id for r in hits)
            raise UsageError(f"{name!r} names {len(hits)} {kind}s: {listed}; give one's id")
    return None


def _how(record: Any, name: str) -> str:
    """Which of a record's names ``name`` is (its id, an alias, its hub id …)."""
    key = name.strip().lower()
    for n, where in record.names().items():
        if n.lower() == key:
            return {
                "id": "its id",
                "name": "its name",
                "aliases": "an alias",
                "hf_repos": "a hub repository",
                "hf_repos_former": "a former hub repository",
                "spdx": "its SPDX id",
                "hf_id": "its hub license id",
            }[where[0]]
    return "a name"


@attrs.frozen
class Catalog:
    """Models (with their licenses joined in) and licenses, sorted by id.

    ``own_models`` and ``own_licenses`` are the ids of records that came from your own folders
    and are not in the shipped catalog; ``replaced`` the ``(kind, id)`` of shipped records that
    a record of your own replaced by its id.
    """

    models: tuple[Model, ...]
    licenses: tuple[License, ...]
    roots: tuple[Path, ...] = ()
    own_models: frozenset[str] = frozenset()
    own_licenses: frozenset[str] = frozenset()
    replaced: frozenset[tuple[str, str]] = frozenset()
    #: The newest ``read:`` date of the records' evidence, when worked out as they were loaded.
    newest_read: str | None = attrs.field(default=None, eq=False, repr=False)

    @property
    def version(self) -> str | None:
        """The catalog's data version: the date its newest source was read (the evidence's
        ``read:``), so that a scorecard can say which catalog produced it; None when no
        evidence records a reading."""
        if self.newest_read is not None:
            return self.newest_read
        records: list[Model | License] = [*self.models, *self.licenses]
        return newest(r.newest_read for r in records)

    def model(self, name: str) -> Model:
        """A model by id, name, alias or Hugging Face repository id, current or former
        (case-insensitive; see :func:`_lookup` for which record wins)."""
        found: Model | None = _lookup(self.models, name, self.own_models, "model")
        if found is not None:
            return found
        message = _unknown("model", name, [m.id for m in self.models])
        lic = _lookup(self.licenses, name, self.own_licenses, "license")
        if lic is not None:
            under = [m.id for m in self.models if m.value("license") == lic.id]
            models = f"; models under it: {', '.join(under)}" if under else ""
            message = f"no model named {name!r}: it is {_how(lic, name)} of the license {lic.id}{models}"
        raise UsageError(message)

    def license(self, name: str) -> License:
        """A license by id, name, alias, SPDX id or hub license id (case-insensitive)."""
        found: License | None = _lookup(self.licenses, name, self.own_licenses, "license")
        if found is not None:
            return found
        raise UsageError(_unknown("license", name, [x.id for x in self.licenses]))

    def record(self, name: str, prefer: str | None = None) -> Model | License:
        """A model or a license by any of its names, for commands that take either.

        A name that is one record's id means that record; a name that means a model and a
        license otherwise is a usage error listing both, unless ``prefer`` (``model`` or
        ``license``) says which kind is meant.
        """
        model: Model | None = _lookup(self.models, name, self.own_models, "model")
        lic: License | None = _lookup(self.licenses, name, self.own_licenses, "license")
        if model is not None and lic is not None:
            key = name.strip().lower()
            if (model.id.lower() == key) != (lic.id.lower() == key):
                return model if model.id.lower() == key else lic
            if prefer in ("model", "license"):
                return model if prefer == "model" else lic
            raise UsageError(f"{name!r} names both the model {model.id} ({_how(model, name)}) and the license {lic.id} ({_how(lic, name)}); give one's id")
        if model is not None:
            return model
        if lic is not None:
            return lic
        names = [m.id for m in self.models] + [x.id for x in self.licenses]
        import difflib

        close = difflib.get_close_matches(name.lower(), names, n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(close)}?" if close else "; `openness list` shows them"
        raise UsageError(f"no model or license named {name!r}{hint}")

    def names(self, kind: str = "model") -> dict[str, str | None]:
        """Lower-cased name -> id of the record it means by :meth:`model`'s rule (None where a
        name is ambiguous), for looking many names up at once."""
        records, own = (self.models, self.own_models) if kind == "model" else (self.licenses, self.own_licenses)
        out: dict[str, str | None] = {}
        for mine in (True, False):  # later steps overwrite earlier ones: shipped over own, ids over all
            step: dict[str, str | None] = {}
            for r in records:
                if (r.id in own) != mine:
                    continue
                for n in {n.lower() for n in r.names()}:
                    step[n] = r.id if step.get(n, r.id) == r.id else None
            out.update(step)
        out.update({r.id.lower(): r.id for r in records})
        return out

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
    import difflib

    close = difflib.get_close_matches(str(name).lower(), list(known), n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else f" (`openness list {kind}s` shows them)"
    return f"expected the id of a {kind} in the catalog; found {name!r}, which no {kind} file has{hint}"


def _unknown(kind: str, name: str, known: Iterable[str]) -> str:
    import difflib

    close = difflib.get_close_matches(name.lower(), list(known), n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else f"; `openness list {kind}s` shows them"
    return f"no {kind} named {name!r}{hint}"


def _roots(dirs: Sequence[str | os.PathLike[str]], shipped: bool) -> tuple[Path, ...]:
    roots = [sources.shipped("catalog")] if shipped else []
    for d in dirs:
        p = Path(d)
        if not os.path.exists(p):  # False for a name too long or a link loop, where Path.exists raises
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
        built = cache.image(allowed) if root == sources.shipped("catalog") else None
        if built is not None:  # the package's snapshot of the shipped records, still true of the files
            base = sources.data_root()
            loaded += [Loaded(kind, base / name, name, root, record) for kind, name, record in built]
            if len(roots) == 1:  # the shipped catalog alone: checked and joined when it was built
                return _joined(loaded, roots)
            continue
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
                    found.append(item.finding((*path.split("."), "value", "license"), "ref-license", _bad_ref("license", ref, licenses)))
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


def _joined(loaded: list[Loaded], roots: tuple[Path, ...]) -> Catalog:
    """The catalog of records that were checked together and joined when the package's snapshot
    was built (see :func:`openness.snapshot.build`): what :func:`_assemble` would make of them."""
    models = sorted((i.record for i in loaded if i.kind == "model"), key=lambda m: m.id)
    licenses = sorted((i.record for i in loaded if i.kind == "license"), key=lambda x: x.id)
    return Catalog(models=tuple(models), licenses=tuple(licenses), roots=roots, newest_read=newest(r.newest_read for r in (*licenses, *models)))


def _assemble(loaded: list[Loaded], roots: tuple[Path, ...]) -> Catalog:
    sink: list[Finding] = []
    licenses = {k: v.record for k, v in _by_id(loaded, "license", sink).items()}
    by_model = _by_id(loaded, "model", sink)
    models = []
    for item in by_model.values():
        m: Model = item.record
        lic = m.facts.get("license")
        record = licenses.get(lic.value) if lic is not None and lic.known else None
        parts = {
            f.value["license"]: licenses[f.value["license"]]
            for p, f in m.facts.items()
            if p.startswith("components.") and f.known and isinstance(f.value, dict) and f.value.get("license") in licenses
        }
        models.append(attrs.evolve(m, license_record=record, component_licenses=parts))
    shipped = roots[0] if roots and roots[0] == sources.shipped("catalog") else None
    origin: dict[tuple[str, str], set[bool]] = {}
    for item in loaded:
        origin.setdefault((item.kind, item.record.id), set()).add(item.root == shipped)
    own = {key for key, where in origin.items() if True not in where}
    replaced = {key for key, where in origin.items() if where == {True, False}}
    return Catalog(
        models=tuple(sorted(models, key=lambda m: m.id)),
        licenses=tuple(sorted(licenses.values(), key=lambda x: x.id)),
        roots=roots,
        own_models=frozenset(i for k, i in own if k == "model"),
        own_licenses=frozenset(i for k, i in own if k == "license"),
        replaced=frozenset(replaced),
        newest_read=newest(r.newest_read for r in (*licenses.values(), *(i.record for i in by_model.values()))),
    )


#: How each kind of name is called in a clash finding.
_NAME_KINDS = {
    "id": "the id",
    "name": "the name",
    "aliases": "an alias",
    "hf_repos": "a hub repository",
    "hf_repos_former": "a former hub repository",
    "spdx": "the SPDX id",
    "hf_id": "the hub license id",
}


def name_clashes(loaded: Sequence[Loaded], shipped_root: Path | None, only: Iterable[Path] | None = None) -> list[Finding]:
    """Every name two records of one kind share (id, name, alias, hub repository, SPDX or hub
    license id; case-insensitive), as a finding in each file, naming the other file.

    A record of your own with a shipped record's id replaces it: that is said as a ``notice``.  Any
    other shared name is an error: the lookup rule decides which record it means, and the other
    record silently loses the name.  ``only``: report in these files alone.
    """
    wanted = None if only is None else {real_path(p) for p in only}

    def is_shipped(item: Loaded) -> bool:
        try:
            return shipped_root is not None and real_path(item.path).is_relative_to(shipped_root)
        except OSError:  # pragma: no cover
            return False

    def _where(item: Loaded) -> str:
        return f"{item.name} of the shipped catalog" if is_shipped(item) else item.name

    found: list[Finding] = []
    for kind in ("model", "license"):
        index: dict[str, list[tuple[Loaded, tuple[Any, ...]]]] = {}
        for item in loaded:
            if item.kind != kind or item.record is None:
                continue
            seen: set[str] = set()
            for n, where in item.record.names().items():
                if n.lower() not in seen:
                    seen.add(n.lower())
                    index.setdefault(n.lower(), []).append((item, where))
        for key in sorted(index):
            entries = index[key]
            for item, where in entries:
                if wanted is not None and real_path(item.path) not in wanted:
                    continue
                for other, other_where in entries:
                    if other is item or real_path(other.path) == real_path(item.path):
                        continue
                    same_id = item.record.id == other.record.id
                    if same_id and where[0] != "id":
                        continue  # reported once, at the id
                    if same_id:
                        if other.root == item.root or is_shipped(item):
                            continue  # a duplicate id in one folder is reported by _by_id
                        found.append(
                            attrs.evolve(
                                item.finding(
                                    ("id",), "replaces", f"this {kind} replaces the {kind} {item.record.id!r} of {_where(other)} (by its id, as intended)"
                                ),
                                severity="notice",
                            )
                        )
                        continue
                    found.append(
                        item.finding(
                            where,
                            "name-clash",
                            f"expected each name to mean one {kind}; found {_shown_name(item, where)} is also {_NAME_KINDS[other_where[0]]} of the {kind} "
                            f"{other.record.id!r} in {_where(other)}"
                            + (
                                "; a shipped record keeps its names: remove it here, or replace that record by its id"
                                if is_shipped(other)
                                else "; rename or remove one"
                            ),
                        )
                    )
    return found


def _shown_name(item: Loaded, where: tuple[Any, ...]) -> str:
    value = item.record.id if where[0] == "id" else item.record.name if where[0] == "name" else getattr(item.record, where[0])
    if len(where) > 1:
        value = value[where[1]]
    return f"{_NAME_KINDS[where[0]]} {value!r}"
