"""Import a Model Openness Tool record (lfai/model_openness_tool ``models/*.yml``) as a model record.

Two shapes of the MOT's YAML are read (``schema/mof_schema.json`` and the tool's serializer):

* every one of the 17 components listed, each with ``license_name`` — a license, ``License not
  specified`` or ``Component not included`` (older records);
* only the components the model includes, each with an optional ``license`` (``unlicensed`` for
  none), falling back, as the MOT's ``resolveLicense`` does, to the release's global license for
  the component's content type and then to its ``distribution`` license.

Component names and content types are those of ``mof.settings.yml``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openness import yamlio
from openness.errors import OpennessError
from openness.importers import hub
from openness.importers.common import Origin, evidence_roots, get, load_yaml, local_source, text_value, unknown

#: MOT component name (lower case) -> (catalog component, MOT content types in order).
COMPONENTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "model architecture": ("architecture", ("code",)),
    "data preprocessing code": ("data_preprocessing_code", ("code",)),
    "training code": ("training_code", ("code",)),
    "inference code": ("inference_code", ("code",)),
    "evaluation code": ("evaluation_code", ("code",)),
    "supporting libraries and tools": ("supporting_libraries", ("code",)),
    "model parameters (final)": ("final_weights", ("data", "code")),
    "model parameters (intermediate)": ("intermediate_checkpoints", ("data",)),
    "datasets": ("datasets", ("data", "code", "document")),
    "evaluation data": ("evaluation_data", ("data",)),
    "model metadata": ("model_metadata", ("data",)),
    "sample model outputs": ("sample_outputs", ("data", "code", "document")),
    "model card": ("model_card", ("document", "code")),
    "data card": ("data_card", ("document", "code")),
    "technical report": ("technical_report", ("document", "code")),
    "research paper": ("paper", ("document",)),
    "evaluation results": ("evaluation_results", ("document", "code")),
}

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
        raise OpennessError([doc.finding((), "mot-format", "expected a Model Openness Tool record (framework: and release: mappings); found no release mapping")])
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
        ours, types = key
        found_names.add(ours)
        components[ours] = _component(c, where, types, rel, o, index, old_format)
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


def _component(c: dict[str, Any], where: tuple[Any, ...], types: tuple[str, ...], rel: dict[str, Any], o: Origin, index: Any, old_format: bool) -> dict[str, Any]:
    if old_format:
        raw = c.get("license_name")
        label = text_value(raw)
        if label is None:
            return unknown("The MOT record leaves this component's license blank.")
        low = label.lower()
        if low == NOT_INCLUDED:
            return o.fact({"available": "none"}, where, note="The MOT record says: Component not included.")
        if low in NOT_SPECIFIED:
            return o.fact({"available": "public", "license": "unspecified"}, where, note="The MOT record includes the component without a license (License not specified).")
        return _licensed(label, o, index, [where])
    # newer shape: listed means included
    if "license" in c:
        label = text_value(c.get("license"))
        if label is None or label.lower() in NOT_SPECIFIED:
            return o.fact({"available": "public", "license": "unspecified"}, where, note="The MOT record includes the component as unlicensed.")
        return _licensed(label, o, index, [where])
    lic = get(rel, "license")
    for t in (*types, "distribution"):
        label = text_value(get(lic, t, "name"))
        if label is not None:
            note = f"No license of its own: the MOT falls back to the release's {t} license."
            return _licensed(label, o, index, [where, ("release", "license", t)], note)
    return o.fact({"available": "public", "license": "unspecified"}, where, note="Included without a license of its own, and the release has no global license to fall back to.")


def _licensed(label: str, o: Origin, index: Any, paths: list[tuple[Any, ...]], note: str | None = None) -> dict[str, Any]:
    lic = index.find(label)
    if lic is not None:
        return o.fact({"available": "public", "license": lic}, *paths, note=note)
    extra = f"Published under {label}, which has no license record in the catalog; the license is left out."
    return o.fact({"available": "public"}, *paths, note=f"{note} {extra}" if note else extra)


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
    node = {"value": lic, "evidence": weights["evidence"], "note": "The license of the final model parameters in the MOT record."}
    return node
