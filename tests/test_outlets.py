"""The outlets' home regions (knowledge/outlets.py): learnt from their own stories, used by the
place resolver when ``places.outlets`` names the table, and a broken table is one clear error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import eventwire
from eventwire.cli import main
from eventwire.context import Config, Context
from eventwire.knowledge.outlets import (
    OutletHome,
    OutletsError,
    learn_outlet_homes,
    load_outlet_homes,
    outlet_key,
    write_outlet_homes,
)
from eventwire.model import AnnotatedDoc, Article, Place
from eventwire.pipeline import Pipeline

TOWN_TALK = "https://www.thetowntalk.com/story/news/local/2021/03/02/arson-arrest/"


def _pipe(ctx: Context, table: Path | None) -> Pipeline:
    opts = {"places": {"outlets": str(table)}} if table else {}
    c = Context(Config(components=["entities", "places"], options=opts))
    c._cache = ctx._cache
    return Pipeline(ctx=c)


def _place(pipe: Pipeline, text: str, url: str, name: str) -> Place:
    (doc,) = pipe.annotate([Article(id="a", text=text, url=url)])
    (p,) = [p for p in doc.places if p.text == name]
    return p


def test_the_outlet_is_the_urls_host_else_the_source() -> None:
    assert outlet_key(Article("a", "x", url=TOWN_TALK)) == "thetowntalk.com"
    assert outlet_key(Article("a", "x", url="not a url", source="The Town Talk")) == "the town talk"
    assert outlet_key(Article("a", "x", source="  ")) is None


def test_a_local_papers_bare_town_is_its_own(ctx: Context, tmp_path: Path) -> None:
    # our own sentence: a bare "Alexandria" is read as a larger namesake (Egypt's) unless the
    # outlet is known to be at home in Louisiana
    text = "Alexandria police arrested two men on Monday after a fire destroyed a mobile home on Dublin Road."
    alone = _place(_pipe(ctx, None), text, TOWN_TALK, "Alexandria")
    assert (alone.country, alone.admin1) != ("USA", "Louisiana")
    table = tmp_path / "outlets.tsv"
    write_outlet_homes(table, [OutletHome("thetowntalk.com", "USA", "Louisiana", 9, 10)])
    at_home = _place(_pipe(ctx, table), text, TOWN_TALK, "Alexandria")
    assert (at_home.country, at_home.admin1) == ("USA", "Louisiana")
    # another outlet's story is not pulled
    other = _place(_pipe(ctx, table), text, "https://example.org/a", "Alexandria")
    assert (other.country, other.admin1) == (alone.country, alone.admin1)


def test_the_home_region_does_not_move_a_world_capital(ctx: Context, tmp_path: Path) -> None:
    table = tmp_path / "outlets.tsv"
    write_outlet_homes(table, [OutletHome("parisnews.com", "USA", "Texas", 9, 10)])
    text = "French President Emmanuel Macron met the German chancellor in Paris on Tuesday."
    p = _place(_pipe(ctx, table), text, "https://parisnews.com/world/1", "Paris")
    assert p.country == "FRA"


def _doc(url: str | None, *regions: tuple[str, str]) -> AnnotatedDoc:
    doc = AnnotatedDoc(article=Article("a", "x", url=url))
    doc.places.extend(Place(0, 1, "x", country=c, admin1=a, feature="P.PPL") for c, a in regions)
    return doc


def test_homes_are_learnt_from_the_outlets_own_stories() -> None:
    local = "https://local.example/"
    wire = "https://wire.example/"
    docs = [
        _doc(local, ("USA", "Ohio"), ("USA", "Ohio"), ("USA", "Texas")),
        _doc(local, ("USA", "Ohio")),
        _doc(local, ("USA", "Ohio"), ("USA", "Indiana")),  # a tie: no vote
        _doc(local, ("USA", "Kentucky")),
        _doc(local, ("USA", "Ohio")),
        _doc(local),  # no place: no vote
        # a wire service spreads its votes over many regions
        _doc(wire, ("USA", "Ohio")),
        _doc(wire, ("NGA", "Kaduna")),
        _doc(wire, ("UKR", "Kherson")),
        _doc(None, ("USA", "Ohio")),  # no outlet
    ]
    (home,) = learn_outlet_homes(docs)
    assert home == OutletHome("local.example", "USA", "Ohio", 3, 4)
    assert learn_outlet_homes(docs, min_stories=5) == []
    # a country is no home region
    assert learn_outlet_homes([_doc(local, ("USA", "")) for _ in range(4)]) == []


def test_a_broken_outlets_table_is_one_error_naming_file_and_line(ctx: Context, tmp_path: Path) -> None:
    bad = tmp_path / "outlets.tsv"
    bad.write_text("outlet\tcountry\n", encoding="utf-8")
    with pytest.raises(OutletsError, match=r"outlets.tsv:1: the header"):
        load_outlet_homes(bad)
    bad.write_text("outlet\tcountry\tadmin1\tstories\tvoting\nx.com\tUSA\tOhio\tmany\t3\n", encoding="utf-8")
    with pytest.raises(OutletsError, match=r"outlets.tsv:2: stories and voting"):
        load_outlet_homes(bad)
    bad.write_text("outlet\tcountry\tadmin1\tstories\tvoting\nx.com\tUSA\tAtlantis\t3\t3\n", encoding="utf-8")
    with pytest.raises(OutletsError, match=r"x.com: no region 'Atlantis' in USA"):
        _pipe(ctx, bad).annotate([Article("a", "Flooding hit Ohio.")]).__next__()
    with pytest.raises(OutletsError, match=r"missing.tsv: cannot read"):
        load_outlet_homes(tmp_path / "missing.tsv")


def test_the_cli_writes_the_table_the_run_reads(tmp_path: Path) -> None:
    # our own short local stories from one outlet, each naming Louisiana towns
    texts = [
        "Pineville, Louisiana: the city council of Pineville approved a new fire station on Tuesday.",
        "A Natchitoches, Louisiana man was charged with burglary after a break-in at a store in Natchitoches.",
        "Leesville, Louisiana police closed a road near Fort Polk after a truck overturned.",
        "Flooding closed schools in Lafayette, Louisiana and Opelousas, Louisiana on Monday.",
    ]
    rows = [
        {
            "id": f"t{k}",
            "text": t,
            "date": "2021-03-0" + str(k + 1),
            "url": f"https://www.gazette.example/n/{k}",
        }
        for k, t in enumerate(texts)
    ]
    src = tmp_path / "feed.jsonl"
    src.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    out = tmp_path / "outlets.tsv"
    res = CliRunner().invoke(main, ["outlets", str(src), "-o", str(out)])
    assert res.exit_code == 0, res.output
    homes = load_outlet_homes(out)
    assert homes["gazette.example"].country == "USA"
    assert homes["gazette.example"].admin1 == "Louisiana"
    assert homes["gazette.example"].voting == 4
    # the Python API mirrors the command
    assert [h.outlet for h in eventwire.outlets([src])] == ["gazette.example"]
    # and a run given the table reads the outlet's bare town as its own
    story = tmp_path / "story.jsonl"
    story.write_text(
        json.dumps(
            {
                "id": "s",
                "text": "Alexandria police arrested two men on Monday after a fire destroyed a mobile home.",
                "url": "https://gazette.example/n/9",
            }
        )
        + "\n",
        encoding="utf-8",
    )
    res = CliRunner().invoke(
        main, ["extract", str(story), "--components", "entities,places", "--set", f"places.outlets={out}"]
    )
    assert res.exit_code == 0, res.output
    (doc,) = [json.loads(x) for x in res.stdout.splitlines() if x.startswith("{")]
    (alex,) = [p for p in doc["places"] if p["text"] == "Alexandria"]
    assert alex["admin1"] == "Louisiana"


def test_the_outlets_command_takes_the_reading_options_only() -> None:
    # it reads and places articles and codes nothing: no component, relevance or actor options
    out = CliRunner().invoke(main, ["outlets", "--help"]).output
    for opt in ("--format", "--field", "--date-order", "--processes", "--set", "--lang", "--rejects"):
        assert opt in out
    for opt in ("--components", "--min-relevance", "--actors"):
        assert opt not in out
