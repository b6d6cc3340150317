"""Actor coding against the PLOVER gold standard records (events/plover_gsr.json).

For every gold source / target actor whose text can be located in its sentence, we ask:
is there an actor mention overlapping it (coverage), and for those, is our country right
(country accuracy) and, where the gold gives a sector, our sector (sector accuracy)?
Figures are given for source and target actors separately too; ``--errors`` lists every
miss and wrong code grouped by category (not found / wrong country / wrong sector) and role.
Also prints the actors layer's own cost per sentence, spaCy excluded.

    python benchmarks/actors.py [--data ../shared/data] [--errors]
"""

from __future__ import annotations

import argparse
import json
import re
import time
from pathlib import Path

from eventwire.context import Config
from eventwire.model import AnnotatedDoc, Article
from eventwire.pipeline import Pipeline
from eventwire.registry import components

# The GSR predates some ISO fixes and has a few typos in codes.
_CODE_FIX = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM", "KOS": "XKX"}
_SECTOR_FIX = {"CIV": "CVL"}


def _locate(text: str, actor_text: str) -> tuple[int, int] | None:
    """Character span of the gold actor text in the sentence ("A ... B" spans A to B)."""
    parts = [p.strip(" .,") for p in actor_text.split("...") if p.strip(" .,")]
    if not parts:
        return None
    first = re.search(rf"(?<!\w){re.escape(parts[0])}(?!\w)", text, re.IGNORECASE)
    if first is None:
        return None
    last = re.compile(rf"(?<!\w){re.escape(parts[-1])}(?!\w)", re.IGNORECASE).search(text, first.start())
    return first.start(), (last.end() if last else first.end())


def main() -> None:
    repo = Path(__file__).resolve().parents[1]
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=repo.parent / "shared" / "data")
    ap.add_argument("--errors", action="store_true", help="list every miss and wrong code")
    ap.add_argument("--no-places", action="store_true", help="run without the places layer")
    args = ap.parse_args()

    records = [
        r
        for r in json.loads((args.data / "events" / "plover_gsr.json").read_text())
        if r.get("event") != "DOCUMENT"
    ]
    from eventwire import annotate  # noqa: F401  (registers components)

    before = [c for c in ("entities", "timex", "places") if c in components]
    if args.no_places:
        before.remove("places")
    pipe = Pipeline(Config(components=before))
    actors_step = components.get("actors")(pipe.ctx)

    docs: list[AnnotatedDoc] = []
    parsed = []
    parse_cpu = 0.0
    for i, r in enumerate(records):
        art = Article(str(i), r["text"])
        # keep the spaCy doc so that the actors step can be timed on its own
        t = time.process_time()
        nlp_doc = pipe.ctx.nlp(art.text)
        parse_cpu += time.process_time() - t
        doc = AnnotatedDoc(article=art, nlp=nlp_doc)
        for _, step in pipe.steps:
            step(doc)
        docs.append(doc)
        parsed.append(nlp_doc)

    t0 = time.process_time()  # CPU time: the machine is shared
    for doc in docs:
        actors_step(doc)
    elapsed = time.process_time() - t0
    n_sent = sum(len(doc.sentences) for doc in docs)

    located = covered = country_ok = sector_n = sector_ok = 0
    unlocated = 0
    errors: list[str] = []
    # per role: located, covered, country right, with a gold sector, sector right
    by_role = {"source": [0, 0, 0, 0, 0], "target": [0, 0, 0, 0, 0]}
    for r, doc in zip(records, docs, strict=True):
        for role in ("source", "target"):
            gold = r.get(role)
            if not isinstance(gold, list):
                continue
            for g in gold:
                span = _locate(r["text"], g.get("actorText", ""))
                if span is None:
                    unlocated += 1
                    continue
                located += 1
                tally = by_role[role]
                tally[0] += 1
                best, overlap = None, 0
                for a in doc.actors:
                    o = min(a.end, span[1]) - max(a.start, span[0])
                    if o > overlap:
                        best, overlap = a, o
                if best is None:
                    errors.append(f"MISS {role[:3]} [{g.get('actorText')}] {g.get('code')} | {r['text']}")
                    continue
                covered += 1
                tally[1] += 1
                code = _CODE_FIX.get(g.get("code"), g.get("code"))
                if best.country == code:
                    country_ok += 1
                    tally[2] += 1
                else:
                    errors.append(
                        f"CTRY {role[:3]} [{g.get('actorText')}] gold {code} got {best.country} [{best.text}] | {r['text']}"
                    )
                sector = (g.get("sector") or "")[:3].upper()
                sector = _SECTOR_FIX.get(sector, sector)
                if sector and sector != "***":
                    sector_n += 1
                    tally[3] += 1
                    if best.sector == sector:
                        sector_ok += 1
                        tally[4] += 1
                    else:
                        errors.append(
                            f"SECT {role[:3]} [{g.get('actorText')}] gold {sector} got {best.sector} [{best.text}] | {r['text']}"
                        )

    if args.errors:
        names = {"MISS": "not found", "CTRY": "wrong country", "SECT": "wrong sector"}
        for cat, role in [(c, r) for c in names for r in ("sou", "tar")]:
            group = sorted(e for e in errors if e.startswith(f"{cat} {role}"))
            print(f"== {names[cat]}, {'source' if role == 'sou' else 'target'} actors: {len(group)}")
            for e in group:
                print(e)
            print()
    print(f"layers before actors    {', '.join(before)}")
    print(f"records                 {len(records)}")
    print(f"gold actors located     {located} (not found in text: {unlocated})")
    print(f"coverage (overlap)      {covered / located:.3f}  ({covered}/{located})")
    print(f"country accuracy        {country_ok / covered:.3f}  ({country_ok}/{covered})")
    print(f"sector accuracy         {sector_ok / sector_n:.3f}  ({sector_ok}/{sector_n} with a gold sector)")
    for role, (loc, cov, c_ok, s_n, s_ok) in by_role.items():
        print(
            f"  {role + ':':8} coverage {cov / max(loc, 1):.3f} ({cov}/{loc}), "
            f"country {c_ok / max(cov, 1):.3f}, sector {s_ok / max(s_n, 1):.3f} (n={s_n})"
        )
    print(
        f"actors layer cost       {1000 * elapsed / n_sent:.3f} ms/sentence over {n_sent} sentences (spaCy excluded)"
    )
    print(f"spaCy parse, same run   {1000 * parse_cpu / n_sent:.3f} ms/sentence (for scale)")


if __name__ == "__main__":
    main()
