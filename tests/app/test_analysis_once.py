"""One analysis per workshop revision: a page rerun builds the roadmap at most once, and a rerun with nothing
changed builds nothing. Counted by wrapping build_roadmap wherever a module imported it."""

from __future__ import annotations

import importlib
import pkgutil
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

import planner
import ui
from planner.domain import schedule

PAGES = [
    "pages/facilitator/workshop.py",
    "pages/facilitator/readiness.py",
    "pages/facilitator/use_cases.py",
    "pages/facilitator/prioritise.py",
    "pages/facilitator/roadmap.py",
    "pages/facilitator/gates.py",
    "pages/facilitator/share.py",
]


@pytest.fixture
def roadmap_builds(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """A list that grows by one each time any module builds a roadmap."""
    calls: list[int] = []
    original = schedule.build_roadmap
    # Import every module first: one imported while patched would keep the wrapper after the test.
    for package in (planner, ui):
        for info in pkgutil.iter_modules(package.__path__, prefix=f"{package.__name__}."):
            if not info.name.endswith("__main__"):
                importlib.import_module(info.name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return original(*args, **kwargs)

    for name, module in list(sys.modules.items()):
        if name.split(".")[0] in ("planner", "ui") and getattr(module, "build_roadmap", None) is original:
            monkeypatch.setattr(module, "build_roadmap", counted)
    yield calls


@pytest.mark.parametrize("page", PAGES)
def test_a_page_rerun_builds_the_roadmap_at_most_once(app: AppTest, roadmap_builds: list[int], page: str) -> None:
    app.run()
    roadmap_builds.clear()
    app.switch_page(page).run()
    assert not app.exception
    assert len(roadmap_builds) == 0  # the first run already analysed this workshop: switching pages reuses it
    app.run()
    assert len(roadmap_builds) == 0


def test_the_first_run_builds_it_once_and_a_change_once_more(app: AppTest, roadmap_builds: list[int]) -> None:
    app.switch_page("pages/facilitator/roadmap.py").run()
    assert not app.exception
    assert len(roadmap_builds) == 1  # sidebar and page share one analysis
    before = {m.label: m.value for m in app.metric}
    roadmap_builds.clear()
    app.number_input(key="rm_max_parallel_pilots").set_value(1).run()
    assert not app.exception
    assert len(roadmap_builds) == 1
    assert app.session_state["workshop"].plan.max_parallel_pilots == 1
    # What the page shows is the new plan's, not the one kept from before: one pilot at a time ends later.
    after = {m.label: m.value for m in app.metric}
    assert after["All in production"] != before["All in production"]
    assert after["On the roadmap"] == before["On the roadmap"]
