"""Measurement of the event layer the way unseen text will judge it.

- :func:`loso`: leave-one-source-out. For each source S, the encoder is fine-tuned on every
  other source and scored on S (macro-F1 and accuracy of the type head on the marked
  sentences, in S's label space). This, not cross-validation inside one source, is the figure
  to quote.
- :func:`frozen_scores`: the whole pipeline on the frozen real-style set
  (tests/frozen/events_realstyle.jsonl): family accuracy, ACLED sub-type accuracy, events-found
  rate and the main event's PLOVER type.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from .sources import GSR_TYPES, NONE, PLOVER_TYPES, load_all

SOURCES = ("plv", "aw", "gsr", "ngec", "own", "neg")
SCORED = ("plv", "aw", "gsr", "ngec")


def score_types(source: str, gold: list[str], probs: Any, labels: list[str]) -> dict[str, Any]:
    """Macro-F1 and accuracy of the type head on one source, in that source's label space (PLV
    merges CONCEDE and RETREAT as YIELD); NONE is not a choice (every row holds an event)."""
    from sklearn.metrics import accuracy_score, f1_score

    cols = [labels.index(t) for t in PLOVER_TYPES]
    pred = [PLOVER_TYPES[int(row[cols].argmax())] for row in probs]
    if source == "plv":
        pred = ["YIELD" if p in ("CONCEDE", "RETREAT") else p for p in pred]
    gold = [GSR_TYPES.get(g, g) for g in gold]
    labels_seen = sorted(set(gold))
    per_type = f1_score(gold, pred, labels=labels_seen, average=None)
    return {
        "source": source,
        "n": len(gold),
        "macro_f1": round(float(f1_score(gold, pred, average="macro")), 3),
        "macro_f1_ci": bootstrap_macro_f1(gold, pred),
        "accuracy": round(float(accuracy_score(gold, pred)), 3),
        "per_type_f1": {t: round(float(f), 3) for t, f in zip(labels_seen, per_type, strict=True)},
    }


def bootstrap_macro_f1(
    gold: Sequence[str], pred: Sequence[str], resamples: int = 1000, seed: int = 0
) -> tuple[float, float]:
    """95% percentile interval of macro-F1 over resamples of the scored sentences: how much the
    figure would move on another sample of the same source. It says nothing of the spread
    between training seeds, which is measured by rerunning with ``--seed``."""
    import numpy as np
    from sklearn.metrics import f1_score

    g, p = np.asarray(gold), np.asarray(pred)
    rng = np.random.default_rng(seed)
    scores = [
        f1_score(g[i], p[i], average="macro", zero_division=0)
        for i in (rng.integers(0, len(g), len(g)) for _ in range(resamples))
    ]
    lo, hi = np.percentile(scores, [2.5, 97.5])
    return round(float(lo), 3), round(float(hi), 3)


def loso(
    data: Path,
    held: Iterable[str],
    epochs: int,
    log: Any = print,
    pairs: bool = True,
    seed: int = 13,
    tried: bool | Sequence[str] = False,
) -> list[dict[str, Any]]:
    """Leave-one-source-out figures; ``seed`` varies the run (the spread between seeds is the
    noise a recipe comparison must beat), ``tried`` adds the training files under trial."""
    from ..coding.encoder import mark
    from .finetune import PLOVER_LABELS, predict_torch, train

    rows = []
    for s in held:
        train_set = load_all(data, [x for x in SOURCES if x != s], pairs=pairs, tried=tried)
        test = [e for e in load_all(data, [s]) if e.plover != NONE]
        log(f"leave out {s}: train on {len(train_set)}, score on {len(test)}")
        t0 = time.time()
        net = train(train_set, epochs=epochs, log=log, seed=seed)
        probs, _ = predict_torch(net, [mark(e.text, e.src, e.tgt) for e in test])
        r = score_types(s, [e.plover for e in test], probs, PLOVER_LABELS)
        r["seconds"] = round(time.time() - t0)
        r["seed"] = seed
        log(f"  {s}: macro-F1 {r['macro_f1']:.3f}, accuracy {r['accuracy']:.3f}")
        rows.append(r)
    return rows


def print_loso(rows: list[dict[str, Any]]) -> None:
    print("\nleave-one-source-out (trained without the source, scored on it)")
    print("source  n      macro-F1  (95% bootstrap interval)  accuracy")
    for r in rows:
        lo, hi = r.get("macro_f1_ci") or (float("nan"), float("nan"))
        print(
            f"{r['source']:<7} {r['n']:<6} {r['macro_f1']:<9.3f} ({lo:.3f}-{hi:.3f})             {r['accuracy']:.3f}"
        )
    for r in rows:
        worst = sorted(r.get("per_type_f1", {}).items(), key=lambda kv: kv[1])
        print(f"  {r['source']} F1 by type: " + ", ".join(f"{t} {f:.2f}" for t, f in worst))


def read_frozen(path: Path) -> list[dict[str, Any]]:
    return [json.loads(x) for x in path.read_text("utf-8").splitlines() if x.strip()]


def frozen_scores(items: list[dict[str, Any]], docs: list[Any]) -> dict[str, Any]:
    """Score annotated docs against the frozen items (same order)."""
    from ..knowledge.acled import load_acled

    acled = load_acled()
    fam_ok = sub_ok = sub_n = found = desc = type_ok = quiet = 0
    fam_conf: Counter[tuple[str, str]] = Counter()
    by_style: dict[str, list[int]] = {}
    for it, doc in zip(items, docs, strict=True):
        main = doc.events[doc.main_event] if doc.main_event is not None else None
        fam = acled.family(main.acled_sub_type) if main is not None else "none"
        ok = fam == it["family"]
        fam_ok += ok
        fam_conf[(it["family"], fam)] += 1
        st = by_style.setdefault(it["style"], [0, 0])
        st[0] += ok
        st[1] += 1
        if it.get("acled_sub_type"):
            sub_n += 1
            sub_ok += main is not None and main.acled_sub_type == it["acled_sub_type"]
        if it.get("has_event"):
            desc += 1
            found += bool(doc.events)
            type_ok += main is not None and (main.plover_type or main.type) == it.get("plover_type")
        else:
            quiet += not doc.events
    n = len(items)
    return {
        "n": n,
        "family_accuracy": round(fam_ok / max(1, n), 3),
        "sub_type_accuracy": round(sub_ok / max(1, sub_n), 3),
        "sub_type_n": sub_n,
        "events_found": round(found / max(1, desc), 3),
        "describing": desc,
        "main_plover_accuracy": round(type_ok / max(1, desc), 3),
        "quiet": round(quiet / max(1, n - desc), 3),
        "family_by_style": {k: round(v[0] / v[1], 3) for k, v in sorted(by_style.items())},
        "family_confusion": {f"{g}->{p}": c for (g, p), c in sorted(fam_conf.items()) if g != p},
    }


def _overlaps(a: Any, span: tuple[int, int]) -> bool:
    return a is not None and a.start < span[1] and span[0] < a.end


def _item_event(it: dict[str, Any], doc: Any) -> Any | None:
    """The coded event an arguments item is about: one whose trigger overlaps the item's
    trigger (of the item's type if several do, else the most confident), else the nearest
    event of the item's type, else none."""
    a = it["text"].find(it["trigger"])
    span = (a, a + len(it["trigger"]))
    at = [e for e in doc.events if _overlaps(e.trigger, span)]
    if at:
        same = [e for e in at if it["plover_type"] in (e.type, e.plover_type)]
        return max(same or at, key=lambda e: e.confidence)
    same = [e for e in doc.events if it["plover_type"] in (e.type, e.plover_type)]
    return min(same, key=lambda e: abs(e.trigger.start - span[0])) if same else None


def _role_ok(it: dict[str, Any], actors: list[Any], role: str) -> bool:
    gold = it[role]
    if gold is None:
        return not actors
    a = it["text"].find(gold)
    return any(_overlaps(x, (a, a + len(gold))) for x in actors)


def argument_scores(items: list[dict[str, Any]], docs: list[Any]) -> dict[str, Any]:
    """Source and target of the frozen arguments set (tests/frozen/events_arguments.jsonl).

    For each item, the coded event it is about (``_item_event``); a role is right when the
    gold names no actor and nothing is coded, or when a coded actor of that role (``source``
    or any of the compound ``sources``) overlaps the gold substring. Two readings: *as coded*
    (arguments inferred from the sentence count as claims) and *explicit* (inferred ones,
    ``basis`` set, dropped, as a user keeping only stated arguments would). A text with no
    such event is wrong on both roles."""
    readings = ("coded", "explicit")
    hits = {r: {"source": 0, "target": 0, "both": 0} for r in readings}
    by_case: dict[str, list[int]] = {}
    by_null: dict[str, list[int]] = {}
    found = 0
    for it, doc in zip(items, docs, strict=True):
        ev = _item_event(it, doc)
        found += ev is not None
        for r in readings:
            ok = {}
            for role in ("source", "target"):
                actors = [] if ev is None else [x for x in (getattr(ev, role), *getattr(ev, role + "s")) if x]
                if r == "explicit":
                    actors = [x for x in actors if x.basis is None]
                ok[role] = ev is not None and _role_ok(it, actors, role)
                hits[r][role] += ok[role]
                if r == "coded":
                    key = f"{role} {'null' if it[role] is None else 'named'}"
                    by_null.setdefault(key, [0, 0])
                    by_null[key][0] += ok[role]
                    by_null[key][1] += 1
            both = ok["source"] and ok["target"]
            hits[r]["both"] += both
            if r == "coded":
                c = by_case.setdefault(it.get("case", "-"), [0, 0])
                c[0] += both
                c[1] += 1
    n = max(1, len(items))
    return {
        "n": len(items),
        "found": round(found / n, 3),
        **{f"{r}_{k}": round(v / n, 3) for r in readings for k, v in hits[r].items()},
        "by_gold": {k: f"{v[0]}/{v[1]}" for k, v in sorted(by_null.items())},
        "both_by_case": {k: round(v[0] / v[1], 3) for k, v in sorted(by_case.items())},
    }
