"""The FastAPI application: API v1, the web page and its assets, the offline API docs.

No ``from __future__ import annotations`` here: FastAPI reads the endpoints' annotations at
run time, and they name closures (the settings' limits, the dependencies).
"""


import hmac
import json
import logging
from contextlib import asynccontextmanager
from datetime import date
from pathlib import Path
from typing import Annotated, Literal

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from .. import errors
from ..errors import DotterelError
from . import models
from .middleware import BodyLimit, SecurityHeaders
from .service import BadArticle, Service, article_from
from .settings import Settings

log = logging.getLogger(__name__)
STATIC = Path(__file__).parent / "static"
Filter = Annotated[str | None, Query(max_length=200)]


class ApiError(Exception):
    def __init__(self, status: int, message: str, headers: dict | None = None):
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers


class FastJSON(Response):
    """Store rows as JSON without pydantic re-validating them on every read: the store's rows are the
    documented shapes (the tests check them against the response models), and validating 50 events
    cost a third of a read's time."""

    media_type = "application/json"

    def render(self, content) -> bytes:
        return json.dumps(content, ensure_ascii=False, separators=(",", ":"), default=str).encode("utf-8")


def error_response(status: int, message: str, details: list | None = None, headers: dict | None = None) -> JSONResponse:
    body = {"error": message}
    if details is not None:
        body["details"] = details
    return JSONResponse(body, status_code=status, headers=headers)


def _loc(loc) -> str:
    return ".".join(str(part) for part in loc if part != "body") or "body"


UNION_BRANCHES = {"ArticlesIn": dict, "list[ArticleIn]": list, "ArticleIn": dict}


def _one_branch(problems: list[dict], body) -> list[dict]:
    """POST /v1/articles takes an article, an array or {"articles": [...]}: report only the form
    the body has, without the form's name in the location."""
    if not any(len(e.get("loc", ())) > 1 and e["loc"][1] in UNION_BRANCHES for e in problems):
        return problems
    if isinstance(body, list):
        branch = "list[ArticleIn]"
    elif isinstance(body, dict):
        branch = "ArticlesIn" if "articles" in body else "ArticleIn"
    else:
        return [{"loc": ("body",), "msg": errors.E214, "type": "model_type"}]
    return [{**e, "loc": e["loc"][:1] + e["loc"][2:]} for e in problems if len(e.get("loc", ())) > 1
            and e["loc"][1] == branch] or problems


def validation_message(problems: list[dict], body=None) -> tuple[str, list[dict]]:
    """One readable message for a 422, and the errors as plain JSON."""
    problems = _one_branch(problems, body)
    details = [{"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", "")), "type": str(e.get("type", ""))}
               for e in problems[:20]]
    for e in problems:
        if e.get("type") == "json_invalid":
            position = e.get("loc", ("body", "?"))[-1]
            reason = (e.get("ctx") or {}).get("error", "not valid JSON")
            return errors.E207.format(position=position, reason=reason), details
    parts = [f"{_loc(e.get('loc', ()))}: {e.get('msg', 'invalid')}" for e in problems[:5]]
    more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
    return errors.E208.format(problems="; ".join(parts) + more), details


def create_app(settings: Settings) -> FastAPI:
    service = Service(settings)
    bearer = HTTPBearer(auto_error=False, description="The token of `DOTTEREL_TOKEN` or the one `dotterel serve` generated")

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        service.open()
        try:
            yield
        finally:
            service.close()

    app = FastAPI(
        title="dotterel",
        version=__version__,
        description="Political event coding and the event store over HTTP. Writes need `Authorization: Bearer <token>`; "
                    "on a non-loopback address reads need it too. This document (/openapi.json) is the offline contract; "
                    "/docs renders it with no internet connection.",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.service = service
    app.add_middleware(SecurityHeaders)
    if settings.cors_origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=list(settings.cors_origins), allow_methods=["GET", "POST"],
                           allow_headers=["Authorization", "Content-Type"])
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)

    # ------------------------------------------------------------ errors: JSON with a message, never a 500 for bad input
    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError):
        return error_response(exc.status, exc.message, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError):
        message, details = validation_message(list(exc.errors()), getattr(exc, "body", None))
        return error_response(422, message, details)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):
        if exc.status_code == 400 and request.method == "POST":
            # FastAPI's own 400 for a body json.loads could not even start on (bytes that are not UTF-8, nesting
            # deeper than the parser's recursion limit): malformed JSON like any other, so 422 with a message
            return error_response(422, errors.E215)
        return error_response(exc.status_code, str(exc.detail), headers=getattr(exc, "headers", None))

    @app.exception_handler(BadArticle)
    async def _bad_article(request: Request, exc: BadArticle):
        return error_response(422, str(exc))

    @app.exception_handler(DotterelError)
    async def _dotterel(request: Request, exc: DotterelError):
        log.warning("%s %s: %s", request.method, request.url.path, exc)
        return error_response(503, str(exc))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception):
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return error_response(500, errors.E213)

    # ------------------------------------------------------------ dependencies
    def get_service(request: Request) -> Service:
        return request.app.state.service

    def check_token(credentials: HTTPAuthorizationCredentials | None) -> None:
        if credentials is None or not credentials.credentials:
            raise ApiError(401, errors.E201,
                           headers={"WWW-Authenticate": "Bearer"})
        if not hmac.compare_digest(credentials.credentials.encode("utf-8"), settings.token.encode("utf-8")):
            raise ApiError(403, errors.E202)

    def writer(credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> None:
        check_token(credentials)

    def reader(credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> None:
        if settings.reads_need_token:
            check_token(credentials)

    ServiceDep = Annotated[Service, Depends(get_service)]
    err = {401: {"model": models.ErrorBody}, 403: {"model": models.ErrorBody}, 422: {"model": models.ErrorBody}}

    # ------------------------------------------------------------ API v1
    @app.get("/healthz", response_model=models.Health, tags=["service"])
    def healthz(svc: ServiceDep):
        """Liveness: the process answers (no token needed)."""
        return {"status": "ok", "version": __version__, "coder_loaded": svc.coder_loaded,
                "reads_need_token": settings.reads_need_token}

    @app.post("/v1/code", response_model=models.CodeResponse, dependencies=[Depends(reader)], responses=err, tags=["coding"])
    def code(body: models.ArticleIn, svc: ServiceDep):
        """Code one article and return its events with the spans to highlight; nothing is stored."""
        text, events, spans = svc.code(article_from(body.model_dump(), "request body"))
        return {"text": text, "events": events, "spans": spans}

    @app.post("/v1/articles", response_model=models.IngestResponse, dependencies=[Depends(writer)],
              responses={**err, 413: {"model": models.ErrorBody}}, tags=["store"])
    def ingest(body: models.ArticlesIn | list[models.ArticleIn] | models.ArticleIn, svc: ServiceDep):
        """Code and store one article, a JSON array of them, or `{"articles": [...]}` (at most `max_articles`).

        An article already stored (same text) is `duplicate`; a near copy of one is `near-duplicate` and its events
        become mentions of the original's; one that could not be coded or stored is `error` (with the reason) and the
        others are still stored.  503 when none could be."""
        items = body.articles if isinstance(body, models.ArticlesIn) else body if isinstance(body, list) else [body]
        if len(items) > settings.max_articles:
            raise ApiError(413, errors.E204.format(count=len(items), limit=settings.max_articles))
        if not items:
            raise ApiError(422, errors.E205)
        articles = [article_from(a.model_dump(), f"articles[{i}]") for i, a in enumerate(items)]
        results = svc.ingest(articles)
        if all(status == "error" for _, status, _, _ in results):
            raise ApiError(503, results[0][3])  # nothing could be stored: the service, not one article, is at fault
        counts = {"new": 0, "duplicate": 0, "near-duplicate": 0, "error": 0, "events": 0}
        for _, status, n, _ in results:
            counts[status] += 1
            counts["events"] += n or 0
        return {"results": [{"doc_id": d, "status": s, "events": n, **({"error": e} if e else {})}
                            for d, s, n, e in results], "counts": counts}

    @app.get("/v1/events", response_model=models.EventsPage, dependencies=[Depends(reader)], responses=err, tags=["store"])
    def events(svc: ServiceDep, actor: Filter = None, recipient: Filter = None, event: Filter = None,
               since: date | None = None, until: date | None = None, country: Filter = None,
               limit: Annotated[int, Query(ge=1, le=settings.max_limit)] = 100,
               offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0):
        """Stored events in date order, filtered like `dotterel events` (actor / recipient code, PLOVER category,
        date range, country of the place), one page at a time."""
        rows = svc.store_call("query_events", actor=actor, recipient=recipient, event=event, since=since, until=until,
                        country=country, limit=limit, offset=offset)
        return FastJSON({"events": rows, "limit": limit, "offset": offset,
                         "next_offset": offset + limit if len(rows) == limit else None})

    @app.get("/v1/events/{event_id}", response_model=models.EventDetail, dependencies=[Depends(reader)],
             responses={**err, 404: {"model": models.ErrorBody}}, tags=["store"])
    def event_detail(event_id: str, svc: ServiceDep):
        """One stored event with every mention of it: sentence, article and evidence."""
        if len(event_id) > 200:
            raise ApiError(404, errors.E206.format(event_id=event_id[:40] + "..."))
        row = svc.store_call("get_event", event_id)
        if row is None:
            raise ApiError(404, errors.E206.format(event_id=event_id))
        return FastJSON(row)

    @app.get("/v1/dyads", response_model=models.DyadsResponse, dependencies=[Depends(reader)], responses=err, tags=["store"])
    def dyads(svc: ServiceDep, by: Literal["day", "week", "month"] = "month", actor: Filter = None,
              recipient: Filter = None, since: date | None = None, until: date | None = None):
        """Event counts and the cooperation-conflict score per actor-recipient pair and period."""
        rows = svc.store_call("dyads", by=by, actor=actor, recipient=recipient, since=since, until=until)
        return FastJSON({"by": by, "dyads": rows})

    @app.get("/v1/stats", dependencies=[Depends(reader)], responses=err, tags=["store"])
    def stats(svc: ServiceDep) -> dict:
        """Counts of articles, events, mentions and more in the store."""
        return FastJSON(svc.store_call("stats"))

    # ------------------------------------------------------------ the web page and the offline docs
    @app.get("/", include_in_schema=False)
    def index():
        return FileResponse(STATIC / "index.html", media_type="text/html")

    @app.get("/docs", include_in_schema=False)
    def docs():
        return FileResponse(STATIC / "docs.html", media_type="text/html")

    @app.get("/static/world.json", include_in_schema=False)
    def world():
        """The world outline the store's charts use too (dotterel.assets, Natural Earth 1:110m)."""
        from importlib import resources

        data = resources.files("dotterel.assets").joinpath("world_110m.json").read_bytes()
        return Response(data, media_type="application/json", headers={"Cache-Control": "public, max-age=86400"})

    app.mount("/static", StaticFiles(directory=STATIC, follow_symlink=False), name="static")
    return app
