"""Persistent SQLite (WAL) caches: translations (a sentence is never translated twice) and pages."""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import threading
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

from summarizer.errors import SummarizerError

log = logging.getLogger(__name__)


class CacheError(SummarizerError):
    """A cache file that cannot be written (a full disk, say): its path and the real error."""


SCHEMA = """
CREATE TABLE IF NOT EXISTS translations (
    model TEXT NOT NULL,
    src TEXT NOT NULL,
    text TEXT NOT NULL,
    output TEXT NOT NULL,
    status TEXT NOT NULL,
    created REAL NOT NULL,
    PRIMARY KEY (model, src, text)
) WITHOUT ROWID;
"""


class SqliteStore:
    """A SQLite file in WAL mode, safe for several processes at once (busy timeout); a corrupt
    file is moved aside and rebuilt with a warning, never a failed run."""

    schema = ""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._conn = self._open_waiting()
        except sqlite3.OperationalError:
            raise
        except sqlite3.DatabaseError as exc:  # "file is not a database", "malformed": corrupt
            aside = path.with_name(f"{path.name}.corrupt-{int(time.time())}")
            log.warning("cache %s is unreadable (%s): moved to %s, starting afresh",
                        path, exc, aside)  # fmt: skip
            path.rename(aside)
            for suffix in ("-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            self._conn = self._open_waiting()
        self.hits = 0
        self.misses = 0

    def _open_waiting(self, wait: float = 60.0) -> sqlite3.Connection:
        """`_open`, waiting while another process holds the file: switching a new file to WAL
        can report "database is locked" at once, whatever the busy timeout. A locked file is
        busy, not corrupt, and must never be moved aside."""
        deadline = time.monotonic() + wait
        while True:
            try:
                return self._open()
            except sqlite3.OperationalError as exc:
                busy = "locked" in str(exc) or "busy" in str(exc)
                if not busy or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def _open(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=60, isolation_level=None, check_same_thread=False)
        try:
            conn.execute("PRAGMA busy_timeout=60000")
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.executescript(self.schema)
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except BaseException:
            conn.close()
            raise
        return conn

    def _write_many(self, sql: str, rows: Sequence[tuple[object, ...]]) -> None:
        """Run `sql` for every row in one transaction: all of them are stored, or none."""
        if not rows:
            return
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                self._conn.executemany(sql, rows)
                self._conn.execute("COMMIT")
            except BaseException as exc:
                # SQLite may have rolled back already (a full disk does): the real error is `exc`,
                # not the "no transaction is active" of a second rollback.
                with contextlib.suppress(sqlite3.Error):
                    self._conn.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error):
                    raise CacheError(f"cache {self.path} could not be written: {exc}") from exc
                raise

    def close(self) -> None:
        with self._lock:
            self._conn.close()


class TranslationCache(SqliteStore):
    """(model id @ weights fingerprint, source language, normalised sentence) → translation."""

    schema = SCHEMA

    def get_many(self, model: str, src: str, texts: Sequence[str]) -> dict[str, tuple[str, str]]:
        """Cached (output, status) for those of `texts` that are known."""
        found: dict[str, tuple[str, str]] = {}
        unique = list(dict.fromkeys(texts))
        with self._lock:
            for start in range(0, len(unique), 500):
                chunk = unique[start : start + 500]
                marks = ",".join("?" * len(chunk))
                rows = self._conn.execute(
                    f"SELECT text, output, status FROM translations "
                    f"WHERE model=? AND src=? AND text IN ({marks})",
                    (model, src, *chunk),
                ).fetchall()
                found.update({t: (o, s) for t, o, s in rows})
        self.hits += len(found)
        self.misses += len(unique) - len(found)
        return found

    def put_many(self, model: str, src: str, items: Iterable[tuple[str, str, str]]) -> None:
        """Store (text, output, status) triples; committed at once so a killed run keeps them."""
        now = time.time()
        rows = [(model, src, text, out, status, now) for text, out, status in items]
        self._write_many("INSERT OR REPLACE INTO translations VALUES (?,?,?,?,?,?)", rows)

    def stats(self) -> dict[str, object]:
        with self._lock:
            rows = self._conn.execute(
                "SELECT model, src, status, count(*) FROM translations GROUP BY model, src, status"
            ).fetchall()
        size = self.path.stat().st_size if self.path.exists() else 0
        return {
            "path": str(self.path),
            "bytes": size,
            "entries": sum(r[3] for r in rows),
            "by_model": [{"model": m, "src": s, "status": st, "count": c} for m, s, st, c in rows],
        }

    def clear(self, model: str | None = None) -> int:
        with self._lock:
            if model:
                cur = self._conn.execute("DELETE FROM translations WHERE model LIKE ?", (f"{model}%",))
            else:
                cur = self._conn.execute("DELETE FROM translations")
            self._conn.execute("VACUUM")
        return cur.rowcount


class PageCache(SqliteStore):
    """Per-page results (blocks, translations, summary) by page content and settings: a re-run
    over the same folder redoes only the corpus step."""

    schema = """
    CREATE TABLE IF NOT EXISTS pages (key TEXT PRIMARY KEY, payload TEXT NOT NULL, created REAL NOT NULL)
    WITHOUT ROWID;
    """

    def get(self, key: str) -> str | None:
        with self._lock:
            row = self._conn.execute("SELECT payload FROM pages WHERE key=?", (key,)).fetchone()
        if row is None:
            self.misses += 1
            return None
        self.hits += 1
        return str(row[0])

    def put_many(self, items: Iterable[tuple[str, str]]) -> None:
        now = time.time()
        self._write_many("INSERT OR REPLACE INTO pages VALUES (?,?,?)", [(k, v, now) for k, v in items])

    def stats(self) -> dict[str, object]:
        with self._lock:
            entries = self._conn.execute("SELECT count(*) FROM pages").fetchone()[0]
        size = self.path.stat().st_size if self.path.exists() else 0
        return {"path": str(self.path), "bytes": size, "entries": int(entries)}

    def clear(self) -> int:
        with self._lock:
            cur = self._conn.execute("DELETE FROM pages")
            self._conn.execute("VACUUM")
        return cur.rowcount
