"""Replay what a command printed when it runs again on unchanged inputs.

``openness compare`` or ``openness validate`` in a pre-commit hook or a CI loop runs over the
same catalog again and again; the second run of a command line prints what the first printed,
without importing the libraries or reading the catalog.  This module is the first thing the
``openness`` command runs, so it imports only what the interpreter has already loaded.

A run of a read-only command (``CACHEABLE``) records its output, its exit status and
everything the output depends on:

* **the key**: the command line, the working folder, the Python and its import path
  (``sys.path``), the environment variables that change output (``NO_COLOR``, ``COLUMNS``,
  ``LINES`` and every ``OPENNESS_*``), and the encoding of standard output and error and
  whether each is a terminal;
* **the inputs**: every file the run opened and every folder it listed, seen through an audit
  hook (PEP 578), and every path it only looked for (``probe``); every module it imported from
  outside the standard library, and the folders on the import path; the shipped data and
  package folders; and every command-line word that names a path (or does not yet).  Files
  are recorded by size, times, device and inode, sha256 and the real path they lead to;
  folders by their entries and real path.

A later run with the same key replays the output only if every input is as recorded, reached
through the same links.  A file whose size, times or inode changed, or that was modified
within two seconds of the recorded run (file times are too coarse to tell such a change
apart), is hashed again, so ``touch`` or a fresh checkout costs a hash, never a stale answer.
A run is not recorded if it wrote outside the caches' own files, was interrupted, ended in an
error (exit 1, 2, 3), or saw a file change while it ran (its times at the end differ from
those when it was opened, or are too recent to tell).  Entries carry a checksum; a damaged or
foreign one is a miss.

The entries live in ``results-v<VERSION>-py<X.Y>`` inside the cache folder (see ``openness.cache``).
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

VERSION = 2
#: Entries kept; the oldest are removed when a new one takes the count above this.
MAX_ENTRIES = 256
#: A file modified this close to (or after) the start of the recorded run is always re-hashed.
RACY_NS = 2_000_000_000
#: A file modified this close to (or after) the start of a run is not trusted to be what the run
#: read, and the run is not recorded (file times come from a clock that ticks every few ms).
SETTLE_NS = 20_000_000
#: Folders recorded by one run: more than this and the run is not recorded (replaying it would
#: list them all).
MAX_WALK = 20_000
#: Commands that only read and print.  ``new``, ``import``, ``report`` and ``badge`` write files.
CACHEABLE = frozenset({"list", "show", "score", "compare", "explain", "validate", "schema", "facts", "check", "diff", "history", "audit"})
#: Exit statuses whose output is recorded: success, and check's conditional, unknown and blocked.
RECORDED_EXITS = frozenset({0, 4, 5, 6})
_ENV = ("NO_COLOR", "COLUMNS", "LINES")
#: The audit event openness raises where it looks for a path without opening it (see
#: ``probe``); a recorded run counts each such path as an input.
PROBE = "openness.probe"
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
_MUTATING = frozenset({"os.rename", "os.remove", "os.rmdir", "os.mkdir", "os.chmod", "os.chown", "os.truncate", "os.symlink", "os.link", "os.utime", "shutil.rmtree", "shutil.copyfile"})


def probe(path: str | os.PathLike[str]) -> None:
    """Say that the outcome depends on whether ``path`` exists or what it is, though it may not
    be opened (``Path.is_file()`` and the like raise no audit event of their own)."""
    sys.audit(PROBE, os.fspath(path))


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
    return (VERSION, tuple(argv), cwd, sys.version, sys.executable, sys.prefix, tuple(sys.path), env, streams)


def _entry_path(folder: str, k: tuple[Any, ...]) -> str:
    import zlib

    # version 2: no back-references, whose use depends on reference counts, so equal keys give
    # equal bytes however many other references their strings have
    blob = marshal.dumps(k, 2)
    return os.path.join(folder, f"{zlib.crc32(blob):08x}{zlib.adler32(blob):08x}")


def _stat(path: str) -> tuple[int, int, int, int, int] | None:
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_dev, st.st_ino)


def _real(path: str, folders: dict[str, str]) -> str:
    """``os.path.realpath(path)``, remembering each folder's in ``folders``: a few hundred files
    in a few dozen folders cost a few dozen full resolutions, not a few hundred."""
    head, tail = os.path.split(path)
    if not head or tail in ("", ".", ".."):
        return os.path.realpath(path)
    real_head = folders.get(head)
    if real_head is None:
        real_head = folders[head] = os.path.realpath(head)
    full = os.path.join(real_head, tail)
    return os.path.realpath(full) if os.path.islink(full) else full


def _absolute(path: str) -> str:
    """The path from the working folder, not normalised: ``link/..`` is for the file system to
    resolve, not for string operations."""
    return path if os.path.isabs(path) else os.path.join(os.getcwd(), path)


#: A recorded file larger than this keeps the run from being recorded (it is hashed on replay).
MAX_HASHED = 64 * 1024 * 1024


def _regular(path: str, st: tuple[int, ...]) -> bool:
    import stat

    try:
        return stat.S_ISREG(os.stat(path).st_mode) and st[0] <= MAX_HASHED
    except OSError:
        return False


def _digest(path: str) -> str | None:
    import hashlib

    try:
        with open(path, "rb") as fh:
            return hashlib.sha256(fh.read()).hexdigest()
    except OSError:
        return None


def _listing(path: str) -> tuple[tuple[str, bool, bool], ...] | None:
    try:
        with os.scandir(path) as it:
            # is_dir and is_file follow links: a dangling link whose target appears is a change
            return tuple(sorted((e.name, e.is_dir(), e.is_file()) for e in it if e.name != "__pycache__"))
    except OSError:
        return None


def _well_formed(entry: Any) -> bool:
    """An entry read back has the shape written (a damaged one must not steer what is read)."""

    def stat_ok(st: Any) -> bool:
        return st is None or (isinstance(st, tuple) and len(st) == 5 and all(type(x) is int for x in st))

    try:
        return (
            isinstance(entry, dict)
            and type(entry["started"]) is int
            and all(isinstance(p, str) and isinstance(r, str) and stat_ok(st) and (d is None or isinstance(d, str)) for p, r, st, d in entry["files"])
            and all(isinstance(p, str) and isinstance(r, str) and (n is None or isinstance(n, tuple)) for p, r, n in entry["dirs"])
            and isinstance(entry["out"], bytes)
            and isinstance(entry["err"], bytes)
            and type(entry["code"]) is int
        )
    except (KeyError, TypeError, ValueError):
        return False


def unchanged(entry: dict[str, Any]) -> bool:
    """Whether every input an entry recorded is as it was: the same folder entries and the same
    file content, reached through the same links."""
    folders: dict[str, str] = {}
    for path, real, names in entry["dirs"]:
        if _listing(path) != names or _real(path, folders) != real:
            return False
    trusted_before = entry["started"] - RACY_NS
    for path, real, st, digest in entry["files"]:
        now = _stat(path)
        if (now is None) != (st is None) or _real(path, folders) != real:
            return False
        if now is None or st is None:
            continue  # still missing, and still where it was looked for
        if now == st and max(st[1], st[2]) < trusted_before:
            continue
        if _digest(path) != digest:
            return False
    return True


_MAGIC = b"openness-result\n"


def seal(entry: Any, magic: bytes = _MAGIC) -> bytes:
    """``entry`` as marshal bytes behind ``magic`` and two checksums."""
    import zlib

    payload = marshal.dumps(entry)
    return magic + zlib.crc32(payload).to_bytes(4, "big") + zlib.adler32(payload).to_bytes(4, "big") + payload


def unseal(blob: bytes, magic: bytes = _MAGIC) -> Any:
    """The entry in a file's bytes, or None if it is not one of ours or was damaged."""
    import zlib

    head = len(magic)
    if blob[:head] != magic:
        return None
    payload = blob[head + 8 :]
    if blob[head : head + 4] != zlib.crc32(payload).to_bytes(4, "big") or blob[head + 4 : head + 8] != zlib.adler32(payload).to_bytes(4, "big"):
        return None
    return marshal.loads(payload)


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
            entry = unseal(fh.read())
        if not _well_formed(entry) or entry.get("key") != k or not unchanged(entry):
            return None
        out, err, code = entry["out"], entry["err"], entry["code"]
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


def _standard_library() -> str:
    """The standard library's folder, which ``sys.version`` in the key stands for.  Not
    sysconfig's ``platstdlib``: in a virtual environment that is the folder holding
    site-packages."""
    return os.path.join(os.path.dirname(os.path.realpath(os.__file__)), "")


class Recorder:
    """Watches one run of a command and, if it qualifies, stores what it printed."""

    def __init__(self, argv: Sequence[str], home: str, k: tuple[Any, ...]) -> None:
        self.argv = list(argv)
        self.home = os.path.abspath(home)
        self.key = k
        self.started = time.time_ns()
        #: file -> its state when first opened (compared at the end: a change in between means
        #: the run may have read something else than what is there)
        self.opened: dict[str, tuple[int, ...] | None] = {}
        self.probed: set[str] = set()
        #: folder -> its state when first listed (an entry added or removed changes its times)
        self.listed: dict[str, tuple[int, ...] | None] = {}
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
            elif not path.endswith(".pyc"):
                path = _absolute(path)
                if path not in self.opened:
                    self.opened[path] = _stat(path)
        elif event == PROBE:  # openness's own: a path looked for (exists? a file?) but not opened
            self.probed.add(_absolute(os.fspath(args[0])))
        elif event in ("os.listdir", "os.scandir"):
            path = args[0]
            if isinstance(path, bytes):
                path = os.fsdecode(path)
            path = _absolute(path) if isinstance(path, str) else os.getcwd() if path is None else None
            if path is not None and path not in self.listed:
                self.listed[path] = _stat(path)
        elif event in _MUTATING:
            path = args[0] if args else None
            if not (isinstance(path, str) and self._ours(path)):
                self.wrote = True

    def _cache_file(self, path: str) -> bool:
        """Whether a path is one of the caches' own files (not anything else in their folder,
        which may be the user's: ``OPENNESS_CACHE_DIR=.``)."""
        rel = os.path.relpath(os.path.abspath(path), self.home)
        first = rel.split(os.sep, 1)[0]
        return rel == "." or first.startswith(("results-v", "documents-v")) or first == "validated-v1.json"

    def _ours(self, path: str) -> bool:
        """Whether a write goes to the caches: ours, or the import system's bytecode."""
        if self._cache_file(path):
            return True
        path = os.path.abspath(path)
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
            except Exception:  # noqa: BLE001 - the run succeeded; a record that can't be made is no record
                pass
        return code

    def _inputs(self) -> tuple[list[Any], list[Any]] | None:
        """(files, folders) as the entry records them, or None when the run can't be recorded."""
        from openness import sources

        folders: dict[str, str] = {}
        stdlib = _standard_library()

        def keep(real: str) -> bool:
            # site-packages is not the standard library, even inside its folder (a Python
            # without a virtual environment)
            in_stdlib = os.path.join(real, "").startswith(stdlib) and "site-packages" not in real and "dist-packages" not in real
            return not in_stdlib and "__pycache__" not in real and not real.endswith(".pyc") and not self._cache_file(real)

        files = set(self.opened) | self.probed
        dirs = set(self.listed)
        for module in list(sys.modules.values()):
            f = getattr(module, "__file__", None)
            if isinstance(f, str):
                files.add(_absolute(f))
        if sys.argv and sys.argv[0]:
            files.add(_absolute(sys.argv[0]))
        # where imports come from: a package added or shadowing another changes what runs
        dirs.update(_absolute(p) for p in sys.path if p)
        trees = [str(sources.shipped(kind)) for kind in ("catalog", "rubrics", "seeds")]  # small, ours
        trees.append(os.path.dirname(os.path.abspath(sources.__file__)))
        for word in self.argv[1:]:
            # a word may name a path now or later (a rubric file, a use case): its state is an
            # input; a folder the run used was listed by it, and is recorded as such
            value = word.split("=", 1)[1] if word.startswith("--") and "=" in word else word
            if value and "\0" not in value:
                files.add(_absolute(value))
        for tree in trees:
            for top, subdirs, _names in os.walk(tree):
                subdirs[:] = [d for d in subdirs if d != "__pycache__"]
                dirs.add(top)
                if len(dirs) > MAX_WALK:
                    return None
        # a folder looked for or named is recorded by its entries (one level: what the run
        # read below it, it listed or opened itself)
        named = {f for f in files if os.path.isdir(f)}
        dirs |= named
        if len(dirs) > MAX_WALK:
            return None
        settled = self.started - SETTLE_NS

        def steady(path: str, first_seen: dict[str, tuple[int, ...] | None]) -> tuple[bool, tuple[int, ...] | None]:
            """(whether the path is as the run saw it, and settled before it began; its state)"""
            st = _stat(path)
            if path in first_seen and first_seen[path] != st:
                return False, st  # changed while the command ran: opened, or listed, before
            # changed just before: the run may have read what was there before the change
            return st is None or max(st[1], st[2]) < settled, st

        file_rows = []
        for f in sorted(files - named):
            real = _real(f, folders)
            if not keep(real):
                continue
            ok, st = steady(f, self.opened)
            if not ok or (st is not None and not _regular(f, st)):
                return None  # (or a device, a pipe or a huge file: not something to hash every run)
            file_rows.append((f, real, st, _digest(f) if st is not None else None))
        dir_rows = []
        for d in sorted(dirs):
            real = _real(d, folders)
            if not keep(real):
                continue
            ok, _st = steady(d, self.listed)
            if not ok:
                return None
            dir_rows.append((d, real, _listing(d)))
        return file_rows, dir_rows

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
        write_file(target, seal(entry))
        bound(folder, MAX_ENTRIES, MAX_ENTRIES)


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


def write_file(target: str, blob: bytes) -> None:
    """Write a cache file whole or not at all: a temporary file beside it, renamed into place.
    No fsync: after a crash a torn file reads as damaged, which a cache treats as a miss."""
    tmp = f"{target}.{os.getpid()}.tmp"
    try:
        with open(tmp, "wb") as fh:
            fh.write(blob)
        os.replace(tmp, target)
    except BaseException:
        remove(tmp)
        raise


def remove(path: str) -> None:
    """Remove a file if it can be removed; a cache doesn't fail over its own leftovers."""
    try:
        os.unlink(path)
    except OSError:
        pass


def bound(folder: str, most: int, keep: int) -> None:
    """When ``folder`` holds more than ``most`` files, remove the oldest written down to ``keep``."""
    try:
        with os.scandir(folder) as it:
            files = [e for e in it if e.is_file(follow_symlinks=False)]
        if len(files) <= most:
            return
        dated = []
        for e in files:
            try:
                dated.append((e.stat(follow_symlinks=False).st_mtime_ns, e.name, e.path))
            except OSError:
                continue
        for _mtime, _name, path in sorted(dated)[: max(0, len(dated) - keep)]:
            remove(path)
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
