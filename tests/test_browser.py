"""The dashboard in a real browser: Debian's headless chromium driven by npm playwright-core
(tests/browser/dashboard.mjs) against `eventwire serve` on a free loopback port.

Screenshots go to $EVENTWIRE_SCREENSHOTS (default ./screenshots); the path is printed.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from eventwire.store.duckdb_store import Store

ROOT = Path(__file__).resolve().parents[1]
BROWSER_DIR = ROOT / "tests" / "browser"

pytestmark = pytest.mark.browser


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def browser_ready() -> None:
    if not (shutil.which("apt-get") or shutil.which("chromium")) or not shutil.which("npm"):
        pytest.skip("needs apt-get (or an installed chromium) and npm to set up the browser")
    subprocess.run(["bash", str(ROOT / "scripts" / "setup_browser.sh")], check=True, timeout=900)


def serve(db: Path) -> tuple[subprocess.Popen[str], str]:
    """`eventwire serve` in a subprocess; returns it and its base URL once it answers."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "eventwire.cli", "serve", "--db", str(db), "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited: {proc.stdout.read() if proc.stdout else ''}")
        try:
            with urllib.request.urlopen(url + "api/stats", timeout=5) as r:
                if r.status == 200:
                    return proc, url
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("server did not start")


# languages given to the synthetic store's articles (gen_store writes English only): a fifth
# German, a tenth French, by article id, so that the dashboard's language filter has work to do
LANGUAGES = "CASE WHEN hash(id) % 10 IN (0, 1) THEN 'de' WHEN hash(id) % 10 = 2 THEN 'fr' ELSE 'en' END"


def set_languages(db: Path) -> dict[str, dict[str, int]]:
    """Give the store's articles LANGUAGES (column and stored document alike); return the
    articles and the events per language."""
    import duckdb

    con = duckdb.connect(str(db))
    try:
        con.execute(f"UPDATE articles SET lang = {LANGUAGES}")
        con.execute("""UPDATE articles SET doc = json_merge_patch(doc, json_object('lang', lang))""")
        articles = dict(con.execute("SELECT lang, count(*) FROM articles GROUP BY 1").fetchall())
        events = dict(
            con.execute(
                "SELECT a.lang, count(*) FROM events e JOIN articles a ON a.id = e.article_id GROUP BY 1"
            ).fetchall()
        )
    finally:
        con.close()
    return {"articles": articles, "events": events}


LANG_COUNTS: dict[str, dict[str, int]] = {}


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    folder = tmp_path_factory.mktemp("browser")
    spec = importlib.util.spec_from_file_location("gen_store", ROOT / "benchmarks" / "gen_store.py")
    assert spec and spec.loader
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    gen.generate(folder / "data.duckdb", articles=300, events=1500, seed=21)
    LANG_COUNTS.update(set_languages(folder / "data.duckdb"))
    Store(folder / "empty.duckdb")
    procs = []
    try:
        full, full_url = serve(folder / "data.duckdb")
        procs.append(full)
        empty, empty_url = serve(folder / "empty.duckdb")
        procs.append(empty)
        yield full_url, empty_url
    finally:
        for p in procs:
            p.terminate()
            p.wait(timeout=10)


def test_dashboard_in_chromium(browser_ready: None, servers: tuple[str, str]) -> None:
    shots = Path(os.environ.get("EVENTWIRE_SCREENSHOTS", "screenshots")).resolve()
    shots.mkdir(parents=True, exist_ok=True)
    full_url, empty_url = servers
    run = subprocess.run(
        ["node", str(BROWSER_DIR / "dashboard.mjs"), full_url, empty_url, str(shots)],
        cwd=BROWSER_DIR, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    print(f"screenshots: {shots}")
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout.strip().splitlines()[-1])
    assert "failure" not in out, out.get("failure")
    assert out["errors"] == []  # no script errors, failed or off-machine requests

    o = out["steps"]["overview"]
    assert o["timelineBars"] > 10 and o["mapMarkers"] > 0 and o["networkNodes"] > 3 and o["networkEdges"] > 3
    assert o["listItems"] == 50 and o["listCount"].replace(",", "").startswith("15")  # ~1500 events
    assert re.fullmatch(r"updated \d+ (s|min|h) ago", o["updated"]), o["updated"]  # /api/stats last_update

    total = int(o["listCount"].split()[0].replace(",", ""))
    a = out["steps"]["acled"]  # the ACLED-type filter, the ACLED type and the main-event badge
    assert a["mainOnly"] == 1 and a["options"] and a["tags"] > 0 and a["mainBadges"] > 0
    assert 0 < int(a["listCount"].split()[0].replace(",", "")) < total and "acled_type=" in a["hash"]
    assert a["itemTags"] and all(t.startswith(a["options"][0]) for t in a["itemTags"])

    lg = out["steps"]["language"]  # the language select: the store's languages with their counts
    arts, evs = LANG_COUNTS["articles"], LANG_COUNTS["events"]
    assert [o["value"] for o in lg["options"]] == sorted(arts, key=lambda k: (-arts[k], k))  # most first
    for opt in lg["options"]:
        note = "" if opt["value"] == "en" else ", not coded"
        assert opt["text"] == f"{opt['value']} · {arts[opt['value']]:,} articles{note}", opt
    assert int(lg["listCount"].split()[0].replace(",", "")) == evs["de"] == lg["apiTotal"] < total
    assert "lang=de" in lg["hash"] and lg["filtersToggle"] == "Filters (1)"
    assert lg["itemLangs"] and set(lg["itemLangs"]) == {"de"}  # the listed events are German articles'
    # every panel asked the API for German events only: list, timeline, map and network
    asked = {path: [("lang=de" in u) for u in urls] for path, urls in lg["requests"].items()}
    assert set(asked) >= {"events", "timeline", "places.geojson", "actors/network"}, asked
    assert all(all(v) for v in asked.values()), lg["requests"]
    assert lg["sharedValue"] == "de"  # the URL alone restores the choice
    assert lg["clearedCount"] == o["listCount"]

    f = out["steps"]["filtered"]
    filtered = int(f["listCount"].split()[0].replace(",", ""))
    assert 0 < filtered < total
    assert f["badges"] and all(b == "badge q4" for b in f["badges"])  # only material conflict listed
    assert "quad_class=4" in f["hash"]

    r = out["steps"]["reader"]
    assert r["highlighted"] == r["listEvidence"] != ""  # the evidence sentence is what is highlighted
    assert r["entities"] > 0 and r["places"] > 0 and r["triggers"] > 0
    assert "event=" in r["hash"]
    # gen_store gives every article one accident the coder withheld (AnnotatedDoc.withheld)
    assert len(r["withheld"]) == 1 and "not coded: accident" in r["withheld"][0], r["withheld"]
    assert "ASSAULT?" in r["withheld"][0] and "A fire at a warehouse" in r["withheld"][0]
    assert r["withheldMarks"] == 1  # its trigger word is marked in the text
    assert out["steps"]["shared"] == {"quad4Checked": True, "highlighted": r["highlighted"]}

    b = out["steps"]["brush"]
    assert "start=" in b["hash"] and "end=" in b["hash"]
    assert int(b["listCount"].split()[0].replace(",", "")) < filtered
    assert "actor=" in out["steps"]["network"]["hash"]

    s = out["steps"]["story"]
    assert s["events"] > 0  # one line per canonical event (an empty panel once hid a store bug)
    assert 0 < s["related"] <= 20  # the other stories of its topic
    assert s["openedTitle"] == s["relatedTitle"]  # a related story opens on click

    n = out["steps"]["narrow"]
    assert n["scrollWidth"] <= n["innerWidth"] + 1  # no horizontal scrolling on a phone

    e = out["steps"]["empty"]
    assert e["bannerVisible"] and "eventwire run" in e["banner"]
    assert "No events" in e["listEmpty"]
    shots_taken = "01-overview 02-filtered 03-reader 04-brushed-actor 05-narrow 06-empty 07-story 08-language"
    for name in shots_taken.split():
        assert (shots / f"{name}.png").stat().st_size > 10_000
