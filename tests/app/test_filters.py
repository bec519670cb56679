"""One filter across the pages: set on the Use cases page, it narrows the table, and the matrix, the ranking, the
Gantt and the portfolio charts on the other pages; edits in a filtered or paged table reach the right use case."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from benchmarks.synthetic import realistic_portfolio
from planner.domain.models import Workshop
from planner.domain.vocabulary import Stage
from planner.rendering.matrix import MATRIX_MAX_POINTS
from tests.app.test_behaviour import _current, _open

TABLE_ROWS = "rows_of_use_case_table"
RANKING_ROWS = "rows_of_ranking_table"


def _table(at: AppTest):
    return next(frame.value for frame in at.dataframe if "department" in frame.value.columns)


def _ranking(at: AppTest):
    return next(frame.value for frame in at.dataframe if "why" in frame.value.columns)


def _portfolio() -> Workshop:
    return realistic_portfolio(600, departments=12)


def test_a_large_table_is_paged_and_an_edit_on_page_two_changes_that_row(app: AppTest):
    w = _portfolio()
    at = _open(app, "pages/facilitator/use_cases.py", w)
    table = _table(at)
    assert list(table["id"]) == [uc.id for uc in w.use_cases[:250]]  # the first page, not all 600
    at.selectbox(key="flt_page_use_cases_3").set_value(1).run()
    assert list(_table(at)["id"]) == [uc.id for uc in w.use_cases[250:500]]
    key = at.session_state[TABLE_ROWS][0]
    at.session_state[key] = {"edited_rows": {2: {"owner": "Dana Page-Two"}}, "added_rows": [], "deleted_rows": []}
    at.run()
    assert not at.exception
    changed = [uc.id for uc in _current(at).use_cases if uc.owner == "Dana Page-Two"]
    assert changed == [w.use_cases[252].id]  # row 3 of page 2, not row 3 of the whole list


def test_a_filter_set_on_the_use_cases_page_narrows_every_page(app: AppTest):
    w = _portfolio()
    finance = sorted({uc.team for uc in w.use_cases})[3]
    at = _open(app, "pages/facilitator/use_cases.py", w)
    at.multiselect(key="flt_departments").select(finance).run()
    at.multiselect(key="flt_stages").select(Stage.IDEA).run()
    assert not at.exception
    expected = [uc.id for uc in w.use_cases if uc.team == finance and uc.stage == Stage.IDEA]
    assert 0 < len(expected) < 250
    assert list(_table(at)["id"]) == expected
    assert any(f"Showing {len(expected)} of 600 use cases" in c.value for c in at.caption)

    # An edit in the filtered table reaches the use case on that row, not the workshop's row of that number.
    key = at.session_state[TABLE_ROWS][0]
    at.session_state[key] = {"edited_rows": {1: {"owner": "Filtered Owner"}}, "added_rows": [], "deleted_rows": []}
    at.run()
    assert [uc.id for uc in _current(at).use_cases if uc.owner == "Filtered Owner"] == [expected[1]]

    at.switch_page("pages/facilitator/prioritise.py").run()
    assert not at.exception
    assert at.multiselect(key="flt_departments").value == [finance]  # the same filter, shown on this page too
    assert sorted(_ranking(at)["name"]) == sorted(uc.name for uc in w.use_cases if uc.id in expected)
    matrix = at.get("plotly_chart")[0].proto.spec
    assert all(f'"{uc_id}"' in matrix for uc_id in expected)
    assert w.use_cases[0].id not in expected and f'"{w.use_cases[0].id}"' not in matrix

    at.switch_page("pages/facilitator/portfolio.py").run()
    assert [m.value for m in at.metric if m.label == "Use cases"] == [f"{len(expected):,}"]

    at.switch_page("pages/facilitator/roadmap.py").run()
    assert not at.exception
    gantt = at.get("plotly_chart")[0].proto.spec
    names = {uc.name for uc in w.use_cases if uc.id in expected and uc.on_roadmap}
    others = {uc.name for uc in w.use_cases if uc.id not in expected and uc.on_roadmap}
    assert all(name[:20] in gantt for name in names)
    assert not any(name in gantt for name in others)

    at.button(key="flt_clear").click().run()
    assert not at.exception and at.multiselect(key="flt_departments").value == []


def test_a_filtered_tick_in_the_ranking_takes_that_use_case_off(app: AppTest):
    w = _portfolio()
    at = _open(app, "pages/facilitator/prioritise.py", w)
    assert len([s for s in at.caption if "squares of" in s.value]) == 1  # more than MATRIX_MAX_POINTS: binned
    assert len(w.use_cases) > MATRIX_MAX_POINTS
    at.segmented_control(key="flt_roadmap").set_value("on").run()
    at.multiselect(key="flt_departments").select(sorted({uc.team for uc in w.use_cases})[0]).run()
    shown = at.session_state[RANKING_ROWS][1]
    assert shown and all(_current(at).use_case(uc_id).on_roadmap for uc_id in shown)
    at.session_state[at.session_state[RANKING_ROWS][0]] = {
        "edited_rows": {0: {"on_roadmap": False}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    assert not at.exception
    off = {uc.id for uc in _current(at).use_cases if not uc.on_roadmap} - {
        uc.id for uc in w.use_cases if not uc.on_roadmap
    }
    assert off == {shown[0]}
