"""Where an outlet is at home: the first-level region most of its stories happen in.

A local paper names its own towns without their state ("Alexandria police said ..."): read
alone, that is Alexandria, Virginia, the largest namesake; the Town Talk of Alexandria,
Louisiana means its own. Knowing the outlet's home region settles such names the way its
readers do. The table is learnt from the outlet's own stories, without any gold: each story
votes for the region most of its resolved places lie in, and an outlet gets a home when
enough of its stories agree (``learn_outlet_homes``). ``eventwire outlets FILES -o
outlets.tsv`` writes it; ``--set places.outlets=outlets.tsv`` lets the resolver use it
(feature ``outlet_home`` of ``knowledge.gazetteer.WEIGHTS``). The TSV is meant to be read and
edited: one outlet a line, its host name, the region's country (ISO3) and name (GeoNames'
first-level name, as eventwire's places give it), and how many of its stories voted for it out of how many voted at all.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from ..model import AnnotatedDoc, Article

if TYPE_CHECKING:
    from .gazetteer import Gazetteer

COLUMNS = ("outlet", "country", "admin1", "stories", "voting")
# an outlet gets a home when at least this many of its stories vote, and this share of them
# agree (a wire service or a national paper spreads its votes and gets none)
MIN_STORIES = 3
MIN_SHARE = 0.5


class OutletsError(ValueError):
    """The outlets table cannot be read; the message names the file and line."""


@dataclass(frozen=True, slots=True)
class OutletHome:
    outlet: str  # host name without "www." ("thetowntalk.com"), or the source's name, lower case
    country: str  # ISO3
    admin1: str  # the first-level region's name, as Place.admin1 gives it
    stories: int  # stories that voted for this region
    voting: int  # stories of the outlet that voted at all


def outlet_key(article: Article) -> str | None:
    """The outlet an article comes from: its URL's host without "www.", else its ``source``."""
    if article.url:
        host = (urlsplit(article.url).hostname or "").lower()
        host = host.removeprefix("www.")
        if host:
            return host
    return article.source.strip().lower() if article.source and article.source.strip() else None


def story_region(doc: AnnotatedDoc) -> tuple[str, str] | None:
    """The region (country ISO3, admin1 name) most of the story's resolved towns,
    districts and regions lie in; None when it names none, or two regions tie."""
    votes: Counter[tuple[str, str]] = Counter()
    for p in doc.places:
        if p.country and p.admin1 and p.feature and not p.feature.startswith("A.PCL"):
            votes[(p.country, p.admin1)] += 1
    top = votes.most_common(2)
    if not top or (len(top) == 2 and top[0][1] == top[1][1]):
        return None
    return top[0][0]


def learn_outlet_homes(
    docs: Iterable[AnnotatedDoc], min_stories: int = MIN_STORIES, min_share: float = MIN_SHARE
) -> list[OutletHome]:
    """Each outlet's home region, from its stories' own places (``story_region``): the region
    at least ``min_share`` of its voting stories agree on, when at least ``min_stories``
    vote. Outlets sorted by name."""
    votes: dict[str, Counter[tuple[str, str]]] = {}
    for doc in docs:
        key = outlet_key(doc.article)
        region = story_region(doc)
        if key is not None and region is not None:
            votes.setdefault(key, Counter())[region] += 1
    homes = []
    for key in sorted(votes):
        (region, n), total = votes[key].most_common(1)[0], sum(votes[key].values())
        if total >= min_stories and n >= min_share * total:
            homes.append(OutletHome(key, region[0], region[1], n, total))
    return homes


def write_outlet_homes(path: str | Path, homes: Iterable[OutletHome]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter="\t", lineterminator="\n")
        w.writerow(COLUMNS)
        for h in homes:
            w.writerow([h.outlet, h.country, h.admin1, h.stories, h.voting])


def load_outlet_homes(path: str | Path) -> dict[str, OutletHome]:
    """The table ``write_outlet_homes`` writes (or a hand-made one with the same columns);
    an :class:`OutletsError` naming the file and line when a line is not right."""
    p = Path(path)
    try:
        lines = p.read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise OutletsError(f"{p}: cannot read the outlets table ({exc})") from None
    if not lines or tuple(lines[0].split("\t")) != COLUMNS:
        raise OutletsError(f"{p}:1: the header must be {' '.join(COLUMNS)} (tab-separated)")
    out: dict[str, OutletHome] = {}
    for k, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        cells = line.split("\t")
        if len(cells) != len(COLUMNS) or not all(cells[:3]):
            raise OutletsError(
                f"{p}:{k}: needs {len(COLUMNS)} tab-separated cells, outlet, country and admin1 filled"
            )
        try:
            stories, voting = int(cells[3]), int(cells[4])
        except ValueError:
            raise OutletsError(f"{p}:{k}: stories and voting must be whole numbers") from None
        out[cells[0].lower()] = OutletHome(cells[0].lower(), cells[1].upper(), cells[2], stories, voting)
    return out


def load_outlet_regions(path: str | Path, gaz: Gazetteer) -> dict[str, tuple[str, str]]:
    """The table as the resolver reads it: outlet -> (ISO2, admin1 code) of its home region;
    an :class:`OutletsError` naming the file and outlet when the gazetteer knows no such region."""
    out: dict[str, tuple[str, str]] = {}
    for key, h in load_outlet_homes(path).items():
        code = gaz.admin1_code(h.country, h.admin1)
        if code is None:
            raise OutletsError(f"{path}: {h.outlet}: no region {h.admin1!r} in {h.country}")
        out[key] = code
    return out
