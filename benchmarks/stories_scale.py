"""Incremental story clustering at scale on the synthetic stream of gen_corpus.py.

Feeds ``--n`` synthetic articles (default 10,000; the acceptance run uses 100,000) one by one to
:class:`StoryIndex` with their names marked as entities, as the pipeline's entity layer would,
and prints wall time, throughput, peak RSS, and the quality against the generator's stories
(B-cubed F1) and copies (recall, false copies). Generation time is excluded from the timing.

    python benchmarks/stories_scale.py [--n 100000]
"""

from __future__ import annotations

import argparse
import re
import resource
import time
from collections import Counter

from eventwire.model import AnnotatedDoc, Entity
from eventwire.stories import StoryIndex
from gen_corpus import generate


def with_entities(article, names: list[str]) -> AnnotatedDoc:
    doc = AnnotatedDoc(article=article)
    pattern = re.compile("|".join(re.escape(n) for n in names))
    doc.entities = [Entity(m.start(), m.end(), m.group(), "PERSON") for m in pattern.finditer(article.text)]
    return doc


def bcubed_f1(gold: list[str], pred: list[str]) -> float:
    gs, ps = Counter(gold), Counter(pred)
    both = Counter(zip(gold, pred, strict=True))
    p = sum(both[k] ** 2 / ps[k[1]] for k in both) / len(gold)
    r = sum(both[k] ** 2 / gs[k[0]] for k in both) / len(gold)
    return 2 * p * r / (p + r)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()

    index = StoryIndex()
    spent = 0.0  # wall seconds inside the index
    start = time.perf_counter()
    ids, gold, copy_gold, copy_pred = [], [], {}, {}
    for k, (article, names, story, original) in enumerate(generate(args.n, args.seed), 1):
        doc = with_entities(article, names)
        t0 = time.perf_counter()
        result = index.add(doc)
        spent += time.perf_counter() - t0
        ids.append(article.id)
        gold.append(story)
        copy_gold[article.id] = original
        copy_pred[article.id] = result.duplicate_of
        if k % 20000 == 0:
            print(f"  {k} articles, {spent:.0f}s in the index")
    usage = resource.getrusage(resource.RUSAGE_SELF)
    rss_mb = usage.ru_maxrss / 1024
    total = time.perf_counter() - start
    assigned = index.assignments()
    pred = [assigned[i] for i in ids]
    copies = [i for i, o in copy_gold.items() if o]
    found = sum(1 for i in copies if copy_pred[i] is not None)
    false = sum(1 for i, o in copy_pred.items() if o is not None and not copy_gold[i])
    print(f"{args.n} synthetic articles, {len(set(gold))} gold stories, {len(copies)} copies")
    print(
        f"  index wall time {spent:.1f}s ({args.n / spent:.0f} articles/s); whole run (with generation)"
        f" {total:.1f}s wall, {usage.ru_utime + usage.ru_stime:.1f}s CPU; peak RSS {rss_mb:.0f} MB"
    )
    print(f"  stories: {len(set(pred))} found, B-cubed F1 {bcubed_f1(gold, pred):.3f}")
    print(f"  copies: recall {found / max(1, len(copies)):.3f}, false copies {false}")


if __name__ == "__main__":
    main()
