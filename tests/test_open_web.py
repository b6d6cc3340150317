"""The open web as it is (issue #23): every real page read, every language told apart, logs a
script can read, memory bounded. Pages are written by the tests themselves, from our own text
(tests/langtexts.py), in the charsets and shapes pages really come in."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from eventwire import api
from eventwire.context import Config, Context
from eventwire.languages import OVERRIDE_CHARS, identify, normalise, parse_codes
from eventwire.model import AnnotatedDoc, Article, Reject
from eventwire.notices import Notice, one_line
from eventwire.pipeline import Pipeline, batches, pieces
from eventwire.readers import CAP_TEXT_CHARS, read
from eventwire.readers.charset import decode_bytes
from eventwire.store.duckdb_store import Store
from eventwire.web.app import create_app
from langtexts import ENGLISH_TITLE, ENGLISH_WITH_GERMAN_QUOTE, GERMAN_BODY, TEXTS
from samples import sample_doc

ROOT = Path(__file__).resolve().parents[1]
LIGHT = ["entities", "places", "tone"]  # enough for what these tests store, and quick


def page(paragraphs: list[str], *, head: str = "", lang: str | None = None, title: str = "Report") -> str:
    """A news page: navigation, the article's paragraphs, a footer."""
    lang_attr = f' lang="{lang}"' if lang else ""
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<!DOCTYPE html>\n<html{lang_attr}><head>{head}<title>{title}</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<article><h1>{title}</h1>\n{body}\n</article><footer>(c) 2022 Example</footer></body></html>"
    )


def one(path: Path, **kw: object) -> Article | Reject:
    got = list(read([path], **kw))  # type: ignore[arg-type]
    assert len(got) == 1, got
    return got[0]


def article(path: Path, **kw: object) -> Article:
    a = one(path, **kw)
    assert isinstance(a, Article), a
    return a


def has_all(text: str, paragraphs: list[str]) -> bool:
    return all(p in text for p in paragraphs)


# --- every real page read ------------------------------------------------------------------------


@pytest.mark.parametrize("codec", ["utf-8", "windows-1250", "iso-8859-2"])
def test_page_with_an_xml_declaration(tmp_path: Path, codec: str) -> None:
    """lxml refuses a str that still declares its encoding; the reader decodes by the
    declaration and hands lxml the text without it."""
    xhtml = page(TEXTS["cs"], lang="cs").replace("<!DOCTYPE html>\n", "")
    xhtml = xhtml.replace("<html", '<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="cs"', 1)
    path = tmp_path / "x.html"
    path.write_bytes(f'<?xml version="1.0" encoding="{codec}"?>\n{xhtml}'.encode(codec))
    a = article(path)
    assert has_all(a.text, TEXTS["cs"]) and a.lang == "cs" and a.warnings == []


def test_page_with_an_xml_declaration_on_stdin() -> None:
    xhtml = f'<?xml version="1.0" encoding="iso-8859-2"?>\n{page(TEXTS["pl"], lang="pl")}'
    (a,) = list(read(["-"], stdin=io.BytesIO(xhtml.encode("iso-8859-2"))))
    assert isinstance(a, Article) and has_all(a.text, TEXTS["pl"]) and a.lang == "pl"


@pytest.mark.parametrize(
    ("codec", "lang", "declare"),
    [
        ("windows-1250", "cs", '<meta charset="windows-1250">'),
        ("windows-1250", "pl", '<meta http-equiv="Content-Type" content="text/html; charset=windows-1250">'),
        ("iso-8859-2", "pl", '<meta charset="ISO-8859-2">'),
        ("windows-1251", "ru", '<meta http-equiv="content-type" content="text/html; charset=windows-1251">'),
        ("windows-1251", "uk", "<meta charset=windows-1251>"),
        ("shift_jis", "ja", '<meta charset="Shift_JIS">'),
    ],
)
def test_page_declaring_its_charset_in_meta(tmp_path: Path, codec: str, lang: str, declare: str) -> None:
    path = tmp_path / "p.html"
    path.write_bytes(page(TEXTS[lang], head=declare).encode(codec))  # no lang attribute: detected
    a = article(path)
    assert has_all(a.text, TEXTS[lang]), a.text
    assert a.lang == lang and a.warnings == []


def test_declared_utf8_with_a_few_invalid_bytes_is_kept_with_a_warning(tmp_path: Path) -> None:
    data = page(TEXTS["de"], head='<meta charset="utf-8">').encode("utf-8")
    data = data.replace(b"Stadtrat", b"Stadt\xffrat", 1)  # one broken byte in the article
    path = tmp_path / "p.html"
    path.write_bytes(data)
    a = article(path)
    assert "Stadt\ufffdrat" in a.text and "Brücken" in a.text  # the rest decoded as declared
    assert len(a.warnings) == 1 and "invalid" in a.warnings[0] and "U+FFFD" in a.warnings[0]


def test_page_declaring_a_legacy_charset_that_is_really_utf8(tmp_path: Path) -> None:
    path = tmp_path / "p.html"
    path.write_bytes(page(TEXTS["pl"], head='<meta charset="iso-8859-1">').encode("utf-8"))
    a = article(path)
    assert has_all(a.text, TEXTS["pl"]) and a.lang == "pl"
    assert a.warnings and "the bytes are UTF-8" in a.warnings[0]


@pytest.mark.parametrize(
    ("bom", "codec"), [(b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")]
)
def test_byte_order_mark_decides(tmp_path: Path, bom: bytes, codec: str) -> None:
    html = page(TEXTS["fr"], head='<meta charset="windows-1252">')  # the BOM outranks the meta
    (tmp_path / "p.html").write_bytes(bom + html.encode(codec))
    (tmp_path / "p.txt").write_bytes(bom + "\n".join(TEXTS["fr"]).encode(codec))
    for name in ("p.html", "p.txt"):
        a = article(tmp_path / name)
        assert has_all(a.text, TEXTS["fr"]) and a.lang == "fr" and a.warnings == [], name


def test_stray_nul_bytes_are_removed_with_a_warning(tmp_path: Path) -> None:
    html = page(TEXTS["en"], head='<meta charset="utf-8">').encode()
    html = html.replace(b"<article>", b"<article>\x00", 1).replace(b"</article>", b"\x00\x00</article>", 1)
    (tmp_path / "p.html").write_bytes(html)
    (tmp_path / "p.txt").write_bytes("\n\n".join(TEXTS["en"]).encode().replace(b"\n\n", b"\n\x00\n", 1))
    for name, n in (("p.html", 3), ("p.txt", 1)):
        a = article(tmp_path / name)
        assert has_all(a.text, TEXTS["en"]) and "\x00" not in a.text
        assert a.warnings == [f"removed {n} stray NUL byte{'s' if n > 1 else ''}"], a.warnings


def test_binary_files_are_still_rejected(tmp_path: Path) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    for name in ("b.html", "b.txt"):
        (tmp_path / name).write_bytes(png)
        r = one(tmp_path / name)
        assert isinstance(r, Reject) and r.reason == "binary file (contains NUL bytes), not text"


def test_undeclared_legacy_text_is_detected(tmp_path: Path) -> None:
    (tmp_path / "ru.txt").write_bytes("\n".join(TEXTS["ru"]).encode("windows-1251"))
    (tmp_path / "cz.html").write_bytes(page(TEXTS["cs"] * 2).encode("windows-1250"))  # no declaration
    for name, lang in (("ru.txt", "ru"), ("cz.html", "cs")):
        a = article(tmp_path / name)
        assert has_all(a.text, TEXTS[lang]) and a.lang == lang, (name, a.text[:80])


@pytest.mark.parametrize(
    ("html", "reason"),
    [
        ("", "empty text"),
        ("  \n\t ", "whitespace-only text"),
        ("<!-- nothing -->", "no article text found in the HTML page"),
        (
            "<html><head><title>x</title><script>var x = 'not text';</script></head>"
            "<body><script>document.write('hello')</script><style>p {}</style></body></html>",
            "it has no visible text",
        ),
        (
            "<html><body><nav><a href='/a'>Home</a> <a href='/b'>World</a> <a href='/c'>Sport</a></nav>"
            "<footer><a href='/p'>Privacy</a></footer></body></html>",
            "navigation, links or boilerplate",
        ),
    ],
)
def test_page_without_article_text_is_rejected_with_the_reason(
    tmp_path: Path, html: str, reason: str
) -> None:
    path = tmp_path / "p.html"
    path.write_text(html, encoding="utf-8")
    r = one(path)
    assert isinstance(r, Reject) and reason in r.reason and r.record == 1


def test_short_real_pages_are_kept(tmp_path: Path) -> None:
    """Rejected only when there truly is no article: one short paragraph is an article."""
    path = tmp_path / "p.html"
    path.write_text(f"<html><body><div>{TEXTS['en'][0]}</div></body></html>", encoding="utf-8")
    assert article(path).text == TEXTS["en"][0]


def test_decoding_never_raises_anything_but_a_reason() -> None:
    samples = [
        b"",
        b"\x00",
        b"\xff\xfe",
        b"<meta charset=bogus-9>" + "ż".encode(),
        b"\x1b[0m" * 50,
        bytes(range(256)),
    ]
    for data in samples:
        for markup in (False, True):
            try:
                decode_bytes(data, markup)
            except ValueError:  # BadRecord
                pass


def test_unknown_declared_charset_falls_back_to_detection(tmp_path: Path) -> None:
    path = tmp_path / "p.html"
    path.write_bytes(page(TEXTS["de"], head='<meta charset="x-nonsense-8">').encode("utf-8"))
    a = article(path)
    assert has_all(a.text, TEXTS["de"]) and any("unknown charset" in w for w in a.warnings)


# --- long texts: cut, not rejected ---------------------------------------------------------------


def test_long_texts_are_cut_at_the_cap_with_a_warning(tmp_path: Path) -> None:
    assert CAP_TEXT_CHARS == 200_000
    text = "\n\n".join(TEXTS["en"] * 40)
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"text": text, "id": "long"}) + "\n", encoding="utf-8")
    a = article(path, cap_chars=1000)
    assert len(a.text) <= 1000 and text.startswith(a.text) and a.text.endswith(".")
    assert a.warnings == [
        f"text cut to {len(a.text):,} of its {len(text):,} characters (the per-document cap)"
    ]


def test_batches_are_bounded_by_characters_too() -> None:
    arts = [Article(id=str(i), text="x" * n) for i, n in enumerate([10, 10, 500, 10, 10, 10])]
    sizes = [[len(a.text) for a in b] for b in batches(arts, 3, chars=100)]
    assert sizes == [[10, 10], [500], [10, 10, 10]]
    assert [len(b) for b in batches(arts, 4)] == [4, 2]


def test_long_texts_are_parsed_in_pieces_cut_at_paragraph_and_sentence_ends() -> None:
    text = "\n\n".join([" ".join(TEXTS["en"])] * 30)
    got = pieces(text, 2000)
    assert "".join(got) == text and len(got) > 3 and all(len(p) <= 2000 for p in got)
    assert all(p.endswith("\n\n") for p in got[:-1])  # at paragraph breaks
    one_paragraph = " ".join(TEXTS["en"] * 10)
    got = pieces(one_paragraph, 500)
    assert "".join(got) == one_paragraph and all(len(p) <= 500 for p in got)
    assert all(p.endswith(". ") for p in got[:-1])  # at sentence ends
    chinese = "".join(TEXTS["zh"]) * 40  # no spaces: after the full stop
    got = pieces(chinese, 300)
    assert "".join(got) == chinese and all(p.endswith("。") for p in got[:-1])
    assert pieces("x" * 1000, 300) == ["x" * 300] * 3 + ["x" * 100]  # nowhere to cut: where it stands
    assert pieces("short", 300) == ["short"]


def _spans(layer: list) -> list[tuple]:
    return [(x.start, x.end, getattr(x, "label", None), getattr(x, "geonameid", None)) for x in layer]


class _SpyNlp:
    """The session's spaCy model, counting the characters it is given per call."""

    def __init__(self, nlp: object) -> None:
        self.nlp, self.calls = nlp, []

    def pipe(self, texts: object, batch_size: int) -> object:
        texts = list(texts)  # type: ignore[call-overload]
        self.calls.append(sum(map(len, texts)))
        return self.nlp.pipe(texts, batch_size=batch_size)  # type: ignore[attr-defined]

    def __call__(self, text: str) -> object:
        self.calls.append(len(text))
        return self.nlp(text)  # type: ignore[operator]

    def __getattr__(self, name: str) -> object:
        return getattr(self.nlp, name)


def test_spacy_never_parses_more_than_batch_chars_at_once(make_pipeline) -> None:
    """spaCy's memory while parsing grows with the characters it is given at once (some 3.5 MB
    per 1,000: a whole 200,000-character page took 700 MB, and batches of several long pages
    more, issue #23): every call stays within ``batch_chars``, a longer article is parsed in
    pieces, and the pieces make one doc with the article's text and the same layers."""
    shared = make_pipeline("entities", "places")
    spy = _SpyNlp(shared.ctx.nlp)
    ctx = Context(Config(components=["entities", "places"], batch_chars=3000))
    ctx._cache = {**shared.ctx._cache, "spacy": spy}
    pipeline = Pipeline(ctx=ctx)
    paragraph = (
        "Police in Nairobi detained 40 protesters on Tuesday, the interior ministry said. "
        "In Kyiv, the mayor said power had been restored to most homes after the strikes. "
    )
    long_text = "\n\n".join(paragraph for _ in range(60))  # some 10,000 characters
    arts = [Article(id=f"s{i}", text=" ".join(TEXTS["en"])) for i in range(8)]
    arts.insert(3, Article(id="long", text=long_text))
    docs = {d.article.id: d for d in pipeline.annotate(arts)}
    assert list(docs) == [a.id for a in arts]  # input order kept
    assert spy.calls and max(spy.calls) <= 3000, spy.calls
    assert sum(spy.calls) == sum(len(a.text) for a in arts)  # every character parsed once
    long = docs["long"]
    assert len(long.sentences) == 120 and long.sentences[-1].end == len(long_text.rstrip())
    whole = next(shared.annotate([Article(id="long", text=long_text)]))  # parsed at once (< 50,000)
    assert _spans(long.entities) == _spans(whole.entities) and _spans(long.places) == _spans(whole.places)
    assert {p.name for p in long.places} >= {"Nairobi", "Kyiv"}


# --- languages -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("declared", "code"),
    [
        ("de_ch", "de"), ("de-CH", "de"), ("en-US", "en"), ("EN", "en"), ("lang=en", "en"),
        ("language: fr", "fr"), ("zh-Hans", "zh"), ("deu", "de"), ("German", "de"), ("iw", "he"),
        (" pt_BR ", "pt"), ("nb-NO", "no"), ("und", None), ("x-default", None), ("{{lang}}", None),
        ("", None), (None, None), ("english; q=0.8", "en"),
    ],
)  # fmt: skip
def test_declared_languages_are_normalised(declared: str | None, code: str | None) -> None:
    assert normalise(declared) == code


def test_language_codes_for_filters() -> None:
    assert parse_codes("en, DE,en-GB") == ["en", "de"]
    with pytest.raises(ValueError, match="not a language code"):
        parse_codes("en,klingon-ish")


def test_short_texts_in_many_languages_are_identified(tmp_path: Path) -> None:
    """Texts with no declaration, from .txt files and from JSON Lines: >= 0.97 right overall."""
    lines, langs = [], []
    results: list[tuple[str, str]] = []
    for lang, texts in TEXTS.items():
        for i, text in enumerate(texts):
            assert len(text) >= 40
            (tmp_path / f"{lang}_{i}.txt").write_text(text, encoding="utf-8")
            lines.append(json.dumps({"text": text, "lang": lang}, ensure_ascii=False))
            langs.append(lang)
    for a in read([tmp_path]):
        assert isinstance(a, Article), a
        results.append((Path(a.origin or "").name.split("_")[0], a.lang))
    right = sum(want == got for want, got in results)
    assert len(results) >= 90 and len(TEXTS) >= 20
    assert right / len(results) >= 0.97, [r for r in results if r[0] != r[1]]
    # declared in the records, each declaration stands (the detector agrees or is close)
    (tmp_path / "all.jsonl").write_text("\n".join(lines), encoding="utf-8")
    declared = [(langs[(a.record or 0) - 1], a.lang, a.warnings) for a in read([tmp_path / "all.jsonl"])]
    assert len(declared) == len(langs) and all(want == got and not w for want, got, w in declared), declared


def test_short_english_without_declaration_stays_english(tmp_path: Path) -> None:
    for text in ("Polish President Andrzej Duda spoke in Warsaw.", "Macron and Scholz met in Paris.", "ok"):
        assert identify(text).lang == "en", text


def test_detection_wins_over_a_wrong_declaration_only_when_sure_and_long(tmp_path: Path) -> None:
    long_de = identify(GERMAN_BODY, "en")
    assert long_de.lang == "de" and long_de.warning and "declared language en" in long_de.warning
    short = TEXTS["de"][0]
    assert len(short) < OVERRIDE_CHARS and identify(short, "en").lang == "en"  # too short to overrule
    assert identify(TEXTS["id"][2], "id").lang == "id"  # a close language (ms) does not overrule
    assert identify(GERMAN_BODY, "de_CH").warning is None


def test_mixed_languages(tmp_path: Path) -> None:
    """An English report quoting German stays English; a German page with an English headline
    is German, whether or not the page declares it."""
    (tmp_path / "quote.txt").write_text(ENGLISH_WITH_GERMAN_QUOTE, encoding="utf-8")
    assert article(tmp_path / "quote.txt").lang == "en"
    paragraphs = GERMAN_BODY.split(". ")
    for name, lang_attr in (("declared.html", "de"), ("wrong.html", "en"), ("plain.html", None)):
        (tmp_path / name).write_text(page(paragraphs, lang=lang_attr, title=ENGLISH_TITLE), encoding="utf-8")
        a = article(tmp_path / name)
        assert a.title == ENGLISH_TITLE and a.lang == "de", (name, a.lang)


def test_non_english_articles_get_no_events_through_the_real_pipeline(tmp_path: Path, make_pipeline) -> None:
    pipeline = make_pipeline()  # every default component
    for lang, texts in TEXTS.items():
        if lang != "en":
            (tmp_path / f"{lang}.txt").write_text(" ".join(texts), encoding="utf-8")
    (tmp_path / "de_places.txt").write_text(GERMAN_BODY + " In Kiew fiel der Strom aus.", encoding="utf-8")
    arts = [a for a in read([tmp_path]) if isinstance(a, Article)]
    assert len(arts) == len(TEXTS)  # every language but English, plus the German places text
    for doc in pipeline.annotate(arts):
        lang = doc.article.lang
        assert lang != "en" and doc.text, doc.article.origin
        assert doc.events == [] and doc.quotes == [] and doc.actors == [] and doc.timexes == []
        assert doc.tone is None and doc.sentences
        assert any(w.startswith(f"language {lang}: not coded") for w in doc.warnings), doc.warnings
        assert all(p.geonameid is not None for p in doc.places)
        if Path(doc.article.origin or "").name == "de_places.txt":
            assert {p.name for p in doc.places} >= {"Berlin", "Kyiv"}


def test_seed_and_examples_stay_english_with_their_events(make_pipeline, seed_article: Article) -> None:
    arts = [a for a in read([ROOT / "examples"]) if isinstance(a, Article)]
    assert len(arts) >= 40 and {a.lang for a in arts} == {"en"}
    # the one warning: the deliberately impossible date of examples/bad/mixed.jsonl:3 (issue #19)
    warned = [(Path(a.origin or "").name, a.record) for a in arts if a.warnings]
    assert warned == [("mixed.jsonl", 3)]
    assert seed_article.lang == "en"
    html = [a for a in arts if (a.origin or "").endswith("2022-11-15_przewodow_blast.html")]
    for doc in make_pipeline().annotate([seed_article, *html]):
        assert doc.article.lang == "en" and len(doc.events) >= 3, doc.article.origin
        assert not any(w.startswith("language") for w in doc.warnings)


def test_api_language_filter(tmp_path: Path) -> None:
    (tmp_path / "de.txt").write_text(GERMAN_BODY, encoding="utf-8")
    (tmp_path / "en.txt").write_text(ENGLISH_WITH_GERMAN_QUOTE, encoding="utf-8")
    skipped: list[tuple[str, str]] = []
    docs = list(
        api.extract(
            [tmp_path],
            config=Config(components=LIGHT),
            langs="de",
            on_skip=lambda a, why: skipped.append((a.lang, why)),
        )
    )
    assert [d.article.lang for d in docs] == ["de"]
    assert skipped == [("en", "language en is not in --lang de")]
    summary = api.run(
        [tmp_path], db=tmp_path / "s.duckdb", config=Config(components=LIGHT), langs=["en"], stories=False
    )
    assert (summary.read, summary.stored, summary.skipped) == (2, 1, 1)
    assert summary.skipped_languages == Counter({"de": 1}) and summary.languages == Counter({"en": 1})
    with pytest.raises(ValueError, match="not a language code"):
        list(api.extract([tmp_path], langs="xx-junk"))


def test_run_counts_articles_not_coded(tmp_path: Path) -> None:
    (tmp_path / "de.txt").write_text(GERMAN_BODY, encoding="utf-8")
    (tmp_path / "ru.txt").write_text(" ".join(TEXTS["ru"]), encoding="utf-8")
    (tmp_path / "en.txt").write_text(ENGLISH_WITH_GERMAN_QUOTE, encoding="utf-8")
    warned: list[AnnotatedDoc] = []
    s = api.run(
        [tmp_path], db=tmp_path / "s.duckdb", config=Config(components=LIGHT), on_warning=warned.append
    )
    assert s.not_coded == Counter({"de": 1, "ru": 1}) and s.stored == 3
    assert sorted(d.article.lang for d in warned) == ["de", "ru"]
    assert s.as_dict()["not_coded"] == {"de": 1, "ru": 1}
    _, rows = Store(tmp_path / "s.duckdb").sql("SELECT lang, n_events FROM articles ORDER BY lang")
    assert rows == [("de", 0), ("en", 0), ("ru", 0)]


# --- logs a script can read ----------------------------------------------------------------------


def test_a_notice_is_one_line() -> None:
    n = Notice("reject", "dir/a b.html", 3, "unparseable:\nline 2\r\tend")
    assert n.line() == "rejected dir/a b.html:3: unparseable: line 2 end" and "\n" not in n.line()
    assert one_line("a\u2028b") == "a b"
    w = Notice("warning", "p.html", 1, "removed 2 stray NUL bytes", "abc")
    assert w.line() == "warning p.html:1 (abc): removed 2 stray NUL bytes"
    assert w.row() == {
        "kind": "warning",
        "file": "p.html",
        "record": 1,
        "reason": "removed 2 stray NUL bytes",
        "id": "abc",
    }


def test_cli_run_logs_one_line_per_reject_and_warning(tmp_path: Path) -> None:
    """`eventwire run` with stderr in a file (no terminal, a narrow COLUMNS): every reject and
    warning is exactly one line, and --rejects writes the same as JSON Lines."""
    src = tmp_path / ("a-folder-with-a-rather-long-name-so-that-lines-would-wrap-" * 2)
    src.mkdir()
    (src / "empty.txt").write_text("", encoding="utf-8")
    (src / "binary.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 20)
    (src / "feed.jsonl").write_text(
        json.dumps({"text": TEXTS["en"][0]})
        + "\n{broken\n"
        + json.dumps({"text": "x", "date": "2022-11-31"})
        + "\n",
        encoding="utf-8",
    )
    (src / "scripts.html").write_text("<html><body><script>x()</script></body></html>", encoding="utf-8")
    (src / "de.txt").write_text(GERMAN_BODY, encoding="utf-8")
    (src / "nul.txt").write_bytes(ENGLISH_WITH_GERMAN_QUOTE.encode().replace(b". ", b".\x00 ", 1))
    expected_rejects = {"empty.txt:1", "binary.txt", "feed.jsonl:2", "scripts.html:1"}
    stderr_path, rejects_path = tmp_path / "stderr.log", tmp_path / "rejects.jsonl"
    cmd = [sys.executable, "-m", "eventwire.cli", "run", str(src), "--db", str(tmp_path / "s.duckdb"),
           "--components", ",".join(LIGHT), "--rejects", str(rejects_path), "--no-stories"]  # fmt: skip
    env = {**os.environ, "COLUMNS": "40", "TERM": "xterm-256color"}
    with open(stderr_path, "w", encoding="utf-8") as err:
        res = subprocess.run(
            cmd, stdout=subprocess.PIPE, stderr=err, text=True, env=env, cwd=tmp_path, timeout=600
        )
    log = stderr_path.read_text(encoding="utf-8")
    assert res.returncode == 0, log
    lines = log.splitlines()
    assert all(ln.startswith(("rejected ", "warning ")) for ln in lines), lines  # nothing wrapped, no bar
    rejected = [ln for ln in lines if ln.startswith("rejected ")]
    assert len(rejected) == len(expected_rejects)
    for name in expected_rejects:
        assert sum(f"/{name}: " in ln for ln in rejected) == 1, (name, rejected)
    warnings = [ln for ln in lines if ln.startswith("warning ")]
    assert len(warnings) == 3
    assert any("feed.jsonl:3 (" in ln and "unusable date '2022-11-31'" in ln for ln in warnings)  # kept
    assert any("de.txt:1 (" in ln and "language de: not coded" in ln for ln in warnings)
    assert any("nul.txt:1 (" in ln and "removed 1 stray NUL byte" in ln for ln in warnings)
    assert "rejected 4, warnings 3, skipped 0" in res.stdout and "not coded (not English): de 1" in res.stdout
    rows = [json.loads(ln) for ln in rejects_path.read_text(encoding="utf-8").splitlines()]
    assert Counter(r["kind"] for r in rows) == {"reject": 4, "warning": 3}
    assert all(set(r) <= {"kind", "file", "record", "reason", "id"} and r["reason"] for r in rows)
    assert all(r["id"] for r in rows if r["kind"] == "warning")
    # --lang: the German article is skipped, counted, and logged
    cmd[cmd.index("--rejects") + 1] = str(tmp_path / "r2.jsonl")
    res = subprocess.run(
        [*cmd, "--lang", "en", "--db", str(tmp_path / "t.duckdb")],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert res.returncode == 0, res.stderr
    assert "skipped 1" in res.stdout and "skipped by --lang en: de 1" in res.stdout
    assert sum(ln.startswith("skipped ") and "de.txt:1" in ln for ln in res.stderr.splitlines()) == 1


# --- the API over the store ----------------------------------------------------------------------


def test_web_filters_articles_and_events_by_language(tmp_path: Path) -> None:
    german = AnnotatedDoc(article=Article(id="de1", text=GERMAN_BODY, lang="de", title="Haushalt"))
    db = tmp_path / "s.duckdb"
    Store(db).add_docs([sample_doc(), german])
    with TestClient(create_app(str(db))) as client:
        arts = client.get("/api/articles", params={"lang": "de"}).json()
        assert [(a["id"], a["lang"]) for a in arts["items"]] == [("de1", "de")]
        assert client.get("/api/articles", params={"lang": "EN"}).json()["total"] == 1
        assert client.get("/api/articles", params={"lang": "en,de"}).json()["total"] == 2
        assert client.get("/api/articles", params={"lang": "not a code"}).status_code == 422
        assert client.get("/api/events", params={"lang": "de"}).json()["items"] == []
        assert len(client.get("/api/events", params={"lang": "en"}).json()["items"]) == 2
        assert client.get("/api/stats").json()["by_lang"] == {"de": 1, "en": 1}
