from planner.domain.portfolio import FUNNEL_STAGES, OTHER_GROUPS, breakdown, funnel, pilots_per_production
from planner.domain.vocabulary import NO_TEAM, STAGE_LABELS, Stage
from planner.rendering.portfolio import breakdown_figure, funnel_figure
from tests.builders import use_case, workshop


def _inventory():
    cases = [use_case(f"p{i}", stage=Stage.PILOT, department=f"D{i % 4}") for i in range(9)]
    cases += [use_case("live", stage=Stage.PRODUCTION, department="D0"), use_case("old", stage=Stage.RETIRED)]
    return workshop(*cases)


def test_the_funnel_counts_every_stage_in_order_and_shows_many_pilots_few_live():
    counts = funnel(_inventory())
    assert list(counts) == [Stage.IDEA, Stage.ASSESSMENT, Stage.PILOT, Stage.SCALING, Stage.PRODUCTION, Stage.RETIRED]
    assert (counts[Stage.PILOT], counts[Stage.PRODUCTION], counts[Stage.RETIRED]) == (9, 1, 1)
    assert pilots_per_production(counts) == 9.0
    assert pilots_per_production(funnel(workshop(use_case("a")))) is None
    # Each stage counts the use cases that reached it (there now or beyond); retired stays out of the funnel.
    assert list(funnel_figure(counts).data[0].x) == [10, 10, 10, 1, 1]


def test_the_breakdown_puts_the_largest_groups_first_and_the_rest_in_one():
    groups = breakdown(_inventory(), "department", top=2)
    assert [g.name for g in groups] == ["D0", "D1", OTHER_GROUPS.format(count=3)]
    assert groups[0].counts[Stage.PILOT] == 3 and groups[0].counts[Stage.PRODUCTION] == 1
    assert sum(g.total for g in groups) == 11
    assert NO_TEAM in [g.name for g in breakdown(_inventory(), "department")]
    figure = breakdown_figure(groups)
    assert [t.name for t in figure.data] == [STAGE_LABELS[stage] for stage in FUNNEL_STAGES]
