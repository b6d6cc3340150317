"""Time-expression extraction and normalisation on TimeBank + AQUAINT (TempEval-3 TBAQ-cleaned).

For every .tml document the DCT TIMEX3 is the anchor date; the gold TIMEX3 tags inline in
<TEXT> are compared with ``extract_timexes(plain_text, dct)``.

Prints, overall and split by sub-corpus (TimeBank, AQUAINT):
  * extraction precision / recall / F1, strict (identical offsets) and relaxed (any overlap);
  * type accuracy and value accuracy over relaxed matches (the TempEval-3 convention);
  * milliseconds per document for the extractor (wall clock and CPU time of this process, which
    is the steadier figure on a shared machine), and per sentence (sentences counted with a
    punctuation splitter, so approximate).

    .venv/bin/python benchmarks/timex.py [--data ../shared/data] [--errors N] [--spacy]

``--spacy`` also parses the documents with the project's spaCy model and prints the timex cost
as a share of the parse (the foundation-layer budget is stated relative to bare spaCy).
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import re
import time
from dataclasses import dataclass
from pathlib import Path

from eventwire.knowledge.timex import extract_timexes

REPO = Path(__file__).resolve().parents[1]
_TAG = re.compile(r"<(/?)([A-Za-z0-9_]+)([^>]*)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')


@dataclass
class Gold:
    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass
class Document:
    name: str
    corpus: str
    anchor: dt.date | None
    text: str
    gold: list[Gold]


def parse_tml(path: Path, corpus: str) -> Document:
    raw = path.read_text(encoding="utf-8")
    anchor = None
    dct = re.search(r"<DCT>\s*<TIMEX3([^>]*)>", raw)
    if dct:
        value = dict(_ATTR.findall(dct.group(1))).get("value", "")
        m = re.match(r"(\d{4})-?(\d{2})-?(\d{2})", value)
        if m:
            anchor = dt.date(int(m[1]), int(m[2]), int(m[3]))
    body = raw[raw.index("<TEXT>") + len("<TEXT>") : raw.index("</TEXT>")]
    # Strip the inline markup, keeping plain-text offsets of each TIMEX3.
    parts: list[str] = []
    length = 0
    gold: list[Gold] = []
    open_timex: tuple[int, dict[str, str]] | None = None
    pos = 0
    for m in _TAG.finditer(body):
        chunk = html.unescape(body[pos : m.start()])
        parts.append(chunk)
        length += len(chunk)
        pos = m.end()
        closing, name = m.group(1), m.group(2)
        if name != "TIMEX3":
            continue
        if not closing:
            open_timex = (length, dict(_ATTR.findall(m.group(3))))
        elif open_timex is not None:
            start, attrs = open_timex
            gold.append(Gold(start, length, "", attrs.get("type", ""), attrs.get("value", "")))
            open_timex = None
    parts.append(html.unescape(body[pos:]))
    text = "".join(parts)
    for g in gold:
        g.text = text[g.start : g.end]
    return Document(path.stem, corpus, anchor, text, gold)


def load(data: Path) -> list[Document]:
    root = data / "time" / "timebank"
    docs = []
    for corpus in ("TimeBank", "AQUAINT"):
        for path in sorted((root / corpus).glob("*.tml")):
            docs.append(parse_tml(path, corpus))
    return docs


@dataclass
class Tally:
    gold: int = 0
    pred: int = 0
    strict: int = 0
    relaxed_gold: int = 0  # gold expressions overlapped by a prediction
    relaxed_pred: int = 0  # predictions overlapping a gold expression
    type_ok: int = 0
    value_ok: int = 0
    pairs: int = 0

    def add(self, other: Tally) -> None:
        for k in self.__dataclass_fields__:
            setattr(self, k, getattr(self, k) + getattr(other, k))


def _prf(tp_p: int, tp_g: int, pred: int, gold: int) -> tuple[float, float, float]:
    p = tp_p / pred if pred else 0.0
    r = tp_g / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(doc: Document, pred: list, errors: list[str]) -> Tally:
    t = Tally(gold=len(doc.gold), pred=len(pred))
    gold_spans = {(g.start, g.end) for g in doc.gold}
    t.strict = sum((p.start, p.end) in gold_spans for p in pred)
    matched_pred: set[int] = set()
    for g in doc.gold:
        best = None
        for i, p in enumerate(pred):
            if p.start < g.end and g.start < p.end:
                if best is None or (p.start, p.end) == (g.start, g.end):
                    best = i
        if best is None:
            errors.append(f"MISS  {doc.name} {doc.anchor} {g.type} {g.value!r} {g.text!r}")
            continue
        matched_pred.add(best)
        p = pred[best]
        t.relaxed_gold += 1
        t.pairs += 1
        t.type_ok += p.type == g.type
        t.value_ok += p.value == g.value
        if p.value != g.value or p.type != g.type:
            errors.append(
                f"VALUE {doc.name} {doc.anchor} gold {g.type} {g.value!r} {g.text!r}"
                f" | pred {p.type} {p.value!r} {p.text!r}"
            )
    for i, p in enumerate(pred):
        if any(p.start < g.end and g.start < p.end for g in doc.gold):
            t.relaxed_pred += 1
        elif i not in matched_pred:
            ctx = doc.text[max(0, p.start - 40) : p.end + 40].replace("\n", " ")
            errors.append(f"FALSE {doc.name} {p.type} {p.value!r} {p.text!r} :: {ctx}")
    return t


_SENTENCE_END = re.compile(r"[.!?][\"')]*\s+(?=[\"'(]?[A-Z0-9])|\n\s*\n")


def report(name: str, t: Tally, ndocs: int) -> None:
    sp, sr, sf = _prf(t.strict, t.strict, t.pred, t.gold)
    rp, rr, rf = _prf(t.relaxed_pred, t.relaxed_gold, t.pred, t.gold)
    type_acc = t.type_ok / t.pairs if t.pairs else 0.0
    value_acc = t.value_ok / t.pairs if t.pairs else 0.0
    print(
        f"{name:9s} docs={ndocs:3d} gold={t.gold:4d} pred={t.pred:4d} | "
        f"strict P={sp:.3f} R={sr:.3f} F1={sf:.3f} | relaxed P={rp:.3f} R={rr:.3f} F1={rf:.3f} | "
        f"type acc={type_acc:.3f} value acc={value_acc:.3f} (n={t.pairs}) | "
        f"value F1={rf * value_acc:.3f}"
    )


def compare_with_spacy(docs: list[Document], timex_cpu: float) -> None:
    from eventwire.context import Context

    nlp = Context().nlp
    list(nlp.pipe(d.text for d in docs[:5]))
    cpu0 = time.process_time()
    parsed = list(nlp.pipe((d.text for d in docs), batch_size=64))
    spacy_cpu = time.process_time() - cpu0
    sentences = sum(1 for doc in parsed for _ in doc.sents)
    print(
        f"spaCy nlp.pipe: {1000 * spacy_cpu / sentences:.3f} ms/sentence CPU; timex: "
        f"{1000 * timex_cpu / sentences:.4f} ms/sentence CPU = {100 * timex_cpu / spacy_cpu:.1f}% of the parse "
        f"({sentences} spaCy sentences)"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    ap.add_argument("--errors", type=int, default=0, help="print up to N errors of each kind")
    ap.add_argument("--corpus", choices=["TimeBank", "AQUAINT"], help="only this sub-corpus")
    ap.add_argument("--spacy", action="store_true", help="compare the cost with a spaCy parse")
    args = ap.parse_args()
    docs = load(args.data)
    if args.corpus:
        docs = [d for d in docs if d.corpus == args.corpus]
    extract_timexes("warm up on Monday", dt.date(2022, 11, 29))
    totals: dict[str, Tally] = {}
    counts: dict[str, int] = {}
    errors: list[str] = []
    for doc in docs:
        tally = score(doc, extract_timexes(doc.text, doc.anchor), errors)
        for key in (doc.corpus, "ALL"):
            totals.setdefault(key, Tally()).add(tally)
            counts[key] = counts.get(key, 0) + 1
    for key in ("TimeBank", "AQUAINT", "ALL"):
        if key in totals:
            report(key, totals[key], counts[key])
    # speed: the whole set, three times, after the scoring pass has warmed every cache
    rounds = 3
    wall0, cpu0 = time.perf_counter(), time.process_time()
    for _ in range(rounds):
        for doc in docs:
            extract_timexes(doc.text, doc.anchor)
    wall = (time.perf_counter() - wall0) / rounds
    cpu = (time.process_time() - cpu0) / rounds
    sentences = sum(len(_SENTENCE_END.findall(d.text.strip())) + 1 for d in docs)
    chars = sum(len(d.text) for d in docs)
    print(
        f"speed: {1000 * wall / len(docs):.3f} ms/doc wall, {1000 * cpu / len(docs):.3f} ms/doc CPU, "
        f"{1000 * cpu / sentences:.4f} ms/sentence CPU ({len(docs)} docs, ~{sentences} sentences, "
        f"{chars / len(docs):.0f} chars/doc)"
    )
    if args.spacy:
        compare_with_spacy(docs, cpu)
    if args.errors:
        for kind in ("MISS", "FALSE", "VALUE"):
            chosen = [e for e in errors if e.startswith(kind)][: args.errors]
            print(f"\n--- {kind} ({sum(e.startswith(kind) for e in errors)}) ---")
            print("\n".join(chosen))


if __name__ == "__main__":
    main()
