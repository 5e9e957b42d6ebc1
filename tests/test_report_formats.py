"""The other ways out: markdown tables, the scorecard JSON and its schema, colour in a terminal."""

from __future__ import annotations

import io
import json
import re

import jsonschema
import pytest

from conftest import ROOT, SEED, SEED_QUOTE, write
from openness import cli, schemas

ESC = "\x1b"


# --------------------------------------------------------------------------- markdown


def cells(line: str) -> list[str]:
    """The cells of a GitHub-flavoured table row, split on pipes that are not escaped."""
    assert line.startswith("|") and line.endswith("|"), line
    return [c.strip() for c in re.split(r"(?<!\\)\|", line[1:-1])]


def markdown_table(text: str) -> tuple[list[str], list[str], list[list[str]]]:
    lines = text.split("\n")
    end = lines.index("") if "" in lines else len(lines)
    table = lines[:end]
    return cells(table[0]), cells(table[1]), [cells(row) for row in table[2:]]


def test_compare_markdown_is_a_well_formed_table(run, catalog, articles):
    r = run("compare", "--rubric", "articles", "--format", "markdown")
    assert r.code == 0 and ESC not in r.out
    header, rule, rows = markdown_table(r.out)
    assert header[:2] == ["#", "model"] and header[-3:] == ["total", "grade", "unknown"]
    assert [h.split(" /")[0] for h in header[2:-3]] == [c.id for c in articles.criteria]
    assert len(rule) == len(header) and all(re.fullmatch(r":?-{3,}:?", c) for c in rule)
    assert rule[1].startswith(":") and rule[-1].endswith(":")  # names left, numbers right
    assert len(rows) == len(catalog.models)
    assert all(len(row) == len(header) for row in rows)
    assert [row[0] for row in rows] == [str(n) for n in range(1, len(rows) + 1)]
    assert sorted(row[1] for row in rows) == sorted(m.name for m in catalog.models)
    # every row line starts and ends with a pipe; the notes follow after a blank line
    assert "\n\nTotals are on 0-100." in r.out


def test_markdown_escapes_pipes_and_backslashes_in_names(run, tmp_path):
    name = r"Toy | piped \ model"
    write(
        tmp_path / "models" / "toy-pipe.yaml",
        f"""
        id: toy-pipe
        name: '{name}'
        status: {{value: released, evidence: [{{source: {SEED}, quote: "{SEED_QUOTE}"}}]}}
        license: {{value: apache-2.0, evidence: [{{source: {SEED}, quote: "{SEED_QUOTE}"}}]}}
        access:
          weights: {{value: open, evidence: [{{source: {SEED}, quote: "{SEED_QUOTE}"}}]}}
        """,
    )
    r = run("compare", "toy-pipe", "llama-2", "--catalog", str(tmp_path), "--rubric", "articles", "--format", "markdown")
    assert r.code == 0, r
    header, _, rows = markdown_table(r.out)
    assert len(rows) == 2 and all(len(row) == len(header) for row in rows)
    (toy,) = [row for row in rows if "piped" in row[1]]
    assert toy[1] == r"Toy \| piped \\ model"
    assert toy[1].replace("\\|", "|").replace("\\\\", "\\") == name


# --------------------------------------------------------------------------- scorecard JSON


@pytest.fixture(scope="module")
def scorecard_schema():
    schema = json.loads((ROOT / "openness" / "schemas" / "scorecard.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema


def test_schema_command_prints_the_shipped_scorecard_schema(run, scorecard_schema):
    r = run("schema", "scorecard")
    assert r.code == 0 and json.loads(r.out) == scorecard_schema
    assert r.out == schemas.path("scorecard").read_text(encoding="utf-8")
    assert "scorecard" not in schemas.KINDS  # hand-written: not generated from the vocabulary
    assert scorecard_schema["properties"]["format"]["const"] == "openness-scorecard/1"


def test_compare_and_score_json_validate_against_the_schema(run, scorecard_schema):
    from openness.rubric import available

    every = [a for name in available() for a in ("--rubric", name)]
    validator = jsonschema.Draft202012Validator(scorecard_schema)
    for argv in (["compare", *every], ["compare", "llama-2"], ["score", "llama-2", "gpt-4", "olmo", *every]):
        r = run(*argv, "--format", "json")
        assert r.code == 0, r
        data = json.loads(r.out)
        errors = sorted(validator.iter_errors(data), key=lambda e: list(e.path))
        assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
        assert data["format"] == "openness-scorecard/1"


def test_explain_json_is_one_scorecard(run, scorecard_schema):
    one = {"$schema": scorecard_schema["$schema"], "$defs": scorecard_schema["$defs"], "$ref": "#/$defs/scorecard"}
    for rubric in ("articles", "mof", "osai-index"):
        r = run("explain", "llama-3.1", "--rubric", rubric, "--format", "json")
        jsonschema.validate(json.loads(r.out), one, cls=jsonschema.Draft202012Validator)


def test_the_schema_is_strict(run, scorecard_schema):
    data = json.loads(run("compare", "llama-2", "--format", "json").out)
    data["models"][0]["scorecards"][0]["criteria"][0]["surprise"] = 1
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, scorecard_schema, cls=jsonschema.Draft202012Validator)
    data = json.loads(run("compare", "llama-2", "--format", "json").out)
    data["format"] = "openness-scorecard/2"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, scorecard_schema, cls=jsonschema.Draft202012Validator)


def test_the_format_document_names_the_schema():
    text = (ROOT / "docs" / "scorecard-format.md").read_text(encoding="utf-8")
    assert "openness-scorecard/1" in text and "openness schema scorecard" in text


# --------------------------------------------------------------------------- colour


class FakeTTY(io.StringIO):
    def isatty(self) -> bool:
        return True


def run_on(stream: io.StringIO, *argv: str) -> str:
    err = io.StringIO()
    code = cli.run(list(argv), stream, err)
    assert code == 0, err.getvalue()
    return stream.getvalue()


def strip(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


COLOURED = [
    ("compare", "llama-2", "gpt-4", "gpt-oss", "--rubric", "articles"),
    ("compare", "--rubric", "articles", "--rubric", "mof"),
    ("score", "llama-2", "--rubric", "mof"),
    ("explain", "llama-2"),
    ("explain", "gpt-oss", "--rubric", "mof"),
]


@pytest.fixture
def no_env_colour(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)


@pytest.mark.parametrize("argv", COLOURED, ids=lambda a: " ".join(a))
def test_a_terminal_gets_colour_and_the_same_text(no_env_colour, argv):
    coloured = run_on(FakeTTY(), *argv)
    plain = run_on(io.StringIO(), *argv)  # not a terminal: no colour
    assert ESC in coloured and ESC not in plain
    assert strip(coloured) == plain  # colour never moves a column


@pytest.mark.parametrize("argv", COLOURED, ids=lambda a: " ".join(a))
@pytest.mark.parametrize("value", ["1", ""])
def test_no_color_in_the_environment_turns_it_off(monkeypatch, argv, value):
    monkeypatch.setenv("NO_COLOR", value)  # any value, even empty
    assert ESC not in run_on(FakeTTY(), *argv)


@pytest.mark.parametrize("argv", COLOURED, ids=lambda a: " ".join(a))
def test_no_color_option_turns_it_off(no_env_colour, argv):
    assert ESC not in run_on(FakeTTY(), *argv, "--no-color")


@pytest.mark.parametrize("fmt", ["json", "csv", "tsv", "markdown", "github", "grid", "html", "plain"])
def test_colour_never_touches_other_formats(no_env_colour, fmt):
    argv = ("compare", "llama-2", "gpt-4", "--format", fmt)
    tty = run_on(FakeTTY(), *argv)
    assert ESC not in tty and tty == run_on(io.StringIO(), *argv)
    tty = run_on(FakeTTY(), "explain", "llama-2", "--format", "json")
    assert ESC not in tty


def test_colour_marks_totals_grades_and_unknown(no_env_colour):
    from openness.render import color

    out = run_on(FakeTTY(), "compare", "llama-2", "gpt-4", "gpt-oss", "--rubric", "articles")
    assert color.paint("unknown", color.DIM) in out
    assert re.search(re.escape(color.BOLD) + r"\x1b\[3[123]m\d+\.\d" + re.escape(color.RESET), out)
    out = run_on(FakeTTY(), "explain", "llama-2")
    assert re.search(r"total: \x1b\[1m\x1b\[3[123]m", out) and "grade: " + color.BOLD in out
