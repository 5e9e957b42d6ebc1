"""What the Hugging Face hub's metadata means in this catalog's vocabulary.

Shared by the model-card importer (:mod:`openness.importers.hf_card`) and the bulk scorer
(:mod:`openness.bulkcheck`): the hub's license identifiers, how one maps to a license record, what a
``pipeline_tag`` says about modality, and what ``gated`` means.  Plain data and plain functions:
nothing here imports attrs, so the bulk scorer's hot loop never pays for record classes.
"""

from __future__ import annotations

import re

TYPE_CHECKING = False  # typing's own flag, without importing typing at run time
if TYPE_CHECKING:
    from typing import Any

#: Every license identifier the hub accepts in a card's ``license:`` field, with its full name:
#: the table of huggingface/hub-docs docs/hub/repositories-licenses.md at commit fd6cf1f56e15
#: (2026-06-06), in its order (HUB_LICENSES_SOURCE).
HUB_LICENSES: dict[str, str] = {
    "apache-2.0": "Apache license 2.0",
    "mit": "MIT",
    "openrail": "OpenRAIL license family",
    "bigscience-openrail-m": "BigScience OpenRAIL-M",
    "creativeml-openrail-m": "CreativeML OpenRAIL-M",
    "bigscience-bloom-rail-1.0": "BigScience BLOOM RAIL 1.0",
    "bigcode-openrail-m": "BigCode Open RAIL-M v1",
    "afl-3.0": "Academic Free License v3.0",
    "artistic-2.0": "Artistic license 2.0",
    "bsl-1.0": "Boost Software License 1.0",
    "bsd": "BSD license family",
    "bsd-2-clause": 'BSD 2-clause "Simplified" license',
    "bsd-3-clause": 'BSD 3-clause "New" or "Revised" license',
    "bsd-3-clause-clear": "BSD 3-clause Clear license",
    "c-uda": "Computational Use of Data Agreement",
    "cc": "Creative Commons license family",
    "cc0-1.0": "Creative Commons Zero v1.0 Universal",
    "cc-by-2.0": "Creative Commons Attribution 2.0",
    "cc-by-2.5": "Creative Commons Attribution 2.5",
    "cc-by-3.0": "Creative Commons Attribution 3.0",
    "cc-by-4.0": "Creative Commons Attribution 4.0",
    "cc-by-sa-3.0": "Creative Commons Attribution Share Alike 3.0",
    "cc-by-sa-4.0": "Creative Commons Attribution Share Alike 4.0",
    "cc-by-nc-2.0": "Creative Commons Attribution Non Commercial 2.0",
    "cc-by-nc-3.0": "Creative Commons Attribution Non Commercial 3.0",
    "cc-by-nc-4.0": "Creative Commons Attribution Non Commercial 4.0",
    "cc-by-nd-4.0": "Creative Commons Attribution No Derivatives 4.0",
    "cc-by-nc-nd-3.0": "Creative Commons Attribution Non Commercial No Derivatives 3.0",
    "cc-by-nc-nd-4.0": "Creative Commons Attribution Non Commercial No Derivatives 4.0",
    "cc-by-nc-sa-2.0": "Creative Commons Attribution Non Commercial Share Alike 2.0",
    "cc-by-nc-sa-3.0": "Creative Commons Attribution Non Commercial Share Alike 3.0",
    "cc-by-nc-sa-4.0": "Creative Commons Attribution Non Commercial Share Alike 4.0",
    "cdla-sharing-1.0": "Community Data License Agreement – Sharing, Version 1.0",
    "cdla-permissive-1.0": "Community Data License Agreement – Permissive, Version 1.0",
    "cdla-permissive-2.0": "Community Data License Agreement – Permissive, Version 2.0",
    "wtfpl": "Do What The F*ck You Want To Public License",
    "ecl-2.0": "Educational Community License v2.0",
    "epl-1.0": "Eclipse Public License 1.0",
    "epl-2.0": "Eclipse Public License 2.0",
    "etalab-2.0": "Etalab Open License 2.0",
    "eupl-1.1": "European Union Public License 1.1",
    "eupl-1.2": "European Union Public License 1.2",
    "agpl-3.0": "GNU Affero General Public License v3.0",
    "gfdl": "GNU Free Documentation License family",
    "gpl": "GNU General Public License family",
    "gpl-2.0": "GNU General Public License v2.0",
    "gpl-3.0": "GNU General Public License v3.0",
    "lgpl": "GNU Lesser General Public License family",
    "lgpl-2.1": "GNU Lesser General Public License v2.1",
    "lgpl-3.0": "GNU Lesser General Public License v3.0",
    "isc": "ISC",
    "h-research": "H Research License",
    "intel-research": "Intel Research Use License Agreement",
    "lppl-1.3c": "LaTeX Project Public License v1.3c",
    "ms-pl": "Microsoft Public License",
    "apple-ascl": "Apple Sample Code license",
    "apple-amlr": "Apple Model License for Research",
    "mpl-2.0": "Mozilla Public License 2.0",
    "odc-by": "Open Data Commons License Attribution family",
    "odbl": "Open Database License family",
    "openmdw-1.0": "Open Model, Data & Weights License Agreement",
    "openmdw-1.1": "Open Model, Data & Weights License Agreement v1.1",
    "openrail++": "Open Rail++-M License",
    "osl-3.0": "Open Software License 3.0",
    "postgresql": "PostgreSQL License",
    "ofl-1.1": "SIL Open Font License 1.1",
    "ncsa": "University of Illinois/NCSA Open Source License",
    "unlicense": "The Unlicense",
    "zlib": "zLib License",
    "pddl": "Open Data Commons Public Domain Dedication and License",
    "lgpl-lr": "Lesser General Public License For Linguistic Resources",
    "deepfloyd-if-license": "DeepFloyd IF Research License Agreement",
    "fair-noncommercial-research-license": "FAIR Noncommercial Research License",
    "llama2": "Llama 2 Community License Agreement",
    "llama3": "Llama 3 Community License Agreement",
    "llama3.1": "Llama 3.1 Community License Agreement",
    "llama3.2": "Llama 3.2 Community License Agreement",
    "llama3.3": "Llama 3.3 Community License Agreement",
    "llama4": "Llama 4 Community License Agreement",
    "grok2-community": "Grok 2 Community License Agreement",
    "gemma": "Gemma Terms of Use",
    "unknown": "Unknown",
    "other": "Other",
}

#: Where the table is read from (for messages and notes).
HUB_LICENSES_SOURCE = "https://github.com/huggingface/hub-docs/blob/fd6cf1f56e1514af08c5a7262d9f79b3becb810d/docs/hub/repositories-licenses.md"

#: Hub identifiers whose catalog record carries a different id and no ``hf_id`` of its own
#: (the record's ``hf_id`` is preferred when it has one).
HUB_ALIASES: dict[str, str] = {
    "llama4": "llama-4-community",
}

_FAMILY = "names a family of licenses whose members differ in what they allow ({}); which member applies is not said, so the terms are unknown"
_NOT_READ = "has no license record in the catalog yet: its text ({}) was not read and decided term by term; until it is, every term is unknown"

#: Hub identifiers that resolve to no single license record, each with the reason (data, so that
#: an unresolved identifier is an explained unknown, never a silent miss).
HUB_UNRESOLVED: dict[str, str] = {
    "openrail": _FAMILY.format(
        "the OpenRAIL family: BigScience OpenRAIL-M, CreativeML OpenRAIL-M, BigCode OpenRAIL-M, Open RAIL++-M and others, each with its own use restrictions"
    ),
    "bsd": _FAMILY.format("BSD 2-clause, 3-clause, Clear and other variants, which differ in endorsement and patent terms"),
    "cc": _FAMILY.format("the Creative Commons licenses, from CC0 and CC BY to CC BY-NC-ND, which differ on commercial use, derivatives and share-alike"),
    "gfdl": _FAMILY.format("GNU FDL 1.1, 1.2 and 1.3, with or without invariant sections"),
    "gpl": _FAMILY.format("GNU GPL 1.0, 2.0 and 3.0, 'only' or 'or later'"),
    "lgpl": _FAMILY.format("GNU LGPL 2.0, 2.1 and 3.0, 'only' or 'or later'"),
    "odc-by": _FAMILY.format("the Open Data Commons Attribution licenses; the catalog's odc-by-1.0 record holds version 1.0"),
    "odbl": _FAMILY.format("the Open Database License versions"),
    "unknown": "the uploader did not say which license applies",
    "other": "the card names a license outside the hub's list (see license_name and license_link)",
    "h-research": _NOT_READ.format("https://huggingface.co/Hcompany/Holo1-3B/blob/main/LICENSE"),
    "intel-research": _NOT_READ.format("https://huggingface.co/OpenVINO/Llama-3.1-8B-Instruct-FastDraft-150M-int8-ov/blob/main/LICENSE.md"),
    "grok2-community": _NOT_READ.format("https://huggingface.co/xai-org/grok-2/blob/main/LICENSE"),
}

#: The hub's pipeline tags whose modality is plain; tags not listed leave modality unknown.
PIPELINE_MODALITY: dict[str, str] = {
    **dict.fromkeys(
        (
            "text-generation",
            "text2text-generation",
            "fill-mask",
            "summarization",
            "translation",
            "question-answering",
            "text-classification",
            "token-classification",
            "sentence-similarity",
            "zero-shot-classification",
            "table-question-answering",
            "conversational",
            "text-ranking",
        ),
        "text",
    ),
    "text-to-image": "text-to-image",
    **dict.fromkeys(
        (
            "image-classification",
            "object-detection",
            "image-segmentation",
            "image-to-image",
            "unconditional-image-generation",
            "depth-estimation",
            "zero-shot-image-classification",
            "mask-generation",
            "image-feature-extraction",
            "keypoint-detection",
        ),
        "image",
    ),
    **dict.fromkeys(
        (
            "image-text-to-text",
            "visual-question-answering",
            "image-to-text",
            "document-question-answering",
            "any-to-any",
            "video-text-to-text",
            "zero-shot-object-detection",
            "audio-text-to-text",
            "visual-document-retrieval",
        ),
        "multimodal",
    ),
    **dict.fromkeys(
        ("automatic-speech-recognition", "text-to-speech", "text-to-audio", "audio-classification", "audio-to-audio", "voice-activity-detection"),
        "audio",
    ),
    **dict.fromkeys(("text-to-video", "video-classification", "image-to-video"), "video"),
}

#: A Hugging Face repository id, as the catalog's ``hf_repos`` accepts it.
REPO_ID = re.compile(r"^[A-Za-z0-9][\w.-]*/[\w.-]+$")

_GATED_TRUE = {"true", "auto", "manual", "1", "yes", "gated"}
_GATED_FALSE = {"false", "0", "no", "", "none", "null", "open"}


def gated(value: Any) -> bool:
    """Whether the hub's ``gated`` field means an access request: ``False``/``"auto"``/``"manual"``.

    Raises ``ValueError`` for anything else.
    """
    if value is None or value is False:
        return False
    if value is True:
        return True
    if isinstance(value, int) and not isinstance(value, bool) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        v = value.strip().lower()
        if v in _GATED_TRUE:
            return True
        if v in _GATED_FALSE:
            return False
    raise ValueError(f"expected gated to be true, false, auto or manual; found {value!r}")


def is_family(hub_id: str) -> bool:
    return "family" in HUB_LICENSES.get(hub_id, "").lower()


class LicenseIndex:
    """Hub license identifiers -> catalog license ids, as :meth:`Catalog.license` finds them.

    A hub identifier is looked up as ``Catalog.license`` looks a name up: a license's id first;
    then the shipped licenses' ``hf_id`` fields, then their names, aliases and SPDX ids; then
    the same for ``own`` (the ids of licenses of your own that are not shipped), so that a
    license of your own never captures a shipped license's identifiers.  Case-insensitive; the
    first license in the catalog's order wins within a step.  Works on any sequence of objects
    with ``id``, ``name``, ``aliases``, ``spdx`` and ``hf_id``.
    """

    def __init__(self, licenses: Any, own: Any = ()) -> None:
        own = frozenset(own)
        self.by_id: dict[str, str] = {}
        steps: list[dict[str, str]] = [{}, {}, {}, {}]
        #: license id -> record (when the sequence holds records)
        self.records: dict[str, Any] = {}
        for lic in licenses:
            self.by_id.setdefault(lic.id.strip().lower(), lic.id)
            first = 2 if lic.id in own else 0
            if lic.hf_id:
                steps[first].setdefault(lic.hf_id.lower(), lic.id)
            for n in (lic.name, *lic.aliases, *(x for x in (lic.spdx, lic.hf_id) if x)):
                steps[first + 1].setdefault(n.strip().lower(), lic.id)
            self.records.setdefault(lic.id, lic)
        self.steps = steps

    def find(self, name: str) -> str | None:
        key = name.strip().lower()
        for step in (self.by_id, *self.steps):
            if key in step:
                return step[key]
        if key in HUB_ALIASES:  # a hub id whose license record carries another hf_id
            return self.find(HUB_ALIASES[key])
        return None

    def hub(self, hub_id: Any, license_name: Any = None, license_link: Any = None) -> tuple[str | None, str]:
        """(catalog license id, explanation) for a card's ``license`` value; the id is None when
        the license is unknown here, and the explanation then says why (naming the hub id)."""
        if isinstance(hub_id, list):
            if len(hub_id) == 1:
                hub_id = hub_id[0]
            elif not hub_id:
                return None, "the card lists no license"
            else:
                return None, f"the card lists {len(hub_id)} licenses ({', '.join(map(str, hub_id))}); which one covers the weights is not said"
        if hub_id is None or hub_id == "":
            return None, "the card gives no license identifier"
        if not isinstance(hub_id, str):
            return None, f"the card's license is {hub_id!r}, which is not a license identifier"
        key = hub_id.strip().lower()
        if key == "unknown":
            return None, f"the card's license is the hub identifier 'unknown': {HUB_UNRESOLVED['unknown']}"
        if key == "other":
            return self._other(license_name, license_link)
        found = None if is_family(key) else self.find(key)
        if found is not None:
            return found, f"the hub identifier {hub_id!r} is the catalog license {found}"
        if key in HUB_UNRESOLVED:
            return None, f"the hub identifier {hub_id!r} ({HUB_LICENSES.get(key, key)}) {HUB_UNRESOLVED[key]}"
        if is_family(key):
            return None, f"the hub identifier {hub_id!r} names a family of licenses ({HUB_LICENSES[key]}), not one license"
        if key in HUB_LICENSES:
            return None, f"the hub identifier {hub_id!r} ({HUB_LICENSES[key]}) has no license record in the catalog"
        return None, f"{hub_id!r} is not one of the hub's license identifiers and names no license record in the catalog"

    def _other(self, license_name: Any, license_link: Any) -> tuple[str | None, str]:
        named = license_name if isinstance(license_name, str) and license_name.strip() else None
        link = license_link if isinstance(license_link, str) and license_link.strip() else None
        if named:
            found = self.find(named)
            if found is not None:
                return found, f"the card's license is 'other' with license_name {named!r}, the catalog license {found}"
            return None, (
                f"the card's license is the hub identifier 'other' with license_name {named!r}"
                + (f" ({link})" if link else "")
                + ", which names no license record in the catalog"
            )
        return None, "the card's license is the hub identifier 'other'" + (
            f" with license_link {link}" if link else " with no license_name"
        ) + ", which names no license record in the catalog"


def repo_from_url(url: Any) -> str | None:
    """``owner/name`` from a ``https://huggingface.co/owner/name[/…]`` address, else None."""
    if not isinstance(url, str):
        return None
    m = re.match(r"^https?://(?:www\.)?huggingface\.co/([^/\s#?]+)/([^/\s#?]+)", url.strip())
    if not m or m.group(1) in ("datasets", "spaces", "docs", "blog", "papers"):
        return None
    repo = f"{m.group(1)}/{m.group(2)}"
    return repo if REPO_ID.match(repo) else None


def slug(text: str) -> str:
    """A catalog id from a name: lower case, runs of other characters as '-'."""
    s = re.sub(r"[^a-z0-9._+-]+", "-", text.strip().lower()).strip("-._+")
    s = re.sub(r"-{2,}", "-", s)[:80].rstrip("-._+")
    return s or "imported-model"
