"""Our own workbook comes back exactly, and edits made in Excel win over the hidden copy."""

import io
import subprocess
import sys
from collections.abc import Mapping
from datetime import date, timedelta
from pathlib import Path

from openpyxl import load_workbook

from planner.domain.analysis import analyse
from planner.domain.edits import apply_table_edits
from planner.domain.schedule import build_roadmap, phases_in_order
from planner.domain.vocabulary import PhaseName
from planner.formats.excel import build_workbook
from planner.formats.roundtrip import read_own_workbook
from planner.formats.sheet_layout import GANTT_FIRST_ROW, GANTT_SHEET, ROADMAP_SHEET, USE_CASES_SHEET
from planner.formats.workshop_json import SAMPLE_WORKSHOP_PATH, dump_workshop, load_sample_workshop, parse_workshop


def _edit(data: bytes, sheet: str, edits: Mapping[str, object]) -> bytes:
    wb = load_workbook(io.BytesIO(data))
    for ref, value in edits.items():
        wb[sheet][ref] = value
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _column(data: bytes, sheet: str, header: str) -> str:
    ws = load_workbook(io.BytesIO(data))[sheet]
    for cell in ws[1]:
        if cell.value == header:
            return str(cell.column_letter)
    raise AssertionError(f"no column {header}")


def test_sample_comes_back_exactly():
    w = load_sample_workshop()
    back, changes = read_own_workbook("sample.xlsx", build_workbook(analyse(w, today=date.today())))
    assert back == w and changes == []


def test_edited_use_case_in_excel_wins_and_is_reported():
    w = load_sample_workshop()
    data = build_workbook(analyse(w, today=date.today()))
    name_col = _column(data, USE_CASES_SHEET, "Name")
    owner_col = _column(data, USE_CASES_SHEET, "Owner")
    data = _edit(data, USE_CASES_SHEET, {f"{name_col}2": "Warranty triage v2", f"{owner_col}2": "New Owner"})
    back, changes = read_own_workbook("edited.xlsx", data)
    first = back.use_case(w.use_cases[0].id)
    assert first.name == "Warranty triage v2" and first.owner == "New Owner"
    assert changes == ["Changed in Excel: Warranty triage v2 (name, owner)."]
    assert back.use_cases[1:] == w.use_cases[1:]


def test_moved_pilot_dates_become_an_override():
    w = load_sample_workshop()
    data = build_workbook(analyse(w, today=date.today()))
    roadmap = build_roadmap(w)
    ws = load_workbook(io.BytesIO(data))[ROADMAP_SHEET]
    row = next(
        r for r in range(2, ws.max_row + 1) if ws[f"C{r}"].value == "pilot" and ws[f"A{r}"].value == roadmap.order[0]
    )
    start = ws[f"D{row}"].value + timedelta(weeks=4)
    end = ws[f"E{row}"].value + timedelta(weeks=6)
    data = _edit(data, ROADMAP_SHEET, {f"D{row}": start, f"E{row}": end})
    back, changes = read_own_workbook("moved.xlsx", data)
    override = back.use_case(roadmap.order[0]).overrides[PhaseName.PILOT]
    assert override.start == start.date()
    assert len(changes) == 1 and "kept as a manual override" in changes[0]
    moved = next(p for p in build_roadmap(back).phases if p.use_case_id == roadmap.order[0] and p.phase == "pilot")
    assert (moved.start, moved.end) == (start.date(), end.date())


def _gantt_row(w, use_case_id: str, phase: PhaseName) -> int:
    phases = phases_in_order(build_roadmap(w))
    return GANTT_FIRST_ROW + next(i for i, p in enumerate(phases) if p.use_case_id == use_case_id and p.phase == phase)


def test_dates_typed_on_the_gantt_sheet_are_read_back():
    w = load_sample_workshop()
    first = build_roadmap(w).order[0]
    pilot = next(p for p in build_roadmap(w).phases if p.use_case_id == first and p.phase == PhaseName.PILOT)
    row = _gantt_row(w, first, PhaseName.PILOT)
    start, end = pilot.start + timedelta(weeks=2), pilot.end + timedelta(weeks=5)
    data = _edit(
        build_workbook(analyse(w, today=date.today())), GANTT_SHEET, {f"C{row}": start, f"D{row}": end}
    )  # typed over the formulas
    back, changes = read_own_workbook("gantt.xlsx", data)
    assert back.use_case(first).overrides[PhaseName.PILOT].start == start  # was dropped: "No edits were made"
    assert len(changes) == 1 and "kept as a manual override" in changes[0]


def test_a_phase_changed_on_both_sheets_keeps_the_roadmap_sheet_and_says_so():
    w = load_sample_workshop()
    first = build_roadmap(w).order[0]
    pilot = next(p for p in build_roadmap(w).phases if p.use_case_id == first and p.phase == PhaseName.PILOT)
    ws = load_workbook(io.BytesIO(build_workbook(analyse(w, today=date.today()))))[ROADMAP_SHEET]
    roadmap_row = next(
        r for r in range(2, ws.max_row + 1) if (ws[f"A{r}"].value, ws[f"C{r}"].value) == (first, "pilot")
    )
    data = _edit(
        build_workbook(analyse(w, today=date.today())),
        ROADMAP_SHEET,
        {f"D{roadmap_row}": pilot.start + timedelta(weeks=1)},
    )
    gantt_row = _gantt_row(w, first, PhaseName.PILOT)
    moved = {f"C{gantt_row}": pilot.start + timedelta(weeks=9), f"D{gantt_row}": pilot.end + timedelta(weeks=9)}
    data = _edit(data, GANTT_SHEET, moved)
    back, changes = read_own_workbook("both.xlsx", data)
    assert back.use_case(first).overrides[PhaseName.PILOT].start == pilot.start + timedelta(weeks=1)
    assert any(f"Gantt sheet, row {gantt_row}" in c and "Roadmap sheet's dates are used" in c for c in changes)


def test_cli_export_and_import_round_trip(tmp_path: Path):
    xlsx = tmp_path / "plan.xlsx"
    out = tmp_path / "back.json"
    run = [sys.executable, "-m", "planner"]
    done = subprocess.run([*run, "export", str(SAMPLE_WORKSHOP_PATH), "-o", str(xlsx)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    done = subprocess.run([*run, "import", str(xlsx), "-o", str(out)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert parse_workshop(out.read_bytes()) == load_sample_workshop()


def test_cli_exports_html_csv_and_refuses_unknown_suffix(tmp_path: Path):
    run = [sys.executable, "-m", "planner", "export", str(SAMPLE_WORKSHOP_PATH), "-o"]
    assert subprocess.run([*run, str(tmp_path / "g.html")], capture_output=True).returncode == 0
    assert b"plotly" in (tmp_path / "g.html").read_bytes()[:5_000_000]
    assert subprocess.run([*run, str(tmp_path / "r.csv")], capture_output=True).returncode == 0
    assert (tmp_path / "r.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    bad = subprocess.run([*run, str(tmp_path / "r.docx")], capture_output=True, text=True)
    assert bad.returncode == 2 and "choose an output ending in" in bad.stderr


def test_cli_exports_the_gantt_as_a_16_9_slide_or_says_what_it_needs(tmp_path: Path):
    from planner.rendering.export import SLIDE_HEIGHT, SLIDE_WIDTH, image_export_problem

    run = [sys.executable, "-m", "planner", "export", str(SAMPLE_WORKSHOP_PATH), "-o"]
    png = subprocess.run([*run, str(tmp_path / "roadmap.png")], capture_output=True, text=True)
    pdf = subprocess.run([*run, str(tmp_path / "roadmap.pdf")], capture_output=True, text=True)
    if image_export_problem() is not None:  # no browser here: a clear refusal, never a traceback
        for result in (png, pdf):
            assert result.returncode == 2 and "apt-get install chromium" in result.stderr
        return
    assert png.returncode == 0 and pdf.returncode == 0, png.stderr + pdf.stderr
    header = (tmp_path / "roadmap.png").read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    assert (int.from_bytes(header[16:20]), int.from_bytes(header[20:24])) == (SLIDE_WIDTH, SLIDE_HEIGHT)
    assert (tmp_path / "roadmap.pdf").read_bytes()[:5] == b"%PDF-"


def test_cli_import_csv_with_map_override(tmp_path: Path):
    source = tmp_path / "list.csv"
    source.write_text("Project,Team,Notes\nChatbot,Service,helps\nForecast,Supply,predicts\n", encoding="utf-8")
    out = tmp_path / "w.json"
    cmd = [sys.executable, "-m", "planner", "import", str(source), "-o", str(out), "--map", "description=Notes"]
    done = subprocess.run(cmd, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    w = parse_workshop(out.read_bytes())
    assert [(uc.name, uc.department, uc.description) for uc in w.use_cases] == [
        ("Chatbot", "Service", "helps"),
        ("Forecast", "Supply", "predicts"),
    ]
    bad = subprocess.run([*cmd[:-1], "description=Nope"], capture_output=True, text=True)
    assert bad.returncode == 2 and "has no column 'Nope'" in bad.stderr


def test_dump_is_what_meta_holds():
    w = load_sample_workshop()
    ws = load_workbook(io.BytesIO(build_workbook(analyse(w, today=date.today()))))["_meta"]
    chunks = [ws.cell(row=r, column=1).value for r in range(3, ws.max_row + 1)]
    assert "".join(c for c in chunks if c) == dump_workshop(w)


def test_prerequisites_separated_by_semicolons_come_back_as_in_the_table():
    """Was: 'a; b' in Depends on was accepted in the app's table but refused when typed in the workbook."""
    w = load_sample_workshop()
    first, second, third = (uc.id for uc in w.use_cases[:3])
    data = build_workbook(analyse(w, today=date.today()))
    depends_col = _column(data, USE_CASES_SHEET, "Depends on")
    row = next(i for i, uc in enumerate(w.use_cases, start=2) if uc.id == third)
    back, changes = read_own_workbook(
        "deps.xlsx", _edit(data, USE_CASES_SHEET, {f"{depends_col}{row}": f"{first}; {second}"})
    )
    assert back.use_case(third).depends_on == [first, second]
    assert any(third in c or back.use_case(third).name in c for c in changes)
    table, problems = apply_table_edits(
        w, edited_rows={row - 2: {"depends_on": f"{first}; {second}"}}, added_rows=[], deleted_rows=[]
    )
    assert problems == [] and table.use_case(third).depends_on == back.use_case(third).depends_on


def test_costs_edited_in_excel_come_back_and_an_emptied_cost_falls_back_to_the_default():
    w = load_sample_workshop()
    data = build_workbook(analyse(w, today=date.today()))
    pilot_col = _column(data, USE_CASES_SHEET, "Pilot cost (k)")
    run_col = _column(data, USE_CASES_SHEET, "Run cost per year (k)")
    data = _edit(data, USE_CASES_SHEET, {f"{pilot_col}2": 95.5, f"{run_col}2": None})
    back, changes = read_own_workbook("costs.xlsx", data)
    first = back.use_case(w.use_cases[0].id)
    assert first.costs.pilot == 95.5 and first.costs.run_per_year is None
    assert first.costs.scaling == w.use_cases[0].costs.scaling
    assert changes == [f"Changed in Excel: {first.name} (costs)."]
    assert back.finance == w.finance  # the organisation defaults come back from the hidden copy


def test_a_negative_cost_in_excel_is_refused_naming_the_sheet_row_and_field():
    import pytest

    from planner.domain.errors import WorkshopInputError

    w = load_sample_workshop()
    data = build_workbook(analyse(w, today=date.today()))
    scaling_col = _column(data, USE_CASES_SHEET, "Scaling cost (k)")
    data = _edit(data, USE_CASES_SHEET, {f"{scaling_col}3": -10})
    with pytest.raises(WorkshopInputError) as caught:
        read_own_workbook("bad.xlsx", data)
    assert any(line.startswith(f"{USE_CASES_SHEET} sheet, row 3: costs.scaling") for line in caught.value.problems)
