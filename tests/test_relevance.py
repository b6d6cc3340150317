"""Article relevance (issue #23): the learned classifier on clear cases, the threshold option and
--min-relevance, the flag through the contract, the store, the exports and the API, an older
store served read-only, the error for a missing or corrupt model, and the bundled example
articles (all about politics, conflict or disaster) scoring relevant. The texts are our own,
written here."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from eventwire.annotate.relevance import (
    MODEL_FILE,
    RelevanceModelError,
    article_text,
    load_relevance_model,
)
from eventwire.cli import _config, main
from eventwire.context import Config, Context
from eventwire.contract import from_dict, to_dict
from eventwire.export import exporters
from eventwire.model import AnnotatedDoc, Article, Reject
from eventwire.pipeline import Pipeline
from eventwire.readers import read
from eventwire.store.duckdb_store import Store
from eventwire.web.app import create_app
from samples import sample_doc

ROOT = Path(__file__).resolve().parents[1]
MODELS = ROOT / "src" / "eventwire" / "annotate" / "models"

RELEVANT = [
    "Police fired tear gas at thousands of protesters who marched on parliament on Saturday "
    "demanding the resignation of the interior minister; dozens were detained.",
    "The foreign ministers of the two countries met in Geneva on Tuesday and agreed to restore "
    "full diplomatic relations, cut since the border clashes of last spring.",
    "A car bomb exploded near an army checkpoint in the north of the country, killing seven "
    "soldiers. No group has claimed the attack.",
    "Floods after three days of torrential rain have killed at least 40 people and forced 12,000 "
    "from their homes, the civil defence agency said.",
    "Police arrested two men after a stabbing outside a nightclub on Friday night.",
]
# a short corruption note such as "Prosecutors charged the former mayor with embezzling public
# funds meant for school repairs." scores below the threshold (0.38): docs/relevance.md
IRRELEVANT = [
    "Whisk the eggs and sugar until pale, fold in the flour and bake for 25 minutes at 180C until golden.",
    "This lightweight running shoe has a springy foam midsole and a breathable mesh upper; it runs "
    "half a size small, so order up.",
    "Our three-bedroom townhouse with a sunny garden and off-street parking is open for viewing this weekend.",
    "Accept all cookies to get the best experience on our website, or manage your preferences in settings.",
    "The striker curled a late free kick into the top corner to seal a 2-1 win and send his side top "
    "of the table.",
]


@pytest.fixture(scope="module")
def model():  # type: ignore[no-untyped-def]
    return load_relevance_model()


def _pipeline(ctx: Context, **options: object) -> Pipeline:
    c = Context(Config(components=["relevance"], options={"relevance": dict(options)} if options else {}))
    c._cache = ctx._cache  # the session's spaCy model and the loaded relevance model
    return Pipeline(ctx=c)


def _article(text: str, id: str = "t1", title: str | None = None) -> Article:
    return Article(id=id, text=text, title=title)


def test_clear_cases_fall_on_their_side_of_the_threshold(model) -> None:  # type: ignore[no-untyped-def]
    assert 0.0 < model.threshold < 1.0
    for text in RELEVANT:
        assert model.score(article_text(None, text)) >= model.threshold, text
    for text in IRRELEVANT:
        assert model.score(article_text(None, text)) < model.threshold, text


def test_component_sets_relevance_and_flag(ctx: Context) -> None:
    pipe = _pipeline(ctx)
    docs = list(pipe.annotate([_article(RELEVANT[2], "r"), _article(IRRELEVANT[0], "i")]))
    assert [d.relevant for d in docs] == [True, False]
    assert all(d.relevance is not None and 0.0 <= d.relevance <= 1.0 for d in docs)
    assert docs[0].relevance > docs[1].relevance
    assert not any(d.warnings for d in docs)


def test_title_is_read_with_the_text(model) -> None:  # type: ignore[no-untyped-def]
    assert article_text("Ceasefire talks resume", "Delegations met today.") == (
        "Ceasefire talks resume\nDelegations met today."
    )
    assert article_text("Talks", "Talks resume in Doha.") == "Talks resume in Doha."  # already there
    assert len(article_text(None, "x" * 10_000)) == 3000


def test_threshold_option_and_min_relevance(ctx: Context) -> None:
    text = RELEVANT[4]
    (low,) = _pipeline(ctx, threshold=0.0).annotate([_article(text)])
    (high,) = _pipeline(ctx, threshold=1.0).annotate([_article(text)])
    assert low.relevance == high.relevance
    assert low.relevant is True and high.relevant is (high.relevance >= 1.0)
    with pytest.raises(ValueError, match=r"relevance\.threshold"):
        _pipeline(ctx, threshold=1.5)
    with pytest.raises(ValueError, match=r"relevance\.threshold"):
        _pipeline(ctx, threshold="high")
    # --min-relevance T is --set relevance.threshold=T
    assert _config(None, (), 0.7).options["relevance"]["threshold"] == 0.7
    assert _config(None, ("relevance.threshold=0.2",)).options["relevance"]["threshold"] == 0.2
    assert "relevance" not in _config(None, ()).options


def test_cli_min_relevance_flags_the_article(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text(RELEVANT[0], encoding="utf-8")
    args = ["extract", str(src), "--components", "relevance"]
    res = CliRunner().invoke(main, [*args, "--min-relevance", "0"])
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout.splitlines()[0])
    assert doc["relevant"] is True and 0 < doc["relevance"] <= 1
    res = CliRunner().invoke(main, [*args, "--min-relevance", "1"])
    doc = json.loads(res.stdout.splitlines()[0])
    assert doc["relevant"] is (doc["relevance"] >= 1.0)
    res = CliRunner().invoke(main, [*args, "--min-relevance", "2"])
    assert res.exit_code != 0 and "--min-relevance" in res.output


def test_default_pipeline_runs_relevance_first() -> None:
    comps = Config().components
    assert comps.index("relevance") == comps.index("entities") + 1
    assert comps.index("relevance") < comps.index("events")


# --- the flag through the contract, the store, the exports and the API -----------------------


def _docs() -> list[AnnotatedDoc]:
    """Two copies of the sample document: a1 relevant, b1 scored irrelevant (events kept)."""
    a, b = sample_doc(), sample_doc()
    a.relevance, a.relevant = 0.97, True
    b.article.id, b.article.title = "b1", "Irrelevant copy"
    b.relevance, b.relevant = 0.08, False
    return [a, b]


def test_contract_carries_relevance() -> None:
    a, b = _docs()
    d = to_dict(b)
    assert d["relevance"] == 0.08 and d["relevant"] is False and len(d["events"]) == 2
    back = from_dict(json.loads(json.dumps(d)))
    assert (back.relevance, back.relevant) == (0.08, False)
    old = {k: v for k, v in to_dict(a).items() if k not in ("relevance", "relevant")}
    assert (from_dict(old).relevance, from_dict(old).relevant) == (None, None)  # an older document


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    s = Store(tmp_path / "rel.duckdb")
    assert s.add_docs(_docs()) == 2
    return s


def test_store_keeps_irrelevant_articles_and_their_events(store: Store) -> None:
    _, rows = store.sql("SELECT id, relevance, relevant, n_events FROM articles ORDER BY id")
    assert rows == [("a1", 0.97, True, 2), ("b1", 0.08, False, 2)]
    _, n = store.sql("SELECT count(*) FROM events")
    assert n[0][0] == 4  # kept, flagged by the article


def _export(store: Store, fmt: str, **kw: object) -> str:
    out = io.StringIO()
    exporters.get(fmt)(store, out, **kw)
    return out.getvalue()


def test_exports_leave_out_irrelevant_articles_unless_asked(store: Store) -> None:
    events = list(csv.DictReader(io.StringIO(_export(store, "csv", table="events"))))
    assert {e["article_id"] for e in events} == {"a1"}
    events = list(csv.DictReader(io.StringIO(_export(store, "csv", table="events", include_irrelevant=True))))
    assert {e["article_id"] for e in events} == {"a1", "b1"}
    docs = [json.loads(x) for x in _export(store, "jsonl").splitlines()]
    assert [d["id"] for d in docs] == ["a1"]
    assert len(_export(store, "jsonl", include_irrelevant=True).splitlines()) == 2
    for fmt in ("gdelt-events", "gdelt-mentions", "acled"):
        assert len(_export(store, fmt, include_irrelevant=True).splitlines()) > len(
            _export(store, fmt).splitlines()
        )
    geo = json.loads(_export(store, "geojson"))
    assert {f["properties"]["article_id"] for f in geo["features"]} == {"a1"}
    geo = json.loads(_export(store, "geojson", include_irrelevant=True))
    assert {f["properties"]["article_id"] for f in geo["features"]} == {"a1", "b1"}


def test_cli_export_include_irrelevant(store: Store, tmp_path: Path) -> None:
    r = CliRunner()
    res = r.invoke(main, ["export", "--db", str(store.path), "--format", "csv", "--table", "events"])
    assert res.exit_code == 0, res.output
    assert {row["article_id"] for row in csv.DictReader(io.StringIO(res.stdout))} == {"a1"}
    res = r.invoke(
        main,
        ["export", "--db", str(store.path), "--format", "csv", "--table", "events", "--include-irrelevant"],
    )
    assert {row["article_id"] for row in csv.DictReader(io.StringIO(res.stdout))} == {"a1", "b1"}
    out = tmp_path / "ev.parquet"
    res = r.invoke(main, ["export", "--db", str(store.path), "--format", "parquet", "-o", str(out)])
    assert res.exit_code == 0 and "exported 2 rows" in res.output


def test_api_leaves_out_irrelevant_articles_unless_asked(store: Store) -> None:
    with TestClient(create_app(str(store.path))) as c:
        ev = c.get("/api/events").json()
        assert ev["total"] == 2 and {e["article_id"] for e in ev["items"]} == {"a1"}
        ev = c.get("/api/events", params={"include_irrelevant": "true"}).json()
        assert ev["total"] == 4
        arts = c.get("/api/articles").json()
        assert [(a["id"], a["relevant"]) for a in arts["items"]] == [("a1", True)]
        arts = c.get("/api/articles", params={"include_irrelevant": "true"}).json()
        assert {a["id"]: a["relevance"] for a in arts["items"]} == {"a1": 0.97, "b1": 0.08}
        st = c.get("/api/stats").json()
        assert st["counts"]["articles"] == 1 and st["counts"]["events"] == 2
        assert st["irrelevant_articles"] == 1 and sum(st["by_type"].values()) == 2
        st = c.get("/api/stats", params={"include_irrelevant": "true"}).json()
        assert st["counts"]["articles"] == 2 and st["counts"]["events"] == 4
        tl = c.get("/api/timeline", params={"interval": "day"}).json()
        tl_all = c.get("/api/timeline", params={"interval": "day", "include_irrelevant": "true"}).json()
        assert json.dumps(tl) != json.dumps(tl_all)  # the dashboard's charts follow
        assert c.get("/api/articles/b1").json()["relevant"] is False  # still readable by id


def test_older_store_is_upgraded_or_served_with_null_relevance(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    Store(path).add_docs(_docs())
    with duckdb.connect(str(path)) as con:  # what a schema-4 release left on disk
        con.execute("ALTER TABLE articles DROP COLUMN relevance")
        con.execute("ALTER TABLE articles DROP COLUMN relevant")
        con.execute("UPDATE meta SET value = '4' WHERE key = 'schema_version'")
    shutil.copy(path, tmp_path / "old2.duckdb")  # the server below keeps its file open a while
    with TestClient(create_app(str(path))) as c:  # read-only: no column, nothing left out
        assert c.get("/api/events").json()["total"] == 4
        arts = c.get("/api/articles").json()["items"]
        assert len(arts) == 2 and all(a["relevance"] is None and a["relevant"] is None for a in arts)
        st = c.get("/api/stats").json()
        assert st["counts"]["events"] == 4 and st["irrelevant_articles"] is None
    store = Store(tmp_path / "old2.duckdb")  # what `eventwire run` does first: the columns appear, NULL
    _, rows = store.sql("SELECT count(*), count(relevance) FROM articles")
    assert rows == [(2, 0)]
    assert len(_export(store, "csv", table="events").splitlines()) == 5  # header + 4: none scored


# --- the model file --------------------------------------------------------------------------


def test_missing_model_is_one_clear_error(tmp_path: Path, ctx: Context) -> None:
    missing = tmp_path / MODEL_FILE
    with pytest.raises(RelevanceModelError, match=re.escape(str(missing))):
        load_relevance_model(missing)
    shutil.copy(MODELS / MODEL_FILE, missing)  # the weights without their manifest
    with pytest.raises(RelevanceModelError, match=r"relevance\.json is missing"):
        load_relevance_model(missing)
    # and the pipeline does not start without it (no silent fallback)
    c = Context(
        Config(components=["relevance"], options={"relevance": {"model": str(tmp_path / "nope.npz")}})
    )
    c._cache = dict(ctx._cache)
    with pytest.raises(RelevanceModelError, match=r"nope\.npz is missing"):
        Pipeline(ctx=c)


def test_corrupt_model_is_one_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / MODEL_FILE
    shutil.copy(MODELS / MODEL_FILE.replace(".npz", ".json"), tmp_path)
    bad.write_bytes(b"not a zip file at all")
    with pytest.raises(RelevanceModelError, match="cannot be read"):
        load_relevance_model(bad)
    shutil.copy(MODELS / MODEL_FILE, bad)
    manifest = json.loads((tmp_path / "relevance.json").read_text("utf-8"))
    (tmp_path / "relevance.json").write_text(json.dumps({**manifest, "features": 3}), "utf-8")
    with pytest.raises(RelevanceModelError, match="the manifest says 3"):
        load_relevance_model(bad)
    (tmp_path / "relevance.json").write_text("{", "utf-8")
    with pytest.raises(RelevanceModelError, match="not a valid manifest"):
        load_relevance_model(bad)


def test_bundled_model_is_small_and_documented() -> None:
    assert (MODELS / MODEL_FILE).stat().st_size <= 5_000_000
    manifest = json.loads((MODELS / "relevance.json").read_text("utf-8"))
    assert manifest["labels"] == ["irrelevant", "relevant"]
    assert manifest["script"] == "scripts/train_relevance.py"
    assert manifest["training_data"]["rows"]["own"]["relevant"] > 0
    assert "frozen" not in json.dumps(manifest["training_data"])


# --- the example articles ----------------------------------------------------------------------


def test_seed_article_is_relevant(ctx: Context, seed_article: Article) -> None:
    (doc,) = _pipeline(ctx).annotate([seed_article])
    assert doc.relevant is True and doc.relevance is not None and doc.relevance > 0.9


def test_example_articles_are_relevant(model) -> None:  # type: ignore[no-untyped-def]
    # examples/bad holds deliberately broken inputs (two filler records among them), no articles
    arts = [
        a for a in read([ROOT / "examples"]) if not isinstance(a, Reject) and "/bad/" not in (a.origin or "")
    ]
    assert len(arts) >= 40
    low = {
        a.origin: round(s, 3)
        for a in arts
        if (s := model.score(article_text(a.title, a.text))) < model.threshold
    }
    assert not low, low
