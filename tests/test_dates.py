"""The date reader (eventwire.readers.dates) against the frozen table tests/frozen/dates.tsv
(issue #19), plus properties: any string or value is read without raising."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire.readers.dates import (
    DateReading,
    check_order,
    date_from_dateline,
    date_from_url,
    dateline,
    read_date,
)

FROZEN = Path(__file__).resolve().parent / "frozen" / "dates.tsv"
# The table counts dates after 2026-12-07 as future; a date is future when it is more than one
# day after the run's current date (FUTURE_SLACK), so the table's run date is 2026-12-06.
TODAY = date(2026, 12, 6)


def _rows() -> list[tuple[str, str, str, str]]:
    with FROZEN.open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader)
        assert header == ["raw", "date_order", "expected", "note"]
        return [(r[0], r[1], r[2], r[3]) for r in reader]


ROWS = _rows()


def test_the_frozen_table_is_whole() -> None:
    assert len(ROWS) >= 231


@pytest.mark.parametrize(
    ("raw", "order", "expected", "note"), ROWS, ids=[f"{i + 2}" for i in range(len(ROWS))]
)
def test_frozen_date(raw: str, order: str, expected: str, note: str) -> None:
    got = read_date(raw, order or None, today=TODAY)
    assert got.raw is not None, note
    if expected == "null":
        assert got.date is None, f"{note}: {got}"
        assert got.warning, f"{note}: no warning"
    elif expected.startswith("warn:"):
        assert got.date == date.fromisoformat(expected[5:]), f"{note}: {got}"
        assert got.warning and "ambiguous" in got.warning, f"{note}: {got}"
    else:
        assert got.date == date.fromisoformat(expected), f"{note}: {got}"
        assert got.warning is None, f"{note}: {got.warning}"


def test_values_that_are_not_strings() -> None:
    assert read_date(None) == DateReading(None, None)
    assert read_date(date(2016, 12, 9), today=TODAY).date == date(2016, 12, 9)
    assert read_date(1481277600, today=TODAY).date == date(2016, 12, 9)
    assert read_date(1481277600.5, today=TODAY).date == date(2016, 12, 9)
    assert read_date(20161209, today=TODAY).date == date(2016, 12, 9)
    for odd in (True, {"a": 1}, [2016, 12, 9], b"2016-12-09", float("nan")):
        got = read_date(odd, today=TODAY)
        assert got.date is None and got.warning and got.raw


def test_relative_dates_resolve_only_against_a_reference() -> None:
    assert read_date("yesterday", today=TODAY).date is None
    assert read_date("yesterday", today=TODAY, reference=date(2016, 12, 10)).date == date(2016, 12, 9)
    got = read_date("3 days ago", today=TODAY)
    assert got.date is None and "relative" in (got.warning or "")


def test_future_is_relative_to_the_injected_today() -> None:
    assert read_date("2026-12-08", today=TODAY).date is None
    assert read_date("2026-12-08", today=date(2026, 12, 7)).date == date(2026, 12, 8)
    assert "future" in (read_date("2031-01-01", today=TODAY).warning or "")


def test_date_order_is_checked() -> None:
    assert check_order("dmy") == "DMY"
    with pytest.raises(ValueError, match="DMY"):
        check_order("DM")


def test_url_and_dateline_dates() -> None:
    assert date_from_url("https://x.example.org/world/2016/12/09/kenya-vote.html", TODAY) == (
        date(2016, 12, 9), "2016/12/09",
    )  # fmt: skip
    assert date_from_url("https://x.example.org/2016-12-09-kenya", TODAY)[0] == date(2016, 12, 9)  # type: ignore[index]
    assert date_from_url("https://x.example.org/2016/13/45/x", TODAY) is None
    assert date_from_url("https://x.example.org/news/kenya?id=20161209", TODAY) is None
    assert dateline("NAIROBI, Dec 9 (Reuters) - Kenya's election board said") == "Dec 9"
    assert dateline("WASHINGTON, Dec. 9, 2016 /PRNewswire/ -- A company") == "Dec. 9, 2016"
    assert dateline("Kenya's election board said on Friday - as expected") is None
    day, written, warning = date_from_dateline(
        "LONDON, 9 December 2016 (Reuters) - Britain said", today=TODAY
    )
    assert (day, written, warning) == (date(2016, 12, 9), "9 December 2016", None)
    day, written, warning = date_from_dateline("NAIROBI, Dec 9 (Reuters) - Kenya", today=TODAY)
    assert day is None and written == "Dec 9" and "no year" in (warning or "")
    day, _, _ = date_from_dateline(
        "NAIROBI, Dec 9 (Reuters) - Kenya", reference=date(2016, 12, 10), today=TODAY
    )
    assert day == date(2016, 12, 9)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60), st.sampled_from([None, "DMY", "MDY", "YMD"]))
def test_random_strings_never_raise(text: str, order: str | None) -> None:
    got = read_date(text, order, today=TODAY)
    assert isinstance(got, DateReading)
    assert got.date is None or got.date <= date(2026, 12, 7)
    assert got.date is not None or got.warning


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=40))
def test_random_bytes_as_text_never_raise(data: bytes) -> None:
    got = read_date(data.decode("latin-1"), today=TODAY)
    assert got.date is not None or got.warning


@settings(max_examples=200, deadline=None)
@given(
    st.dates(min_value=date(1800, 1, 1), max_value=TODAY),
    st.sampled_from(["%Y-%m-%d", "%d %B %Y", "%B %d, %Y", "%a, %d %b %Y 10:00:00 GMT"]),
)
def test_any_written_date_reads_back(day: date, fmt: str) -> None:
    assert read_date(day.strftime(fmt), today=TODAY).date == day


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=80))
def test_url_and_dateline_never_raise(text: str) -> None:
    date_from_url("https://x.example.org/" + text, TODAY)
    date_from_dateline(text, reference=date(2020, 1, 1), today=TODAY)
