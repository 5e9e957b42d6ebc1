"""Check or score a whole hub dump through lineage: one line out per record, in input order.

``openness check --input hub.jsonl [use-case flags]`` and ``openness score --input hub.jsonl``
read every record first (the base of a record may come later in the file), then resolve each
record's bases through the catalog and the dump's own records over any number of hops (see
:mod:`openness.lineage`), and write one verdict or scorecard per record on its *effective*
terms, with the effective license, the lineage path and a declared-versus-inherited flag.

Speed: a record's verdict depends only on its own license and weights and on the licenses it
inherits from, so verdicts are memoised per distinct combination of those (a few thousand on
the whole hub); what is per record is parsing, the walk through its bases and writing the line.
Memory: the ids, one small integer per record and the base names of the derivatives are kept
(about 200 bytes a record).  Reading the dump and writing the answers is :mod:`openness.bulk`'s
(one path for both commands): bad lines become located findings and the rest is still answered;
text built from the records is escaped and never starts a formula.
"""

from __future__ import annotations

import csv
import io
import json
from array import array
from collections import deque
from collections.abc import Callable, Iterable, Sequence

from openness import bulk
from openness.bulk import BulkResult, Progress, _csv_tags_license, _id_text, _license_from, csv_rows, csv_tags, jsonl_records, text_cell
from openness.errors import Finding, UsageError
from openness.importers import hub
from openness.lineage import MAX_HOPS, base_tuples

TYPE_CHECKING = False  # typing's own flag, without importing typing at run time
if TYPE_CHECKING:
    from typing import Any, TextIO

FORMATS = ("csv", "jsonl")
_BATCH = 2048
#: Distinct verdicts kept in the memo before it is cleared (bounded memory on adversarial input).
MAX_MEMO = 100_000
#: Base names followed per record at most (every hop counts; real lineages need a few dozen).
MAX_BASES = 1024


class _Odd(str):
    """A value of the wrong kind (a mapping or list where a string belongs), as its text."""


def _ref_order(b: tuple[str, str | None, str]) -> tuple[str, str, str]:
    """The order a record's bases are followed in: by name, relation, where named."""
    return (b[0].lower(), b[1] or "", b[2])


class _Dump:
    """The records of a dump, compactly: ids, a signature index each, and the derivatives' bases."""

    def __init__(self) -> None:
        self.ids: list[str] = []
        self.sig = array("i")
        self.lines = array("l")
        self.bases: dict[int, tuple[tuple[str, str | None, str], ...]] = {}
        self.sigs: dict[tuple[Any, ...], int] = {}
        self.sig_list: list[tuple[Any, ...]] = []
        self.names: dict[str, str] = {}  # interned base names

    def add(self, lineno: int, rid: str, sig: tuple[Any, ...], bases: list[tuple[str, str | None, str]] | None) -> None:
        try:
            s = self.sigs[sig]
        except KeyError:
            s = self.sigs[sig] = len(self.sig_list)
            self.sig_list.append(sig)
        except TypeError:  # an unhashable value where a string belongs: kept as its text, which no lookup accepts
            sig = tuple(x if isinstance(x, (str, bool, int, float, type(None))) else _Odd(repr(x)) for x in sig)
            s = self.sigs.setdefault(sig, len(self.sig_list))
            if s == len(self.sig_list):
                self.sig_list.append(sig)
        i = len(self.ids)
        self.ids.append(rid)
        self.sig.append(s)
        self.lines.append(lineno)
        if bases:
            intern = self.names.setdefault
            refs = tuple((intern(r, r), rel, via) for r, rel, via in bases)
            self.bases[i] = refs if len(refs) == 1 else tuple(sorted(refs, key=_ref_order))


# --------------------------------------------------------------------------- reading


def _bad_gated(value: Any, seen: dict[Any, str | None]) -> str | None:
    """Why a ``gated`` value is not one the hub uses (the record is skipped), or None."""
    key = (type(value), value)  # 1.0 and True are equal, and not alike to the hub
    try:
        return seen[key]
    except KeyError:
        pass
    except TypeError:  # a list or a mapping: never a hub value
        return f"expected gated to be true, false, auto or manual; found a {type(value).__name__}"
    try:
        hub.gated(value)
        why = None
    except ValueError as exc:
        why = str(exc)
        if len(why) > 200:
            why = why[:200] + "…"
    if len(seen) < 1000:
        seen[key] = why
    return why


def _jsonl(lines: Iterable[str], name: str, dump: _Dump, result: BulkResult) -> None:
    seen: dict[Any, str | None] = {}
    for lineno, rid, rec in jsonl_records(lines, name, result):
        gated = rec.get("gated")
        if gated is not False and gated is not None:  # (the hub's usual values, checked here without a call)
            bad = _bad_gated(gated, seen)
            if bad is not None:
                result.add(Finding(name, lineno, 1, "bulk-record", bad))
                continue
        lic = rec.get("license")
        if lic is None:
            lic = _license_from(rec)
        elif type(lic) is list:
            lic = tuple(lic)
        lname = None
        if lic == "other":
            lname = rec.get("license_name")
            card = rec.get("cardData")
            if lname is None and isinstance(card, dict):
                lname = card.get("license_name")
        sig = (lic, lname, gated, rec.get("pipeline_tag"))
        bases = None
        if "base_model" in rec or "cardData" in rec or "card_data" in rec:
            bases = base_tuples(rec)
        else:
            tags = rec.get("tags")
            if type(tags) is list:
                for t in tags:
                    if type(t) is str and t.startswith("base_model:"):
                        bases = base_tuples(rec)
                        break
        dump.add(lineno, rid, sig, bases)


def _csv(lines: Iterable[str], name: str, dump: _Dump, result: BulkResult) -> None:
    cols, rows = csv_rows(lines, name, result)
    seen: dict[Any, str | None] = {}
    i_lic, i_lname, i_gated = cols.get("license"), cols.get("license_name"), cols.get("gated")
    i_pipe, i_base, i_rel, i_tags = cols.get("pipeline_tag"), cols.get("base_model"), cols.get("base_model_relation"), cols.get("tags")
    for lineno, rid, row in rows:
        lic: str | None = row[i_lic] if i_lic is not None else ""
        tags_text = row[i_tags] if i_tags is not None else ""
        if not lic:
            lic = _csv_tags_license(tags_text)
        gated = row[i_gated] if i_gated is not None else None
        if gated is not None:
            bad = _bad_gated(gated, seen)
            if bad is not None:
                result.add(Finding(name, lineno, 1, "bulk-record", bad))
                continue
        lname: str | None = row[i_lname] or None if lic == "other" and i_lname is not None else None
        pipe = (row[i_pipe] or None) if i_pipe is not None else None
        meta: dict[str, Any] = {}
        if i_base is not None and row[i_base]:
            text = row[i_base]
            meta["base_model"] = [b for b in text.replace(";", " ").replace("|", " ").split()] if any(c in text for c in ";| ") else text
            if i_rel is not None and row[i_rel]:
                meta["base_model_relation"] = row[i_rel]
        if "base_model:" in tags_text:
            meta["tags"] = csv_tags(tags_text)
        dump.add(lineno, rid, (lic or None, lname, gated, pipe), base_tuples(meta) if meta else None)


# --------------------------------------------------------------------------- resolving


class _Graph:
    """Base names -> catalog models or dump records; the ancestors of a record."""

    def __init__(self, catalog: Any, dump: _Dump, licenses: hub.LicenseIndex) -> None:
        from openness.lineage import Resolver

        self.catalog = catalog
        self.dump = dump
        self.resolver = Resolver(catalog, fallback=False)
        self.exact: dict[str, int] = {}
        self.lower: dict[str, int] = {}
        for i, rid in enumerate(dump.ids):
            self.exact.setdefault(rid, i)
            low = rid.lower()
            if low != rid:
                self.lower.setdefault(low, i)
        self.cache: dict[str, tuple[str, Any] | None] = {}
        self.licenses = licenses
        self.license_records = {lic.id: lic for lic in catalog.licenses}
        self.sig_license: dict[int, tuple[str | None, str | None]] = {}

    def license_of_sig(self, s: int) -> tuple[str | None, str | None]:
        """(license id, why unknown) of a signature."""
        hit = self.sig_license.get(s)
        if hit is None:
            lic, lname = self.dump.sig_list[s][:2]
            lid, why = self.licenses.hub(list(lic) if isinstance(lic, tuple) else lic, lname)
            hit = self.sig_license[s] = (lid, None if lid is not None else why)
        return hit

    def resolve(self, name: str) -> tuple[str, Any] | None:
        """("cat", Model) or ("rec", index), or None.  Official catalog repositories first."""
        try:
            return self.cache[name]
        except KeyError:
            pass
        out: tuple[str, Any] | None = None
        m = self.resolver.model(name)
        if m is not None:
            out = ("cat", m)
        else:
            i = self.exact.get(name)
            if i is None:
                low = name.lower()
                i = self.lower.get(low)
                if i is None:
                    i = self.exact.get(low)
            if i is not None:
                out = ("rec", i)
        self.cache[name] = out
        return out

    def ancestors(self, start: int) -> tuple[list[tuple[tuple[Any, ...], tuple[tuple[str, str | None, str], ...]]], list[str]]:
        """[(contribution, path)] and findings for one record.  A contribution is ``("lic", id)``
        or ``("?", reason)``; a path is the hops from the record, as (repo, relation, via).

        At most :data:`MAX_BASES` base names are followed per record (a dense web of merges would
        otherwise cost time and output quadratic in the dump); past that, a ``lineage-too-wide``
        finding and an unknown contribution, so the record's terms are unknown, never allowed."""
        out: list[tuple[tuple[Any, ...], tuple[tuple[str, str | None, str], ...]]] = []
        findings: list[str] = []
        seen = {("rec", start)}
        budget = MAX_BASES
        queue: deque[tuple[tuple[str, Any], tuple[tuple[str, str | None, str], ...], frozenset[Any]]] = deque()
        queue.append((("rec", start), (), frozenset((("rec", start),))))
        while queue:
            node, path, on_path = queue.popleft()
            if node[0] != "rec":
                continue  # catalog models end a lineage
            refs = self.dump.bases.get(node[1], ())
            for ref in refs:  # (sorted when read)
                new = (*path, ref)
                budget -= 1
                if budget < 0:  # a lineage this wide is no real model's; its terms stay unknown
                    findings.append(f"lineage-too-wide: more than {MAX_BASES} bases to follow at {ref[0]}")
                    out.append((("?", f"the lineage has more than {MAX_BASES} bases to follow"), new))
                    return out, findings
                if len(new) > MAX_HOPS:
                    findings.append(f"lineage-too-long: more than {MAX_HOPS} hops at {ref[0]}")
                    out.append((("?", f"the lineage is longer than {MAX_HOPS} hops"), new))
                    continue
                target = self.resolve(ref[0])
                if target is None:
                    findings.append(f"lineage-missing: {ref[0]} is neither in the catalog nor in the input")
                    out.append((("?", "a base is neither in the catalog nor in the input"), new))
                    continue
                key = ("cat", target[1].id) if target[0] == "cat" else target
                if key in on_path:
                    code = "lineage-self" if key == ("rec", start) and not path else "lineage-cycle"
                    findings.append(f"{code}: {ref[0]}")
                    continue
                if key in seen:
                    continue
                seen.add(key)
                if target[0] == "cat":
                    m = target[1]
                    lic = m.license_record
                    contrib = ("lic", lic.id) if lic is not None else ("?", "a base's license is unknown")
                else:
                    lid, _why = self.license_of_sig(self.dump.sig[target[1]])
                    contrib = ("lic", lid) if lid is not None else ("?", "a base's license is unknown")
                out.append((contrib, new))
                queue.append((target, new, on_path | {key}))
        return out, findings


def _path_text(path: tuple[tuple[str, str | None, str], ...]) -> str:
    """As :func:`openness.records.path_text`, on plain tuples."""
    repo, rel, via = path[-1]
    text = f"{repo} ({via}, {rel})" if rel else f"{repo} ({via})"
    if len(path) > 1:
        text += " via " + " → ".join([h[0] for h in path[:-1]])
    return text


# --------------------------------------------------------------------------- answering


class _Answerer:
    """Signature + inherited contributions -> a memoised answer (check verdict or scorecard)."""

    def __init__(self, graph: _Graph, usecase: Any = None, rubric: Any = None) -> None:
        self.graph = graph
        self.usecase = usecase
        self.rubric = rubric
        self.interned: dict[Any, Any] = {}
        self.rank_cache: dict[Any, dict[str, tuple[Any, ...]]] = {}
        self.combined: dict[Any, tuple[Any, ...]] = {}
        self.memo: dict[tuple[Any, ...], Any] = {}
        self.keys: dict[int, Any] = {}
        paths: set[str] = set()
        for c in getattr(rubric, "criteria", ()):
            try:
                paths.update(c.facts_read)
            except AttributeError:  # pragma: no cover - an engine without facts_read: read everything
                paths.update(("modality", "hf_license"))
        self.uses_modality = any(x.startswith("modality") for x in paths)
        #: A rubric that reads ``base_model``: the catalog model a record derives from directly.
        self.uses_base = any(x == "base_model" or x.startswith("base_model.") for x in paths)
        self.uses_hf = any(x.startswith("hf_license") for x in paths)

    def key(self, s: int) -> Any:
        """What an answer reads of a signature: the license, the weights (and, for a rubric that
        reads them, the modality and the hub license id); signatures that agree share answers."""
        k = self.keys.get(s)
        if k is None:
            sig = self.graph.dump.sig_list[s]
            lid, why = self.graph.license_of_sig(s)
            try:
                weights: Any = hub.gated(sig[2])
            except ValueError as exc:
                weights = str(exc)
            modality = hub.PIPELINE_MODALITY.get(sig[3]) if self.uses_modality and isinstance(sig[3], str) else None
            hf = sig[0] if self.uses_hf else None
            k = (lid, why, weights, modality, hf if isinstance(hf, str) else None)
            k = self.keys[s] = self.interned.setdefault(k, (s, k))
        return k

    def model(self, s: int, contribs: tuple[tuple[Any, ...], ...]) -> Any:
        from openness import frozen as attrs
        from openness.lineage import Ancestor, Lineage, conflicts, effective_terms
        from openness.records import Fact, Hop, License, Model

        sig = self.graph.dump.sig_list[s]
        lid, why = self.graph.license_of_sig(s)
        facts: dict[str, Fact] = {}
        lic_raw = sig[0]
        if isinstance(lic_raw, str) and lic_raw.strip():
            facts["hf_license"] = Fact("hf_license", lic_raw.strip())
        facts["license"] = Fact("license", lid) if lid is not None else Fact("license", None, False, (), why or "no license")
        try:
            facts["access.weights"] = Fact("access.weights", "gated" if hub.gated(sig[2]) else "open")
        except ValueError as exc:
            facts["access.weights"] = Fact("access.weights", None, False, (), str(exc))
        pipe = sig[3]
        if isinstance(pipe, str) and pipe in hub.PIPELINE_MODALITY:
            facts["modality"] = Fact("modality", hub.PIPELINE_MODALITY[pipe])
        # a record of the hub's listing is a published repository
        facts["status"] = Fact("status", "released", True, (), derived=True, note="The record is a repository published on the Hugging Face hub.")
        own = self.graph.license_records.get(lid) if lid else None
        model = Model("-", "-", facts, license_record=own)
        if not contribs:
            return model, None
        ancestors = []
        for k, c in enumerate(contribs):
            hop = (Hop(f"\x00{k}"),)
            if c[0] == "lic":
                ancestors.append(
                    Ancestor(hop, self.graph.license_records.get(c[1]), None if c[1] in self.graph.license_records else f"no license record {c[1]!r}")
                )
            else:
                ancestors.append(Ancestor(hop, None, c[1]))
        why_own = why or "the record gives no license"
        eff = effective_terms(own, ancestors, f"the model's own license is unknown ({why_own})")
        base = own or License(id="unknown", name="unknown license", url="", category=None, facts={})  # type: ignore[arg-type]
        lineage = Lineage("-", (), tuple(ancestors), (), tuple(conflicts(own, ancestors)))
        return attrs.evolve(model, license_record=attrs.evolve(base, facts=eff), lineage=lineage), lineage

    def _ranks(self, c: tuple[Any, ...] | None, lid: str | None) -> dict[str, tuple[Any, ...]]:
        """Per license fact path, the restrictiveness of what an own license (``c`` None) or an
        inherited contribution puts forward (paths it does not carry are left out)."""
        from openness.lineage import carried, restrictiveness
        from openness.records import Fact
        from openness.vocabulary import LICENSE_FACTS

        ck = ("own", lid) if c is None else c
        hit = self.rank_cache.get(ck)
        if hit is not None:
            return hit
        out: dict[str, tuple[Any, ...]] = {}
        lic = self.graph.license_records.get(lid if c is None else c[1]) if (c is None or c[0] == "lic") else None
        if c is None:
            for p in LICENSE_FACTS:
                f = lic.facts.get(p) if lic is not None else Fact(p, None, False, (), "unknown")
                if f is not None:
                    out[p] = restrictiveness(p, f)
        elif lic is None:
            out = {p: (2, 0.0, 0.0) for p in LICENSE_FACTS}
        else:
            paths = carried(lic.fact("terms.derivatives"))
            if paths is None:
                out = {p: (2, 0.0, 0.0) for p in LICENSE_FACTS}
            else:
                out = {p: restrictiveness(p, lic.fact(p)) for p in paths}
        self.rank_cache[ck] = out
        return out

    def _combine(self, lid: str | None, contribs: tuple[tuple[Any, ...], ...]) -> tuple[Any, ...]:
        """(winners, effective license text, declared-vs-inherited) for an own license and the
        contributions a record inherits: per fact path, the contribution whose fact wins (None:
        the record's own), ties to the own fact and then to the first contribution."""
        key = (lid, contribs)
        hit = self.combined.get(key)
        if hit is None:
            from openness.lineage import conflicts
            from openness.vocabulary import LICENSE_FACTS

            own = self._ranks(None, lid)
            ranks = [self._ranks(c, lid) for c in contribs]
            winners = []
            for p in LICENSE_FACTS:
                best, who = own.get(p, (-1, 0.0, 0.0)), None
                for c, r in zip(contribs, ranks):
                    k = r.get(p)
                    if k is not None and k > best:
                        best, who = k, c
                winners.append(who)
            eff = [lid or "unknown"]
            for c in contribs:
                name = c[1] if c[0] == "lic" else "unknown"
                if name not in eff:
                    eff.append(name)
            ownrec = self.graph.license_records.get(lid) if lid else None
            flag = False
            if ownrec is not None:
                from openness.lineage import Ancestor
                from openness.records import Hop

                ancs = [Ancestor((Hop("-"),), self.graph.license_records.get(c[1])) for c in contribs if c[0] == "lic" and c[1] in self.graph.license_records]
                flag = bool(conflicts(ownrec, ancs))
            if len(self.combined) >= MAX_MEMO:
                self.combined.clear()
            hit = self.combined[key] = (tuple(winners), " + ".join(eff), flag)
        return hit

    @staticmethod
    def base_id(graph: _Graph, anc: Sequence[tuple[tuple[Any, ...], tuple[tuple[str, str | None, str], ...]]]) -> str | None:
        """The id of the catalog model a record names directly as its base (the first, by name), or None."""
        for _c, path in anc:
            if len(path) == 1:
                target = graph.resolve(path[0][0])
                if target is not None and target[0] == "cat":
                    return str(target[1].id)
        return None

    def answer(self, s: int, contribs: tuple[tuple[Any, ...], ...], base_id: str | None = None) -> Any:
        rep = self.key(s)
        winners, eff_text, flag = self._combine(rep[1][0], contribs)
        key = (rep[1], winners, base_id)
        hit = self.memo.get(key)
        if hit is not None:
            return (*hit, eff_text, flag)
        if hit is None:
            s = rep[0]  # the first signature with these facts stands for them all
            order = sorted({w for w in winners if w is not None})
            contribs = tuple(order)  # only what decides a fact: the memo is per outcome
            model, lineage = self.model(s, contribs)
            if base_id is not None:
                from openness import frozen as attrs
                from openness.records import Fact

                model = attrs.evolve(model, facts={**model.facts, "base_model": Fact("base_model", base_id)})
            if self.usecase is not None:
                from openness.usecase import check

                v = check(model, self.usecase)
                deciding = v.deciding
                token = None
                clause = ""
                if deciding:
                    d = deciding[0]
                    parts = []
                    if d.inherited is not None:
                        parts.append(d.inherited.license_name)
                        token = contribs[int(d.inherited.path[-1].repo[1:])]
                    if d.evidence is not None and d.evidence.locator:
                        parts.append(d.evidence.locator)
                    elif d.fact:
                        parts.append(d.fact)
                    clause = ", ".join(parts)
                hit = (v.overall, " ".join(r.name for r in deciding), clause, token)
            else:
                from openness.scoring import score

                card = score(model, self.rubric)
                total = None if card.total is None else round(card.total + 0.0, 2)
                label = card.tier if self.rubric.tiers else card.grade
                points = {r.id: round(r.points + 0.0, 2) for r in card.results}
                hit = (total, label, card.unknown, points)
            if len(self.memo) >= MAX_MEMO:
                self.memo.clear()
            self.memo[key] = hit
        return (*hit, eff_text, flag)


# --------------------------------------------------------------------------- writing


def _rows(graph: _Graph, answerer: _Answerer, fmt: str, kind: str, write: Callable[[str], Any], progress: Progress | None) -> None:
    """One line per record of the dump, in input order.  Text that comes from the records (base
    names in the lineage, the findings about them) is escaped: in CSV by :func:`bulk.text_cell`
    (no control character, no formula), in JSON Lines by ASCII JSON."""
    dump = graph.dump
    buf: list[str] = []
    ids, sigs, bases = dump.ids, dump.sig, dump.bases
    dumps = json.JSONEncoder(ensure_ascii=True, separators=(",", ":"), allow_nan=False).encode
    cell = text_cell
    sio = io.StringIO()
    w = csv.writer(sio, lineterminator="\n")
    plain: dict[int, str] = {}  # the line after the id of a record with no bases, per signature
    for i in range(len(ids)):
        rid = ids[i]
        head = _id_text(rid, fmt)
        if i not in bases:
            frag = plain.get(sigs[i])
            if frag is not None:
                buf.append(head)
                buf.append(frag)
                if len(buf) >= _BATCH:
                    write("".join(buf))
                    buf.clear()
                    if progress is not None:
                        progress.update(i + 1)
                continue
        if i in bases:
            anc, found = graph.ancestors(i)
            contribs = tuple(sorted({c for c, _p in anc}))
            paths = [_path_text(p) for _c, p in anc]
        else:
            anc, found, contribs, paths = [], [], (), []
        base_id = answerer.base_id(graph, anc) if answerer.uses_base else None
        hit = answerer.answer(sigs[i], contribs, base_id)
        lineage = " | ".join(paths)
        flag = "yes" if hit[5] else "no"
        findings = "; ".join(found)
        if kind == "check":
            verdict, deciding, clause, token, eff, _c = hit
            via = ""
            if token is not None:
                via = next((_path_text(p) for c, p in anc if c == token), "")
                clause = f"{clause}, inherited from {via}" if clause else f"inherited from {via}"
            if fmt == "csv":
                sio.seek(0)
                sio.truncate()
                w.writerow([verdict, deciding, cell(clause), cell(via), cell(eff), cell(lineage), flag, cell(findings)])
                frag = "," + sio.getvalue()
                buf.append(head)
                buf.append(frag)
            else:
                rest = {
                    "verdict": verdict,
                    "deciding": deciding,
                    "clause": clause,
                    "inherited_from": via,
                    "effective_license": eff,
                    "lineage": paths,
                    "declared_vs_inherited": bool(hit[5]),
                    "lineage_findings": found,
                }
                frag = "," + dumps(rest)[1:] + "\n"
                buf.append(head)
                buf.append(frag)
        else:
            total, label, unknown, points, eff, _c = hit
            if fmt == "csv":
                sio.seek(0)
                sio.truncate()
                w.writerow(["" if total is None else repr(total), label or "", str(unknown), cell(eff), cell(lineage), flag])
                frag = "," + sio.getvalue()
                buf.append(head)
                buf.append(frag)
            else:
                key = "tier" if answerer.rubric.tiers else "grade"
                rest = {
                    "total": total,
                    key: label,
                    "unknown": unknown,
                    "points": points,
                    "effective_license": eff,
                    "inherited_from": paths,
                    "declared_vs_inherited": bool(hit[5]),
                }
                if found:
                    rest["lineage_findings"] = found
                frag = "," + dumps(rest)[1:] + "\n"
                buf.append(head)
                buf.append(frag)
        if i not in bases:
            plain[sigs[i]] = frag
        if len(buf) >= _BATCH:
            write("".join(buf))
            buf.clear()
            if progress is not None:
                progress.update(i + 1)
    if buf:
        write("".join(buf))


def header(kind: str, fmt: str, rubric: Any = None) -> str:
    if fmt != "csv":
        return ""
    if kind == "check":
        return "id,verdict,deciding,clause,inherited_from,effective_license,lineage,declared_vs_inherited,lineage_findings\n"
    label = "tier" if rubric is not None and rubric.tiers else "grade"
    return f"id,total,{label},unknown,effective_license,inherited_from,declared_vs_inherited\n"


def answer_stream(
    lines: Iterable[str],
    write: Callable[[str], Any],
    catalog: Any,
    *,
    kind: str,
    fmt: str,
    usecase: Any = None,
    rubric: Any = None,
    name: str = "<input>",
    input_kind: str = "jsonl",
    progress: Progress | None = None,
) -> BulkResult:
    """Read every record of ``lines``, resolve lineage, and write one answer per good record."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown output format {fmt!r} for --input; expected csv or jsonl")
    result = BulkResult()
    dump = _Dump()
    if input_kind == "jsonl":
        _jsonl(lines, name, dump, result)
    elif input_kind == "csv":
        _csv(lines, name, dump, result)
    else:  # pragma: no cover - the CLI checks
        raise UsageError(f"unknown input format {input_kind!r}; expected jsonl or csv")
    graph = _Graph(catalog, dump, hub.LicenseIndex(catalog.licenses, getattr(catalog, "own_licenses", ())))
    answerer = _Answerer(graph, usecase=usecase, rubric=rubric)
    write(header(kind, fmt, rubric))
    written = [0]

    def counted(text: str) -> Any:
        written[0] += text.count("\n")
        return write(text)

    _rows(graph, answerer, fmt, kind, counted, progress)
    result.scored = written[0]
    result.distinct = len(answerer.memo)
    if progress is not None:
        progress.done(len(dump.ids))
    return result


def _run(args: Any, out: TextIO, kind: str, usecase: Any = None, err: TextIO | None = None) -> int:
    """Check the arguments, then answer through :func:`openness.bulk.run` (the input, the output
    and the findings are handled there, alike for ``score`` and ``check``)."""
    fmt = {"text": "csv"}.get(args.format, args.format)
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {args.format!r} for --input; expected csv or jsonl")
    if kind == "score":
        if getattr(args, "models", None):
            raise UsageError("give MODEL names or --input FILE, not both")
        if len(args.rubric) > 1:
            raise UsageError("--input scores under one rubric; give --rubric once")

    def answer(lines: Iterable[str], write: Callable[[str], Any], name: str, input_kind: str, progress: Progress | None) -> BulkResult:
        from openness import project
        from openness.catalog import load_catalog

        catalog = load_catalog(*project.folders("catalog", args.catalog))
        rubric = None
        if kind == "score":
            from openness.rubric import load_rubric

            rubric = load_rubric(args.rubric[0] if args.rubric else "articles", project.folders("rubrics", args.rubrics))
        return answer_stream(lines, write, catalog, kind=kind, fmt=fmt, usecase=usecase, rubric=rubric, name=name, input_kind=input_kind, progress=progress)

    return bulk.run(args, out, err, answer, label="checking" if kind == "check" else "scoring")


def run_check(args: Any, out: TextIO, usecase: Any, err: TextIO | None = None) -> int:
    """``openness check --input FILE [use-case flags]``: one verdict per record."""
    return _run(args, out, "check", usecase, err)


def run_score(args: Any, out: TextIO, err: TextIO | None = None) -> int:
    """``openness score --input FILE``: one scorecard per record, on its effective terms."""
    return _run(args, out, "score", None, err)
