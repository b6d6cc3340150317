"""Which event a sentence asserts most confidently, and the argument repairs of the second round.

Table-driven cases for: an event that is only the content of another ("opposed to mediation")
or the purpose phrase of a clause ("in protest of the arrest") ranks below it; a negated reading
takes the classifier's confidence for the type it is coded as; measure nouns ("two weeks of
exercises") and lists ("mortar and rocket fire") between a light verb and its event noun; the
authorities of the place for an agentless arrest; the armed party that is demobilized yields;
a reported clause's pronoun is the speaker; a text's source is who adopts it; a late "by"
agent; a content clause is not the object's actor; "with X's help" is no target; coercion in
a named country; a protest's country target is its government; death by torture in custody.
All sentences are the project's own.
"""

from __future__ import annotations

from datetime import date

import pytest

import eventwire.annotate  # noqa: F401  (registers the components)
from eventwire.context import Config, Context
from eventwire.knowledge.ontology import load_ontology
from eventwire.model import AnnotatedDoc, Article, Event
from eventwire.pipeline import Pipeline
from eventwire.registry import components

UPSTREAM = [c for c in ("entities", "timex", "places", "actors", "quotes") if c in components]
pytestmark = pytest.mark.skipif(
    not all(c in components for c in ("places", "actors")), reason="needs the places and actors layers"
)


@pytest.fixture(scope="module")
def code(ctx: Context):
    c = Context(Config(components=[*UPSTREAM, "events"]))
    c._cache = {"spacy": ctx.nlp}
    pipe = Pipeline(ctx=c)

    def run(text: str) -> AnnotatedDoc:
        return pipe(Article(id="t", text=text, date=date(2024, 3, 5)))

    return run


def _top(doc: AnnotatedDoc) -> Event:
    return max(doc.events, key=lambda e: e.confidence)


def _has(actors, country: str | None = None, sector: str | None = None, text: str | None = None) -> bool:
    return any(
        a is not None
        and (country is None or a.country == country)
        and (sector is None or a.sector == sector)
        and (text is None or text in a.text)
        for a in actors
    )


# (sentence, type of the most confident event, trigger word it starts with)
TOP_EVENT_CASES = [
    # a noun event that is the object of another trigger is that event's content
    pytest.param(
        "Hungary is opposed to Austrian mediation between Serbia and Kosovo.",
        "REJECT",
        "opposed",
        marks=pytest.mark.xfail(
            strict=True,
            reason="REJECT is found, but the ninth session's encoder gives it 0.12, below the "
            "mediation it opposes (0.28, halved as the content)",
        ),
    ),
    # a negated "meet" is coded REJECT, with the classifier's confidence for REJECT
    ("Georgia said it would not meet the separatists' demands to release the prisoners.", "REJECT", "meet"),
    # "in protest of": the purpose of the strike, not the event the sentence reports
    (
        "Seven unions organized a general strike in protest of the arrest of two activists.",
        "PROTEST",
        "organized",
    ),
]


@pytest.mark.parametrize(("text", "type_", "word"), TOP_EVENT_CASES)
def test_the_asserted_event_outranks_its_content(code, text: str, type_: str, word: str) -> None:
    top = _top(code(text))
    assert (top.type, top.trigger.text.split()[0]) == (type_, word)


# (sentence, type, trigger start, source country, target country or None)
ARGUMENT_CASES = [
    # measure noun between the light verb and the event noun
    ("Polish and Lithuanian troops launched two weeks of joint exercises near the border.", "COOPERATE", "launched", "LTU", None),
    # a phrase whose object closes a list
    ("Indian artillery launched mortar and rocket fire against Pakistani posts.", "ASSAULT", "launched", "IND", "PAK"),
    # "put under investigation": "put" carries the noun like "place"
    ("A Swiss banker has been put under investigation in France.", "ACCUSE", "put", None, "CHE"),
    # new lexicon readings
    ("Insurgents detonated a car bomb outside a police station in Kirkuk.", "ASSAULT", "detonated", "IRQ", "IRQ"),
    ("Settlers set fire to a mosque near Nablus.", "ASSAULT", "set", None, "PSE"),
    ("Kenyan youths threw stones at police in Nairobi.", "PROTEST", "threw", "KEN", "KEN"),
    ("Germany paid compensation to the families of the victims.", "RETREAT", "paid", "DEU", None),
    ("Moldovan police prevented a march organized by veterans in Chisinau.", "COERCE", "prevented", "MDA", None),
    # agentless arrest: the authorities of the place it happened in
    ("A Danish journalist was arrested in Iran on Monday.", "COERCE", "arrested", "IRN", "DNK"),
    # the demobilized armed group is the one yielding
    ("Hundreds of Ugandan rebels have been demobilized since the ceasefire.", "RETREAT", "demobilized", "UGA", None),
    # a late "by" phrase the parser hung on the interrupting clause
    (
        "Former mayor Ivan Petrov has been accused of misusing public money, much of it believed to have"
        " been stolen, by Bulgarian government officials.",
        "ACCUSE",
        "accused",
        "BGR",
        "BGR",
    ),
    # the object's content clause is what is admitted, not who is asked
    ("The Senate demanded an admission by Tehran that Iranian agents had planned the attack.", "REQUEST", "demanded", None, "IRN"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "type_", "word", "src", "tgt"), ARGUMENT_CASES)
def test_argument_repairs(code, text: str, type_: str, word: str, src: str | None, tgt: str | None) -> None:
    evs = [e for e in code(text).events if e.type == type_ and e.trigger.text.split()[0] == word]
    assert evs, [(e.type, e.trigger.text) for e in code(text).events]
    ev = evs[0]
    if src is not None:
        assert _has(ev.sources, country=src), ev.sources
    if tgt is not None:
        assert _has(ev.targets, country=tgt), ev.targets


def test_authorities_of_the_place_are_marked_as_inferred(code) -> None:
    ev = next(
        e for e in code("A Danish journalist was arrested in Iran on Monday.").events if e.type == "COERCE"
    )
    assert ev.source is not None and (ev.source.country, ev.source.sector, ev.source.basis) == (
        "IRN",
        "GOV",
        "place",
    )


def test_admission_target_is_who_is_asked_not_the_clause(code) -> None:
    ev = next(e for e in code(ARGUMENT_CASES[-1][0]).events if e.type == "REQUEST")
    assert _has(ev.targets, text="Tehran") and not _has(ev.targets, text="agents")


def test_reported_pronoun_is_the_speaker_not_the_nearest_name(code) -> None:
    doc = code(
        "Fighters loyal to the Syrian opposition leader Ahmad Jarba said they attacked a Russian convoy."
    )
    ev = next(e for e in doc.events if e.type == "ASSAULT")
    assert _has(ev.sources, text="Fighters") and not _has(ev.sources, text="Jarba")


def test_a_text_acts_through_whoever_adopts_it(code) -> None:
    doc = code("The Hungarian parliament passed a law that bans Ukrainian schools.")
    ev = next(e for e in doc.events if e.type == "COERCE")
    assert _has(ev.sources, country="HUN", sector="LEG")


def test_the_helper_of_an_act_is_not_its_target(code) -> None:
    doc = code("The navy will tighten the blockade of Yemen with Egypt's help.")
    ev = next(e for e in doc.events if e.type == "COERCE")
    assert _has(ev.targets, country="YEM") and not _has(ev.targets, country="EGY")


def test_coercion_happens_in_the_country_named(code) -> None:
    doc = code(
        "The military government of President Prosper Ndayi declared a state of siege in Guinea on"
        " Saturday, arresting political opponents, a spokeswoman for the French embassy said."
    )
    ev = next(e for e in doc.events if e.type == "COERCE" and e.trigger.text == "arresting")
    assert _has(ev.sources, country="GIN", sector="GOV")
    assert _has(ev.targets, country="GIN", sector="OPP")


def test_a_protest_aimed_at_a_country_is_aimed_at_its_government(code) -> None:
    ev = next(e for e in code("Opposition parties in Kenya organized a general strike on Monday.").events)
    assert ev.type == "PROTEST" and _has(ev.targets, country="KEN", sector="GOV")


@pytest.mark.parametrize(
    ("text", "src", "tgt"),
    [
        ("A Kurdish prisoner died of torture in Turkish police custody.", ("TUR", "COP"), ("TUR", "CVL")),
        ("A detainee died of torture in the custody of Egyptian police.", ("EGY", "COP"), ("EGY", "CVL")),
    ],
)
def test_death_by_torture_in_custody(code, text: str, src: tuple[str, str], tgt: tuple[str, str]) -> None:
    ev = next(e for e in code(text).events if e.type == "ASSAULT")
    assert _has(ev.sources, *src) and _has(ev.targets, *tgt)


def test_died_of_torture_without_custody_names_no_source(code) -> None:
    doc = code("An elderly farmer died of torture last year.")
    assert all(not e.sources or e.sources[0].sector == "UAF" for e in doc.events if e.type == "ASSAULT")


def test_the_model_overrules_a_verb_trigger_never_a_noun() -> None:
    # the encoder reads the whole sentence; a noun names its event ("the meeting" is a
    # meeting, "a rally" a rally, even in a sentence about condemnation or arrests), while a
    # verb's sense may be the model's
    from types import SimpleNamespace

    from eventwire.coding.coder import DocCoder

    p = {"ACCUSE": 0.85, "CONSULT": 0.05, "NONE": 0.05, "SUPPORT": 0.05}

    def cand(pos: str) -> SimpleNamespace:
        return SimpleNamespace(
            trigger=SimpleNamespace(pos_=pos),
            span=(3, 4),
            light=None,
            readings=[("CONSULT", None)],
            from_classifier=False,
        )

    coder = SimpleNamespace(onto=load_ontology())
    assert DocCoder.choose_type(coder, cand("NOUN"), p)[0] == "CONSULT"  # type: ignore[arg-type]
    assert DocCoder.choose_type(coder, cand("VERB"), p)[0] == "ACCUSE"  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("reading", "modality", "model_says", "coded"),
    [
        # the PLOVER manual: THREATEN = ASSAULT + hypothetical, CONCEDE = an announced retreat,
        # AGREE = cooperation announced; the model learned the coders' single type, eventwire
        # keeps the action and says the rest in the modality
        (("ASSAULT", None), "hypothetical", "THREATEN", "ASSAULT"),
        (("ASSAULT", None), "future", "THREATEN", "ASSAULT"),
        (("RETREAT", "resign"), "future", "CONCEDE", "RETREAT"),
        (("AID", None), "future", "AGREE", "AID"),
        # asserted, the same reading of the model is another event and may overrule the verb
        (("ASSAULT", None), "asserted", "THREATEN", "THREATEN"),
        (("RETREAT", "resign"), "asserted", "CONCEDE", "CONCEDE"),
    ],
)
def test_the_model_reading_of_an_announced_action_supports_the_action(
    reading: tuple[str, str | None], modality: str, model_says: str, coded: str
) -> None:
    from types import SimpleNamespace

    from eventwire.coding.coder import DocCoder

    p = {model_says: 0.8, reading[0]: 0.05, "NONE": 0.05, "SUPPORT": 0.1}
    cand = SimpleNamespace(
        trigger=SimpleNamespace(pos_="VERB"),
        span=(3, 4),
        light=None,
        readings=[reading],
        from_classifier=False,
    )
    coder = SimpleNamespace(onto=load_ontology())
    type_, _, conf = DocCoder.choose_type(coder, cand, p, modality)  # type: ignore[arg-type]
    assert type_ == coded
    assert conf >= 0.8  # the convention type's probability counts for the action


def test_the_model_reading_of_another_trigger_word_does_not_overrule() -> None:
    # "The president was indicted by the court and will resign": the encoder reads the whole
    # sentence, and its ACCUSE is the indictment's; it may not turn the resignation into one
    from types import SimpleNamespace

    from eventwire.coding.coder import DocCoder

    p = {"ACCUSE": 0.85, "RETREAT": 0.05, "NONE": 0.05, "SUPPORT": 0.05}
    cand = SimpleNamespace(
        trigger=SimpleNamespace(pos_="VERB"),
        span=(9, 10),
        light=None,
        readings=[("RETREAT", "resign")],
        from_classifier=False,
    )
    coder = SimpleNamespace(onto=load_ontology())
    assert DocCoder.choose_type(coder, cand, p, "future", {"ACCUSE"})[0] == "RETREAT"  # type: ignore[arg-type]
    assert DocCoder.choose_type(coder, cand, p, "future")[0] == "ACCUSE"  # type: ignore[arg-type]
