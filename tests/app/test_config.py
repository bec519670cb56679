"""Settings, the Host check that turns away DNS-rebinding pages, and how a Host header is read."""

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import APP
from ui.settings import SettingsProblem, host_allowed, host_of, read_settings

NAMES = {"localhost", "laptop", "laptop.local", "planner.example.org"}


@pytest.mark.parametrize(
    ("header", "allowed"),
    [
        ("localhost:8501", True),
        ("127.0.0.1:8501", True),
        ("[::1]:8501", True),
        ("192.168.1.20:8501", True),  # the network address a phone uses: an IP cannot be rebound
        ("laptop.local:8501", True),
        ("PLANNER.example.org", True),
        ("attacker.example:8501", False),  # a domain the attacker points at 127.0.0.1
        ("localhost.attacker.example", False),
        ("127.0.0.1.nip.io:8501", False),
        (None, True),  # test clients send none; browsers always do
    ],
)
def test_only_this_servers_names_and_ip_addresses_are_served(header: str | None, allowed: bool) -> None:
    assert host_allowed(header, names=NAMES, open_to_any=False) is allowed


def test_a_star_or_hosted_mode_without_a_list_accepts_any_name() -> None:
    assert host_allowed("anything.example", names={*NAMES, "*"}, open_to_any=False)
    assert host_allowed("anything.example", names=NAMES, open_to_any=True)


def test_the_port_and_brackets_are_removed() -> None:
    assert host_of("Example.org:8501") == "example.org"
    assert host_of("[fe80::1]:8501") == "fe80::1"
    assert host_of("fe80::1") == "fe80::1"


# --- Settings: read once, typed, environment over secrets.toml ---------------------------------------------------


def test_the_environment_wins_over_secrets_and_lists_are_split(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.setenv("ROADMAP_CREATES_PER_CLIENT", "3")
    monkeypatch.setenv("ROADMAP_ALLOWED_HOSTS", " Planner.Example.org , ,intranet ")
    monkeypatch.setenv("ROADMAP_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    got = read_settings({"creates_per_client": 7, "creates_per_server": 40, "hosted": "yes"})
    assert (got.creates_per_client, got.creates_per_server, got.hosted) == (3, 40, True)
    assert got.allowed_hosts == {"planner.example.org", "intranet"}
    assert got.database == f"sqlite:///{tmp_path / 'roadmap.db'}"
    assert got.host_check_open is False


def test_database_url_from_secrets_when_the_environment_has_none(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert read_settings({"database_url": "postgresql://db/roadmap"}).database == "postgresql://db/roadmap"
    monkeypatch.setenv("DATABASE_URL", "postgresql://other/roadmap")
    assert read_settings({"database_url": "postgresql://db/roadmap"}).database == "postgresql://other/roadmap"


def test_a_value_that_cannot_be_used_is_named_not_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ROADMAP_CREATES_PER_CLIENT", "lots")
    with pytest.raises(SettingsProblem, match=r"ROADMAP_CREATES_PER_CLIENT \(or \[app\] creates_per_client"):
        read_settings()
    monkeypatch.setenv("ROADMAP_CREATES_PER_CLIENT", "0")
    with pytest.raises(SettingsProblem, match="greater than or equal to 1"):
        read_settings()


def test_the_app_says_which_setting_is_wrong_and_does_not_start(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ROADMAP_HOSTED", "perhaps")
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert not at.exception
    assert "ROADMAP_HOSTED (or [app] hosted in secrets.toml)" in at.error[0].value.replace("\\", "")
    assert not at.sidebar.button  # nothing else was drawn
