"""The entities layer: spaCy's NER with tidy spans, and the people and bodies of the actor
knowledge found as entities (issue #21, item 5). Every sentence here is our own; each of the
knowledge cases is one the bare NER gets wrong (noted beside it)."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.tokens import Doc

from eventwire.annotate._names import KNOWN_NAMES
from eventwire.annotate.entities import _consistent, _tidy, merge
from eventwire.context import Config, Context
from eventwire.model import Article
from eventwire.pipeline import Pipeline


@pytest.fixture(scope="module")
def ents(make_pipeline):
    pipe = make_pipeline("entities", "timex", "places")

    def run(text: str) -> set[tuple[str, str]]:
        return {(e.text, e.label) for e in pipe(Article("t", text)).entities}

    return run


@pytest.mark.parametrize(
    "text, name, label",
    [
        # a minister: NER finds nothing, or only the surname
        (
            "Foreign Minister Moses Wetang'ula met the envoys in Nairobi on Friday.",
            "Moses Wetang'ula",
            "PERSON",
        ),
        (
            "Foreign Minister Georgios Katrougalos met the envoys in Athens on Friday.",
            "Georgios Katrougalos",
            "PERSON",
        ),
        # leaders NER takes for organisations
        (
            "Nicola Sturgeon told reporters the referendum bill would be published in the spring.",
            "Nicola Sturgeon",
            "PERSON",
        ),
        ("Muhammadu Buhari signed the budget into law after weeks of delay.", "Muhammadu Buhari", "PERSON"),
        # armed forces, agencies, parties and armed groups NER takes for people, places or nothing
        ("The Tatmadaw shelled three villages overnight.", "Tatmadaw", "ORG"),
        ("Shin Bet agents arrested two suspects.", "Shin Bet", "ORG"),
        ("The Bundeswehr will send two more helicopters.", "Bundeswehr", "ORG"),
        ("Amotekun operatives rescued the travellers near the highway.", "Amotekun", "ORG"),
        ("Deputies from Civic Platform walked out of the chamber before the vote.", "Civic Platform", "ORG"),
        ("Ennahda called its supporters onto the streets of the capital.", "Ennahda", "ORG"),
        ("Prosecutors say the Juárez Cartel moved the shipment through a tunnel.", "Juárez Cartel", "ORG"),
        ("Fighters loyal to the Houthis fired two drones at a tanker off the coast.", "Houthis", "ORG"),
    ],
)
def test_known_people_and_bodies_are_entities(ents, text: str, name: str, label: str) -> None:
    found = ents(text)
    assert (name, label) in found, found


def test_a_longer_name_keeps_the_ners_span(ents) -> None:
    # the knowledge writes "President Xi" too: the ruler gives way to the fuller name
    found = ents("President Xi Jinping arrived in Moscow on Monday.")
    assert ("Xi Jinping", "PERSON") in found
    assert not any(text in ("Xi", "President Xi") for text, _ in found)


def test_a_known_body_is_no_town(ents) -> None:
    # the places layer used to read "at Google" as a place the gazetteer knows
    assert ("Google", "ORG") in ents("He worked at Google for ten years before moving to Nairobi.")


def test_common_words_and_descriptions_are_not_names(ents) -> None:
    assert not any(label == "ORG" for _, label in ents("CAN THE CEASEFIRE HOLD? Officials doubt it."))
    assert ents("Saudi religious police detained two men outside the mall.") == {("Saudi", "NORP")}
    assert ("Serbian", "NORP") in ents("On Tuesday the Serbian police closed the crossing.")


def test_courtesy_titles_stay_out_of_names(ents) -> None:
    assert ("Adeyemi", "PERSON") in ents("Mrs Adeyemi, a teacher, said the school was closed.")


def test_places_layer_sees_the_known_names(make_pipeline) -> None:
    pipe = make_pipeline("entities")
    doc = pipe.ctx.nlp("Officials said the Tatmadaw had withdrawn.")
    from eventwire.model import AnnotatedDoc

    annotated = AnnotatedDoc(article=Article("t", doc.text), nlp=doc)
    for _, step in pipe.steps:
        step(annotated)
    start = doc.text.index("Tatmadaw")
    assert (start, start + len("Tatmadaw")) in doc.user_data[KNOWN_NAMES]


def test_the_names_are_tokenised_once_for_entities_and_actors(make_pipeline) -> None:
    pipe = make_pipeline("entities", "actors")
    index = pipe.ctx.resource("actors.names", lambda: None)
    lexicon = pipe.ctx.resource("actors.lexicon", lambda: None)
    assert index is not None and lexicon is not None
    assert lexicon.names is index.names


def test_a_users_actors_table_feeds_the_entities(ctx: Context, tmp_path: Path) -> None:
    table = tmp_path / "bodies.tsv"
    table.write_text("name\taliases\tcountry\tsector\nKwetu Imara\tKI\tKEN\tREB\n", "utf-8")
    text = "Fighters of Kwetu Imara attacked the convoy near the river."
    found = {}
    for files in ([], [str(table)]):
        c = Context(Config(components=["entities"], options={"actors": {"files": files}}))
        c._cache = {"spacy": ctx.nlp}  # the user's table makes its own name index
        found[bool(files)] = {(e.text, e.label) for e in Pipeline(ctx=c)(Article("t", text)).entities}
    assert ("Kwetu Imara", "PERSON") in found[False]  # what NER makes of it
    assert ("Kwetu Imara", "ORG") in found[True]


def test_ruler_options(ctx: Context) -> None:
    c = Context(Config(components=["entities"], options={"entities": {"ruler": "sometimes"}}))
    c._cache = ctx._cache
    with pytest.raises(ValueError, match="ruler must be one of"):
        Pipeline(ctx=c)
    c = Context(Config(components=["entities"], options={"entities": {"ruler": False}}))
    c._cache = ctx._cache
    found = {
        (e.text, e.label)
        for e in Pipeline(ctx=c)(Article("t", "The Tatmadaw shelled three villages.")).entities
    }
    assert ("Tatmadaw", "ORG") not in found  # NER alone: PERSON


# --- the pieces, on hand-built docs --------------------------------------------------------


def _doc(ctx: Context, words: list[str], tags: list[str] | None = None) -> Doc:
    return Doc(ctx.nlp.vocab, words=words, tags=tags or ["NNP"] * len(words))


def test_tidy_drops_articles_possessives_titles_and_open_brackets(ctx: Context) -> None:
    doc = _doc(ctx, ["a", "World", "Health", "Organisation", "(", "WHO"])
    assert _tidy(doc, 0, 6, "ORG") == (1, 4)
    doc = _doc(ctx, ["Kenya", "'s"], ["NNP", "POS"])
    assert _tidy(doc, 0, 2, "GPE") == (0, 1)
    doc = _doc(ctx, ["Ms", "Tan"])
    assert _tidy(doc, 0, 2, "PERSON") == (1, 2)
    assert _tidy(doc, 0, 2, "ORG") == (0, 2)  # only a person's name loses a courtesy title
    doc = _doc(ctx, ["The"])
    assert _tidy(doc, 0, 1, "ORG") == (0, 1)  # never to nothing


def test_merge_modes() -> None:
    ner = [(0, 2, "PERSON"), (5, 9, "ORG"), (10, 12, "GPE")]
    known = [(0, 2, "ORG"), (6, 8, "ORG"), (11, 13, "ORG"), (14, 15, "PERSON")]
    # longest: the same span relabelled, a name inside a longer entity or half over one
    # dropped, a new one added
    assert merge(ner, known, "longest") == [(0, 2, "ORG"), (5, 9, "ORG"), (10, 12, "GPE"), (14, 15, "PERSON")]
    assert merge(ner, known, "after") == [*ner, (14, 15, "PERSON")]
    assert merge(ner, known, "overwrite") == [
        (0, 2, "ORG"),
        (6, 8, "ORG"),
        (11, 13, "ORG"),
        (14, 15, "PERSON"),
    ]


def test_one_name_one_label_in_a_document(ctx: Context) -> None:
    words = ["Amani", "said", "Amani", "and", "Amani", "met", "Joseph", "Kariuki", ";", "Kariuki", "left"]
    doc = _doc(ctx, words)
    spans = [(0, 1, "PERSON"), (2, 3, "GPE"), (4, 5, "PERSON"), (6, 8, "PERSON"), (9, 10, "ORG")]
    assert _consistent(doc, spans) == [
        (0, 1, "PERSON"), (2, 3, "PERSON"), (4, 5, "PERSON"), (6, 8, "PERSON"), (9, 10, "PERSON")
    ]  # fmt: skip
    # no clear majority: labels stay
    spans = [(0, 1, "PERSON"), (2, 3, "GPE")]
    assert _consistent(doc, spans) == spans
