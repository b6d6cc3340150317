"""Latency of the dashboard's heavy endpoints over a large store: timeline, map
(places.geojson), network and a filtered event list, each with a mix of realistic filters.

The server runs as `eventwire serve` does (uvicorn, in a thread of this process) on a free
loopback port; requests go over HTTP one at a time, as a dashboard user's do.

    python benchmarks/gen_store.py --out /tmp/big.duckdb --articles 200000 --events 1000000
    python benchmarks/api.py --db /tmp/big.duckdb
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import threading
import time
from typing import Any

import httpx
import uvicorn

from eventwire.web.app import create_app

FILTERS: list[dict[str, Any]] = [
    {},
    {"type": "ASSAULT"},
    {"quad_class": "3,4"},
    {"actor": "NATO"},
    {"country": "UKR", "modality": "asserted"},
    {"start": "2023-01-01", "end": "2023-12-31"},
    {"start": "2024-03-01", "end": "2024-03-31", "quad_class": "4"},
    {"source": "Russia Armed Forces", "target": "Ukraine Government"},
    {"bbox": "22,44,40,53"},
    {"q": "missile"},
]
ENDPOINTS = {
    "timeline": ("/api/timeline", {}),
    "map": ("/api/places.geojson", {}),
    "network": ("/api/actors/network", {"limit": 60}),
    "list": ("/api/events", {"limit": 50}),
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(p / 100 * (len(xs) - 1)))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", required=True, help="store to serve (see benchmarks/gen_store.py)")
    ap.add_argument("--rounds", type=int, default=5, help="passes over every filter mix per endpoint")
    ap.add_argument(
        "--no-writer-gaps",
        action="store_true",
        help="never give up the read connection under steady load (the default server releases it"
        " every 10 s for about 1 s so that a concurrent ingest can write; that pause lands in p95/max)",
    )
    args = ap.parse_args()

    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(args.db), host="127.0.0.1", port=port, log_level="warning")
    )
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    with httpx.Client(base_url=base, timeout=60) as client:
        t0 = time.perf_counter()
        stats = client.get("/api/stats").json()
        first = (time.perf_counter() - t0) * 1000
        print(
            f"store: {args.db}: {stats['counts']['events']:,} events, {stats['counts']['articles']:,} articles"
        )
        print(f"first request (opens the store, computes facets): /api/stats {first:.0f} ms")
        t0 = time.perf_counter()
        client.get("/api/events", params={"q": "retaliation", "limit": 50}).raise_for_status()
        print(
            f"first full-text filter (looks the words up, then cached per store version): {(time.perf_counter() - t0) * 1000:.0f} ms"
        )
        t0 = time.perf_counter()
        client.get("/api/search", params={"q": "humanitarian aid"}).raise_for_status()
        print(
            f"/api/search (BM25 over 200k-article and event indexes): {(time.perf_counter() - t0) * 1000:.0f} ms"
        )
        for f in FILTERS:  # one warm-up pass: the OS page cache, not the answers, is what warms
            for path, extra in ENDPOINTS.values():
                client.get(path, params={**extra, **f}).raise_for_status()
        times: dict[str, list[float]] = {k: [] for k in ENDPOINTS}
        cpu: dict[str, list[float]] = {k: [] for k in ENDPOINTS}
        worst: dict[str, tuple[float, dict[str, Any]]] = {}
        for _ in range(args.rounds):
            for f in FILTERS:
                for name, (path, extra) in ENDPOINTS.items():
                    t, c = time.perf_counter(), time.process_time()
                    r = client.get(path, params={**extra, **f})
                    ms = (time.perf_counter() - t) * 1000
                    cpu[name].append((time.process_time() - c) * 1000)
                    r.raise_for_status()
                    times[name].append(ms)
                    if ms > worst.get(name, (0.0, {}))[0]:
                        worst[name] = (ms, f)
    server.should_exit = True
    # CPU ms: this process's CPU time per request (server threads, DuckDB's threads and the
    # client), which other processes' load on the machine does not inflate as it does wall time.
    print(
        f"load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())} ({os.cpu_count()} cores)"
    )
    print(
        f"{'endpoint':10} {'n':>4} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'CPU p50':>8}  slowest filter"
    )
    for name, xs in times.items():
        print(
            f"{name:10} {len(xs):4d} {statistics.median(xs):8.1f} {pct(xs, 95):8.1f} {max(xs):8.1f}"
            f" {statistics.median(cpu[name]):8.1f}  {worst[name][1]}"
        )


if __name__ == "__main__":
    main()
