"""Hundreds of warnings do not become hundreds of alerts: the first few show, and every one is in a table."""

from __future__ import annotations

from datetime import date

from streamlit.testing.v1 import AppTest

from planner.domain.analysis import analyse
from planner.domain.models import PhaseOverride
from planner.domain.vocabulary import PhaseName
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
