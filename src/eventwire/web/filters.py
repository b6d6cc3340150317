"""The event filters shared by the list, timeline, map and network endpoints.

Every value reaches SQL as a bound parameter; only fixed column names chosen from whitelists
are ever formatted into the statement.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Annotated, Any

from fastapi import HTTPException, Query

from ..knowledge.acled import FAMILIES, Acled, load_acled
from ..store.duckdb_store import IRRELEVANT_ARTICLES
from .db import event_column

MODALITIES = ("asserted", "future", "hypothetical", "negated", "historical", "demanded")
_TYPE = re.compile(r"^[A-Z][A-Z_]{1,29}$")
_MAX_TEXT = 200  # a filter value longer than this is a mistake, not a query


def bad(message: str) -> HTTPException:
    return HTTPException(status_code=422, detail=message)


def split_list(value: str | None) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()] if value else []


def like_pattern(text: str) -> str:
    """A LIKE pattern matching ``text`` literally anywhere (escapes the LIKE wildcards)."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def every_word(column: str, q: str) -> tuple[str, list[str]]:
    """A condition true when ``column`` contains every word of ``q`` (any order, any case): the
    unindexed counterpart of an FTS query, for the articles stored since the index was built."""
    words = q.split() or [q]
    return "(" + " AND ".join(f"{column} ILIKE ? ESCAPE '\\'" for _ in words) + ")", [
        like_pattern(w) for w in words
    ]


def _text(name: str, value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    if len(value) > _MAX_TEXT:
        raise bad(f"{name} is longer than {_MAX_TEXT} characters")
    return value or None


@cache
def acled() -> Acled:
    """The ACLED taxonomy (knowledge/data/acled.json): the type and sub-type names, and families."""
    return load_acled()


LANG_HELP = "article languages, ISO 639-1, comma-separated: en,de"
INCLUDE_IRRELEVANT_HELP = (
    "also the events of articles scored irrelevant (not about politics, conflict, security, protest,"
    " diplomacy, crime or disaster: articles.relevant = false), left out by default"
)


def languages(value: str | None) -> list[str]:
    """The ``lang`` filter: ISO 639-1 codes (``en-US``, ``EN`` are read as ``en``); 422 for junk."""
    from ..languages import parse_codes

    try:
        return parse_codes(value) if value else []
    except ValueError as exc:
        raise bad(f"lang: {exc}") from None


# events of the articles stored after the FTS index was built (parameter: the watermark)
FRESH_EVENTS = "article_id IN (SELECT id FROM articles WHERE ingested > CAST(? AS TIMESTAMP))"


@dataclass
class EventFilters:
    start: date | None = None
    end: date | None = None
    types: list[str] = field(default_factory=list)
    quad_classes: list[int] = field(default_factory=list)
    modalities: list[str] = field(default_factory=list)
    actor: str | None = None
    actor_role: str = "any"
    source: str | None = None
    target: str | None = None
    country: str | None = None
    sector: str | None = None
    bbox: tuple[float, float, float, float] | None = None
    place: int | None = None
    story: str | None = None
    article: str | None = None
    langs: list[str] = field(default_factory=list)  # languages of the events' articles (ISO 639-1)
    q: str | None = None
    min_mentions: int | None = None
    canonical: bool = False
    acled_types: list[str] = field(default_factory=list)  # ACLED event types
    acled_sub_types: list[str] = field(default_factory=list)
    families: list[str] = field(default_factory=list)  # protest, riot, violence, strategic, none
    main_only: bool = False  # only each article's main event
    # also the events of irrelevant articles (articles.relevant = FALSE), left out by default
    include_irrelevant: bool = False
    # rowids of the events matching q (a pyarrow table, column r) when the caller resolved them
    # once for this store version; the query then registers it as _q_rows
    q_rows: Any = None

    def without_dates(self) -> EventFilters:
        """The same filters over all dates (the timeline keeps its full extent under a brush)."""
        return EventFilters(**{**self.__dict__, "start": None, "end": None})

    def where(
        self,
        fts_terms: list[str] | None,
        fresh_since: str | None = None,
        absent: frozenset[str] = frozenset(),
        relevance: bool = True,
    ) -> tuple[str, list[Any]]:
        """SQL condition over the events table (alias-free) and its parameters. ``fts_terms`` are
        the stemmed words of ``q`` when the evidence FTS index exists (None: substring match);
        ``fresh_since`` is the index watermark when newer articles are not indexed yet; ``absent``
        the later columns an older store lacks (db.absent_event_columns), read as NULL;
        ``relevance`` whether its articles have ``relevant`` (schema 5; else nothing is left out)."""
        conds: list[str] = []
        params: list[Any] = []
        if self.start:
            conds.append("date >= ?")
            params.append(self.start)
        if self.end:
            conds.append("date <= ?")
            params.append(self.end)
        # col IN (?, ?) rather than list_contains(?, col): DuckDB turns the IN list into a cheap
        # filter pushed into the scan (3x faster on a million events)
        for col, values in (
            ("type", self.types),
            ("quad_class", self.quad_classes),
            ("modality", self.modalities),
            (event_column("acled_type", absent), self.acled_types),
            (event_column("acled_sub_type", absent), self.acled_sub_types),
        ):
            if values:
                conds.append(f"{col} IN ({', '.join('?' * len(values))})")
                params.extend(values)
        if self.families:
            acled_type = event_column("acled_type", absent)
            of_family = [t for t, fam in acled().family_of_type.items() if fam in self.families]
            either = [f"{acled_type} IN ({', '.join('?' * len(of_family))})"] if of_family else []
            if "none" in self.families:  # no ACLED event
                either.append(f"{acled_type} IS NULL")
            conds.append("(" + " OR ".join(either) + ")")
            params.extend(of_family)
        if self.main_only:
            conds.append(f"coalesce({event_column('main', absent)}, FALSE)")
        roles = {"source": ("source",), "target": ("target",), "any": ("source", "target")}[self.actor_role]
        if self.actor:
            # canonical names and surface text both match, case-insensitively
            conds.append(
                "(" + " OR ".join(f"lower({r}_canonical) = ? OR lower({r}_text) = ?" for r in roles) + ")"
            )
            params.extend([self.actor.lower()] * 2 * len(roles))
        for role, value in (("source", self.source), ("target", self.target)):
            if value:
                conds.append(f"(lower({role}_canonical) = ? OR lower({role}_text) = ?)")
                params.extend([value.lower()] * 2)
        if self.country:
            conds.append("(source_country = ? OR target_country = ? OR place_country = ?)")
            params.extend([self.country] * 3)
        if self.sector:
            conds.append("(source_sector = ? OR target_sector = ?)")
            params.extend([self.sector] * 2)
        if self.bbox:
            w, s, e, n = self.bbox
            conds.append("lon BETWEEN ? AND ? AND lat BETWEEN ? AND ?")
            params.extend([w, e, s, n])
        if self.place is not None:
            conds.append("place_geonameid = ?")
            params.append(self.place)
        if self.story:
            conds.append("story = ?")
            params.append(self.story)
        if self.article:
            conds.append("article_id = ?")
            params.append(self.article)
        if self.langs:
            marks = ", ".join("?" * len(self.langs))
            conds.append(f"article_id IN (SELECT id FROM articles WHERE lang IN ({marks}))")
            params.extend(self.langs)
        if self.q:
            if self.q_rows is not None:
                conds.append("rowid IN (SELECT r FROM _q_rows)")
            elif fts_terms is not None:
                # every word of q, through the index tables: a set lookup, where match_bm25 in a
                # WHERE clause would score every row of the table
                if not fts_terms:
                    indexed = "FALSE"  # only stop words or punctuation: nothing to find
                else:
                    indexed = (
                        "id IN (SELECT d.name FROM fts_main_events.terms t"
                        " JOIN fts_main_events.dict w ON w.termid = t.termid"
                        " JOIN fts_main_events.docs d ON d.docid = t.docid"
                        " WHERE list_contains(?, w.term) GROUP BY d.name HAVING count(DISTINCT w.term) = ?)"
                    )
                    params.extend([fts_terms, len(fts_terms)])
                if fresh_since is None:
                    conds.append(indexed)
                else:
                    like, like_params = every_word("evidence", self.q)
                    conds.append(f"({indexed} OR ({FRESH_EVENTS} AND {like}))")
                    params.extend([fresh_since, *like_params])
            else:
                conds.append("evidence ILIKE ? ESCAPE '\\'")
                params.append(like_pattern(self.q))
        if self.min_mentions:
            conds.append("mentions >= ?")
            params.append(self.min_mentions)
        if self.canonical:
            conds.append("(canonical_id IS NULL OR canonical_id = id)")
        if relevance and not self.include_irrelevant:  # relevance: the store has articles.relevant
            conds.append(f"article_id NOT IN ({IRRELEVANT_ARTICLES})")
        return (" AND ".join(conds) or "TRUE"), params


def event_filters(
    start: Annotated[date | None, Query(description="first day (YYYY-MM-DD), inclusive")] = None,
    end: Annotated[date | None, Query(description="last day (YYYY-MM-DD), inclusive")] = None,
    type: Annotated[str | None, Query(description="PLOVER types, comma-separated: ASSAULT,PROTEST")] = None,
    quad_class: Annotated[str | None, Query(description="QuadClass 1-4, comma-separated")] = None,
    modality: Annotated[str | None, Query(description=f"comma-separated: {', '.join(MODALITIES)}")] = None,
    actor: Annotated[str | None, Query(description="actor canonical name or text (case-insensitive)")] = None,
    actor_role: Annotated[
        str, Query(pattern="^(any|source|target)$", description="role for `actor`")
    ] = "any",
    source: Annotated[str | None, Query(description="source actor (canonical or text)")] = None,
    target: Annotated[str | None, Query(description="target actor (canonical or text)")] = None,
    country: Annotated[
        str | None,
        Query(pattern="^[A-Z]{3}$", description="ISO-3166 alpha-3 (or IGO/NGO) of an actor or the place"),
    ] = None,
    sector: Annotated[
        str | None, Query(pattern="^[A-Z]{2,5}$", description="actor sector: GOV, MIL, ...")
    ] = None,
    bbox: Annotated[str | None, Query(description="west,south,east,north in degrees")] = None,
    place: Annotated[int | None, Query(description="GeoNames id of the event place")] = None,
    story: Annotated[str | None, Query(description="story id")] = None,
    article: Annotated[str | None, Query(description="article id")] = None,
    lang: Annotated[str | None, Query(max_length=_MAX_TEXT, description=LANG_HELP)] = None,
    q: Annotated[str | None, Query(description="full-text search over the evidence sentence")] = None,
    min_mentions: Annotated[int | None, Query(ge=1, le=100000)] = None,
    canonical: Annotated[
        bool, Query(description="only canonical events (one per story-level duplicate)")
    ] = False,
    acled_type: Annotated[
        str | None,
        Query(max_length=_MAX_TEXT, description="ACLED event types, comma-separated: Battles,Riots"),
    ] = None,
    acled_sub_type: Annotated[
        str | None,
        Query(max_length=_MAX_TEXT, description="ACLED sub-event types, comma-separated: Air/drone strike"),
    ] = None,
    family: Annotated[
        str | None,
        Query(
            max_length=_MAX_TEXT,
            description="ACLED families, comma-separated: protest, riot, violence, strategic, none (no ACLED event)",
        ),
    ] = None,
    main_only: Annotated[bool, Query(description="only each article's main event")] = False,
    include_irrelevant: Annotated[bool, Query(description=INCLUDE_IRRELEVANT_HELP)] = False,
) -> EventFilters:
    f = EventFilters(
        start=start, end=end, actor_role=actor_role, country=country, sector=sector, place=place,
        min_mentions=min_mentions, canonical=canonical, main_only=main_only,
        include_irrelevant=include_irrelevant,
    )  # fmt: skip
    if start and end and start > end:
        raise bad("start must not be after end")
    f.types = split_list(type)
    for t in f.types:
        if not _TYPE.match(t):
            raise bad(f"type {t!r} is not a PLOVER type name (upper case, e.g. ASSAULT)")
    try:
        f.quad_classes = [int(x) for x in split_list(quad_class)]
    except ValueError:
        raise bad("quad_class must be integers 1-4, comma-separated") from None
    if any(x not in (1, 2, 3, 4) for x in f.quad_classes):
        raise bad("quad_class must be between 1 and 4")
    f.modalities = split_list(modality)
    for m in f.modalities:
        if m not in MODALITIES:
            raise bad(f"modality {m!r} is not one of {', '.join(MODALITIES)}")
    taxonomy = acled()
    f.acled_types = split_list(acled_type)
    for t in f.acled_types:
        if t not in taxonomy.family_of_type:
            raise bad(f"acled_type {t!r} is not an ACLED event type ({', '.join(taxonomy.family_of_type)})")
    f.acled_sub_types = split_list(acled_sub_type)
    for t in f.acled_sub_types:
        if t not in taxonomy.type_of:
            raise bad(
                f"acled_sub_type {t!r} is not an ACLED sub-event type (e.g. Armed clash, Air/drone strike)"
            )
    f.families = split_list(family)
    for t in f.families:
        if t not in FAMILIES:
            raise bad(f"family {t!r} is not one of {', '.join(FAMILIES)}")
    if bbox:
        try:
            w, s, e, n = (float(x) for x in bbox.split(","))
        except ValueError:
            raise bad("bbox must be four numbers: west,south,east,north") from None
        if not (-180 <= w <= e <= 180 and -90 <= s <= n <= 90):
            raise bad("bbox must satisfy -180 <= west <= east <= 180 and -90 <= south <= north <= 90")
        f.bbox = (w, s, e, n)
    f.actor = _text("actor", actor)
    f.source = _text("source", source)
    f.target = _text("target", target)
    f.story = _text("story", story)
    f.article = _text("article", article)
    f.langs = languages(lang)
    f.q = _text("q", q)
    return f
