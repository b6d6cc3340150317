// The dashboard: filters (kept in the URL hash) drive the timeline, map, network and lists.
import { ApiError, PRECISION_NAMES, QUAD_NAMES, api, esc, filtersOf, fmtNum, quadClass, readHash, relationText, writeHash } from "./api.js";
import { invalidate, initMap, renderPlaces } from "./map.js";
import { renderNetwork } from "./network.js";
import { eventLine, renderArticle, renderStory } from "./reader.js";
import { renderTimeline } from "./timeline.js";

const $ = (s) => document.querySelector(s);
let state = readHash();
let generation = 0; // responses of an older refresh are dropped
let listCursor = null;
let storeEmpty = false; // no events at all: panels say so instead of blaming the filters
const form = $("#filters");

function setState(patch, { refreshData = true } = {}) {
  for (const [k, v] of Object.entries(patch)) if (v === null || v === undefined || v === "") delete state[k]; else state[k] = String(v);
  writeHash(state);
  if (refreshData) refresh();
}

async function withLoading(box, job) {
  box.classList.add("loading");
  try { return await job(); }
  catch (err) {
    box.querySelectorAll(".error").forEach((n) => n.remove());
    box.insertAdjacentHTML("beforeend", `<p class="error">${esc(err instanceof ApiError ? err.message : "Could not load: " + err)}</p>`);
    return null;
  } finally { box.classList.remove("loading"); }
}

// --- filters form <-> state --------------------------------------------------------------
// the form's single-value fields, each a filter of the same name (api.js FILTER_KEYS)
const FIELDS = ["start", "end", "type", "modality", "acled_type", "actor", "country", "lang", "min_mentions"];

function formToState() {
  const fd = new FormData(form);
  const patch = {};
  for (const k of FIELDS) patch[k] = fd.get(k);
  patch.quad_class = fd.getAll("quad_class").join(",");
  patch.canonical = fd.get("canonical") ? "true" : "";
  patch.main_only = fd.get("main_only") ? "true" : "";
  return patch;
}

function stateToForm() {
  for (const k of FIELDS) form.elements[k].value = state[k] || "";
  // a language the store no longer (or never) had, from a shared link: an option that says so
  if (state.lang && form.elements.lang.value !== state.lang) {
    form.elements.lang.insertAdjacentHTML("beforeend", `<option value="${esc(state.lang)}">${esc(state.lang)} · 0 articles</option>`);
    form.elements.lang.value = state.lang;
  }
  const quads = (state.quad_class || "").split(",");
  form.querySelectorAll("input[name=quad_class]").forEach((cb) => { cb.checked = quads.includes(cb.value); });
  form.elements.canonical.checked = state.canonical === "true";
  form.elements.main_only.checked = state.main_only === "true";
  $("#q").value = state.q || "";
  $("#sort").value = state.sort || "date_desc";
  $("#tl-group").value = state.group || "quad_class";
  document.querySelectorAll(".tabs button").forEach((b) => b.setAttribute("aria-selected", String(b.dataset.tab === (state.tab || "events"))));
  $("#sort-wrap").hidden = (state.tab || "events") !== "events";
  const active = ["start", "end", "type", "quad_class", "modality", "acled_type", "main_only", "actor", "country", "lang", "min_mentions", "canonical"].filter((k) => state[k]).length;
  $("#filters-toggle").textContent = active ? `Filters (${active})` : "Filters";
}

function renderChips() {
  const chips = [];
  const label = { source: "source", target: "target", place: "place", story: "story", q: "text", bbox: "area", sector: "sector" };
  for (const [k, name] of Object.entries(label)) {
    if (!state[k]) continue;
    const shown = k === "place" && state.place_name ? state.place_name : state[k];
    chips.push(`<span class="chip">${esc(name)}: ${esc(shown)} <button type="button" data-clear="${k}" aria-label="remove ${esc(name)} filter">×</button></span>`);
  }
  $("#chips").innerHTML = chips.join("");
  $("#chips").querySelectorAll("[data-clear]").forEach((b) => b.addEventListener("click", () => {
    const patch = { [b.dataset.clear]: null };
    if (b.dataset.clear === "place") patch.place_name = null;
    setState(patch);
  }));
}

// --- panels ----------------------------------------------------------------------------
async function loadTimeline(gen) {
  const box = $("#timeline");
  const data = await withLoading(box, () => api("timeline", { ...filtersOf(state, { dates: false }), group: state.group || "quad_class" }));
  if (!data || gen !== generation) return;
  renderTimeline(box, data, { start: state.start, end: state.end }, (start, end) => setState({ start, end }));
  box.dataset.buckets = String(data.buckets.length);
}

async function loadMap(gen) {
  const box = $("#map");
  const { bbox, place, place_name, ...rest } = filtersOf(state); // the map shows every place; bbox/place only narrow the list
  void bbox; void place; void place_name;
  const data = await withLoading(box, () => api("places.geojson", rest));
  if (!data || gen !== generation) return;
  renderPlaces(data, (p, lat, lon) => {
    // a point put away from the named place ("20 km north of X") lists the events at that point only
    const moved = p.relation === "offset" || p.relation === "outskirts";
    if (p.geonameid != null && !moved) setState({ place: p.geonameid, place_name: p.name || String(p.geonameid), bbox: null });
    else setState({ bbox: [lon - 0.01, lat - 0.01, lon + 0.01, lat + 0.01].map((v) => v.toFixed(4)).join(","), place: null });
  });
  box.dataset.places = String(data.features.length);
}

async function loadNetwork(gen) {
  const box = $("#network");
  const data = await withLoading(box, () => api("actors/network", { ...filtersOf(state), limit: 60 }));
  if (!data || gen !== generation) return;
  renderNetwork(box, data, state.actor,
    (actor) => setState({ actor: state.actor === actor ? null : actor }),
    (source, target) => setState({ source, target }));
}

function eventItem(e) {
  const attributed = e.attributed_canonical || e.attributed_text;
  const named = e.place_name || e.place_text;
  const place = named && e.place_relation ? relationText(e.place_relation, e.place_distance_km, e.place_bearing, named) : named;
  const prec = e.place_precision ? ` <span class="tag prec prec${esc(e.place_precision)}" title="place precision: ${esc(PRECISION_NAMES[e.place_precision] || "")}">p${esc(e.place_precision)}</span>` : "";
  return `<div class="item${state.event === e.id ? " selected" : ""}" data-event="${esc(e.id)}" tabindex="0">
    <div class="meta"><span>${esc(e.date || "no date")}</span>${e.date_source === "article" ? '<span class="tag" title="date taken from the article">article date</span>' : ""}
      ${place ? `<span>at ${esc(place)}${e.place_country ? ", " + esc(e.place_country) : ""}${prec}</span>` : ""}
      ${e.modality && e.modality !== "asserted" ? `<span class="tag warn">${esc(e.modality)}</span>` : ""}
      ${e.plover_type && e.plover_type !== e.type ? `<span class="tag" title="the type as PLOVER coders code it">PLOVER ${esc(e.plover_type)}</span>` : ""}
      ${attributed ? `<span>according to ${esc(attributed)}</span>` : ""}
      ${e.mentions > 1 ? `<span>${fmtNum(e.mentions)} mentions</span>` : ""}</div>
    <div class="actors">${eventLine(e)}</div>
    <div class="evidence">${esc(e.evidence || "")}</div>
    <div class="meta"><span>${esc(e.article?.title || e.article_id)}</span><span>${esc(e.source || "")}</span>
      <span title="${esc(QUAD_NAMES[e.quad_class] || "")}">CAMEO ${esc(e.cameo || "–")}</span></div></div>`;
}

async function loadList(gen, more = false) {
  const box = $("#list");
  const tab = state.tab || "events";
  const f = filtersOf(state);
  let data;
  if (tab === "events") {
    data = await withLoading(box, () => api("events", { ...f, sort: state.sort || "date_desc", limit: 50, cursor: more ? listCursor : null }));
  } else if (tab === "stories") {
    data = await withLoading(box, () => api("stories", { start: f.start, end: f.end, limit: 100 }));
  } else {
    data = await withLoading(box, () => api("quotes", { start: f.start, end: f.end, speaker: f.actor, q: f.q, limit: 100 }));
  }
  if (!data || gen !== generation) return;
  $("#list-count").textContent = `${fmtNum(data.total)} ${tab}`;
  let html;
  if (tab === "events") {
    listCursor = data.next_cursor;
    html = data.items.map(eventItem).join("");
    if (!more && !data.items.length) {
      html = storeEmpty ? '<p class="empty">No events in this store yet.</p>'
        : '<p class="empty">No events match these filters. <button type="button" class="link" data-clear-all>Clear filters</button></p>';
    }
  } else if (tab === "stories") {
    html = data.items.map((s) => `<div class="item" data-story="${esc(s.id)}" tabindex="0"><div class="actors">${esc(s.title || s.id)}</div>
      <div class="meta"><span>${esc(s.first_seen || "")} – ${esc(s.last_seen || "")}</span><span>${fmtNum(s.n_articles)} articles</span>
      <span>${esc((s.outlets || []).slice(0, 3).join(", "))}</span></div></div>`).join("") || '<p class="empty">No stories in this period.</p>';
  } else {
    html = data.items.map((q) => `<div class="item" data-article="${esc(q.article_id)}" tabindex="0">
      <div class="actors">${esc(q.speaker_canonical || q.speaker_text || "unknown speaker")}</div>
      <div class="quote-text">“${esc(q.text)}”</div>
      <div class="meta"><span>${esc(q.date || "")}</span>${q.mentions.length ? `<span>mentions ${esc(q.mentions.map((m) => m.canonical || m.text).join(", "))}</span>` : ""}</div></div>`).join("")
      || '<p class="empty">No quotes match.</p>';
  }
  if (more) box.querySelector(".more")?.remove(); else box.innerHTML = "";
  box.insertAdjacentHTML("beforeend", html);
  if (tab === "events" && listCursor) box.insertAdjacentHTML("beforeend", '<button type="button" class="more">Load more</button>');
  box.querySelector(".more")?.addEventListener("click", () => loadList(generation, true));
  box.querySelector("[data-clear-all]")?.addEventListener("click", clearAll);
  box.querySelectorAll(".item").forEach((it) => {
    if (it.dataset.bound) return;
    it.dataset.bound = "1";
    const open = () => {
      box.querySelectorAll(".item.selected").forEach((x) => x.classList.remove("selected"));
      it.classList.add("selected");
      if (it.dataset.event) setState({ event: it.dataset.event, article: null, open_story: null }, { refreshData: false });
      else if (it.dataset.story) setState({ open_story: it.dataset.story, event: null, article: null }, { refreshData: false });
      else setState({ article: it.dataset.article, event: null, open_story: null }, { refreshData: false });
      loadReader();
    };
    it.addEventListener("click", open);
    it.addEventListener("keydown", (ev) => { if (ev.key === "Enter") open(); });
  });
}

async function loadReader() {
  const box = $("#reader"), title = $("#reader-title");
  const openArticle = async (id, idx) => {
    const doc = await withLoading(box, () => api("articles/" + encodeURIComponent(id)));
    if (doc) renderArticle(box, title, doc, idx, openStory);
  };
  const openStory = async (id) => {
    setState({ open_story: id, event: null, article: null }, { refreshData: false });
    const story = await withLoading(box, () => api("stories/" + encodeURIComponent(id)));
    if (story) renderStory(box, title, story, (aid) => { setState({ article: aid, open_story: null }, { refreshData: false }); openArticle(aid, null); },
      (eid) => { setState({ event: eid, open_story: null }, { refreshData: false }); loadReader(); }, openStory);
  };
  if (state.event) {
    const ev = await withLoading(box, () => api("events/" + encodeURIComponent(state.event)));
    if (ev) await openArticle(ev.article_id, ev.idx);
  } else if (state.article) await openArticle(state.article, null);
  else if (state.open_story) await openStory(state.open_story);
  if (window.matchMedia("(max-width: 900px)").matches && (state.event || state.article || state.open_story)) $("#reader-panel").scrollIntoView();
}

function refresh() {
  const gen = ++generation;
  renderChips();
  stateToForm();
  return Promise.all([loadTimeline(gen), loadMap(gen), loadNetwork(gen), loadList(gen)]).then(markEmptyStore);
}

function clearAll() {
  state = { tab: state.tab, group: state.group, sort: state.sort };
  writeHash(state);
  refresh();
}

let lastCounts = null;

function showCounts(s) {
  const c = s.counts;
  const langs = Object.entries(s.by_lang || {});
  $("#stats").textContent = `${fmtNum(c.events)} events · ${fmtNum(c.articles)} articles · ${fmtNum(c.stories)} stories` +
    (s.events_first_date ? ` · ${s.events_first_date} – ${s.events_last_date}` : "") +
    (langs.length > 1 ? ` · languages ${langs.map(([l, n]) => `${l} ${fmtNum(n)}`).join(", ")}` : "");
}

// "updated 3 min ago": when an article was last stored (by run or watch), and when a watch last
// polled its feeds (the tooltip); redrawn at every poll of the store
function ago(iso) {
  const s = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86400) return `${Math.round(s / 3600)} h ago`;
  return new Date(iso).toLocaleDateString();
}

function showUpdated(s) {
  const el = $("#updated");
  el.textContent = s.last_update ? `updated ${ago(s.last_update)}` : "";
  el.title = (s.last_update ? `last article stored ${new Date(s.last_update).toLocaleString()}` : "") +
    (s.last_poll ? `; feeds last checked ${new Date(s.last_poll).toLocaleString()}` : "");
  el.dataset.lastUpdate = s.last_update || "";
}

// The language select: the store's languages, most articles first, each with its article count;
// only English is coded, so the events of another language are those of a later multilingual
// coder (today none): the option says so, as the reader's language tag does.
function fillLanguages(byLang) {
  const sel = form.elements.lang;
  const chosen = sel.value;
  sel.querySelectorAll("option:not([value=''])").forEach((o) => o.remove());
  for (const [code, n] of Object.entries(byLang)) {
    if (!code || code === "null") continue;
    const note = code === "en" ? "" : ", not coded";
    sel.insertAdjacentHTML("beforeend",
      `<option value="${esc(code)}">${esc(code)} · ${fmtNum(n)} article${n === 1 ? "" : "s"}${note}</option>`);
  }
  sel.value = chosen;
}

// what changes when the store does: counts, and the last update (an article replaced by a newer version)
const storeKey = (s) => JSON.stringify([s.counts, s.last_update]);

async function loadStats() {
  const s = await api("stats");
  const c = s.counts;
  lastCounts = storeKey(s);
  showCounts(s);
  showUpdated(s);
  const fill = (sel, values) => { for (const v of values) sel.insertAdjacentHTML("beforeend", `<option value="${esc(v)}">${esc(v)}</option>`); };
  fill(form.elements.type, Object.keys(s.by_type).filter(Boolean).sort());
  fill(form.elements.modality, Object.keys(s.by_modality).filter(Boolean));
  fill(form.elements.acled_type, Object.keys(s.by_acled_type || {}).filter(Boolean).sort());
  fill(form.elements.country, s.countries);
  fillLanguages(s.by_lang || {});
  $("#actors").innerHTML = s.top_actors.map((a) => `<option value="${esc(a.actor)}">`).join("");
  storeEmpty = !c.events;
  if (!c.events) {
    const banner = $("#banner");
    banner.hidden = false;
    banner.textContent = c.articles
      ? `This store has ${fmtNum(c.articles)} articles but no coded events yet.`
      : "This store is empty. Add articles with: eventwire run PATHS --db FILE (the page updates as they arrive).";
  }
}

// An ingest (`eventwire run` or `watch`) may be writing to the store while the page is open: new
// articles show up by themselves (the store is asked every 10 s; docs/live.md).
async function watchStore() {
  try {
    const s = await api("stats");
    const now = storeKey(s);
    showUpdated(s);
    if (lastCounts !== null && now !== lastCounts) {
      showCounts(s);
      fillLanguages(s.by_lang || {}); // a watch may have stored a language the page has not seen
      if (storeEmpty && s.counts.events) { storeEmpty = false; $("#banner").hidden = true; }
      refresh();
    }
    lastCounts = now;
  } catch { /* the next poll will tell */ }
}

function markEmptyStore() {
  if (!storeEmpty) return;
  for (const sel of ["#timeline .empty", "#network .empty"]) {
    const p = document.querySelector(sel);
    if (p) p.textContent = "No events in this store yet.";
  }
}

async function main() {
  form.addEventListener("change", () => setState(formToState()));
  form.addEventListener("submit", (ev) => ev.preventDefault());
  $("#clear").addEventListener("click", clearAll);
  $("#filters-toggle").addEventListener("click", () => {
    const open = form.classList.toggle("open");
    $("#filters-toggle").setAttribute("aria-expanded", String(open));
  });
  $("#search").addEventListener("submit", (ev) => { ev.preventDefault(); setState({ q: $("#q").value.trim() }); });
  $("#sort").addEventListener("change", () => setState({ sort: $("#sort").value }, { refreshData: false }) || loadList(generation));
  $("#tl-group").addEventListener("change", () => { setState({ group: $("#tl-group").value }, { refreshData: false }); loadTimeline(generation); });
  document.querySelectorAll(".tabs button").forEach((b) => b.addEventListener("click", () => {
    setState({ tab: b.dataset.tab === "events" ? null : b.dataset.tab }, { refreshData: false });
    stateToForm();
    loadList(generation);
  }));
  $("#reader-close").addEventListener("click", () => {
    setState({ event: null, article: null, open_story: null }, { refreshData: false });
    $("#reader").innerHTML = '<p class="empty">Click an event to read its article, with the evidence sentence highlighted.</p>';
    $("#reader-title").textContent = "Reader";
  });
  window.addEventListener("hashchange", () => { state = readHash(); refresh(); loadReader(); });
  let resizeTimer;
  window.addEventListener("resize", () => { clearTimeout(resizeTimer); resizeTimer = setTimeout(() => { invalidate(); refresh(); }, 250); });
  try {
    await loadStats();
  } catch (err) {
    const banner = $("#banner");
    banner.hidden = false;
    banner.textContent = err instanceof ApiError ? err.message : "The API is not reachable.";
    $("#stats").textContent = "";
  }
  stateToForm();
  await initMap($("#map"));
  await Promise.all([refresh(), loadReader()]);
  document.body.dataset.ready = "1";
  setInterval(watchStore, 10000);
}

main();
