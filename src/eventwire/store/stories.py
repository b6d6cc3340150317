"""Copies, stories and canonical events over the store (the stories layer's algorithms applied
to stored documents, with the results written back).

``update_stories(store)`` is incremental: articles without a story are added to the saved
story index in publication order; ``rebuild=True`` starts from scratch (``eventwire stories``).
Canonical events are recomputed over every stored article that is not a copy, so counts of
mentions, sources and articles never double count syndicated text.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..contract import from_dict
from ..model import AnnotatedDoc
from ..stories import StoryIndex, canonical_events
from .duckdb_store import Store


@dataclass
class StoriesSummary:
    added: int
    duplicates: int
    stories: int
    canonical_events: int
    merged_mentions: int


def _docs(store: Store, where: str) -> Iterator[AnnotatedDoc]:
    with store.read() as con:
        cur = con.execute(f"SELECT doc FROM articles WHERE {where} ORDER BY date NULLS LAST, ingested, id")
        while rows := cur.fetchmany(500):
            for (raw,) in rows:
                yield from_dict(json.loads(raw))


def _load_index(store: Store) -> StoryIndex | None:
    with store.read() as con:
        row = con.execute("SELECT state FROM story_state").fetchone()
    if not row:
        return None
    try:
        return StoryIndex.from_state(json.loads(row[0]))
    except ValueError:  # saved by an older story layer: rebuild from every stored article
        return None


def update_stories(store: Store, rebuild: bool = False) -> StoriesSummary:
    index = None if rebuild else _load_index(store)
    where = "true" if index is None else "story IS NULL"
    index = index or StoryIndex()
    added = dups = 0
    assigned: list[tuple[str, str | None]] = []
    for doc in _docs(store, where):
        a = index.add(doc)
        added += 1
        dups += a.duplicate_of is not None
        assigned.append((doc.article.id, a.duplicate_of))
    stories = index.stories()
    story_of = index.assignments()  # after merges, earlier articles may have moved
    canon = canonical_events(_docs(store, "duplicate_of IS NULL AND n_events > 0"))
    with store.write() as con:
        con.execute("BEGIN")
        if story_of:  # executemany refuses an empty list (a store with no article yet)
            con.execute("CREATE TEMP TABLE a_story (id VARCHAR, story VARCHAR)")
            con.executemany("INSERT INTO a_story VALUES (?, ?)", list(story_of.items()))
            con.execute(
                "UPDATE articles SET story = a_story.story FROM a_story WHERE articles.id = a_story.id"
            )
        if assigned:
            con.execute("CREATE TEMP TABLE a_dup (id VARCHAR, dup VARCHAR)")
            con.executemany("INSERT INTO a_dup VALUES (?, ?)", assigned)
            con.execute(
                "UPDATE articles SET duplicate_of = a_dup.dup FROM a_dup WHERE articles.id = a_dup.id"
            )
        # keep the stored eventwire/1 document in step with the columns
        con.execute(
            "UPDATE articles SET doc = json_merge_patch(doc, json_object('story', story, 'duplicate_of', duplicate_of))"
        )
        con.execute(
            "UPDATE events SET story = articles.story FROM articles WHERE events.article_id = articles.id"
        )
        con.execute("DELETE FROM stories")
        if stories:
            # columns named: added columns (topic, schema 3) sit at the end of an upgraded table
            con.executemany(
                "INSERT INTO stories (id, title, first_seen, last_seen, n_articles, outlets, top_actors,"
                " top_places, topic) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(s.id, s.title, s.first_seen, s.last_seen, len(s.article_ids), json.dumps(s.outlets),
                  json.dumps(s.top_actors), json.dumps(s.top_places), s.topic) for s in stories],
            )  # fmt: skip
        con.execute("DELETE FROM canonical_events")
        con.execute("UPDATE events SET canonical_id = NULL, mentions = 1")
        rows: list[tuple[Any, ...]] = []
        links: list[tuple[str, str, int]] = []
        for c in canon:
            # stored under the id of its first-reported mention: "canonical_id = id" then picks one
            # event per canonical event (the dashboard's "one per story", the story panel), and
            # every mention joins canonical_events on canonical_id
            first = f"{c.mentions[0].article_id}:{c.mentions[0].event}"
            rows.append((first, c.type, c.source, c.target, c.place, c.date, c.last_date, c.first_report,
                         c.n_mentions, len(c.outlets), len(c.articles), json.dumps(c.outlets),
                         json.dumps(c.articles)))  # fmt: skip
            links.extend((f"{m.article_id}:{m.event}", first, c.n_mentions) for m in c.mentions)
        if rows:
            con.executemany(
                "INSERT INTO canonical_events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows
            )
            con.execute("CREATE TEMP TABLE e_canon (id VARCHAR, cid VARCHAR, n INTEGER)")
            con.executemany("INSERT INTO e_canon VALUES (?, ?, ?)", links)
            con.execute(
                "UPDATE events SET canonical_id = e_canon.cid, mentions = e_canon.n FROM e_canon WHERE events.id = e_canon.id"
            )
        con.execute("DELETE FROM story_state")
        con.execute("INSERT INTO story_state VALUES (?)", [json.dumps(index.state())])
        con.execute("COMMIT")
    return StoriesSummary(
        added=added, duplicates=dups, stories=len(stories), canonical_events=len(canon),
        merged_mentions=sum(c.n_mentions for c in canon if c.n_mentions > 1),
    )  # fmt: skip
