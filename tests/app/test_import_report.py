"""The import wizard converts a file's rows once per choice of mapping, and after the import says what changed."""

from __future__ import annotations

from unittest import mock

from streamlit.testing.v1 import AppTest

from planner.formats import imports
from tests.app.test_behaviour import _current, _open
from tests.builders import use_case, workshop

CSV = (
    b"Use Case Name,Development Stage,Bureau\n"
    b"Chatbot,Pilot,HR\n"
    b",Pilot,HR\n"
    b"Forecast,on hold,Finance\n"
    b"Invoice matching,Operation and Maintenance,Finance\n"
)


def test_an_import_reports_what_it_changed_and_the_rows_are_converted_once(app: AppTest):
    at = _open(app, "pages/facilitator/use_cases.py", workshop(use_case("kept")))
    with mock.patch("ui.import_wizard.rows_to_use_cases", wraps=imports.rows_to_use_cases) as convert:
        at.file_uploader(key="uc_import_file").upload("inventory.csv", CSV, "text/csv").run()
        at.run()  # a rerun that changes nothing in the wizard
        at.run()
        assert convert.call_count == 1
        at.radio(key="uc_import_mode").set_value("replace").run()
        assert convert.call_count == 2  # a new choice converts again
        at.radio(key="uc_import_mode").set_value("append").run()
    assert not at.exception
    at.button(key="uc_import_go").click().run()
    assert not at.exception
    assert [uc.name for uc in _current(at).use_cases] == ["Kept", "Chatbot", "Forecast", "Invoice matching"]
    report = next(text for text in (s.value.replace("\\", "") for s in at.success) if "Imported inventory.csv" in text)
    assert "- Added 3 use cases; the 1 already here were kept." in report
    assert "- By stage: Idea 1, Pilot 1, Production 1; from 2 departments." in report
    assert "- 1 row left out:\n    - column 'Use Case Name' in 1 row: expected a name." in report
    assert "    - column 'Development Stage' in 1 row: expected a stage; set to idea." in report
