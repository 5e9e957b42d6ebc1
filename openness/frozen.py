"""Frozen record classes, as ``attrs.frozen`` makes them, without attrs's cost at start-up.

Every command builds a few dozen record classes (records, rubrics, scorecards, findings …).
Importing attrs and letting it generate and compile each class's methods took about a third
of a warm ``openness compare``; this module does the part openness uses, in a few lines, and
compiles one ``__init__`` per class.  It is used as ``from openness import frozen as attrs``, so
the classes read exactly as attrs classes do:

* ``@attrs.frozen`` / ``@attrs.frozen(order=True)``: the annotated names of the class body, in
  order, become the fields; ``__init__`` takes them positionally or by name (a default, or
  ``attrs.field(default=…, factory=…, converter=…, eq=…, repr=…)``); instances are immutable
  (``FrozenInstanceError``), equal when of the same class with equal fields (``eq=False``
  fields left out), hashable by those fields, ordered by them with ``order=True``, and print as
  ``Name(a=1, b='x')``.  A method the class body defines itself is kept.
* ``attrs.evolve(instance, **changes)``, ``attrs.asdict(instance)`` (recursive; collections keep
  their type, as with ``attrs.asdict``) and ``attrs.fields(cls)``.

The behaviour is what attrs gives for these uses; ``tests/test_frozen.py`` checks it side by
side with attrs itself.
"""

from __future__ import annotations

from operator import attrgetter

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, TypeVar, overload

    from typing_extensions import dataclass_transform

    T = TypeVar("T")
    C = TypeVar("C", bound=type)
else:  # at run time the typing markers do nothing (and cost no import)

    def dataclass_transform(**_: object) -> object:
        return lambda f: f

    def overload(f: object) -> object:
        return f


__all__ = ["FrozenInstanceError", "Attribute", "frozen", "field", "evolve", "asdict", "fields", "has"]


class _Nothing:
    __slots__ = ()

    def __repr__(self) -> str:
        return "NOTHING"


NOTHING: Any = _Nothing()


class FrozenInstanceError(AttributeError):
    """An attempt to change a field of a frozen instance."""

    msg = "can't set attribute"

    def __init__(self) -> None:
        super().__init__(self.msg)


class Attribute:
    """One field of a frozen class."""

    __slots__ = ("name", "default", "factory", "converter", "eq", "repr")

    def __init__(
        self,
        name: str,
        default: Any = NOTHING,
        factory: Callable[[], Any] | None = None,
        converter: Callable[[Any], Any] | None = None,
        eq: bool = True,
        repr: bool = True,
    ) -> None:
        self.name, self.default, self.factory, self.converter, self.eq, self.repr = name, default, factory, converter, eq, repr

    def __repr__(self) -> str:
        return f"Attribute(name={self.name!r})"


class _Field:
    """What :func:`field` leaves in a class body, until :func:`frozen` reads it."""

    __slots__ = ("default", "factory", "converter", "eq", "repr")

    def __init__(self, default: Any, factory: Any, converter: Any, eq: bool, repr: bool) -> None:
        self.default, self.factory, self.converter, self.eq, self.repr = default, factory, converter, eq, repr


def field(
    *, default: Any = NOTHING, factory: Callable[[], Any] | None = None, converter: Callable[[Any], Any] | None = None, eq: bool = True, repr: bool = True
) -> Any:
    """A field with a default, a factory for its default, a converter, or left out of eq or repr."""
    if default is not NOTHING and factory is not None:
        raise ValueError("default and factory are exclusive")
    return _Field(default, factory, converter, eq, repr)


def _refuse_set(self: Any, name: str, value: Any) -> None:
    raise FrozenInstanceError()


def _refuse_del(self: Any, name: str) -> None:
    raise FrozenInstanceError()


def _repr(self: Any) -> str:
    shown = ", ".join(f"{a.name}={getattr(self, a.name)!r}" for a in self.__attrs_fields__ if a.repr)
    return f"{self.__class__.__qualname__.rsplit('>.', 1)[-1]}({shown})"


def _tuple_getter(names: list[str]) -> Callable[[Any], tuple[Any, ...]]:
    if not names:
        return lambda self: ()
    if len(names) == 1:
        get = attrgetter(names[0])
        return lambda self: (get(self),)
    return attrgetter(*names)


#: Where ``python -m openness.snapshot`` (the build) keeps every record class's ``__init__``
#: compiled, as the interpreter keeps a module's in ``__pycache__``: marshal's format, for the
#: bytecode of the interpreter that made it (its magic number is checked), keyed by the source.
PRECOMPILED = __file__[: -len("frozen.py")] + "_inits.marshal"
#: Every class made here: (file name of its ``__init__``, the source of it), for that build step.
SOURCES: list[tuple[str, str]] = []
_codes: dict[tuple[str, str], Any] | None = None


def _precompiled(key: tuple[str, str]) -> Any:
    """The code compiled at build time for an ``__init__``'s source, if any (None when there is
    no file, it was made by another interpreter's bytecode, or holds no such source)."""
    global _codes
    if _codes is None:
        _codes = {}
        try:
            import marshal
            from importlib.util import MAGIC_NUMBER

            with open(PRECOMPILED, "rb") as fh:
                blob = fh.read()
            if blob[: len(MAGIC_NUMBER)] == MAGIC_NUMBER:
                loaded = marshal.loads(blob[len(MAGIC_NUMBER) :])
                if type(loaded) is dict:
                    _codes = loaded
        except (OSError, ValueError, EOFError, TypeError):
            pass
    code = _codes.get(key)
    return code if type(code).__name__ == "code" else None


def write_precompiled(path: str = PRECOMPILED) -> int:
    """Compile the ``__init__`` of every record class made so far and write them to ``path``
    (for the interpreter running this); the number written."""
    import marshal
    import os
    from importlib.util import MAGIC_NUMBER

    codes = {key: compile(key[1], key[0], "exec") for key in dict.fromkeys(SOURCES)}
    tmp = f"{path}.tmp"
    with open(tmp, "wb") as fh:
        fh.write(MAGIC_NUMBER + marshal.dumps(codes))
    os.replace(tmp, path)
    return len(codes)


def _compiled_init(cls: type, key: tuple[str, str], globs: dict[str, Any]) -> Callable[..., None]:
    """The class's ``__init__`` from ``key`` (its file name and source; see :data:`SOURCES`)."""
    namespace: dict[str, Any] = {}
    exec(_precompiled(key) or compile(key[1], key[0], "exec"), globs, namespace)
    init: Callable[..., None] = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    return init


def _lazy_init(cls: type, key: tuple[str, str], globs: dict[str, Any]) -> Callable[..., None]:
    """An ``__init__`` that compiles the class's own on the first instance and puts it in its
    place: a command compiles only the classes it makes instances of (records read from the
    package's snapshot are made without ``__init__``)."""

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        init = _compiled_init(cls, key, globs)
        if cls.__dict__.get("__init__") is __init__:
            cls.__init__ = init  # type: ignore[misc]
        init(self, *args, **kwargs)

    __init__.__qualname__ = f"{cls.__qualname__}.__init__"
    __init__.__module__ = cls.__module__
    return __init__


def _make(cls: type, order: bool) -> type:
    body = cls.__dict__
    found: list[Attribute] = []
    for name, annotation in body.get("__annotations__", {}).items():
        if isinstance(annotation, str) and annotation.replace("typing.", "").startswith("ClassVar"):
            continue
        value = body.get(name, NOTHING)
        if isinstance(value, _Field):
            found.append(Attribute(name, value.default, value.factory, value.converter, value.eq, value.repr))
        else:
            found.append(Attribute(name, value))
        if name in body:
            delattr(cls, name)
    attributes = tuple(found)
    cls.__attrs_fields__ = attributes  # type: ignore[attr-defined]
    cls.__match_args__ = tuple(a.name for a in attributes)  # type: ignore[attr-defined,misc]

    # evolve() may copy the fields straight across when __init__ is the generated one and no
    # field converts its value (what __init__ would do with them is then only to store them)
    cls.__frozen_copyable__ = "__init__" not in body and all(a.converter is None for a in attributes)  # type: ignore[attr-defined]
    if "__init__" not in body:
        globs: dict[str, Any] = {"NOTHING": NOTHING}
        params, lines = [], []
        for a in attributes:
            n = a.name
            if a.factory is not None:
                params.append(f"{n}=NOTHING")
                globs[f"_factory_{n}"] = a.factory
                lines.append(f"    if {n} is NOTHING:\n        {n} = _factory_{n}()")
            elif a.default is not NOTHING:
                params.append(f"{n}=_default_{n}")
                globs[f"_default_{n}"] = a.default
            else:
                if any("=" in p for p in params):
                    raise TypeError(f"{cls.__qualname__}: no mandatory field may follow one with a default ({n})")
                params.append(n)
            value = n
            if a.converter is not None:
                globs[f"_convert_{n}"] = a.converter
                value = f"_convert_{n}({n})"
            lines.append(f"    _d[{n!r}] = {value}")
        source = f"def __init__(self, {', '.join(params)}):\n    _d = self.__dict__\n" + "\n".join(lines) + "\n"
        if not attributes:
            source = "def __init__(self):\n    pass\n"
        init_key = (f"<frozen {cls.__module__}.{cls.__qualname__}.__init__>", source)
        SOURCES.append(init_key)
        cls.__init__ = _lazy_init(cls, init_key, globs)  # type: ignore[misc]

    key = _tuple_getter([a.name for a in attributes if a.eq])

    def __eq__(self: Any, other: Any) -> Any:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return key(self) == key(other)

    def __ne__(self: Any, other: Any) -> Any:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return key(self) != key(other)

    def __hash__(self: Any) -> int:
        return hash((cls.__qualname__, *key(self)))

    methods: dict[str, Any] = {
        "__eq__": __eq__,
        "__ne__": __ne__,
        "__hash__": __hash__,
        "__repr__": _repr,
        "__setattr__": _refuse_set,
        "__delattr__": _refuse_del,
    }
    if order:

        def compare(op: Callable[[Any, Any], bool]) -> Callable[[Any, Any], Any]:
            def method(self: Any, other: Any) -> Any:
                if other.__class__ is not self.__class__:
                    return NotImplemented
                return op(key(self), key(other))

            return method

        import operator

        methods.update(__lt__=compare(operator.lt), __le__=compare(operator.le), __gt__=compare(operator.gt), __ge__=compare(operator.ge))
    for name, method in methods.items():
        if name not in body or (name == "__hash__" and body.get("__hash__") is None):
            if method not in (_repr, _refuse_set, _refuse_del):  # shared by every class
                method.__qualname__ = f"{cls.__qualname__}.{name}"
            setattr(cls, name, method)
    return cls


@overload
def frozen(maybe_cls: C, *, order: bool = False) -> C: ...
@overload
def frozen(maybe_cls: None = None, *, order: bool = False) -> Callable[[C], C]: ...  # noqa: F811
@dataclass_transform(frozen_default=True, field_specifiers=(field,))
def frozen(  # noqa: F811 - the overloads' implementation (their marker costs no import of typing)
    maybe_cls: type | None = None, *, order: bool = False
) -> Any:
    """``@frozen`` or ``@frozen(order=True)``: see the module's description.  Type checkers see
    the fields and ``__init__`` through ``dataclass_transform`` (PEP 681), as for attrs."""
    if maybe_cls is None:
        return lambda cls: _make(cls, order)
    return _make(maybe_cls, order)


def has(cls: type) -> bool:
    return isinstance(cls, type) and "__attrs_fields__" in cls.__dict__


def fields(cls: type) -> tuple[Attribute, ...]:
    """The fields of a frozen class, in order."""
    if not has(cls):
        raise TypeError(f"{cls!r} is not a frozen record class")
    return cls.__attrs_fields__  # type: ignore[attr-defined,no-any-return]


def evolve(inst: T, **changes: Any) -> T:
    """A copy of ``inst`` with some fields changed (through ``__init__``, converters and all)."""
    cls = inst.__class__
    values = {a.name: getattr(inst, a.name) for a in fields(cls)}
    for name in changes:
        if name not in values:
            raise TypeError(f"{cls.__qualname__} has no field {name!r}")
    values.update(changes)
    if cls.__dict__.get("__frozen_copyable__"):
        new = object.__new__(cls)
        new.__dict__.update(values)
        return new
    return cls(**values)


def _plain(value: Any) -> Any:
    if has(value.__class__):
        return asdict(value)
    if isinstance(value, (tuple, list, set, frozenset)):
        return value.__class__([_plain(v) for v in value])  # the collection's own type, as attrs.asdict
    if isinstance(value, dict):
        return {_plain(k): _plain(v) for k, v in value.items()}
    return value


def asdict(inst: Any) -> dict[str, Any]:
    """The fields of ``inst`` as a dict, recursively (records, lists, tuples, sets and dicts keep their type)."""
    return {a.name: _plain(getattr(inst, a.name)) for a in fields(inst.__class__)}
