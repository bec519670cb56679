"""Imports from other tools, including a corpus of ugly and hostile files, each with its own clear message."""

import io
import zipfile

import pytest
from openpyxl import Workbook

from planner.domain.errors import WorkshopInputError
from planner.domain.models import default_criteria
from planner.domain.vocabulary import Objective, Stage
from planner.formats.header_mapping import guess_table_decimal, map_objective, map_stage, suggest_mapping
from planner.formats.imports import apply_import, import_report, rows_to_use_cases
from planner.formats.spreadsheets import read_table
from planner.formats.upload_safety import MAX_ROWS, UnsafeFileError, check_upload
from tests.builders import use_case, workshop

CRITERIA = default_criteria()


def xlsx_bytes(rows, *, merge: str | None = None) -> bytes:
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    if merge:
        ws.merge_cells(merge)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def refused(name: str, data: bytes) -> str:
    with pytest.raises(WorkshopInputError) as info:
        read_table(name, data)
    return " ".join(info.value.problems)


def imported(name: str, data: bytes, **kwargs):
    table = read_table(name, data)
    return table, rows_to_use_cases(table, suggest_mapping(table.headers, CRITERIA), criteria=CRITERIA, **kwargs)


# The corpus


def test_empty_file():
    assert "the file is empty" in refused("list.csv", b"")


def test_binary_junk():
    assert "not a spreadsheet or a CSV" in refused("list.csv", bytes(range(256)) * 8)


def test_cp1252_file_is_decoded():
    data = "Name,Description\nCafé triage,Résumé screening – fast\n".encode("cp1252")
    _, result = imported("list.csv", data)
    assert [uc.name for uc in result.use_cases] == ["Café triage"]
    assert result.use_cases[0].description == "Résumé screening – fast"


def test_utf8_bom_and_semicolons():
    data = "\ufeffTitle;Summary;Status\nInvoice matching;Match invoices;deployed\n".encode()
    table, result = imported("list.csv", data)
    assert table.headers == ["Title", "Summary", "Status"]
    assert result.use_cases[0].stage == Stage.PRODUCTION


def test_tab_separated_values_keep_leading_zeros_and_na():
    data = b"Id\tName\tDepartment\n001\tNA\tTRUE\n"
    table, result = imported("list.tsv", data)
    assert table.rows == [["001", "NA", "TRUE"]]
    assert result.use_cases[0].name == "NA" and result.use_cases[0].department == "TRUE"
    assert result.use_cases[0].id == "001"


def test_too_many_rows_is_refused_with_the_limit():
    data = ("Name\n" + "".join(f"Use case {i}\n" for i in range(50_000))).encode()
    assert f"more than {MAX_ROWS:,} rows" in refused("big.csv", data)


def test_a_100000_character_cell_leaves_out_that_row_only():
    data = ("Name,Description\nShort,ok\nLong," + "x" * 100_000 + "\n").encode()
    _, result = imported("list.csv", data)
    assert [uc.name for uc in result.use_cases] == ["Short"]
    (problem,) = result.problems
    assert problem.row == 3 and problem.column == "Description" and problem.blocking
    assert "100,000" in problem.expected


def test_formulas_stay_text_and_nul_bytes_are_removed():
    data = b'Name,Owner\n"=HYPERLINK(""http://x"",""y"")",Ann\x00e\n'
    _, result = imported("list.csv", data)
    assert result.use_cases[0].name == '=HYPERLINK("http://x","y")'
    assert result.use_cases[0].owner == "Anne"


def test_merged_header_cells_are_named_and_reported():
    data = xlsx_bytes([["Use case", None, "Team"], ["Chatbot", "extra", "Service"]], merge="A1:B1")
    table, result = imported("list.xlsx", data)
    assert table.headers == ["Use case", "Column B", "Team"]
    assert any("Column B has no header" in n for n in table.notes)
    assert result.use_cases[0].name == "Chatbot" and result.use_cases[0].department == "Service"


def test_no_column_that_looks_like_a_name():
    table = read_table("list.csv", b"Colour,Size\nred,big\n")
    with pytest.raises(WorkshopInputError) as info:
        rows_to_use_cases(table, suggest_mapping(table.headers, CRITERIA), criteria=CRITERIA)
    assert "no column looks like the use case name" in info.value.problems[0]


def test_duplicate_headers_are_renamed_and_reported():
    table = read_table("list.csv", b"Name,Notes,Notes\nA,one,two\n")
    assert table.headers == ["Name", "Notes", "Notes (2)"]
    assert any("appears more than once" in n for n in table.notes)


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_macro_workbook_renamed_to_xlsx_is_refused():
    real = zipfile.ZipFile(io.BytesIO(xlsx_bytes([["Name"], ["A"]])))
    members = {n: real.read(n) for n in real.namelist()}
    members["xl/vbaProject.bin"] = b"\x00" * 64
    message = refused("innocent.xlsx", _zip(members))
    assert "macros" in message


def test_zip_bomb_is_refused_before_parsing():
    bomb = _zip({"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"<x/>", "xl/big.xml": b"\x00" * 60_000_000})
    assert "zip bomb" in refused("bomb.xlsx", bomb)


def test_xml_entity_bomb_is_refused():
    real = zipfile.ZipFile(io.BytesIO(xlsx_bytes([["Name"], ["A"]])))
    members = {n: real.read(n) for n in real.namelist()}
    lol = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>'
    )
    members["xl/worksheets/sheet1.xml"] = lol
    assert "XML entities" in refused("lol.xlsx", _zip(members))


def test_old_xls_and_not_a_zip():
    assert ".xls" in refused("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    assert "not a real .xlsx" in refused("fake.xlsx", b"Name\nA\n")


def test_upload_over_the_size_limit():
    with pytest.raises(UnsafeFileError) as info:
        check_upload("big.csv", b"x" * 100, limit=10)
    assert "the limit is" in info.value.problems[0]


# Mapping and values


def test_mapping_is_suggested_from_common_headers():
    headers = ["Use Case Name", "Summary of Use Case", "Bureau", "Development Stage", "Contact", "Data readiness"]
    mapping = suggest_mapping(headers, CRITERIA)
    assert mapping["name"] == "Use Case Name"
    assert mapping["description"] == "Summary of Use Case"
    assert mapping["department"] == "Bureau"
    assert mapping["stage"] == "Development Stage"
    assert mapping["owner"] == "Contact"
    assert mapping["data_readiness"] == "Data readiness"


@pytest.mark.parametrize(
    ("word", "stage"),
    [
        ("pilot", Stage.PILOT),
        ("In production", Stage.PRODUCTION),
        ("Deployed", Stage.PRODUCTION),
        ("operational", Stage.PRODUCTION),
        ("Pre-deployment", Stage.SCALING),
        ("planned", Stage.IDEA),
        ("Retired", Stage.RETIRED),
        ("on hold", None),
    ],
)
def test_stage_words(word, stage):
    assert map_stage(word) == stage


def test_objective_words():
    assert map_objective("Cost savings") == Objective.COST_REDUCTION
    assert map_objective("Revenue") == Objective.REVENUE_GROWTH
    assert map_objective("whatever") is None


def test_unmapped_values_get_the_chosen_default_and_are_reported():
    data = b"Name,Stage,Business value\nA,on hold,7\nB,pilot,4\n"
    _, result = imported("list.csv", data, default_stage=Stage.ASSESSMENT)
    a, b = result.use_cases
    assert a.stage == Stage.ASSESSMENT and "business_value" not in a.scores
    assert b.stage == Stage.PILOT and b.scores["business_value"] == 4
    messages = [p.message() for p in result.problems]
    assert "Row 2, column 'Stage': got 'on hold', expected a stage; set to assessment (default used)" in messages
    assert any("column 'Business value': got '7'" in m for m in messages)


def test_dependencies_resolve_within_the_import_and_unknown_ones_are_dropped():
    data = b'Id,Name,Depends on\nbase,Base,\ntop,Top,"base, ghost"\n'
    _, result = imported("list.csv", data)
    assert result.use_cases[1].depends_on == ["base"]
    assert any(p.value == "ghost" for p in result.problems)


def test_replace_and_append():
    w = workshop(use_case("a"), use_case("b"))
    incoming = [use_case("a", name="New A"), use_case("c")]
    replaced = apply_import(w, incoming, mode="replace")
    assert [uc.id for uc in replaced.use_cases] == ["a", "c"]
    appended = apply_import(w, incoming, mode="append")
    assert [uc.id for uc in appended.use_cases] == ["a", "b", "a-2", "c"]
    assert appended.use_case("a-2").name == "New A"


# Small files that would cost a lot: cells are counted as they are read, not as the file declares.


def _with_sheet_xml(sheet_xml: bytes) -> bytes:
    """A real workbook whose first sheet's XML is replaced."""
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes([["Name"], ["A"]])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = sheet_xml if item.filename == "xl/worksheets/sheet1.xml" else source.read(item)
            target.writestr(item, data)
    return out.getvalue()


def test_one_cell_at_the_last_row_is_refused_with_what_to_do():
    wb = Workbook()
    ws = wb.active
    ws.append(["Name"])
    ws.append(["Churn model"])
    ws.cell(row=1_048_576, column=1, value="stray")
    buffer = io.BytesIO()
    wb.save(buffer)
    data = buffer.getvalue()
    assert len(data) < 10_000
    message = refused("stray.xlsx", data)
    assert "stray.xlsx, sheet 'Sheet': something is written below row 100,000" in message
    assert "Delete the rows below the table" in message


def test_a_sheet_of_formatted_empty_cells_is_refused_before_it_is_parsed():
    rows = b"".join(
        b'<row r="%d">' % r
        + b"".join(b'<c r="%s%d" s="0"/>' % (col, r) for col in (b"A", b"B", b"C", b"D"))
        + b"</row>"
        for r in range(1, 104_001)
    )
    sheet = (
        b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main"><sheetData>' + rows + b"</sheetData></worksheet>"
    )
    data = _with_sheet_xml(sheet)
    assert len(data) < 10 * 2**20
    message = refused("blank.xlsx", data)
    assert "blank.xlsx: a sheet holds more than 400,000 cells" in message and "no more are read" in message


@pytest.mark.parametrize(
    "cell",
    [b'<c\tr="A1"/>', b"<c/>", b'<x:c\nr="A1"></x:c>', b"<c>", b'<ns.1:c r="A1"/>'],
    ids=["tab", "bare-empty", "prefixed-newline", "bare-open", "dotted-prefix"],
)
def test_every_way_of_writing_a_cell_counts_towards_the_limit(cell: bytes):
    # Each spelling is well-formed XML for a cell; none may slip past the count (a reviewer found `<c\t`, `<c/>`).
    rows = b"".join(b'<row r="%d">' % r + cell * 4 + b"</row>" for r in range(1, 104_001))
    sheet = (
        b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main"><sheetData>' + rows + b"</sheetData></worksheet>"
    )
    message = refused("spelled.xlsx", _with_sheet_xml(sheet))
    assert "a sheet holds more than 400,000 cells" in message


def test_blank_rows_inside_the_limits_are_skipped_not_imported():
    table = read_table("gaps.xlsx", xlsx_bytes([["Name"], [None], ["A"], [None], [None], ["B"]]))
    assert [row[0] for row in table.rows] == ["A", "B"]


# Issue 9: European numbers, Excel's "Unicode text", refusals in words, over-long names


def test_a_semicolon_csv_with_decimal_commas_reads_its_values_right():
    data = "Name;Value;Data readiness\nForecasting;45,5;4\nRouting;1.200;3\nTriage;1.234,5;2\n".encode("cp1252")
    table = read_table("europe.csv", data)
    mapping = {**suggest_mapping(table.headers, CRITERIA), "annual_value": "Value"}
    decimal = guess_table_decimal(table, mapping, CRITERIA)
    assert decimal == ","
    result = rows_to_use_cases(table, mapping, criteria=CRITERIA, decimal=decimal)
    assert [uc.annual_value for uc in result.use_cases] == [45.5, 1200.0, 1234.5]  # was 455, 1.2 and 12345
    assert result.problems == []


def test_values_that_do_not_fit_the_chosen_separator_are_flagged_not_misread():
    table = read_table("mixed.csv", b"Name,Value\nA,45,5\nB,12.5\n".replace(b"45,5", b'"45,5"'))
    result = rows_to_use_cases(table, {"name": "Name", "annual_value": "Value"}, criteria=CRITERIA, decimal=".")
    assert [uc.annual_value for uc in result.use_cases] == [None, 12.5]
    [flagged] = result.problems
    assert (flagged.row, flagged.column, flagged.value) == (2, "Value", "45,5")
    assert "1,234.5" in flagged.expected and not flagged.blocking


def test_a_comma_csv_without_proof_reads_decimal_points():
    table = read_table("plain.csv", b"Name,Value\nA,1.200\nB,7\n")
    assert guess_table_decimal(table, {"name": "Name", "annual_value": "Value"}, CRITERIA) == "."


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_text_as_excel_saves_unicode_text_is_read(encoding: str):
    text = "Name\tDescription\nCafé triage\tRésumé – screening\n"
    data = text.encode(encoding)
    assert check_upload("unicode.txt", data) == "csv"
    _, result = imported("unicode.txt", data)
    assert [(uc.name, uc.description) for uc in result.use_cases] == [("Café triage", "Résumé – screening")]


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "save it as .xlsx or .csv"),
        ("sheet.ods", b"PK-not-really", "save the file in one of those formats"),
        ("workshop.json", b'{"name": "x"}', "open it on the Workshop page"),
    ],
)
def test_files_the_app_cannot_import_are_refused_in_words(name: str, data: bytes, words: str):
    with pytest.raises(UnsafeFileError) as info:
        check_upload(name, data)
    assert words in " ".join(info.value.problems)


def test_over_long_names_are_kept_shortened_with_the_full_name_in_the_description():
    long_name = "Automated " + "document classification and routing " * 8
    data = f'Name,Description\n"{long_name}",Reads mail\nShort,\n'.encode()
    _, result = imported("inventory.csv", data)
    first = result.use_cases[0]
    assert len(result.use_cases) == 2  # no row is lost for its length
    assert len(first.name) <= 200 and first.name.endswith("…")
    assert long_name.strip().startswith(first.name.removesuffix("…"))
    assert first.description == f"Full name: {long_name.strip()}\n\nReads mail"
    [note] = result.problems
    assert note.column == "Name" and not note.blocking and "shortened" in note.expected


def test_the_import_report_says_what_came_in_what_was_left_out_and_what_took_a_default():
    long_name = "An inventory entry whose name runs on " * 8
    data = (
        "Name,Stage,Department,Business value\n"
        "Chatbot,Pilot,HR,4\n"
        ",Pilot,HR,3\n"  # no name: left out
        f'"{long_name}",Operation and Maintenance,Finance,2\n'  # too long: shortened
        "Forecast,on hold,Finance,9\n"  # stage not known, score out of range
        "Triage,on hold,,5\n"
    ).encode()
    _, result = imported("inventory.csv", data)
    report = import_report(result, mode="append", before=12)
    assert report[0] == "Added 4 use cases; the 12 already here were kept."
    assert report[1] == "By stage: Idea 2, Pilot 1, Production 1; from 3 departments."
    assert report[2:] == [
        "1 row left out:",
        "column 'Name' in 1 row: expected a name.",
        "3 rows imported with a default:",
        "column 'Stage' in 2 rows: expected a stage; set to idea.",
        "column 'Name' in 1 row: expected at most 200 characters; shortened, with the full name kept at the start "
        "of the description.",
        "column 'Business value' in 1 row: expected a whole number from 1 to 5; left empty.",
    ]
    assert import_report(result, mode="replace", before=12)[0] == "Replaced the 12 use cases that were here with 4."
    assert import_report(result, mode="replace", before=0)[0] == "Added 4 use cases."


def test_costs_from_another_tool_are_mapped_and_read_with_decimal_commas():
    data = (
        b"Use case;Pilot cost;Rollout cost;Running cost;Annual value\n"
        b"Invoice capture;120,5;240;60;600\n"
        b"Chat assistant;;1.200,0;-5;300\n"
    )
    table = read_table("inventory.csv", data)
    mapping = suggest_mapping(table.headers, CRITERIA)
    assert (mapping["pilot_cost"], mapping["scaling_cost"], mapping["run_cost"]) == (
        "Pilot cost",
        "Rollout cost",
        "Running cost",
    )
    decimal = guess_table_decimal(table, mapping, CRITERIA)
    assert decimal == ","
    result = rows_to_use_cases(table, mapping, criteria=CRITERIA, decimal=decimal)
    invoice, chat = result.use_cases
    assert (invoice.costs.pilot, invoice.costs.scaling, invoice.costs.run_per_year) == (120.5, 240, 60)
    assert (chat.costs.pilot, chat.costs.scaling, chat.costs.run_per_year) == (None, 1200, None)
    (bad,) = result.problems
    assert (bad.row, bad.column, bad.value) == (3, "Running cost", "-5")
    assert "left empty" in bad.message()


def test_a_replace_import_keeps_prerequisites_within_the_models_limits():
    """Found in review: the imported use cases go into the workshop without being validated again, and their
    prerequisites were set without a check, so 60 of them (and a repeat) were imported and the workshop saved
    could not be opened again."""
    from planner.domain.vocabulary import MAX_DEPENDENCIES
    from planner.formats.workshop_json import dump_workshop, parse_workshop

    names = [f"Base {i}" for i in range(60)]
    prerequisites = ";".join([f"base-{i}" for i in range(60)] + ["base-0"])
    data = ("Name,Depends on\n" + "".join(f"{n},\n" for n in names) + f"Top,{prerequisites}\n").encode()
    _, result = imported("list.csv", data)
    top = next(uc for uc in result.use_cases if uc.name == "Top")
    assert len(top.depends_on) == MAX_DEPENDENCIES and len(set(top.depends_on)) == MAX_DEPENDENCIES
    assert any(p.column == "Depends on" and "at most 50" in p.message() for p in result.problems)
    w = apply_import(workshop(), result.use_cases, mode="replace")
    assert parse_workshop(dump_workshop(w)) == w
