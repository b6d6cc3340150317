// Offline map: Natural Earth countries (world-atlas TopoJSON) under clustered event points.
/* global L, topojson */
import { PRECISION_NAMES, QUAD_NAMES, esc, fmtNum, quadColor, relationText } from "./api.js";

let map, cluster, fitted = false, halo = null;

export async function initMap(box) {
  map = L.map(box, { worldCopyJump: true, minZoom: 1, maxZoom: 12, zoomSnap: 0.5, attributionControl: true })
    .setView([30, 15], 2);
  map.attributionControl.setPrefix(false).addAttribution("Natural Earth");
  const topo = await fetch("static/vendor/world-atlas/countries-50m.json").then((r) => r.json());
  const land = topojson.feature(topo, topo.objects.countries);
  L.geoJSON(land, {
    renderer: L.canvas({ padding: 0.5 }),
    interactive: false,
    style: { color: "#b8b2a7", weight: 0.6, fillColor: "#f2efe9", fillOpacity: 1 },
  }).addTo(map);
  cluster = L.markerClusterGroup({
    showCoverageOnHover: false,
    maxClusterRadius: 45,
    spiderfyOnMaxZoom: true,
    iconCreateFunction: (c) => {
      const props = c.getAllChildMarkers().map((mk) => mk.feature.properties);
      return icon(sum(props.map((p) => p.count)), mergeQuads(props));
    },
  });
  map.addLayer(cluster);
  return map;
}

const sum = (xs) => xs.reduce((a, b) => a + b, 0);

function mergeQuads(props) {
  const q = { 1: 0, 2: 0, 3: 0, 4: 0 };
  for (const p of props) for (const k in q) q[k] += p.quad[k] || 0;
  return q;
}

function dominant(quad) {
  let best = null;
  for (const k of ["1", "2", "3", "4"]) if (quad[k] && (best === null || quad[k] > quad[best])) best = k;
  return best ? Number(best) : null;
}

// The place precision of a point's events (ACLED's geo_precision): the most common one, ties to
// the best; null when none is known (a store from before schema 8).
function precisionOf(p) {
  const n = p.precision || {};
  let best = null;
  for (const k of ["1", "2", "3"]) if (n[k] && (best === null || n[k] > n[best])) best = k;
  return best;
}

// A ring showing the QuadClass shares around the count, filled with the dominant class; a
// point's precision sets its border: solid for the town itself (1), dashed near a town or in a
// district (2), dotted and faded for a region or country (3).
function icon(count, quad, precision = null) {
  const size = Math.round(24 + Math.min(26, Math.log10(count + 1) * 9));
  const total = ["1", "2", "3", "4"].reduce((a, k) => a + (quad[k] || 0), 0) || 1;
  let at = 0;
  const stops = ["1", "2", "3", "4"].filter((k) => quad[k]).map((k) => {
    const from = at;
    at += (quad[k] / total) * 360;
    return `${quadColor(Number(k))} ${from}deg ${at}deg`;
  });
  const ring = stops.length ? `conic-gradient(${stops.join(",")})` : quadColor(null);
  const label = count >= 10000 ? Math.round(count / 1000) + "k" : count;
  return L.divIcon({
    className: "",
    iconSize: [size, size],
    html: `<div class="cluster${precision ? " prec" + precision : ""}" style="width:${size}px;height:${size}px;background:${ring}">` +
      `<span style="background:${quadColor(dominant(quad))}">${label}</span></div>`,
  });
}

export function renderPlaces(geojson, onPlace) {
  cluster.clearLayers();
  const markers = [];
  for (const f of geojson.features) {
    const [lon, lat] = f.geometry.coordinates;
    const p = f.properties;
    const where = p.relation ? relationText(p.relation, p.distance_km, p.bearing, p.name) : p.name;
    const prec = precisionOf(p);
    const mk = L.marker([lat, lon], {
      icon: icon(p.count, p.quad, prec),
      title: `${where || "place"}: ${p.count} events${prec ? ` (precision ${prec}: ${PRECISION_NAMES[prec]})` : ""}`,
    });
    mk.feature = f;
    mk.on("click", () => {
      const rows = Object.entries(p.quad).filter(([, n]) => n)
        .map(([k, n]) => `<div><span class="badge q${k}">${fmtNum(n)}</span> ${esc(QUAD_NAMES[k])}</div>`).join("");
      const precs = Object.entries(p.precision || {}).filter(([, n]) => n)
        .map(([k, n]) => `<div><span class="tag prec prec${k}">${esc(k)}</span> ${fmtNum(n)} ${esc(PRECISION_NAMES[k])}</div>`).join("");
      const radius = p.radius_km ? `<div class="hint">within about ${Math.round(p.radius_km)} km of this point</div>` : "";
      L.popup().setLatLng([lat, lon]).setContent(
        `<div class="map-popup"><h3>${esc(where || `${lat.toFixed(2)}, ${lon.toFixed(2)}`)}</h3>` +
        `<div>${fmtNum(p.count)} events${p.country ? " · " + esc(p.country) : ""}</div>${rows}` +
        (precs ? `<div class="precision"><b>Place precision</b>${precs}</div>` : "") + radius +
        `<div class="hint">listed below</div></div>`).openOn(map);
      // the uncertainty of a point put relative to a place ("20 km north of X", "near X")
      if (halo) halo.remove();
      halo = p.radius_km ? L.circle([lat, lon], { radius: p.radius_km * 1000, className: "uncertainty", interactive: false }).addTo(map) : null;
      onPlace(p, lat, lon);
    });
    markers.push(mk);
  }
  cluster.addLayers(markers);
  if (!fitted && markers.length) {
    fitted = true;
    const b = L.latLngBounds(markers.map((mk) => mk.getLatLng()));
    map.fitBounds(b.pad(0.15), { maxZoom: 6 });
  }
}

export function invalidate() { if (map) map.invalidateSize(); }
