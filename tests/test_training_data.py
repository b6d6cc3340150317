"""Our own training text (training/*.jsonl) is well formed and never overlaps a frozen test set.

The frozen sets (tests/frozen/) are scored as text nobody tuned on. Training text written by
other hands about the same real events can come out nearly word for word the same ("Finland
became NATO's 31st member on Tuesday, doubling the length of the alliance's border with
Russia"); a test item with a near-copy in the training data measures memory, not
generalisation. So no training text may share a run of ``RUN`` words with any frozen text.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import pytest

from eventwire.knowledge.acled import load_acled
from eventwire.knowledge.ontology import load_ontology

ROOT = Path(__file__).resolve().parents[1]
TRAINING = sorted((ROOT / "training").glob("*.jsonl"))
FROZEN = sorted((ROOT / "tests/frozen").glob("*.jsonl"))
RUN = 12  # words: shorter shared runs are names with titles ("U.S. President Joe Biden and Russian President
# Vladimir Putin" is ten)


def runs(text: str, n: int = RUN) -> set[str]:
    words = re.findall(r"\w+", text.lower())
    return {" ".join(words[i : i + n]) for i in range(len(words) - n + 1)}


@cache
def frozen_runs() -> dict[str, str]:
    out: dict[str, str] = {}
    for path in FROZEN:
        for line in path.read_text("utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                for r in runs(row["text"]):
                    out.setdefault(r, f"{path.name} {row.get('id', '')}")
    return out


def rows(path: Path) -> list[tuple[int, dict]]:
    return [
        (k, json.loads(line))
        for k, line in enumerate(path.read_text("utf-8").splitlines(), 1)
        if line.strip()
    ]


def test_the_checks_see_the_files() -> None:
    assert len(TRAINING) >= 10 and len(FROZEN) >= 3


def test_runs_catch_a_near_copy_and_spare_a_shared_name() -> None:
    a = "Finland became the 31st member of NATO on Tuesday, doubling the length of the alliance's border with Russia."
    b = "Finland formally became NATO's 31st member on Tuesday, doubling the length of the alliance's border with Russia."
    assert runs(a) & runs(b)
    assert not runs("the International Monetary Fund said on Monday") & runs(
        "the International Monetary Fund said"
    )


@pytest.mark.parametrize("path", TRAINING, ids=lambda p: p.name)
def test_no_training_text_copies_a_frozen_text(path: Path) -> None:
    frozen = frozen_runs()
    copies = []
    for k, row in rows(path):
        if shared := sorted(runs(row["text"]) & frozen.keys()):
            copies.append(
                f"{path.name}:{k} ({row.get('id', '')}) shares {shared[0]!r} with {frozen[shared[0]]}"
            )
    assert not copies, "\n".join(copies)


EVENT_FILES = [p for p in TRAINING if p.name.startswith("events_own_")]


@pytest.mark.parametrize("path", EVENT_FILES, ids=lambda p: p.name)
def test_event_texts_are_well_formed(path: Path) -> None:
    types = set(load_ontology().types)
    subs = set(load_acled().sub_types)
    problems = []
    for k, row in rows(path):
        where = f"{path.name}:{k} ({row.get('id', '')})"
        if not isinstance(row.get("text"), str) or not row["text"].strip():
            problems.append(f"{where}: no text")
            continue
        if row.get("has_event") and row.get("plover_type") not in types:
            problems.append(f"{where}: PLOVER type {row.get('plover_type')!r}")
        if row.get("acled_sub_type") not in subs | {None}:
            problems.append(f"{where}: ACLED sub-type {row.get('acled_sub_type')!r}")
        for role in ("source", "target"):
            if row.get(role) and row[role] not in row["text"]:
                problems.append(f"{where}: {role} {row[role]!r} is not in the text")
    assert not problems, "\n".join(problems)


def test_ids_are_unique_across_the_event_files() -> None:
    seen: dict[str, str] = {}
    clashes = []
    for path in EVENT_FILES:
        for k, row in rows(path):
            rid = row.get("id")
            if rid in seen:
                clashes.append(f"{path.name}:{k} repeats {rid} of {seen[rid]}")
            seen.setdefault(rid, f"{path.name}:{k}")
    assert not clashes, "\n".join(clashes)


def test_every_event_text_file_is_read_or_listed_as_tried() -> None:
    """A training file nobody reads is a silent loss: each is in the recipe, named as tried, or
    read by the accident head."""
    from eventwire.learn.accident_head import ACCIDENT_FILES, ACCIDENT_TRIED
    from eventwire.learn.sources import OWN_DEFAULT, OWN_PAIRS, OWN_TRIED

    listed = {*OWN_DEFAULT, *OWN_PAIRS, *OWN_TRIED, *ACCIDENT_FILES, *ACCIDENT_TRIED}
    files = {p.name for p in (ROOT / "training").glob("events_own_*.jsonl")}
    assert files == listed, (sorted(files - listed), sorted(listed - files))


def test_tried_files_can_be_added_by_name_and_unknown_names_are_refused() -> None:
    """``--with-tried FILES`` (scripts/train_event_encoder.py): the named tried files join the
    recipe; a name that is no tried file is an error, never silently ignored."""
    from eventwire.learn.sources import OWN_TRIED, read_own

    base = len(read_own())
    one = OWN_TRIED[0]
    assert len(read_own(tried=(one,))) == base + sum(1 for _ in rows(ROOT / "training" / one))
    assert len(read_own(tried=True)) == base + sum(
        sum(1 for _ in rows(ROOT / "training" / f)) for f in OWN_TRIED
    )
    with pytest.raises(ValueError, match="not files under trial"):
        read_own(tried=("events_own_nope.jsonl",))


MULTI_FILES = sorted((ROOT / "training").glob("arguments_own_multi_*.jsonl"))
CASE_FILES = sorted((ROOT / "training").glob("arguments_own_cases_*.jsonl"))


def test_the_marked_event_files_are_the_ones_the_tagger_reads() -> None:
    from eventwire.learn.argument_tagger import CASE_FILES as READ_CASES
    from eventwire.learn.argument_tagger import MULTI_FILES as READ

    assert {p.name for p in MULTI_FILES} == set(READ)
    assert {p.name for p in CASE_FILES} == set(READ_CASES)


@pytest.mark.parametrize("path", [*MULTI_FILES, *CASE_FILES], ids=lambda p: p.name)
def test_marked_event_sentences_are_well_formed(path: Path) -> None:
    """Each event names its trigger as one whole word of the text, and its source and target
    as strings the text holds once (the tagger is taught exactly those words). A multi-event
    sentence holds two to four events, a construction case one to four."""
    types = set(load_ontology().types)
    least = 2 if path in MULTI_FILES else 1
    problems = []
    for k, row in rows(path):
        where = f"{path.name}:{k} ({row.get('id', '')})"
        text, events = row.get("text"), row.get("events")
        if not isinstance(text, str) or not isinstance(events, list) or not least <= len(events) <= 4:
            problems.append(f"{where}: needs a text and {least} to four events")
            continue
        triggers = [ev.get("trigger") for ev in events]
        if len(set(triggers)) != len(triggers):
            problems.append(f"{where}: two events share a trigger word")
        for ev in events:
            if ev.get("plover_type") not in types:
                problems.append(f"{where}: PLOVER type {ev.get('plover_type')!r}")
            word = ev.get("trigger") or ""
            if len(re.findall(rf"(?<!\w){re.escape(word)}(?!\w)", text)) != 1:
                problems.append(f"{where}: trigger {word!r} is not one whole word of the text")
            for role in ("source", "target"):
                if ev.get(role) is not None and text.count(ev[role]) != 1:
                    problems.append(f"{where}: {role} {ev[role]!r} is not in the text once")
    assert not problems, "\n".join(problems)


def test_ids_are_unique_across_the_marked_event_files() -> None:
    ids = [row.get("id") for path in [*MULTI_FILES, *CASE_FILES] for _, row in rows(path)]
    assert len(ids) == len(set(ids))
