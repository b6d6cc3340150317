"""Stories: articles about the same real-world happening, grouped incrementally.

Each article becomes a TF-IDF vector over words and names (see ``features``). A story is the
sum of its articles' term vectors; an arriving article joins the most similar open story when
the cosine between the article and the story centroid reaches ``story_threshold`` and the
article's date falls within ``window_days`` of the story's first..last days, otherwise it
starts a new story. No number of clusters is ever given. Two stories whose centroids come
within ``merge_threshold`` of each other after an update are merged (the older id survives),
which undoes most of the fragmentation that single-pass clustering suffers when the articles
of one story arrive in an unlucky order. Near-copies (``dedup``) join their original's story
without moving its centroid, so one syndicated text does not outweigh independent reports.

A second, coarser level ("topics": the same kind of happening, e.g. celebrity rehab stays) is
clustered the same way over the words alone (the kind of happening is in the words, the
particular one in the names), with a lower threshold and a longer window. A story lies in one
topic: when its articles (or a story it absorbs) went to different topics, those topics merge,
so the names the story level sees also tie together differently worded reports of one kind.

At the story level an article must also reach ``link_threshold`` cosine with each of the
story's first ``exemplars`` articles (a complete-link floor): a centroid can sit between two
happenings of one kind (two title defences by one boxer) whose articles are not alike pairwise.

IDF is the running document frequency over the articles seen so far, applied to each article
when it arrives (a centroid is the sum of its articles' unit tf-idf vectors), so early
articles are weighed with a younger IDF: one source of arrival-order dependence.
Undated articles (and stories) are compatible with any date.
"""

from __future__ import annotations

import gzip
import json
import math
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import date
from itertools import repeat
from operator import itemgetter, mul
from pathlib import Path

from ..model import AnnotatedDoc, Story
from .dedup import CopyConfig, CopyDetector
from .features import article_day, doc_terms, lead_sentence, stable_id, words

_WEIGHT = itemgetter(1)


@dataclass
class StoryConfig:
    story_threshold: float = 0.3  # article-to-story cosine to join a story
    merge_threshold: float = 0.5  # story-to-story centroid cosine to merge two stories
    window_days: int = 3  # an article joins a story only within this many days of it
    topic_threshold: float | None = 0.12  # coarser level (words only); None disables topics
    topic_window_days: int = 30
    topic_merge_threshold: float = 0.2
    doc_terms: int = 80  # an article vector keeps its heaviest terms (the tail adds noise and time)
    query_terms: int = 20  # an article's top terms used to find candidate stories
    index_terms: int = 40  # a story's top terms it is findable by
    max_terms: int = 300  # a story centroid keeps at most this many terms
    link_threshold: float | None = 0.05  # least article-to-member cosine (complete link); None: off
    exemplars: int = 20  # members a story keeps for that check
    exemplar_terms: int = 40
    max_candidates: int = 6  # stories scored exactly, best pre-ranked by shared top terms
    copies: CopyConfig = field(default_factory=CopyConfig)
    copy_detection: bool = True


@dataclass(slots=True)
class Assignment:
    """Where one arriving article went. ``absorbed`` lists stories merged into ``story`` by this
    arrival: a store rewrites their articles' story id (``StoryIndex.assignments()`` has all)."""

    article_id: str
    story: str
    duplicate_of: str | None = None
    topic: str | None = None
    absorbed: list[str] = field(default_factory=list)


@dataclass
class _Cluster:
    id: str
    number: int  # creation order: the older cluster survives a merge
    terms: dict[str, float] = field(default_factory=dict)
    norm: float = 0.0  # cached norm of the idf-weighted centroid
    first: int | None = None  # day ordinals
    last: int | None = None
    size: int = 0
    indexed: list[str] = field(default_factory=list)  # terms this cluster is posted under
    exemplars: list[dict[str, float]] = field(default_factory=list)  # first members, truncated


class _Level:
    """One clustering level (stories or topics) over a shared document-frequency table."""

    def __init__(
        self, prefix: str, threshold: float, merge: float, window: int, link: float | None, cfg: StoryConfig
    ) -> None:
        self.prefix, self.threshold, self.merge, self.window, self.cfg = prefix, threshold, merge, window, cfg
        self.link = link
        self.clusters: dict[str, _Cluster] = {}
        self.alias: dict[str, str] = {}  # merged id -> surviving id
        self.absorbed: list[str] = []  # ids merged away during the last assign()
        self.postings: dict[str, set[str]] = {}
        self.latest: int | None = None

    def resolve(self, cid: str) -> str:
        while cid in self.alias:
            cid = self.alias[cid]
        return cid

    def _compatible(self, c: _Cluster, day: int | None) -> bool:
        if day is None or c.first is None or c.last is None:
            return True
        return c.first - self.window <= day <= c.last + self.window

    def assign(self, key: str, vec: dict[str, float], top: list[str], day: int | None) -> str:
        """Put one article vector (idf-weighted, unit length) into a cluster; return its id."""
        self.absorbed = []
        scores: Counter[str] = Counter()
        for term in top:
            for cid in self.postings.get(term, ()):
                scores[cid] += vec[term]
        best, best_sim = None, 0.0
        candidates = []
        for cid, _ in scores.most_common(self.cfg.max_candidates):
            c = self.clusters[cid]
            if not self._compatible(c, day):
                continue
            sim = _cosine(vec, c)
            if sim >= self.threshold / 2:  # a story far from the article is far from its story too
                candidates.append(cid)
            if sim >= self.threshold and not self._linked([vec], c):
                continue
            if sim > best_sim or (sim == best_sim and best is not None and c.number < best.number):
                best, best_sim = c, sim
        if best is None or best_sim < self.threshold:
            best = _Cluster(stable_id(self.prefix, key), len(self.clusters) + len(self.alias))
            self.clusters[best.id] = best
        self._add(best, vec, day)
        for cid in candidates:  # after the update: did the story meet one of its neighbours?
            other = self.clusters.get(cid)
            if other is not None and other is not best and self._compatible(other, best.first):
                if _centroid_cosine(best, other) >= self.merge and self._linked(best.exemplars, other):
                    best = self._merge(best, other)
        if day is not None and (self.latest is None or day > self.latest):
            self.latest = day
        return best.id

    def _add(self, c: _Cluster, vec: dict[str, float], day: int | None) -> None:
        terms = c.terms
        norm2 = c.norm * c.norm
        for term, w in vec.items():
            old = terms.get(term, 0.0)
            terms[term] = old + w
            norm2 += 2 * old * w + w * w  # (old + w)^2 - old^2, so the norm is kept incrementally
        c.norm = math.sqrt(norm2)
        c.size += 1
        if self.link is not None and len(c.exemplars) < self.cfg.exemplars:
            c.exemplars.append(_truncate(vec, self.cfg.exemplar_terms))
        if day is not None:
            c.first = day if c.first is None else min(c.first, day)
            c.last = day if c.last is None else max(c.last, day)
        # a large story's top terms change slowly: re-post it every 4th article only
        if c.size <= 4 or c.size % 4 == 0 or len(terms) > 2 * self.cfg.max_terms:
            self._reindex(c)

    def _reindex(self, c: _Cluster) -> None:
        if len(c.terms) > 2 * self.cfg.max_terms:  # keep the heaviest terms: memory stays bounded
            c.terms = dict(_top(c.terms, self.cfg.max_terms))
        c.norm = math.sqrt(sum(w * w for w in c.terms.values()))
        top = [t for t, _ in _top(c.terms, self.cfg.index_terms)]
        for term in c.indexed:
            posting = self.postings.get(term)
            if posting is not None:
                posting.discard(c.id)
                if not posting:
                    del self.postings[term]
        for term in top:
            self.postings.setdefault(term, set()).add(c.id)
        c.indexed = top

    def _merge(self, a: _Cluster, b: _Cluster) -> _Cluster:
        keep, gone = (a, b) if a.number < b.number else (b, a)
        for term, w in gone.terms.items():
            keep.terms[term] = keep.terms.get(term, 0.0) + w
        keep.size += gone.size
        keep.exemplars = (keep.exemplars + gone.exemplars)[: self.cfg.exemplars]
        for attr, pick in (("first", min), ("last", max)):
            values = [v for v in (getattr(keep, attr), getattr(gone, attr)) if v is not None]
            setattr(keep, attr, pick(values) if values else None)
        for term in gone.indexed:
            posting = self.postings.get(term)
            if posting is not None:
                posting.discard(gone.id)
                if not posting:
                    del self.postings[term]
        del self.clusters[gone.id]
        self.alias[gone.id] = keep.id
        self.absorbed.append(gone.id)
        self._reindex(keep)
        return keep

    def _linked(self, vecs: list[dict[str, float]], c: _Cluster) -> bool:
        """Complete-link check: every given vector is at least ``link_threshold`` similar to
        every exemplar of ``c``. A centroid can sit between two happenings of one kind (two
        boxing title defences, two software patches); their articles are not similar pairwise."""
        floor = self.link
        if floor is None:
            return True
        for vec in vecs:
            norm = math.sqrt(sum(w * w for w in vec.values())) or 1.0
            for ex in c.exemplars:
                ex_norm = math.sqrt(sum(w * w for w in ex.values())) or 1.0
                small, big = (vec, ex) if len(vec) < len(ex) else (ex, vec)
                if sum(w * big.get(t, 0.0) for t, w in small.items()) / (norm * ex_norm) < floor:
                    return False
        return True

    def close_stale(self) -> None:
        """Stop offering stories no new article can join (older than the window): bounds the index."""
        if self.latest is None:
            return
        for c in self.clusters.values():
            if c.indexed and c.last is not None and c.last < self.latest - 2 * self.window:
                for term in c.indexed:
                    posting = self.postings.get(term)
                    if posting is not None:
                        posting.discard(c.id)
                        if not posting:
                            del self.postings[term]
                c.indexed = []
                c.exemplars = []
                c.terms = dict(_top(c.terms, 20))  # enough for choosing the title


def _truncate(vec: dict[str, float], n: int) -> dict[str, float]:
    if len(vec) <= n:
        return dict(vec)
    return dict(_top(vec, n))


def _top(vec: dict[str, float], n: int) -> list[tuple[str, float]]:
    """The n heaviest terms; ties keep insertion order, which is deterministic for one input."""
    return sorted(vec.items(), key=_WEIGHT, reverse=True)[:n]


def _cosine(vec: dict[str, float], c: _Cluster) -> float:
    if not c.norm:
        return 0.0
    # C-level loops: this is the innermost operation of the whole layer
    dot = sum(map(mul, vec.values(), map(c.terms.get, vec, repeat(0.0, len(vec)))))
    return dot / c.norm


def _centroid_cosine(a: _Cluster, b: _Cluster) -> float:
    if not a.norm or not b.norm:
        return 0.0
    small, big = (a, b) if len(a.terms) < len(b.terms) else (b, a)
    return sum(w * big.terms.get(t, 0.0) for t, w in small.terms.items()) / (a.norm * b.norm)


@dataclass
class _StoryInfo:
    """What a Story record is built from (kept per story, bounded)."""

    articles: list[str] = field(default_factory=list)
    leads: list[str] = field(default_factory=list)  # the first few articles' lead sentences
    outlets: Counter[str] = field(default_factory=Counter)
    actors: Counter[str] = field(default_factory=Counter)
    places: Counter[str] = field(default_factory=Counter)
    first: str | None = None
    last: str | None = None


class StoryIndex:
    """Incremental copy detection and story (and topic) clustering.

    ``add(doc)`` assigns one article; ``stories()`` builds Story records; ``save``/``load``
    keep the state between runs so that ``eventwire run`` continues where it stopped.
    """

    MAX_LEADS = 8
    MAX_COUNTED = 60

    def __init__(self, config: StoryConfig | None = None) -> None:
        self.config = cfg = config or StoryConfig()
        self.df: Counter[str] = Counter()
        self.n_docs = 0
        self.copies = CopyDetector(cfg.copies)
        self.stories_level = _Level(
            "st_", cfg.story_threshold, cfg.merge_threshold, cfg.window_days, cfg.link_threshold, cfg
        )
        self.topics_level = (
            _Level("tp_", cfg.topic_threshold, cfg.topic_merge_threshold, cfg.topic_window_days, None, cfg)
            if cfg.topic_threshold is not None
            else None
        )
        self.story_of: dict[str, str] = {}  # article id -> story id when assigned (resolve aliases)
        self.topic_of: dict[str, str] = {}
        self.duplicate_of: dict[str, str] = {}
        self.info: dict[str, _StoryInfo] = {}
        self.story_topic: dict[str, str] = {}  # story id -> the topic its articles went to

    # --- adding ---------------------------------------------------------------------------------

    def add(self, doc: AnnotatedDoc) -> Assignment:
        cfg = self.config
        aid = doc.article.id
        day = article_day(doc)
        original = self.copies.check_add(aid, doc.text, day) if cfg.copy_detection else None
        vec: dict[str, float] | None = None
        if original is not None and original in self.story_of:
            story = self.stories_level.resolve(self.story_of[original])
            topic = self.topic_of.get(original)
            self.duplicate_of[aid] = original
        else:
            original = None
            raw = doc_terms(doc)
            self.n_docs += 1
            self.df.update(raw.keys())
            vec = self._weigh(raw)
            top = [t for t, _ in _top(vec, cfg.query_terms)]
            story = self.stories_level.assign(aid, vec, top, day)
            topic = None
            if self.topics_level is not None:
                # topics are about the kind of happening, which the words carry; the names are
                # what tell two happenings of one kind apart, so they stay out of this level
                words = self._weigh({t: w for t, w in raw.items() if t.startswith("w:")} or raw)
                wtop = [t for t, _ in _top(words, cfg.query_terms)]
                topic = self.topics_level.assign(aid, words, wtop, day)
                topic = self._unite_topics(story, topic, self.stories_level.absorbed)
            if self.n_docs % 1000 == 0:
                self.stories_level.close_stale()
                if self.topics_level is not None:
                    self.topics_level.close_stale()
        self.story_of[aid] = story
        if topic is not None:
            self.topic_of[aid] = topic
        self._note(story, doc, vec)
        doc.duplicate_of, doc.story = original, story
        absorbed = list(self.stories_level.absorbed) if vec is not None else []
        resolved_topic = self.topics_level.resolve(topic) if topic and self.topics_level else None
        return Assignment(aid, story, original, resolved_topic, absorbed)

    def _unite_topics(self, story: str, topic: str, absorbed: list[str]) -> str:
        """A story is one happening, so it lies in one topic: when its articles (or the stories
        it just absorbed) went to different topics, those topics are merged. The story level
        sees the names that the word-only topic level lacks, which is what ties two wordings
        of one kind of happening together; on ECB+ dev the story level mixes topics almost never."""
        level = self.topics_level
        assert level is not None
        current = level.clusters[level.resolve(topic)]
        for sid in (story, *absorbed):
            prev = self.story_topic.get(sid)
            if prev is None:
                continue
            other = level.clusters.get(level.resolve(prev))
            if other is not None and other is not current:
                current = level._merge(current, other)
        self.story_topic[story] = current.id
        return current.id

    def _weigh(self, raw: dict[str, float]) -> dict[str, float]:
        n = self.n_docs
        vec = {t: w * (math.log((n + 1) / (self.df[t] + 1)) + 1.0) for t, w in raw.items()}
        if len(vec) > self.config.doc_terms:
            vec = dict(_top(vec, self.config.doc_terms))
        norm = math.sqrt(sum(w * w for w in vec.values())) or 1.0
        return {t: w / norm for t, w in vec.items()}

    def _note(self, story: str, doc: AnnotatedDoc, vec: dict[str, float] | None) -> None:
        info = self.info.setdefault(story, _StoryInfo())
        info.articles.append(doc.article.id)
        if vec is not None and len(info.leads) < self.MAX_LEADS:
            info.leads.append(lead_sentence(doc))
        if doc.article.source:
            info.outlets[doc.article.source] += 1
        for actor in doc.actors:
            name = actor.canonical or actor.text
            if name and (name in info.actors or len(info.actors) < self.MAX_COUNTED):
                info.actors[name] += 1
        for place in doc.places:
            name = place.name or place.text
            if name and (name in info.places or len(info.places) < self.MAX_COUNTED):
                info.places[name] += 1
        if isinstance(doc.article.date, date):
            iso = doc.article.date.isoformat()
            info.first = iso if info.first is None else min(info.first, iso)
            info.last = iso if info.last is None else max(info.last, iso)

    # --- reading --------------------------------------------------------------------------------

    def assignments(self) -> dict[str, str]:
        """Article id -> current story id (after merges)."""
        return {a: self.stories_level.resolve(s) for a, s in self.story_of.items()}

    def topic_assignments(self) -> dict[str, str]:
        if self.topics_level is None:
            return {}
        return {a: self.topics_level.resolve(t) for a, t in self.topic_of.items()}

    def stories(self) -> list[Story]:
        groups: dict[str, list[_StoryInfo]] = {}
        for sid, info in self.info.items():
            groups.setdefault(self.stories_level.resolve(sid), []).append(info)
        out = []
        for sid, infos in groups.items():
            cluster = self.stories_level.clusters.get(sid)
            leads = [lead for info in infos for lead in info.leads]
            outlets = sum((i.outlets for i in infos), Counter())
            actors = sum((i.actors for i in infos), Counter())
            places = sum((i.places for i in infos), Counter())
            firsts = [i.first for i in infos if i.first]
            lasts = [i.last for i in infos if i.last]
            out.append(
                Story(
                    id=sid,
                    title=_central(leads, cluster),
                    first_seen=min(firsts) if firsts else None,
                    last_seen=max(lasts) if lasts else None,
                    article_ids=[a for i in infos for a in i.articles],
                    outlets=[o for o, _ in outlets.most_common()],
                    top_actors=[a for a, _ in actors.most_common(5)],
                    top_places=[p for p, _ in places.most_common(5)],
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

    def state(self) -> dict:
        def level(lv: _Level | None) -> dict | None:
            if lv is None:
                return None
            return {
                "clusters": [asdict(c) for c in lv.clusters.values()],
                "alias": lv.alias,
                "latest": lv.latest,
            }

        cfg = asdict(self.config)
        return {
            "config": cfg,
            "df": self.df,
            "n_docs": self.n_docs,
            "copies": self.copies.state(),
            "stories": level(self.stories_level),
            "topics": level(self.topics_level),
            "story_of": self.story_of,
            "topic_of": self.topic_of,
            "duplicate_of": self.duplicate_of,
            "story_topic": self.story_topic,
            "info": {k: _info_state(v) for k, v in self.info.items()},
        }

    @classmethod
    def from_state(cls, state: dict) -> StoryIndex:
        cfg = dict(state["config"])
        cfg["copies"] = CopyConfig(**cfg["copies"])
        index = cls(StoryConfig(**cfg))
        index.df = Counter(state["df"])
        index.n_docs = state["n_docs"]
        index.copies = CopyDetector.from_state(state["copies"])
        for lv, saved in ((index.stories_level, state["stories"]), (index.topics_level, state["topics"])):
            if lv is None or saved is None:
                continue
            for raw in saved["clusters"]:
                c = _Cluster(**raw)
                lv.clusters[c.id] = c
                for term in c.indexed:
                    lv.postings.setdefault(term, set()).add(c.id)
            lv.alias = dict(saved["alias"])
            lv.latest = saved["latest"]
        index.story_of = dict(state["story_of"])
        index.topic_of = dict(state["topic_of"])
        index.duplicate_of = dict(state["duplicate_of"])
        index.story_topic = dict(state.get("story_topic", {}))
        for sid, raw in state["info"].items():
            info = _StoryInfo(**raw)
            info.outlets, info.actors, info.places = (
                Counter(raw["outlets"]),
                Counter(raw["actors"]),
                Counter(raw["places"]),
            )
            index.info[sid] = info
        return index


def _info_state(info: _StoryInfo) -> dict:
    # not asdict(): it rebuilds a Counter from (key, value) pairs, counting the pairs
    return {
        "articles": info.articles,
        "leads": info.leads,
        "outlets": dict(info.outlets),
        "actors": dict(info.actors),
        "places": dict(info.places),
        "first": info.first,
        "last": info.last,
    }


def _central(leads: list[str], cluster: _Cluster | None) -> str | None:
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
