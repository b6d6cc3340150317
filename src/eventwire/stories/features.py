"""What the story layer looks at in an article: weighted terms, a lead sentence, dates.

Terms are plain strings with a one-letter namespace so that a word, a named entity, a coded
actor and a resolved place never collide: ``w:strike``, ``e:kharkiv``, ``a:UKR-MIL``,
``p:706483``. Words come from the text itself, so clustering works on a bare Article; the
entity/actor/place layers, when other components have filled them, add the names that tell
two similar happenings apart (the same kind of event with different people or places).
"""

from __future__ import annotations

import functools
import hashlib
import math
import re
from collections import Counter
from datetime import date

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from ..knowledge.datelines import dateline_spans
from ..model import AnnotatedDoc

_WORD = re.compile(r"[^\W\d_][\w'’-]*[^\W_]|[^\W\d_]", re.UNICODE)
# Words that are frequent in news regardless of the happening; ENGLISH_STOP_WORDS lacks them.
_NEWS_STOP = frozenset(
    "said says say told according reported report reports reuters ap afp news year years "
    "time times people new just like week day today yesterday monday tuesday wednesday "
    "thursday friday saturday sunday".split()
)
STOPWORDS = frozenset(ENGLISH_STOP_WORDS) | _NEWS_STOP
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'“A-Z0-9])|\n+")

# Names weigh more than words: they are what separates two strikes, two trials, two quakes.
# Not much more: a name's words are counted as words too, and the shared main name of two
# happenings of one kind (one boxer's two title fights) must not outweigh the differing ones
# (every fold of a leave-topics-out cross-validation on ECB+ dev chose 1 or 2 over 3).
ENTITY_WEIGHT = 2.0
# Coded actors and resolved places repeat names the entity terms already carry; on ECB+ dev
# giving them more weight merged more different happenings (a shared country, a miscoded actor)
ACTOR_WEIGHT = 1.0
PLACE_WEIGHT = 1.0
DATE_WEIGHT = 2.0  # a month the article names ("June 13, 2013"): two quakes years apart differ
YEAR_WEIGHT = 1.0
# Figures the article states ("7.1", "1,500", "12"): two quakes, two patches, two title fights
# of one kind differ in their magnitudes, bulletin numbers and round counts, and undated
# archives (ECB+) have nothing else that is as specific.
NUMBER_WEIGHT = 1.0
NAMESPACE_WEIGHT = {
    "e": ENTITY_WEIGHT,
    "a": ACTOR_WEIGHT,
    "p": PLACE_WEIGHT,
    "d": DATE_WEIGHT,
    "y": YEAR_WEIGHT,
    "n": NUMBER_WEIGHT,
}

_MONTHS = {m: i for i, m in enumerate(
    "jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}  # fmt: skip
_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
# explicit calendar dates only ("June 13, 2013", "13 June 2013", "2013-06-13"): relative ones
# ("on Saturday") need the article date, which is the timex layer's job
_DATES = re.compile(
    rf"\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+((?:19|20)\d\d)\b"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+((?:19|20)\d\d)\b"
    r"|\b((?:19|20)\d\d)-(\d\d)-\d\d\b",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
# a figure not glued to letters ("MS13-097" is a name the entity layer sees); years are y: terms
_NUMBER = re.compile(r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\w,])|(?<![\w.,])\d+(?:\.\d+)?(?![\w])")
_TIMEX_MONTH = re.compile(r"^(\d{4})-(\d{2})")


def words(text: str) -> list[str]:
    """Lower-cased content words (no stopwords, no numbers, at least 3 letters)."""
    out = []
    for match in _WORD.finditer(text.lower()):
        w = match.group().replace("’", "'")
        if w.endswith("'s"):
            w = w[:-2]
        if len(w) > 2 and w not in STOPWORDS:
            out.append(w)
    return out


def doc_terms(doc: AnnotatedDoc) -> dict[str, float]:
    """Sublinear term frequencies (1 + ln tf) times the namespace weight, for one article."""
    counts: Counter[str] = Counter()
    title = doc.article.title
    if title:
        counts.update("w:" + w for w in words(title))
    counts.update("w:" + w for w in words(doc.text))
    weights = dict.fromkeys(counts, 1.0)

    names: Counter[str] = Counter()
    for ent in doc.entities:
        if ent.canonical:
            names["e:" + ent.canonical.lower()] += 1
        # the words of a name, so "Lohan" and "Lindsay Lohan" meet
        names.update("e:" + w for w in words(ent.text))
    for actor in doc.actors:
        if actor.canonical:
            names["a:" + actor.canonical] += 1
    for place in doc.places:
        if place.feature and place.feature.startswith("A.PCL"):
            continue  # a country is shared by too many unrelated happenings to tell stories apart
        if place.geonameid is not None:
            names[f"p:{place.geonameid}"] += 1
        elif place.name or place.text:
            names["p:" + (place.name or place.text).lower()] += 1
    names.update(date_terms(doc))
    if NAMESPACE_WEIGHT["n"]:
        names.update(number_terms(doc.text))
    for term in names:
        weights[term] = NAMESPACE_WEIGHT[term[0]]
    counts.update(names)
    return {t: weights[t] * (1.0 + math.log(c)) for t, c in counts.items()}


# Inflections a crude suffix stripper folds together, longest first; one suffix is taken off.
# The stem keeps at least STEM_MIN letters so short words ("uses", "bus") are left alone.
_SUFFIXES = (("ings", ""), ("ing", ""), ("ions", ""), ("ion", ""), ("ies", "y"), ("ied", "y"),
             ("ers", ""), ("er", ""), ("ed", ""), ("es", ""), ("s", ""))  # fmt: skip
STEM_MIN = 4


@functools.lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Fold a word's inflections: "bombs", "bombed", "bombing", "bomber" -> "bomb"; "convicted",
    "conviction" -> "convict". Topics need it: two happenings of one kind are told with the same
    words in different forms ("a church burned" / "fire burns warehouse"), while one happening's
    reports tend to repeat the very same forms, so stories keep the plain words."""
    if word.endswith("ss"):
        return word  # "press", "witness", "process" are not plurals
    for suffix, repl in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= STEM_MIN:
            word = word[: -len(suffix)] + repl
            break
    if len(word) > STEM_MIN and word[-1] == word[-2] and word[-1] not in "ls":
        word = word[:-1]  # "shipp(ed)" -> "ship", but "kill(ed)" stays "kill"
    if len(word) > STEM_MIN and word.endswith("e"):
        word = word[:-1]  # "escape" / "escap(ed)"
    return word


def stem_vector(vec: dict[str, float]) -> dict[str, float]:
    """A unit vector with its ``k:`` words folded to stems, weights of one stem added up.
    Folding after the tf-idf weighing, not before, lets a rarer form keep its own idf: on ECB+
    dev, stemming the terms before weighing them gave topic F1 0.966 against 0.986."""
    out: dict[str, float] = {}
    for term, w in vec.items():
        key = "k:" + stem(term[2:]) if term.startswith("k:") else term
        out[key] = out.get(key, 0.0) + w
    norm = math.sqrt(sum(w * w for w in out.values())) or 1.0
    return {t: w / norm for t, w in out.items()}


# The topic level reads what kind of happening an article reports. News is written as an inverted
# pyramid: the headline and the first sentences say what happened, the body drifts into
# background, reactions and earlier cases, which is where two kinds of happening (a sentencing, a
# jailbreak) share their vocabulary. So the lead's words count LEAD_WEIGHT times. On ECB+ dev
# (benchmarks/stories.py) topic B-cubed F1 went from 0.961 to 0.986 (0.985 on held-out topics);
# leads of 1-3 sentences weighted 2-4 times gave 0.986 at a topic threshold of 0.15 in most
# settings, 4-5 sentences blurred it again (0.95-0.97).
LEAD_SENTENCES = 2
LEAD_WEIGHT = 3.0
LEAD_MIN_WORDS = 4  # a "sentence" with fewer content words is a header, byline or time stamp


def kind_terms(doc: AnnotatedDoc) -> dict[str, float]:
    """Stemmed content words as ``k:`` terms, the headline and lead counting ``LEAD_WEIGHT``
    times: what the topic level (the kind of happening) clusters on."""
    counts: Counter[str] = Counter()
    if doc.article.title:
        for w in words(doc.article.title):
            counts["k:" + w] += LEAD_WEIGHT
    text = doc.text
    parts = (text[s.start : s.end] for s in doc.sentences) if doc.sentences else _SENTENCE_END.split(text)
    lead = 0
    for part in parts:
        found = words(part)
        weight = LEAD_WEIGHT if lead < LEAD_SENTENCES and len(found) >= LEAD_MIN_WORDS else 1.0
        if len(found) >= LEAD_MIN_WORDS:
            lead += 1
        for w in found:
            counts["k:" + w] += weight
    return {t: 1.0 + math.log(c) for t, c in counts.items()}


def number_terms(text: str) -> list[str]:
    """Figures in the text as ``n:`` terms; years and single digits (dates, ordinals, counts
    every story has) are left out."""
    out = []
    for m in _NUMBER.finditer(text):
        num = m.group().replace(",", "")
        if len(num) < 2 or _YEAR.fullmatch(num):
            continue
        out.append("n:" + num)
    return out


def date_terms(doc: AnnotatedDoc) -> list[str]:
    """Months (``d:2013-06``) and years (``y:2013``) the article names, from the timex layer
    when it is there, else from explicit calendar dates in the text."""
    out = []
    for tx in doc.timexes:
        m = _TIMEX_MONTH.match(tx.value or "") if tx.type == "DATE" else None
        if m:
            out += [f"d:{m.group(1)}-{m.group(2)}", f"y:{m.group(1)}"]
    if not doc.timexes:
        for m in _DATES.finditer(doc.text):
            if m.group(1):
                out.append(f"d:{m.group(2)}-{_MONTHS[m.group(1)[:3].lower()]:02d}")
            elif m.group(3):
                out.append(f"d:{m.group(4)}-{_MONTHS[m.group(3)[:3].lower()]:02d}")
            else:
                out.append(f"d:{m.group(5)}-{m.group(6)}")
        out += ["y:" + y for y in _YEAR.findall(doc.text)]
    return out


def lead_sentence(doc: AnnotatedDoc, limit: int = 300) -> str:
    """The article's first real sentence (its lead), from the sentence layer when present."""
    text = doc.text
    if doc.sentences:
        candidates = (text[s.start : s.end] for s in doc.sentences[:4])
    else:
        candidates = (part for part in _SENTENCE_END.split(text[:2000]))
    first = ""
    for cand in candidates:
        cand = " ".join(cand.split())
        # a story title reads "NATO foreign ministers ended ...", not "BUCHAREST, Nov 30 (Wire) - NATO ..."
        dateline = next(iter(dateline_spans(cand)), None)
        if dateline is not None and dateline[0] == 0:
            cand = cand[dateline[1] :]
        first = first or cand
        if len(words(cand)) >= 5:  # skip bylines, datelines and stray headers
            return cand[:limit]
    return first[:limit]


def article_day(doc: AnnotatedDoc) -> int | None:
    """The article date as a day ordinal (None when the article is undated)."""
    d = doc.article.date
    return d.toordinal() if isinstance(d, date) else None


def stable_id(prefix: str, key: str) -> str:
    """A short id that is the same in every process (Python's hash() is salted per process)."""
    return prefix + hashlib.blake2b(key.encode(), digest_size=6).hexdigest()
