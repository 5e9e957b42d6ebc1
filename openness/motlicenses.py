"""Whether a license is open for a kind of component, as the Model Openness Tool judges it.

The Model Openness Tool (lfai/model_openness_tool, MIT license) counts a component toward a MOF
class when its license is an *open license* - FSF-libre or OSI-approved in its license lists
(``web/modules/mof/licenses.json``, then ``mof-licenses.json``, whose entries replace the first
file's), or on its ``OPEN_DATA_LICENSES`` or ``OPEN_LICENSES`` lists (``LicenseHandler.php``) - and
calls it *type-appropriate* when ``mof-licenses.json`` lists the component's content type (code,
data, document) for it.  The MOT keys everything by exact SPDX id.

This module holds a snapshot of those lists (``openness/data/mot-licenses.json``, at the commit
it names, with the MOT's copyright notice in ``openness/data/MOT-LICENSE``) and derives the license
facts ``open_for.code``, ``open_for.data``, ``open_for.documents`` and ``open_for.weights`` of a
license record from its ``spdx`` id, where the record does not state them itself (see
:meth:`openness.records.License.from_dict`).  The MOT judges model parameters as data
(``mof.settings.yml``: Model parameters, content_type data), so ``weights`` follows ``data``.

Each value is ``type-appropriate`` (an open license the MOT lists for that content type), ``open``
(an open license the MOT does not list for that type: it counts the component and warns) or
``not-open`` (on none of the lists: the MOT does not count the component), with the lists' own
lines as evidence.  ``python -m openness.motlicenses MOT_CHECKOUT COMMIT`` rebuilds the snapshot
from a checkout of the MOT's files.
"""

from __future__ import annotations

import json
import sys
from functools import lru_cache
from pathlib import Path

TYPE_CHECKING = False  # typing's own flag, without importing typing at run time
if TYPE_CHECKING:
    from typing import Any

#: The facts' kinds of component -> the MOT's content type for it.
KINDS: dict[str, str] = {"code": "code", "data": "data", "documents": "document", "weights": "data"}
VALUES = ("type-appropriate", "open", "not-open")

SNAPSHOT = Path(__file__).resolve().parent / "data" / "mot-licenses.json"
REPO = "https://github.com/lfai/model_openness_tool/blob"
FILES = ("web/modules/mof/licenses.json", "web/modules/mof/mof-licenses.json")
HANDLER = "web/modules/mof/src/LicenseHandler.php"
SETTINGS = "web/modules/mof/config/install/mof.settings.yml"

#: ``LicenseHandler.php``'s lists and rule at the snapshot's commit, as its lines read (the
#: builder below takes them from there, since only the JSON files are data).
OPEN_DATA_LICENSES = (
    "CC0-1.0", "CC-BY-1.0", "CC-BY-2.0", "CC-BY-2.5", "CC-BY-2.5-AU", "CC-BY-3.0", "CC-BY-3.0-AT", "CC-BY-3.0-AU",
    "CC-BY-3.0-DE", "CC-BY-3.0-IGO", "CC-BY-3.0-NL", "CC-BY-3.0-US", "CC-BY-4.0", "CC-BY-SA-1.0", "CC-BY-SA-2.0",
    "CC-BY-SA-2.0-UK", "CC-BY-SA-2.1-JP", "CC-BY-SA-2.5", "CC-BY-SA-3.0", "CC-BY-SA-3.0-AT", "CC-BY-SA-4.0",
    "CDLA-Permissive-1.0", "CDLA-Permissive-2.0", "CDLA-Sharing-1.0", "ODC-PDDL-1.0", "ODC-By-1.0", "ODbL-1.0",
    "GFDL-1.3", "OGL-Canada-2.0", "OGL-UK-2.0", "OGL-UK-3.0",
)  # fmt: skip
OPEN_LICENSES = ("OpenMDW-1.0",)
RULE_QUOTE = (
    "public function isOpenSourceLicense(string $license): bool {\n"
    "return $this->isFsfApproved($license)\n"
    "|| $this->isOpenData($license)\n"
    "|| $this->isOsiApproved($license)\n"
    "|| in_array($license, self::OPEN_LICENSES);"
)


def _entry_quote(lines: list[str], start: int) -> str:
    """The lines of one JSON entry from its ``licenseId`` line to its last field (stripped)."""
    out = []
    for line in lines[start:]:
        s = line.strip()
        if s.startswith("}"):
            break
        if s:
            out.append(s)
    return "\n".join(out)


def build(checkout: Path, commit: str) -> dict[str, Any]:
    """The snapshot of the MOT's lists from a folder holding its two JSON files (by their paths
    in the MOT's repository), at ``commit``."""
    entries: dict[str, dict[str, Any]] = {}
    for rel in FILES:  # the MOT imports licenses.json, then mof-licenses.json over it
        text = (checkout / rel).read_text(encoding="utf-8")
        lines = text.splitlines()
        starts = {}
        for i, line in enumerate(lines):
            s = line.strip()
            if s.startswith('"licenseId"'):
                starts[json.loads("{" + s.rstrip(",") + "}")["licenseId"]] = i
        for lic in json.loads(text)["licenses"]:
            ctype = lic.get("ContentType") or []
            entries[lic["licenseId"]] = {
                "name": lic["name"],
                "osi": bool(lic.get("isOsiApproved") or False),
                "fsf": bool(lic.get("isFsfLibre") or False),
                "types": [ctype] if isinstance(ctype, str) else list(ctype),
                "file": rel,
                "quote": _entry_quote(lines, starts[lic["licenseId"]]),
            }
    keep = {}
    for spdx, e in sorted(entries.items()):
        e["open_data"] = spdx in OPEN_DATA_LICENSES
        e["open_list"] = spdx in OPEN_LICENSES
        if e["osi"] or e["fsf"] or e["open_data"] or e["open_list"] or e["types"]:
            keep[spdx] = e
    for spdx in (*OPEN_DATA_LICENSES, *OPEN_LICENSES):  # on a list but in neither file
        keep.setdefault(
            spdx,
            {
                "name": spdx,
                "osi": False,
                "fsf": False,
                "types": [],
                "file": None,
                "quote": None,
                "open_data": spdx in OPEN_DATA_LICENSES,
                "open_list": spdx in OPEN_LICENSES,
            },
        )
    return {
        "about": "The Model Openness Tool's license lists (lfai/model_openness_tool, MIT license, Copyright 2024 The Model Openness Tool Authors; see MOT-LICENSE), "
        "reduced to the licenses it counts as open or lists a content type for; built by python -m openness.motlicenses.",
        "repository": "lfai/model_openness_tool",
        "commit": commit,
        "licenses": dict(sorted(keep.items())),
    }


@lru_cache(maxsize=1)
def snapshot() -> dict[str, Any]:
    with open(SNAPSHOT, encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    data["folded"] = {k.lower(): k for k in data["licenses"]}
    return data


def lookup(spdx: str, exact: bool = False) -> tuple[str, dict[str, Any]] | None:
    """(the MOT's spelling of the id, its entry), or None when the MOT's lists do not hold it.

    SPDX ids match case-insensitively (the SPDX specification's rule); ``exact`` matches as the MOT
    does, letter for letter."""
    snap = snapshot()
    if spdx in snap["licenses"]:
        return spdx, snap["licenses"][spdx]
    if exact:
        return None
    key = snap["folded"].get(spdx.lower())
    return (key, snap["licenses"][key]) if key else None


def is_open(spdx: str, exact: bool = True) -> bool:
    """Whether the MOT counts a license id as open (exact id, as the MOT compares)."""
    found = lookup(spdx, exact)
    return found is not None and _open(found[1])


def _open(e: dict[str, Any]) -> bool:
    return bool(e["osi"] or e["fsf"] or e["open_data"] or e["open_list"])


def judge(spdx: str) -> dict[str, dict[str, Any]]:
    """Fact nodes ``{kind: {value, evidence, note}}`` for a license's SPDX id (file format)."""
    snap = snapshot()
    commit = snap["commit"]
    handler = {"source": f"{REPO}/{commit}/{HANDLER}", "locator": "isOpenSourceLicense()", "quote": RULE_QUOTE}
    found = lookup(spdx)
    out: dict[str, dict[str, Any]] = {}
    for kind, ctype in KINDS.items():
        evidence = [handler]
        as_data = " (the MOT judges model parameters as data)" if kind == "weights" else ""
        if found is None:
            value = "not-open"
            note = (
                f"{spdx} is not an open license on the Model Openness Tool's lists at commit {commit[:7]} (neither OSI-approved nor "
                "FSF-libre in licenses.json or mof-licenses.json, nor on OPEN_DATA_LICENSES or OPEN_LICENSES): the MOT does not count it as open."
            )
        else:
            key, e = found
            if e["quote"]:
                evidence.append({"source": f"{REPO}/{commit}/{e['file']}", "locator": f"the entry of {key}", "quote": e["quote"]})
            why = [
                w
                for w, ok in (
                    ("FSF-libre", e["fsf"]),
                    ("OSI-approved", e["osi"]),
                    ("on its OPEN_DATA_LICENSES list", e["open_data"]),
                    ("on its OPEN_LICENSES list", e["open_list"]),
                )
                if ok
            ]
            if e["open_data"] or e["open_list"]:
                name = "OPEN_DATA_LICENSES" if e["open_data"] else "OPEN_LICENSES"
                evidence.append({"source": f"{REPO}/{commit}/{HANDLER}", "locator": name, "quote": f"'{key}',"})
            if not _open(e):
                value = "not-open"
                note = f"The Model Openness Tool lists {key} but neither as OSI-approved nor FSF-libre, nor on its open lists: not open."
            elif ctype in e["types"]:
                value = "type-appropriate"
                note = f"The Model Openness Tool counts {key} as open ({', '.join(why)}) and lists it for {ctype}{as_data}."
            else:
                value = "open"
                listed = f"it lists it for {', '.join(e['types'])} only" if e["types"] else "it lists no content type for it"
                note = f"The Model Openness Tool counts {key} as open ({', '.join(why)}) but {listed}, not {ctype}{as_data}: it counts such a component and warns that the license is not type-appropriate."
        out[kind] = {"value": value, "evidence": evidence, "note": note + f" From the MOT's lists at commit {commit} (openness/data/mot-licenses.json)."}
    return out


def main(argv: list[str]) -> int:  # pragma: no cover - a maintenance tool
    if len(argv) != 2:
        print("usage: python -m openness.motlicenses MOT_CHECKOUT COMMIT", file=sys.stderr)
        return 2
    data = build(Path(argv[0]), argv[1])
    SNAPSHOT.write_text(json.dumps(data, indent=1, ensure_ascii=False, sort_keys=False) + "\n", encoding="utf-8")
    print(f"wrote {SNAPSHOT}: {len(data['licenses'])} licenses")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
