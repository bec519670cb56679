from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")


@pytest.fixture
def app() -> AppTest:
    """The app on its first run: the example workshop is loaded."""
    at = AppTest.from_file(APP, default_timeout=30)
    return at
