"""Actor coding: the knowledge counts, our frozen actor table, and the PLOVER GSR actors.

1. Knowledge: persons (and person-office rows), countries they cover, named bodies, rows with
   a source (``eventwire.knowledge.actors.knowledge_counts``).
2. The frozen tables (tests/frozen/actors_heldout.tsv, the held-out figure, and
   tests/frozen/actors.tsv, issue #21): each phrase is coded on its own as
   an article of its date (people resolve by date), and the actor covering most of the phrase
   is compared with the expected country and sector, overall and by kind. A gold sector left
   empty (a bare state) means *no sector*: only an actor with no sector is right. The table
   writes sectors in the CAMEO style some coders use (POL police, INS insurgents, MED media,
   HLH health, HRI / ENV rights and environmental groups, ACT activists, SET settlers, ETH
   ethnic groups, MER mercenaries); ``_FROZEN_TO_PLOVER`` maps them onto the PLOVER codes
   eventwire writes (docs/actors.md, "Other coders' sector codes") before comparing.
3. The GSR: for every gold source / target actor whose text can be located in its sentence, we ask:
is there an actor mention overlapping it (coverage), and for those, is our country right
(country accuracy) and, where the gold gives a sector, our sector (sector accuracy)?
Figures are given for source and target actors separately too; ``--errors`` lists every
miss and wrong code grouped by category (not found / wrong country / wrong sector) and role.
Also prints the actors layer's own cost per sentence, spaCy excluded.

    python benchmarks/actors.py [--data ../shared/data] [--errors] [--skip frozen gsr]
"""

from __future__ import annotations

import argparse
import datetime as dt
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


# The frozen table writes some sectors in CAMEO's style; these are the PLOVER codes eventwire
# writes for them (PLOVER manual, "Sector code notes": INS folded into REB, MED = health and
# JRN = media; CVL covers activists; civil-society groups are SOC). Mercenaries serve a state
# or a company: PLOVER's paramilitary PRM. A vocabulary crosswalk, not a fit to any row.
_FROZEN_TO_PLOVER = {
    "POL": "COP", "INS": "REB", "MED": "JRN", "HLH": "MED", "HRI": "SOC", "ENV": "SOC",
    "ACT": "CVL", "SET": "CVL", "ETH": "CVL", "MER": "PRM",
}  # fmt: skip


def knowledge() -> None:
    from eventwire.annotate.actors import load_lexicon
    from eventwire.context import Context
    from eventwire.knowledge.actors import knowledge_counts

    # the bar: loading the knowledge < 2 s (the layer's whole start-up but spaCy's model,
    # which every layer shares: the compiled tables, the name index, the token lexicon), timed
    # before anything else has read the tables
    ctx = Context()
    t = time.perf_counter()
    ctx.nlp  # noqa: B018 (loads the spaCy model)
    nlp_s = time.perf_counter() - t
    t = time.perf_counter()
    load_lexicon(ctx)
    load_s = time.perf_counter() - t
    for key, value in knowledge_counts().items():
        print(f"{key:28} {value}")
    print(f"{'loading the knowledge':28} {load_s:.2f} s (bar < 2 s; spaCy's model before it {nlp_s:.2f} s)")


def _code_phrases(rows: list[dict[str, str]], no_places: bool) -> list[object]:
    """The coded actor of each phrase (eventwire.code_actor when it exists, else the same
    choice made here: the actors layer over the phrase as an article of its date, and the
    actor that covers most of it)."""
    try:
        from eventwire.api import actor_coder
    except ImportError:
        actor_coder = None
    if actor_coder is not None:
        code = actor_coder()
        return [code(r["text"], date=r["date"] or None) for r in rows]
    from eventwire import annotate  # noqa: F401  (registers components)

    steps = [c for c in ("entities", "timex", "places", "actors") if not (no_places and c == "places")]
    pipe = Pipeline(Config(components=steps))
    out: list[object] = []
    for i, r in enumerate(rows):
        date = dt.date.fromisoformat(r["date"]) if r["date"] else None
        doc = pipe(Article(f"f{i}", r["text"], date=date))
        best = max(doc.actors, key=lambda a: (a.end - a.start, -a.start), default=None)
        out.append(best)
    return out


def frozen(args: argparse.Namespace, path: Path) -> None:
    lines = path.read_text("utf-8").splitlines()
    header = lines[0].split("\t")
    rows = [dict(zip(header, line.split("\t"), strict=True)) for line in lines[1:] if line.strip()]
    t0 = time.process_time()
    coded = _code_phrases(rows, args.no_places)
    elapsed = time.process_time() - t0
    # kind -> [n, country right, sector right, found]
    tally: dict[str, list[int]] = {}
    errors: list[str] = []
    for r, a in zip(rows, coded, strict=True):
        gold_c = r["country"] or None
        gold_s = _FROZEN_TO_PLOVER.get(r["sector"], r["sector"]) or None
        country = getattr(a, "country", None)
        sector = getattr(a, "sector", None)
        t = tally.setdefault(r["kind"], [0, 0, 0, 0])
        t[0] += 1
        t[1] += country == gold_c
        t[2] += sector == gold_s
        t[3] += a is not None
        if args.errors and (country != gold_c or sector != gold_s) and args.kind in (None, r["kind"]):
            why = getattr(a, "why", None)
            errors.append(
                f"{r['kind']:20} {r['text']!r} {r['date']}: gold {gold_c}/{gold_s} got {country}/{sector}"
                f" [{getattr(a, 'text', None)}; {why}] | {r['note']}"
            )
    n = sum(t[0] for t in tally.values())
    c_ok = sum(t[1] for t in tally.values())
    s_ok = sum(t[2] for t in tally.values())
    found = sum(t[3] for t in tally.values())
    if errors:
        print("\n".join(sorted(errors)))
        print()
    print(f"rows                    {n} ({len(tally)} kinds)")
    print(f"an actor found          {found / n:.3f}  ({found}/{n})")
    print(f"country accuracy        {c_ok / n:.3f}  ({c_ok}/{n})")
    print(f"sector accuracy         {s_ok / n:.3f}  ({s_ok}/{n}; an empty gold sector = no sector)")
    print(f"  {'kind':22} {'n':>5} {'country':>8} {'sector':>8}")
    for kind, (k_n, k_c, k_s, _) in sorted(tally.items(), key=lambda kv: -kv[1][0]):
        print(f"  {kind:22} {k_n:5d} {k_c / k_n:8.3f} {k_s / k_n:8.3f}")
    print(f"coding cost             {1000 * elapsed / n:.2f} ms/phrase (CPU, parse included)")


def gsr(args: argparse.Namespace) -> None:
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
        # the records' own date (2000-01-01 in every GSR record, roughly the time of the texts):
        # people are coded as of it
        day = dt.date.fromisoformat(r["date"]) if r.get("date") else None
        art = Article(str(i), r["text"], date=day)
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

    located = covered = country_ok = sector_n = sector_ok = bare_n = bare_ok = 0
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
                if not sector:  # PLOVER GSR: a state as a whole has no sector
                    bare_n += 1
                    bare_ok += best.sector is None
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
    print(
        f"no sector when gold has none {bare_ok / max(bare_n, 1):.3f}  ({bare_ok}/{bare_n}: bare states, IGOs, peoples)"
    )
    print(
        f"sector, empty = none    {(sector_ok + bare_ok) / max(sector_n + bare_n, 1):.3f}  "
        f"({sector_ok + bare_ok}/{sector_n + bare_n})"
    )
    for role, (loc, cov, c_ok, s_n, s_ok) in by_role.items():
        print(
            f"  {role + ':':8} coverage {cov / max(loc, 1):.3f} ({cov}/{loc}), "
            f"country {c_ok / max(cov, 1):.3f}, sector {s_ok / max(s_n, 1):.3f} (n={s_n})"
        )
    print(
        f"actors layer cost       {1000 * elapsed / n_sent:.3f} ms/sentence over {n_sent} sentences (spaCy excluded)"
    )
    print(f"spaCy parse, same run   {1000 * parse_cpu / n_sent:.3f} ms/sentence (for scale)")


def main() -> None:
    repo = Path(__file__).resolve().parents[1]
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=repo.parent / "shared" / "data")
    ap.add_argument("--errors", action="store_true", help="list every miss and wrong code")
    ap.add_argument("--no-places", action="store_true", help="run without the places layer")
    ap.add_argument("--skip", nargs="*", default=[], choices=["knowledge", "frozen", "gsr"])
    ap.add_argument("--kind", help="with --errors: list only the frozen rows of this kind")
    args = ap.parse_args()
    if "knowledge" not in args.skip:
        print("== knowledge")
        knowledge()
        print()
    if "frozen" not in args.skip:
        # actors_heldout.tsv was written by hands that never saw the knowledge tables: its
        # figure is the held-out one. actors.tsv was read in part while the tables grew.
        for name, what in (("actors_heldout.tsv", "held out"), ("actors.tsv", "read while the tables grew")):
            print(f"== frozen actor table (tests/frozen/{name}; {what})")
            frozen(args, repo / "tests" / "frozen" / name)
            print()
    if "gsr" not in args.skip:
        print("== PLOVER GSR source / target actors")
        gsr(args)


if __name__ == "__main__":
    main()
