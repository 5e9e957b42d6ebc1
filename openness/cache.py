"""A cache of documents that validated clean, so a repeated run skips parsing and schema checks.

The cache may make a run faster; it must never make an answer different, hang a run, or show
one user's data to another.  So:

* **Private.**  The cache folder is used only if it is a real folder owned by the user running
  openness and nobody else may write to it (a folder that others may read is made private with
  ``chmod 700`` first).  A folder owned by someone else, or writable by the group or by others,
  is not used at all: nothing is read from it and nothing written to it.  Every file in it is
  created ``0600``.
* **Sealed with a key.**  Each entry carries an HMAC-SHA256 of its content under a random key
  kept in the cache folder (``key``, 32 bytes, ``0600``), made on first use.  Without that key
  nobody can make an entry that reads as valid; a damaged, foreign or forged entry is a miss.
* **Regular files only.**  An entry (and the key) is opened with ``O_NOFOLLOW | O_NONBLOCK`` and
  checked with ``fstat`` before anything is read: a link, a FIFO, a device, a folder, a file
  owned by someone else or readable by others is a miss, never a hang.  The folder itself is
  opened once and every entry is reached relative to that open folder, so swapping a folder
  behind the check changes nothing.

An entry is keyed by everything its verdict depends on: the file's bytes, its name, its kind,
the schema of that kind, the openness version and the checking code; and it records the local
evidence files (``seeds/…``) whose quotes were checked, with their hashes, which are re-checked
on every hit.  Only clean documents are cached, so every finding is always computed afresh.

Each entry is one small file, ``documents-v<CACHE_VERSION>/<key>.<python>-m<marshal version>.marshal``
(``marshal`` because it is built in and fast, and read only after its seal is verified; its
format is specific to the Python version, hence the name), so a run reads only the entries it
asks for.  The folder is kept to :data:`MAX_ENTRIES` files, the oldest written going first.

**Who uses it.**  The ``openness`` command uses the cache in ``$OPENNESS_CACHE_DIR``, else
``$XDG_CACHE_HOME/openness``, else ``~/.cache/openness``.  Library calls
(``openness.load_catalog()`` …) write nothing unless asked: they use the cache only when
``OPENNESS_CACHE_DIR`` names a folder, or after :func:`enable`.  ``OPENNESS_NO_CACHE=1`` turns
it off for both.  Any problem with the cache (unwritable, foreign, damaged) silently falls back
to a full load.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import stat
import sys
from functools import cache
from pathlib import Path

from openness import sources

TYPE_CHECKING = False  # typing's own flag, without importing typing at run time
if TYPE_CHECKING:
    from typing import Any

CACHE_VERSION = "5"
#: The folder (inside the cache directory) that holds one file per entry.
FOLDER = f"documents-v{CACHE_VERSION}"
#: What an entry file starts with, before its seal.
MAGIC = b"openness-document\n"
#: How entry files end: marshal's format is specific to the Python version.
SUFFIX = f".{sys.implementation.name}-{sys.version_info[0]}.{sys.version_info[1]}-m{marshal.version}.marshal"
#: At most this many files are kept in :data:`FOLDER`: a save that goes over removes the oldest,
#: down to nine tenths of it (so that the next few saves need not look at every file's age).
MAX_ENTRIES = 4000
#: The file (in the cache directory) holding the key that seals entries.
KEY_FILE = "key"
KEY_BYTES = 32
#: An entry file larger than this is not read (a document is at most a few MB).
MAX_ENTRY_BYTES = 64 * 1024 * 1024
#: The single-file cache of openness before entries had a file each; removed when found.
LEGACY_FILE = "validated-v1.json"

_O_DIR = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0)
_O_READ = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
_O_NEW = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)

_ENABLED = False


def enable(on: bool = True) -> None:
    """Let this process use the cache in its default place (the ``openness`` command does)."""
    global _ENABLED
    _ENABLED = on


def cache_home() -> str | None:
    """The cache folder: ``$OPENNESS_CACHE_DIR``, else (for the command, or after :func:`enable`)
    ``$XDG_CACHE_HOME/openness``, else ``~/.cache/openness``; None when ``OPENNESS_NO_CACHE``
    is set, or for a library call that did not ask for a cache."""
    if os.environ.get("OPENNESS_NO_CACHE"):
        return None
    named = os.environ.get("OPENNESS_CACHE_DIR")
    if named:
        return named
    if not _ENABLED:
        return None
    return os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "openness")


def directory() -> Path | None:
    """The cache folder, or None when caching is off."""
    base = cache_home()
    return None if base is None else Path(base)


def _private(st: os.stat_result, kind: int) -> bool:
    """Whether a file of this ``fstat`` is of the kind wanted, ours, and closed to others' writes."""
    return stat.S_IFMT(st.st_mode) == kind and st.st_uid == os.geteuid() and not st.st_mode & 0o022


def _open_folder(path: str, dir_fd: int | None = None, create: bool = False) -> int | None:
    """An open descriptor of a private folder (made ``0700`` when missing and ``create``), or None."""
    flags = _O_DIR | (getattr(os, "O_NOFOLLOW", 0) if dir_fd is not None else 0)
    for attempt in (0, 1):
        try:
            fd = os.open(path, flags, dir_fd=dir_fd)
        except FileNotFoundError:
            if not create or attempt:
                return None
            try:
                if dir_fd is None:
                    os.makedirs(path, mode=0o700, exist_ok=True)
                else:
                    os.mkdir(path, 0o700, dir_fd=dir_fd)
            except FileExistsError:
                pass
            except OSError:
                return None
            continue
        except OSError:
            return None
        try:
            st = os.fstat(fd)
            if not _private(st, stat.S_IFDIR):
                os.close(fd)
                return None
            if st.st_mode & 0o077:  # ours, but others may read it: make it private first
                os.fchmod(fd, 0o700)
            return fd
        except OSError:
            os.close(fd)
            return None
    return None


def _read_private(name: str, dir_fd: int, most: int) -> bytes | None:
    """The bytes of a regular file of ours, closed to others, in an open folder; None otherwise.
    Links are not followed and a FIFO or device is never read (nor waited on)."""
    try:
        fd = os.open(name, _O_READ, dir_fd=dir_fd)
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not _private(st, stat.S_IFREG) or st.st_mode & 0o077 or st.st_size > most:
            return None
        from openness.files import read_fd

        blob = read_fd(fd, st.st_size + 1)
        return blob if len(blob) <= most else None
    except OSError:
        return None
    finally:
        os.close(fd)


def _write_private(name: str, dir_fd: int, blob: bytes, replace: bool = True) -> bool:
    """Write a ``0600`` file whole or not at all (a temporary file, then one rename, or a link when
    an existing file must not be replaced).  No fsync: after a crash a torn file fails its seal."""
    tmp = f".{name}.{os.getpid()}.tmp"
    try:
        fd = os.open(tmp, _O_NEW, 0o600, dir_fd=dir_fd)
    except OSError:
        return False
    try:
        try:
            view = memoryview(blob)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)
        if replace:
            os.replace(tmp, name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
        else:
            os.link(tmp, name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd, follow_symlinks=False)
        return True
    except OSError:
        return False
    finally:
        _remove(tmp, dir_fd)


def _remove(name: str, dir_fd: int) -> None:
    try:
        os.unlink(name, dir_fd=dir_fd)
    except OSError:
        pass


def _key(home_fd: int) -> bytes | None:
    """The sealing key of this cache folder, made on first use; None if it is not usable."""
    for _ in range(2):
        blob = _read_private(KEY_FILE, home_fd, KEY_BYTES)
        if blob is not None:
            return blob if len(blob) == KEY_BYTES else None
        try:
            os.lstat(KEY_FILE, dir_fd=home_fd)
            return None  # there, but not a private regular file of ours: no cache
        except FileNotFoundError:
            pass
        except OSError:
            return None
        # made whole, then linked into place: a concurrent run reads one key or the other's, whole
        _write_private(KEY_FILE, home_fd, os.urandom(KEY_BYTES), replace=False)
    return None


def seal(entry: Any, secret: bytes, magic: bytes = MAGIC) -> bytes:
    """``entry`` as marshal bytes behind ``magic`` and their HMAC-SHA256 under ``secret``."""
    payload = marshal.dumps(entry)
    import hmac

    return magic + hmac.new(secret, payload, hashlib.sha256).digest() + payload


def unseal(blob: bytes, secret: bytes, magic: bytes = MAGIC) -> Any:
    """The entry in a file's bytes, or None if it is not one sealed with ``secret`` (damaged,
    foreign, forged).  Nothing is unmarshalled before the seal is checked."""
    head = len(magic)
    if blob[:head] != magic or len(blob) < head + 32:
        return None
    payload = blob[head + 32 :]
    import hmac

    if not hmac.compare_digest(blob[head : head + 32], hmac.new(secret, payload, hashlib.sha256).digest()):
        return None
    try:
        return marshal.loads(payload)
    except (ValueError, EOFError, TypeError):  # pragma: no cover - sealed by us, so well formed
        return None


def _bound(dir_fd: int, most: int, keep: int) -> None:
    """When the folder holds more than ``most`` files, remove the oldest written down to ``keep``."""
    try:
        with os.scandir(dir_fd) as it:
            files = [e for e in it if e.is_file(follow_symlinks=False)]
        if len(files) <= most:
            return
        dated = []
        for e in files:
            try:
                dated.append((e.stat(follow_symlinks=False).st_mtime_ns, e.name))
            except OSError:
                continue
        for _mtime, name in sorted(dated)[: max(0, len(dated) - keep)]:
            _remove(name, dir_fd)
    except OSError:
        pass


@cache
def _schema_digest(kind: str) -> str:
    try:
        from openness import schemas

        return hashlib.sha256(schemas.path(kind).read_bytes()).hexdigest()
    except OSError:
        return "none"


#: The modules whose code decides whether a document is clean: a change to any of them
#: (an edit in a checkout, a new install) changes every key.
_CHECKERS = ("files", "yamlio", "validation", "validator", "checks", "catalog", "rubric", "vocabulary", "sources", "records", "usecase", "errors", "cache")
#: The libraries that parse and check (import name, distribution name): another version of
#: either changes every key too.
_LIBRARIES = (("yaml", "pyyaml"), ("jsonschema", "jsonschema"))


def _library_version(name: str, dist: str) -> str:
    """The distribution folder (``PyYAML-6.0.2.dist-info``) beside the first ``name`` on the
    import path, found without importing it; ``-`` when there is none."""
    for entry in sys.path:
        folder = entry or "."
        if os.path.isdir(os.path.join(folder, name)):
            try:
                found = sorted(n for n in os.listdir(folder) if n.lower().startswith(dist + "-") and n.endswith((".dist-info", ".egg-info")))
            except OSError:
                found = []
            return f"{os.path.abspath(folder) if not found else ''}{','.join(found)}"
    return "-"


@cache
def _code_digest() -> str:
    """The checking code by content (so the digest is the same in a checkout, a wheel and an
    installation of it), and the versions of the libraries it uses."""
    here = os.path.dirname(os.path.abspath(__file__))
    h = hashlib.sha256()
    for name in _CHECKERS:
        try:
            with open(os.path.join(here, f"{name}.py"), "rb") as fh:
                h.update(f"{name}:".encode() + hashlib.sha256(fh.read()).digest())
        except OSError:
            h.update(f"{name}:-;".encode())
    for name, dist in _LIBRARIES:
        h.update(f"{name}:{_library_version(name, dist)};".encode("utf-8", "surrogateescape"))
    return h.hexdigest()


def key(raw: bytes, name: str, kind: str) -> str:
    from openness import __version__

    h = hashlib.sha256()
    for part in (CACHE_VERSION, __version__, _code_digest(), kind, _schema_digest(kind), name):
        h.update(part.encode("utf-8", "surrogateescape") + b"\0")
    h.update(raw)
    return h.hexdigest()


#: The sha256 of a file, memoised while its size and modification time stay the same.
file_digest = sources.while_unchanged(lambda p: hashlib.sha256(p.read_bytes()).hexdigest(), maxsize=512)

_SCALARS = (str, int, float, bool, type(None))


def plain(value: Any) -> bool:
    """Whether ``value`` is made of plain JSON-like values only (dict with string keys, list,
    str, int, float, bool, None): what a YAML document loads as, and what is cached."""
    kind = type(value)
    if kind in _SCALARS:
        return True
    if kind is list:
        return all(plain(v) for v in value)
    if kind is dict:
        return all(type(k) is str and plain(v) for k, v in value.items())
    return False


def _entry(k: str, loaded: Any) -> dict[str, Any] | None:
    """The entry read from a file, or None if it does not have the shape :meth:`Store.put` gives."""
    if type(loaded) is not dict or loaded.get("key") != k or type(loaded.get("kind")) is not str or "data" not in loaded:
        return None
    deps = loaded.get("deps")
    if type(deps) is not dict or not all(type(d) is str and type(h) is str for d, h in deps.items()):
        return None
    if not plain(loaded["data"]):
        return None
    return loaded


class Store:
    """The entries of one run: each read from its own file when asked for, new ones written by :meth:`save`."""

    def __init__(self) -> None:
        #: ``OPENNESS_NO_CACHE``: no cache and no snapshot; every file is parsed and checked.
        self.off = bool(os.environ.get("OPENNESS_NO_CACHE"))
        self.dir = directory()
        self.folder = None if self.dir is None else self.dir / FOLDER
        #: Entries added by :meth:`put` and not yet written.
        self.pending: dict[str, dict[str, Any]] = {}
        self._opened = False
        self._home_fd: int | None = None
        self._fd: int | None = None
        self._secret: bytes | None = None
        self.settings: tuple[Any, ...] = ()

    def path(self, k: str) -> Path:
        assert self.folder is not None
        return self.folder / (k + SUFFIX)

    def _open(self, create: bool) -> int | None:
        """The open entry folder (and the key), if the cache folder is private; None otherwise.
        Opened once per run; a folder that can't be used is never looked at again in the run."""
        if self._fd is not None:
            return self._fd
        if self.dir is None or (self._opened and not create):
            return None
        self._opened = True
        home = _open_folder(str(self.dir), create=create)
        if home is None:
            return None
        secret = _key(home) if create else _read_private(KEY_FILE, home, KEY_BYTES)
        fd = _open_folder(FOLDER, home, create=create) if secret is not None and len(secret) == KEY_BYTES else None
        if fd is None:
            os.close(home)
            return None
        self._home_fd, self._fd, self._secret = home, fd, secret
        return fd

    def close(self) -> None:
        for fd in (self._fd, self._home_fd):
            if fd is not None:
                try:
                    os.close(fd)
                except OSError:
                    pass
        self._fd = self._home_fd = None
        self._opened = False

    def __del__(self) -> None:  # pragma: no cover - at exit
        try:
            self.close()
        except Exception:
            pass

    def read_sealed(self, name: str, magic: bytes) -> Any:
        """What :meth:`write_sealed` stored under ``name`` (sealed under ``magic``, so that no
        other kind of entry is taken for it); None when there is none or it is not ours."""
        if self.off:
            return None
        fd = self._open(create=False)
        if fd is None or self._secret is None:
            return None
        blob = _read_private(name, fd, MAX_ENTRY_BYTES)
        return None if blob is None else unseal(blob, self._secret, magic)

    def write_sealed(self, name: str, magic: bytes, value: Any) -> None:
        """Store plain data under ``name``, sealed as the document entries are; any problem
        leaves the cache as it is."""
        if self.off or self.folder is None or not plain(value):
            return
        fd = self._open(create=True)
        if fd is None or self._secret is None:
            return
        if _write_private(name, fd, seal(value, self._secret, magic)):
            _bound(fd, MAX_ENTRIES, MAX_ENTRIES - MAX_ENTRIES // 10)

    def _read(self, k: str) -> dict[str, Any] | None:
        fd = self._open(create=False)
        if fd is None or self._secret is None:
            return None
        blob = _read_private(k + SUFFIX, fd, MAX_ENTRY_BYTES)
        return None if blob is None else _entry(k, unseal(blob, self._secret))

    def get(self, k: str) -> Any:
        """The entry for key ``k`` (``kind``, ``data``, ``deps``), or None: not cached, unreadable,
        or one of the local evidence files it records has changed since."""
        if self.off:
            return None
        entry = self.pending.get(k) or _snapshot().get(k) or self._read(k)
        if entry is None:
            return None
        for dep, digest in entry["deps"].items():
            if file_digest(dep) != digest:
                return None
        return entry

    def put(self, k: str, kind: str, data: Any, deps: list[Path], sources: dict[str, str] | None = None) -> None:
        """Stage an entry: its data, the local evidence files it depends on (re-hashed on every
        hit) and how each cited source resolved (which the caller re-checks, knowing the roots)."""
        if self.folder is None or not plain(data):
            return
        self.pending[k] = {
            "key": k,
            "kind": kind,
            "data": data,
            "deps": {str(p): file_digest(str(p)) for p in sorted(set(deps))},
            "sources": dict(sources or {}),
        }

    def save(self) -> None:
        """Write the new entries, each to a temporary file renamed into place; then keep the
        folder to :data:`MAX_ENTRIES` files.  Any problem leaves the cache as it is."""
        if self.folder is None or not self.pending:
            return
        fd = self._open(create=True)
        if fd is None or self._secret is None:
            return
        wrote = False
        for k in list(self.pending):
            entry = self.pending[k]
            try:
                blob = seal(entry, self._secret)
            except ValueError:  # pragma: no cover - put() keeps only plain values
                del self.pending[k]
                continue
            if not _write_private(k + SUFFIX, fd, blob):
                return  # unwritable: the rest stays pending, still a hit for this run
            del self.pending[k]
            wrote = True
        if wrote:
            _bound(fd, MAX_ENTRIES, MAX_ENTRIES - MAX_ENTRIES // 10)
            if self._home_fd is not None:
                _remove(LEGACY_FILE, self._home_fd)


def _snapshot() -> Any:
    """The package snapshot's entries (a mapping with ``get``)."""
    from openness import snapshot

    return snapshot.entries()


def image(allowed: tuple[Path, ...]) -> list[tuple[str, str, Any]] | None:
    """The shipped catalog's records from the package snapshot, when they were built from the
    files, code and evidence there are now (see :func:`openness.snapshot.catalog_image`); None
    when the cache is off or they were not."""
    if store().off:
        return None
    from openness import snapshot

    return snapshot.catalog_image(allowed)


_STORE: Store | None = None


def _settings() -> tuple[Any, ...]:
    """What decides where the cache is and whether it is used."""
    env = os.environ
    return (_ENABLED, env.get("OPENNESS_NO_CACHE"), env.get("OPENNESS_CACHE_DIR"), env.get("XDG_CACHE_HOME"), env.get("HOME"))


def store() -> Store:
    """The process-wide store (made anew when the cache settings change)."""
    global _STORE
    settings = _settings()
    if _STORE is None or _STORE.settings != settings:
        if _STORE is not None:
            _STORE.close()
        _STORE = Store()
        _STORE.settings = settings
    return _STORE
