"""Occupancy (fixed phases counted per week, planner.domain.plan_state) answers what counting every interval would."""

from hypothesis import given
from hypothesis import strategies as st

from planner.domain.plan_state import Occupancy

intervals = st.lists(
    st.tuples(st.integers(-20, 60), st.integers(0, 30)).map(lambda t: (t[0], t[0] + t[1])), max_size=25
)


def _counted(fixed: list[tuple[int, int]], start: int, end: int) -> int:
    """Every week of [start, end), every interval: slow and plainly right."""
    return max((sum(1 for s, e in fixed if s <= week < e) for week in range(start, end)), default=0)


@given(intervals, st.integers(-30, 100), st.integers(1, 40))
def test_the_peak_is_the_most_intervals_running_in_any_week_of_the_range(fixed, start, length):
    assert Occupancy(fixed).peak(start, start + length) == _counted(fixed, start, start + length)
