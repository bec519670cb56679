"""Every setting of the app, read once per session into one typed object; the local admin key; the Host check.

Environment variables win over `.streamlit/secrets.toml` (sections [app] and [database]). A value that cannot be
used stops the app with a message naming the variable, instead of being ignored. Nothing here holds user data.
"""

from __future__ import annotations

import ipaddress
import secrets
import socket
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any

import streamlit as st
from pydantic import AliasChoices, Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, PydanticBaseSettingsSource, SettingsConfigDict

from planner.storage.store import DEFAULT_DATA_DIR, database_url

ADMIN_KEY_FILE = "admin_key"
ADMIN_KEY_BYTES = 18
SETTINGS_KEY = "settings"
# Setting -> (environment variable, where it sits in secrets.toml).
NAMES: Mapping[str, tuple[str, str]] = {
    "database_url": ("DATABASE_URL", "[database] url"),
    "data_dir": ("ROADMAP_DATA_DIR", "[app] data_dir"),
    "hosted": ("ROADMAP_HOSTED", "[app] hosted"),
    "creates_per_client": ("ROADMAP_CREATES_PER_CLIENT", "[app] creates_per_client"),
    "creates_per_server": ("ROADMAP_CREATES_PER_SERVER", "[app] creates_per_server"),
    "admin_key": ("ROADMAP_ADMIN_KEY", "[app] admin_key"),
    "allowed_hosts": ("ROADMAP_ALLOWED_HOSTS", "[app] allowed_hosts"),
}


def _alias(field: str) -> AliasChoices:
    return AliasChoices(NAMES[field][0], field)


class Settings(BaseSettings):
    """What an operator can set. The defaults are a laptop: SQLite in var/, every workshop listed."""

    model_config = SettingsConfigDict(extra="ignore", frozen=True, env_ignore_empty=True, populate_by_name=True)

    database_url: str | None = Field(None, validation_alias=_alias("database_url"))
    data_dir: Path = Field(DEFAULT_DATA_DIR, validation_alias=_alias("data_dir"))
    # Hosted: no workshop list, a workshop is reached only through its link, and creating is rate-limited.
    hosted: bool = Field(False, validation_alias=_alias("hosted"))
    creates_per_client: int = Field(10, ge=1, validation_alias=_alias("creates_per_client"))
    creates_per_server: int = Field(100, ge=1, validation_alias=_alias("creates_per_server"))
    admin_key: str | None = Field(None, min_length=12, validation_alias=_alias("admin_key"))
    allowed_hosts: Annotated[frozenset[str], NoDecode] = Field(frozenset(), validation_alias=_alias("allowed_hosts"))

    @field_validator("allowed_hosts", mode="before")
    @classmethod
    def _comma_separated(cls, value: Any) -> Any:
        if isinstance(value, str):
            return frozenset(n.strip().lower() for n in value.split(",") if n.strip())
        return value

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # The environment first; then what the app passes in from secrets.toml.
        return env_settings, init_settings

    @property
    def database(self) -> str:
        """The SQLAlchemy URL: DATABASE_URL, else SQLite in the data folder."""
        return database_url(environ={}, secrets_url=self.database_url, data_dir=self.data_dir)

    @property
    def host_check_open(self) -> bool:
        """Hosted mode without an allowed-host list accepts any Host (the public name is the platform's)."""
        return self.hosted and not self.allowed_hosts


class SettingsProblem(Exception):
    """A setting that cannot be used; the message names the variable and says what it needs."""


def _from_secrets() -> dict[str, Any]:
    try:
        app = dict(st.secrets.get("app", {}))
        database = dict(st.secrets.get("database", {}))
    except Exception:  # st.secrets raises its own error when no secrets file exists
        return {}
    values = {k: v for k, v in app.items() if k in NAMES and k != "database_url"}
    if database.get("url"):
        values["database_url"] = database["url"]
    return values


def read_settings(secrets_values: Mapping[str, Any] | None = None) -> Settings:
    """Read the environment and the given secrets; SettingsProblem names each value that cannot be used."""
    try:
        return Settings(**dict(secrets_values or {}))
    except ValidationError as exc:
        lines = []
        for error in exc.errors():
            name = str(error["loc"][0]) if error["loc"] else ""
            field = next((f for f, (env, _) in NAMES.items() if name in (f, env)), name)
            env, secret_name = NAMES.get(field, (name, name))
            lines.append(f"{env} (or {secret_name} in secrets.toml): {error['msg']}, got {error.get('input')!r}")
        raise SettingsProblem("; ".join(lines)) from None


def settings() -> Settings:
    """This session's settings, read on its first run (an operator's change applies to new sessions)."""
    current = st.session_state.get(SETTINGS_KEY)
    if not isinstance(current, Settings):
        current = read_settings(_from_secrets())
        st.session_state[SETTINGS_KEY] = current
    return current


def admin_key() -> str:
    """The local admin key: from the settings, or kept in the data folder (made on first use, owner-only)."""
    configured = settings().admin_key
    if configured:
        return configured
    return _admin_key_file(str(settings().data_dir))


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
    return names | settings().allowed_hosts


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
