"""Resolve a model reference to a catalog record (and its lineage), then judge it under a policy.

Resolution, in order: a catalog model by id, name, alias or Hugging Face repository (also with an
API name's date or ``-latest`` suffix dropped); an Ollama name through ``ollama.yaml``; a hub
repository whose model card lies in a Hugging Face cache folder of the scanned tree (the card's
``license`` and ``base_model``, followed base by base).  Anything else is **unknown**, with the reason.

The terms a derivative carries come from :mod:`openness.lineage` (issue 14) when it is present:
each cached card becomes a node of its lineage graph, and a derivative is checked on its
*effective* terms (each inherited term remembering the base it came from).  Without that module
:func:`lineage_verdict` applies the conservative rule it documents.  :func:`lineage_module` is
the one switch between the two.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path

from openness import frozen as attrs
from openness.errors import OpennessError, UsageError
from openness.records import Model
from openness.scan.finders import Hit
from openness.scan.policy import Policy
from openness.usecase import Requirement, UseCase, check, worst

TYPE_CHECKING = False  # typing's own flag, without importing typing at run time
if TYPE_CHECKING:
    from typing import Any

MAX_HOPS = 8
_DATE_SUFFIX = re.compile(r"(?:-\d{4}-\d{2}-\d{2}|-\d{8}|-\d{4}|-latest)$")
_HUB_URL = re.compile(r"^(?:https?://)?(?:www\.)?(?:huggingface\.co|hf\.co)/")
_REPO = re.compile(r"^[A-Za-z0-9][\w.-]*/[\w.-]+$")


@attrs.frozen
class Link:
    """One base in a model's lineage: the name the card gives and the record it resolves to."""

    name: str
    model: Model | None = attrs.field(eq=False)
    #: How this base is tied to the model before it: base_model, or base_model (finetune) …
    relation: str = "base_model"
    #: Why the base could not be resolved (empty when it was).
    problem: str = ""
    #: Whether the base is a catalog record (else it was read from a cached model card).
    in_catalog: bool = False
    #: The base's license record, when known (also when the base is only a card).
    license: Any = attrs.field(default=None, eq=False)
    #: The base closes a cycle: already counted on the way here, it adds nothing (a finding, not an unknown).
    cycle: bool = False

    @property
    def label(self) -> str:
        return self.model.id if self.model is not None and self.in_catalog else self.name


@attrs.frozen
class Resolution:
    """What a reference names."""

    reference: str
    #: catalog, card (a cached model card), or unknown
    status: str
    #: A stable identity: the catalog id, or the hub repository, or the reference itself.
    key: str
    model: Model | None = attrs.field(default=None, eq=False)
    lineage: tuple[Link, ...] = ()
    #: How it was resolved, or why it could not be.
    reason: str = ""
    #: The hub repository the reference names, when it names one.
    repo: str | None = None
    #: Whether ``model`` already carries its effective terms (issue 14's lineage computed them).
    effective: bool = False


@attrs.frozen
class Decision:
    """One requirement that decided an outcome, and the model in the lineage it came from."""

    requirement: Requirement
    #: None: the model itself; else the base (a catalog id or hub repository) the term is inherited from.
    inherited_from: str | None = None
    #: How it was inherited, as a phrase: ``inherited from meta-llama/Llama-3.1-8B (base_model) via a/b``.
    how: str | None = None

    def clause(self) -> str:
        r = self.requirement
        text = f"{r.name}: {r.reason}"
        if self.inherited_from:
            text += f" ({self.how or f'inherited from {self.inherited_from}, base_model'})"
        if r.evidence is not None:
            e = r.evidence
            where = e.source + (f", {e.locator}" if e.locator else "")
            text += f"; “{' '.join(e.quote.split())}” ({where})"
        return text


@attrs.frozen
class Outcome:
    """A resolved reference judged under a policy."""

    resolution: Resolution
    verdict: str
    #: The policy clause or license clauses that decided the verdict, as sentences.
    clauses: tuple[str, ...]
    decisions: tuple[Decision, ...] = ()
    obligations: tuple[str, ...] = ()

    @property
    def summary(self) -> str:
        return self.clauses[0] if self.clauses else "every requirement of the policy is met"


# --------------------------------------------------------------------------- data


def lineage_module() -> Any:
    """Issue 14's :mod:`openness.lineage`, when this installation has it (else None: the fallback)."""
    try:
        from openness import lineage
    except ImportError:
        return None
    needed = ("Resolver", "Node", "effective", "bases_of", "model_bases")
    return lineage if all(hasattr(lineage, n) for n in needed) else None


def as_tag(name: str) -> bool:
    """``name:tag`` as Ollama writes it (llama3.1:8b, gemma2:27b, deepseek-r1:671b)."""
    return bool(re.fullmatch(r"[a-z0-9][a-z0-9._-]*:[A-Za-z0-9._-]+", name))


@lru_cache(maxsize=1)
def ollama_table() -> tuple[tuple[str, tuple[str, ...], str], ...]:
    """(Ollama name, tags that map or () for all, catalog id) rows of ``ollama.yaml``."""
    from openness import yamlio

    doc = yamlio.load(Path(__file__).with_name("ollama.yaml"))
    return tuple((e["name"], tuple(e.get("tags", ())), e["model"]) for e in doc.data["entries"])


class Resolver:
    """Resolves references against one catalog and the model cards found in the scanned tree."""

    def __init__(self, catalog: Any, cards: Mapping[str, str] = {}) -> None:
        self.catalog = catalog
        self.cards = {k.lower(): v for k, v in cards.items()}
        self._memo: dict[str, Model | None] = {}
        self._card_models: dict[str, Resolution] = {}
        self.lin = lineage_module()
        self._lin_resolver: Any = None
        self._plain: dict[str, tuple[Model | None, Any]] = {}

    # ----------------------------------------------------------------- lookups

    def lookup(self, name: str) -> Model | None:
        """The catalog model a name means, by the catalog's own lookup rule (id, name, alias, hub
        repository current or former); an API name's date or ``-latest`` suffix may be dropped."""
        key = name.strip().lower()
        if key not in self._memo:
            found = self._catalog_model(name)
            if found is None and "/" not in key:
                bare = _DATE_SUFFIX.sub("", key)
                if bare != key:
                    found = self._catalog_model(bare)
            self._memo[key] = found
        return self._memo[key]

    def _catalog_model(self, name: str) -> Model | None:
        try:
            found: Model = self.catalog.model(name)
            return found
        except UsageError:  # no such model, or a name several records share: unknown
            return None

    def resolve(self, hit: Hit) -> Resolution:
        text = hit.text.strip()
        if hit.kind == "dynamic":
            return Resolution(
                text,
                "unknown",
                text,
                reason=f"the reference {text!r} is computed at run time (not a constant), so which model it names cannot be known from the code",
            )
        if hit.kind == "card":
            return self.resolve_repo(text, hit.card)
        if hit.kind == "ollama":
            return self.resolve_ollama(text)
        return self.resolve_name(text)

    def resolve_name(self, text: str) -> Resolution:
        name = _HUB_URL.sub("", text).split("@", 1)[0].strip().rstrip("/")
        if _HUB_URL.match(text):
            name = "/".join(name.split("/")[:2])
        m = self.lookup(name)
        if m is not None:
            return self._catalog_hit(text, m, name if _REPO.match(name) else None)
        if _REPO.match(name):
            return self.resolve_repo(name)
        if "/" not in name and ":" not in name.rstrip(":"):
            as_ollama = self.resolve_ollama(name)  # OllamaLLM(model="llama3.1"), model: gemma2 …
            if as_ollama.model is not None and "ollama.yaml" in as_ollama.reason:
                return attrs.evolve(as_ollama, reference=text)
        elif "/" not in name and as_tag(name):
            as_ollama = self.resolve_ollama(name)  # model="llama3.1:8b"
            if as_ollama.model is not None or "tags" in as_ollama.reason:
                return attrs.evolve(as_ollama, reference=text)
        if name.startswith((".", "/", "~")) or name.endswith((".gguf", ".bin", ".safetensors", ".pt", ".onnx")):
            return Resolution(
                text, "unknown", text, reason=f"{text!r} is a local path: which model it holds, and under which terms, cannot be told from the code"
            )
        return Resolution(text, "unknown", text, reason=f"no model in the catalog is named {text!r} (`openness list` shows the catalog)")

    def resolve_ollama(self, text: str) -> Resolution:
        if _HUB_URL.match(text):  # hf.co/owner/repo:tag
            repo = "/".join(_HUB_URL.sub("", text).split(":", 1)[0].split("/")[:2])
            return self.resolve_repo(repo) if _REPO.match(repo) else Resolution(text, "unknown", text, reason=f"{text!r} names no hub repository")
        if text.startswith((".", "/", "~")) or text.lower().endswith((".gguf", ".bin", ".safetensors")):
            return Resolution(text, "unknown", text, reason=f"{text!r} is a local weights file: which model it holds, and under which terms, cannot be told")
        name, _, tag = text.partition(":")
        name = name.split("/")[-1] if name.startswith("library/") else name
        listed = False
        for ollama, tags, model_id in ollama_table():
            if name.lower() != ollama:
                continue
            listed = True
            if not tags or tag.lower() in tags:
                m = self.lookup(model_id)
                if m is not None:
                    return Resolution(text, "catalog", m.id, m, reason=f"the Ollama name {name} is the catalog model {m.id} (openness/scan/ollama.yaml)")
        if listed:
            return Resolution(
                text,
                "unknown",
                text,
                reason=f"the Ollama name {name} maps to a catalog model only with the tags openness/scan/ollama.yaml lists, and {tag or 'latest'!r} is not one of them",
            )
        m = self.lookup(name)
        if m is not None and "/" not in name:
            return Resolution(text, "catalog", m.id, m, reason=f"the Ollama name {name} is a name of the catalog model {m.id}")
        return Resolution(
            text,
            "unknown",
            text,
            reason=f"the Ollama name {text!r} maps to no catalog model (openness/scan/ollama.yaml lists the names known, each with its source)",
        )

    def resolve_repo(self, repo: str, card: str | None = None, seen: tuple[str, ...] = ()) -> Resolution:
        m = self.lookup(repo)
        if m is not None:
            return self._catalog_hit(repo, m, repo)
        card = card or self.cards.get(repo.lower())
        if card is None:
            return Resolution(
                repo,
                "unknown",
                repo,
                reason=f"the hub repository {repo} has no record in the catalog, and no model card for it was found in the scanned tree (a Hugging Face cache folder)",
                repo=repo,
            )
        key = repo.lower()
        if key in self._card_models:
            return self._card_models[key]
        res = self._from_card(repo, card, seen)
        self._card_models[key] = res
        return res

    def _catalog_hit(self, text: str, m: Model, repo: str | None) -> Resolution:
        where = f" (hub repository {repo})" if repo and repo.lower() != m.id else ""
        reason = f"the catalog model {m.id}{where}"
        lin = self.lin
        if lin is not None and lin.model_bases(m):  # a derivative record of the catalog
            eff = lin.effective(m, self.lineage_resolver())
            links = self._links(eff.lineage)
            return Resolution(text, "catalog", m.id, eff, links, reason + self._findings_text(eff.lineage), repo, effective=True)
        return Resolution(text, "catalog", m.id, m, reason=reason, repo=repo)

    def _plain_card(self, repo: str) -> tuple[Model | None, Any]:
        """(model with its declared license, front matter) of a cached card, without lineage."""
        key = repo.lower()
        if key in self._plain:
            return self._plain[key]
        from openness.importers.common import read_text
        from openness.importers.hf_card import front_matter

        card = self.cards.get(key)
        out: tuple[Model | None, Any] = (None, {})
        if card is not None:
            try:
                model, _record = self._card_model(card, repo)
                data = front_matter(read_text(Path(card), card), card)[0].data
            except (OpennessError, UsageError, KeyError, TypeError, ValueError) as exc:
                out = (None, _message(exc))
            else:
                out = (model, data)
        self._plain[key] = out
        return out

    def _card_model(self, card: str, repo: str) -> tuple[Model, Mapping[str, Any]]:
        """A cached model card as a model record joined to its catalog license (none when the
        card's license is unknown or not in the catalog), and the record it was built from."""
        from openness.importers.hf_card import import_card

        record = import_card(card, self.catalog, repo=repo, display=card)
        model = Model.from_dict(record, file=card)
        lic = model.fact("license")
        lic_record = None
        if lic.known:
            try:
                lic_record = self.catalog.license(str(lic.value))
            except UsageError:
                lic_record = None
        return attrs.evolve(model, license_record=lic_record), record

    def lineage_resolver(self) -> Any:
        """Issue 14's resolver over the catalog and every cached card (each card a node of the graph)."""
        if self._lin_resolver is None:
            lin = self.lin
            records = {}
            for key in sorted(self.cards):
                model, data = self._plain_card(key)
                if model is None or not isinstance(data, dict):
                    continue
                lic = model.license_record
                why = None if lic is not None else (model.fact("license").unknown or f"no license record {model.fact('license').value!r} in the catalog")
                records[key] = lin.Node(f"card:{key}", key, lic, why, lin.bases_of(data))
            self._lin_resolver = lin.Resolver(self.catalog, records)
        return self._lin_resolver

    def _links(self, lineage: Any) -> tuple[Link, ...]:
        """Issue 14's ancestors as links (nearest first): each with its catalog or card model."""
        out = []
        for a in getattr(lineage, "ancestors", ()):
            hop = a.path[-1]
            m = self.lookup(hop.resolved) if hop.resolved else None
            in_catalog = m is not None
            if m is None and a.repo.lower() in self.cards:
                m = self._plain_card(a.repo)[0]
            rel = f"base_model ({hop.relation})" if hop.relation else "base_model"
            out.append(Link(a.repo, m, rel, a.unknown or "", in_catalog, a.license))
        return tuple(out)

    @staticmethod
    def _findings_text(lineage: Any) -> str:
        found = [f.message for f in getattr(lineage, "findings", ())]
        return ("; lineage: " + "; ".join(found)) if found else ""

    def _from_card(self, repo: str, card: str, seen: tuple[str, ...]) -> Resolution:
        if self.lin is not None:
            self.cards.setdefault(repo.lower(), card)
            model, data = self._plain_card(repo)
            if model is None:
                return Resolution(repo, "unknown", repo, reason=f"the model card of {repo} cannot be read: {data}", repo=repo)
            eff = self.lin.effective(model, self.lineage_resolver(), self.lin.bases_of(data))
            links = self._links(eff.lineage)
            lic = model.fact("license")
            lic_text = f"license {lic.value}" if lic.known else f"license unknown ({lic.unknown})"
            bases = " -> ".join(link.label for link in links)
            reason = (
                f"the model card of {repo} in the scanned tree ({lic_text}"
                + (f"; base model {bases}" if bases else "")
                + ")"
                + self._findings_text(eff.lineage)
            )
            return Resolution(repo, "card", repo, eff, links, reason, repo, effective=True)
        try:
            model, record = self._card_model(card, repo)
        except (OpennessError, UsageError, KeyError, TypeError, ValueError) as exc:
            return Resolution(repo, "unknown", repo, reason=f"the model card of {repo} cannot be read: {_message(exc)}", repo=repo)
        lineage = self._lineage(repo, card, record, (*seen, repo.lower()))
        lic_text = f"license {lic.value}" if lic.known else f"license unknown ({lic.unknown})"
        bases = " -> ".join(link.label for link in lineage)
        cycles = [link.problem for link in lineage if link.cycle]
        reason = f"the model card of {repo} in the scanned tree ({lic_text}" + (f"; base model {bases}" if bases else "") + ")"
        reason += ("; lineage: " + "; ".join(cycles)) if cycles else ""
        return Resolution(repo, "card", repo, model, lineage, reason, repo)

    def _lineage(self, repo: str, card: str, record: Mapping[str, Any], seen: tuple[str, ...]) -> tuple[Link, ...]:
        """The bases of a card's model, nearest first, followed through the catalog and other cached cards."""
        from openness.importers.common import read_text
        from openness.importers.hf_card import front_matter

        try:
            data = front_matter(read_text(Path(card), card), card)[0].data
        except OpennessError:
            return ()
        raw = data.get("base_model")
        if raw is None:
            return ()
        bases = [str(b).strip() for b in (raw if isinstance(raw, list) else [raw]) if isinstance(b, str) and b.strip()]
        rel = data.get("base_model_relation")
        relation = f"base_model ({rel})" if isinstance(rel, str) else "base_model"
        if not bases:
            return (Link(str(raw), None, relation, "the card's base_model names no repository"),)
        out: list[Link] = []
        for base in bases:  # a list is a merge: every parent's terms count
            if len(seen) > MAX_HOPS:
                out.append(Link(base, None, relation, f"the lineage is longer than {MAX_HOPS} hops"))
                continue
            if base.lower() in seen:
                out.append(Link(base, None, relation, f"expected base models to end; found a cycle {' -> '.join([*seen, base.lower()])}", cycle=True))
                continue
            found = self.resolve_repo(base, seen=seen)
            if found.model is None:
                out.append(Link(base, None, relation, found.reason))
                continue
            out.append(Link(base, found.model, relation, in_catalog=found.status == "catalog", license=found.model.license_record))
            out += found.lineage
        return tuple(out)


# --------------------------------------------------------------------------- judging


def _message(exc: Exception) -> str:
    """The first finding's message of an OpennessError, else the exception's text."""
    return exc.findings[0].message if isinstance(exc, OpennessError) and exc.findings else str(exc)


def _is_license_term(req: Requirement) -> bool:
    return bool(req.fact and req.fact.startswith("license"))


def effective_verdict(model: Model, usecase: UseCase, in_hand: bool = False) -> tuple[str, tuple[Decision, ...], tuple[str, ...]]:
    """(verdict, deciding requirements, obligations) of a model whose license record already holds
    its effective terms (issue 14): each inherited requirement names the base and the path."""
    v = check(model, usecase)
    decisions = []
    for r in v.requirements:
        if in_hand and r.name == "release":
            continue
        inh = getattr(r, "inherited", None)
        label = inh.path[-1].resolved or inh.path[-1].repo if inh is not None and inh.path else None
        decisions.append(Decision(r, label, inh.text if inh is not None else None))
    verdict = worst(d.requirement.verdict for d in decisions)
    deciding = tuple(d for d in decisions if d.requirement.verdict == verdict) if verdict != "allowed" else ()
    return verdict, deciding, tuple(v.obligations)


def lineage_verdict(model: Model, lineage: Sequence[Link], usecase: UseCase, in_hand: bool = False) -> tuple[str, tuple[Decision, ...], tuple[str, ...]]:
    """(verdict, deciding requirements, obligations) of a model and what its bases pass on.

    The model's own requirements all count.  From each base, the requirements its *license*
    decides count (its weights and release status are the base's, not the derivative's), unless
    the base license's ``terms.derivatives`` says only a notice (or nothing) carries.  A base the
    catalog does not know makes the verdict unknown, never allowed.

    ``in_hand``: the model was read from a card in a local Hugging Face cache, so its files were
    downloaded: whether it is "released" (a card never says) does not stand in the way.

    This is the one place the scan decides inheritance: issue 14's lineage replaces it.
    """
    own = check(model, usecase)
    decisions: list[Decision] = [Decision(r) for r in own.requirements if not (in_hand and r.name == "release")]
    obligations = list(own.obligations)
    for link in lineage:
        if link.cycle:
            continue
        if link.model is None:
            decisions.append(
                Decision(
                    Requirement(
                        name="lineage",
                        verdict="unknown",
                        reason=f"the base model {link.name} ({link.relation}) is unknown here: {link.problem}; the terms it passes on are unknown",
                    ),
                    link.name,
                )
            )
            continue
        carries = link.model.fact("license.terms.derivatives")
        if carries.known and carries.value in ("notice", "none"):
            continue
        base = check(link.model, usecase)
        for r in base.requirements:
            if not _is_license_term(r):
                continue
            if carries.known and carries.value == "use_restrictions" and r.name != "field_of_use":
                continue
            decisions.append(Decision(r, link.label))
            obligations += [o for o in r.obligations if o not in obligations]
    verdict = worst(d.requirement.verdict for d in decisions)
    deciding = tuple(d for d in decisions if d.requirement.verdict == verdict) if verdict != "allowed" else ()
    return verdict, deciding, tuple(obligations)


def _matches(names: Sequence[str], candidates: Sequence[str]) -> str | None:
    wanted = {n.lower() for n in names}
    return next((c for c in candidates if c and c.lower() in wanted), None)


def _model_names(m: Model) -> list[str]:
    return [m.id, m.name, *m.aliases, *m.hf_repos]


def _license_names(m: Model) -> list[str]:
    lic = m.license_record
    if lic is not None:
        return [lic.id, lic.name, *lic.aliases, *(x for x in (lic.spdx, lic.hf_id) if x)]
    f = m.fact("license")
    return [str(f.value)] if f.known else []


def evaluate(res: Resolution, policy: Policy) -> Outcome:
    """Judge a resolved reference: deny lists, then allow lists, then the use-case check."""
    chain: list[tuple[str | None, Model]] = []
    if res.model is not None:
        chain.append((None, res.model))
    chain += [(link.label, link.model) for link in res.lineage if link.model is not None]
    # deny: the reference as written, the model, any base, or any license in the lineage
    hit = _matches(policy.deny.models, [res.reference, res.key])
    if hit:
        return Outcome(res, "blocked", (f"denied by the policy: deny.models lists {hit} ({policy.source})",))
    for hop, m in chain:
        where = f" (its base {hop})" if hop else ""
        hit = _matches(policy.deny.models, _model_names(m))
        if hit:
            return Outcome(res, "blocked", (f"denied by the policy: deny.models lists {hit}{where} ({policy.source})",))
        hit = _matches(policy.deny.licenses, _license_names(m))
        if hit:
            return Outcome(res, "blocked", (f"denied by the policy: deny.licenses lists {hit}, the license of {m.id}{where} ({policy.source})",))
    if res.status == "unknown" or res.model is None:
        hit = _matches(policy.allow.models, [res.reference, res.key])
        if hit:
            return Outcome(res, "allowed", (f"allowed by the policy: allow.models lists {hit} ({policy.source})",))
        return Outcome(res, "unknown", (f"unknown: {res.reason}",))
    hit = _matches(policy.allow.models, [*_model_names(res.model), res.reference])
    if hit:
        return Outcome(res, "allowed", (f"allowed by the policy: allow.models lists {hit} ({policy.source})",))
    lic_sets = [_license_names(m) for _, m in chain]
    unresolved = any(link.model is None for link in res.lineage)
    if policy.allow.licenses and lic_sets and not unresolved and all(_matches(policy.allow.licenses, names) for names in lic_sets):
        listed = ", ".join(dict.fromkeys(_matches(policy.allow.licenses, n) or "" for n in lic_sets))
        return Outcome(res, "allowed", (f"allowed by the policy: allow.licenses lists {listed} ({policy.source})",))
    if res.effective:
        verdict, deciding, obligations = effective_verdict(res.model, policy.usecase, in_hand=res.status == "card")
    else:
        verdict, deciding, obligations = lineage_verdict(res.model, res.lineage, policy.usecase, in_hand=res.status == "card")
    clauses = tuple(d.clause() for d in deciding)
    return Outcome(res, verdict, clauses, deciding, obligations)
