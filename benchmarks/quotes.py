"""Quote and attribution extraction on PolNeAR (Newell, Margolin & Ruths, LREC 2018).

Runs the real eventwire pipeline (every registered foundation layer before "quotes") over the
PolNeAR train/dev articles and scores the quotes layer against the gold attributions.

Choices, stated so the figures can be read:
- One annotator per article: the first .ann file in name order.
- A gold attribution is its Content fragments (a split quote is one attribution with two
  fragments). Predicted quotes sharing a cue form one predicted attribution.
- Fragments are compared after trimming whitespace, quotation marks and edge punctuation
  (,.;:), since PolNeAR keeps the marks inside Content and eventwire does not; fragments that
  only whitespace/marks separate (a multi-paragraph quote) are merged.
- exact: the fragment sets are equal after that; overlap: any shared character. Matching is
  one-to-one, greedy by overlap size.
- direct: a gold attribution whose content opens with a quotation mark; a predicted one with
  ``Quote.direct``. Direct precision = matched predicted direct / predicted direct (matched to
  any gold attribution); direct recall = gold direct matched by a predicted direct quote.
- speaker accuracy: over overlap-matched pairs whose gold has a Source, the predicted speaker
  span overlaps a gold Source fragment, or its canonical name shares a proper-name token with
  the gold source (a coreferent mention of the same name: "Caddell" vs "Pat Caddell").
- cue: a content-matched pair counts when the predicted cue overlaps the gold Cue; precision
  over predicted attributions with a cue, recall over gold attributions with a cue (direct
  figures: predicted direct quotes with a cue; gold direct attributions with a cue).

Usage: python benchmarks/quotes.py [--data ../shared/data] [--split dev train] [--limit N]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from eventwire.context import Config
from eventwire.model import Article, Quote
from eventwire.pipeline import Pipeline
from eventwire.registry import components

REPO = Path(__file__).resolve().parents[1]
MARKS = "\"“”‘’'«»„"
TRIM = " \t\r\n" + MARKS + ",.;:"
NOT_NAMES = {"The", "A", "An", "Mr.", "Mrs.", "Ms.", "Dr.", "Sen.", "Rep.", "Gov.", "President", "Senator"}


@dataclass
class Unit:
    """One attribution: content fragments (trimmed, merged) plus cue/source fragments."""

    frags: list[tuple[int, int]]
    direct: bool
    cue: list[tuple[int, int]] = field(default_factory=list)
    source: list[tuple[int, int]] = field(default_factory=list)
    speaker: tuple[int, int] | None = None
    speaker_names: set[str] = field(default_factory=set)


def normalise(text: str, frags: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(frags):
        while s < e and text[s] in TRIM:
            s += 1
        while e > s and text[e - 1] in TRIM:
            e -= 1
        if e <= s:
            continue
        if out and all(ch in TRIM for ch in text[out[-1][1] : s]):
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def parse_offsets(offs: str) -> list[tuple[int, int]]:
    spans = []
    for part in offs.split(";"):
        a, b = part.split()
        spans.append((int(a), int(b)))
    return spans


def load_gold(ann: Path, text: str) -> list[Unit]:
    spans: dict[str, list[tuple[int, int]]] = {}
    rels: list[dict[str, str]] = []
    for line in ann.read_text("utf-8").splitlines():
        cols = line.split("\t")
        if line.startswith("T") and len(cols) >= 2:
            _typ, offs = cols[1].split(" ", 1)
            spans[cols[0]] = parse_offsets(offs)
        elif line.startswith("E") and len(cols) >= 2:
            rels.append(dict(p.split(":", 1) for p in cols[1].split()))
    units = []
    for rel in rels:
        content = spans.get(rel.get("Content", ""))
        if not content:
            continue
        frags = normalise(text, content)
        if not frags:
            continue
        first = text[min(s for s, _ in content) :].lstrip()
        units.append(
            Unit(
                frags,
                direct=first[:1] in MARKS,
                cue=spans.get(rel.get("Cue", ""), []),
                source=spans.get(rel.get("Source", ""), []),
            )
        )
    return units


def names(text: str) -> set[str]:
    return {w.strip(",.'’s") for w in text.split() if w[:1].isupper() and w not in NOT_NAMES} - {""}


def predicted(text: str, quotes: list[Quote]) -> list[Unit]:
    groups: dict[object, list[Quote]] = {}
    for i, q in enumerate(quotes):
        key = (q.cue.start, q.cue.end) if q.cue else ("nocue", i)
        groups.setdefault(key, []).append(q)
    units = []
    for qs in groups.values():
        frags = normalise(text, [(q.start, q.end) for q in qs])
        if not frags:
            continue
        u = Unit(frags, direct=any(q.direct for q in qs))
        q = qs[0]
        if q.cue:
            u.cue = [(q.cue.start, q.cue.end)]
        if q.speaker:
            u.speaker = (q.speaker.start, q.speaker.end)
            u.speaker_names = names(q.speaker.text) | names(q.speaker.canonical or "")
        units.append(u)
    return units


def overlap(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> int:
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def match(preds: list[Unit], golds: list[Unit], exact: bool) -> list[tuple[Unit, Unit]]:
    pairs = []
    for p in preds:
        for g in golds:
            if exact:
                if p.frags == g.frags:
                    pairs.append((1, p, g))
            elif (o := overlap(p.frags, g.frags)) > 0:
                pairs.append((o, p, g))
    pairs.sort(key=lambda x: -x[0])
    used_p: set[int] = set()
    used_g: set[int] = set()
    out = []
    for _, p, g in pairs:
        if id(p) in used_p or id(g) in used_g:
            continue
        used_p.add(id(p))
        used_g.add(id(g))
        out.append((p, g))
    return out


class Score:
    def __init__(self) -> None:
        self.c: dict[str, int] = {}

    def add(self, key: str, n: int = 1) -> None:
        self.c[key] = self.c.get(key, 0) + n

    def prf(self, tp_p: str, n_p: str, tp_g: str, n_g: str) -> str:
        p = self.c.get(tp_p, 0) / max(1, self.c.get(n_p, 0))
        r = self.c.get(tp_g, 0) / max(1, self.c.get(n_g, 0))
        f = 2 * p * r / (p + r) if p + r else 0.0
        return f"P {p:.3f}  R {r:.3f}  F1 {f:.3f}"

    def ratio(self, a: str, b: str) -> str:
        return f"{self.c.get(a, 0) / max(1, self.c.get(b, 0)):.3f} ({self.c.get(a, 0)}/{self.c.get(b, 0)})"


def speaker_ok(p: Unit, g: Unit, text: str) -> bool:
    if p.speaker is None:
        return False
    if overlap([p.speaker], g.source) > 0:
        return True
    gold_names = set().union(*(names(text[s:e]) for s, e in g.source))
    return bool(gold_names & p.speaker_names)


def score_doc(sc: Score, text: str, preds: list[Unit], golds: list[Unit]) -> None:
    for scope, ps, gs in (("all", preds, golds), ("direct", [p for p in preds if p.direct], golds)):
        sc.add(f"{scope}.pred", len(ps))
        sc.add(f"{scope}.gold", sum(1 for g in gs if scope == "all" or g.direct))
        for mode in ("exact", "overlap"):
            pairs = match(ps, gs, exact=mode == "exact")
            sc.add(f"{scope}.{mode}.tp_pred", len(pairs))
            sc.add(f"{scope}.{mode}.tp_gold", sum(1 for _, g in pairs if scope == "all" or g.direct))
            if mode != "overlap":
                continue
            for p, g in pairs:
                cue_ok = bool(p.cue and g.cue and overlap(p.cue, g.cue) > 0)
                sc.add(f"{scope}.cue.tp_pred", cue_ok)  # like content precision: any gold
                if scope == "direct" and not g.direct:
                    continue
                sc.add(f"{scope}.cue.tp_gold", cue_ok)
                if g.source:
                    sc.add(f"{scope}.spk.n")
                    sc.add(f"{scope}.spk.ok", speaker_ok(p, g, text))
        sc.add(f"{scope}.cue.pred", sum(1 for p in ps if p.cue))
        sc.add(f"{scope}.cue.gold", sum(1 for g in gs if g.cue and (scope == "all" or g.direct)))


def run(pipe: Pipeline, root: Path, split: str, limit: int | None) -> None:
    texts = sorted((root / split / "text").glob("*.txt"))[:limit]
    items = []
    for t in texts:
        anns = sorted((root / split / "attributions").glob(f"{t.stem}_*.ann"))
        if anns:
            text = t.read_text("utf-8")
            items.append((Article(t.stem, text), load_gold(anns[0], text)))
    sc = Score()
    t0 = time.perf_counter()
    docs = pipe.annotate(a for a, _ in items)
    for (article, golds), doc in zip(items, docs, strict=True):
        score_doc(sc, article.text, predicted(article.text, doc.quotes), golds)
    secs = time.perf_counter() - t0
    print(f"\n== PolNeAR {split}: {len(items)} articles, {secs:.1f}s (pipeline + scoring)")
    for scope in ("direct", "all"):
        print(f"  [{scope}] gold {sc.c.get(scope + '.gold', 0)}  predicted {sc.c.get(scope + '.pred', 0)}")
        for mode in ("exact", "overlap"):
            k = f"{scope}.{mode}"
            prf = sc.prf(f"{k}.tp_pred", f"{scope}.pred", f"{k}.tp_gold", f"{scope}.gold")
            print(f"    content {mode:<8} {prf}")
        print(f"    speaker accuracy  {sc.ratio(scope + '.spk.ok', scope + '.spk.n')}")
        cue = sc.prf(f"{scope}.cue.tp_pred", f"{scope}.cue.pred", f"{scope}.cue.tp_gold", f"{scope}.cue.gold")
        print(f"    cue              {cue}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    ap.add_argument("--split", nargs="+", default=["dev", "train"], choices=["dev", "train"])
    ap.add_argument("--limit", type=int, default=None, help="first N articles per split")
    args = ap.parse_args()
    root = args.data / "quotes" / "polnear"
    Pipeline(Config(components=[]))  # registers the built-in components
    layers = [c for c in ("entities", "timex", "places", "actors") if c in components]
    pipe = Pipeline(Config(components=[*layers, "quotes"]))
    print("components:", ", ".join(pipe.config.components))
    for split in args.split:
        run(pipe, root, split, args.limit)


if __name__ == "__main__":
    main()
