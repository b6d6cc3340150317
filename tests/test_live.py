"""`eventwire watch` against a feed server on 127.0.0.1 (tests/feedserver.py): items reach the
store and the API, broken feeds and pages each leave one reject with its reason, an updated
item replaces its article, kill -9 mid-poll and a restart end where an uninterrupted run does,
and the API answers while a watch writes to the same store. Nothing leaves the machine; the
articles are our own short texts about real events."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

import eventwire
from eventwire.cli import main
from eventwire.live import WatchOptions, feed_status
from eventwire.live.feeds import FeedError, parse_feed
from eventwire.pipeline import Pipeline
from eventwire.web.app import create_app
from feedserver import FeedServer, atom, page, rss

# --- our texts ----------------------------------------------------------------------------------
NIGER = [
    "Members of Niger's presidential guard detained President Mohamed Bazoum in the capital Niamey on Wednesday.",
    "Hours later, soldiers appeared on national television and said they had removed him from power and closed the borders.",
    "The African Union and ECOWAS condemned the takeover.",
]
SUDAN = [
    "Fighting broke out in Khartoum on Saturday between Sudan's army and the paramilitary Rapid Support Forces.",
    "Residents reported heavy gunfire near the presidential palace and the airport.",
    "The United Nations called on both sides to stop the fighting.",
]
FINLAND_DE = [
    "Finnland ist am Dienstag offiziell der NATO beigetreten.",
    "Außenminister Pekka Haavisto übergab die Beitrittsurkunde in Brüssel an die Vereinigten Staaten.",
    "Vor dem Hauptquartier des Bündnisses wurde die finnische Flagge gehisst, und Russland kündigte Gegenmaßnahmen an.",
]
KAKHOVKA = [
    "The Kakhovka dam on the Dnipro river was destroyed early on Tuesday, flooding villages downstream in the Kherson region.",
    "Ukrainian officials evacuated residents and accused Russian forces of blowing up the dam.",
    "Moscow blamed Ukraine for the destruction.",
]
KAKHOVKA_UPDATE = [
    *KAKHOVKA,
    "By Wednesday the water had risen by more than five metres in parts of Kherson, and rescuers moved hundreds of people to higher ground.",
]
WAGNER = [
    "Wagner fighters led by Yevgeny Prigozhin seized the military headquarters in Rostov-on-Don on Saturday and advanced toward Moscow.",
    "President Vladimir Putin called the mutiny a betrayal.",
    "Late in the day Prigozhin ordered his men to turn back after talks mediated by Belarus.",
]
BRASILIA = [
    "Supporters of former president Jair Bolsonaro stormed Brazil's Congress, Supreme Court and presidential palace in Brasília on Sunday.",
    "Police detained hundreds of rioters.",
    "President Luiz Inácio Lula da Silva condemned the attack on democracy.",
]
KARABAKH = [
    "Azerbaijan launched a military operation in Nagorno-Karabakh on Tuesday, shelling positions held by ethnic Armenian forces.",
    "Armenia accused Azerbaijan of ethnic cleansing.",
    "A ceasefire was agreed the next day.",
]
PERU = [
    "Peru's Congress removed President Pedro Castillo from office on Wednesday after he tried to dissolve the legislature.",
    "Police arrested Castillo in Lima.",
    "Vice President Dina Boluarte was sworn in as the country's first female president.",
]

STORED = 7  # niger, sudan, finland (de), kakhovka, wagner, brasilia, karabakh
BROKEN = {  # origin path -> what its one reject says
    "/feeds/slow.rss": "timed out",
    "/feeds/broken.rss": "HTTP 500",
    "/feeds/malformed.xml": "malformed feed XML",
    "/news/binary.html": "binary",
    "/news/huge.html": "over the 5,000,000-byte limit",
    "/private/leak.html": "robots.txt",
}


def _world(srv: FeedServer, kakhovka_updated: str = "2023-06-06T08:00:00Z") -> None:
    u = srv.url
    srv.set("/feeds/world.atom", atom("Test Wire: world", [
        {"link": u("/news/niger-coup.html"), "title": "Niger", "updated": "2023-07-26T18:00:00Z"},
        {"link": u("/news/sudan-fighting.html"), "title": "Sudan", "updated": "2023-04-15T12:00:00Z"},
        {"link": u("/news/finnland-nato.html"), "title": "Finnland", "updated": "2023-04-04T15:00:00Z"},
        {"link": u("/news/kakhovka-dam.html"), "title": "Kakhovka", "updated": kakhovka_updated},
        {"link": u("/news/binary.html"), "title": "A binary page", "updated": "2023-06-07T08:00:00Z"},
        {"link": u("/news/huge.html"), "title": "A 20 MB page", "updated": "2023-06-07T08:00:00Z"},
        {"link": u("/news/sudan-army-rsf-clashes.html?utm_source=feed"), "title": "Sudan (copy)",
         "updated": "2023-04-15T13:00:00Z"},
        {"link": u("/private/leak.html"), "title": "Not for robots", "updated": "2023-06-07T08:00:00Z"},
    ]), "application/atom+xml")  # fmt: skip


def feed_server() -> FeedServer:
    srv = FeedServer().start()
    srv.set("/robots.txt", "User-agent: *\nDisallow: /private/\n", "text/plain")
    pages = {
        "/news/niger-coup.html": page("Soldiers detain Niger's president", NIGER, date(2023, 7, 26)),
        "/news/sudan-fighting.html": page("Fighting erupts in Khartoum", SUDAN, date(2023, 4, 15)),
        "/news/sudan-army-rsf-clashes.html": page("Army and RSF clash in Sudan's capital", SUDAN, date(2023, 4, 15), site="Other Wire"),
        "/news/finnland-nato.html": page("Finnland tritt der NATO bei", FINLAND_DE, date(2023, 4, 4), lang="de"),
        "/news/kakhovka-dam.html": page("Kakhovka dam destroyed", KAKHOVKA, date(2023, 6, 6)),
        "/news/wagner-mutiny.html": page("Wagner fighters march on Moscow", WAGNER, date(2023, 6, 24)),
        "/news/brasilia-riots.html": page("Rioters storm Brazil's Congress", BRASILIA, date(2023, 1, 8)),
        "/news/karabakh-offensive.html": page("Azerbaijan attacks in Nagorno-Karabakh", KARABAKH, date(2023, 9, 19)),
        "/private/leak.html": page("Internal memo", NIGER, date(2023, 6, 7)),
    }  # fmt: skip
    for path, body in pages.items():
        srv.set(path, body)
    srv.set("/news/binary.html", bytes(range(256)) * 64, "text/html")  # served as HTML, is not
    srv.set("/news/huge.html", b"<html><body><p>" + b"word " * (4 * 1024 * 1024) + b"</p></body></html>")
    _world(srv)
    u = srv.url
    srv.set("/feeds/region.rss", rss("Test Wire: regions", [
        {"link": u("/news/wagner-mutiny.html"), "title": "Wagner", "day": date(2023, 6, 24)},
        {"link": u("/news/brasilia-riots.html"), "title": "Brasília", "day": date(2023, 1, 8)},
        {"link": u("/news/karabakh-offensive.html"), "title": "Karabakh", "day": date(2023, 9, 19)},
        {"link": u("/news/niger-coup.html"), "title": "Niger", "day": date(2023, 7, 26)},  # also in world.atom
    ]), "application/rss+xml")  # fmt: skip
    srv.set("/feeds/slow.rss", rss("slow", []), "application/rss+xml", delay=2.0)
    srv.set("/feeds/broken.rss", "internal error", "text/plain", status=500)
    srv.set(
        "/feeds/malformed.xml",
        "<rss><channel><item><title>Unclosed</item></channel></rss>",
        "application/rss+xml",
    )
    return srv


FEEDS = [
    "/feeds/world.atom",
    "/feeds/region.rss",
    "/feeds/slow.rss",
    "/feeds/broken.rss",
    "/feeds/malformed.xml",
]
OPTIONS = WatchOptions(delay=0.0, timeout=1.0)


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline()


def _counts(db: Path) -> dict[str, Any]:
    """What a watch leaves in the store: articles, events, items by status, rejects."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        one = lambda sql: con.execute(sql).fetchone()[0]  # noqa: E731
        return {
            "articles": one("SELECT count(*) FROM articles"),
            "distinct_urls": one("SELECT count(DISTINCT url) FROM articles"),
            "events": one("SELECT count(*) FROM events"),
            "items": dict(con.execute("SELECT status, count(*) FROM feed_items GROUP BY 1").fetchall()),
            "rejects": Counter(con.execute("SELECT origin, reason FROM rejects").fetchall()),
        }
    finally:
        con.close()


def _broken_ok(srv: FeedServer, rejects: Counter[tuple[str, str]]) -> None:
    by_origin = Counter(o for o, _ in rejects.elements())
    for path, needle in BROKEN.items():
        assert by_origin[srv.url(path)] == 1, (path, rejects)
        (reason,) = [r for o, r in rejects if o == srv.url(path)]
        assert needle in reason, (path, reason)
    assert sum(by_origin.values()) == len(BROKEN), rejects


# --- tests --------------------------------------------------------------------------------------
def test_feeds_are_parsed_and_bad_ones_refused() -> None:
    f = parse_feed(
        rss("x", [{"link": "/a.html", "title": "A", "day": date(2023, 1, 8)}]).encode(), "http://h.test/feed"
    )
    assert f.format == "rss" and f.items[0].link == "http://h.test/a.html" and f.items[0].stamp
    f = parse_feed(
        atom("y", [{"link": "b.html", "title": "B", "updated": "2023-01-01T00:00:00Z"}]).encode(),
        "http://h.test/f/",
    )
    assert f.format == "atom" and f.items[0].link == "http://h.test/f/b.html"
    for bad, why in [(b"", "empty"), (b"<html><body>hi</body></html>", "not an RSS or Atom feed"),
                     (b"<rss><channel>", "malformed"),
                     (b'<!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><rss><channel><item><title>&b;</title>'
                      b"<link>http://h.test/x</link></item></channel></rss>", None)]:  # fmt: skip
        if why is None:  # entities are not expanded (no "billion laughs")
            assert "aaaa" not in (parse_feed(bad, "http://h.test/").items[0].title or "")
            continue
        with pytest.raises(FeedError, match=why):
            parse_feed(bad, "http://h.test/")


def test_watch_stores_items_rejects_broken_ones_and_follows_updates(
    tmp_path: Path, pipeline: Pipeline
) -> None:
    srv = feed_server()
    db = tmp_path / "live.duckdb"
    feeds = [srv.url(p) for p in FEEDS]
    try:
        s = eventwire.watch(feeds, db=db, once=True, options=OPTIONS, pipeline=pipeline)
        assert s.polls == 1 and s.totals["stored"] == STORED and s.totals["duplicates"] == 1, s.totals
        c = _counts(db)
        assert c["articles"] == c["distinct_urls"] == STORED and c["events"] > 0
        assert c["items"] == {"stored": STORED, "duplicate": 1, "rejected": 3}
        _broken_ok(srv, c["rejects"])
        assert srv.hits["/news/niger-coup.html"] == 1  # listed by two feeds, fetched once
        con = duckdb.connect(str(db), read_only=True)
        lang, n_events, title = con.execute(
            "SELECT lang, n_events, title FROM articles WHERE url LIKE '%finnland-nato%'"
        ).fetchone()
        dup_of = con.execute(
            "SELECT duplicate_of FROM feed_items WHERE url LIKE '%sudan-army-rsf%'"
        ).fetchone()[0]
        sudan = con.execute("SELECT id FROM articles WHERE url LIKE '%sudan-fighting%'").fetchone()[0]
        con.close()
        assert (lang, n_events, title) == ("de", 0, "Finnland tritt der NATO bei")  # stored, not coded
        assert dup_of == sudan

        with TestClient(create_app(str(db))) as client:
            st = client.get("/api/stats", params={"include_irrelevant": True}).json()
            assert st["counts"]["articles"] == STORED and st["last_update"] and st["last_poll"]
            found = client.get("/api/search", params={"q": "Bazoum"}).json()
            assert any("Niamey" in (a.get("snippet") or "") for a in found["articles"]), found
            de = client.get("/api/articles", params={"lang": "de"}).json()
            assert [a["title"] for a in de["items"]] == ["Finnland tritt der NATO bei"]
            assert client.get("/api/events", params={"q": "Prigozhin"}).json()["total"] > 0
        time.sleep(1.0)  # the app gives up its read-only connection when idle (this process writes next)

        # an update: the feed says the item changed, and its page did
        srv.set("/news/kakhovka-dam.html", page("Kakhovka dam destroyed", KAKHOVKA_UPDATE, date(2023, 6, 6)))
        _world(srv, kakhovka_updated="2023-06-07T09:00:00Z")
        mark = len(srv.log)
        s = eventwire.watch(feeds, db=db, once=True, options=OPTIONS, pipeline=pipeline)
        assert s.totals["updated"] == 1 and s.totals["stored"] == 0 and s.totals["fetched"] == 1, s.totals
        later = srv.log[mark:]
        assert ("/feeds/region.rss", 304) in later  # conditional GET: the unchanged feed was not sent again
        assert not any(p.startswith("/news/") and p != "/news/kakhovka-dam.html" for p, _ in later)
        c2 = _counts(db)
        assert c2["articles"] == STORED and c2["rejects"] == c["rejects"]  # the same errors: no new rejects
        con = duckdb.connect(str(db), read_only=True)
        text = con.execute("SELECT text FROM articles WHERE url LIKE '%kakhovka%'").fetchone()[0]
        con.close()
        assert "five metres" in text

        rows = {r["url"]: r for r in feed_status(db)}
        assert (
            rows[srv.url("/feeds/world.atom")]["stored"] == 4
            and rows[srv.url("/feeds/slow.rss")]["errors"] == 2
        )
        out = CliRunner().invoke(main, ["feeds", "--db", str(db)])
        assert out.exit_code == 0 and "timed out" in out.output and "region.rss" in out.output, out.output
    finally:
        srv.stop()


def test_folders_new_and_changed_files(tmp_path: Path, pipeline: Pipeline) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    old = time.time() - 10  # older than the settle time: not being written any more
    (inbox / "wagner.txt").write_text(" ".join(WAGNER), encoding="utf-8")
    (inbox / "peru.jsonl").write_text(
        json.dumps({"id": "peru", "text": " ".join(PERU), "date": "2022-12-07"}) + "\n{oops\n"
    )
    (inbox / "notes.md").write_text("not an input format", encoding="utf-8")
    for f in inbox.iterdir():
        os.utime(f, (old, old))
    db = tmp_path / "f.duckdb"
    s = eventwire.watch(folders=[inbox], db=db, once=True, options=OPTIONS, pipeline=pipeline)
    assert s.totals["stored"] == 2 and s.totals["rejected"] == 1, s.totals  # the broken JSON line
    (inbox / "brasilia.txt").write_text(" ".join(BRASILIA), encoding="utf-8")
    os.utime(inbox / "brasilia.txt", (old, old))
    s = eventwire.watch(folders=[inbox], db=db, once=True, options=OPTIONS, pipeline=pipeline)
    assert s.totals["stored"] == 1 and s.totals["fetched"] == 1, s.totals  # only the new file is read
    assert _counts(db)["articles"] == 3


def _done_items(db: Path) -> int:
    """Items a watch in another process has finished with (read between its writes)."""
    from eventwire.store.duckdb_store import connect

    if not db.exists():
        return 0
    try:
        con = connect(db, read_only=True, timeout=5)
    except duckdb.Error:  # the schema is being made
        return 0
    try:
        return con.execute("SELECT count(*) FROM feed_items WHERE status <> 'pending'").fetchone()[0]
    except duckdb.CatalogException:
        return 0
    finally:
        con.close()


def _watch_cmd(feeds_file: Path, db: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "eventwire.cli", "watch", "--feeds", str(feeds_file), "--db", str(db),
            "--delay", "0", "--timeout", "1", *extra]  # fmt: skip


def test_kill_9_mid_poll_then_restart_ends_as_an_uninterrupted_run(
    tmp_path: Path, pipeline: Pipeline
) -> None:
    srv = feed_server()
    feeds_file = tmp_path / "feeds.txt"
    feeds_file.write_text("# test feeds\n" + "\n".join(srv.url(p) for p in FEEDS) + "\n", encoding="utf-8")
    try:
        eventwire.watch(
            [srv.url(p) for p in FEEDS],
            db=tmp_path / "ref.duckdb",
            once=True,
            options=OPTIONS,
            pipeline=pipeline,
        )
        want = _counts(tmp_path / "ref.duckdb")

        db = tmp_path / "killed.duckdb"
        srv.hold_after(4)  # four pages, then the others wait: the poll is killed half way
        mark = len(srv.log)
        proc = subprocess.Popen(_watch_cmd(feeds_file, db, "--once", "--batch-size", "1"),
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
        deadline = time.monotonic() + 90
        while _done_items(db) < 3:  # kill once a few items are stored (the rest are held)
            assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert proc.returncode == -signal.SIGKILL

        con = duckdb.connect(str(db), read_only=True)
        done = {r[0] for r in con.execute("SELECT link FROM feed_items WHERE status <> 'pending'").fetchall()}
        pending = con.execute("SELECT count(*) FROM feed_items WHERE status = 'pending'").fetchone()[0]
        con.close()
        assert pending > 0, "killed after the poll: nothing to resume"
        assert done, "killed before anything was stored: nothing to check the restart against"
        print(f"killed with {len(done)} items done, {pending} pending")

        srv.release()
        mark = len(srv.log)  # the restart (in this process: the models are loaded already)
        eventwire.watch([srv.url(p) for p in FEEDS], db=db, once=True, options=OPTIONS, pipeline=pipeline)
        refetched = {srv.url(p) for p, _ in srv.log[mark:] if p.startswith(("/news/", "/private/"))}
        assert not refetched & done, refetched & done  # nothing finished before the kill is fetched again
        got = _counts(db)
        assert got == want, (got, want)
        assert got["articles"] == got["distinct_urls"] == STORED
        _broken_ok(srv, got["rejects"])
    finally:
        srv.stop()


def test_the_api_answers_while_watch_writes(tmp_path: Path) -> None:
    srv = feed_server()
    feeds_file = tmp_path / "feeds.txt"
    feeds_file.write_text("\n".join(srv.url(p) for p in FEEDS[:2]), encoding="utf-8")
    db = tmp_path / "served.duckdb"
    proc = subprocess.Popen(_watch_cmd(feeds_file, db, "--interval", "1", "--batch-size", "2"),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
    statuses: Counter[int] = Counter()
    try:
        deadline = time.monotonic() + 90
        while not db.exists():
            assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()
            time.sleep(0.1)
        with TestClient(create_app(str(db))) as client:

            def ask(url: str, **params: Any) -> Any:
                r = client.get(url, params=params)
                statuses[r.status_code] += 1
                return r.json() if r.status_code == 200 else None

            def wait_for(pred: Any, what: str, limit: float) -> float:
                start = time.monotonic()
                while not pred():
                    assert proc.poll() is None, proc.communicate()
                    assert time.monotonic() - start < limit, f"{what}: not within {limit} s"
                    ask("/api/events", limit=20)  # the dashboard keeps asking meanwhile
                    time.sleep(0.2)
                return time.monotonic() - start

            wait_for(lambda: ((ask("/api/stats", include_irrelevant=True) or {}).get("counts") or {}).get("articles") == STORED,
                     "the first poll's articles", 90)  # fmt: skip
            # a new item while both run: searchable within a poll or two
            srv.set(
                "/news/peru-castillo.html", page("Peru's Congress removes Castillo", PERU, date(2022, 12, 7))
            )
            srv.set("/feeds/region.rss", rss("Test Wire: regions", [
                {"link": srv.url("/news/peru-castillo.html"), "title": "Peru", "day": date(2022, 12, 7)},
            ]), "application/rss+xml")  # fmt: skip
            took = wait_for(
                lambda: bool((ask("/api/search", q="Boluarte") or {}).get("articles")), "the new item", 30
            )
            print(f"new item searchable after {took:.1f} s")
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0 and "watch (run" in out, (out, err)
        assert set(statuses) == {200}, statuses
        con = duckdb.connect(str(db), read_only=True)
        assert con.execute("SELECT count(*) FROM runs WHERE finished IS NULL").fetchone()[0] == 0
        con.close()
    finally:
        if proc.poll() is None:
            proc.kill()
        srv.stop()


def test_watch_serve_answers_from_the_same_process(tmp_path: Path, pipeline: Pipeline) -> None:
    """`watch --serve`: the API reads through the watch's own connection (no file lock turns)."""
    import socket
    import threading

    import httpx

    srv = feed_server()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    db = tmp_path / "one.duckdb"
    stop = threading.Event()
    polls: list[Any] = []
    options = WatchOptions(delay=0.0, timeout=1.0, interval=1.0, batch_size=2)
    t = threading.Thread(target=lambda: eventwire.watch(
        [srv.url(p) for p in FEEDS[:2]], db=db, interval=1.0, options=options, pipeline=pipeline, stop=stop,
        on_poll=polls.append, serve={"host": "127.0.0.1", "port": port}))  # fmt: skip
    t.start()
    try:
        base = f"http://127.0.0.1:{port}/api/"
        deadline = time.monotonic() + 60
        seen: list[int] = []
        while time.monotonic() < deadline:
            try:
                r = httpx.get(base + "stats", params={"include_irrelevant": True}, timeout=10)
            except httpx.TransportError:  # not listening yet
                time.sleep(0.1)
                continue
            assert r.status_code == 200, r.text
            seen.append(r.json()["counts"]["articles"])
            if seen[-1] == STORED:
                break
            time.sleep(0.1)
        assert seen and seen[-1] == STORED, seen
        assert seen[0] < STORED  # answered while the first poll was storing
        srv.set("/news/peru-castillo.html", page("Peru's Congress removes Castillo", PERU, date(2022, 12, 7)))
        srv.set("/feeds/region.rss", rss("regions", [
            {"link": srv.url("/news/peru-castillo.html"), "title": "Peru", "day": date(2022, 12, 7)}]),
            "application/rss+xml")  # fmt: skip
        start = time.monotonic()
        while not httpx.get(base + "search", params={"q": "Boluarte"}, timeout=10).json()["articles"]:
            assert time.monotonic() - start < 20, "the new item is not searchable"
            time.sleep(0.2)
    finally:
        stop.set()
        t.join(30)
        srv.stop()
    assert not t.is_alive() and polls
    with pytest.raises(httpx.TransportError):  # the server stopped with the watch
        httpx.get(base + "stats", timeout=2)
