"""Near-duplicate (copy) detection: recall on edited copies, false merges among distinct articles.

Base set: the example articles in examples/ (minus those examples/README.md marks as copies)
and the ECB+ dev documents, which are many different articles on the same few stories: hard
negatives. From each base article we build copies programmatically:

* ``exact``: the same text with whitespace changes,
* ``headline``: a different headline line on top (and a different title),
* ``cut``: the last paragraphs (or sentences) removed, keeping 50-80%,
* ``boiler``: an outlet's dateline, "read more" and copyright boilerplate inserted,
* ``all``: headline + cut + boilerplate together.

Everything is fed to :class:`CopyDetector` in one shuffled stream. A copy counts as found when
it ends up in its original's copy group (``duplicate_of`` names the first-seen member); a false
merge is a pair of distinct base articles (or their copies) placed in one group.

    python benchmarks/near_duplicates.py [--data ../shared/data] [--seed 7]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections import Counter
from pathlib import Path

from eventwire.stories import CopyDetector
from stories import load_ecbplus

ROOT = Path(__file__).resolve().parents[1]

BOILERPLATE = [
    (
        "WASHINGTON (Wire Desk) -",
        "Copyright 2022 Wire Desk. All rights reserved. This material may not be "
        "published, broadcast, rewritten or redistributed.",
    ),
    (
        "LONDON, Nov 12 (Pacific Ledger) -",
        "Reporting by our correspondents; editing by the news desk. Our Standards: The Trust Principles.",
    ),
    (
        "Posted by Staff Writer | Updated 2 hours ago",
        "Sign up for our morning newsletter and get the day's "
        "top stories in your inbox. Follow us on social media for breaking news.",
    ),
    (
        "BRUSSELS --",
        "Read more: the latest coverage, analysis and opinion on our world news page. "
        "Advertisement. Share this article.",
    ),
]
_README_COPY = re.compile(r"^\| `([^`]+)` \|.*near-duplicate of", re.M)


def example_texts(folder: Path) -> list[tuple[str, str]]:
    if not folder.is_dir():
        return []
    readme = folder / "README.md"
    copies = set(_README_COPY.findall(readme.read_text())) if readme.exists() else set()
    out = []
    for path in sorted(folder.glob("seed/*.txt")):
        if f"seed/{path.name}" not in copies:
            lines = path.read_text().splitlines()
            body = "\n".join(lines[1:] if lines and lines[0].strip().startswith("date") else lines)
            out.append((f"ex:{path.name}", body))
    for path in sorted(folder.glob("jsonl/*.jsonl")):
        for n, line in enumerate(path.read_text().splitlines(), 1):
            if line.strip() and f"jsonl/{path.name}:{n}" not in copies:
                out.append((f"ex:{path.name}:{n}", json.loads(line)["text"]))
    return out


def _units(text: str) -> tuple[list[str], str]:
    paras = [p for p in re.split(r"\n\s*\n|\n", text) if p.strip()]
    if len(paras) >= 3:
        return paras, "\n"
    return re.split(r"(?<=[.!?])\s+", text), " "


def make_copy(text: str, kind: str, rng: random.Random) -> str:
    if kind == "exact":
        return "  " + text.replace(" ", "  ", 3) + "\n"
    out = text
    if kind in ("cut", "all"):
        units, sep = _units(out)
        keep = max(2, round(len(units) * rng.uniform(0.5, 0.8)))
        out = sep.join(units[:keep])
    if kind in ("headline", "all"):
        words = re.findall(r"[A-Za-z]+", text)[:40]
        rng.shuffle(words)
        out = "UPDATE: " + " ".join(words[:8]).capitalize() + "\n" + out
    if kind in ("boiler", "all"):
        head, tail = rng.choice(BOILERPLATE)
        units, sep = _units(out)
        mid = len(units) // 2
        units = [*units[:mid], "ADVERTISEMENT", *units[mid:]]
        out = head + " " + sep.join(units) + "\n" + tail
    return out


def corpus_copies(base: list[tuple[str, str]], threshold: float = 0.5) -> dict[str, str]:
    """Base articles that already copy each other (exact, unsampled 5-gram containment), as
    base id -> component id: ECB+ holds several outlets' prints of one wire text."""
    shingles = {}
    for aid, text in base:
        toks = re.findall(r"\w+", text.lower())
        shingles[aid] = {" ".join(toks[i : i + 5]) for i in range(len(toks) - 4)}
    parent = {aid: aid for aid, _ in base}

    def find(a: str) -> str:
        while parent[a] != a:
            a = parent[a]
        return a

    ids = [aid for aid, _ in base]
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            small = min(len(shingles[a]), len(shingles[b]))
            if small and len(shingles[a] & shingles[b]) / small >= threshold:
                parent[find(a)] = find(b)
    return {aid: find(aid) for aid in ids}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--examples", type=Path, default=ROOT / "examples")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()

    base = example_texts(args.examples)
    n_examples = len(base)
    ecb = args.data / "stories" / "ecbplus_dev"
    if ecb.is_dir():
        base += [(f"ecb:{a.id}", a.text) for a, _, _ in load_ecbplus(ecb)]
    if not base:
        sys.exit("no example articles and no ECB+ data")
    rng = random.Random(args.seed)
    kinds = ["exact", "headline", "cut", "boiler", "all"]
    items = [(aid, aid, text) for aid, text in base]  # (item id, base id, text)
    for aid, text in base:
        for kind in kinds:
            items.append((f"{aid}#{kind}", aid, make_copy(text, kind, rng)))
    rng.shuffle(items)

    det = CopyDetector()
    t0 = time.perf_counter()
    root = {}
    for iid, _, text in items:
        original = det.check_add(iid, text)
        root[iid] = original or iid
    secs = time.perf_counter() - t0
    base_of = {iid: b for iid, b, _ in items}

    found: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for iid, b, _ in items:
        if iid == b:
            continue
        kind = iid.rsplit("#", 1)[1]
        total[kind] += 1
        found[kind] += root[iid] == root[b]
    # false merges: copy groups that hold more than one distinct base article
    groups: dict[str, set[str]] = {}
    for iid, r in root.items():
        groups.setdefault(r, set()).add(base_of[iid])
    truth = corpus_copies(base)
    n_corpus = sum(1 for a, c in truth.items() if a != c)
    false_pairs = 0
    for g in groups.values():
        comps = Counter(truth[b] for b in g)  # distinct = not copies of each other in the corpus
        false_pairs += sum(x * y for i, x in enumerate(comps.values()) for y in list(comps.values())[i + 1 :])
    print(
        f"{len(base)} distinct articles ({n_examples} from examples/, {len(base) - n_examples} ECB+), "
        f"{sum(total.values())} copies, {len(items) / secs:.0f} articles/s"
    )
    for kind in kinds:
        print(f"  recall {kind:<8} {found[kind] / total[kind]:.3f}  ({found[kind]}/{total[kind]})")
    print(f"  recall overall  {sum(found.values()) / sum(total.values()):.4f}")
    merged_pairs = sum(len(g) * (len(g) - 1) // 2 for g in groups.values())
    print(
        f"  base articles that are already copies of another in the corpus (exact 5-gram containment"
        f" >= 0.5): {n_corpus}; pairs grouped as copies: {merged_pairs}"
    )
    print(f"  false merges (pairs of distinct articles in one copy group): {false_pairs}")
    for g in groups.values():
        if len({truth[b] for b in g}) > 1:
            print("    merged:", sorted(g))


if __name__ == "__main__":
    main()
