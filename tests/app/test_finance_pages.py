"""Investment and value in the app: costs entered on Use cases, the investment view and the budget on Roadmap,
money on Prioritise, and the sponsor's read-only view."""

from __future__ import annotations

from datetime import date

from streamlit.testing.v1 import AppTest

from planner.domain.analysis import analyse
from planner.domain.finance import VALUE_FOR_MONEY_ID
from planner.domain.models import Costs
from planner.formats.workshop_json import load_sample_workshop
from tests.app.conftest import APP
from tests.app.test_behaviour import _current, _open
from tests.app.test_roles import _open as open_as
from tests.builders import use_case, workshop
from ui.investment import INVESTMENT_TAB

HAND = Costs(pilot=120, scaling=240, run_per_year=60)


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_costs_typed_in_the_table_and_the_form_reach_the_workshop(app: AppTest):
    at = _open(app, "pages/facilitator/use_cases.py", workshop(use_case("first", annual_value=600)))
    key = at.session_state["rows_of_use_case_table"][0]
    at.session_state[key] = {
        "edited_rows": {0: {"pilot_cost": 120, "scaling_cost": 240, "run_cost": 60}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    assert not at.exception
    assert _current(at).use_case("first").costs == HAND
    at.text_input(key="uc_form_name_0").input("Clause finder")
    at.number_input(key="uc_form_pilot_cost_0").set_value(80.0)
    at.number_input(key="uc_form_run_cost_0").set_value(20.0)
    at.button(key="FormSubmitter:uc_add_form_0-Add use case").click().run()
    added = next(uc for uc in _current(at).use_cases if uc.name == "Clause finder")
    assert added.costs == Costs(pilot=80, run_per_year=20)  # scaling left to the default


def test_a_negative_cost_in_the_table_is_refused_and_said(app: AppTest):
    at = _open(app, "pages/facilitator/use_cases.py", workshop(use_case("first", costs=HAND)))
    key = at.session_state["rows_of_use_case_table"][0]
    at.session_state[key] = {"edited_rows": {0: {"pilot_cost": -5}}, "added_rows": [], "deleted_rows": []}
    at.run()
    assert not at.exception
    assert _current(at).use_case("first").costs == HAND
    assert any("Row 1 (First): costs.pilot: must be at least 0" in w.value.replace("\\", "") for w in at.warning)


def test_organisation_defaults_and_the_ramp_are_saved_from_the_use_cases_page(app: AppTest):
    at = _open(app, "pages/facilitator/use_cases.py", workshop(use_case("first", annual_value=600)))
    at.number_input(key="uc_default_pilot").set_value(100.0)
    at.number_input(key="uc_default_scaling").set_value(200.0)
    at.number_input(key="uc_ramp_months").set_value(3.0)
    at.slider(key="uc_ramp_share").set_value(50)
    at.button(key="FormSubmitter:uc_finance_defaults_form-Save defaults").click().run()
    assert not at.exception
    settings = _current(at).finance
    assert settings.default_costs == Costs(pilot=100, scaling=200)
    assert (settings.ramp_months, settings.ramp_share) == (3, 0.5)


def _investment_tab(app: AppTest, page: str, w, key: str = "rm_view") -> AppTest:
    """The page with its investment tab open: only the open tab is drawn."""
    at = _open(app, page, w)
    assert not any(m.label == "Peak funding needed" for m in at.metric)  # the timeline is open first
    at.session_state[key] = INVESTMENT_TAB
    return at.run()


def test_the_investment_view_shows_what_the_planner_worked_out(app: AppTest):
    w = workshop(use_case("claims", name="Claims triage", annual_value=600, costs=HAND))
    finance = analyse(w, today=date.today()).finance
    at = _investment_tab(app, "pages/facilitator/roadmap.py", w)
    metrics = _metrics(at)
    assert metrics["Peak funding needed"] == f"{finance.peak_funding:,.0f}k"
    assert metrics["Portfolio pays back"] == f"{finance.payback_date:%b %Y}"
    assert metrics["3-year net value"] == "1,260k"
    by_use_case = next(f.value for f in at.dataframe if "Pays back" in f.value.columns)
    row = by_use_case.iloc[0]
    assert (row["Use case"], row["Investment (k)"], row["Net value 3 yr (k)"]) == ("Claims triage", 360, 1260)
    assert row["Pays back"] == f"{finance.use_cases[0].payback_date:%d %b %Y}"
    gates = next(f.value for f in at.dataframe if "Releases (k)" in f.value.columns)
    assert list(gates["Releases (k)"]) == [240, 60]


def test_without_money_the_investment_view_says_where_to_enter_it(app: AppTest):
    at = _investment_tab(app, "pages/facilitator/roadmap.py", workshop(use_case("a")))
    assert any("No costs or values yet" in i.value for i in at.info)


def test_a_budget_beside_capacity_delays_pilots_and_says_which(app: AppTest):
    cases = [use_case(f"uc{i}", name=f"Case {i}", annual_value=500, costs=Costs(pilot=300)) for i in range(4)]
    at = _open(app, "pages/facilitator/roadmap.py", workshop(*cases, pilots=4))
    at.number_input(key="rm_budget_per_quarter").set_value(400.0).run()
    assert not at.exception
    assert _current(at).plan.budget_per_quarter == 400
    assert any("quarterly budget of 400k delayed" in w.value for w in at.warning)
    at.number_input(key="rm_budget_per_quarter").set_value(0.0).run()
    assert _current(at).plan.budget_per_quarter is None  # 0 means no limit


def test_prioritise_shows_money_columns_and_scores_value_for_money(app: AppTest):
    w = workshop(use_case("good", annual_value=1000, costs=HAND), use_case("unknown"))
    at = _open(app, "pages/facilitator/prioritise.py", w)
    at.toggle(key="pr_show_money").set_value(True).run()
    ranking = next(f.value for f in at.dataframe if "payback" in f.value.columns)
    good = ranking[ranking["name"] == "Good"].iloc[0]
    assert (good["investment"], good["net_value_3y"]) == (360, 2460)
    at.button(key="pr_value_for_money").click().run()
    assert not at.exception
    current = _current(at)
    assert any(c.id == VALUE_FOR_MONEY_ID for c in current.criteria)
    assert current.use_case("good").scores[VALUE_FOR_MONEY_ID] == 5


def test_the_sponsors_read_only_roadmap_shows_the_investment_view(links: dict[str, str]):
    at = open_as(links, "viewer")
    assert not at.exception and at.title[0].value == "Roadmap"
    at.session_state["vw_view"] = INVESTMENT_TAB
    at.run()
    net = analyse(load_sample_workshop(), today=date.today()).finance.net_value_3y
    assert _metrics(at)["3-year net value"] == f"{net:,.0f}k"
    assert any("Pays back" in f.value.columns for f in at.dataframe)
    assert not at.number_input  # read-only: no budget, no costs


def test_the_gate_calendar_says_what_each_go_releases(app: AppTest):
    w = workshop(use_case("claims", name="Claims triage", annual_value=600, costs=HAND))
    at = _open(app, "pages/facilitator/gates.py", w)
    calendar = next(f.value for f in at.dataframe if "Releases (k)" in f.value.columns)
    assert list(zip(calendar["Gate"], calendar["Releases (k)"], strict=True)) == [
        ("Go / no-go gate", 240),
        ("Production-readiness gate", 60),
    ]
    plain = _open(AppTest.from_file(APP, default_timeout=30), "pages/facilitator/gates.py", workshop(use_case("a")))
    assert not any("Releases (k)" in f.value.columns for f in plain.dataframe)
