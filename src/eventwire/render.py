"""Terminal rendering of an annotated document (for `eventwire show`), with rich."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text

from .model import AnnotatedDoc

STYLES = {
    "quote": "italic yellow",
    "entity": "cyan",
    "place": "bold green",
    "timex": "magenta",
    "trigger": "bold white on red",
}


def _who(actor: object | None) -> str:
    if actor is None:
        return ""
    canonical = getattr(actor, "canonical", None) or getattr(actor, "text", "")
    code = "/".join(x for x in (getattr(actor, "country", None), getattr(actor, "sector", None)) if x)
    return f"{canonical} ({code})" if code else canonical


def render_doc(doc: AnnotatedDoc) -> Group:
    a = doc.article
    body = Text(a.text)
    # Later stylize calls win where spans overlap: broad layers first, triggers last.
    for q in doc.quotes:
        body.stylize(STYLES["quote"], q.start, q.end)
    for e in doc.entities:
        body.stylize(STYLES["entity"], e.start, e.end)
    for p in doc.places:
        body.stylize(STYLES["place"], p.start, p.end)
    for t in doc.timexes:
        body.stylize(STYLES["timex"], t.start, t.end)
    for ev in doc.events:
        body.stylize(STYLES["trigger"], ev.trigger.start, ev.trigger.end)

    head = Text.assemble(
        (a.title or "(no title)", "bold"), "\n",
        (f"id {a.id} · {a.date or 'date unknown'} · {a.source or 'source unknown'} · {a.url or ''}", "dim"),
        "\n",
        ("legend: ", "dim"), *[(f"{k} ", v) for k, v in STYLES.items()],
    )  # fmt: skip
    parts: list = [head, Text(), body, Text()]
    if doc.events:
        t = Table(
            "type", "mode", "source", "target", "modality", "date", "place", "attributed to", title="events"
        )
        for ev in doc.events:
            t.add_row(
                ev.type, ev.mode or "", _who(ev.source), _who(ev.target), ev.modality, ev.date or "",
                (ev.place.name or ev.place.text) if ev.place else "", _who(ev.attributed_to),
            )  # fmt: skip
        parts.append(t)
    if doc.quotes:
        t = Table("speaker", "quote", "direct", title="quotes")
        for q in doc.quotes:
            t.add_row(
                _who(q.speaker), q.text[:120] + ("…" if len(q.text) > 120 else ""), "yes" if q.direct else ""
            )
        parts.append(t)
    if doc.timexes:
        parts.append(
            Text("dates: " + "; ".join(f"{t.text} = {t.value}" for t in doc.timexes), style="magenta")
        )
    if doc.tone is not None:
        parts.append(Text(f"tone {doc.tone:+.3f} (VADER compound, -1..1)", style="dim"))
    for w in doc.warnings:
        parts.append(Text(f"warning: {w}", style="red"))
    return Group(*parts)
