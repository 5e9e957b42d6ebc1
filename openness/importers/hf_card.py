"""Import a Hugging Face model card (README.md with YAML front matter) as a model record.

The front matter is parsed by :mod:`openness.yamlio` (no network, no huggingface_hub): the keys
read are few and documented by the hub (``license``, ``license_name``, ``license_link``,
``base_model``, ``base_model_relation``, ``pipeline_tag``, ``extra_gated_*``, ``model-index``),
and the importer needs each key's exact line for its evidence quote, which only our own parser
keeps.  What the card does not say is recorded as unknown.
"""

from __future__ import annotations

import re
from pathlib import Path

from openness import yamlio
from openness.errors import Finding, OpennessError
from openness.importers import hub
from openness.importers.common import LINE_BREAK, Origin, evidence_roots, get, local_source, read_text, text_value, unknown

TYPE_CHECKING = False  # typing's own flag, without importing typing at run time
if TYPE_CHECKING:
    from typing import Any

_FENCE = re.compile(r"^---[ \t]*$")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$")
#: ``models--owner--name`` folders of the hub's local cache (huggingface_hub's layout).
_CACHE_DIR = re.compile(r"^models--([A-Za-z0-9][\w.-]*)--([\w.-]+)$")

RELATIONS = ("finetune", "adapter", "quantized", "merge")


def front_matter(text: str, name: str) -> tuple[yamlio.Document, int]:
    """The parsed front matter and the 1-based line of its closing fence."""
    lines = LINE_BREAK.split(text)
    if not lines or not _FENCE.match(lines[0]):
        raise OpennessError([Finding(name, 1, 1, "card-front-matter", "expected a model card starting with YAML front matter (a '---' line); found none")])
    for i in range(1, len(lines)):
        if _CLOSE.match(lines[i]):
            close = i + 1
            break
    else:
        raise OpennessError([Finding(name, 1, 1, "card-front-matter", "expected the front matter to end with a '---' line; found the end of the file")])
    if close == 2 or not "".join(lines[1 : close - 1]).strip():
        raise OpennessError([Finding(name, 1, 1, "card-front-matter", "expected metadata in the front matter; found it empty")])
    # the opening fence stays in: it is a YAML document start, and line numbers stay the file's
    doc = yamlio.loads("\n".join(lines[: close - 1]) + "\n", name)
    if not isinstance(doc.data, dict):
        raise OpennessError([doc.finding((), "card-front-matter", f"expected the front matter to be a mapping of keys; found {type(doc.data).__name__}")])
    return doc, close


def repo_from_path(path: Path) -> str | None:
    """``owner/name`` from a hub cache path (``…/models--owner--name/snapshots/<rev>/README.md``)."""
    for part in reversed(path.resolve().parts):
        m = _CACHE_DIR.match(part)
        if m:
            return f"{m.group(1)}/{m.group(2)}"
    return None


def card_address(repo: str) -> str:
    return f"https://huggingface.co/{repo}/blob/main/README.md"


def import_card(
    path: str | Path,
    catalog: Any,
    *,
    repo: str | None = None,
    model_id: str | None = None,
    out: Path | None = None,
    catalog_dirs: tuple[str, ...] = (),
    display: str | None = None,
    cite: str | None = None,
) -> dict[str, Any]:
    """A model record (a plain mapping in the catalog's format) from a model card.

    ``catalog`` maps license identifiers and base models; ``out`` is where the record will be
    written (it decides which local paths evidence may cite); ``cite`` names the card as evidence
    for a record that is not written (``openness.load_card``).
    """
    path = Path(path)
    name = display or str(path)
    text = read_text(path, name)
    doc, close = front_matter(text, name)
    data = doc.data
    lines = LINE_BREAK.split(text)

    if repo is not None and not hub.REPO_ID.match(repo):
        from openness.errors import UsageError

        raise UsageError(f"expected --repo as owner/name (a Hugging Face repository id); found {repo!r}")
    index_name = text_value(get(data, "model-index", 0, "name"))
    repo = repo or (index_name if index_name and hub.REPO_ID.match(index_name) else None) or repo_from_path(path)

    source: str | None
    if repo:
        source, why = card_address(repo), ""
    elif cite:  # a record kept in memory (openness.load_card): the card file is the evidence
        source, why = cite, ""
    else:
        source = local_source(path, evidence_roots(out, catalog_dirs))
        why = (
            ""
            if source
            else f"not sourced: the card {name} cannot be cited as a local file (evidence may cite files in the shipped data, "
            "a --catalog folder or the record's own folder, first match wins) and its hub repository is not known (give --repo OWNER/NAME)"
        )
    o = Origin(doc, text, source, why)

    display_name = (index_name if index_name and "/" not in index_name else None) or (repo.split("/", 1)[1] if repo else None)
    display_name = display_name or (path.resolve().parent.name if path.name.lower() == "readme.md" else path.stem) or "imported model"
    record: dict[str, Any] = {
        "id": model_id or hub.slug(repo.split("/", 1)[1] if repo else display_name),
        "name": display_name,
    }
    if repo:
        record["hf_repos"] = [repo]

    record["status"] = unknown("A model card's metadata does not state a release status.")

    # ------------------------------------------------------------------ license
    lic_raw = data.get("license")
    lic_id, why_lic = catalog_license(catalog).hub(lic_raw, data.get("license_name"), data.get("license_link"))
    named = ("license",), ("license_name",), ("license_link",)
    lic_paths = [p for p in (named if str(lic_raw).strip().lower() == "other" else named[:1]) if o.has(p)]
    if "license" in data and text_value(lic_raw) is not None:
        record["hf_license"] = o.fact(str(lic_raw).strip(), ("license",), note=f"A license identifier of the Hugging Face hub ({hub.HUB_LICENSES_SOURCE}).")
    elif "license" not in data:
        record["hf_license"] = unknown("The card's front matter has no license key.")
    if lic_id is not None:
        record["license"] = o.fact(lic_id, *lic_paths, note=_sentence(why_lic))
    else:
        record["license"] = unknown(_sentence(why_lic) if "license" in data else "The card's front matter has no license key.")

    # ------------------------------------------------------------------ access
    gates = [k for k in data if isinstance(k, str) and k.startswith("extra_gated_")]
    if gates:
        weights = o.fact(
            "gated", (gates[0],), note="The card's front matter has extra_gated_* keys: the hub asks for an access request before the files can be downloaded."
        )
    else:
        anchor = ("license",) if o.has(("license",)) else (next(iter(data)),)
        weights = o.fact(
            "open",
            anchor,
            note="The card's front matter has no extra_gated_* key, so the hub serves the files without an access request "
            "(a repository can also be gated in its settings, which the card does not show).",
        )
    record["access"] = {"weights": weights}

    # ------------------------------------------------------------------ modality
    tag = data.get("pipeline_tag")
    if isinstance(tag, str) and tag in hub.PIPELINE_MODALITY:
        record["modality"] = o.fact(hub.PIPELINE_MODALITY[tag], ("pipeline_tag",), note=f"From the hub's pipeline tag {tag}.")

    # ------------------------------------------------------------------ base model
    _base_model(record, data, o, catalog)

    # ------------------------------------------------------------------ components
    body = next((ln.strip() for ln in lines[close:] if len(ln.strip()) >= 8), None)
    if body is not None:
        node = o.fact({"available": "public"}, quotes=[body[:300].rstrip()], note="The model card itself, on the hub.")
        if "value" in node:
            record["components"] = {"model_card": node}

    where = source or name
    record["notes"] = f"Imported from the Hugging Face model card {where} by openness import hf-card; facts its front matter does not state are unknown."
    _lineage_notes(record, data, catalog)
    return record


def _lineage_notes(record: dict[str, Any], data: dict[str, Any], catalog: Any) -> None:
    """Record what the bases resolve to and the effective terms they give (openness.lineage):
    in the base_models note, and any declared-versus-inherited conflict in the notes."""
    from openness.lineage import Resolver, bases_of, effective
    from openness.records import Model

    bases = bases_of(data)
    if not bases or not isinstance(record.get("base_models"), dict):
        return
    try:
        model = Model.from_dict(record)
    except (KeyError, TypeError, ValueError):  # pragma: no cover - the record is built above
        return
    lic = model.facts.get("license")
    own = next((x for x in getattr(catalog, "licenses", ()) if lic is not None and lic.known and x.id == lic.value), None)
    from openness import frozen as attrs

    eff = effective(attrs.evolve(model, license_record=own), Resolver(catalog), bases)
    lin = eff.lineage
    resolved = "; ".join(
        f"{a.text} resolves to " + (f"a record under {a.license.id}" if a.license is not None and a.unknown is None else f"nothing known ({a.unknown})")
        for a in lin.ancestors
    )
    inherited = [
        f"{path} = {f.display if f.known else 'unknown'} ({f.inherited.text})"
        for path, f in (eff.license_record.facts.items() if eff.license_record is not None else ())
        if f.inherited is not None
    ]
    node = record["base_models"]
    text = f"Lineage: {resolved or 'no base resolved'}."
    if inherited:
        text += " Effective terms inherited: " + "; ".join(inherited) + "."
    for f in lin.findings:
        text += f" {f.code}: {f.message}."
    node["note"] = (node.get("note", "") + " " + text).strip()
    for c in lin.conflicts:
        record["notes"] += f" Declared versus inherited: {c.message}."


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def _base_model(record: dict[str, Any], data: dict[str, Any], o: Origin, catalog: Any) -> None:
    if "base_model" not in data:
        return
    raw = data["base_model"]
    bases = [b for b in (raw if isinstance(raw, list) else [raw]) if text_value(b)]
    relation = data.get("base_model_relation")
    rel_text = relation if isinstance(relation, str) and relation in RELATIONS else None
    if rel_text:
        record.setdefault("figures", {})["base_model_relation"] = o.fact(
            rel_text, ("base_model_relation",), note="How the hub says this model derives from its base model."
        )
    how = f" ({rel_text})" if rel_text else ""
    if bases:
        # what binds: every base, as the card names it (lineage traces them; see openness.lineage)
        record["base_models"] = o.fact(
            [str(b).strip() for b in bases], ("base_model",), note="The card's base models: their licenses' terms.derivatives decide what this model inherits."
        )
        if rel_text:
            record["base_model_relation"] = o.fact(rel_text, ("base_model_relation",))
    if len(bases) != 1:
        listed = ", ".join(map(str, bases)) or "none"
        record["base_model"] = unknown(f"The card names {len(bases)} base models{how}: {listed}; the catalog records one.")
        if bases:
            record.setdefault("figures", {})["base_models"] = o.fact([str(b) for b in bases], ("base_model",))
        return
    base = str(bases[0]).strip()
    found = _catalog_model(catalog, base)
    if found is None:
        record["base_model"] = unknown(f"The card's base model{how} is the hub repository {base}, which has no record in the catalog.")
        record.setdefault("figures", {})["base_model_repo"] = o.fact(base, ("base_model",))
        return
    record["base_model"] = o.fact(found, ("base_model",), *([("base_model_relation",)] if rel_text else []), note=f"The hub repository {base}{how}.")


def _catalog_model(catalog: Any, name: str) -> str | None:
    from openness.errors import UsageError

    try:
        return str(catalog.model(name).id)
    except UsageError:
        return None


def catalog_license(catalog: Any) -> hub.LicenseIndex:
    """The license index of a catalog: hub identifiers and license names to license ids."""
    return hub.LicenseIndex(catalog.licenses, getattr(catalog, "own_licenses", ()))
