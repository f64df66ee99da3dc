"""The HTTP service and web page over the event store (``dotterel serve``).

``create_app(settings)`` builds a FastAPI application from its settings alone; nothing
here is global and nothing heavy is imported until an app is built (FastAPI) or a
request needs it (the store, the spaCy pipeline).
"""

from __future__ import annotations

from .settings import Settings, is_loopback, resolve_token

__all__ = ["Settings", "create_app", "is_loopback", "resolve_token"]


def create_app(settings: Settings):
    from .app import create_app as _create_app

    return _create_app(settings)
