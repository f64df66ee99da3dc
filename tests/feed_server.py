"""A local HTTP server for feed tests: loopback only, routes set by the test, hits counted.

Each route answers with a fixed body and can be made slow (a timeout), failing for its
first N requests (500 then recovery), or conditional (ETag: 304 Not Modified).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    body: str
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    etag: str | None = None
    delay: float = 0.0
    fail_first: int = 0  # answer 500 to this many requests first
    hits: int = 0
    agents: list[str] = field(default_factory=list)


class FeedServer:
    def __init__(self):
        self.routes: dict[str, Route] = {}
        self.lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - http.server's name
                server._answer(self)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def add(self, path: str, body: str, **kwargs) -> Route:
        with self.lock:
            route = self.routes[path] = Route(body, **kwargs)
        return route

    def _answer(self, request: BaseHTTPRequestHandler) -> None:
        with self.lock:
            route = self.routes.get(request.path)
            if route is not None:
                route.hits += 1
                route.agents.append(request.headers.get("User-Agent", ""))
                hit = route.hits
        if route is None:
            request.send_response(404)
            request.end_headers()
            return
        if route.delay:
            time.sleep(route.delay)
        if hit <= route.fail_first:
            status, body = 500, b"server error"
        elif route.etag and request.headers.get("If-None-Match") == route.etag:
            status, body = 304, b""
        else:
            status, body = route.status, route.body.encode("utf-8")
        try:
            request.send_response(status)
            request.send_header("Content-Type", route.content_type)
            if route.etag:
                request.send_header("ETag", route.etag)
            request.send_header("Content-Length", str(len(body)))
            request.end_headers()
            request.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout test)

    def __enter__(self) -> "FeedServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def rss(title: str, items: list[tuple[str, str, str]]) -> str:
    """An RSS 2.0 document; items are (guid, link, title)."""
    body = "".join(
        f"<item><guid>{guid}</guid><link>{link}</link><title>{name}</title>"
        f"<pubDate>Tue, 12 Mar 2024 08:00:00 GMT</pubDate></item>" for guid, link, name in items)
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>{title}</title>'
            f"<link>http://example.invalid/</link><description>test</description>{body}</channel></rss>")


def atom(title: str, items: list[tuple[str, str, str]]) -> str:
    """An Atom 1.0 document; items are (id, link, title)."""
    body = "".join(
        f'<entry><id>{guid}</id><link href="{link}"/><title>{name}</title>'
        f"<updated>2024-03-12T08:00:00Z</updated></entry>" for guid, link, name in items)
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>{title}</title><id>urn:test:{title}</id><updated>2024-03-12T08:00:00Z</updated>{body}</feed>")


def page(title: str, paragraphs: list[str]) -> str:
    """An article page trafilatura can read: a headline, a byline and paragraphs in <article>."""
    text = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<html><head><title>{title}</title>"
            f'<meta property="article:published_time" content="2024-03-12"></head>'
            f"<body><nav><a href='/'>Home</a></nav><article><h1>{title}</h1>{text}</article>"
            f"<footer>Copyright</footer></body></html>")
