"""`eventwire watch` throughput with the dashboard API queried meanwhile (issue 22).

2,000 short articles (our own template sentences about protests, shelling, talks, aid and
sanctions in real places) over 20 local feeds (10 Atom, 10 RSS) served from 127.0.0.1 by
tests/feedserver.py. For each way of serving a store that is being watched:

- ``separate``: `eventwire watch` and `eventwire serve` as two processes on one file (they take
  turns at DuckDB's file lock);
- ``--serve``: `eventwire watch --serve`, one process (the API reads through the watch's own
  connection, DuckDB MVCC);

one poll fetches, codes and stores every item while a client asks the API what the dashboard
asks (stats, events, timeline, map, network, search) back to back, 0.2 s apart. Prints articles/s
(stored / poll time, models loaded already) and the API latencies (p50, p95, max, failures).

    .venv/bin/python benchmarks/watch.py [--items 2000] [--feeds 20] [--modes separate,serve] [--processes 1]
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("feedserver", ROOT / "tests" / "feedserver.py")
assert spec and spec.loader
feedserver = importlib.util.module_from_spec(spec)
sys.modules["feedserver"] = feedserver  # dataclasses look their module up
spec.loader.exec_module(feedserver)

PLACES = [("Kharkiv", "Ukraine"), ("Khartoum", "Sudan"), ("Goma", "DR Congo"), ("Tbilisi", "Georgia"),
          ("Dhaka", "Bangladesh"), ("Nairobi", "Kenya"), ("Lima", "Peru"), ("Niamey", "Niger"),
          ("Yerevan", "Armenia"), ("Caracas", "Venezuela"), ("Manila", "Philippines"), ("Bamako", "Mali"),
          ("Colombo", "Sri Lanka"), ("Quito", "Ecuador"), ("Port-au-Prince", "Haiti"), ("Kabul", "Afghanistan")]  # fmt: skip
STATES = ["Russia", "Ukraine", "China", "India", "Turkey", "Iran", "France", "Brazil", "Nigeria", "Japan",
          "Poland", "Egypt", "Kenya", "Mexico", "Indonesia", "Germany"]  # fmt: skip
TEMPLATES = [
    "Thousands of protesters marched through {city} on {day} to demand early elections. Police in {country} detained {n} people, a rights group said.",
    "Artillery shelled the outskirts of {city} on {day}, wounding {n} civilians, the regional governor of {country} said.",
    "The foreign ministers of {a} and {b} met in {city} on {day} and agreed to resume talks on trade. They signed {n} agreements.",
    "{a} accused {b} of sending weapons to armed groups near {city}. The {a} foreign ministry summoned the {b} ambassador on {day}.",
    "Aid agencies delivered food to {n} families in {city} on {day}, after floods cut roads across {country}.",
    "{a} announced sanctions on {n} officials from {b} on {day}, citing the crackdown on journalists in {city}.",
    "Gunmen attacked a police station in {city} on {day}, killing {n} officers, the interior ministry of {country} said.",
    "The government of {country} declared a state of emergency in {city} on {day} after {n} days of unrest.",
]  # fmt: skip


def texts(n: int, seed: int = 7) -> list[tuple[str, str, date]]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        city, country = rng.choice(PLACES)
        a, b = rng.sample(STATES, 2)
        day = date(2023, 1, 1) + timedelta(days=rng.randrange(365))
        body = rng.choice(TEMPLATES).format(
            city=city, country=country, a=a, b=b, n=5 + i, day=day.strftime("%A")
        )
        out.append((f"{city}: report {i}", body, day))
    return out


def build_server(items: int, feeds: int) -> tuple[object, list[str]]:
    srv = feedserver.FeedServer().start()
    srv.set("/robots.txt", "User-agent: *\nAllow: /\n", "text/plain")
    docs = texts(items)
    per = -(-items // feeds)
    urls = []
    for f in range(feeds):
        entries = []
        for i in range(f * per, min(items, (f + 1) * per)):
            title, body, day = docs[i]
            path = f"/news/{f}/{i}.html"
            srv.set(path, feedserver.page(title, [body], day))
            entries.append({"link": srv.url(path), "title": title, "day": day,
                            "updated": f"{day.isoformat()}T08:00:00Z"})  # fmt: skip
        if f % 2:
            srv.set(f"/feeds/{f}.rss", feedserver.rss(f"feed {f}", entries), "application/rss+xml")
            urls.append(srv.url(f"/feeds/{f}.rss"))
        else:
            srv.set(f"/feeds/{f}.atom", feedserver.atom(f"feed {f}", entries), "application/atom+xml")
            urls.append(srv.url(f"/feeds/{f}.atom"))
    return srv, urls


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


DASHBOARD = [
    ("stats", {}), ("events", {"limit": 50}), ("timeline", {}), ("places.geojson", {}),
    ("actors/network", {"limit": 60}), ("search", {"q": "protesters"}),
]  # fmt: skip


class ApiLoad(threading.Thread):
    """Asks the API what the dashboard asks, one request after another, 0.2 s apart."""

    def __init__(self, base: str) -> None:
        super().__init__(daemon=True)
        self.base = base
        self.requests: list[tuple[float, float, int | str]] = []  # (start, seconds, status)
        self.stop = threading.Event()
        self.recording = threading.Event()

    def run(self) -> None:
        with httpx.Client(base_url=self.base, timeout=60) as c:
            k = 0
            while not self.stop.is_set():
                path, params = DASHBOARD[k % len(DASHBOARD)]
                k += 1
                t = time.perf_counter()
                try:
                    status: int | str = c.get("/api/" + path, params=params).status_code
                except httpx.HTTPError as exc:
                    status = type(exc).__name__
                if self.recording.is_set():
                    self.requests.append((t, time.perf_counter() - t, status))
                self.stop.wait(0.2)


def wait_http(url: str, limit: float = 120) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer")


def run_mode(mode: str, feed_urls: list[str], items: int, processes: int, work: Path) -> dict[str, object]:
    db = work / f"{mode}.duckdb"
    feeds_file = work / "feeds.txt"
    feeds_file.write_text("\n".join(feed_urls), encoding="utf-8")
    port = free_port()
    exe = [sys.executable, "-m", "eventwire.cli"]
    watch = [*exe, "watch", "--feeds", str(feeds_file), "--db", str(db), "--once", "--delay", "0",
             "--max-pages", str(items), "--processes", str(processes)]  # fmt: skip
    procs = []
    if mode == "serve":
        watch += ["--serve", "--port", str(port)]
    else:
        subprocess.run([*exe, "stats", "--db", str(db)], capture_output=True, check=True)  # an empty store
        procs.append(subprocess.Popen([*exe, "serve", "--db", str(db), "--port", str(port)],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))  # fmt: skip
    started = time.monotonic()
    w = subprocess.Popen(watch, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    procs.append(w)
    err_lines: list[str] = []
    polled = threading.Event()  # the poll is over (the watch prints its line): stop counting

    def read_err() -> None:
        assert w.stderr is not None
        for line in w.stderr:
            err_lines.append(line.rstrip("\n"))
            if line.startswith("poll:"):
                polled.set()
        polled.set()  # the watch ended (without a poll line if it failed)

    reader = threading.Thread(target=read_err, daemon=True)
    reader.start()
    base = f"http://127.0.0.1:{port}"
    load = ApiLoad(base)
    try:
        wait_http(base + "/api/stats")
        load.start()
        load.recording.set()
        polled.wait(3600)
        ended = time.perf_counter()
        out = w.stdout.read() if w.stdout else ""
        w.wait(120)
        reader.join(10)
        err = "\n".join(err_lines)
        wall = time.monotonic() - started
    finally:
        load.stop.set()
        for p in procs:
            if p.poll() is None:
                p.terminate()
                p.wait(30)
    poll = next((ln for ln in err.splitlines() if ln.startswith("poll:")), "")
    m = re.search(r"stored (\d+).*; ([\d.]+) s$", poll)
    stored, seconds = (int(m.group(1)), float(m.group(2))) if m else (0, float("nan"))
    # requests answered during the poll (with --serve the server stops with the watch)
    kept = [(took, status) for t, took, status in load.requests if t + took < ended]
    lat = sorted(took for took, _ in kept)
    failures: dict[int | str, int] = {}
    for _, status in kept:
        if status != 200:
            failures[status] = failures.get(status, 0) + 1
    q = statistics.quantiles(lat, n=100) if len(lat) >= 2 else [float("nan")] * 99
    return {
        "mode": mode, "stored": stored, "poll_s": seconds, "wall_s": wall,
        "articles_per_s": stored / seconds if seconds else 0.0,
        "api_requests": len(lat), "api_p50_ms": 1000 * q[49], "api_p95_ms": 1000 * q[94],
        "api_max_ms": 1000 * (lat[-1] if lat else float("nan")), "api_failures": failures,
        "watch_exit": w.returncode, "summary": out.strip() or err.strip()[-2000:],
    }  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--items", type=int, default=2000)
    ap.add_argument("--feeds", type=int, default=20)
    ap.add_argument("--modes", default="separate,serve")
    ap.add_argument("--processes", type=int, default=1)
    args = ap.parse_args()
    srv, urls = build_server(args.items, args.feeds)
    print(f"{args.items} items over {len(urls)} feeds on {srv.base}; annotation processes: {args.processes}")
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for mode in args.modes.split(","):
                r = run_mode(mode, urls, args.items, args.processes, Path(tmp))
                print(
                    f"{r['mode']:9} stored {r['stored']} in a {r['poll_s']:.1f} s poll: {r['articles_per_s']:.1f} articles/s "
                    f"(wall {r['wall_s']:.1f} s with model load) | API {r['api_requests']} requests: "
                    f"p50 {r['api_p50_ms']:.0f} ms, p95 {r['api_p95_ms']:.0f} ms, max {r['api_max_ms']:.0f} ms, "
                    f"failures {r['api_failures'] or 0} | watch exit {r['watch_exit']}"
                )
                print("          " + str(r["summary"]))
    finally:
        srv.stop()


if __name__ == "__main__":
    main()
