// Output columns: one list each for runs.csv and the hourly trace, with units and meaning.
// The CSV headers, the README's column tables and the per-run arrays are all built from these:
// the site's own columns here, then each site component's declared columns (src/site/components).
import { EPSILON_MW } from "./component";
import { COMPONENT_RUN_COLUMNS, COMPONENT_TRACE_COLUMNS } from "./components";

export interface ColumnSpec {
  readonly name: string;
  readonly description: string;
  /** +1: a revenue in ebitda_usd; -1: a cost in it; absent: not a cash term of its own. */
  readonly cash?: 1 | -1;
}

/** The site's own per-run metrics, in runs.csv order (after run and seed). */
const SITE_RUN_METRICS = [
  { name: "mining_revenue_usd", cash: 1, description: "BTC mined (after pool fee) valued at the hour's BTC price, $ (what is sold as mined is cash then)." },
  { name: "ai_revenue_usd", cash: 1, description: "AI contract revenue for served load, $." },
  { name: "hosting_revenue_usd", cash: 1, description: "Hosting fees earned from third-party ASICs, $." },
  { name: "power_cost_usd", cash: -1, description: "Energy imported x (wholesale price + adders), less what colocation tenants pay for their own power, $ (negative prices earn)." },
  { name: "mining_power_cost_usd", description: "The share of power_cost_usd used by mining, $." },
  { name: "ai_power_cost_usd", description: "The share of power_cost_usd used by AI halls whose power the site pays (GPU-hour halls, colocation without pass-through), $." },
  { name: "tenant_power_mwh", description: "Energy drawn by colocation tenants who pay their own power (powerPassThrough): imported, but off the site's power cost, MWh." },
  { name: "power_markup_usd", cash: 1, description: "What the site earns on passed-through tenant power (powerMarkupFraction x its cost), $." },
  { name: "mining_variable_om_usd", cash: -1, description: "Variable O&M on mining energy, $." },
  { name: "sla_penalty_usd", cash: -1, description: "Penalties for firm AI energy not served, $." },
  { name: "fixed_opex_usd", cash: -1, description: "Site and hall fixed operating costs, $." },
  { name: "ebitda_usd", description: "The revenues (+) less the costs (−) marked in the column `in EBITDA` (docs/output-columns.md), BTC mined valued when mined, $." },
  { name: "dayahead_settlement_usd", cash: 1, description: "With markets.realTime: the day-ahead position settled against real time, sum of position MW x (RT - DA), $; power costs are at real time, so this is what the position saved (positive in real-time spikes)." },
  { name: "restart_cost_usd", cash: -1, description: "Cost of restarting mining classes (restartUsdPerMw x class MW per restart), $." },
  { name: "restarts", description: "Times a mining class started after being off." },
  { name: "capex_usd", description: "Capital spent within the horizon (builds, equipment refreshes, conversions, other capex), net of ASIC resale, $." },
  { name: "salvage_value_usd", description: "Straight-line value at the horizon of the assets bought within it: cost x (1 - years in service / life), by each asset's life (hall builds buildLifeYears, GPUs equipmentLifeYears, capex items lifeYears), $." },
  { name: "terminal_value_usd", description: "Value counted as cash in the last hour (finance.terminalValue): salvage_value_usd, a multiple of the last 12 months' EBITDA, or 0, $." },
  { name: "net_cash_flow_usd", description: "ebitda_usd - capex_usd - the value of BTC held back when mined + treasury_value_usd + terminal_value_usd, undiscounted, $." },
  { name: "npv_usd", description: "Net cash flow discounted hourly at the scenario's discount rate to the start, $." },
  { name: "irr_per_year", description: "Internal rate of return of the monthly net cash flows, annualised; empty when undefined." },
  { name: "npv_stream_rates_usd", description: "NPV with merchant mining cash flows at finance.streamDiscountRates.miningPerYear, contracted AI cash flows (and the halls' capex) at aiPerYear, the rest at discountRatePerYear, $; empty without streamDiscountRates." },
  { name: "income_tax_usd", description: "Income tax without debt: finance.tax.rate x (EBITDA + ASIC resale gains - depreciation, and at the horizon the terminal value less the remaining tax basis), after losses carried forward, summed over tax years, $." },
  { name: "after_tax_npv_usd", description: "npv_usd less the present value of income_tax_usd (each tax year's tax paid at its end), $." },
  { name: "after_tax_irr_per_year", description: "IRR of the monthly net cash flows after income tax, annualised; empty when undefined." },
  { name: "debt_drawn_usd", description: "Debt drawn: finance.debt.share of each month's capex, $ (0 without debt)." },
  { name: "interest_usd", description: "Interest paid on the debt within the horizon, $." },
  { name: "equity_npv_usd", description: "NPV of the equity cash flows (net cash + debt drawn - interest - principal - income tax with interest deducted) at finance.debt.equityDiscountRatePerYear, monthly, $; empty without debt." },
  { name: "equity_irr_per_year", description: "IRR of the monthly equity cash flows, annualised; empty without debt or when undefined." },
  { name: "min_dscr", description: "Lowest debt-service coverage ratio of any tax year with debt service: (EBITDA - income tax) / (interest + scheduled principal); empty without debt." },
  { name: "dscr_breach_years", description: "Tax years whose DSCR is below finance.debt.dscrCovenant." },
  { name: "payback_month", description: "First month (1 = the start month) after which cumulative net cash flow stays >= 0; empty if never." },
  { name: "btc_mined", description: "BTC earned from the pool (FPPS, after the pool fee)." },
  { name: "btc_held", description: "BTC held at the horizon (the unsold share, finance.treasury)." },
  { name: "treasury_value_usd", description: "btc_held valued at the final BTC price, counted as cash in the last hour, $." },
  { name: "mining_mwh", description: "Energy used by mining, cooling included, MWh." },
  { name: "ai_mwh", description: "Energy used by AI halls (IT x PUE), MWh." },
  { name: "ai_unserved_mwh", description: "Firm AI energy that could not be served, MWh." },
  { name: "curtailed_mwh", description: "Available mining energy not used, all reasons, MWh." },
  { name: "curtailed_economic_mwh", description: "Mining energy curtailed because hash revenue per MWh was below the marginal power cost, MWh." },
  { name: "curtailed_capacity_mwh", description: "Mining energy curtailed because the whole interconnect was full (AI has priority), MWh." },
  { name: "curtailed_outage_mwh", description: "Mining energy lost to forced outages of the site (site.outages) and to units broken at restarts awaiting repair (restartFailureFraction), MWh." },
  { name: "asic_failed_mw", description: "Site MW of ASICs that failed at restarts over the horizon (each repaired at repairUnitsPerDay), MW." },
  { name: "curtailed_min_off_mwh", description: "Mining energy that would have run but was held off by its class's minimum off time (mining.constraints), outside 4CP alerts, MWh." },
  { name: "curtailed_hours", description: "Hours with any mining curtailed." },
  { name: "mining_revenue_usd_per_mwh", description: "mining_revenue_usd / mining_mwh, $/MWh." },
  { name: "ai_revenue_usd_per_mwh", description: "ai_revenue_usd / ai_mwh, $/MWh." },
  { name: "first_year_mining_revenue_usd_per_mwh", description: "Mining revenue per MWh in the first 8,760 hours, $/MWh." },
  { name: "first_year_ai_revenue_usd_per_mwh", description: "AI revenue per MWh in the first 8,760 hours (empty if no AI load that year), $/MWh." },
  { name: "mean_power_price_usd_per_mwh", description: "Time-average wholesale price of the power market (the hub, by default) over the horizon, $/MWh." },
  { name: "mean_basis_usd_per_mwh", description: "Time-average load-zone basis over the horizon (site.basis), $/MWh: the site pays the market price + basis + adders." },
  { name: "final_btc_price_usd", description: "BTC price in the last hour, $." },
  { name: "final_network_hashrate_ehs", description: "Network hashrate in the last hour, EH/s." },
  { name: "final_hashprice_usd_per_th_day", description: "Hashprice in the last hour, $/TH/s/day." },
  { name: "halvings", description: "Halvings within the horizon." },
  { name: "first_halving_hour", description: "Hours from the start to the first halving; empty if none." },
  { name: "second_halving_hour", description: "Hours from the start to the second halving; empty if none." },
  { name: "third_halving_hour", description: "Hours from the start to the third halving; empty if none." },
] as const satisfies readonly ColumnSpec[];

/** Per-run metrics, in runs.csv order (after run and seed): the site's, then the components'. */
export const RUN_METRICS: readonly ColumnSpec[] = [...SITE_RUN_METRICS, ...COMPONENT_RUN_COLUMNS];

/** Index of each column of a list by its name. */
function indexByName<T extends readonly ColumnSpec[]>(list: T): { readonly [K in T[number]["name"]]: number } {
  return Object.fromEntries(list.map((c, i) => [c.name, i])) as { [K in T[number]["name"]]: number };
}

export type RunMetricName = (typeof SITE_RUN_METRICS)[number]["name"];
export const RUN_METRIC_COUNT = RUN_METRICS.length;
/** Column index of each of the site's run metrics in a run's metric row. */
export const METRIC = indexByName(SITE_RUN_METRICS);
/** Index of any run column, the site's or a component's, in a metric row; throws for an unknown name. */
export function runMetricIndex(name: string): number {
  const i = RUN_METRICS.findIndex((c) => c.name === name);
  if (i < 0) throw new Error(`no run column ${name}`);
  return i;
}
/** Where the components' run columns begin in a metric row. */
export const COMPONENT_METRIC_START = SITE_RUN_METRICS.length;

/** The terms of ebitda_usd: metric row index and sign of every declared cash column, in RUN_METRICS order. */
export const EBITDA_TERM_INDEX = Int32Array.from(RUN_METRICS.flatMap((c, i) => (c.cash ? [i] : [])));
export const EBITDA_TERM_SIGN = Float64Array.from(RUN_METRICS.flatMap((c) => (c.cash ? [c.cash] : [])));

/** The site's own numeric columns of the hourly trace. */
const SITE_TRACE_COLUMNS = [
  { name: "price_usd_per_mwh", description: "Wholesale (day-ahead) power price of the power market (the hub, by default), $/MWh." },
  { name: "rt_spread_usd_per_mwh", description: "Real-time minus day-ahead price (markets.realTime), $/MWh; mining is dispatched on day-ahead + spread." },
  { name: "dayahead_position_mw", description: "Load bought day-ahead this hour: AI and the mining planned at the day-ahead price, MW." },
  { name: "basis_usd_per_mwh", description: "Load-zone basis this hour, $/MWh: the site pays price_usd_per_mwh + basis + adders." },
  { name: "btc_price_usd", description: "BTC price, $." },
  { name: "network_hashrate_ehs", description: "Network hashrate, EH/s." },
  { name: "difficulty", description: "Difficulty in force." },
  { name: "block_height", description: "Blocks mined by the start of the hour (expected value unless arrivals are Poisson)." },
  { name: "subsidy_btc", description: "Block subsidy in force, BTC." },
  { name: "fees_btc_per_block", description: "Transaction fees per block in force, BTC (moves once a day with markets.network.feeVariation)." },
  { name: "hashprice_usd_per_th_day", description: "Hashprice (subsidy + fees, before pool fee), $/TH/s/day." },
  { name: "ai_it_online_mw", description: "Critical IT MW online." },
  { name: "ai_demand_mw", description: "Firm AI site load asked for (IT draw x PUE), MW." },
  { name: "ai_mw", description: "AI site load served, MW." },
  { name: "ai_unserved_mw", description: "AI site load not served, MW." },
  { name: "mining_capacity_mw", description: "Mining site load if every available unit ran, MW." },
  { name: "mining_mw", description: "Mining site load running, MW." },
  { name: "curtailed_mw", description: "mining_capacity_mw - mining_mw, MW." },
  { name: "curtailed_economic_mw", description: "Curtailed for price, MW." },
  { name: "curtailed_capacity_mw", description: "Curtailed for lack of import capacity, MW." },
  { name: "flexible_mw", description: "Flexible load the grid could call on this hour: the mining running, MW." },
  { name: "curtailed_outage_mw", description: "Mining offline in a forced outage of the site or broken at a restart and awaiting repair, MW." },
  { name: "ai_outage_mw", description: "AI load offline in a forced outage of the site (part of ai_unserved_mw), MW." },
  { name: "curtailed_min_off_mw", description: "Held off by the minimum off time although it would have run, MW." },
  { name: "import_mw", description: "Site import from the grid: AI load not carried by backup generation + mining, MW (never above allowed_import_mw)." },
  { name: "allowed_import_mw", description: "Import limit this hour: the interconnect, less what a flexible interconnection takes in a curtailed hour, MW." },
  { name: "mining_revenue_usd", description: "Mining revenue this hour, $." },
  { name: "ai_revenue_usd", description: "AI revenue this hour, $." },
  { name: "power_cost_usd", description: "Power cost this hour, $." },
  { name: "btc_mined", description: "BTC earned this hour." },
] as const satisfies readonly ColumnSpec[];

/** Numeric columns of the hourly trace, before the per-class mining columns: the site's, then the components'. time_utc and curtail_reason are added when written. */
export const TRACE_COLUMNS: readonly ColumnSpec[] = [...SITE_TRACE_COLUMNS, ...COMPONENT_TRACE_COLUMNS];
export type TraceColumnName = (typeof SITE_TRACE_COLUMNS)[number]["name"];
export const TRACE = indexByName(SITE_TRACE_COLUMNS);
/** Index of any numeric trace column, the site's or a component's, in a trace row; throws for an unknown name. */
export function traceColumnIndex(name: string): number {
  const i = TRACE_COLUMNS.findIndex((c) => c.name === name);
  if (i < 0) throw new Error(`no trace column ${name}`);
  return i;
}
/** Where the components' trace columns begin in a trace row. */
export const COMPONENT_TRACE_START = SITE_TRACE_COLUMNS.length;

/** A reason mining is curtailed: its MW column in the trace, and its rank when several apply in one hour. */
export interface CurtailmentReason {
  readonly name: string;
  /** The trace column with the MW curtailed for this reason. */
  readonly column: string;
  /** The hour's main reason (curtail_reason) is the first that applies, lowest rank first; at the last rank, whichever curtailed more. */
  readonly rank: number;
  /** Words for the report's charts. */
  readonly label: string;
}

/**
 * Every curtailment reason, declared once (the site's here, the components' with their trace
 * columns): curtail_reason in the trace, events.csv and curtailment.csv (in this order), the laws
 * test's sum and the docs are built from this list.
 */
const SITE_CURTAILMENT_REASONS: readonly CurtailmentReason[] = [
  { name: "economic", column: "curtailed_economic_mw", rank: 8, label: "economic" },
  { name: "capacity", column: "curtailed_capacity_mw", rank: 8, label: "capacity" },
  { name: "min_off", column: "curtailed_min_off_mw", rank: 7, label: "minimum off time" },
  { name: "outage", column: "curtailed_outage_mw", rank: 1, label: "outage" },
];
export const CURTAILMENT_REASONS: readonly CurtailmentReason[] = [
  ...SITE_CURTAILMENT_REASONS,
  ...COMPONENT_TRACE_COLUMNS.flatMap((c) => (c.curtailment ? [{ name: c.curtailment.reason, column: c.name, rank: c.curtailment.rank, label: c.label ?? c.curtailment.reason.replace(/_/g, " ") }] : [])),
];

/** curtail_reason codes in the trace: 0 none, then 1 + the index in CURTAILMENT_REASONS. */
export const CURTAIL_REASONS: readonly string[] = ["", ...CURTAILMENT_REASONS.map((r) => r.name)];
/** Trace column of each reason, by code (code 0: -1). */
export const CURTAIL_REASON_COLUMNS = Int32Array.from([-1, ...CURTAILMENT_REASONS.map((r) => TRACE_COLUMNS.findIndex((c) => c.name === r.column))]);
/** Codes in the order they are tried for the hour's main reason; those of the last rank are compared by MW. */
const LAST_RANK = Math.max(...CURTAILMENT_REASONS.map((r) => r.rank));
export const CURTAIL_CODES_BY_RANK = Int32Array.from(
  CURTAILMENT_REASONS.map((r, i) => ({ rank: r.rank, code: i + 1 }))
    .filter((r) => r.rank < LAST_RANK)
    .sort((a, b) => a.rank - b.rank)
    .map((r) => r.code),
);
export const CURTAIL_CODES_LAST_RANK = Int32Array.from(CURTAILMENT_REASONS.flatMap((r, i) => (r.rank === LAST_RANK ? [i + 1] : [])));
/** The reasons in the order they are tried, as words for the docs. */
export const CURTAIL_REASON_ORDER_TEXT = `${Array.from(CURTAIL_CODES_BY_RANK, (c) => CURTAIL_REASONS[c]).join(", ")}, then ${Array.from(CURTAIL_CODES_LAST_RANK, (c) => CURTAIL_REASONS[c]).join(" or ")} (whichever curtailed more)`;


/**
 * The hour's main curtailment reason code from a trace row whose reason columns are written:
 * 0 when under 1e-9 MW is curtailed in all.
 */
export function mainCurtailmentCode(trace: Float64Array, rowStart: number, curtailedMw: number): number {
  if (curtailedMw <= EPSILON_MW) return 0;
  for (let k = 0; k < CURTAIL_CODES_BY_RANK.length; k++) {
    const code = CURTAIL_CODES_BY_RANK[k];
    if (trace[rowStart + CURTAIL_REASON_COLUMNS[code]] > EPSILON_MW) return code;
  }
  let best = CURTAIL_CODES_LAST_RANK[0];
  for (let k = 1; k < CURTAIL_CODES_LAST_RANK.length; k++) {
    const code = CURTAIL_CODES_LAST_RANK[k];
    if (trace[rowStart + CURTAIL_REASON_COLUMNS[code]] > trace[rowStart + CURTAIL_REASON_COLUMNS[best]]) best = code;
  }
  return best;
}

/** Column name of the per-class mining load: mining_mw_<slug of class name>. */
export function miningClassColumn(className: string): string {
  return "mining_mw_" + className.toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_|_$/g, "");
}

/** events.csv: one row per curtailment event of a traced run. */
export const EVENT_COLUMNS = [
  { name: "run", description: "Run index (a traced run, --trace)." },
  { name: "start_utc", description: "First hour of the event, ISO-8601 UTC." },
  { name: "end_utc", description: "Hour the event ended (exclusive), ISO-8601 UTC." },
  { name: "hours", description: "Length, hours." },
  { name: "reason", description: `Main curtailment reason in every hour of the event (as curtail_reason in the trace): ${CURTAILMENT_REASONS.map((r) => r.name).join(", ")}.` },
  { name: "mean_mw", description: "Mean MW curtailed for that reason over the event, MW." },
  { name: "max_mw", description: "Most MW curtailed for that reason in any hour of the event, MW." },
  { name: "curtailed_mwh", description: "Energy curtailed for that reason in the event, MWh." },
  { name: "mean_price_usd_per_mwh", description: "Mean wholesale price over the event's hours, $/MWh." },
] as const satisfies readonly ColumnSpec[];

/** curtailment.csv: per traced run, curtailment by reason and bin in four views. */
export const CURTAILMENT_COLUMNS = [
  { name: "run", description: "Run index (a traced run, --trace)." },
  {
    name: "view",
    description:
      "by_month (bin: local month 1-12, all years together), by_hour_of_day (bin: local hour 0-23), price_response (bin: wholesale price range, $/MWh, lower edge included) or load_duration (bin: percent of hours).",
  },
  { name: "bin", description: "The month, hour, price range or percent of hours the row covers." },
  { name: "reason", description: `${CURTAILMENT_REASONS.map((r) => r.name).join(", ")}, or all of them; empty for load_duration.` },
  { name: "curtailed_mwh", description: "Mining energy curtailed for the reason in the bin's hours, MWh." },
  { name: "curtailed_hours", description: "Hours of the bin in which the reason curtailed any mining." },
  { name: "mining_capacity_mwh", description: "Mining energy available in the bin's hours (every available unit running), MWh." },
  { name: "curtailed_share", description: "curtailed_mwh / mining_capacity_mwh: the share of mining capacity curtailed (in price_response rows, the price-response curve)." },
  { name: "site_import_mw", description: "load_duration only: site import exceeded in bin percent of hours (the load-duration curve), MW." },
  { name: "hours", description: "Hours in the bin (load_duration: the rank read from the curve)." },
] as const satisfies readonly ColumnSpec[];

/** Month-end series recorded for every run; monthly.csv gives their percentiles by month. */
export const MONTHLY_SERIES = [
  { name: "cumulative_net_cash_usd", description: "Net cash flow (capex included, undiscounted) summed from the start to the end of the month, $." },
  { name: "btc_price_usd", description: "BTC price in the month's last hour, $." },
  { name: "hashprice_usd_per_th_day", description: "Hashprice in the month's last hour, $/TH/s/day." },
  { name: "difficulty", description: "Difficulty in force in the month's last hour." },
] as const satisfies readonly ColumnSpec[];

export type MonthlySeriesName = (typeof MONTHLY_SERIES)[number]["name"];
export const MONTHLY_SERIES_COUNT = MONTHLY_SERIES.length;
export const MONTHLY = indexByName(MONTHLY_SERIES);
/** Percentiles in monthly.csv. */
export const MONTHLY_PERCENTILES = [10, 50, 90] as const;
/** Runs whose cumulative cash is written as sample paths in monthly.csv. */
export const MONTHLY_SAMPLE_RUNS = 5;
/** Monthly percentiles come from the first runs up to this many (memory stays bounded for huge batches). */
export const MONTHLY_RUN_LIMIT = 10_000;
