// One Monte Carlo run of one site: its state, the run's reset, events and results. The hour itself
// (markets, the AI halls, mining in merit order, the components' phases, the accounting) is
// written in src/site/hour.ts and compiled for this run's plan; it creates no objects, all state
// being numbers and typed arrays created once per SiteRun. (V8 still boxes a double passed to or
// returned from a call it does not inline: measured at 1.3 bytes a site-hour on the reference
// model, 20-53 on the default scenario by bench/kernel.ts; README, "Speed"; docs/speed.md.)
import { EventQueue } from "../engine/events";
import { runHours, type HourlyModel } from "../engine/loop";
import { btcPerThHourPath, compileHourLoop, hourLoopOf, hourLoopSource, lanesHourLoopOf, type HourLoop } from "./hour";
import { LANES } from "../engine/lanes";
import { RandomStream, streamSeed } from "../engine/random";
import { BtcBootstrapProcess, BtcPriceProcess, BtcSvProcess, BtcReplayProcess, type BtcPriceModel } from "../markets/btc";
import { hashpriceUsdPerThDay, NetworkProcess } from "../markets/network";
import { BasisProcess } from "../markets/basis";
import type { MarketCalendar, MarketProcess } from "../markets/process";
import { PowerBootstrapProcess, PowerPriceProcess, PowerReplayProcess, type PowerPriceModel } from "../markets/power";
import { irrPerYear, npvMonthly, paybackMonth } from "../finance/cashflow";
import { loanSchedule } from "../finance/debt";
import { taxesByYear } from "../finance/tax";
import { COMPONENT_METRIC_START, COMPONENT_TRACE_START, EBITDA_TERM_INDEX, EBITDA_TERM_SIGN, METRIC, MONTHLY, MONTHLY_SERIES_COUNT, RUN_METRIC_COUNT, RUN_METRICS, TRACE_COLUMNS } from "./columns";
import { HourState, EVENT_KINDS_PER_COMPONENT, type MiningShedder, type SiteAssets, type SiteComponent } from "./component";
import { ABSENT_COMPONENT_METRICS, COMPONENT_EVENT_KIND_BASE, COMPONENT_KINDS, createComponent, EMPTY_TRACE_OFFSETS, isHourly } from "./components";
import { EVENT_CAPEX, type RunPlan } from "./plan";
import { MiningFleet } from "./fleet";
import { turnOffOnStackReplacement } from "../engine/tiering";
import { AiHalls } from "./halls";

/** Trace layout: TRACE_COLUMNS, then curtail reason code, then one column per mining class. */
export function traceWidth(plan: RunPlan): number {
  return TRACE_COLUMNS.length + 1 + plan.fleet.classes.length;
}
export const TRACE_REASON_COLUMN = TRACE_COLUMNS.length;

/** The markets' paths the hour loop reads (SiteRun.marketPaths). */
export interface MarketPaths {
  btcPriceUsdByHour: Float64Array;
  priceUsdPerMwhByHour: Float64Array;
  difficultyByHour: Float64Array;
  subsidyBtcByHour: Float64Array;
  feesBtcPerBlockByHour: Float64Array;
  basisUsdPerMwhByHour: Float64Array | null;
  spreadUsdPerMwhByHour: Float64Array | null;
}
const EMPTY_PATH = new Float64Array(0);

/**
 * Hours the markets step ahead of the site at a time, and runs stepped together go at a time
 * (simulateTogether: their lanes' markets, then each run's hours). 4,096 (32 KB a path array):
 * fewer blocks a run — each a kernel call per process and an entry into the hour loop — measured
 * faster than 512, whose arrays stayed in the first-level cache: ~2% a run alone, ~5% for four
 * runs together (docs/speed.md, point 24).
 */
export const MARKET_BLOCK_HOURS = 4096;

/** Simulates runs of one plan. Reuse one instance for many runs: it allocates only in the constructor. */
export class SiteRun implements HourlyModel, MiningShedder, SiteAssets {
  readonly btc: BtcPriceModel;
  readonly power: PowerPriceModel;
  readonly network: NetworkProcess;
  /**
   * The network's path is the same in every run (NetworkProcess.sameEveryRun): computed once when
   * this SiteRun is made, neither reset nor stepped per run (unless options.shareNetworkPath is false).
   */
  readonly networkShared: boolean;
  /** Whether this SiteRun made its network (false: the path is another SiteRun's, options.networkOf, which disposes of it). */
  private readonly ownsNetwork: boolean;
  /** With the network shared: BTC per TH/s-hour of each hour, less the pool fee (what the hour loop reads then). */
  readonly btcPerThHourByHour: Float64Array;
  /** Hour of the event being fired (what hashpriceUsdPerThDay reads the shared network's path at). */
  private eventHour = 0;
  /**
   * The markets' paths the hour loop reads (views of the market kernels' memory, indexed by hour),
   * set by stepMarkets for each block: plain fields, so that the loop's code does not take in the
   * processes' getters (V8 had too little to go on in them when it first optimised the loop).
   */
  readonly marketPaths: MarketPaths = {
    btcPriceUsdByHour: EMPTY_PATH,
    priceUsdPerMwhByHour: EMPTY_PATH,
    difficultyByHour: EMPTY_PATH,
    subsidyBtcByHour: EMPTY_PATH,
    feesBtcPerBlockByHour: EMPTY_PATH,
    basisUsdPerMwhByHour: null,
    spreadUsdPerMwhByHour: null,
  };
  /** Load-zone basis over the market price, or null for a constant one. */
  readonly basis: BasisProcess | null;
  /** Real-time spread over the day-ahead price (the same kind of process), or null. */
  readonly realTime: BasisProcess | null;
  dayAheadSettlementUsd = 0;
  private readonly queue = new EventQueue(64);
  /** The AI halls (firm load, served first) and the mining fleet (in merit order). */
  readonly halls: AiHalls;
  readonly fleet: MiningFleet;
  readonly monthlyCashUsd: Float64Array;
  /** Per month: EBITDA (mined BTC at its value when mined) and capex spent (> 0), for taxes and debt. */
  readonly monthlyEbitdaUsd: Float64Array;
  private readonly monthlyCapexUsd: Float64Array;
  /** Per tax year: capex by depreciation class (class-major), taxable gains (ASIC resale), and scratch for the tax and debt schedules. */
  private readonly taxYears: number;
  private readonly capexByClassYear: Float64Array;
  private readonly gainByYear: Float64Array;
  private readonly incomeByYear: Float64Array;
  private readonly taxByYear: Float64Array;
  private readonly depreciationByYear: Float64Array;
  private readonly interestByYear: Float64Array;
  private readonly debtServiceByYear: Float64Array;
  private readonly scratchMonths: Float64Array;
  private readonly drawnByMonth: Float64Array;
  private readonly interestByMonth: Float64Array;
  private readonly principalByMonth: Float64Array;
  /** NPV with mining and AI cash flows at their own discount rates (streamDiscountRates). */
  npvStreamsUsd = 0;
  /**
   * Month-end series of the current run, MONTHLY_SERIES order, month-major:
   * monthly[month * MONTHLY_SERIES_COUNT + series].
   */
  readonly monthly: Float64Array;
  cumulativeCashUsd = 0;

  /** The site components the scenario uses, those of them that act in the hour, and each registry entry's (null when unused) for event dispatch. */
  private readonly components: SiteComponent[];
  readonly hourlyComponents: SiteComponent[];
  private readonly componentByRegistry: (SiteComponent | null)[];
  /** The hour's figures shared with the components. */
  readonly hourState = new HourState();
  /** The hour loop written for this plan, without and (compiled when first needed) with the hourly trace. */
  private readonly untracedLoop: HourLoop;
  /** Its text (hourLoopSource's), from which simulateTogether's lanes loop is compiled (lanesHourLoopOf). */
  readonly untracedSource: string;
  private tracedLoop: HourLoop | null = null;

  /** Metric row of the current run (RUN_METRICS order). */
  readonly metrics = new Float64Array(RUN_METRIC_COUNT);
  /** When set, hour h's trace row is written at trace[h * traceWidth ...]. */
  trace: Float64Array | null = null;
  private readonly width: number;
  private readonly startBtcPriceUsd: number;

  // Accumulators of the current run: summed by the hour loop (src/site/hour.ts, HOUR_ACCUMULATORS), read by finish().
  miningRevenueUsd = 0;
  hostingRevenueUsd = 0;
  restartCostUsd = 0;
  curtailedMinOffMwh = 0;
  /** Mining MWh the components shed (part of curtailed_mwh). */
  componentCurtailedMwh = 0;
  curtailedOutageMwh = 0;
  btcHeld = 0;
  aiRevenueUsd = 0;
  miningPowerCostUsd = 0;
  aiPowerCostUsd = 0;
  tenantPowerMwh = 0;
  powerMarkupUsd = 0;
  variableOmUsd = 0;
  slaPenaltyUsd = 0;
  fixedOpexUsd = 0;
  private capexUsd = 0;
  /** Straight-line value at the horizon of the assets bought this run, and EBITDA of the last 8,760 hours. */
  private salvageUsd = 0;
  lastYearEbitdaUsd = 0;
  /** Added to by the hour loop and by capital spent at events. */
  npvUsd = 0;
  btcMined = 0;
  miningMwh = 0;
  aiMwh = 0;
  aiUnservedMwh = 0;
  curtailedEconomicMwh = 0;
  curtailedCapacityMwh = 0;
  curtailedHours = 0;
  firstYearMiningRevenueUsd = 0;
  firstYearMiningMwh = 0;
  firstYearAiRevenueUsd = 0;
  firstYearAiMwh = 0;
  priceSum = 0;
  basisSum = 0;
  lastHashpriceUsdPerThDay = 0;

  /**
   * foldHour false: the hour loop as written, its plan values read from the plan and its loops
   * kept (slower; the tests compare it with the loop written for the plan, which is the default).
   * shareNetworkPath false: a network path that is the same in every run is still stepped in every
   * run (the tests compare the two).
   * untracedHourText: the untraced loop's body, in place of the one written for the plan (an edited
   * copy of hourLoopSource's text, timed by bench/hour-text.ts).
   * networkOf: another SiteRun of the same plan (a worker's first): its network path, when it is the
   * same in every run, is read rather than computed again.
   * hourInLanes false: under simulateTogether, each run steps its own hour loop (to time the four
   * runs' hours in SIMD lanes, the default, against it: docs/speed.md, point 25).
   */
  constructor(
    readonly plan: RunPlan,
    private readonly options: { foldHour?: boolean; shareNetworkPath?: boolean; untracedHourText?: string; networkOf?: SiteRun; hourInLanes?: boolean } = {},
  ) {
    const markets = plan.scenario.markets;
    const recorded = plan.recorded;
    const btc = markets.btc;
    this.btc =
      btc.model === "sv"
        ? new BtcSvProcess(btc)
        : btc.model === "gbm"
        ? new BtcPriceProcess(btc)
        : btc.model === "replay"
          ? new BtcReplayProcess(recorded.btcPriceUsd!)
          : new BtcBootstrapProcess(recorded.btcDailyLogReturns!, btc.blockDays, btc.startPriceUsd);
    const power = markets.power;
    this.power =
      power.model === "stochastic"
        ? new PowerPriceProcess(power)
        : power.model === "replay"
          ? new PowerReplayProcess(recorded.powerUsdPerMwh!)
          : new PowerBootstrapProcess(recorded.powerDayPool!);
    this.basis = plan.basisParams !== null ? new BasisProcess(plan.basisParams) : null;
    this.realTime = plan.realTimeParams !== null ? new BasisProcess(plan.realTimeParams) : null;
    this.startBtcPriceUsd = btc.model === "replay" ? recorded.btcPriceUsd![0] : btc.startPriceUsd;
    // A network path the same in every run, already computed by another SiteRun of this plan, is taken from it (read only).
    const networkOf = options.networkOf !== undefined && options.networkOf.plan === plan && options.networkOf.networkShared ? options.networkOf : null;
    this.ownsNetwork = networkOf === null;
    this.network =
      networkOf?.network ??
      new NetworkProcess(
        markets.network,
        recorded.difficulty && recorded.hashrateHps ? { difficulty: recorded.difficulty, hashrateHps: recorded.hashrateHps } : undefined,
        plan.scenario.start,
        this.startBtcPriceUsd,
      );
    // Every market path at the horizon's length now: none then grows while a run steps (src/markets/process.ts).
    for (const market of [this.btc, this.power, this.network, this.basis, this.realTime]) market?.reserveHours?.(plan.hours);
    this.networkShared = networkOf !== null || (this.network.sameEveryRun && options.shareNetworkPath !== false);
    const processes: (MarketProcess<MarketCalendar> | null)[] = [this.btc, this.power, this.basis, this.realTime];
    this.lanedProcesses = processes.filter((p): p is MarketProcess<MarketCalendar> => p !== null && p.stepHoursInLanes !== undefined);
    if (this.networkShared && networkOf === null) this.network.computeWholePath(plan.hours);
    const network = this.network;
    this.btcPerThHourByHour = networkOf !== null ? networkOf.btcPerThHourByHour : this.networkShared ? btcPerThHourPath(network.subsidyBtcByHour, network.feesBtcPerBlockByHour, network.difficultyByHour, plan.fleet.poolFeeFraction, plan.hours) : new Float64Array(0);
    this.fleet = new MiningFleet(plan.fleet);
    this.halls = new AiHalls(plan.halls, plan.hours);
    this.monthlyCashUsd = new Float64Array(plan.calendar.months);
    const months = plan.calendar.months;
    this.monthlyEbitdaUsd = new Float64Array(months);
    this.monthlyCapexUsd = new Float64Array(months);
    this.taxYears = Math.ceil(months / 12);
    this.capexByClassYear = new Float64Array(3 * this.taxYears);
    this.gainByYear = new Float64Array(this.taxYears);
    this.incomeByYear = new Float64Array(this.taxYears);
    this.taxByYear = new Float64Array(this.taxYears);
    this.depreciationByYear = new Float64Array(this.taxYears);
    this.interestByYear = new Float64Array(this.taxYears);
    this.debtServiceByYear = new Float64Array(this.taxYears);
    this.scratchMonths = new Float64Array(months);
    this.drawnByMonth = new Float64Array(months);
    this.interestByMonth = new Float64Array(months);
    this.principalByMonth = new Float64Array(months);
    this.monthly = new Float64Array(plan.calendar.months * MONTHLY_SERIES_COUNT);
    this.width = traceWidth(plan);
    this.components = plan.components.map((planned) => createComponent(planned, this));
    this.hourlyComponents = this.components.filter((_, i) => isHourly(plan.components[i]));
    this.componentByRegistry = COMPONENT_KINDS.map(() => null);
    plan.components.forEach((c, i) => (this.componentByRegistry[c.registryIndex] = this.components[i]));
    this.hourState.shedder = this;
    turnOffOnStackReplacement();
    this.untracedSource = options.untracedHourText ?? hourLoopSource(plan, this, { hourlyComponents: this.hourlyComponents.length, traced: false, fold: options.foldHour !== false });
    this.untracedLoop = hourLoopOf(this.untracedSource);
  }

  /**
   * Gives back what the market processes hold in the market kernels' memory (their paths, state and
   * tables), at once rather than when the collector gets to them: a worker that moves to another
   * plan (a sweep's next variant) calls it. The SiteRun is not used again.
   */
  dispose(): void {
    for (const market of [this.btc, this.power, this.ownsNetwork ? this.network : null, this.basis, this.realTime]) market?.dispose?.();
  }

  /** Runs run `run` of a batch with base seed `baseSeed`; the result is in `metrics`. */
  simulate(baseSeed: number, run: number): Float64Array {
    this.begin(baseSeed, run);
    this.advance(baseSeed, run, 0, this.plan.hours);
    return this.end(baseSeed, run);
  }

  /**
   * Runs `runs` (at most MARKET_LANES) of base seed `baseSeed` on `sites` (SiteRuns of one plan, one
   * a run), together a block of hours at a time: in each block, the market processes that can (the
   * BTC price and the power price: MarketProcess.stepHoursInLanes) are stepped for every run at
   * once in the market kernels' SIMD lanes, then each run's hours, with its events and its other
   * markets (the network, the basis, the real-time spread), as simulate() steps them. Each run's results
   * (sites[k].metrics, .monthly, .trace) are the bits simulate() gives it alone.
   */
  static simulateTogether(sites: readonly SiteRun[], baseSeed: number, runs: readonly number[]): void {
    const count = runs.length;
    const lead = sites[0];
    for (let k = 0; k < count; k++) {
      sites[k].begin(baseSeed, runs[k]);
      sites[k].marketsInLanes = true;
    }
    const others = lead.laneOthers;
    others.length = 0;
    for (let k = 1; k < count; k++) others.push(sites[k]);
    try {
      const { hours, calendar } = lead.plan;
      const inLanes = lead.hourInLanes(sites);
      for (let from = 0; from < hours; from += MARKET_BLOCK_HOURS) {
        const to = Math.min(hours, from + MARKET_BLOCK_HOURS);
        lead.stepLanedMarkets(from, to, calendar);
        if (inLanes) {
          SiteRun.advanceInLanes(sites, baseSeed, runs, from, to);
          continue;
        }
        for (let k = 0; k < count; k++) {
          try {
            sites[k].advance(baseSeed, runs[k], from, to);
          } catch (err) {
            throw new RunFailure(runs[k], err);
          }
        }
      }
    } finally {
      for (let k = 0; k < count; k++) sites[k].marketsInLanes = false;
    }
    for (let k = 0; k < count; k++) {
      try {
        sites[k].end(baseSeed, runs[k]);
      } catch (err) {
        throw new RunFailure(runs[k], err);
      }
    }
  }
  /**
   * Whether `sites` (four runs of this plan, this one first) step their hours in SIMD lanes: not
   * when a run is traced, the plan has components that act in the hour, or the option hourInLanes
   * is false (and not when the loop's text has what the lanes do not take: lanesHourLoopOf).
   */
  private hourInLanes(sites: readonly SiteRun[]): boolean {
    if (sites.length !== LANES || this.options.hourInLanes === false || this.hourlyComponents.length > 0) return false;
    for (const site of sites) if (site.trace !== null || site.untracedSource !== this.untracedSource) return false;
    return true;
  }

  /**
   * Hours from..to-1 of four runs (simulateTogether's block, their laned markets stepped): each
   * run's events fire as runHours fires them (at the first hour at or after each), and between
   * two events of any run the four runs' other markets are stepped, then their hours in the lanes
   * loop (or, when a run's values are not of the kinds it was compiled for, each run's own loop).
   * An hour range split at other runs' events gives a run the same bits (the loop's law: hours in
   * consecutive ranges as in one call).
   */
  private static advanceInLanes(sites: readonly SiteRun[], baseSeed: number, runs: readonly number[], from: number, to: number): void {
    let h = from;
    while (h < to) {
      let until = to;
      for (let k = 0; k < LANES; k++) {
        const site = sites[k];
        const queue = site.queue;
        try {
          while (queue.peekHour() <= h) {
            queue.pop();
            site.fireEvent(queue.poppedKind, queue.poppedPayload, h);
          }
          const next = queue.peekHour();
          if (next < until) until = Math.ceil(next);
        } catch (err) {
          throw new RunFailure(runs[k], namedError(err, baseSeed, runs[k]));
        }
      }
      for (let k = 0; k < LANES; k++) sites[k].stepMarkets(h, until);
      // Compiled (once a text) with the runs' values as the hours read them: their market paths stepped.
      const lanes = lanesHourLoopOf(sites[0].untracedSource, sites);
      let ran = lanes !== null && lanes.run(sites, h, until);
      if (!ran && lanes !== null && lanes.viewsStale) {
        // The lanes' memory grew (their copies, their compilation): the paths' views taken again, and once more.
        for (let k = 0; k < LANES; k++) sites[k].readMarketPaths();
        ran = lanes.run(sites, h, until);
        if (!ran && lanes.viewsStale) for (let k = 0; k < LANES; k++) sites[k].readMarketPaths();
      }
      if (!ran) {
        for (let k = 0; k < LANES; k++) {
          try {
            sites[k].untracedLoop(sites[k], h, until);
          } catch (err) {
            throw new RunFailure(runs[k], namedError(err, baseSeed, runs[k]));
          }
        }
      }
      h = until;
    }
  }

  /** The other runs' sites while simulateTogether runs (lanes 1..), and the lanes' processes of one kind (scratch, reused). */
  private readonly laneOthers: SiteRun[] = [];
  private readonly laneScratch: MarketProcess<MarketCalendar>[] = [];
  /** Set while simulateTogether runs this run: stepMarkets leaves the processes that step in lanes alone. */
  private marketsInLanes = false;
  /** This plan's market processes that step in SIMD lanes under simulateTogether (those that have stepHoursInLanes), in a fixed order. */
  private readonly lanedProcesses: MarketProcess<MarketCalendar>[];

  /** Whether simulateTogether has stepped this market process for the block already (it steps in lanes). */
  private steppedInLanes(process: MarketProcess<MarketCalendar>): boolean {
    return this.marketsInLanes && process.stepHoursInLanes !== undefined;
  }

  /** Whether runs of this plan gain from running together: some of its market processes step in SIMD lanes. */
  get stepsInLanes(): boolean {
    return this.lanedProcesses.length > 0;
  }

  /** Hours from..to-1 of the lanes' market processes: this site's in lane 0, laneOthers' in the next. */
  private stepLanedMarkets(from: number, to: number, calendar: MarketCalendar): void {
    const others = this.laneOthers;
    const scratch = this.laneScratch;
    for (let i = 0; i < this.lanedProcesses.length; i++) {
      scratch.length = 0;
      for (const other of others) scratch.push(other.lanedProcesses[i]);
      this.lanedProcesses[i].stepHoursInLanes!(scratch, from, to, calendar);
    }
  }

  /** A run's start: its state reset, its events scheduled, its trace's absent columns emptied. */
  private begin(baseSeed: number, run: number): void {
    this.reset(baseSeed, run);
    if (this.trace !== null) this.emptyAbsentTraceColumns(this.trace);
  }

  /** Hours from..to-1 of the run: its events and hours (runHours). */
  private advance(baseSeed: number, run: number, from: number, to: number): void {
    try {
      runHours(this, this.queue, from, to);
    } catch (err) {
      throw namedError(err, baseSeed, run);
    }
  }

  /** The run's end: its results in metrics (returned), monthly and trace. */
  private end(baseSeed: number, run: number): Float64Array {
    try {
      this.finish();
    } catch (err) {
      throw namedError(err, baseSeed, run);
    }
    // Undefined figures are NaN (written empty); an infinite one means the model diverged.
    const m = this.metrics;
    for (let k = 0; k < m.length; k++) {
      if (m[k] === Infinity || m[k] === -Infinity) {
        throw new Error(`model diverged: run ${run} (seed ${baseSeed}): ${RUN_METRICS[k].name} is ${m[k]}; check the scenario's market parameters`);
      }
    }
    return this.metrics;
  }

  /** Trace columns declared empty for components the scenario leaves out: NaN in every hour (written empty). */
  private emptyAbsentTraceColumns(trace: Float64Array): void {
    for (let k = 0; k < COMPONENT_KINDS.length; k++) {
      if (this.componentByRegistry[k] !== null) continue;
      for (const offset of EMPTY_TRACE_OFFSETS[k]) {
        const column = COMPONENT_TRACE_START + offset;
        for (let h = 0; h < this.plan.hours; h++) trace[h * this.width + column] = NaN;
      }
    }
  }

  private reset(baseSeed: number, run: number): void {
    const plan = this.plan;
    this.btc.reset(new RandomStream(streamSeed(baseSeed, run, "btc")));
    this.power.reset(new RandomStream(streamSeed(baseSeed, run, "power")));
    if (!this.networkShared) this.network.reset(new RandomStream(streamSeed(baseSeed, run, "network")));
    if (this.basis !== null) this.basis.reset(new RandomStream(streamSeed(baseSeed, run, "basis")));
    if (this.realTime !== null) this.realTime.reset(new RandomStream(streamSeed(baseSeed, run, "real-time")));
    this.dayAheadSettlementUsd = 0;
    this.eventHour = 0;
    this.queue.clear();
    for (const e of plan.events) this.queue.schedule(e.hour, e.priority, e.kind, e.payload);
    // The components schedule their own events, each from its own stream.
    for (const component of this.components) component.reset(baseSeed, run, this.queue);
    // The halls' contracts: terms drawn from their own stream, renewals and ends scheduled (after the components' events).
    this.halls.reset(baseSeed, run, this.queue);
    this.fleet.reset();
    this.monthlyCashUsd.fill(0);
    this.monthlyEbitdaUsd.fill(0);
    this.monthlyCapexUsd.fill(0);
    this.capexByClassYear.fill(0);
    this.gainByYear.fill(0);
    this.npvStreamsUsd = 0;
    this.cumulativeCashUsd = 0;
    this.miningRevenueUsd = 0;
    this.hostingRevenueUsd = 0;
    this.restartCostUsd = 0;
    this.curtailedOutageMwh = 0;
    this.curtailedMinOffMwh = 0;
    this.componentCurtailedMwh = 0;
    this.btcHeld = 0;
    this.aiRevenueUsd = 0;
    this.miningPowerCostUsd = 0;
    this.aiPowerCostUsd = 0;
    this.tenantPowerMwh = 0;
    this.powerMarkupUsd = 0;
    this.variableOmUsd = 0;
    this.slaPenaltyUsd = 0;
    this.fixedOpexUsd = 0;
    this.capexUsd = 0;
    this.salvageUsd = 0;
    this.lastYearEbitdaUsd = 0;
    this.npvUsd = 0;
    this.btcMined = 0;
    this.miningMwh = 0;
    this.aiMwh = 0;
    this.aiUnservedMwh = 0;
    this.curtailedEconomicMwh = 0;
    this.curtailedCapacityMwh = 0;
    this.curtailedHours = 0;
    this.firstYearMiningRevenueUsd = 0;
    this.firstYearMiningMwh = 0;
    this.firstYearAiRevenueUsd = 0;
    this.firstYearAiMwh = 0;
    this.priceSum = 0;
    this.basisSum = 0;
    this.lastHashpriceUsdPerThDay = 0;
  }

  fireEvent(kind: number, payload: number, hour: number): void {
    const plan = this.plan;
    this.eventHour = hour;
    if (kind >= COMPONENT_EVENT_KIND_BASE) {
      const offset = kind - COMPONENT_EVENT_KIND_BASE;
      const registryIndex = (offset / EVENT_KINDS_PER_COMPONENT) | 0;
      this.componentByRegistry[registryIndex]!.fireEvent(offset - registryIndex * EVENT_KINDS_PER_COMPONENT, payload, hour);
    } else if (kind === EVENT_CAPEX) {
      // A hall's build and equipment are bought only while its contract runs: no GPUs for a dark hall.
      const hall = plan.capexHall[payload];
      if (hall < 0 || this.halls.active(hall)) {
        this.buy(plan.capexUsd[payload], hour, plan.capexLifeHours[payload], plan.capexClass[payload], hall >= 0);
        if (plan.capexRenewsGpus[payload] === 1) this.halls.renewGpus(hall, hour);
      }
    } else {
      this.halls.fireEvent(kind, payload, hour);
    }
  }

  /**
   * After-tax and equity figures from the run's monthly cash flows: income tax by tax year (12 months
   * from the start) paid at each year's end, unlevered and, with debt, levered (interest deducted);
   * equity cash = net cash + debt drawn - interest - principal - levered tax; DSCR by year.
   */
  private taxesAndDebt(terminalValueUsd: number): void {
    const plan = this.plan;
    const m = this.metrics;
    const months = plan.calendar.months;
    const years = this.taxYears;
    const yearEnd = (y: number) => (12 * y + 11 < months ? 12 * y + 11 : months - 1);
    const income = this.incomeByYear;
    income.set(this.gainByYear);
    for (let t = 0; t < months; t++) income[Math.floor(t / 12)] += this.monthlyEbitdaUsd[t];
    const taxUsd = taxesByYear(income, this.capexByClassYear, terminalValueUsd, plan.tax, this.taxByYear, this.depreciationByYear);
    let taxPvUsd = 0;
    const afterTax = this.scratchMonths;
    afterTax.set(this.monthlyCashUsd);
    for (let y = 0; y < years; y++) {
      taxPvUsd += this.taxByYear[y] * plan.discountFactor[plan.monthEndHour[yearEnd(y)]];
      afterTax[yearEnd(y)] -= this.taxByYear[y];
    }
    m[METRIC.income_tax_usd] = taxUsd;
    m[METRIC.after_tax_npv_usd] = this.npvUsd - taxPvUsd;
    m[METRIC.after_tax_irr_per_year] = irrPerYear(afterTax);
    const debt = plan.debt;
    if (debt === null) {
      m[METRIC.debt_drawn_usd] = 0;
      m[METRIC.interest_usd] = 0;
      m[METRIC.equity_npv_usd] = NaN;
      m[METRIC.equity_irr_per_year] = NaN;
      m[METRIC.min_dscr] = NaN;
      m[METRIC.dscr_breach_years] = 0;
      return;
    }
    const balloonUsd = loanSchedule(this.monthlyCapexUsd, debt, this.drawnByMonth, this.interestByMonth, this.principalByMonth);
    this.interestByYear.fill(0);
    this.debtServiceByYear.fill(0);
    let drawnUsd = 0;
    let interestUsd = 0;
    for (let t = 0; t < months; t++) {
      const y = Math.floor(t / 12);
      this.interestByYear[y] += this.interestByMonth[t];
      this.debtServiceByYear[y] += this.interestByMonth[t] + this.principalByMonth[t];
      drawnUsd += this.drawnByMonth[t];
      interestUsd += this.interestByMonth[t];
    }
    // The balance repaid at the horizon is not scheduled debt service.
    this.debtServiceByYear[years - 1] -= balloonUsd;
    for (let y = 0; y < years; y++) income[y] -= this.interestByYear[y];
    taxesByYear(income, this.capexByClassYear, terminalValueUsd, plan.tax, this.taxByYear, this.depreciationByYear);
    const equity = this.scratchMonths;
    for (let t = 0; t < months; t++) equity[t] = this.monthlyCashUsd[t] + this.drawnByMonth[t] - this.interestByMonth[t] - this.principalByMonth[t];
    let minDscr = Infinity;
    let breaches = 0;
    for (let y = 0; y < years; y++) {
      equity[yearEnd(y)] -= this.taxByYear[y];
      if (this.debtServiceByYear[y] <= 1e-6) continue;
      let ebitdaUsd = 0;
      for (let t = 12 * y; t <= yearEnd(y); t++) ebitdaUsd += this.monthlyEbitdaUsd[t];
      const dscr = (ebitdaUsd - this.taxByYear[y]) / this.debtServiceByYear[y];
      if (dscr < minDscr) minDscr = dscr;
      if (dscr < debt.dscrCovenant) breaches++;
    }
    m[METRIC.debt_drawn_usd] = drawnUsd;
    m[METRIC.interest_usd] = interestUsd;
    m[METRIC.equity_npv_usd] = npvMonthly(equity, Math.pow(1 + debt.equityDiscountRatePerYear, 1 / 12) - 1);
    m[METRIC.equity_irr_per_year] = irrPerYear(equity);
    m[METRIC.min_dscr] = minDscr === Infinity ? NaN : minDscr;
    m[METRIC.dscr_breach_years] = breaches;
  }

  /**
   * For components after dispatch: sheds mw of the running mining from the end of the merit
   * order, taking its BTC and hosting fees off the hour's figures in state.
   */
  shedMining(state: HourState, mw: number): void {
    this.fleet.shed(state, mw);
  }

  /** Takes mw of mining capacity away for good, from the least efficient classes (the end of the merit order) first. */
  retireMining(mw: number): void {
    this.fleet.retire(mw);
  }

  /** Brings itMw of IT online in hall `hall`, beside its own phases. */
  addHallIt(hall: number, itMw: number): void {
    this.halls.addIt(hall, itMw);
  }

  hallActive(hall: number): boolean {
    return this.halls.active(hall);
  }

  miningClassMw(c: number): number {
    return this.fleet.capacityByClassMw[c];
  }

  miningClassThsPerSiteMw(c: number): number {
    return this.fleet.thsPerSiteMw[c];
  }

  setMiningClassThsPerSiteMw(c: number, thsPerSiteMw: number): void {
    this.fleet.thsPerSiteMw[c] = thsPerSiteMw;
  }

  /**
   * The hashprice of the moment: at an event, the markets as the last hour left them. The BTC price
   * is read from its path (hour - 1's, the start price before the first hour), not from the
   * process's price in force: a run stepped in lanes has its whole path, and its last hour's price, already.
   */
  hashpriceUsdPerThDay(): number {
    const network = this.network;
    const hour = this.eventHour;
    const btcPriceUsd = hour > 0 ? this.btc.priceUsdByHour[hour - 1] : this.startBtcPriceUsd;
    return hashpriceUsdPerThDay(network.rewardBtcPerBlockAtEvent(hour), btcPriceUsd, network.difficultyAtEvent(hour));
  }

  /** Equipment sold at hour h: cash in, and a taxable gain (owned equipment is taken as fully depreciated). */
  sell(usd: number, hour: number): void {
    this.spend(-usd, hour, false);
    this.gainByYear[Math.floor(this.plan.calendar.monthIndex[hour] / 12)] += usd;
  }

  /** An asset bought at hour h with a life of lifeHours (Infinity: no salvage): paid now, worth cost x (1 - (T - h)/life) at the horizon T. */
  buy(usd: number, hour: number, lifeHours: number, depreciationClass: number, ai: boolean): void {
    this.spend(usd, hour, ai);
    const month = this.plan.calendar.monthIndex[hour];
    this.monthlyCapexUsd[month] += usd;
    this.capexByClassYear[depreciationClass * this.taxYears + Math.floor(month / 12)] += usd;
    if (lifeHours === Infinity) return;
    const remaining = 1 - (this.plan.hours - hour) / lifeHours;
    if (remaining > 0) this.salvageUsd += usd * remaining;
  }

  /** Capital spent (negative: received) at hour h. */
  private spend(usd: number, hour: number, ai: boolean): void {
    const plan = this.plan;
    this.capexUsd += usd;
    this.npvUsd -= usd * plan.discountFactor[hour];
    if (plan.aiDiscountFactor !== null) this.npvStreamsUsd -= usd * (ai ? plan.aiDiscountFactor[hour] : plan.discountFactor[hour]);
    this.monthlyCashUsd[plan.calendar.monthIndex[hour]] -= usd;
  }

  /** Steps hours from .. to-1: a block of the markets' hours, then the same hours of the loop written for this plan (src/site/hour.ts). */
  stepHours(from: number, to: number): void {
    const loop = this.trace === null ? this.untracedLoop : (this.tracedLoop ??= compileHourLoop(this, { hourlyComponents: this.hourlyComponents.length, traced: true, fold: this.options.foldHour !== false }));
    for (let start = from; start < to; start += MARKET_BLOCK_HOURS) {
      const end = Math.min(to, start + MARKET_BLOCK_HOURS);
      this.stepMarkets(start, end);
      loop(this, start, end);
    }
  }

  /**
   * Each market process steps hours from .. to-1 in a loop of its own; the hour loop then reads
   * their paths. Called here rather than from the hour loop's text, so that V8 does not compile the
   * markets' calls into the hour loop (inlined, they made its first optimised code larger and one
   * more reason for it to be thrown away while a worker warms up: docs/speed.md, point 21).
   */
  private stepMarkets(from: number, to: number): void {
    const calendar = this.plan.calendar;
    // Under simulateTogether, the processes that step in lanes have been stepped for the block already.
    if (!this.steppedInLanes(this.btc)) this.btc.stepHours(from, to, calendar);
    if (!this.steppedInLanes(this.power)) this.power.stepHours(from, to, calendar);
    if (!this.networkShared) this.network.stepHours(from, to, this.btc.logPriceByHour);
    if (this.basis !== null && !this.steppedInLanes(this.basis)) this.basis.stepHours(from, to, calendar);
    if (this.realTime !== null && !this.steppedInLanes(this.realTime)) this.realTime.stepHours(from, to, calendar);
    this.readMarketPaths();
  }

  /** The market processes' paths into marketPaths (views of the kernels' memory: taken again after it grows). */
  private readMarketPaths(): void {
    const paths = this.marketPaths;
    paths.btcPriceUsdByHour = this.btc.priceUsdByHour;
    paths.priceUsdPerMwhByHour = this.power.priceUsdPerMwhByHour;
    paths.difficultyByHour = this.network.difficultyByHour;
    paths.subsidyBtcByHour = this.network.subsidyBtcByHour;
    paths.feesBtcPerBlockByHour = this.network.feesBtcPerBlockByHour;
    paths.basisUsdPerMwhByHour = this.basis === null ? null : this.basis.basisUsdPerMwhByHour;
    paths.spreadUsdPerMwhByHour = this.realTime === null ? null : this.realTime.basisUsdPerMwhByHour;
  }

  private finish(): void {
    const m = this.metrics;
    const hours = this.plan.hours;
    // Held BTC is valued at the final price in the last hour, as cash then.
    const treasuryValueUsd = this.btcHeld * this.btc.priceUsd;
    // Terminal value: straight-line salvage of the assets, or a multiple of the last year's EBITDA.
    const plan = this.plan;
    const terminalValueUsd = plan.terminalValueMethod === 1 ? this.salvageUsd : plan.terminalValueMethod === 2 ? plan.terminalEbitdaMultiple * this.lastYearEbitdaUsd : 0;
    if (hours > 0 && terminalValueUsd !== 0) {
      const lastMonth = plan.calendar.monthIndex[hours - 1];
      this.npvUsd += terminalValueUsd * plan.discountFactor[hours - 1];
      this.npvStreamsUsd += terminalValueUsd * plan.discountFactor[hours - 1];
      this.monthlyCashUsd[lastMonth] += terminalValueUsd;
      this.monthly[lastMonth * MONTHLY_SERIES_COUNT + MONTHLY.cumulative_net_cash_usd] += terminalValueUsd;
    }
    if (hours > 0 && treasuryValueUsd !== 0) {
      const lastMonth = this.plan.calendar.monthIndex[hours - 1];
      this.npvUsd += treasuryValueUsd * this.plan.discountFactor[hours - 1];
      this.npvStreamsUsd += treasuryValueUsd * (plan.miningDiscountFactor ?? plan.discountFactor)[hours - 1];
      this.monthlyCashUsd[lastMonth] += treasuryValueUsd;
      this.monthly[lastMonth * MONTHLY_SERIES_COUNT + MONTHLY.cumulative_net_cash_usd] += treasuryValueUsd;
    }
    const powerCostUsd = this.miningPowerCostUsd + this.aiPowerCostUsd;
    // The cash terms first: ebitda_usd is their signed sum, as declared in src/site/columns.ts and by
    // each component.
    m[METRIC.mining_revenue_usd] = this.miningRevenueUsd;
    m[METRIC.hosting_revenue_usd] = this.hostingRevenueUsd;
    m[METRIC.ai_revenue_usd] = this.aiRevenueUsd;
    m[METRIC.power_markup_usd] = this.powerMarkupUsd;
    m[METRIC.dayahead_settlement_usd] = this.dayAheadSettlementUsd;
    m[METRIC.power_cost_usd] = powerCostUsd;
    m[METRIC.mining_variable_om_usd] = this.variableOmUsd;
    m[METRIC.sla_penalty_usd] = this.slaPenaltyUsd;
    m[METRIC.fixed_opex_usd] = this.fixedOpexUsd;
    m[METRIC.restart_cost_usd] = this.restartCostUsd;
    // Components the scenario leaves out write zeros (or empty, where declared).
    m.set(ABSENT_COMPONENT_METRICS, COMPONENT_METRIC_START);
    for (const component of this.components) component.finish(m);
    let ebitdaUsd = 0;
    for (let k = 0; k < EBITDA_TERM_INDEX.length; k++) ebitdaUsd += EBITDA_TERM_SIGN[k] * m[EBITDA_TERM_INDEX[k]];
    m[METRIC.mining_power_cost_usd] = this.miningPowerCostUsd;
    m[METRIC.ai_power_cost_usd] = this.aiPowerCostUsd;
    m[METRIC.tenant_power_mwh] = this.tenantPowerMwh;
    m[METRIC.ebitda_usd] = ebitdaUsd;
    m[METRIC.capex_usd] = this.capexUsd;
    m[METRIC.net_cash_flow_usd] = ebitdaUsd - this.capexUsd - this.miningRevenueUsd * (1 - this.plan.btcSellShare) + treasuryValueUsd + terminalValueUsd;
    m[METRIC.salvage_value_usd] = this.salvageUsd;
    m[METRIC.terminal_value_usd] = terminalValueUsd;
    m[METRIC.btc_held] = this.btcHeld;
    m[METRIC.treasury_value_usd] = treasuryValueUsd;
    m[METRIC.npv_usd] = this.npvUsd;
    m[METRIC.irr_per_year] = irrPerYear(this.monthlyCashUsd);
    m[METRIC.npv_stream_rates_usd] = plan.miningDiscountFactor !== null ? this.npvStreamsUsd : NaN;
    this.taxesAndDebt(terminalValueUsd);
    m[METRIC.payback_month] = paybackMonth(this.monthlyCashUsd);
    m[METRIC.btc_mined] = this.btcMined;
    m[METRIC.mining_mwh] = this.miningMwh;
    m[METRIC.ai_mwh] = this.aiMwh;
    m[METRIC.ai_unserved_mwh] = this.aiUnservedMwh;
    m[METRIC.curtailed_mwh] =
      this.curtailedEconomicMwh +
      this.curtailedCapacityMwh +
      this.componentCurtailedMwh +
      this.curtailedMinOffMwh +
      this.curtailedOutageMwh;
    m[METRIC.curtailed_min_off_mwh] = this.curtailedMinOffMwh;
    m[METRIC.curtailed_outage_mwh] = this.curtailedOutageMwh;
    m[METRIC.asic_failed_mw] = this.fleet.failedAtRestartsMw;
    m[METRIC.restarts] = this.fleet.restarts;
    m[METRIC.curtailed_economic_mwh] = this.curtailedEconomicMwh;
    m[METRIC.curtailed_capacity_mwh] = this.curtailedCapacityMwh;
    m[METRIC.curtailed_hours] = this.curtailedHours;
    m[METRIC.mining_revenue_usd_per_mwh] = this.miningMwh > 0 ? this.miningRevenueUsd / this.miningMwh : NaN;
    m[METRIC.ai_revenue_usd_per_mwh] = this.aiMwh > 0 ? this.aiRevenueUsd / this.aiMwh : NaN;
    m[METRIC.first_year_mining_revenue_usd_per_mwh] =
      this.firstYearMiningMwh > 0 ? this.firstYearMiningRevenueUsd / this.firstYearMiningMwh : NaN;
    m[METRIC.first_year_ai_revenue_usd_per_mwh] = this.firstYearAiMwh > 0 ? this.firstYearAiRevenueUsd / this.firstYearAiMwh : NaN;
    m[METRIC.mean_power_price_usd_per_mwh] = hours > 0 ? this.priceSum / hours : NaN;
    m[METRIC.mean_basis_usd_per_mwh] = hours > 0 ? this.basisSum / hours : NaN;
    m[METRIC.final_btc_price_usd] = this.btc.priceUsd;
    m[METRIC.final_network_hashrate_ehs] = this.network.hashrateHps / 1e18;
    m[METRIC.final_hashprice_usd_per_th_day] = this.lastHashpriceUsdPerThDay;
    m[METRIC.halvings] = this.network.halvingsCrossed;
    m[METRIC.first_halving_hour] = this.network.firstHalvingHour;
    m[METRIC.second_halving_hour] = this.network.secondHalvingHour;
    m[METRIC.third_halving_hour] = this.network.thirdHalvingHour;
  }
}

/** An error of a run's hours or end, naming the run and its seed when the model diverged. */
function namedError(err: unknown, baseSeed: number, run: number): unknown {
  const message = (err as Error).message ?? String(err);
  if (message.startsWith("model diverged:")) return new Error(`model diverged: run ${run} (seed ${baseSeed}): ${message.slice("model diverged: ".length)}`);
  return err;
}

/** What simulateTogether throws when one of its runs fails: the run, and what it threw (a model that diverged names the run itself). */
export class RunFailure extends Error {
  constructor(
    readonly run: number,
    readonly failure: unknown,
  ) {
    super((failure as Error)?.message ?? String(failure));
  }
}
