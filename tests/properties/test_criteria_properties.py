"""Any sequence of criteria edits leaves every score pointing at a criterion that exists, and a rename never
changes a score."""

from hypothesis import given
from hypothesis import strategies as st

from planner.domain.edits import add_criterion, remove_criterion, update_criterion
from planner.domain.errors import WorkshopInputError
from planner.domain.vocabulary import Side
from planner.formats.workshop_json import load_sample_workshop

SAMPLE = load_sample_workshop()

operations = st.lists(
    st.one_of(
        st.tuples(st.just("add"), st.text(min_size=1, max_size=20), st.sampled_from(list(Side))),
        st.tuples(st.just("rename"), st.integers(0, 30), st.text(min_size=1, max_size=20)),
        st.tuples(st.just("remove"), st.integers(0, 30)),
    ),
    max_size=12,
)


@given(operations)
def test_scores_always_match_the_criteria_and_renames_keep_them(ops):
    w = SAMPLE
    for op in ops:
        scores_before = {uc.id: dict(uc.scores) for uc in w.use_cases}
        try:
            if op[0] == "add":
                w = add_criterion(w, {"label": op[1], "side": op[2]})
            elif op[0] == "rename":
                target = w.criteria[op[1] % len(w.criteria)].id
                w = update_criterion(w, target, {"label": op[2]})
                assert {uc.id: uc.scores for uc in w.use_cases} == scores_before
            else:
                w = remove_criterion(w, w.criteria[op[1] % len(w.criteria)].id)
        except WorkshopInputError:
            continue  # refused (a blank label, the last of a side, the cap): the workshop is unchanged
        ids = {c.id for c in w.criteria}
        assert all(set(uc.scores) <= ids for uc in w.use_cases)
        assert {c.side for c in w.criteria} == set(Side)
