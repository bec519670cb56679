"""The storage schema is versioned with Alembic: a new database, and one made before the migrations existed,
both end at today's schema; one from a newer app is refused."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from planner.domain.errors import StorageUnavailable
from planner.domain.room import Ballot
from planner.storage.migrate import current_revision, head_revision
from planner.storage.store import Access, Role, Store
from planner.storage.tables import metadata

# Written by the Roadmap Planner of 2026-12-03 (storage schema 2, before the migrations): the example workshop
# saved twice (renamed the second time) and one participant's ballot.
MADE_BEFORE_MIGRATIONS = Path(__file__).parents[1] / "data" / "roadmap-storage-schema-2.db"
FACILITATOR = Access(workshop_id="tarnfield-sample", role=Role.FACILITATOR, token="lx8mBgzEGRpEK4pOZCO7Th_EPHo06SlT")


def _schema_diff(url: str) -> list[object]:
    engine = create_engine(url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    engine.dispose()
    return list(diff)


def test_a_new_database_is_built_by_the_migrations_and_matches_the_tables(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'new.db'}"
    store = Store(url)
    with store.engine.connect() as conn:
        assert current_revision(conn) == head_revision()
        assert conn.execute(text("SELECT version FROM schema_info")).scalar() == 2
    store.dispose()
    assert _schema_diff(url) == []


def test_a_database_made_before_the_migrations_upgrades_in_place(tmp_path: Path) -> None:
    copy = tmp_path / "roadmap.db"
    shutil.copy(MADE_BEFORE_MIGRATIONS, copy)
    url = f"sqlite:///{copy}"
    engine = create_engine(url)
    assert "alembic_version" not in inspect(engine).get_table_names()
    engine.dispose()

    store = Store(url)
    assert store.load(FACILITATOR).name == "Saved by the app before migrations"
    assert store.revision(FACILITATOR) == 2
    assert [v.label for v in store.versions(FACILITATOR)][:1] == ["rename"]
    ballots = store.ballots(FACILITATOR)
    assert [(b.participant_name, isinstance(b, Ballot)) for b in ballots] == [("Ines", True)]
    # And it goes on working: a save checks the revision as before.
    renamed = store.load(FACILITATOR).model_copy(update={"name": "Saved after the upgrade"})
    assert store.save(FACILITATOR, renamed, label="rename again", base_revision=2) == 3
    with store.engine.connect() as conn:
        assert current_revision(conn) == head_revision()
    store.dispose()
    assert _schema_diff(url) == []


def test_a_database_from_before_the_migrations_with_an_unknown_schema_is_refused(tmp_path: Path) -> None:
    copy = tmp_path / "roadmap.db"
    shutil.copy(MADE_BEFORE_MIGRATIONS, copy)
    engine = create_engine(f"sqlite:///{copy}")
    with engine.begin() as conn:
        conn.execute(text("UPDATE schema_info SET version = 7"))
    engine.dispose()
    with pytest.raises(StorageUnavailable, match="newer Roadmap Planner"):
        Store(f"sqlite:///{copy}")
    # Refused without a change: the file is as it was.
    engine = create_engine(f"sqlite:///{copy}")
    assert "alembic_version" not in inspect(engine).get_table_names()
    engine.dispose()


def test_opening_twice_changes_nothing(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'twice.db'}"
    Store(url).dispose()
    store = Store(url)
    with store.engine.connect() as conn:
        assert current_revision(conn) == head_revision()
    store.dispose()
