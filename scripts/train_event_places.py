"""Train the event-location model (src/eventwire/annotate/models/event_places.json).

Data: shared/data/events/event_location_train.jsonl (Halterman's event geolocation
annotations: one event verb per record, LOCATION spans where the sentence states where it
happened). Each sentence runs through the real pipeline (entities + places); every candidate
place of the sentence becomes one example, positive when it overlaps a gold LOCATION span.

Split: a record is held out when md5(document key) % 5 == 0, the document key being doc_id
when present, else the sentence text, so all sentences of one document fall on one side.
benchmarks/event_location.py measures on that held-out part.

    python scripts/train_event_places.py [--data ../shared/data] [--parse-cache /tmp/evloc.spacy]
"""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path
from typing import Any

from eventwire.annotate.event_places import MODEL_FILE, candidates, features
from eventwire.context import Config
from eventwire.knowledge.countries import load_countries
from eventwire.model import AnnotatedDoc, Article, Span
from eventwire.pipeline import Pipeline

REPO = Path(__file__).resolve().parents[1]


def char_span(record: dict[str, Any], span: dict[str, Any]) -> tuple[int, int]:
    """Character offsets of a span. Some records give token indices in start/end (start ==
    token_start and an empty or wrong text): those are mapped through the token table."""
    start, end = span["start"], span["end"]
    text = span.get("text")
    tokens = record.get("tokens") or []
    bad = (text is not None and record["text"][start:end] != text) or end <= start
    if bad and span.get("token_start") is not None and span["token_end"] < len(tokens):
        return tokens[span["token_start"]]["start"], tokens[span["token_end"]]["end"]
    return start, end


def held_out(record: dict[str, Any]) -> bool:
    key = str(record.get("doc_id") or record["text"])
    return int(hashlib.md5(key.encode("utf-8")).hexdigest(), 16) % 5 == 0


def load_records(data: Path) -> list[dict[str, Any]]:
    with (data / "events" / "event_location_train.jsonl").open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def annotate_texts(texts: list[str], parse_cache: Path | None = None) -> dict[str, AnnotatedDoc]:
    """Parse each distinct sentence once (optionally cached as a spaCy DocBin, since only the
    eventwire layers change between training runs), then run entities + places."""
    from spacy.tokens import DocBin

    pipe = Pipeline(Config(components=["entities", "places"]))
    nlp = pipe.ctx.nlp
    if parse_cache is not None and parse_cache.exists():
        parsed_docs = list(DocBin().from_disk(parse_cache).get_docs(nlp.vocab))
    else:
        parsed_docs = list(nlp.pipe(texts, batch_size=256))
        if parse_cache is not None:
            DocBin(docs=parsed_docs).to_disk(parse_cache)
    out: dict[str, AnnotatedDoc] = {}
    for parsed in parsed_docs:
        doc = AnnotatedDoc(article=Article("x", parsed.text), nlp=parsed)
        for _, step in pipe.steps:
            step(doc)
        out[parsed.text] = doc
    return out


def examples(record: dict[str, Any], doc: AnnotatedDoc, demonyms: dict[str, Any]):
    """(features, label) per candidate, plus whether any candidate covers the gold."""
    verbs = [s for s in record["spans"] if s["label"] == "VERB"]
    golds = [char_span(record, s) for s in record["spans"] if s["label"] == "LOCATION"]
    if not verbs:
        return []
    v = verbs[0]
    vs, ve = char_span(record, v)
    trigger = Span(vs, ve, record["text"][vs:ve])
    sent = doc.sentence_index(trigger.start) or 0
    cands = candidates(doc, sent, demonyms)
    sent_start = doc.sentences[sent].start if doc.sentences else 0
    out = []
    for c in cands:
        label = any(c.place.start < e and s < c.place.end for s, e in golds)
        out.append((features(doc.nlp, trigger, c, cands, sent_start), int(label)))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    ap.add_argument("--parse-cache", type=Path, default=None, help="DocBin file to reuse spaCy parses")
    args = ap.parse_args()

    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    records = [r for r in load_records(args.data) if not held_out(r)]
    docs = annotate_texts(sorted({r["text"] for r in records}), args.parse_cache)
    demonyms = load_countries().by_demonym
    X: list[dict[str, float]] = []
    y: list[int] = []
    for r in records:
        for feats, label in examples(r, docs[r["text"]], demonyms):
            X.append(feats)
            y.append(label)
    vec = DictVectorizer()
    clf = LogisticRegression(C=0.3, max_iter=3000, fit_intercept=False)
    clf.fit(vec.fit_transform(X), y)
    weights = {
        name: round(float(w), 5) for name, w in zip(vec.get_feature_names_out(), clf.coef_[0], strict=True)
    }
    model = {
        "about": "Logistic regression over (event trigger, candidate place) features; "
        "trained by scripts/train_event_places.py on the non-held-out part of event_location_train.",
        "examples": len(y),
        "positives": sum(y),
        "threshold": 0.4,
        "weak": 0.05,
        "weights": dict(sorted(weights.items())),
    }
    path = REPO / "src" / "eventwire" / "annotate" / MODEL_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
    print(f"{len(records)} training records, {len(y)} candidate examples ({sum(y)} positive) -> {path}")


if __name__ == "__main__":
    main()
