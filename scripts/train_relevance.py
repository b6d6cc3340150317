"""Train the article relevance model (src/eventwire/annotate/models/relevance.npz + .json).

Relevant = about politics, conflict, security, protest, diplomacy, crime or disaster.

Training data (never tests/frozen/relevance.jsonl: benchmarks/relevance.py only scores on it):

* our own texts, ``training/relevance_own.jsonl`` ({id, kind, relevant, text}: short news
  paragraphs of the relevant kinds and texts of irrelevant kinds: sport, shopping, recipes,
  boilerplate, ...);
* development data in ../shared/data (read here, never copied into the repository):
  relevant news from events/plv_train.tsv (``sentence``), events/ngec_synthetic.csv (``text``:
  synthetic news), events/event_location_train.jsonl (``text``; its own held-out part, which
  benchmarks/event_location.py scores on, and two noisy sources, are left out), quotes/polnear (2016 election news:
  title + text) and the ECB+ topics of stories/ecbplus_dev that are about crime, riots,
  elections, government, war, fires and earthquakes; irrelevant: relevance/gum_nonnews.jsonl
  (academic, biography and travel-guide paragraphs; the few biographies and city histories
  that mention wars or politicians stay irrelevant: they are not news about it) and the ECB+
  topics about celebrities, sport, television and company deals. Two ECB+ topics are left out
  as neither (a mountaineering accident, a browser security patch).

Balance: the development sources are news-article or single-sentence style, our own texts
short paragraphs, and only the development data has long articles. So that the model learns
topic rather than "development style vs own style", the development rows together weigh as
much as our own rows, half relevant and half irrelevant, each source an equal share of its
class; the sampling is seeded.

Model: logistic regression over tf-idf (sublinear, l2) of ``eventwire.annotate.relevance.analyze``
(word 1-2 grams and character 2-5 grams within words, lowercased, digits as 0), stored as plain
arrays applied with eventwire.linear at run time.

Selection, by 5-fold cross-validation on the training data (folds grouped by document and
ECB+ topic, stratified by label): for each regularisation C the default threshold is the highest
accuracy on our own texts' out-of-fold scores among thresholds whose recall on relevant own
texts and on the relevant development texts (each source weighted equally) is at least
``MIN_RECALL`` (the issue asks >= 0.95 on the frozen set: a small margin); then the C whose
out-of-fold accuracy over all training rows (with the training weights) is best at its
threshold (our own texts alone are near 0.99 for every C, too close to choose by).
Printed: that cross-validation by source, and the leave-one-source-out table (train without a
source, score on it). Deterministic: the same data gives the same file.

    python scripts/train_relevance.py [--data ../shared/data] [--no-write]
"""

from __future__ import annotations

import argparse
import collections
import csv
import json
import random
import re
import sys
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedGroupKFold

from eventwire.annotate.relevance import (
    FORMAT,
    MAX_CHARS,
    MODEL_FILE,
    analyze,
    article_text,
    load_relevance_model,
    save_model,
)

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))
from train_event_places import held_out  # noqa: E402  (event_location's held-out split)

OWN = REPO / "training" / "relevance_own.jsonl"
OUT = REPO / "src" / "eventwire" / "annotate" / "models" / MODEL_FILE
SEED = 0
FOLDS = 5
MIN_DF = 2
C_GRID = (1.0, 3.0, 10.0, 30.0, 100.0)
THRESHOLDS = tuple(round(t, 3) for t in np.arange(0.05, 0.951, 0.025))
MIN_RECALL = 0.96
# sample sizes of the large relevant development sources (each relevant source then gets an
# equal share of the relevant weight anyway)
SAMPLE = {"plv": 300, "ngec": 300, "event_location": 300, "polnear": 250}
# event_location sources left out: AFP_RA samples general news by verb ("captured the
# trophy": 6% sport, by a word count) and wiki is encyclopaedia history, not news
EVLOC_LEFT_OUT = ("AFP_RA", "wiki")
# ECB+ topics (odd-numbered ones are in shared/data) by what they are about
ECB_RELEVANT = {
    "3": "prison escape, killer sentenced",
    "9": "endangered-species rules of the Bush and Obama administrations",
    "11": "parliamentary elections in Turkmenistan",
    "13": "church and warehouse fires under investigation",
    "19": "riots after police shootings",
    "21": "hit-and-run killings",
    "33": "murders",
    "35": "athletes arrested for drunk driving",
    "37": "earthquakes in Indonesia",
    "41": "bombing of Gaza and South Sudan",
    "45": "murder trials",
}
ECB_IRRELEVANT = {
    "1": "celebrities in rehab",
    "5": "basketball coaches",
    "7": "boxing",
    "25": "American football injuries",
    "29": "American football results",
    "31": "college basketball records",
    "39": "Doctor Who casting",
    "43": "chipmaker acquisitions",
}
ECB_LEFT_OUT = {"23": "a climbing accident", "27": "a browser security patch"}
# words that make a GUM non-news paragraph a "hard case" (counted for the manifest only)
_HARD = re.compile(
    r"\b(war|wars|battle|army|troops|soldiers?|military|revolution|election|elected|president|"
    r"government|politic\w*|parliament|killed|murder\w*|rebellion|invasion|siege|conflict)\b",
    re.I,
)


@dataclass
class Row:
    text: str
    relevant: bool
    source: str  # own, plv, ngec, event_location, polnear, ecb, gum
    group: str  # rows of one group fall in one fold (a document, an ECB+ sub-topic)
    kind: str = ""


# --- data -------------------------------------------------------------------------------------


def load_own(path: Path = OWN) -> list[Row]:
    rows = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                d = json.loads(line)
                rows.append(Row(d["text"], bool(d["relevant"]), "own", f"own:{d['id']}", d.get("kind", "")))
            except (ValueError, KeyError) as e:
                raise SystemExit(f"{path}:{n}: bad row ({e})") from None
    return rows


def _sample(items: list[Any], n: int, seed: str) -> list[Any]:
    items = sorted(set(items))
    return random.Random(f"{SEED}:{seed}").sample(items, min(n, len(items)))


def load_plv(data: Path) -> list[Row]:
    with (data / "events" / "plv_train.tsv").open(encoding="utf-8", newline="") as fh:
        texts = [r["sentence"] for r in csv.DictReader(fh, delimiter="\t") if r.get("sentence")]
    return [Row(t, True, "plv", f"plv:{t}") for t in _sample(texts, SAMPLE["plv"], "plv")]


def load_ngec(data: Path) -> list[Row]:
    csv.field_size_limit(10**7)
    with (data / "events" / "ngec_synthetic.csv").open(encoding="utf-8", newline="") as fh:
        texts = [r["text"] for r in csv.DictReader(fh) if r.get("text") and "{" not in r["text"]]
    return [Row(t[:MAX_CHARS], True, "ngec", f"ngec:{t}") for t in _sample(texts, SAMPLE["ngec"], "ngec")]


def load_event_location(data: Path) -> list[Row]:
    texts = []
    with (data / "events" / "event_location_train.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            if not held_out(d) and d.get("source") not in EVLOC_LEFT_OUT:
                texts.append(d["text"])
    return [
        Row(t, True, "event_location", f"evloc:{t}")
        for t in _sample(texts, SAMPLE["event_location"], "evloc")
    ]


def load_polnear(data: Path) -> list[Row]:
    base = data / "quotes" / "polnear"
    titles = {}
    with (base / "metadata.tsv").open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh, delimiter="\t"):
            titles[r["filename"]] = r.get("title") or None
    files = sorted(base.glob("*/text/*.txt"))
    picked = _sample([str(f) for f in files], SAMPLE["polnear"], "polnear")
    rows = []
    for f in map(Path, picked):
        text = f.read_text(encoding="utf-8").strip()
        rows.append(Row(article_text(titles.get(f.stem), text), True, "polnear", f"polnear:{f.stem}"))
    return rows


_DETOK = [
    (re.compile(r" ([,.;:!?%)\]}])"), r"\1"),
    (re.compile(r"([(\[{$]) "), r"\1"),
    (re.compile(r" (n't|'s|'re|'ve|'ll|'d|'m)\b"), r"\1"),
    (re.compile(r"`` ?| ?''"), '"'),
]


def _detokenize(tokens: list[str]) -> str:
    s = " ".join(tokens)
    for pat, rep in _DETOK:
        s = pat.sub(rep, s)
    return s


def ecb_text(path: Path) -> str:
    sents: dict[int, list[str]] = collections.defaultdict(list)
    for t in ET.parse(path).getroot().iter("token"):
        sents[int(t.get("sentence", "0"))].append(t.text or "")
    lines = [_detokenize(sents[k]) for k in sorted(sents)]
    if lines and lines[0].startswith("http"):  # ECB+ documents start with their URL
        lines = lines[1:]
    return "\n".join(lines)[:MAX_CHARS]


def load_ecb(data: Path) -> list[Row]:
    rows = []
    for topic, relevant in [*((t, True) for t in ECB_RELEVANT), *((t, False) for t in ECB_IRRELEVANT)]:
        for f in sorted((data / "stories" / "ecbplus_dev" / topic).glob("*.xml")):
            sub = "plus" if f.stem.endswith("ecbplus") else "ecb"
            text = ecb_text(f)
            if len(text) >= 40:
                rows.append(Row(text, relevant, "ecb", f"ecb:{topic}{sub}", f"ecb-topic-{topic}"))
    return rows


def load_gum(data: Path) -> tuple[list[Row], int]:
    rows, hard = [], 0
    with (data / "relevance" / "gum_nonnews.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            hard += bool(_HARD.search(d["text"]))
            rows.append(Row(d["text"], False, "gum", f"gum:{d['doc']}", f"gum-{d['genre']}"))
    return rows, hard


def load_dev(data: Path) -> tuple[list[Row], dict[str, Any]]:
    gum, hard = load_gum(data)
    rows = load_plv(data) + load_ngec(data) + load_event_location(data) + load_polnear(data)
    rows += load_ecb(data) + gum
    return rows, {"gum_paragraphs_mentioning_war_or_politics_kept_irrelevant": hard}


def weights(rows: list[Row]) -> np.ndarray:
    """Own rows weigh 1; the development rows together as much as the own rows, half per
    class, each development source an equal share of its class."""
    n_own = sum(r.source == "own" for r in rows)
    cells = collections.Counter((r.relevant, r.source) for r in rows if r.source != "own")
    per_class = collections.Counter(rel for rel, _src in cells)
    w = np.ones(len(rows))
    for i, r in enumerate(rows):
        if r.source != "own":
            w[i] = (n_own / 2) / per_class[r.relevant] / cells[(r.relevant, r.source)]
    return w


# --- model ------------------------------------------------------------------------------------


def _identity(x: list[str]) -> list[str]:
    return x


def fit(
    feats: list[list[str]], y: np.ndarray, w: np.ndarray, c: float
) -> tuple[TfidfVectorizer, LogisticRegression]:
    vec = TfidfVectorizer(analyzer=_identity, sublinear_tf=True, min_df=MIN_DF, norm="l2", dtype=np.float64)
    x = vec.fit_transform(feats)
    clf = LogisticRegression(C=c, solver="liblinear", max_iter=1000, random_state=SEED)
    clf.fit(x, y, sample_weight=w)
    return vec, clf


def predict(model: tuple[TfidfVectorizer, LogisticRegression], feats: list[list[str]]) -> np.ndarray:
    vec, clf = model
    return clf.predict_proba(vec.transform(feats))[:, 1]


def folds(rows: list[Row], y: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    cv = StratifiedGroupKFold(n_splits=FOLDS, shuffle=True, random_state=SEED)
    return list(cv.split(np.zeros(len(rows)), y, [r.group for r in rows]))


def out_of_fold(feats: list[list[str]], y: np.ndarray, w: np.ndarray, splits: list, c: float) -> np.ndarray:
    p = np.zeros(len(y))
    for tr, te in splits:
        m = fit([feats[i] for i in tr], y[tr], w[tr], c)
        p[te] = predict(m, [feats[i] for i in te])
    return p


def figures(y: np.ndarray, p: np.ndarray, t: float) -> dict[str, Any]:
    pred = p >= t
    tp = int(np.sum(pred & (y == 1)))
    fp = int(np.sum(pred & (y == 0)))
    fn = int(np.sum(~pred & (y == 1)))
    pos = int(np.sum(y == 1))
    out: dict[str, Any] = {
        "n": len(y),
        "relevant": pos,
        "accuracy": round(float(np.mean(pred == (y == 1))), 4),
        "recall": round(tp / pos, 4) if pos else None,
        "precision": round(tp / (tp + fp), 4) if tp + fp else None,
        "false_negatives": fn,
        "false_positives": fp,
    }
    if 0 < pos < len(y):
        out["auc"] = round(float(roc_auc_score(y, p)), 4)
    return out


def dev_recall(rows: list[Row], p: np.ndarray, t: float) -> float:
    """Recall on the relevant development texts, each source weighted equally."""
    by: dict[str, list[bool]] = collections.defaultdict(list)
    for r, pp in zip(rows, p, strict=True):
        if r.relevant and r.source != "own":
            by[r.source].append(bool(pp >= t))
    return float(np.mean([np.mean(v) for v in by.values()])) if by else 1.0


def choose_threshold(rows: list[Row], y: np.ndarray, p: np.ndarray) -> tuple[float, dict[str, Any]]:
    """The threshold with the best accuracy on our own texts among those whose recall reaches
    MIN_RECALL on our own relevant texts and on the relevant development texts."""
    own = np.array([r.source == "own" for r in rows])
    best: tuple[float, float] | None = None
    for t in THRESHOLDS:
        f = figures(y[own], p[own], t)
        ok = f["recall"] is not None and f["recall"] >= MIN_RECALL and dev_recall(rows, p, t) >= MIN_RECALL
        if ok and (best is None or f["accuracy"] > best[1]):
            best = (t, f["accuracy"])
    t = best[0] if best else THRESHOLDS[0]
    return t, {**figures(y[own], p[own], t), "dev_recall_sources_equal": round(dev_recall(rows, p, t), 4)}


def fmt(f: dict[str, Any]) -> str:
    rec = "-" if f["recall"] is None else f"{f['recall']:.3f}"
    prec = "-" if f["precision"] is None else f"{f['precision']:.3f}"
    auc = f"{f['auc']:.3f}" if "auc" in f else "-"
    return (
        f"n={f['n']:<5} acc {f['accuracy']:.3f}  recall {rec}  precision {prec}  auc {auc}  "
        f"(FN {f['false_negatives']}, FP {f['false_positives']})"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=str(REPO.parent / "shared" / "data"), help="shared development data")
    ap.add_argument("--no-write", action="store_true", help="print the figures, do not write the model")
    args = ap.parse_args()
    data = Path(args.data)
    started = time.perf_counter()

    own = load_own()
    dev, notes = load_dev(data)
    rows = own + dev
    y = np.array([int(r.relevant) for r in rows])
    w = weights(rows)
    feats = [analyze(r.text) for r in rows]
    is_own = np.array([r.source == "own" for r in rows])
    sources = sorted({r.source for r in rows}, key=lambda s: (s != "own", s))
    counts = {
        s: {"relevant": sum(r.relevant for r in rows if r.source == s),
            "irrelevant": sum(not r.relevant for r in rows if r.source == s)}
        for s in sources
    }  # fmt: skip
    print("training rows:", json.dumps(counts))

    # 1. C and threshold by cross-validation on the training data (scored on our own texts)
    splits = folds(rows, y)
    grid: dict[float, tuple[float, dict[str, Any], np.ndarray]] = {}
    for c in C_GRID:
        p = out_of_fold(feats, y, w, splits, c)
        t, f = choose_threshold(rows, y, p)
        f["weighted_accuracy_all"] = round(float(np.sum(w * ((p >= t) == (y == 1))) / np.sum(w)), 4)
        grid[c] = (t, f, p)
        print(f"C={c:<5} threshold {t:.3f}: own texts out of fold {fmt(f)}; "
              f"dev recall {f['dev_recall_sources_equal']:.3f}; "
              f"all rows, weighted: acc {f['weighted_accuracy_all']:.3f}")  # fmt: skip
    best_c = max(C_GRID, key=lambda c: (grid[c][1]["weighted_accuracy_all"], -c))
    threshold, own_cv, p_all = grid[best_c]
    print(f"\nchosen C={best_c} (best weighted accuracy over all rows at its threshold), threshold "
          f"{threshold} (recall >= {MIN_RECALL} on own and on development relevant texts, then the "
          "best accuracy on own texts)")  # fmt: skip
    cv_by_source = {}
    print(f"\n{FOLDS}-fold cross-validation on the training data, by source (threshold {threshold}):")
    for s in sources:
        m = np.array([r.source == s for r in rows])
        cv_by_source[s] = figures(y[m], p_all[m], threshold)
        print(f"  {s:<16} {fmt(cv_by_source[s])}")
    cv_by_source["all"] = figures(y, p_all, threshold)
    print(f"  {'all':<16} {fmt(cv_by_source['all'])}")
    kinds = collections.Counter(r.kind for r, p in zip(rows, p_all, strict=True)
                                if r.source == "own" and (p >= threshold) != r.relevant)  # fmt: skip
    print("  own-text errors by kind:", dict(sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))))

    # 2. leave one source out: train without it, score on it
    print(
        f"\nleave one source out (C={best_c}, threshold {threshold}): train without the source, score on it"
    )
    loso: dict[str, Any] = {}
    for s in sources:
        tr = np.array([r.source != s for r in rows])
        m = fit([f for f, k in zip(feats, tr, strict=True) if k], y[tr], w[tr], best_c)
        p = predict(m, [f for f, k in zip(feats, tr, strict=True) if not k])
        loso[f"without {s} -> {s}"] = figures(y[~tr], p, threshold)
        print(f"  without {s:<14} -> {s:<14} {fmt(loso[f'without {s} -> {s}'])}")
    # all development data vs our own texts, both ways
    m = fit([f for f, k in zip(feats, is_own, strict=True) if not k], y[~is_own], w[~is_own], best_c)
    p = predict(m, [f for f, k in zip(feats, is_own, strict=True) if k])
    loso["dev only -> own"] = figures(y[is_own], p, threshold)
    print(f"  {'dev only':<22} -> {'own':<14} {fmt(loso['dev only -> own'])}")
    m = fit([f for f, k in zip(feats, is_own, strict=True) if k], y[is_own], w[is_own], best_c)
    p = predict(m, [f for f, k in zip(feats, is_own, strict=True) if not k])
    loso["own only -> dev"] = figures(y[~is_own], p, threshold)
    print(f"  {'own only':<22} -> {'dev':<14} {fmt(loso['own only -> dev'])}")
    own_idx = np.flatnonzero(is_own)
    own_splits = [(own_idx[tr], own_idx[te]) for tr, te in folds([rows[i] for i in own_idx], y[own_idx])]
    p = out_of_fold(feats, y, w, own_splits, best_c)
    loso["own only, cross-validated -> own"] = figures(y[own_idx], p[own_idx], threshold)
    print(f"  {'own only (5-fold CV)':<22} -> {'own':<14} {fmt(loso['own only, cross-validated -> own'])}")

    # 3. the final model on everything
    vec, clf = fit(feats, y, w, best_c)
    terms = [str(t) for t in vec.get_feature_names_out()]
    manifest = {
        "format": FORMAT,
        "about": "Article relevance (politics, conflict, security, protest, diplomacy, crime, disaster): "
        "logistic regression over tf-idf of word 1-2 grams and character 2-5 grams within words "
        "(eventwire.annotate.relevance.analyze), applied with eventwire.linear.",
        "labels": ["irrelevant", "relevant"],
        "threshold": threshold,
        "features": len(terms),
        "max_chars": MAX_CHARS,
        "C": best_c,
        "min_df": MIN_DF,
        "script": "scripts/train_relevance.py",
        "training_data": {
            "rows": counts,
            "own": "training/relevance_own.jsonl",
            "development": "../shared/data: events/plv_train.tsv, events/ngec_synthetic.csv, "
            "events/event_location_train.jsonl (without its held-out part and the sources "
            f"{', '.join(EVLOC_LEFT_OUT)}), quotes/polnear, "
            "stories/ecbplus_dev, relevance/gum_nonnews.jsonl",
            "sample_sizes": SAMPLE,
            "ecb_topics_relevant": ECB_RELEVANT,
            "ecb_topics_irrelevant": ECB_IRRELEVANT,
            "ecb_topics_left_out": ECB_LEFT_OUT,
            "weighting": "development rows together weigh as much as our own rows, half per class, "
            "each source an equal share of its class",
            **notes,
        },
        "selection": {
            "method": f"{FOLDS}-fold StratifiedGroupKFold cross-validation on the training data "
            "(groups: document, ECB+ sub-topic); scored on our own texts' out-of-fold predictions",
            "C_grid": list(C_GRID),
            "C_rule": "best out-of-fold accuracy over all training rows (training weights) at its threshold",
            "grid": {str(c): {"threshold": g[0], **g[1]} for c, g in grid.items()},
            "threshold_rule": f"highest accuracy on our own texts among thresholds {THRESHOLDS[0]}-"
            f"{THRESHOLDS[-1]} (step 0.025) whose recall is >= {MIN_RECALL} on our own relevant texts "
            "and on the relevant development texts (each source weighted equally)",
        },
        "figures": {
            "note": "cross-validated on the training data (the selection was made on these, so they are "
            "slightly optimistic); benchmarks/relevance.py scores the frozen test set",
            "cv_own_texts": own_cv,
            "cv_by_source": cv_by_source,
            "leave_one_source_out": loso,
        },
    }
    if args.no_write:
        print("\n--no-write: model not written")
        return
    save_model(OUT, terms, vec.idf_, clf.coef_[0], float(clf.intercept_[0]), manifest)
    # the shipped arrays must score as the fitted pipeline does
    shipped = load_relevance_model(OUT)
    check = [r.text for r in rows[:: max(1, len(rows) // 50)]]
    ours = np.array([shipped.score(t) for t in check])
    ref = predict((vec, clf), [analyze(t) for t in check])
    gap = float(np.max(np.abs(ours - ref)))
    if gap > 1e-4:
        raise SystemExit(f"the written model scores differently from the fitted one (max gap {gap})")
    print(f"\nwrote {OUT.relative_to(REPO)} ({OUT.stat().st_size / 1e6:.2f} MB, {len(terms)} features) "
          f"and its manifest in {time.perf_counter() - started:.0f} s")  # fmt: skip


if __name__ == "__main__":
    main()
