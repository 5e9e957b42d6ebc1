"""Can we use it for what we want?  Use cases checked against the shipped catalog; diff and history."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

import openness
from conftest import model_yaml, write
from openness.usecase import VERDICTS, UseCase, check, parse_amount, read_usecase, worst

EVERYTHING = {
    "commercial": True,
    "monthly_active_users": "800M",
    "annual_revenue_usd": "2B",
    "fine_tune": True,
    "distill": True,
    "redistribute": True,
    "self_host": True,
    "hosted_service": True,
    "field_of_use": ["customer support"],
}

# (model, use case, requirement, its verdict, overall verdict, a substring of the deciding clause)
CASES = [
    ("llama-2", {"commercial": True, "monthly_active_users": "800M"}, "monthly_active_users", "blocked", "blocked", "700 million monthly active users"),
    ("llama-2", {"commercial": True, "monthly_active_users": "500M"}, "monthly_active_users", "allowed", "conditional", "700 million monthly active users"),
    ("llama-2", {"commercial": True}, "commercial", "conditional", "conditional", "you must request a license from Meta"),
    ("llama-2", {"annual_revenue_usd": "2B"}, "annual_revenue_usd", "allowed", "allowed", "royalty-free limited license"),
    ("llama-2", {"field_of_use": ["military"]}, "field_of_use", "conditional", "conditional", "Military, warfare"),
    ("llama-3", {"distill": True}, "distill", "blocked", "blocked", "to improve any other large language model"),
    ("llama-3.1", {"distill": True}, "distill", "conditional", "conditional", "at the beginning of any such AI model name"),
    ("llama-3.1", {"hosted_service": True}, "hosted_service", "conditional", "conditional", "Built with Llama"),
    ("llama-1", {"commercial": True}, "commercial", "blocked", "blocked", "any commercial or production purposes"),
    ("llama-1", {"fine_tune": True}, "fine_tune", "conditional", "conditional", "solely for your non-commercial research purposes"),
    ("gpt-4", {"self_host": True}, "self_host", "blocked", "blocked", "open source GPT-4"),
    ("gpt-4", {"fine_tune": True}, "fine_tune", "blocked", "blocked", "as an API for developers"),
    ("gpt-4", {"distill": True}, "distill", "conditional", "conditional", "develop models that compete with OpenAI"),
    ("gpt-4", {"commercial": True}, "commercial", "allowed", "allowed", "including commercial purposes"),
    ("gemini-1.5", {"distill": True}, "distill", "conditional", "conditional", "develop models that compete with Gemini API"),
    (
        "qwen2-72b",
        {"commercial": True, "monthly_active_users": "150M"},
        "monthly_active_users",
        "blocked",
        "blocked",
        "more than 100 million monthly active users",
    ),
    ("qwen2-72b", {"monthly_active_users": "50M"}, "monthly_active_users", "allowed", "allowed", "more than 100 million monthly active users"),
    ("stable-diffusion-3", {"annual_revenue_usd": "2M"}, "annual_revenue_usd", "blocked", "blocked", "USD $1,000,000 in annual revenue"),
    ("command-r", {"commercial": True}, "commercial", "blocked", "blocked", "NonCommercial purposes only"),
    ("mistral-large", {"commercial": True}, "commercial", "blocked", "blocked", "Research Purposes"),
    ("falcon-180b", {"hosted_service": True}, "hosted_service", "conditional", "conditional", "apply to TII for permission to make Hosting Use"),
    ("gemma", {"distill": True}, "distill", "conditional", "conditional", "distillation methods"),
    ("mistral-7b", {"redistribute": True}, "redistribute", "allowed", "allowed", "You may reproduce and distribute copies"),
    ("mistral-7b", {"self_host": True}, "self_host", "allowed", "allowed", "local deployment"),
    ("deepseek-r1", {"commercial": True, "fine_tune": True}, "fine_tune", "allowed", "allowed", "modify, merge, publish"),
    ("g3po", {"commercial": True}, "release", "blocked", "blocked", "G3PO"),
]


@pytest.mark.parametrize("model, usecase, name, verdict, overall, clause", CASES, ids=[f"{c[0]}-{c[2]}-{c[3]}" for c in CASES])
def test_use_case_verdicts_and_deciding_clauses(catalog, model, usecase, name, verdict, overall, clause):
    result = check(catalog.model(model), UseCase.from_dict(usecase))
    req = result.requirement(name)
    assert req is not None, result
    assert (req.verdict, result.overall) == (verdict, overall), req
    assert req.evidence is not None and clause in req.evidence.quote, req.evidence
    assert req.evidence.source


def test_the_cases_cover_many_models_licenses_and_every_verdict(catalog):
    assert len(CASES) >= 15
    assert len({catalog.model(c[0]).fact("license").value for c in CASES}) >= 10
    assert {c[3] for c in CASES} >= {"allowed", "conditional", "blocked"}


def test_llama_2_at_800_million_users_is_blocked_until_meta_grants_a_license(catalog):
    v = check(catalog.model("llama-2"), UseCase(commercial=True, monthly_active_users="800M"))
    cap = v.requirement("monthly_active_users")
    assert v.overall == "blocked" and cap.verdict == "blocked"
    assert "until the licensor grants a license" in cap.reason
    assert any("request a license from Meta" in o for o in cap.obligations)
    assert cap.evidence.primary and cap.evidence.source == "https://github.com/meta-llama/llama/blob/7c0a08ec24ce91880184ba9002227624262904a2/LICENSE"
    # the article that speaks of revenue instead of users is reported as a conflict
    assert cap.conflicts and "billions in revenue" in cap.conflicts[0].evidence.quote
    assert v.deciding == (cap,)


def test_llama_3_1_distillation_requires_the_llama_name_prefix(catalog):
    d = check(catalog.model("llama-3.1"), UseCase(distill=True)).requirement("distill")
    assert d.verdict == "conditional"
    assert any("begin its name with “Llama”" in o for o in d.obligations), d.obligations


def test_llama_3_outputs_may_not_train_a_non_llama_model(catalog):
    d = check(catalog.model("llama-3"), UseCase(distill=True)).requirement("distill")
    assert d.verdict == "blocked" and d.fact == "license.terms.output_training" and d.value == "prohibited"
    assert "excluding Meta Llama 3 or derivative works thereof" in d.evidence.quote


def test_gpt_4_cannot_be_self_hosted_or_fine_tuned_locally(catalog):
    v = check(catalog.model("gpt-4"), UseCase(self_host=True, fine_tune=True))
    assert v.requirement("self_host").verdict == "blocked"
    ft = v.requirement("fine_tune")
    assert ft.verdict == "blocked" and ft.fact == "access.weights"
    assert "API" in ft.reason and "does not count it" in ft.reason
    assert ft.obligations == ()


def test_mistral_7b_passes_every_requirement(catalog):
    v = check(catalog.model("mistral-7b"), UseCase.from_dict(EVERYTHING))
    assert v.overall == "allowed"
    assert [r.name for r in v.requirements] == [k for k in EVERYTHING]
    assert all(r.verdict == "allowed" and r.evidence is not None for r in v.requirements), v.requirements
    # allowed, with the notice Apache-2.0 asks for when redistributing
    assert any("notice" in o for o in v.requirement("redistribute").obligations)


def test_obligations_come_from_the_terms(catalog):
    v = check(catalog.model("llama-3.1"), UseCase(redistribute=True, hosted_service=True, commercial=True))
    obligations = " | ".join(v.obligations)
    assert "display “Built with Llama”" in obligations
    assert "acceptable-use policy (https://llama.meta.com/llama3_1/use-policy)" in obligations
    assert "pass the license's terms" in obligations
    assert "stay at or below 700M monthly active users" in obligations  # no MAU given: a reminder
    assert "request a license from Meta" in obligations


@pytest.mark.parametrize(
    "model, usecase, obligation",
    [
        ("stable-diffusion-3", {"annual_revenue_usd": "2M"}, "request a license from Stability AI, which it may grant or refuse"),
        ("qwen2-72b", {"monthly_active_users": "150M"}, "request a license from Alibaba Cloud"),  # the clause says "Us"
        ("llama-3", {"fine_tune": True}, "begin its name with “Llama 3”"),
        ("llama-3", {"hosted_service": True}, "display “Built with Meta Llama 3”"),
        ("llama-2", {"redistribute": True}, "keep its copyright and attribution notices"),
    ],
)
def test_obligations_name_the_licensor_the_prefix_and_the_mark(catalog, model, usecase, obligation):
    v = check(catalog.model(model), usecase)
    assert any(obligation in o for o in v.obligations), v.obligations


def test_unknown_facts_are_never_allowed(catalog):
    claude = check(catalog.model("claude-3.5-sonnet"), UseCase(monthly_active_users=1_000_000))
    req = claude.requirement("monthly_active_users")
    assert req.verdict == "unknown" and claude.overall == "unknown" and req.evidence is None
    assert "unknown" in req.reason
    for model in catalog.models:
        for ask in EVERYTHING:
            v = check(model, UseCase.from_dict({ask: EVERYTHING[ask]}))
            for r in v.requirements:
                fact = model.fact(r.fact)
                if not fact.known:
                    assert r.verdict in ("unknown", "blocked"), (model.id, r)
                if r.verdict == "allowed":
                    assert r.evidence is not None, (model.id, r)


def test_a_model_without_a_known_license_is_unknown_not_allowed(catalog):
    v = check(catalog.model("g3po"), UseCase(commercial=True))
    assert v.requirement("commercial").verdict == "unknown"
    assert "license is unknown" in v.requirement("commercial").reason


def test_worst_orders_blocked_unknown_conditional_allowed():
    assert VERDICTS == ("allowed", "conditional", "unknown", "blocked")
    assert worst(["allowed", "conditional"]) == "conditional"
    assert worst(["conditional", "unknown", "allowed"]) == "unknown"
    assert worst(["unknown", "blocked"]) == "blocked"
    assert worst([]) == "allowed"


def test_verdict_to_dict_has_the_overall_verdict_and_each_clause(catalog):
    d = check(catalog.model("llama-2"), {"monthly_active_users": "800M"}).to_dict()
    assert d["verdict"] == "blocked" and d["model"] == "llama-2"
    assert d["usecase"] == {"monthly_active_users": 800_000_000}
    (req,) = d["requirements"]
    assert req["evidence"]["quote"].startswith("is greater than 700 million monthly active users")
    assert req["conflicts"][0]["source"].startswith("seeds/")
    json.dumps(d)


def test_the_public_api_wrappers(catalog):
    v = openness.check(catalog.model("llama-3.1"), {"distill": True})
    assert isinstance(v, openness.Verdict) and v.overall == "conditional"
    assert openness.UseCase(distill=True) == v.usecase
    d = openness.diff(catalog.model("llama-2"), catalog.model("llama-3.1"))
    assert d.change("license.terms.output_training") is not None


# --------------------------------------------------------------------------- numbers and use-case files


@pytest.mark.parametrize(
    "text, value",
    [
        ("800M", 8e8),
        ("2B", 2e9),
        ("150k", 1.5e5),
        ("150K", 1.5e5),
        ("800000000", 8e8),
        ("1.5B", 1.5e9),
        ("800,000,000", 8e8),
        ("2T", 2e12),
        ("$2B", 2e9),
        (42, 42.0),
        (1.5e9, 1.5e9),
        ("8e8", 8e8),
    ],
)
def test_numbers_accept_suffixes(text, value):
    assert parse_amount(text) == value


@pytest.mark.parametrize("bad", ["800X", "-5", -5, "", "M", "1.5.2B", True, "lots"])
def test_bad_numbers_are_refused(bad):
    with pytest.raises(ValueError):
        parse_amount(bad)


def test_use_case_fields_take_suffixes_and_refuse_bad_values():
    assert UseCase(monthly_active_users="1.5B", annual_revenue_usd="500k").monthly_active_users == 1.5e9
    with pytest.raises(openness.UsageError):
        UseCase(monthly_active_users="many")
    with pytest.raises(openness.UsageError, match="unknown use-case key 'distil'"):
        UseCase.from_dict({"distil": True})


def test_a_use_case_file_loads_and_checks(tmp_path, catalog):
    path = write(
        tmp_path / "usecases" / "chatbot.yaml",
        """
        id: chatbot
        title: A commercial chatbot
        commercial: true
        monthly_active_users: 800M
        annual_revenue_usd: 1.5B
        distill: true
        field_of_use: [customer support]
        """,
    )
    uc, found = read_usecase(path)
    assert found == [] and uc is not None
    assert (uc.monthly_active_users, uc.annual_revenue_usd, uc.field_of_use, uc.id) == (8e8, 1.5e9, ("customer support",), "chatbot")
    assert check(catalog.model("llama-2"), uc).overall == "blocked"


def test_an_invalid_use_case_file_gives_located_findings(tmp_path, run):
    path = write(tmp_path / "usecases" / "bad.yaml", "commercial: yes\nmonthly_active_users: 800X\ndistil: true\n")
    uc, found = read_usecase(path)
    assert uc is None
    where = {(f.line, f.column, f.code, f.path) for f in found}
    assert (1, 13, "schema-type", "commercial") in where
    assert (2, 23, "schema-pattern", "monthly_active_users") in where
    assert (3, 1, "schema-unknown-key", "distil") in where
    assert any("did you mean 'distill'" in f.message for f in found)
    r = run("validate", str(tmp_path / "usecases"))
    assert r.code == 1 and "bad.yaml:2:23: error: expected a number" in r.out, r
    r = run("check", "llama-2", "--use-case", str(path))
    assert r.code == 1 and "bad.yaml:3:1:" in r.err, r


def test_validate_passes_a_good_use_case_file(tmp_path, run):
    write(tmp_path / "usecases" / "ok.yaml", "self_host: true\nmonthly_active_users: 150k\n")
    r = run("validate", str(tmp_path / "usecases"))
    assert r.code == 0 and "no findings" in r.out, r


# --------------------------------------------------------------------------- the command line


@pytest.mark.parametrize(
    "argv, code",
    [
        (["check", "mistral-7b", "--commercial", "--fine-tune"], 0),
        (["check", "llama-3.1", "--distill"], 4),
        (["check", "claude-3.5-sonnet", "--mau", "1M"], 5),
        (["check", "llama-2", "--commercial", "--mau", "800M"], 6),
        (["check", "llama-2"], 2),  # nothing asked
        (["check", "lama-2", "--commercial"], 2),
        (["check", "llama-2", "--mau", "800X"], 2),
        (["check", "--commercial"], 2),  # no model
        (["check", "llama-2", "--all", "--commercial"], 2),
        (["check", "llama-2", "--commercial", "--format", "csv"], 2),
        (["check", "llama-2", "--use-case", "/nonexistent/case.yaml"], 2),
    ],
)
def test_check_exit_codes(run, argv, code):
    r = run(*argv)
    assert r.code == code, r
    assert "Traceback" not in r.err


def test_a_bad_number_is_a_usage_error_with_a_message(run):
    r = run("check", "llama-2", "--mau", "800X")
    assert r.code == 2 and "expected a number such as 800M" in r.err and "'800X'" in r.err


def test_check_text_quotes_the_deciding_clause_and_its_source(run):
    r = run("check", "llama-2", "--commercial", "--mau", "800M")
    assert r.code == 6
    assert r.out.startswith("Llama 2 (llama-2), license llama-2-community: BLOCKED")
    assert "monthly_active_users: blocked" in r.out
    assert "“is greater than 700 million monthly active users" in r.out
    assert "— https://github.com/meta-llama/llama/blob/7c0a08ec24ce91880184ba9002227624262904a2/LICENSE (2. Additional" in r.out
    assert "must: request a license from Meta" in r.out
    assert "CONFLICT:" in r.out


def test_check_json_and_flags_added_to_a_use_case_file(run, tmp_path):
    path = write(tmp_path / "case.yaml", "commercial: true\nfield_of_use: [translation]\n")
    r = run("check", "llama-3.1", "--use-case", str(path), "--distill", "--mau", "150M", "--field-of-use", "military", "--format", "json")
    assert r.code == 4, r
    d = json.loads(r.out)
    assert d["verdict"] == "conditional"
    assert d["usecase"] == {"commercial": True, "monthly_active_users": 150_000_000, "distill": True, "field_of_use": ["translation", "military"]}
    assert [q["name"] for q in d["requirements"]] == ["commercial", "monthly_active_users", "distill", "field_of_use"]


def test_help_documents_the_check_exit_codes(run, capsys):
    with pytest.raises(SystemExit):
        run("check", "--help")
    text = capsys.readouterr().out
    for line in ("0  allowed", "4  conditional", "5  unknown", "6  blocked", "1  findings", "2  usage error", "3  internal error"):
        assert line in text


def test_check_all_prints_a_ranked_table(run):
    r = run("check", "--all", "--commercial", "--mau", "150M", "--distill")
    assert r.code == 0, r
    assert r.out.splitlines()[0].split()[:4] == ["rank", "model", "license", "verdict"]
    assert "use case: commercial, 150M monthly active users, distill" in r.out
    rows = list(csv.DictReader(io.StringIO(run("check", "--all", "--commercial", "--mau", "150M", "--distill", "--format", "csv").out)))
    assert len(rows) == len(openness.load_catalog().models)
    order = [(VERDICTS.index(row["verdict"]), row["model"]) for row in rows]
    assert order == sorted(order)
    assert [row["rank"] for row in rows] == [str(i) for i in range(1, len(rows) + 1)]
    by_id = {row["model"]: row for row in rows}
    assert by_id["mistral-7b"]["verdict"] == "allowed"
    assert by_id["llama-3.1"]["verdict"] == "conditional"
    assert (by_id["llama-2"]["verdict"], by_id["llama-2"]["distill"]) == ("blocked", "blocked")
    assert (by_id["qwen2-72b"]["monthly_active_users"], by_id["qwen2-72b"]["distill"]) == ("blocked", "blocked")
    assert by_id["gpt-4"]["distill"] == "conditional"  # only models that compete with OpenAI are barred


def test_check_models_table_in_other_formats(run):
    r = run("check", "--models", "llama-2", "llama-3.1", "mistral-7b", "--distill", "--format", "json")
    assert r.code == 0, r
    assert [(d["rank"], d["model"], d["verdict"]) for d in json.loads(r.out)] == [
        (1, "mistral-7b", "allowed"),
        (2, "llama-3.1", "conditional"),
        (3, "llama-2", "blocked"),
    ]
    assert run("check", "--models", "gpt-4", "mistral-7b", "--distill", "--format", "github").out.startswith("| rank")
    assert run("check", "--models", "gpt-4", "--distill", "--format", "weird").code == 2


# --------------------------------------------------------------------------- diff and history


def test_diff_llama_2_and_llama_3_1(catalog):
    d = openness.diff(catalog.model("llama-2"), catalog.model("llama-3.1"))
    c = d.change("license.terms.output_training")
    assert (c.before.value, c.after.value, c.trend) == ("prohibited", "conditional", "more permissive")
    assert "improve any other large language model" in c.before.evidence[0].quote
    assert "include “Llama” at the beginning" in c.after.evidence[0].quote
    assert d.change("license") is not None and d.change("license.terms.user_cap") is None  # same cap
    assert d.change("access.api").kind == "now known"


def test_diff_command_text_and_json(run):
    r = run("diff", "llama-2", "llama-3.1")
    assert r.code == 0, r
    assert "license.terms.output_training: prohibited → conditional  (more permissive)" in r.out
    assert "before: “You will not use the Llama Materials or any output" in r.out
    assert "after: “If you use the Llama Materials or any outputs" in r.out
    d = json.loads(run("diff", "llama-2-community", "llama-3.1-community", "--format", "json").out)
    change = next(c for c in d["changes"] if c["path"] == "terms.output_training")
    assert (change["before"]["value"], change["after"]["value"]) == ("prohibited", "conditional")
    assert run("diff", "llama-2", "apache-2.0").code == 2
    assert run("diff", "lama-2", "gpt-4").code == 2


def test_history_llama_is_in_date_order(run, catalog):
    from openness.diffing import history

    h = history(catalog, "llama")
    assert h.models == ("llama-1", "llama-2", "llama-3", "llama-3.1", "llama-3.2", "llama-3.3", "llama-4-maverick", "llama-4-scout")
    dates = [s.released for s in h.steps]
    assert dates == sorted(dates) and h.steps[0].diff is None
    step2 = h.steps[1].diff
    assert (step2.change("license.terms.commercial_use").before.value, step2.change("license.terms.commercial_use").after.value) == (
        "prohibited",
        "conditional",
    )
    assert step2.change("license.terms.user_cap").after.value["threshold"] == 700_000_000
    assert h.steps[3].diff.change("license.terms.output_training").after.value == "conditional"
    r = run("history", "llama")
    assert r.code == 0, r
    positions = [r.out.index(f"({m})") for m in h.models]
    assert positions == sorted(positions)
    assert "license.terms.output_training: prohibited → conditional" in r.out
    d = json.loads(run("history", "llama-3.1", "--format", "json").out)  # a model stands for its family
    assert [s["model"] for s in d["steps"]] == list(h.models)
    r = run("history", "lama")
    assert r.code == 2 and "did you mean llama" in r.err


# --------------------------------------------------------------------------- territory, production, thresholds

TERRITORY_CASES = [
    ("hunyuan-a13b", ["EU"], "blocked"),
    ("hunyuan-a13b", ["DE"], "blocked"),  # an EU member state meets the EU exclusion
    ("hunyuan-a13b", ["UK"], "blocked"),  # UK is read as GB
    ("hunyuan-a13b", ["KR"], "blocked"),
    ("hunyuan-a13b", ["US"], "allowed"),
    ("llama-4-scout", ["EU"], "blocked"),
    ("llama-4-scout", ["fr"], "blocked"),
    ("llama-4-scout", ["GB"], "allowed"),
    ("kimi-k2", ["EU"], "allowed"),
]


@pytest.mark.parametrize("model, regions, verdict", TERRITORY_CASES, ids=[f"{m}-{'+'.join(r)}" for m, r, _ in TERRITORY_CASES])
def test_territory_exclusions_block_the_regions_they_name(catalog, model, regions, verdict):
    v = check(catalog.model(model), UseCase(territory=regions))
    req = v.requirement("territory")
    assert req.verdict == verdict, req
    assert req.fact == "license.terms.territory" and req.evidence is not None
    if verdict == "allowed" and model != "kimi-k2":
        assert any(o.startswith("do not use or offer it in") for o in req.obligations), req


def test_the_territory_clause_is_the_deciding_quote(catalog):
    req = check(catalog.model("hunyuan-a13b"), UseCase(territory=["EU"])).requirement("territory")
    assert "excluding the territory of the European Union, United Kingdom and South Korea" in req.evidence.quote


def test_an_unrecorded_territory_or_production_term_is_unknown_never_allowed(catalog):
    seen = 0
    for model in catalog.models:
        v = check(model, UseCase(territory=["EU"], production=True))
        for name, term in (("territory", "territory"), ("production", "production_use")):
            req = v.requirement(name)
            if not model.fact(f"license.terms.{term}").known:
                seen += 1
                assert req.verdict == "unknown", (model.id, req)
    assert seen > 0


@pytest.mark.parametrize(
    "model, verdict", [("flux-1-dev", "blocked"), ("flux-1-kontext-dev", "blocked"), ("kimi-k2", "allowed"), ("llama-4-maverick", "allowed")]
)
def test_non_production_grants_block_production_use(catalog, model, verdict):
    req = check(catalog.model(model), UseCase(production=True)).requirement("production")
    assert req.verdict == verdict, req
    if verdict == "blocked":
        assert "production" in req.evidence.quote


@pytest.mark.parametrize(
    "usecase, verdict",
    [
        ({"monthly_active_users": "50M"}, "allowed"),
        ({"monthly_active_users": "150M"}, "conditional"),
        ({"annual_revenue_usd": "5M"}, "allowed"),  # no month can pass USD 20M
        ({"annual_revenue_usd": "500M"}, "conditional"),  # some month must pass USD 20M
        ({"annual_revenue_usd": "100M"}, "unknown"),  # a yearly figure cannot say
    ],
)
def test_a_duty_above_a_threshold_is_an_obligation_not_a_cap(catalog, usecase, verdict):
    v = check(catalog.model("kimi-k2"), usecase)
    (req,) = v.requirements
    assert req.verdict == verdict, req
    if verdict != "allowed":
        assert req.obligations == ("display “Kimi K2” as the license requires",)
        assert "prominently\ndisplay" in req.evidence.quote
    # the grant never ends: nothing here is blocked
    assert v.overall != "blocked"


def test_a_duty_above_a_threshold_is_reminded_when_no_figure_is_given(catalog):
    req = check(catalog.model("kimi-k2"), UseCase(commercial=True)).requirement("commercial")
    assert any("display “Kimi K2”" in o for o in req.obligations), req


def test_a_revenue_threshold_in_another_currency_is_not_compared(run, tmp_path):
    lic = (Path(__file__).parent.parent / "catalog" / "licenses" / "stability-community.yaml").read_text(encoding="utf-8")
    lic = re.sub(
        r"value: \{metric: annual_revenue_usd, threshold: 1000000,[^}]*\}",
        "value: {metric: annual_revenue, threshold: 1000000, currency: EUR, beyond: license_required}",
        lic.replace("id: stability-community", "id: toy-eur"),
    )
    assert "currency: EUR" in lic
    write(tmp_path / "cat" / "licenses" / "toy-eur.yaml", lic)
    write(tmp_path / "cat" / "models" / "toy.yaml", model_yaml(license="toy-eur"))
    r = run("check", "toy", "--revenue", "500k", "--catalog", str(tmp_path / "cat"), "--format", "json")
    assert r.code != 3, r
    req = json.loads(r.out)["requirements"][0]
    assert req["verdict"] == "unknown" and "EUR 1M annual revenue" in req["reason"], req


def test_territory_and_production_flags_on_the_command_line(run):
    r = run("check", "hunyuan-a13b", "--territory", "kr", "--production", "--format", "json")
    data = json.loads(r.out)
    assert data["usecase"] == {"production": True, "territory": ["KR"]}
    assert [q["verdict"] for q in data["requirements"]] == ["allowed", "blocked"]
    bad = run("check", "hunyuan-a13b", "--territory", "Europe")
    assert bad.code == 2 and "two-letter code" in bad.err
    table = run("check", "--models", "hunyuan-a13b", "kimi-k2", "--territory", "EU", "--format", "csv")
    assert "territory" in table.out.splitlines()[0]
