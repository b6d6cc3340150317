"""Sentences and named-entity mentions from the spaCy parse, with character offsets.

Entities are spaCy's statistical NER, tidied and completed with what eventwire knows:

* **Tidy spans.** A name does not include a leading article ("the EU" -> "EU", "a World
  Health Organisation report" -> "World Health Organisation"), a possessive ("Kenya's" ->
  "Kenya"), a courtesy title before a person ("Ms Tan" -> "Tan"), or a bracket left open
  ("World Health Organisation (WHO" -> "World Health Organisation").
* **Known names (the entity ruler).** The people and bodies of the actor knowledge
  (``data/actors/people_*.tsv`` and ``bodies_*.tsv``, compiled by scripts/build_actors.py, plus
  a user's ``--actors`` tables) are found in the text as spaCy's EntityRuler finds its
  patterns: exact, case-sensitive token sequences. A person's name or alias is PERSON (without
  a title it is written with: "President Xi" -> "Xi"), a body ORG, and a partially recognised
  state (sector PRE: "Transnistria", "Abkhazia") GPE. A match replaces the NER entities it
  covers ("Food Standards Agency" tagged PERSON becomes ORG; "Hezbollah" missed is added), but
  not an entity that covers more than the match or only part of it: "Labour Party Conference"
  and "Xi Jinping" keep spaCy's span. The names are tokenised once per process and shared
  with the actors layer (``_names.name_index``), so loading costs nothing more when actors
  are coded; the places layer leaves the names found this way alone ("Google" is no town).
  A name of one token counts only where it is written as a proper noun: tagged NNP / NNPS,
  not inside an all-capitals headline ("CAN THE TRUCE HOLD?"), not a word the stoplist
  ``data/entities_ruler_stop.tsv`` lists ("CAN", "Renaissance"). Not used: names that only
  stand for a body beside it ("the Alliance" for NATO), descriptions ("religious police",
  "Serbian police": NORP and a noun, as OntoNotes has them), and the surnames the knowledge
  generates for people ("Macron" for Emmanuel Macron; option ``surnames``): a bare surname is
  PERSON to NER anyway, and the actors layer resolves it in context. "Democrats" tagged NORP
  stays NORP (a party's members).
* **One name, one label.** Where NER gives the same name different labels in a document, the
  label it gives at least twice as often as any other wins ("Gloria" PERSON five times and GPE
  once), and a lone word that ends a person's full name in the document is that person
  ("Daniel Montalvo ... Montalvo" tagged GPE).

Options (``Config.options["entities"]``): ``ruler`` (default ``"longest"``: the rule above;
``"after"``: a known name only where NER found nothing; ``"overwrite"``: a known name always
wins; ``False``: no ruler), ``surnames`` (default False), ``tidy`` and ``consistent`` (default
True; with ``ruler``, ``tidy`` and ``consistent`` all false the layer is what it was before
issue #21: spaCy's spans, less a leading "the"). benchmarks/entities.py measures them on GUM's
news documents.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from ..context import Context
from ..model import AnnotatedDoc, Entity, Sentence
from ..registry import components
from ._names import KNOWN_NAMES, NameIndex, name_index

# Numeric and temporal labels are left to the timex layer and to event arguments.
NAMED_LABELS = frozenset(
    {"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE"}
)
# words before a name that are not part of it
_ARTICLES = frozenset({"the", "The", "a", "A", "an", "An"})
# courtesy titles OntoNotes (and the actors layer) keep out of a person's name
_COURTESY = frozenset({"Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Mx", "Mx.", "Dr", "Dr.", "Prof", "Prof."})
# titles some names in the knowledge are written with ("President Xi", "King Salman", "Pope
# Francis"): the person's name is what follows, as OntoNotes and spaCy's NER have it
_TITLES = frozenset(
    """president vice prime minister premier chancellor king queen prince princess crown emir
    sultan sheikh shaikh pope patriarch ayatollah grand mullah imam archbishop cardinal general
    gen gen. marshal field colonel col col. lieutenant lt lt. major maj maj. admiral commander
    chief sir dame lord lady senator sen sen. governor gov gov. mayor""".split()
)
_OPEN, _CLOSE = frozenset({"(", "["}), frozenset({")", "]"})
RULER_MODES = ("longest", "after", "overwrite")


@lru_cache(maxsize=1)
def ruler_stoplist() -> frozenset[str]:
    """Names of one word that are common words when capitalised: data/entities_ruler_stop.tsv."""
    text = resources.files("eventwire.knowledge").joinpath("data/entities_ruler_stop.tsv").read_text("utf-8")
    return frozenset(ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#"))


@dataclass(slots=True)
class Ruler:
    """Known people and bodies as token patterns: first token ORTH -> (tokens, label), longest
    first. Built from the names the actors layer matches too (``_names.name_index``)."""

    patterns: dict[int, list[tuple[tuple[int, ...], str]]]
    stop: frozenset[int]  # ORTH hashes of single-token names never matched alone

    @classmethod
    def build(cls, index: NameIndex, strings: Any, surnames: bool = False) -> Ruler:
        out: dict[int, list[tuple[tuple[int, ...], str]]] = {}
        for first, cands in index.names.items():
            kept = []
            for toks, named in cands:
                label = _label(named, surnames)
                if label is not None and not _description(toks, index, strings):
                    kept.append((toks, label))
            if kept:
                out[first] = kept  # the index lists them longest first
        stop = frozenset(strings.add(w) for w in ruler_stoplist())
        return cls(out, stop)

    def matches(self, parsed: Any) -> list[tuple[int, int, str]]:
        """Non-overlapping (start, end, label) token spans, leftmost-longest first."""
        orth = parsed.to_array("ORTH").tolist()  # no Token objects: most tokens start no name
        n = len(orth)
        found: list[tuple[int, int, str]] = []
        i = 0
        while i < n:
            hit = None
            for pat, label in self.patterns.get(orth[i], ()):
                k = len(pat)
                if tuple(orth[i : i + k]) == pat and (k > 1 or self._single(parsed, i)):
                    hit = (i, i + k, label)
                    break
            if hit is None:
                i += 1
            else:
                found.append(hit)
                i = hit[1]
        return found

    def _single(self, parsed: Any, i: int) -> bool:
        """A one-token name counts where it is written as a proper noun, outside a headline in
        capitals, and is no common word ("Fall")."""
        t = parsed[i]
        if t.orth in self.stop or t.tag_ not in ("NNP", "NNPS"):
            return False
        if t.is_upper:  # "WHO", "ICE": not when the words around are capitals too
            near = [parsed[j] for j in (i - 1, i + 1) if 0 <= j < len(parsed) and parsed[j].is_alpha]
            if near and all(x.is_upper for x in near):
                return False
        return True


def _description(toks: tuple[int, ...], index: NameIndex, strings: Any) -> bool:
    """A body the knowledge names by a description, not a name: no capitalised word
    ("religious police"), or a people's adjective and common nouns ("Serbian police": NORP and
    a noun to NER, and in OntoNotes)."""
    if not any(strings[t][:1].isupper() or strings[t][:1].isdigit() for t in toks):
        return True
    if len(toks) > 1 and not strings[toks[-1]][:1].isupper():
        people = any(len(p) == 1 and v.kind == "demonym" for p, v in index.names.get(toks[0], ()))
        return people and all(not strings[t][:1].isupper() for t in toks[1:])
    return False


def _label(named: Any, surnames: bool) -> str | None:
    if named.requires:  # "the Alliance", "Allies": a name only beside the body it stands for
        return None
    if named.kind == "person":
        # a surname that is a given name as often ("Hussein") is a person only after the full name
        return "PERSON" if (surnames and not named.context) or not named.alias else None
    if named.kind == "body":
        return "GPE" if named.sector == "PRE" else "ORG"
    return None  # countries, capitals, peoples: NER and the places layer have them


def load_ruler(ctx: Context, surnames: bool = False) -> Ruler:
    return Ruler.build(name_index(ctx), ctx.nlp.vocab.strings, surnames)


def _tidy(parsed: Any, start: int, end: int, label: str) -> tuple[int, int]:
    """Token span of a name without a leading article, a courtesy title, a trailing
    possessive or a bracket left open."""
    while end - start > 1 and parsed[start].text in _ARTICLES:
        start += 1
    if label == "PERSON":
        while end - start > 1 and parsed[start].text in _COURTESY:
            start += 1
    if end - start > 1 and parsed[end - 1].tag_ == "POS":  # "Kenya 's"
        end -= 1
    for j in range(start + 1, end):  # "World Health Organisation ( WHO"
        if parsed[j].text in _OPEN and not any(parsed[k].text in _CLOSE for k in range(j + 1, end)):
            end = j
            break
    while end - start > 1 and (parsed[end - 1].is_space or parsed[end - 1].text in _OPEN):
        end -= 1
    return start, end


_VOTING = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"})


def _consistent(parsed: Any, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """One name, one label in a document: where NER gives the same name different labels,
    the label it gives at least twice as often as any other wins ("Gloria" PERSON five times
    and GPE once is PERSON); and a lone word that ends a person's full name in the document is
    that person ("Daniel Montalvo ... Montalvo" tagged GPE)."""
    texts = [parsed[s:e].text if label in _VOTING else None for s, e, label in spans]
    votes: dict[str, Counter[str]] = {}
    for t, (_, _, label) in zip(texts, spans, strict=True):
        if t is not None:
            votes.setdefault(t, Counter())[label] += 1
    family = {parsed[e - 1].text for s, e, label in spans if label == "PERSON" and e - s > 1}
    out = []
    for t, (s, e, label) in zip(texts, spans, strict=True):
        if t is not None:
            ranked = votes[t].most_common()
            best, n = ranked[0]
            other = max((c for lab, c in ranked if lab != best), default=0)
            if best != label and n >= 2 * other:
                label = best
            elif e - s == 1 and t in family:
                label = "PERSON"
        out.append((s, e, label))
    return out


def merge(
    ner: list[tuple[int, int, str]], known: list[tuple[int, int, str]], mode: str
) -> list[tuple[int, int, str]]:
    """NER entities and known names as one list of token spans without overlaps."""
    if mode == "after":
        keep = [m for m in known if not any(s < m[1] and m[0] < e for s, e, _ in ner)]
        return sorted(ner + keep)
    if mode == "overwrite":
        keep = [x for x in ner if not any(s < x[1] and x[0] < e for s, e, _ in known)]
        return sorted(known + keep)
    # longest: a known name replaces the entities it covers; an entity that covers more than
    # the name, or only part of it, stays ("Xi Jinping" against a known "Xi")
    wins: list[tuple[int, int, str]] = []
    kept = list(ner)
    for m in known:
        if any(x[0] < m[1] and m[0] < x[1] and not (m[0] <= x[0] and x[1] <= m[1]) for x in kept):
            continue
        kept = [x for x in kept if not (x[0] < m[1] and m[0] < x[1])]
        wins.append(m)
    return sorted(kept + wins)


@components.register("entities")
def make_entities(ctx: Context) -> Callable[[AnnotatedDoc], None]:
    opts = ctx.options("entities")
    mode = opts.get("ruler", "longest")
    if mode not in (*RULER_MODES, False, None):
        raise ValueError(f"entities: ruler must be one of {', '.join(RULER_MODES)} or false, not {mode!r}")
    surnames = bool(opts.get("surnames", False))
    tidy = bool(opts.get("tidy", True))
    consistent = bool(opts.get("consistent", True))
    ruler = ctx.resource(f"entities.ruler.{surnames}", lambda: load_ruler(ctx, surnames)) if mode else None

    def entities(doc: AnnotatedDoc) -> None:
        parsed = doc.nlp
        text = doc.text
        for sent in parsed.sents:
            # spaCy sentences include trailing whitespace tokens; trim so offsets are tight
            start, end = sent.start_char, sent.end_char
            while end > start and text[end - 1].isspace():
                end -= 1
            if end > start:
                doc.sentences.append(Sentence(start, end))
        spans = []
        for ent in parsed.ents:
            if tidy:
                s, e = _tidy(parsed, ent.start, ent.end, ent.label_)
            else:  # as before issue #21: only "the" goes
                s, e = (
                    ent.start + (ent.end - ent.start > 1 and parsed[ent.start].text in ("the", "The")),
                    ent.end,
                )
            spans.append((s, e, ent.label_))
        if consistent:
            spans = _consistent(parsed, spans)
        if ruler is not None:
            known = []
            for s, e, label in ruler.matches(parsed):
                s, e = _tidy(parsed, s, e, label)  # "the Kremlin" -> "Kremlin"
                while label == "PERSON" and e - s > 1 and parsed[s].lower_ in _TITLES:
                    s += 1  # "President Xi" -> "Xi"
                # "Democrats" tagged NORP stays NORP: the party's members, as OntoNotes has it
                if not any(x == (s, e, "NORP") for x in spans) or parsed[e - 1].tag_ != "NNPS":
                    known.append((s, e, label))
            spans = merge(spans, known, mode)
            won = set(known) & set(spans)
            parsed.user_data[KNOWN_NAMES] = {
                (parsed[s].idx, parsed[e - 1].idx + len(parsed[e - 1])) for s, e, _ in won
            }
        for s, e, label in spans:
            if label not in NAMED_LABELS:
                continue
            span = parsed[s:e]
            doc.entities.append(Entity(span.start_char, span.end_char, span.text, label))

    return entities
