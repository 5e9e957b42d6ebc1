"""JSON Schema validation that speaks like a person: every error located, expected vs found."""

from __future__ import annotations

from functools import cache

from openness import schemas
from openness.errors import Finding
from openness.yamlio import YAML11_BOOLS, Document

TYPE_CHECKING = False  # typing's own flag, without importing typing at run time
if TYPE_CHECKING:
    from typing import Any

_TYPE_NAMES = {
    "string": "text",
    "number": "a number",
    "integer": "a whole number",
    "boolean": "true or false",
    "object": "a mapping (key: value)",
    "array": "a list",
    "null": "nothing",
}


@cache
def validator(kind: str) -> Any:
    import jsonschema  # imported here: only validation needs it

    schema = schemas.load(kind)
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema)


def describe(value: Any, raw: str | None = None) -> str:
    """How a found value is named in a message."""
    if isinstance(value, bool):
        return f"the boolean {raw or str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {raw or value}"
    if value is None:
        return "nothing (an empty value)" if raw in (None, "") else f"null ({raw})"
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "..."
        return f"the text {shown!r}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


def _expected_type(t: Any) -> str:
    if isinstance(t, list):
        return " or ".join(_TYPE_NAMES.get(x, str(x)) for x in t)
    return str(_TYPE_NAMES.get(t, t))


def _hint(value: Any, raw: str | None) -> str:
    if isinstance(value, str) and value in YAML11_BOOLS:
        return " (openness reads YAML 1.2: write true or false)"
    if raw is not None and isinstance(value, float) and raw != repr(value):
        return f' (write "{raw}" in quotes to keep it as text)'
    if raw and not isinstance(value, str):
        return f' (write "{raw}" in quotes if it is meant as text)'
    return ""


#: Patterns of the schemas, in words.
_PATTERNS = {
    r"^https://\S+$": "an https:// address",
    r"^[a-z0-9][a-z0-9._+-]*$": "an id of lower-case letters, digits and . _ + - (such as llama-2)",
    r"^\d{4}(-\d{2}(-\d{2})?)?$": "a date as text: YYYY-MM-DD, YYYY-MM or YYYY",
}


def _fits(e: Any) -> bool:
    """Whether an error of one branch of an anyOf/oneOf leaves that branch fitting the kind of
    value found (a type, const or enum mismatch at the branch's top says it does not)."""
    if list(e.relative_path):
        return True
    if e.validator == "type":
        return False

    def same(x: Any) -> bool:  # of the same JSON type as the value found
        number = (int, float)
        return type(x) is type(e.instance) or (isinstance(x, number) and isinstance(e.instance, number) and bool not in (type(x), type(e.instance)))

    if e.validator == "const":
        return same(e.validator_value)
    if e.validator == "enum":
        return any(same(x) for x in e.validator_value)
    return True


def _one_of(keys: list[str]) -> str:
    if len(keys) <= 12:
        return f"one of: {', '.join(keys)}"
    return f"one of the {len(keys)} keys allowed here; `openness schema` lists them"


def _is_fact_node(schema: Any) -> bool:
    """Whether a (sub)schema is that of one fact: {value, evidence} or {unknown}."""
    return isinstance(schema, dict) and "oneOf" in schema and "unknown" in schema.get("properties", {})


def _both_findings(doc: Document, schema: dict[str, Any], data: Any, path: tuple[Any, ...] = ()) -> list[Finding]:
    """Fact nodes holding both a value and `unknown` (walking the document and its schema together)."""
    if not isinstance(data, dict) or not isinstance(schema, dict):
        return []
    if _is_fact_node(schema):
        if "value" in data and "unknown" in data:
            return [doc.finding((*path, "unknown"), "schema-fact", _fact_node_message(data), key=True)]
        return []
    out: list[Finding] = []
    props = schema.get("properties", {})
    extra = schema.get("additionalProperties")
    for key, sub in data.items():
        subschema = props.get(key, extra if isinstance(extra, dict) else None)
        if subschema is not None:
            out += _both_findings(doc, subschema, sub, (*path, key))
    return out


def _fact_node_message(instance: dict[str, Any]) -> str:
    if "value" in instance and "unknown" in instance:
        return "expected either `value` (with `evidence`) or `unknown`; found both"
    if "value" in instance:
        return "expected `evidence` beside `value` (a list of {source, quote}); found none"
    if "evidence" in instance:
        return "expected `value` beside `evidence`; found none"
    return "expected `value` with `evidence`, or `unknown` with the reason the fact cannot be sourced; found neither"


def _message(err: Any, doc: Document) -> list[tuple[tuple[Any, ...], str, str, bool]]:
    """(path, code, message, point-at-key) for one validation error."""
    path = tuple(err.absolute_path)
    inst = err.instance
    raw = doc.texts.get(path)
    v, val = err.validator, err.validator_value
    if v == "additionalProperties" and isinstance(inst, dict):
        allowed = sorted(err.schema.get("properties", {}))
        patterns = err.schema.get("patternProperties", {})
        out = []
        import re

        for key in inst:
            if key in allowed or any(re.search(p, key) for p in patterns):
                continue
            import difflib

            close = difflib.get_close_matches(key, allowed, n=1)
            if close:
                extra = f"; did you mean {close[0]!r}? (expected {_one_of(allowed)})"
            elif allowed:
                extra = f"; expected {_one_of(allowed)}"
            else:
                extra = "; expected no keys of your own here"
            out.append(((*path, key), "schema-unknown-key", f"unknown key {key!r}{extra}", True))
        return out
    if v == "required":
        missing = [k for k in val if isinstance(inst, dict) and k not in inst]
        return [(path, "schema-required", f"expected the key {k!r}; found it missing", False) for k in missing]
    if v == "type":
        if _is_fact_node(err.schema):
            what = "a fact: `value` with `evidence`, or `unknown` with the reason"
            key = path[-1] if path and isinstance(path[-1], str) else "the fact"
            shown = raw if raw is not None else inst if isinstance(inst, (str, int, float)) else "..."
            instead = f"; write {key}: {{value: {shown}, evidence: [{{source: ..., quote: ...}}]}} or {key}: {{unknown: why it cannot be sourced}}"
            return [(path, "schema-fact", f"expected {what}; found {describe(inst, raw)}{instead}", False)]
        words = _PATTERNS.get(err.schema.get("pattern", ""))
        if words and val == "string":
            import re

            hint = _hint(inst, raw) if raw and re.search(err.schema["pattern"], raw) else ""
            return [(path, "schema-type", f"expected {words}; found {describe(inst, raw)}{hint}", False)]
        return [(path, "schema-type", f"expected {_expected_type(val)}; found {describe(inst, raw)}{_hint(inst, raw)}", False)]
    if v == "enum":
        choices = ", ".join(str(x) for x in val)
        return [(path, "schema-enum", f"expected one of: {choices}; found {describe(inst, raw)}{_hint(inst, raw)}", False)]
    if v == "const":
        return [(path, "schema-value", f"expected {val!r}; found {describe(inst, raw)}", False)]
    if v == "pattern":
        desc = err.schema.get("description")
        what = desc if desc else _PATTERNS.get(val, f"text matching {val}")
        return [(path, "schema-pattern", f"expected {what}; found {describe(inst, raw)}", False)]
    if v == "oneOf" and not isinstance(inst, dict) and _is_fact_node(err.schema):
        return []  # reported once, by the type error of the same fact
    if v == "oneOf" and isinstance(inst, dict) and _is_fact_node(err.schema):
        if "value" in inst and "unknown" in inst:
            return []  # reported once, at the `unknown` key, by _both_findings
        return [(path, "schema-fact", _fact_node_message(inst), False)]
    if v in ("anyOf", "oneOf"):
        from jsonschema.exceptions import best_match

        # Leave out the branches whose type does not fit what was found: for `[7, -13]` against
        # "a number, or a list of numbers" the problem is the -13, not that a list is no number.
        misfits = {e.relative_schema_path[0] for e in err.context if not _fits(e)}
        fitting = [e for e in err.context if e.relative_schema_path[0] not in misfits]
        best = best_match(fitting or err.context) if err.context else None
        if best is not None and best.validator not in ("anyOf", "oneOf"):
            if best.validator == "const":  # a cap: 'none' or a mapping
                return [(path, "schema-value", f"expected 'none' or a mapping; found {describe(inst, raw)}", False)]
            sub = _message(best, doc)
            if sub:
                return sub
        return [(path, "schema-value", f"expected {err.schema.get('description', 'a different value')}; found {describe(inst, raw)}", False)]
    if v in ("minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum"):
        bound = {"minimum": "at least", "exclusiveMinimum": "more than", "maximum": "at most", "exclusiveMaximum": "less than"}
        return [(path, "schema-range", f"expected a number {bound[v]} {val}; found {describe(inst, raw)}", False)]
    if v in ("minItems", "minLength", "minProperties"):
        return [(path, "schema-empty", f"expected a non-empty value; found {describe(inst, raw)}", False)]
    if v in ("maxLength", "maxItems"):
        return [(path, "schema-too-long", f"expected at most {val} characters or items; found more", False)]
    if v == "uniqueItems":
        return [(path, "schema-unique", "expected each item once; found a repeated item", False)]
    if v == "propertyNames":
        return [(path, "schema-key", f"expected keys of lower-case letters, digits and _ . + -; {err.message}", False)]
    return [(path, "schema", f"expected a valid value here; found {describe(inst, raw)} ({err.message})", False)]


def schema_findings(doc: Document, kind: str) -> list[Finding]:
    """Every schema problem of a document, each located at the offending key or value."""
    if not isinstance(doc.data, dict):
        return [doc.finding((), "schema-type", f"expected a mapping at the top of a {kind} file; found {describe(doc.data)}")]
    out: list[Finding] = []
    seen: set[tuple[Any, str, str]] = set()
    out += _both_findings(doc, schemas.load(kind), doc.data)
    for err in validator(kind).iter_errors(doc.data):
        for path, code, message, at_key in _message(err, doc):
            sig = (path, code, message)
            if sig in seen:
                continue
            seen.add(sig)
            out.append(doc.finding(path, code, message, key=at_key))
    return sorted(out)
