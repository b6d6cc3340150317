"""Lexicon matching: which tokens are known names (people, bodies, countries, peoples) and role
words, as of the article's date, and the country the document is about.

Fills ``DocArrays.name_at`` and ``role_at`` (one ``Match`` per token, shared by a match's
tokens) and gives ``home_country``. Every exception below is a rule of docs/actors.md ("How
the layer reads a sentence").
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import replace

from ...knowledge.actors import NON_STATE_CODES, Named
from .lexicon import Match
from .tokens import DocArrays


def match_names(da: DocArrays) -> None:
    """Fill ``da.name_at`` with lexicon names, longest first, then drop those the context
    rules out (a context-dependent name without its body, a name inside a person's name, a
    surname that is someone else's)."""
    found = _scan_names(da)
    # Context-dependent names ("the Alliance" -> NATO) count only when their body appears.
    present = {m.value.canonical for m in found if not m.value.requires}
    named_here = _unlisted_full_names(da, found)
    for m in found:
        if m.value.requires and m.value.requires not in present:
            continue
        if m.value.kind in ("country", "capital") and in_person(da, m):
            continue  # "Michael Jordan" is a person, not Jordan
        if m.value.kind == "demonym" and in_person(da, m, first=True):
            continue  # "Karen Pierce": a given name, not the Karen people
        if (
            m.value.kind in ("person", "surname")
            and m.end - m.start == 1
            and (
                in_person(da, m, first=True)
                or other_given_name(da, m)
                or any(o == da.orth[m.start] and es <= m.start for o, es in named_here)
            )
        ):
            continue  # "Cameron Smith" is not David Cameron: a surname alias as a given name;
            # "Mark Rowley" is not Keith Rowley: another given name before the surname
        for j in range(m.start, m.end):
            da.name_at[j] = m


def _scan_names(da: DocArrays) -> list[Match]:
    """Every lexicon name in the text, left to right, longest first, each resolved as of the
    article's date; an all-capitals word ("MOSCOW") matches one-word names by its title case."""
    orth, n = da.orth, da.n
    found: list[Match] = []
    named: set[str] = set()  # listed people named in full so far
    i = 0
    while i < n:
        hit = None
        cands = da.lex.names.get(orth[i])
        if cands is None and da.caps[i]:  # "MOSCOW" in a dateline or headline
            cands = da.lex.names.get(da.lex.strings.add(da.lex.strings[orth[i]].title()))
            if cands is not None:
                cands = [c for c in cands if len(c[0]) == 1]
        for toks, value in cands or ():
            k = len(toks)
            if i + k <= n and tuple(orth[i : i + k]) == toks:
                resolved = resolve(da, value, i, named)
                if resolved is None:
                    continue  # a surname several people share, the date settling none
                hit = Match(i, i + k, resolved)
                break
        if hit and not inside_compound_name(da, hit):
            found.append(hit)
            if hit.value.kind == "person" and not hit.value.alias:
                named.add(hit.value.canonical)
            i = hit.end
        else:
            i += 1
    return found


def _unlisted_full_names(da: DocArrays, found: list[Match]) -> set[tuple[int, int]]:
    """ "Jan Novak ... Mr. Novak": a surname a full name in this document has, and that name
    is no listed person, is that person's, not a listed person's of the same surname.
    (surname ORTH, token where the full name starts) of each such PERSON entity."""
    named_here = set()
    for k, (es, ee) in da.ent_span.items():
        if (
            ee - es > 1
            and da.doc.entities[k].label == "PERSON"
            and is_given_name(da, ee - 2)
            and not any(
                m.start < ee and es < m.end and m.value.kind == "person" and m.end - m.start > 1
                for m in found
            )
        ):
            named_here.add((da.orth[ee - 1], es))
    return named_here


def resolve(
    da: DocArrays, value: Named, i: int, named: set[str] | frozenset[str] = frozenset()
) -> Named | None:
    """The entry as of the article's date: a person's office then, a party's standing. A
    surname several people share may be settled by the title before it ("President").
    A surname alone is first the person of that surname the document named in full before
    (``named``: "President Ali Abdullah Saleh ... Saleh said", whoever else had the name
    then); a surname that is as often a given name names no one else."""
    if not value.people and not value.periods:
        return value
    if value.alias:
        here = tuple(p for p in value.people if p.canonical in named)
        if here:
            return replace(value, people=here).resolve(da.day, titles_before(da, i))
        if value.context:
            return None  # "Hussein", "Charles": a given name, unless the full name came first
    if len(value.people) > 1:
        return value.resolve(da.day, titles_before(da, i))
    key = id(value)
    if key not in da.resolved:
        da.resolved[key] = value.resolve(da.day)
    return da.resolved[key]


def titles_before(da: DocArrays, i: int) -> list[str]:
    """The three words before token ``i``, lower-cased, without a full stop ("president")."""
    return [da.lex.strings[da.lower[j]].rstrip(".") for j in range(max(i - 3, 0), i)]


def in_person(da: DocArrays, m: Match, first: bool = False) -> bool:
    """Is the match part of a longer PERSON name (with ``first``, its first word)? (spaCy
    also tags bare "Benin" PERSON, and peoples like "Bosnian Serbs".)"""
    k = da.ent_at[m.start]
    # spaCy tags many people ORG ("Cameron Diaz"): for a person's given name either will do
    person = m.value.kind in ("person", "surname")
    if k is None or da.doc.entities[k].label not in (("PERSON", "ORG") if person else ("PERSON",)):
        return False
    start, end = da.ent_span[k]
    if not first:
        return end - start > m.end - m.start
    # a given name is followed by a surname, not by another people ("Bosnian Serbs")
    return start == m.start < m.end < end and not any(
        v.kind in ("demonym", "country")
        for j in range(m.end, end)
        for _, v in da.lex.names.get(da.orth[j], ())
    )


def other_given_name(da: DocArrays, m: Match) -> bool:
    """Does a capitalised name that is no title, role or known name stand before the
    surname in the same name ("Mark Rowley", "Mick Lynch")? Then it is someone else."""
    j = m.start - 1
    if j < 0 or not (da.head[j] == m.start or da.ent_at[j] == da.ent_at[m.start] is not None):
        return False
    return is_given_name(da, j)


def is_given_name(da: DocArrays, j: int) -> bool:
    """Is token ``j`` a given name: capitalised, no title, role or (non-person) known name?"""
    if j < 0 or da.tag[j] != "NNP":
        return False
    word = da.lex.strings[da.orth[j]]
    if not word[:1].isupper() or not word.replace("-", "").isalpha() or word in da.lex.words.honorifics:
        return False
    # a name that is itself a person's surname is a given name here ("Cameron Diaz")
    alone = any(
        len(toks) == 1 and v.kind not in ("person", "surname") for toks, v in da.lex.names.get(da.orth[j], ())
    )
    return not alone and da.lex.roles.get(da.lower[j]) is None


def inside_compound_name(da: DocArrays, m: Match) -> bool:
    """ "Interfax-Ukraine" is a news agency, not Ukraine: a name glued by a hyphen to an
    unknown word before it is part of another name. ("Russia-Ukraine" keeps both.)"""
    j = m.start
    if j < 2 or da.tag[j - 1] != "HYPH" or da.idx[j - 1] + 1 != da.idx[j]:
        return False
    before = da.lex.names.get(da.orth[j - 2], ())
    return not any(v.kind in ("country", "demonym", "capital") for _, v in before)


def match_roles(da: DocArrays) -> None:
    """Fill ``da.role_at`` with role words (data/actors_roles.tsv: "forces", "foreign minister"),
    longest first, never over a name; the last word may be inflected ("foreign ministers")."""
    lower, lemma, n, roles = da.lower, da.lemma, da.n, da.lex.roles
    i = 0
    while i < n:
        cands = None if da.name_at[i] else roles.get(lower[i]) or roles.get(lemma[i])
        hit = None
        for toks, value in cands or ():
            k = len(toks)
            if i + k > n or any(da.name_at[j] for j in range(i + 1, i + k)):
                continue
            # inner words must match exactly; the last may be inflected ("foreign ministers")
            last = i + k - 1
            if (
                toks[-1] in (lower[last], lemma[last])
                and all(lower[i + j] == toks[j] for j in range(k - 1))
                and (
                    not value.proper or all(da.lex.strings[da.orth[j]][:1].isupper() for j in range(i, i + k))
                )
            ):
                hit = Match(i, i + k, value)
                break
        if hit:
            for j in range(hit.start, hit.end):
                da.role_at[j] = hit
            i = hit.end
        else:
            i += 1


def home_country(da: DocArrays) -> str | None:
    """The country the document is about, if one clearly dominates its mentions (at least
    three, and half of all): "police" or "the interior minister" in a story about Turkey
    are Turkish unless the text says otherwise. Failing that, the country of the first
    dateline ("NAIROBI, Kenya (Wire) - Police fired tear gas" -> KEN COP): a wire story
    is filed from where it happens unless its text names another country as often."""
    counts: dict[str, int] = {}
    seen: set[int] = set()
    for m in da.name_at:
        if m is None or id(m) in seen or m.value.country in NON_STATE_CODES or not m.value.country:
            continue
        seen.add(id(m))
        counts[m.value.country] = counts.get(m.value.country, 0) + 1
    top = max(counts, key=counts.__getitem__) if counts else None
    if top is not None and counts[top] >= 3 and 2 * counts[top] >= sum(counts.values()):
        return top
    filed = dateline_country(da)
    if filed is not None and (not counts or counts.get(filed, 0) >= max(counts.values())):
        da.home_filed = True
        return filed
    return None


def dateline_country(da: DocArrays) -> str | None:
    """The country of the first wire dateline ("NAIROBI, Kenya (Wire) -"), if it names one."""
    if not da.datelines:
        return None
    start, end = da.datelines[0]
    for j in range(bisect_right(da.idx, start) - 1, da.n):
        if da.idx[j] >= end:
            break
        if da.idx[j] < start:
            continue
        if j in da.place_at:
            return da.place_at[j]
        m = da.name_at[j]  # without the places layer: "NAIROBI", "Kenya"
        if (
            m is not None
            and m.value.kind in ("country", "capital")
            and m.value.country not in NON_STATE_CODES
        ):
            return m.value.country
    return None
