"""The HTTP service (``dotterel.serve``): auth, limits, JSON errors, filters, the page and its assets.

The store is the real one, filled with hand-built events (no model needed); the tests that code
text through the API are marked ``model`` and share one app, so the pipeline loads once.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from dotterel.records import Article, Entity, Event, Evidence, Place
from dotterel.serve import Settings, create_app, is_loopback, resolve_token
from dotterel.serve.highlight import highlight_spans

TOKEN = "test-token-0123456789"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
STATIC = Path(__file__).parents[1] / "src" / "dotterel" / "serve" / "static"
SQL_METACHARACTERS = ["' OR '1'='1", "KEN'; DROP TABLE events; --", "%", "_", "K%", "\\", '"', "KEN' --", "*", "1=1"]

SENTENCES = [
    # (doc, text, trigger, category, actor (text, code), recipient (text, code), place (text, lat, lon, cc), date)
    ("doc-a", "Kenyan President Ruto met Ethiopian Prime Minister Abiy in Nairobi on Monday.", "met", "CONSULT",
     ("Kenyan President Ruto", "KEN"), ("Ethiopian Prime Minister Abiy", "ETH"), ("Nairobi", -1.28, 36.82, "KEN"), date(2024, 3, 11)),
    ("doc-b", "Ethiopian troops shelled a village near the Kenyan border on Friday.", "shelled", "ASSAULT",
     ("Ethiopian troops", "ETH"), ("a village", None), None, date(2024, 4, 5)),
    ("doc-c", "Kenya accused Ethiopia of violating the border deal in Moyale.", "accused", "ACCUSE",
     ("Kenya", "KEN"), ("Ethiopia", "ETH"), ("Moyale", 3.52, 39.05, "KEN"), date(2024, 4, 20)),
]


def make_event(doc_id, text, trigger, category, actor, recipient, place, when) -> Event:
    start = text.index(trigger)
    loc = None
    if place is not None:
        name, lat, lon, cc = place
        p = text.index(name)
        loc = Place(extracted_place=name, resolved_place=name, geonameid=None, lat=lat, lon=lon, country_code=cc,
                    province=None, feature_class="P", feature_code="PPL", resolution=4, start=p, end=p + len(name))
    quad = {"CONSULT": 1, "ACCUSE": 3, "ASSAULT": 4}[category]
    return Event(
        doc_id=doc_id, event=category, text=text, sequence=0, start=0, end=len(text),
        actor=[Entity(entity_text=actor[0], name=actor[0], code=actor[1], source_of_code="lexicon")],
        recipient=[Entity(entity_text=recipient[0], name=recipient[0], code=recipient[1], source_of_code="lexicon")],
        evidence=Evidence(trigger=trigger, trigger_start=start, trigger_end=start + len(trigger), rule="triggers.tsv:1"),
        quad_code=quad, cameo={"CONSULT": "040", "ACCUSE": "112", "ASSAULT": "195"}[category],
        confidence=0.9, date=when, date_source="sentence", event_loc=loc, id=f"{doc_id}-ev",
    )


def fill_store(path: Path) -> None:
    from dotterel.store import Store

    store = Store.open(path)
    try:
        for row in SENTENCES:
            doc_id, text, *_rest, when = row
            article = Article(doc_id=doc_id, text=text, date=when, source=f"wire-{doc_id}", origin=doc_id)
            assert store.ingest_coded(article, [make_event(*row)]) == "new"
    finally:
        store.close()


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("serve") / "events.duckdb"
    fill_store(path)
    return path


@pytest.fixture
def other_db(tmp_path) -> Path:
    """A second store for an app with other settings: DuckDB lets one process open a file once."""
    path = tmp_path / "other.duckdb"
    fill_store(path)
    return path


def app_for(db: Path, **overrides) -> TestClient:
    return TestClient(create_app(Settings(db_path=db, token=TOKEN, **overrides)))


@pytest.fixture(scope="module")
def client(db):
    with app_for(db) as c:
        yield c


# ------------------------------------------------------------------ settings and token


@pytest.mark.parametrize("host, loopback", [("127.0.0.1", True), ("localhost", True), ("::1", True), ("127.0.0.2", True),
                                            ("0.0.0.0", False), ("192.168.1.4", False), ("::", False), ("example.org", False)])
def test_which_addresses_are_loopback(host, loopback):
    assert is_loopback(host) is loopback
    assert Settings(db_path=Path("x"), token="t", host=host).reads_need_token is (not loopback)


def test_settings_refuse_an_empty_token():
    with pytest.raises(ValueError):
        Settings(db_path=Path("x"), token="")


def test_token_from_environment_wins(tmp_path):
    token, created, where = resolve_token(tmp_path / "a.duckdb", {"DOTTEREL_TOKEN": " abc "})
    assert (token, created, where) == ("abc", False, None)
    assert not (tmp_path / "a.duckdb.token").exists()


def test_generated_token_is_saved_for_its_owner_only_and_reused(tmp_path):
    token, created, where = resolve_token(tmp_path / "a.duckdb", {})
    assert created and len(token) >= 32 and where == tmp_path / "a.duckdb.token"
    assert where.stat().st_mode & 0o777 == 0o600
    again, created_again, _ = resolve_token(tmp_path / "a.duckdb", {})
    assert again == token and not created_again


# ------------------------------------------------------------------ highlight spans


def test_spans_come_from_the_offsets_and_the_entity_words():
    text = "Intro line.\nKenya's Ruto met Abiy in Nairobi. Abiy later left."
    s = text.index("Kenya's")
    event = {"event": "CONSULT", "text_info": {"start": s, "end": text.index(" Abiy later")},
             "evidence": {"trigger": "met", "trigger_start": text.index("met"), "trigger_end": text.index("met") + 3},
             "event_loc": {"resolved_place": "Nairobi", "start": text.index("Nairobi"), "end": text.index("Nairobi") + 7},
             "actor": [{"entity_text": "Ruto", "name": "William Ruto", "code": "KEN", "sector": "GOV"}],
             "recipient": [{"entity_text": "Abiy", "name": "Abiy Ahmed", "code": "ETH"}]}
    spans = highlight_spans(text, [event])
    got = {(s["kind"], text[s["start"]:s["end"]]) for s in spans}
    assert got == {("trigger", "met"), ("place", "Nairobi"), ("actor", "Ruto"), ("recipient", "Abiy")}
    abiy = next(s for s in spans if s["kind"] == "recipient")
    assert abiy["start"] == text.index("Abiy")  # in the event's sentence, not the later one
    assert next(s for s in spans if s["kind"] == "actor")["label"] == "KEN GOV"


def test_spans_that_do_not_fit_the_text_are_left_out():
    text = "Troops attacked the town."
    event = {"event": "ASSAULT", "text_info": {"start": 0, "end": len(text)},
             "evidence": {"trigger": "attacked", "trigger_start": 100, "trigger_end": 108},
             "event_loc": {"start": 3, "end": 1}, "actor": [{"entity_text": "Soldiers", "name": "x"}],
             "recipient": [{"entity_text": "", "name": "home", "code": "KEN"}]}
    assert highlight_spans(text, [event]) == []
    event["evidence"].update(trigger_start=7, trigger_end=15)
    assert [(s["kind"], s["start"], s["end"]) for s in highlight_spans(text, [event])] == [("trigger", 7, 15)]


def test_a_span_shared_by_two_events_lists_both():
    text = "Kenya met Ethiopia and Somalia."
    events = [{"event": "CONSULT", "evidence": {"trigger": "met", "trigger_start": 6, "trigger_end": 9},
               "actor": [{"entity_text": "Kenya", "name": "Kenya"}], "recipient": [{"entity_text": who, "name": who}]}
              for who in ("Ethiopia", "Somalia")]
    spans = highlight_spans(text, events)
    trigger = next(s for s in spans if s["kind"] == "trigger")
    assert trigger["events"] == [0, 1]
    assert [text[s["start"]:s["end"]] for s in spans if s["kind"] == "recipient"] == ["Ethiopia", "Somalia"]


# ------------------------------------------------------------------ auth


def test_health_needs_no_token(client):
    body = client.get("/healthz").json()
    assert body["status"] == "ok" and body["reads_need_token"] is False and body["coder_loaded"] is False


def test_writing_without_a_token_is_401(client):
    response = client.post("/v1/articles", json={"text": "Kenya met Ethiopia."})
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert "token" in response.json()["error"]


@pytest.mark.parametrize("header", ["Basic dXNlcjpwYXNz", "Bearer", "Token " + TOKEN])
def test_writing_with_a_malformed_authorization_is_401(client, header):
    response = client.post("/v1/articles", json={"text": "Kenya met Ethiopia."}, headers={"Authorization": header})
    assert response.status_code == 401, response.text


def test_writing_with_a_wrong_token_is_403(client):
    response = client.post("/v1/articles", json={"text": "Kenya met Ethiopia."}, headers={"Authorization": "Bearer nope"})
    assert response.status_code == 403
    assert response.json() == {"error": "wrong token"}


def test_reads_are_open_on_loopback(client):
    assert client.get("/v1/events").status_code == 200


def test_reads_need_the_token_off_loopback(other_db):
    with app_for(other_db, host="0.0.0.0") as c:
        for path in ("/v1/events", "/v1/stats", "/v1/dyads", "/v1/events/doc-a-ev"):
            assert c.get(path).status_code == 401, path
            assert c.get(path, headers={"Authorization": "Bearer wrong"}).status_code == 403, path
        assert c.post("/v1/code", json={"text": "x"}).status_code == 401
        assert c.get("/v1/events", headers=AUTH).status_code == 200
        assert c.get("/healthz").json()["reads_need_token"] is True


# ------------------------------------------------------------------ limits and bad input


def test_an_oversized_body_is_413(other_db):
    with app_for(other_db, max_body_bytes=1000) as c:
        response = c.post("/v1/articles", json={"text": "x" * 2000}, headers=AUTH)
        assert response.status_code == 413
        assert "1000 bytes" in response.json()["error"]
        # no Content-Length (chunked): counted while it is read
        chunked = c.post("/v1/code", content=iter([b'{"text": "', b"y" * 800, b"z" * 800, b'"}']),
                         headers={"Content-Type": "application/json"})
        assert chunked.status_code == 413


def test_too_many_articles_in_one_request_is_413(other_db):
    with app_for(other_db, max_articles=2) as c:
        response = c.post("/v1/articles", json=[{"text": f"Article {i}."} for i in range(3)], headers=AUTH)
        assert response.status_code == 413
        assert "at most 2" in response.json()["error"]


@pytest.mark.parametrize("body", [b"\xff\xfe{\"text\": \"a\"}", b"[" * 100_000, b'{"text": "Kenya met\x00'])
def test_bodies_json_cannot_parse_are_422_with_a_message(client, body):
    response = client.post("/v1/articles", content=body, headers={**AUTH, "Content-Type": "application/json"})
    assert response.status_code == 422, response.text
    assert response.json()["error"].startswith("malformed JSON")


def test_malformed_json_is_422_with_a_message(client):
    response = client.post("/v1/articles", content=b'{"text": "Kenya met', headers={**AUTH, "Content-Type": "application/json"})
    assert response.status_code == 422
    assert response.json()["error"].startswith("malformed JSON at character ")


@pytest.mark.parametrize("body, words", [
    ({"title": "no text"}, "text: Field required"),
    ({"text": ""}, "text: String should have at least 1 character"),
    ({"text": "   \n "}, "empty text"),
    ({"text": "a\x00b"}, "binary"),
    ({"text": "Kenya met Ethiopia.", "date": "yesterday"}, "date"),
    ({"text": "Kenya met Ethiopia.", "colour": "red"}, "colour: Extra inputs are not permitted"),
    ([], "no articles"),
    ([{"text": "Kenya met Ethiopia."}, {"title": "b"}], "invalid request: 1.text: Field required"),
    ({"articles": [{"txt": "a"}]}, "articles.0.text: Field required; articles.0.txt: Extra inputs are not permitted"),
    ("just a string", "must be a JSON article object, an array of them"),
])
def test_bad_articles_are_422_with_a_message(client, body, words):
    response = client.post("/v1/articles", json=body, headers=AUTH)
    assert response.status_code == 422, response.text
    assert words in response.json()["error"]


@pytest.mark.parametrize("query, words", [
    ("/v1/events?since=last-week", "since"), ("/v1/events?limit=0", "limit"), ("/v1/events?limit=100000", "limit"),
    ("/v1/events?offset=-1", "offset"), ("/v1/dyads?by=year", "by"), ("/v1/events?actor=" + "A" * 300, "actor"),
])
def test_bad_query_parameters_are_422_with_a_message(client, query, words):
    response = client.get(query)
    assert response.status_code == 422, response.text
    assert words in response.json()["error"]


def test_unknown_paths_and_methods_answer_json(client):
    assert client.get("/v2/events").json() == {"error": "Not Found"}
    assert client.delete("/v1/events").status_code == 405
    assert client.get("/v1/events/no-such-event").status_code == 404
    assert "no event" in client.get("/v1/events/no-such-event").json()["error"]


# ------------------------------------------------------------------ queries


def ids(response) -> list[str]:
    assert response.status_code == 200, response.text
    return [e["id"] for e in response.json()["events"]]


def test_filters_select_the_right_events(client):
    all_ids = ids(client.get("/v1/events"))
    assert len(all_ids) == 3
    ken = client.get("/v1/events", params={"actor": "KEN"}).json()["events"]
    assert {e["event"] for e in ken} == {"CONSULT", "ACCUSE"}
    assert all(any(a["code"] == "KEN" for a in e["actor"]) for e in ken)
    assert [e["event"] for e in client.get("/v1/events", params={"event": "ASSAULT"}).json()["events"]] == ["ASSAULT"]
    april = client.get("/v1/events", params={"since": "2024-04-01", "until": "2024-04-30"}).json()["events"]
    assert {e["event"] for e in april} == {"ASSAULT", "ACCUSE"}
    stored = client.get("/v1/events", params={"actor": "KEN", "recipient": "ETH", "event": "CONSULT"}).json()["events"]
    assert len(stored) == 1 and stored[0]["num_mentions"] >= 1 and stored[0]["event_loc"]["resolved_place"] == "Nairobi"


def test_pages_do_not_overlap(client):
    first = client.get("/v1/events", params={"limit": 2}).json()
    assert first["next_offset"] == 2 and len(first["events"]) == 2
    second = client.get("/v1/events", params={"limit": 2, "offset": 2}).json()
    assert second["next_offset"] is None and len(second["events"]) == 1
    assert not {e["id"] for e in first["events"]} & {e["id"] for e in second["events"]}


@pytest.mark.parametrize("value", SQL_METACHARACTERS)
@pytest.mark.parametrize("name", ["actor", "recipient", "event", "country"])
def test_sql_metacharacters_in_filters_find_nothing_and_harm_nothing(client, name, value):
    assert ids(client.get("/v1/events", params={name: value})) == []
    if name in ("actor", "recipient"):
        response = client.get("/v1/dyads", params={name: value})
        assert response.status_code == 200 and response.json()["dyads"] == []


def test_sql_metacharacters_leave_the_store_whole(client):
    before = client.get("/v1/stats").json()
    for value in SQL_METACHARACTERS:
        client.get("/v1/events", params={"actor": value})
        assert client.get(f"/v1/events/{value}").status_code in (404, 405)
    assert client.get("/v1/stats").json() == before
    assert len(ids(client.get("/v1/events"))) == 3


def test_one_event_comes_with_its_mentions_and_evidence(client):
    event_id = client.get("/v1/events", params={"event": "CONSULT"}).json()["events"][0]["id"]
    detail = client.get(f"/v1/events/{event_id}").json()
    assert detail["id"] == event_id and detail["event"] == "CONSULT"
    assert len(detail["mentions"]) == 1
    mention = detail["mentions"][0]
    assert "met" in str(mention)  # the trigger as evidence
    assert "Kenyan President Ruto met" in str(mention)  # the sentence


def test_store_responses_match_the_documented_models(client):
    from dotterel.serve import models

    page = models.EventsPage.model_validate(client.get("/v1/events").json())
    assert len(page.events) == 3 and all(e.num_mentions == 1 for e in page.events)
    detail = models.EventDetail.model_validate(client.get(f"/v1/events/{page.events[0].id}").json())
    assert detail.mentions
    dyads = models.DyadsResponse.model_validate(client.get("/v1/dyads").json())
    assert dyads.dyads


def test_dyads_and_stats(client):
    rows = client.get("/v1/dyads", params={"by": "month", "actor": "KEN", "recipient": "ETH"}).json()
    assert rows["by"] == "month" and rows["dyads"]
    assert all(r.get("actor", "KEN") == "KEN" for r in rows["dyads"])
    stats = client.get("/v1/stats").json()
    assert isinstance(stats, dict) and stats


# ------------------------------------------------------------------ the page, its assets, docs, headers


def test_the_page_and_every_asset_it_names_are_served(client):
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assets = re.findall(r'(?:src|href)="(/static/[^"]+)"', page.text)
    assert "/static/app.js" in assets and "/static/app.css" in assets
    for asset in assets + ["/static/world.json", "/static/docs.js"]:
        assert client.get(asset).status_code == 200, asset
    world = client.get("/static/world.json").json()
    rings = [ring for country in world["countries"] for ring in country["rings"]]
    assert len(world["countries"]) > 150 and len(rings) > 200
    assert all(-180 <= lon <= 180 and -90 <= lat <= 90 for ring in rings for lon, lat in ring)


def test_no_asset_loads_anything_from_elsewhere():
    for path in STATIC.iterdir():
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", text), path
        assert not re.search(r"""(?:fetch|import|url)\s*\(\s*["']?(?:https?:)?//""", text), path
        assert "@import" not in text, path


def test_the_csp_forbids_other_origins(client):
    csp = client.get("/").headers["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp


@pytest.mark.parametrize("path", ["/static/../settings.py", "/static/%2e%2e/app.py", "/static/..%2fapp.py",
                                  "/static//etc/passwd", "/static/%2Fetc%2Fpasswd"])
def test_nothing_outside_the_assets_is_served(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "import" not in response.text


def test_docs_work_offline_from_openapi_json(client):
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/static/docs.js" in docs.text
    spec = client.get("/openapi.json").json()
    for path in ("/v1/code", "/v1/articles", "/v1/events", "/v1/events/{event_id}", "/v1/dyads", "/v1/stats", "/healthz"):
        assert path in spec["paths"], path
    assert "HTTPBearer" in spec["components"]["securitySchemes"]


def test_no_cors_unless_configured(other_db, client):
    origin = {"Origin": "http://elsewhere.example"}
    assert "access-control-allow-origin" not in client.get("/v1/events", headers=origin).headers
    with app_for(other_db, cors_origins=("http://elsewhere.example",)) as c:
        assert c.get("/v1/events", headers=origin).headers["access-control-allow-origin"] == "http://elsewhere.example"
        assert "access-control-allow-origin" not in c.get("/v1/events", headers={"Origin": "http://other.example"}).headers


# ------------------------------------------------------------------ coding through the API (needs the model)

ARTICLE = (Path(__file__).parents[1] / "examples" / "article.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def coding_client(tmp_path_factory):
    with app_for(tmp_path_factory.mktemp("coding") / "events.duckdb") as c:
        yield c


@pytest.mark.model
def test_code_returns_events_and_spans_and_stores_nothing(coding_client):
    before = coding_client.get("/v1/stats").json()
    response = coding_client.post("/v1/code", json={"text": ARTICLE, "date": "2024-03-14"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["events"] and body["spans"]
    text = body["text"]
    for event in body["events"]:
        e = event["evidence"]
        assert text[e["trigger_start"]:e["trigger_end"]] == e["trigger"]
    triggers = {text[s["start"]:s["end"]] for s in body["spans"] if s["kind"] == "trigger"}
    assert triggers == {e["evidence"]["trigger"] for e in body["events"]}
    assert {s["kind"] for s in body["spans"]} >= {"trigger", "actor", "place"}
    assert coding_client.get("/v1/stats").json() == before


@pytest.mark.model
def test_articles_are_stored_once(coding_client):
    first = coding_client.post("/v1/articles", json={"articles": [{"text": ARTICLE, "date": "2024-03-14", "id": "ex"}]},
                               headers=AUTH)
    assert first.status_code == 200, first.text
    assert first.json()["results"][0]["status"] == "new" and first.json()["counts"]["events"] > 0
    again = coding_client.post("/v1/articles", json={"text": ARTICLE, "date": "2024-03-14", "id": "ex"}, headers=AUTH)
    assert again.json()["results"][0]["status"] == "duplicate"
    stored = coding_client.get("/v1/events", params={"actor": "KEN"}).json()["events"]
    assert any(e["event"] == "CONSULT" for e in stored)


# ------------------------------------------------------------------ the command


def test_serve_refuses_a_file_that_is_not_a_store_in_one_line(tmp_path):
    from typer.testing import CliRunner

    from dotterel.cli import app

    bogus = tmp_path / "notes.duckdb"
    bogus.write_text("my notes\n")
    result = CliRunner().invoke(app, ["serve", "--db", str(bogus), "--port", "1"], env={"DOTTEREL_TOKEN": ""})
    assert result.exit_code == 2
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith(f"dotterel: {bogus}") and "Traceback" not in result.output
    assert bogus.read_text() == "my notes\n"
    assert not (tmp_path / "notes.duckdb.token").exists()  # no token made for a server that never started


def test_serve_help_lists_its_options():
    from typer.testing import CliRunner

    from dotterel.cli import app

    result = CliRunner().invoke(app, ["serve", "--help"], env={"COLUMNS": "200", "NO_COLOR": "1"})
    assert result.exit_code == 0
    for option in ("--db", "--host", "--port", "--cors"):
        assert option in result.output


# ------------------------------------------------------------------ the coder process


def test_a_coder_that_cannot_load_is_a_503_with_the_reason(other_db):
    from dotterel.pipeline import Options

    with app_for(other_db, coder_options=Options(model="no_such_pipeline_xyz")) as c:
        response = c.post("/v1/code", json={"text": "Kenya met Ethiopia."})
        assert response.status_code == 503
        assert "no_such_pipeline_xyz" in response.json()["error"]
        assert c.get("/v1/events").status_code == 200  # the store still answers
        before = c.get("/v1/stats").json()
        failed = c.post("/v1/articles", json={"text": "Kenya met Ethiopia."}, headers=AUTH)
        assert failed.status_code == 503 and "no_such_pipeline_xyz" in failed.json()["error"]
        # one article that needs no coding (its text is stored from that source) and one that cannot be coded:
        # the first is answered (the same text from another outlet would need coding: it counts as a source)
        mixed = c.post("/v1/articles", json=[{"text": SENTENCES[0][1], "source": "wire-doc-a"},
                                             {"text": "Kenya met Ethiopia."}], headers=AUTH)
        assert mixed.status_code == 200, mixed.text
        assert [r["status"] for r in mixed.json()["results"]] == ["duplicate", "error"]
        assert "no_such_pipeline_xyz" in mixed.json()["results"][1]["error"]
        assert c.get("/v1/stats").json() == before


@pytest.mark.model
def test_a_killed_coder_process_is_started_again():
    import os
    import signal

    from dotterel.serve.worker import CoderProcess

    coder = CoderProcess()
    try:
        coder.start()
        article = Article(doc_id="k", text="Kenyan President Ruto met Ethiopian Prime Minister Abiy in Nairobi.")
        first = coder.code_article(article)
        os.kill(coder._proc.pid, signal.SIGKILL)
        coder._proc.join(10)
        again = coder.code_article(article)
        assert [e.to_plover() for e in again] == [e.to_plover() for e in first] and first
    finally:
        coder.close()
    assert not coder.alive
