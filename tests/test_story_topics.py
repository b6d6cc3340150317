"""Topics (the same kind of happening) from the story index to the store, the API and back:
Story.topic, the stories.topic column (and the upgrade of a schema-2 file), the /api/stories
topic filter and the related stories of /api/stories/{id}. Hand-written articles, no spaCy."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
from fastapi.testclient import TestClient

from eventwire.model import Actor, AnnotatedDoc, Event, Place, Span
from eventwire.store.duckdb_store import SCHEMA_VERSION, Store
from eventwire.store.stories import update_stories
from eventwire.stories import StoryConfig, StoryIndex
from eventwire.web.app import create_app
from eventwire.web.queries import RELATED_STORIES
from samples import story_doc

# Three bridge collapses in three towns (three stories of one kind: one topic) and a chess
# tournament reported twice (another kind). The collapses are weeks apart, beyond the story
# window and within the topic window.
ARTICLES = [
    ("bridge-a1", "2025-02-03", "North Herald", ("Halvik", "Mira Tollan", "Orra"),
     "A road bridge collapsed in Halvik on Monday, sending two trucks into the Orra river. Engineer "
     "Mira Tollan said corroded steel cables gave way under the morning traffic."),
    ("bridge-a2", "2025-02-04", "Valley Times", ("Halvik", "Mira Tollan", "Orra"),
     "Divers pulled two trucks from the Orra river after the road bridge in Halvik collapsed. Mira "
     "Tollan, the engineer, blamed corroded cables for the collapse."),
    ("bridge-a3", "2025-02-04", "Wire Desk", ("Halvik", "Mira Tollan", "Orra"),
     "Halvik closed its ferry crossing to lorries a day after the bridge over the Orra collapsed; "
     "Mira Tollan said the corroded cables of the fallen bridge had not been checked for years."),
    ("bridge-b1", "2025-02-20", "Wire Desk", ("Desmer", "Paul Ferrin", "Kalde"),
     "A bridge collapsed in Desmer on Thursday, dropping eleven people into the Kalde river. "
     "Inspector Paul Ferrin said corroded steel cables of the old footbridge gave way."),
    ("bridge-b2", "2025-02-21", "North Herald", ("Desmer", "Paul Ferrin", "Kalde"),
     "Eleven people were hurt when the Desmer footbridge collapsed into the Kalde river, and inspector "
     "Paul Ferrin said its rusted supports had failed."),
    ("bridge-c1", "2025-03-02", "Valley Times", ("Ostrel", "Nadia Berg", "Venn"),
     "A bridge collapsed in Ostrel on Sunday, sending a bus into the Venn river. Engineer Nadia Berg "
     "said the corroded steel cables of the bridge gave way."),
    ("chess-1", "2025-02-09", "Wire Desk", ("Ilse Varga", "Lindau"),
     "Grandmaster Ilse Varga won the Lindau chess open on Sunday, beating the defending champion in "
     "the final round."),
    ("chess-2", "2025-02-10", "Valley Times", ("Ilse Varga", "Lindau"),
     "Ilse Varga took the Lindau chess title with a final-round win over the defending champion."),
]  # fmt: skip
BRIDGES = [{"bridge-a1", "bridge-a2", "bridge-a3"}, {"bridge-b1", "bridge-b2"}, {"bridge-c1"}]
CHESS = {"chess-1", "chess-2"}


def make_doc(aid: str, day: str, outlet: str, names: tuple[str, ...], text: str) -> AnnotatedDoc:
    return story_doc(aid, day, outlet, text, names, title=text[:60])


def docs() -> list[AnnotatedDoc]:
    return [make_doc(*a) for a in ARTICLES]


def index_of(config: StoryConfig | None = None) -> StoryIndex:
    index = StoryIndex(config)
    for doc in docs():
        index.add(doc)
    return index


def story_of(stories: list[Any], article: str) -> Any:
    return next(s for s in stories if article in s.article_ids)


# --- Story.topic ----------------------------------------------------------------------------------


def test_story_topic_agrees_with_topic_assignments() -> None:
    index = index_of()
    stories = index.stories()
    assert [set(s.article_ids) for s in stories if not CHESS & set(s.article_ids)] == BRIDGES
    topic_of = index.topic_assignments()
    for s in stories:
        assert s.topic is not None
        assert {topic_of[a] for a in s.article_ids} == {s.topic}
    bridge_topics = {story_of(stories, min(b)).topic for b in BRIDGES}
    assert len(bridge_topics) == 1  # three collapses, one kind of happening
    assert story_of(stories, "chess-1").topic not in bridge_topics


def test_stories_read_twice_and_rebuilt_give_the_same_topics() -> None:
    index = index_of()
    first = [(s.id, s.topic) for s in index.stories()]
    assert [(s.id, s.topic) for s in index.stories()] == first
    assert [(s.id, s.topic) for s in index_of().stories()] == first


def test_topics_disabled_leave_story_topic_empty() -> None:
    stories = index_of(StoryConfig(topic_threshold=None)).stories()
    assert len(stories) == 4
    assert all(s.topic is None for s in stories)


# --- the store ------------------------------------------------------------------------------------


def stored(path: Path) -> Store:
    store = Store(path)
    store.add_docs(docs())
    update_stories(store)
    return store


def groups(assign: dict[str, str | None]) -> set[frozenset[str]]:
    """The partition of the articles an assignment (article -> story or topic) makes."""
    out: dict[str | None, set[str]] = {}
    for aid, key in assign.items():
        out.setdefault(key, set()).add(aid)
    return {frozenset(g) for g in out.values()}


def test_store_keeps_each_story_topic(tmp_path: Path) -> None:
    store = stored(tmp_path / "s.duckdb")
    # the article -> story -> topic join users will write
    _, rows = store.sql("SELECT a.id, s.topic FROM articles a JOIN stories s ON a.story = s.id")
    assert groups(dict(rows)) == groups(index_of().topic_assignments())
    assert groups(dict(rows)) == {frozenset(set().union(*BRIDGES)), frozenset(CHESS)}
    _, rows = store.sql("SELECT s.topic, count(*) FROM stories s GROUP BY 1 ORDER BY 2")
    assert [n for _, n in rows] == [1, 3] and all(rows[0])


def schema_2_file(path: Path) -> None:
    """What a schema-2 release left on disk: no stories.topic, one story row written then."""
    Store(path)
    with duckdb.connect(str(path)) as con:
        con.execute("ALTER TABLE stories DROP COLUMN topic")
        con.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
        con.execute("INSERT INTO stories VALUES ('st_old', 'An old story', NULL, NULL, 1, '[]', '[]', '[]')")


def test_store_written_by_schema_2_gains_the_topic_column(tmp_path: Path) -> None:
    old = tmp_path / "old.duckdb"
    schema_2_file(old)
    store = Store(old)
    _, version = store.sql("SELECT value FROM meta WHERE key = 'schema_version'")
    assert version[0][0] == SCHEMA_VERSION and int(SCHEMA_VERSION) >= 3
    _, rows = store.sql("SELECT id, topic FROM stories")
    assert rows == [("st_old", None)]
    # an upgraded table has the columns of a new one, in the same order
    fresh = Store(tmp_path / "new.duckdb")
    assert store.sql("DESCRIBE stories")[1] == fresh.sql("DESCRIBE stories")[1]
    store.add_docs(docs())
    update_stories(store)
    _, rows = store.sql("SELECT count(*), count(topic), count(DISTINCT topic) FROM stories")
    assert rows == [(4, 4, 2)]


# --- the API --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("topics") / "topics.duckdb"
    stored(path)
    return path


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(str(db))) as c:
        yield c


def get(client: TestClient, url: str, **params: Any) -> Any:
    r = client.get(url, params=params)
    assert r.status_code == 200, (url, params, r.text)
    return r.json()


def story_ids(client: TestClient) -> dict[str, str]:
    """Article id -> story id, as the API tells it."""
    return {a["id"]: a["story"] for a in get(client, "/api/articles", limit=100)["items"]}


def test_api_lists_stories_with_their_topic_and_filters_by_it(client: TestClient) -> None:
    listed = get(client, "/api/stories")["items"]
    assert len(listed) == 4 and all(s["topic"] for s in listed)
    of = story_ids(client)
    topic = next(s["topic"] for s in listed if s["id"] == of["bridge-a1"])
    page = get(client, "/api/stories", topic=topic)
    assert page["total"] == 3
    assert {s["id"] for s in page["items"]} == {of[min(b)] for b in BRIDGES}
    assert all(s["topic"] == topic for s in page["items"])
    assert get(client, "/api/stories", topic=topic, q="footbridge")["total"] == 1  # filters combine
    assert get(client, "/api/stories", topic="tp_none")["total"] == 0
    assert client.get("/api/stories", params={"topic": "x" * 201}).status_code == 422


def test_api_story_lists_the_other_stories_of_its_topic(client: TestClient) -> None:
    of = story_ids(client)
    story = get(client, f"/api/stories/{of['bridge-c1']}")
    assert story["topic"]
    related = story["related"]
    # the other two collapses, most articles first, with what the dashboard shows
    assert [r["id"] for r in related] == [of["bridge-a1"], of["bridge-b1"]]
    assert [r["n_articles"] for r in related] == [3, 2]
    assert set(related[0]) == {"id", "title", "first_seen", "last_seen", "n_articles"}
    assert related[0]["first_seen"] == "2025-02-03" and related[0]["last_seen"] == "2025-02-04"
    assert get(client, f"/api/stories/{of['chess-1']}")["related"] == []  # alone in its topic


def test_api_documents_the_topic_filter(client: TestClient) -> None:
    params = get(client, "/openapi.json")["paths"]["/api/stories"]["get"]["parameters"]
    topic = next(p for p in params if p["name"] == "topic")
    assert "topic" in topic["description"] and not topic.get("required", False)


def test_api_related_stories_are_capped(tmp_path: Path) -> None:
    path = tmp_path / "many.duckdb"
    store = Store(path)
    with store.write() as con:  # more stories of one kind than a story panel lists
        con.executemany(
            "INSERT INTO stories (id, title, n_articles, topic) VALUES (?, ?, ?, 'tp_fires')",
            [(f"st_{i:02d}", f"Fire number {i}", i) for i in range(RELATED_STORIES + 5)],
        )
    with TestClient(create_app(str(path))) as c:
        related = get(c, "/api/stories/st_03")["related"]
    assert len(related) == RELATED_STORIES
    assert [r["n_articles"] for r in related] == list(range(RELATED_STORIES + 4, 4, -1))  # most first
    assert "st_03" not in {r["id"] for r in related}


def test_api_serves_a_schema_2_store_it_cannot_upgrade(tmp_path: Path) -> None:
    """The server opens the file read-only: a store no run has opened since the upgrade has no
    topic column, and its stories are served with no topic instead of failing."""
    path = tmp_path / "old.duckdb"
    schema_2_file(path)
    with TestClient(create_app(str(path))) as c:
        assert get(c, "/api/stories")["items"][0]["topic"] is None
        assert get(c, "/api/stories", topic="tp_x")["total"] == 0
        story = get(c, "/api/stories/st_old")
    assert story["topic"] is None and story["related"] == []


def test_story_panel_lists_each_canonical_event_once(tmp_path: Path) -> None:
    """Two reports of one shelling, as the stories layer stores them (canonical_id is the id of
    the first report's mention): the story lists the event once, with 2 mentions, and the
    "one per story" filter keeps that one event."""
    guards = Actor(0, 0, "Arvenian guards", canonical="Arvenian Border Guard", country="ARV", sector="MIL")
    village = Place(0, 0, "Tulm", name="Tulm", geonameid=990001, country="ARV", feature="P.PPL")
    reports = [
        (
            "shell-1",
            "North Herald",
            "Arvenian guards shelled the village of Tulm on Monday, wounding three farmers.",
        ),
        (
            "shell-2",
            "Valley Times",
            "Three farmers were wounded when Arvenian guards shelled Tulm on Monday.",
        ),
    ]
    items = []
    for aid, outlet, text in reports:
        doc = make_doc(aid, "2025-04-07", outlet, ("Tulm",), text)
        trigger = re.search("shelled", text)
        assert trigger is not None
        doc.events.append(
            Event("ASSAULT", 0, Span(trigger.start(), trigger.end(), "shelled"), source=guards, place=village,
                  date="2025-04-07", quad_class=4)
        )  # fmt: skip
        items.append(doc)
    store = Store(tmp_path / "shell.duckdb")
    store.add_docs(items)
    update_stories(store)
    _, rows = store.sql("SELECT DISTINCT canonical_id, story FROM events")
    assert len(rows) == 1 and rows[0][0] == "shell-1:0"  # one canonical event, one story
    _, canon = store.sql("SELECT id, n_mentions FROM canonical_events")
    assert canon == [("shell-1:0", 2)]
    with TestClient(create_app(str(tmp_path / "shell.duckdb"))) as c:
        story = get(c, f"/api/stories/{rows[0][1]}")
        every, one = get(c, "/api/events"), get(c, "/api/events", canonical="true")
    assert [(e["type"], e["mentions"]) for e in story["events"]] == [("ASSAULT", 2)]
    assert story["events"][0]["article_id"] == "shell-1"  # the first report stands for it
    assert every["total"] == 2 and [e["id"] for e in one["items"]] == ["shell-1:0"]
