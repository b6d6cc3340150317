"""The document model: every record eventwire produces, as plain typed dataclasses.

This module imports nothing from the project; every other layer imports from it.
Offsets are always Python string indices into ``Article.text`` (the body, without any
header line), end-exclusive, so ``text[start:end] == span.text``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any


@dataclass(slots=True)
class Article:
    """One input document as read, before annotation."""

    id: str
    text: str
    date: date | None = None
    title: str | None = None
    url: str | None = None
    source: str | None = None
    lang: str = "en"  # ISO 639-1 (the detector's ISO 639-3 code for a language without one)
    origin: str | None = None  # file the article came from ("-" for stdin)
    record: int | None = None  # line / row / record number inside that file (1-based)
    # what reading had to repair (bytes replaced, text cut, a declared language overruled);
    # the pipeline starts AnnotatedDoc.warnings with them
    warnings: list[str] = field(default_factory=list)
    # the date as written where it was found (the record's date field first, kept even when it
    # could not be used), and where ``date`` came from: "record", "url" (/2016/12/09/),
    # "dateline" ("LONDON, 9 December 2016 (Reuters) -"), "html" (the page's metadata) or
    # "none"; None when not recorded (documents written before these fields existed)
    date_raw: str | None = None
    date_source: str | None = None


@dataclass(slots=True)
class Reject:
    """An input record that could not become an Article, and why (never dropped silently)."""

    origin: str
    record: int | None
    reason: str

    def __str__(self) -> str:
        where = self.origin if self.record is None else f"{self.origin}:{self.record}"
        return f"{where}: {self.reason}"


@dataclass(slots=True)
class Span:
    start: int
    end: int
    text: str


@dataclass(slots=True)
class Sentence:
    start: int
    end: int
    tone: float = 0.0  # VADER compound score in [-1, 1]


@dataclass(slots=True)
class Entity:
    """A named-entity mention. canonical/country/sector are filled by actor coding when known."""

    start: int
    end: int
    text: str
    label: str  # spaCy label (PERSON, ORG, GPE, LOC, NORP, FAC, ...) after gazetteer correction
    canonical: str | None = None
    country: str | None = None  # ISO-3166 alpha-3, or IGO / NGO / MNC ...
    sector: str | None = None  # PLOVER sector code (GOV, MIL, ...)


@dataclass(slots=True)
class Actor:
    """A coded actor mention: a span plus its canonical identity."""

    start: int
    end: int
    text: str
    canonical: str | None = None
    country: str | None = None
    sector: str | None = None
    # None when the text names this actor as the event's argument; else how an implicit event
    # argument was inferred (filter these out for explicit-only data): "place" (a place or
    # country named in the sentence), "mention" (an actor named in the sentence, not linked to
    # the trigger by the parse), "source-country" (a domestic event: the source's own country)
    basis: str | None = None
    # why the actor has this coding: the knowledge row (table:line, and for a person the office
    # held on the article's date) or the rule (docs/actors.md); None when not known
    why: str | None = None


@dataclass(slots=True)
class Place:
    """A toponym mention resolved to GeoNames (fields None when unresolved)."""

    start: int
    end: int
    text: str
    name: str | None = None
    geonameid: int | None = None
    country: str | None = None  # ISO-3166 alpha-3
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    feature: str | None = None  # GeoNames feature class.code, e.g. "A.PCLI", "P.PPLC"
    population: int | None = None
    # a point the text puts relative to the named place (issue #16): "offset" ("20 km north of
    # X": lat/lon moved distance_km along bearing), "distance" ("20 km from X"), "direction"
    # ("north of X"), "near" ("near X", "outside X"), "outskirts" ("on the outskirts of X"),
    # "seat" (a district named, "Gimbi district", that the gazetteer knows only by its seat
    # town: the town's point), or "area" (a name no source holds, "Lake Harriet", put as a guess
    # at the town or district the text names nearest to it, whose name, id and point it takes).
    # name, geonameid and feature stay the named place's (the anchor);
    # radius_km is the uncertainty of the point. All None for a place named outright.
    relation: str | None = None
    distance_km: float | None = None
    bearing: float | None = None  # degrees clockwise from north
    radius_km: float | None = None


@dataclass(slots=True)
class Timex:
    """A time expression normalised to a TIMEX3 value relative to the article date."""

    start: int
    end: int
    text: str
    type: str  # DATE | TIME | DURATION | SET
    value: str | None  # TIMEX3 value: 2022-11-29, 2022-W47, P9M, PRESENT_REF, XXXX-11-15 ...


@dataclass(slots=True)
class Quote:
    start: int  # content span
    end: int
    text: str
    direct: bool
    cue: Span | None = None
    speaker: Actor | None = None
    sentence: int | None = None  # index of the sentence where the content starts
    mentions: list[Actor] = field(default_factory=list)  # actors mentioned inside the content


@dataclass(slots=True)
class Event:
    type: str  # PLOVER event type (AGREE ... ASSAULT)
    sentence: int  # index into AnnotatedDoc.sentences
    trigger: Span
    mode: str | None = None
    cameo: str | None = None
    quad_class: int | None = None  # 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict
    goldstein: float | None = None
    modality: str = "asserted"  # asserted | future | hypothetical | negated | historical | demanded
    source: Actor | None = None
    target: Actor | None = None
    sources: list[Actor] = field(default_factory=list)  # compound actors ("NATO and the EU")
    targets: list[Actor] = field(default_factory=list)
    place: Place | None = None
    place_source: str | None = None  # "model" | "sentence" | "article" (fallbacks, flagged)
    # how exactly ``place`` locates the event, as ACLED's geo_precision: 1 the town, village or
    # spot itself, 2 near a town or somewhere in a district (admin 2-4), 3 only a first-level
    # region or a country; None without a point (annotate/event_places.py)
    place_precision: int | None = None
    date: str | None = None  # TIMEX3-style value (YYYY-MM-DD where known)
    date_source: str | None = None  # "timex" (from the sentence) | "article" (fallback, flagged)
    attributed_to: Actor | None = None
    confidence: float = 0.0
    # the type as PLOVER coders code it, read off the CAMEO code: an announced "will help" is
    # AID with modality future here, AGREE there; "will attack" THREATEN; "X says Y must ..." is
    # X REQUEST Y (Ontology.plover_view). Equal to ``type`` for asserted events.
    plover_type: str | None = None
    # the ACLED event type and sub-event type ("Explosions/Remote violence", "Air/drone
    # strike"), None when the event is no ACLED event (a diplomatic visit, a statement)
    acled_type: str | None = None
    acled_sub_type: str | None = None


@dataclass(slots=True)
class Withheld:
    """A candidate event the coder found and chose not to code, and why: what a user needs to
    see that eventwire read a sentence and decided against an event, not that it missed one."""

    type: str  # the PLOVER type it would have had
    sentence: int  # index into AnnotatedDoc.sentences
    trigger: Span
    reason: str  # "accident": no named doer, and the accident head reads an accident
    probability: float  # the model's probability behind the reason (P(accident))
    threshold: float  # the setting it reached (events.accident_veto)


@dataclass(slots=True)
class Story:
    id: str
    title: str | None = None
    first_seen: str | None = None
    last_seen: str | None = None
    article_ids: list[str] = field(default_factory=list)
    outlets: list[str] = field(default_factory=list)
    top_actors: list[str] = field(default_factory=list)
    top_places: list[str] = field(default_factory=list)
    # the story's topic: the same kind of happening (two different church fires share one);
    # None when the story index runs without topics (StoryConfig(topic_threshold=None))
    topic: str | None = None


@dataclass(slots=True)
class AnnotatedDoc:
    """An article with every annotation layer. Annotators append to the lists in text order.

    ``nlp`` holds the parsed spaCy Doc while the pipeline runs; it is never serialised and
    store/export/web must not touch it.
    """

    article: Article
    sentences: list[Sentence] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    timexes: list[Timex] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    # index into ``events`` of the report's main event (the one an ACLED or CASE coder would
    # code for the article), None when it reports none
    main_event: int | None = None
    # candidate events left uncoded on purpose, with the reason (Withheld)
    withheld: list[Withheld] = field(default_factory=list)
    tone: float | None = None
    # how likely the article is about politics, conflict, security, protest, diplomacy, crime or
    # disaster (0-1, the relevance component's classifier), and whether that reaches the
    # component's threshold; None when the component did not run. The events of an irrelevant
    # article are kept; exports and the API leave them out unless asked
    relevance: float | None = None
    relevant: bool | None = None
    themes: list[str] = field(default_factory=list)
    duplicate_of: str | None = None
    story: str | None = None
    warnings: list[str] = field(default_factory=list)  # what a component could not do, and why
    nlp: Any = None

    @property
    def text(self) -> str:
        return self.article.text

    def sentence_index(self, offset: int) -> int | None:
        """Index of the sentence containing character ``offset`` (binary search)."""
        lo, hi = 0, len(self.sentences) - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            s = self.sentences[mid]
            if offset < s.start:
                hi = mid - 1
            elif offset >= s.end:
                lo = mid + 1
            else:
                return mid
        return None


@dataclass(slots=True)
class EventMention:
    """One report of an event: an Event of one article, with the sentence that states it."""

    article_id: str
    event: int  # index into that article's AnnotatedDoc.events
    sentence: int
    evidence: str  # the sentence text
    trigger: str
    date: str | None = None  # the event date as reported (YYYY-MM-DD), else the article date
    outlet: str | None = None
    modality: str = "asserted"
    figures: list[str] = field(default_factory=list)  # numbers as this report states them


@dataclass(slots=True)
class CanonicalEvent:
    """One real-world event as reported across sentences, articles and outlets."""

    id: str
    type: str  # PLOVER event type
    source: str | None = None  # actor key (canonical, else country, else name)
    target: str | None = None
    place: str | None = None
    date: str | None = None  # earliest reported date
    last_date: str | None = None
    first_report: str | None = None  # article id of the earliest report
    n_mentions: int = 0
    outlets: list[str] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)
    mentions: list[EventMention] = field(default_factory=list)
