"""The key tables of docs/*-format.md, generated from the schemas (a test keeps the docs in step).

``python -m openness.docgen`` rewrites the section between the markers in each document.
"""

from __future__ import annotations

import re
from pathlib import Path

from openness import schemas
from openness import vocabulary as v

TYPE_CHECKING = False  # typing's own flag, without importing typing at run time
if TYPE_CHECKING:
    from typing import Any

START, END = "<!-- generated: keys -->", "<!-- end generated -->"
DOCS = {"model": "model-format.md", "license": "license-format.md", "rubric": "rubric-format.md", "usecase": "usecase-format.md", "policy": "policy-format.md"}


def _type(node: dict[str, Any]) -> str:
    if "enum" in node:
        return "one of " + ", ".join(f"`{x}`" for x in node["enum"])
    if "const" in node:
        return f"`{node['const']}`"
    if "anyOf" in node:
        return " or ".join(_type(x) for x in node["anyOf"])
    t = node.get("type")
    if t == "array":
        return f"list of {_type(node.get('items', {}))}"
    if t == "object":
        return "mapping"
    if t == "string" and "pattern" in node:
        return f"text matching `{node['pattern']}`"
    if isinstance(t, list):
        return " or ".join(t)
    if t == "number" and ("minimum" in node or "maximum" in node):
        return f"number in [{node.get('minimum', '-inf')}, {node.get('maximum', 'inf')}]"
    return t or "any value"


def _rows(props: dict[str, Any], required: list[str], prefix: str = "") -> list[tuple[str, str, str, str]]:
    rows = []
    for key, node in props.items():
        path = f"{prefix}{key}"
        if "$ref" in node:
            rows.append((path, node["$ref"].rsplit("/", 1)[-1], "yes" if key in required else "", ""))
            continue
        if node.get("type") == "object" and "oneOf" in node and "unknown" in node.get("properties", {}):
            value = node["properties"]["value"]
            rows.append((path, f"fact: {_type(value)}", "yes" if key in required else "", node.get("description", "")))
            continue
        if node.get("type") == "object" and "properties" in node:
            rows.append((path, "mapping", "yes" if key in required else "", node.get("description", "")))
            rows += _rows(node["properties"], node.get("required", []), path + ".")
            continue
        if node.get("type") == "object" and "additionalProperties" in node and isinstance(node["additionalProperties"], dict):
            sub = node["additionalProperties"]
            inner = _type(sub["properties"]["value"]) if "properties" in sub and "value" in sub["properties"] else _type(sub)
            rows.append(
                (f"{path}.<name>", f"fact: {inner}" if "properties" in sub and "value" in sub["properties"] else inner, "", node.get("description", ""))
            )
            continue
        rows.append((path, _type(node), "yes" if key in required else "", node.get("description", "")))
    return rows


def _table(rows: list[tuple[str, str, str, str]]) -> str:
    out = ["| key | type and allowed values | required | meaning |", "|:--|:--|:--|:--|"]
    for path, typ, req, doc in rows:
        cells = [f"`{path}`", typ, req, doc]
        out.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(out)


def section(kind: str) -> str:
    schema = schemas.build(kind)
    parts = [_table(_rows(schema["properties"], schema.get("required", [])))]
    for name, sub in schema.get("$defs", {}).items():
        parts.append(f"\n`{name}` entries:\n\n" + _table(_rows(sub["properties"], sub.get("required", []))))
    if kind == "model":
        parts.append(
            "\nA component's value is a mapping: `available` (one of "
            + ", ".join(f"`{x}`" for x in v.AVAILABILITY)
            + "), `license` (a license id, or `unspecified`), `spdx` (the SPDX id of the component's license when the "
            "catalog has no record of it: rubrics still read its `open_for` facts, judged from the Model Openness Tool's "
            "license lists) and, for `datasets` only, `disclosure` (one of "
            + ", ".join(f"`{x}`" for x in v.DISCLOSURE)
            + "). A rubric reads a fact of the license a component is under as "
            "`components.<name>.license.<license fact>`, e.g. `components.final_weights.license.open_for.weights`."
        )
    return "\n".join(parts) + "\n"


def refresh(text: str, kind: str) -> str:
    pattern = re.compile(re.escape(START) + r".*?" + re.escape(END), re.S)
    return pattern.sub(lambda _m: f"{START}\n{section(kind)}{END}", text)


def main() -> None:  # pragma: no cover - developer tool
    docs = Path(__file__).resolve().parent.parent / "docs"
    for kind, name in DOCS.items():
        path = docs / name
        path.write_text(refresh(path.read_text(encoding="utf-8"), kind), encoding="utf-8")
        print(f"refreshed {path}")


if __name__ == "__main__":  # pragma: no cover
    main()
