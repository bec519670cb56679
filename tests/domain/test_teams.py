from datetime import date
from itertools import pairwise

import pytest

from planner.domain.errors import WorkshopInputError
from planner.domain.schedule import build_roadmap
from planner.domain.teams import plan_per_team, set_team_limits
from planner.domain.vocabulary import NO_TEAM
from tests.builders import use_case, workshop


def _portfolio():
    return workshop(
        use_case("s1", department="Sales"),
        use_case("s2", department="Sales"),
        use_case("s3", department="Sales"),
        use_case("o1", department="Operations"),
        use_case("x"),
        pilots=10,
        scaling=10,
    )


def test_one_pilot_per_team_staggers_a_teams_pilots_but_not_other_teams():
    w = set_team_limits(_portfolio(), pilots=1, scaling=None)
    roadmap = build_roadmap(w)
    pilots = {p.use_case_id: p for p in roadmap.phases if p.phase == "pilot"}
    sales = sorted((pilots[i].start, pilots[i].end) for i in ("s1", "s2", "s3"))
    assert all(later[0] >= earlier[1] for earlier, later in pairwise(sales))
    assert pilots["o1"].start == pilots["x"].start == sales[0][0]  # other teams start at once


def test_the_plan_per_team_counts_use_cases_limits_and_production_dates():
    w = set_team_limits(_portfolio(), pilots=1, scaling=None, teams=[{"team": "Operations", "pilots": 3}])
    roadmap = build_roadmap(w)
    rows = {row.team: row for row in plan_per_team(w, roadmap)}
    assert [row.team for row in plan_per_team(w, roadmap)] == ["Sales", NO_TEAM, "Operations"]
    assert (rows["Sales"].use_cases, rows["Sales"].pilot_limit, rows["Sales"].scaling_limit) == (3, 1, None)
    assert rows["Operations"].pilot_limit == 3
    first, last = rows["Sales"].first_live, rows["Sales"].all_live
    assert first is not None and last is not None and last > first
    assert isinstance(rows[NO_TEAM].all_live, date)


def test_bad_team_limits_name_the_problem():
    with pytest.raises(WorkshopInputError) as caught:
        set_team_limits(_portfolio(), pilots=1, scaling=None, teams=[{"team": "Sales", "pilots": 1}] * 2)
    assert caught.value.problems == ["team 'Sales': it is listed twice; keep one row per team"]
    with pytest.raises(WorkshopInputError) as caught:
        set_team_limits(_portfolio(), pilots=0, scaling=None)
    assert "team_pilots" in caught.value.problems[0]
