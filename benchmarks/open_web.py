"""The open web as it is: long pages in many charsets and languages, read and run end to end.

Writes a batch of synthetic news pages (its own sentences, in eight languages and eleven
charset set-ups: declared in <meta>, in an XML declaration, by BOM, undeclared, declared UTF-8
with a few broken bytes, stray NUL bytes; some pages longer than the 200,000-character cap),
then prints:

* reading: pages/s through the readers (decode, trafilatura, language identification);
* language identification: the detector's load time and its cost per article (mean, p95);
* the pipeline: pages/s of ``eventwire.run`` into a fresh store, and the articles per language;
* memory: peak RSS, and RSS after the first and the second half of the run (bounded memory
  means the second figure does not keep growing with the number of pages).

    python benchmarks/open_web.py --pages 200
    python benchmarks/open_web.py --pages 400 --components entities,places   # reading-heavy
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

# Our own sentences, a few per language; pages repeat them in shuffled paragraphs with numbers.
SENTENCES: dict[str, list[str]] = {
    "en": [
        "The regional council said on {d} that {n} families had been moved away from the river.",
        "Engineers worked through the night to restore power to {n} homes, the grid operator said.",
        "Ministers met in the capital to discuss the budget, and talks will resume on {d}.",
        "Police said {n} people were detained after the protest outside the parliament building.",
    ],
    "de": [
        "Der Regionalrat teilte am {d} mit, dass {n} Familien vom Fluss weggebracht worden seien.",
        "Techniker arbeiteten die ganze Nacht, um {n} Haushalte wieder mit Strom zu versorgen.",
        "Die Minister trafen sich in der Hauptstadt, um über den Haushalt zu beraten.",
        "Nach Angaben der Polizei wurden nach der Kundgebung {n} Menschen festgenommen.",
    ],
    "fr": [
        "Le conseil régional a indiqué le {d} que {n} familles avaient été évacuées près du fleuve.",
        "Les techniciens ont travaillé toute la nuit pour rétablir le courant dans {n} foyers.",
        "Les ministres se sont réunis dans la capitale pour discuter du budget de l'État.",
        "Selon la police, {n} personnes ont été interpellées après la manifestation.",
    ],
    "pl": [
        "Rada regionu poinformowała {d}, że {n} rodzin przeniesiono z terenów nad rzeką.",
        "Technicy pracowali całą noc, aby przywrócić prąd w {n} domach, podał operator sieci.",
        "Ministrowie spotkali się w stolicy, aby omówić budżet, a rozmowy zostaną wznowione.",
        "Policja podała, że po proteście przed budynkiem parlamentu zatrzymano {n} osób.",
    ],
    "cs": [
        "Krajská rada ve středu uvedla, že {n} rodin bylo přestěhováno od řeky.",
        "Technici pracovali celou noc, aby obnovili dodávky proudu do {n} domácností.",
        "Ministři se sešli v hlavním městě, aby projednali rozpočet na příští rok.",
        "Policie uvedla, že po demonstraci před budovou parlamentu zadržela {n} lidí.",
    ],
    "ru": [
        "Региональный совет сообщил {d}, что {n} семей переселены подальше от реки.",
        "Техники работали всю ночь, чтобы вернуть электричество в {n} домов.",
        "Министры встретились в столице, чтобы обсудить бюджет на следующий год.",
        "По данным полиции, после акции протеста задержаны {n} человек.",
    ],
    "ja": [
        "地域評議会は{d}、川の近くから{n}世帯が避難したと発表した。",
        "技術者たちは夜通し作業し、{n}世帯への電力供給を回復させた。",
        "閣僚らは首都で会合を開き、来年度の予算について協議した。",
        "警察によると、議会前での抗議活動の後、{n}人が拘束された。",
    ],
    "zh": [
        "地区议会{d}表示，已有{n}户家庭从河边撤离。",
        "技术人员连夜工作，为{n}户家庭恢复了供电。",
        "各部长在首都开会，讨论明年的预算问题。",
        "警方称，议会大楼外的抗议活动结束后有{n}人被拘留。",
    ],
}
# (language, codec, how the page states it): meta, http-equiv, xml, bom, none, broken, nul
SETUPS: list[tuple[str, str, str]] = [
    ("en", "utf-8", "meta"),
    ("en", "utf-8", "broken"),
    ("en", "utf-16", "bom"),
    ("de", "windows-1252", "http-equiv"),
    ("fr", "iso-8859-1", "meta"),
    ("pl", "iso-8859-2", "meta"),
    ("cs", "windows-1250", "xml"),
    ("ru", "windows-1251", "none"),
    ("ja", "shift_jis", "meta"),
    ("zh", "gb18030", "meta"),
    ("en", "utf-8", "nul"),
]
NAV = "<nav><ul>" + "".join(f"<li><a href='/s{i}'>Section {i}</a></li>" for i in range(12)) + "</ul></nav>"


def paragraph(lang: str, rng: random.Random) -> str:
    picks = rng.sample(SENTENCES[lang], k=3)
    return " ".join(s.format(n=rng.randint(2, 900), d=f"2022-11-{rng.randint(1, 30):02d}") for s in picks)


def page(i: int, lang: str, codec: str, style: str, paragraphs: int, rng: random.Random) -> bytes:
    body = "\n".join(f"<p>{paragraph(lang, rng)}</p>" for _ in range(paragraphs))
    head = {
        "http-equiv": f'<meta http-equiv="Content-Type" content="text/html; charset={codec}">',
        "xml": "",
        "bom": "",
        "none": "",
    }.get(style, f'<meta charset="{codec}">')
    html = (
        f'<!DOCTYPE html>\n<html lang="{lang}"><head>{head}<title>Report {i}</title>'
        f'<meta property="article:published_time" content="2022-11-{i % 28 + 1:02d}"></head>'
        f"<body>{NAV}<article><h1>Report {i}</h1>\n{body}\n</article>"
        "<footer>Copyright 2022. All rights reserved.</footer></body></html>"
    )
    if style == "xml":
        html = f'<?xml version="1.0" encoding="{codec}"?>\n' + html
    data = html.encode(codec, errors="replace")
    if style == "broken":  # declared UTF-8 with two broken bytes in the middle
        mid = len(data) // 2
        data = data[:mid] + b"\xff\xfe" + data[mid:]
    elif style == "nul":
        data = data.replace(b"</h1>", b"</h1>\x00", 1).replace(b"<footer>", b"\x00<footer>", 1)
    return data


def write_pages(folder: Path, n: int, paragraphs: int, huge_every: int, seed: int) -> int:
    rng = random.Random(seed)
    total = 0
    for i in range(n):
        lang, codec, style = SETUPS[i % len(SETUPS)]
        k = paragraphs * 25 if huge_every and i % huge_every == huge_every - 1 else paragraphs
        data = page(i, lang, codec, style, rng.randint(k // 2, k * 3 // 2), rng)
        (folder / f"{i:05d}_{lang}_{style}.html").write_bytes(data)
        total += len(data)
    return total


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS"):
                return int(line.split()[1]) / 1024
    return 0.0


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=200)
    ap.add_argument("--paragraphs", type=int, default=40, help="mean paragraphs per page (3 sentences each)")
    ap.add_argument("--huge-every", type=int, default=25, help="every Nth page is 25x longer (0: none)")
    ap.add_argument("--components", default=None, help="comma-separated components (default: all)")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()

    from eventwire import api
    from eventwire.context import Config
    from eventwire.languages import detector
    from eventwire.model import Article
    from eventwire.readers import read

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "pages"
        folder.mkdir()
        size = write_pages(folder, args.pages, args.paragraphs, args.huge_every, args.seed)
        print(f"wrote {args.pages} pages, {size / 1e6:.1f} MB, in {len(SETUPS)} charset set-ups")
        print(f"RSS at start: {rss_mb():.0f} MB")

        t = time.perf_counter()
        detector()
        print(f"language detector load: {time.perf_counter() - t:.2f} s, RSS {rss_mb():.0f} MB")

        t = time.perf_counter()
        items = list(read([folder]))
        secs = time.perf_counter() - t
        articles = [a for a in items if isinstance(a, Article)]
        warned = Counter(re.sub(r"\d[\d,]*", "N", w.split(" (")[0]) for a in articles for w in a.warnings)
        print(
            f"reading: {len(items) / secs:.1f} pages/s ({len(articles)} articles, "
            f"{len(items) - len(articles)} rejects); warnings: {dict(warned)}"
        )
        chars = [len(a.text) for a in articles]
        print(f"RSS after reading: {rss_mb():.0f} MB, peak {peak_mb():.0f} MB")
        print(f"article length: mean {statistics.mean(chars):,.0f} chars, max {max(chars):,}")

        costs = []
        for a in articles:
            t = time.perf_counter()
            detector().detect(a.text)
            costs.append((time.perf_counter() - t) * 1000)
        costs.sort()
        print(
            f"language identification: mean {statistics.mean(costs):.2f} ms/article, "
            f"p95 {costs[int(len(costs) * 0.95) - 1]:.2f} ms, max {costs[-1]:.2f} ms"
        )
        del items, articles

        config = Config(components=args.components.split(",")) if args.components else Config()
        half = sorted(folder.iterdir())
        first, second = half[: len(half) // 2], half[len(half) // 2 :]
        db = Path(tmp) / "s.duckdb"
        t = time.perf_counter()
        s1 = api.run([str(p) for p in first], db=db, config=config, stories=False)
        rss_half = rss_mb()
        s2 = api.run([str(p) for p in second], db=db, config=config, stories=False)
        secs = time.perf_counter() - t
        stored = s1.stored + s2.stored
        langs = s1.languages + s2.languages
        not_coded = s1.not_coded + s2.not_coded
        print(
            f"pipeline ({','.join(config.components)}): {stored / secs:.2f} pages/s "
            f"({stored} stored, {s1.rejected + s2.rejected} rejected, {s1.warnings + s2.warnings} warnings)"
        )
        print(f"languages: {dict(langs)}; not coded: {sum(not_coded.values())}")
        print(
            f"RSS after half the pages: {rss_half:.0f} MB, after all: {rss_mb():.0f} MB; peak {peak_mb():.0f} MB"
        )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
