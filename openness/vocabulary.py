"""The fact vocabulary: the contract between catalog files, rubrics, JSON output and users' code.

Every fact a model or license record can hold is declared here once, with its type and allowed
values.  The JSON Schemas for model and license files are generated from these declarations
(see :mod:`openness.schemas`), rubric files are checked against them (a criterion may only read a
declared path, and named levels must cover a fact's allowed values), and the format documents
in ``docs/`` are checked against them by the tests.

Extend the vocabulary; never rename a path.
"""

from __future__ import annotations

from openness import frozen as attrs

TYPE_CHECKING = False  # typing's own flag, without importing typing at run time
if TYPE_CHECKING:
    from typing import Any

#: Value types a fact may have.
FACT_TYPES = (
    "enum",
    "boolean",
    "number",
    "integer",
    "string",
    "date",
    "id",
    "numbers",
    "cap",
    "component",
    "territory",
    "condition",
    "any",
)


@attrs.frozen
class FactSpec:
    """One fact path: its type, its allowed values (for enums) and what it means."""

    path: str
    type: str
    doc: str
    values: tuple[str, ...] = ()
    #: For ``component`` facts: whether a ``disclosure`` level is part of the value.
    disclosure: bool = False

    @property
    def leaf(self) -> str:
        return self.path.rsplit(".", 1)[-1]


# --------------------------------------------------------------------------- enumerations
STATUS = ("released", "announced", "rumored", "withdrawn")
WEIGHTS = ("open", "gated", "research-only", "leaked", "api-only", "none")
MODALITY = ("text", "code", "text-to-image", "image", "multimodal", "audio", "video")
PERMISSION = ("allowed", "conditional", "prohibited")
ATTRIBUTION = ("none", "notice", "display")
NAMING = ("none", "prefix", "restricted")
AVAILABILITY = ("public", "restricted", "none")
DISCLOSURE = ("none", "summary", "listing", "full")
CATEGORY = (
    "permissive",
    "copyleft",
    "open-rail",
    "community",
    "non-commercial",
    "research-only",
    "proprietary",
)
#: What binds a derivative (fine-tune, quantization, adapter, merge) of a model under a license.
DERIVATIVES = ("all_terms", "use_restrictions", "share_alike", "notice", "none")
#: How the hub says a model derives from its base (``base_model_relation``; hub-docs docs/hub/model-cards.md).
RELATIONS = ("finetune", "adapter", "quantized", "merge")
#: Which license facts a derivative carries, by the base license's ``terms.derivatives`` ("*": every one).
DERIVATIVE_CARRIES: dict[str, tuple[str, ...]] = {
    "all_terms": ("*",),
    "share_alike": ("*",),
    "use_restrictions": ("terms.use_restrictions", "terms.acceptable_use_policy", "terms.share_alike", "terms.attribution", "terms.derivatives"),
    "notice": ("terms.attribution", "terms.derivatives"),
    "none": (),
}
#: Values of license facts from least to most restrictive (caps: none, then lower thresholds are stricter).
#: An unknown value ranks above every value here except those in ``WORSE_THAN_UNKNOWN``.
RESTRICTIVE_ORDER: dict[str, tuple[Any, ...]] = {
    "osi_approved": (True, False),
    "terms.commercial_use": PERMISSION,
    "terms.modification": PERMISSION,
    "terms.redistribution": PERMISSION,
    "terms.output_training": PERMISSION,
    "terms.hosted_service": PERMISSION,
    "terms.production_use": PERMISSION,
    "terms.attribution": ATTRIBUTION,
    # a required prefix binds a derivative more than a bare trademark reservation does
    "terms.naming": ("none", "restricted", "prefix"),
    "terms.acceptable_use_policy": (False, True),
    "terms.use_restrictions": (False, True),
    "terms.share_alike": (False, True),
    "terms.changeable_by_licensor": (False, True),
    "terms.derivatives": ("none", "notice", "use_restrictions", "share_alike", "all_terms"),
}
#: Values more restrictive than not knowing: a prohibition is certain, an unknown may still be allowed.
WORSE_THAN_UNKNOWN = ("prohibited",)
#: ``annual_revenue_usd`` is annual revenue in US dollars; ``annual_revenue`` and ``monthly_revenue``
#: name their currency in the threshold's ``currency`` (ISO 4217, e.g. USD, EUR).
#: The kinds of component a license may be open for (license facts ``open_for.<kind>``).
OPEN_FOR_KINDS = ("code", "data", "documents", "weights")
#: How open a license is for a kind of component, as the Model Openness Tool judges it.
OPEN_FOR = ("type-appropriate", "open", "not-open")
CAP_METRICS = ("monthly_active_users", "annual_revenue_usd", "annual_revenue", "monthly_revenue")
CAP_BEYOND = ("license_required", "prohibited", "paid_license")
#: What starts to bind above a threshold that is not a cap (the grant goes on): display a mark or
#: name, keep a notice, report to the licensor, or accept further terms.
CONDITION_DUTIES = ("display", "attribution", "report", "further_terms")
#: Territory codes: ISO 3166-1 alpha-2 country codes, and EU for the European Union.
TERRITORY_PATTERN = r"^[A-Z]{2}$"
#: The European Union's member states (ISO 3166-1 alpha-2), so that a use in DE meets an
#: exclusion of the EU.
EU_MEMBERS = (
    "AT",
    "BE",
    "BG",
    "CY",
    "CZ",
    "DE",
    "DK",
    "EE",
    "ES",
    "FI",
    "FR",
    "GR",
    "HR",
    "HU",
    "IE",
    "IT",
    "LT",
    "LU",
    "LV",
    "MT",
    "NL",
    "PL",
    "PT",
    "RO",
    "SE",
    "SI",
    "SK",
)

#: The Model Openness Framework's components (lfai/model_openness_tool, mof.settings.yml).
COMPONENTS: dict[str, str] = {
    "architecture": "Model architecture: well commented code for the model's architecture",
    "final_weights": "Model parameters (final): trained weights and biases",
    "intermediate_checkpoints": "Model parameters (intermediate): checkpoints saved during training",
    "model_metadata": "Model metadata: training configuration and optimizer states",
    "training_code": "Training code: code used for training the model",
    "inference_code": "Inference code: code used for running the model",
    "evaluation_code": "Evaluation code: code used for evaluating the model",
    "evaluation_data": "Evaluation data: data used for evaluating the model",
    "evaluation_results": "Evaluation results: the results from evaluating the model",
    "supporting_libraries": "Supporting libraries and tools used in the model's development",
    "datasets": "Datasets: training, validation and testing data (with how much is disclosed)",
    "data_preprocessing_code": "Data preprocessing code: cleansing, normalisation, augmentation",
    "model_card": "Model card: performance metrics, intended use and limitations",
    "data_card": "Data card: documentation of the datasets",
    "technical_report": "Technical report: capabilities and usage",
    "paper": "Research paper: development and capabilities of the model",
    "sample_outputs": "Sample model outputs",
}


#: The European Open Source AI Index's classes for a parameter (main-database records, ``class:``).
OSAI_CLASSES = ("open", "partial", "closed")

#: The European Open Source AI Index's parameters, the 14 of its 2025 ``_parameters.yml``
#: (Language-Technology-Assessment/main-database, commit b97e12a) in that order, keyed as its records key them
#: (``a_submission_template.yaml``; ``_parameters.yml`` and older records call
#: ``hardware_architecture`` ``architecture``), each with its question from
#: ``_parameters-descriptions.yml``.  Recorded as facts ``osai.<parameter>``: the Index's own
#: judgement, with the Index's record as evidence.
OSAI_PARAMETERS: dict[str, str] = {
    "trainingcode": "Training Code: Is the source code of datasource processing, model training and tuining comprehensively and freely made available?",
    "datasources_basemodel": "Base Model Data: Are datasources for training the base model comprehensively documented and freely made available?",
    "datasources_endmodel": "End User Model Data: Are datasources for training the model that the enduser interacts with comprehensively documented and freely made available?",
    "weights_basemodel": "Base Model Weights: Are the weights of the base models made freely available?",
    "weights_endmodel": "End User Model Weights: Are the weights of the model that the enduser interacts with made freely available?",
    "code": "Code Documentation: Is the source code of datasource processing, model training and tuning comprehensively documented?",
    "hardware_architecture": "Architecture Documentation: Is the hardware architecture used for datasource processing and model training comprehensively documented?",
    "preprint": "Preprint: Are archived preprint(s) are available that detail all major parts of the system including datasource processing, model training and tuning steps?",
    "paper": "Paper: Are peer-reviewed scientific publications available that detail all major parts of the system including datasource processing, model training and tuning steps?",
    "modelcard": "Modelcard: Is a model card in standardized format available that provides comprehensive insight on model architecture, training, fine-tuning, and evaluation are available?",
    "datasheet": 'Datasheet: Is a datasheet as defined in "Datasheets for Datasets" (Gebru et al. 2021) available?',
    "package": "Package (removed from the index on 2026-03-13, main-database commit ff85b6f; scored only by osai-index-2025): Is a packaged release of the model available on a software repository (e.g. a Python Package Index, Homebrew)?",
    "api": "API and meta prompts (removed from the index on 2026-03-13, main-database commit ff85b6f; scored only by osai-index-2025): Is an API available that provides unrestricted access to the model (other than security and CDN restrictions)?",
    "licenses": "Licenses: Is the project fully covered by Open Source Initiative (OSI)-approved licenses, including all data sources and training pipeline code?",
}

#: The index's parameters as it is now: the 12 of ``_parameters.yml`` since main-database commit
#: ff85b6ff442035e41c9492cefa54f78be0b827fc (2026-03-13), which removed ``package`` and ``api``
#: from the list and from every record, in the list's order.  The facts ``osai.package`` and
#: ``osai.api`` stay (older records hold them); the ``osai-index-2025`` rubric scores all 14.
OSAI_CURRENT: tuple[str, ...] = (
    "datasources_basemodel",
    "datasources_endmodel",
    "weights_basemodel",
    "weights_endmodel",
    "trainingcode",
    "code",
    "hardware_architecture",
    "preprint",
    "paper",
    "modelcard",
    "datasheet",
    "licenses",
)
#: Parameters the index no longer has (``OSAI_PARAMETERS`` minus ``OSAI_CURRENT``).
OSAI_REMOVED: tuple[str, ...] = ("package", "api")


def _model_specs() -> list[FactSpec]:
    specs = [
        FactSpec("developer", "string", "Organisation that built and released the model."),
        FactSpec("released", "date", "Date of first public release (YYYY-MM-DD, YYYY-MM or YYYY)."),
        FactSpec("status", "enum", "Whether the model exists as a release.", STATUS),
        FactSpec("parameters_b", "numbers", "Parameter counts in billions, one per size released."),
        FactSpec("modality", "enum", "What the model takes in and puts out.", MODALITY),
        FactSpec("context_length", "integer", "Context window in tokens."),
        FactSpec("vocab_size", "integer", "Tokenizer vocabulary size in tokens."),
        FactSpec("training_data_cutoff", "date", "Cut-off date of the training data."),
        FactSpec("base_model", "id", "Id of the catalog model this one was derived from."),
        FactSpec(
            "base_models",
            "any",
            "The Hugging Face repositories (or catalog ids) a derivative (fine-tune, quantization, adapter, merge) was "
            "made from, as its card names them; a list of several is a merge. Unlike base_model (an official record's "
            "provenance), these bind: their licenses' terms.derivatives decide what the model inherits.",
        ),
        FactSpec("base_model_relation", "enum", "How a derivative was made from its base models, as the hub says.", RELATIONS),
        FactSpec("hf_license", "string", "The license identifier on the Hugging Face hub."),
        FactSpec("license", "id", "Id of the license record the weights are released under."),
        FactSpec("access.weights", "enum", "How the weights can be obtained.", WEIGHTS),
        FactSpec("access.api", "boolean", "Whether a hosted API is offered."),
        FactSpec("access.self_hostable", "boolean", "Whether a user can run the model on their own hardware."),
    ]
    for name, doc in COMPONENTS.items():
        specs.append(FactSpec(f"components.{name}", "component", doc, disclosure=(name == "datasets")))
    for name, doc in OSAI_PARAMETERS.items():
        specs.append(FactSpec(f"osai.{name}", "enum", f"Open Source AI Index, {doc}", OSAI_CLASSES))
    return specs


def _license_specs() -> list[FactSpec]:
    return [
        FactSpec("osi_approved", "boolean", "Whether the Open Source Initiative approved the license."),
        FactSpec("terms.commercial_use", "enum", "May the model be used commercially.", PERMISSION),
        FactSpec("terms.user_cap", "cap", "A user-count threshold beyond which the grant ends ('none' if none)."),
        FactSpec("terms.revenue_cap", "cap", "A revenue threshold beyond which the grant ends ('none' if none)."),
        FactSpec("terms.modification", "enum", "May the model be fine-tuned or otherwise modified.", PERMISSION),
        FactSpec("terms.redistribution", "enum", "May the weights (or derivatives) be redistributed.", PERMISSION),
        FactSpec(
            "terms.output_training",
            "enum",
            "May outputs be used to train or improve other models (distillation).",
            PERMISSION,
        ),
        FactSpec("terms.attribution", "enum", "What attribution is required: none, a notice, or a displayed mark.", ATTRIBUTION),
        FactSpec("terms.naming", "enum", "Rules on naming derivatives: none, a required prefix, or restricted.", NAMING),
        FactSpec("terms.acceptable_use_policy", "boolean", "Whether an acceptable-use policy binds users."),
        FactSpec("terms.use_restrictions", "boolean", "Whether the license restricts fields or purposes of use."),
        FactSpec("terms.share_alike", "boolean", "Whether derivatives must carry the same terms or restrictions."),
        FactSpec(
            "terms.derivatives",
            "enum",
            "What binds a derivative (fine-tune, quantization, adapter, merge) of a model under this license: "
            "all_terms (every term of this license travels with it), use_restrictions (the use restrictions and "
            "acceptable-use policy must be passed on), share_alike (it must be released under this same license), "
            "notice (only the notice and attribution carry), none (nothing carries).",
            DERIVATIVES,
        ),
        FactSpec("terms.hosted_service", "enum", "May the model be offered to others as a hosted service.", PERMISSION),
        *(
            FactSpec(
                f"open_for.{kind}",
                "enum",
                f"Whether the license is an open license for {kind} components, as the Model Openness Framework's tool "
                "judges it: type-appropriate (an open license it lists for this kind), open (an open license - OSI-approved, "
                "FSF-libre, or on its open-data lists - not listed for this kind: counted, with a warning), not-open. "
                "Derived from the tool's license lists by the record's spdx id when the record does not state it.",
                OPEN_FOR,
            )
            for kind in OPEN_FOR_KINDS
        ),
        FactSpec(
            "terms.production_use",
            "enum",
            "May the model be used in production (live products, services, internal business operations), "
            "as opposed to a non-production grant for evaluation, testing, research or personal use only.",
            PERMISSION,
        ),
        FactSpec(
            "terms.territory",
            "territory",
            "Where the grant applies: 'worldwide', or {excluded: [regions]} for a grant that leaves regions out "
            "(ISO 3166-1 alpha-2 country codes, EU for the European Union).",
        ),
        FactSpec(
            "terms.threshold_conditions",
            "condition",
            "Duties that start above a threshold and do not end the grant (not a cap): 'none', or "
            "{duty: display | attribution | report | further_terms, above: [{metric, threshold, currency?}, ...]} "
            "where crossing any one threshold starts the duty.",
        ),
        FactSpec(
            "terms.changeable_by_licensor",
            "boolean",
            "Whether the licensor may change the terms unilaterally (hosted terms of service).",
        ),
    ]


MODEL_FACTS: dict[str, FactSpec] = {s.path: s for s in _model_specs()}
#: A license record's identity fields, readable by rubrics as ``license.<name>`` (no evidence).
LICENSE_META: dict[str, FactSpec] = {
    "id": FactSpec("id", "id", "The license record's id."),
    "name": FactSpec("name", "string", "The license's name."),
    "category": FactSpec("category", "enum", "The kind of license.", CATEGORY),
    "spdx": FactSpec("spdx", "string", "SPDX id or ScanCode LicenseRef key."),
    "hf_id": FactSpec("hf_id", "string", "The license identifier on the Hugging Face hub."),
}
LICENSE_FACTS: dict[str, FactSpec] = {s.path: s for s in _license_specs()}
#: Open-ended groups: any key below them is a fact of the given type.
MODEL_GROUPS: dict[str, FactSpec] = {
    "benchmarks": FactSpec("benchmarks.*", "number", "A benchmark score such as MMLU (name in lower case)."),
    "figures": FactSpec("figures.*", "any", "Another figure reported about the model (costs, ratios)."),
}


def spec_for(path: str) -> FactSpec | None:
    """The specification of a fact path as rubrics see it (license facts under ``license.``).

    A path may go one step into a structured value: ``license.terms.user_cap.threshold``,
    ``components.datasets.disclosure``.
    """
    if path in MODEL_FACTS:
        return MODEL_FACTS[path]
    if path.startswith("license.") and path[8:] in LICENSE_FACTS:
        return LICENSE_FACTS[path[8:]]
    if path.startswith("license.") and path[8:] in LICENSE_META:
        return LICENSE_META[path[8:]]
    comp = component_license_path(path)
    if comp is not None:
        return LICENSE_FACTS.get(comp[1]) or LICENSE_META.get(comp[1])
    head, _, field = path.rpartition(".")
    parent = spec_for(head) if head else None
    if parent is not None:
        sub = SUBFIELDS.get(parent.type, {})
        if field in sub and (field != "disclosure" or parent.disclosure):
            return sub[field]
    group, _, name = path.partition(".")
    if group in MODEL_GROUPS and name and "." not in name:
        return MODEL_GROUPS[group]
    return None


def component_license_path(path: str) -> tuple[str, str] | None:
    """``(component, license fact)`` for a path ``components.<name>.license.<license fact>``: a
    fact of the license record a component is under, else None."""
    parts = path.split(".", 3)
    if len(parts) == 4 and parts[0] == "components" and parts[1] in COMPONENTS and parts[2] == "license":
        if parts[3] in LICENSE_FACTS or parts[3] in LICENSE_META:
            return parts[1], parts[3]
    return None


#: Fields inside structured values that rubrics may read.
SUBFIELDS: dict[str, dict[str, FactSpec]] = {
    "cap": {
        "metric": FactSpec("cap.metric", "enum", "What the threshold counts.", CAP_METRICS),
        "threshold": FactSpec("cap.threshold", "number", "The threshold."),
        "beyond": FactSpec("cap.beyond", "enum", "What applies beyond the threshold.", CAP_BEYOND),
        "currency": FactSpec("cap.currency", "string", "The currency of a revenue threshold (ISO 4217: USD, EUR …)."),
    },
    "condition": {
        "duty": FactSpec("condition.duty", "enum", "What starts to bind above the threshold.", CONDITION_DUTIES),
    },
    "component": {
        "available": FactSpec("component.available", "enum", "Whether the component is published.", AVAILABILITY),
        "license": FactSpec("component.license", "id", "Id of the license the component is under."),
        "spdx": FactSpec("component.spdx", "string", "SPDX id of the component's license when the catalog has no record of it."),
        "disclosure": FactSpec("component.disclosure", "enum", "How much of the data is disclosed.", DISCLOSURE),
    },
}


def all_paths() -> list[str]:
    """Every declared fact path as rubrics address it, sorted."""
    paths = list(MODEL_FACTS) + [f"license.{p}" for p in [*LICENSE_FACTS, *LICENSE_META]]
    for spec in list(MODEL_FACTS.values()) + list(LICENSE_FACTS.values()):
        prefix = spec.path if spec.path in MODEL_FACTS else f"license.{spec.path}"
        for field in SUBFIELDS.get(spec.type, {}):
            if field != "disclosure" or spec.disclosure:
                paths.append(f"{prefix}.{field}")
    paths += [f"{g}.*" for g in MODEL_GROUPS]
    paths += [f"components.*.license.open_for.{k}" for k in OPEN_FOR_KINDS]
    return sorted(paths)


def allowed_values(spec: FactSpec) -> tuple[Any, ...]:
    """Values a rubric's named levels must cover for this fact (empty when open-ended)."""
    if spec.type == "enum":
        return spec.values
    if spec.type == "boolean":
        return (True, False)
    return ()
