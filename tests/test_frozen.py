"""openness.frozen behaves as attrs.frozen does for every use openness makes of it."""

from __future__ import annotations

import sys

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from openness import frozen


def _classes(lib):
    @lib.frozen(order=True)
    class Point:
        x: int
        y: str = "a"
        tags: tuple = lib.field(default=(), converter=tuple)
        note: str | None = lib.field(default=None, eq=False, repr=False)
        extra: dict = lib.field(factory=dict, eq=False)

        def __str__(self) -> str:
            return f"{self.x}:{self.y}"

    @lib.frozen
    class Box:
        points: tuple
        label: str = ""

    return Point, Box


A_POINT, A_BOX = _classes(attrs)
F_POINT, F_BOX = _classes(frozen)

values = st.tuples(st.integers(-3, 3), st.sampled_from(["a", "b", "c"]), st.lists(st.integers(0, 2), max_size=2), st.none() | st.text(max_size=2))


@given(values, values)
def test_equality_hash_order_repr_and_asdict_agree_with_attrs(a, b):
    pa, pb = A_POINT(*a), A_POINT(*b)
    fa, fb = F_POINT(*a), F_POINT(*b)
    assert (fa == fb) == (pa == pb)
    assert (fa != fb) == (pa != pb)
    assert (fa < fb) == (pa < pb) and (fa <= fb) == (pa <= pb) and (fa > fb) == (pa > pb) and (fa >= fb) == (pa >= pb)
    assert (hash(fa) == hash(fb)) or fa != fb
    assert repr(fa).replace("F_POINT", "") == repr(pa).replace("A_POINT", "")
    assert str(fa) == str(pa)
    assert frozen.asdict(F_BOX((fa, fb), "l")) == attrs.asdict(A_BOX((pa, pb), "l"))
    assert frozen.asdict(fa) == attrs.asdict(pa)


def test_defaults_factories_converters_and_evolve():
    f, p = F_POINT(1), A_POINT(1)
    assert (f.y, f.tags, f.note, f.extra) == (p.y, p.tags, p.note, p.extra)
    assert F_POINT(1).extra is not F_POINT(1).extra  # a new dict each time
    assert F_POINT(1, tags=[1, 2]).tags == (1, 2)
    moved = frozen.evolve(F_POINT(1, "b", [3]), y="c", tags=[4])
    assert moved == F_POINT(1, "c", (4,)) and moved.tags == (4,)
    assert frozen.evolve(F_POINT(1, note="n"), x=2).note == "n"
    with pytest.raises(TypeError):
        frozen.evolve(F_POINT(1), z=1)
    assert [a.name for a in frozen.fields(F_POINT)] == [a.name for a in attrs.fields(A_POINT)]
    assert F_POINT.__match_args__ == A_POINT.__match_args__
    with pytest.raises(TypeError):
        F_POINT()  # x is mandatory
    with pytest.raises(TypeError):
        frozen.fields(int)


def test_instances_are_immutable():
    f = F_POINT(1)
    with pytest.raises(AttributeError):
        f.x = 2
    with pytest.raises(frozen.FrozenInstanceError):
        del f.x
    assert F_POINT(1) != A_POINT(1) and F_POINT(1) != (1, "a")
    assert {F_POINT(1), F_POINT(1, note="other")} == {F_POINT(1)}  # eq=False fields don't count


def test_the_command_does_not_import_attrs():
    import subprocess

    code = "import sys, io; from openness import cli; cli.run(['compare', '--rubric', 'articles'], io.StringIO(), io.StringIO()); print('attrs' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True).stdout
    assert out.strip() == "False"


def test_an_init_compiled_at_build_time_is_used_only_for_the_same_source_and_bytecode(tmp_path, monkeypatch):
    """The build keeps each record class's __init__ compiled (as __pycache__ keeps a module's);
    a class takes it only when its generated source is the one compiled, under this
    interpreter's magic number, and behaves as if compiled on the spot."""
    monkeypatch.setattr(frozen, "SOURCES", [])
    monkeypatch.setattr(frozen, "_codes", None)
    made_before = _classes(frozen)
    path = tmp_path / "_inits.marshal"
    assert frozen.write_precompiled(str(path)) == len({k for k in frozen.SOURCES})
    monkeypatch.setattr(frozen, "PRECOMPILED", str(path))
    monkeypatch.setattr(frozen, "_codes", None)
    used = []
    real = frozen._precompiled
    monkeypatch.setattr(frozen, "_precompiled", lambda key: used.append(key) or real(key))
    Point, _box = _classes(frozen)
    p = Point(1, tags=[1, 2])
    assert (p.x, p.y, p.tags, p.extra) == (1, "a", (1, 2), {}) and repr(p) == repr(made_before[0](1, tags=(1, 2)))
    assert used and all(real(k) is not None for k in used)
    # another interpreter's bytecode (another magic number) is not used
    path.write_bytes(b"\0\0\0\0" + path.read_bytes()[4:])
    monkeypatch.setattr(frozen, "_codes", None)
    assert all(real(k) is None for k in used)
    Point2, _ = _classes(frozen)
    assert Point2(2).x == 2
