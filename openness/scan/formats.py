"""What ``openness scan`` writes: text, GitHub workflow annotations, JSON, SARIF 2.1.0, CycloneDX 1.6.

Every output is deterministic (no timestamps, sorted, a serial number derived from the content).
Text that comes from the scanned files is neutralised for where it goes: control characters are
shown escaped in text, and GitHub annotations are escaped by the workflow-command rules.
"""

from __future__ import annotations

import json
import re
import uuid
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

if TYPE_CHECKING:
    from openness.records import Model
    from openness.scan import Report
    from openness.scan.resolve import Outcome

FORMATS = ("text", "github", "json", "sarif", "cyclonedx")
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
CYCLONEDX_SCHEMA = "http://cyclonedx.org/schema/bom-1.6.schema.json"
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def render(report: Report, fmt: str) -> str:
    from openness.errors import UsageError

    writers = {"text": text, "github": github, "json": as_json, "sarif": sarif, "cyclonedx": cyclonedx}
    if fmt not in writers:
        raise UsageError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    return writers[fmt](report)


def _dumps(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


# --------------------------------------------------------------------------- text


def safe(s: str) -> str:
    """Control characters (escape sequences, line breaks, bidi overrides) shown as ``\\xNN``/``\\uNNNN``."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}", s)


def _label(o: Outcome) -> str:
    r = o.resolution
    if r.model is not None and r.status == "catalog":
        return r.model.id
    return r.key


def _license(o: Outcome) -> str:
    m = o.resolution.model
    if m is None:
        return "unknown"
    f = m.fact("license")
    return str(f.value) if f.known else "unknown"


def _why(o: Outcome) -> str:
    """A short reason for one reference's line: the deciding requirements or list, or the cause."""
    if o.verdict == "allowed" and not o.decisions:
        return o.clauses[0].split(":", 1)[0] if o.clauses else ""
    if o.decisions:
        names = []
        for d in o.decisions:
            n = d.requirement.name + (f" (from {d.inherited_from})" if d.inherited_from else "")
            if n not in names:
                names.append(n)
        return ", ".join(names)
    return o.clauses[0].split(":", 1)[0] if o.clauses else ""


def text(report: Report) -> str:
    """One line per reference, then each model once with its deciding clauses and obligations."""
    lines: list[str] = []
    for f in report.findings:
        h, o = f.hit, f.outcome
        why = _why(o)
        lines.append(
            f"{safe(h.file)}:{h.line}:{h.column}: {o.verdict.upper()} {safe(h.text)} [{safe(h.how)}] -> {safe(_label(o))}"
            + (f": {safe(why)}" if why and o.verdict not in ("allowed", "unknown") else "")
        )
    models = report.models
    if models:
        lines += ["", "models:"]
        for o in models:
            n = len(report.places(o.resolution.key))
            lineage = "".join(f" <- {safe(link.label)}" for link in o.resolution.lineage)
            lines.append(f"  {o.verdict.upper()} {safe(_label(o))}{lineage}, license {safe(_license(o))} ({n} reference{'s' if n != 1 else ''})")
            if o.resolution.status != "catalog" and o.verdict != "unknown":
                lines.append(f"    {safe(o.resolution.reason)}")
            for c in o.clauses:
                lines.append(f"    {safe(c)}")
            for ob in o.obligations:
                lines.append(f"    must: {safe(ob)}")
    lines += ["", _summary(report)]
    return "\n".join(lines) + "\n"


def _summary(report: Report) -> str:
    from collections import Counter

    counts = Counter(o.verdict for o in report.models)
    parts = ", ".join(f"{counts[v]} {v}" for v in ("blocked", "unknown", "conditional", "allowed") if counts[v])
    n, m = len(report.findings), len(report.models)
    status = "FAILED" if report.failed else "passed"
    return (
        f"openness scan: {n} reference{'s' if n != 1 else ''} to {m} model{'s' if m != 1 else ''} in {report.files_read} files read"
        + (f" ({parts})" if parts else "")
        + f"; policy: {report.policy.usecase.summary()} ({safe(report.policy.source)}); {status}"
    )


# --------------------------------------------------------------------------- github


def escape_data(s: str) -> str:
    """A workflow command's message: % CR LF escaped (so user text can never start a line with ::)."""
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(s: str) -> str:
    """A workflow command's property value: as data, and also : and ,."""
    return escape_data(s).replace(":", "%3A").replace(",", "%2C")


def github(report: Report) -> str:
    """An annotation for each reference to a model that is not plainly allowed (GitHub shows a
    limited number per step: the allowed ones would crowd out what matters), then the summary."""
    lines = []
    for f in report.findings:
        h, o = f.hit, f.outcome
        if o.verdict == "allowed":
            continue
        level = {"error": "error", "warning": "warning", "note": "notice"}[report.policy.level(o.verdict)]
        msg = f"{o.verdict}: {h.text} ({h.how}) -> {_label(o)}: " + " | ".join(o.clauses or ("every requirement of the policy is met",))
        props = f"file={escape_property(h.file)},line={h.line},col={h.column},title={escape_property(f'openness scan: {o.verdict} model')}"
        lines.append(f"::{level} {props}::{escape_data(msg)}")
    lines.append(escape_data(_summary(report)).lstrip(":"))
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- json


def _outcome_dict(o: Outcome) -> dict[str, Any]:
    r = o.resolution
    return {
        "key": r.key,
        "model": r.model.id if r.model is not None and r.status == "catalog" else None,
        "status": r.status,
        "license": _license(o),
        "lineage": [
            {"name": link.name, "model": link.model.id if link.model is not None else None, "relation": link.relation, "problem": link.problem or None}
            for link in r.lineage
        ],
        "verdict": o.verdict,
        "reason": r.reason,
        "clauses": list(o.clauses),
        "requirements": [{**d.requirement.to_dict(), "inherited_from": d.inherited_from} for d in o.decisions],
        "obligations": list(o.obligations),
    }


def as_json(report: Report) -> str:
    return _dumps(
        {
            "policy": report.policy.to_dict(),
            "failed": report.failed,
            "files_read": report.files_read,
            "references": [{**f.hit.to_dict(), "verdict": f.verdict, "key": f.outcome.resolution.key} for f in report.findings],
            "models": [_outcome_dict(o) for o in report.models],
        }
    )


# --------------------------------------------------------------------------- SARIF 2.1.0


_RULES = {
    "blocked": "A model the code uses is blocked by the policy: a license term (or a deny list) forbids the intended use",
    "unknown": "A model the code uses cannot be judged: it is not in the catalog, or a deciding fact is unknown",
    "conditional": "A model the code uses is allowed on conditions the policy's use case must meet",
    "allowed": "A model the code uses is allowed under the policy",
}


def _uri(name: str) -> dict[str, str]:
    if name.startswith("/"):
        return {"uri": "file://" + quote(name)}
    return {"uri": quote(name), "uriBaseId": "%SRCROOT%"}


def sarif(report: Report) -> str:
    from openness import __version__

    rules = [
        {
            "id": f"openness/{v}",
            "name": f"Model{v.capitalize()}",
            "shortDescription": {"text": f"model {v}"},
            "fullDescription": {"text": _RULES[v]},
            "defaultConfiguration": {"level": report.policy.level(v)},
        }
        for v in ("blocked", "unknown", "conditional", "allowed")
    ]
    index = {r["id"]: i for i, r in enumerate(rules)}
    results = []
    for f in report.findings:
        h, o = f.hit, f.outcome
        rule = f"openness/{o.verdict}"
        msg = f"{o.verdict}: {h.text} ({h.how}) resolves to {_label(o)}. " + " ".join(o.clauses or ("Every requirement of the policy is met.",))
        results.append(
            {
                "ruleId": rule,
                "ruleIndex": index[rule],
                "level": report.policy.level(o.verdict),
                "message": {"text": msg},
                "locations": [
                    {"physicalLocation": {"artifactLocation": _uri(h.file), "region": {"startLine": max(h.line, 1), "startColumn": max(h.column, 1)}}}
                ],
                "partialFingerprints": {"openness/v1": f"{h.file}:{h.text}:{h.how}"},
                "properties": {"reference": h.text, "foundBy": h.how, "model": _label(o), "license": _license(o), "verdict": o.verdict},
            }
        )
    run = {
        "tool": {"driver": {"name": "openness", "version": __version__, "rules": rules}},
        "columnKind": "unicodeCodePoints",
        "results": results,
        "properties": {"policy": report.policy.usecase.summary(), "policySource": report.policy.source, "failed": report.failed},
    }
    return _dumps({"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]})


# --------------------------------------------------------------------------- CycloneDX 1.6


def _license_choice(lic: Any) -> list[dict[str, Any]]:
    if lic.spdx and lic.spdx.startswith("LicenseRef-"):
        return [{"expression": lic.spdx}]
    if lic.spdx:
        return [{"license": {"id": lic.spdx, "url": lic.url}}]
    if lic.url:
        return [{"license": {"name": lic.name, "url": lic.url}}]
    return [{"license": {"name": lic.name}}]


def _licenses(m: Model | None) -> list[dict[str, Any]] | None:
    if m is None:
        return None
    lic = m.license_record
    if lic is not None and lic.id != "unknown":
        return _license_choice(lic)
    f = m.fact("license")
    if f.known:
        return [{"license": {"name": str(f.value)}}]
    return None


def _purl(repo: str | None) -> str | None:
    if not repo or "/" not in repo:
        return None
    owner, name = repo.split("/", 1)
    return f"pkg:huggingface/{quote(owner)}/{quote(name)}"


def _model_card(m: Model) -> dict[str, Any] | None:
    params: dict[str, Any] = {}
    if m.family:
        params["architectureFamily"] = m.family
    props = []
    for path in ("developer", "released", "parameters_b", "modality", "context_length", "access.weights", "license"):
        f = m.fact(path)
        if f.known:
            props.append({"name": f"openness:{path}", "value": f.display})
    card: dict[str, Any] = {}
    if params:
        card["modelParameters"] = params
    if props:
        card["properties"] = props
    return card or None


def _component(name: str, m: Model | None, repo: str | None) -> dict[str, Any]:
    c: dict[str, Any] = {"type": "machine-learning-model", "name": m.name if m is not None else name}
    if m is not None:
        dev = m.fact("developer")
        if dev.known:
            c["manufacturer"] = {"name": str(dev.value)}
    lic = _licenses(m)
    if lic:
        c["licenses"] = lic
    purl = _purl(repo or (m.hf_repos[0] if m is not None and m.hf_repos else None))
    if purl:
        c["purl"] = purl
    return c


def _ancestor(link: Any) -> dict[str, Any]:
    c = _component(link.name, link.model, link.name if "/" in link.name else None)
    if "licenses" not in c and link.license is not None:
        c["licenses"] = _license_choice(link.license)
    if link.problem:
        c["description"] = f"Not resolved: {link.problem}"
    return c


def cyclonedx(report: Report) -> str:
    from openness import __version__

    components = []
    for o in report.models:
        r = o.resolution
        c = _component(r.reference, r.model, r.repo)
        c = {"bom-ref": f"model:{r.key}", **c}
        if r.model is not None and r.status == "card":
            c["description"] = f"A derivative model read from its model card: {r.reason}"
        elif r.model is None:
            c["description"] = f"Not resolved: {r.reason}"
        if r.lineage:
            c["pedigree"] = {"ancestors": [_ancestor(link) for link in r.lineage]}
        if r.model is not None:
            card = _model_card(r.model)
            if card:
                c["modelCard"] = card
        places = report.places(r.key)
        c["evidence"] = {"occurrences": [{"location": h.file, "line": max(h.line, 1), "additionalContext": h.how} for h in places]}
        effective = [_license(o)]
        for link in r.lineage:
            lic = link.license.id if link.license is not None and not link.problem else "unknown"
            if lic not in effective:
                effective.append(lic)
        c["properties"] = [
            {"name": "openness:verdict", "value": o.verdict},
            *([{"name": "openness:effective-license", "value": " + ".join(effective)}] if r.lineage else []),
            {"name": "openness:resolution", "value": r.reason},
            *({"name": "openness:clause", "value": clause} for clause in o.clauses),
        ]
        components.append(c)
    body = {
        "metadata": {
            "tools": {"components": [{"type": "application", "name": "openness", "version": __version__}]},
            "properties": [
                {"name": "openness:policy", "value": report.policy.usecase.summary()},
                {"name": "openness:policy-source", "value": report.policy.source},
                {"name": "openness:failed", "value": str(report.failed).lower()},
            ],
        },
        "components": components,
    }
    serial = uuid.uuid5(uuid.NAMESPACE_URL, "openness-scan:" + json.dumps(body, sort_keys=True))
    return _dumps({"$schema": CYCLONEDX_SCHEMA, "bomFormat": "CycloneDX", "specVersion": "1.6", "serialNumber": f"urn:uuid:{serial}", "version": 1, **body})
