import json
import subprocess
import sys
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
        assert set(p) == {"use_case_id", "use_case", "phase", "start", "end", "ongoing"}
        assert len(p["start"]) == 10 and p["start"][4] == "-"
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
