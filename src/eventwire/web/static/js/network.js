// Actor network: a small force-directed layout (computed once, then drawn as SVG).
import { esc, fmtNum } from "./api.js";

const SVG = "http://www.w3.org/2000/svg";

function el(name, attrs = {}) {
  const e = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

// Fruchterman-Reingold with gravity; deterministic start on a circle so a view is reproducible.
function layout(nodes, edges, iterations = 300) {
  const n = nodes.length;
  const k = 1.4 * Math.sqrt(1 / Math.max(1, n));
  nodes.forEach((d, i) => { d.x = Math.cos((2 * Math.PI * i) / n) * 0.5; d.y = Math.sin((2 * Math.PI * i) / n) * 0.5; });
  const index = new Map(nodes.map((d, i) => [d.id, i]));
  const links = edges.map((e) => [index.get(e.source), index.get(e.target), Math.log2(1 + e.n)]);
  let temp = 0.1;
  for (let it = 0; it < iterations; it++) {
    const dx = new Float64Array(n), dy = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        let vx = nodes[i].x - nodes[j].x, vy = nodes[i].y - nodes[j].y;
        const d2 = Math.max(1e-4, vx * vx + vy * vy), f = (k * k) / d2;
        dx[i] += vx * f; dy[i] += vy * f; dx[j] -= vx * f; dy[j] -= vy * f;
      }
    }
    for (const [a, b, w] of links) {
      if (a === b) continue;
      const vx = nodes[a].x - nodes[b].x, vy = nodes[a].y - nodes[b].y;
      const d = Math.sqrt(vx * vx + vy * vy) || 1e-3, f = (d / k) * 0.15 * w;
      dx[a] -= vx * f; dy[a] -= vy * f; dx[b] += vx * f; dy[b] += vy * f;
    }
    for (let i = 0; i < n; i++) {
      dx[i] -= nodes[i].x * 0.5; dy[i] -= nodes[i].y * 0.5; // gravity keeps islands in view
      const len = Math.sqrt(dx[i] * dx[i] + dy[i] * dy[i]) || 1;
      nodes[i].x += (dx[i] / len) * Math.min(len, temp);
      nodes[i].y += (dy[i] / len) * Math.min(len, temp);
    }
    temp *= 0.985;
  }
}

function mix(a, b, t) {
  const p = (h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));
  const [x, y] = [p(a), p(b)];
  return "rgb(" + x.map((v, i) => Math.round(v + (y[i] - v) * t)).join(",") + ")";
}

export function renderNetwork(box, data, active, onActor, onEdge) {
  box.querySelectorAll("svg, .empty").forEach((n) => n.remove());
  if (!data.edges.length) {
    box.insertAdjacentHTML("beforeend", '<p class="empty">No source→target pairs match these filters.</p>');
    return;
  }
  const nodes = data.nodes.map((d) => ({ ...d }));
  const edges = data.edges.filter((e) => e.source !== e.target);
  layout(nodes, edges);
  const W = box.clientWidth || 500, H = box.clientHeight || 380, pad = 28;
  const xs = nodes.map((d) => d.x), ys = nodes.map((d) => d.y);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const sx = (v) => pad + ((v - x0) / (x1 - x0 || 1)) * (W - 2 * pad);
  const sy = (v) => pad + ((v - y0) / (y1 - y0 || 1)) * (H - 2 * pad);
  const pos = new Map(nodes.map((d) => [d.id, [sx(d.x), sy(d.y)]]));
  const maxE = Math.max(...edges.map((e) => e.n), 1), maxN = Math.max(...nodes.map((d) => d.n), 1);
  const radius = (d) => 4 + 11 * Math.sqrt(d.n / maxN);

  const svg = el("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": "actor network" });
  const defs = el("defs");
  for (const [id, colour] of [["coop", "#1a9850"], ["conf", "#d73027"], ["mid", "#b08a3a"]]) {
    const mk = el("marker", { id: "arrow-" + id, viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 8, markerHeight: 8,
      markerUnits: "userSpaceOnUse", orient: "auto" });
    mk.append(el("path", { d: "M0,0L10,5L0,10z", fill: colour }));
    defs.append(mk);
  }
  svg.append(defs);
  const byId = new Map(nodes.map((d) => [d.id, d]));
  const gEdges = el("g");
  for (const e of edges) {
    const [ax, ay] = pos.get(e.source), [bx, by] = pos.get(e.target);
    const conflict = ((e.by_quad["3"] || 0) + (e.by_quad["4"] || 0)) / e.n;
    // bend every edge to its right, so A->B and B->A stay apart; stop at the target's rim
    const mx = (ax + bx) / 2 - (by - ay) * 0.12, my = (ay + by) / 2 + (bx - ax) * 0.12;
    const r = radius(byId.get(e.target)) + 2, vx = bx - mx, vy = by - my, len = Math.hypot(vx, vy) || 1;
    const ex = bx - (vx / len) * r, ey = by - (vy / len) * r;
    const tag = conflict > 0.6 ? "conf" : conflict < 0.4 ? "coop" : "mid";
    const path = el("path", {
      class: "edge", d: `M${ax},${ay}Q${mx},${my} ${ex},${ey}`, stroke: mix("#1a9850", "#d73027", conflict),
      "stroke-width": 1 + 5 * Math.sqrt(e.n / maxE), "marker-end": `url(#arrow-${tag})`,
    });
    const title = el("title");
    title.textContent = `${e.source} → ${e.target}: ${fmtNum(e.n)} events (${Math.round(conflict * 100)}% conflict` +
      `${e.tone == null ? "" : ", mean tone " + e.tone.toFixed(2)})`;
    path.append(title);
    path.addEventListener("click", () => onEdge(e.source, e.target));
    gEdges.append(path);
  }
  svg.append(gEdges);
  const gNodes = el("g");
  for (const d of nodes) {
    const [x, y] = pos.get(d.id);
    const g = el("g", { class: "node" + (active && active.toLowerCase() === d.id.toLowerCase() ? " active" : ""), transform: `translate(${x},${y})`, tabindex: 0 });
    g.append(el("circle", { r: radius(d), fill: d.sector === "MIL" || d.sector === "REB" ? "#6b4f8a" : "#3d6fb6" }));
    const right = x > W * 0.6; // labels point inwards so they stay inside the panel
    const label = el("text", { x: right ? -radius(d) - 3 : radius(d) + 3, y: 3, "text-anchor": right ? "end" : "start" });
    label.textContent = d.id.length > 26 ? d.id.slice(0, 25) + "…" : d.id;
    g.append(label);
    const title = el("title");
    title.textContent = `${d.id}${d.country ? " (" + d.country + (d.sector ? ", " + d.sector : "") + ")" : ""}: ${fmtNum(d.n)} events`;
    g.append(title);
    g.addEventListener("click", () => onActor(d.id));
    g.addEventListener("keydown", (ev) => { if (ev.key === "Enter") onActor(d.id); });
    gNodes.append(g);
  }
  svg.append(gNodes);
  box.append(svg);
  box.dataset.nodes = String(nodes.length);
  box.setAttribute("aria-description", esc(`${nodes.length} actors, ${edges.length} links`));
}
