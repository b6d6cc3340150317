"""Named entities (PERSON / ORG / GPE) on the news documents of GUM, exact-span F1.

Data: ``shared/data/ner/gum_news`` (the 24 Wikinews documents of the Georgetown University
Multilayer corpus, UD syntax with nested entity and coreference annotation). GUM's own
partition is read from each document's XML (``<text partition=...>``): the figures are on the
``dev`` documents (homeopathic, iodine); ``--split train`` adds GUM's train documents as a
larger second sample (nothing in eventwire is trained on them). The two ``test`` documents are
never read.

GUM annotates every mention (pronouns, "the girls", "Australian children") with the type of
its referent; a named-entity tagger finds names. The gold names are derived as follows, the
same way for every document, and written down so the figures can be read:

1. A mention is a *name* when its syntactic head (the token whose head lies outside the
   mention) is a proper noun (UPOS PROPN), and, for a person, not a title ("the Director of
   the study").
2. The name's span is the run of capitalised tokens (and numbers) around the head inside the
   mention, joined across "of", "the", "and", "for", "&", "on" and name particles ("de",
   "van", "al", "-") when a capitalised token follows: "the University of Sydney" ->
   "University of Sydney", "Sydney's Royal Prince Alfred Hospital" -> "Royal Prince Alfred
   Hospital". A person's name joins only particles ("Nathan Law of Demosisto" -> "Nathan
   Law"), and no name runs on into a coordinated mention of the same kind ("the Irving School
   District and the Irving Police") or into a place after "of the" ("University of Sheffield
   of the UK"). Determiners and the possessive 's are never part of a name (OntoNotes, and
   eventwire's convention: "the EU" -> "EU").
3. A person's name starts after the last title word (``_TITLES``: "President", "Professor",
   "Dr.") or the last name of something else nested before it: "US President Barack Obama"
   -> "Barack Obama" (and "US" a place); OntoNotes leaves titles out of PERSON.
4. Types, GUM -> scored class:

   | GUM entity type | class | why |
   |---|---|---|
   | person | PERSON | a named person |
   | person, a one-word plural name (XPOS NNPS: "Afghans", "Muslims") | not scored | a people or creed: OntoNotes NORP |
   | organization | ORG | companies, agencies, teams, parties (GUM types a national football team named by its country ORG too: left as GUM has it) |
   | place | GPE | GUM does not tell countries and cities (OntoNotes GPE) from other locations (LOC) and buildings (FAC), so "GPE" here is every named place, and a predicted GPE, LOC or FAC counts as GPE |
   | any other (abstract, event, object, time, ...) | not scored | not among the three classes |

   A prediction of exactly the span of a name that is not scored (a journal GUM types
   "abstract", "Afghans") is ignored, neither right nor wrong: the type systems disagree
   there. Predicted NORP and the other OntoNotes labels are not scored.
5. Names nested inside a longer name are dropped (a flat tagger cannot give both): "United
   States Navy" (ORG) keeps only the ORG, while "US" before "President Barack Obama" stays,
   since step 3 leaves it outside the person's name.

The text of a document is its sentences joined by a space, paragraphs by a blank line, and the
lines of a figure caption (a caption and its credit) by a line break, as an article would read.

Scored: precision, recall and F1 per class and micro-averaged over the three, a prediction
counting only with identical character offsets and class. Systems (one row each):

* ``spacy``: the bare spaCy model eventwire loads (en_core_web_sm), its ``doc.ents``;
* ``before``: eventwire's ``entities`` layer as it was before issue #21 (options ``ruler``,
  ``tidy`` and ``consistent`` false: spaCy's spans less a leading "the"), alone and followed by
  the places layer (which relabels PERSON / ORG entities it finds to be places and adds places
  NER missed): ``doc.entities`` as eventwire output them;
* ``entities: ...``: the layer now, piece by piece: spans tidied; the entity ruler (the actor
  knowledge's people and bodies) after the NER, overwriting it, "longest" (shipped), with the
  generated surnames; without the one-label-per-name step; and, not shipped, the same names as
  spaCy's EntityRuler placed before the NER (which then predicts around them);
* ``now``: ``doc.entities`` as eventwire outputs them now (entities, then places).

The CPU time of the parse and of the entities layer per document is printed beside the
figures (the machine is shared), and the load time of the knowledge's names and of the ruler.
``--errors`` lists the misses of one system; ``--quick`` prints spaCy, before and now only.

    python benchmarks/entities.py [--data ../shared/data] [--split dev [train]] [--errors SYSTEM] [--quick]
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CLASSES = ("PERSON", "ORG", "GPE")
# predicted label -> scored class (see the table above)
_PREDICTED = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "GPE", "LOC": "GPE", "FAC": "GPE"}
_GUM_TYPES = {"person": "PERSON", "organization": "ORG", "place": "GPE"}
# words that join the capitalised words of one name ("University of Sydney", "Bosnia and
# Herzegovina", "Food Standards Australia-New Zealand") when a capitalised word follows
_PARTICLES = frozenset(
    {"de", "da", "di", "du", "la", "le", "von", "van", "der", "den", "al", "el", "bin", "ibn", "-"}
)
_JOINERS = _PARTICLES | {"of", "the", "and", "for", "&", "on"}
# titles before a person's name, which OntoNotes leaves out of PERSON (lower-case, no dot)
_TITLES = frozenset(
    """mr mrs ms miss dr prof professor president vice prime minister premier chancellor senator sen
    rep representative congressman congresswoman governor gov mayor secretary general gen colonel col
    lieutenant lt major maj captain capt commander admiral sergeant sgt officer detective inspector
    judge justice attorney king queen prince princess emperor pope cardinal archbishop bishop reverend
    rev father sister brother imam sheikh ayatollah lord lady sir dame chairman chairwoman chair ceo
    director chief spokesman spokeswoman spokesperson ambassador sheriff undersecretary emeritus commissioner deputy foreign defence defense
    interior finance health education justice minister state former late saint st""".split()
)
# "(3-organization-new-sssss-cf1-5-coref-Afghan_Girls_Robotics_Team", "(10-place-...)", "9)"
_ENTITY = re.compile(r"\((\d+)-([a-z]+)[^()]*(\))?|(\d+)\)")


@dataclass
class Token:
    form: str
    upos: str
    xpos: str
    head: int  # index into the document's tokens, -1 for a root
    start: int = 0  # character offsets in the document text
    end: int = 0


@dataclass
class Name:
    start: int  # character offsets
    end: int
    cls: str  # PERSON / ORG / GPE, or "" for a name that is not scored
    text: str


@dataclass
class Document:
    name: str
    partition: str
    text: str
    date: dt.date | None = None  # the Wikinews article's date (meta::dateCreated)
    gold: list[Name] = field(default_factory=list)  # scored names
    ignored: set[tuple[int, int]] = field(default_factory=set)  # spans a prediction may take freely


def text_at(parts: list[str], at: int, form: str, length: int) -> bool:
    """Does the text built so far (``parts``, ``length`` characters) read ``form`` at ``at``?"""
    tail = "".join(parts)[at:length]
    return tail.startswith(form)


def partition_of(xml: Path) -> str:
    head = xml.read_text("utf-8")[:2000]
    m = re.search(r'partition="([a-z]+)"', head)
    return m[1] if m else "unknown"


def read_conllu(path: Path, partition: str) -> Document:
    """One GUM document: its text (sentences joined by a space, paragraphs by a blank line),
    the tokens with their character offsets, and the derived gold names."""
    tokens: list[Token] = []
    mentions: list[tuple[int, int, str]] = []  # token start, end (exclusive), GUM type
    open_: dict[str, list[tuple[int, str]]] = {}
    parts: list[str] = []
    length = 0
    new_par = False
    sent_offset = 0
    mwt_end = 0  # last word id covered by the current multi-word token
    mwt_space = True
    created = None
    caption = False
    for line in path.read_text("utf-8").splitlines():
        if line.startswith("# meta::dateCreated = "):
            created = dt.date.fromisoformat(line.split("=", 1)[1].strip()[:10])
            continue
        if line.startswith("# newpar"):
            new_par = True
            caption = "caption" in line  # a caption and its credit line are lines of their own
            continue
        if line.startswith("# sent_id"):
            sent_offset = len(tokens)
            mwt_end = 0
            if parts:
                sep = "\n\n" if new_par else "\n" if caption else " "
                if parts[-1] == " ":  # the last token's trailing space gives way to the separator
                    parts.pop()
                    length -= 1
                parts.append(sep)
                length += len(sep)
            new_par = False
            continue
        if not line or line.startswith("#"):
            continue
        cols = line.split("\t")
        if "." in cols[0]:
            continue  # an empty node of the enhanced graph
        misc = cols[9]
        if "-" in cols[0]:  # a multi-word token: its surface is the form, its words follow
            mwt_end = int(cols[0].split("-")[1])
            parts.append(cols[1])
            length += len(cols[1])
            mwt_space = "SpaceAfter=No" not in misc
            mwt_start = length - len(cols[1])
            continue
        wid = int(cols[0])
        head = int(cols[6]) if cols[6].isdigit() else 0
        tok = Token(cols[1], cols[3], cols[4], sent_offset + head - 1 if head else -1)
        if wid <= mwt_end:  # a word inside a multi-word token: "Gloria's" = "Gloria" + "'s"
            at = mwt_start if not tokens or tokens[-1].end <= mwt_start else tokens[-1].end
            tok.start = at
            tok.end = at + len(cols[1]) if text_at(parts, at, cols[1], length) and wid < mwt_end else length
            if wid == mwt_end and mwt_space:
                parts.append(" ")
                length += 1
        else:
            tok.start = length
            parts.append(cols[1])
            length += len(cols[1])
            tok.end = length
            if "SpaceAfter=No" not in misc:
                parts.append(" ")
                length += 1
        i = len(tokens)
        tokens.append(tok)
        ent = next((f[7:] for f in misc.split("|") if f.startswith("Entity=")), None)
        if ent:
            for m in _ENTITY.finditer(ent):
                if m[1]:  # an opening bracket, closed at once when ")" follows its fields
                    if m[3]:
                        mentions.append((i, i + 1, m[2]))
                    else:
                        open_.setdefault(m[1], []).append((i, m[2]))
                else:
                    stack = open_.get(m[4])
                    if stack:
                        s, kind = stack.pop()
                        mentions.append((s, i + 1, kind))
    text = "".join(parts).rstrip()
    doc = Document(path.stem, partition, text, created)
    names = [n for n in (_name(tokens, m, mentions, text) for m in mentions) if n is not None]
    # a name inside a longer name is dropped: a flat tagger gives one of them
    names.sort(key=lambda n: (n.start, -(n.end - n.start)))
    kept: list[Name] = []
    for n in names:
        if any(k.start <= n.start and n.end <= k.end and (k.start, k.end) != (n.start, n.end) for k in kept):
            continue
        if any((k.start, k.end) == (n.start, n.end) for k in kept):
            continue  # the same span twice (an apposition of itself)
        kept.append(n)
    doc.gold = [n for n in kept if n.cls]
    doc.ignored = {(n.start, n.end) for n in kept if not n.cls}
    return doc


def _capital(t: Token) -> bool:
    return t.form[:1].isupper() or t.form[:1].isdigit() or t.upos == "PROPN"


def _head(tokens: list[Token], s: int, e: int) -> int | None:
    heads = [i for i in range(s, e) if not (s <= tokens[i].head < e)]
    return heads[0] if heads else None


def _word(t: Token) -> bool:
    """A word that can be part of a name: capitalised (or a number), no determiner or mark."""
    return (t.form[:1].isupper() or t.form[:1].isdigit() or t.upos == "PROPN") and t.upos not in (
        "DET",
        "PUNCT",
        "PART",
    )


def _name(
    tokens: list[Token], mention: tuple[int, int, str], mentions: list[tuple[int, int, str]], text: str
) -> Name | None:
    s, e, kind = mention
    h = _head(tokens, s, e)
    if h is None or tokens[h].upos != "PROPN":
        return None
    cls = _GUM_TYPES.get(kind, "")
    title = tokens[h].form.lower().rstrip(".") in _TITLES
    if cls == "PERSON" and title:
        return None  # "Director of the study", "the President": a role, not a name
    # a person's name has no "of" or "and" in it ("Nathan Law of Demosisto", "Ben Chan and
    # Leung Che-cheung" are a name and more); other names may ("University of Sydney")
    joiners = _PARTICLES if cls == "PERSON" else _JOINERS
    a = b = h  # inclusive
    while a - 1 >= s:
        if _word(tokens[a - 1]):
            a -= 1
        elif tokens[a - 1].form.lower() in joiners and a - 2 >= s and _word(tokens[a - 2]):
            a -= 2
        else:
            break
    while b + 1 < e:
        if _word(tokens[b + 1]):
            b += 1
            continue
        k = b + 1  # "of the American Revolution": over the joiners to the next capitalised word
        while k < e and tokens[k].form.lower() in joiners:
            k += 1
        if (
            k > b + 1
            and k < e
            and _word(tokens[k])
            # a coordinated name of the same kind starts there ("X and the Irving Police"), or
            # a place after "of the" ("University of Sheffield of the UK"): not this name
            and not any(
                b + 1 < ms <= k and (kd == kind or (kd == "place" and k - b > 2)) for ms, _, kd in mentions
            )
        ):
            b = k
        else:
            break
    if cls == "PERSON":
        # the name starts after a title ("President") or a name of something else before it
        # ("US President Barack Obama", "ambassador to the United States Hamdullah Mohib")
        cut = [i for i in range(a, b) if tokens[i].form.lower().rstrip(".") in _TITLES]
        cut += [me - 1 for ms, me, _ in mentions if s <= ms and a < me <= b and (ms, me) != (s, e)]
        if cut:
            a = max(cut) + 1
        if all(tokens[i].form.lower().rstrip(".") in _TITLES for i in range(a, b + 1)):
            return None
        if tokens[h].xpos == "NNPS" and a == h == b:
            cls = ""  # a people or creed ("Afghans"): NORP, not scored
    start, end = tokens[a].start, tokens[b].end
    return Name(start, end, cls, text[start:end])


def read_documents(root: Path, splits: tuple[str, ...]) -> list[Document]:
    docs = []
    for path in sorted((root / "dep").glob("GUM_news_*.conllu")):
        part = partition_of(root / "xml" / f"{path.stem}.xml")
        if part == "test" or part not in splits:
            continue  # GUM's test documents are never read
        docs.append(read_conllu(path, part))
    return docs


# --- systems and scoring ------------------------------------------------------------------------

Span = tuple[int, int, str]  # start, end, scored class


def _scored(spans: list[tuple[int, int, str]]) -> list[Span]:
    return [(s, e, _PREDICTED[label]) for s, e, label in spans if label in _PREDICTED]


def run_spacy(docs: list[Document], model: str) -> tuple[list[list[Span]], float]:
    """The bare spaCy model: its doc.ents, and the CPU seconds of the parse."""
    import spacy

    nlp = spacy.load(model)
    nlp("warm up")
    t = time.process_time()
    parsed = list(nlp.pipe(d.text for d in docs))
    cpu = time.process_time() - t
    return [_scored([(e.start_char, e.end_char, e.label_) for e in p.ents]) for p in parsed], cpu


class Runner:
    """eventwire pipelines over the documents, sharing one spaCy model and the knowledge."""

    def __init__(self) -> None:
        from eventwire import annotate  # noqa: F401  (registers the components)
        from eventwire.context import Context

        self.base = Context()
        t = time.perf_counter()
        self.base.nlp("warm up")
        self.spacy_load = time.perf_counter() - t

    def run(
        self, docs: list[Document], components: list[str], options: dict | None = None, nlp: object = None
    ) -> tuple[list[list[Span]], Counter]:
        """doc.entities after ``components``, and the CPU seconds of the parse and of each
        component (the first document's share of a lazily built resource included)."""
        from eventwire.context import Config, Context
        from eventwire.model import AnnotatedDoc, Article
        from eventwire.pipeline import Pipeline

        ctx = Context(Config(components=components, options=options or {}))
        ctx._cache = dict(self.base._cache)  # the loaded spaCy model and knowledge
        if nlp is not None:
            ctx._cache["spacy"] = nlp
        pipe = Pipeline(ctx=ctx)
        out: list[list[Span]] = []
        cpu: Counter = Counter()
        for d in docs:
            t = time.process_time()
            parsed = ctx.nlp(d.text)
            cpu["parse"] += time.process_time() - t
            doc = AnnotatedDoc(article=Article(d.name, d.text, date=d.date), nlp=parsed)
            for name, step in pipe.steps:
                t = time.process_time()
                step(doc)
                cpu[name] += time.process_time() - t
            out.append(_scored([(e.start, e.end, e.label) for e in doc.entities]))
        for key, value in ctx._cache.items():  # keep what this pipeline loaded for the next
            if key != "spacy":
                self.base._cache.setdefault(key, value)
        return out, cpu

    def ruler_before_ner(self, docs: list[Document]) -> list[list[Span]]:
        """The alternative not shipped: the same known names as spaCy's EntityRuler placed
        before the statistical NER (which then predicts around them), spans tidied alike."""
        import spacy

        from eventwire.annotate.entities import load_ruler

        ruler = load_ruler(self.base)
        strings = self.base.nlp.vocab.strings
        patterns = []
        for cands in ruler.patterns.values():
            for toks, label in cands:
                pat: list[dict] = [{"ORTH": strings[t]} for t in toks]
                if len(toks) == 1:
                    if toks[0] in ruler.stop:
                        continue
                    pat[0]["TAG"] = {"IN": ["NNP", "NNPS"]}
                patterns.append({"label": label, "pattern": pat})
        nlp = spacy.load(self.base.config.spacy_model)
        nlp.add_pipe("entity_ruler", before="ner").add_patterns(patterns)
        pred, _ = self.run(docs, ["entities"], {"entities": {"ruler": False}}, nlp=nlp)
        return pred


def score(docs: list[Document], predicted: list[list[Span]]) -> dict[str, tuple[int, int, int]]:
    """Per class and micro: (true positives, predicted, gold), exact offsets and class."""
    tally = {c: [0, 0, 0] for c in (*CLASSES, "micro")}
    for d, pred in zip(docs, predicted, strict=True):
        gold = {(n.start, n.end, n.cls) for n in d.gold}
        pred_set = {p for p in pred if (p[0], p[1]) not in d.ignored or p in gold}
        for c in CLASSES:
            g = {x for x in gold if x[2] == c}
            p = {x for x in pred_set if x[2] == c}
            for key in (c, "micro"):
                tally[key][0] += len(g & p)
                tally[key][1] += len(p)
                tally[key][2] += len(g)
    return {k: (v[0], v[1], v[2]) for k, v in tally.items()}


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def errors(docs: list[Document], predicted: list[list[Span]], label: str) -> None:
    print(f"== errors of {label} (- gold missed, + predicted wrongly)")
    for d, pred in zip(docs, predicted, strict=True):
        gold = {(n.start, n.end, n.cls) for n in d.gold}
        pred_set = {p for p in pred if (p[0], p[1]) not in d.ignored or p in gold}
        for s, e, c in sorted(gold - pred_set):
            print(f"  {d.name:22} - {c:6} {d.text[s:e]!r}")
        for s, e, c in sorted(pred_set - gold):
            print(f"  {d.name:22} + {c:6} {d.text[s:e]!r}")


def table(docs: list[Document], rows: list[tuple[str, list[list[Span]]]]) -> None:
    n_gold = Counter(n.cls for d in docs for n in d.gold)
    print(
        f"{len(docs)} documents ({', '.join(d.name.removeprefix('GUM_news_') for d in docs)}), "
        f"gold names: " + ", ".join(f"{c} {n_gold[c]}" for c in CLASSES)
    )
    print(f"  {'system':38} {'PERSON':>6} {'ORG':>6} {'GPE':>6}   {'micro P':>7} {'R':>6} {'F1':>6}")
    for label, pred in rows:
        s = score(docs, pred)
        f = {c: prf(*s[c])[2] for c in CLASSES}
        p, r, f1 = prf(*s["micro"])
        print(
            f"  {label:38} {f['PERSON']:6.3f} {f['ORG']:6.3f} {f['GPE']:6.3f}   {p:7.3f} {r:6.3f} {f1:6.3f}"
        )


def main() -> None:
    from eventwire.context import DEFAULT_SPACY_MODEL

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    ap.add_argument("--split", nargs="+", default=["dev"], choices=["dev", "train"])
    ap.add_argument(
        "--errors", choices=["spacy", "before", "eventwire"], help="list the misses of one system"
    )
    ap.add_argument("--quick", action="store_true", help="only spaCy, before and now (no variants)")
    args = ap.parse_args()
    root = args.data / "ner" / "gum_news"
    if not (root / "dep").is_dir():
        print(f"skipped: no GUM news data at {root} (shared/data/ner/gum_news)")
        return
    runner = Runner()
    places = ["entities", "timex", "places"]
    before = {"entities": {"ruler": False, "tidy": False, "consistent": False}}
    for split in args.split:
        docs = read_documents(root, (split,))
        if not docs:
            print(f"skipped: no GUM news documents in the {split} partition")
            continue
        print(f"== GUM news, {split} partition (PERSON / ORG / GPE, exact-span F1)")
        bare, _ = run_spacy(docs, DEFAULT_SPACY_MODEL)
        rows = [(f"spacy ({DEFAULT_SPACY_MODEL})", bare)]
        old_layer, old_cpu = runner.run(docs, ["entities"], before)
        old_full, _ = runner.run(docs, places, before)
        rows += [("before: entities layer", old_layer), ("before: eventwire (+ places)", old_full)]
        if not args.quick:
            for label, opts in (
                ("entities: spans tidied, no ruler", {"ruler": False}),
                ("entities: + ruler after NER", {"ruler": "after"}),
                ("entities: + ruler overwriting NER", {"ruler": "overwrite"}),
                ("entities: + ruler, longest (shipped)", {}),
                ("entities: + ruler with surnames", {"surnames": True}),
                ("entities: no consistency", {"consistent": False}),
            ):
                rows.append((label, runner.run(docs, ["entities"], {"entities": opts})[0]))
            rows.append(("entities: ruler before NER (spaCy)", runner.ruler_before_ner(docs)))
        now, now_cpu = runner.run(docs, places)
        rows.append(("now: eventwire (+ places)", now))
        table(docs, rows)
        parse = now_cpu["parse"]
        n = len(docs)
        print(
            f"  speed: parse {1000 * parse / n:.0f} ms/document (CPU); entities layer before "
            f"{1000 * old_cpu['entities'] / n:.1f} ms/document ({100 * old_cpu['entities'] / old_cpu['parse']:.1f}% "
            f"of the parse), now {1000 * now_cpu['entities'] / n:.1f} ms/document "
            f"({100 * now_cpu['entities'] / parse:.1f}% of the parse)"
        )
        if args.errors:
            errors(docs, {"spacy": bare, "before": old_full, "eventwire": now}[args.errors], args.errors)
        print()
    _load_times()


def _load_times() -> None:
    """Loading, in a fresh context: the actor knowledge with its names tokenised (shared by the
    entities and actors layers), and the ruler built from it."""
    from eventwire.annotate._names import name_index
    from eventwire.annotate.entities import Ruler
    from eventwire.context import Context

    ctx = Context()
    ctx.nlp("warm up")
    t = time.perf_counter()
    index = name_index(ctx)
    index_s = time.perf_counter() - t
    t = time.perf_counter()
    ruler = Ruler.build(index, ctx.nlp.vocab.strings)
    ruler_s = time.perf_counter() - t
    n = sum(len(v) for v in ruler.patterns.values())
    print(
        f"loading (wall): actor knowledge with its names tokenised {index_s:.2f} s (shared with the actors "
        f"layer), the entity ruler from it {1000 * ruler_s:.0f} ms ({n} names)"
    )


if __name__ == "__main__":
    main()
