// The output-column reference (docs/output-columns.md), generated from the column lists.
import { SUMMARY_PERCENTILES } from "../montecarlo/statistics";
import {
  CURTAIL_REASON_ORDER_TEXT,
  CURTAILMENT_COLUMNS,
  EVENT_COLUMNS,
  MONTHLY_PERCENTILES,
  MONTHLY_RUN_LIMIT,
  MONTHLY_SAMPLE_RUNS,
  MONTHLY_SERIES,
  RUN_METRICS,
  TRACE_COLUMNS,
  type ColumnSpec,
} from "../site/columns";
import { DURATION_PERCENTS, PRICE_BIN_EDGES, priceBinLabel } from "../site/analytics";
import { HEADROOM_COLUMNS, HEADROOM_HOURS_COLUMNS } from "./headroom-folder";
import { SWEEP_METRICS, SWEEP_PAIRED_COLUMNS } from "../sweep/sweep";

function table(rows: readonly ColumnSpec[]): string[] {
  return ["| column | meaning and unit |", "|---|---|", ...rows.map((c) => `| \`${c.name}\` | ${c.description.replace(/\|/g, "\\|")} |`)];
}

/** runs.csv's table: with each column's part in ebitda_usd (+ a revenue, - a cost), from the declarations. */
function tableWithCash(rows: readonly ColumnSpec[]): string[] {
  const sign = (c: ColumnSpec) => (c.cash === 1 ? "+" : c.cash === -1 ? "−" : "");
  return ["| column | in EBITDA | meaning and unit |", "|---|---|---|", ...rows.map((c) => `| \`${c.name}\` | ${sign(c)} | ${c.description.replace(/\|/g, "\\|")} |`)];
}

export function outputColumnsMarkdown(): string {
  return [
    "# Output columns",
    "",
    "Generated from `src/site/columns.ts` by `npm run docs`; a test fails when this file is out of date.",
    "Numbers are written with up to 12 significant digits; an empty cell means undefined (for example no IRR when every cash flow has one sign).",
    "",
    "## runs.csv — one row per run, in run order",
    "",
    "The column `in EBITDA` marks the cash terms of `ebitda_usd`: + a revenue, − a cost (declared beside each column in `src/site/columns.ts` and by each site component in `src/site/components/`).",
    "",
    ...tableWithCash([
      { name: "run", description: "Run index 0 .. runs-1. Run i draws only from random streams seeded by (seed, i)." },
      { name: "seed", description: "The batch's base seed; with the run index it reproduces the run." },
      ...RUN_METRICS,
    ]),
    "",
    "## summary.csv — one row per metric of runs.csv",
    "",
    ...table([
      { name: "metric", description: "Name of a runs.csv column." },
      { name: "mean", description: "Mean over the runs where the metric is defined, in the metric's unit." },
      ...SUMMARY_PERCENTILES.map((p) => ({ name: `p${p}`, description: `${p}th percentile over the runs where the metric is defined (linear interpolation between ranks, as numpy's default), in the metric's unit.` })),
    ]),
    "",
    "## monthly.csv — one row per calendar month (UTC) of the horizon",
    "",
    `Percentiles over runs of month-end values (from the first ${MONTHLY_RUN_LIMIT.toLocaleString("en-US")} runs when there are more), and sample paths.`,
    "",
    ...table([
      { name: "month", description: "Calendar month, YYYY-MM." },
      ...MONTHLY_SERIES.flatMap((series) =>
        MONTHLY_PERCENTILES.map((p) => ({ name: `${series.name}_p${p}`, description: `${p}th percentile of: ${series.description}` })),
      ),
      { name: "cumulative_net_cash_usd_run<i>", description: `Cumulative net cash of run i (i = 0 .. ${MONTHLY_SAMPLE_RUNS - 1}), a sample path, $.` },
    ]),
    "",
    "## hourly-run<i>.csv — one row per simulated hour of a traced run (`--trace i`)",
    "",
    ...table([
      { name: "hour", description: "Hour index from the scenario's start." },
      { name: "time_utc", description: "Start of the hour, ISO-8601 UTC." },
      ...TRACE_COLUMNS,
      {
        name: "curtail_reason",
        description: `Main reason mining was curtailed this hour, the first that applies of: ${CURTAIL_REASON_ORDER_TEXT}; empty when nothing was curtailed.`,
      },
      { name: "mining_mw_<class>", description: "Site MW of each mining class running (one column per class, named from the class name)." },
    ]),
    "",
    "## events.csv — one row per curtailment event of each traced run (`--trace`), in run and time order",
    "",
    "An event is a stretch of consecutive hours with the same `curtail_reason` in the hourly trace. Runs that are not traced have their curtailment totals by reason in runs.csv.",
    "",
    ...table(EVENT_COLUMNS),
    "",
    "## curtailment.csv — curtailment analytics of each traced run (`--trace`)",
    "",
    `Per run, four views: by_month and by_hour_of_day (one row per bin and reason), price_response (price bins ${Array.from({ length: PRICE_BIN_EDGES.length - 1 }, (_, i) => `\`${priceBinLabel(i)}\``).join(", ")} $/MWh, one row per bin and reason) and load_duration (site import exceeded in ${DURATION_PERCENTS.join(", ")} percent of hours). Empty cells: not applicable to the view.`,
    "",
    ...table(CURTAILMENT_COLUMNS),
    "",
    "## headroom.csv — `sim headroom`: one row per curtailment limit",
    "",
    "The flexible-interconnection headroom of a system load series by the method of Norris et al., Rethinking Load Growth (Duke Nicholas Institute, 2025); see the README.",
    "",
    ...table(HEADROOM_COLUMNS),
    "",
    "## headroom-hours.csv — `sim headroom`: when the added load is curtailed, one row per limit, month and hour of day",
    "",
    ...table(HEADROOM_HOURS_COLUMNS),
    "",
    "`headroom-info.json` beside them records the command, the window, the hours and years used, the missing hours and how they were handled, the summer and winter thresholds with their peak hours, and the headroom at the limits the report's curve is drawn for.",
    "",
    "## sweep.csv — `sim sweep`: one row per variant, the base first",
    "",
    ...table([
      { name: "variant", description: "Variant index; 0 is the base." },
      { name: "name", description: "The variant's name (a leading = + - @ gets a ' so spreadsheets do not run it)." },
      { name: "<dot path>", description: "One column per scenario field a variant sets: the value as JSON, or `base` where the variant keeps the base's." },
      ...SWEEP_METRICS.map((m) => ({ name: `${m}_mean, ${m}_p10, ${m}_p50, ${m}_p90`, description: `Mean and percentiles over runs of runs.csv's ${m}.` })),
      { name: "<metric>_mean, _p10, _p50, _p90", description: "The same for each runs.csv column the sweep file lists in `metrics`." },
      ...SWEEP_PAIRED_COLUMNS,
    ]),
    "",
    "## runs.csv of a sweep — one row per variant and run",
    "",
    ...table([
      { name: "variant", description: "Variant index, as in sweep.csv." },
      { name: "run", description: "Run index; run i of every variant sees the same random paths." },
      { name: "seed", description: "The base seed shared by every variant." },
      { name: "<metric>", description: "The runs.csv columns of sweep.csv's statistics, per run, in their units." },
    ]),
    "",
    "## Other files",
    "",
    "- `scenario.resolved.json`: the scenario with every default filled in and the run's runs and seed; `sim run` on it reproduces the folder.",
    "- `run-info.json`: hashgrid and Node versions, the command, thread count, start time and duration.",
    "",
  ].join("\n");
}
