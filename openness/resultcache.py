"""Replay what a command printed when it runs again on unchanged inputs.

``openness compare`` or ``openness validate`` in a pre-commit hook or a CI loop runs over the
same catalog again and again; the second run of a command line prints what the first printed,
without importing the libraries or reading the catalog.  This module is the first thing the
``openness`` command runs, so it imports only what the interpreter has already loaded.

A run of a read-only command (``CACHEABLE``) records its output, its exit status and
everything the output depends on:

* **the key**: the command line, the working folder, the Python, the environment variables
  that change output (``NO_COLOR``, ``COLUMNS``, ``LINES`` and every ``OPENNESS_*``), and the
  encoding of standard output and error and whether each is a terminal;
* **the inputs**: every file the run opened and every folder it listed, seen through an audit
  hook (PEP 578); every module it imported from outside the standard library; the shipped
  data and package folders; and every command-line word that names a path (or does not yet):
  files by size, times and sha256, folders by their entries.

A later run with the same key replays the output only if every input is as recorded.  A file
whose size or times changed, or that was modified within two seconds of the recorded run
(times are too coarse to tell such a change apart), is hashed again, so ``touch`` or a fresh
checkout costs a hash, never a stale answer.  A run that wrote outside the cache folder, was
interrupted, or ended in an error (exit 1, 2, 3) is not recorded.

The entries live in ``results-v1-pyX.Y`` inside the cache folder (see ``openness.cache``).
``OPENNESS_NO_RESULT_CACHE=1`` turns this cache off; ``OPENNESS_NO_CACHE=1`` turns it off
together with the document cache.
"""

from __future__ import annotations

import marshal
import os
import sys
import time

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from typing import Any, TextIO

VERSION = 1
#: Entries kept; the oldest are removed when a new one takes the count above this.
MAX_ENTRIES = 256
#: A file modified this close to (or after) the start of the recorded run is always re-hashed.
RACY_NS = 2_000_000_000
#: A file modified this close to (or after) the start of a run is not trusted to be what the run
#: read, and the run is not recorded (file times come from a clock that ticks every few ms).
SETTLE_NS = 20_000_000
#: Folders listed by walking a command-line folder: more than this and the run is not recorded.
MAX_WALK = 20_000
#: Commands that only read and print.  ``new``, ``import``, ``report`` and ``badge`` write files.
CACHEABLE = frozenset({"list", "show", "score", "compare", "explain", "validate", "schema", "facts", "check", "diff", "history", "audit"})
#: Exit statuses whose output is recorded: success, and check's conditional, unknown and blocked.
RECORDED_EXITS = frozenset({0, 4, 5, 6})
_ENV = ("NO_COLOR", "COLUMNS", "LINES")
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
_MUTATING = frozenset({"os.rename", "os.remove", "os.rmdir", "os.mkdir", "os.chmod", "os.chown", "os.truncate", "os.symlink", "os.link", "os.utime", "shutil.rmtree", "shutil.copyfile"})


def cache_home() -> str | None:
    """The cache folder: ``$OPENNESS_CACHE_DIR``, else ``$XDG_CACHE_HOME/openness``, else
    ``~/.cache/openness``; None when ``OPENNESS_NO_CACHE`` is set."""
    if os.environ.get("OPENNESS_NO_CACHE"):
        return None
    return os.environ.get("OPENNESS_CACHE_DIR") or os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "openness")


def _folder(home: str) -> str:
    return os.path.join(home, f"results-v{VERSION}-py{sys.version_info[0]}.{sys.version_info[1]}")


def applies(argv: Sequence[str]) -> bool:
    """Whether this command line may be replayed or recorded."""
    if not argv or argv[0] not in CACHEABLE or cache_home() is None or os.environ.get("OPENNESS_NO_RESULT_CACHE"):
        return False
    for word in argv[1:]:
        if word in ("-h", "--help", "--version", "--"):
            return False
        # bulk scoring reads a stream (maybe standard input) and writes as it goes; argparse
        # takes any prefix of --input, and -iFILE
        if argv[0] == "score" and (word.startswith("--i") or word.startswith("-i")):
            return False
    return True


def _stream(stream: Any) -> tuple[Any, ...] | None:
    try:
        return (stream.encoding, stream.errors, bool(stream.isatty()))
    except (AttributeError, ValueError, OSError):
        return None


def key(argv: Sequence[str]) -> tuple[Any, ...] | None:
    """Everything outside the files that a run's output depends on; None if it can't be told."""
    streams = (_stream(sys.stdout), _stream(sys.stderr))
    if None in streams:
        return None
    try:
        cwd = os.getcwd()
    except OSError:
        return None
    env = tuple(sorted((k, v) for k, v in os.environ.items() if k.startswith("OPENNESS_") or k in _ENV))
    return (VERSION, tuple(argv), cwd, sys.version, sys.executable, sys.prefix, env, streams)


def _entry_path(folder: str, k: tuple[Any, ...]) -> str:
    import zlib

    blob = marshal.dumps(k)
    return os.path.join(folder, f"{zlib.crc32(blob):08x}{zlib.adler32(blob):08x}")


def _stat(path: str) -> tuple[int, int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def _digest(path: str) -> str | None:
    import hashlib

    try:
        with open(path, "rb") as fh:
            return hashlib.sha256(fh.read()).hexdigest()
    except OSError:
        return None


def _listing(path: str) -> tuple[tuple[str, bool], ...] | None:
    try:
        with os.scandir(path) as it:
            return tuple(sorted((e.name, e.is_dir()) for e in it if e.name != "__pycache__"))
    except OSError:
        return None


def unchanged(entry: dict[str, Any]) -> bool:
    """Whether every input an entry recorded is as it was."""
    for path, names in entry["dirs"]:
        if _listing(path) != names:
            return False
    trusted_before = entry["started"] - RACY_NS
    for path, st, digest in entry["files"]:
        now = _stat(path)
        if now is None or st is None:
            if now != st:
                return False
            continue
        if now == st and st[1] < trusted_before:
            continue
        if _digest(path) != digest:
            return False
    return True


def replay(argv: Sequence[str]) -> int | None:
    """Print the recorded output of this command line and return its exit status, or None
    when there is no usable record (then the command must run)."""
    if not applies(argv):
        return None
    home = cache_home()
    k = key(argv)
    if home is None or k is None:
        return None
    try:
        with open(_entry_path(_folder(home), k), "rb") as fh:
            entry = marshal.load(fh)
        if entry["key"] != k or not unchanged(entry):
            return None
        out, err, code = entry["out"], entry["err"], entry["code"]
        if not (isinstance(out, bytes) and isinstance(err, bytes) and isinstance(code, int)):
            return None
    except (OSError, ValueError, EOFError, TypeError, KeyError, IndexError):
        return None
    if out:
        sys.stdout.buffer.write(out)
        sys.stdout.buffer.flush()
    if err:
        sys.stderr.buffer.write(err)
        sys.stderr.buffer.flush()
    return code


class _Tee:
    """Passes writes through to a stream and keeps a copy; a terminal stays a terminal."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.parts: list[str] = []

    def write(self, text: str) -> int:
        self.parts.append(text)
        return self.stream.write(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


def _stdlib_dir() -> str:
    """The standard library's folder (``sys.version``, in the key, stands for its content).
    Not sysconfig's ``platstdlib``: in a virtual environment that is the folder holding
    site-packages."""
    return os.path.join(os.path.dirname(os.path.realpath(os.__file__)), "")


class Recorder:
    """Watches one run of a command and, if it qualifies, stores what it printed."""

    def __init__(self, argv: Sequence[str], home: str, k: tuple[Any, ...]) -> None:
        self.argv = list(argv)
        self.home = os.path.abspath(home)
        self.key = k
        self.started = time.time_ns()
        self.opened: list[str] = []
        self.listed: list[str] = []
        self.wrote = False

    def _hook(self, event: str, args: tuple[Any, ...]) -> None:
        if event == "open":
            path, mode, flags = args
            if isinstance(path, bytes):
                path = os.fsdecode(path)
            if not isinstance(path, str):
                return  # an open file descriptor: its opening was seen already
            writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (mode is None and isinstance(flags, int) and flags & _WRITE_FLAGS)
            if writing:
                if not self._ours(path):
                    self.wrote = True
            else:
                self.opened.append(path)
        elif event in ("os.listdir", "os.scandir"):
            path = args[0]
            if isinstance(path, str):
                self.listed.append(path)
            elif path is None:
                self.listed.append(".")
        elif event in _MUTATING:
            path = args[0] if args else None
            if not (isinstance(path, str) and self._ours(path)):
                self.wrote = True

    def _ours(self, path: str) -> bool:
        """Whether a write goes to the caches: ours, or the import system's bytecode."""
        path = os.path.abspath(path)
        if path == self.home or path.startswith(os.path.join(self.home, "")):
            return True
        if "__pycache__" in path or ".pyc" in os.path.basename(path):
            return True
        prefix = sys.pycache_prefix
        return prefix is not None and path.startswith(os.path.join(os.path.abspath(prefix), ""))

    def run(self, command: Callable[[Any, Any], int]) -> int:
        """Run ``command(out, err)`` with the streams watched; store the result if it qualifies."""
        global _WATCHING
        out, err = _Tee(sys.stdout), _Tee(sys.stderr)
        _install()
        _WATCHING = self
        try:
            code = command(out, err)
        finally:
            _WATCHING = None
        if code in RECORDED_EXITS and not self.wrote:
            try:
                self._store(code, "".join(out.parts), "".join(err.parts))
            except (OSError, ValueError, UnicodeError):
                pass  # a cache that can't be written is no cache: the run itself succeeded
        return code

    def _inputs(self) -> tuple[list[Any], list[Any]] | None:
        from openness import sources

        skip = (_stdlib_dir(), os.path.join(self.home, ""))

        def keep(path: str) -> bool:  # bytecode is the import system's cache of files kept here
            return not path.startswith(skip) and "__pycache__" not in path and not path.endswith(".pyc")

        files = {os.path.abspath(p) for p in self.opened}
        dirs = {os.path.abspath(p) for p in self.listed}
        for module in list(sys.modules.values()):
            f = getattr(module, "__file__", None)
            if isinstance(f, str):
                files.add(os.path.abspath(f))
        if sys.argv and sys.argv[0]:
            files.add(os.path.abspath(sys.argv[0]))
        trees = [str(sources.shipped(kind)) for kind in ("catalog", "rubrics", "seeds")]
        trees.append(os.path.dirname(os.path.abspath(sources.__file__)))
        for word in self.argv[1:]:
            value = word.split("=", 1)[1] if word.startswith("--") and "=" in word else word
            if not value or "\0" in value:
                continue
            if os.path.isdir(value):
                trees.append(value)
            else:
                files.add(os.path.abspath(value))  # a file, or a name that may become one
        for tree in trees:
            for top, subdirs, _names in os.walk(tree):
                subdirs[:] = [d for d in subdirs if d != "__pycache__"]
                dirs.add(os.path.abspath(top))
                if len(dirs) > MAX_WALK:
                    return None
        files = {f for f in files if keep(os.path.realpath(f)) and not os.path.isdir(f)}
        dirs = {d for d in dirs if keep(os.path.join(os.path.realpath(d), ""))}
        file_rows = []
        for f in sorted(files):
            st = _stat(f)
            if st is not None and st[1] >= self.started - SETTLE_NS:
                return None  # changed while the command ran: what it read may not be what is there
            file_rows.append((f, st, _digest(f) if st is not None else None))
        return file_rows, [(d, _listing(d)) for d in sorted(dirs)]

    def _store(self, code: int, out: str, err: str) -> None:
        inputs = self._inputs()
        if inputs is None:
            return
        files, dirs = inputs
        out_b = out.encode(sys.stdout.encoding or "utf-8", sys.stdout.errors or "strict")
        err_b = err.encode(sys.stderr.encoding or "utf-8", sys.stderr.errors or "strict")
        entry = {"key": self.key, "started": self.started, "files": files, "dirs": dirs, "code": code, "out": out_b, "err": err_b}
        folder = _folder(self.home)
        os.makedirs(folder, exist_ok=True)
        target = _entry_path(folder, self.key)
        tmp = f"{target}.{os.getpid()}.tmp"
        with open(tmp, "wb") as fh:
            marshal.dump(entry, fh)
        os.replace(tmp, target)
        _prune(folder)


_WATCHING: Recorder | None = None
_INSTALLED = False


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if _WATCHING is not None:
        _WATCHING._hook(event, args)


def _install() -> None:
    """One audit hook for the process (hooks can't be removed), passing events to the recorder
    at work, if any."""
    global _INSTALLED
    if not _INSTALLED:
        sys.addaudithook(_audit)
        _INSTALLED = True


def _prune(folder: str) -> None:
    with os.scandir(folder) as it:
        entries = [(e.stat().st_mtime_ns, e.path) for e in it if e.is_file()]
    if len(entries) <= MAX_ENTRIES:
        return
    for _mtime, path in sorted(entries)[: len(entries) - MAX_ENTRIES]:
        try:
            os.remove(path)
        except OSError:
            pass


def recorder(argv: Sequence[str]) -> Recorder | None:
    """A recorder for this command line, or None when its output is not to be kept."""
    if not applies(argv):
        return None
    home, k = cache_home(), key(argv)
    if home is None or k is None:
        return None
    return Recorder(argv, home, k)
