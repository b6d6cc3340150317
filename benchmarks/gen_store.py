"""Write a synthetic eventwire store: realistic-looking articles, events, actors, places, quotes
and stories, stored through the real schema (Store.add_docs), for the API benchmark and tests.

Every sentence is generated here from templates (no corpus text). Each article is a complete
AnnotatedDoc whose offsets are exact, so the dashboard's reader can highlight its evidence.

    python benchmarks/gen_store.py --out /tmp/big.duckdb --articles 200000 --events 1000000
    python benchmarks/gen_store.py --out /tmp/small.duckdb --articles 300 --events 1500
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from eventwire.model import (
    Actor,
    AnnotatedDoc,
    Article,
    Entity,
    Event,
    Place,
    Quote,
    Sentence,
    Span,
    Timex,
    Withheld,
)
from eventwire.store.duckdb_store import Store

# (text, canonical, country, sector, spaCy label)
ACTORS: list[tuple[str, str, str | None, str | None, str]] = [
    ("Russian forces", "Russia Armed Forces", "RUS", "MIL", "NORP"),
    ("the Kremlin", "Russia Government", "RUS", "GOV", "ORG"),
    ("Vladimir Putin", "Vladimir Putin", "RUS", "GOV", "PERSON"),
    ("Ukrainian troops", "Ukraine Armed Forces", "UKR", "MIL", "NORP"),
    ("Kyiv", "Ukraine Government", "UKR", "GOV", "GPE"),
    ("Volodymyr Zelensky", "Volodymyr Zelensky", "UKR", "GOV", "PERSON"),
    ("NATO", "NATO", "IGO", "IGO", "ORG"),
    ("the European Union", "European Union", "IGO", "IGO", "ORG"),
    ("Washington", "United States Government", "USA", "GOV", "GPE"),
    ("the Pentagon", "United States Military", "USA", "MIL", "ORG"),
    ("Beijing", "China Government", "CHN", "GOV", "GPE"),
    ("Israeli forces", "Israel Defense Forces", "ISR", "MIL", "NORP"),
    ("Hamas", "Hamas", "PSE", "REB", "ORG"),
    ("the Palestinian Authority", "Palestinian Authority", "PSE", "GOV", "ORG"),
    ("Tehran", "Iran Government", "IRN", "GOV", "GPE"),
    ("Ankara", "Turkey Government", "TUR", "GOV", "GPE"),
    ("the Sudanese army", "Sudan Armed Forces", "SDN", "MIL", "ORG"),
    ("the Rapid Support Forces", "Rapid Support Forces", "SDN", "REB", "ORG"),
    ("the United Nations", "United Nations", "IGO", "IGO", "ORG"),
    ("protesters", "Protesters", None, "CVL", "NORP"),
    ("opposition leaders", "Opposition", None, "OPP", "NORP"),
    ("the Red Cross", "Red Cross", "NGO", "NGO", "ORG"),
    ("Berlin", "Germany Government", "DEU", "GOV", "GPE"),
    ("Paris", "France Government", "FRA", "GOV", "GPE"),
    ("New Delhi", "India Government", "IND", "GOV", "GPE"),
    ("Islamabad", "Pakistan Government", "PAK", "GOV", "GPE"),
    ("the Ethiopian government", "Ethiopia Government", "ETH", "GOV", "ORG"),
    ("Houthi rebels", "Houthis", "YEM", "REB", "NORP"),
]

# (name, geonameid, country, admin1, lat, lon, population)
PLACES: list[tuple[str, int, str, str, float, float, int]] = [
    ("Kyiv", 703448, "UKR", "Kyiv City", 50.45, 30.52, 2797553),
    ("Kharkiv", 706483, "UKR", "Kharkiv", 49.98, 36.25, 1430885),
    ("Bakhmut", 712451, "UKR", "Donetsk", 48.59, 38.0, 72310),
    ("Kherson", 706448, "UKR", "Kherson", 46.64, 32.61, 320477),
    ("Odesa", 698740, "UKR", "Odessa", 46.48, 30.73, 1015826),
    ("Moscow", 524901, "RUS", "Moscow", 55.75, 37.62, 10381222),
    ("Belgorod", 578072, "RUS", "Belgorod", 50.61, 36.58, 391554),
    ("Brussels", 2800866, "BEL", "Brussels", 50.85, 4.35, 1019022),
    ("Bucharest", 683506, "ROU", "Bucuresti", 44.43, 26.11, 1877155),
    ("Warsaw", 756135, "POL", "Masovia", 52.23, 21.01, 1702139),
    ("Berlin", 2950159, "DEU", "Berlin", 52.52, 13.41, 3426354),
    ("Paris", 2988507, "FRA", "Ile-de-France", 48.85, 2.35, 2138551),
    ("Washington", 4140963, "USA", "District of Columbia", 38.9, -77.04, 689545),
    ("New York", 5128581, "USA", "New York", 40.71, -74.01, 8804190),
    ("Beijing", 1816670, "CHN", "Beijing", 39.91, 116.4, 18960744),
    ("Gaza", 281133, "PSE", "Gaza Strip", 31.5, 34.47, 410000),
    ("Rafah", 281129, "PSE", "Gaza Strip", 31.3, 34.25, 126305),
    ("Jerusalem", 281184, "ISR", "Jerusalem", 31.77, 35.22, 801000),
    ("Tel Aviv", 293397, "ISR", "Tel Aviv", 32.08, 34.78, 432892),
    ("Tehran", 112931, "IRN", "Tehran", 35.69, 51.42, 7153309),
    ("Ankara", 323786, "TUR", "Ankara", 39.92, 32.85, 3517182),
    ("Istanbul", 745044, "TUR", "Istanbul", 41.01, 28.95, 14804116),
    ("Khartoum", 379252, "SDN", "Khartoum", 15.55, 32.53, 1974647),
    ("El Fasher", 379303, "SDN", "North Darfur", 13.63, 25.35, 264734),
    ("Addis Ababa", 344979, "ETH", "Addis Ababa", 9.02, 38.75, 2757729),
    ("Sanaa", 71137, "YEM", "Sanaa", 15.35, 44.21, 1937451),
    ("Geneva", 2660646, "CHE", "Geneva", 46.2, 6.15, 183981),
    ("New Delhi", 1261481, "IND", "NCT", 28.64, 77.22, 317797),
    ("Islamabad", 1176615, "PAK", "Islamabad", 33.72, 73.04, 601600),
    ("Karachi", 1174872, "PAK", "Sindh", 24.86, 67.01, 11624219),
    ("Caracas", 3646738, "VEN", "Capital", 10.49, -66.88, 3000000),
    ("Nairobi", 184745, "KEN", "Nairobi", -1.28, 36.82, 2750547),
]

# PLOVER type -> (quad_class, goldstein, cameo, templates: {s}=source {t}=target {p}=place)
TYPES: dict[str, tuple[int, float, str, list[str]]] = {
    "AGREE": (1, 4.0, "057", ["{s} agreed with {t} on a new framework in {p}.",
                              "{s} signed a deal with {t} during talks in {p}."]),
    "CONSULT": (1, 1.0, "040", ["{s} held talks with {t} in {p}.",
                                "{s} met {t} in {p} to discuss the crisis."]),
    "SUPPORT": (1, 3.5, "051", ["{s} voiced support for {t} at a meeting in {p}."]),
    "REQUEST": (1, -0.1, "020", ["{s} urged {t} to open the corridor near {p}."]),
    "COOPERATE": (2, 6.0, "061", ["{s} worked with {t} to restore power in {p}."]),
    "AID": (2, 7.4, "070", ["{s} sent humanitarian aid to {t} in {p}.",
                           "{s} delivered air-defence systems to {t} near {p}."]),
    "RETREAT": (2, 5.0, "081", ["{s} withdrew from positions held against {t} near {p}."]),
    "ACCUSE": (3, -2.0, "112", ["{s} accused {t} of shelling civilians in {p}."]),
    "REJECT": (3, -4.0, "120", ["{s} rejected the proposal put forward by {t} in {p}."]),
    "THREATEN": (3, -4.4, "130", ["{s} threatened {t} with retaliation over {p}."]),
    "PROTEST": (3, -6.5, "141", ["{s} rallied against {t} in central {p}."]),
    "SANCTION": (4, -5.6, "163", ["{s} imposed new sanctions on {t} after the strikes on {p}."]),
    "MOBILIZE": (4, -7.2, "154", ["{s} massed troops against {t} near {p}."]),
    "COERCE": (4, -7.0, "173", ["{s} detained members of {t} in {p}."]),
    "ASSAULT": (4, -10.0, "190", ["{s} attacked {t} in {p}.",
                                 "{s} launched missile strikes on {t} in {p}.",
                                 "{s} shelled positions of {t} around {p}."]),
}  # fmt: skip
# PLOVER type -> template verb -> ACLED (event type, sub-event type), for the events that happened
# (asserted or historical); other events are no ACLED events, as the event coder leaves them
ACLED: dict[str, dict[str, tuple[str, str]]] = {
    "ASSAULT": {"attacked": ("Battles", "Armed clash"),
                "launched": ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
                "shelled": ("Explosions/Remote violence", "Shelling/artillery/missile attack")},
    "PROTEST": {"rallied": ("Protests", "Peaceful protest")},
    "COERCE": {"detained": ("Strategic developments", "Arrests")},
    "AGREE": {"agreed": ("Strategic developments", "Agreement"), "signed": ("Strategic developments", "Agreement")},
    "RETREAT": {"withdrew": ("Strategic developments", "Non-violent transfer of territory")},
}  # fmt: skip
HAPPENED = ("asserted", "historical")
TYPE_WEIGHTS = {"ASSAULT": 5, "CONSULT": 4, "ACCUSE": 3, "AID": 2, "AGREE": 2, "REQUEST": 2}
MODALITIES = ["asserted"] * 14 + ["future", "hypothetical", "negated", "historical", "demanded"]
SOURCES = ["wire.example", "dailynews.example", "kyivpost.example", "gulfherald.example", "afrobrief.example"]
FILLERS = [
    "Officials gave no casualty figures.",
    "The statement was released late on Tuesday.",
    "Analysts said the move could change the course of the negotiations.",
    "Residents described a tense night.",
]
QUOTE_LINES = [
    "We will not accept any ultimatum",
    "The situation on the ground remains extremely difficult",
    "Our partners must act now",
    "This is a violation of international law",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


class DocBuilder:
    """Appends sentences to a text while recording exact offsets of every annotated span."""

    def __init__(self, article_id: str, day: date, title: str, source: str) -> None:
        self.doc = AnnotatedDoc(article=Article(id=article_id, text="", date=day, title=title, source=source))
        self.parts: list[str] = []
        self.pos = 0

    def _put(self, s: str) -> int:
        if self.parts:
            self.parts.append(" ")
            self.pos += 1
        start = self.pos
        self.parts.append(s)
        self.pos += len(s)
        return start

    def sentence(self, template: str, fills: dict[str, str], tone: float) -> tuple[int, dict[str, Span]]:
        """Render a template; returns the sentence index and the spans of the filled slots."""
        text, spans, cursor = "", {}, 0
        base = self.pos + (1 if self.parts else 0)
        while cursor < len(template):
            i = template.find("{", cursor)
            if i < 0:
                text += template[cursor:]
                break
            text += template[cursor:i]
            key = template[i + 1 : template.index("}", i)]
            value = fills[key]
            spans[key] = Span(base + len(text), base + len(text) + len(value), value)
            text += value
            cursor = template.index("}", i) + 1
        if text[0].islower():  # a sentence opening with "the ..." is capitalised, spans keep offsets
            text = text[0].upper() + text[1:]
            for k, sp in spans.items():
                if sp.start == base:
                    spans[k] = Span(sp.start, sp.end, text[: sp.end - sp.start])
        start = self._put(text)
        self.doc.sentences.append(Sentence(start, start + len(text), tone))
        return len(self.doc.sentences) - 1, spans

    def finish(self) -> AnnotatedDoc:
        self.doc.article.text = "".join(self.parts)
        return self.doc


def _actor(a: tuple[str, str, str | None, str | None, str], sp: Span) -> Actor:
    return Actor(sp.start, sp.end, sp.text, a[1], a[2], a[3])


def make_doc(rng: random.Random, i: int, day: date, n_events: int, story: str | None) -> AnnotatedDoc:
    types = list(TYPES)
    weights = [TYPE_WEIGHTS.get(t, 1) for t in types]
    # An article is about one pair of actors and one region, like real coverage.
    pair = rng.sample(ACTORS, 2)
    home = rng.choice(PLACES)
    first = rng.choices(types, weights)[0]
    title = f"{pair[0][1]} and {pair[1][1]}: {first.title().lower()} in {home[0]}"
    b = DocBuilder(f"syn{i:08d}", day, title, rng.choice(SOURCES))
    for k in range(n_events):
        etype = first if k == 0 else rng.choices(types, weights)[0]
        quad, gold, cameo, templates = TYPES[etype]
        src, tgt = (pair if rng.random() < 0.7 else rng.sample(ACTORS, 2))[:: 1 if rng.random() < 0.6 else -1]
        pl = home if rng.random() < 0.7 else rng.choice(PLACES)
        template = rng.choice(templates)
        with_day = rng.random() < 0.5
        if with_day:
            template = template[:-1] + " on {d}."
        tone = round(max(-1.0, min(1.0, gold / 10 + rng.uniform(-0.3, 0.3))), 3)
        event_day = day - timedelta(days=rng.randrange(4)) if with_day else day
        fills = {"s": src[0], "t": tgt[0], "p": pl[0], "d": WEEKDAYS[event_day.weekday()]}
        si, sp = b.sentence(template, fills, tone)
        sa, ta = _actor(src, sp["s"]), _actor(tgt, sp["t"])
        for a, actor in ((src, sa), (tgt, ta)):
            b.doc.entities.append(Entity(actor.start, actor.end, actor.text, a[4], a[1], a[2], a[3]))
            b.doc.actors.append(actor)
        ps = sp["p"]
        place = Place(ps.start, ps.end, ps.text, pl[0], pl[1], pl[2], pl[3], pl[4], pl[5], "P.PPL", pl[6])
        b.doc.entities.append(Entity(ps.start, ps.end, ps.text, "GPE"))
        b.doc.places.append(place)
        if with_day:
            d = sp["d"]
            b.doc.timexes.append(Timex(d.start, d.end, d.text, "DATE", event_day.isoformat()))
        verb = template.split("}", 1)[1].split()[0]
        vstart = sp["s"].end + 1  # every template reads "{s} <verb> ..."
        modality = rng.choice(MODALITIES)
        acled = ACLED.get(etype, {}).get(verb) if modality in HAPPENED else None
        b.doc.events.append(
            Event(
                type=etype, sentence=si, trigger=Span(vstart, vstart + len(verb), verb), cameo=cameo,
                quad_class=quad, goldstein=gold, modality=modality, source=sa, target=ta,
                sources=[sa], targets=[ta], place=place, date=event_day.isoformat(),
                date_source="timex" if with_day else "article", confidence=round(rng.uniform(0.4, 0.95), 2),
                acled_type=acled[0] if acled else None, acled_sub_type=acled[1] if acled else None,
            )
        )  # fmt: skip
        if rng.random() < 0.3:
            b.sentence(rng.choice(FILLERS), {}, 0.0)
    if rng.random() < 0.6:  # a direct quote with its speaker, mentioning the other actor
        speaker, other = pair
        line = rng.choice(QUOTE_LINES)
        si, sp = b.sentence(
            '"{q}, " said {s}, referring to {t}.', {"q": line, "s": speaker[0], "t": other[0]}, -0.2
        )
        q = sp["q"]
        b.doc.quotes.append(
            Quote(q.start, q.end, q.text, True, cue=Span(sp["s"].start - 5, sp["s"].start - 1, "said"),
                  speaker=_actor(speaker, sp["s"]), sentence=si, mentions=[_actor(other, sp["t"])])
        )  # fmt: skip
    # an accident the coder left uncoded on purpose (AnnotatedDoc.withheld); no draw from rng, so
    # the rest of the store is the same with or without it
    si, sp = b.sentence(
        "A {w} at a warehouse in {p} killed three workers.", {"w": "fire", "p": home[0]}, -0.5
    )
    b.doc.withheld.append(Withheld("ASSAULT", si, sp["w"], "accident", round(0.5 + (si % 5) / 10, 3), 0.5))
    doc = b.finish()
    # the article is about its first event (the title's), unless that one did not happen
    doc.main_event = 0 if doc.events[0].modality in HAPPENED else None
    doc.story = story
    doc.tone = round(sum(s.tone for s in doc.sentences) / len(doc.sentences), 3)
    return doc


def generate(
    path: str | Path, articles: int, events: int, seed: int = 7, batch: int = 2000, fts: bool = True
) -> Store:
    """Write ``articles`` synthetic articles holding about ``events`` events in total."""
    rng = random.Random(seed)
    store = Store(path)
    start = date(2022, 1, 1)
    span_days = 3 * 365
    per_article = max(1, events / max(1, articles))
    n_stories = max(1, articles // 8)
    story_day = [start + timedelta(days=rng.randrange(span_days)) for _ in range(n_stories)]
    docs: list[AnnotatedDoc] = []
    for i in range(articles):
        # Skewed like news: most articles report a few events, some report many.
        n = max(1, min(40, round(rng.expovariate(1 / per_article)))) if per_article > 1 else 1
        s = rng.randrange(n_stories) if rng.random() < 0.7 else None
        day = story_day[s] + timedelta(days=rng.randrange(5)) if s is not None else None
        day = day or start + timedelta(days=rng.randrange(span_days))
        docs.append(make_doc(rng, i, day, n, f"story{s:06d}" if s is not None else None))
        if len(docs) >= batch:
            store.add_docs(docs)
            docs = []
    if docs:
        store.add_docs(docs)
    _finish(store, fts)
    return store


def _finish(store: Store, fts: bool) -> None:
    """Fill what later pipeline stages would: the stories table and cross-article event dedup."""
    with store.write() as con:
        con.execute("DELETE FROM stories")
        con.execute(
            """
            INSERT INTO stories (id, title, first_seen, last_seen, n_articles, outlets, top_actors, top_places,
                                 topic)
            SELECT story, any_value(title ORDER BY date), min(date), max(date), count(*),
                   to_json(list(DISTINCT source)), to_json([]::VARCHAR[]), to_json([]::VARCHAR[]),
                   'topic' || (CAST(substr(story, 6) AS INTEGER) % 9)
            FROM articles WHERE story IS NOT NULL GROUP BY story
            """
        )  # nine kinds of happening, so that every story has related ones
        # The same (story, type, source, target) reported by several articles is one canonical
        # event: the earliest mention carries the mention count.
        con.execute(
            """
            UPDATE events SET canonical_id = c.cid, mentions = c.n
            FROM (SELECT id, first(id ORDER BY date, id) OVER w AS cid, count(*) OVER w AS n
                  FROM events WHERE story IS NOT NULL
                  WINDOW w AS (PARTITION BY story, type, source_canonical, target_canonical)) c
            WHERE events.id = c.id
            """
        )
        con.execute("DELETE FROM canonical_events")
        con.execute(
            """
            INSERT INTO canonical_events
            SELECT canonical_id, any_value(type), any_value(source_canonical), any_value(target_canonical),
                   any_value(place_name), min(date), max(date), arg_min(article_id, date), count(*),
                   count(DISTINCT source), count(DISTINCT article_id), to_json(list(DISTINCT source)),
                   to_json(list(DISTINCT article_id))
            FROM events WHERE canonical_id IS NOT NULL GROUP BY canonical_id
            """
        )
    if fts:
        store.rebuild_fts()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True, help="store file to write (must not exist)")
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--events", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    if Path(args.out).exists():
        sys.exit(f"{args.out} exists; choose a new file")
    t0 = time.perf_counter()
    store = generate(args.out, args.articles, args.events, args.seed)
    counts = store.stats()["counts"]
    print(
        f"wrote {counts['articles']} articles, {counts['events']} events, {counts['quotes']} quotes,"
        f" {counts['stories']} stories to {args.out} in {time.perf_counter() - t0:.1f}s"
    )


if __name__ == "__main__":
    main()
