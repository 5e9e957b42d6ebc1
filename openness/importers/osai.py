"""Import a European Open Source AI Index record (Language-Technology-Assessment/main-database,
``a_submission_template.yaml``) as a model record.

The index rates parameters as ``open``, ``partial`` or ``closed``.  The parameters that map onto a
generic catalog fact also set it (for the other rubrics, ``openness show`` and ``check``):

=======================  ==========================================================
trainingcode             components.training_code and components.data_preprocessing_code
datasources_basemodel    components.datasets (available, and disclosure)
weights_basemodel        access.weights, and components.final_weights
preprint                 components.technical_report
paper                    components.paper
modelcard                components.model_card
datasheet                components.data_card
api                      access.api
system.endmodellicense   license (when the catalog has a record of it)
=======================  ==========================================================

``open`` is public and ``closed`` is none; ``partial`` is recorded as restricted, the catalog's
in-between level.

Every one of the index's parameters (the 12 it has now, and ``package`` and ``api``, which it
removed on 2026-03-13 and which the ``osai-index-2025`` rubric still scores) is also recorded as it stands, as the fact
``osai.<parameter>`` (open, partial or closed, quoting the record's lines for the parameter):
these are what the ``osai-index`` rubric scores, as the index's website does.  A parameter the
record does not rate, or rates with another word than exactly ``open``, ``partial`` or
``closed`` (the website compares the words exactly), is an explained unknown, which the rubric
counts 0 as the website does.  Older records key Architecture Documentation ``architecture``
(the key of the index's ``_parameters.yml``) instead of ``hardware_architecture``; either is read.
"""

from __future__ import annotations

from pathlib import Path

from openness.errors import OpennessError
from openness.importers import hub
from openness.importers.common import get, load_yaml, text_value, unknown
from openness.importers.mot import _origin

TYPE_CHECKING = False  # typing's own flag, without importing typing at run time
if TYPE_CHECKING:
    from typing import Any

CLASSES = ("open", "partial", "closed")
AVAILABLE = {"open": "public", "partial": "restricted", "closed": "none"}
DISCLOSURE = {"open": "full", "partial": "listing", "closed": "none"}
TYPES = {"text": "text", "code": "code", "image": "text-to-image", "audio": "audio", "video": "video", "multimodal": "multimodal"}

#: OSAI parameter -> catalog components it speaks for.
COMPONENT_PARAMS = {
    "trainingcode": ("training_code", "data_preprocessing_code"),
    "preprint": ("technical_report",),
    "paper": ("paper",),
    "modelcard": ("model_card",),
    "datasheet": ("data_card",),
}


#: An ``osai.<parameter>`` fact -> the keys a record may hold it under, in order.
OSAI_KEYS = {"hardware_architecture": ("hardware_architecture", "architecture")}


def _osai_facts(data: dict[str, Any], o: Any) -> dict[str, Any]:
    """Every ``osai.<parameter>`` fact: the record's class for it, quoting its lines."""
    from openness.vocabulary import OSAI_PARAMETERS, OSAI_REMOVED

    out: dict[str, Any] = {}
    for param in OSAI_PARAMETERS:
        key = next((k for k in OSAI_KEYS.get(param, (param,)) if k in data), None)
        if key is None and param in OSAI_REMOVED:
            out[param] = unknown(
                f"The index record does not rate {param}: the index removed {param} from its parameters and from every record "
                "on 2026-03-13 (main-database commit ff85b6f); only the osai-index-2025 rubric counts it (as 0)."
            )
            continue
        if key is None:
            out[param] = unknown(f"The index record does not rate {param}; the index counts a missing parameter 0.")
            continue
        value = get(data, key, "class")
        if isinstance(value, str) and value in CLASSES:
            out[param] = o.fact(value, (key,))
        else:
            shown = "no class" if value is None else f"the class {value!r}"
            out[param] = unknown(f"The index record gives {key} {shown}, not exactly open, partial or closed; the index counts it 0.")
    return out


def _class(data: dict[str, Any], param: str) -> str | None:
    value = get(data, param, "class")
    if isinstance(value, str) and value.strip().lower() in CLASSES:
        return value.strip().lower()
    return None


def import_osai(
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
    if not isinstance(data, dict) or not isinstance(data.get("system"), dict):
        raise OpennessError([doc.finding((), "osai-format", "expected an Open Source AI Index record (a system: mapping); found none")])
    sysname = text_value(get(data, "system", "name"))
    if sysname is None:
        raise OpennessError([doc.finding(("system",), "osai-format", "expected system.name, the model's name; found none")])
    o = _origin(doc, text, path, name, source, out, catalog_dirs)
    from openness.importers.hf_card import catalog_license

    index = catalog_license(catalog)
    record: dict[str, Any] = {"id": model_id or hub.slug(sysname), "name": sysname}
    end = text_value(get(data, "system", "endmodelname"))
    if end and end != sysname:
        record["aliases"] = [end]
    hf = hub.repo_from_url(get(data, "system", "link"))
    if hf:
        record["hf_repos"] = [hf]
    org = text_value(get(data, "org", "name"))
    if org:
        record["developer"] = o.fact(org, ("org", "name"))
    date = text_value(get(data, "system", "releasedate"))
    if date and _is_date(date):
        record["released"] = o.fact(date, ("system", "releasedate"))
    record["status"] = unknown("An Open Source AI Index record does not state a release status.")
    stype = get(data, "system", "type")
    if isinstance(stype, str) and stype.strip().lower() in TYPES:
        record["modality"] = o.fact(TYPES[stype.strip().lower()], ("system", "type"), note=f"The index's system type {stype}.")

    # ------------------------------------------------------------------ license
    lic_name = text_value(get(data, "system", "endmodellicense"))
    if lic_name is None:
        record["license"] = unknown("The index record gives no end-model license (system.endmodellicense).")
    else:
        found = index.find(lic_name)
        record["license"] = (
            o.fact(found, ("system", "endmodellicense"))
            if found
            else unknown(f"The index record gives the end-model license {lic_name!r}, which has no license record in the catalog.")
        )

    # ------------------------------------------------------------------ access
    access: dict[str, Any] = {}
    wclass = _class(data, "weights_basemodel")
    api_class = _class(data, "api")
    if wclass is None:
        access["weights"] = unknown("The index record does not rate the base model weights (weights_basemodel).")
    elif wclass == "closed" and api_class is None:
        access["weights"] = unknown(
            "The index rates the base model weights closed, and the record does not rate API access (the index removed the api "
            "parameter on 2026-03-13): whether the model is api-only or not offered at all is not said."
        )
    else:
        weights = {"open": "open", "partial": "gated"}.get(wclass) or ("api-only" if api_class in ("open", "partial") else "none")
        access["weights"] = o.fact(
            weights,
            ("weights_basemodel",),
            *([("api",)] if wclass == "closed" and weights == "api-only" else []),
            note={
                "open": "Rated open: the weights are freely available.",
                "partial": "Rated partial, which the index gives gated or otherwise restricted weights; recorded as gated.",
                "closed": "Rated closed"
                + (", with an API rated available: recorded as api-only." if weights == "api-only" else ", with no API rated available."),
            }[wclass],
        )
    if api_class is not None:
        access["api"] = o.fact(api_class != "closed", ("api",), note=f"The index rates API access {api_class}.")
    record["access"] = access

    # ------------------------------------------------------------------ components
    comps: dict[str, Any] = {}
    if wclass is not None:
        value: dict[str, Any] = {"available": AVAILABLE[wclass]}
        if found_lic := (index.find(lic_name) if lic_name else None):
            value["license"] = found_lic
        paths = [("weights_basemodel",)] + ([("system", "endmodellicense")] if "license" in value else [])
        comps["final_weights"] = o.fact(value, *paths, note=f"The index rates the base model weights {wclass}.")
    dclass = _class(data, "datasources_basemodel")
    if dclass is not None:
        comps["datasets"] = o.fact(
            {"available": AVAILABLE[dclass], "disclosure": DISCLOSURE[dclass]},
            ("datasources_basemodel",),
            note=f"The index rates the base model's data sources {dclass} (open: documented and available; partial: partly; closed: neither).",
        )
    for param, targets in COMPONENT_PARAMS.items():
        cls = _class(data, param)
        if cls is None:
            rated = get(data, param, "class")
            if isinstance(data.get(param), dict) and rated is not None:
                for target in targets:
                    comps[target] = unknown(f"The index record rates {param} {rated!r}, which is not open, partial or closed.")
            continue
        for target in targets:
            comps[target] = o.fact({"available": AVAILABLE[cls]}, (param,), note=f"The index rates {param} {cls}.")
    if comps:
        from openness.vocabulary import COMPONENTS as ORDER

        record["components"] = {k: comps[k] for k in ORDER if k in comps}
    record["osai"] = _osai_facts(data, o)
    record["notes"] = f"Imported from the Open Source AI Index record {o.source or name} by openness import osai."
    return record


def _is_date(text: str) -> bool:
    import re

    return re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", text) is not None
