"""Hostile input, faults and output injection: nothing hangs, nothing is lost, nothing is injected.

The fault tests of the bad-input corpus (``tests/data/invalid/`` holds the cases that are files;
these are the ones a file in git cannot be: named pipes, link loops, devices, signals, full disks,
concurrent writers, streams).  Anything that could hang runs the real command in a subprocess
under a timeout; every case ends in a located finding or a one-line error, exit 1 or 2, never 3.
"""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openness import atomic, checks, cli, yamlio
from openness.errors import OpennessError, UsageError

TIMEOUT = 60  # seconds: generous; a hang (the bugs these tests guard against) never ends at all
FINDING = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<column>\d+): (?:error|warning): (?P<message>.*) \[(?P<code>[a-z0-9-]+)\]$")
QUOTE = "Meta's LLAMA 2 comes in three different sizes (7 billion, 13 billion, and 70 billion parameters)."


def toy(ident: str, name: str | None = None, extra: str = "") -> str:
    """A small model record that validates (its evidence quotes a shipped seed)."""
    ev = f'evidence: [{{source: seeds/001_a64b63d8ec4e31ef.txt, quote: "{QUOTE}"}}]'
    name_line = "name: " + json.dumps(name if name is not None else f"Toy {ident}")
    return f'id: {ident}\n{name_line}\nstatus: {{value: released, {ev}}}\nlicense: {{value: apache-2.0, {ev}}}\naccess:\n  weights: {{unknown: "not read"}}\n{extra}'


def run(args: list[str], cwd: Path, *, timeout: float = TIMEOUT, stdin: bytes | None = None, **kw) -> subprocess.CompletedProcess:
    """The real command in its own process, under a timeout (a hang fails the test)."""
    env = {**os.environ, "OPENNESS_CACHE_DIR": str(cwd / ".cache"), "NO_COLOR": "1"}
    env.pop("OPENNESS_DEBUG", None)
    proc = subprocess.run([sys.executable, "-m", "openness", *args], cwd=cwd, env=env, input=stdin, capture_output=True, timeout=timeout, **kw)
    text = proc.stdout.decode("utf-8", "replace") + proc.stderr.decode("utf-8", "replace")
    assert "Traceback" not in text and "internal error" not in text, text
    assert proc.returncode != 3, text
    return proc


def findings(proc: subprocess.CompletedProcess) -> list[re.Match[str]]:
    lines = (proc.stdout.decode() + proc.stderr.decode()).splitlines()
    return [m for m in map(FINDING.match, lines) if m]


#: The two bulk commands (both read a dump and write through openness.bulk): every bulk case
#: runs through each of them.
BULK = {"score": ["score"], "check": ["check", "--commercial", "--mau", "800M"]}
bulk_commands = pytest.mark.parametrize("command", list(BULK))


# --------------------------------------------------------------------------- linear time


#: Free text that a pattern scanning to the end of the text from every '<' (or backtracking over
#: spaces) takes quadratic time on; each fills a file up to the 1 MiB cap.
ADVERSARIAL = {
    "tag starts, never closed": "<a",
    "spaced tag starts": "< ",
    "closing tag starts": "</ ",
    "bangs": "<!",
    "javascript without colon": "javascript",
}


@pytest.mark.parametrize("unit", list(ADVERSARIAL.values()), ids=list(ADVERSARIAL))
def test_a_1_mib_adversarial_text_validates_in_linear_time(tmp_path, unit):
    head = toy("adversarial") + "notes: '"
    room = yamlio.MAX_BYTES - len(head.encode()) - 2
    path = tmp_path / "models" / "adversarial.yaml"
    path.parent.mkdir()
    path.write_text(head + unit * (room // len(unit)) + "'\n", encoding="utf-8")
    assert path.stat().st_size <= yamlio.MAX_BYTES
    proc = run(["validate", str(path)], tmp_path, timeout=TIMEOUT)  # quadratic: minutes; linear: a second
    assert proc.returncode == 1
    assert [m["code"] for m in findings(proc)] == ["schema-too-long"]  # no markup: nothing closes


OLD_MARKUP = re.compile(r"<\s*/?\s*[A-Za-z!?][^>]*>|javascript:", re.IGNORECASE)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="<>/ \taAzZ!?jJavscriptSCRIPT:x\u0130", max_size=40))
def test_the_linear_markup_check_finds_what_the_old_pattern_found(text):
    old = OLD_MARKUP.search(text)
    assert checks.markup(text) == (old.group(0) if old else None)


# --------------------------------------------------------------------------- non-regular files


def _fifo(p: Path) -> None:
    os.mkfifo(p)


def _loop(p: Path) -> None:
    p.symlink_to(p.name)


def _folder(p: Path) -> None:
    p.mkdir()


def _broken(p: Path) -> None:
    p.symlink_to(p.parent / "nothing-here")


def _dev_zero(p: Path) -> None:
    p.symlink_to("/dev/zero")


NOT_REGULAR = {
    "a named pipe": (_fifo, "not-a-file"),
    "a link loop": (_loop, "io"),
    "a folder": (_folder, "not-a-file"),
    "a broken link": (_broken, "io"),
    "a link to /dev/zero": (_dev_zero, "not-a-file"),
}

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")


@needs_fifo
@pytest.mark.parametrize("what", list(NOT_REGULAR))
def test_an_entry_named_yaml_that_is_not_a_regular_file_is_the_same_finding_everywhere(tmp_path, what):
    make, code = NOT_REGULAR[what]
    (tmp_path / "mine" / "models").mkdir(parents=True)
    (tmp_path / "mine" / "models" / "fine.yaml").write_text(toy("fine"))
    make(tmp_path / "mine" / "models" / "odd.yaml")
    results = {}
    commands = [["list", "--catalog", "mine"], ["validate", "--catalog", "mine"], ["validate", "mine"], ["compare", "--catalog", "mine", "fine"]]
    if what != "a folder":  # a folder given by name is validated as a folder (here, an empty one)
        commands.append(["validate", "mine/models/odd.yaml"])
    for args in commands:
        proc = run(args, tmp_path)
        assert proc.returncode == 1, (args, proc.stdout, proc.stderr)
        results[" ".join(args)] = [(Path(m["file"]).name, m["line"], m["column"], m["code"]) for m in findings(proc)]
    assert all(found == [("odd.yaml", "1", "1", code)] for found in results.values()), results


@needs_fifo
def test_a_named_pipe_among_rubrics_or_as_a_use_case_is_a_finding(tmp_path):
    (tmp_path / "rubs").mkdir()
    os.mkfifo(tmp_path / "rubs" / "pipe.yaml")
    os.mkfifo(tmp_path / "uc.yaml")
    for args in (
        ["list", "rubrics", "--rubrics", "rubs"],
        ["validate", "--rubrics", "rubs"],
        ["compare", "--rubric", "rubs/pipe.yaml", "llama-2"],
        ["check", "llama-2", "--use-case", "uc.yaml"],
    ):
        proc = run(args, tmp_path)
        assert proc.returncode == 1, (args, proc.stderr)
        assert [m["code"] for m in findings(proc)] == ["not-a-file"], (args, proc.stderr)


def test_a_name_too_long_is_a_finding_or_a_one_line_error(tmp_path):
    long = "y" * 300  # longer than any filesystem's file name
    (tmp_path / "models").mkdir()
    cases = {
        ("validate", f"models/{long}.yaml"): 1,
        ("list", "--catalog", long): 2,
        ("list", "rubrics", "--rubrics", long): 2,
        ("check", "llama-2", "--use-case", f"{long}.yaml"): 2,
        ("score", "--input", long): 2,
        ("check", "--commercial", "--input", long): 2,
        ("score", "--input", "-", "--out", f"{long}.csv"): 2,
        ("badge", "llama-2", "--out", f"{long}.svg"): 2,
    }
    for args, code in cases.items():
        proc = run(list(args), tmp_path)
        assert proc.returncode == code, (args[:2], proc.stderr)
        if code == 2:
            assert len(proc.stderr.decode().strip().splitlines()[-1:]) == 1 and proc.stderr.decode().startswith(("openness: error", "usage"))


def test_a_huge_evidence_file_is_a_finding_and_never_read(tmp_path):
    folder = tmp_path / "models"
    folder.mkdir()
    with open(folder / "huge.txt", "wb") as fh:  # 200 MB, sparse: costs no disk, would cost memory
        fh.truncate(200 * 1024 * 1024)
    ev = 'evidence: [{source: huge.txt, quote: "anything"}]'
    (folder / "cites-huge.yaml").write_text(toy("cites-huge", extra=f"developer: {{value: Someone, {ev}}}\n"))
    proc = run(["validate", "models/cites-huge.yaml"], tmp_path, timeout=30)
    assert proc.returncode == 1
    assert [(m["line"], m["code"]) for m in findings(proc)] == [("7", "evidence-too-large")]


@needs_fifo
@pytest.mark.parametrize("what", ["pipe", "loop", "zero"])
def test_a_named_pipe_a_link_loop_or_a_device_as_evidence_is_never_opened(tmp_path, what):
    folder = tmp_path / "models"
    folder.mkdir()
    {"pipe": _fifo, "loop": _loop, "zero": _dev_zero}[what](folder / f"{what}.txt")
    ev = f'evidence: [{{source: {what}.txt, quote: "anything"}}]'
    (folder / "cites.yaml").write_text(toy("cites", extra=f"developer: {{value: Someone, {ev}}}\n"))
    proc = run(["validate", "models/cites.yaml"], tmp_path, timeout=30)
    assert proc.returncode == 1
    assert [m["code"] for m in findings(proc)] == ["evidence-source"]


# --------------------------------------------------------------------------- numbers


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.integers(min_value=-(10**600), max_value=10**600),
        st.floats(allow_nan=False, allow_infinity=False),
        st.sampled_from(["1e309", "-1e309", "9" * 5000, "1.5e308", "1e15", "1000000000000001"]),
    )
)
def test_every_number_loads_finite_and_in_range_or_is_a_located_finding(number):
    text = f"id: x\nweights:\n  w: {number}\n"
    try:
        doc = yamlio.loads(text)
    except OpennessError as exc:
        assert [(f.line, f.column, f.code) for f in exc.findings] == [(3, 6, "yaml-number")]
        return
    value = doc.data["weights"]["w"]
    if isinstance(value, str):  # a spelling YAML 1.2 does not read as a number (repr of a float like 1e+16)
        return
    assert abs(value) <= yamlio.MAX_NUMBER


def test_numbers_out_of_range_never_reach_json_output(tmp_path):
    (tmp_path / "mine" / "models").mkdir(parents=True)
    big = 'parameters_b: {value: 1e309, evidence: [{source: seeds/001_a64b63d8ec4e31ef.txt, quote: "' + QUOTE + '"}]}\n'
    (tmp_path / "mine" / "models" / "huge.yaml").write_text(toy("huge", extra=big))
    for args in (["show", "huge", "--format", "json"], ["diff", "huge", "llama-2", "--format", "json"], ["compare", "huge", "--format", "json"]):
        proc = run([*args, "--catalog", "mine"], tmp_path)
        assert proc.returncode == 1, (args, proc.stderr)
        assert [(m["line"], m["column"], m["code"]) for m in findings(proc)] == [("7", "23", "yaml-number")]
    rubric = tmp_path / "overflow.yaml"
    rubric.write_text(
        "id: overflow\ntitle: Overflow\nunknown: zero\ncriteria:\n"
        "  - {id: a, title: A, weight: 1.5e308, kind: presence, fact: license}\n"
        "  - {id: b, title: B, weight: 1.5e308, kind: presence, fact: access.weights}\n"
    )
    proc = run(["compare", "llama-2", "--rubric", str(rubric), "--format", "json"], tmp_path)
    assert proc.returncode == 1
    assert [(m["line"], m["code"]) for m in findings(proc)] == [("5", "yaml-number"), ("6", "yaml-number")]


def test_use_case_numbers_are_findings_at_their_own_line(tmp_path):
    (tmp_path / "digits.yaml").write_text("commercial: true\nfine_tune: true\nmonthly_active_users: " + "9" * 400 + "\n")
    (tmp_path / "inf.yaml").write_text("commercial: true\n\nmonthly_active_users: 1e309\n")
    for name in ("digits.yaml", "inf.yaml"):
        proc = run(["check", "llama-2", "--use-case", name], tmp_path)
        assert proc.returncode == 1
        assert [(m["line"], m["column"], m["code"]) for m in findings(proc)] == [("3", "23", "yaml-number")]
    for amount in ("1e400", "9" * 5000, "2e15"):
        proc = run(["check", "llama-2", "--mau", amount], tmp_path)
        assert proc.returncode == 2 and "expected a number between 0 and 1e15" in proc.stderr.decode()


# --------------------------------------------------------------------------- files and data loss


@pytest.mark.parametrize("hard_links", [True, False], ids=["hard links", "no hard links (exclusive create)"])
def test_a_file_that_appears_while_writing_is_kept(tmp_path, monkeypatch, hard_links):
    if not hard_links:  # a filesystem without them (some network and FAT mounts): the fallback

        def no_link(*args, **kwargs):
            raise OSError(errno.EPERM, os.strerror(errno.EPERM))

        monkeypatch.setattr(os, "link", no_link)
    fresh = tmp_path / "fresh.csv"
    atomic.write_text(fresh, "written\n")
    assert fresh.read_text() == "written\n"
    fresh.unlink()
    target = tmp_path / "scores.csv"
    with pytest.raises(UsageError, match="appeared while writing"):
        with atomic.atomic_open(target) as fh:
            fh.write("ours\n")
            target.write_text("the user's\n")  # created meanwhile, by the user or another run
    assert target.read_text() == "the user's\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["scores.csv"]  # no temporary file left


def test_of_two_writers_of_one_new_file_exactly_one_wins(tmp_path):
    target = tmp_path / "report.html"
    first, second = atomic.atomic_open(target), atomic.atomic_open(target)
    a, b = first.__enter__(), second.__enter__()  # both start while the name is free
    a.write("first\n")
    b.write("second\n")
    second.__exit__(None, None, None)
    with pytest.raises(UsageError, match="appeared while writing"):
        first.__exit__(None, None, None)
    assert target.read_text() == "second\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]


def test_concurrent_commands_writing_one_file_one_succeeds_the_others_say_so(tmp_path):
    env = {**os.environ, "OPENNESS_CACHE_DIR": str(tmp_path / ".cache")}
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "openness", "badge", "llama-2", "--out", "same.svg"], cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        for _ in range(4)
    ]
    results = [(p.wait(timeout=TIMEOUT), p.stderr.read().decode()) for p in procs]
    assert sorted(code for code, _ in results) == [0, 2, 2, 2], results
    assert all("same.svg" in err and len(err.strip().splitlines()) == 1 for code, err in results if code == 2), results
    assert (tmp_path / "same.svg").read_text().startswith("<svg")


@needs_fifo
@pytest.mark.parametrize("what", ["a named pipe", "a link", "a link to a regular file", "a folder"])
def test_force_replaces_regular_files_only(tmp_path, what):
    target = tmp_path / "out.svg"
    mine = tmp_path / "mine.txt"
    mine.write_text("precious\n")
    if what == "a named pipe":
        os.mkfifo(target)
    elif what == "a folder":
        target.mkdir()
    else:
        target.symlink_to("/proc/self/fd/1" if what == "a link" else mine)
    proc = run(["badge", "llama-2", "--out", "out.svg", "--force"], tmp_path)
    assert proc.returncode == 2
    err = proc.stderr.decode().strip()
    assert len(err.splitlines()) == 1 and "out.svg" in err, err
    assert mine.read_text() == "precious\n"
    assert os.path.lexists(target) and (target.is_symlink() or not target.is_file())  # left as it was
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")) == []


@pytest.mark.parametrize(
    "where, err, cause",
    [("fsync", errno.ENOSPC, "No space left on device"), ("mkstemp", errno.EROFS, "Read-only file system"), ("mkstemp", errno.EACCES, "Permission denied")],
)
def test_the_environment_refusing_a_write_is_one_line_naming_the_path(tmp_path, monkeypatch, where, err, cause):
    def refuse(*args, **kwargs):
        raise OSError(err, os.strerror(err))

    if where == "fsync":
        monkeypatch.setattr(os, "fsync", refuse)
    else:
        monkeypatch.setattr(tempfile, "mkstemp", refuse)
    target = tmp_path / "badge.svg"
    out, errs = io.StringIO(), io.StringIO()
    code = cli.run(["badge", "llama-2", "--out", str(target)], out, errs)
    assert code == 2
    assert errs.getvalue() == f"openness: error: cannot write {target}: {cause}\n"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else True, reason="root writes anywhere")
def test_a_folder_we_may_not_write_is_one_line(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        proc = run(["badge", "llama-2", "--out", "locked/b.svg"], tmp_path)
    finally:
        locked.chmod(0o700)
    assert proc.returncode == 2 and "locked/b.svg" in proc.stderr.decode() and "Permission denied" in proc.stderr.decode()


@bulk_commands
@pytest.mark.parametrize("signame", ["SIGTERM", "SIGHUP", "SIGINT"])
def test_a_signal_during_bulk_out_leaves_no_partial_file(tmp_path, signame, command):
    sig = getattr(signal, signame, None)
    if sig is None:
        pytest.skip(f"no {signame} here")
    env = {**os.environ, "OPENNESS_CACHE_DIR": str(tmp_path / ".cache")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "openness", *BULK[command], "--input", "-", "--out", "scores.csv"],
        cwd=tmp_path,
        env=env,
        stdin=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        assert proc.stdin is not None
        proc.stdin.write(b'{"id": "a/b", "license": "mit"}\n' * 5000)  # then the input stalls, mid-write
        proc.stdin.flush()
        deadline = time.monotonic() + TIMEOUT
        while not list(tmp_path.glob(".scores.csv.*.tmp")):
            assert time.monotonic() < deadline, "no temporary file appeared"
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
            time.sleep(0.05)
        proc.send_signal(sig)
        code = proc.wait(timeout=TIMEOUT)
    finally:
        proc.kill()
        proc.wait()
    assert code == 128 + sig
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != ".cache") == []


def test_an_empty_out_is_a_usage_error(tmp_path):
    (tmp_path / "in.jsonl").write_text('{"id": "a/b"}\n')
    bulk = [[*cmd, "--input", "in.jsonl", "--out", ""] for cmd in BULK.values()]
    for args in (["report", "--out", ""], ["badge", "llama-2", "--out", ""], *bulk):
        proc = run(args, tmp_path)
        assert proc.returncode == 2 and proc.stdout == b"", args
        assert "found an empty one" in proc.stderr.decode()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != ".cache") == ["in.jsonl"]


@needs_fifo
@bulk_commands
def test_bulk_out_never_replaces_what_it_must_not(tmp_path, command):
    """Without --force an existing file is kept; with it, only a regular file is replaced (never
    a named pipe, a device behind a link, or a folder); an empty --input is a usage error."""
    (tmp_path / "in.jsonl").write_text('{"id": "a/b", "license": "mit"}\n')
    (tmp_path / "mine.csv").write_text("precious\n")
    os.mkfifo(tmp_path / "pipe.csv")
    (tmp_path / "tty.csv").symlink_to("/proc/self/fd/1")
    (tmp_path / "folder.csv").mkdir()
    cases = [
        ("mine.csv", False, "exists"),
        ("pipe.csv", True, "regular files only"),
        ("tty.csv", True, "regular files only"),
        ("folder.csv", True, "is a folder"),
    ]
    for out, force, said in cases:
        proc = run([*BULK[command], "--input", "in.jsonl", "--out", out, *(["--force"] if force else [])], tmp_path)
        err = proc.stderr.decode().strip()
        assert proc.returncode == 2 and len(err.splitlines()) == 1 and out in err and said in err, (out, err)
    assert (tmp_path / "mine.csv").read_text() == "precious\n"
    assert (tmp_path / "tty.csv").is_symlink() and (tmp_path / "folder.csv").is_dir()
    proc = run([*BULK[command], "--input", "in.jsonl", "--out", "mine.csv", "--force"], tmp_path)
    assert proc.returncode == 0 and (tmp_path / "mine.csv").read_text().startswith("id,")
    proc = run([*BULK[command], "--input", ""], tmp_path)
    assert proc.returncode == 2 and "found an empty name" in proc.stderr.decode()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")) == []


@bulk_commands
def test_bulk_input_that_is_a_device_or_a_folder_is_refused_and_never_read(tmp_path, command):
    (tmp_path / "dir.jsonl").mkdir()
    for source, what in (("/dev/zero", "a device"), ("/dev/urandom", "a device"), ("dir.jsonl", "a folder")):
        if source.startswith("/dev/") and not os.path.exists(source):
            continue
        proc = run([*BULK[command], "--input", source], tmp_path, timeout=30)  # /dev/zero read: never ends
        err = proc.stderr.decode().strip()
        assert proc.returncode == 2 and proc.stdout == b"" and len(err.splitlines()) == 1 and what in err, err


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full here")
@bulk_commands
def test_bulk_output_on_a_full_disk_is_one_line(tmp_path, monkeypatch, command):
    (tmp_path / "in.jsonl").write_text('{"id": "a/b", "license": "mit"}\n' * 3000)
    env = {**os.environ, "OPENNESS_CACHE_DIR": str(tmp_path / ".cache")}
    with open("/dev/full", "w") as full:
        proc = subprocess.run(
            [sys.executable, "-m", "openness", *BULK[command], "--input", "in.jsonl"],
            cwd=tmp_path,
            env=env,
            stdout=full,
            stderr=subprocess.PIPE,
            timeout=TIMEOUT,
        )
    assert proc.returncode == 2
    assert proc.stderr.decode() == "openness: error: cannot write standard output: No space left on device\n"

    def refuse(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", refuse)
    monkeypatch.chdir(tmp_path)
    out, errs = io.StringIO(), io.StringIO()
    assert cli.run([*BULK[command], "--input", "in.jsonl", "--out", "out.csv"], out, errs) == 2
    assert errs.getvalue() == "openness: error: cannot write out.csv: No space left on device\n"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != ".cache") == ["in.jsonl"]


@bulk_commands
def test_bulk_reads_pipes_and_standard_input(tmp_path, command):
    data = b'{"id": "x/one", "license": "mit"}\n{"id": "x/two", "license": "apache-2.0"}\n'
    read, write = os.pipe()
    with os.fdopen(write, "wb") as fh:
        fh.write(data)
    try:
        piped = run([*BULK[command], "--input", f"/dev/fd/{read}"], tmp_path, pass_fds=(read,))  # as `--input <(cat f)`
    finally:
        os.close(read)
    dashed = run([*BULK[command], "--input", "-"], tmp_path, stdin=data)
    assert piped.returncode == dashed.returncode == 0, (piped.stderr, dashed.stderr)
    assert piped.stdout == dashed.stdout
    assert [r["id"] for r in csv.DictReader(io.StringIO(piped.stdout.decode()))] == ["x/one", "x/two"]


@bulk_commands
def test_bad_bulk_lines_are_located_findings_and_every_good_row_is_written(tmp_path, command):
    deep = "[" * 100_000 + "]" * 100_000
    lines = [
        '{"id": "good/one", "license": "mit"}',
        '{"id": "deep/line", "x": ' + deep + "}",
        '{"id": "nul\\u0000id", "license": "mit"}',
        '{"id": "dup/keys", "license": "mit", "license": "other"}',
        '{"id": "long/line", "notes": "' + "x" * (3 << 20) + '"}',
        '{"id": "dup/nested", "cardData": {"base_model": "a/b", "base_model": "c/d"}}',
        '{"id": "deep/base", "base_model": ' + deep + "}",
        '{"id": "bad\\udcffbytes", "license": "mit"}',
        '{"id": "odd/gated", "license": "mit", "gated": 1.0}',
        '{"id": "good/two", "license": "apache-2.0", "base_model": "good/one"}',
    ]
    (tmp_path / "in.jsonl").write_text("\n".join(lines) + "\n")
    cmd = BULK[command]
    proc = run([*cmd, "--input", "in.jsonl", "--out", "out.csv"], tmp_path)
    assert proc.returncode == 1
    assert [(m["line"], m["code"]) for m in findings(proc)] == [
        ("2", "bulk-json"),
        ("3", "bulk-nul"),
        ("4", "bulk-duplicate-key"),
        ("5", "bulk-line-too-long"),
        ("6", "bulk-duplicate-key"),
        ("7", "bulk-json"),
        ("8", "bulk-encoding"),
        ("9", "bulk-record"),
    ]
    rows = list(csv.DictReader(io.StringIO((tmp_path / "out.csv").read_text())))
    assert [r["id"] for r in rows] == ["good/one", "good/two"]
    endless = run([*cmd, "--input", "-"], tmp_path, stdin=b"{" * (5 << 20))  # a stream with no line break
    assert endless.returncode == 1 and ("1", "bulk-line-too-long") in [(m["line"], m["code"]) for m in findings(endless)]
    deep_tags = '"' + "[" * 60_000 + "]" * 60_000 + '"'  # a tags cell read as JSON, too deep to read
    deep_base_tags = '"' + "[" * 60_000 + '""base_model:a/b""' + "]" * 60_000 + '"'  # ... naming a base
    (tmp_path / "in.csv").write_text(
        f"id,license,tags\ngood/one,mit,\nnul\x00cell,mit,\nok/id,m\x00it,\ngood/two,mit,\ndeep/tags,,{deep_tags}\ndeep/base,,{deep_base_tags}\n"
    )
    proc = run([*cmd, "--input", "in.csv"], tmp_path)
    assert proc.returncode == 1
    assert [(m["line"], m["code"]) for m in findings(proc)] == [("3", "bulk-nul"), ("4", "bulk-nul")]
    assert b"\x00" not in proc.stdout
    assert [r["id"] for r in csv.DictReader(io.StringIO(proc.stdout.decode()))] == ["good/one", "good/two", "deep/tags", "deep/base"]
    (tmp_path / "nul-header.csv").write_text("id,lic\x00ense\ngood/one,mit\n")
    proc = run([*cmd, "--input", "nul-header.csv"], tmp_path)
    assert proc.returncode == 1 and [(m["line"], m["code"]) for m in findings(proc)] == [("1", "bulk-nul")]
    assert b"\x00" not in proc.stdout + proc.stderr


@bulk_commands
def test_a_dense_web_of_merges_is_bounded_per_record_and_never_allowed(tmp_path, command):
    """Each record a merge of the 40 before it: every record reaches hundreds of ancestors over
    thousands of paths.  Followed in full that is quadratic (minutes, gigabytes); each record
    follows at most MAX_BASES bases, then its terms are unknown with a lineage-too-wide finding."""
    from openness.bulkcheck import MAX_BASES

    n = 3000
    recs = [{"id": f"web/{i}", "license": "mit", "base_model": [f"web/{j}" for j in range(max(0, i - 40), i)]} for i in range(n)]
    (tmp_path / "web.jsonl").write_text("".join(json.dumps(r) + "\n" for r in recs))
    proc = run([*BULK[command], "--input", "web.jsonl", "--format", "jsonl", "--out", "out.jsonl"], tmp_path, timeout=TIMEOUT)
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert [r["id"] for r in rows] == [r["id"] for r in recs]
    wide = [r for r in rows if any(f.startswith("lineage-too-wide") for f in r.get("lineage_findings", ()))]
    assert rows[-1] in wide and rows[1] not in wide
    assert all(f"more than {MAX_BASES} bases" in "; ".join(r["lineage_findings"]) for r in wide)
    assert all("unknown" in r["effective_license"].split(" + ") for r in wide)
    if command == "check":
        assert rows[1]["verdict"] == "allowed" and {r["verdict"] for r in wide} == {"unknown"}


# --------------------------------------------------------------------------- injection through output

FORMULAS = ['=HYPERLINK("http://evil.example","click")', "+1+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1"]


HOSTILE_TEXT = [
    *FORMULAS,
    "\x1b]0;pwned\x07title",
    "clear\x1b[2Jscreen",
    "bidi\u202etxt.exe",
    "::add-mask::x",
    "nul\x00here",
    "c1\x9bcsi",
    "zero\u200bwidth",
    "line\nbreak",
]


def _csv_cells_are_inert(text: str) -> list[list[str]]:
    """The rows of CSV output, after checking that no cell starts a formula and that nothing in it
    is a terminal escape, a control character or a line that starts a workflow command."""
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]", text), text
    assert not any(line.startswith("::") for line in text.splitlines())
    rows = list(csv.reader(io.StringIO(text)))
    bad = [c for row in rows for c in row if c.startswith(("=", "+", "@", "\t", "\r", "::")) or re.match(r"-[^0-9]", c)]
    assert bad == [], bad
    return rows


@bulk_commands
def test_bulk_ids_never_start_a_formula_nor_carry_a_terminal_escape(tmp_path, command):
    ids = [*FORMULAS, "\x1b]0;pwned\x07title", "clear\x1b[2Jscreen", "bidi\u202etxt.exe", "::add-mask::x", "fine/id"]
    data = "".join(json.dumps({"id": i, "license": "mit"}) + "\n" for i in ids).encode()
    proc = run([*BULK[command], "--input", "-", "--format", "csv"], tmp_path, stdin=data)
    assert proc.returncode == 0, proc.stderr
    text = proc.stdout.decode()
    assert "\x1b" not in text and "\u202e" not in text and "\r" not in text
    cells = [r["id"] for r in csv.DictReader(io.StringIO(text))]
    assert len(cells) == len(ids)
    assert all(not c.startswith(("=", "+", "-", "@", "\t", "\r")) for c in cells), cells
    assert cells[0] == "'" + FORMULAS[0] and cells[-1] == "fine/id"
    _csv_cells_are_inert(text)
    proc = run([*BULK[command], "--input", "-", "--format", "jsonl"], tmp_path, stdin=data)
    assert [json.loads(line)["id"] for line in proc.stdout.decode().splitlines()] == ids  # JSON keeps them, escaped
    assert proc.stdout.isascii() and b"\x1b" not in proc.stdout


@bulk_commands
@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_bulk_base_names_reach_no_cell_as_a_formula_or_an_escape(tmp_path, command, fmt):
    """Base names are never validated either; they reach the output in the lineage, the
    inherited-from path and the findings about them, each as inert text."""
    recs = [{"id": f"x/{i}", "license": "mit", "base_model": name} for i, name in enumerate(HOSTILE_TEXT)]
    recs.append({"id": "x/merge", "license": "mit", "base_model": HOSTILE_TEXT[:3]})
    recs.append({"id": "x/tags", "license": "mit", "tags": [f"base_model:adapter:{HOSTILE_TEXT[0]}"]})
    data = "".join(json.dumps(r) + "\n" for r in recs).encode() + b'{"id": "x/bytes", "license": "mit", "base_model": "-\xff\xfe"}\n'
    proc = run([*BULK[command], "--input", "-", "--format", fmt], tmp_path, stdin=data)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == b""
    text = proc.stdout.decode("utf-8")  # strict: nothing that is not UTF-8 is written
    if fmt == "csv":
        rows = _csv_cells_are_inert(text)
        assert len(rows) == 1 + len(recs) + 1
        assert any("'=HYPERLINK" in c for row in rows for c in row)
    else:
        assert proc.stdout.isascii()
        out = [json.loads(line) for line in text.splitlines()]
        assert len(out) == len(recs) + 1
        lineage = out[0]["lineage" if command == "check" else "inherited_from"]
        assert lineage == [f"{HOSTILE_TEXT[0]} (base_model)"]  # JSON keeps the text, escaped


@settings(max_examples=60, deadline=None)
@given(
    ids=st.lists(st.text(min_size=1, max_size=12), min_size=1, max_size=6),
    bases=st.lists(st.one_of(st.none(), st.text(max_size=12), st.lists(st.text(max_size=8), max_size=3)), min_size=6, max_size=6),
)
def test_bulk_csv_cells_are_inert_whatever_the_text(ids, bases):
    """Property: whatever text the ids and base names hold, each good record is one CSV row of
    both commands, and no cell starts a formula or carries a control character."""
    import openness
    from openness import bulkcheck
    from openness.usecase import UseCase

    catalog = openness.load_catalog()
    lines = []
    for rid, base in zip(ids, bases):
        rec: dict = {"id": rid, "license": "mit"}
        if base is not None:
            rec["base_model"] = base
        lines.append(json.dumps(rec) + "\n")
    good = [rid for rid in ids if "\x00" not in rid and not any(0xD800 <= ord(c) <= 0xDFFF for c in rid)]
    for kind, extra in (("score", {"rubric": openness.load_rubric("articles")}), ("check", {"usecase": UseCase(commercial=True)})):
        out = io.StringIO()
        result = bulkcheck.answer_stream(lines, out.write, catalog, kind=kind, fmt="csv", **extra)
        text = out.getvalue()
        text.encode("utf-8")  # every character can be written
        rows = _csv_cells_are_inert(text)
        assert len(rows) - 1 == result.scored == len(good)
        assert result.bad == len(ids) - len(good)


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_compare_cells_never_start_a_formula(tmp_path, fmt):
    models = tmp_path / "mine" / "models"
    models.mkdir(parents=True)
    for i, formula in enumerate(FORMULAS[:4]):
        (models / f"formula-{i}.yaml").write_text(toy(f"formula-{i}", formula))
    proc = run(["compare", "--catalog", "mine", *(f"formula-{i}" for i in range(4)), "--format", fmt], tmp_path)
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.reader(io.StringIO(proc.stdout.decode()), delimiter="," if fmt == "csv" else "\t"))
    cells = [c for row in rows for c in row]
    assert all(not c.startswith(("=", "+", "@", "\t", "\r")) and not re.match(r"-[^0-9]", c) for c in cells), cells
    assert {f"'{f}" for f in FORMULAS[:4]} <= set(cells)


def test_github_annotations_escape_file_names_and_messages(tmp_path):
    folder = tmp_path / "models"
    folder.mkdir()
    name = "a,line=99,col=1::FAKE%0A.yaml"
    (folder / name).write_text("id: [\n")
    proc = run(["validate", "--format", "github", f"models/{name}"], tmp_path)
    assert proc.returncode == 1
    (line,) = proc.stdout.decode().splitlines()
    m = re.fullmatch(r"::error file=(?P<file>[^:,]*),line=(?P<line>\d+),col=\d+,title=(?P<title>[a-z0-9-]+)::(?P<msg>[^\r\n]*)", line)
    assert m, line
    assert m["file"] == "models/a%2Cline=99%2Ccol=1%3A%3AFAKE%250A.yaml" and m["line"] != "99"


def test_no_output_line_starts_a_workflow_command_because_of_user_data(tmp_path):
    folder = tmp_path / "odd"
    folder.mkdir()
    (tmp_path / "::error::forged.yaml").write_text("id: [\n")
    (folder / "esc\x1b[2J.yaml").write_text("id: [\n")
    for fmt in ("text", "github", "json"):
        proc = run(["validate", "--format", fmt, "::error::forged.yaml", "odd"], tmp_path)
        assert proc.returncode == 1
        out = proc.stdout.decode() + proc.stderr.decode()
        assert "\x1b" not in out
        for line in out.splitlines():
            assert not line.startswith("::") or line.startswith(("::error file=", "::warning file=")), line


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full here")
@pytest.mark.parametrize("args", [["list"], ["compare", "--format", "csv"], ["validate", "--shipped"]])
def test_standard_output_on_a_full_disk_is_one_line(tmp_path, args):
    env = {**os.environ, "OPENNESS_CACHE_DIR": str(tmp_path / ".cache")}
    with open("/dev/full", "w") as full:
        proc = subprocess.run([sys.executable, "-m", "openness", *args], cwd=tmp_path, env=env, stdout=full, stderr=subprocess.PIPE, timeout=TIMEOUT)
    assert proc.returncode == 2
    assert proc.stderr.decode() == "openness: error: cannot write standard output: No space left on device\n"


def test_every_schema_pattern_runs_in_linear_time_on_1_mib_adversarial_text(tmp_path):
    """Each pattern the JSON Schemas apply to user text (``pattern``, ``patternProperties``),
    searched as jsonschema does, over 1 MiB strings built to make a backtracking pattern
    quadratic; in a subprocess under a timeout, so a regression fails instead of hanging."""
    script = r"""
import json, re, sys
from pathlib import Path
import openness.schemas as s
patterns = set()
def walk(node):
    if isinstance(node, dict):
        if isinstance(node.get("pattern"), str):
            patterns.add(node["pattern"])
        patterns.update(node.get("patternProperties", {}) if isinstance(node.get("patternProperties"), dict) else ())
        for v in node.values():
            walk(v)
    elif isinstance(node, list):
        for v in node:
            walk(v)
for f in Path(s.__file__).parent.glob("*.json"):
    walk(json.loads(f.read_text()))
n = 1 << 20
texts = ["a" * n + "!", "1" * n + "x", "a/" * (n // 2), "https://" * (n // 8) + " ", " " * n + "x", "1," * (n // 2) + "x", "-" * n + "!"]
for p in sorted(patterns):
    for t in texts:
        re.search(p, t)
print(len(patterns))
"""
    env = {**os.environ, "OPENNESS_CACHE_DIR": str(tmp_path / ".cache")}
    proc = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, timeout=TIMEOUT)
    assert proc.returncode == 0, proc.stderr
    assert int(proc.stdout) >= 5  # the patterns were found (ids, addresses, dates, repositories, amounts)
