import json
import subprocess
import sys
from datetime import date, timedelta
from io import StringIO
from pathlib import Path

import pytest

from planner.cli import main
from planner.formats.workshop_json import SAMPLE_WORKSHOP_PATH, dump_workshop
from tests.builders import use_case, workshop

SAMPLE = str(SAMPLE_WORKSHOP_PATH)


def run(*args: str) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    code = main(list(args), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_validate_good_file():
    code, out, err = run("validate", SAMPLE)
    assert code == 0 and "valid" in out and err == ""


def test_schedule_json_has_the_documented_shape():
    code, out, _ = run("schedule", SAMPLE, "--json")
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"phases", "milestones", "warnings", "summary"}
    assert {p["phase"] for p in data["phases"]} == {"assessment", "pilot", "scaling", "optimization"}
    for p in data["phases"]:
        assert set(p) == {
            "use_case_id",
            "use_case",
            "phase",
            "start",
            "end",
            "ongoing",
            "actual_start",
            "actual_end",
            "percent_complete",
            "baseline_start",
            "baseline_end",
            "slip_weeks",
            "status",
        }
        assert len(p["start"]) == 10 and p["start"][4] == "-"
        # No baseline and nothing recorded: those values do not apply.
        assert p["baseline_end"] is None and p["slip_weeks"] is None and p["actual_start"] is None
    for m in data["milestones"]:
        assert set(m) == {"use_case_id", "name", "date"}


def test_schedule_table_is_readable():
    code, out, _ = run("schedule", SAMPLE)
    assert code == 0
    assert "Organisation-wide assessment" in out and "Go / no-go gate" in out and "All in production" in out


def test_score_table_and_json():
    code, out, _ = run("score", SAMPLE)
    assert code == 0 and "Quick win" in out
    code, out, _ = run("score", SAMPLE, "--json")
    ranks = [row["rank"] for row in json.loads(out)]
    assert ranks == list(range(1, len(ranks) + 1))


def test_schema_prints_json_schema():
    code, out, _ = run("schema")
    assert code == 0 and json.loads(out)["title"] == "Workshop"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "the file is empty"),
        (bytes(range(256)) * 4, "not a text file"),
        (b'{"name": ', "not valid JSON"),
        (b'"just a string"', "not a workshop object"),
    ],
)
def test_bad_files_exit_2_with_one_line_naming_the_file(tmp_path: Path, content: bytes, expected: str):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    code, out, err = run("schedule", str(path))
    assert code == 2 and out == ""
    assert err.startswith(f"{path}: ") and expected in err
    assert "Traceback" not in err


def test_invalid_field_lists_every_problem(tmp_path: Path):
    data = json.loads(dump_workshop(workshop(use_case("a"), use_case("b"))))
    data["use_cases"][1]["scores"]["data_readiness"] = 7
    data["start_date"] = "next tuesday"
    path = tmp_path / "w.json"
    path.write_text(json.dumps(data))
    code, _, err = run("validate", str(path))
    lines = err.strip().splitlines()
    assert code == 2
    assert f"{path}: use_cases[1].scores.data_readiness: must be 1–5, got 7" in lines
    assert any(line.startswith(f"{path}: start_date: must be a date") for line in lines)


def test_missing_file_and_folder(tmp_path: Path):
    code, _, err = run("validate", str(tmp_path / "nope.json"))
    assert code == 2 and "no such file" in err
    code, _, err = run("validate", str(tmp_path))
    assert code == 2 and "folder" in err


def test_unknown_command_exits_2():
    code, _, _ = run("launch-rockets")
    assert code == 2


def test_module_entry_point_runs_as_a_process(tmp_path: Path):
    bad = tmp_path / "bad.json"
    bad.write_bytes(b"\x00\x01junk")
    result = subprocess.run([sys.executable, "-m", "planner", "validate", str(bad)], capture_output=True, text=True)
    assert result.returncode == 2 and "Traceback" not in result.stderr and str(bad) in result.stderr
    result = subprocess.run(
        [sys.executable, "-m", "planner", "schedule", SAMPLE, "--json"], capture_output=True, text=True
    )
    assert result.returncode == 0 and json.loads(result.stdout)["phases"]


def _extreme_files(folder: Path) -> dict[str, Path]:
    sample = json.loads(SAMPLE_WORKSHOP_PATH.read_text())
    files: dict[str, object] = {
        "far-start": {**sample, "start_date": "9999-12-01"},
        "far-override": {
            **sample,
            "use_cases": [{**sample["use_cases"][0], "overrides": {"pilot": {"start": "9999-12-31"}}}],
        },
        "many-criteria": {
            **sample,
            "criteria": [{"id": f"c{i}", "label": f"C{i}", "side": "impact"} for i in range(2000)],
            "use_cases": [],
        },
        "many-use-cases": {
            "name": "Huge",
            "start_date": "2027-01-11",
            "use_cases": [{"id": f"u{i}", "name": f"Use case {i}"} for i in range(100_000)],
        },
        "not-a-number": {**sample, "plan": {**sample["plan"], "horizon_months": float("nan")}},
        "largest-allowed": {
            "name": "Largest",
            "start_date": "2100-12-31",
            "plan": {"max_parallel_pilots": 1, "max_parallel_scaling": 1, "horizon_months": 120},
            "use_cases": [
                {"id": f"u{i}", "name": f"Use case {i}", "overrides": {"pilot": {"months": 36}}} for i in range(10_000)
            ],
        },
    }
    paths = {}
    for name, content in files.items():
        path = folder / f"{name}.json"
        path.write_text(json.dumps(content))
        paths[name] = path
    return paths


@pytest.mark.parametrize("command", ["validate", "schedule", "export"])
def test_extreme_files_exit_0_or_2_and_never_with_a_traceback(tmp_path: Path, command: str):
    for name, path in _extreme_files(tmp_path).items():
        args = [sys.executable, "-m", "planner", command, str(path)]
        if command == "export":
            args += ["-o", str(tmp_path / f"{name}.xlsx")]
        done = subprocess.run(args, capture_output=True, text=True, timeout=20, check=False)
        assert "Traceback" not in done.stderr, (name, done.stderr[-2000:])
        expected = 0 if name == "largest-allowed" else 2
        assert done.returncode == expected, (name, done.returncode, done.stderr[-500:])
        if expected == 2:
            assert str(path) in done.stderr


def test_baseline_then_status_and_schedule_as_of_a_later_day(tmp_path: Path):
    """A programme team's month: baseline the plan, record a pilot that began four weeks late, and read the slip."""
    path = tmp_path / "plan.json"
    path.write_text(SAMPLE_WORKSHOP_PATH.read_text(encoding="utf-8"), encoding="utf-8")
    code, out, err = run("baseline", str(path), "--name", "Board approval", "--as-of", "2027-01-11")
    assert (code, err) == (0, "")
    assert out.startswith("Baseline 'Board approval' taken on 11 Jan 2027")
    saved = json.loads(path.read_text(encoding="utf-8"))
    (baseline,) = saved["baselines"]
    assert baseline["name"] == "Board approval" and baseline["taken"] == "2027-01-11"
    pilot = next(
        p for p in baseline["phases"] if p["use_case_id"] == "product-recommendations" and p["phase"] == "pilot"
    )
    began = date.fromisoformat(pilot["start"]) + timedelta(weeks=4)
    case = next(uc for uc in saved["use_cases"] if uc["id"] == "product-recommendations")
    case["actuals"] = {"pilot": {"start": began.isoformat(), "end": None, "percent_complete": 50, "note": ""}}
    path.write_text(json.dumps(saved), encoding="utf-8")
    weeks = (date.fromisoformat(pilot["end"]) - date.fromisoformat(pilot["start"])).days // 7
    halfway = (began + timedelta(weeks=weeks / 2)).isoformat()

    code, out, _ = run("schedule", str(path), "--as-of", halfway, "--json")
    row = next(
        p for p in json.loads(out)["phases"] if p["use_case_id"] == "product-recommendations" and p["phase"] == "pilot"
    )
    assert code == 0
    assert row["actual_start"] == began.isoformat() and row["actual_end"] is None and row["percent_complete"] == 50
    assert (row["baseline_start"], row["baseline_end"]) == (pilot["start"], pilot["end"])
    assert (row["slip_weeks"], row["status"]) == (4.0, "at_risk")

    code, out, _ = run("status", str(path), "--as-of", halfway, "--json")
    report = json.loads(out)
    assert code == 0 and report["baseline"] == "Board approval" and report["as_of"] == halfway
    slipping = {(p["use_case_id"], p["phase"]): p for p in report["slipping"]}
    assert slipping[("product-recommendations", "pilot")]["slip_weeks"] == 4.0
    assert set(report) == {"as_of", "baseline", "slipping", "gates_due", "kpis_off_track", "changes"}
    assert "Personalised product recommendations: pilot & validation ends 4 weeks later" in report["changes"]

    code, out, _ = run("status", str(path), "--as-of", halfway)
    assert code == 0
    assert "At risk: Personalised product recommendations, pilot & validation ends" in out
    assert "(baseline 05 Jul 2027, 4 weeks late)" in out


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["status", SAMPLE, "--as-of", "2027-13-01"], "argument --as-of: '2027-13-01' is not a date"),
        (["schedule", SAMPLE, "--as-of", "yesterday"], "argument --as-of: 'yesterday' is not a date"),
        (["baseline", SAMPLE, "--name", "  "], "name: give the baseline a name"),
        (["status", SAMPLE, "--baseline", "nope"], "--baseline nope: no baseline has this id"),
    ],
)
def test_tracking_commands_refuse_bad_input_with_exit_2_naming_the_field(args: list[str], expected: str):
    code, _, err = run(*args)
    assert code == 2 and expected in err


def test_an_actual_end_before_its_start_exits_2_naming_the_use_case_phase_and_field(tmp_path: Path):
    data = json.loads(dump_workshop(workshop(use_case("a"))))
    data["use_cases"][0]["actuals"] = {"pilot": {"start": "2027-05-03", "end": "2027-04-01"}}
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    code, _, err = run("status", str(path), "--as-of", "2027-06-01")
    assert code == 2
    assert err == (
        f"{path}: use_cases[0].actuals.pilot: the actual end, 01 Apr 2027, is before the actual start on 03 May 2027\n"
    )


@pytest.mark.parametrize("shape", ["schedule", "status"])
def test_schema_of_a_commands_json_describes_what_the_command_prints(shape: str):
    from planner.cli_shapes import SHAPES

    code, out, _ = run("schema", "--of", shape)
    schema = json.loads(out)
    assert code == 0 and schema["title"] == SHAPES[shape].__name__
    phase = schema["$defs"]["PhaseOut"]
    tracking = ("actual_start", "actual_end", "percent_complete", "baseline_start", "baseline_end", "slip_weeks")
    assert set(tracking) | {"status"} <= set(phase["required"])
    code, printed, _ = run(shape, SAMPLE, "--as-of", "2027-06-01", "--json")
    assert code == 0
    SHAPES[shape].model_validate_json(printed)  # what the command prints fits the schema's model exactly


def test_schema_without_of_is_still_the_workshop_files():
    code, out, _ = run("schema")
    assert code == 0 and "use_cases" in json.loads(out)["properties"]


def test_finance_json_has_the_documented_shape_and_the_hand_worked_figures(tmp_path: Path):
    from planner.domain.models import Costs

    path = tmp_path / "claims.json"
    w = workshop(use_case("claims", annual_value=600, costs=Costs(pilot=120, scaling=240, run_per_year=60)))
    path.write_text(dump_workshop(w))
    code, out, err = run("finance", str(path), "--json")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert set(data) == {"months", "use_cases", "gates", "portfolio"}
    assert {"month", "spend", "value", "cumulative_spend", "cumulative_value"} <= set(data["months"][0])
    assert data["months"][0]["month"] == "2027-01"
    (claims,) = data["use_cases"]
    assert claims == {
        "use_case_id": "claims",
        "investment": 360.0,
        "annual_value": 600.0,
        "payback_date": claims["payback_date"],
        "net_value_3y": 1260.0,
    }
    production = next(m["date"] for m in json.loads(run("schedule", str(path), "--json")[1])["milestones"][2:3])
    # Pays back 8 calendar months after the production-readiness gate, the day production starts.
    year, month, day = map(int, production.split("-"))
    assert claims["payback_date"] == date(year + (month + 7) // 12, (month + 7) % 12 + 1, day).isoformat()
    assert [(g["gate"], g["releases"]) for g in data["gates"]] == [("go_no_go", 240.0), ("production_readiness", 60.0)]
    assert set(data["portfolio"]) == {"peak_funding", "payback_date", "net_value_3y"}
    assert data["portfolio"]["net_value_3y"] == 1260.0
    assert data["months"][-1]["cumulative_spend"] == pytest.approx(sum(m["spend"] for m in data["months"]), abs=0.01)


def test_finance_text_answers_what_it_costs_and_when_it_pays_back():
    code, out, _ = run("finance", SAMPLE)
    assert code == 0
    assert "Peak funding needed: 1,861k (on 31 Jan 2028)" in out
    assert "Portfolio pays back: 10 Dec 2028" in out
    assert "Warranty claim triage" in out and "Go / no-go gate" in out


def test_finance_schema_describes_what_the_command_prints():
    from planner.cli_shapes import FinanceOut

    code, out, _ = run("schema", "--of", "finance")
    assert code == 0 and json.loads(out)["title"] == "FinanceOut"
    FinanceOut.model_validate_json(run("finance", SAMPLE, "--json")[1])


@pytest.mark.parametrize(
    ("costs", "field"),
    [
        ({"pilot": -5}, "use_cases[0].costs.pilot"),
        ({"run_per_year": "lots"}, "use_cases[0].costs.run_per_year"),
        ({"pilot": 1, "capex": 3}, "use_cases[0].costs.capex"),
    ],
)
def test_bad_figures_exit_2_naming_the_field(tmp_path: Path, costs: dict[str, object], field: str):
    data = json.loads(dump_workshop(workshop(use_case("a"))))
    data["use_cases"][0]["costs"] = costs
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data))
    code, out, err = run("finance", str(path), "--json")
    assert code == 2 and out == ""
    assert f"{path}: {field}" in err
