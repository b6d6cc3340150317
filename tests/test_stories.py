"""Copies, stories and canonical events on small hand-written articles (no spaCy needed)."""

from __future__ import annotations

import math
import random
import re
from collections import Counter
from datetime import date

import pytest

from eventwire.model import Actor, AnnotatedDoc, Article, Event, Place, Sentence, Span
from eventwire.stories import CopyDetector, StoryConfig, StoryIndex, canonical_events
from eventwire.stories.features import number_terms
from samples import story_doc as make_doc

# Three stories and a second strike on the same city a week after the first.
ARTICLES = [
    (
        "flood-1",
        "2024-05-02",
        "North Herald",
        ("Kessel", "Anna Brandt", "Lauter"),
        "Heavy floods swept through the river town of Kessel on Tuesday, forcing 300 residents from "
        "their homes. Mayor Anna Brandt said the Lauter river burst its banks after two days of rain. "
        "Rescue teams used boats to reach elderly residents trapped in flooded houses.",
    ),
    (
        "flood-2",
        "2024-05-02",
        "Valley Times",
        ("Kessel", "Anna Brandt", "Lauter"),
        "Rescuers in boats evacuated residents of Kessel after the Lauter river flooded the town "
        "centre. Anna Brandt, the mayor, called the floods the worst in decades. About 300 people "
        "spent the night in a school gym while the rain continued.",
    ),
    (
        "flood-3",
        "2024-05-03",
        "Wire Desk",
        ("Kessel", "Brandt", "Lauter"),
        "Water levels on the Lauter began to fall on Wednesday, a day after floods hit Kessel. "
        "Mayor Brandt said repairing the flooded homes and the river banks would take months.",
    ),
    (
        "fish-1",
        "2024-05-02",
        "Wire Desk",
        ("Norland", "Estavia", "Bergen", "Lars Vik"),
        "Trade ministers of Norland and Estavia signed a fisheries agreement in Bergen on Thursday, "
        "ending a three-year dispute over cod quotas. Norland's minister Lars Vik said the deal "
        "protects fishermen on both sides of the maritime border.",
    ),
    (
        "fish-2",
        "2024-05-03",
        "Valley Times",
        ("Norland", "Estavia", "Bergen", "Ilse Maran"),
        "Norland and Estavia ended their long quarrel over cod quotas with a fisheries agreement "
        "signed in Bergen. Estavia's minister Ilse Maran praised the compromise and said fishing "
        "boats could return to the disputed waters next month.",
    ),
    (
        "fish-3",
        "2024-05-04",
        "North Herald",
        ("Norland", "Estavia", "Bergen"),
        "Fishermen in Estavia welcomed the cod agreement with Norland signed in Bergen, although "
        "some skippers said the new fisheries quotas remain too low for the fleet.",
    ),
    (
        "strike-1a",
        "2024-03-01",
        "Wire Desk",
        ("Marovka", "Oleh Sirko"),
        "Missiles struck the city of Marovka overnight, killing 12 people and damaging a power "
        "station, regional governor Oleh Sirko said. Rescue workers searched the rubble of a "
        "collapsed apartment block near the power station.",
    ),
    (
        "strike-1b",
        "2024-03-02",
        "North Herald",
        ("Marovka", "Oleh Sirko"),
        "Twelve people were killed when missiles hit Marovka overnight, governor Oleh Sirko said, "
        "adding that the power station was badly damaged and an apartment block collapsed.",
    ),
    (
        "strike-2a",
        "2024-03-09",
        "Wire Desk",
        ("Marovka", "Oleh Sirko"),
        "A missile strike hit Marovka again on Saturday, killing five people near the railway "
        "station, governor Oleh Sirko said. Trains were halted while rescuers worked.",
    ),
    (
        "strike-2b",
        "2024-03-09",
        "Valley Times",
        ("Marovka", "Oleh Sirko"),
        "Five people died in a new missile attack on the railway station of Marovka, governor "
        "Oleh Sirko said, and train services were halted.",
    ),
]
GOLD = {
    "flood-1": "flood", "flood-2": "flood", "flood-3": "flood",
    "fish-1": "fish", "fish-2": "fish", "fish-3": "fish",
    "strike-1a": "strike-1", "strike-1b": "strike-1", "strike-2a": "strike-2", "strike-2b": "strike-2",
}  # fmt: skip


def docs() -> list[AnnotatedDoc]:
    return [make_doc(aid, day, outlet, text, names) for aid, day, outlet, names, text in ARTICLES]


def partition(assign: dict[str, str]) -> set[frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for aid, sid in assign.items():
        groups.setdefault(sid, set()).add(aid)
    return {frozenset(g) for g in groups.values()}


def bcubed_f1(gold: dict[str, str], pred: dict[str, str]) -> float:
    items = list(gold)
    gs, ps = Counter(gold.values()), Counter(pred[i] for i in items)
    both = Counter((gold[i], pred[i]) for i in items)
    p = sum(both[(gold[i], pred[i])] / ps[pred[i]] for i in items) / len(items)
    r = sum(both[(gold[i], pred[i])] / gs[gold[i]] for i in items) / len(items)
    return 2 * p * r / (p + r)


def run(items: list[AnnotatedDoc], config: StoryConfig | None = None) -> StoryIndex:
    index = StoryIndex(config)
    for doc in items:
        index.add(doc)
    return index


# --- copies ---------------------------------------------------------------------------------------


def test_exact_copy_points_to_first_seen() -> None:
    first, *_ = docs()
    again = make_doc("copy", "2024-05-02", "Other Paper", "  " + first.text.replace(" ", "  ") + "\n")
    index = StoryIndex()
    assert index.add(first).duplicate_of is None
    result = index.add(again)
    assert result.duplicate_of == "flood-1"
    assert result.story == index.assignments()["flood-1"]
    assert again.duplicate_of == "flood-1"


def test_near_copy_with_new_headline_cut_ending_and_boilerplate() -> None:
    first = docs()[0]
    body = first.text.rsplit(". ", 1)[0] + "."  # last sentence cut
    text = (
        "FLOOD FORCES HUNDREDS FROM HOMES\nKESSEL (Valley Wire) - "
        + body
        + "\nCopyright Valley Wire. All rights reserved. Sign up for our newsletter."
    )
    index = StoryIndex()
    index.add(first)
    assert index.add(make_doc("near", "2024-05-03", "Valley Wire", text)).duplicate_of == "flood-1"


def test_copy_of_a_copy_points_to_the_original() -> None:
    det = CopyDetector()
    text = docs()[3].text
    assert det.check_add("a", text) is None
    assert det.check_add("b", "UPDATE\n" + text) == "a"
    assert det.check_add("c", "Read more below.\n" + text + " Share this.") == "a"


def test_distinct_reports_of_one_story_are_not_copies_but_one_story() -> None:
    index = StoryIndex()
    a, b = docs()[:2]
    assert index.add(a).duplicate_of is None
    result = index.add(b)
    assert result.duplicate_of is None
    assert result.story == index.assignments()["flood-1"]


def test_copy_outside_the_window_is_not_a_copy_of_a_dated_article() -> None:
    det = CopyDetector()
    text = docs()[3].text
    det.check_add("old", text + " Extra closing line for the old one.", day=date(2020, 1, 1).toordinal())
    assert det.check_add("new", text, day=date(2024, 1, 1).toordinal()) is None


# --- stories --------------------------------------------------------------------------------------


def test_stories_group_the_same_happening() -> None:
    index = run(docs())
    assert partition(index.assignments()) == partition(GOLD)


def test_time_window_splits_two_strikes_on_one_city() -> None:
    items = [d for d in docs() if d.article.id.startswith("strike")]
    index = run(items)
    got = index.assignments()
    assert got["strike-1a"] == got["strike-1b"]
    assert got["strike-2a"] == got["strike-2b"]
    assert got["strike-1a"] != got["strike-2a"]
    # the window is what separates them: with no dates the same texts would form one story
    undated = [make_doc(d.article.id, None, d.article.source or "", d.text) for d in items]
    for d, orig in zip(undated, items, strict=True):
        d.entities = orig.entities
    assert len(set(run(undated).assignments().values())) < len(set(got.values()))


def test_arrival_order_does_not_change_the_stories() -> None:
    """Documented tolerance: every shuffled order reaches B-cubed F1 >= 0.9 against the
    date-ordered result. Consolidation revisits open articles in (date, id) order, so on these
    clean texts every order gives exactly the same partition."""
    base = docs()
    reference = run(sorted(base, key=lambda d: (d.article.date, d.article.id))).assignments()
    exact = 0
    for seed in range(20):
        order = base[:]
        random.Random(seed).shuffle(order)
        got = run(docs_by_id(order)).assignments()
        assert bcubed_f1(reference, got) >= 0.9
        exact += partition(got) == partition(reference)
    assert exact == 20


def docs_by_id(order: list[AnnotatedDoc]) -> list[AnnotatedDoc]:
    """Fresh docs (add() writes doc.story) in the given order."""
    fresh = {d.article.id: d for d in docs()}
    return [fresh[d.article.id] for d in order]


def test_ids_are_deterministic_and_saved_state_continues(tmp_path) -> None:
    first = run(docs()).assignments()
    assert run(docs()).assignments() == first
    part = StoryIndex()
    items = docs()
    for doc in items[:5]:
        part.add(doc)
    part.save(tmp_path / "stories.json.gz")
    resumed = StoryIndex.load(tmp_path / "stories.json.gz")
    for doc in items[5:]:
        resumed.add(doc)
    assert resumed.assignments() == first
    assert {s.id for s in resumed.stories()} == set(first.values())


def test_story_records() -> None:
    items = docs()
    items[0].actors.append(Actor(80, 91, "Anna Brandt", canonical="Anna Brandt", country="DEU"))
    items[0].places.append(Place(41, 47, "Kessel", name="Kessel", country="DEU"))
    index = run(items)
    flood = next(s for s in index.stories() if "flood-1" in s.article_ids)
    assert sorted(flood.article_ids) == ["flood-1", "flood-2", "flood-3"]
    assert (flood.first_seen, flood.last_seen) == ("2024-05-02", "2024-05-03")
    assert set(flood.outlets) == {"North Herald", "Valley Times", "Wire Desk"}
    assert flood.top_actors == ["Anna Brandt"] and flood.top_places == ["Kessel"]
    leads = {d.text[d.sentences[0].start : d.sentences[0].end] for d in items[:3]}
    assert flood.title in leads


def test_undated_articles_still_cluster() -> None:
    items = [d for d in docs() if not d.article.id.startswith("strike")]
    for d in items:
        d.article.date = None
    got = run(items).assignments()
    assert partition(got) == partition({k: v for k, v in GOLD.items() if k in got})


# --- canonical events -----------------------------------------------------------------------------

RUS = Actor(0, 0, "Russian forces", canonical="Russian Armed Forces", country="RUS", sector="MIL")
UKR = Actor(0, 0, "Ukraine", canonical="Ukraine", country="UKR", sector="GOV")
MAROVKA = Place(0, 0, "Marovka", name="Marovka", geonameid=999001, country="UKR", feature="P.PPL")
ODESA = Place(0, 0, "Odesa", name="Odesa", geonameid=698740, country="UKR", feature="P.PPLA")


def event_doc(aid: str, day: str, outlet: str, text: str, place: Place | None, **ev: object) -> AnnotatedDoc:
    doc = make_doc(aid, day, outlet, text)
    trigger = re.search(r"struck|hit|shelled|attacked|met", text)
    assert trigger is not None
    doc.events.append(
        Event(
            type=str(ev.get("type", "ASSAULT")),
            sentence=0,
            trigger=Span(trigger.start(), trigger.end(), trigger.group()),
            source=ev.get("source", RUS),  # type: ignore[arg-type]
            target=ev.get("target", UKR),  # type: ignore[arg-type]
            place=place,
            date=str(ev.get("date", day)),
            modality=str(ev.get("modality", "asserted")),
        )
    )
    return doc


def test_canonical_event_merges_reports_and_keeps_figures_per_mention() -> None:
    a = event_doc(
        "a", "2024-03-01", "Wire Desk", "Russian forces struck Marovka, killing 12 people.", MAROVKA
    )
    b = event_doc("b", "2024-03-02", "North Herald", "Missiles hit Marovka and 14 people died.", MAROVKA,
                  date="2024-03-01")  # fmt: skip
    c = event_doc("c", "2024-03-02", "Valley Times", "The city was shelled overnight, 13 dead.", None,
                  date="2024-03-01")  # fmt: skip
    events = canonical_events([b, a, c])
    assert len(events) == 1
    ce = events[0]
    assert ce.n_mentions == 3 and ce.type == "ASSAULT"
    assert set(ce.articles) == {"a", "b", "c"}
    assert set(ce.outlets) == {"Wire Desk", "North Herald", "Valley Times"}
    assert ce.place == "Marovka" and ce.source == "Russian Armed Forces" and ce.date == "2024-03-01"
    assert ce.first_report == "a"  # dated first (same event date; the earlier article)
    figures = {m.article_id: m.figures for m in ce.mentions}
    assert figures == {"a": ["12"], "b": ["14"], "c": ["13"]}
    assert all(m.evidence for m in ce.mentions)


def test_canonical_events_do_not_merge_different_events() -> None:
    base = event_doc("a", "2024-03-01", "Wire Desk", "Russian forces struck Marovka.", MAROVKA)
    other_city = event_doc("b", "2024-03-01", "Wire Desk", "Russian forces struck Odesa.", ODESA)
    week_later = event_doc("c", "2024-03-09", "Wire Desk", "Russian forces struck Marovka again.", MAROVKA)
    other_type = event_doc("d", "2024-03-01", "Wire Desk", "Russian officers met Ukraine's envoy.", MAROVKA,
                           type="CONSULT")  # fmt: skip
    denied = event_doc("e", "2024-03-01", "Wire Desk", "Russia denied it attacked Marovka.", MAROVKA,
                       modality="negated")  # fmt: skip
    no_args = event_doc(
        "f", "2024-03-01", "Wire Desk", "Someone struck somewhere.", None, source=None, target=None
    )
    events = canonical_events([base, other_city, week_later, other_type, denied, no_args])
    assert len(events) == 6
    assert all(ce.n_mentions == 1 for ce in events)


def test_canonical_event_rejects_contradicting_actor() -> None:
    belarus = Actor(0, 0, "Belarus", canonical="Belarus", country="BLR", sector="GOV")
    a = event_doc("a", "2024-03-01", "Wire Desk", "Russian forces struck Marovka.", MAROVKA)
    b = event_doc("b", "2024-03-01", "Wire Desk", "Belarus struck Marovka.", MAROVKA, source=belarus)
    assert len(canonical_events([a, b])) == 2


@pytest.mark.parametrize("window", [0, 1])
def test_canonical_date_window(window: int) -> None:
    from eventwire.stories import CanonicalConfig

    a = event_doc("a", "2024-03-01", "Wire Desk", "Russian forces struck Marovka.", MAROVKA)
    b = event_doc("b", "2024-03-02", "Wire Desk", "Russian forces struck Marovka.", MAROVKA)
    assert len(canonical_events([a, b], CanonicalConfig(window_days=window))) == (2 if window == 0 else 1)


def test_figures_are_numbers_not_dates_or_times() -> None:
    from eventwire.stories.canonical import figures

    assert figures(
        "On 2 March 2024 at 7:40, 14 people died and dozens were hurt; 1,200 homes lost power."
    ) == [
        "14",
        "dozens",
        "1,200",
    ]


# Two title fights of one champion against different challengers, reported without dates (as in
# an archive): the same kind of happening with one shared name, told apart by the other names.
FIGHTS = [
    ("fight-a1", "Rahmon Kell", "Oskar Vint stopped Rahmon Kell in the seventh round in Mannheim to keep his heavyweight belts."),
    ("fight-a2", "Rahmon Kell", "Champion Oskar Vint beat challenger Rahmon Kell by knockout in round seven at the Mannheim arena."),
    ("fight-a3", "Rahmon Kell", "Rahmon Kell was knocked out by Oskar Vint in Mannheim; the referee stopped it in the seventh round."),
    ("fight-a4", "Rahmon Kell", "In Mannheim Oskar Vint retained his heavyweight titles, stopping a tired Rahmon Kell in round seven."),
    ("fight-b1", "Tamas Orly", "Oskar Vint stopped Tamas Orly in the sixth round in Bern to retain his heavyweight belts."),
    ("fight-b2", "Tamas Orly", "Champion Oskar Vint floored challenger Tamas Orly twice before the sixth-round stoppage in Bern."),
    ("fight-b3", "Tamas Orly", "Tamas Orly lasted until the sixth round in Bern before Oskar Vint knocked him down for good."),
    ("fight-b4", "Tamas Orly", "In Bern Oskar Vint kept his heavyweight titles with a sixth-round knockout of Tamas Orly."),
]  # fmt: skip


def fights() -> list[AnnotatedDoc]:
    return [
        make_doc(aid, None, "Wire Desk", text, ("Oskar Vint", rival, "Mannheim", "Bern"))
        for aid, rival, text in FIGHTS
    ]


def test_two_happenings_of_one_kind_are_two_stories_in_one_topic() -> None:
    """Interleaved arrival puts both fights in one story at first (the champion's name and the
    boxing words are shared); consolidation splits it along the challengers and places."""
    for seed in range(5):
        order = fights()
        random.Random(seed).shuffle(order)
        index = run(order)
        got = index.assignments()
        assert partition(got) == {
            frozenset(a for a, _, _ in FIGHTS[:4]),
            frozenset(a for a, _, _ in FIGHTS[4:]),
        }
        topics = index.topic_assignments()
        assert len(set(topics.values())) == 1


def test_consolidation_is_what_splits_them() -> None:
    """Without consolidation (reads skip it) the first arrivals' story swallows both fights."""
    index = run(fights())
    index.dirty = False  # pretend nothing arrived since the last consolidation
    assert len(set(index.stories_level.of[a] for a, _, _ in FIGHTS)) == 1
    index.consolidate()
    assert len(set(index.assignments().values())) == 2


def test_unrelated_lone_articles_never_merge() -> None:
    """Two lone articles cost at most 2 - sqrt(2) to merge whatever they say; a merge also needs
    the pair to be as alike as an article must be to join a story."""
    a = make_doc(
        "a", "2024-05-02", "Wire Desk", "Harvest festival in Orlan drew record crowds to the market square."
    )
    b = make_doc(
        "b", "2024-05-02", "Wire Desk", "Parliament in Orlan passed the budget after a long night debate."
    )
    index = run([a, b], StoryConfig(merge_cost=5.0))
    got = index.assignments()
    assert got["a"] != got["b"]


def test_a_story_lies_in_one_topic_and_other_kinds_in_others() -> None:
    index = run(docs())
    topics = index.topic_assignments()
    stories = index.assignments()
    by_story: dict[str, set[str]] = {}
    for aid, sid in stories.items():
        by_story.setdefault(sid, set()).add(topics[aid])
    assert all(len(t) == 1 for t in by_story.values())
    assert topics["flood-1"] != topics["fish-1"]


def test_number_terms_keep_figures_not_years_or_digits() -> None:
    text = "A 6.4 quake in 2019 left 1,250 people homeless and 3 towns cut off; bulletin MS09-44."
    assert number_terms(text) == ["n:6.4", "n:1250", "n:44"]


def test_story_title_leaves_out_the_wire_dateline() -> None:
    from eventwire.stories.features import lead_sentence

    text = "ODESA, Ukraine, May 2 (Wire Desk) - Port workers loaded the first grain ship of the season."
    doc = AnnotatedDoc(article=Article("d", text), sentences=[Sentence(0, len(text))])
    assert lead_sentence(doc) == "Port workers loaded the first grain ship of the season."
    plain = "Port workers in Odesa loaded the first grain ship of the season."
    assert lead_sentence(AnnotatedDoc(article=Article("p", plain))) == plain


# Two air raids on refugees told with different forms of one verb ("bombed", "bombs" / "bombing"):
# the topic level folds inflections, so the kind of happening is shared although the words differ.
RAIDS = [
    ("raid-a1", ("Aldora", "Tevin Marsh"), "Warplanes bombed a refugee camp near Aldora on Monday, killing nine "
     "refugees. Aid worker Tevin Marsh said the bombs destroyed tents and a clinic."),
    ("raid-a2", ("Aldora", "Tevin Marsh"), "Nine refugees died when warplanes bombed the camp outside Aldora. "
     "Tevin Marsh said bombs hit the clinic and the tents."),
    ("raid-b1", ("Vestin", "Rana Oduya"), "The bombing of a school sheltering refugees in Vestin left twelve dead, "
     "said Rana Oduya of the relief agency. Bombing raids continued overnight."),
    ("raid-b2", ("Vestin", "Rana Oduya"), "Relief official Rana Oduya condemned the bombing of the Vestin school "
     "where refugees sheltered; twelve people died in the bombing."),
]  # fmt: skip


def test_stem_folds_inflections_but_not_short_words() -> None:
    from eventwire.stories.features import stem

    assert {stem(w) for w in ("bombs", "bombed", "bombing", "bomber")} == {"bomb"}
    assert stem("convicted") == stem("conviction") == "convict"
    assert stem("escaped") == stem("escape") == stem("escapes")
    assert [stem(w) for w in ("press", "witness", "uses", "kills")] == ["press", "witness", "uses", "kill"]


def test_inflected_reports_of_one_kind_share_a_topic() -> None:
    index = run([make_doc(aid, None, "Wire Desk", text, names) for aid, names, text in RAIDS])
    assert partition(index.assignments()) == {
        frozenset({"raid-a1", "raid-a2"}),
        frozenset({"raid-b1", "raid-b2"}),
    }
    assert len(set(index.topic_assignments().values())) == 1  # plain words keep them apart


# The topic level weighs the headline and lead: two jailbreaks and two murder verdicts whose
# bodies tell the other kind's background (the escapee's old trial, the convict's earlier escape)
# fall into a jailbreak topic and a verdict topic; counting every sentence alike merges them all.
LEAD_STORIES = {
    "escape-a": (
        ("Dorran Vale", "Vale", "Kettlebrook"),
        (
            "Inmate Dorran Vale escaped from Kettlebrook prison overnight, and a manhunt began. "
            "Guards found his cell empty at dawn after the breakout.",
            "A manhunt for escaped inmate Dorran Vale spread beyond Kettlebrook prison. "
            "Guards discovered the breakout at dawn when his cell was empty.",
        ),
        "Vale was convicted of murder by a jury years ago, and a judge sentenced him to life. "
        "Kettlebrook is a farming parish with orchards and a mill.",
    ),
    "escape-b": (
        ("Sela Munro", "Munro", "Harrow Ridge"),
        (
            "Sela Munro escaped from Harrow Ridge prison, and an inmate manhunt spread across the valley. "
            "The breakout was noticed by guards during a head count.",
            "An inmate manhunt continued after Sela Munro escaped from Harrow Ridge prison. "
            "Guards discovered the breakout at the evening head count.",
        ),
        "Munro was sentenced to life after a jury convicted her of murder. "
        "Harrow Ridge is a mining town with a railway museum and a choir.",
    ),
    "verdict-c": (
        ("Tobin Greer", "Greer", "Ashford"),
        (
            "A jury convicted Tobin Greer of murder in Ashford, and the judge sentenced him to life. "
            "Prosecutors said the verdict ended a long trial.",
            "Tobin Greer was sentenced to life after an Ashford jury convicted him of murder. "
            "The judge read the verdict as prosecutors watched at the end of the trial.",
        ),
        "Greer once escaped from prison and spent a week on the run until a manhunt found him. "
        "Ashford sits on a canal lined with boatyards.",
    ),
    "verdict-d": (
        ("Linnea Roche", "Roche", "Bramwell"),
        (
            "Linnea Roche was convicted of murder by a Bramwell jury, and the judge sentenced her to life. "
            "Prosecutors welcomed the verdict after a three-week trial.",
            "A Bramwell jury convicted Linnea Roche of murder, and the judge sentenced her to life. "
            "The verdict came after a three-week trial, prosecutors said.",
        ),
        "Roche escaped from prison years ago, and a manhunt caught her after two days. "
        "Bramwell is a harbour village with lobster boats.",
    ),
}


def lead_docs() -> list[AnnotatedDoc]:
    return [
        make_doc(f"{story}{n}", None, "Wire Desk", f"{lead} {body}", names)
        for story, (names, leads, body) in LEAD_STORIES.items()
        for n, lead in enumerate(leads, 1)
    ]


def test_kind_terms_weigh_the_headline_and_lead() -> None:
    from eventwire.stories import features

    text = "By Staff. Fire crews fought a warehouse blaze near the docks. Smoke from the blaze closed two busy roads. Police later reopened the roads."
    doc = make_doc("w", None, "Wire Desk", text)
    doc.article.title = "Warehouse blaze"
    got = features.kind_terms(doc)
    lead = 1.0 + math.log(features.LEAD_WEIGHT)
    assert got["k:staff"] == 1.0  # a byline is not a lead sentence
    assert got["k:crews"] == lead  # the first real sentence
    assert got["k:blaze"] == 1.0 + math.log(3 * features.LEAD_WEIGHT)  # headline and two lead sentences
    assert got["k:police"] == 1.0  # past the lead


@pytest.mark.parametrize("lead_weight, separated", [(None, True), (1.0, False)])
def test_topics_follow_the_lead_not_the_background(monkeypatch, lead_weight, separated) -> None:
    from eventwire.stories import features

    if lead_weight is not None:  # the rule switched off: every sentence counts the same
        monkeypatch.setattr(features, "LEAD_WEIGHT", lead_weight)
    index = run(lead_docs())
    assert partition(index.assignments()) == {frozenset({f"{k}1", f"{k}2"}) for k in LEAD_STORIES}
    kinds = partition(index.topic_assignments())
    want = {frozenset(f"{k}{n}" for k in LEAD_STORIES for n in (1, 2) if k.startswith(kind))
            for kind in ("escape", "verdict")}  # fmt: skip
    assert (kinds == want) is separated


def test_topics_do_not_depend_on_arrival_order() -> None:
    want = partition(run(lead_docs()).topic_assignments())
    for seed in range(6):
        order = lead_docs()
        random.Random(seed).shuffle(order)
        assert partition(run(order).topic_assignments()) == want
