"""Tests for eventwire.readers: every format, every bad-input case, stdin, folders, stable ids."""

from __future__ import annotations

import io
import json
import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire.ids import article_id, normalise_url
from eventwire.model import Article, Reject
from eventwire.readers import MAX_FILE_BYTES, MAX_TEXT_CHARS, read
from eventwire.readers.common import BadRecord, ReadOptions, decode, parse_date
from eventwire.readers.plaintext import read_seed
from eventwire.registry import readers

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
BODY = "KYIV, Nov 23 - Russian missiles struck power plants across Ukraine on Wednesday, officials said."


def items(*paths, **kw) -> list[Article | Reject]:
    return list(read([str(p) for p in paths], **kw))


def one(*paths, **kw) -> Article | Reject:
    got = items(*paths, **kw)
    assert len(got) == 1, got
    return got[0]


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


# --- seed and plain text ---------------------------------------------------------------------


def test_all_formats_are_registered() -> None:
    assert {"seed", "text", "json", "jsonl", "csv", "tsv", "html"} <= set(readers.names())


@pytest.mark.parametrize("sep", [" ", "\n", "\n\n"])
def test_seed_header_gives_date_and_is_not_part_of_text(tmp_path: Path, sep: str) -> None:
    path = write(tmp_path, "a.txt", f"  date 2022-11-23{sep}{BODY}\n")
    a = one(path)
    assert isinstance(a, Article)
    assert a.date == date(2022, 11, 23)
    assert a.text == BODY
    assert a.title is None
    assert (a.origin, a.record) == (str(path), 1)


def test_seed_fixture_from_shared_seed_folder_shape() -> None:
    a = one(EXAMPLES / "seed" / "000_censor_nato_bucharest.txt")
    assert isinstance(a, Article)
    assert a.date == date(2022, 11, 29)
    assert a.text.startswith("NATO allies declare their readiness")
    assert "date 2022" not in a.text


def test_seed_header_may_carry_a_time(tmp_path: Path) -> None:
    a = one(write(tmp_path, "a.txt", f"date 2022-11-15T15:40:00Z {BODY}"))
    assert isinstance(a, Article) and a.date == date(2022, 11, 15) and a.text == BODY


def test_plain_text_has_unknown_date_and_no_title(tmp_path: Path) -> None:
    a = one(write(tmp_path, "a.txt", f"\n{BODY}\r\nSecond line.\r\n"))
    assert isinstance(a, Article)
    assert a.date is None and a.title is None
    assert a.text == BODY + "\nSecond line."


def test_date_word_without_iso_date_is_plain_text(tmp_path: Path) -> None:
    a = one(write(tmp_path, "a.txt", "date night in Kyiv was cancelled because of the blackout."))
    assert isinstance(a, Article) and a.date is None and a.text.startswith("date night")


def test_forced_text_format_does_not_sniff_seed(tmp_path: Path) -> None:
    a = one(write(tmp_path, "a.txt", f"date 2022-11-23 {BODY}"), format="text")
    assert isinstance(a, Article) and a.date is None and a.text.startswith("date 2022-11-23")


def test_forced_seed_format_without_header_is_a_reject(tmp_path: Path) -> None:
    r = one(write(tmp_path, "a.txt", BODY), format="seed")
    assert isinstance(r, Reject) and "header" in r.reason and r.record == 1


def test_seed_header_without_body_is_a_reject(tmp_path: Path) -> None:
    r = one(write(tmp_path, "a.txt", " date 2022-11-23 \n  \n"))
    assert isinstance(r, Reject) and "no article text" in r.reason


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_seed_parser_never_crashes(text: str) -> None:
    out = list(read_seed(text, "fuzz.txt", ReadOptions()))
    assert len(out) == 1
    assert isinstance(out[0], Article | Reject)
    if isinstance(out[0], Article):
        assert out[0].text and out[0].text == out[0].text.strip()


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)), st.text())
def test_seed_parser_round_trips_any_date_and_body(day: date, body: str) -> None:
    out = list(
        read_seed(f" date {day.isoformat()} {body}", "fuzz.txt", ReadOptions(today=date(2100, 12, 31)))
    )
    assert len(out) == 1
    expected = body.replace("\r\n", "\n").replace("\r", "\n").strip()  # readers store Unix newlines
    if expected:
        assert isinstance(out[0], Article) and out[0].date == day and out[0].text == expected
    else:
        assert isinstance(out[0], Reject)


# --- JSON --------------------------------------------------------------------------------------


def test_jsonl_fields_and_aliases(tmp_path: Path) -> None:
    lines = [
        {
            "id": "a1",
            "text": BODY,
            "date": "2022-11-23",
            "title": "T",
            "url": "https://x.example.org/a",
            "source": "S",
        },
        {"body": BODY + " Two.", "published": "2022-11-24T23:30:00-05:00", "headline": "H", "outlet": "O"},
        {"content": BODY + " Three.", "publish_date": "2022-11-25", "domain": "d.example.net", "link": "u"},
    ]
    path = write(tmp_path, "f.jsonl", "\n".join(json.dumps(x) for x in lines) + "\n")
    a, b, c = items(path)
    assert (a.id, a.title, a.source, a.url, a.date, a.record) == (
        "a1", "T", "S", "https://x.example.org/a", date(2022, 11, 23), 1,
    )  # fmt: skip
    # the date part of a datetime is kept as written, not shifted to UTC
    assert (b.title, b.source, b.date, b.record) == ("H", "O", date(2022, 11, 24), 2)
    assert (c.source, c.url, c.date, c.text) == ("d.example.net", "u", date(2022, 11, 25), BODY + " Three.")


def test_jsonl_bad_lines_are_rejected_and_the_batch_goes_on(tmp_path: Path) -> None:
    content = "\n".join(
        [
            json.dumps({"text": BODY}),
            '{"text": "cut off',
            "",  # a blank line is not a record
            json.dumps(["not", "an", "object"]),
            json.dumps({"title": "no text"}),
            json.dumps({"text": 42}),
            json.dumps({"text": BODY + " Last.", "date": "2022-02-30"}),
            json.dumps({"text": BODY + " End."}),
        ]
    )
    got = items(write(tmp_path, "f.jsonl", content))
    kinds = [(type(x).__name__, x.record) for x in got]
    assert kinds == [("Article", 1)] + [("Reject", n) for n in (2, 4, 5, 6)] + [
        ("Article", 7),
        ("Article", 8),
    ]
    reasons = [x.reason for x in got if isinstance(x, Reject)]
    assert "broken JSON line" in reasons[0]
    assert "expected a JSON object" in reasons[1]
    assert "no text field" in reasons[2]
    assert "not a string" in reasons[3]
    impossible = got[5]  # an impossible date never loses the article: no date, a warning, date_raw
    assert impossible.date is None and impossible.date_raw == "2022-02-30"
    assert any("'2022-02-30'" in w and "impossible date" in w for w in impossible.warnings)


def test_json_array_object_and_jsonl_saved_as_json(tmp_path: Path) -> None:
    arr = write(tmp_path, "a.json", json.dumps([{"text": BODY}, {"text": ""}, {"text": BODY + " 2"}]))
    got = items(arr)
    assert [(type(x).__name__, x.record) for x in got] == [("Article", 1), ("Reject", 2), ("Article", 3)]
    obj = one(write(tmp_path, "b.json", json.dumps({"text": BODY, "date": "2022-11-23"})))
    assert isinstance(obj, Article) and obj.date == date(2022, 11, 23)
    lines = write(tmp_path, "c.json", json.dumps({"text": BODY}) + "\n{broken\n")
    assert [type(x).__name__ for x in items(lines)] == ["Article", "Reject"]


def test_invalid_json_document_is_one_reject(tmp_path: Path) -> None:
    r = one(write(tmp_path, "a.json", '[\n  {"text": "x",\n  oops\n]'))
    assert isinstance(r, Reject) and "invalid JSON" in r.reason and "line 3" in r.reason


# --- CSV ---------------------------------------------------------------------------------------


def test_csv_default_names_and_line_numbers(tmp_path: Path) -> None:
    content = 'id,text,date,title\n1,"First body,\nspanning two lines",2022-11-15,One\n2,Second body,,Two\n'
    a, b = items(write(tmp_path, "a.csv", content))
    assert (a.id, a.text, a.date, a.title, a.record) == (
        "1",
        "First body,\nspanning two lines",
        date(2022, 11, 15),
        "One",
        2,
    )
    assert (b.id, b.date, b.record) == ("2", None, 4)  # row 2 starts on file line 4


def test_csv_column_mapping(tmp_path: Path) -> None:
    content = "body,published,headline\nA text,2022-11-16,H\n"
    a = one(
        write(tmp_path, "a.csv", content),
        csv_columns={"text": "body", "date": "published", "title": "headline"},
    )
    assert isinstance(a, Article) and (a.text, a.date, a.title) == ("A text", date(2022, 11, 16), "H")


def test_csv_missing_mapped_column_and_bad_rows(tmp_path: Path) -> None:
    r = one(write(tmp_path, "a.csv", "story\nx\n"), csv_columns={"text": "body"})
    assert isinstance(r, Reject) and "'body'" in r.reason
    r = one(write(tmp_path, "b.csv", "story\nx\n"))
    assert isinstance(r, Reject) and "no text column" in r.reason
    got = items(
        write(tmp_path, "c.csv", "text,date\nok,2022-11-01\ntoo,many,fields\n   ,2022-11-02\nx,2022-13-01\n")
    )
    assert [(type(x).__name__, x.record) for x in got] == [
        ("Article", 2),
        ("Reject", 3),
        ("Reject", 4),
        ("Article", 5),
    ]
    assert "whitespace-only" in got[2].reason
    assert got[3].date is None and got[3].date_raw == "2022-13-01" and "impossible date" in got[3].warnings[0]


def test_csv_unknown_mapping_field_is_a_usage_error() -> None:
    with pytest.raises(ValueError, match="unknown fields"):
        read(["x.csv"], csv_columns={"txt": "body"})


def test_csv_long_field_and_tsv(tmp_path: Path) -> None:
    long = "word " * 40_000  # 200,000 characters: over the csv module's default field limit
    a = one(write(tmp_path, "a.csv", f'text\n"{long}"\n'))
    assert isinstance(a, Article) and len(a.text) == len(long.strip())
    b = one(write(tmp_path, "b.tsv", "text\tdate\nA, with comma\t2022-11-20\n"))
    assert isinstance(b, Article) and b.text == "A, with comma" and b.date == date(2022, 11, 20)


# --- HTML --------------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html><html><head><title>Kyiv loses power | Wire Desk</title>
<meta property="og:site_name" content="Wire Desk">{meta}
<link rel="canonical" href="https://wiredesk.example.org/world/kyiv-power"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/subscribe">Subscribe now</a></nav>
<article><h1>Kyiv loses power</h1>{time}
<p>KYIV, Nov 23 (Wire Desk) - Russian missiles struck energy facilities across Ukraine on Wednesday, cutting
power and water in the capital, the mayor said.</p>
<p>Engineers worked through the night to restore supplies to hospitals first, the grid operator said in a
statement, adding that repairs would take several days.</p></article>
<footer>Copyright 2022 Wire Desk. All rights reserved. Privacy policy.</footer></body></html>"""


def test_html_title_date_body_without_boilerplate(tmp_path: Path) -> None:
    meta = '<meta property="article:published_time" content="2022-11-23T18:00:00Z">'
    a = one(write(tmp_path, "p.html", PAGE.format(meta=meta, time="")))
    assert isinstance(a, Article)
    assert a.title == "Kyiv loses power"
    assert a.date == date(2022, 11, 23)
    assert a.source == "Wire Desk"
    assert a.url == "https://wiredesk.example.org/world/kyiv-power"
    assert a.text.startswith("KYIV, Nov 23 (Wire Desk)")
    assert "\n\nEngineers worked" in a.text  # paragraphs separated as in the other formats
    for boilerplate in ("Subscribe", "Copyright", "Privacy", "Home"):
        assert boilerplate not in a.text


def test_html_time_element_and_impossible_meta_date(tmp_path: Path) -> None:
    a = one(write(tmp_path, "p.htm", PAGE.format(meta="", time='<time datetime="2022-11-24">Nov 24</time>')))
    assert isinstance(a, Article) and a.date == date(2022, 11, 24)
    meta = '<meta property="article:published_time" content="2022-02-30T10:00:00Z">'
    a = one(write(tmp_path, "q.html", PAGE.format(meta=meta, time="")))
    assert isinstance(a, Article) and a.date is None and a.date_raw == "2022-02-30T10:00:00Z"
    assert a.date_source == "none" and any("impossible date" in w for w in a.warnings)


def test_html_non_iso_meta_date_falls_back_to_date_finder(tmp_path: Path) -> None:
    meta = '<meta name="date" content="November 24, 2022">'
    a = one(write(tmp_path, "p.html", PAGE.format(meta=meta, time="")))
    assert isinstance(a, Article) and a.date == date(2022, 11, 24)


def test_html_without_article_text_is_a_reject(tmp_path: Path) -> None:
    r = one(
        write(
            tmp_path,
            "p.html",
            "<html><head><title>x</title></head><body><script>var x = 1;</script></body></html>",
        )
    )
    assert isinstance(r, Reject) and "no article text" in r.reason


# --- dates, ids ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2022-11-15", date(2022, 11, 15)),
        ("2022-11-15T23:59:59.123+02:00", date(2022, 11, 15)),
        ("2022-11-15 08:00", date(2022, 11, 15)),
        ("2022-11-15T08:00:00Z", date(2022, 11, 15)),
        ("Tue, 15 Nov 2022 10:00:00 GMT", date(2022, 11, 15)),
        ("", None),
        (None, None),
    ],
)
def test_parse_date_accepts(value: str | None, expected: date | None) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize("value", ["2022-02-30", "2022-13-01", "2022-11-31T10:00:00Z", "yesterday", {"d": 1}])
def test_parse_date_gives_none_for_unusable_dates(value: object) -> None:
    assert parse_date(value) is None


def test_parse_date_reads_numbers_and_day_month_dates() -> None:
    assert parse_date("15/11/2022") == parse_date(20221115) == date(2022, 11, 15)


@pytest.mark.parametrize("bad", ["2022-02-30", "2022-13-01"])
def test_impossible_date_keeps_the_article_with_a_warning(tmp_path: Path, bad: str) -> None:
    path = write(
        tmp_path,
        "a.jsonl",
        json.dumps({"text": BODY}) + "\n" + json.dumps({"text": BODY + " 2", "date": bad}),
    )
    a = items(path)[1]
    assert isinstance(a, Article) and a.record == 2 and a.date is None and a.date_raw == bad
    assert a.date_source == "none" and any(bad in w and "impossible date" in w for w in a.warnings)
    seed = one(write(tmp_path, "s.txt", f" date {bad} {BODY}"))
    assert isinstance(seed, Article) and seed.date is None and seed.date_raw == bad


def test_ids_given_url_or_text(tmp_path: Path) -> None:
    assert article_id("abc", "https://x.example.org/a", BODY) == "abc"
    by_url = article_id(None, "https://www.X.example.org/a/?utm_source=tw&b=2&a=1#top", BODY)
    assert by_url == article_id(None, "http://x.example.org/a?a=1&b=2", "another text")
    assert re.fullmatch(r"[0-9a-f]{16}", by_url)
    assert article_id(None, None, BODY) == article_id(None, "", "  " + BODY.replace(" ", "\n  ") + "\n")
    assert article_id(None, None, BODY) != article_id(None, None, BODY + "!")
    assert normalise_url("https://a.example.org:443/x/") == "http://a.example.org/x"


def test_same_article_ingested_twice_gets_same_id(tmp_path: Path) -> None:
    first = one(write(tmp_path, "one/a.txt", f" date 2022-11-23 {BODY}\n"))
    second = one(write(tmp_path, "two/b.txt", f"date 2022-11-23\r\n{BODY}\r\n"))
    third = one(write(tmp_path, "c.jsonl", json.dumps({"text": BODY, "date": "2022-11-23"})))
    assert first.id == second.id == third.id
    assert first.origin != second.origin


# --- bad bytes and limits ------------------------------------------------------------------------


def test_empty_and_whitespace_files(tmp_path: Path) -> None:
    r = one(write(tmp_path, "e.txt", ""))
    assert isinstance(r, Reject) and r.reason == "empty text" and r.record == 1
    r = one(write(tmp_path, "w.txt", " \n\t \n"))
    assert isinstance(r, Reject) and r.reason == "whitespace-only text"


def test_binary_file_with_nul_bytes_is_rejected(tmp_path: Path) -> None:
    r = one(write(tmp_path, "b.txt", b"PK\x03\x04\x00\x00\x14\x00" + bytes(range(256))))
    assert isinstance(r, Reject) and "NUL" in r.reason and r.origin.endswith("b.txt")


def test_encodings(tmp_path: Path) -> None:
    text = "Przewodów, Kyiv – “quoted” café"
    for name, data in [
        ("utf8.txt", text.encode("utf-8")),
        ("bom.txt", b"\xef\xbb\xbf" + text.encode("utf-8")),
        ("utf16.txt", text.encode("utf-16")),
        ("cp1252.txt", "Kyiv – “quoted” café".encode("cp1252")),
    ]:
        a = one(write(tmp_path, name, data))
        assert isinstance(a, Article), name
        assert a.text == (text if name != "cp1252.txt" else "Kyiv – “quoted” café")


def test_undecodable_non_text_bytes_are_rejected() -> None:
    junk = bytes([0x81, 0x05, 0x90, 0x01, 0x02, 0xC3]) * 50  # no NUL, invalid UTF-8, control-heavy
    with pytest.raises(BadRecord, match="undecodable"):
        decode(junk)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_give_exactly_one_result(data: bytes) -> None:
    got = list(read(["-"], stdin=io.BytesIO(data), format="text"))
    assert len(got) == 1 and isinstance(got[0], Article | Reject)


def test_default_limits() -> None:
    assert MAX_FILE_BYTES == 50 * 1024 * 1024
    assert MAX_TEXT_CHARS == 1_000_000


def test_file_over_size_limit_is_rejected_without_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = write(tmp_path, "big.txt", "x" * 2000)
    small = write(tmp_path, "small.txt", BODY)

    def refuse(self: Path) -> bytes:
        if self.name == "big.txt":
            raise AssertionError("an oversized file must not be read")
        return Path.read_text(self, encoding="utf-8").encode()

    monkeypatch.setattr(Path, "read_bytes", refuse)
    r, a = items(big, small, max_bytes=1000)
    assert isinstance(r, Reject) and "2,000 bytes" in r.reason and "1,000-byte limit" in r.reason
    assert isinstance(a, Article)


def test_text_over_char_limit_is_rejected(tmp_path: Path) -> None:
    path = write(tmp_path, "a.jsonl", json.dumps({"text": "y" * 101}) + "\n" + json.dumps({"text": "ok"}))
    r, a = items(path, max_chars=100)
    assert (
        isinstance(r, Reject) and r.record == 1 and "101 characters" in r.reason and "max_length" in r.reason
    )
    assert isinstance(a, Article)


# --- stdin, folders, batches -------------------------------------------------------------------


def test_stdin_text_and_binary_streams() -> None:
    a = one("-", stdin=io.StringIO(f" date 2022-11-29 {BODY}"))
    assert isinstance(a, Article) and a.origin == "-" and a.date == date(2022, 11, 29)
    lines = io.BytesIO((json.dumps({"text": BODY}) + "\n" + json.dumps({"text": "B"}) + "\n").encode())
    assert [x.record for x in items("-", stdin=lines)] == [1, 2]
    assert one("-", stdin=io.BytesIO(PAGE.format(meta="", time="").encode())).title == "Kyiv loses power"
    plain = one("-", stdin=io.StringIO(BODY))
    assert isinstance(plain, Article) and plain.date is None
    csv_in = io.StringIO("body\nfrom stdin\n")
    c = one("-", stdin=csv_in, format="csv", csv_columns={"text": "body"})
    assert isinstance(c, Article) and c.text == "from stdin"


def test_stdin_over_limit() -> None:
    r = one("-", stdin=io.BytesIO(b"x" * 50), max_bytes=10)
    assert isinstance(r, Reject) and r.origin == "-"


def test_folder_recursion_sorted_and_skips(tmp_path: Path) -> None:
    write(tmp_path, "b/z.txt", BODY + " z")
    write(tmp_path, "a.txt", BODY + " a")
    write(tmp_path, "b/a/deep.jsonl", json.dumps({"text": BODY + " deep"}))
    write(tmp_path, "notes.md", "# not an article")
    write(tmp_path, "b/scan.pdf", b"%PDF-1.4")
    write(tmp_path, ".cache/x.txt", "hidden")
    reading = read([tmp_path])
    got = list(reading)
    assert [Path(x.origin).relative_to(tmp_path).as_posix() for x in got] == [
        "a.txt",
        "b/a/deep.jsonl",
        "b/z.txt",
    ]
    assert all(isinstance(x, Article) for x in got)
    assert sorted(Path(p).name for p in reading.skipped) == ["notes.md", "scan.pdf", "x.txt"]
    assert (reading.files, reading.articles, reading.rejects) == (3, 3, 0)


def test_explicit_unknown_extension_and_missing_path_are_rejects(tmp_path: Path) -> None:
    pdf = write(tmp_path, "scan.pdf", b"%PDF-1.4")
    r1, r2, a = items(pdf, tmp_path / "missing.txt", write(tmp_path, "ok.txt", BODY))
    assert isinstance(r1, Reject) and "unknown file extension '.pdf'" in r1.reason
    assert isinstance(r2, Reject) and "no such file" in r2.reason
    assert isinstance(a, Article)
    forced = one(pdf, format="text")  # an explicit format reads any extension
    assert isinstance(forced, Article) and forced.text == "%PDF-1.4"


def test_unknown_format_is_a_usage_error() -> None:
    with pytest.raises(ValueError, match="unknown format"):
        read(["-"], format="pdf")


def test_single_path_string_is_not_iterated_by_character(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", BODY)
    assert len(list(read(str(path)))) == 1  # type: ignore[arg-type]


# --- the bundled examples ------------------------------------------------------------------------


def test_examples_folder_reads_with_documented_rejects() -> None:
    reading = read([EXAMPLES])
    got = list(reading)
    articles = [x for x in got if isinstance(x, Article)]
    rejects = {(Path(x.origin).name, x.record): x.reason for x in got if isinstance(x, Reject)}
    assert set(rejects) == {
        ("empty.txt", 1),
        ("binary.txt", None),
        ("mixed.jsonl", 2),
        ("mixed.jsonl", 4),
    }
    kept = [a for a in articles if a.origin.endswith("mixed.jsonl") and a.record == 3]
    assert kept and kept[0].date is None and kept[0].date_raw == "2022-11-31"  # a date rejects no article
    good = [a for a in articles if "/bad/" not in a.origin.replace("\\", "/")]
    assert len(good) >= 33  # the seed + at least 32 own articles (+ near-duplicate copies)
    assert all(a.date is not None and a.date.year == 2022 and a.date.month == 11 for a in good)
    assert len({a.id for a in good}) == len(good)
    formats = {Path(a.origin).suffix for a in good}
    assert formats == {".txt", ".jsonl", ".html"}
    assert [Path(p).name for p in reading.skipped] == ["README.md"]


def test_examples_are_wire_length_and_copies_overlap() -> None:
    good = [a for a in read([EXAMPLES]) if isinstance(a, Article) and "bad" not in Path(a.origin).parts]
    for a in good:
        if "censor" not in a.origin:
            assert 120 <= len(a.text.split()) <= 400, (a.origin, a.record)
    # Every near-duplicate copy listed in examples/README.md shares most of its words with its original.
    readme = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Near-duplicate wire copies", 1)[1].split("##", 1)[0]
    pairs = re.findall(r"^\| `([^`]+)` \([^)]*\) \| `([^`]+)` \|", section, flags=re.M)
    assert len(pairs) >= 4

    def key(a: Article) -> str:
        rel = Path(a.origin).relative_to(EXAMPLES).as_posix()
        return f"{rel}:{a.record}" if rel.endswith(".jsonl") else rel

    by_key = {key(a): a for a in good}
    for copy, original in pairs:
        x, y = set(by_key[copy].text.split()), set(by_key[original].text.split())
        assert len(x & y) / len(x | y) > 0.75, (copy, original)
        assert by_key[copy].id != by_key[original].id


# --- inputs named by URL (fsspec) ------------------------------------------------------------
@pytest.fixture
def memory_news():
    """An in-memory fsspec filesystem holding a small corpus, emptied afterwards."""
    fsspec = pytest.importorskip("fsspec")
    fs = fsspec.filesystem("memory")
    lines = [json.dumps({"id": f"m{i}", "date": "2022-11-23", "text": f"{BODY} Item {i}."}) for i in range(5)]
    fs.pipe("/news/wire.jsonl", ("\n".join(lines) + "\n").encode())
    fs.pipe("/news/sub/seed.txt", b"date 2022-11-29\n" + BODY.encode())
    fs.pipe("/news/.hidden/skip.txt", BODY.encode())
    fs.pipe("/news/notes.bin", b"\x00\x01")
    yield fs
    fs.rm("/news", recursive=True)


def test_url_inputs_read_like_local_ones(memory_news) -> None:
    got = items("memory://news/*.jsonl")
    assert [a.id for a in got] == [f"m{i}" for i in range(5)]
    assert got[0].origin == "memory:///news/wire.jsonl" and got[0].record == 1
    folder = items("memory://news")  # known extensions only, hidden folders skipped
    assert {a.origin for a in folder} == {"memory:///news/wire.jsonl", "memory:///news/sub/seed.txt"}
    seed = [a for a in folder if a.origin.endswith("seed.txt")]
    assert seed[0].date == date(2022, 11, 29)


def test_url_inputs_that_name_nothing_are_rejects(memory_news) -> None:
    (missing,) = items("memory://news/*.csv")
    assert isinstance(missing, Reject) and "matches no file" in missing.reason
    (gone,) = items("memory://elsewhere/a.jsonl")
    assert isinstance(gone, Reject) and "no such file" in gone.reason
    (proto,) = items("nosuchprotocol://bucket/a.jsonl")
    assert isinstance(proto, Reject) and "cannot open" in proto.reason and proto.origin.startswith("nosuch")


def test_url_parquet_and_engine_partitions(memory_news, tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from eventwire.engine.tasks import plan

    buf = io.BytesIO()
    pq.write_table(pa.table({"id": ["p1", "p2", "p3"], "text": [BODY] * 3, "date": ["2022-11-23"] * 3}), buf)
    memory_news.pipe("/news/table.parquet", buf.getvalue())
    assert [a.id for a in items("memory://news/table.parquet")] == ["p1", "p2", "p3"]
    parts = plan(["memory://news/wire.jsonl", "memory://news/table.parquet"], records_per_partition=2)
    ranges = [(p.path, p.first, p.last) for p in parts]
    assert ranges == [
        ("memory:///news/wire.jsonl", 1, 3), ("memory:///news/wire.jsonl", 3, 5), ("memory:///news/wire.jsonl", 5, 7),
        ("memory:///news/table.parquet", 1, 3), ("memory:///news/table.parquet", 3, 5),
    ]  # fmt: skip
    assert len({p.id for p in parts}) == 5 and parts[0].id == plan(["memory://news/wire.jsonl"], 2)[0].id
    from eventwire.context import Config
    from eventwire.engine.tasks import process_partition

    done = process_partition(parts[1], str(tmp_path / "lake"), Config(components=["tone"]))
    assert done["path"] == "memory:///news/wire.jsonl" and done["articles"] == 2  # records 3 and 4
    memory_news.pipe("/news/wire.jsonl", b'{"id": "changed", "text": "Changed."}\n')
    assert plan(["memory://news/wire.jsonl"], 2)[0].id != parts[0].id  # new content, new partition
