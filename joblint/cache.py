"""Results of files already linted, kept between runs so that an unchanged file is not read again
by the parser, the model or the rules (ruff and black keep such a cache too).

A result is reused only when everything it was computed from is the same: the file's path and
exact bytes (a content hash, not a modification time), joblint's own code (sizes and mtimes of
the package's files, so an upgrade or a local edit starts afresh), the Python and the libraries
that parse and model manifests, the rule catalogue, the configuration, the selection and the
limits. Cross-document rules and suppressions are not cached: they run on every run over the
cached per-file results.

The store is one SQLite file in the user's cache directory, never in the project: results are
pickled, so only a directory and file of the user's own that other users cannot write are used.
Entries expire a month after they were written. Any problem with the store (read-only home,
another run holding the lock, a damaged file) costs speed, never a result: the run goes on as if
there were no cache.
"""

from __future__ import annotations

import hashlib
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

from . import __version__

if TYPE_CHECKING:
    import sqlite3

PACKAGE_DIR = Path(__file__).resolve().parent
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS results "
    "(scope TEXT, path TEXT, digest BLOB, result BLOB, written INTEGER, PRIMARY KEY (scope, path))"
)
# An entry is dropped this long after it was written (an unchanged file is then linted once
# more), so results of deleted files and of settings no longer used do not pile up.
EXPIRY_SECONDS = 30 * 86_400


def cache_dir() -> Path | None:
    """Where joblint keeps what it can recompute: JOBLINT_CACHE_DIR, else the XDG cache home;
    None when there is no home directory (a container user with no passwd entry)."""
    if os.environ.get("JOBLINT_CACHE_DIR"):
        return Path(os.environ["JOBLINT_CACHE_DIR"])
    if os.environ.get("XDG_CACHE_HOME"):
        return Path(os.environ["XDG_CACHE_HOME"]) / "joblint"
    try:
        return Path.home() / ".cache" / "joblint"
    except RuntimeError:
        return None


def disabled_by_environment() -> bool:
    return os.environ.get("JOBLINT_NO_CACHE", "") not in ("", "0")


# Libraries whose behaviour is part of a result (parsing, model, JSONPath, time zones).
DEPENDENCIES = ("pydantic", "pydantic_core", "yaml", "yaml._yaml", "ruamel.yaml", "_ruamel_yaml", "jsonpath_ng", "tzdata")


def code_fingerprint() -> str:
    """joblint's code and data, the Python and the libraries that shape a result, as installed:
    an edit, an upgrade or another environment gives a new fingerprint."""
    import importlib.util

    digest = hashlib.blake2b(f"{__version__}|{sys.version}".encode(), digest_size=12)
    for name in DEPENDENCIES:
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            spec = None
        origin = spec.origin if spec is not None else None
        digest.update(file_stamp(origin) if origin and os.path.isfile(origin) else f"{name}|absent\n".encode())
    for root, dirs, files in os.walk(PACKAGE_DIR):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith((".py", ".json")):
                digest.update(file_stamp(os.path.join(root, name)))
    return digest.hexdigest()


def file_stamp(path: str | Path) -> bytes:
    """What tells a file's versions apart cheaply: its path, size and modification time."""
    st = os.stat(path)
    return f"{path}|{st.st_size}|{st.st_mtime_ns}\n".encode()


def content_digest(raw: bytes) -> bytes:
    return hashlib.blake2b(raw, digest_size=16).digest()


class ResultCache:
    """Per-file lint results for one set of settings (`scope`)."""

    def __init__(self, connection: sqlite3.Connection, scope: str) -> None:
        self._db = connection
        self.scope = scope
        self._expired = False

    @classmethod
    def open(cls, settings: Iterable[Any], directory: Path | None = None) -> ResultCache | None:
        """The cache for these settings, or None when there can be none (the reason is not the
        user's problem: linting goes on without)."""
        import sqlite3

        where = directory or cache_dir()
        if where is None:
            return None
        code = code_fingerprint()
        scope = hashlib.blake2b(repr(tuple(settings)).encode(), digest_size=16).hexdigest()
        path = where / f"results-{code}.sqlite3"
        for attempt in (1, 2):
            try:
                return cls(_connect(where, path), scope)
            except sqlite3.DatabaseError:  # not a database (any more): start it afresh, once
                if attempt == 2 or not _discard(where, path):
                    break
            except (OSError, sqlite3.Error):
                break
        return None

    def get(self, path: str, digest: bytes) -> bytes | None:
        """The pickled FileResult kept for this path with these bytes, if any."""
        import sqlite3

        try:
            row = self._db.execute(
                "SELECT digest, result FROM results WHERE scope = ? AND path = ?", (self.scope, path)
            ).fetchone()
        except sqlite3.Error:
            return None
        if row is None or row[0] != digest or not isinstance(row[1], bytes):
            return None
        return row[1]

    def keep(self, fresh: list[tuple[str, bytes, bytes]]) -> None:
        """Store (path, content digest, pickled FileResult) entries, in one transaction; a run
        keeps its results in batches as they arrive (expired entries go with the first)."""
        import sqlite3

        if not fresh:
            return
        now = int(time.time())
        try:
            self._db.execute("BEGIN")
            if not self._expired:
                self._db.execute("DELETE FROM results WHERE written < ?", (now - EXPIRY_SECONDS,))
                self._expired = True
            self._db.executemany(
                "INSERT OR REPLACE INTO results VALUES (?, ?, ?, ?, ?)",
                [(self.scope, p, d, blob, now) for p, d, blob in fresh],
            )
            self._db.execute("COMMIT")
        except sqlite3.Error:
            pass  # another run holds the lock, or the disk is full: these results are not kept

    def close(self) -> None:
        self._db.close()


def _connect(where: Path, path: Path) -> sqlite3.Connection:
    import sqlite3

    make_cache_dir(where)
    if not _private(where):
        raise PermissionError(f"{where} can be written by other users")
    if not path.exists():
        _remove_stale(where, path.name)
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))  # an empty file is an empty database
    if not _private(path):
        raise PermissionError(f"{path} can be written by other users")
    connection = sqlite3.connect(path, timeout=0.5, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        connection.execute(_SCHEMA)
    except BaseException:
        connection.close()
        raise
    return connection


def _discard(where: Path, path: Path) -> bool:
    try:
        for damaged in where.glob(path.name + "*"):
            damaged.unlink()
    except OSError:
        return False
    return True


def make_cache_dir(where: Path) -> None:
    where.mkdir(mode=0o700, parents=True, exist_ok=True)


def _private(path: Path) -> bool:
    """Cached results are unpickled, so only a file and directory of the user's own that other
    users cannot write are trusted; anywhere else the run goes on without the cache."""
    if not hasattr(os, "geteuid"):
        return True  # pragma: no cover - Windows: the user's profile directory is private
    st = path.stat()
    return st.st_uid == os.geteuid() and not st.st_mode & 0o002


def _remove_stale(directory: Path, keep: str) -> None:
    """Results of other joblint code can never be used again. Another installation sharing the
    directory may still be using its own file, so only files left alone for a day go."""
    horizon = time.time() - 86_400
    for old in directory.glob("results-*.sqlite3*"):
        try:
            if not old.name.startswith(keep) and old.stat().st_mtime < horizon:
                old.unlink()
        except OSError:
            pass

