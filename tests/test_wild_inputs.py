"""Input as it comes from the wild (issue #19): news-please JSON, MediaCloud CSV, WARC archives,
custom column names, dates in any form, and no article lost for its date. Every fixture is made
here (the WARC files with warcio); hypothesis feeds random records through every reader."""

from __future__ import annotations

import csv
import gzip
import io
import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire import api
from eventwire.cli import main
from eventwire.context import Config
from eventwire.model import Article, Reject
from eventwire.readers import format_of, read
from eventwire.store.duckdb_store import SCHEMA_VERSION, Store

BODY = (
    "NAIROBI, Dec 9 (Reuters) - Kenya's election board said on Friday it would recount votes in "
    "three counties after opposition parties alleged fraud, and police said two people were hurt."
)
BODY2 = (
    "Ministers from twelve countries met in Geneva to discuss a ceasefire, officials said, and "
    "agreed to meet again next week after talks that lasted late into the night."
)
TODAY = date(2026, 12, 6)
LIGHT = ["entities", "tone"]


def items(*paths: Path | str, **kw: object) -> list[Article | Reject]:
    return list(read([str(p) for p in paths], today=TODAY, **kw))  # type: ignore[arg-type]


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


# --- news-please --------------------------------------------------------------------------------

NEWS_PLEASE = {
    "authors": ["Staff"],
    "date_download": "2016-12-09 12:31:07",
    "date_modify": None,
    "date_publish": "2016-12-09 10:00:00",
    "description": "Kenya's election board will recount votes in three counties.",
    "filename": "https%3A%2F%2Fwire.example.org%2Fkenya-recount.json",
    "image_url": None,
    "language": "en",
    "localpath": None,
    "maintext": BODY,
    "source_domain": "wire.example.org",
    "text": None,
    "title": "Kenya to recount votes in three counties",
    "title_page": None,
    "title_rss": None,
    "url": "https://wire.example.org/kenya-recount",
}


def test_news_please_json_and_jsonl(tmp_path: Path) -> None:
    one = items(write(tmp_path / "np.json", json.dumps(NEWS_PLEASE, indent=2)))
    de = dict(NEWS_PLEASE, maintext="Die Wahlkommission in Kenia kündigte am Freitag an, die Stimmen in drei "
              "Bezirken neu auszuzählen, nachdem die Opposition Betrug vorgeworfen hatte.",
              language="de", url="https://wire.example.org/de/kenia", date_publish="9. Dezember 2016")  # fmt: skip
    lines = items(write(tmp_path / "np.jsonl", json.dumps(NEWS_PLEASE) + "\n" + json.dumps(de) + "\n"))
    for a in (one[0], lines[0]):
        assert isinstance(a, Article)
        assert (a.text, a.title, a.url, a.source, a.lang) == (
            BODY, NEWS_PLEASE["title"], NEWS_PLEASE["url"], "wire.example.org", "en",
        )  # fmt: skip
        assert (a.date, a.date_raw, a.date_source) == (date(2016, 12, 9), "2016-12-09 10:00:00", "record")
        assert a.warnings == []
    german = lines[1]
    assert isinstance(german, Article) and german.lang == "de" and german.date == date(2016, 12, 9)


# --- MediaCloud ---------------------------------------------------------------------------------


def test_mediacloud_story_csv(tmp_path: Path) -> None:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(
        [
            "stories_id",
            "publish_date",
            "title",
            "url",
            "language",
            "media_id",
            "media_name",
            "media_url",
            "text",
        ]
    )
    w.writerow(["2116547531", "2016-12-09 10:00:00.123456", "Kenya recount", "https://wire.example.org/k",
                "en", "1", "Wire Desk", "https://wire.example.org", BODY])  # fmt: skip
    w.writerow(["2116547532", "2016-12-10 08:00:00", "Geneva talks", "https://news.example.net/g",
                "en", "2", "News Net", "https://news.example.net", BODY2])  # fmt: skip
    a, b = items(write(tmp_path / "mc.csv", buf.getvalue()))
    assert isinstance(a, Article) and isinstance(b, Article)
    assert (a.id, a.text, a.title, a.url, a.source, a.date) == (
        "2116547531", BODY, "Kenya recount", "https://wire.example.org/k", "Wire Desk", date(2016, 12, 9),
    )  # fmt: skip
    assert (b.source, b.date, b.date_source) == ("News Net", date(2016, 12, 10), "record")


# --- custom columns --------------------------------------------------------------------------------


def test_csv_with_custom_column_names(tmp_path: Path) -> None:
    path = write(tmp_path / "c.csv", f'story_body,when,head\n"{BODY}",12/09/2016,Recount\n')
    (a,) = items(path, fields={"text": "story_body", "date": "when", "title": "head"}, date_order="MDY")
    assert isinstance(a, Article) and (a.text, a.title, a.date) == (BODY, "Recount", date(2016, 12, 9))
    (b,) = items(path, fields={"text": "story_body", "date": "when"})  # no order: day-first, warned
    assert isinstance(b, Article) and b.date == date(2016, 9, 12)
    assert any(w.startswith("ambiguous date '12/09/2016'") for w in b.warnings)
    (c,) = items(path, csv_columns={"text": "STORY_BODY"})  # the older name; headers ignore case
    assert isinstance(c, Article) and c.text == BODY
    (r,) = items(path, fields={"text": "body"})
    assert isinstance(r, Reject) and "'body'" in r.reason
    with pytest.raises(ValueError, match="unknown fields"):
        read([path], fields={"txt": "body"})
    with pytest.raises(ValueError, match="date order"):
        read([path], date_order="DM")


def test_json_with_custom_keys(tmp_path: Path) -> None:
    path = write(tmp_path / "k.jsonl", json.dumps({"article": BODY, "stamp": 1481277600}) + "\n")
    (a,) = items(path, fields={"text": "article", "date": "stamp"})
    assert isinstance(a, Article) and a.date == date(2016, 12, 9) and a.date_raw == "1481277600"


def test_cli_field_and_date_order_options(tmp_path: Path) -> None:
    path = write(tmp_path / "c.csv", f'story_body,when\n"{BODY}",12/09/2016\n')
    db = str(tmp_path / "s.duckdb")
    args = ["run", str(path), "--db", db, "-q", "--components", ",".join(LIGHT)]
    res = CliRunner().invoke(
        main, [*args, "--field", "text=story_body", "--field", "date=when", "--date-order", "mdy"]
    )
    assert res.exit_code == 0, res.output
    assert Store(db).sql("SELECT date, date_raw, date_source FROM articles")[1] == [
        (date(2016, 12, 9), "12/09/2016", "record")
    ]
    bad = CliRunner().invoke(main, [*args, "--field", "txt=story_body"])
    assert bad.exit_code == 2 and "unknown fields" in bad.output


# --- dates never reject; where a date comes from -----------------------------------------------------


def test_no_article_is_rejected_for_its_date(tmp_path: Path) -> None:
    records = [
        {"text": BODY, "date": "December 9, 2016"},
        {"text": BODY, "date": "9 Dec 2016", "url": "u2"},
        {"text": BODY, "date": "23/11/2022", "url": "u3"},
        {"text": BODY, "date": "Wed Nov 22 2023", "url": "u4"},
        {"text": BODY, "date": "2022-11-31", "url": "u5"},  # impossible
        {"text": BODY, "date": "2031-01-01", "url": "u6"},  # future
        {"text": BODY, "date": "yesterday", "url": "u7"},  # relative, nothing to resolve it against
        {"text": BODY, "date": {"$date": 1}, "url": "u8"},  # an odd type
        {"text": BODY, "date": "garbage", "url": "https://x.example.org/2016/12/08/kenya"},
    ]
    path = write(tmp_path / "d.jsonl", "\n".join(json.dumps(r) for r in records))
    got = items(path)
    assert all(isinstance(a, Article) for a in got)
    assert [a.date for a in got] == [
        date(2016, 12, 9), date(2016, 12, 9), date(2022, 11, 23), date(2023, 11, 22), None, None, None, None,
        date(2016, 12, 8),
    ]  # fmt: skip
    assert [a.date_source for a in got] == ["record"] * 4 + ["none"] * 4 + ["url"]
    for a in got[4:8]:
        assert a.date_raw and any(w.startswith("unusable date") for w in a.warnings)
        assert any("no year" in w for w in a.warnings)  # the dateline "Dec 9" has no year to go with
    assert "future" in got[5].warnings[0] and "relative" in got[6].warnings[0]
    assert got[8].date_raw == "garbage" and "dated 2016-12-08 from the url" in got[8].warnings[0]


def test_date_from_dateline_and_crawl_date(tmp_path: Path) -> None:
    dated = "LONDON, 9 December 2016 (Reuters) - Britain said on Friday it would send aid to the region."
    lines = [
        {"text": dated},
        {"text": BODY, "date_download": "2016-12-10T08:00:00Z"},  # yearless dateline + crawl date
        {"text": BODY2},  # no date anywhere: none, and no warning
    ]
    a, b, c = items(write(tmp_path / "l.jsonl", "\n".join(json.dumps(x) for x in lines)))
    assert (a.date, a.date_source, a.date_raw) == (date(2016, 12, 9), "dateline", "9 December 2016")
    assert (b.date, b.date_source) == (date(2016, 12, 9), "dateline")
    assert (c.date, c.date_source, c.date_raw, c.warnings) == (None, "none", None, [])


# --- WARC -------------------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html><html lang="{lang}"><head><meta charset="{charset}"><title>{title}</title>{meta}</head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav><article><h1>{title}</h1>
<p>{body}</p><p>Officials said further talks were planned for next week, and that observers from
several countries would be invited to watch the process closely.</p></article>
<footer>Copyright Wire Desk. All rights reserved.</footer></body></html>"""


def _page(title: str, body: str, meta: str = "", charset: str = "utf-8", lang: str = "en") -> bytes:
    return PAGE.format(title=title, body=body, meta=meta, charset=charset, lang=lang).encode(charset)


def make_warc(path: Path, gzip_records: bool) -> None:
    """A small crawl: warcinfo, request/response pairs, an image, a 404, a truncated record."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as f:
        w = WARCWriter(f, gzip=gzip_records)
        w.write_record(w.create_warcinfo_record(path.name, {"software": "eventwire tests"}))

        def response(
            url: str, payload: bytes, ctype: str, status: str = "200 OK", extra: dict | None = None
        ) -> None:
            req = StatusAndHeaders(
                f"GET {url} HTTP/1.1", [("Host", "wire.example.org")], is_http_request=True
            )
            w.write_record(w.create_warc_record(url, "request", payload=io.BytesIO(b""), http_headers=req))
            http = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            headers = {"WARC-Date": "2016-12-10T08:00:00Z", **(extra or {})}
            w.write_record(w.create_warc_record(url, "response", payload=io.BytesIO(payload), http_headers=http,
                                                warc_headers_dict=headers))  # fmt: skip

        meta = '<meta property="article:published_time" content="2016-12-09T10:00:00Z">'
        response(
            "https://wire.example.org/world/kenya",
            _page("Kenya recount", BODY2, meta),
            "text/html; charset=utf-8",
        )
        response("https://wire.example.org/img/1.png", b"\x89PNG\r\n\x1a\n" + bytes(200), "image/png")
        response("https://wire.example.org/world/2016/12/08/talks", _page("Geneva talks", BODY2), "text/html")
        response(
            "https://wire.example.org/gone", _page("Not found", "Nothing here."), "text/html", "404 Not Found"
        )
        response("https://wire.example.org/world/nairobi", _page("Nairobi", BODY), "text/html")  # dateline
        response(
            "https://wire.example.org/cut",
            _page("Cut", BODY2),
            "text/html",
            extra={"WARC-Truncated": "length"},
        )
        response("https://wire.example.org/fr", _page("Genève", "Les ministres se sont réunis à Genève pour "
                 "discuter d'un cessez-le-feu, selon des responsables, et ont convenu de se revoir la semaine "
                 "prochaine.", charset="iso-8859-1", lang="fr"), "text/html; charset=iso-8859-1")  # fmt: skip


@pytest.mark.parametrize("gz", [False, True])
def test_warc_html_responses_become_articles(tmp_path: Path, gz: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    make_warc(path, gz)
    reading = read([path], today=TODAY)
    got = list(reading)
    articles = [a for a in got if isinstance(a, Article)]
    rejects = [r for r in got if isinstance(r, Reject)]
    assert [a.url for a in articles] == [
        "https://wire.example.org/world/kenya", "https://wire.example.org/world/2016/12/08/talks",
        "https://wire.example.org/world/nairobi", "https://wire.example.org/fr",
    ]  # fmt: skip
    kenya, talks, nairobi, fr = articles
    assert (kenya.title, kenya.date, kenya.date_source) == ("Kenya recount", date(2016, 12, 9), "html")
    assert kenya.text.startswith("Ministers from twelve countries") and kenya.origin == str(path)
    assert (talks.date, talks.date_source) == (date(2016, 12, 8), "url")
    assert (nairobi.date, nairobi.date_source) == (date(2016, 12, 9), "dateline")  # resolved by WARC-Date
    assert fr.title == "Genève" and "Genève" in fr.text  # decoded with the HTTP header's charset
    assert len(rejects) == 1 and "WARC-Truncated" in rejects[0].reason and rejects[0].record == 13
    assert reading.skipped_records == {
        "WARC warcinfo records": 1, "WARC request records": 7, "image/png responses": 1, "HTTP 404 responses": 1,
    }  # fmt: skip
    assert format_of(path.name) == "warc" and [a.record for a in articles] == [3, 7, 11, 15]


def test_warc_cut_short_and_not_a_warc(tmp_path: Path) -> None:
    full = tmp_path / "full.warc"
    make_warc(full, False)
    data = full.read_bytes()
    cut = write(tmp_path / "cut.warc", data[: data.index(b"Les ministres")])  # inside the last record
    got = items(cut)
    assert [type(x).__name__ for x in got] == ["Article", "Article", "Article", "Reject", "Reject"]
    assert "cut short" in got[-1].reason and got[-1].record == 15
    r = items(write(tmp_path / "junk.warc", "this is not an archive\n" * 5))
    assert len(r) == 1 and isinstance(r[0], Reject) and "not a WARC" in r[0].reason
    gz = write(tmp_path / "cut.warc.gz", gzip.compress(data)[:-40])
    assert any(isinstance(x, Reject) for x in items(gz))


def test_warc_in_folders_and_by_format(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    make_warc(tmp_path / "in" / "a.warc.gz", True)
    write(tmp_path / "in" / "notes.gz", b"\x1f\x8b")
    reading = read([tmp_path / "in"], today=TODAY)
    assert sum(isinstance(x, Article) for x in reading) == 4
    assert [Path(p).name for p in reading.skipped] == ["notes.gz"]
    stdin = io.BytesIO((tmp_path / "in" / "a.warc.gz").read_bytes())
    assert sum(isinstance(x, Article) for x in read(["-"], format="warc", stdin=stdin, today=TODAY)) == 4


# --- runs that store nothing ---------------------------------------------------------------------------


def test_run_that_stores_nothing_exits_1_with_the_summary(tmp_path: Path) -> None:
    bad = write(tmp_path / "bad.jsonl", '{"title": "no text"}\n{"text": "   "}\n')
    db = str(tmp_path / "new.duckdb")
    args = ["run", str(bad), "--db", db, "-q", "--components", ",".join(LIGHT)]
    for _ in range(2):  # a new store, then an existing one
        res = CliRunner().invoke(main, args)
        assert res.exit_code == 1, res.output
        assert res.exception is None or isinstance(res.exception, SystemExit)
        assert "stored 0" in res.output and "rejected 2" in res.output and "Traceback" not in res.output
    assert Store(db).sql("SELECT value FROM meta WHERE key = 'schema_version'")[1] == [(SCHEMA_VERSION,)]


def test_an_older_store_gains_the_date_columns(tmp_path: Path) -> None:
    import duckdb

    db = tmp_path / "old.duckdb"
    Store(db)
    con = duckdb.connect(str(db))
    con.execute("ALTER TABLE articles DROP COLUMN date_raw")
    con.execute("ALTER TABLE articles DROP COLUMN date_source")
    con.close()
    src = write(tmp_path / "a.jsonl", json.dumps({"text": BODY2, "date": "9 Dec 2016"}) + "\n")
    s = api.run([src], db=db, config=Config(components=LIGHT))
    assert s.stored == 1
    assert Store(db).sql("SELECT date, date_raw, date_source FROM articles")[1] == [
        (date(2016, 12, 9), "9 Dec 2016", "record")
    ]


# --- hypothesis: random records through every reader -------------------------------------------------

SAFE = st.characters(blacklist_categories=("Cs", "Cc"))  # what a text file's cell can hold
ODD = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=30),
    st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)  # fmt: skip
DATES = st.one_of(
    st.none(), st.text(max_size=40), st.binary(max_size=24).map(lambda b: b.decode("latin-1")),
    st.integers(min_value=-(2**40), max_value=2**45), st.floats(), st.sampled_from(
        ["2016-12-09", "12/09/2016", "Fri, 09 Dec 2016 10:00:00 GMT", "2022-11-31", "2099-01-01", "yesterday", "0"]
    ),
)  # fmt: skip
TEXTS = st.one_of(
    st.none(), st.text(max_size=300), st.just("   "), st.integers(),
    st.builds(lambda n: "word " * n, st.integers(min_value=500, max_value=3000)),  # over the caps set below
    st.just(BODY), st.just(BODY2),
)  # fmt: skip
RECORD = st.fixed_dictionaries(
    {},
    optional={
        "text": TEXTS, "maintext": TEXTS, "date": DATES, "date_publish": DATES, "publish_date": DATES,
        "title": st.one_of(ODD, st.builds(lambda n: "T" * n, st.integers(0, 50_000))), "url": ODD,
        "source_domain": ODD, "language": ODD, "id": st.one_of(st.none(), st.sampled_from(["a", "b", "c"])),
        "date_download": DATES,
    },
)  # fmt: skip
LIMITS = {"max_chars": 10_000, "cap_chars": 4_000}


def _cell(v: object) -> str:
    return "" if v is None else "".join(ch for ch in str(v) if ch.isprintable() or ch in "\n\t")


def _check(got: list[Article | Reject], n: int) -> None:
    assert len(got) == n, got
    for x in got:
        assert isinstance(x, Article | Reject)
        if isinstance(x, Reject):
            assert x.reason.strip()
        else:
            assert x.text.strip() and x.date_source in ("record", "url", "dateline", "html", "none")
            assert x.date is None or x.date <= date(2026, 12, 7)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.large_base_example],
)
@given(st.lists(RECORD, min_size=1, max_size=6))
def test_random_records_through_json_jsonl_csv_tsv_parquet(
    tmp_path_factory: pytest.TempPathFactory, records: list[dict]
) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    d = tmp_path_factory.mktemp("rand")
    _check(items(write(d / "r.jsonl", "\n".join(json.dumps(r) for r in records)), **LIMITS), len(records))
    _check(items(write(d / "r.json", json.dumps(records)), **LIMITS), len(records))
    keys = sorted({k for r in records for k in r} | {"text"})
    for name, delim in (("r.csv", ","), ("r.tsv", "\t")):
        buf = io.StringIO()
        w = csv.writer(buf, delimiter=delim)
        w.writerow(keys)
        w.writerows([[_cell(r.get(k)) for k in keys] for r in records])
        _check(items(write(d / name, buf.getvalue()), **LIMITS), len(records))
    table = pa.table({k: [None if r.get(k) is None else _cell(r[k]) for r in records] for k in keys})
    pq.write_table(table, d / "r.parquet")
    _check(items(d / "r.parquet", **LIMITS), len(records))


HTML_BITS = st.one_of(
    st.text(SAFE, max_size=200), st.just("<p>" + BODY + "</p>"), st.just("<time datetime='2022-13-45'>x</time>"),
    st.sampled_from([f'<meta property="article:published_time" content="{v}">'
                     for v in ("2016-12-09", "2099-01-01", "garbage", "2022-02-30T10:00:00Z")]),
)  # fmt: skip


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.lists(HTML_BITS, max_size=4),
            st.sampled_from(
                [
                    "text/html",
                    "text/html; charset=latin-1",
                    "text/html; charset=bogus",
                    "application/pdf",
                    None,
                ]
            ),
            st.sampled_from(["200 OK", "301 Moved", "500 Error"]),
            st.booleans(),
            DATES.map(str),
        ),
        min_size=1,
        max_size=5,
    )
)
def test_random_pages_through_html_and_warc(tmp_path_factory: pytest.TempPathFactory, pages: list) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    d = tmp_path_factory.mktemp("pages")
    path = d / "r.warc.gz"
    with path.open("wb") as f:
        w = WARCWriter(f, gzip=True)
        for i, (bits, ctype, status, truncated, when) in enumerate(pages):
            html = "<html><body>" + "".join(bits) + "</body></html>"
            _check(items(write(d / f"p{i}.html", html)), 1)
            http = StatusAndHeaders(status, [("Content-Type", ctype)] if ctype else [], protocol="HTTP/1.1")
            extra = {"WARC-Date": _cell(when)[:30] or "x"}
            if truncated:
                extra["WARC-Truncated"] = "time"
            w.write_record(w.create_warc_record(f"https://x.example.org/{i}", "response",
                                                payload=io.BytesIO(html.encode("utf-8", "replace")),
                                                http_headers=http, warc_headers_dict=extra))  # fmt: skip
    reading = read([path], today=TODAY)
    got = list(reading)
    _check(got, len(got))
    assert len(got) + sum(reading.skipped_records.values()) == len(pages)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(RECORD, min_size=1, max_size=8), st.lists(RECORD, max_size=4))
def test_random_runs_count_every_record(
    tmp_path_factory: pytest.TempPathFactory, first: list[dict], more: list[dict]
) -> None:
    d = tmp_path_factory.mktemp("runs")
    write(d / "in" / "a.jsonl", "\n".join(json.dumps(r) for r in first))
    write(d / "in" / "b.json", json.dumps(first[: len(first) // 2] + more))  # repeats: duplicates
    s = api.run([d / "in"], db=d / "s.duckdb", config=Config(components=["tone"]), stories=False)
    assert s.read == s.stored + s.duplicates + s.rejected + s.skipped
    assert s.read == len(first) + len(first) // 2 + len(more)
    n = Store(d / "s.duckdb").sql("SELECT count(*) FROM articles")[1][0][0]
    assert n == s.stored
