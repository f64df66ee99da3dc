"""The web page in a real browser: `dotterel serve` in a subprocess, headless Chromium driven over
the DevTools protocol, an article coded through the form, the highlights checked, screenshots saved.

Skips with the reason when Chromium (Debian's ``chromium``, installed by .ci/run) or the
``websockets`` package is missing.  Screenshots go to ``build/screenshots/`` in the repository
(or ``$DOTTEREL_SCREENSHOTS``).
"""

from __future__ import annotations

import base64
import itertools
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
SHOTS = Path(os.environ.get("DOTTEREL_SCREENSHOTS", ROOT / "build" / "screenshots"))
TOKEN = "browser-test-token-0123456789"
ARTICLE = (ROOT / "examples" / "article.txt").read_text(encoding="utf-8")
CHROMIUM = next(filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))), None)

pytestmark = [
    pytest.mark.model,
    pytest.mark.skipif(CHROMIUM is None, reason="no chromium on PATH (Debian: apt-get install chromium; .ci/run does it)"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    port = free_port()
    log = tmp_path_factory.mktemp("server") / "server.log"
    env = {**os.environ, "DOTTEREL_TOKEN": TOKEN}
    with log.open("w") as out:
        proc = subprocess.Popen([sys.executable, "-m", "dotterel.cli", "serve", "--db", str(log.parent / "events.duckdb"),
                                 "--port", str(port)], stdout=out, stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}"

    def healthy():
        if proc.poll() is not None:
            raise AssertionError(f"the server exited ({proc.returncode}):\n{log.read_text()}")
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as r:
                return json.load(r)["coder_loaded"]
        except OSError:
            return False

    try:
        wait_for(healthy, 180, "the server to load the coder")
        yield base
    finally:
        stop(proc)


class Page:
    """The smallest DevTools-protocol client that can drive one tab."""

    def __init__(self, ws):
        self.ws = ws
        self.ids = itertools.count(1)

    def send(self, method: str, **params):
        message_id = next(self.ids)
        self.ws.send(json.dumps({"id": message_id, "method": method, "params": params}))
        while True:
            reply = json.loads(self.ws.recv(timeout=60))
            if reply.get("id") == message_id:
                if "error" in reply:
                    raise AssertionError(f"{method}: {reply['error']}")
                return reply.get("result", {})

    def js(self, expression: str):
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise AssertionError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def screenshot(self, path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.send("Emulation.clearDeviceMetricsOverride")
        height = self.js("Math.ceil(document.documentElement.scrollHeight)")
        self.send("Emulation.setDeviceMetricsOverride", width=1280, height=int(height), deviceScaleFactor=1, mobile=False)
        data = self.send("Page.captureScreenshot", format="png", captureBeyondViewport=True)["data"]
        path.write_bytes(base64.b64decode(data))
        return path


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    websockets = pytest.importorskip("websockets.sync.client", reason="the websockets package drives Chromium")
    profile = tmp_path_factory.mktemp("chromium")
    proc = subprocess.Popen([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                             "--no-first-run", "--disable-extensions", "--remote-debugging-port=0",
                             "--remote-debugging-address=127.0.0.1", f"--user-data-dir={profile}",
                             "--window-size=1280,1600", "about:blank"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        active = profile / "DevToolsActivePort"
        wait_for(lambda: active.exists() and len(active.read_text().split()) >= 2, 60, "Chromium's DevTools port")
        port = active.read_text().split()[0]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as r:
            tab = next(t for t in json.load(r) if t["type"] == "page")
        with websockets.connect(tab["webSocketDebuggerUrl"], max_size=None, open_timeout=30) as ws:
            p = Page(ws)
            p.send("Page.enable")
            p.send("Runtime.enable")
            yield p
    finally:
        stop(proc)


def open_page(page: Page, base: str) -> None:
    page.send("Page.navigate", url=base + "/")
    wait_for(lambda: page.js("document.readyState === 'complete' && document.body && document.body.dataset.ready"), 30,
             "the page's script to start")


def test_an_article_coded_through_the_form_is_highlighted(server, page):
    open_page(page, server)
    page.js(f"""document.querySelector('#article-text').value = {json.dumps(ARTICLE)};
               document.querySelector('#article-date').value = '2024-03-14';
               document.querySelector('#code-submit').click(); true""")
    coded = wait_for(lambda: page.js("document.body.dataset.coded"), 120, "the coded article")
    assert coded != "error", page.js("document.querySelector('#code-status').textContent")
    # every highlight with its offsets in the shown text and the kinds it stands for
    marks = page.js("""(() => { let at = 0; const out = [];
        for (const node of document.querySelector('#coded-text').childNodes) {
          const n = node.textContent.length;
          if (node.nodeName === 'MARK') out.push([at, at + n, node.dataset.kinds.split(' ')]);
          at += n; }
        return out; })()""")
    shown = page.js("document.querySelector('#coded-text').textContent")
    items = page.js("[...document.querySelectorAll('#coded-events li')].map(li => li.textContent)")
    page.screenshot(SHOTS / "serve_code.png")
    # what the API says about the same article: the page must show exactly that
    request = urllib.request.Request(server + "/v1/code", method="POST", headers={"Content-Type": "application/json"},
                                     data=json.dumps({"text": ARTICLE, "date": "2024-03-14"}).encode())
    with urllib.request.urlopen(request, timeout=120) as r:
        api = json.load(r)
    assert shown == api["text"]  # the whole text, once, in order
    assert int(coded) == len(items) == len(api["events"]) > 0
    covered = {}  # character -> kinds highlighted there
    for start, end, kinds in marks:
        for i in range(start, end):
            covered[i] = set(kinds)
    for span in api["spans"]:
        for i in range(span["start"], span["end"]):
            assert span["kind"] in covered.get(i, ()), (span, shown[span["start"]:span["end"]])
    assert set(covered) == {i for s in api["spans"] for i in range(s["start"], s["end"])}  # nothing else marked
    kinds = {s["kind"] for s in api["spans"]}
    assert {"trigger", "actor", "place"} <= kinds
    for event in api["events"]:  # each trigger is highlighted where its evidence says
        e = event["evidence"]
        assert shown[e["trigger_start"]:e["trigger_end"]] == e["trigger"]
        assert all("trigger" in covered[i] for i in range(e["trigger_start"], e["trigger_end"]))
    consult = next(e for e in api["events"] if e["event"] == "CONSULT")
    place = consult["event_loc"]
    assert shown[place["start"]:place["end"]] == place["extracted_place"]
    assert all("place" in covered[i] for i in range(place["start"], place["end"]))
    for event, item in zip(api["events"], items):
        assert event["event"] in item and event["evidence"]["rule"] in item  # each event listed with its evidence


def test_stored_events_fill_the_table_map_and_timeline(server, page):
    open_page(page, server)
    page.js(f"""document.querySelector('#token').value = {json.dumps(TOKEN)};
               document.querySelector('#article-text').value = {json.dumps(ARTICLE)};
               document.querySelector('#article-date').value = '2024-03-14';
               document.querySelector('#store-submit').click(); true""")
    wait_for(lambda: page.js("document.querySelectorAll('#events-table tbody tr').length"), 120, "the events table")
    status = page.js("document.querySelector('#code-status').textContent")
    assert "new" in status, status
    rows = page.js("[...document.querySelectorAll('#events-table tbody tr')].map(r => r.textContent)")
    assert any("CONSULT" in row for row in rows)
    wait_for(lambda: page.js("document.querySelectorAll('#map-dots circle').length"), 30, "dots on the map")
    assert page.js("document.querySelector('#map-svg path.land').getAttribute('d').length") > 10000
    page.js("document.querySelector('#dyad-form').requestSubmit(); true")
    wait_for(lambda: page.js("document.querySelectorAll('#dyad-chart circle').length"), 30, "the dyad timeline")
    page.js("document.querySelector('#events-table tbody tr').click(); true")
    wait_for(lambda: page.js("document.querySelectorAll('#event-detail .mention').length"), 30, "the event's mentions")
    page.screenshot(SHOTS / "serve_page.png")


def test_the_api_docs_render_offline(server, page):
    page.send("Page.navigate", url=server + "/docs")
    wait_for(lambda: page.js("document.querySelectorAll('#operations .op').length"), 30, "the rendered API docs")
    paths = page.js("[...document.querySelectorAll('#operations .op code')].map(c => c.textContent)")
    for path in ("/v1/code", "/v1/articles", "/v1/events", "/v1/events/{event_id}", "/v1/dyads", "/v1/stats", "/healthz"):
        assert path in paths
    assert page.js("document.querySelectorAll('#schemas .op').length") >= 5
    page.screenshot(SHOTS / "serve_docs.png")
