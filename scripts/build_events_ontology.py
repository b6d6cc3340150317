"""Derive the CAMEO -> PLOVER code table (data/ontology_cameo.tsv) from the published crosswalk.

Source: openeventdata/PLOVER ``CAMEO2PLOVER-2021.txt`` (PLOVER manual draft 0.8, 2021-09-17,
CC BY-SA 4.0). Each line reads ``code: TYPE, mode, context # description``; we keep those
four fields as a TSV so the ontology loader can answer "which CAMEO code is PLOVER type+mode".

Usage: python scripts/build_events_ontology.py [--data ../shared/data]
"""

from __future__ import annotations

import argparse
import csv
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src/eventwire/knowledge/data/ontology_cameo.tsv"
LINE = re.compile(r"^(\d{3,4}):\s*([A-Z]+)\s*,\s*([^,#]*?)\s*,\s*([^#]*?)\s*#\s*(.*)$")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared/data")
    args = ap.parse_args()
    src = args.data / "events/plover_cameo2plover_2021.txt"
    rows: list[tuple[str, str, str, str, str]] = []
    seen: set[str] = set()
    for line in src.read_text("utf-8").splitlines():
        m = LINE.match(line.strip())
        if not m:
            continue
        code, typ, mode, context, desc = (g.strip() for g in m.groups())
        if code in seen:  # the table lists 175 twice (two wordings of one code)
            continue
        seen.add(code)
        # the 2021 note on 0813 says "ease" is no longer a mode; keep the mode column clean
        desc = re.sub(r"\s+\d\d\.\d\d\.\d\d:.*$", "", desc)
        context = ";".join(c.strip() for c in context.split(";") if c.strip())
        rows.append((code, typ, mode.replace(" ", ""), context, desc))
    rows.sort(key=lambda r: r[0].ljust(4, "0") + r[0])
    with OUT.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, delimiter="\t", lineterminator="\n")
        w.writerow(["cameo", "plover", "mode", "context", "description"])
        w.writerows(rows)
    print(f"wrote {len(rows)} rows to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
