"""The foundation: contract round trip, store idempotence and read-only SQL, the run summary,
pipeline error reporting, multi-process order, exports, tone and the CLI."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from eventwire import api
from eventwire.cli import main
from eventwire.context import Config
from eventwire.contract import SCHEMA, from_dict, to_dict
from eventwire.model import Actor, AnnotatedDoc, Article, Span, Withheld
from eventwire.pipeline import annotate
from eventwire.registry import components
from eventwire.store.duckdb_store import SCHEMA_VERSION, Store
from samples import sample_doc

LIGHT = ["entities", "tone"]


def _doc() -> AnnotatedDoc:
    return sample_doc()


def test_contract_round_trip_keeps_every_layer() -> None:
    d = to_dict(_doc())
    assert d["schema"] == SCHEMA
    assert d["date"] == "2022-11-21"
    again = to_dict(from_dict(json.loads(json.dumps(d))))
    assert again == d
    ev = d["events"][0]
    assert d["text"][ev["trigger"]["start"] : ev["trigger"]["end"]] == "shelled"
    assert ev["place"]["country"] == "UKR" and ev["source"]["sector"] == "MIL"


def test_contract_round_trip_keeps_what_was_withheld() -> None:
    doc = _doc()
    doc.withheld.append(Withheld("ASSAULT", 0, Span(15, 22, "shelled"), "accident", 0.71, 0.5))
    d = json.loads(json.dumps(to_dict(doc)))
    assert d["withheld"] == [
        {"type": "ASSAULT", "sentence": 0, "trigger": {"start": 15, "end": 22, "text": "shelled"},
         "reason": "accident", "probability": 0.71, "threshold": 0.5}
    ]  # fmt: skip
    back = from_dict(d)
    assert back.withheld == doc.withheld and isinstance(back.withheld[0].trigger, Span)
    d.pop("withheld")  # a document written before the layer existed
    assert from_dict(d).withheld == []


def test_contract_rejects_other_schema() -> None:
    with pytest.raises(ValueError, match="unsupported schema"):
        from_dict({"schema": "eventwire/0", "id": "x", "text": ""})


def test_store_is_idempotent_and_flattens_events(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.duckdb")
    assert store.add_docs([_doc()]) == 1
    assert store.add_docs([_doc()]) == 0  # same id: stored once
    assert store.add_docs([_doc(), _doc()]) == 0
    st = store.stats()
    assert st["counts"]["articles"] == 1 and st["counts"]["events"] == 2
    cols, rows = store.sql("SELECT type, source_country, place_name, evidence, date FROM events ORDER BY idx")
    first = dict(zip(cols, rows[0], strict=True))
    assert first["type"] == "ASSAULT" and first["source_country"] == "RUS"
    assert first["evidence"] == "Russian forces shelled Kherson on Monday."
    assert first["date"] == date(2022, 11, 21)
    assert json.loads(store.doc_json("a1"))["events"][1]["attributed_to"]["canonical"] == "NATO"
    assert store.resolve_id("a") == "a1" and store.resolve_id("zz") is None


def test_store_keeps_how_an_argument_was_inferred(tmp_path: Path) -> None:
    doc = _doc()
    ev = doc.events[0]
    ev.target = Actor(23, 30, "Kherson", None, "UKR", None, basis="place")
    store = Store(tmp_path / "s.duckdb")
    store.add_docs([doc])
    cols, rows = store.sql("SELECT source_basis, target_basis, target_country FROM events ORDER BY idx")
    assert dict(zip(cols, rows[0], strict=True)) == {
        "source_basis": None,
        "target_basis": "place",
        "target_country": "UKR",
    }


def test_store_written_by_schema_1_gains_the_new_columns(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    Store(path)
    with duckdb.connect(str(path)) as con:  # what a schema-1 release left on disk
        con.execute("ALTER TABLE events DROP COLUMN source_basis")
        con.execute("ALTER TABLE events DROP COLUMN target_basis")
        con.execute("ALTER TABLE events DROP COLUMN plover_type")
        con.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    store = Store(path)
    assert store.add_docs([_doc()]) == 1
    _, rows = store.sql("SELECT count(target_basis) AS n FROM events")
    assert rows[0][0] == 0
    _, version = store.sql("SELECT value FROM meta WHERE key = 'schema_version'")
    assert version[0][0] == SCHEMA_VERSION


def test_store_sql_is_read_only(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.duckdb")
    store.add_docs([_doc()])
    with pytest.raises(duckdb.Error):
        store.sql("DELETE FROM articles")
    assert store.stats()["counts"]["articles"] == 1


def test_full_text_search_works_offline(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.duckdb")
    store.add_docs([_doc()])
    assert store.rebuild_fts()
    _, rows = store.sql(
        "SELECT id FROM (SELECT id, fts_main_articles.match_bm25(id, 'Kherson') AS s FROM articles) WHERE s IS NOT NULL"
    )
    assert rows == [("a1",)]


def test_run_counts_read_stored_duplicates_and_rejects(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(
        " date 2022-11-15 Two people were killed in Przewodów, Poland.\n", encoding="utf-8"
    )
    (src / "b.jsonl").write_text(
        '{"id": "j1", "text": "Ukraine retook Kherson.", "date": "2022-11-11"}\n'
        "{broken json\n"
        '{"id": "j2", "text": "   "}\n'
        '{"id": "j3", "text": "Impossible.", "date": "2022-02-30"}\n',
        encoding="utf-8",
    )
    db = tmp_path / "s.duckdb"
    s1 = api.run([src], db=db, config=Config(components=LIGHT))
    # every record read is counted once: read = stored + duplicates + rejected (+ skipped)
    assert (s1.read, s1.stored, s1.duplicates, s1.rejected) == (5, 3, 0, 2)
    reasons = " | ".join(str(r) for r in s1.rejects)
    assert "b.jsonl:2" in reasons and "b.jsonl:3" in reasons
    assert s1.date_warnings == 1  # j3's impossible date: stored without a date, with a warning
    s2 = api.run([src], db=db, config=Config(components=LIGHT))
    assert (s2.read, s2.stored, s2.duplicates, s2.rejected) == (5, 0, 3, 2)
    store = Store(db)
    assert store.stats()["counts"]["rejects"] == 4
    _, runs = store.sql("SELECT read, stored, duplicates, rejected FROM runs ORDER BY id")
    assert runs == [(5, 3, 0, 2), (5, 0, 3, 2)]
    _, rows = store.sql("SELECT date, date_raw, date_source FROM articles WHERE id = 'j3'")
    assert rows == [(None, "2022-02-30", "none")]


def test_run_counts_the_candidate_events_withheld(tmp_path: Path) -> None:
    @components.register("_test_withhold")
    def make_withhold(ctx):  # type: ignore[no-untyped-def]
        def withhold(doc: AnnotatedDoc) -> None:
            i = doc.text.find("fire")
            if i >= 0:
                doc.withheld.append(Withheld("ASSAULT", 0, Span(i, i + 4, "fire"), "accident", 0.8, 0.5))

        return withhold

    src = tmp_path / "in.jsonl"
    src.write_text(
        '{"id": "f1", "text": "A fire at a sawmill in Oulu killed two workers.", "date": "2021-03-02"}\n'
        '{"id": "f2", "text": "Finland joined NATO.", "date": "2023-04-04"}\n',
        encoding="utf-8",
    )
    s = api.run([src], db=tmp_path / "s.duckdb", config=Config(components=[*LIGHT, "_test_withhold"]))
    assert s.withheld == Counter({"accident": 1}) and s.as_dict()["withheld"] == {"accident": 1}
    stored = json.loads(Store(tmp_path / "s.duckdb").doc_json("f1"))
    assert stored["withheld"][0]["trigger"]["text"] == "fire"
    # the CLI's run summary says so in one line
    from click.testing import CliRunner

    from eventwire.cli import main

    r = CliRunner().invoke(
        main,
        [
            "run",
            str(src),
            "--db",
            str(tmp_path / "c.duckdb"),
            "--components",
            "entities,tone,_test_withhold",
            "--no-stories",
        ],
    )
    assert r.exit_code == 0, r.output
    assert "candidate events withheld on purpose: accident 1" in r.output


def test_a_failing_component_is_reported_not_fatal(make_pipeline) -> None:
    @components.register("_test_boom")
    def make_boom(ctx):  # type: ignore[no-untyped-def]
        def boom(doc: AnnotatedDoc) -> None:
            raise RuntimeError("kaput")

        return boom

    from eventwire.context import Context
    from eventwire.pipeline import Pipeline

    base = make_pipeline("entities")
    ctx = Context(Config(components=["entities", "_test_boom", "tone"]))
    ctx._cache = base.ctx._cache
    doc = Pipeline(ctx=ctx)(Article(id="x", text="NATO met in Bucharest. It was cold."))
    assert doc.warnings == ["_test_boom: RuntimeError: kaput"]
    assert doc.tone is not None and len(doc.sentences) == 2  # later layers still ran


def test_unknown_component_names_the_known_ones() -> None:
    with pytest.raises(KeyError, match="unknown component 'nope'"):
        annotate([], Config(components=["nope"])).__next__()


def test_two_processes_keep_input_order() -> None:
    arts = [Article(id=f"a{i}", text=f"Article number {i} says Kyiv and Warsaw talked.") for i in range(9)]
    cfg = Config(components=LIGHT, batch_size=2)
    docs = list(annotate(arts, cfg, processes=2))
    assert [d.article.id for d in docs] == [a.id for a in arts]
    assert all(d.sentences for d in docs)


def test_outlet_names_stay_one_token(make_pipeline) -> None:
    doc = make_pipeline("entities")(
        Article(
            id="o", text="It was adopted in Bucharest, reports Censor.NET with reference to Interfax-Ukraine."
        )
    )
    assert len(doc.sentences) == 1


def test_tone_is_negative_for_condemnation(make_pipeline, seed_article: Article) -> None:
    doc = make_pipeline("entities", "tone")(seed_article)
    text = doc.text
    condemn = text.index("We condemn Russia's brutality")
    i = doc.sentence_index(condemn)
    assert i is not None and doc.sentences[i].tone < -0.3
    solidarity = doc.sentence_index(0)
    assert doc.sentences[solidarity].tone > 0.3
    assert -1.0 <= doc.tone <= 1.0


def test_exports_read_back(tmp_path: Path) -> None:
    from eventwire.export import exporters

    store = Store(tmp_path / "s.duckdb")
    store.add_docs([_doc()])
    assert exporters.get("parquet")(store, tmp_path / "e.parquet") == 2
    assert pq.read_table(tmp_path / "e.parquet").column("type").to_pylist() == ["ASSAULT", "ACCUSE"]
    assert exporters.get("csv")(store, tmp_path / "e.csv", table="sentences") == 2
    out = tmp_path / "a.jsonl"
    assert exporters.get("jsonl")(store, out) == 1
    assert json.loads(out.read_text())["id"] == "a1"
    with pytest.raises(ValueError, match="unknown table"):
        exporters.get("csv")(store, tmp_path / "x.csv", table="runs; DROP TABLE articles")


def test_cli_run_stats_show_sql_export(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text(" date 2022-11-29 NATO ministers met in Bucharest on Tuesday.\n", encoding="utf-8")
    db = str(tmp_path / "s.duckdb")
    r = CliRunner()
    res = r.invoke(main, ["run", str(src), "--db", db, "-q", "--components", ",".join(LIGHT)])
    assert res.exit_code == 0, res.output
    assert "stored 1" in res.output and "rejected 0" in res.output
    res = r.invoke(main, ["stats", "--db", db, "--json"])
    assert json.loads(res.stdout)["counts"]["articles"] == 1
    (aid,) = Store(db).sql("SELECT id FROM articles")[1][0]
    res = r.invoke(main, ["show", aid[:6], "--db", db])
    assert res.exit_code == 0 and "Bucharest" in res.output
    res = r.invoke(main, ["show", "nope", "--db", db])
    assert res.exit_code != 0 and "no article" in res.output
    res = r.invoke(main, ["sql", "SELECT count(*) AS n FROM sentences", "--db", db, "--format", "json"])
    assert json.loads(res.stdout) == [{"n": 1}]
    res = r.invoke(main, ["sql", "DROP TABLE articles", "--db", db])
    assert res.exit_code != 0
    res = r.invoke(main, ["export", "--db", db, "--format", "jsonl"])
    assert json.loads(res.stdout.splitlines()[0])["schema"] == SCHEMA


def test_cli_extract_writes_contract_and_reports_rejects(tmp_path: Path) -> None:
    good = tmp_path / "g.txt"
    good.write_text("Polish President Andrzej Duda spoke in Warsaw.", encoding="utf-8")
    empty = tmp_path / "e.txt"
    empty.write_text("", encoding="utf-8")
    res = CliRunner().invoke(main, ["extract", str(good), str(empty), "--components", "entities,tone"])
    assert res.exit_code == 0
    lines = [ln for ln in res.stdout.splitlines() if ln.startswith("{")]
    assert len(lines) == 1
    d = json.loads(lines[0])
    assert d["date"] is None  # plain text: date unknown, never today
    assert "e.txt" in res.stderr and "rejected" in res.stderr


def test_cli_set_passes_component_options(tmp_path: Path) -> None:
    f = tmp_path / "p.txt"
    f.write_text("Rebels blew up a pipeline near Kirkuk.", encoding="utf-8")
    args = ["extract", str(f), "--components", "entities,timex,places,actors,events"]

    def targets(extra: list[str]) -> list[dict | None]:
        res = CliRunner().invoke(main, args + extra)
        assert res.exit_code == 0, res.output
        doc = json.loads(next(ln for ln in res.stdout.splitlines() if ln.startswith("{")))
        return [e.get("target") for e in doc["events"] if e["type"] == "ASSAULT"]

    (inferred,) = targets([])
    assert inferred is not None and (inferred["country"], inferred["basis"]) == ("IRQ", "place")
    assert targets(["--set", "events.implicit_targets=false"]) == [None]
    bad = CliRunner().invoke(main, [*args, "--set", "implicit_targets"])
    assert bad.exit_code == 2 and "COMPONENT.OPTION=VALUE" in bad.output


KHERSON = (
    "Ukrainian troops entered the city of Kherson on Friday after Russian forces withdrew across the "
    "Dnipro river. Residents waved flags in the central square and greeted soldiers. The regional "
    "administration said power and water supplies had been cut before the retreat. Officials warned "
    "that mines remained on the roads leading into the city."
)
GRAIN = (
    "The Black Sea grain deal was extended for 120 days on Thursday, the United Nations and Turkey said. "
    "Ships carrying wheat and corn will keep sailing from Odesa and two other ports. Secretary-General "
    "Antonio Guterres welcomed the decision, saying food prices had eased since the summer."
)


def test_run_assigns_copies_and_stories_incrementally(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    rows = [
        {"id": "k1", "title": "Kherson retaken", "text": KHERSON, "date": "2022-11-11", "source": "Wire"},
        {"id": "k2", "title": "Troops enter Kherson", "date": "2022-11-11", "source": "Echo",
         "text": KHERSON + "\n\nThis story has been updated."},
        {"id": "g1", "title": "Grain deal", "text": GRAIN, "date": "2022-11-17", "source": "Wire"},
    ]  # fmt: skip
    (src / "a.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    db = tmp_path / "s.duckdb"
    first = api.run([src], db=db, config=Config(components=LIGHT))
    assert first.stories is not None and (first.stories.added, first.stories.duplicates) == (3, 1)
    store = Store(db)
    got = dict(store.sql("SELECT id, duplicate_of FROM articles")[1])
    assert got == {"k1": None, "k2": "k1", "g1": None}
    stories = dict(store.sql("SELECT id, story FROM articles")[1])
    assert stories["k1"] == stories["k2"] != stories["g1"]
    assert json.loads(store.doc_json("k2"))["duplicate_of"] == "k1"
    # a later run adds a follow-up report: it joins the grain story, nothing else moves
    more = tmp_path / "more"
    more.mkdir()
    follow = {"id": "g2", "text": GRAIN.replace("Thursday", "Friday") + " Exporters welcomed the news.",
              "date": "2022-11-18", "source": "Echo"}  # fmt: skip
    (more / "b.jsonl").write_text(json.dumps(follow) + "\n", encoding="utf-8")
    second = api.run([more], db=db, config=Config(components=LIGHT))
    assert second.stories is not None and second.stories.added == 1
    after = dict(store.sql("SELECT id, story FROM articles")[1])
    assert after["g2"] == after["g1"] and after["k1"] == stories["k1"]
    (n,) = store.sql("SELECT n_articles FROM stories WHERE id = ?", [after["g1"]])[1][0]
    assert n == 2


def test_cli_text_exports_go_to_stdout_and_parquet_needs_a_file(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    Store(db).add_docs([_doc()])
    r = CliRunner()
    res = r.invoke(main, ["export", "--db", str(db), "--format", "csv", "--table", "sentences"])
    assert res.exit_code == 0 and res.stdout.splitlines()[0].startswith("article_id,idx,start,end")
    assert len(res.stdout.splitlines()) == 3
    res = r.invoke(main, ["export", "--db", str(db), "--format", "gdelt-events"])
    assert res.exit_code == 0 and [len(ln.split("\t")) for ln in res.stdout.splitlines()] == [61, 61]
    res = r.invoke(main, ["export", "--db", str(db), "--format", "parquet"])
    assert res.exit_code != 0 and "needs -o FILE" in res.output
    assert not list(Path.cwd().glob("<*"))  # no file named after a stream object


@given(
    component=st.from_regex(r"[a-z_]{1,12}", fullmatch=True),
    name=st.from_regex(r"[a-z_]{1,12}", fullmatch=True),
    value=st.one_of(
        st.integers(), st.floats(allow_nan=False, allow_infinity=False), st.booleans(), st.none()
    ),
)
def test_set_option_reads_json_values_into_the_component_options(
    component: str, name: str, value: object
) -> None:
    cfg = Config(options={})
    cfg.set_option(f"{component}.{name}={json.dumps(value)}")
    assert cfg.options == {component: {name: value}}


def test_set_option_keeps_a_non_json_value_as_text_and_refuses_other_shapes() -> None:
    cfg = Config(options={})
    cfg.set_option("places.default_country=USA")
    assert cfg.options == {"places": {"default_country": "USA"}}
    for bad in ("implicit_targets", "events=1", ".x=1", "events.=1"):
        with pytest.raises(ValueError, match=r"COMPONENT\.OPTION=VALUE"):
            cfg.set_option(bad)
