"""Every page runs without an exception, first on the example workshop and then on a blank one."""

import pytest
from streamlit.testing.v1 import AppTest

from planner.domain.models import Workshop

PAGES = [
    "pages/facilitator/workshop.py",
    "pages/facilitator/readiness.py",
    "pages/facilitator/use_cases.py",
    "pages/facilitator/prioritise.py",
    "pages/facilitator/roadmap.py",
    "pages/facilitator/gates.py",
    "pages/facilitator/share.py",
]


@pytest.mark.parametrize("page_path", PAGES)
def test_page_runs_on_the_example(app: AppTest, page_path: str):
    at = app.run()
    assert not at.exception
    at.switch_page(page_path).run()
    assert not at.exception
    assert at.title[0].value


@pytest.mark.parametrize("page_path", PAGES)
def test_page_runs_on_a_blank_workshop(app: AppTest, page_path: str):
    at = app
    at.session_state["workshop"] = Workshop(name="Blank")
    at.run()
    at.switch_page(page_path).run()
    assert not at.exception
