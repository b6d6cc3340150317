"""Synthetic news stream for scale tests: stories over time, with syndicated copies.

Nothing here is real text: words and names are made of random syllables. The stream has the
shape that matters to the story layer: many concurrent stories, each running 1-5 days with
1-40 articles, stories of the same kind (e.g. 20 kinds of happening) sharing a vocabulary,
different stories of one kind told apart by their names and places, a Zipfian background
vocabulary, and ~8% syndicated copies (re-headlined, trimmed or padded).

    python benchmarks/gen_corpus.py --n 1000 > corpus.jsonl   # id, date, source, title, text, story

``generate(n, seed)`` yields (Article, names, story id, original id or None) lazily.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import sys
from collections.abc import Iterator
from datetime import date, timedelta

from eventwire.model import Article

_ONSETS = ["b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "st", "tr", "ch"]
_VOWELS = ["a", "e", "i", "o", "u", "ai", "ou"]
OUTLETS = [f"Outlet {i}" for i in range(40)]
START = date(2023, 1, 1)


def _word(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) for _ in range(syllables))


class _World:
    def __init__(self, rng: random.Random, kinds: int = 20) -> None:
        self.vocab = list(dict.fromkeys(_word(rng, rng.choice((2, 3, 3, 4))) for _ in range(30000)))[:20000]
        self.cum = list(itertools.accumulate(1.0 / (r + 10) for r in range(len(self.vocab))))
        self.kinds = [rng.sample(self.vocab[300:5000], 15) for _ in range(kinds)]


def _story(rng: random.Random, world: _World, sid: int, day: int) -> dict:
    return {
        "id": f"story-{sid}",
        "kind": rng.randrange(len(world.kinds)),
        "words": rng.sample(world.vocab[500:], 10),
        "names": [_word(rng, 2).capitalize() + " " + _word(rng, 3).capitalize() for _ in range(3)]
        + [_word(rng, 3).capitalize()],  # three people and a place
        "start": day,
        "days": rng.randint(1, 5),
        "size": min(40, int(rng.paretovariate(1.2))),
        "articles": [],
    }


def _sentence(rng: random.Random, world: _World, story: dict) -> str:
    n = rng.randint(12, 22)
    background = rng.choices(world.vocab, cum_weights=world.cum, k=n)
    kind = world.kinds[story["kind"]]
    for i in rng.sample(range(n), k=n // 3):
        r = rng.random()
        background[i] = rng.choice(kind) if r < 0.4 else rng.choice(story["words"]) if r < 0.75 else ""
        if not background[i]:
            background[i] = rng.choice(story["names"])
    return " ".join(background).capitalize() + "."


def generate(
    n: int, seed: int = 1, per_day: int = 300
) -> Iterator[tuple[Article, list[str], str, str | None]]:
    rng = random.Random(seed)
    world = _World(rng)
    active: list[dict] = []
    sid = 0
    made = 0
    day = 0
    while made < n:
        # open stories so that each day carries about per_day articles
        while sum(s["size"] - len(s["articles"]) for s in active) < per_day * 3:
            active.append(_story(rng, world, sid, day))
            sid += 1
        todays = [s for s in active if s["start"] <= day]
        for _ in range(per_day):
            if made >= n or not todays:
                break
            story = rng.choice(todays)
            aid = f"a{made:07d}"
            article_date = START + timedelta(days=day)
            if story["articles"] and rng.random() < 0.08:  # a syndicated copy of an earlier article
                orig_id, orig_text = rng.choice(story["articles"])
                paras = orig_text.split("\n")
                edit = rng.randrange(3)
                if edit == 0:
                    text = "Update " + _word(rng, 2) + " " + _word(rng, 3) + "\n" + orig_text
                elif edit == 1:
                    text = "\n".join(paras[: max(2, len(paras) * 2 // 3)])
                else:
                    text = (
                        orig_text
                        + "\nAll rights reserved. Subscribe for more news from "
                        + rng.choice(OUTLETS)
                    )
                yield (
                    Article(aid, text, article_date, source=rng.choice(OUTLETS)),
                    story["names"],
                    story["id"],
                    orig_id,
                )
            else:
                paras = [
                    " ".join(_sentence(rng, world, story) for _ in range(rng.randint(1, 3)))
                    for _ in range(rng.randint(3, 6))
                ]
                text = "\n".join(paras)
                story["articles"].append((aid, text))
                yield (
                    Article(aid, text, article_date, source=rng.choice(OUTLETS)),
                    story["names"],
                    story["id"],
                    None,
                )
            made += 1
            if len(story["articles"]) >= story["size"] or day >= story["start"] + story["days"] - 1:
                if story in todays and len(story["articles"]) >= story["size"]:
                    todays.remove(story)
        day += 1
        active = [s for s in active if len(s["articles"]) < s["size"] and day < s["start"] + s["days"]]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    for article, _, story, _ in generate(args.n, args.seed):
        row = {"id": article.id, "date": article.date.isoformat() if article.date else None,
               "source": article.source, "text": article.text, "story": story}  # fmt: skip
        sys.stdout.write(json.dumps(row) + "\n")


if __name__ == "__main__":
    main()
