"""The SQL behind each endpoint. Functions take an open read-only connection and return plain
JSON-ready values. User values are always bound parameters (see filters.py)."""

from __future__ import annotations

import base64
import json
from datetime import date, timedelta
from typing import Any

import duckdb
import pyarrow as pa

from ..store.duckdb_store import IRRELEVANT_ARTICLES, has_relevance
from .db import (
    LATER_EVENT_COLUMNS,
    absent_event_columns,
    event_column,
    fts_ready,
    fts_terms,
    rows,
    unindexed_since,
)
from .filters import FRESH_EVENTS, EventFilters, bad, every_word, like_pattern

EVENT_COLUMNS = (
    "id, article_id, idx, type, plover_type, mode, cameo, quad_class, goldstein, modality, sentence, trigger_text,"
    " acled_type, acled_sub_type, main,"
    " trigger_start, trigger_end, source_text, source_canonical, source_country, source_sector,"
    " target_text, target_canonical, target_country, target_sector, source_basis, target_basis,"
    " place_text, place_name,"
    " place_geonameid, place_country, lat, lon, place_precision, place_relation, place_distance_km, place_bearing,"
    " place_radius_km, date, date_value, date_source, attributed_text,"
    " attributed_canonical, confidence, evidence, evidence_start, evidence_end, tone, source, story,"
    " canonical_id, mentions"
)


def event_columns(con: duckdb.DuckDBPyConnection) -> str:
    """EVENT_COLUMNS, with a typed NULL for each later column an older store lacks."""
    absent = absent_event_columns(con)
    if not absent:
        return EVENT_COLUMNS
    cols = [c.strip() for c in EVENT_COLUMNS.split(",")]
    return ", ".join(f"CAST(NULL AS {LATER_EVENT_COLUMNS[c]}) AS {c}" if c in absent else c for c in cols)


# Ties are broken by rowid (ingest order): an integer, where breaking them by the text id makes
# the top-N of a million events several times slower. The store only ever appends, so rowids are
# stable and keyset cursors stay valid while an ingest adds rows.
SORTS = {
    "date_desc": "date DESC NULLS LAST, rowid DESC",
    "date_asc": "date ASC NULLS LAST, rowid ASC",
    "mentions_desc": "mentions DESC, date DESC NULLS LAST, rowid DESC",
    "goldstein_asc": "goldstein ASC NULLS LAST, rowid ASC",
    "goldstein_desc": "goldstein DESC NULLS LAST, rowid ASC",
}
# NULL dates sort last: in keyset cursors they stand for the smallest (desc) or largest (asc) day
_NULL_DATE = {"date_desc": date(1, 1, 1), "date_asc": date(9999, 12, 31)}
INTERVALS = ("day", "week", "month")


def encode_cursor(d: date | None, rowid: int) -> str:
    raw = json.dumps([d.isoformat() if d else None, rowid]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[date | None, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        d, rowid = json.loads(raw)
        if not isinstance(rowid, int):
            raise TypeError("rowid")
        return (date.fromisoformat(d) if d is not None else None), rowid
    except (ValueError, TypeError) as exc:
        raise bad("cursor is not valid (use next_cursor from a previous page)") from exc


def match_rows(con: duckdb.DuckDBPyConnection, q: str) -> pa.Table:
    """Rowids of the events whose evidence matches every word of ``q`` (FTS index), or contains
    ``q`` (no index). Rowids are stable while the store file does not change, so callers cache
    this per store version: the timeline, map, network and list of one view share one lookup,
    and later filters join on an integer instead of matching text again."""
    if fts_ready(con, "fts_main_events"):
        terms = fts_terms(con, "fts_main_events", q)
        sql = (
            "SELECT e.rowid AS r FROM events e SEMI JOIN (SELECT d.name FROM fts_main_events.docs d"
            " WHERE d.docid IN (SELECT docid FROM fts_main_events.terms WHERE termid IN"
            " (SELECT termid FROM fts_main_events.dict WHERE list_contains(?, term))"
            " GROUP BY docid HAVING count(DISTINCT termid) = ?)) m ON e.id = m.name"
        )
        params: list[Any] = [terms, len(terms)]
        if (mark := unindexed_since(con)) is not None:
            like, like_params = every_word("evidence", q)
            sql += f" UNION SELECT rowid FROM events WHERE {FRESH_EVENTS} AND {like}"
            params += [mark, *like_params]
        return con.execute(sql, params).to_arrow_table()
    return con.execute(
        "SELECT rowid AS r FROM events WHERE evidence ILIKE ? ESCAPE '\\'", [like_pattern(q)]
    ).to_arrow_table()


def _where(con: duckdb.DuckDBPyConnection, f: EventFilters) -> tuple[str, list[Any]]:
    # only a filter over a later column needs to know whether the store has it
    absent = (
        absent_event_columns(con)
        if f.acled_types or f.acled_sub_types or f.families or f.main_only
        else frozenset()
    )
    # leaving out irrelevant articles' events needs articles.relevant (schema 5)
    scored = not f.include_irrelevant and has_relevance(con)
    if f.q and f.q_rows is not None:
        con.register("_q_rows", f.q_rows)
        return f.where(None, absent=absent, relevance=scored)
    if f.q and fts_ready(con, "fts_main_events"):
        terms = fts_terms(con, "fts_main_events", f.q)
        return f.where(terms, unindexed_since(con), absent=absent, relevance=scored)
    return f.where(None, absent=absent, relevance=scored)


def _bm25(index: str, select: str, table: str) -> str:
    """Top documents for any of the query terms (parameters: terms, limit), scored with Okapi
    BM25 (k1=1.2, b=0.75, as match_bm25) from the index tables in one set-based pass."""
    return f"""
        WITH qt AS (SELECT termid, df FROM {index}.dict WHERE list_contains(?, term)),
        tf AS (SELECT t.docid, t.termid, count(*) AS tf FROM {index}.terms t
               WHERE t.termid IN (SELECT termid FROM qt) GROUP BY ALL),
        st AS (SELECT num_docs, avgdl FROM {index}.stats),
        scored AS (
            SELECT d.name, sum(log((st.num_docs - qt.df + 0.5) / (qt.df + 0.5) + 1)
                   * tf.tf * 2.2 / (tf.tf + 1.2 * (0.25 + 0.75 * d.len / st.avgdl))) AS score
            FROM tf JOIN qt USING (termid) JOIN {index}.docs d USING (docid) CROSS JOIN st
            GROUP BY d.name ORDER BY score DESC, d.name LIMIT ?)
        SELECT {select}, scored.score FROM scored JOIN {table} x ON x.id = scored.name
        ORDER BY scored.score DESC, x.id
    """


def list_events(
    con: duckdb.DuckDBPyConnection, f: EventFilters, limit: int, offset: int, sort: str, cursor: str | None
) -> dict[str, Any]:
    where, params = _where(con, f)
    total = con.execute(f"SELECT count(*) FROM events WHERE {where}", params).fetchone()[0]  # type: ignore[index]
    page_where, page_params = where, list(params)
    if cursor:
        if sort not in ("date_desc", "date_asc"):
            raise bad("cursor paging works with sort=date_desc or date_asc; use offset otherwise")
        if offset:
            raise bad("use either cursor or offset, not both")
        d, last = decode_cursor(cursor)
        op = "<" if sort == "date_desc" else ">"
        key = f"coalesce(date, DATE '{_NULL_DATE[sort].isoformat()}')"
        page_where += f" AND ({key} {op} ? OR ({key} = ? AND rowid {op} ?))"
        d = d or _NULL_DATE[sort]
        page_params += [d, d, last]
    items = rows(
        con.execute(
            f"SELECT {event_columns(con)}, rowid AS _rowid FROM events WHERE {page_where}"
            f" ORDER BY {SORTS[sort]} LIMIT ? OFFSET ?",
            [*page_params, limit, offset],
        )
    )
    last_rowid = items[-1]["_rowid"] if items else None
    for it in items:
        del it["_rowid"]
    _attach_articles(con, items)
    next_cursor = None
    if len(items) == limit and sort in ("date_desc", "date_asc"):
        next_cursor = encode_cursor(items[-1]["date"], last_rowid)
    return {"total": total, "limit": limit, "offset": offset, "next_cursor": next_cursor, "items": items}


def _attach_articles(con: duckdb.DuckDBPyConnection, items: list[dict[str, Any]]) -> None:
    """Add article title/url/date to each event (one query for the page, not a join over all)."""
    ids = sorted({it["article_id"] for it in items})
    if not ids:
        return
    meta = {
        r[0]: {"title": r[1], "url": r[2], "date": r[3], "outlet": r[4]}
        for r in con.execute(
            "SELECT id, title, url, date, source FROM articles WHERE id IN (SELECT unnest(?))", [ids]
        ).fetchall()
    }
    for it in items:
        it["article"] = meta.get(it["article_id"])


def get_event(con: duckdb.DuckDBPyConnection, event_id: str) -> dict[str, Any] | None:
    found = rows(con.execute(f"SELECT {event_columns(con)} FROM events WHERE id = ?", [event_id]))
    if not found:
        return None
    ev = found[0]
    _attach_articles(con, [ev])
    canon = ev["canonical_id"] or ev["id"]
    ev["other_mentions"] = rows(
        con.execute(
            "SELECT e.id, e.article_id, e.date, e.source, a.title FROM events e"
            " JOIN articles a ON a.id = e.article_id WHERE e.canonical_id = ? AND e.id <> ?"
            " ORDER BY e.date, e.id LIMIT 100",
            [canon, event_id],
        )
    )
    return ev


def _bucket(d: date, interval: str) -> date:
    if interval == "week":
        return d - timedelta(days=d.weekday())  # ISO weeks start on Monday, as date_trunc
    if interval == "month":
        return d.replace(day=1)
    return d


def timeline(con: duckdb.DuckDBPyConnection, f: EventFilters, interval: str, group: str) -> dict[str, Any]:
    """Counts per day from SQL (one scan), then grouped into weeks or months here: the day rows
    are few, and date_trunc over every event row would cost more than the whole aggregation."""
    where, params = _where(con, f)
    col = {"quad_class": "quad_class::VARCHAR", "type": "type"}[group]
    days = con.execute(
        f"SELECT date, {col}, count(*) FROM events WHERE date IS NOT NULL AND {where} GROUP BY ALL ORDER BY 1",
        params,
    ).fetchall()
    if interval == "auto":
        span = (days[-1][0] - days[0][0]).days if days else 0
        interval = "day" if span <= 120 else "week" if span <= 3 * 365 else "month"
    buckets: dict[date, dict[str, int]] = {}
    for d, k, n in days:
        counts = buckets.setdefault(_bucket(d, interval), {})
        key = k if k is not None else "none"
        counts[key] = counts.get(key, 0) + n
    keys = sorted({k for c in buckets.values() for k in c})
    return {
        "interval": interval,
        "group": group,
        "keys": keys,
        "buckets": [{"t": t, "counts": c, "total": sum(c.values())} for t, c in buckets.items()],
    }


def places_geojson(con: duckdb.DuckDBPyConnection, f: EventFilters, limit: int) -> dict[str, Any]:
    """One point per place (GeoNames id, or rounded coordinates when unresolved), with its
    events' counts per QuadClass and per place precision (ACLED's geo_precision: 1 the town
    itself, 2 near it or in a district, 3 a region or country). A point the text put away from
    the named place ("20 km north of Kherson": place_relation offset or outskirts) is a point of
    its own, with the relation, distance, bearing and radius of its uncertainty."""
    where, params = _where(con, f)
    absent = absent_event_columns(con)

    def col(name: str) -> str:
        return event_column(name, absent)

    precision, relation = col("place_precision"), col("place_relation")
    moved = f"{relation} IN ('offset', 'outskirts')"
    result = con.execute(
        f"""
        SELECT place_geonameid, any_value(place_name), any_value(place_country), avg(lat), avg(lon),
               count(*) AS n,
               count(*) FILTER (quad_class = 1), count(*) FILTER (quad_class = 2),
               count(*) FILTER (quad_class = 3), count(*) FILTER (quad_class = 4),
               count(*) FILTER ({precision} = 1), count(*) FILTER ({precision} = 2),
               count(*) FILTER ({precision} = 3), max({col("place_radius_km")}),
               any_value({relation}) FILTER ({moved}), any_value({col("place_distance_km")}) FILTER ({moved}),
               any_value({col("place_bearing")}) FILTER ({moved})
        FROM events WHERE lat IS NOT NULL AND lon IS NOT NULL AND {where}
        GROUP BY place_geonameid,
                 CASE WHEN place_geonameid IS NULL OR coalesce({moved}, FALSE) THEN round(lat, 3) END,
                 CASE WHEN place_geonameid IS NULL OR coalesce({moved}, FALSE) THEN round(lon, 3) END
        ORDER BY n DESC LIMIT ?
        """,
        [*params, limit],
    ).fetchall()
    features = []
    for gid, name, country, lat, lon, n, *counts, radius, rel, dist, bearing in result:
        q1, q2, q3, q4, p1, p2, p3 = counts
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [round(lon, 5), round(lat, 5)]},
                "properties": {
                    "geonameid": gid,
                    "name": name,
                    "country": country,
                    "count": n,
                    "quad": {"1": q1, "2": q2, "3": q3, "4": q4},
                    "precision": {"1": p1, "2": p2, "3": p3},
                    "radius_km": radius,
                    "relation": rel,
                    "distance_km": dist,
                    "bearing": bearing,
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def actor_attributes(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str | None, str | None]]:
    """Country and sector of every actor name (cached per store version by the caller: carrying
    them through the network aggregation would double its cost)."""
    result = con.execute(
        """
        SELECT a, any_value(c), any_value(s) FROM (
            SELECT coalesce(source_canonical, source_text) AS a, source_country AS c, source_sector AS s
            FROM events
            UNION ALL
            SELECT coalesce(target_canonical, target_text), target_country, target_sector FROM events)
        WHERE a IS NOT NULL GROUP BY a
        """
    ).fetchall()
    return {a: (c, s) for a, c, s in result}


def network(
    con: duckdb.DuckDBPyConnection,
    f: EventFilters,
    limit: int,
    attributes: dict[str, tuple[str | None, str | None]] | None = None,
) -> dict[str, Any]:
    where, params = _where(con, f)
    edges = rows(
        con.execute(
            f"""
            SELECT coalesce(source_canonical, source_text) AS source,
                   coalesce(target_canonical, target_text) AS target, count(*) AS n,
                   count(*) FILTER (quad_class = 1) AS q1, count(*) FILTER (quad_class = 2) AS q2,
                   count(*) FILTER (quad_class = 3) AS q3, count(*) FILTER (quad_class = 4) AS q4,
                   avg(tone) AS tone, avg(goldstein) AS goldstein
            FROM events
            WHERE coalesce(source_canonical, source_text) IS NOT NULL
              AND coalesce(target_canonical, target_text) IS NOT NULL AND {where}
            GROUP BY 1, 2 ORDER BY n DESC, 1, 2 LIMIT ?
            """,
            [*params, limit],
        )
    )
    attributes = attributes if attributes is not None else actor_attributes(con)
    nodes: dict[str, dict[str, Any]] = {}
    for e in edges:
        for role in ("source", "target"):
            country, sector = attributes.get(e[role], (None, None))
            node = nodes.setdefault(e[role], {"id": e[role], "country": country, "sector": sector, "n": 0})
            node["n"] += e["n"]
        e["by_quad"] = {str(k): e.pop(f"q{k}") for k in (1, 2, 3, 4)}
        e["tone"] = None if e["tone"] is None else round(e["tone"], 4)
        e["goldstein"] = None if e["goldstein"] is None else round(e["goldstein"], 3)
    return {"nodes": sorted(nodes.values(), key=lambda n: -n["n"]), "edges": edges}


def _with_dates(
    conds: list[str], params: list[Any], start: date | None, end: date | None,
    last: str = "date", first: str = "date",
) -> str:  # fmt: skip
    """Add the date-range conditions and return the WHERE clause (TRUE when there are none).
    A row spanning ``first``..``last`` (a story) is in range when it overlaps [start, end]."""
    if start:
        conds.append(f"{last} >= ?")
        params.append(start)
    if end:
        conds.append(f"{first} <= ?")
        params.append(end)
    return " AND ".join(conds) or "TRUE"


def list_articles(
    con: duckdb.DuckDBPyConnection,
    q: str | None,
    source: str | None,
    story: str | None,
    start: date | None,
    end: date | None,
    limit: int,
    offset: int,
    langs: list[str] | None = None,
    include_irrelevant: bool = False,
) -> dict[str, Any]:
    conds, params = [], []
    scored = has_relevance(con)  # articles.relevance/relevant: schema 5, NULL for an older store
    if scored and not include_irrelevant:
        conds.append("relevant IS DISTINCT FROM FALSE")
    if q:
        conds.append("title ILIKE ? ESCAPE '\\'")
        params.append(like_pattern(q))
    for col, value in (("source", source), ("story", story)):
        if value:
            conds.append(f"{col} = ?")
            params.append(value)
    if langs:
        conds.append(f"lang IN ({', '.join('?' * len(langs))})")
        params.extend(langs)
    where = _with_dates(conds, params, start, end)
    relevance = "relevance, relevant" if scored else "NULL::DOUBLE AS relevance, NULL::BOOLEAN AS relevant"
    total = con.execute(f"SELECT count(*) FROM articles WHERE {where}", params).fetchone()[0]  # type: ignore[index]
    items = rows(
        con.execute(
            "SELECT id, title, date, source, url, lang, n_events, n_sentences, tone, story, duplicate_of, "
            f"{relevance} FROM articles WHERE {where} ORDER BY date DESC NULLS LAST, id LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
    )
    return {"total": total, "limit": limit, "offset": offset, "items": items}


def get_article(con: duckdb.DuckDBPyConnection, article_id: str) -> dict[str, Any] | None:
    row = con.execute("SELECT doc, story, ingested FROM articles WHERE id = ?", [article_id]).fetchone()
    if not row:
        return None
    doc = json.loads(row[0]) if row[0] else {}
    # the stored event ids (article:index) in document order, so the reader can link each event
    ids = con.execute("SELECT idx, id, mentions, canonical_id FROM events WHERE article_id = ?", [article_id])
    doc["event_ids"] = {str(i): {"id": e, "mentions": m, "canonical_id": c} for i, e, m, c in ids.fetchall()}
    doc["story_id"] = row[1]
    doc["ingested"] = row[2]
    doc.setdefault("main_event", None)  # a document stored before it existed
    doc.setdefault("withheld", [])  # the same
    doc.setdefault("relevance", None)  # ... or before the relevance layer
    doc.setdefault("relevant", None)
    return doc


def _topic_column(con: duckdb.DuckDBPyConnection) -> str:
    """``stories.topic``, or NULL for a schema-2 store (the server opens the file read-only, so
    a store no run has opened since the upgrade still lacks the column)."""
    try:
        con.execute("SELECT topic FROM stories LIMIT 0")  # 0.2 ms, a fifth of asking the catalog
    except duckdb.BinderException:
        return "CAST(NULL AS VARCHAR)"
    return "topic"


def list_stories(
    con: duckdb.DuckDBPyConnection, q: str | None, start: date | None, end: date | None, sort: str,
    limit: int, offset: int, topic: str | None = None,
) -> dict[str, Any]:  # fmt: skip
    conds, params = [], []
    if q:
        conds.append("title ILIKE ? ESCAPE '\\'")
        params.append(like_pattern(q))
    topic_col = _topic_column(con)
    if topic:
        conds.append(f"{topic_col} = ?")
        params.append(topic)
    where = _with_dates(conds, params, start, end, last="last_seen", first="first_seen")
    order = {"articles": "n_articles DESC, last_seen DESC", "recent": "last_seen DESC NULLS LAST, id"}[sort]
    total = con.execute(f"SELECT count(*) FROM stories WHERE {where}", params).fetchone()[0]  # type: ignore[index]
    items = rows(
        con.execute(
            "SELECT id, title, first_seen, last_seen, n_articles, outlets, top_actors, top_places,"
            f" {topic_col} AS topic FROM stories WHERE {where} ORDER BY {order} LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
    )
    for it in items:
        for k in ("outlets", "top_actors", "top_places"):
            it[k] = json.loads(it[k]) if it[k] else []
    return {"total": total, "limit": limit, "offset": offset, "items": items}


RELATED_STORIES = 20  # at most this many stories of the same topic beside a story


def get_story(con: duckdb.DuckDBPyConnection, story_id: str) -> dict[str, Any] | None:
    found = rows(con.execute("SELECT * FROM stories WHERE id = ?", [story_id]))
    articles = rows(
        con.execute(
            "SELECT id, title, date, source, url, lang, n_events FROM articles WHERE story = ? ORDER BY date, id",
            [story_id],
        )
    )
    if not found and not articles:
        return None
    story = found[0] if found else {"id": story_id, "title": None}
    for k in ("outlets", "top_actors", "top_places"):
        if isinstance(story.get(k), str):
            story[k] = json.loads(story[k])
    story["topic"] = story.get("topic")  # absent from a schema-2 store
    # the other stories of its topic (the same kind of happening), the best reported first
    story["related"] = (
        rows(
            con.execute(
                "SELECT id, title, first_seen, last_seen, n_articles FROM stories WHERE topic = ? AND id <> ?"
                f" ORDER BY n_articles DESC, last_seen DESC NULLS LAST, id LIMIT {RELATED_STORIES}",
                [story["topic"], story_id],
            )
        )
        if story["topic"]
        else []
    )
    story["articles"] = articles
    # one event per canonical event: the mention canonical_id names (its first report)
    story["events"] = rows(
        con.execute(
            f"SELECT {event_columns(con)} FROM events WHERE story = ? AND (canonical_id IS NULL OR canonical_id = id)"
            " ORDER BY mentions DESC, date, id LIMIT 500",
            [story_id],
        )
    )
    return story


def list_quotes(
    con: duckdb.DuckDBPyConnection, speaker: str | None, mention: str | None, q: str | None,
    start: date | None, end: date | None, article: str | None, limit: int, offset: int,
) -> dict[str, Any]:  # fmt: skip
    conds, params = [], []
    if speaker:
        conds.append("(lower(speaker_canonical) = ? OR lower(speaker_text) = ?)")
        params.extend([speaker.lower()] * 2)
    if mention:
        conds.append(
            "(list_contains(list_transform(json_extract_string(mentions, '$[*].canonical'), x -> lower(x)), ?)"
            " OR list_contains(list_transform(json_extract_string(mentions, '$[*].text'), x -> lower(x)), ?))"
        )
        params.extend([mention.lower()] * 2)
    if q:
        conds.append("text ILIKE ? ESCAPE '\\'")
        params.append(like_pattern(q))
    if article:
        conds.append("article_id = ?")
        params.append(article)
    where = _with_dates(conds, params, start, end)
    total = con.execute(f"SELECT count(*) FROM quotes WHERE {where}", params).fetchone()[0]  # type: ignore[index]
    items = rows(
        con.execute(
            'SELECT article_id, idx, start, "end", text, direct, sentence, cue_text, speaker_text,'
            " speaker_canonical, speaker_country, speaker_sector, mentions, date"
            f" FROM quotes WHERE {where} ORDER BY date DESC NULLS LAST, article_id, idx LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
    )
    for it in items:
        it["mentions"] = json.loads(it["mentions"]) if it["mentions"] else []
    return {"total": total, "limit": limit, "offset": offset, "items": items}


def search(con: duckdb.DuckDBPyConnection, q: str, kind: str, limit: int) -> dict[str, Any]:
    """BM25 over the FTS indexes when they exist, else substring matching. While a run is still
    storing articles the index lags behind: the articles stored since it was built are matched
    by substring and listed first (they are the newest), flagged ``"indexed": false``."""
    out: dict[str, Any] = {"q": q, "fts": {}, "articles": [], "events": []}
    pattern = like_pattern(q)
    kinds = {
        "articles": (
            "fts_main_articles",
            "x.id, x.title, x.date, x.source, left(x.text, 240) AS snippet",
            "(x.title ILIKE ? ESCAPE '\\' OR x.text ILIKE ? ESCAPE '\\')",
            [pattern, pattern],
            "x.id IN (SELECT id FROM articles WHERE ingested > CAST(? AS TIMESTAMP))",
            "(x.title || ' ' || x.text)",
        ),
        "events": (
            "fts_main_events",
            "x.id, x.article_id, x.type, x.quad_class, x.date, x.evidence",
            "x.evidence ILIKE ? ESCAPE '\\'",
            [pattern],
            FRESH_EVENTS.replace("article_id", "x.article_id"),
            "x.evidence",
        ),
    }
    mark = unindexed_since(con)
    for name, (index, select, like, like_params, fresh, fresh_text) in kinds.items():
        if kind not in ("all", name):
            continue
        fts = fts_ready(con, index)
        out["fts"][name] = fts
        found: list[dict[str, Any]] = []
        if fts and mark is not None:
            words, words_params = every_word(fresh_text, q)
            found = rows(
                con.execute(
                    f"SELECT {select}, NULL AS score, false AS indexed FROM {name} x WHERE {fresh} AND {words}"
                    " ORDER BY x.date DESC, x.id LIMIT ?",
                    [mark, *words_params, limit],
                )
            )
        if fts:
            found += rows(con.execute(_bm25(index, select, name), [fts_terms(con, index, q), limit]))
        else:
            found = rows(
                con.execute(
                    f"SELECT {select}, NULL AS score FROM {name} x WHERE {like} ORDER BY x.date DESC, x.id LIMIT ?",
                    [*like_params, limit],
                )
            )
        for r in found:
            r.setdefault("indexed", fts)
        out[name] = found[:limit]
    return out


def last_update(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """``last_update``: when an article was last stored (by `run` or `watch`); ``last_poll``:
    when `eventwire watch` last polled its feeds (None without a watch). Both in UTC-offset ISO."""

    def when(sql: str) -> Any:
        try:
            return con.execute(sql).fetchone()[0]  # type: ignore[index]
        except duckdb.Error:  # a lake served in place has no ingested column; no watch, no feeds
            return None

    return {
        "last_update": when("SELECT CAST(max(ingested) AS TIMESTAMPTZ) FROM articles"),
        "last_poll": when("SELECT CAST(max(last_poll) AS TIMESTAMPTZ) FROM feeds"),
    }


def stats(con: duckdb.DuckDBPyConnection, include_irrelevant: bool = False) -> dict[str, Any]:
    """The store's figures; without ``include_irrelevant`` the articles scored irrelevant
    (articles.relevant = FALSE) and their events are left out of the article and event figures
    (``irrelevant_articles`` says how many; NULL for a store without the relevance column)."""

    def one(sql: str) -> Any:
        return con.execute(sql).fetchone()[0]  # type: ignore[index]

    scored = has_relevance(con)
    irrelevant = one(f"SELECT count(*) FROM ({IRRELEVANT_ARTICLES})") if scored else None
    # the events and articles the figures count: FROM {ev} / FROM {art}
    ev, art = "events", "articles"
    if irrelevant and not include_irrelevant:
        ev = f"(SELECT * FROM events WHERE article_id NOT IN ({IRRELEVANT_ARTICLES}))"
        art = "(SELECT * FROM articles WHERE relevant IS DISTINCT FROM FALSE)"

    counted = {"articles": art, "events": ev}
    counts = {
        t: one(f"SELECT count(*) FROM {counted.get(t, t)}")
        for t in ("articles", "sentences", "entities", "places", "timexes", "quotes", "events", "stories")
    }
    first, last = con.execute(f"SELECT min(date), max(date) FROM {ev}").fetchone()  # type: ignore[misc]
    afirst, alast = con.execute(f"SELECT min(date), max(date) FROM {art}").fetchone()  # type: ignore[misc]
    runs = rows(con.execute("SELECT * FROM runs ORDER BY id DESC LIMIT 1"))
    return {
        "counts": counts,
        "irrelevant_articles": irrelevant,
        "events_first_date": first,
        "events_last_date": last,
        "articles_first_date": afirst,
        "articles_last_date": alast,
        "by_type": dict(
            con.execute(f"SELECT type, count(*) FROM {ev} GROUP BY 1 ORDER BY 2 DESC").fetchall()
        ),
        "by_quad_class": {
            str(k): n
            for k, n in con.execute(f"SELECT quad_class, count(*) FROM {ev} GROUP BY 1 ORDER BY 1").fetchall()
        },
        "by_modality": dict(
            con.execute(f"SELECT modality, count(*) FROM {ev} GROUP BY 1 ORDER BY 2 DESC").fetchall()
        ),
        # ACLED events by type ({} for a store from before schema 4 that no run has upgraded)
        "by_acled_type": {}
        if "acled_type" in absent_event_columns(con)
        else dict(
            con.execute(
                f"SELECT acled_type, count(*) FROM {ev} WHERE acled_type IS NOT NULL"
                " GROUP BY 1 ORDER BY 2 DESC"
            ).fetchall()
        ),
        # articles per language (ISO 639-1); only English ones are coded
        "by_lang": dict(
            con.execute(f"SELECT lang, count(*) FROM {art} GROUP BY 1 ORDER BY 2 DESC, 1").fetchall()
        ),
        "top_actors": [
            {"actor": a, "n": n}
            for a, n in con.execute(
                f"SELECT a, count(*) FROM (SELECT coalesce(source_canonical, source_text) AS a FROM {ev}"
                f" UNION ALL SELECT coalesce(target_canonical, target_text) FROM {ev})"
                " WHERE a IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 100"
            ).fetchall()
        ],
        "countries": [
            r[0]
            for r in con.execute(
                f"SELECT c FROM (SELECT source_country AS c FROM {ev} UNION ALL SELECT target_country FROM {ev}"
                f" UNION ALL SELECT place_country FROM {ev}) WHERE c IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC"
            ).fetchall()
        ],
        "last_run": runs[0] if runs else None,
        **last_update(con),
        "fts": {
            "articles": bool(
                one("SELECT count(*) FROM duckdb_schemas() WHERE schema_name = 'fts_main_articles'")
            ),
            "events": bool(
                one("SELECT count(*) FROM duckdb_schemas() WHERE schema_name = 'fts_main_events'")
            ),
        },
    }
