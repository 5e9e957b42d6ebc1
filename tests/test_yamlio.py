"""The one YAML reader: values, marks, and every trap turned into a located finding."""

from __future__ import annotations

import time
import tracemalloc

import pytest

from openness import yamlio
from openness.errors import OpennessError


def findings(text: str | bytes):
    with pytest.raises(OpennessError) as exc:
        yamlio.loads(text, "f.yaml")
    return exc.value.findings


def test_values_follow_yaml_1_2_and_keep_source_text():
    doc = yamlio.loads("a: 1\nb: no\nc: 3.10\nd: 2023-07-18\ne: [1, 'x']\nf: {g: true}\nh: ~\ni: '2'\nj: on\n", "f.yaml")
    assert doc.data == {"a": 1, "b": "no", "c": 3.1, "d": "2023-07-18", "e": [1, "x"], "f": {"g": True}, "h": None, "i": "2", "j": "on"}
    assert doc.texts[("c",)] == "3.10"
    assert ("i",) not in doc.texts  # quoted scalars are text and keep no raw form


def test_marks_are_one_based_for_values_and_keys():
    doc = yamlio.loads("top:\n  inner: [a, b]\n  other: 1\n", "f.yaml")
    assert doc.mark(("top", "inner", 1)) == yamlio.Mark(2, 14)
    assert doc.mark(("top", "other"), key=True) == yamlio.Mark(3, 3)
    assert doc.mark(("top", "missing", 3)) == doc.mark(("top",))  # nearest ancestor


def test_keys_are_always_text():
    doc = yamlio.loads("true: 1\n1: 2\nnull: 3\n", "f.yaml")
    assert doc.data == {"true": 1, "1": 2, "null": 3}


@pytest.mark.parametrize(
    "text, code, line, col",
    [
        ("a: 1\na: 2\n", "yaml-duplicate-key", 2, 1),
        ("a: &x 1\nb: *x\n", "yaml-anchor", 1, 4),
        ("a: [1, *x]\n", "yaml-alias", 1, 8),
        ("a:\n\tb: 1\n", "yaml-tab", 2, 1),
        ("", "yaml-empty", 1, 1),
        ("# only a comment\n", "yaml-empty", 1, 1),
        ("a: [\n", "yaml-syntax", 2, 1),
        ("a: !!python/object:os.system x\n", "yaml-tag", 1, 4),
        ("a: 1\n---\nb: 2\n", "yaml-multi-document", 2, 1),
        ("? [1]\n: 2\n", "yaml-complex-key", 1, 3),
        ("a: b: c\n", "yaml-syntax", 1, 5),
    ],
)
def test_traps_become_located_findings(text, code, line, col):
    (f,) = findings(text)
    assert (f.code, f.line, f.column, f.file) == (code, line, col, "f.yaml")
    assert "expected" in f.message or f.code == "yaml-syntax"


def test_duplicate_key_message_names_the_first_place():
    (f,) = findings("x:\n  a: 1\n  a: 2\n")
    assert f.path == "x.a" and "first at line 2, column 3" in f.message


def test_encoding_binary_and_size():
    (f,) = findings(b"a: ok\nb: \xff\xfe\n")
    assert (f.code, f.line, f.column) == ("yaml-encoding", 2, 4)
    (f,) = findings(b"a: 1\n\x00\x01")
    assert f.code == "yaml-binary" and f.line == 2
    (f,) = findings(b"a: " + b"x" * (yamlio.MAX_BYTES + 1))
    assert f.code == "yaml-too-large"
    assert yamlio.loads(b"\xef\xbb\xbfa: 1\n", "bom.yaml").data == {"a": 1}


def test_deep_nesting_is_refused_not_a_recursion_error():
    (f,) = findings("[" * 5000 + "]" * 5000)
    assert f.code == "yaml-too-deep"


def test_billion_laughs_is_rejected_fast_and_small():
    doc = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
    )
    tracemalloc.start()
    started = time.perf_counter()
    (f,) = findings(doc)
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert f.code == "yaml-anchor"
    assert elapsed < 0.5 and peak < 5_000_000


def test_load_reports_missing_files(tmp_path):
    with pytest.raises(OpennessError) as exc:
        yamlio.load(tmp_path / "nope.yaml")
    assert exc.value.findings[0].code == "io"


@pytest.mark.parametrize(
    "text",
    ["[" * 5000 + "]" * 5000, "{a: " * 1200 + "1" + "}" * 1200, "a:\n" + "".join(" " * i + "- \n" for i in range(1, 1200)), "x: " + "[" * 41 + "]" * 41],
)
def test_too_deep_is_the_same_finding_with_either_parser(monkeypatch, text):
    """libyaml stops at its own depth of 1000 while scanning ahead; PyYAML's own parser does not.
    Whichever is installed, the user sees one located yaml-too-deep finding, at the same place."""
    import yaml

    with_c = findings(text)
    monkeypatch.setattr(yamlio, "_loader", lambda: yaml.SafeLoader)
    pure = findings(text)
    assert [(f.code, f.line, f.column, f.path) for f in with_c] == [(f.code, f.line, f.column, f.path) for f in pure]
    assert [f.code for f in with_c] == ["yaml-too-deep"]
