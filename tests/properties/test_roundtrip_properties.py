"""The favourite property: export, import, compare whole."""

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from planner.domain.analysis import analyse
from planner.domain.models import KPI, Workshop
from planner.formats.excel import build_workbook
from planner.formats.roundtrip import read_own_workbook
from planner.formats.workshop_json import dump_workshop, parse_workshop
from tests.properties.strategies import workshops

# Text that tries to be a formula, carries control characters, or is just unusual.
awkward_text = st.sampled_from(["=1+1", "+44 20", "-minus", "@SUM(A1)", "\tTabbed", "Line\nbreak", "Café ☕", "  "])


@st.composite
def workshops_with_text(draw: st.DrawFn) -> Workshop:
    w = draw(workshops(max_use_cases=6))
    cases = []
    for uc in w.use_cases:
        cases.append(
            uc.model_copy(
                update={
                    "description": draw(awkward_text).strip(),
                    "owner": draw(awkward_text).strip(),
                    "kpis": [KPI(metric=draw(awkward_text).strip() or "m", target=draw(st.none() | st.floats(0, 100)))],
                }
            )
        )
    return Workshop.model_validate({**w.model_dump(), "use_cases": [c.model_dump() for c in cases]})


@given(workshops())
def test_json_round_trip(w: Workshop):
    assert parse_workshop(dump_workshop(w)) == w


@settings(max_examples=25)
@given(workshops_with_text())
def test_excel_round_trip(w: Workshop):
    back, changes = read_own_workbook("w.xlsx", build_workbook(analyse(w, today=date.today())))
    assert changes == []
    assert back == w
