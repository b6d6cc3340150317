// Talking to the API, and the filter state kept in the URL hash (so a view can be shared).

const pageParams = new URLSearchParams(location.search);
const token = pageParams.get("token");

export const QUAD_NAMES = { 1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict" };
// Event.place_precision, ACLED's geo_precision
export const PRECISION_NAMES = { 1: "the town itself", 2: "near a town, or in a district", 3: "a region or country only" };

const COMPASS = ["N", "NNE", "NE", "ENE", "E", "ESE", "SE", "SSE", "S", "SSW", "SW", "WSW", "W", "WNW", "NW", "NNW"];

function km(d) { return d >= 10 ? Math.round(d) : Math.round(d * 10) / 10; }

// How a point relates to the place the text names (Place.relation): "20 km NE of Kherson".
export function relationText(relation, distance, bearing, name) {
  const dir = bearing == null ? "" : COMPASS[Math.round(bearing / 22.5) % 16];
  const of = name || "the place";
  switch (relation) {
    case "offset": return `${distance != null ? km(distance) + " km " : ""}${dir} of ${of}`;
    case "distance": return `${distance != null ? km(distance) + " km " : ""}from ${of}`;
    case "direction": return `${dir} of ${of}`;
    case "near": return `near ${of}`;
    case "outskirts": return `${dir ? dir + " " : ""}outskirts of ${of}`;
    case "seat": return `${of} (the district's seat town)`;
    case "area": return `somewhere around ${of}`;
    default: return of;
  }
}

export class ApiError extends Error {
  constructor(status, detail) { super(detail); this.status = status; }
}

export async function api(path, params = {}) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") qs.set(k, v);
  const url = "api/" + path + (qs.toString() ? "?" + qs : "");
  const headers = token ? { Authorization: "Bearer " + token } : {};
  const res = await fetch(url, { headers });
  if (!res.ok) {
    let detail = res.statusText;
    try {
      const body = await res.json();
      detail = typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail);
    } catch { /* not JSON */ }
    throw new ApiError(res.status, detail);
  }
  return res.json();
}

// Event filters understood by /api/events, /api/timeline, /api/places.geojson, /api/actors/network.
export const FILTER_KEYS = ["start", "end", "type", "quad_class", "modality", "actor", "source", "target",
  "country", "sector", "place", "story", "q", "min_mentions", "canonical", "bbox", "acled_type", "main_only", "lang"];
// View state that is not a filter: what is open in the reader, which tab, sort, timeline grouping.
export const VIEW_KEYS = ["event", "article", "open_story", "tab", "sort", "group", "place_name"];

export function readHash() {
  const h = new URLSearchParams(location.hash.slice(1));
  const state = {};
  for (const k of [...FILTER_KEYS, ...VIEW_KEYS]) if (h.get(k)) state[k] = h.get(k);
  return state;
}

export function writeHash(state) {
  const h = new URLSearchParams();
  for (const k of [...FILTER_KEYS, ...VIEW_KEYS]) if (state[k]) h.set(k, state[k]);
  const next = "#" + h.toString();
  if (next !== location.hash) history.replaceState(null, "", next === "#" ? location.pathname + location.search : next);
}

export function filtersOf(state, { dates = true } = {}) {
  const f = {};
  for (const k of FILTER_KEYS) if (state[k]) f[k] = state[k];
  if (!dates) { delete f.start; delete f.end; }
  return f;
}

// Escape text for innerHTML templates (all data from the store goes through this or textContent).
export function esc(s) {
  return String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
}

export function quadClass(q) { return q >= 1 && q <= 4 ? "q" + q : "qnone"; }

export function quadColor(q) {
  return getComputedStyle(document.documentElement).getPropertyValue("--" + quadClass(q)).trim() || "#999";
}

export function fmtNum(n) { return Number(n || 0).toLocaleString("en-US"); }
