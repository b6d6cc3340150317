"""Flatten an AnnotatedDoc into table rows (dicts), one list per store table.

Shared by the DuckDB store and the Parquet lake so both hold exactly the same columns.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date
from typing import Any

from ..contract import to_dict
from ..model import Actor, AnnotatedDoc

TABLES = ("articles", "sentences", "entities", "places", "timexes", "quotes", "events")


def _actor(prefix: str, a: Actor | None) -> dict[str, Any]:
    return {
        f"{prefix}_text": a.text if a else None,
        f"{prefix}_canonical": a.canonical if a else None,
        f"{prefix}_country": a.country if a else None,
        f"{prefix}_sector": a.sector if a else None,
    }


def _day(value: str | None) -> date | None:
    """A TIMEX3 value that names one day -> date; anything vaguer (2022-W47, 2022-11) -> None."""
    if not value or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def doc_rows(doc: AnnotatedDoc, run_id: int | None = None) -> dict[str, list[dict[str, Any]]]:
    a = doc.article
    aid = a.id
    text = a.text
    out: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES}
    out["articles"].append(
        {
            "id": aid, "url": a.url, "source": a.source, "title": a.title, "date": a.date,
            "date_raw": a.date_raw, "date_source": a.date_source,
            "lang": a.lang, "text": text, "tone": doc.tone, "n_sentences": len(doc.sentences),
            "n_events": len(doc.events), "duplicate_of": doc.duplicate_of, "story": doc.story,
            "origin": a.origin, "record": a.record, "run_id": run_id, "main_event": doc.main_event,
            "relevance": doc.relevance, "relevant": doc.relevant,
            "doc": json.dumps(to_dict(doc), ensure_ascii=False),
        }
    )  # fmt: skip
    for i, s in enumerate(doc.sentences):
        out["sentences"].append(
            {"article_id": aid, "idx": i, "start": s.start, "end": s.end, "tone": s.tone,
             "text": text[s.start : s.end]}
        )  # fmt: skip
    for i, e in enumerate(doc.entities):
        out["entities"].append({"article_id": aid, "idx": i, **asdict(e)})
    for i, p in enumerate(doc.places):
        out["places"].append({"article_id": aid, "idx": i, **asdict(p)})
    for i, t in enumerate(doc.timexes):
        out["timexes"].append({"article_id": aid, "idx": i, **asdict(t)})
    for i, q in enumerate(doc.quotes):
        sp = _actor("speaker", q.speaker)
        del sp["speaker_text"]
        out["quotes"].append(
            {"article_id": aid, "idx": i, "start": q.start, "end": q.end, "text": q.text,
             "direct": q.direct, "sentence": q.sentence, "cue_text": q.cue.text if q.cue else None,
             "speaker_text": q.speaker.text if q.speaker else None, **sp,
             "mentions": json.dumps([asdict(m) for m in q.mentions], ensure_ascii=False),
             "date": a.date}
        )  # fmt: skip
    for i, e in enumerate(doc.events):
        sent = doc.sentences[e.sentence] if 0 <= e.sentence < len(doc.sentences) else None
        p = e.place
        out["events"].append(
            {"id": f"{aid}:{i}", "article_id": aid, "idx": i, "type": e.type, "mode": e.mode,
             "cameo": e.cameo, "plover_type": e.plover_type, "quad_class": e.quad_class, "goldstein": e.goldstein,
             "acled_type": e.acled_type, "acled_sub_type": e.acled_sub_type, "main": doc.main_event == i,
             "modality": e.modality, "sentence": e.sentence, "trigger_start": e.trigger.start,
             "trigger_end": e.trigger.end, "trigger_text": e.trigger.text,
             **_actor("source", e.source), **_actor("target", e.target),
             # how an argument the text does not name was inferred (None = named in the text)
             "source_basis": e.source.basis if e.source else None,
             "target_basis": e.target.basis if e.target else None,
             "sources": json.dumps([asdict(x) for x in e.sources], ensure_ascii=False),
             "targets": json.dumps([asdict(x) for x in e.targets], ensure_ascii=False),
             "place_text": p.text if p else None, "place_name": p.name if p else None,
             "place_geonameid": p.geonameid if p else None, "place_country": p.country if p else None,
             "place_admin1": p.admin1 if p else None, "place_feature": p.feature if p else None,
             "place_source": e.place_source, "place_precision": e.place_precision,
             "place_relation": p.relation if p else None, "place_distance_km": p.distance_km if p else None,
             "place_bearing": p.bearing if p else None, "place_radius_km": p.radius_km if p else None,
             "lat": p.lat if p else None,
             "lon": p.lon if p else None,
             "date": _day(e.date) or a.date, "date_value": e.date, "date_source": e.date_source,
             **{k.replace("attributed_to", "attributed"): v
                for k, v in _actor("attributed_to", e.attributed_to).items()},
             "confidence": e.confidence,
             "evidence": text[sent.start : sent.end] if sent else None,
             "evidence_start": sent.start if sent else None, "evidence_end": sent.end if sent else None,
             "tone": sent.tone if sent else None, "source": a.source, "story": doc.story,
             "canonical_id": None, "mentions": 1}
        )  # fmt: skip
    return out
