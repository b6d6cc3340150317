"""Quotes layer: direct and reported speech, cues, speakers, mentions, traps.

Every sentence here is written for these tests (no corpus text). The pipeline runs with the
layers that exist before "quotes", so the cases hold whether or not actor coding ran.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.annotate.quotes import find_quoted
from eventwire.context import Config
from eventwire.model import AnnotatedDoc, Article, Quote
from eventwire.pipeline import Pipeline
from eventwire.registry import components

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "000_e80b2d72a0110be1.txt"


@pytest.fixture(scope="module")
def pipe() -> Pipeline:
    Pipeline(Config(components=[]))  # registers the built-in components
    layers = [c for c in ("entities", "timex", "places", "actors") if c in components]
    return Pipeline(Config(components=[*layers, "quotes"]))


def run(pipe: Pipeline, text: str) -> AnnotatedDoc:
    return pipe(Article("t", text))


def find(doc: AnnotatedDoc, content: str) -> Quote:
    hits = [q for q in doc.quotes if q.text == content]
    assert hits, f"no quote {content!r}; got {[q.text for q in doc.quotes]}"
    return hits[0]


# (text, content, direct, speaker span text, cue text); None = must be absent
CASES: list[tuple[str, str, bool, str | None, str | None]] = [
    # --- direct quotes, all mark styles ---------------------------------------------------
    ('"We will not retreat," Stoltenberg said.', "We will not retreat", True, "Stoltenberg", "said"),
    ("“The talks are over,” the minister said.", "The talks are over", True, "the minister", "said"),
    ("«Nous ne céderons pas», Macron told reporters.", "Nous ne céderons pas", True, "Macron", "told"),
    ("‘We have no plans to leave,’ the mayor said.", "We have no plans to leave", True, "the mayor", "said"),
    ("''The border stays open,'' the governor said.", "The border stays open", True, "the governor", "said"),
    (
        '"Nobody will be left behind," said Angela Merkel.',
        "Nobody will be left behind",
        True,
        "Angela Merkel",
        "said",
    ),
    ("“Prices will fall next year,” she predicted.", "Prices will fall next year", True, "she", "predicted"),
    ("“Is this the end of the road?” he asked.", "Is this the end of the road?", True, "he", "asked"),
    (
        "“The vote was rigged!” the opposition leader shouted.",
        "The vote was rigged!",
        True,
        "the opposition leader",
        "shouted",
    ),
    (
        "“Talks will resume in May,” the spokesman added on Tuesday.",
        "Talks will resume in May",
        True,
        "the spokesman",
        "added",
    ),
    # quote before the attribution with a colon or a comma
    (
        "The president said: “Our troops are coming home.”",
        "Our troops are coming home.",
        True,
        "The president",
        "said",
    ),
    (
        "Lula told the crowd, “Brazil is back on the world stage.”",
        "Brazil is back on the world stage.",
        True,
        "Lula",
        "told",
    ),
    ("He warned: “Any attack will be answered.”", "Any attack will be answered.", True, "He", "warned"),
    # the dash form of the seed
    (
        '"The sanctions will stay in place." - the communique says.',
        "The sanctions will stay in place.",
        True,
        "the communique",
        "says",
    ),
    # split by the attribution: both halves, same speaker and cue
    (
        '"We will not retreat," Stoltenberg said, "not now, not ever."',
        "not now, not ever.",
        True,
        "Stoltenberg",
        "said",
    ),
    (
        "“The ceasefire holds,” the envoy said. “Both sides have pulled back their guns.”",
        "Both sides have pulled back their guns.",
        True,
        "the envoy",
        "said",
    ),
    # a bare quote paragraph continues the previous speaker
    (
        "“We expect a deal this week,” said Olaf Scholz.\n\n“The remaining issues are technical and can be solved quickly.”",
        "The remaining issues are technical and can be solved quickly.",
        True,
        "Olaf Scholz",
        "said",
    ),
    # a block quote introduced by "X continued:" in the paragraph before
    (
        "Mr Rutte continued:\n\n“Our support for Kyiv will not weaken while the war goes on.”",
        "Our support for Kyiv will not weaken while the war goes on.",
        True,
        "Mr Rutte",
        "continued",
    ),
    # nested quotes stay inside the outer content
    (
        "“They keep telling us ‘wait a little longer’ and we are tired of waiting,” a farmer said.",
        "They keep telling us ‘wait a little longer’ and we are tired of waiting",
        True,
        "a farmer",
        "said",
    ),
    # partial quotes inside a sentence: with no speech verb the subject speaks; under a speech
    # verb the claim is the whole clause it reports, quotation marks included (not direct)
    (
        "The ministers “remain determined to defend every inch of allied territory.”",
        "remain determined to defend every inch of allied territory.",
        True,
        "The ministers",
        None,
    ),
    (
        "Sanchez said the plan would “protect families from rising energy bills.”",
        "the plan would “protect families from rising energy bills.”",
        False,
        "Sanchez",
        "said",
    ),
    (
        "The union accused the company of “treating its workers like spare parts in a machine.”",
        "the company of “treating its workers like spare parts in a machine.”",
        False,
        "The union",
        "accused",
    ),
    # colon headline with a quote
    ("Zelensky: “We will return Crimea”", "We will return Crimea", True, "Zelensky", ":"),
    # --- reported speech --------------------------------------------------------------------
    (
        "Erdogan said that Turkey would not block the deal.",
        "that Turkey would not block the deal",
        False,
        "Erdogan",
        "said",
    ),
    (
        "The ministry said on Tuesday that two soldiers had been wounded.",
        "that two soldiers had been wounded",
        False,
        "The ministry",
        "said",
    ),
    (
        "Officials told reporters that the airport would reopen on Friday.",
        "that the airport would reopen on Friday",
        False,
        "Officials",
        "told",
    ),
    (
        "The general warned that the offensive could start within days.",
        "that the offensive could start within days",
        False,
        "The general",
        "warned",
    ),
    (
        "Kuleba accused Moscow of blocking grain exports.",
        "Moscow of blocking grain exports",
        False,
        "Kuleba",
        "accused",
    ),
    (
        "The mayor denied that the water supply had been poisoned.",
        "that the water supply had been poisoned",
        False,
        "The mayor",
        "denied",
    ),
    (
        "Police believe the attackers crossed the border at night.",
        "the attackers crossed the border at night",
        False,
        "Police",
        "believe",
    ),
    (
        "According to the health ministry, 40 people were injured in the blast.",
        "40 people were injured in the blast",
        False,
        "the health ministry",
        "According to",
    ),
    (
        "The rebels withdrew from the town overnight, according to local residents.",
        "The rebels withdrew from the town overnight",
        False,
        "local residents",
        "according to",
    ),
    (
        "The talks collapsed after midnight, two diplomats said.",
        "The talks collapsed after midnight",
        False,
        "two diplomats",
        "said",
    ),
    (
        "The embassy will close next week, a senior European diplomat said.",
        "The embassy will close next week",
        False,
        "a senior European diplomat",
        "said",
    ),
    (
        "Macron announced new sanctions against the regime.",
        "new sanctions against the regime",
        False,
        "Macron",
        "announced",
    ),
    (
        "The prime minister insisted the budget was balanced.",
        "the budget was balanced",
        False,
        "The prime minister",
        "insisted",
    ),
    (
        "Opposition leaders claimed the election had been stolen.",
        "the election had been stolen",
        False,
        "Opposition leaders",
        "claimed",
    ),
    (
        "The senator spoke about the refugee crisis in Europe.",
        "the refugee crisis in Europe",
        False,
        "The senator",
        "spoke about",
    ),
    (
        "Beijing criticized Washington for its arms sales to Taiwan.",
        "Washington for its arms sales to Taiwan",
        False,
        "Beijing",
        "criticized",
    ),
    (
        "The foreign minister urged both sides to show restraint.",
        "both sides to show restraint",
        False,
        "The foreign minister",
        "urged",
    ),
    (
        "The president promised to rebuild the bridge before winter.",
        "to rebuild the bridge before winter",
        False,
        "The president",
        "promised",
    ),
    (
        "Witnesses reported that the convoy was hit twice.",
        "that the convoy was hit twice",
        False,
        "Witnesses",
        "reported",
    ),
    (
        "The report found that the strike killed nine civilians.",
        "that the strike killed nine civilians",
        False,
        "The report",
        "found",
    ),
    (
        "In the capital, the spokesman said, the situation is calm.",
        "the situation is calm",
        False,
        "the spokesman",
        "said",
    ),
    # headline with a colon attribution, no quotation marks
    (
        "Zelensky: we will return Crimea\n\nThe president spoke in Kyiv.",
        "we will return Crimea",
        False,
        "Zelensky",
        ":",
    ),
    # --- traps: scare quotes and titles are not statements ------------------------------------
    ("The so-called “peacekeepers” arrived at dawn.", "peacekeepers", True, None, None),
    ("Officials described the operation as a “success” on Monday.", "success", True, None, None),
    (
        "The army called the raid a “limited operation” in its briefing.",
        "limited operation",
        True,
        None,
        None,
    ),
    ("She read the novel “War and Peace” twice last summer.", "War and Peace", True, None, None),
    (
        "The film “The Long Night Over Kharkiv” premiered in Berlin.",
        "The Long Night Over Kharkiv",
        True,
        None,
        None,
    ),
    ("He sang the song “Wind of Change” at the rally.", "Wind of Change", True, None, None),
    (
        "The minister appeared on “Morning Politics Live” on Sunday.",
        "Morning Politics Live",
        True,
        None,
        None,
    ),
]

# contents that must NOT come out as quotes
TRAPS = {
    "peacekeepers",
    "success",
    "limited operation",
    "War and Peace",
    "The Long Night Over Kharkiv",
    "Wind of Change",
    "Morning Politics Live",
}


@pytest.mark.parametrize(("text", "content", "direct", "speaker", "cue"), CASES)
def test_case(
    pipe: Pipeline, text: str, content: str, direct: bool, speaker: str | None, cue: str | None
) -> None:
    doc = run(pipe, text)
    if content in TRAPS:
        # no statement of its own; a speech verb around it may still report a claim
        assert all(q.text.strip(" .") != content for q in doc.quotes), [q.text for q in doc.quotes]
        assert not any(content in q.text for q in doc.quotes if q.direct), [q.text for q in doc.quotes]
        return
    q = find(doc, content)
    assert q.direct is direct
    assert text[q.start : q.end] == q.text
    assert q.sentence is not None
    assert (q.speaker.text if q.speaker else None) == speaker
    assert (q.cue.text if q.cue else None) == cue


def test_split_quote_shares_speaker_and_cue(pipe: Pipeline) -> None:
    doc = run(pipe, '"We will not retreat," Stoltenberg said, "not now, not ever."')
    first, second = find(doc, "We will not retreat"), find(doc, "not now, not ever.")
    assert first.cue == second.cue
    assert first.speaker and second.speaker and first.speaker.text == second.speaker.text == "Stoltenberg"


def test_pronoun_resolves_to_last_named_person(pipe: Pipeline) -> None:
    doc = run(
        pipe, "Jens Stoltenberg arrived in Vilnius on Monday.\n\n“Russia must not win this war,” he said."
    )
    q = find(doc, "Russia must not win this war")
    assert q.speaker is not None and q.speaker.text == "he"
    assert q.speaker.canonical is not None and "Stoltenberg" in q.speaker.canonical


def test_role_noun_resolves_to_last_named_person(pipe: Pipeline) -> None:
    text = "Foreign Minister Annalena Baerbock visited Kyiv.\n\n“We stand with Ukraine,” the minister said."
    q = find(run(pipe, text), "We stand with Ukraine")
    assert q.speaker is not None and q.speaker.canonical is not None and "Baerbock" in q.speaker.canonical


def test_anonymous_source_stays_anonymous(pipe: Pipeline) -> None:
    doc = run(
        pipe, "Jens Stoltenberg met the envoys. The embassy will close next week, a senior diplomat said."
    )
    q = find(doc, "The embassy will close next week")
    assert q.speaker is not None and q.speaker.canonical == "a senior diplomat"


def test_multi_paragraph_quote_is_one_content(pipe: Pipeline) -> None:
    text = (
        "The chancellor said:\n\n“The first paragraph of the speech runs on.\n\n"
        "“The second paragraph ends the quote.”\n\nThe audience applauded."
    )
    doc = run(pipe, text)
    direct = [q for q in doc.quotes if q.direct]
    assert len(direct) == 1
    assert direct[0].text.startswith("The first paragraph") and direct[0].text.endswith("ends the quote.")
    assert direct[0].speaker is not None and direct[0].speaker.text == "The chancellor"


def test_mentions_are_actors_inside_the_content(pipe: Pipeline) -> None:
    doc = run(pipe, "“Germany and France will send more aid to Ukraine,” the minister said.")
    q = find(doc, "Germany and France will send more aid to Ukraine")
    names = {m.text for m in q.mentions}
    assert {"Germany", "France", "Ukraine"} <= names
    assert all(q.start <= m.start and m.end <= q.end for m in q.mentions)


def test_two_reports_in_one_sentence_are_two_claims(pipe: Pipeline) -> None:
    text = "The governor said that the dam was safe and noted that engineers had inspected it in May."
    doc = run(pipe, text)
    first = find(doc, "that the dam was safe")
    second = find(doc, "that engineers had inspected it in May")
    assert first.cue is not None and first.cue.text == "said"
    assert second.cue is not None and second.cue.text == "noted"
    assert second.speaker is not None and second.speaker.text == "The governor"


def test_passive_speech_verb_without_agent_has_no_speaker(pipe: Pipeline) -> None:
    doc = run(pipe, "It was stated that the border would stay closed.")
    assert not any(q.cue and q.cue.text == "stated" for q in doc.quotes)


def test_no_speech_no_quotes(pipe: Pipeline) -> None:
    doc = run(pipe, "The river flooded three villages. Rescue teams worked through the night.")
    assert doc.quotes == []


def test_find_quoted_pairs_marks_and_skips_apostrophes() -> None:
    text = "Clinton’s aide said “it’s over” and ‘done’ while «non» and \"yes\" and ''fine''."
    got = [text[s.start : s.end] for s in find_quoted(text)]
    assert got == ["it’s over", "done", "non", "yes", "fine"]


def test_seed_article_statement_quotes_are_nato(pipe: Pipeline) -> None:
    if not SEED.exists():
        pytest.skip("seed article not available")
    raw = SEED.read_text("utf-8")
    first, _, rest = raw.partition("\n")
    header = " date 2022-11-29 "
    body = (first[len(header) :] if first.startswith(header) else first) + "\n" + rest
    doc = run(pipe, body)

    def is_nato(q: Quote) -> bool:
        return q.speaker is not None and (q.speaker.canonical == "NATO" or q.speaker.country == "NATO")

    statement = [q for q in doc.quotes if q.direct and q.speaker and q.speaker.text == "the statement"]
    assert len(statement) >= 3
    assert all(is_nato(q) for q in statement)
    partial = [q for q in doc.quotes if q.text.startswith("remain committed to supporting Ukraine")]
    assert len(partial) == 1 and partial[0].direct and is_nato(partial[0])
    assert partial[0].speaker is not None and partial[0].speaker.text == "the Allies"
    assert any(m.text == "Kuleba" or "Kuleba" in m.text for m in statement[0].mentions)
