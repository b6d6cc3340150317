// Stacked bar timeline (plain SVG) with a brush: dragging selects a date range.
import { QUAD_NAMES, esc, quadColor } from "./api.js";

const SVG = "http://www.w3.org/2000/svg";
const PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
  "#9c755f", "#bab0ac", "#1f77b4", "#8c564b", "#17becf", "#bcbd22", "#7f7f7f", "#d62728"];
const DAY = 86400000;

function el(name, attrs = {}) {
  const e = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

const iso = (ms) => new Date(ms).toISOString().slice(0, 10);
const parse = (s) => Date.parse(s + "T00:00:00Z");

function bucketEnd(t, interval) {
  const d = new Date(t);
  if (interval === "day") return t + DAY;
  if (interval === "week") return t + 7 * DAY;
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

export function renderTimeline(box, data, selected, onBrush) {
  box.querySelectorAll("svg, .tl-legend, .empty").forEach((n) => n.remove());
  if (!data.buckets.length) {
    box.insertAdjacentHTML("beforeend", '<p class="empty">No dated events match these filters.</p>');
    return;
  }
  const W = box.clientWidth || 800, H = box.clientHeight || 170;
  const m = { l: 42, r: 10, t: 22, b: 20 };
  const colour = (k, i) => (data.group === "quad_class" ? quadColor(Number(k)) : PALETTE[i % PALETTE.length]);
  const keyIndex = Object.fromEntries(data.keys.map((k, i) => [k, i]));
  const t0 = parse(data.buckets[0].t);
  const t1 = bucketEnd(parse(data.buckets[data.buckets.length - 1].t), data.interval);
  const x = (t) => m.l + ((t - t0) / (t1 - t0)) * (W - m.l - m.r);
  const invert = (px) => t0 + ((px - m.l) / (W - m.l - m.r)) * (t1 - t0);
  const max = Math.max(...data.buckets.map((b) => b.total));
  const y = (v) => H - m.b - (v / max) * (H - m.t - m.b);

  const svg = el("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": "events over time" });
  const axis = el("g", { class: "axis" });
  for (const v of [0, Math.round(max / 2), max]) {
    axis.append(el("line", { x1: m.l, x2: W - m.r, y1: y(v), y2: y(v) }));
    const t = el("text", { x: m.l - 4, y: y(v) + 3, "text-anchor": "end" });
    t.textContent = v.toLocaleString("en-US");
    axis.append(t);
  }
  // date labels on bucket starts, at least ~90 px apart and never cut at the right edge
  let lastLabel = -Infinity;
  for (const b of data.buckets) {
    const bx = x(parse(b.t));
    if (bx - lastLabel < 90 || bx > W - 62) continue;
    lastLabel = bx;
    const t = el("text", { x: bx, y: H - 5 });
    t.textContent = data.interval === "month" ? b.t.slice(0, 7) : b.t;
    axis.append(t);
  }
  svg.append(axis);

  const bars = el("g");
  for (const b of data.buckets) {
    const start = parse(b.t), end = bucketEnd(start, data.interval);
    const bx = x(start), bw = Math.max(1, x(end) - bx - (x(end) - bx > 3 ? 1 : 0));
    let acc = 0;
    for (const k of data.keys) {
      const n = b.counts[k] || 0;
      if (!n) continue;
      const r = el("rect", { x: bx, width: bw, y: y(acc + n), height: Math.max(0.5, y(acc) - y(acc + n)), fill: colour(k, keyIndex[k]) });
      const title = el("title");
      title.textContent = `${b.t}: ${n} ${data.group === "quad_class" ? QUAD_NAMES[k] || k : k} (of ${b.total})`;
      r.append(title);
      bars.append(r);
      acc += n;
    }
  }
  svg.append(bars);

  const brush = el("rect", { class: "brush", y: m.t - 4, height: H - m.t - m.b + 4, x: 0, width: 0, visibility: "hidden" });
  svg.append(brush);
  const show = (a, b) => {
    const lo = Math.max(m.l, Math.min(a, b)), hi = Math.min(W - m.r, Math.max(a, b));
    brush.setAttribute("x", lo); brush.setAttribute("width", Math.max(1, hi - lo)); brush.setAttribute("visibility", "visible");
  };
  if (selected.start || selected.end) {
    show(x(selected.start ? parse(selected.start) : t0), x(selected.end ? parse(selected.end) + DAY : t1));
  }

  // brush interaction, in SVG coordinates
  const toX = (ev) => ((ev.clientX - svg.getBoundingClientRect().left) / svg.getBoundingClientRect().width) * W;
  let from = null;
  svg.addEventListener("pointerdown", (ev) => { from = toX(ev); svg.setPointerCapture(ev.pointerId); show(from, from); });
  svg.addEventListener("pointermove", (ev) => { if (from !== null) show(from, toX(ev)); });
  svg.addEventListener("pointerup", (ev) => {
    if (from === null) return;
    const to = toX(ev);
    const a = Math.min(from, to), b = Math.max(from, to);
    from = null;
    if (b - a < 3) return; // a click, not a drag
    const start = Math.max(t0, invert(a)), end = Math.min(t1 - DAY, invert(b));
    onBrush(iso(start), iso(end));
  });
  svg.addEventListener("dblclick", () => { brush.setAttribute("visibility", "hidden"); onBrush(null, null); });
  box.append(svg);

  const legend = document.createElement("div");
  legend.className = "tl-legend";
  legend.innerHTML = data.keys.slice(0, 16).map((k, i) =>
    `<span><i style="background:${colour(k, i)}"></i>${esc(data.group === "quad_class" ? QUAD_NAMES[k] || k : k)}</span>`).join("");
  box.append(legend);
}
