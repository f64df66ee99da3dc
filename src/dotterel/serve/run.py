"""What ``dotterel serve`` does: find the token, build the app, run uvicorn."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from .. import errors
from ..errors import DotterelError
from .settings import Settings, is_loopback, resolve_token


def run(db: str | Path, host: str, port: int, cors: tuple[str, ...], say: Callable[[str], None]) -> int:
    """Serve until interrupted; returns the exit status.  ``say`` shows a line to the user (stderr)."""
    import uvicorn

    from .app import create_app

    try:  # a file that is not a store is one clear message here, not a traceback from inside the server
        from ..store.backend import open_store, store_location

        open_store(db).close()
    except DotterelError as exc:
        say(str(exc))
        return 2
    try:
        token, created, where = resolve_token(store_location(db))
    except OSError as exc:
        say(errors.E212.format(token_file=f"{store_location(db)}.token", detail=exc.strerror))
        return 2
    if created:
        say(f"generated an API token, shown only this once (kept in {where}, readable by you only):")
        say(f"    {token}")
    elif where is not None:
        say(f"API token: the one in {where}")
    if not is_loopback(host):
        say(f"bound to {host}: reading needs the token too")
    settings = Settings(db_path=db, token=token, host=host, port=port, cors_origins=cors, preload_coder=True)
    app = create_app(settings)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    config = uvicorn.Config(app, host=host, port=port, log_level="info", access_log=False, timeout_graceful_shutdown=5)
    server = uvicorn.Server(config)
    server.run()
    return 0 if server.started else 2
