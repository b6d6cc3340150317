"""Quotes and claims: who said what, about whom.

Two passes over the parsed article:

1. Direct quotes. Quotation marks are paired on the characters (straight, curly, angle and
   single-curly marks; a quote that runs over several paragraphs re-opens at each paragraph
   start and closes only at its end; marks nested inside a quote are part of its content).
   Each quoted segment is then attributed from the dependency parse of the clause around it:
   the clause after it (``"...," she said``), the clause before it (``He said: "..."``), a
   colon headline (``Zelensky: "..."``), the verb governing a partial quote inside a sentence
   (``the Allies "remain committed ..."``), or the previous speaker for a bare quote paragraph.
   Short unattributed quotes (scare quotes) and quoted titles are not statements.
2. Reported speech. A cue verb from the lexicon with a subject yields its content (the
   ``that``-clause, the clause it follows as a parenthetical, or its object for verbs such as
   "accuse X of Y"); "according to X" marks the rest of the clause as X's claim; a short
   headline "Name: claim" is attributed to the name.

Speakers keep the span where they are mentioned ("he", "the statement"); the canonical
identity comes from the overlapping coded actor when the actors layer ran, else from the
entities, and otherwise is resolved: pronouns and role nouns to the last named person,
"the statement" to the body that issued the statement mentioned earlier, "the Allies" to the
most salient organisation so far. Anonymous sources stay anonymous.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from ..context import Context
from ..knowledge.quotes import QuoteLexicon, load_quote_lexicon
from ..model import Actor, AnnotatedDoc, Entity, Quote, Span
from ..registry import components

# Opening mark -> closing mark. The straight double quote opens and closes itself.
_PAIRS = {"“": "”", "«": "»", "‘": "’", '"': '"', "„": "“"}
_TERMINALS = frozenset({".", "!", "?", ";"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj"})
_NAME_LABELS = ("PERSON", "ORG", "GPE", "NORP", "FAC", "LOC")
_GROUP_LABELS = frozenset({"ORG", "GPE", "NORP"})
_EDGE_PUNCT = " \t\r\n,;:-–—"
_RELATIVE = frozenset({"which", "that", "who", "whom", "what", "it", "this"})
_INDEFINITE = frozenset(
    {"a", "an", "one", "two", "three", "four", "several", "some", "many", "another", "other"}
)


@dataclass(slots=True)
class _Seg:
    """One quoted segment: the positions of its marks (close == end of text if unclosed)."""

    open: int
    close: int
    start: int  # content, without the marks
    end: int


@dataclass(slots=True)
class _Attribution:
    cue: tuple[int, int] | None = None
    speaker: tuple[int, int] | None = None
    speaker_head: Any = None  # spaCy token heading the speaker phrase
    cue_token: Any = None
    partial: bool = False  # a quoted fragment inside a sentence, not a whole utterance


@dataclass
class _State:
    """Per-document scratch: token offsets and what the passes have used so far."""

    doc: AnnotatedDoc
    starts: list[int]
    segs: list[_Seg] = field(default_factory=list)  # every quoted segment
    quoted: list[tuple[int, int]] = field(default_factory=list)  # their spans, marks included
    used_cues: set[int] = field(default_factory=set)  # token indices already used as cues

    def in_quote(self, pos: int) -> bool:
        """Is ``pos`` inside a quoted segment? (segments are sorted and disjoint)"""
        k = bisect_right(self.quoted, (pos, len(self.doc.text) + 1)) - 1
        return k >= 0 and self.quoted[k][0] <= pos < self.quoted[k][1]


# --- quotation marks -------------------------------------------------------------------------


def _opens_straight(text: str, i: int, width: int = 1) -> bool:
    """A straight quote opens when it follows a space/bracket/dash and precedes a non-space."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + width] if i + width < len(text) else " "
    return (before.isspace() or before in "([{—–-/") and not after.isspace()


def _closes(opener: str, c: str) -> bool:
    """Messy copy mixes straight and curly double marks ("...”), so any double closer counts."""
    if opener in '"“':
        return c in '"”'
    return c == _PAIRS[opener]


def find_quoted(text: str) -> list[_Seg]:
    """Pair quotation marks on the characters; return top-level quoted segments in order.

    Two apostrophes ('') stand for a straight double quote, as in some wire and NYT text.
    """
    segs: list[_Seg] = []
    i, n = 0, len(text)
    opener: str | None = None
    start = width = 0
    while i < n:
        c = text[i]
        if c == "'" and text.startswith("''", i):
            c = '"'
            step = 2
        else:
            step = 1
        if opener is None:
            if c in "“«„" or (c == '"' and _opens_straight(text, i, step)):
                opener, start, width = c, i, step
            elif c == "‘" and (i == 0 or not text[i - 1].isalnum()):
                opener, start, width = c, i, step
        elif _closes(opener, c) and not (
            c == "’" and i + 1 < n and text[i + 1].isalpha()  # "Clinton’s" is an apostrophe
        ):
            segs.append(_Seg(start, i, start + width, i))
            opener = None
        elif c == "\n":
            # A quote still open at a paragraph end continues if the next paragraph re-opens
            # with the same mark (the news convention for multi-paragraph quotes).
            j = i
            while j < n and text[j].isspace():
                j += 1
            if j < n and (_closes(opener, text[j]) or text[j] == opener or text.startswith("''", j)):
                step = j - i + (2 if text.startswith("''", j) else 1)
            else:
                if opener in "“«„":  # an unclosed curly quote: keep it up to the paragraph end
                    segs.append(_Seg(start, i, start + width, i))
                opener = None  # straight/single marks left open were apostrophes or inches
        i += step
    if opener is not None and opener in "“«„":
        segs.append(_Seg(start, n, start + width, n))
    return segs


# --- small parse helpers -------------------------------------------------------------------


def _tokens(st: _State, start: int, end: int) -> list[Any]:
    """Tokens starting inside [start, end)."""
    parsed = st.doc.nlp
    return [parsed[k] for k in range(bisect_left(st.starts, start), bisect_left(st.starts, end))]


def _inside(spans: Iterable[tuple[int, int]], pos: int) -> bool:
    return any(s <= pos < e for s, e in spans)


def _trim(text: str, start: int, end: int, chars: str = _EDGE_PUNCT) -> tuple[int, int]:
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return start, end


def _phrase(tok: Any) -> tuple[int, int]:
    """Character span of a noun phrase headed by ``tok``, without relative clauses/appositions."""
    left, right = tok.left_edge, tok
    for child in tok.rights:
        if child.dep_ in ("relcl", "acl", "appos", "punct", "advcl", "cc", "conj"):
            break
        right = child.right_edge
    start, end = left.idx, right.idx + len(right.text)
    for t in tok.doc[left.i : tok.i]:  # never reach back into the paragraph before
        if "\n" in t.text_with_ws:
            start = t.idx + len(t.text_with_ws)
    return start, end


def _subject(verb: Any, depth: int = 0) -> Any:
    """The subject of ``verb``; participles and conjuncts borrow their head's ("..., saying")."""
    for child in verb.children:
        if child.dep_ in _SUBJECTS:
            return child
    if depth < 3 and verb.dep_ in ("conj", "advcl") and verb.head.dep_ == "ccomp":
        # "He said that X and noted that Y", "told them that X, adding Y": the second cue was
        # hung inside the first report; its speaker is the first cue's
        return _subject(verb.head.head, depth + 1)
    if depth < 3 and verb.dep_ in ("advcl", "conj", "xcomp", "pcomp") and verb.head.i != verb.i:
        return _subject(verb.head, depth + 1)
    if verb.dep_ == "relcl":  # "Smith, who said ..." -> Smith
        return verb.head
    return None


def _words(text: str) -> int:
    return sum(1 for w in text.split() if any(ch.isalnum() for ch in w))


# --- speaker identity ----------------------------------------------------------------------


class _Resolver:
    """Turns a speaker mention into a coded Actor, using the actors and entities layers."""

    def __init__(self, doc: AnnotatedDoc, lex: QuoteLexicon, in_quote: Callable[[int], bool]) -> None:
        self.doc, self.lex = doc, lex
        self.actors = sorted(doc.actors, key=lambda a: a.start)
        # names outside quoted text are the candidates for pronouns and role nouns
        self.named = [e for e in doc.entities if e.label in _NAME_LABELS and not in_quote(e.start)]
        self.named_starts = [e.start for e in self.named]

    def _coded(self, start: int, end: int) -> Actor | None:
        best, size = None, 0
        for a in self.actors:
            if a.start >= end:
                break
            overlap = min(end, a.end) - max(start, a.start)
            if overlap > size:
                best, size = a, overlap
        return best

    def _as_actor(self, e: Entity) -> Actor:
        coded = self._coded(e.start, e.end)
        if coded is not None:
            return coded
        return Actor(e.start, e.end, e.text, e.canonical or e.text, e.country, e.sector)

    def _before(self, pos: int, labels: Iterable[str]) -> list[Entity]:
        wanted = set(labels)
        return [e for e in self.named[: bisect_left(self.named_starts, pos)] if e.label in wanted]

    def _salient_group(self, pos: int) -> Actor | None:
        """The organisation mentioned most often before ``pos`` (ties: the most recent)."""
        groups = self._before(pos, ("ORG",)) or self._before(pos, _GROUP_LABELS)
        if not groups:
            return None
        counts = Counter((e.canonical or e.text) for e in groups)
        top = max(counts.values())
        for e in reversed(groups):
            if counts[e.canonical or e.text] == top:
                return self._as_actor(e)
        return None

    def _issuer(self, head: Any) -> Actor | None:
        """'the statement' -> the body named inside an earlier mention of a statement."""
        lemma = head.lemma_.lower()
        for tok in reversed(list(head.doc[: head.i])):
            if tok.lemma_.lower() != lemma:
                continue
            s, e = tok.left_edge.idx, tok.right_edge.idx + len(tok.right_edge.text)
            inside = [x for x in self.named if s <= x.start and x.end <= e and x.label in _GROUP_LABELS]
            if inside:
                orgs = [x for x in inside if x.label == "ORG"]
                return self._as_actor((orgs or inside)[0])
        return None

    def speaker(self, start: int, end: int, head: Any) -> Actor:
        text = self.doc.text[start:end]
        lower = head.lower_ if head is not None else text.lower()
        lemma = head.lemma_.lower() if head is not None else lower
        found: Actor | None = None
        first = text.split(" ", 1)[0].lower()
        if first in _INDEFINITE and (lemma in self.lex.anonymous_nouns or lemma in self.lex.role_nouns):
            # "a senior European diplomat", "two officials": the source stays anonymous;
            # keep a country when actor coding found one in the phrase
            country = next((a.country for a in self.actors if start <= a.start < end and a.country), None)
            return Actor(start, end, text, text, country, None)
        if lower in self.lex.person_pronouns or (
            lemma in self.lex.role_nouns and not self._has_name(start, end)
        ):
            persons = self._before(start, ("PERSON",))
            found = self._as_actor(persons[-1]) if persons else None
        elif lower in self.lex.group_pronouns:
            groups = self._before(start, _GROUP_LABELS)
            found = self._as_actor(groups[-1]) if groups else None
        elif lemma in self.lex.document_nouns and not self._has_name(start, end) and head is not None:
            found = self._issuer(head) or self._salient_group(start)
        elif lemma in self.lex.collective_nouns and not self._has_name(start, end):
            found = self._salient_group(start)
        elif lemma in self.lex.anonymous_nouns:
            # "a senior European diplomat": the source stays anonymous; keep a country if coded
            country = next((a.country for a in self.actors if start <= a.start < end and a.country), None)
            return Actor(start, end, text, text, country, None)
        else:
            found = self._name_in(start, end, head)
        if found is None:
            return Actor(start, end, text, text)
        return Actor(start, end, text, found.canonical or found.text, found.country, found.sector)

    def _has_name(self, start: int, end: int) -> bool:
        return any(start <= e.start < end for e in self.named)

    def _name_in(self, start: int, end: int, head: Any) -> Actor | None:
        coded = [a for a in self.actors if a.start < end and a.end > start]
        pos = head.idx if head is not None else start
        for a in coded:
            if a.start <= pos < a.end:
                return a
        names = [e for e in self.named if start <= e.start and e.end <= end]
        for e in names:
            if e.start <= pos < e.end:
                return self._as_actor(e)
        if coded:
            return coded[-1]
        return self._as_actor(names[-1]) if names else None

    def mentions(self, start: int, end: int) -> list[Actor]:
        if self.actors:
            return [a for a in self.actors if start <= a.start and a.end <= end]
        return [
            Actor(e.start, e.end, e.text, e.canonical or e.text, e.country, e.sector)
            for e in self.doc.entities
            if e.label in _NAME_LABELS and start <= e.start and e.end <= end
        ]


# --- attribution of direct quotes ------------------------------------------------------------


class _Quoter:
    def __init__(self, lex: QuoteLexicon) -> None:
        self.lex = lex
        self.cue_verbs = lex.cue_verbs | lex.continue_verbs | lex.quote_verbs

    # Cue detection in the clause after / before a quote.
    def _cue_in(self, toks: list[Any], last: bool, any_verb: bool) -> _Attribution | None:
        verbs = [t for t in toks if t.pos_ in ("VERB", "AUX") and t.lemma_.lower() in self.cue_verbs]
        if not verbs and any_verb and len(toks) <= 10:
            # an unlisted verb right after '"...,"' ("he barked"): only a short clause whose
            # subject is a name, a noun or a personal pronoun (not "which allows ...")
            verbs = [
                t
                for t in toks
                if t.pos_ == "VERB"
                and (subj := _subject(t)) is not None
                and subj.lower_ not in _RELATIVE
                and subj.pos_ in ("PROPN", "NOUN", "PRON")
            ][:1]
        if not verbs:
            return self._according(toks)
        verb = verbs[-1] if last else verbs[0]
        subj = _subject(verb)
        att = _Attribution(cue=_cue_span(verb), cue_token=verb)
        if subj is not None:
            att.speaker, att.speaker_head = _phrase(subj), subj
        else:
            # "said Caddell" parsed with the name as object, or "the alliance's allies assure"
            # parsed without a subject: take the nearest noun phrase in the clause
            after = [t for t in toks if t.i > verb.i and t.pos_ in ("PROPN", "PRON", "NOUN")]
            before = [t for t in toks if t.i < verb.i and t.pos_ in ("PROPN", "PRON", "NOUN")]
            if after:
                att.speaker, att.speaker_head = _phrase(after[0]), after[0]
            elif before:
                first = next(t for t in toks if not t.is_punct)
                att.speaker = (first.idx, before[-1].idx + len(before[-1].text))
                att.speaker_head = before[-1]
        return att

    def _according(self, toks: list[Any]) -> _Attribution | None:
        for t in toks:
            if t.lower_ == "according":
                for to in t.children:
                    objs = [c for c in to.children if c.dep_ == "pobj"]
                    if to.lower_ == "to" and objs:
                        end = to.idx + len(to.text)
                        return _Attribution((t.idx, end), _phrase(objs[0]), objs[0], t)
        return None

    def attribute(self, st: _State, segs: list[_Seg], k: int) -> _Attribution | None:
        """Attribution for segment k, or None when it is not a statement."""
        doc, seg = st.doc, segs[k]
        text = doc.text
        para_start = text.rfind("\n", 0, seg.open) + 1
        para_end = text.find("\n", seg.close)
        para_end = len(text) if para_end < 0 else para_end
        lo = max(para_start, segs[k - 1].close + 1 if k else 0)
        hi = min(para_end, segs[k + 1].open if k + 1 < len(segs) else len(text))
        after = _clause_after(_tokens(st, seg.close + 1, hi))
        before = _clause_before(_tokens(st, lo, seg.open))
        content = text[seg.start : seg.end]
        ends_open = content.rstrip().endswith((",", "?", "!", "—", "-", "–")) or not content.strip()
        # 0. a quote embedded in a sentence ('told Newsmax that Romney "had a policy," adding
        #    ...') belongs to the clause around it, whatever follows
        if before and before[-1].text not in (":", ",", *_TERMINALS):
            att = self._partial(st, seg)
            if att is not None:
                return att
        # 1. '"...," she said.'  /  '"..." - the statement says.'  /  '"...," according to X.'
        # ('"...found." He added, "..."': that clause introduces the next quote instead)
        gap = text[seg.close + 1 : hi].rstrip()
        for_next = k + 1 < len(segs) and hi == segs[k + 1].open and gap.endswith((",", ":"))
        # the clause after must read as an attribution: '"...," he said', '"..." - X says',
        # or a short tag; not the rest of the sentence the quote sits in
        tagged = ends_open or gap.lstrip()[:1] in (",", "-", "—", "–") or len(after) <= 5
        if after and tagged and not (for_next and not ends_open):
            att = self._cue_in(after, last=False, any_verb=ends_open)
            if att is not None:
                return att
        # 2. 'He said: "..."'  /  'He said, "..."'  /  'Zelensky: "..."'
        if before and before[-1].text in (":", ","):
            att = self._cue_in(before[:-1], last=True, any_verb=before[-1].text == ":")
            if att is not None:
                return att
            if before[-1].text == ":" and not any(t.pos_ in ("VERB", "AUX") for t in before):
                head = max(before[:-1], key=lambda t: t.i if t.pos_ in ("PROPN", "NOUN") else -1)
                c = before[-1]
                return _Attribution((c.idx, c.idx + 1), _phrase(head), head)
        # 3. a partial quote inside a sentence: the verb governing it, else the clause subject
        if before and before[-1].text not in _TERMINALS:
            return self._partial(st, seg)
        # 4. a bare quote paragraph: "X continued:" in the paragraph before, else leave the
        #    speaker to the caller (the previous speaker)
        if not before and para_start >= 2:
            prev_end = para_start - 1
            while prev_end > 0 and text[prev_end - 1].isspace():
                prev_end -= 1
            if prev_end > 0 and text[prev_end - 1] == ":":
                prev_start = text.rfind("\n", 0, prev_end) + 1
                toks = _clause_before(_tokens(st, prev_start, prev_end))
                att = self._cue_in(toks[:-1], last=True, any_verb=True) if toks else None
                if att is not None:
                    return att
        return _Attribution()

    def _partial(self, st: _State, seg: _Seg) -> _Attribution | None:
        inner = _tokens(st, seg.start, seg.end)
        if not inner:
            return None
        i0, i1 = inner[0].i, inner[-1].i
        heads = [t for t in inner if not (i0 <= t.head.i <= i1) or t.head.i == t.i]
        if not heads:
            return None
        tok = heads[0]
        # the quote is the predicate ("the Allies 'remain committed'"): its subject speaks
        if tok.head.i == tok.i or tok.dep_ == "ROOT":
            subj = next((c for c in tok.children if c.dep_ in _SUBJECTS and not i0 <= c.i <= i1), None)
            if subj is None:
                return None
            return _Attribution(None, _phrase(subj), subj, partial=True)
        cur = tok.head
        for _ in range(8):
            if cur.pos_ == "VERB" and cur.lemma_.lower() in self.cue_verbs:
                subj = _subject(cur)
                if subj is not None and not i0 <= subj.i <= i1:
                    return _Attribution(_cue_span(cur), _phrase(subj), subj, cur, partial=True)
            if cur.head.i == cur.i:
                break
            cur = cur.head
        # no speech verb above: the subject of the main clause made the claim
        subj = next((c for c in cur.children if c.dep_ in _SUBJECTS), None)
        if subj is None or i0 <= subj.i <= i1:
            return None
        return _Attribution(None, _phrase(subj), subj, partial=True)


def _cue_span(verb: Any) -> tuple[int, int]:
    """The cue verb with its particle ("pointed out"), as characters."""
    end = verb.idx + len(verb.text)
    for child in verb.rights:
        if child.dep_ == "prt" and child.i == verb.i + 1:
            end = child.idx + len(child.text)
    return verb.idx, end


def _clause_after(toks: list[Any]) -> list[Any]:
    out = []
    for t in toks:
        if t.text in _TERMINALS or t.text in ("“", '"', "''", "«", ":"):
            break
        out.append(t)
    return out


def _clause_before(toks: list[Any]) -> list[Any]:
    for j in range(len(toks) - 1, -1, -1):
        if toks[j].text in _TERMINALS:
            return toks[j + 1 :]
    return toks


# --- the component --------------------------------------------------------------------------


def _after_title_word(text: str, seg: _Seg, lex: QuoteLexicon) -> bool:
    """'the film "The Long Road"', 'a book titled "Notes"': a title, not a statement."""
    prev = text[max(0, seg.open - 30) : seg.open].split()
    return bool(prev) and prev[-1].lower().strip(",:") in lex.title_words


def _title_case(content: str) -> bool:
    """A short Title-Case quoted name ("State of the Union") rather than a sentence."""
    words = content.strip(" ,.").split()
    if not words or len(words) > 8 or any(ch in content for ch in "!?;"):
        return False
    big = [w for w in words if len(w) > 3]
    return bool(big) and all(w[0].isupper() for w in big) and words[0][0].isupper()


def _continues(text: str, prev_close: int, open_: int) -> bool:
    """True when at most one paragraph break separates this quote from the previous one."""
    gap = text[prev_close:open_]
    return gap.count("\n") - gap.count("\n\n") <= 1 and gap.count("\n\n") <= 1 and len(gap) < 400


def annotate_quotes(doc: AnnotatedDoc, lex: QuoteLexicon, quoter: _Quoter) -> None:
    text = doc.text
    parsed = doc.nlp
    st = _State(doc, [t.idx for t in parsed])
    segs = find_quoted(text)
    st.segs = segs
    st.quoted = [(s.open, s.close + 1) for s in segs]
    resolver = _Resolver(doc, lex, st.in_quote)
    found: list[tuple[int, int, bool, tuple[int, int] | None, Actor | None]] = []
    # the last kept direct quote: (cue, speaker, position of its closing mark)
    last: tuple[tuple[int, int] | None, Actor | None, int] | None = None
    pending: list[tuple[int, int, bool, tuple[int, int] | None, Actor | None]] = []

    for k, seg in enumerate(segs):
        start, end = _trim(text, seg.start, seg.end, " \t\r\n,")
        if end <= start:
            continue
        att = quoter.attribute(st, segs, k)
        if att is None or _after_title_word(text, seg, lex):
            continue
        content = text[start:end]
        cue, speaker = att.cue, None
        if att.speaker is not None:
            speaker = resolver.speaker(*att.speaker, att.speaker_head)
        elif cue is None and last is not None and _continues(text, last[2], seg.open):
            # '"A," she said. "B."' or a bare quote paragraph right after a quote: the same
            # attribution goes on (one statement in several pieces)
            cue, speaker = last[0], last[1]
        short = _words(content) <= lex.scare_max_words
        if (cue is None or att.partial) and (short or _title_case(content)):
            # scare quotes and quoted names are not statements; a governing speech verb
            # ("described the raid as a 'success'") is left to the reported-speech pass
            continue
        if cue is None and speaker is None and _words(content) < 6:
            continue  # an unattributed fragment; a full unattributed sentence is still kept
        if att.partial and att.cue_token is not None:
            # 'Sanchez said the plan would "protect families"': the claim is the whole clause
            # the speech verb reports; the reported-speech pass takes it, quote marks and all
            pending.append((start, end, True, cue, speaker))
            continue
        if att.cue_token is not None:
            st.used_cues.add(att.cue_token.i)
        if not att.partial:  # a fragment inside narrative does not open a continued quote
            last = (cue, speaker, seg.close)
        found.append((start, end, True, cue, speaker))

    n_direct = len(found)
    _reported(st, lex, resolver, found)
    # partial quotes whose clause the reported pass could not delimit stay as they are
    reported = [(f[0], f[1]) for f in found[n_direct:]]
    found.extend(p for p in pending if not any(s < p[1] and p[0] < e for s, e in reported))
    found.sort(key=lambda f: (f[0], f[1]))
    for start, end, direct, cue, speaker in found:
        sent = doc.sentence_index(start)
        doc.quotes.append(
            Quote(
                start=start,
                end=end,
                text=text[start:end],
                direct=direct,
                cue=Span(cue[0], cue[1], text[cue[0] : cue[1]]) if cue else None,
                speaker=speaker,
                sentence=sent,
                mentions=resolver.mentions(start, end),
            )
        )


def _reported(st: _State, lex: QuoteLexicon, resolver: _Resolver, found: list[Any]) -> None:
    """Indirect speech from cue verbs, 'according to X' and 'Name: claim' headlines."""
    doc, text = st.doc, st.doc.text
    taken = [(f[0], f[1]) for f in found]
    # a clause may start at the opening mark or just after it
    segs_by_start = {pos: seg for seg in st.segs for pos in (seg.open, seg.start)}
    for tok in doc.nlp:
        if tok.i in st.used_cues or st.in_quote(tok.idx):
            continue
        if tok.lower_ == "according":
            to = next((c for c in tok.children if c.lower_ == "to"), None)
            objs = [c for c in to.children if c.dep_ == "pobj"] if to is not None else []
            span = _according_content(tok)
            if to is None or span is None or not objs:
                continue
            speaker_tok, frags, cue = objs[0], [span], (tok.idx, to.idx + len(to.text))
        elif (
            tok.pos_ == "VERB"
            and tok.lemma_.lower() in lex.cue_verbs
            and tok.dep_ not in ("amod", "compound", "nmod")  # "pledged delegates", "so-called"
        ):
            speaker_tok = _subject(tok)
            if speaker_tok is not None and speaker_tok.dep_ == "nsubjpass":
                # "this was stated by X": the speaker is the agent; with none there is no speaker
                agent = next((c for c in tok.children if c.dep_ == "agent"), None)
                speaker_tok = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
            if speaker_tok is None or st.in_quote(speaker_tok.idx):
                continue
            content = _verb_content(tok, lex)
            if content is None:
                continue
            frags, cue = content
        else:
            continue
        frags = [f for f in (_balance(text, *_trim(text, *f)) for f in frags) if f[1] > f[0]]
        if not frags or any(s < f[1] and f[0] < e for f in frags for s, e in taken):
            continue
        speaker = resolver.speaker(*_phrase(speaker_tok), speaker_tok)
        for start, end in frags:
            # 'Ryan said "they have no place here."': a clause that is one quotation is a
            # direct quote (content without the marks); one that opens with a mark is direct too
            seg = segs_by_start.get(start)
            if seg is not None and seg.end - 2 <= end <= seg.close + 1:
                found.append((*_trim(text, seg.start, seg.end, " \t\r\n,"), True, cue, speaker))
            else:
                found.append((start, end, seg is not None, cue, speaker))
            taken.append((start, end))
    _headlines(st, lex, resolver, found, taken)


def _balance(text: str, start: int, end: int) -> tuple[int, int]:
    """Extend a clause that ends inside a quotation to take in the closing mark ('... bills.”')."""
    piece = text[start:end]
    if piece.count("“") > piece.count("”") or piece.count('"') % 2:
        for j in range(end, min(end + 3, len(text))):
            if text[j] in '”"':
                return start, j + 1
    return start, end


def _span_of(toks: list[Any]) -> tuple[int, int] | None:
    if not toks:
        return None
    first, last = min(toks, key=lambda t: t.i), max(toks, key=lambda t: t.i)
    return first.idx, last.idx + len(last.text)


def _runs(toks: list[Any]) -> list[tuple[int, int]]:
    """Character spans of the runs of consecutive tokens, ignoring punctuation-only runs."""
    runs: list[list[Any]] = []
    for t in sorted(toks, key=lambda t: t.i):
        if runs and runs[-1][-1].i == t.i - 1:
            runs[-1].append(t)
        else:
            runs.append([t])
    spans = []
    for r in runs:
        while r and r[-1].is_punct:
            r.pop()
        while r and r[0].is_punct:
            r.pop(0)
        if r:
            spans.append((r[0].idx, r[-1].idx + len(r[-1].text)))
    return spans


Content = tuple[list[tuple[int, int]], tuple[int, int]]  # content fragments, cue span


def _verb_content(verb: Any, lex: QuoteLexicon) -> Content | None:
    """What a cue verb reports, as fragments, and the cue span (verb, particle, preposition)."""
    lemma = verb.lemma_.lower()
    cue = _cue_span(verb)
    ccomp = [c for c in verb.children if c.dep_ == "ccomp"]
    if ccomp:
        # "said that X and noted that Y" / "..., adding Y": the parser may hang the second
        # report inside the first; it is a claim of its own, so the first content stops there
        toks = list(ccomp[0].subtree)
        for c in ccomp[0].children:
            if c.dep_ in ("conj", "advcl") and c.lemma_.lower() in lex.cue_verbs and c.i > ccomp[0].i:
                cut = c.left_edge.i
                if cut > 0 and c.doc[cut - 1].dep_ == "cc":
                    cut -= 1
                toks = [t for t in toks if t.i < cut]
                break
        return [_span_of(toks)], cue  # type: ignore[list-item]
    # "X happened, sources said" / "In his state, Christie said, offenders are ...": the
    # clause the cue hangs off as a parenthetical (set off by a comma), minus the cue clause
    head = verb.head
    if verb.dep_ in ("ccomp", "parataxis") and head.pos_ in ("VERB", "AUX") and head.i != verb.i:
        doc = verb.doc
        left, right = verb.left_edge.i, verb.right_edge.i
        marks = (",", "—")  # the commas may hang off the cue verb or off the clause
        comma = (
            doc[left].text in marks
            or doc[right].text in marks
            or (left > 0 and doc[left - 1].text in marks)
            or (right + 1 < len(doc) and doc[right + 1].text in marks)
        )
        if comma:
            inner = {t.i for t in verb.subtree}
            return _runs([t for t in head.subtree if t.i not in inner]), cue
    parts: list[Any] = []
    objects = [c for c in verb.rights if c.dep_ in lex.content_deps]
    for c in objects:
        parts.extend(c.subtree)
    preps = lex.prep_content.get(lemma, frozenset())
    for c in verb.rights:
        if c.dep_ == "prep" and c.lower_ in preps:
            objs = [o for o in c.children if o.dep_ in ("pobj", "pcomp")]
            if parts or not objs:
                parts.extend(c.subtree)  # "accused X of Y": the object and the charge
            else:  # "spoke about X": the preposition belongs to the cue, X is the content
                parts.extend(t for o in objs for t in o.subtree)
                cue = (cue[0], c.idx + len(c.text))
            break
    span = _span_of(parts)
    return ([span], cue) if span else None


def _according_content(tok: Any) -> tuple[int, int] | None:
    """'According to X, Y.' -> Y: the clause the phrase attaches to, minus the phrase."""
    head = tok.head
    phrase = {t.i for t in tok.subtree}
    rest = [t for t in head.subtree if t.i not in phrase and not t.is_punct]
    if not rest:
        return None
    before = [t for t in rest if t.i < tok.i]
    after = [t for t in rest if t.i > tok.i]
    return _span_of(after if len(after) >= len(before) else before)


def _headlines(
    st: _State, lex: QuoteLexicon, resolver: _Resolver, found: list[Any], taken: list[Any]
) -> None:
    """'Zelensky: we will return Crimea' -> content after the colon, speaker before it.

    Only a short name before the colon qualifies (a PERSON entity, or two or three proper
    nouns), so "Poll: ...", "Watch: ..." and "https://" are left alone.
    """
    text = st.doc.text
    persons = [(e.start, e.end) for e in st.doc.entities if e.label == "PERSON"]
    pos = 0
    while pos < len(text):
        nl = text.find("\n", pos)
        nl = len(text) if nl < 0 else nl
        colon = text.find(": ", pos, nl)
        if 0 < colon - pos <= 40 and not _inside(taken, colon + 2):
            toks = [t for t in _tokens(st, pos, colon) if not t.is_space]
            name_like = bool(toks) and (
                any(s <= toks[-1].idx < e for s, e in persons)
                or (len(toks) <= 3 and all(t.pos_ == "PROPN" for t in toks))
            )
            if (
                name_like
                and len(toks) <= 5
                and not any(t.lower_ in lex.headline_labels or t.like_num for t in toks)
            ):
                start, end = _trim(text, colon + 1, nl, _EDGE_PUNCT + ".")
                if _words(text[start:end]) >= 3 and text[start] not in _PAIRS:
                    head = toks[-1]
                    speaker = resolver.speaker(toks[0].idx, head.idx + len(head.text), head)
                    found.append((start, end, False, (colon, colon + 1), speaker))
                    taken.append((start, end))
        pos = nl + 1


@components.register("quotes")
def make_quotes(ctx: Context) -> Callable[[AnnotatedDoc], None]:
    lex: QuoteLexicon = ctx.resource("quotes_lexicon", load_quote_lexicon)
    quoter = _Quoter(lex)

    def quotes(doc: AnnotatedDoc) -> None:
        if doc.nlp is None:
            doc.warnings.append("quotes: no parse available")
            return
        annotate_quotes(doc, lex, quoter)

    return quotes
