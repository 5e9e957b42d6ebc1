"""Import a Model Openness Tool record (lfai/model_openness_tool ``models/*.yml``) as a model record.

Two shapes of the MOT's YAML are read (``schema/mof_schema.json`` and the tool's serializer):

* every one of the 17 components listed, each with ``license_name`` — a license, ``License not
  specified`` or ``Component not included`` (older records);
* only the components the model includes, each with an optional ``license`` (``unlicensed`` for
  none), resolved exactly as the MOT's ``ModelUpdater`` and ``resolveLicense`` do: the component's
  own ``license`` when it is set (``unlicensed`` or empty: no license, with no fallback), else the
  release's global license for the component's one content type, else its ``distribution``
  license, else none.  A value of another shape (a list, a mapping) is ambiguous: the component's
  license is then an explained unknown, never a guess.

A license name resolves to a catalog license record as ``openness import hf-card`` resolves one
(id, name, alias or SPDX id, case-insensitive).  The MOT itself compares names letter for letter
with the SPDX ids of its lists, so it does not count "Apache 2.0" or "MIT License"; where openness
counts a component the MOT does not (or the other way round), the component's fact says so in a
note.  A name that is an SPDX id on the MOT's lists but has no license record here is kept as the
component's ``spdx``, which the MOT's lists judge (the rubric ``mof`` reads it).

Component names and content types are those of ``mof.settings.yml``.
"""

from __future__ import annotations

from pathlib import Path

from openness import yamlio
from openness.errors import OpennessError
from openness.importers import hub
from openness.importers.common import Origin, evidence_roots, get, load_yaml, local_source, text_value, unknown

TYPE_CHECKING = False  # typing's own flag, without importing typing at run time
if TYPE_CHECKING:
    from typing import Any

#: MOT component name (lower case) -> (catalog component, MOT content type).  The content types
#: are those of mof.settings.yml at lfai/model_openness_tool 8b5d30e90a7c62d7d6ece48b91e69ff495920a4d
#: (one per component since its commit e8ff5b1).
COMPONENTS: dict[str, tuple[str, str]] = {
    "model architecture": ("architecture", "code"),
    "data preprocessing code": ("data_preprocessing_code", "code"),
    "training code": ("training_code", "code"),
    "inference code": ("inference_code", "code"),
    "evaluation code": ("evaluation_code", "code"),
    "supporting libraries and tools": ("supporting_libraries", "code"),
    "model parameters (final)": ("final_weights", "data"),
    "model parameters (intermediate)": ("intermediate_checkpoints", "data"),
    "datasets": ("datasets", "data"),
    "evaluation data": ("evaluation_data", "data"),
    "model metadata": ("model_metadata", "data"),
    "sample model outputs": ("sample_outputs", "document"),
    "model card": ("model_card", "document"),
    "data card": ("data_card", "document"),
    "technical report": ("technical_report", "document"),
    "research paper": ("paper", "document"),
    "evaluation results": ("evaluation_results", "document"),
}
#: The license fact ``open_for.<kind>`` that judges a component of the MOT's content type
#: (the rubric mof reads the same; model parameters are data in the MOT).
KIND = {"code": "code", "data": "data", "document": "documents"}
WEIGHTS = {"final_weights", "intermediate_checkpoints"}

NOT_INCLUDED = "component not included"
NOT_SPECIFIED = {"license not specified", "unlicensed"}

#: MOT release types -> catalog modality.
TYPES = {"language": "text", "code": "code", "image": "image", "vision": "image", "audio": "audio", "video": "video", "multimodal": "multimodal"}


def _problem(name: str, doc: yamlio.Document, where: tuple[Any, ...], message: str) -> OpennessError:
    return OpennessError([doc.finding(where, "mot-format", message)])


def import_mot(
    path: str | Path,
    catalog: Any,
    *,
    source: str | None = None,
    model_id: str | None = None,
    out: Path | None = None,
    catalog_dirs: tuple[str, ...] = (),
    display: str | None = None,
) -> dict[str, Any]:
    name, text, doc = load_yaml(path, display)
    path = Path(path)
    data = doc.data
    if not isinstance(data, dict) or not isinstance(data.get("release"), dict):
        raise OpennessError(
            [doc.finding((), "mot-format", "expected a Model Openness Tool record (framework: and release: mappings); found no release mapping")]
        )
    fw = get(data, "framework", "name")
    if fw is not None and fw != "Model Openness Framework":
        raise _problem(name, doc, ("framework", "name"), f"expected framework.name 'Model Openness Framework'; found {fw!r}")
    rel = data["release"]
    rname = text_value(rel.get("name"))
    if rname is None:
        raise _problem(name, doc, ("release",), "expected release.name, the model's name; found none")
    comps = rel.get("components")
    if comps is not None and not isinstance(comps, list):
        raise _problem(name, doc, ("release", "components"), "expected release.components to be a list")

    o = _origin(doc, text, path, name, source, out, catalog_dirs)
    from openness.importers.hf_card import catalog_license

    index = catalog_license(catalog)
    version = text_value(rel.get("version"))
    record: dict[str, Any] = {"id": model_id or hub.slug(rname), "name": rname}
    hf = hub.repo_from_url(rel.get("huggingface"))
    if hf:
        record["hf_repos"] = [hf]
    producer = text_value(rel.get("producer"))
    if producer:
        record["developer"] = o.fact(producer, ("release", "producer"))
    record["status"] = unknown("A Model Openness Tool record does not state a release status.")
    mtype = rel.get("type")
    if isinstance(mtype, str) and mtype in TYPES:
        record["modality"] = o.fact(TYPES[mtype], ("release", "type"), note=f"The MOT's release type {mtype}.")

    components: dict[str, Any] = {}
    found_names: set[str] = set()
    old_format = any(isinstance(c, dict) and "license_name" in c for c in comps or [])
    for i, c in enumerate(comps or []):
        where = ("release", "components", i)
        if not isinstance(c, dict) or not isinstance(c.get("name"), str):
            raise _problem(name, doc, where, "expected a component with a name")
        key = COMPONENTS.get(" ".join(c["name"].lower().split()))
        if key is None:
            raise _problem(name, doc, (*where, "name"), f"expected one of the MOF's 17 component names; found {c['name']!r}")
        ours, ctype = key
        found_names.add(ours)
        components[ours] = _component(c, where, ctype, rel, o, index, old_format, "weights" if ours in WEIGHTS else KIND[ctype])
    if not old_format:
        for mot_name, (ours, _types) in COMPONENTS.items():
            if ours not in found_names:
                components[ours] = unknown(
                    f"The MOT record does not list the {mot_name} (the MOT lists only the components a model includes, so it counts this one as not included)."
                )
    record["license"] = _model_license(components.get("final_weights"))
    record["access"] = {"weights": unknown("A Model Openness Tool record does not say how the weights can be obtained (open, gated or otherwise).")}
    if components:
        from openness.vocabulary import COMPONENTS as ORDER

        record["components"] = {k: components[k] for k in ORDER if k in components}
    bits = [f"Imported from the Model Openness Tool record {o.source or name} by openness import mot"]
    if version:
        bits.append(f"release version {version}")
    if text_value(rel.get("date")):
        bits.append(f"record dated {text_value(rel.get('date'))}")
    if text_value(rel.get("origin")):
        bits.append(f"origin {text_value(rel.get('origin'))}")
    record["notes"] = "; ".join(bits) + "."
    return record


def _origin(doc: yamlio.Document, text: str, path: Path, name: str, source: str | None, out: Path | None, catalog_dirs: tuple[str, ...]) -> Origin:
    if source:
        if not source.startswith("https://"):
            from openness.errors import UsageError

            raise UsageError(f"expected --source to be an https:// address; found {source!r}")
        return Origin(doc, text, source)
    local = local_source(path, evidence_roots(out, catalog_dirs))
    why = (
        ""
        if local
        else f"not sourced: the file {name} cannot be cited as a local file (evidence may cite files in the shipped data, "
        "a --catalog folder or the record's own folder, first match wins) and its address is not known (give --source https://…)"
    )
    return Origin(doc, text, local, why)


def _component(
    c: dict[str, Any], where: tuple[Any, ...], ctype: str, rel: dict[str, Any], o: Origin, index: Any, old_format: bool, kind: str
) -> dict[str, Any]:
    if old_format:
        raw = c.get("license_name")
        label = text_value(raw)
        if label is None:
            return unknown("The MOT record leaves this component's license blank.")
        low = label.lower()
        if low == NOT_INCLUDED:
            return o.fact({"available": "none"}, where, note="The MOT record says: Component not included.")
        if low in NOT_SPECIFIED:
            return o.fact(
                {"available": "public", "license": "unspecified"},
                where,
                note="The MOT record includes the component without a license (License not specified).",
            )
        return _licensed(label, o, index, [where], kind)
    # newer shape: listed means included.  ModelUpdater keeps a set `license` ('unlicensed' as
    # ''); resolveLicense takes a set one (empty: unlicensed), else the global license for the
    # component's content type, else the distribution license, else none.
    raw = c.get("license")
    if raw is not None:
        if not isinstance(raw, str):
            return unknown(
                f"The MOT record gives this component's license as {type(raw).__name__} {raw!r}, not a license name: which license applies is ambiguous."
            )
        if raw.strip() == "" or raw == "unlicensed":
            return o.fact(
                {"available": "public", "license": "unspecified"},
                where,
                note="The MOT record includes the component as unlicensed (the MOT does not fall back to a global license then).",
            )
        return _licensed(raw, o, index, [where], kind)
    glob = get(rel, "license")
    if glob is not None and not isinstance(glob, dict):
        return unknown(f"The MOT record's release license is {glob!r}, not a mapping of global licenses: which license covers this component is ambiguous.")
    for t in (ctype, "distribution"):
        entry = get(glob, t)
        if entry is None:
            continue
        name_ = entry.get("name") if isinstance(entry, dict) else entry
        if name_ is None or name_ == "":
            continue  # PHP empty(): the MOT moves on
        if not isinstance(name_, str):
            return unknown(f"The MOT record's global {t} license is {name_!r}, not a license name: which license covers this component is ambiguous.")
        how = f"its content type {ctype}" if t == ctype else f"no global {ctype} license, so the distribution license"
        note = f"No license of its own: the MOT's resolveLicense takes the release's global license for {how}."
        return _licensed(name_, o, index, [where, ("release", "license", t)], kind, note)
    return o.fact(
        {"available": "public", "license": "unspecified"},
        where,
        note="Included without a license of its own, and the release has no global license to fall back to: the MOT counts it unlicensed.",
    )


def _licensed(label: str, o: Origin, index: Any, paths: list[tuple[Any, ...]], kind: str, note: str | None = None) -> dict[str, Any]:
    from openness import motlicenses

    mot_open = motlicenses.is_open(label, exact=True)
    lic = index.find(label)
    notes = [note] if note else []
    if lic is not None:
        record = index.records.get(lic)
        fact = record.facts.get(f"open_for.{kind}") if record is not None else None
        ours = fact is not None and fact.known and fact.value in ("type-appropriate", "open")
        if ours and not mot_open:
            notes.append(
                f"The MOT record names {label!r}, which the MOT compares letter for letter with the SPDX ids of its lists and does not count as open; "
                f"openness reads it as the license {lic} and counts it (a deliberate difference from the MOT)."
            )
        elif mot_open and not ours:
            notes.append(f"The MOT counts {label!r} as open; the license record {lic} does not say it is open for {kind}.")
        return o.fact({"available": "public", "license": lic}, *paths, note=" ".join(notes) or None)
    found = motlicenses.lookup(label)
    if found is not None:
        spdx = found[0]
        extra = f"Published under {label}, which has no license record in the catalog; kept as its SPDX id {spdx}, which the Model Openness Tool's lists judge."
        if spdx != label:
            extra += (
                f" The MOT compares names letter for letter and does not count {label!r} (its lists spell it {spdx}); openness does (a deliberate difference)."
            )
        return o.fact({"available": "public", "spdx": spdx}, *paths, note=" ".join([*notes, extra]))
    extra = f"Published under {label}, which has no license record in the catalog and is no SPDX id on the Model Openness Tool's lists; the license is left out (the MOT does not count it as open)."
    return o.fact({"available": "public"}, *paths, note=" ".join([*notes, extra]))


def _model_license(weights: dict[str, Any] | None) -> dict[str, Any]:
    """The model's license: the final weights' license, with the same evidence."""
    if weights is None:
        return unknown("The MOT record does not list the final model parameters.")
    if "value" not in weights:
        return unknown(weights["unknown"])
    value = weights["value"]
    if value.get("available") == "none":
        return unknown("The MOT record says the final model parameters are not included, so no license covers released weights.")
    lic = value.get("license")
    if not lic or lic == "unspecified":
        reason = weights.get("note") or "The MOT record gives no license for the final model parameters."
        return unknown(reason)
    if weights.get("note") and "deliberate difference" in weights["note"]:
        return {"value": lic, "evidence": weights["evidence"], "note": "The license of the final model parameters in the MOT record. " + weights["note"]}
    node = {"value": lic, "evidence": weights["evidence"], "note": "The license of the final model parameters in the MOT record."}
    return node
