// Compiles a resolved scenario into a run plan: typed arrays, merit order, the calendar
// and the list of calendar events. Built once per scenario (per worker), shared by runs.
import { buildCalendar, hourOf, HOURS_PER_YEAR, type Calendar } from "../engine/calendar";
import { compileFleet, type PlannedFleet } from "./fleet";
import { compileHalls, type PlannedHalls } from "./halls";
import type { ResolvedScenario } from "../scenario/schema";
import { forField, InputError, need } from "../errors";
import type { DayPool } from "../markets/power";
import type { BasisParams } from "../markets/basis";
import { dailyLogReturns, dayPool, hourlyPath, replayCoverageNote, type MarketInputs, type RecordedSeries } from "../markets/replay";
import { depreciationRates, type TaxRules } from "../finance/tax";
import type { LoanTerms } from "../finance/debt";
import { compileComponents, type PlannedComponent } from "./components";
import { COMPONENT_METRIC_START, COMPONENT_TRACE_START } from "./columns";
import { CAPEX_CLASS_BUILD, CAPEX_CLASS_EQUIPMENT, CAPEX_CLASS_OTHER } from "./component";

/** A capital item is bought (payload: its index in the capex arrays). The halls' events: src/site/halls.ts. */
export const EVENT_CAPEX = 2;

/** A calendar event with its data. */
export interface PlannedEvent {
  hour: number;
  priority: number;
  kind: number;
  payload: number;
}

export interface RunPlan {
  scenario: ResolvedScenario;
  /** Replayed series that do not cover the horizon, and what replay does beyond them (looping or holding): for warnings and run-info.json. */
  replayNotes: string[];
  hours: number;
  calendar: Calendar;
  interconnectMw: number;
  powerAdderUsdPerMwh: number;
  /** Load-zone basis: a constant (0 for none), or the stochastic model's parameters. */
  basisConstantUsdPerMwh: number;
  basisParams: BasisParams | null;
  /** Real-time spread over day-ahead (null: the site trades day-ahead only), and whether it buys its expected load day-ahead. */
  realTimeParams: BasisParams | null;
  dayAheadPosition: boolean;
  /** The mining fleet (src/site/fleet.ts) and the AI halls (src/site/halls.ts). */
  fleet: PlannedFleet;
  halls: PlannedHalls;
  /** EVENT_CAPEX payload i: capexUsd[i] is spent, on an asset written down over capexLifeHours[i] (Infinity: no salvage). */
  capexUsd: Float64Array;
  capexLabel: string[];
  capexLifeHours: Float64Array;
  /** 1 when the item is a hall's GPUs (their age restarts when bought). */
  capexRenewsGpus: Uint8Array;
  /** Depreciation class of each capex item: CAPEX_CLASS_EQUIPMENT, _BUILD or _OTHER. */
  capexClass: Uint8Array;
  /** Tax rules, the loan (or null), and the stream discount factors (or null). */
  tax: TaxRules;
  debt: (LoanTerms & { dscrCovenant: number; equityDiscountRatePerYear: number }) | null;
  miningDiscountFactor: Float64Array | null;
  aiDiscountFactor: Float64Array | null;
  /** Last hour of each calendar month of the horizon. */
  monthEndHour: Int32Array;
  /** The hall whose equipment or build it is (paid only while its contract runs), or -1. */
  capexHall: Int32Array;
  /** Equipment refreshes are bought only before this hour (the horizon less finance.noRefreshWithinMonths). */
  lastRefreshHour: number;
  /** Terminal value: 0 none, 1 straight-line salvage, 2 EBITDA multiple; and the multiple. */
  terminalValueMethod: number;
  terminalEbitdaMultiple: number;
  events: PlannedEvent[];
  siteFixedOpexUsdPerHour: number;
  /** Share of mined BTC sold as mined. */
  btcSellShare: number;
  /** The site components the scenario uses (src/site/components), compiled. */
  components: PlannedComponent[];
  /** Discount factor for cash at hour h: (1 + r)^(-h / 8760). */
  discountFactor: Float64Array;
  /** What replay and bootstrap market models step through (present only for those models). */
  recorded: RecordedPaths;
}

export interface RecordedPaths {
  powerUsdPerMwh?: Float64Array;
  powerDayPool?: DayPool;
  btcPriceUsd?: Float64Array;
  btcDailyLogReturns?: Float64Array;
  difficulty?: Float64Array;
  hashrateHps?: Float64Array;
}

function positive(series: MarketInputs["btc"], field: string): NonNullable<MarketInputs["btc"]> {
  const s = need(series, field);
  const bad = s.values.findIndex((v) => !(v > 0));
  if (bad >= 0) throw new InputError(`${field}: expected prices above zero (found ${s.values[bad]} at ${new Date(s.startMs + bad * s.stepMs).toISOString()})`);
  return s;
}

/** Hourly paths, day pools and return series for the markets that replay or resample recorded data. */
function recordedPaths(scenario: ResolvedScenario, inputs: MarketInputs, startMs: number, hours: number, notes: string[]): RecordedPaths {
  const out: RecordedPaths = {};
  const { power, btc, network } = scenario.markets;
  const note = (field: string, series: RecordedSeries | undefined, offsetHours: number, extend: "loop" | "hold") => {
    if (series === undefined) return;
    const text = replayCoverageNote(series, startMs, hours, offsetHours, extend);
    if (text !== null) notes.push(`${field}: ${text}`);
  };
  if (power.model === "replay") note("markets.power", inputs.power, power.offsetHours, power.extend);
  if (btc.model === "replay") note("markets.btc", inputs.btc, btc.offsetHours, btc.extend);
  if (network.replay) {
    note("markets.network.replay.difficulty", inputs.difficulty, 0, network.replay.extend);
    note("markets.network.replay.hashrate", inputs.hashrate, 0, network.replay.extend);
  }
  if (power.model === "replay") {
    out.powerUsdPerMwh = forField("markets.power", () => hourlyPath(need(inputs.power, "markets.power"), startMs, hours, power.offsetHours, "hold", power.extend));
  }
  if (power.model === "bootstrap") out.powerDayPool = forField("markets.power", () => dayPool(need(inputs.power, "markets.power"), startMs, hours, power.windowDays));
  if (btc.model === "replay") {
    out.btcPriceUsd = forField("markets.btc", () => hourlyPath(positive(inputs.btc, "markets.btc"), startMs, hours, btc.offsetHours, "log-linear", btc.extend));
  }
  if (btc.model === "bootstrap") {
    out.btcDailyLogReturns = forField("markets.btc", () => dailyLogReturns(positive(inputs.btc, "markets.btc")));
    if (out.btcDailyLogReturns.length < 2) throw new InputError("markets.btc: expected at least two daily returns to bootstrap");
  }
  if (network.replay) {
    const replay = network.replay;
    out.difficulty = forField("markets.network.replay.difficulty", () =>
      hourlyPath(positive(inputs.difficulty, "markets.network.replay.difficulty"), startMs, hours, 0, "hold", replay.extend),
    );
    out.hashrateHps = forField("markets.network.replay.hashrate", () =>
      hourlyPath(positive(inputs.hashrate, "markets.network.replay.hashrate"), startMs, hours, 0, "linear", replay.extend).map((ths) => ths * 1e12),
    );
  }
  return out;
}

export function horizonHours(scenario: ResolvedScenario): number {
  return "hours" in scenario.horizon ? scenario.horizon.hours : Math.round(scenario.horizon.years * HOURS_PER_YEAR);
}

/**
 * Compiles the plan. inputs: the recorded series the scenario's replay/bootstrap markets name.
 * calendar: this scenario's calendar when already built (a batch's workers get the main thread's),
 * else built here.
 */
export function compilePlan(scenario: ResolvedScenario, inputs: MarketInputs = {}, calendar?: Calendar): RunPlan {
  const hours = horizonHours(scenario);
  if (calendar !== undefined && (calendar.startMs !== Date.parse(scenario.start) || calendar.hours !== hours)) throw new Error("compilePlan: the calendar given is not this scenario's");
  calendar ??= buildCalendar(scenario.start, hours, scenario.site.timezone);

  const fleet = compileFleet(scenario);

  const events: PlannedEvent[] = [];
  const capexUsd: number[] = [];
  const capexLabel: string[] = [];
  const capexLifeHours: number[] = [];
  const capexRenewsGpus: number[] = [];
  const capexClass: number[] = [];
  const capexHall: number[] = [];
  const addCapex = (hour: number, usd: number, label: string, lifeHours = Infinity, hall = -1, renewsGpus = false) => {
    if (hour >= hours || usd <= 0) return;
    capexRenewsGpus.push(renewsGpus ? 1 : 0);
    capexClass.push(renewsGpus ? CAPEX_CLASS_EQUIPMENT : hall >= 0 ? CAPEX_CLASS_BUILD : CAPEX_CLASS_OTHER);
    // Priority 2: after an ASIC refresh of the same hour (1, a component's), before a conversion's events (2, scheduled later).
    events.push({ hour: Math.max(0, hour), priority: 2, kind: EVENT_CAPEX, payload: capexUsd.length });
    capexUsd.push(usd);
    capexLabel.push(label);
    capexLifeHours.push(lifeHours);
    capexHall.push(hall);
  };
  const lastRefreshHour = hours - Math.round(scenario.finance.noRefreshWithinMonths * 730);

  const halls = compileHalls(scenario, calendar, hours, lastRefreshHour, events, addCapex);
  for (const item of scenario.finance.capex) addCapex(hourOf(calendar, item.date), item.usd, item.label, item.lifeYears !== undefined ? Math.round(item.lifeYears * HOURS_PER_YEAR) : Infinity);

  const discountFactor = new Float64Array(hours);
  const logDiscountPerHour = Math.log(1 + scenario.finance.discountRatePerYear) / HOURS_PER_YEAR;
  for (let h = 0; h < hours; h++) discountFactor[h] = Math.exp(-logDiscountPerHour * h);
  const factors = (ratePerYear: number) => {
    const out = new Float64Array(hours);
    const perHour = Math.log(1 + ratePerYear) / HOURS_PER_YEAR;
    for (let h = 0; h < hours; h++) out[h] = Math.exp(-perHour * h);
    return out;
  };
  const streams = scenario.finance.streamDiscountRates;
  const monthEndHour = new Int32Array(calendar.months);
  for (let h = 0; h < hours; h++) monthEndHour[calendar.monthIndex[h]] = h;
  const tax = scenario.finance.tax;
  const debt = scenario.finance.debt;

  const replayNotes: string[] = [];
  return {
    scenario,
    hours,
    calendar,
    interconnectMw: scenario.site.interconnectMw,
    powerAdderUsdPerMwh: scenario.site.powerAdderUsdPerMwh,
    basisConstantUsdPerMwh: scenario.site.basis.model === "constant" ? scenario.site.basis.usdPerMwh : 0,
    basisParams: scenario.site.basis.model === "stochastic" ? scenario.site.basis : null,
    realTimeParams: scenario.markets.realTime ?? null,
    dayAheadPosition: scenario.markets.realTime?.dayAheadPosition === "expected-load",
    fleet,
    halls,
    capexUsd: Float64Array.from(capexUsd),
    capexLabel,
    capexLifeHours: Float64Array.from(capexLifeHours),
    capexRenewsGpus: Uint8Array.from(capexRenewsGpus),
    capexClass: Uint8Array.from(capexClass),
    tax: {
      rate: tax.rate,
      lossOffsetLimit: tax.lossOffsetLimit,
      bonusFraction: [tax.bonusFraction, 0, tax.bonusFraction],
      rates: [depreciationRates(tax.equipment, 5), depreciationRates("straight-line", tax.buildYears), depreciationRates("straight-line", tax.otherYears)],
    },
    debt: debt
      ? {
          debtShare: debt.share,
          ratePerYear: debt.ratePerYear,
          termMonths: Math.round(debt.termYears * 12),
          graceMonths: debt.graceMonths,
          dscrCovenant: debt.dscrCovenant,
          equityDiscountRatePerYear: debt.equityDiscountRatePerYear,
        }
      : null,
    miningDiscountFactor: streams ? factors(streams.miningPerYear) : null,
    aiDiscountFactor: streams ? factors(streams.aiPerYear) : null,
    monthEndHour,
    capexHall: Int32Array.from(capexHall),
    lastRefreshHour,
    terminalValueMethod: { none: 0, salvage: 1, "ebitda-multiple": 2 }[scenario.finance.terminalValue.method],
    terminalEbitdaMultiple: scenario.finance.terminalValue.method === "ebitda-multiple" ? scenario.finance.terminalValue.multiple : 0,
    events,
    siteFixedOpexUsdPerHour: scenario.finance.siteFixedOpexUsdPerYear / HOURS_PER_YEAR,
    btcSellShare: scenario.finance.treasury.sellShare,
    components: compileComponents(
      { grid: scenario.grid, site: scenario.site, mining: scenario.mining, root: scenario },
      { interconnectMw: scenario.site.interconnectMw, timezone: scenario.site.timezone, aiHalls: scenario.ai.halls, lastRefreshHour, miningClasses: fleet.classes },
      calendar,
      inputs,
      COMPONENT_METRIC_START,
      COMPONENT_TRACE_START,
    ),
    discountFactor,
    recorded: recordedPaths(scenario, inputs, calendar.startMs, hours, replayNotes),
    replayNotes,
  };
}



