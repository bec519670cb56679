"""Storage on SQLite in a temporary folder, and on PostgreSQL when TEST_DATABASE_URL names a server."""

import os
import threading
from collections.abc import Iterator

import pytest
from sqlalchemy import update

from planner.files import load_sample_workshop
from planner.models import Workshop
from planner.storage import (
    Access,
    AccessDenied,
    BallotInput,
    Role,
    Store,
    VotingClosed,
    database_url,
    metadata,
    schema_info,
)
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
    metadata.drop_all(s.engine)
    s.dispose()
    s = Store(os.environ["TEST_DATABASE_URL"], versions_kept=5)
    yield s
    metadata.drop_all(s.engine)
    s.dispose()


def _as(access: Access, role: Role, store: Store) -> Access:
    links = store.tokens(access)
    return Access(workshop_id=access.workshop_id, role=role, token=getattr(links, role.value))


def test_create_open_save_and_history(store: Store):
    w = load_sample_workshop()
    access = store.create(w)
    assert store.load(access) == w
    changed = w.model_copy(update={"name": "Renamed"})
    assert store.save(access, changed, label="rename") == 2
    assert store.load(access).name == "Renamed"
    assert [v.label for v in store.versions(access)] == ["rename", "create"]
    assert [s.name for s in store.list_workshops()] == ["Renamed"]


def test_restore_brings_back_an_old_version_as_a_new_save(store: Store):
    access = store.create(workshop(use_case("a"), name="First"))
    store.save(access, store.load(access).model_copy(update={"name": "Second"}), label="rename")
    first = store.versions(access)[-1]
    restored = store.restore(access, first.id)
    assert restored.name == "First" and store.load(access).name == "First"
    assert store.versions(access)[0].label == "restore revision 1"


def test_only_the_last_n_versions_are_kept(store: Store):
    access = store.create(workshop(name="v0"))
    for i in range(1, 9):
        store.save(access, store.load(access).model_copy(update={"name": f"v{i}"}), label=f"save {i}")
    versions = store.versions(access)
    assert len(versions) == 5 and versions[0].revision == 9 and versions[-1].revision == 5


def test_participant_and_viewer_links_can_never_change_the_workshop(store: Store):
    facilitator = store.create(workshop(use_case("a")))
    for role in (Role.PARTICIPANT, Role.VIEWER):
        other = _as(facilitator, role, store)
        assert store.resolve(other.workshop_id, other.token).role == role
        assert store.load(other).use_cases[0].id == "a"
        with pytest.raises(AccessDenied):
            store.save(other, store.load(facilitator), label="sneaky")
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
    store.submit_ballot(participant, BallotInput(participant_id="p1", use_case_id="a", scores={"business_value": 2}))
    store.submit_ballot(participant, BallotInput(participant_id="p1", use_case_id="a", scores={"business_value": 5}))
    store.submit_ballot(participant, BallotInput(participant_id="p2", use_case_id="a", scores={"business_value": 3}))
    ballots = store.ballots(facilitator)
    assert [(b.participant_id, b.scores["business_value"]) for b in ballots] == [("p1", 5), ("p2", 3)]
    assert store.ballot_counts(facilitator) == (2, 2)
    assert store.my_ballots(participant, "p1") == {"a": {"business_value": 5}}


def test_locked_voting_and_reset(store: Store):
    facilitator = store.create(workshop(use_case("a")))
    participant = _as(facilitator, Role.PARTICIPANT, store)
    viewer = _as(facilitator, Role.VIEWER, store)
    with pytest.raises(AccessDenied):
        store.submit_ballot(viewer, BallotInput(participant_id="v", use_case_id="a", scores={"business_value": 1}))
    with pytest.raises(KeyError):
        store.submit_ballot(participant, BallotInput(participant_id="p", use_case_id="zz", scores={}))
    store.set_room_state(facilitator, voting_locked=True, results_hidden=True)
    assert store.room_state(participant).voting_locked and store.room_state(participant).results_hidden
    with pytest.raises(VotingClosed):
        store.submit_ballot(participant, BallotInput(participant_id="p", use_case_id="a", scores={"business_value": 1}))
    store.set_room_state(facilitator, voting_locked=False)
    store.submit_ballot(participant, BallotInput(participant_id="p", use_case_id="a", scores={"business_value": 1}))
    assert store.reset_votes(facilitator) == 1 and store.ballots(facilitator) == []


def test_twenty_participants_submitting_at_once_lose_nothing(store: Store):
    cases = [use_case(f"u{i}") for i in range(5)]
    facilitator = store.create(workshop(*cases))
    participant = _as(facilitator, Role.PARTICIPANT, store)
    start = threading.Barrier(20)
    errors: list[BaseException] = []

    def vote(person: int) -> None:
        try:
            start.wait()
            for round_ in range(2):  # the second round revises every ballot
                for uc in cases:
                    store.submit_ballot(
                        participant,
                        BallotInput(
                            participant_id=f"p{person}",
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
    assert {(b.participant_id, b.use_case_id) for b in ballots} == {(f"p{p}", uc.id) for p in range(20) for uc in cases}
    assert all(b.scores["business_value"] == 1 + (int(b.participant_id[1:]) + 1) % 5 for b in ballots)


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
        conn.execute(update(schema_info).values(version=99))
    store.dispose()
    with pytest.raises(RuntimeError, match="newer Roadmap Planner"):
        Store(url)


def test_database_url_precedence(tmp_path):
    assert database_url(environ={"DATABASE_URL": "postgresql://x"}, secrets_url="sqlite:///y") == "postgresql://x"
    assert database_url(environ={}, secrets_url="sqlite:///y") == "sqlite:///y"
    assert database_url(environ={}, data_dir=tmp_path) == f"sqlite:///{tmp_path / 'roadmap.db'}"


def test_saving_another_workshop_with_this_link_is_refused(store: Store):
    access = store.create(workshop(name="Mine"))
    with pytest.raises(AccessDenied):
        store.save(access, Workshop(name="Other"), label="swap")


def test_ci_runs_the_storage_tests_on_postgresql_too():
    if os.environ.get("CI") == "true":
        assert "postgresql" in BACKENDS, "CI must set TEST_DATABASE_URL (see .ci/run and scripts/start-postgres)"
    else:
        pytest.skip("outside CI the PostgreSQL run is optional")
