"""What the first run imported is frozen out of the garbage collector's full scans, once per server process."""

from __future__ import annotations

from unittest import mock

from streamlit.testing.v1 import AppTest

from ui.memory import freeze_what_startup_made


def test_the_first_run_freezes_once_and_later_runs_do_not_again(app: AppTest):
    freeze_what_startup_made.clear()
    with mock.patch("ui.memory.gc.freeze") as freeze:
        app.run()
        app.switch_page("pages/facilitator/roadmap.py").run()
        app.run()
    assert not app.exception
    freeze.assert_called_once_with()
