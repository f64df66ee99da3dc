"""Polite HTTP for feeds and article pages: conditional GET, timeouts, retries, robots.txt.

Standard library only (``urllib``).  One :class:`Fetcher` per watch run; it remembers
when it last asked each host (a per-host interval) and each host's robots.txt for a
while.  Transient failures (timeouts, connection errors, 429 and 5xx answers) are retried
with exponential backoff and then raised as :class:`FetchError`; permanent answers (304,
4xx) are returned for the caller to record.
"""

from __future__ import annotations

import logging
import socket
import time
import urllib.error
import urllib.request
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from .. import __version__
from .. import errors
from ..errors import DotterelError

log = logging.getLogger(__name__)

USER_AGENT = f"dotterel/{__version__} (political event coder; +https://github.com/dotterel/dotterel)"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
ROBOTS_RETRY = 300.0  # seconds before an unreadable robots.txt is asked for again


class FetchError(DotterelError):
    """A URL could not be fetched after the allowed retries."""

    def __init__(self, url: str, reason: str):
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason


@dataclass(frozen=True)
class FetchPolicy:
    user_agent: str = USER_AGENT
    timeout: float = 20.0  # seconds per request
    retries: int = 2  # further tries after the first, for transient failures
    backoff: float = 2.0  # seconds before the first retry; doubled each time
    host_interval: float = 1.0  # at least this long between two requests to one host
    max_bytes: int = 10 * 1024 * 1024  # a larger body is cut (and logged)
    robots_ttl: float = 3600.0  # how long a host's robots.txt is trusted


@dataclass(frozen=True)
class Response:
    url: str
    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)  # lower-case names

    @property
    def etag(self) -> str | None:
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("last-modified")


class Fetcher:
    """GETs URLs politely; ``sleep`` and ``clock`` are injectable for tests."""

    def __init__(self, policy: FetchPolicy | None = None, *, sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.monotonic):
        self.policy = policy or FetchPolicy()
        self._sleep = sleep
        self._clock = clock
        self._last_request: dict[str, float] = {}
        self._robots: dict[str, tuple[float, urllib.robotparser.RobotFileParser | None]] = {}  # host: (expires, rules)
        self._opener = urllib.request.OpenerDirector()  # http(s) only: no file:, ftp: or data: handlers
        for handler in (urllib.request.ProxyHandler, urllib.request.UnknownHandler, urllib.request.HTTPHandler,
                        urllib.request.HTTPSHandler, urllib.request.HTTPDefaultErrorHandler,
                        urllib.request.HTTPRedirectHandler, urllib.request.HTTPErrorProcessor):
            self._opener.add_handler(handler())

    # ------------------------------------------------------------------ requests
    def get(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Response:
        """One GET with retries; returns any final answer, raises FetchError when none came.
        Only http(s): a feed's link to file:///etc/passwd must not read the local disk."""
        if urlsplit(url).scheme.lower() not in ("http", "https"):
            raise FetchError(url, errors.E404)
        headers = {"User-Agent": self.policy.user_agent, "Accept-Encoding": "identity"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        delay = self.policy.backoff
        for attempt in range(self.policy.retries + 1):
            try:
                response = self._once(url, headers)
            except FetchError as exc:
                if attempt == self.policy.retries:
                    raise
                log.info("%s (try %d of %d); retrying in %.1f s", exc, attempt + 1, self.policy.retries + 1, delay)
            else:
                if response.status not in RETRY_STATUSES or attempt == self.policy.retries:
                    return response
                log.info("%s: HTTP %d (try %d); retrying in %.1f s", url, response.status, attempt + 1, delay)
            self._sleep(delay)
            delay *= 2
        raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises

    def _once(self, url: str, headers: dict[str, str]) -> Response:
        self._wait_for_host(url)
        request = urllib.request.Request(url, headers=headers)
        try:
            with self._opener.open(request, timeout=self.policy.timeout) as answer:
                body = self._read(answer, url)
                return Response(answer.geturl(), answer.status, body, _lower(answer.headers))
        except urllib.error.HTTPError as exc:  # 3xx not followed (304), 4xx, 5xx
            try:
                body = exc.read(self.policy.max_bytes)
            except (OSError, socket.timeout):
                body = b""
            return Response(url, exc.code, body, _lower(exc.headers or {}))
        except (urllib.error.URLError, socket.timeout, TimeoutError, ConnectionError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise FetchError(url, f"cannot fetch ({reason})") from exc

    def _read(self, answer, url: str) -> bytes:
        body = answer.read(self.policy.max_bytes + 1)
        if len(body) > self.policy.max_bytes:
            log.warning("%s: body larger than %d bytes; cut", url, self.policy.max_bytes)
            body = body[: self.policy.max_bytes]
        return body

    def _wait_for_host(self, url: str) -> None:
        host = urlsplit(url).netloc.lower()
        last = self._last_request.get(host)
        now = self._clock()
        if last is not None and now - last < self.policy.host_interval:
            self._sleep(self.policy.host_interval - (now - last))
        self._last_request[host] = self._clock()

    # ------------------------------------------------------------------ robots.txt
    def allowed(self, url: str) -> bool:
        """Whether robots.txt lets our user agent fetch ``url`` (no robots.txt: yes)."""
        parts = urlsplit(url)
        host = f"{parts.scheme}://{parts.netloc}"
        cached = self._robots.get(host)
        if cached is None or self._clock() > cached[0]:
            rules, ttl = self._load_robots(host)
            cached = (self._clock() + ttl, rules)
            self._robots[host] = cached
        rules = cached[1]
        return True if rules is None else rules.can_fetch(self.policy.user_agent, url)

    def _load_robots(self, host: str) -> tuple[urllib.robotparser.RobotFileParser | None, float]:
        """The host's rules (None: no rules) and how long to trust them.

        A robots.txt that cannot be read (no answer, 5xx) means asking the host nothing for a
        few minutes, as crawlers do; 401/403 forbid everything; another 4xx means no rules.
        """
        rules = urllib.robotparser.RobotFileParser()
        try:
            response = self.get(f"{host}/robots.txt")
        except FetchError as exc:
            log.warning("%s; fetching nothing from %s for now", exc, host)
            rules.disallow_all = True
            return rules, ROBOTS_RETRY
        if response.status >= 500:
            log.warning("%s/robots.txt: HTTP %d; fetching nothing from %s for now", host, response.status, host)
            rules.disallow_all = True
            return rules, ROBOTS_RETRY
        if response.status in (401, 403):
            rules.disallow_all = True
        elif response.status >= 400:
            return None, self.policy.robots_ttl
        else:
            rules.parse(response.body.decode("utf-8", errors="replace").splitlines())
        return rules, self.policy.robots_ttl


def _lower(headers) -> dict[str, str]:
    return {str(k).lower(): str(v) for k, v in headers.items()}
