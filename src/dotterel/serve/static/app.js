// dotterel web page: vanilla JS, no external assets. Every value from the API is inserted as text, never as HTML.
"use strict";

const CATEGORIES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
  "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"];
const KIND_ORDER = ["trigger", "place", "actor", "recipient"]; // which colour wins where spans overlap
const SVG = "http://www.w3.org/2000/svg";

const $ = (sel) => document.querySelector(sel);

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") node.className = v; else if (k.startsWith("data-")) node.setAttribute(k, v); else node[k] = v;
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

function svg(tag, attrs) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  return node;
}

function token() { return $("#token").value.trim(); }

async function api(path, options = {}) {
  const headers = Object.assign({ "Accept": "application/json" }, options.headers || {});
  if (token()) headers["Authorization"] = "Bearer " + token();
  if (options.body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(path, { method: options.method || "GET", headers, body: options.body });
  let data = null;
  try { data = await response.json(); } catch (e) { data = null; }
  if (!response.ok) {
    const message = data && data.error ? data.error : response.status + " " + response.statusText;
    throw new Error(message);
  }
  return data;
}

function setStatus(sel, message, isError) {
  const node = $(sel);
  node.textContent = message || "";
  node.classList.toggle("error", !!isError);
}

function entityLabel(entity) {
  const name = entity.name || entity.entity_text || "?";
  const code = [entity.code, entity.sector].filter(Boolean).join(" ");
  return code ? `${name} (${code})` : name;
}

function entities(list) { return (list || []).map(entityLabel).join(", ") || "—"; }

function placeLabel(loc) {
  if (!loc) return "—";
  return [loc.resolved_place || loc.extracted_place, loc.country_code].filter(Boolean).join(", ");
}

// ------------------------------------------------------------------ code an article

function renderCodedText(text, spans) {
  const box = $("#coded-text");
  box.replaceChildren();
  const cuts = new Set([0, text.length]);
  for (const s of spans) { cuts.add(s.start); cuts.add(s.end); }
  const points = [...cuts].sort((a, b) => a - b);
  for (let i = 0; i < points.length - 1; i++) {
    const a = points[i], b = points[i + 1];
    const covering = spans.filter((s) => s.start <= a && s.end >= b);
    const piece = text.slice(a, b);
    if (!covering.length) { box.append(piece); continue; }
    covering.sort((x, y) => KIND_ORDER.indexOf(x.kind) - KIND_ORDER.indexOf(y.kind));
    const kinds = [...new Set(covering.map((s) => s.kind))];
    const events = [...new Set(covering.flatMap((s) => s.events))];
    const mark = el("mark", { "class": "hl hl-" + kinds[0], "data-kinds": kinds.join(" "), "data-events": events.join(" ") }, piece);
    mark.title = covering.map((s) => `${s.kind}: ${s.label}`).join("\n");
    box.append(mark);
  }
}

function evidenceLine(ev) {
  const e = ev.evidence || {};
  const parts = [el("span", null, "trigger "), el("code", null, e.trigger || ev.event_text || "?")];
  if (e.trigger_start !== undefined && e.trigger_start !== null) parts.push(` at ${e.trigger_start}–${e.trigger_end}`);
  parts.push(" · rule ", el("code", null, e.rule || "?"));
  if (e.frame) parts.push(" · frame ", el("code", null, e.frame));
  parts.push(` · modality ${ev.modality || "?"} · confidence ${ev.confidence ?? "?"}`);
  parts.push(` · date ${ev.date || "unknown"}${ev.enddate ? "–" + ev.enddate : ""} (${e.date_source || "none"})`);
  if (ev.event_loc) parts.push(` · place ${placeLabel(ev.event_loc)} (${ev.event_loc.source || "?"})`);
  return el("div", { "class": "evidence" }, ...parts);
}

function eventHead(ev) {
  return el("div", { "class": "event-head" }, entities(ev.actor), " ",
    el("span", { "class": "cat" }, ev.event + (ev.mode ? " / " + ev.mode : "")), " ", entities(ev.recipient),
    ev.cameo ? el("span", { "class": "muted" }, `  CAMEO ${ev.cameo}, quad ${ev.quad_code}`) : null);
}

function renderCodedEvents(events) {
  const list = $("#coded-events");
  list.replaceChildren();
  events.forEach((ev, index) => {
    const item = el("li", { "data-index": String(index) }, eventHead(ev), evidenceLine(ev));
    item.addEventListener("mouseenter", () => markEvent(index, true));
    item.addEventListener("mouseleave", () => markEvent(index, false));
    list.append(item);
  });
}

function markEvent(index, on) {
  for (const mark of document.querySelectorAll("#coded-text mark")) {
    if (mark.dataset.events.split(" ").includes(String(index))) mark.classList.toggle("active", on);
  }
}

function articleBody() {
  const body = { text: $("#article-text").value };
  if ($("#article-date").value) body.date = $("#article-date").value;
  if ($("#article-title").value.trim()) body.title = $("#article-title").value.trim();
  return body;
}

async function codeArticle(event) {
  event.preventDefault();
  const button = $("#code-submit");
  button.disabled = true;
  setStatus("#code-status", "Coding…");
  try {
    const result = await api("/v1/code", { method: "POST", body: JSON.stringify(articleBody()) });
    renderCodedText(result.text, result.spans);
    renderCodedEvents(result.events);
    setStatus("#code-status", `${result.events.length} event${result.events.length === 1 ? "" : "s"} found (nothing stored).`);
    document.body.dataset.coded = String(result.events.length);
  } catch (err) {
    setStatus("#code-status", err.message, true);
    document.body.dataset.coded = "error";
  } finally {
    button.disabled = false;
  }
}

async function storeArticle() {
  const button = $("#store-submit");
  button.disabled = true;
  setStatus("#code-status", "Coding and storing…");
  try {
    const result = await api("/v1/articles", { method: "POST", body: JSON.stringify(articleBody()) });
    const r = result.results[0];
    setStatus("#code-status", `Stored ${r.doc_id}: ${r.status}, ${r.events} events.`);
    loadStats();
    loadEvents();
  } catch (err) {
    setStatus("#code-status", err.message, true);
  } finally {
    button.disabled = false;
  }
}

// ------------------------------------------------------------------ stored events

const page = { offset: 0, limit: 50, next: null };

function filterParams(form, extra) {
  const params = new URLSearchParams();
  for (const [k, v] of new FormData(form).entries()) if (String(v).trim()) params.set(k, String(v).trim());
  for (const [k, v] of Object.entries(extra || {})) params.set(k, v);
  return params;
}

async function loadEvents() {
  const form = $("#events-form");
  page.limit = Number(form.elements.limit.value);
  const params = filterParams(form, { offset: page.offset });
  setStatus("#events-status", "Loading…");
  try {
    const data = await api("/v1/events?" + params);
    renderEventsTable(data.events);
    page.next = data.next_offset;
    $("#page-info").textContent = data.events.length ? `rows ${data.offset + 1}–${data.offset + data.events.length}` : "no events";
    $("#prev-page").disabled = data.offset === 0;
    $("#next-page").disabled = data.next_offset === null;
    setStatus("#events-status", "");
  } catch (err) {
    setStatus("#events-status", err.message, true);
  }
  loadMap();
}

function renderEventsTable(events) {
  const body = $("#events-table tbody");
  body.replaceChildren();
  for (const ev of events) {
    const row = el("tr", { "data-id": ev.id },
      el("td", null, ev.date || "—"), el("td", null, entities(ev.actor)),
      el("td", null, el("span", { "class": "cat" }, ev.event)), el("td", null, ev.mode || ""),
      el("td", null, entities(ev.recipient)), el("td", null, placeLabel(ev.event_loc)),
      el("td", null, `${ev.num_mentions ?? 1} / ${ev.num_sources ?? "?"} / ${ev.num_articles ?? "?"}`),
      el("td", null, ev.confidence ?? ""));
    row.addEventListener("click", () => showEvent(ev.id, row));
    body.append(row);
  }
}

function sentenceWithTrigger(mention) {
  const text = mention.text || "";
  const e = mention.evidence || {};
  const base = (mention.text_info && mention.text_info.start) || 0;
  const a = e.trigger_start - base, b = e.trigger_end - base;
  if (!(a >= 0 && b <= text.length && a < b)) return el("div", null, text);
  return el("div", null, text.slice(0, a), el("mark", { "class": "hl hl-trigger" }, text.slice(a, b)), text.slice(b));
}

async function showEvent(id, row) {
  for (const r of document.querySelectorAll("#events-table tr.selected")) r.classList.remove("selected");
  row.classList.add("selected");
  const box = $("#event-detail");
  box.replaceChildren(el("p", { "class": "muted" }, "Loading…"));
  try {
    const ev = await api("/v1/events/" + encodeURIComponent(id));
    const mentions = ev.mentions || [];
    box.replaceChildren(el("h3", null, `Event ${ev.id}`), eventHead(ev), evidenceLine(ev),
      el("p", { "class": "muted" }, `${mentions.length} mention${mentions.length === 1 ? "" : "s"}`),
      ...mentions.map((m) => el("div", { "class": "mention" },
        el("div", { "class": "muted" }, [m.doc_id, m.title, m.source, m.url].filter(Boolean).join(" · ")),
        sentenceWithTrigger(m), evidenceLine(Object.assign({}, ev, m)))));
  } catch (err) {
    box.replaceChildren(el("p", { "class": "status error" }, err.message));
  }
}

// ------------------------------------------------------------------ map

let world = null;

async function loadWorld() {
  if (world) return world;
  const response = await fetch("/static/world.json");
  world = await response.json();
  const map = $("#map-svg");
  for (let lon = -150; lon <= 150; lon += 30) map.append(svg("line", { "class": "grid", x1: lon + 180, x2: lon + 180, y1: 0, y2: 180 }));
  for (let lat = -60; lat <= 60; lat += 30) map.append(svg("line", { "class": "grid", x1: 0, x2: 360, y1: 90 - lat, y2: 90 - lat }));
  const rings = world.countries.flatMap((country) => country.rings);
  const d = rings.map((ring) => "M" + ring.map(([x, y]) => `${(x + 180).toFixed(2)} ${(90 - y).toFixed(2)}`).join("L") + "Z").join("");
  map.append(svg("path", { "class": "land", d }));
  map.append(svg("g", { id: "map-dots" }));
  return world;
}

async function loadMap() {
  try {
    await loadWorld();
    const params = filterParams($("#events-form"), { limit: 1000, offset: 0 });
    const data = await api("/v1/events?" + params);
    const dots = $("#map-dots");
    dots.replaceChildren();
    const places = new Map(); // one circle per place, its size by the number of events there
    let placed = 0;
    for (const ev of data.events) {
      const loc = ev.event_loc;
      if (!loc || typeof loc.lat !== "number" || typeof loc.lon !== "number") continue;
      placed++;
      const key = `${loc.lat.toFixed(2)},${loc.lon.toFixed(2)}`;
      const spot = places.get(key) || { loc, events: 0, categories: new Map() };
      spot.events++;
      spot.categories.set(ev.event, (spot.categories.get(ev.event) || 0) + 1);
      places.set(key, spot);
    }
    for (const spot of [...places.values()].sort((a, b) => b.events - a.events)) {
      const dot = svg("circle", { "class": "dot", cx: (spot.loc.lon + 180).toFixed(3), cy: (90 - spot.loc.lat).toFixed(3),
        r: (0.8 + Math.sqrt(spot.events) * 0.7).toFixed(2) });
      const title = svg("title");
      const top = [...spot.categories.entries()].sort((a, b) => b[1] - a[1]).map(([c, n]) => `${c} ${n}`).join(", ");
      title.textContent = `${placeLabel(spot.loc)}: ${spot.events} event${spot.events === 1 ? "" : "s"} (${top})`;
      dot.append(title);
      dots.append(dot);
    }
    setStatus("#map-status", `${placed} of ${data.events.length} events have a place, at ${places.size} places (hover a circle for its events).`);
  } catch (err) {
    setStatus("#map-status", err.message, true);
  }
}

// ------------------------------------------------------------------ dyad timeline

function periodOf(row) { return String(row.period ?? row.date ?? row.day ?? row.week ?? row.month ?? ""); }

function num(v) { return typeof v === "number" && isFinite(v) ? v : 0; }

async function loadDyads(event) {
  if (event) event.preventDefault();
  const params = filterParams($("#dyad-form"));
  const chart = $("#dyad-chart");
  try {
    const data = await api("/v1/dyads?" + params);
    const byPeriod = new Map();
    for (const row of data.dyads) {
      const key = periodOf(row);
      const acc = byPeriod.get(key) || { coop: 0, conf: 0 };
      const coop = row.cooperation ?? row.cooperation_count ?? row.coop;
      const conf = row.conflict ?? row.conflict_count;
      if (coop !== undefined || conf !== undefined) { acc.coop += num(coop); acc.conf += num(conf); }
      else if ((row.quad_code || 0) >= 3) acc.conf += num(row.count ?? row.events); else acc.coop += num(row.count ?? row.events);
      byPeriod.set(key, acc);
    }
    const periods = allPeriods([...byPeriod.keys()].sort(), data.by);
    for (const p of periods) if (!byPeriod.has(p)) byPeriod.set(p, { coop: 0, conf: 0 });
    drawTimeline(chart, periods, periods.map((p) => byPeriod.get(p)));
    const who = [params.get("actor") || "any actor", params.get("recipient") || "any recipient"].join(" → ");
    const span = `${periods.length} ${data.by}${periods.length === 1 ? "" : "s"}, ${byPeriod.size && periods.length ? periods[0] + " to " + periods[periods.length - 1] : ""}`;
    setStatus("#dyad-status", periods.length ? `${who}: ${data.dyads.length} dyad-period rows over ${span}.` : `${who}: no dated events.`);
  } catch (err) {
    setStatus("#dyad-status", err.message, true);
  }
}

function allPeriods(seen, by) {
  // every day, week or month from the first to the last seen (ISO dates), so quiet periods show as zero
  if (seen.length < 2) return seen;
  const out = [];
  const day = (iso) => new Date(iso + "T00:00:00Z");
  const last = day(seen[seen.length - 1]);
  for (let d = day(seen[0]); d <= last && out.length <= 2000;) {
    out.push(d.toISOString().slice(0, 10));
    if (by === "month") d = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
    else d = new Date(d.getTime() + (by === "week" ? 7 : 1) * 86400000);
  }
  return out.length > 2000 ? seen : out; // too long a span to draw every period: only those with events
}

function drawTimeline(chart, periods, values) {
  chart.replaceChildren();
  const W = 800, H = 280, L = 44, R = 16, T = 30, B = 36; // the legend sits above the plot
  const top = Math.max(1, ...values.map((v) => Math.max(v.coop, v.conf)));
  const tick = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000].find((t) => top / t <= 5) || Math.ceil(top / 5);
  const max = Math.ceil(top / tick) * tick; // counts: whole-number ticks
  const x = (i) => L + (periods.length <= 1 ? (W - L - R) / 2 : i * (W - L - R) / (periods.length - 1));
  const y = (v) => H - B - v * (H - T - B) / max;
  for (let v = 0; v <= max; v += tick) {
    chart.append(svg("line", { "class": "gridline", x1: L, x2: W - R, y1: y(v), y2: y(v) }));
    const label = svg("text", { x: L - 6, y: y(v) + 4, "text-anchor": "end" });
    label.textContent = v;
    chart.append(label);
  }
  chart.append(svg("line", { "class": "axis", x1: L, x2: W - R, y1: H - B, y2: H - B }));
  chart.append(svg("line", { "class": "axis", x1: L, x2: L, y1: T, y2: H - B }));
  const step = Math.max(1, Math.ceil(periods.length / 8));
  periods.forEach((p, i) => {
    const last = i === periods.length - 1;
    if ((i % step && !last) || (!last && periods.length - 1 - i < step * 0.75)) return; // no label crowding the last
    const anchor = periods.length > 1 && i === 0 ? "start" : periods.length > 1 && i === periods.length - 1 ? "end" : "middle";
    const label = svg("text", { x: x(i), y: H - B + 16, "text-anchor": anchor });
    label.textContent = p;
    chart.append(label);
  });
  [["coop", "cooperation (quad 1-2)"], ["conf", "conflict (quad 3-4)"]].forEach(([cls, name], k) => {
    chart.append(svg("line", { "class": cls, x1: W - R - 370 + k * 190, x2: W - R - 350 + k * 190, y1: 12, y2: 12 }));
    const label = svg("text", { x: W - R - 344 + k * 190, y: 16 });
    label.textContent = name;
    chart.append(label);
  });
  for (const [key, cls] of [["coop", "coop"], ["conf", "conf"]]) {
    if (!periods.length) continue;
    chart.append(svg("polyline", { "class": cls, points: values.map((v, i) => `${x(i)},${y(v[key])}`).join(" ") }));
    values.forEach((v, i) => {
      if (periods.length > 60 && !v[key]) return; // a long series: dots only where something happened
      const dot = svg("circle", { "class": cls + "-dot", cx: x(i), cy: y(v[key]), r: 3 });
      const title = svg("title");
      title.textContent = `${periods[i]}: ${v[key]} ${key === "coop" ? "cooperation" : "conflict"}`;
      dot.append(title);
      chart.append(dot);
    });
  }
}

// ------------------------------------------------------------------ start

async function loadStats() {
  try {
    const stats = await api("/v1/stats");
    const parts = ["articles", "events", "mentions"].filter((k) => k in stats).map((k) => `${stats[k]} ${k}`);
    $("#store-stats").textContent = parts.length ? "store: " + parts.join(", ") : "";
  } catch (err) {
    $("#store-stats").textContent = "store: " + err.message;
  }
}

function start() {
  const select = $("#events-form").elements.event;
  for (const c of CATEGORIES) select.append(el("option", { value: c }, c));
  const saved = sessionStorage.getItem("dotterel-token");
  if (saved) $("#token").value = saved;
  $("#token").addEventListener("change", () => { sessionStorage.setItem("dotterel-token", token()); loadStats(); loadEvents(); });
  $("#code-form").addEventListener("submit", codeArticle);
  $("#store-submit").addEventListener("click", storeArticle);
  $("#events-form").addEventListener("submit", (e) => { e.preventDefault(); page.offset = 0; loadEvents(); });
  $("#prev-page").addEventListener("click", () => { page.offset = Math.max(0, page.offset - page.limit); loadEvents(); });
  $("#next-page").addEventListener("click", () => { if (page.next !== null) { page.offset = page.next; loadEvents(); } });
  $("#dyad-form").addEventListener("submit", loadDyads);
  loadStats();
  loadEvents();
  loadDyads();
  document.body.dataset.ready = "1";
}

document.addEventListener("DOMContentLoaded", start);
