"""The Host check that turns away DNS-rebinding pages, and how a Host header is read."""

import pytest

from ui.config import host_allowed, host_of

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
