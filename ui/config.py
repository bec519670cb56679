"""Settings read from the environment and `.streamlit/secrets.toml`, the local admin key, and the Host check.

Environment variables win over secrets. Nothing here holds a user's data.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
import socket
import sys
from pathlib import Path

import streamlit as st

from planner.storage.store import data_folder

ADMIN_KEY_FILE = "admin_key"
ADMIN_KEY_BYTES = 18
DEFAULT_CREATES_PER_CLIENT = 10
DEFAULT_CREATES_PER_SERVER = 100


def secret(section: str, key: str) -> str | None:
    try:
        value = st.secrets.get(section, {}).get(key)
    except Exception:  # st.secrets raises its own error when no secrets file exists
        return None
    return str(value) if value is not None else None


def _setting(env: str, section: str, key: str) -> str | None:
    return os.environ.get(env) or secret(section, key)


def hosted() -> bool:
    """Hosted mode: no workshop list; a workshop is reached only through its link."""
    flag = _setting("ROADMAP_HOSTED", "app", "hosted") or ""
    return flag.strip().lower() in {"1", "true", "yes"}


def creates_per_hour() -> tuple[int, int]:
    """Hosted mode: how many workshops one browser session, and the whole server, may create per hour."""

    def number(env: str, key: str, default: int) -> int:
        raw = _setting(env, "app", key)
        try:
            return max(1, int(raw)) if raw else default
        except ValueError:
            return default

    return (
        number("ROADMAP_CREATES_PER_CLIENT", "creates_per_client", DEFAULT_CREATES_PER_CLIENT),
        number("ROADMAP_CREATES_PER_SERVER", "creates_per_server", DEFAULT_CREATES_PER_SERVER),
    )


def admin_key() -> str:
    """The local admin key: from secrets, or kept in the data folder (made on first use, readable by its owner)."""
    configured = _setting("ROADMAP_ADMIN_KEY", "app", "admin_key")
    if configured:
        return configured
    return _admin_key_file(str(data_folder(os.environ)))


@st.cache_resource(show_spinner=False)
def _admin_key_file(folder: str) -> str:
    """Read or make the key once per server process, and print it in the terminal, as Jupyter does its token.

    A server-wide secret, not a user's data, so it may live in the resource cache.
    """
    path = Path(folder) / ADMIN_KEY_FILE
    try:
        key = path.read_text().strip() if path.exists() else ""
        if not key:
            path.parent.mkdir(parents=True, exist_ok=True)
            key = secrets.token_urlsafe(ADMIN_KEY_BYTES)
            path.write_text(key + "\n")
            path.chmod(0o600)
    except OSError:
        key = secrets.token_urlsafe(ADMIN_KEY_BYTES)  # an unwritable folder: valid until the server stops
    port = st.get_option("server.port")
    print(
        "\n  Roadmap Planner admin key (lists and opens every workshop on this computer):\n"
        f"    {key}\n  Open http://localhost:{port}/?admin={key} or type the key on the Workshop page.\n"
        f"  It is kept in {path}.\n",
        file=sys.stderr,
        flush=True,
    )
    return key


def allowed_hosts() -> set[str]:
    """Host names (besides IP addresses and localhost) this server answers to: its own names and a list."""
    names = {"localhost"}
    try:
        hostname = socket.gethostname().lower()
        names |= {hostname, f"{hostname}.local", socket.getfqdn().lower()}
    except OSError:
        pass
    address = st.get_option("server.address")
    if address:
        names.add(str(address).lower())
    configured = _setting("ROADMAP_ALLOWED_HOSTS", "app", "allowed_hosts") or ""
    names |= {n.strip().lower() for n in configured.split(",") if n.strip()}
    return names


def host_of(header: str) -> str:
    """`example.org:8501` -> `example.org`; `[::1]:8501` -> `::1`."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:].split("]", 1)[0]
    if header.count(":") == 1:
        return header.split(":", 1)[0]
    return header


def host_allowed(header: str | None, *, names: set[str], open_to_any: bool) -> bool:
    """Refuse a Host this server does not serve, so a DNS-rebinding page cannot reach a laptop's app.

    An IP address is always fine: rebinding needs a domain name. `open_to_any` is hosted mode with no list
    configured, where the public name is not known in advance.
    """
    if not header or open_to_any:
        return True  # no browser sends a request without Host; test clients do
    host = host_of(header)
    if "*" in names or host in names:
        return True
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def host_check_open() -> bool:
    """Hosted mode without ROADMAP_ALLOWED_HOSTS accepts any Host (the public name is the platform's)."""
    return hosted() and not (_setting("ROADMAP_ALLOWED_HOSTS", "app", "allowed_hosts") or "").strip()
