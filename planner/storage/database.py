"""One database: the engine, its connection pool, the schema migrations at start, and transactions.

Any SQLAlchemy URL works; SQLite by default, PostgreSQL (psycopg) when several servers share one plan.
Database failures become StorageUnavailable with the reason in words.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError, IntegrityError

from planner import PROJECT_ROOT
from planner.domain.errors import StorageUnavailable
from planner.storage.migrate import upgrade

VERSIONS_KEPT = 50
# Saved versions of one workshop are also kept within this many bytes of JSON (the newest is always kept).
VERSIONS_BYTES = 64 * 2**20
DEFAULT_DATA_DIR = PROJECT_ROOT / "var"


def database_url(*, environ: Mapping[str, str], secrets_url: str | None = None, data_dir: Path | None = None) -> str:
    """DATABASE_URL wins, then `[database] url` from secrets, then a SQLite file in the data folder."""
    if environ.get("DATABASE_URL"):
        return environ["DATABASE_URL"]
    if secrets_url:
        return secrets_url
    folder = data_dir or data_folder(environ)
    return f"sqlite:///{folder / 'roadmap.db'}"


def data_folder(environ: Mapping[str, str]) -> Path:
    """Where the SQLite database and the admin key live: ROADMAP_DATA_DIR, or var/ beside the app."""
    return Path(environ.get("ROADMAP_DATA_DIR") or DEFAULT_DATA_DIR)


def _sqlite_file(url: str) -> Path | None:
    """The database file of a SQLite URL, or None for other databases and in-memory SQLite."""
    if not url.startswith("sqlite:///"):
        return None
    path = url.removeprefix("sqlite:///").split("?", 1)[0].removeprefix("file:")
    return Path(path) if path and path != ":memory:" else None


def _unavailable(exc: DBAPIError) -> StorageUnavailable:
    """Say in words why the database refused: down, read-only, full or locked."""
    text = str(exc.orig or exc).lower()
    if "readonly" in text or "read-only" in text or "read only" in text:
        reason = "the database is read-only, so changes cannot be written"
    elif "disk is full" in text or "no space" in text or "could not extend" in text:
        reason = "the disk that holds the database is full"
    elif "locked" in text or "busy" in text:
        reason = "the database is busy with another save; try again in a moment"
    elif "unable to open" in text:
        reason = "the database file cannot be opened: its folder may have been removed or be unreadable"
    elif "connect" in text or "connection" in text or "server closed" in text or "terminating" in text:
        reason = "the database server cannot be reached"
    else:
        reason = "the database reported an error"
    return StorageUnavailable(reason)


def _normalise_url(url: str) -> str:
    # Plain postgresql:// URLs would ask for psycopg2; this project ships psycopg 3.
    if url.startswith("postgres://"):
        url = "postgresql://" + url.removeprefix("postgres://")
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


class Database:
    """Safe to share between sessions and threads: it holds an engine, never user data."""

    def __init__(self, url: str, *, versions_kept: int = VERSIONS_KEPT, versions_bytes: int = VERSIONS_BYTES) -> None:
        self.url = _normalise_url(url)
        self.versions_kept = versions_kept
        self.versions_bytes = versions_bytes
        self.sqlite_file = _sqlite_file(self.url)
        if self.sqlite_file is not None:
            try:
                self.sqlite_file.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StorageUnavailable(
                    f"the data folder {self.sqlite_file.parent} cannot be created ({exc.strerror or exc}). "
                    "Set ROADMAP_DATA_DIR to a folder this app may write to, then start it again."
                ) from None
        sqlite_db = self.url.startswith("sqlite")
        # A room is 5-20 phones and a facilitator, each a session thread of one server: the default pool (5 + 10
        # overflow) made the facilitator's live view queue for a connection behind 20 phones submitting at once.
        pool = {} if sqlite_db else {"pool_size": 10, "max_overflow": 30, "pool_timeout": 10}
        self.engine: Engine = create_engine(
            self.url,
            connect_args={"timeout": 30, "check_same_thread": False} if sqlite_db else {},
            pool_pre_ping=not sqlite_db,
            **pool,
        )
        self.sqlite_writes: AbstractContextManager[object] = threading.Lock() if sqlite_db else nullcontext()
        if sqlite_db:
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self._migrate()

    def _migrate(self) -> None:
        """Bring the schema up to date with the Alembic migrations, in one transaction (see migrate.py)."""
        with self.tx(check_file=False) as conn:
            upgrade(conn)

    @contextmanager
    def tx(self, *, check_file: bool = True) -> Iterator[Connection]:
        """One transaction. Database failures become StorageUnavailable, with the reason in words."""
        if check_file and self.sqlite_file is not None and not self.sqlite_file.exists():
            # An open SQLite connection would go on writing into the deleted file, and every edit would be
            # confirmed and then gone after a restart: refuse instead, and say why.
            raise StorageUnavailable(
                f"the data folder {self.sqlite_file.parent} (or its roadmap.db) was removed while the app was "
                "running, so nothing more can be saved there. Download the workshop file now, then restart the app."
            )
        try:
            with self.engine.begin() as conn:
                yield conn
        except IntegrityError:
            raise
        except DBAPIError as exc:
            raise _unavailable(exc) from exc

    def dispose(self) -> None:
        self.engine.dispose()


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets readers (the facilitator's live view) carry on while participants write.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()
