"""Writing never loses what the user owns: no overwrite without force, and atomic replacement."""

from __future__ import annotations

import os

import pytest

from openness.atomic import write_text
from openness.errors import UsageError


def test_refuses_to_overwrite_without_force(tmp_path):
    target = tmp_path / "mine.yaml"
    target.write_text("precious\n")
    with pytest.raises(UsageError, match="not overwriting"):
        write_text(target, "new\n")
    assert target.read_text() == "precious\n"
    write_text(target, "new\n", force=True)
    assert target.read_text() == "new\n"


def test_an_interrupted_write_leaves_the_old_file_intact(tmp_path, monkeypatch):
    target = tmp_path / "mine.yaml"
    target.write_text("precious\n")

    def interrupted(src, dst):
        raise KeyboardInterrupt  # the process is stopped between writing and renaming

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_text(target, "half of something new", force=True)
    assert target.read_text() == "precious\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.yaml"]  # no temporary file left


def test_writes_new_files_and_their_folders(tmp_path):
    out = write_text(tmp_path / "a" / "b.txt", "x")
    assert out.read_text() == "x"


def test_new_files_get_the_usual_mode_and_replaced_files_keep_theirs(tmp_path):
    umask = os.umask(0o022)
    try:
        fresh = write_text(tmp_path / "report.html", "x")
        assert fresh.stat().st_mode & 0o777 == 0o644
        kept = tmp_path / "script.sh"
        kept.write_text("old")
        kept.chmod(0o750)
        write_text(kept, "new", force=True)
        assert kept.stat().st_mode & 0o777 == 0o750
    finally:
        os.umask(umask)
