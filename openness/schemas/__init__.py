"""JSON Schemas for model, license and rubric files.

The model and license schemas are generated from :mod:`openness.vocabulary`; the shipped
``*.schema.json`` files beside this module are what editors and ``openness schema`` use, and a
test keeps them equal to :func:`build`.  Regenerate them with ``python -m openness.schemas``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from openness import vocabulary as v

TYPE_CHECKING = False  # typing's own flag, without importing typing at run time
if TYPE_CHECKING:
    from typing import Any

KINDS = ("model", "license", "rubric", "usecase", "policy")
HERE = Path(__file__).parent
BASE_URI = "https://openness.invalid/schemas/"

ID = {"type": "string", "pattern": r"^[a-z0-9][a-z0-9._+-]*$", "maxLength": 80}
TEXT = {"type": "string", "minLength": 1, "maxLength": 10000}
SHORT = {"type": "string", "minLength": 1, "maxLength": 300}
URL = {"type": "string", "pattern": r"^https://\S+$", "maxLength": 2000}
DATE = {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"}
CURRENCY = {"type": "string", "pattern": r"^[A-Z]{3}$", "description": "ISO 4217 currency code (USD, EUR …)"}
SOURCE = {
    "type": "string",
    "maxLength": 2000,
    "pattern": r"^\S+$",
    "description": "A page address (https://…) or a path inside the allowed roots, such as seeds/001_….txt",
}
EVIDENCE: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["source", "quote"],
    "properties": {
        "source": SOURCE,
        "quote": {"type": "string", "minLength": 8, "maxLength": 4000, "description": "Verbatim text from the source"},
        "locator": {"type": "string", "maxLength": 300, "description": "Section, clause or line in the source"},
        "read": {**DATE, "description": "When the source was read (YYYY-MM-DD): the quote was in it then"},
    },
}
CLAIM = {
    "type": "object",
    "additionalProperties": False,
    "required": ["claim", "source", "quote"],
    "properties": {
        "claim": TEXT,
        "source": SOURCE,
        "quote": EVIDENCE["properties"]["quote"],
        "locator": EVIDENCE["properties"]["locator"],
        "read": EVIDENCE["properties"]["read"],
    },
    "description": "What a secondary source (an article) says that disagrees with the primary text",
}


def _value_schema(spec: v.FactSpec) -> dict[str, Any]:
    t = spec.type
    if t == "enum":
        return {"type": "string", "enum": list(spec.values)}
    if t == "boolean":
        return {"type": "boolean"}
    if t == "number":
        return {"type": "number"}
    if t == "integer":
        return {"type": "integer", "minimum": 1}
    if t in ("string",):
        return SHORT
    if t == "date":
        return DATE
    if t == "id":
        return ID
    if t == "numbers":
        pos = {"type": "number", "exclusiveMinimum": 0}
        return {"anyOf": [pos, {"type": "array", "minItems": 1, "items": pos}]}
    if t == "cap":
        return {
            "anyOf": [
                {"const": "none"},
                {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["metric", "threshold", "beyond"],
                    "properties": {
                        "metric": {"enum": list(v.CAP_METRICS)},
                        "threshold": {"type": "number", "exclusiveMinimum": 0},
                        "beyond": {"enum": list(v.CAP_BEYOND)},
                        "currency": CURRENCY,
                    },
                },
            ]
        }
    if t == "territory":
        return {
            "anyOf": [
                {"const": "worldwide"},
                {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["excluded"],
                    "properties": {
                        "excluded": {
                            "type": "array",
                            "minItems": 1,
                            "uniqueItems": True,
                            "items": {"type": "string", "pattern": v.TERRITORY_PATTERN},
                            "description": "Regions the grant leaves out: ISO 3166-1 alpha-2 codes, EU for the European Union",
                        }
                    },
                },
            ]
        }
    if t == "condition":
        threshold = {
            "type": "object",
            "additionalProperties": False,
            "required": ["metric", "threshold"],
            "properties": {
                "metric": {"enum": list(v.CAP_METRICS)},
                "threshold": {"type": "number", "exclusiveMinimum": 0},
                "currency": CURRENCY,
            },
        }
        return {
            "anyOf": [
                {"const": "none"},
                {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["duty", "above"],
                    "properties": {
                        "duty": {"enum": list(v.CONDITION_DUTIES)},
                        "above": {"type": "array", "minItems": 1, "items": threshold},
                    },
                },
            ]
        }
    if t == "component":
        props: dict[str, Any] = {
            "available": {"enum": list(v.AVAILABILITY)},
            "license": {"anyOf": [ID, {"const": "unspecified"}]},
            "spdx": {"type": "string", "pattern": "^[A-Za-z0-9.+-]+$", "maxLength": 100},
        }
        if spec.disclosure:
            props["disclosure"] = {"enum": list(v.DISCLOSURE)}
        return {"type": "object", "additionalProperties": False, "required": ["available"], "properties": props}
    if t == "any":
        return {}
    raise ValueError(f"unknown fact type {t!r}")


def fact_node(spec: v.FactSpec) -> dict[str, Any]:
    """The schema of one fact: a value with evidence, or an explained unknown."""
    return {
        "type": "object",
        "description": spec.doc,
        "additionalProperties": False,
        "properties": {
            "value": _value_schema(spec),
            "evidence": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/evidence"}},
            "unknown": {"type": "string", "minLength": 1, "description": "Why the fact cannot be sourced"},
            "note": TEXT,
            "claims": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/claim"}},
        },
        "oneOf": [{"required": ["value", "evidence"], "not": {"required": ["unknown"]}}, {"required": ["unknown"], "not": {"required": ["value"]}}],
    }


def _nest(specs: dict[str, v.FactSpec]) -> dict[str, Any]:
    """Turn dotted fact paths into nested object schemas."""
    tree: dict[str, Any] = {}
    for path, spec in specs.items():
        parts = path.split(".")
        node = tree
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = fact_node(spec)
    return tree


def _objectify(tree: dict[str, Any]) -> dict[str, Any]:
    props = {}
    for key, sub in tree.items():
        props[key] = sub if "properties" in sub and sub.get("type") == "object" and "oneOf" in sub else _objectify(sub)
    return {"type": "object", "additionalProperties": False, "properties": props}


def _document(kind: str, title: str, props: dict[str, Any], required: list[str]) -> dict[str, Any]:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{BASE_URI}{kind}.schema.json",
        "title": title,
        "type": "object",
        "additionalProperties": False,
        "required": required,
        "properties": props,
        "$defs": {"evidence": EVIDENCE, "claim": CLAIM},
    }


def _model() -> dict[str, Any]:
    facts = _objectify(_nest(v.MODEL_FACTS))["properties"]
    for group, spec in v.MODEL_GROUPS.items():
        facts[group] = {
            "type": "object",
            "description": spec.doc,
            "propertyNames": {"pattern": r"^[a-z0-9][a-z0-9_.+-]*$"},
            "additionalProperties": fact_node(spec),
        }
    props = {
        "id": ID,
        "name": SHORT,
        "family": ID,
        "aliases": {"type": "array", "items": SHORT, "uniqueItems": True},
        "hf_repos": {
            "type": "array",
            "uniqueItems": True,
            "items": {"type": "string", "pattern": r"^[A-Za-z0-9][\w.-]*/[\w.-]+$"},
            "description": "Hugging Face repository ids (owner/name) of this release",
        },
        "hf_repos_former": {
            "type": "array",
            "uniqueItems": True,
            "items": {"type": "string", "pattern": r"^[A-Za-z0-9][\w.-]*/[\w.-]+$"},
            "description": "Names these Hugging Face repositories had before the hub renamed them (owner/name); a name here finds the model as its current name does",
        },
        "notes": TEXT,
        **facts,
    }
    return _document("model", "openness model record", props, ["id", "name", "status", "license", "access"])


def _license() -> dict[str, Any]:
    facts = _objectify(_nest(v.LICENSE_FACTS))["properties"]
    props = {
        "id": ID,
        "name": SHORT,
        "url": URL,
        "version_date": DATE,
        "spdx": {"type": "string", "pattern": r"^[A-Za-z0-9.+-]+$"},
        "hf_id": {"type": "string", "pattern": r"^[a-z0-9][a-z0-9.+-]*$"},
        "category": {"enum": list(v.CATEGORY)},
        "aliases": {"type": "array", "items": SHORT, "uniqueItems": True},
        "notes": TEXT,
        **facts,
    }
    return _document("license", "openness license record", props, ["id", "name", "url", "category", "terms"])


SCORE = {"type": "number", "minimum": 0, "maximum": 1}
UNKNOWN_POLICY = {
    "description": "What an unknown fact counts as: zero (counted, 0 points), exclude (left out of the total) or a score in [0, 1]",
    "anyOf": [{"enum": ["zero", "exclude"]}, SCORE],
}
CONDITION = {
    "type": "object",
    "additionalProperties": False,
    "description": "A test on one fact ({fact, in} and/or {fact, min, max}), or a group of conditions ({all_of: [...]} or {any_of: [...]})",
    "properties": {
        "fact": {"type": "string", "minLength": 1},
        "in": {"type": "array", "minItems": 1, "items": {"type": ["string", "number", "boolean"]}},
        "min": {"type": "number"},
        "max": {"type": "number"},
        "all_of": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/condition"}},
        "any_of": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/condition"}},
    },
    "oneOf": [
        {
            "required": ["fact"],
            "anyOf": [{"required": ["in"]}, {"required": ["min"]}, {"required": ["max"]}],
            "not": {"anyOf": [{"required": ["all_of"]}, {"required": ["any_of"]}]},
        },
        {
            "required": ["all_of"],
            "not": {"anyOf": [{"required": ["fact"]}, {"required": ["any_of"]}, {"required": ["in"]}, {"required": ["min"]}, {"required": ["max"]}]},
        },
        {
            "required": ["any_of"],
            "not": {"anyOf": [{"required": ["fact"]}, {"required": ["all_of"]}, {"required": ["in"]}, {"required": ["min"]}, {"required": ["max"]}]},
        },
    ],
}
CRITERION = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "title", "weight", "kind"],
    "properties": {
        "id": ID,
        "title": SHORT,
        "group": SHORT,
        "weight": {"type": "number", "exclusiveMinimum": 0},
        "kind": {"enum": ["levels", "bands", "presence", "all_of", "any_of"]},
        "fact": {"type": "string", "minLength": 1},
        "levels": {"type": "object", "minProperties": 1, "additionalProperties": SCORE},
        "otherwise": {**SCORE, "description": "The score of a value not named in levels"},
        "bands": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["min", "score"],
                "properties": {"min": {"type": "number"}, "score": SCORE, "label": SHORT},
            },
        },
        "present": SCORE,
        "absent": SCORE,
        "conditions": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/condition"}},
        "unknown": UNKNOWN_POLICY,
        "description": TEXT,
        "why": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/evidence"}},
    },
    "allOf": [
        {"if": {"properties": {"kind": {"const": "levels"}}}, "then": {"required": ["fact", "levels"]}},
        {"if": {"properties": {"kind": {"const": "bands"}}}, "then": {"required": ["fact", "bands"]}},
        {"if": {"properties": {"kind": {"const": "presence"}}}, "then": {"required": ["fact"]}},
        {"if": {"properties": {"kind": {"enum": ["all_of", "any_of"]}}}, "then": {"required": ["conditions"]}},
    ],
}


def _rubric() -> dict[str, Any]:
    doc = _document(
        "rubric",
        "openness rubric",
        {
            "id": ID,
            "title": SHORT,
            "version": {"type": "string", "minLength": 1, "maxLength": 40},
            "description": TEXT,
            "url": URL,
            "sources": {"type": "array", "items": {"$ref": "#/$defs/evidence"}},
            "unknown": UNKNOWN_POLICY,
            "criteria": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/criterion"}},
            "grades": {
                "type": "array",
                "minItems": 1,
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["min", "label"],
                    "properties": {"min": {"type": "number", "minimum": 0, "maximum": 100}, "label": SHORT},
                },
            },
            "tiers": {
                "type": "array",
                "minItems": 1,
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["label", "requires"],
                    "properties": {
                        "label": SHORT,
                        "description": TEXT,
                        "requires": {"type": "array", "minItems": 1, "items": ID, "uniqueItems": True},
                    },
                },
                "description": "Cumulative tiers, lowest first: a tier is reached when every criterion it requires scores in full",
            },
        },
        ["id", "title", "unknown", "criteria"],
    )
    doc["$defs"].update({"criterion": CRITERION, "condition": CONDITION})
    return doc


#: A count or an amount written with an optional suffix: 150k, 800M, 1.5B, 2T (also 800,000,000).
AMOUNT_PATTERN = r"^\$?[0-9][0-9_,]*(\.[0-9]+)?\s*[kKmMbBtT]?$"
AMOUNT = {
    "anyOf": [
        {"type": "number", "minimum": 0},
        {
            "type": "string",
            "pattern": AMOUNT_PATTERN,
            "description": "a number, optionally with a suffix k, M, B or T (150k, 800M, 1.5B)",
        },
    ]
}


def _usecase() -> dict[str, Any]:
    props = {
        "id": ID,
        "title": SHORT,
        "description": TEXT,
        "commercial": {"type": "boolean"},
        "monthly_active_users": {**AMOUNT, "description": "Monthly active users of your product or service (800M, 1.5B, 150k or a plain number)"},
        "annual_revenue_usd": {**AMOUNT, "description": "Your annual revenue in US dollars (2B, 500k or a plain number)"},
        "fine_tune": {"type": "boolean"},
        "distill": {"type": "boolean", "description": "Train or distil another model on the outputs"},
        "redistribute": {"type": "boolean"},
        "self_host": {"type": "boolean"},
        "hosted_service": {"type": "boolean"},
        "field_of_use": {"type": "array", "items": SHORT},
        "production": {"type": "boolean", "description": "Use in production (live products or services), not only evaluation or research"},
        "territory": {
            "type": "array",
            "items": {"type": "string", "pattern": r"^[A-Za-z]{2}$"},
            "description": "Where you will use or offer it: ISO 3166-1 alpha-2 country codes (DE, GB, KR; UK is read as GB), EU for the European Union",
        },
    }
    doc = _document("usecase", "openness use case", props, [])
    del doc["$defs"]
    return doc


NAME_LIST = {"type": "array", "uniqueItems": True, "items": SHORT}
LISTS = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "models": {**NAME_LIST, "description": "Model ids, names, aliases or Hugging Face repository ids"},
        "licenses": {**NAME_LIST, "description": "License ids, SPDX ids or Hugging Face license identifiers"},
    },
}


def _policy() -> dict[str, Any]:
    """What `openness scan` applies: a use case, allow and deny lists, and how strict to be."""
    doc = _usecase()
    doc["$id"] = f"{BASE_URI}policy.schema.json"
    doc["title"] = "openness scan policy"
    doc["properties"].update(
        {
            "allow": {
                **LISTS,
                "description": "Cleared by your organisation: a model on the list, or whose every license (its own and its bases') is on it, passes without the use-case check",
            },
            "deny": {
                **LISTS,
                "description": "Never used: a model or base model on the list, or a license anywhere in a model's lineage on it, is blocked (deny beats allow)",
            },
            "unknown": {"enum": ["warn", "block"], "description": "A model whose verdict is unknown: reported (warn, the default) or fails the scan (block)"},
            "conditional": {
                "enum": ["allow", "warn", "block"],
                "description": "A model allowed on conditions: passes quietly, is reported (warn, the default), or fails the scan",
            },
            "exclude": {
                "type": "array",
                "uniqueItems": True,
                "items": SHORT,
                "description": "Paths the scan does not read: glob patterns matched against each path and any trailing part of it (notebooks/* also excludes src/notebooks/a.py); a folder excludes what is under it",
            },
        }
    )
    return doc


def build(kind: str) -> dict[str, Any]:
    """Generate the schema of one kind of file."""
    return {"model": _model, "license": _license, "rubric": _rubric, "usecase": _usecase, "policy": _policy}[kind]()


def path(kind: str) -> Path:
    return HERE / f"{kind}.schema.json"


def dumps(schema: dict[str, Any]) -> str:
    import json

    return json.dumps(schema, indent=2, sort_keys=False, ensure_ascii=False) + "\n"


@cache
def load(kind: str) -> dict[str, Any]:
    """The shipped schema of one kind of file."""
    if kind not in KINDS:
        raise KeyError(kind)
    import json

    schema: dict[str, Any] = json.loads(path(kind).read_text(encoding="utf-8"))
    return schema


def main() -> None:  # pragma: no cover - developer tool
    for kind in KINDS:
        path(kind).write_text(dumps(build(kind)), encoding="utf-8")
        print(f"wrote {path(kind)}")


if __name__ == "__main__":  # pragma: no cover
    main()
