// eventcoder dashboard: a little JS on top of server-rendered pages. Charts use the vendored Vega-Lite.
"use strict";

const QUAD_NAMES = ["verbal cooperation", "material cooperation", "verbal conflict", "material conflict"];
const QUAD_COLORS = ["#92c5de", "#2c7bb6", "#fdae61", "#d7191c"];

// Event table: a click anywhere on a row opens its article (the link in the row stays the keyboard path).
document.querySelectorAll("table.events tbody tr[data-href]").forEach((row) => {
  row.addEventListener("click", (event) => {
    if (event.target.closest("a")) return;
    window.location.href = row.dataset.href;
  });
});

function embed(element, spec) {
  return vegaEmbed(element, spec, { actions: false, renderer: "svg" }).catch((err) => {
    element.textContent = "The chart could not be drawn: " + err.message;
  });
}

// Dyad timeline: stacked bars per quad class and the mean Goldstein score on a second axis.
const dyadChart = document.getElementById("chart");
if (dyadChart) {
  const series = JSON.parse(dyadChart.dataset.series);
  const rows = [];
  for (const p of series) {
    ["q1_verbal_coop", "q2_material_coop", "q3_verbal_conflict", "q4_material_conflict"].forEach((key, i) => {
      rows.push({ period: p.period, quad: QUAD_NAMES[i], order: i, events: p[key], goldstein: p.goldstein_mean });
    });
  }
  // Bars span their period: month and year are time units; a week is seven day-bands.
  const freq = dyadChart.dataset.freq;
  const timeUnit = { day: "yearmonthdate", week: "yearmonthdate", month: "yearmonth", year: "year" }[freq];
  const x = { field: "period", type: "temporal", timeUnit, title: null };
  const band = freq === "week" ? 6.5 : 0.9;
  embed(dyadChart, {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    title: dyadChart.dataset.title,
    width: "container",
    height: 300,
    data: { values: rows },
    layer: [
      {
        mark: { type: "bar", tooltip: true, width: { band } },
        encoding: {
          x,
          y: { aggregate: "sum", field: "events", type: "quantitative", title: "events" },
          color: {
            field: "quad", type: "nominal", title: "quad class",
            scale: { domain: QUAD_NAMES, range: QUAD_COLORS }, sort: QUAD_NAMES,
          },
          order: { field: "order" },
        },
      },
      {
        transform: [{ filter: "datum.order == 0 && datum.goldstein != null" }],
        mark: { type: "line", point: true, color: "#222", tooltip: true },
        encoding: {
          x: { ...x, bandPosition: freq === "week" ? 3.5 : 0.5 },
          y: { field: "goldstein", type: "quantitative", title: "mean Goldstein", scale: { domain: [-10, 10] } },
        },
      },
    ],
    resolve: { scale: { y: "independent" } },
  });
}

// Actor network: positions come from the server's spring layout (GET /network).
const networkChart = document.getElementById("network");
if (networkChart) {
  fetch("/network?" + networkChart.dataset.query)
    .then((r) => r.json().then((body) => ({ ok: r.ok, body })))
    .then(({ ok, body }) => {
      if (!ok) { networkChart.textContent = body.error; return; }
      if (!body.nodes.length) { networkChart.textContent = "No events match these filters."; return; }
      const pos = Object.fromEntries(body.nodes.map((n) => [n.id, n]));
      const edges = body.edges.filter((e) => e.source !== e.target).map((e) => ({
        ...e, x: pos[e.source].x, y: pos[e.source].y, x2: pos[e.target].x, y2: pos[e.target].y,
      }));
      const tbody = document.querySelector("#edges tbody");
      [...body.edges].sort((a, b) => b.weight - a.weight).slice(0, 50).forEach((e) => {
        const tr = document.createElement("tr");
        [e.source, e.target, e.weight, e.goldstein_mean.toFixed(2), e.conflict].forEach((v, i) => {
          const td = document.createElement("td");
          td.textContent = v;
          if (i >= 2) td.className = "num";
          tr.appendChild(td);
        });
        tbody.appendChild(tr);
      });
      const axis = { axis: null, scale: { domain: [-1.15, 1.15] } };
      embed(networkChart, {
        $schema: "https://vega.github.io/schema/vega-lite/v5.json",
        width: "container",
        height: 500,
        layer: [
          {
            data: { values: edges },
            mark: { type: "rule", opacity: 0.6, tooltip: true },
            encoding: {
              x: { field: "x", type: "quantitative", ...axis }, y: { field: "y", type: "quantitative", ...axis },
              x2: { field: "x2" }, y2: { field: "y2" },
              strokeWidth: { field: "weight", type: "quantitative", scale: { range: [0.5, 6] }, legend: null },
              color: {
                field: "goldstein_mean", type: "quantitative", title: "mean Goldstein",
                scale: { scheme: "redblue", domain: [-10, 10] },
              },
              tooltip: [{ field: "source" }, { field: "target" }, { field: "weight", title: "events" },
                { field: "goldstein_mean", title: "mean Goldstein" }],
            },
          },
          {
            data: { values: body.nodes },
            mark: { type: "circle", color: "#444", opacity: 0.85, tooltip: true },
            encoding: {
              x: { field: "x", type: "quantitative", ...axis }, y: { field: "y", type: "quantitative", ...axis },
              size: { field: "events", type: "quantitative", scale: { range: [40, 900] }, legend: null },
              tooltip: [{ field: "id", title: "actor" }, { field: "events" }],
            },
          },
          {
            data: { values: body.nodes },
            mark: { type: "text", dy: -12, fontSize: 11 },
            encoding: {
              x: { field: "x", type: "quantitative", ...axis }, y: { field: "y", type: "quantitative", ...axis },
              text: { field: "id" },
            },
          },
        ],
      });
    })
    .catch((err) => { networkChart.textContent = "Could not load the network: " + err.message; });
}

// Code a text: POST /code, then show the text cut into highlighted segments and the events.
function cell(text) {
  const td = document.createElement("td");
  td.textContent = text == null ? "" : String(text);
  return td;
}

const codeForm = document.getElementById("code-form");
if (codeForm) {
  codeForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const status = document.getElementById("code-status");
    const button = document.getElementById("code-submit");
    const body = { text: document.getElementById("code-text").value };
    const day = document.getElementById("code-date").value;
    if (day) body.date = day;
    button.disabled = true;
    status.textContent = "Coding…";
    try {
      const response = await fetch("/code", {
        method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
      });
      const result = await response.json();
      if (!response.ok) { status.textContent = result.error; return; }
      const out = document.getElementById("code-text-out");
      out.replaceChildren();
      for (const s of result.segments) {
        if (s.kinds.length) {
          const mark = document.createElement("mark");
          mark.className = "hl " + s.kinds.join(" ");
          mark.title = s.labels.join("; ");
          mark.textContent = s.text;
          out.appendChild(mark);
        } else {
          out.appendChild(document.createTextNode(s.text));
        }
      }
      const tbody = document.querySelector("#code-events tbody");
      tbody.replaceChildren();
      for (const e of result.events) {
        const tr = document.createElement("tr");
        tr.append(
          cell(e.source ? `${e.source.text} ${e.source.code || ""}` : ""),
          cell(e.trigger.text),
          cell(`${e.cameo} ${(e.plover_type || "").toLowerCase()} (${e.goldstein.toFixed(1)})${e.negated ? " negated" : ""}`),
          cell(e.target ? `${e.target.text} ${e.target.code || ""}` : ""),
          cell(e.event_date),
          cell(e.location ? e.location.name : ""),
          cell(e.modality),
        );
        tbody.appendChild(tr);
      }
      document.getElementById("code-result").hidden = false;
      status.textContent = `${result.events.length} events, ${result.quotes.length} quotes, coded in ${result.seconds.toFixed(2)} s`;
    } catch (err) {
      status.textContent = "Request failed: " + err.message;
    } finally {
      button.disabled = false;
    }
  });
}
