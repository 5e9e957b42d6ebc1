"""Skeletons for new files: schema-valid as written, with the schema line and comments to fill in."""

from __future__ import annotations

from pathlib import Path

from openness import vocabulary

DEFAULT_DIRS = {"model": Path("catalog") / "models", "license": Path("catalog") / "licenses", "rubric": Path("rubrics"), "usecase": Path("usecases")}

_EVIDENCE_HELP = """\
# Every fact is either
#   {value: <a value>, evidence: [{source: <https address or seeds/... file>, quote: "<verbatim text>"}]}
# or
#   {unknown: "<why nobody can source it>"}
# Copy quotes from the text you just read, never from memory. An article that disagrees with the
# primary text goes under the fact's claims: [{claim: ..., source: ..., quote: ...}].
"""


def _unknown(text: str) -> str:
    return f'{{unknown: "not yet sourced: {text}"}}'


def model(ident: str) -> str:
    lines = [
        f"id: {ident}",
        f"name: {ident}                      # the release's name as its developer writes it",
        "family: " + ident.split("-")[0] + "            # groups releases for `openness history`",
        "aliases: []                       # other names people use",
        "hf_repos: []                      # Hugging Face repository ids, owner/name",
        _EVIDENCE_HELP.rstrip("\n"),
        f"developer: {_unknown('who built and released it')}",
        f"released: {_unknown('first release date, YYYY-MM-DD')}",
        f"status: {_unknown('one of ' + ' | '.join(vocabulary.STATUS))}",
        f"parameters_b: {_unknown('parameter counts in billions, one per size')}",
        f"license: {_unknown('the id of a license record in catalog/licenses/')}",
        "access:",
        f"  weights: {_unknown(' | '.join(vocabulary.WEIGHTS))}",
        f"  api: {_unknown('true or false: is a hosted API offered')}",
        f"  self_hostable: {_unknown('true or false: can users run it themselves')}",
        "components:                        # Model Openness Framework components: " + ", ".join(vocabulary.COMPONENTS),
        f"  final_weights: {_unknown('{available: public | restricted | none, license: a license id}')}",
        f"  model_card: {_unknown('{available: public | restricted | none}')}",
        f"  datasets: {_unknown('{available: ..., disclosure: ' + ' | '.join(vocabulary.DISCLOSURE) + '}')}",
    ]
    return "\n".join(lines) + "\n"


def license(ident: str) -> str:
    terms = [
        ("commercial_use", " | ".join(vocabulary.PERMISSION)),
        ("user_cap", "none, or {metric: monthly_active_users, threshold: N, beyond: " + " | ".join(vocabulary.CAP_BEYOND) + "}"),
        ("revenue_cap", "none, or {metric: annual_revenue_usd, threshold: N, currency: USD, beyond: ...}"),
        ("modification", " | ".join(vocabulary.PERMISSION)),
        ("redistribution", " | ".join(vocabulary.PERMISSION)),
        ("output_training", " | ".join(vocabulary.PERMISSION)),
        ("attribution", " | ".join(vocabulary.ATTRIBUTION)),
        ("naming", " | ".join(vocabulary.NAMING)),
        ("acceptable_use_policy", "true or false"),
        ("use_restrictions", "true or false"),
        ("share_alike", "true or false"),
        ("hosted_service", " | ".join(vocabulary.PERMISSION)),
        ("production_use", " | ".join(vocabulary.PERMISSION) + " (prohibited for evaluation-only or non-production grants)"),
        ("territory", "worldwide, or {excluded: [EU, GB, ...]}"),
        ("threshold_conditions", "none, or {duty: " + " | ".join(vocabulary.CONDITION_DUTIES) + ", above: [{metric: monthly_active_users, threshold: N}]}"),
        ("changeable_by_licensor", "true or false"),
    ]
    lines = [
        f"id: {ident}",
        f"name: {ident}                      # the license's own title",
        "url: https://example.org/replace-with-the-address-of-the-license-text",
        "category: proprietary               # " + " | ".join(vocabulary.CATEGORY),
        "# spdx: LicenseRef-scancode-...      # an SPDX id or ScanCode LicenseRef key, where one exists",
        "# hf_id: ...                         # the Hugging Face hub license id, where one exists",
        _EVIDENCE_HELP.rstrip("\n"),
        f"osi_approved: {_unknown('true or false')}",
        "terms:                              # quote the clause that decides each term",
        *(f"  {name}: {_unknown(hint)}" for name, hint in terms),
    ]
    return "\n".join(lines) + "\n"


def rubric(ident: str) -> str:
    levels = "\n".join(f"      {w}: {s}" for w, s in zip(vocabulary.WEIGHTS, ("1.0", "0.8", "0.3", "0.1", "0.0", "0.0")))
    return f"""id: {ident}
title: {ident}                       # what this rubric measures, in a few words
version: "1"
description: >-
  Say what the rubric is for and where its criteria come from.
unknown: zero                        # what an unknown fact counts as: zero | exclude | a score in [0, 1]
criteria:                            # `openness facts` lists the fact paths a criterion may read
  - id: weights
    title: Weights can be downloaded
    weight: 1                        # any positive number; totals are scaled to 0-100
    kind: levels                     # levels | bands | presence | all_of | any_of
    fact: access.weights
    levels:                          # a score in [0, 1] for every value the fact can take
{levels}
    # why:                           # the passage that motivates the criterion
    #   - source: seeds/003_c40a32ef56e896d9.txt
    #     quote: Many organizations do not want to depend on models they cannot run and control themselves.
grades:                              # optional: labels for totals (highest minimum first)
  - {{min: 80, label: A}}
  - {{min: 50, label: B}}
  - {{min: 0, label: C}}
"""


def render(kind: str, ident: str, schema_line: str | None = None) -> str:
    """A skeleton file, starting with ``schema_line`` (see :func:`openness.project.schema_line`)."""
    body = {"model": model, "license": license, "rubric": rubric}[kind](ident)
    return (schema_line or "") + body
