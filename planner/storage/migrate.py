"""Run the Alembic migrations on a connection: at every start, so a database always has today's schema.

A database made before the migrations existed has no alembic_version table; its schema_info row says which
schema it has (1 or 2), and that is the revision it is stamped with before upgrading. A database written by a
newer Roadmap Planner (a revision this code does not know) is refused rather than changed.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection

from planner.domain.errors import StorageUnavailable

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# schema_info.version of a database made before the migrations -> the revision that built that schema.
LEGACY_REVISIONS = {1: "0001", 2: "0002"}


def _config(conn: Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = conn
    return config


def head_revision() -> str:
    """The newest revision this code knows."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    current = ScriptDirectory.from_config(config).get_current_head()
    assert current is not None
    return current


def current_revision(conn: Connection) -> str | None:
    return MigrationContext.configure(conn).get_current_revision()


def _newer(what: str) -> StorageUnavailable:
    return StorageUnavailable(f"the database was written by a newer Roadmap Planner ({what}); update the app")


def upgrade(conn: Connection) -> None:
    """Upgrade the database on `conn` to the newest schema, inside the caller's transaction."""
    config = _config(conn)
    script = ScriptDirectory.from_config(config)
    current = current_revision(conn)
    tables = set(inspect(conn).get_table_names())
    if current is None and "workshops" in tables:
        found = conn.execute(text("SELECT version FROM schema_info")).scalar() if "schema_info" in tables else 1
        if found not in LEGACY_REVISIONS:
            raise _newer(f"storage schema {found}")
        command.stamp(config, LEGACY_REVISIONS[found])
    elif current is not None and current not in {rev.revision for rev in script.walk_revisions()}:
        raise _newer(f"schema revision {current}")
    command.upgrade(config, "head")
