"""Storage on SQLite in a temporary folder, and on PostgreSQL when TEST_DATABASE_URL names a server."""

import os
import shutil
import threading
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, event, insert, select, update
from sqlalchemy.exc import IntegrityError

from planner.domain.errors import NotFound, RevisionConflict, StorageUnavailable
from planner.domain.models import Workshop
from planner.formats.workshop_json import dump_workshop, load_sample_workshop
from planner.storage.store import (
    Access,
    AccessDenied,
    BallotInput,
    Role,
    Store,
    VotingClosed,
    database_url,
)
from planner.storage.tables import metadata, schema_info, versions_table
from tests.builders import use_case, workshop

BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path) -> Iterator[Store]:
    if request.param == "sqlite":
        s = Store(f"sqlite:///{tmp_path / 'test.db'}", versions_kept=5)
        yield s
        s.dispose()
        return
    s = Store(os.environ["TEST_DATABASE_URL"], versions_kept=5)
    drop_everything(s.engine)
    s.dispose()
    s = Store(os.environ["TEST_DATABASE_URL"], versions_kept=5)
    yield s
    drop_everything(s.engine)
    s.dispose()


def drop_everything(engine: Engine) -> None:
    """Tables and the migrations' own record, so that the next Store builds the schema from the start."""
    metadata.drop_all(engine)
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")


def _as(access: Access, role: Role, store: Store) -> Access:
    links = store.tokens(access)
    return Access(workshop_id=access.workshop_id, role=role, token=getattr(links, role.value))


def test_create_open_save_and_history(store: Store):
    w = load_sample_workshop()
    access = store.create(w)
    assert store.load(access) == w
    changed = w.model_copy(update={"name": "Renamed"})
    assert store.save(access, changed, label="rename", base_revision=1) == 2
    assert store.load(access).name == "Renamed"
    assert [v.label for v in store.versions(access)] == ["rename", "create"]
    assert [s.name for s in store.list_workshops()] == ["Renamed"]


def test_restore_brings_back_an_old_version_as_a_new_save(store: Store):
    access = store.create(workshop(use_case("a"), name="First"))
    store.save(access, store.load(access).model_copy(update={"name": "Second"}), label="rename", base_revision=1)
    first = store.versions(access)[-1]
    restored = store.restore(access, first.id)
    assert restored.name == "First" and store.load(access).name == "First"
    assert store.versions(access)[0].label == "restore revision 1"


def test_only_the_last_n_versions_are_kept(store: Store):
    access = store.create(workshop(name="v0"))
    for i in range(1, 9):
        store.save(access, store.load(access).model_copy(update={"name": f"v{i}"}), label=f"save {i}", base_revision=i)
    versions = store.versions(access)
    assert len(versions) == 5 and versions[0].revision == 9 and versions[-1].revision == 5


def test_participant_and_viewer_links_can_never_change_the_workshop(store: Store):
    facilitator = store.create(workshop(use_case("a")))
    for role in (Role.PARTICIPANT, Role.VIEWER):
        other = _as(facilitator, role, store)
        assert store.resolve(other.workshop_id, other.token).role == role
        assert store.load(other).use_cases[0].id == "a"
        with pytest.raises(AccessDenied):
            store.save(other, store.load(facilitator), label="sneaky", base_revision=1)
        for action in (store.rotate, store.delete, store.reset_votes, store.versions, store.tokens):
            with pytest.raises(AccessDenied):
                action(other)
        with pytest.raises(AccessDenied):
            store.set_room_state(other, voting_locked=True)


def test_a_wrong_or_tampered_token_is_refused(store: Store):
    facilitator = store.create(workshop())
    for token in ("", "nope", facilitator.token[:-1] + ("A" if facilitator.token[-1] != "A" else "B")):
        with pytest.raises(AccessDenied):
            store.resolve(facilitator.workshop_id, token)
    with pytest.raises(AccessDenied):
        store.resolve("no-such-workshop", facilitator.token)


def test_rotating_stops_the_old_links(store: Store):
    facilitator = store.create(workshop())
    participant = _as(facilitator, Role.PARTICIPANT, store)
    new = store.rotate(facilitator)
    for old in (facilitator, participant):
        with pytest.raises(AccessDenied):
            store.load(old)
    assert store.load(new).id == facilitator.workshop_id


def test_duplicate_and_delete(store: Store):
    original = store.create(workshop(use_case("a"), name="Plan"))
    copy = store.duplicate(original)
    assert copy.workshop_id != original.workshop_id
    assert store.load(copy).name == "Plan (copy)" and store.load(copy).use_cases == store.load(original).use_cases
    store.delete(original)
    assert not store.exists(original.workshop_id)
    with pytest.raises(AccessDenied):
        store.load(original)
    assert store.exists(copy.workshop_id)


def test_one_ballot_per_participant_and_use_case(store: Store):
    facilitator = store.create(workshop(use_case("a"), use_case("b")))
    participant = _as(facilitator, Role.PARTICIPANT, store)
    p1, p2 = store.participant_ticket(participant), store.participant_ticket(participant)
    store.submit_ballot(participant, BallotInput(participant_id=p1, use_case_id="a", scores={"business_value": 2}))
    store.submit_ballot(participant, BallotInput(participant_id=p1, use_case_id="a", scores={"business_value": 5}))
    store.submit_ballot(participant, BallotInput(participant_id=p2, use_case_id="a", scores={"business_value": 3}))
    ballots = store.ballots(facilitator)
    ids = [store.participant_id(participant, p1), store.participant_id(participant, p2)]
    assert [(b.participant_id, b.scores["business_value"]) for b in ballots] == [(ids[0], 5), (ids[1], 3)]
    assert store.ballot_counts(facilitator) == (2, 2)
    assert store.my_ballots(participant, p1) == {"a": {"business_value": 5}}


def test_locked_voting_and_reset(store: Store):
    facilitator = store.create(workshop(use_case("a")))
    participant = _as(facilitator, Role.PARTICIPANT, store)
    viewer = _as(facilitator, Role.VIEWER, store)
    p = store.participant_ticket(participant)
    with pytest.raises(AccessDenied):
        store.submit_ballot(viewer, BallotInput(participant_id=p, use_case_id="a", scores={"business_value": 1}))
    with pytest.raises(NotFound):
        store.submit_ballot(participant, BallotInput(participant_id=p, use_case_id="zz", scores={}))
    store.set_room_state(facilitator, voting_locked=True, results_hidden=True)
    assert store.room_state(participant).voting_locked and store.room_state(participant).results_hidden
    with pytest.raises(VotingClosed):
        store.submit_ballot(participant, BallotInput(participant_id=p, use_case_id="a", scores={"business_value": 1}))
    assert store.ballots(facilitator) == []  # the refused ballot was rolled back, not left behind
    store.set_room_state(facilitator, voting_locked=False)
    store.submit_ballot(participant, BallotInput(participant_id=p, use_case_id="a", scores={"business_value": 1}))
    assert store.reset_votes(facilitator) == 1 and store.ballots(facilitator) == []


def test_twenty_participants_submitting_at_once_lose_nothing(store: Store):
    cases = [use_case(f"u{i}") for i in range(5)]
    facilitator = store.create(workshop(*cases))
    participant = _as(facilitator, Role.PARTICIPANT, store)
    start = threading.Barrier(20)
    errors: list[BaseException] = []
    tickets = [store.participant_ticket(participant) for _ in range(20)]

    def vote(person: int) -> None:
        try:
            start.wait()
            for round_ in range(2):  # the second round revises every ballot
                for uc in cases:
                    store.submit_ballot(
                        participant,
                        BallotInput(
                            participant_id=tickets[person],
                            participant_name=f"Person {person}",
                            use_case_id=uc.id,
                            scores={"business_value": 1 + (person + round_) % 5},
                        ),
                    )
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=vote, args=(p,)) for p in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    ballots = store.ballots(facilitator)
    assert len(ballots) == 100
    person_of = {store.participant_id(participant, t): person for person, t in enumerate(tickets)}
    assert {(b.participant_id, b.use_case_id) for b in ballots} == {(pid, uc.id) for pid in person_of for uc in cases}
    assert all(b.scores["business_value"] == 1 + (person_of[b.participant_id] + 1) % 5 for b in ballots)


def test_data_survives_a_restart(tmp_path):
    url = f"sqlite:///{tmp_path / 'restart.db'}"
    first = Store(url)
    access = first.create(workshop(use_case("a"), name="Survivor"))
    first.dispose()
    second = Store(url)
    assert second.load(access).name == "Survivor"


def test_a_database_from_a_newer_version_is_refused(tmp_path):
    url = f"sqlite:///{tmp_path / 'future.db'}"
    store = Store(url)
    with store.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0099'")
    store.dispose()
    with pytest.raises(StorageUnavailable, match="newer Roadmap Planner"):
        Store(url)


def test_database_url_precedence(tmp_path):
    assert database_url(environ={"DATABASE_URL": "postgresql://x"}, secrets_url="sqlite:///y") == "postgresql://x"
    assert database_url(environ={}, secrets_url="sqlite:///y") == "sqlite:///y"
    assert database_url(environ={}, data_dir=tmp_path) == f"sqlite:///{tmp_path / 'roadmap.db'}"


def test_saving_another_workshop_with_this_link_is_refused(store: Store):
    access = store.create(workshop(name="Mine"))
    with pytest.raises(AccessDenied):
        store.save(access, Workshop(name="Other"), label="swap", base_revision=1)


def test_ci_runs_the_storage_tests_on_postgresql_too():
    if os.environ.get("CI") == "true":
        assert "postgresql" in BACKENDS, "CI must set TEST_DATABASE_URL (see .ci/run and scripts/start-postgres)"
    else:
        pytest.skip("outside CI the PostgreSQL run is optional")


# --- Saves that never overwrite ------------------------------------------------------------------------------


def test_a_save_on_top_of_an_old_revision_is_refused_and_writes_nothing(store: Store):
    access = store.create(workshop(name="Start"))
    start = store.load(access)
    assert store.save(access, start.model_copy(update={"name": "Tab A"}), label="a", base_revision=1) == 2
    with pytest.raises(RevisionConflict) as raised:
        store.save(access, start.model_copy(update={"name": "Tab B"}), label="b", base_revision=1)
    assert raised.value.current == 2
    assert store.load(access).name == "Tab A"
    assert [v.revision for v in store.versions(access)] == [2, 1]


def test_racing_saves_lose_no_edit_and_never_share_a_revision(store: Store):
    """20 threads each add their own use case, re-reading and retrying on a conflict as the app does."""
    access = store.create(workshop(name="Race"))
    start = threading.Barrier(20)
    errors: list[BaseException] = []

    def add(person: int) -> None:
        try:
            start.wait()
            for _ in range(200):
                current, revision = store.load_with_revision(access)
                mine = Workshop.model_validate(
                    {
                        **current.model_dump(),
                        "use_cases": [*current.model_dump()["use_cases"], {"id": f"u{person}", "name": f"U{person}"}],
                    }
                )
                try:
                    store.save(access, mine, label=f"add u{person}", base_revision=revision)
                    return
                except RevisionConflict:
                    continue
            raise AssertionError("never saved")
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=add, args=(p,)) for p in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(uc.id for uc in store.load(access).use_cases) == sorted(f"u{p}" for p in range(20))
    assert store.revision(access) == 21
    with store.engine.connect() as conn:
        rows = conn.execute(select(versions_table.c.revision).where(versions_table.c.workshop_id == access.workshop_id))
        revisions = [r[0] for r in rows]
    assert len(revisions) == len(set(revisions))


def test_a_database_with_duplicate_revisions_is_repaired_and_then_refuses_duplicates(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    store = Store(url)
    access = store.create(workshop(name="Old"))
    with store.engine.begin() as conn:
        # What storage schema 1 allowed: two versions with the same revision, and no unique index.
        conn.exec_driver_sql("DROP INDEX uq_workshop_versions_revision")
        row = conn.execute(select(versions_table).where(versions_table.c.workshop_id == access.workshop_id)).one()
        conn.execute(insert(versions_table).values({**row._asdict(), "id": None, "label": "duplicate"}))
        conn.execute(update(schema_info).values(version=1))
        conn.exec_driver_sql("DROP TABLE alembic_version")  # made before the migrations
    store.dispose()
    upgraded = Store(url)
    assert [v.label for v in upgraded.versions(access)] == ["duplicate"]
    with pytest.raises(IntegrityError), upgraded.engine.begin() as conn:
        conn.execute(insert(versions_table).values({**row._asdict(), "id": None}))


def test_versions_are_kept_within_a_byte_budget(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'budget.db'}", versions_kept=50, versions_bytes=6_000)
    access = store.create(workshop(name="v0"))
    size = len(dump_workshop(store.load(access)))
    for i in range(1, 10):
        store.save(access, store.load(access).model_copy(update={"name": f"v{i}"}), label=f"save {i}", base_revision=i)
    versions = store.versions(access)
    assert versions[0].revision == 10
    assert len(versions) == 6_000 // size
    assert sum(len(dump_workshop(store.version(access, v.id))) for v in versions) <= 6_000


def test_the_newest_version_is_kept_even_when_it_alone_is_over_the_budget(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'tiny.db'}", versions_bytes=10)
    access = store.create(workshop(name="v0"))
    store.save(access, store.load(access).model_copy(update={"name": "v1"}), label="save", base_revision=1)
    assert [v.revision for v in store.versions(access)] == [2]


# --- Participants ---------------------------------------------------------------------------------------------


def test_an_edited_participant_id_is_refused_so_it_cannot_make_new_voters(store: Store):
    facilitator = store.create(workshop(use_case("a")))
    participant = _as(facilitator, Role.PARTICIPANT, store)
    ticket = store.participant_ticket(participant)
    assert store.participant_id(participant, ticket) is not None
    pid, _, signature = ticket.partition(".")
    for forged in (f"x{pid[1:]}.{signature}", f"{pid}.{signature[:-1]}0", pid, "p1", f"{pid}.", ""):
        if forged == ticket:
            continue
        assert store.participant_id(participant, forged) is None
        with pytest.raises(AccessDenied):
            store.submit_ballot(
                participant, BallotInput(participant_id=forged, use_case_id="a", scores={"business_value": 3})
            )
    assert store.ballots(facilitator) == []


def test_control_characters_in_a_participant_name_are_dropped_and_the_ballot_kept(store: Store):
    facilitator = store.create(workshop(use_case("a")))
    participant = _as(facilitator, Role.PARTICIPANT, store)
    ticket = store.participant_ticket(participant)
    store.submit_ballot(
        participant,
        BallotInput(participant_id=ticket, participant_name="Ann\x00\u202e", use_case_id="a", scores={}),
    )
    assert [b.participant_name for b in store.ballots(facilitator)] == ["Ann"]


# --- Failures are messages ------------------------------------------------------------------------------------


def test_a_removed_data_folder_refuses_saves_instead_of_confirming_them(tmp_path):
    folder = tmp_path / "data"
    store = Store(f"sqlite:///{folder / 'roadmap.db'}")
    access = store.create(workshop(name="Kept"))
    shutil.rmtree(folder)
    with pytest.raises(StorageUnavailable, match="was removed"):
        store.save(
            access, workshop(name="Lost?").model_copy(update={"id": access.workshop_id}), label="e", base_revision=1
        )
    store.dispose()
    assert not folder.exists()


def test_a_data_folder_that_cannot_be_made_is_a_message(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(StorageUnavailable, match="cannot be created"):
        Store(f"sqlite:///{blocker / 'data' / 'roadmap.db'}")


def test_a_read_only_database_is_a_message(tmp_path):
    path = tmp_path / "ro.db"
    store = Store(f"sqlite:///{path}")
    access = store.create(workshop(name="Read only"))
    store.dispose()
    read_only = Store(f"sqlite:///file:{path}?mode=ro&uri=true")
    with pytest.raises(StorageUnavailable, match="read-only"):
        read_only.save(access, read_only.load(access).model_copy(update={"name": "x"}), label="edit", base_revision=1)
    read_only.dispose()


def test_an_unreachable_database_server_is_a_message():
    with pytest.raises(StorageUnavailable, match="cannot be reached"):
        Store("postgresql://nobody@127.0.0.1:9/nothing?connect_timeout=2")


# --- One check of the link per call -----------------------------------------------------------------------------


@pytest.fixture
def token_reads(store: Store) -> Iterator[list[str]]:
    """The statements that read a workshop's tokens, as the store runs them."""
    seen: list[str] = []

    def record(_conn, _cursor, statement: str, *_args) -> None:
        if "facilitator_token" in statement and statement.lstrip().upper().startswith("SELECT"):
            seen.append(statement)

    event.listen(store.engine, "before_cursor_execute", record)
    yield seen
    event.remove(store.engine, "before_cursor_execute", record)


def test_each_call_reads_the_links_tokens_once(store: Store, token_reads: list[str]):
    facilitator = store.create(workshop(use_case("a")))
    participant = store.resolve(facilitator.workshop_id, store.tokens(facilitator).participant)
    ticket = store.participant_ticket(participant)
    calls = {
        "load": lambda: store.load(facilitator),
        "save": lambda: store.save(facilitator, store.load(facilitator), label="x", base_revision=1),
        "submit_ballot": lambda: store.submit_ballot(
            participant, BallotInput(participant_id=ticket, use_case_id="a", scores={"business_value": 4})
        ),
        "my_ballots": lambda: store.my_ballots(participant, ticket),
        "room_state": lambda: store.room_state(participant),
    }
    counts = {}
    for name, call in calls.items():
        token_reads.clear()
        call()
        counts[name] = len(token_reads)
    # `save` here also loads the workshop first: two calls, two reads.
    assert counts == {"load": 1, "save": 2, "submit_ballot": 1, "my_ballots": 1, "room_state": 1}
