// Site components: a grid program (or any other part of the site) as one module with one hourly
// interface. Each declares its output columns (name, unit, meaning, and whether and how it enters
// EBITDA); runs.csv, the hourly trace, docs/output-columns.md, the EBITDA sum and the report's cash
// terms are built from those declarations. The registry is src/site/components/index.ts.
import type { Calendar } from "../engine/calendar";
import type { EventQueue } from "../engine/events";
import type { MarketInputs } from "../markets/replay";
import type { AiHallSpec } from "../scenario/schema";

/** Below this a MW figure counts as zero (floating-point dust): for the site, its components and its analytics. */
export const EPSILON_MW = 1e-9;

/** Depreciation classes of capex (the site's tax books): equipment, buildings, other. */
export const CAPEX_CLASS_EQUIPMENT = 0;
export const CAPEX_CLASS_BUILD = 1;
export const CAPEX_CLASS_OTHER = 2;

/** One output column a component (or the core site) writes. */
export interface DeclaredColumn {
  /** snake_case, ending in its unit (_usd, _mwh, _mw, _hours, ...). */
  readonly name: string;
  /** Unit as written in the docs: $, MWh, MW, hours, count, 1. */
  readonly unit: string;
  readonly description: string;
  /** +1: a revenue in ebitda_usd; -1: a cost in it; absent: not a cash term of its own. */
  readonly cash?: 1 | -1;
  /** Written empty (not 0) when the scenario leaves the component out; in a run column, also when the figure is undefined. */
  readonly empty?: true;
  /** Money the program saved that other cash columns already hold (not a term of ebitda_usd): shown beside the cash terms in the report. */
  readonly saving?: true;
  /** Short label for the report; the name when absent. */
  readonly label?: string;
  /**
   * A trace column of mining MW curtailed for a reason of its own: the reason's name and its rank
   * (the hour's main reason is the first that applies, lowest rank first; the site's ranks are in
   * src/site/columns.ts, CURTAILMENT_REASONS).
   */
  readonly curtailment?: { readonly reason: string; readonly rank: number };
}

/**
 * What the site lets a component do to its assets and its capital books, from its events (not in
 * the hour): a conversion takes mining away, brings IT online in a hall, buys and sells; the ASIC
 * refresh replaces a class's machines at the hashprice of the moment.
 */
export interface SiteAssets {
  /** Takes mw of mining capacity away for good, from the least efficient classes (the end of the merit order) first. */
  retireMining(mw: number): void;
  /** Brings itMw of IT online in AI hall `hall` (its index in ai.halls), beside its own phases. */
  addHallIt(hall: number, itMw: number): void;
  /** Whether hall `hall`'s contract runs (nothing is bought for a dark hall). */
  hallActive(hall: number): boolean;
  /**
   * An asset bought at `hour`: paid then, depreciated in `depreciationClass`, worth its straight-line
   * remainder at the horizon (lifeHours Infinity: none); `ai`: the AI stream's discount rate.
   */
  buy(usd: number, hour: number, lifeHours: number, depreciationClass: number, ai: boolean): void;
  /** Equipment sold at `hour` for usd: cash in, and a taxable gain (owned equipment is taken as fully depreciated). */
  sell(usd: number, hour: number): void;
  /** Mining class c (its index in merit order): its site MW now, and its TH/s per site MW, which new machines change. */
  miningClassMw(c: number): number;
  miningClassThsPerSiteMw(c: number): number;
  setMiningClassThsPerSiteMw(c: number, thsPerSiteMw: number): void;
  /** The hashprice of the moment (the markets as the last hour left them), $ per TH/s per day. */
  hashpriceUsdPerThDay(): number;
}

/** What the site does for a component in the mining phase. */
export interface MiningShedder {
  /** Sheds mw of the running mining from the end of the merit order, updating the state's mining figures. */
  shedMining(state: HourState, mw: number): void;
}

/**
 * The hour's figures the site shares with its components, one instance per SiteRun, overwritten
 * every hour (nothing allocated). The site sets the inputs; components write what the comments
 * say they may, in their phase.
 */
export class HourState {
  hour = 0;
  localHour = 0;
  /** Wholesale price of the power market this hour (before basis and adders), $/MWh. */
  priceUsdPerMwh = 0;

  // Before dispatch. In: the AI load the halls ask for and its revenue if all of it is served.
  aiDemandMw = 0;
  aiRevenueUsd = 0;
  /** May set: the share of the AI load kept (1 = all), and the share of its revenue kept. */
  aiDemandScale = 1;
  aiRevenueScale = 1;
  /** May set: every mining unit off this hour, whatever its economics (a grid emergency; the MW come back in stoppedMiningMw). */
  stopMining = false;
  /** May set: mining that would run stays off this hour, its room unused (a 4CP alert; the MW come back in heldMiningMw). */
  holdMining = false;
  /** May lower: the import limit this hour (the interconnect; a flexible interconnection lowers it), MW. */
  importLimitMw = 0;
  /** May set false: AI load cut by the lowered import limit pays no SLA penalty. */
  importCutPenalised = true;
  /** May set: the share of every mining class, and of the AI load, offline this hour (a forced outage; reason outage). */
  miningShareOffline = 0;
  aiShareOffline = 0;
  /** May set: AI is cut from the grid this hour (no SLA penalty); backup generation carries up to aiBackupCapacityMw of it. */
  aiOffGrid = false;
  aiBackupCapacityMw = 0;

  /** Any phase may add: the components' cash this hour (revenues positive, costs negative), $; part of EBITDA. */
  cashUsd = 0;

  // After dispatch (and after the components before it in the registry).
  /** Mining running, MW; its BTC this hour; hosting fees, $. Changed by shedding. */
  miningMw = 0;
  btcMined = 0;
  hostingRevenueUsd = 0;
  /** BTC per TH/s this hour (after the pool fee). */
  btcPerThHour = 0;
  /** Mining capacity stopped by stopMining, and mining held off by holdMining, MW. */
  stoppedMiningMw = 0;
  heldMiningMw = 0;
  /** Mining that would have run under the whole interconnect but not under the lowered import limit, and AI load cut by it, MW. */
  miningCutByLimitMw = 0;
  aiCutByLimitMw = 0;
  /** AI load served from the grid, and by backup generation, MW. */
  aiGridMw = 0;
  aiBackupMw = 0;
  /** Running mining already committed to the demand-response program this hour (not deployed), MW. */
  committedMiningMw = 0;
  /** Mining MW curtailed for the components' reasons this hour (part of curtailed_mw): stopped + held + cut by the lowered limit + shed. */
  curtailedMiningMw = 0;
  /** The site's shedding, for components that shed mining. */
  shedder: MiningShedder | null = null;
}

/** Where a component's columns and event kinds sit, given by the registry. */
export interface ComponentLayout {
  /** Index of its first run column in a metric row (RUN_METRICS order). */
  readonly metricStart: number;
  /** Index of its first trace column in a trace row. */
  readonly traceStart: number;
  /** Its event kinds are eventKindBase + 0 .. EVENT_KINDS_PER_COMPONENT - 1. */
  readonly eventKindBase: number;
}

export const EVENT_KINDS_PER_COMPONENT = 8;

/** One component in one SiteRun: it allocates in its constructor only. */
export interface SiteComponent {
  /** Starts run `run`: zero the accumulators, draw this run's events from the component's own stream. */
  reset(baseSeed: number, run: number, queue: EventQueue): void;
  /** One of its own events (kind relative to its eventKindBase). */
  fireEvent(kind: number, payload: number, hour: number): void;
  /** Before dispatch: the halls' demand is known; AI is not yet served nor mining dispatched. */
  beforeDispatch(state: HourState): void;
  /** After dispatch (and after the components before it in the registry), before the accounting. */
  afterDispatch(state: HourState): void;
  /** Writes its trace columns of this hour at row[traceStart ...]. */
  writeTrace(trace: Float64Array, rowStart: number): void;
  /** Writes its run columns at metrics[metricStart ...]. */
  finish(metrics: Float64Array): void;
}

/** What a component's compilation may know of the site beyond its own fields. */
export interface SiteContext {
  readonly interconnectMw: number;
  readonly timezone: string;
  /** The AI halls, in ai.halls order (their index is the hall's number in SiteAssets). */
  readonly aiHalls: readonly AiHallSpec[];
  /** No equipment is bought again from this hour on (finance.noRefreshWithinMonths). */
  readonly lastRefreshHour: number;
  /** The mining classes in merit order (their index is the class's number in SiteAssets); hosting fee NaN for self-mining. */
  readonly miningClasses: readonly { readonly hostingUsdPerMwh: number; readonly ageYearsAtStart: number; readonly coolingOverheadFraction: number }[];
}

/** A kind of component, as listed in the registry. */
export interface ComponentKind<Input, Config> {
  /**
   * The scenario section it sits in (`grid` for grid programs, `site` for the site's contracts,
   * `mining` for the fleet's, `root` for a list at the scenario's top level, like `conversions`),
   * and its field there. A `grid`, `site` or `mining` field is optional: absent, the component is
   * left out; a `root` field is a list with its own default, and an empty list leaves it out.
   */
  readonly section: "grid" | "site" | "mining" | "root";
  /** Its field in that section; its schema fragment is COMPONENT_SCHEMAS[key] (src/site/components/index.ts). */
  readonly key: string;
  /** false: it acts through its events only, and the hour does not call its phases (nothing to pay per hour). */
  readonly hourly?: false;
  readonly runColumns: readonly DeclaredColumn[];
  readonly traceColumns: readonly DeclaredColumn[];
  /** The scenario's settings ready for the hour loop; recorded events read by src/io come in `inputs`. */
  compile(input: Input, calendar: Calendar, inputs: MarketInputs, site: SiteContext): Config;
  create(config: Config, layout: ComponentLayout, site: SiteAssets): SiteComponent;
}

/** Position of each column of a declared list by its name. */
export function columnIndex<T extends readonly DeclaredColumn[]>(columns: T): { readonly [K in T[number]["name"]]: number } {
  return Object.fromEntries(columns.map((c, i) => [c.name, i])) as { [K in T[number]["name"]]: number };
}
