"""Hundreds of warnings do not become hundreds of alerts: the first few show, and every one is in a table."""

from __future__ import annotations

from datetime import date

from streamlit.testing.v1 import AppTest

from planner.domain.analysis import analyse
from planner.domain.models import PhaseOverride
from planner.domain.vocabulary import PhaseName, Quadrant
from planner.formats.workshop_json import load_sample_workshop
from tests.app.test_behaviour import _open
from tests.builders import use_case, workshop
from ui.plan_warnings import SHOWN_AS_ALERTS


def _warning_alerts(at: AppTest) -> list[str]:
    return [w.value for w in at.warning if w.icon == ":material/warning:"]


def test_many_warnings_show_a_few_alerts_and_all_of_them_in_a_table(app: AppTest):
    # Each pilot pinned to 9 months, outside the method's 3–6, warns once.
    w = workshop(
        *(use_case(f"uc-{i}", overrides={PhaseName.PILOT: PhaseOverride(months=9)}) for i in range(20)), pilots=20
    )
    warnings = analyse(w, today=date.today()).warnings
    assert len(warnings) > SHOWN_AS_ALERTS + 10
    at = _open(app, "pages/facilitator/roadmap.py", w)
    assert not at.exception
    assert len(_warning_alerts(at)) == SHOWN_AS_ALERTS
    (expander,) = [e for e in at.expander if e.label.startswith("All ")]
    assert expander.label == f"All {len(warnings):,} warnings ({len(warnings) - SHOWN_AS_ALERTS:,} more)"
    table = next(frame.value for frame in at.dataframe if list(frame.value.columns) == ["Warning"])
    assert list(table["Warning"]) == list(warnings)


def test_a_few_warnings_are_all_alerts_and_no_table(app: AppTest):
    w = load_sample_workshop()
    warnings = analyse(w, today=date.today()).warnings
    assert len(warnings) <= SHOWN_AS_ALERTS
    at = _open(app, "pages/facilitator/roadmap.py", w)
    assert len(_warning_alerts(at)) == len(warnings)
    assert not [e for e in at.expander if e.label.startswith("All ")]


def test_use_cases_without_a_kpi_target_are_counted_and_five_named(app: AppTest):
    w = workshop(*(use_case(f"uc-{i:02}", name=f"Case {i:02}", on_roadmap=True) for i in range(40)), pilots=40)
    at = _open(app, "pages/facilitator/gates.py", w)
    assert not at.exception
    (flag,) = [x.value for x in at.warning if x.icon == ":material/flag:"]
    assert flag.startswith("No KPI target yet for 40 of the use cases on the roadmap: Case 00, Case 01")
    assert "Case 04 and 35 more" in flag and "Case 05" not in flag


def test_picking_a_whole_quadrant_names_ten_and_counts_the_rest(app: AppTest):
    w = workshop(*(use_case(f"uc-{i:02}", name=f"Case {i:02}") for i in range(30)))  # all 3s: all quick wins
    at = _open(app, "pages/facilitator/prioritise.py", w)
    (quadrant,) = [r for r in at.radio if r.key and r.key.startswith("pr_quadrant_")]
    at = quadrant.set_value(Quadrant.QUICK_WIN).run()
    assert not at.exception
    picked = next(c.value for c in at.caption if c.value.startswith("Case"))
    assert picked.endswith("Case 09 and 20 more") and "Case 10" not in picked
