"""The README's Python example runs as written, and its commands name real subcommands."""

from __future__ import annotations

import contextlib
import io
import re

import pytest

from conftest import ROOT
from openness.cli import build_parser

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_python_example_runs():
    (block,) = re.findall(r"```python\n(.*?)```", README, re.S)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(block, "README.md", "exec"), {})
    text = out.getvalue()
    assert "blocked" in text and "700 million monthly active users" in text and "| Llama 3.1 " in text


def test_every_command_in_the_tour_exists():
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    commands = set(sub.choices)
    tour = re.findall(r"^openness ([a-z-]+)", README, re.M)
    assert tour and set(tour) <= commands, set(tour) - commands


def _shell_commands(text: str) -> list[str]:
    """Every `openness …` command in the ```sh blocks of a document, comments and redirections off."""
    commands = []
    for block in re.findall(r"```sh\n(.*?)```", text, re.S):
        for line in block.splitlines():
            line = re.sub(r"\s+#\s.*$", "", line).strip()
            for part in re.split(r"\s*&&\s*", line):
                part = re.sub(r"\s+[<>]\s*\S+", "", part).strip()
                if part.startswith("openness "):
                    commands.append(part)
    return commands


#: Example values for the synopsis' placeholders, so that those forms run too.
EXAMPLES = {
    "MODEL...": "llama-2 gpt-4",
    "MODEL": "llama-2",
    "A B C": "llama-2 mistral-7b gpt-4",
    "A B": "llama-2 gpt-4",
    "R": "articles",
    "X": "medical",
    "ID": "my-model",
    "DIR": "mine",
    "FILE": "out.txt",
    "PATH...": ".",
}


def _variants(command: str) -> list[list[str]]:
    """Runnable forms of a synopsis line: optional [groups] all left out or all put in, and each
    alternative of an `a|b|c` word; forms that still hold a placeholder (MODEL, FILE, ...) are dropped."""
    for placeholder, example in EXAMPLES.items():
        command = re.sub(rf"(?<![\w-]){re.escape(placeholder)}(?![\w.…-])", example, command)
    forms = {re.sub(r"\s*\[[^\]]*\]", "", command), re.sub(r"\[([^\]]*)\]", r"\1", command)}
    out: list[list[str]] = []
    for form in sorted(forms):
        words = form.split()[1:]
        expanded = [words]
        for i, w in enumerate(words):
            if "|" in w and not w.startswith("-"):
                expanded = [[*ws[:i], alt, *ws[i + 1 :]] for ws in expanded for alt in w.split("|")]
        for ws in expanded:
            placeholder = any(re.fullmatch(r"[A-Z][A-Z_]*(\.\.\.)?|.*(\.\.\.|…).*", w) for w in ws)
            if not placeholder and ws not in out:
                out.append(ws)
    return out


DOCUMENTED = sorted(
    {tuple(v) for doc in ("README.md", "CONTRIBUTING.md") for c in _shell_commands((ROOT / doc).read_text(encoding="utf-8")) for v in _variants(c)}
)


def test_the_documented_commands_were_found():
    words = {v[0] for v in DOCUMENTED}
    assert {"list", "show", "compare", "check", "audit", "validate", "diff", "explain"} <= words


@pytest.mark.parametrize("words", DOCUMENTED, ids=[" ".join(v) for v in DOCUMENTED])
def test_every_documented_command_ends_without_an_internal_error(words, tmp_path, monkeypatch):
    """Run on the shipped catalog, from an empty folder (files they write land there): a finding or
    a usage error is fine, the last-resort handler (exit 3, "internal error") never is."""
    from openness.cli import run

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("OPENNESS_DEBUG", raising=False)
    out, err = io.StringIO(), io.StringIO()
    code = run(list(words), out, err)
    assert code != 3 and "internal error" not in err.getvalue(), err.getvalue()
    assert "Traceback" not in err.getvalue() + out.getvalue()


def test_debug_adds_a_traceback_but_keeps_the_exit_status(monkeypatch):
    import openness.cli as cli

    def boom(args, out):
        raise RuntimeError("boom")

    monkeypatch.setitem(cli.COMMANDS, "facts", boom)
    results = []
    for debug in (None, "1"):
        if debug:
            monkeypatch.setenv("OPENNESS_DEBUG", debug)
        err = io.StringIO()
        results.append((cli.run(["facts"], io.StringIO(), err), err.getvalue()))
    (plain, plain_err), (debug_code, debug_err) = results
    assert plain == debug_code == 3
    assert "Traceback" not in plain_err and "Traceback" in debug_err and "internal error" in debug_err


def test_the_readme_states_the_catalog_counts():
    import openness

    catalog = openness.load_catalog()
    m = re.search(r"\*\*(\d+) models\*\* and \*\*(\d+) licenses\*\*", README)
    assert m, "the README states how many models and licenses the catalog holds"
    assert (int(m.group(1)), int(m.group(2))) == (len(catalog.models), len(catalog.licenses))
