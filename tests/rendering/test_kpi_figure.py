"""The KPI chart: readings in date order, baseline and target lines, and axes that frame them all."""

from datetime import date

from planner.domain.models import KPI, Measurement
from planner.rendering.kpi import kpi_figure

TODAY = date(2027, 6, 1)


def _kpi(*readings: tuple[date, float]) -> KPI:
    return KPI(
        metric="Churn <rate>",
        baseline=8.0,
        target=5.0,
        unit="%",
        measurements=[Measurement(date=d, value=v) for d, v in readings],
    )


def test_readings_are_drawn_in_date_order_with_baseline_and_target_in_the_legend():
    figure = kpi_figure(_kpi((date(2027, 5, 1), 6.5), (date(2027, 3, 1), 7.5)), today=TODAY)
    measured = next(t for t in figure.data if t.name == "Measured")
    assert list(measured.x) == [date(2027, 3, 1), date(2027, 5, 1)] and list(measured.y) == [7.5, 6.5]
    assert {t.name for t in figure.data} == {"Measured", "Baseline 8 %", "Target 5 %"}
    assert figure.layout.title.text == "Churn &lt;rate&gt;"


def test_one_reading_far_from_its_target_still_shows_a_readable_window_with_every_line():
    figure = kpi_figure(_kpi((TODAY, 400.0)), today=TODAY)
    low, high = figure.layout.yaxis.range
    assert low < 5.0 and high > 400.0  # the target, the baseline and the reading are all on the chart
    first, last = (date.fromisoformat(x) for x in figure.layout.xaxis.range)
    assert (last - first).days >= 60  # not a window of milliseconds around the one reading


def test_a_kpi_not_measured_yet_says_so():
    figure = kpi_figure(_kpi(), today=TODAY)
    assert [a.text for a in figure.layout.annotations] == ["No measurement yet"]
    assert "Measured" not in {t.name for t in figure.data}
