import json

import pytest

from planner.domain.errors import WorkshopInputError
from planner.domain.models import SCHEMA_VERSION
from planner.formats.workshop_json import dump_workshop, load_sample_workshop, migrate, parse_workshop
from tests.builders import use_case, workshop


def problems(raw: bytes | str) -> list[str]:
    with pytest.raises(WorkshopInputError) as info:
        parse_workshop(raw)
    return info.value.problems


def test_round_trip_is_exact():
    w = load_sample_workshop()
    assert parse_workshop(dump_workshop(w)) == w


def test_empty_file():
    assert problems(b"") == ["the file is empty: expected a workshop saved as JSON"]
    assert "empty" in problems(b"   \n")[0]


def test_binary_junk():
    assert "not a text file" in problems(bytes(range(256)))[0]
    assert "not UTF-8" in problems(b"\xff\xfe\xfa\xfb garbage")[0]


def test_broken_json_names_line_and_column():
    (message,) = problems(b'{"name": "x",\n "use_cases": [}')
    assert message.startswith("line 2, column") and "not valid JSON" in message


def test_not_an_object():
    assert "JSON list" in problems(b"[1, 2]")[0]


def test_field_errors_name_the_path():
    data = json.loads(dump_workshop(workshop(use_case("a"), use_case("b"))))
    data["use_cases"][1]["scores"]["data_readiness"] = 7
    data["use_cases"][0]["objective"] = "world_domination"
    found = problems(json.dumps(data))
    assert "use_cases[1].scores.data_readiness: must be 1–5, got 7" in found
    assert any(p.startswith("use_cases[0].objective: must be one of") for p in found)


def test_cycle_is_named():
    data = json.loads(dump_workshop(workshop(use_case("a"), use_case("b"))))
    data["use_cases"][0]["depends_on"] = ["b"]
    data["use_cases"][1]["depends_on"] = ["a"]
    found = problems(json.dumps(data))
    assert any("a → b → a" in p for p in found), found


def test_unknown_dependency_and_duplicate_id():
    data = json.loads(dump_workshop(workshop(use_case("a"), use_case("b"))))
    data["use_cases"][0]["depends_on"] = ["ghost"]
    data["use_cases"][1]["id"] = "a"
    found = problems(json.dumps(data))
    assert "use_cases[0].depends_on: no use case has the id 'ghost'" in found
    assert "use_cases: the id 'a' is used twice" in found


def test_future_schema_version_is_refused_clearly():
    data = json.loads(dump_workshop(workshop()))
    data["schema_version"] = SCHEMA_VERSION + 1
    (message,) = problems(json.dumps(data))
    assert "newer Roadmap Planner" in message


def test_version_zero_file_is_migrated():
    data = json.loads(dump_workshop(workshop(use_case("a"))))
    del data["schema_version"]
    data["company"] = data.pop("organisation") or "Acme"
    migrated = migrate(data)
    assert migrated["schema_version"] == SCHEMA_VERSION and migrated["organisation"] == "Acme"
    assert parse_workshop(json.dumps(data)).organisation == "Acme"


def test_a_schema_1_file_opens_with_empty_actuals_baselines_measurements_and_lessons():
    data = json.loads(dump_workshop(workshop(use_case("a", kpis=[{"metric": "Hours saved"}]))))
    data["schema_version"] = 1
    for field in ("baselines", "lessons"):
        del data[field]
    del data["use_cases"][0]["actuals"]
    del data["use_cases"][0]["kpis"][0]["measurements"]
    opened = parse_workshop(json.dumps(data))
    assert opened.schema_version == 2
    assert (opened.baselines, opened.lessons) == ([], [])
    assert opened.use_cases[0].actuals == {} and opened.use_cases[0].kpis[0].measurements == []


def test_utf8_bom_is_accepted():
    w = workshop(use_case("a"))
    assert parse_workshop(b"\xef\xbb\xbf" + dump_workshop(w).encode()) == w
