"""Reading a large WARC in bounded memory (issue #19): the WARC reader alone, no NLP pipeline.

Writes a WARC of synthetic news pages (default 1 GB; ``--mb`` to change) in a temporary folder,
as crawls hold them: a request and a response record per page, every 25th response an image
(skipped, counted), one page in 100 truncated by the crawler (a reject). Each page
is ~60 KB of HTML (navigation, inline CSS and JS, an 700-word article, a footer), about the size
of a real news page. Then reads it with ``eventwire.readers.read`` (HTML extraction, date and
language included) and prints records/s, pages/s, MB/s and the peak RSS of the process, against
the issue's bar of 500 MB.

    python benchmarks/warc.py --mb 1024
    python benchmarks/warc.py --mb 50 --gzip
"""

from __future__ import annotations

import argparse
import io
import random
import resource
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

WORDS = (
    "the minister said on police protest government talks ceasefire army forces city capital "
    "president election opposition parliament vote region officials killed wounded attack "
    "statement agreement sanctions border troops negotiations spokesman residents hospital "
    "aid convoy militants village district court trial ruling party leader coalition budget"
).split()
CITIES = ("NAIROBI", "LONDON", "KYIV", "LIMA", "DHAKA", "MANILA", "ACCRA", "TUNIS", "QUITO", "BAKU")


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(12, 24))]
    return " ".join(words).capitalize() + "."


def _page(rng: random.Random, i: int, day: date) -> tuple[str, bytes]:
    url = f"https://news{i % 50}.example.org/world/{day:%Y/%m/%d}/story-{i}.html"
    paragraphs = []
    city = rng.choice(CITIES)
    first = f"{city}, {day:%b} {day.day} (Wire) - {_sentence(rng)}"
    paragraphs.append(first)
    while sum(len(p.split()) for p in paragraphs) < 700:
        paragraphs.append(" ".join(_sentence(rng) for _ in range(rng.randint(3, 6))))
    nav = "".join(f'<li><a href="/section/{k}">Section {k} headline link</a></li>' for k in range(120))
    css = "".join(f".c{k}{{margin:{k % 7}px;padding:{k % 5}px;color:#{k:06x}}}" for k in range(600))
    js = "".join(f"var v{k}=function(a){{return a*{k}+{k % 9};}};" for k in range(500))
    body = "".join(f"<p>{p}</p>\n" for p in paragraphs)
    html = (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Story {i} | News {i % 50}</title>'
        f'<meta property="og:site_name" content="News {i % 50}">'
        f'<meta property="article:published_time" content="{day.isoformat()}T08:00:00Z">'
        f'<link rel="canonical" href="{url}"><style>{css}</style><script>{js}</script></head>'
        f"<body><nav><ul>{nav}</ul></nav><article><h1>Story {i}: talks resume</h1>{body}</article>"
        f"<footer>Copyright News {i % 50}. All rights reserved. Privacy policy. Terms.</footer></body></html>"
    )
    return url, html.encode("utf-8")


def make_warc(path: Path, mb: float, gzip: bool, seed: int = 19) -> dict[str, int]:
    """Write ``mb`` megabytes (of records, before compression) of synthetic crawl to ``path``."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    rng = random.Random(seed)
    target = int(mb * 1024 * 1024)
    counts = {"pages": 0, "images": 0, "truncated": 0, "requests": 0, "bytes": 0}
    start = date(2016, 1, 1)
    with path.open("wb") as f:
        writer = WARCWriter(f, gzip=gzip)
        i = 0
        while counts["bytes"] < target:
            i += 1
            day = start + timedelta(days=i % 2500)
            crawled = datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=30)
            warc_date = crawled.strftime("%Y-%m-%dT%H:%M:%SZ")
            if i % 25 == 0:
                url, payload = f"https://img.example.org/{i}.png", b"\x89PNG\r\n\x1a\n" + rng.randbytes(20000)
                ctype = "image/png"
                counts["images"] += 1
            else:
                url, payload = _page(rng, i, day)
                ctype = "text/html; charset=utf-8"
                counts["pages"] += 1
            req = writer.create_warc_record(
                url, "request", payload=io.BytesIO(b""),
                http_headers=StatusAndHeaders(f"GET {url} HTTP/1.1", [("Host", "example.org")], is_http_request=True),
                warc_headers_dict={"WARC-Date": warc_date},
            )  # fmt: skip
            writer.write_record(req)
            counts["requests"] += 1
            extra = {"WARC-Date": warc_date}
            if i % 100 == 51:
                extra["WARC-Truncated"] = "length"
                counts["truncated"] += 1
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            rec = writer.create_warc_record(
                url, "response", payload=io.BytesIO(payload), http_headers=headers, warc_headers_dict=extra
            )
            writer.write_record(rec)
            counts["bytes"] += len(payload) + 600
    return counts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=1024.0, help="WARC size in MB (before compression)")
    ap.add_argument("--gzip", action="store_true", help="write .warc.gz (one gzip member per record)")
    ap.add_argument("--dir", default=None, help="where to write the WARC (default: a temporary folder)")
    args = ap.parse_args()

    from eventwire.model import Article
    from eventwire.readers import read

    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        path = Path(tmp) / ("synthetic.warc.gz" if args.gzip else "synthetic.warc")
        t = time.perf_counter()
        counts = make_warc(path, args.mb, args.gzip)
        size = path.stat().st_size
        print(
            f"wrote {path.name}: {size / 2**20:,.0f} MB on disk, {counts['pages']:,} pages, {counts['images']:,} images, "
            f"{counts['truncated']:,} truncated, {counts['requests']:,} requests in {time.perf_counter() - t:.0f} s",
            flush=True,
        )
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        t = time.perf_counter()
        reading = read([path])
        articles = rejects = dated = 0
        for item in reading:
            if isinstance(item, Article):
                articles += 1
                dated += item.date is not None
            else:
                rejects += 1
        secs = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    skipped = sum(reading.skipped_records.values())
    records = articles + rejects + skipped
    print(
        f"read: {records:,} WARC records in {secs:.0f} s = {records / secs:,.1f} records/s, "
        f"{articles / secs:,.1f} pages/s, {size / 2**20 / secs:.2f} MB/s"
    )
    print(f"  articles {articles:,} ({dated:,} dated), rejected {rejects:,}, skipped {skipped:,}: "
          + ", ".join(f"{k} {v:,}" for k, v in sorted(reading.skipped_records.items())))  # fmt: skip
    print(f"peak RSS {peak:,.0f} MB (before reading: {rss_before:,.0f} MB; bar < 500 MB): "
          f"{'PASS' if peak < 500 else 'OVER'}")  # fmt: skip
    sys.stdout.flush()


if __name__ == "__main__":
    main()
