"""Story clustering on ECB+ (dev topics): B-cubed, V-measure and ARI at topic and story level.

ECB+ groups news articles into topics, each holding two different real-world events of the same
kind (``*ecb.xml`` vs ``*ecbplus.xml``). We rebuild each article's text from its tokens, run the
entity layer (spaCy) unless ``--no-nlp``, feed the articles to :class:`StoryIndex` in a fixed
shuffled order without dates (ECB+ has no reliable dates) and score the clusters against

* topics (coarse: "a celebrity checked into rehab"), and
* stories = topic x {ecb, ecbplus} (fine: the actual happening),

for ``--orders`` shuffled arrival orders (incremental clustering depends on the order).

The number of clusters is never given to the method. Scores are read after all arrivals, i.e.
after the index's consolidation (reassign, split and merge over the open stories). ``--sweep``
prints the sensitivity of the scores to the join threshold and the merge cost. The defaults were
chosen on this dev set, so the plain figures are tuned ones; ``--cv`` prints the figure on
held-out topics (thresholds chosen on the other two thirds of the topics).

    python benchmarks/stories.py [--data ../shared/data] [--no-nlp] [--sweep] [--cv]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from pathlib import Path

from sklearn.metrics import adjusted_rand_score, v_measure_score

from eventwire.model import AnnotatedDoc, Article

ROOT = Path(__file__).resolve().parents[1]

_NO_SPACE_BEFORE = re.compile(r" ([,.;:!?%)\]}]|'s\b|n't\b|'re\b|'ll\b|'ve\b|'m\b|'d\b)")
_NO_SPACE_AFTER = re.compile(r"([(\[{$]) ")


def detokenize(tokens: list[str]) -> str:
    text = " ".join(tokens)
    text = _NO_SPACE_BEFORE.sub(r"\1", text)
    return _NO_SPACE_AFTER.sub(r"\1", text)


def load_ecbplus(folder: Path) -> list[tuple[Article, str, str]]:
    """(article, topic, story) for every ECB+ document; a leading URL line becomes Article.url."""
    out = []
    for path in sorted(folder.glob("*/*.xml")):
        root = ET.parse(path).getroot()
        sentences: dict[int, list[str]] = defaultdict(list)
        for tok in root.iter("token"):
            sentences[int(tok.get("sentence", "0"))].append(tok.text or "")
        lines = [detokenize(sentences[k]) for k in sorted(sentences)]
        url = None
        if lines and lines[0].replace(" ", "").startswith("http"):
            url = lines.pop(0).replace(" ", "")
        topic = path.parent.name
        kind = "ecbplus" if path.name.endswith("ecbplus.xml") else "ecb"
        article = Article(id=path.stem, text="\n".join(lines), url=url)
        out.append((article, topic, f"{topic}-{kind}"))
    return out


def bcubed(gold: list[str], pred: list[str]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 over items (Bagga & Baldwin 1998)."""
    gold_size = Counter(gold)
    pred_size = Counter(pred)
    both = Counter(zip(gold, pred, strict=True))
    p = sum(both[(g, c)] / pred_size[c] for g, c in zip(gold, pred, strict=True)) / len(gold)
    r = sum(both[(g, c)] / gold_size[g] for g, c in zip(gold, pred, strict=True)) / len(gold)
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def score(label: str, gold: list[str], pred: list[str]) -> None:
    p, r, f = bcubed(gold, pred)
    v = v_measure_score(gold, pred)
    ari = adjusted_rand_score(gold, pred)
    print(
        f"  {label:<7} B3 P={p:.3f} R={r:.3f} F1={f:.3f}  V={v:.3f}  ARI={ari:.3f}"
        f"  clusters={len(set(pred))} (gold {len(set(gold))})"
    )


def annotate(articles: list[Article], use_nlp: bool) -> list[AnnotatedDoc]:
    if not use_nlp:
        return [AnnotatedDoc(article=a) for a in articles]
    from eventwire import annotate as _annotators  # noqa: F401
    from eventwire.context import Config
    from eventwire.pipeline import annotate as run

    # only the layers stories read that exist offline; unknown names are skipped
    from eventwire.registry import components

    wanted = [c for c in ("entities", "timex", "places", "actors") if c in components._items]
    return list(run(articles, Config(components=wanted)))


def cross_validate(docs: list[AnnotatedDoc], topics: list[str], stories: list[str], seed: int) -> None:
    """Three folds of ECB+ topics: the join threshold, merge cost and topic threshold are chosen
    on two folds (one arrival order, best topic F1 + story F1) and scored on the held-out topics
    (three orders), so the printed figure is on topics the choice never saw."""
    import itertools

    from eventwire.stories import StoryConfig, StoryIndex

    names = sorted(set(topics), key=lambda t: (len(t), t))
    random.Random(5).shuffle(names)
    folds = [names[i::3] for i in range(3)]
    grid = {
        "story_threshold": (0.2, 0.25, 0.3),
        "merge_cost": (0.8, 1.0, 1.2),
        "topic_threshold": (0.1, 0.15, 0.2),
    }

    def scores(idx: list[int], cfg: StoryConfig, orders: int) -> tuple[float, float]:
        ft = fs = 0.0
        for k in range(orders):
            perm = idx[:]
            random.Random(seed + k).shuffle(perm)
            index = StoryIndex(cfg)
            for i in perm:
                index.add(docs[i])
            fine, coarse = index.assignments(), index.topic_assignments()
            ids = [docs[i].article.id for i in perm]
            ft += bcubed([topics[i] for i in perm], [coarse[a] for a in ids])[2] / orders
            fs += bcubed([stories[i] for i in perm], [fine[a] for a in ids])[2] / orders
        return ft, fs

    held_t, held_s = [], []
    for held in folds:
        train = [i for i, t in enumerate(topics) if t not in held]
        test = [i for i, t in enumerate(topics) if t in held]
        configs = [
            StoryConfig(**dict(zip(grid, values, strict=True)))
            for values in itertools.product(*grid.values())
        ]
        best = max(configs, key=lambda c: sum(scores(train, c, 1)))
        ft, fs = scores(test, best, 3)
        held_t.append(ft)
        held_s.append(fs)
        print(
            f"  held-out topics {','.join(sorted(held, key=int))}: chose story_threshold={best.story_threshold}"
            f" merge_cost={best.merge_cost} topic_threshold={best.topic_threshold}"
            f" -> topic F1={ft:.3f} story F1={fs:.3f}"
        )
    print(f"leave-topics-out B-cubed F1: topic {sum(held_t) / 3:.3f}, story {sum(held_s) / 3:.3f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--no-nlp", action="store_true", help="words only: skip the spaCy entity layers")
    ap.add_argument("--seed", type=int, default=13, help="first arrival-order shuffle")
    ap.add_argument("--orders", type=int, default=5, help="arrival orders to average over")
    ap.add_argument("--sweep", action="store_true", help="sensitivity to the story threshold")
    ap.add_argument("--cv", action="store_true", help="leave-topics-out cross-validation of the thresholds")
    args = ap.parse_args()
    folder = args.data / "stories" / "ecbplus_dev"
    if not folder.is_dir():
        sys.exit(f"no ECB+ data at {folder}")

    from eventwire.stories import StoryConfig, StoryIndex

    rows = load_ecbplus(folder)
    t0 = time.perf_counter()
    docs = annotate([a for a, _, _ in rows], not args.no_nlp)
    print(f"{len(docs)} ECB+ documents, annotated in {time.perf_counter() - t0:.1f}s")
    topics = [t for _, t, _ in rows]
    stories = [s for _, _, s in rows]

    def run(config: StoryConfig, perm: list[int]) -> tuple[list[str], list[str], float]:
        """Cluster the documents in the order ``perm``; labels come back in that order."""
        t = time.perf_counter()
        index = StoryIndex(config)
        for i in perm:
            index.add(docs[i])
        fine = index.assignments()
        coarse = index.topic_assignments()
        ids = [docs[i].article.id for i in perm]
        return [fine[i] for i in ids], [coarse[i] for i in ids], time.perf_counter() - t

    base = StoryConfig()
    print(
        f"story threshold={base.story_threshold} merge cost={base.merge_cost}"
        f" topic threshold={base.topic_threshold}"
    )
    # arrival order matters to incremental clustering: report several orders, not a lucky one
    f_topic, f_story = [], []
    for k in range(args.orders):
        perm = list(range(len(docs)))
        random.Random(args.seed + k).shuffle(perm)
        fine, coarse, secs = run(base, perm)
        print(f" order {k} ({secs:.2f}s)")
        score("topic", [topics[i] for i in perm], coarse)
        score("story", [stories[i] for i in perm], fine)
        f_topic.append(bcubed([topics[i] for i in perm], coarse)[2])
        f_story.append(bcubed([stories[i] for i in perm], fine)[2])
    print(
        f"B-cubed F1 over {args.orders} orders: topic mean {sum(f_topic) / len(f_topic):.3f}"
        f" (min {min(f_topic):.3f}, max {max(f_topic):.3f}); story mean {sum(f_story) / len(f_story):.3f}"
        f" (min {min(f_story):.3f}, max {max(f_story):.3f})"
    )
    if args.cv:
        cross_validate(docs, topics, stories, args.seed)
    if args.sweep:
        print("sensitivity, order 0 (B-cubed F1 / clusters):")
        first = list(range(len(docs)))
        random.Random(args.seed).shuffle(first)
        for th in (0.15, 0.2, 0.25, 0.3, 0.35, 0.4):
            fine, coarse, _ = run(StoryConfig(story_threshold=th), first)
            print(
                f"  story_threshold={th:.2f}  F1={bcubed([stories[i] for i in first], fine)[2]:.3f}"
                f"  clusters={len(set(fine))}"
            )
        for cost in (0.5, 0.8, 1.0, 1.2, 1.5, 2.0):
            fine, coarse, _ = run(StoryConfig(merge_cost=cost), first)
            print(
                f"  merge_cost={cost:.2f}  F1={bcubed([stories[i] for i in first], fine)[2]:.3f}"
                f"  clusters={len(set(fine))}"
            )
        for th in (0.06, 0.08, 0.1, 0.12, 0.15, 0.2):
            fine, coarse, _ = run(StoryConfig(topic_threshold=th), first)
            print(
                f"  topic_threshold={th:.2f}  F1={bcubed([topics[i] for i in first], coarse)[2]:.3f}"
                f"  clusters={len(set(coarse))}"
            )


if __name__ == "__main__":
    main()
