"""Capacity per team: no team ever runs more phases at once than its limit, and the organisation-wide cap still
holds; only phases already under way (which cannot move) may exceed either."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from planner.domain.models import TeamLimit, Workshop
from planner.domain.schedule import build_roadmap
from planner.domain.vocabulary import NO_TEAM, PhaseName, Stage
from tests.properties.strategies import workshops
from tests.properties.test_schedule_properties import _max_overlap

TEAMS = ("Sales", "Operations", "")
UNDER_WAY = {PhaseName.PILOT: Stage.PILOT, PhaseName.SCALING: Stage.SCALING}


@st.composite
def team_workshops(draw: st.DrawFn) -> Workshop:
    w = draw(workshops(max_use_cases=16))
    cases = [uc.model_copy(update={"department": draw(st.sampled_from(TEAMS))}) for uc in w.use_cases]
    limit = st.none() | st.integers(1, 3)
    own = draw(
        st.dictionaries(
            st.sampled_from(["Sales", "Operations", NO_TEAM]),
            st.builds(TeamLimit, max_parallel_pilots=limit, max_parallel_scaling=limit),
            max_size=2,
        )
    )
    plan = w.plan.model_copy(update={"team_pilots": draw(limit), "team_scaling": draw(limit), "teams": own})
    return w.model_copy(update={"use_cases": cases, "plan": plan})


@given(team_workshops())
def test_no_team_and_not_the_organisation_ever_exceeds_its_limit(w: Workshop):
    roadmap = build_roadmap(w)
    by_id = w.use_cases_by_id()
    for phase, cap in ((PhaseName.PILOT, w.plan.max_parallel_pilots), (PhaseName.SCALING, w.plan.max_parallel_scaling)):
        phases = [p for p in roadmap.phases if p.phase == phase]
        already = [p for p in phases if by_id[p.use_case_id or ""].stage == UNDER_WAY[phase]]
        assert _max_overlap([(p.start, p.end) for p in phases]) <= max(cap, len(already))
        for team in {by_id[p.use_case_id or ""].team for p in phases}:
            limit = w.plan.team_limit(team, phase)
            if limit is None:
                continue
            mine = [p for p in phases if by_id[p.use_case_id or ""].team == team]
            fixed = sum(1 for p in already if by_id[p.use_case_id or ""].team == team)
            assert _max_overlap([(p.start, p.end) for p in mine]) <= max(limit, fixed), (team, phase)


@given(team_workshops())
def test_every_use_case_on_the_roadmap_is_still_planned(w: Workshop):
    roadmap = build_roadmap(w)
    planned = {p.use_case_id for p in roadmap.phases if p.use_case_id}
    expected = {uc.id for uc in w.active_use_cases() if uc.on_roadmap}
    assert planned == expected
