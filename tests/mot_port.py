"""A port of the Model Openness Tool's evaluation, to check openness against (tests only).

lfai/model_openness_tool at commit 8b5d30e90a7c62d7d6ece48b91e69ff495920a4d (the snapshot in
tests/data/frameworks/mot): ``ModelUpdater::update`` and ``processComponentLicenses`` (a record's
YAML -> license data), ``ModelEvaluator::evaluate``, ``resolveLicense``, ``getProgress``,
``getClassification`` and ``getTotalProgress``, and ``LicenseHandler`` over ``licenses.json`` then
``mof-licenses.json`` (the second file's entries replace the first's, as ``LicenseImporter``
does).  Written from the PHP, independently of openness's own code.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

MOT = Path(__file__).resolve().parent / "data" / "frameworks" / "mot"

# LicenseHandler::OPEN_DATA_LICENSES and ::OPEN_LICENSES at the snapshot's commit
OPEN_DATA_LICENSES = {
    "CC0-1.0", "CC-BY-1.0", "CC-BY-2.0", "CC-BY-2.5", "CC-BY-2.5-AU", "CC-BY-3.0", "CC-BY-3.0-AT", "CC-BY-3.0-AU",
    "CC-BY-3.0-DE", "CC-BY-3.0-IGO", "CC-BY-3.0-NL", "CC-BY-3.0-US", "CC-BY-4.0", "CC-BY-SA-1.0", "CC-BY-SA-2.0",
    "CC-BY-SA-2.0-UK", "CC-BY-SA-2.1-JP", "CC-BY-SA-2.5", "CC-BY-SA-3.0", "CC-BY-SA-3.0-AT", "CC-BY-SA-4.0",
    "CDLA-Permissive-1.0", "CDLA-Permissive-2.0", "CDLA-Sharing-1.0", "ODC-PDDL-1.0", "ODC-By-1.0", "ODbL-1.0",
    "GFDL-1.3", "OGL-Canada-2.0", "OGL-UK-2.0", "OGL-UK-3.0",
}  # fmt: skip
OPEN_LICENSES = {"OpenMDW-1.0"}


@lru_cache(maxsize=1)
def licenses() -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for name in ("licenses.json", "mof-licenses.json"):
        for lic in json.loads((MOT / "web" / "modules" / "mof" / name).read_text(encoding="utf-8"))["licenses"]:
            ctype = lic.get("ContentType") or ""
            ctype = [ctype] if isinstance(ctype, str) and ctype else (ctype if isinstance(ctype, list) else [])
            out[lic["licenseId"]] = {"osi": bool(lic.get("isOsiApproved") or False), "fsf": bool(lic.get("isFsfLibre") or ""), "types": ctype}
    return out


def is_open(license: str) -> bool:
    """LicenseHandler::isOpenSourceLicense."""
    e = licenses().get(license)
    return bool(e and e["fsf"]) or license in OPEN_DATA_LICENSES or bool(e and e["osi"]) or license in OPEN_LICENSES


def is_type_appropriate(license: str, ctype: str) -> bool:
    e = licenses().get(license)
    return bool(e and ctype in e["types"])


@lru_cache(maxsize=1)
def components() -> dict[str, dict[str, Any]]:
    """mof.settings.yml's components by name."""
    data = yaml.safe_load((MOT / "web" / "modules" / "mof" / "config" / "install" / "mof.settings.yml").read_text(encoding="utf-8"))
    return {c["name"]: c for c in data["components"]}


def by_id() -> dict[int, dict[str, Any]]:
    return {c["id"]: c for c in components().values()}


def required(cls: int) -> list[int]:
    return [c["id"] for c in components().values() if c["class"] == cls and c["required"]]


def optional(cls: int) -> list[int]:
    return [c["id"] for c in components().values() if c["class"] == cls and not c["required"]]


TECHNICAL_REPORT, RESEARCH_PAPER = 11, 21


def license_data(release: dict[str, Any]) -> tuple[dict[str, Any], list[int]]:
    """ModelUpdater::update: (license data, included component ids)."""
    data: dict[str, Any] = {"global": release.get("license"), "components": {}}
    for comp in release.get("components") or []:
        cid = components()[comp["name"]]["id"]
        entry: dict[str, Any] = {}
        for key in ("license", "license_path", "component_path"):
            if comp.get(key) is not None:  # PHP isset()
                entry[key] = "" if key == "license" and comp[key] == "unlicensed" else comp[key]
        data["components"][cid] = entry
    return data, list(data["components"])


def resolve_license(cid: int, data: dict[str, Any]) -> str | None:
    """ModelEvaluator::resolveLicense."""
    own = data["components"].get(cid) or {}
    if own.get("license") is not None:
        return own["license"] or None
    ctype = by_id()[cid]["content_type"]
    glob = data.get("global") or {}
    if isinstance(glob, dict):
        if isinstance(glob.get(ctype), dict) and glob[ctype].get("name"):
            return glob[ctype]["name"]
        if isinstance(glob.get("distribution"), dict) and glob["distribution"].get("name"):
            return glob["distribution"]["name"]
    return None


def evaluate(release: dict[str, Any], rename: Any = None) -> dict[Any, Any]:
    """``rename(license name) -> name`` (tests only) reads a name as another before judging it."""
    data, included = license_data(release)
    evaluation: dict[Any, Any] = {"not-type-appropriate": []}
    req: list[int] = []
    opt: list[int] = []
    for cls in (3, 2, 1):
        evaluation[cls] = {"components": {"missing": [], "included": [], "invalid": [], "unlicensed": [], "optional": []}, "licenses": {}}
        req = req + required(cls)
        opt = opt + optional(cls)
        for cids, status in ((req, "included"), (opt, "optional")):
            for cid in cids:
                if cid not in included:
                    if status == "included":
                        evaluation[cls]["components"]["missing"].append(cid)
                    continue
                lic = resolve_license(cid, data) or "unlicensed"
                if rename is not None and lic != "unlicensed":
                    lic = rename(lic)
                ctype = by_id()[cid]["content_type"]
                if is_open(lic):
                    evaluation[cls]["components"][status].append(cid)
                    if not is_type_appropriate(lic, ctype) and cid not in evaluation["not-type-appropriate"]:
                        evaluation["not-type-appropriate"].append(cid)
                elif lic == "unlicensed":
                    evaluation[cls]["components"]["unlicensed"].append(cid)
                else:
                    evaluation[cls]["components"]["invalid"].append(cid)
                evaluation[cls]["licenses"][cid] = lic
    # handleTechnicalReportOmission
    if _status(evaluation[3]["components"], TECHNICAL_REPORT) != "included":
        paper = _status(evaluation[1]["components"], RESEARCH_PAPER)
        if paper is not None:
            for cls in (1, 2, 3):
                if TECHNICAL_REPORT in evaluation[cls]["components"]["missing"]:
                    evaluation[cls]["components"]["missing"].remove(TECHNICAL_REPORT)
            for cls in (2, 3):
                evaluation[cls]["components"][paper].append(RESEARCH_PAPER)
    return evaluation


def _status(comps: dict[str, list[int]], cid: int) -> str | None:
    for s in ("included", "invalid", "unlicensed"):
        if cid in comps.get(s, []):
            return s
    return None


def progress(evaluation: dict[Any, Any], cls: int) -> float:
    """ModelEvaluator::getProgress."""
    total = included = 0
    i = 3
    while i >= cls:
        total += len(required(i))
        included = len(evaluation[i]["components"]["included"])
        if included < total:
            break
        i -= 1
    if i > cls:
        return 0.0
    if cls == 1 and _status(evaluation[1]["components"], TECHNICAL_REPORT) != "included" and _status(evaluation[1]["components"], RESEARCH_PAPER) == "included":
        total -= 1
    return min(100.0, included / total * 100)


def classify(release: dict[str, Any], rename: Any = None) -> dict[str, Any]:
    """Class (0-3), per-class progress and total progress, as the MOT computes them."""
    ev = evaluate(release, rename)
    prog = {cls: progress(ev, cls) for cls in (3, 2, 1)}
    reached = 0
    for cls in (3, 2, 1):
        if prog[cls] == 100.0:
            reached = cls
    return {"class": reached, "progress": prog, "total": sum(prog.values()) / 3, "evaluation": ev}


def load(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["release"]


#: The MOT's component id -> the openness component name.
CATALOG_NAME = {
    9: "architecture", 10: "final_weights", 12: "evaluation_results", 13: "model_card", 14: "data_card", 11: "technical_report",
    7: "training_code", 8: "inference_code", 18: "evaluation_code", 19: "evaluation_data",
    15: "datasets", 16: "data_preprocessing_code", 24: "intermediate_checkpoints", 21: "paper",
    17: "model_metadata", 22: "supporting_libraries", 20: "sample_outputs",
}  # fmt: skip
