// The report page's own script and styles (run in the browser, with uPlot loaded before it).
// Plain ES5-style JavaScript in a string: the page needs no build step and no network.

export const REPORT_STYLES = String.raw`
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d2430; margin: 0; background: #f6f7f9; }
main { max-width: 1140px; margin: 0 auto; padding: 16px 20px 40px; }
h1 { font-size: 22px; margin: 8px 0 4px; }
h2 { font-size: 16px; margin: 0 0 4px; }
.meta, .note { color: #5b6472; font-size: 13px; }
.card { background: #fff; border: 1px solid #e2e5ea; border-radius: 8px; padding: 12px 14px; margin: 14px 0; overflow: hidden; }
table.headline { border-collapse: collapse; font-variant-numeric: tabular-nums; width: 100%; }
table.headline th, table.headline td { text-align: right; padding: 4px 10px; border-bottom: 1px solid #eef0f3; white-space: nowrap; }
table.headline th:first-child, table.headline td:first-child { text-align: left; }
table.sweep th:nth-child(2), table.sweep td:nth-child(2) { text-align: left; }
.controls { margin: 4px 0 8px; font-size: 13px; }
.controls input { width: 70px; }
.uplot { font-family: inherit; }
`;

export const REPORT_CLIENT_SCRIPT = String.raw`
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var root = document.getElementById("report");
  var charts = [];
  var isSweep = data.kind === "sweep";

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function isNum(x) { return typeof x === "number" && isFinite(x); }
  function usd(x) {
    if (!isNum(x)) return "n/a";
    var a = Math.abs(x), sign = x < 0 ? "-" : "";
    if (a >= 1e9) return sign + "$" + (a / 1e9).toFixed(2) + "B";
    if (a >= 1e6) return sign + "$" + (a / 1e6).toFixed(1) + "M";
    if (a >= 1e3) return sign + "$" + (a / 1e3).toFixed(1) + "k";
    return sign + "$" + a.toFixed(0);
  }
  function num(x, digits) { return isNum(x) ? x.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits }) : "n/a"; }
  function pct(x) { return isNum(x) ? (100 * x).toFixed(1) + "%" : "n/a"; }
  function width() { return Math.max(320, Math.min(root.clientWidth, 1140) - 60); }
  function monthSeconds(label) { var p = label.split("-"); return Date.UTC(+p[0], +p[1] - 1, 1) / 1000; }

  if (isSweep) { sweepReport(); return; }
  if (data.kind === "headroom") { headroomReport(); return; }

  // Header and headline numbers.
  root.appendChild(el("h1", "", "hashgrid report: " + data.name));
  if (data.description) root.appendChild(el("p", "note", data.description));
  root.appendChild(el("p", "meta", "seed " + data.seed + " | " + data.runs + " runs | starts " + data.start + " | hashgrid " + data.version));
  var s = data.summary;
  var npvs = data.npv.filter(isNum);
  var loss = isNum(data.npvLossShare) ? data.npvLossShare : NaN;
  // npv holds every run's value, or evenly spaced quantiles of them when there are many: counts are scaled to runs.
  var npvRunsPerValue = npvs.length ? data.npvDefinedRuns / npvs.length : 1;
  var headline = el("div", "card");
  headline.appendChild(el("h2", "", "Headline numbers (over all runs)"));
  var table = el("table", "headline");
  var head = el("tr");
  ["", "P10", "P50", "P90", "mean"].forEach(function (h) { head.appendChild(el("th", "", h)); });
  table.appendChild(head);
  function row(label, metric, format) {
    var m = s[metric];
    if (!m) return;
    var tr = el("tr");
    tr.appendChild(el("td", "", label));
    [m.p10, m.p50, m.p90, m.mean].forEach(function (v) { tr.appendChild(el("td", "", format(v))); });
    table.appendChild(tr);
  }
  row("NPV", "npv_usd", usd);
  row("IRR, per year", "irr_per_year", pct);
  row("Payback, month", "payback_month", function (v) { return num(v, 0); });
  row("EBITDA", "ebitda_usd", usd);
  row("Mining revenue, first year, $/MWh", "first_year_mining_revenue_usd_per_mwh", function (v) { return num(v, 0); });
  row("AI revenue, first year, $/MWh", "first_year_ai_revenue_usd_per_mwh", function (v) { return num(v, 0); });
  row("Curtailed hours", "curtailed_hours", function (v) { return num(v, 0); });
  row("BTC mined", "btc_mined", function (v) { return num(v, 1); });
  // Grid programs and other streams, where the scenario has them.
  [["Hosting revenue", "hosting_revenue_usd"], ["Restart costs", "restart_cost_usd"],
    ["Curtailed by the flexible interconnection, MWh", "curtailed_flexible_interconnection_mwh"], ["AI cut by the flexible interconnection, MWh", "ai_cut_flexible_mwh"], ["BTC held at the horizon, value", "treasury_value_usd"]].forEach(function (pair) {
    var stat = s[pair[1]];
    if (stat && (stat.mean !== 0 || stat.p90 !== 0)) row(pair[0], pair[1], pair[1].indexOf("_mwh") >= 0 ? function (v) { return num(v, 0); } : usd);
  });
  // The site components' declared columns, where the scenario uses them.
  (data.componentColumns || []).forEach(function (c) {
    var stat = s[c.name];
    // Left out of the scenario: 0 in every run, or empty (no mean) for columns declared empty.
    if (stat && typeof stat.mean === "number" && isFinite(stat.mean) && (stat.mean !== 0 || stat.p90 !== 0)) row(c.label === c.name ? c.name + ", " + c.unit : c.label, c.name, c.unit === "$" ? usd : function (v) { return num(v, 0); });
  });
  headline.appendChild(table);
  headline.appendChild(el("p", "note", "Probability of loss, P(NPV < 0): " + pct(loss)));
  root.appendChild(headline);

  function card(id, title, note) {
    var c = el("div", "card");
    c.appendChild(el("h2", "", title));
    if (note) c.appendChild(el("p", "note", note));
    var holder = el("div");
    holder.id = id;
    holder.setAttribute("data-chart", id);
    c.appendChild(holder);
    root.appendChild(c);
    return holder;
  }
  function markDrawn(u) { u.root.parentNode.setAttribute("data-drawn", "1"); }
  function make(holder, opts, chartData, height) {
    opts.width = width();
    opts.height = height || 300;
    // Axis times in the zone the chart says (the site's local time for hours, UTC for the CSV files' calendar months), whatever the reader's zone.
    var zone = opts.timeZone || "Etc/UTC";
    delete opts.timeZone;
    opts.tzDate = function (ts) { return uPlot.tzDate(new Date(ts * 1e3), zone); };
    opts.hooks = opts.hooks || {};
    opts.hooks.draw = (opts.hooks.draw || []).concat([markDrawn]);
    var u = new uPlot(opts, chartData, holder);
    charts.push(u);
    return u;
  }
  function verticalLines(positions, color, labels) {
    return function (u) {
      var ctx = u.ctx;
      ctx.save();
      ctx.strokeStyle = color;
      ctx.fillStyle = color;
      ctx.setLineDash([5, 4]);
      ctx.lineWidth = 1.5 * devicePixelRatio;
      ctx.font = (11 * devicePixelRatio) + "px system-ui, sans-serif";
      positions.forEach(function (x, i) {
        var label = typeof labels === "string" ? labels : labels[i];
        var px = u.valToPos(x, "x", true);
        if (px < u.bbox.left || px > u.bbox.left + u.bbox.width) return;
        ctx.beginPath();
        ctx.moveTo(px, u.bbox.top);
        ctx.lineTo(px, u.bbox.top + u.bbox.height);
        ctx.stroke();
        ctx.fillText(label, px + 4 * devicePixelRatio, u.bbox.top + 12 * devicePixelRatio);
      });
      ctx.restore();
    };
  }
  var fan = { p10: "rgba(37, 99, 235, 0.55)", p50: "rgb(29, 78, 216)", p90: "rgba(37, 99, 235, 0.55)", band: "rgba(37, 99, 235, 0.12)" };
  /** Tick labels of a log axis: 30k, 100k, 1M, 10T. */
  function compactTicks(u, vals) {
    return vals.map(function (v) {
      if (v === null || v === undefined) return "";
      var a = Math.abs(v);
      if (a >= 1e12) return +(v / 1e12).toPrecision(3) + "T";
      if (a >= 1e9) return +(v / 1e9).toPrecision(3) + "B";
      if (a >= 1e6) return +(v / 1e6).toPrecision(3) + "M";
      if (a >= 1e3) return +(v / 1e3).toPrecision(3) + "k";
      return String(+v.toPrecision(3));
    });
  }
  function fanChart(id, title, note, column, yLabel, scale, log, markers) {
    var m = data.monthly;
    if (!m || !m[column + "_p50"]) return;
    var x = m.month.map(monthSeconds);
    var k = scale || 1;
    function sc(a) { return a.map(function (v) { return v === null ? null : v / k; }); }
    var series = [{}, { label: "P10", stroke: fan.p10, width: 1 }, { label: "P50", stroke: fan.p50, width: 2 }, { label: "P90", stroke: fan.p90, width: 1 }];
    var cols = [x, sc(m[column + "_p10"]), sc(m[column + "_p50"]), sc(m[column + "_p90"])];
    if (column === "cumulative_net_cash_usd") {
      for (var r = 0; r < 5; r++) {
        var path = m["cumulative_net_cash_usd_run" + r];
        if (!path) continue;
        series.push({ label: "run " + r, stroke: "rgba(100, 110, 125, 0.55)", width: 1 });
        cols.push(sc(path));
      }
    }
    make(card(id, title, note), {
      series: series,
      bands: [{ series: [3, 1], fill: fan.band }],
      scales: { y: log ? { distr: 3 } : {} },
      axes: [{ label: "month (UTC)" }, { label: yLabel, size: 80, labelGap: 4, values: log ? compactTicks : undefined }],
      hooks: markers ? { draw: [markers] } : {},
    }, cols);
  }

  // Grid-program money, where the scenario has programs: P10-P90 bars and P50 dots, $M.
  (function () {
    // The components' money: their cash terms (sign as declared) and the savings they declare.
    var programs = (data.componentColumns || []).filter(function (c) { return c.cash !== 0 || c.saving; }).map(function (c) { return [c.label, c.name, c.cash !== 0 ? c.cash : 1]; })
      .filter(function (p) { var s = data.summary[p[1]]; return s && (s.mean !== 0 || s.p90 !== 0 || s.p10 !== 0); });
    if (programs.length === 0) return;
    rangeChart("chart-programs", "Grid programs: money over the horizon",
      "Each program's money summed over the horizon, $M: P10 to P90 across runs (bar) and P50 (dot); penalties and 4CP charges count negative. 4CP savings are the charges avoided by curtailing on alerts.",
      programs.map(function (p) {
        var s = data.summary[p[1]];
        return { name: p[0], tick: wrapWords(p[0], 18), p10: p[2] > 0 ? s.p10 : -s.p90, p50: p[2] * s.p50, p90: p[2] > 0 ? s.p90 : -s.p10 };
      }), "program", "$M over the horizon", "13, 148, 136", 320);
  })();

  // Halving markers: the median hour of each halving within the horizon, from runs.csv.
  var startSeconds = Date.parse(data.start) / 1000;
  var ordinals = ["1st", "2nd", "3rd"];
  var halvingMarker = data.halvingHoursP50.length
    ? verticalLines(data.halvingHoursP50.map(function (h) { return startSeconds + h * 3600; }), "rgb(190, 24, 93)", data.halvingHoursP50.map(function (_, i) { return ordinals[i] + " halving (P50)"; }))
    : null;

  fanChart("chart-cash", "Cumulative net cash flow by month", "P10 to P90 band, P50 line and five sample runs; capex included, undiscounted.", "cumulative_net_cash_usd", "cumulative net cash, $M", 1e6, false, null);

  // NPV distribution.
  (function () {
    if (npvs.length < 2) return;
    var lo = npvs.reduce(function (a, b) { return Math.min(a, b); }), hi = npvs.reduce(function (a, b) { return Math.max(a, b); });
    if (hi === lo) { hi = lo + 1; }
    var bins = Math.min(40, Math.max(5, Math.round(Math.sqrt(npvs.length))));
    var step = (hi - lo) / bins;
    var centers = [], counts = [];
    for (var b = 0; b < bins; b++) { centers.push((lo + (b + 0.5) * step) / 1e6); counts.push(0); }
    npvs.forEach(function (v) { counts[Math.min(bins - 1, Math.floor((v - lo) / step))] += npvRunsPerValue; });
    counts = counts.map(function (c) { return Math.round(c); });
    var zeroLine = verticalLines([0], "rgb(220, 38, 38)", "NPV = 0 | P(NPV < 0) = " + pct(loss));
    make(card("chart-npv", "Distribution of NPV", "Runs per bin; the red line marks NPV = 0 where it falls inside the range. P(NPV < 0) = " + pct(loss) + "."), {
      scales: { x: { time: false, range: function (u, mn, mx) { return [mn - step / 2e6, mx + step / 2e6]; } } },
      series: [{ label: "NPV, $M" }, { label: "runs", fill: "rgba(37, 99, 235, 0.35)", stroke: "rgb(29, 78, 216)", paths: uPlot.paths.bars({ size: [0.9, 60] }) }],
      axes: [{ label: "NPV, $M" }, { label: "runs per bin", size: 60 }],
      hooks: { draw: [zeroLine] },
    }, [centers, counts]);
  })();

  fanChart("chart-btc", "BTC price", "Month-end price, P10 to P90 across runs; log scale. Dashed lines mark the median hour of each halving.", "btc_price_usd", "BTC price, $ (log)", 1, true, halvingMarker);
  fanChart("chart-hashprice", "Hashprice", "Month-end hashprice, P10 to P90 across runs.", "hashprice_usd_per_th_day", "hashprice, $/TH/s/day", 1, false, halvingMarker);
  fanChart("chart-difficulty", "Network difficulty", "Month-end difficulty, P10 to P90 across runs; log scale.", "difficulty", "difficulty (T = 10^12)", 1e12, true, halvingMarker);

  // Dispatch stack for a chosen week, and the load-duration curve, from the traced run.
  var t = data.trace;
  if (t) {
    var hours = t.ai.length;
    var t0 = Date.parse(t.startUtc) / 1000;
    var layers = [{ label: "AI", values: t.ai, color: "rgb(124, 58, 237)" }];
    var palette = ["rgb(5, 150, 105)", "rgb(16, 185, 129)", "rgb(52, 211, 153)", "rgb(110, 231, 183)", "rgb(4, 120, 87)"];
    t.classes.forEach(function (c, i) { layers.push({ label: "mining " + c.name, values: c.mw, color: palette[i % palette.length] }); });
    // One layer per declared curtailment reason with MW in this run (economic and capacity always).
    var reasonColors = { economic: "rgb(251, 191, 36)", capacity: "rgb(239, 68, 68)" };
    var otherColors = ["rgb(100, 116, 139)", "rgb(14, 165, 233)", "rgb(99, 102, 241)", "rgb(236, 72, 153)", "rgb(234, 88, 12)", "rgb(120, 53, 15)", "rgb(8, 145, 178)", "rgb(190, 24, 93)"];
    var byReason = {};
    t.curtailed.forEach(function (r, i) {
      byReason[r.name] = r.mw;
      layers.push({ label: "curtailed: " + r.label, values: r.mw, color: reasonColors[r.name] || otherColors[i % otherColors.length] });
    });
    var weeks = Math.max(1, Math.floor(hours / 168));
    var holder = card("chart-dispatch", "Dispatch of run " + t.run + " for one week", "Stacked MW served and curtailed (by reason) under the " + t.interconnectMw + " MW interconnect; price on the right axis. Times are the site's local time (" + data.timezone + "); the hover gives each layer's own MW.");
    var controls = el("div", "controls");
    var label = el("label", "", "week (1-" + weeks + "): ");
    var input = el("input");
    input.type = "number"; input.min = "1"; input.max = String(weeks); input.value = String(Math.min(weeks, 27));
    label.appendChild(input);
    controls.appendChild(label);
    holder.parentNode.insertBefore(controls, holder);
    var dispatch = null;
    var weekFrom = 0;
    function weekData(w) {
      var from = (w - 1) * 168, to = Math.min(hours, from + 168);
      weekFrom = from;
      var x = [], cumulative = layers.map(function () { return []; }), price = [];
      for (var h = from; h < to; h++) {
        x.push(t0 + h * 3600);
        var sum = 0;
        for (var i = 0; i < layers.length; i++) { sum += layers[i].values[h] || 0; cumulative[i].push(sum); }
        price.push(t.price[h]);
      }
      // Draw the highest cumulative first so each lower layer paints over it: a stack.
      return [x].concat(cumulative.slice().reverse()).concat([price]);
    }
    var stackSeries = [{}].concat(layers.slice().reverse().map(function (l) {
      // The hover shows the layer's own MW, not the top of the stack it is drawn to.
      return { label: l.label, stroke: l.color, fill: l.color.replace("rgb(", "rgba(").replace(")", ", 0.75)"), width: 1, value: function (u, v, si, i) {
        if (v === null || i === null || i === undefined) return "";
        var own = l.values[weekFrom + i];
        return isNum(own) ? own.toFixed(1) + " MW" : "";
      } };
    })).concat([{ label: "price, $/MWh", stroke: "rgb(15, 23, 42)", width: 1.5, scale: "usd" }]);
    dispatch = make(holder, {
      series: stackSeries,
      scales: { y: { range: function (u, mn, mx) { return [0, Math.max(mx, t.interconnectMw)]; } }, usd: {} },
      axes: [{ label: "local time (" + data.timezone + ")" }, { label: "site MW", size: 60 }, { label: "price, $/MWh", side: 1, scale: "usd", grid: { show: false }, size: 70 }],
      timeZone: data.timezone,
    }, weekData(+input.value), 340);
    input.addEventListener("change", function () {
      var w = Math.max(1, Math.min(weeks, Math.round(+input.value) || 1));
      input.value = String(w);
      dispatch.setData(weekData(w));
    });

    var sorted = t.importMw.filter(isNum).slice().sort(function (a, b) { return b - a; });
    var rank = sorted.map(function (_, i) { return i + 1; });
    var cap = sorted.map(function () { return t.interconnectMw; });
    make(card("chart-duration", "Load-duration curve of run " + t.run, "Site import sorted from the highest hour to the lowest, over the whole horizon."), {
      scales: { x: { time: false } },
      series: [{ label: "hours at or above" }, { label: "import, MW", stroke: "rgb(29, 78, 216)", fill: "rgba(37, 99, 235, 0.15)", width: 1.5 }, { label: "interconnect, MW", stroke: "rgb(220, 38, 38)", dash: [6, 4], width: 1 }],
      axes: [{ label: "hours at or above (of " + sorted.length + ")" }, { label: "site import, MW", size: 60 }],
    }, [rank, sorted, cap]);
  }

  // Curtailment by reason and month, and the price-response curve, from the traced run.
  if (t) {
    var monthLabels = [], econ = [], capac = [], grid = [], current = null;
    var otherReasons = t.curtailed.filter(function (r) { return r.name !== "economic" && r.name !== "capacity"; });
    function programsAt(h) { var sum = 0; otherReasons.forEach(function (r) { sum += r.mw[h] || 0; }); return sum; }
    for (var h = 0; h < hours; h++) {
      var label = new Date((t0 + h * 3600) * 1000).toISOString().slice(0, 7);
      if (label !== current) { current = label; monthLabels.push(label); econ.push(0); capac.push(0); grid.push(0); }
      econ[econ.length - 1] += byReason.economic[h] || 0;
      capac[capac.length - 1] += byReason.capacity[h] || 0;
      grid[grid.length - 1] += programsAt(h);
    }
    // Each month's bar at its middle, with half a month of room at both ends so no bar is cut.
    var mx = monthLabels.map(function (l) { return monthSeconds(l) + 15 * 86400; });
    var hasGrid = grid.some(function (v) { return v > 0; });
    var stackedCap = econ.map(function (v, i) { return v + capac[i]; });
    var stackedGrid = stackedCap.map(function (v, i) { return v + grid[i]; });
    var curtailmentSeries = [{}];
    var curtailmentData = [mx];
    if (hasGrid) {
      curtailmentSeries.push({ label: "grid programs, outages and constraints, MWh", stroke: "rgb(236, 72, 153)", fill: "rgba(236, 72, 153, 0.6)", paths: uPlot.paths.bars({ size: [0.8, 40] }) });
      curtailmentData.push(stackedGrid);
    }
    curtailmentSeries.push({ label: "capacity, MWh", stroke: "rgb(239, 68, 68)", fill: "rgba(239, 68, 68, 0.7)", paths: uPlot.paths.bars({ size: [0.8, 40] }) },
      { label: "economic, MWh", stroke: "rgb(217, 119, 6)", fill: "rgba(251, 191, 36, 0.9)", paths: uPlot.paths.bars({ size: [0.8, 40] }) });
    curtailmentData.push(stackedCap, econ);
    var monthPad = 16 * 86400;
    make(card("chart-curtailment", "Curtailed mining energy by month and reason, run " + t.run, "MWh of available mining energy not used: economic (hash revenue below the power cost), capacity (AI first under the interconnect)" + (hasGrid ? " and the other reasons of this run (" + otherReasons.map(function (r) { return r.label; }).join(", ") + ")" : "") + ", stacked."), {
      series: curtailmentSeries,
      scales: { x: { range: function (u, mn, mx2) { return [mn - monthPad, mx2 + monthPad]; } } },
      axes: [{ label: "month (UTC)" }, { label: "curtailed, MWh", size: 80 }],
    }, curtailmentData);

    var edges = [-Infinity, 0, 20, 40, 60, 80, 100, 150, 200, 300, 500, 1000, Infinity];
    var names = ["< 0", "0-20", "20-40", "40-60", "60-80", "80-100", "100-150", "150-200", "200-300", "300-500", "500-1,000", "> 1,000"];
    var curtailed = names.map(function () { return 0; }), capacity = names.map(function () { return 0; }), count = names.map(function () { return 0; });
    for (var k = 0; k < hours; k++) {
      var p = t.price[k];
      if (!isNum(p) || !(t.miningCapacityMw[k] > 0)) continue;
      var b = 0;
      while (b < names.length - 1 && p >= edges[b + 1]) b++;
      curtailed[b] += (byReason.economic[k] || 0) + (byReason.capacity[k] || 0) + programsAt(k);
      capacity[b] += t.miningCapacityMw[k];
      count[b]++;
    }
    var share = curtailed.map(function (c, i) { return capacity[i] > 0 ? (100 * c) / capacity[i] : null; });
    var bx = names.map(function (_, i) { return i; });
    make(card("chart-price-response", "Price response of run " + t.run, "Share of available mining capacity curtailed (all reasons), by the hour's power price ($/MWh); hours per bin in the legend values."), {
      scales: { x: { time: false, range: [-0.5, names.length - 0.5] }, y: { range: [0, 100] } },
      series: [{ label: "price bin", value: function (u, v) { return v === null ? "" : names[v] + " $/MWh (" + count[v] + " h)"; } },
        { label: "curtailed share, %", stroke: "rgb(217, 119, 6)", fill: "rgba(251, 191, 36, 0.6)", paths: uPlot.paths.bars({ size: [0.8, 60] }) }],
      axes: [{ label: "power price, $/MWh", values: function (u, vals) { return vals.map(function (v) { return names[v] !== undefined && v === Math.round(v) ? names[v] : ""; }); } },
        { label: "share curtailed, %", size: 60 }],
    }, [bx, share]);
  }

  finish();

  function finish() {
    window.addEventListener("resize", function () { charts.forEach(function (u) { u.setSize({ width: width(), height: u.height }); }); });
    window.__hashgridCharts = charts.map(function (u) { return u.root.parentNode.id; });
  }

  // A headroom folder (sim headroom): how much flexible load the system can take at each curtailment limit.
  function headroomReport() {
    var info = data.info;
    root.appendChild(el("h1", "", "hashgrid headroom: " + data.name));
    root.appendChild(el("p", "note", "Flexible-interconnection headroom by the method of Norris et al., Rethinking Load Growth (Duke Nicholas Institute, 2025): a constant added load is curtailed by max(0, load + added - threshold) in each hour; the thresholds are the period's highest summer (Jun-Aug) and winter (Dec-Feb) loads, applied Apr-Oct and Nov-Mar."));
    root.appendChild(el("p", "meta", info.firstHourUtc + " .. " + info.lastHourUtc + " (" + num(info.hours, 0) + " hours, " + info.years.length + " local years, " + info.timezone + ") | missing hours: " + info.missingHours + " | hashgrid " + data.version));
    var box = el("div", "card");
    box.appendChild(el("h2", "", "Headroom at each curtailment limit"));
    box.appendChild(el("p", "note", "Thresholds: summer " + num(info.thresholds.summerMw, 0) + " MW (peak " + info.thresholds.summerPeakUtc + "), winter " + num(info.thresholds.winterMw, 0) + " MW (peak " + info.thresholds.winterPeakUtc + ")."));
    var tbl = el("table", "headline");
    var hr = el("tr");
    ["limit", "headroom, MW", "curtailed h/yr", "curtailed MWh/yr", "mean event, h", "longest event, h", "keeping >= 50%", ">= 75%", ">= 90%"].forEach(function (h) { hr.appendChild(el("th", "", h)); });
    tbl.appendChild(hr);
    data.limits.forEach(function (r) {
      var tr = el("tr");
      [r.limit_pct + "%", num(r.headroom_mw, 0), num(r.curtailed_hours_per_year, 1), num(r.curtailed_mwh_per_year, 0), num(r.mean_event_hours, 1), num(r.max_event_hours, 0),
        pct(r.share_hours_retaining_50pct), pct(r.share_hours_retaining_75pct), pct(r.share_hours_retaining_90pct)].forEach(function (c) { tr.appendChild(el("td", "", c)); });
      tbl.appendChild(tr);
    });
    box.appendChild(tbl);
    box.appendChild(el("p", "note", "Keeping >= X%: the share of curtailed hours in which at least X% of the added load stays on."));
    root.appendChild(box);
    var curve = info.curve;
    make(card("chart-headroom", "Headroom against the curtailment limit", "The largest constant added load, GW, whose mean yearly curtailment stays within each limit."), {
      scales: { x: { time: false } },
      series: [{ label: "limit, %" }, { label: "headroom, GW", stroke: "rgb(29, 78, 216)", width: 2, points: { size: 6, fill: "rgb(29, 78, 216)" }, value: function (u, v) { return v === null ? "" : v.toFixed(2) + " GW"; } }],
      axes: [{ label: "curtailment limit, % of the added load's energy" }, { label: "headroom, GW", size: 60 }],
    }, [curve.map(function (c) { return c.limitPct; }), curve.map(function (c) { return c.headroomMw / 1000; })]);
    data.limits.forEach(function (r, i) { heatMap("chart-hours-" + i, r); });
    finish();
  }

  /** Curtailed hours a year by local month (rows) and hour of day (columns), drawn on a canvas. */
  function heatMap(id, r) {
    var holder = card(id, "When the added load is curtailed at the " + r.limit_pct + "% limit (" + num(r.headroom_mw, 0) + " MW)",
      "Curtailed hours a year by month (rows) and hour of day (columns), local time (" + data.info.timezone + "); darker is more. Peak cell: " + num(Math.max.apply(null, r.hoursPerYearByMonthHour), 2) + " hours a year.");
    var w = width(), cellW = Math.floor((w - 50) / 24), cellH = 22, top = 20, left = 44;
    var canvas = document.createElement("canvas");
    var ratio = window.devicePixelRatio || 1;
    canvas.width = (left + cellW * 24) * ratio;
    canvas.height = (top + cellH * 12 + 4) * ratio;
    canvas.style.width = (left + cellW * 24) + "px";
    canvas.style.height = (top + cellH * 12 + 4) + "px";
    holder.appendChild(canvas);
    var ctx = canvas.getContext("2d");
    ctx.scale(ratio, ratio);
    var values = r.hoursPerYearByMonthHour, most = Math.max.apply(null, values.concat([1e-9]));
    var months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    ctx.font = "11px system-ui, sans-serif";
    ctx.fillStyle = "#5b6472";
    for (var h = 0; h < 24; h += 2) ctx.fillText(String(h), left + h * cellW + 2, 12);
    for (var m = 0; m < 12; m++) {
      ctx.fillStyle = "#5b6472";
      ctx.fillText(months[m], 4, top + m * cellH + 15);
      for (h = 0; h < 24; h++) {
        var v = values[m * 24 + h] || 0;
        ctx.fillStyle = v > 0 ? "rgba(220, 38, 38, " + (0.12 + 0.88 * v / most).toFixed(3) + ")" : "#f1f3f6";
        ctx.fillRect(left + h * cellW, top + m * cellH, cellW - 1, cellH - 1);
      }
    }
    holder.setAttribute("data-drawn", "1");
  }

  // A sweep folder: the strategies side by side.
  function sweepReport() {
    root.appendChild(el("h1", "", "hashgrid sweep: " + data.name));
    if (data.description) root.appendChild(el("p", "note", data.description));
    root.appendChild(el("p", "meta", "seed " + data.seed + " | " + data.runs + " runs per variant, the same runs for every variant (common random numbers) | hashgrid " + data.version));
    var v = data.variants;
    var box = el("div", "card");
    box.appendChild(el("h2", "", "Variants"));
    var tbl = el("table", "headline sweep");
    var hr = el("tr");
    ["#", "variant", "NPV P10", "NPV P50", "NPV P90", "P(NPV < 0)", "payback month P50", "IRR P50", "vs base P10 / P50 / P90", "beats base"].forEach(function (h) { hr.appendChild(el("th", "", h)); });
    tbl.appendChild(hr);
    v.forEach(function (r, i) {
      var tr = el("tr");
      var paired = i === 0 ? "(the base)" : usd(r.vsBaseP10) + " / " + usd(r.vsBaseP50) + " / " + usd(r.vsBaseP90);
      [String(i + 1), r.name, usd(r.npvP10), usd(r.npvP50), usd(r.npvP90), pct(r.probabilityOfLoss), num(r.paybackP50, 0), pct(r.irrP50), paired, i === 0 ? "" : pct(r.beatsBase)].forEach(function (c) { tr.appendChild(el("td", "", c)); });
      tbl.appendChild(tr);
    });
    box.appendChild(tbl);
    box.appendChild(el("p", "note", "vs base: percentiles over runs of NPV(variant, run i) - NPV(base, run i), the same random paths on both sides, so the difference is the decision's and not luck's; beats base: the share of runs in which the variant's NPV is higher."));
    root.appendChild(box);
    rangeChart("chart-sweep", "NPV by variant", "P10 to P90 (bar) and P50 (dot) of NPV for each variant, $M; the red line marks NPV = 0.",
      v.map(function (r, i) { return { name: r.name, tick: "#" + (i + 1), p10: r.npvP10, p50: r.npvP50, p90: r.npvP90 }; }), "variant (# in the table)", "NPV, $M", "37, 99, 235", 380);
    finish();
  }

  /** One column per item: its P10-P90 range as a bar and P50 as a dot, in $M ($ in the items), with the zero line. */
  function rangeChart(id, title, note, items, xLabel, yLabel, rgb, height) {
    function millions(key) { return items.map(function (r) { return isNum(r[key]) ? r[key] / 1e6 : null; }); }
    var p10 = millions("p10"), p50 = millions("p50"), p90 = millions("p90");
    var bars = function (u) {
      var ctx = u.ctx;
      ctx.save();
      ctx.strokeStyle = "rgb(" + rgb + ")";
      ctx.lineWidth = 4 * devicePixelRatio;
      items.forEach(function (_, i) {
        if (p10[i] === null || p90[i] === null) return;
        var x = u.valToPos(i, "x", true);
        ctx.beginPath();
        ctx.moveTo(x, u.valToPos(p10[i], "y", true) + devicePixelRatio);
        ctx.lineTo(x, u.valToPos(p90[i], "y", true) - devicePixelRatio);
        ctx.stroke();
      });
      ctx.restore();
    };
    var whisker = { stroke: "rgba(" + rgb + ", 0.8)", width: 0, points: { size: 7, fill: "rgba(" + rgb + ", 0.8)" } };
    make(card(id, title, note), {
      scales: { x: { time: false, range: [-0.5, items.length - 0.5] } },
      series: [
        { label: xLabel.split(" ")[0], value: function (u, i) { return i === null || !items[i] ? "" : items[i].name; } },
        Object.assign({ label: "P10, $M" }, whisker),
        { label: "P50, $M", stroke: "rgb(15, 23, 42)", width: 0, points: { size: 10, fill: "rgb(15, 23, 42)" } },
        Object.assign({ label: "P90, $M" }, whisker),
      ],
      axes: [{ label: xLabel, values: function (u, vals) { return vals.map(function (i) { return items[i] && i === Math.round(i) ? items[i].tick : ""; }); }, size: 75 }, { label: yLabel, size: 80 }],
      hooks: { draw: [bars, verticalZero] },
    }, [items.map(function (_, i) { return i; }), p10, p50, p90], height);
  }

  /** Tick text broken into lines of about width characters at spaces, so neighbouring ticks do not overlap. */
  function wrapWords(text, width) {
    var lines = [""];
    String(text).split(" ").forEach(function (word) {
      var last = lines.length - 1;
      if (lines[last] !== "" && lines[last].length + 1 + word.length > width) lines.push(word);
      else lines[last] = lines[last] === "" ? word : lines[last] + " " + word;
    });
    return lines.join("\n");
  }

  function verticalZero(u) {
    var y = u.valToPos(0, "y", true);
    if (y < u.bbox.top || y > u.bbox.top + u.bbox.height) return;
    var ctx = u.ctx;
    ctx.save();
    ctx.strokeStyle = "rgb(220, 38, 38)";
    ctx.setLineDash([5, 4]);
    ctx.beginPath();
    ctx.moveTo(u.bbox.left, y);
    ctx.lineTo(u.bbox.left + u.bbox.width, y);
    ctx.stroke();
    ctx.restore();
  }
})();
`;
