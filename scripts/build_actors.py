"""Check and compile the actor knowledge: data/actors/*.tsv -> data/actors_compiled.json.

The hand-kept tables (docs/actors.md, "The tables"): ``people_*.tsv``, one row per person and
office (name, aliases, country, office, sector, start, end, nationality, source), and
``bodies_*.tsv``, one row per body and period (name, aliases, country, sector, start, end,
source, requires). This script reads them all, stops at the first malformed row (naming its
file and line), checks what a single row cannot show (a person twice in the same office at
overlapping dates, a body coded two ways at once, rows without a source), writes the compiled
file the actors layer loads, and prints the counts.

    python scripts/build_actors.py           # check, write, print counts
    python scripts/build_actors.py --check   # check only; exit 1 if the compiled file is stale
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

from eventwire.knowledge.actors import (
    NON_STATE_CODES,
    ActorTableError,
    TableRow,
    compile_tables,
    knowledge_counts,
    read_table,
    source_tables,
    surname_stoplist,
    taken_names,
    to_json,
)
from eventwire.knowledge.countries import load_countries

OUT = (
    Path(__file__).resolve().parents[1] / "src" / "eventwire" / "knowledge" / "data" / "actors_compiled.json"
)


def _overlap(a: TableRow, b: TableRow) -> bool:
    a0, a1 = a.start, a.end
    b0, b1 = b.start, b.end
    return (a1 is None or b0 is None or b0 < a1) and (b1 is None or a0 is None or a0 < b1)


def check(rows: list[TableRow]) -> list[str]:
    """Problems across rows (one row alone was checked when it was read)."""
    problems: list[str] = []
    by_key: dict[tuple[str, str, str], list[TableRow]] = defaultdict(list)
    for r in rows:
        if not r.source:
            problems.append(f"{r.ref}: no source")
        if r.kind == "people":
            by_key[(r.name, r.country, r.office)].append(r)
        else:
            by_key[(r.name, r.country, "")].append(r)
    for (name, _, office), rs in by_key.items():
        for i, a in enumerate(rs):
            for b in rs[i + 1 :]:
                if _overlap(a, b) and (a.kind == "people" or a.sector != b.sector):
                    what = f"in {office!r}" if office else "coded two ways"
                    problems.append(f"{b.ref}: {name} {what} at dates overlapping {a.ref}")
    nationality: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        if r.nationality:
            nationality[r.name].add(r.nationality)
    for name, nats in nationality.items():
        if len(nats) > 1:
            problems.append(f"{name}: nationalities {sorted(nats)} disagree")
    return problems


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="check only; exit 1 if the compiled file is stale")
    args = ap.parse_args()
    countries = load_countries()
    rows: list[TableRow] = []
    per_file: Counter[str] = Counter()
    try:
        for path in source_tables():
            got = read_table(path.read_text("utf-8"), f"actors/{path.name}", countries)
            rows.extend(got)
            per_file[path.name] = len(got)
    except ActorTableError as exc:
        sys.exit(f"error: {exc}")
    problems = check(rows)
    for p in problems:
        print(f"error: {p}", file=sys.stderr)
    if problems:
        sys.exit(f"{len(problems)} problems: nothing written")
    compiled = compile_tables(rows, taken_names(countries), surname_stoplist())
    text = json.dumps(to_json(compiled), ensure_ascii=False, separators=(",", ":"), sort_keys=False) + "\n"
    stale = not OUT.exists() or OUT.read_text("utf-8") != text
    if args.check:
        print(f"{OUT.name}: {'stale: run scripts/build_actors.py' if stale else 'up to date'}")
    elif stale:
        OUT.write_text(text, "utf-8")
        print(f"wrote {OUT} ({len(text) // 1024} KB)")
    for name, n in sorted(per_file.items()):
        print(f"  {name:32} {n:6d} rows")
    counts = knowledge_counts(compiled)
    for key, value in counts.items():
        print(f"{key:28} {value}")
    if compiled.ambiguous:
        shown = "; ".join(f"{s!r}: {' / '.join(b)}" for s, b in sorted(compiled.ambiguous.items()))
        print(f"names two bodies share, left out: {len(compiled.ambiguous)}: {shown}")
    people_rows = [r for r in rows if r.kind == "people"]
    sectors = Counter(r.sector or "-" for r in people_rows)
    print("person-office rows by sector: " + ", ".join(f"{s} {n}" for s, n in sectors.most_common()))
    body_sectors = Counter(r.sector or "-" for r in rows if r.kind == "bodies")
    print("body rows by sector:          " + ", ".join(f"{s} {n}" for s, n in body_sectors.most_common()))
    covered = {r.country for r in rows} | {r.nationality for r in people_rows if r.nationality}
    states = {c.iso3 for c in countries.all if c.population >= 50_000}
    missing = sorted(states - covered - NON_STATE_CODES)
    print(
        f"states (population >= 50,000) with no person or body: {len(missing)}"
        + (f": {' '.join(missing)}" if missing else "")
    )
    if args.check and stale:
        sys.exit(1)


if __name__ == "__main__":
    main()
