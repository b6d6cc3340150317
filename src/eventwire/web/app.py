"""The read-only HTTP API and the dashboard page (`eventwire serve`).

Endpoints are plain `def` functions: FastAPI runs them in its thread pool, and each opens its own
short read-only DuckDB connection (db.py), so a concurrent ingest can commit between requests.
OpenAPI docs are at /docs.
"""

from __future__ import annotations

import hmac
import json
from datetime import date, datetime
from decimal import Decimal
from importlib import resources
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles

from . import queries
from .db import ReadOnlyStore, StoreBusy, StoreMissing
from .filters import INCLUDE_IRRELEVANT_HELP, LANG_HELP, EventFilters, event_filters, languages

STATIC = resources.files("eventwire.web").joinpath("static")

Limit = Annotated[int, Query(ge=1, le=500, description="page size (at most 500)")]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]
Text = Annotated[str | None, Query(max_length=200)]
Filters = Annotated[EventFilters, Depends(event_filters)]


# query parameters every endpoint accepts besides its own (the access token, see require_token)
_ALWAYS = frozenset({"token"})
# names people try for a date range; the API's are start and end
_DATE_LIKE = ("date", "from", "to", "since", "until", "after", "before")
_known_params: dict[int, frozenset[str]] = {}


def known_query_params(route: APIRoute) -> frozenset[str]:
    """The query parameters ``route`` declares, its dependencies' included."""
    key = id(route)
    if key not in _known_params:
        names: set[str] = set()
        todo = [route.dependant]
        while todo:
            dep = todo.pop()
            names.update(p.alias for p in dep.query_params)
            todo.extend(dep.dependencies)
        _known_params[key] = frozenset(names) | _ALWAYS
    return _known_params[key]


def strict_query(request: Request) -> None:
    """422 for a query parameter the endpoint does not know (naming it): a misspelt filter,
    ``date_from=2022-13-45`` instead of ``start``, must not answer 200 with every event."""
    route = request.scope.get("route")
    if not isinstance(route, APIRoute) or not request.url.path.startswith("/api/"):
        return
    known = known_query_params(route)
    errors = []
    for name, value in request.query_params.multi_items():
        if name in known:
            continue
        takes = ", ".join(sorted(known - _ALWAYS)) or "none"
        hint = ""
        if any(w in name.lower() for w in _DATE_LIKE) and {"start", "end"} <= known:
            hint = " (the date range is start and end, YYYY-MM-DD, inclusive)"
        errors.append({
            "type": "extra_forbidden", "loc": ["query", name], "input": value,
            "msg": f"unknown query parameter {name!r}{hint}; {route.path} takes: {takes}",
        })  # fmt: skip
    if errors:
        raise RequestValidationError(errors)


def create_app(
    db_path: str, token: str | None = None, connection: Any = None, **store_options: float
) -> FastAPI:
    """The app over one store file. ``store_options`` tune the shared read connection
    (db.ReadOnlyStore: idle, hold, gap, ...); the defaults suit `eventwire serve`.
    ``connection``: an open connection of a writer in this process (`eventwire watch --serve`)
    to read through instead of opening the file."""
    store = ReadOnlyStore(db_path, shared=connection, **store_options)
    app = FastAPI(
        docs_url=None,  # served below from the bundled Swagger UI: the docs work offline too
        redoc_url=None,
        title="eventwire",
        version="1",
        dependencies=[Depends(strict_query)],
        description="Read-only access to an eventwire store: events with their evidence, articles with "
        "every annotation layer, stories, actor network, timeline, map and search.",
    )

    @app.middleware("http")
    async def require_token(request: Request, call_next: Any) -> Response:
        if token and request.url.path.startswith("/api/"):
            given = request.query_params.get("token") or ""
            auth = request.headers.get("authorization", "")
            if auth.lower().startswith("bearer "):
                given = auth[7:].strip()
            if not hmac.compare_digest(given.encode(), token.encode()):
                return JSONResponse(
                    {
                        "detail": "this server needs a token: send 'Authorization: Bearer TOKEN' or ?token=TOKEN"
                    },
                    status_code=401,
                    headers={"WWW-Authenticate": "Bearer"},
                )
        return await call_next(request)

    @app.exception_handler(StoreMissing)
    def _missing(request: Request, exc: StoreMissing) -> JSONResponse:
        return JSONResponse(
            {"detail": f"no store at {exc}: run `eventwire run PATHS --db {exc}` first"}, status_code=503
        )

    @app.exception_handler(StoreBusy)
    def _busy(request: Request, exc: StoreBusy) -> JSONResponse:
        return JSONResponse({"detail": "the store is locked by a long write; try again"}, status_code=503)

    def resolve(con: Any, f: EventFilters) -> EventFilters:
        """Look up the events matching q once per store version (see queries.match_rows)."""
        if f.q:
            q = f.q
            f.q_rows = store.cached("q\x00" + q, lambda: queries.match_rows(con, q))
        return f

    def found(value: Any, what: str) -> Any:
        if value is None:
            raise HTTPException(404, f"{what} not found")
        return value

    @app.get("/api/events", tags=["events"])
    def events(
        f: Filters,
        limit: Limit = 50,
        offset: Offset = 0,
        cursor: Annotated[
            str | None, Query(max_length=400, description="next_cursor of the previous page")
        ] = None,
        sort: Literal[tuple(queries.SORTS)] = "date_desc",  # type: ignore[valid-type]
    ) -> Response:
        """Events matching the filters, with their evidence sentence and article."""
        with store.connect() as con:
            return fast_json(queries.list_events(con, resolve(con, f), limit, offset, sort, cursor))

    @app.get("/api/events/{event_id}", tags=["events"])
    def event(event_id: str) -> dict[str, Any]:
        with store.connect() as con:
            return found(queries.get_event(con, event_id), "event")

    @app.get("/api/timeline", tags=["aggregates"])
    def timeline(
        f: Filters,
        interval: Literal["auto", "day", "week", "month"] = "auto",
        group: Literal["quad_class", "type"] = "quad_class",
    ) -> Response:
        """Event counts per day/week/month, stacked by QuadClass or PLOVER type."""
        with store.connect() as con:
            return fast_json(queries.timeline(con, resolve(con, f), interval, group))

    @app.get("/api/places.geojson", tags=["aggregates"])
    def places(f: Filters, limit: Annotated[int, Query(ge=1, le=50000)] = 20000) -> Response:
        """Events aggregated per place as GeoJSON points (count and counts per QuadClass)."""
        with store.connect() as con:
            body = queries.places_geojson(con, resolve(con, f), limit)
        return fast_json(body, media_type="application/geo+json")

    @app.get("/api/actors/network", tags=["aggregates"])
    def network(f: Filters, limit: Annotated[int, Query(ge=1, le=2000)] = 150) -> Response:
        """Who acts on whom: edges source->target with counts per QuadClass and mean tone."""
        with store.connect() as con:
            attrs = store.cached("actor_attributes", lambda: queries.actor_attributes(con))
            return fast_json(queries.network(con, resolve(con, f), limit, attrs))

    @app.get("/api/articles", tags=["articles"])
    def articles(
        q: Annotated[str | None, Query(max_length=200, description="words in the title")] = None,
        source: Text = None,
        story: Text = None,
        start: date | None = None,
        end: date | None = None,
        lang: Annotated[str | None, Query(max_length=200, description=LANG_HELP)] = None,
        include_irrelevant: Annotated[
            bool,
            Query(description="also the articles scored irrelevant (relevant = false), left out by default"),
        ] = False,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        """Articles matching the filters, newest first, each with its language (``lang``) and its
        relevance (``relevance`` 0-1, ``relevant``: reached the threshold; null when not scored)."""
        langs = languages(lang)
        with store.connect() as con:
            return queries.list_articles(
                con, q, source, story, start, end, limit, offset, langs=langs,
                include_irrelevant=include_irrelevant,
            )  # fmt: skip

    @app.get("/api/articles/{article_id}", tags=["articles"])
    def article(article_id: str) -> dict[str, Any]:
        """The stored eventwire/1 document (text and every annotation layer) plus stored event ids."""
        with store.connect() as con:
            return found(queries.get_article(con, article_id), "article")

    @app.get("/api/stories", tags=["stories"])
    def stories(
        q: Annotated[str | None, Query(max_length=200, description="words in the title")] = None,
        start: date | None = None,
        end: date | None = None,
        sort: Literal["articles", "recent"] = "articles",
        topic: Annotated[
            str | None,
            Query(max_length=200, description="topic id: only the stories of this kind of happening"),
        ] = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        """Stories (articles about one real happening), each with its topic (the same kind of
        happening: two different church fires share one)."""
        with store.connect() as con:
            return queries.list_stories(con, q, start, end, sort, limit, offset, topic=topic)

    @app.get("/api/stories/{story_id}", tags=["stories"])
    def story(story_id: str) -> dict[str, Any]:
        """A story: its articles, its canonical events, its topic and ``related``: the other
        stories of that topic (at most 20, most articles first)."""
        with store.connect() as con:
            return found(queries.get_story(con, story_id), "story")

    @app.get("/api/quotes", tags=["quotes"])
    def quotes(
        speaker: Annotated[str | None, Query(max_length=200, description="speaker canonical or text")] = None,
        mention: Annotated[
            str | None, Query(max_length=200, description="actor mentioned in the quote")
        ] = None,
        q: Annotated[str | None, Query(max_length=200, description="words in the quote")] = None,
        start: date | None = None,
        end: date | None = None,
        article: Text = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        with store.connect() as con:
            return queries.list_quotes(con, speaker, mention, q, start, end, article, limit, offset)

    @app.get("/api/search", tags=["search"])
    def search(
        q: Annotated[str, Query(min_length=1, max_length=200)],
        kind: Literal["all", "articles", "events"] = "all",
        limit: Annotated[int, Query(ge=1, le=100)] = 20,
    ) -> dict[str, Any]:
        """Full-text search (DuckDB FTS, BM25) over article title+text and event evidence; falls
        back to substring matching when the store has no FTS index yet."""
        with store.connect() as con:
            return queries.search(con, q, kind, limit)

    @app.get("/api/stats", tags=["store"])
    def stats(
        include_irrelevant: Annotated[bool, Query(description=INCLUDE_IRRELEVANT_HELP)] = False,
    ) -> dict[str, Any]:
        """Counts, date range, facets (types, modalities, top actors, countries), last run. The
        articles scored irrelevant and their events are left out unless ``include_irrelevant``
        (``irrelevant_articles`` counts them)."""
        return store.cached(
            f"stats:{include_irrelevant}",
            lambda: _with(store, lambda con: queries.stats(con, include_irrelevant)),
        )

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="openapi.json",
            title="eventwire API",
            swagger_js_url="static/vendor/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url="static/vendor/swagger-ui/swagger-ui.css",
            swagger_favicon_url="data:,",
        )

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(str(STATIC.joinpath("index.html")), headers={"Cache-Control": "no-cache"})

    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    return app


def _default(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def fast_json(body: Any, media_type: str = "application/json") -> Response:
    """Serialise plain dicts/lists directly: FastAPI's generic encoder walks every value of a
    large answer (50 events x 40 fields) and costs more than the query behind it."""
    return Response(json.dumps(body, default=_default, ensure_ascii=False), media_type=media_type)


def _with(store: ReadOnlyStore, fn: Any) -> Any:
    with store.connect() as con:
        return fn(con)
