"""Event-location benchmark on the held-out split of event_location_train (shared/data).

For each annotated verb, builds an Event record (trigger = the verb) on the sentence annotated
by the real pipeline (entities + places), runs the event_places logic and compares the chosen
place with the gold LOCATION span(s). Held out: md5(doc_id or text) % 5 == 0, the same split
scripts/train_event_places.py leaves out. Prints:

* accuracy over verbs that have a gold location: the chosen place overlaps a gold span
  (as output, including the flagged "sentence" guesses), and counting only confident
  ("model") choices;
* accuracy over all verbs, where a verb without a gold location is correct only when the
  model predicts no place (model threshold, no fallback);
* the candidate ceiling: verbs whose gold location is among the candidates at all.

    python benchmarks/event_location.py [--data ../shared/data]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from eventwire.annotate.event_places import LocationModel, candidates, locate
from eventwire.context import Config
from eventwire.knowledge.countries import load_countries
from eventwire.model import AnnotatedDoc, Article, Event, Span
from eventwire.pipeline import Pipeline

REPO = Path(__file__).resolve().parents[1]
# The training script owns how the dev file is read and split: one definition for both.
sys.path.insert(0, str(REPO / "scripts"))
from train_event_places import char_span, held_out  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    args = ap.parse_args()

    with (args.data / "events" / "event_location_train.jsonl").open(encoding="utf-8") as fh:
        records = [r for r in map(json.loads, fh) if held_out(r)]
    pipe = Pipeline(Config(components=["entities", "places"]))
    model = LocationModel.load()
    demonyms = load_countries().by_demonym
    texts = sorted({r["text"] for r in records})
    docs: dict[str, AnnotatedDoc] = {}
    for parsed, text in pipe.ctx.nlp.pipe(((t, t) for t in texts), as_tuples=True, batch_size=256):
        doc = AnnotatedDoc(article=Article("x", text), nlp=parsed)
        for _, step in pipe.steps:
            step(doc)
        docs[text] = doc

    with_loc = hit = hit_model = ceiling = 0
    all_ok = 0
    n = 0
    for r in records:
        verbs = [s for s in r["spans"] if s["label"] == "VERB"]
        if not verbs:
            continue
        n += 1
        golds = [char_span(r, s) for s in r["spans"] if s["label"] == "LOCATION"]
        doc = docs[r["text"]]
        v = verbs[0]
        vs, ve = char_span(r, v)
        sent = doc.sentence_index(vs) or 0
        ev = Event(type="UNKNOWN", sentence=sent, trigger=Span(vs, ve, r["text"][vs:ve]))
        doc.events = [ev]
        locate(doc, model, demonyms)
        place = ev.place if ev.place_source in ("model", "sentence") else None
        model_place = ev.place if ev.place_source == "model" else None

        def overlaps(p: Any, golds: list[tuple[int, int]] = golds) -> bool:
            return p is not None and any(p.start < e and s < p.end for s, e in golds)

        if golds:
            with_loc += 1
            hit += overlaps(place)
            hit_model += overlaps(model_place)
            ceiling += any(overlaps(c.place) for c in candidates(doc, sent, demonyms))
            all_ok += overlaps(model_place)
        else:
            all_ok += model_place is None
    print(f"held-out records: {n} verbs, {with_loc} with a gold location")
    print(
        f"  accuracy over verbs with a gold location (as output, with flagged fallbacks):  {hit / max(1, with_loc):.3f}"
    )
    print(
        f"  accuracy over verbs with a gold location (confident, place_source=model):     {hit_model / max(1, with_loc):.3f}"
    )
    print(f"  accuracy over all verbs (no gold location -> must predict none):      {all_ok / max(1, n):.3f}")
    print(
        f"  candidate ceiling (gold among the sentence's candidates):             {ceiling / max(1, with_loc):.3f}"
    )


if __name__ == "__main__":
    main()
