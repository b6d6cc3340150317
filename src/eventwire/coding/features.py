"""Classifier features for a trigger and its source/target pair, and the PLV label helpers.

Shared by the pipeline (coding.coder) and scripts/train_events.py, so training and coding
compute exactly the same features.
"""

from __future__ import annotations

from typing import Any

from ..knowledge.ontology import Ontology

# PLV training data merges CONCEDE and RETREAT into YIELD; the classifier predicts YIELD.
YIELD_TYPES = ("CONCEDE", "RETREAT")
FUTURE_AUX = frozenset({"will", "would", "'ll", "wo", "shall"})


def clf_label(type_: str) -> str:
    return "YIELD" if type_ in YIELD_TYPES else type_


def readings_of(tok: Any, onto: Ontology) -> list[tuple[str, str | None]]:
    """Lexicon readings of one token, phrase readings first ("call on", "place responsibility")."""
    out: list[tuple[str, str | None]] = []
    lemma = tok.lemma_.lower()
    for child in tok.children:
        if child.dep_ in ("prt", "prep", "dobj", "attr", "acomp"):
            # an object may be the last of a list ("launched artillery, mortar and rocket fire")
            objs = (child, *child.conjuncts) if child.dep_ in ("dobj", "attr") else (child,)
            for obj in objs:
                key = f"{lemma} {obj.lemma_.lower()}"
                if key in onto.phrases:
                    out.append(onto.phrases[key])
                    break
    if out:  # a phrase reading decides: "call on/for" is a REQUEST, never a phone call
        return out
    if tok.pos_ in ("VERB", "AUX") or verbal_noun(tok):
        out.extend(onto.verbs.get(lemma, ()))
    if tok.pos_ in ("NOUN", "PROPN"):
        out.extend(r for r in onto.nouns.get(lemma, ()) if r not in out)
    return out


def verbal_noun(tok: Any) -> bool:
    """A noun with a subject or an object: a verb the tagger misread, as in headlines ("Hong
    Kong police arrest 53 democrats", "Al Shabaab gunmen storm a mall")."""
    return tok.pos_ in ("NOUN", "PROPN") and any(c.dep_ in ("nsubj", "dobj") for c in tok.children)


def _path_to_root(tok: Any) -> list[Any]:
    path = [tok]
    while path[-1].head.i != path[-1].i and len(path) < 30:
        path.append(path[-1].head)
    return path


def pair_features(trigger: Any, src: Any | None, tgt: Any | None, onto: Ontology) -> dict[str, float]:
    """Sparse features for classifying the event a trigger expresses between src and tgt
    (spaCy Spans or None). Designed to be cheap: one pass over the sentence."""
    f: dict[str, float] = {}
    sent = trigger.sent
    lem = trigger.lemma_.lower()
    f[f"lem={lem}"] = 1.0
    f[f"pos={trigger.pos_}"] = 1.0
    for t, _m in readings_of(trigger, onto):
        f[f"rt={t}"] = 1.0
        f[f"rt={t}|{trigger.pos_}"] = 1.0
    for c in trigger.children:
        if c.dep_ in ("prep", "prt", "dobj", "xcomp", "ccomp", "neg", "aux", "auxpass", "dative"):
            f[f"ch={c.dep_}:{c.lemma_.lower()}"] = 1.0
            f[f"lch={lem}:{c.lemma_.lower()}"] = 1.0
            for t, _m in readings_of(c, onto):
                f[f"cht={c.dep_}:{t}"] = 1.0
    gov = trigger.head
    if gov.i != trigger.i:
        f[f"gov={gov.lemma_.lower()}"] = 1.0
        f[f"govdep={trigger.dep_}"] = 1.0
        for t, _m in readings_of(gov, onto):
            f[f"govt={t}"] = 1.0
    src_ids = set(range(src.start, src.end)) if src is not None else set()
    tgt_ids = set(range(tgt.start, tgt.end)) if tgt is not None else set()
    lo = min([trigger.i, *(src_ids or [trigger.i]), *(tgt_ids or [trigger.i])])
    hi = max([trigger.i, *(src_ids or [trigger.i]), *(tgt_ids or [trigger.i])])
    prev = "<s>"
    for tok in sent:
        if tok.i in src_ids or tok.i in tgt_ids:
            w = "SRC" if tok.i in src_ids else "TGT"
            if w == prev:
                continue
        elif tok.is_punct or tok.like_num:
            continue
        else:
            w = tok.lemma_.lower()
        f[f"w={w}"] = 1.0
        f[f"bg={prev}_{w}"] = 1.0
        if lo <= tok.i <= hi and w not in ("SRC", "TGT"):
            f[f"b={w}"] = 1.0
            for t, _m in readings_of(tok, onto):
                f[f"bt={t}"] = f.get(f"bt={t}", 0.0) + 1.0
        else:
            for t, _m in readings_of(tok, onto):
                f[f"st={t}"] = 1.0
        prev = w
    for name, span in (("s", src), ("t", tgt)):
        if span is None:
            f[f"{name}=none"] = 1.0
            continue
        root = span.root
        f[f"{name}dep={root.dep_}"] = 1.0
        f[f"{name}lem={root.lemma_.lower()}"] = 1.0  # "troops", "aid", "protesters"
        for t, _m in readings_of(root, onto):
            f[f"{name}rt={t}"] = 1.0
        f[f"{name}dep={root.dep_}|{lem}"] = 1.0
        if root.dep_ == "pobj":
            f[f"{name}prep={root.head.lemma_.lower()}"] = 1.0
            f[f"{name}prep={root.head.lemma_.lower()}|{root.head.head.lemma_.lower()}"] = 1.0
        # dependency path from the argument up to the trigger (or to the sentence root)
        path = [t.dep_ for t in _path_to_root(root)[:4]]
        f[f"{name}path={'/'.join(path)}"] = 1.0
        f[f"{name}ent={root.ent_type_ or 'none'}"] = 1.0
    if src is not None and tgt is not None:
        f["order=" + ("st" if src.start < tgt.start else "ts")] = 1.0
    # words near the trigger, and negation combined with the trigger's readings ("never recognize")
    doc = trigger.doc
    for tok in doc[max(sent.start, trigger.i - 3) : min(sent.end, trigger.i + 4)]:
        if tok.i != trigger.i and not tok.is_punct:
            f[f"win={tok.lemma_.lower()}"] = 1.0
    neg = any(c.dep_ == "neg" for c in trigger.children) or any(
        c.dep_ == "neg" for c in trigger.head.children if trigger.dep_ in ("xcomp", "dobj")
    )
    if neg:
        f["neg"] = 1.0
        for t, _m in readings_of(trigger, onto):
            f[f"neg|rt={t}"] = 1.0
    # an announced action: PLOVER codes "will boycott" / "will begin an operation" as THREATEN
    # and "will provide aid" as AGREE, so the future combined with the reading is informative
    gov_chain = [trigger, trigger.head] if trigger.dep_ in ("xcomp", "ccomp") else [trigger]
    if any(c.dep_ == "aux" and c.lower_ in FUTURE_AUX for t in gov_chain for c in t.children):
        f["fut"] = 1.0
        for t, _m in readings_of(trigger, onto):
            f[f"fut|rt={t}"] = 1.0
    return f


def pair_trigger(src: Any, tgt: Any, onto: Ontology) -> Any:
    """The token that links a marked source and target: a lexicon token on the dependency
    path between them if any, else their lowest common ancestor (used for training)."""
    ps, pt = _path_to_root(src.root), _path_to_root(tgt.root)
    ids_t = {t.i for t in pt}
    lca = next((t for t in ps if t.i in ids_t), ps[-1])
    path = ps[: ps.index(lca) + 1] + pt[: [t.i for t in pt].index(lca.i)]
    inside = set(range(src.start, src.end)) | set(range(tgt.start, tgt.end))
    lex = [t for t in path if readings_of(t, onto) and t.i not in inside]
    if lex:
        return min(lex, key=lambda t: abs(t.i - lca.i))
    # "Canada and Costa Rica have agreed": the pair meet inside an argument; climb to its verb
    while (lca.i in inside or lca.pos_ not in ("VERB", "AUX")) and lca.head.i != lca.i:
        if lca.i not in inside and readings_of(lca, onto):
            break
        lca = lca.head
    # "X says it will begin an operation against Y": the reported clause holds the event
    if lca.lemma_.lower() in onto.modality.get("attribution_verbs", ()):
        for c in lca.children:
            if c.dep_ in ("ccomp", "xcomp"):
                lexical = [t for t in c.subtree if readings_of(t, onto) and t.i not in inside]
                return lexical[0] if lexical else c
    return lca


def masked_sentence(sent: Any, src: Any | None, tgt: Any | None) -> str:
    """The sentence with the source and target replaced by SRC / TGT (the text view's input)."""
    text, base = sent.text, sent.start_char
    spans = [
        (s.start_char - base, s.end_char - base, name)
        for s, name in ((src, "SRC"), (tgt, "TGT"))
        if s is not None
    ]
    for a, b, name in sorted(spans, reverse=True):
        if 0 <= a < b <= len(text):
            text = f"{text[:a]} {name} {text[b:]}"
    return text
