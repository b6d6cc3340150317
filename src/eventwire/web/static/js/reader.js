// The article reader: the text with every annotation layer marked, and the evidence sentence
// of the chosen event highlighted. Offsets are string indices into doc.text (end-exclusive).
import { PRECISION_NAMES, QUAD_NAMES, esc, fmtNum, quadClass, relationText } from "./api.js";

const LAYERS = [["ent", "entities"], ["place", "places"], ["timex", "dates"], ["quote", "quotes"], ["event", "events"]];

const WITHHELD = {
  accident: "no actor named in the text does it, and the accident head reads an accident or disaster (events.accident_veto)",
};

function actorName(a) { return a ? a.canonical || a.text : "?"; }

function spansOf(doc, eventIdx) {
  const spans = [];
  for (const e of doc.entities || []) {
    spans.push([e.start, e.end, "m-ent", `${e.label}${e.canonical ? " → " + e.canonical : ""}${e.country ? " (" + e.country + ")" : ""}`]);
  }
  for (const p of doc.places || []) {
    const named = p.relation ? relationText(p.relation, p.distance_km, p.bearing, p.name) : p.name;
    const radius = p.radius_km ? ` ± ${Math.round(p.radius_km)} km` : "";
    spans.push([p.start, p.end, "m-place", p.name ? `place: ${named}${p.country ? ", " + p.country : ""}${p.lat != null ? ` (${p.lat.toFixed(2)}, ${p.lon.toFixed(2)}${radius})` : ""}` : "place (unresolved)"]);
  }
  for (const t of doc.timexes || []) spans.push([t.start, t.end, "m-timex", `${t.type}: ${t.value ?? "?"}`]);
  for (const q of doc.quotes || []) spans.push([q.start, q.end, "m-quote", `${q.direct ? "direct" : "indirect"} quote${q.speaker ? " by " + actorName(q.speaker) : ""}`]);
  (doc.events || []).forEach((e, i) => {
    spans.push([e.trigger.start, e.trigger.end, "m-trigger", `${e.type} (${QUAD_NAMES[e.quad_class] || "?"}): ${actorName(e.source)} → ${actorName(e.target)}`]);
    const s = doc.sentences[e.sentence];
    if (s && i === eventIdx) spans.push([s.start, s.end, "m-evidence", "evidence sentence of the selected event"]);
  });
  for (const w of doc.withheld || []) {
    spans.push([w.trigger.start, w.trigger.end, "m-withheld", `${w.type}, not coded: ${w.reason} (p = ${Number(w.probability).toFixed(2)})`]);
  }
  return spans.filter(([a, b]) => b > a);
}

// Split the text at every span boundary; each piece carries the classes of the spans covering it.
export function markup(text, spans) {
  const cuts = new Set([0, text.length]);
  for (const [a, b] of spans) { cuts.add(Math.max(0, Math.min(a, text.length))); cuts.add(Math.max(0, Math.min(b, text.length))); }
  const points = [...cuts].sort((x, y) => x - y);
  let html = "";
  for (let i = 0; i < points.length - 1; i++) {
    const a = points[i], b = points[i + 1];
    const cover = spans.filter(([s, e]) => s <= a && e >= b);
    const piece = esc(text.slice(a, b));
    if (!cover.length) { html += piece; continue; }
    const cls = [...new Set(cover.map((c) => c[2]))].join(" ");
    const title = cover.map((c) => c[3]).join("\n");
    const first = cover.some((c) => c[2] === "m-evidence" && c[0] === a) ? ' id="evidence"' : "";
    html += `<span class="${cls}" title="${esc(title)}"${first}>${piece}</span>`;
  }
  return html;
}

// The ACLED event type › sub-event type, and a "main" badge on its article's main event.
export function acledTags(acledType, subType, isMain) {
  const acled = acledType
    ? `<span class="tag acled" title="ACLED event type${subType ? " and sub-event type" : ""}">${esc(acledType)}${subType ? " › " + esc(subType) : ""}</span>`
    : "";
  return acled + (isMain ? ' <span class="tag main-event" title="the main event of its article">main</span>' : "");
}

export function eventLine(e) {
  const src = e.source_canonical || e.source_text, tgt = e.target_canonical || e.target_text;
  // an argument the text does not name (inferred from a place, say) is shown in italics
  const arg = (name, basis) =>
    basis ? `<i title="inferred (${esc(basis)}), not named as the argument">${esc(name || "?")}</i>` : esc(name || "?");
  const acled = acledTags(e.acled_type, e.acled_sub_type, e.main);
  return `<span class="badge ${quadClass(e.quad_class)}">${esc(e.type)}</span>${acled ? " " + acled : ""} ${arg(src, e.source_basis)} → ${arg(tgt, e.target_basis)}`;
}

export function renderArticle(box, titleEl, doc, eventIdx, onStory) {
  titleEl.textContent = "Article";
  const evIdx = eventIdx == null ? -1 : Number(eventIdx);
  const hidden = box.dataset.hidden ? box.dataset.hidden.split(",") : [];
  box.className = "body reader " + hidden.map((h) => "hide-" + h).join(" ");
  const layerToggles = LAYERS.map(([k, label]) =>
    `<label><input type="checkbox" data-layer="${k}" ${hidden.includes(k) ? "" : "checked"}> <span class="m-${k === "event" ? "trigger" : k}">${label}</span></label>`).join("");
  const events = (doc.events || []).map((e, i) => {
    const ids = doc.event_ids?.[String(i)];
    return `<div class="item ${i === evIdx ? "selected" : ""}" data-idx="${i}" tabindex="0">
      <div class="actors"><span class="badge ${quadClass(e.quad_class)}">${esc(e.type)}</span> ${acledTags(e.acled_type, e.acled_sub_type, doc.main_event === i)} ${esc(actorName(e.source))} → ${esc(actorName(e.target))}</div>
      <div class="meta">${e.modality && e.modality !== "asserted" ? `<span class="tag warn">${esc(e.modality)}</span>` : ""}
      ${e.place ? `<span>${esc(e.place.relation ? relationText(e.place.relation, e.place.distance_km, e.place.bearing, e.place.name || e.place.text) : e.place.name || e.place.text)}${e.place_precision ? ` <span class="tag prec prec${esc(e.place_precision)}" title="place precision: ${esc(PRECISION_NAMES[e.place_precision] || "")}">p${esc(e.place_precision)}</span>` : ""}</span>` : ""}<span>${esc(e.date || "")}</span>
      ${e.attributed_to ? `<span>according to ${esc(actorName(e.attributed_to))}</span>` : ""}
      ${ids && ids.mentions > 1 ? `<span>${fmtNum(ids.mentions)} mentions</span>` : ""}</div></div>`;
  }).join("");
  // candidate events left uncoded on purpose (an accident read as no attack), with the reason
  const withheld = (doc.withheld || []).map((w) => {
    const s = doc.sentences?.[w.sentence];
    const text = s ? (doc.text || "").slice(s.start, s.end) : w.trigger.text;
    return `<div class="item withheld"><div class="actors"><span class="tag warn" title="${esc(WITHHELD[w.reason] || w.reason)}">not coded: ${esc(w.reason)}</span>
      <span class="badge">${esc(w.type)}?</span> <b>${esc(w.trigger.text)}</b></div>
      <div class="meta"><span>p = ${Number(w.probability).toFixed(2)} ≥ ${Number(w.threshold).toFixed(2)}</span><span class="evidence-text">${esc(text)}</span></div></div>`;
  }).join("");
  box.innerHTML = `<h3>${esc(doc.title || "(untitled)")}</h3>
    <div class="sub">${esc(doc.date || "no date")} · ${esc(doc.source || "unknown outlet")} · ${langTag(doc.lang)}
    ${doc.url ? ` · <a class="link" href="${esc(doc.url)}" target="_blank" rel="noopener noreferrer">original</a>` : ""}
    ${doc.story_id ? ` · <button type="button" class="link" data-story="${esc(doc.story_id)}">story</button>` : ""}
    ${doc.tone != null ? ` · tone ${Number(doc.tone).toFixed(2)}` : ""}</div>
    <div class="layers">${layerToggles}</div>
    <div class="text">${markup(doc.text || "", spansOf(doc, evIdx))}</div>
    <div class="events-in"><h4>${(doc.events || []).length} events in this article</h4>${events || '<p class="empty">No events were coded in this article.</p>'}
    ${withheld ? `<h4>${(doc.withheld || []).length} left uncoded on purpose</h4>${withheld}` : ""}</div>`;
  box.querySelectorAll("input[data-layer]").forEach((cb) => cb.addEventListener("change", () => {
    const off = [...box.querySelectorAll("input[data-layer]")].filter((x) => !x.checked).map((x) => x.dataset.layer);
    box.dataset.hidden = off.join(",");
    box.classList.remove(...LAYERS.map(([k]) => "hide-" + k));
    off.forEach((k) => box.classList.add("hide-" + k));
  }));
  box.querySelectorAll(".events-in .item[data-idx]").forEach((it) => {
    const pick = () => renderArticle(box, titleEl, doc, Number(it.dataset.idx), onStory);
    it.addEventListener("click", pick);
    it.addEventListener("keydown", (ev) => { if (ev.key === "Enter") pick(); });
  });
  box.querySelector("[data-story]")?.addEventListener("click", (ev) => onStory(ev.target.dataset.story));
  const ev = box.querySelector("#evidence");
  // scroll the reader only (scrollIntoView would also scroll the page away from the filters)
  box.scrollTop = ev ? Math.max(0, ev.offsetTop - box.clientHeight / 3) : 0;
}

// The article's language; one eventwire does not code (only English is) says so.
export function langTag(lang) {
  if (!lang) return "";
  return lang === "en"
    ? `<span class="lang" title="language">${esc(lang)}</span>`
    : `<span class="lang tag warn" title="not English: stored with its places, not coded for events">${esc(lang)} · not coded</span>`;
}

export function renderStory(box, titleEl, story, onArticle, onEvent, onStory) {
  titleEl.textContent = "Story";
  box.className = "body reader";
  const arts = story.articles.map((a) => `<div class="item" data-article="${esc(a.id)}" tabindex="0">
      <div class="actors">${esc(a.title || "(untitled)")}</div>
      <div class="meta"><span>${esc(a.date || "")}</span><span>${esc(a.source || "")}</span>${langTag(a.lang)}<span>${fmtNum(a.n_events)} events</span></div></div>`).join("");
  const evs = story.events.map((e) => `<div class="item" data-event="${esc(e.id)}" data-article="${esc(e.article_id)}" data-idx="${e.idx}" tabindex="0">
      <div class="actors">${eventLine(e)}</div>
      <div class="meta"><span>${esc(e.date || "")}</span>${e.place_name ? `<span>${esc(e.place_name)}</span>` : ""}
      <span>${fmtNum(e.mentions)} mention${e.mentions === 1 ? "" : "s"}</span></div></div>`).join("");
  // the other stories of its topic: the same kind of happening elsewhere or at another time
  const related = (story.related || []).map((s) => `<div class="item" data-story="${esc(s.id)}" tabindex="0">
      <div class="actors">${esc(s.title || s.id)}</div>
      <div class="meta"><span>${esc(s.first_seen || "")} – ${esc(s.last_seen || "")}</span><span>${fmtNum(s.n_articles)} articles</span></div></div>`).join("");
  box.innerHTML = `<h3>${esc(story.title || story.id)}</h3>
    <div class="sub">${esc(story.first_seen || "")} – ${esc(story.last_seen || "")} · ${fmtNum(story.articles.length)} articles
    ${story.outlets?.length ? " · " + esc(story.outlets.join(", ")) : ""}</div>
    <div class="story"><h4>Canonical events</h4>${evs || '<p class="empty">No events in this story.</p>'}
    <h4>Articles</h4>${arts || '<p class="empty">No articles.</p>'}
    ${related ? `<div class="related"><h4>Same kind of happening</h4>${related}</div>` : ""}</div>`;
  box.querySelectorAll(".item").forEach((it) => {
    const go = () => (it.dataset.story ? onStory(it.dataset.story)
      : it.dataset.event ? onEvent(it.dataset.event) : onArticle(it.dataset.article));
    it.addEventListener("click", go);
    it.addEventListener("keydown", (ev) => { if (ev.key === "Enter") go(); });
  });
  box.scrollTop = 0;
}
