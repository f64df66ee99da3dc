"""Settings of one service instance, and where its API token comes from."""

from __future__ import annotations

import ipaddress
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

TOKEN_ENV = "DOTTEREL_TOKEN"


@dataclass(frozen=True)
class Settings:
    """Everything an app needs; ``create_app`` reads nothing else (no environment, no globals)."""

    db_path: str | Path  # the store: a path or SCHEME:LOCATION (dotterel.store.backend.open_store)
    token: str
    host: str = "127.0.0.1"
    port: int = 8000
    max_body_bytes: int = 2_000_000  # larger request bodies get 413
    max_articles: int = 100  # articles per POST /v1/articles; more get 413
    max_limit: int = 1000  # largest page of GET /v1/events
    cors_origins: tuple[str, ...] = ()  # no CORS headers unless origins are given
    preload_coder: bool = False  # load the spaCy pipeline at startup instead of on first use
    coder_process: bool = True  # code in a child process (readers never wait for the parser's GIL)
    coder_options: object | None = None  # dotterel.pipeline.Options; default Options()

    def __post_init__(self):
        if not self.token:
            raise ValueError("the service needs a non-empty API token")

    @property
    def reads_need_token(self) -> bool:
        """Bound to anything but loopback, reading needs the token too."""
        return not is_loopback(self.host)


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name: assume it is reachable from outside


def token_path(db_path: Path) -> Path:
    return Path(f"{db_path}.token")


def resolve_token(db_path: Path, environ: Mapping[str, str] | None = None) -> tuple[str, bool, Path | None]:
    """The API token: ``DOTTEREL_TOKEN`` if set, else the one saved beside the database, else a new one.

    Returns ``(token, created, path)``; ``created`` is True only on the start that generated it
    (the caller shows it once).  The file is created readable by its owner only.
    """
    environ = os.environ if environ is None else environ
    given = environ.get(TOKEN_ENV, "").strip()
    if given:
        return given, False, None
    path = token_path(db_path)
    if path.exists():
        saved = path.read_text(encoding="utf-8").strip()
        if saved:
            return saved, False, path
    token = secrets.token_urlsafe(32)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(token + "\n")
    return token, True, path
