"""Stories: articles about the same real-world happening, grouped incrementally.

Each article becomes a TF-IDF vector over words and names (see ``features``); a story is the sum
of its articles' unit vectors. No number of clusters is ever given.

* **Arrival** (``add``): the article joins the story whose centroid it is most similar to when
  the cosine reaches ``story_threshold`` and its date falls within ``window_days`` of the
  story's first..last days; otherwise it starts a new story. This is cheap and immediate.
* **Consolidation** (every ``consolidate_every`` arrivals and before any read): over the open
  stories (those a new article could still join), the articles' vectors are re-weighed with the
  current document frequencies, then (a) every open article is taken out of its story and put
  back into the best one (the k-means step of DP-means: a story's own centroid is computed
  without the article, so it is not its own evidence), and (b) two stories merge when merging
  costs less than ``merge_cost``, the cost being the loss of fit ``|a| + |b| - |a + b|`` of
  their centroid sums (for unit articles ``n - |sum|`` is the sum of 1 - cosine to the mean
  direction), and their centroids are at least ``story_threshold`` alike. The cost grows with
  the stories' sizes: two established stories merge only when their centroids nearly coincide,
  a fragment joins its story readily. (c) The inverse step: a story splits in two (spherical
  2-means) when the two parts would cost more than ``merge_cost`` to merge: two happenings of
  one kind that one centroid came to sit between. Split, reassign and merge repeat over the
  stories that changed until nothing moves (at most ``passes`` rounds). Articles are visited in
  (date, id) order, so the result depends on the set of open articles, not on the order they
  came in; what remains order-dependent is the state of stories closed before (the window slid
  past them), which stories a round revisits, and ties.

A second, coarser level ("topics": the same kind of happening, e.g. two different church fires)
clusters stories the same way, over each story's words only (the kind of happening is in the
words, the particular one in the names), stemmed ("bombed", "bombing" -> "bomb"), with the
headline and the lead counting three times (``features.kind_terms``: the lead says what
happened, the body drifts into background another kind of story shares), with a lower threshold
and a longer window. Open stories are (re)placed in topics when topics are read; a story's topic
is settled when the story closes. A story lies in exactly one topic by construction.

On ECB+ dev (``benchmarks/stories.py``) the lead weighting took topic B-cubed F1 from 0.961 to
0.986, and from 0.946 to 0.985 on topics held out of the threshold choice. Sentence embeddings
of the leads (all-MiniLM-L6-v2) reached 0.976, 0.955 held out, for ~100 ms per article and a
torch dependency, so they were dropped (see the git history of this file).

Near-copies (``dedup``) join their original's story without moving any centroid, so one
syndicated text does not outweigh independent reports. Undated articles are compatible with
any date (and their stories never close).
"""

from __future__ import annotations

import gzip
import json
import math
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

from ..model import AnnotatedDoc, Story
from .dedup import CopyConfig, CopyDetector
from .features import article_day, doc_terms, kind_terms, lead_sentence, stem_vector, words
from .levels import Cluster, Level
from .vectors import axpy, top_terms

# what a story is told apart by: words, names, coded actors, places, dates, years, figures; the
# topic level reads the stemmed, lead-weighted "k:" words (features.kind_terms) instead
STORY_NAMESPACES = "weapdyn"


@dataclass
class StoryConfig:
    story_threshold: float = 0.2  # article-to-story cosine to join a story
    merge_cost: float = 1.0  # merge two stories when |a| + |b| - |a + b| is below this
    window_days: int = 3  # an article joins a story only within this many days of it
    topic_threshold: float | None = 0.15  # coarser level (words only); None disables topics
    topic_merge_cost: float = 1.0
    topic_window_days: int = 30
    doc_terms: int = 80  # an article vector keeps its heaviest terms (the tail adds noise and time)
    query_terms: int = 20  # an item's top terms used to find candidate clusters
    index_terms: int = 40  # a cluster's top terms it is findable by
    max_terms: int = 300  # a closed cluster keeps at most this many terms (for its title)
    max_candidates: int = 8  # clusters scored exactly, best pre-ranked by shared top terms
    close_every: int = 250  # arrivals between closing stale stories
    consolidate_every: int = 5000  # arrivals between consolidations (reads consolidate too)
    min_split: int = 4  # smaller clusters are never bisected
    passes: int = 2  # at most this many reassign-and-merge rounds per consolidation
    copies: CopyConfig = field(default_factory=CopyConfig)
    copy_detection: bool = True


@dataclass(slots=True)
class Assignment:
    """Where one arriving article went. ``absorbed`` lists stories merged into ``story`` by this
    arrival. Consolidation may later move articles between open stories: ``StoryIndex.assignments()``
    is the current truth, to be read after a batch of arrivals. ``topic`` is the story's topic as
    of the last time topics were read or the story closed (None before)."""

    article_id: str
    story: str
    duplicate_of: str | None = None
    topic: str | None = None
    absorbed: list[str] = field(default_factory=list)


@dataclass
class _ArticleInfo:
    """What a Story record is built from, kept per article so that articles can move."""

    lead: str | None = None  # None for copies: their lead is their original's
    outlet: str | None = None
    actors: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    date: str | None = None


class StoryIndex:
    """Incremental copy detection and story (and topic) clustering.

    ``add(doc)`` assigns one article; ``assignments()``/``stories()`` consolidate and read;
    ``save``/``load`` keep the state between runs so that ``eventwire run`` continues.
    """

    MAX_NAMES = 10  # actors and places kept per article for the story record

    def __init__(self, config: StoryConfig | None = None) -> None:
        self.config = cfg = config or StoryConfig()
        self.df: Counter[str] = Counter()
        self.n_docs = 0
        self.copies = CopyDetector(cfg.copies)
        self.stories_level = Level("st_", cfg.story_threshold, cfg.merge_cost, cfg.window_days, cfg)
        self.topics_level = (
            Level("tp_", cfg.topic_threshold, cfg.topic_merge_cost, cfg.topic_window_days, cfg)
            if cfg.topic_threshold is not None
            else None
        )
        self.raw: dict[str, dict[str, float]] = {}  # open articles' unweighted terms
        self.duplicate_of: dict[str, str] = {}
        self.info: dict[str, _ArticleInfo] = {}
        self.dirty = False  # arrivals since the last consolidation

    # --- adding ---------------------------------------------------------------------------------

    def add(self, doc: AnnotatedDoc) -> Assignment:
        cfg = self.config
        aid = doc.article.id
        day = article_day(doc)
        level = self.stories_level
        original = self.copies.check_add(aid, doc.text, day) if cfg.copy_detection else None
        absorbed: list[str] = []
        if original is not None and original in level.of:
            self.duplicate_of[aid] = original
            story = self.story_of(original)
        else:
            original = None
            raw = doc_terms(doc)
            if self.topics_level is not None:
                raw.update(kind_terms(doc))
            self.n_docs += 1
            self.df.update(raw.keys())
            self.raw[aid] = raw
            story = level.place(aid, self._weigh(raw, STORY_NAMESPACES), day)
            self.dirty = True
            if self.n_docs % cfg.close_every == 0:
                self._close_stale()
            if self.n_docs % cfg.consolidate_every == 0:
                absorbed = [gone for gone, keep in self.consolidate() if keep == level.of[aid]]
                story = level.of[aid]
        self.info[aid] = self._info(doc, original is None)
        doc.duplicate_of, doc.story = original, story
        return Assignment(aid, story, original, self._topic(story), absorbed)

    def story_of(self, aid: str) -> str:
        """The current story of an article (a copy's is its original's)."""
        return self.stories_level.of[self.duplicate_of.get(aid, aid)]

    def _topic(self, story: str) -> str | None:
        return self.topics_level.of.get(story) if self.topics_level is not None else None

    def _weigh(self, raw: dict[str, float], namespaces: str) -> dict[str, float]:
        """A unit tf-idf vector over the terms of the given namespaces, cut to its heaviest."""
        n = self.n_docs
        vec = {
            t: w * (math.log((n + 1) / (self.df[t] + 1)) + 1.0) for t, w in raw.items() if t[0] in namespaces
        }
        if len(vec) > self.config.doc_terms:
            vec = dict(top_terms(vec, self.config.doc_terms))
        norm = math.sqrt(sum(w * w for w in vec.values())) or 1.0
        return {t: w / norm for t, w in vec.items()}

    def consolidate(self) -> list[tuple[str, str]]:
        """Re-weigh, split, reassign and merge the open stories; close stale ones (settling their
        topics). Returns the story merges (gone id, kept id)."""
        level = self.stories_level
        level.reweigh(
            {aid: self._weigh(self.raw[aid], STORY_NAMESPACES) for aid in level.vecs if aid in self.raw}
        )
        merges = level.consolidate()
        self._close_stale()
        self.dirty = False
        return merges

    def _close_stale(self) -> None:
        """Close the stories no new article can join any more; this bounds the open state (and the
        candidate lists every arrival scans) over an endless stream."""
        level, topics = self.stories_level, self.topics_level
        closing = level.close_stale()
        if topics is not None:
            # a closing story takes its topic with it for good: placed now if never read
            self._update_topics([c.id for c in closing])
            for c in closing:
                topics.freeze(c.id)
            topics.close_stale()
        for c in closing:
            level.changed.discard(c.id)
            for m in c.members:
                self.raw.pop(m, None)

    def consolidate_topics(self) -> None:
        """Cluster the open stories into topics (done when topics are read: an open story's topic
        is recomputed then; a closed story's was settled when it closed)."""
        topics, level = self.topics_level, self.stories_level
        if topics is None:
            return
        self._fresh()
        ids = [c for c in level.changed if c in level.clusters] + [
            c.id for c in level.clusters.values() if not c.closed and c.id not in topics.of
        ]
        level.changed.clear()
        self._update_topics(ids)
        topics.consolidate()

    def _update_topics(self, story_ids: list[str]) -> None:
        """(Re)place the given stories in the topic level by their word vectors: the sum of their
        articles' word-only vectors with the words stemmed, i.e. the kind of happening without the
        names and without the inflections ("bombed" / "bombing") two reports of one kind differ in."""
        topics, level = self.topics_level, self.stories_level
        assert topics is not None
        for sid in [s for s in topics.vecs if s not in level.clusters]:
            topics.remove(sid)  # merged away or emptied by reassignment
        for sid in sorted(set(story_ids), key=lambda s: level.clusters[s].number):
            c = level.clusters[sid]
            vec: dict[str, float] = {}
            for m in c.members:
                if m in self.raw:
                    axpy(vec, stem_vector(self._weigh(self.raw[m], "k")), 1.0)
            vec = _truncate(vec, self.config.doc_terms)
            day = c.last if c.last is not None else c.first
            if sid in topics.vecs:
                topics.replace(sid, vec, day)
            elif sid not in topics.of:
                topics.place(sid, vec, day)

    def _info(self, doc: AnnotatedDoc, independent: bool) -> _ArticleInfo:
        actors = list(dict.fromkeys(a.canonical or a.text for a in doc.actors if a.canonical or a.text))
        places = list(dict.fromkeys(p.name or p.text for p in doc.places if p.name or p.text))
        return _ArticleInfo(
            lead=lead_sentence(doc) if independent else None,
            outlet=doc.article.source,
            actors=actors[: self.MAX_NAMES],
            places=places[: self.MAX_NAMES],
            date=doc.article.date.isoformat() if isinstance(doc.article.date, date) else None,
        )

    # --- reading --------------------------------------------------------------------------------

    def _fresh(self) -> None:
        if self.dirty:
            self.consolidate()

    def assignments(self) -> dict[str, str]:
        """Article id -> current story id (after consolidation)."""
        self._fresh()
        return {aid: self.story_of(aid) for aid in self.info}

    def topic_assignments(self) -> dict[str, str]:
        if self.topics_level is None:
            return {}
        self._fresh()
        self.consolidate_topics()
        topic_of = self.topics_level.of
        return {aid: topic_of[s] for aid, s in self.assignments().items() if s in topic_of}

    def stories(self) -> list[Story]:
        """The current stories, each with its topic (one topic consolidation for the whole list,
        as in ``topic_assignments``), largest first."""
        groups: dict[str, list[str]] = {}
        for aid, sid in self.assignments().items():
            groups.setdefault(sid, []).append(aid)
        self.consolidate_topics()  # no-op when topics are disabled
        out = []
        for sid, aids in groups.items():
            infos = [self.info[a] for a in aids]
            leads = [i.lead for i in infos if i.lead]
            outlets = Counter(i.outlet for i in infos if i.outlet)
            actors = Counter(a for i in infos for a in i.actors)
            places = Counter(p for i in infos for p in i.places)
            dates = [i.date for i in infos if i.date]
            out.append(
                Story(
                    id=sid,
                    title=_central(leads, self.stories_level.clusters.get(sid)),
                    first_seen=min(dates) if dates else None,
                    last_seen=max(dates) if dates else None,
                    article_ids=aids,
                    outlets=[o for o, _ in outlets.most_common()],
                    top_actors=[a for a, _ in actors.most_common(5)],
                    top_places=[p for p, _ in places.most_common(5)],
                    topic=self._topic(sid),
                )
            )
        out.sort(key=lambda s: (-len(s.article_ids), s.first_seen or "", s.id))
        return out

    # --- state ----------------------------------------------------------------------------------

    def save(self, path: str | Path) -> None:
        with gzip.open(path, "wt", encoding="utf-8") as fh:
            json.dump(self.state(), fh)

    @classmethod
    def load(cls, path: str | Path) -> StoryIndex:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            return cls.from_state(json.load(fh))

    STATE_VERSION = 3  # 3: articles keep their "k:" topic terms

    def state(self) -> dict:
        return {
            "version": self.STATE_VERSION,
            "config": asdict(self.config),
            "df": self.df,
            "n_docs": self.n_docs,
            "copies": self.copies.state(),
            "stories": self.stories_level.state(),
            "topics": self.topics_level.state() if self.topics_level is not None else None,
            "raw": self.raw,
            "duplicate_of": self.duplicate_of,
            "info": {k: asdict(v) for k, v in self.info.items()},
            "dirty": self.dirty,
        }

    @classmethod
    def from_state(cls, state: dict) -> StoryIndex:
        if state.get("version") != cls.STATE_VERSION:
            raise ValueError("story state from an older eventwire: rebuild it (eventwire stories)")
        cfg = dict(state["config"])
        cfg["copies"] = CopyConfig(**cfg["copies"])
        index = cls(StoryConfig(**cfg))
        index.df = Counter(state["df"])
        index.n_docs = state["n_docs"]
        index.copies = CopyDetector.from_state(state["copies"])
        index.stories_level.load(state["stories"])
        if index.topics_level is not None and state["topics"] is not None:
            index.topics_level.load(state["topics"])
        index.raw = dict(state["raw"])
        index.duplicate_of = dict(state["duplicate_of"])
        index.info = {k: _ArticleInfo(**v) for k, v in state["info"].items()}
        index.dirty = state["dirty"]
        return index


def _truncate(vec: dict[str, float], n: int) -> dict[str, float]:
    return dict(vec) if len(vec) <= n else dict(top_terms(vec, n))


def _central(leads: list[str], cluster: Cluster | None) -> str | None:
    """The lead sentence closest to the story centroid: the most typical way it was reported."""
    if not leads:
        return None
    if cluster is None or not cluster.terms:
        return leads[0]

    def score(lead: str) -> float:
        terms = {"w:" + w for w in words(lead)}
        if not terms:
            return 0.0
        return sum(cluster.terms.get(t, 0.0) for t in terms) / math.sqrt(len(terms))

    return max(leads, key=score)
