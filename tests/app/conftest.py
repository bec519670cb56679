import os
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from planner.formats.workshop_json import load_sample_workshop
from planner.storage.store import Role, Store, database_url

APP = str(Path(__file__).resolve().parents[2] / "app.py")


@pytest.fixture
def app() -> AppTest:
    """The app on its first run: the example workshop is loaded."""
    at = AppTest.from_file(APP, default_timeout=30)
    return at


@pytest.fixture
def links() -> dict[str, str]:
    """A workshop in storage (the example) and its link tokens: w, and one per role."""
    store = Store(database_url(environ=os.environ))
    access = store.create(load_sample_workshop())
    tokens = store.tokens(access)
    store.dispose()
    return {"w": access.workshop_id, **{role.value: getattr(tokens, role.value) for role in Role}}
