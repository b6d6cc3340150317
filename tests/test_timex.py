"""Time expressions: table-driven cases on our own sentences, traps, properties, the component.

Anchor for the table: Tuesday 2022-11-29 (ISO week 48), the date of the seed article.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire.knowledge.timex import extract_timexes
from eventwire.model import AnnotatedDoc, Article

ANCHOR = dt.date(2022, 11, 29)
REPO = Path(__file__).resolve().parents[1]

# (sentence, expected text, type, value): the sentence must yield exactly this one timex
CASES: list[tuple[str, str, str, str]] = [
    # anchored deictics
    ("Today NATO ministers met in Bucharest.", "Today", "DATE", "2022-11-29"),
    ("The minister resigned yesterday.", "yesterday", "DATE", "2022-11-28"),
    ("The vote takes place tomorrow.", "tomorrow", "DATE", "2022-11-30"),
    ("Fighting broke out last night.", "last night", "TIME", "2022-11-28TNI"),
    ("Officials met this morning.", "this morning", "TIME", "2022-11-29TMO"),
    ("Shelling continued late yesterday afternoon.", "late yesterday afternoon", "TIME", "2022-11-28TAF"),
    # weekdays: most recent not after the anchor, unless a future cue or next/last
    ("Ministers met on Tuesday.", "Tuesday", "DATE", "2022-11-29"),
    ("The strike hit the port on Sunday.", "Sunday", "DATE", "2022-11-27"),
    ("Officials said on Friday that talks had failed.", "Friday", "DATE", "2022-11-25"),
    ("The summit is scheduled to open on Friday.", "Friday", "DATE", "2022-12-02"),
    # a name or a number in -ed is no past tense: tomorrow, not six days back
    ("The United Nations council meets on Wednesday.", "Wednesday", "DATE", "2022-11-30"),
    ("A hundred observers arrive on Wednesday.", "Wednesday", "DATE", "2022-11-30"),
    ("Ahmed Shah's party meets on Wednesday.", "Wednesday", "DATE", "2022-11-30"),
    ("Observers reported on Wednesday that the vote was calm.", "Wednesday", "DATE", "2022-11-23"),
    ("Parliament voted last Friday.", "last Friday", "DATE", "2022-11-25"),
    ("The envoy arrives next Tuesday.", "next Tuesday", "DATE", "2022-12-06"),
    ("The ministry said on Monday morning that it had withdrawn.", "Monday morning", "TIME", "2022-11-28TMO"),
    ("The ballot was held on Tuesday, Nov. 22, in the capital.", "Tuesday, Nov. 22", "DATE", "2022-11-22"),
    # weeks, months, years relative to the anchor
    ("Troops withdrew last week.", "last week", "DATE", "2022-W47"),
    ("Talks continue this week.", "this week", "DATE", "2022-W48"),
    ("The delegation is expected next week.", "next week", "DATE", "2022-W49"),
    ("Elections are due next month.", "next month", "DATE", "2022-12"),
    ("Inflation rose sharply last year.", "last year", "DATE", "2021"),
    ("The decree was issued earlier this year.", "earlier this year", "DATE", "2022"),
    ("A new round is planned for early next year.", "early next year", "DATE", "2023"),
    ("Clashes erupted over the weekend.", "the weekend", "DATE", "2022-W47-WE"),
    ("Talks collapsed this past weekend.", "this past weekend", "DATE", "2022-W47-WE"),
    # ago / earlier
    ("Rebels attacked the town three days ago.", "three days ago", "DATE", "2022-11-26"),
    ("The deal was signed two weeks ago.", "two weeks ago", "DATE", "2022-W46"),
    ("Talks were held 10 days ago.", "10 days ago", "DATE", "2022-11-19"),
    ("He died a year ago.", "a year ago", "DATE", "2021"),
    ("The dam was built more than four decades ago.", "more than four decades ago", "DATE", "1982"),
    # explicit dates
    ("The accord was signed on Nov. 15, 2022, in Bali.", "Nov. 15, 2022", "DATE", "2022-11-15"),
    ("The accord was signed on 15 November 2022.", "15 November 2022", "DATE", "2022-11-15"),
    ("The filing is dated 2022-11-15.", "2022-11-15", "DATE", "2022-11-15"),
    ("The memo is dated 11/15/2022 and unsigned.", "11/15/2022", "DATE", "2022-11-15"),
    ("The decree of 27.11.2022 was annulled.", "27.11.2022", "DATE", "2022-11-27"),
    ("The deadline was Nov. 15.", "Nov. 15", "DATE", "2022-11-15"),
    ("In August 2021 the Taliban took Kabul.", "August 2021", "DATE", "2021-08"),
    ("The treaty takes effect in April 2023.", "April 2023", "DATE", "2023-04"),
    # month and month-day without a year: the anchor's year, the past preferred
    ("The talks began on November 15 in Geneva.", "November 15", "DATE", "2022-11-15"),
    ("Fighting has continued since October 10.", "October 10", "DATE", "2022-10-10"),
    ("The ceasefire collapsed in March.", "March", "DATE", "2022-03"),
    ("The law was passed in July.", "July", "DATE", "2022-07"),
    ("The offensive began in early September.", "early September", "DATE", "2022-09"),
    ("The trial opens on January 5.", "January 5", "DATE", "2023-01-05"),
    ("Protesters will march in May.", "May", "DATE", "2023-05"),
    # years, decades, centuries
    ("Russia annexed Crimea in 2014.", "2014", "DATE", "2014"),
    ("The 2000 election was disputed.", "2000", "DATE", "2000"),
    ("Turnout fell in mid-2021.", "mid-2021", "DATE", "2021"),
    ("The war of the 1990s left deep scars.", "the 1990s", "DATE", "199"),
    ("Memories of the '90s linger.", "the '90s", "DATE", "199"),
    ("Borders were drawn in the 20th century.", "the 20th century", "DATE", "19"),
    ("The bombing happened in nineteen ninety-six.", "nineteen ninety-six", "DATE", "1996"),
    ("Inflation soared in the nineties.", "the nineties", "DATE", "199"),
    ("The company's 2021 results were weak.", "2021", "DATE", "2021"),
    # seasons, quarters, halves, holidays
    ("Protests erupted last summer.", "last summer", "DATE", "2022-SU"),
    ("The economy shrank in the third quarter.", "the third quarter", "DATE", "2022-Q3"),
    ("Growth slowed in the first half of 2022.", "the first half of 2022", "DATE", "2022-H1"),
    ("Troops will be home by Christmas.", "Christmas", "DATE", "2022-12-25"),
    # a national holiday takes the day of the country named with it, else of the text's country
    ("Kyiv held no parade on Ukraine's Independence Day.", "Independence Day", "DATE", "2022-08-24"),
    ("On India's 75th Independence Day, Modi spoke.", "Independence Day", "DATE", "2022-08-15"),
    (
        "Pakistani police said the Independence Day rally in Lahore passed off calmly.",
        "Independence Day",
        "DATE",
        "2022-08-14",
    ),
    ("Fireworks lit up Boston on Independence Day.", "Independence Day", "DATE", "2022-07-04"),
    ("Unions marched across France on Labour Day.", "Labour Day", "DATE", "2022-05-01"),
    ("Traffic jammed the highways after Labor Day.", "Labor Day", "DATE", "2022-09-05"),
    ("Exports fell in Q3 2021.", "Q3 2021", "DATE", "2021-Q3"),
    ("Profits rose in the quarter, the company said.", "the quarter", "DATE", "2022-Q3"),
    # times
    ("The ministers will meet at 3 p.m.", "3 p.m.", "TIME", "2022-11-29T15:00"),
    ("Shelling resumed at 15:30 GMT.", "15:30 GMT", "TIME", "2022-11-29T15:30"),
    ("The curfew starts at 2200 GMT.", "2200 GMT", "TIME", "2022-11-29T22:00"),
    ("Polls closed at 8 p.m. on Sunday.", "8 p.m. on Sunday", "TIME", "2022-11-27T20:00"),
    (
        "The blast came on Friday at 9:40 a.m., police said.",
        "Friday at 9:40 a.m.",
        "TIME",
        "2022-11-25T09:40",
    ),
    # durations
    ("He was detained for 9 months.", "9 months", "DURATION", "P9M"),
    ("The siege lasted three years.", "three years", "DURATION", "P3Y"),
    ("Both sides agreed to a ceasefire of 48 hours.", "48 hours", "DURATION", "PT48H"),
    ("The reactor has been shut for two decades.", "two decades", "DURATION", "P20Y"),
    ("Talks lasted nearly two months.", "nearly two months", "DURATION", "P2M"),
    ("He was jailed for several years.", "several years", "DURATION", "PXY"),
    ("Prices rose over the past two weeks.", "the past two weeks", "DURATION", "P2W"),
    ("The president began a three-day visit.", "three-day", "DURATION", "P3D"),
    ("The strike lasted a week.", "a week", "DURATION", "P1W"),
    ("Talks dragged on for 2 1/2 years.", "2 1/2 years", "DURATION", "P2Y6M"),
    ("The hostages were freed two days later.", "two days", "DURATION", "P2D"),
    ("The channel runs a 24-hour news cycle.", "24-hour", "DURATION", "PT24H"),
    ("He paused for a second.", "a second", "DURATION", "PT1S"),
    # sets
    ("Inspectors visit every week.", "every week", "SET", "P1W"),
    ("Inspections take place daily.", "daily", "SET", "P1D"),
    ("He briefed Putin daily on the front.", "daily", "SET", "P1D"),
    ("Rallies are held on Tuesdays.", "Tuesdays", "SET", "XXXX-WXX-2"),
    ("Delegates meet twice a year.", "a year", "SET", "P1Y"),
    # reference words
    ("The army is now in control of the bridge.", "now", "DATE", "PRESENT_REF"),
    ("Some 300 soldiers are currently deployed.", "currently", "DATE", "PRESENT_REF"),
    ("The group recently changed its leader.", "recently", "DATE", "PAST_REF"),
    ("More arrests are expected in the coming days.", "the coming days", "DATE", "FUTURE_REF"),
    ("The future of the alliance is at stake.", "The future", "DATE", "FUTURE_REF"),
    ("Casualties have risen in recent weeks.", "recent weeks", "DATE", "PAST_REF"),
]

# sentences that must yield no time expression at all
TRAPS: list[str] = [
    "We will not accept this.",  # dateparser reads "We" as Wednesday
    "Protesters march through the capital.",
    "The government may impose new sanctions.",
    "May I ask a question?",
    "The bill costs $53.",
    "The Sun reported the story first.",
    "About 2000 troops were deployed to the border.",
    "He won 53 votes and 12 seats.",
    "Jan Kowalski, the mayor, declined to comment.",
    "The 6-year-old girl was rescued.",
    "About three-quarters of voters backed the plan.",
    "Two thousand people marched.",
    "Fighting spread to 1500 villages.",
    "The leaves fall and the rebels spring an ambush.",
    "Sales rose 12.5% to 1,994 units.",
    "She is seeking a second term.",
    "A second bomb exploded near the market.",
    "He told 60 Minutes he would run.",
    "A quarter of the vote went to the opposition.",
    "The now-defunct party and the present-day regime.",
    "He wrote for the Daily Mail and Breitbart News Daily.",
    "The deal is worth $50,000-a-year to the town.",
    "The 52-year-old mayor resigned.",
    "Residents of the old quarter fled the shelling.",
    "Residents of the quarter fled the shelling.",
    "He scored twice in the first half of the match.",
    "The H5N1 virus spread.",
    "A 2000-strong force crossed the river.",
    "She is in her forties.",
    "They discussed the future peace settlement.",
    "The present government fell.",
    'The Nigerian daily "Punch" reported it.',
]


@pytest.mark.parametrize(("sentence", "text", "typ", "value"), CASES, ids=[c[0][:40] for c in CASES])
def test_table(sentence: str, text: str, typ: str, value: str) -> None:
    found = extract_timexes(sentence, ANCHOR)
    assert [(t.text, t.type, t.value) for t in found] == [(text, typ, value)]
    t = found[0]
    assert sentence[t.start : t.end] == text


@pytest.mark.parametrize("sentence", TRAPS)
def test_traps(sentence: str) -> None:
    assert extract_timexes(sentence, ANCHOR) == []


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("They met on November 15.", "XXXX-11-15"),
        ("They met yesterday.", "PAST_REF"),
        ("They meet tomorrow.", "FUTURE_REF"),
        ("They met on Tuesday.", "XXXX-WXX-2"),
        ("They met last week.", "PAST_REF"),
        ("They met three days ago.", "PAST_REF"),
        ("They met in April.", "XXXX-04"),
        ("They met at 3 p.m.", "XXXX-XX-XXT15:00"),
        ("They met in 2014.", "2014"),
        ("They met on Nov. 15, 2022.", "2022-11-15"),
        # parts of days and moving holidays: underspecified as their neighbours, never empty
        ("Officials met this morning.", "PRESENT_REF"),
        ("Fighting broke out last night.", "PAST_REF"),
        ("The family gathered on Thanksgiving.", "XXXX-11"),
    ],
)
def test_without_anchor_values_stay_underspecified(sentence: str, value: str) -> None:
    found = extract_timexes(sentence, None)
    assert [t.value for t in found] == [value]


def test_weekday_before_anchor_day_and_year_boundaries() -> None:
    # a Sunday anchor: "Monday" is six days back; "December 30" in a January article is last year's
    assert extract_timexes("They met on Monday.", dt.date(2023, 1, 1))[0].value == "2022-12-26"
    assert extract_timexes("They met on December 30.", dt.date(2023, 1, 3))[0].value == "2022-12-30"
    assert extract_timexes("They met last week.", dt.date(2021, 1, 3))[0].value == "2020-W52"
    assert extract_timexes("They met last month.", dt.date(2023, 1, 15))[0].value == "2022-12"
    # on a Monday, a bare "Tuesday" is tomorrow unless the clause is in the past tense
    monday = dt.date(2022, 11, 28)
    assert extract_timexes("The talks resume on Tuesday.", monday)[0].value == "2022-11-29"
    assert extract_timexes("They met on Tuesday.", monday)[0].value == "2022-11-22"
    assert extract_timexes("Polls open at 9 a.m. Tuesday.", monday)[0].value == "2022-11-29T09:00"


def test_year_ranges_and_lists() -> None:
    found = extract_timexes("The war lasted from 1992 to 1995, and fighting flared in 2019-2020.", ANCHOR)
    assert [t.value for t in found] == ["1992", "1995", "2019", "2020"]
    found = extract_timexes("Floods hit in 1994, 1995 and 1997.", ANCHOR)
    assert [t.text for t in found] == ["1994", "1995", "1997"]


def test_several_expressions_in_order() -> None:
    text = "On Tuesday, two weeks after the Nov. 15 strike, ministers said talks would resume in January."
    found = extract_timexes(text, ANCHOR)
    assert [(t.text, t.value) for t in found] == [
        ("Tuesday", "2022-11-29"),
        ("two weeks", "P2W"),
        ("Nov. 15", "2022-11-15"),
        ("January", "2023-01"),
    ]


def test_reference_quarter_for_year_comparisons() -> None:
    text = "Profit in the third quarter rose to $5 million from $3 million a year earlier."
    found = extract_timexes(text, dt.date(2022, 10, 20))
    assert [(t.text, t.value) for t in found] == [
        ("the third quarter", "2022-Q3"),
        ("a year earlier", "2021-Q3"),
    ]


# --- properties ----------------------------------------------------------------------------------

_WORDS = st.sampled_from(
    "on in the last next this ago Tuesday May March Nov. 15 , 2022 1990s three days weeks year "
    "at 3 p.m. every daily since early late mid- quarter third summer now recently We $53 Sun "
    "- / : 11/15 '90s half fiscal 48 hours century nineteen ninety-six . Christmas weekend yesterday "
    "tomorrow Friday next week weeks ago".split()
)


def _check(text: str, anchor: dt.date | None) -> None:
    found = extract_timexes(text, anchor)
    previous_end = -1
    for t in found:
        assert 0 <= t.start < t.end <= len(text)
        assert text[t.start : t.end] == t.text
        assert t.start >= previous_end  # sorted and non-overlapping
        previous_end = t.end
        assert t.type in {"DATE", "TIME", "DURATION", "SET"}


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300), st.one_of(st.none(), st.dates()))
def test_arbitrary_text_never_crashes(text: str, anchor: dt.date | None) -> None:
    _check(text, anchor)


@settings(max_examples=300, deadline=None)
@given(st.lists(_WORDS, max_size=25), st.one_of(st.none(), st.dates()))
def test_temporal_word_soup_is_well_formed(words: list[str], anchor: dt.date | None) -> None:
    _check(" ".join(words), anchor)


# --- the component -------------------------------------------------------------------------------


def test_component_appends_in_text_order_without_spacy() -> None:
    from eventwire.annotate.timex import make_timex
    from eventwire.context import Context

    step = make_timex(Context())
    doc = AnnotatedDoc(Article(id="a", text="Yesterday the envoy said talks start next week.", date=ANCHOR))
    step(doc)
    assert [(t.text, t.value) for t in doc.timexes] == [
        ("Yesterday", "2022-11-28"),
        ("next week", "2022-W49"),
    ]
    undated = AnnotatedDoc(Article(id="b", text="Yesterday the envoy spoke.", date=None))
    step(undated)
    assert [t.value for t in undated.timexes] == ["PAST_REF"]


def test_seed_article_dates_resolve_to_its_own_date() -> None:
    seed = REPO.parent / "shared" / "seed" / "000_e80b2d72a0110be1.txt"
    if not seed.exists():
        pytest.skip("seed article not available")
    header, _, body = seed.read_text(encoding="utf-8").partition("\n")
    m = re.search(r"date (\d{4}-\d\d-\d\d)", header)
    assert m is not None
    anchor = dt.date.fromisoformat(m.group(1))
    found = extract_timexes(body, anchor)
    assert any(t.text == "Today" and t.value == "2022-11-29" for t in found)
    for t in found:
        assert body[t.start : t.end] == t.text
        # nothing in a report of the day resolves to a day after it
        if t.value and len(t.value) == 10 and t.value[:4].isdigit():
            assert dt.date.fromisoformat(t.value) <= anchor + dt.timedelta(days=7)


# --- TimeBank regression floor (development data; skipped when absent) ---------------------------


def test_timebank_floor() -> None:
    """A floor well below the measured figures (benchmarks/timex.py), to catch regressions."""
    data = REPO.parent / "shared" / "data"
    if not (data / "time" / "timebank").is_dir():
        pytest.skip("shared development data not available")
    spec = importlib.util.spec_from_file_location("timex_benchmark", REPO / "benchmarks" / "timex.py")
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = bench  # dataclasses need the module registered
    spec.loader.exec_module(bench)
    total = bench.Tally()
    for doc in bench.load(data):
        total.add(bench.score(doc, extract_timexes(doc.text, doc.anchor), []))
    precision = total.relaxed_pred / total.pred
    recall = total.relaxed_gold / total.gold
    assert 2 * precision * recall / (precision + recall) >= 0.88
    assert total.value_ok / total.pairs >= 0.82
