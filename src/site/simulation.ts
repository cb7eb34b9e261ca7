// One Monte Carlo run of one site: markets, dispatch and accounting, hour by hour.
// The hour step reads as numbered phases and creates no objects; all state is numbers and typed
// arrays created once per SiteRun. (V8 still boxes a double passed to or returned from a call it
// does not inline: measured at 1.2 bytes a site-hour on the reference model, 53 on the default
// scenario by bench/kernel.ts; README, Speed.)
import { EventQueue } from "../engine/events";
import { runHours, type HourlyModel } from "../engine/loop";
import { RandomStream, streamSeed } from "../engine/random";
import { BtcBootstrapProcess, BtcPriceProcess, BtcSvProcess, BtcReplayProcess, type BtcPriceModel } from "../markets/btc";
import { hashpriceUsdPerThDay, NetworkProcess } from "../markets/network";
import { BasisProcess } from "../markets/basis";
import { PowerBootstrapProcess, PowerPriceProcess, PowerReplayProcess, type PowerPriceModel } from "../markets/power";
import { irrPerYear, npvMonthly, paybackMonth } from "../finance/cashflow";
import { loanSchedule } from "../finance/debt";
import { taxesByYear } from "../finance/tax";
import { COMPONENT_METRIC_START, COMPONENT_TRACE_START, EBITDA_TERM_INDEX, mainCurtailmentCode, EBITDA_TERM_SIGN, METRIC, MONTHLY, MONTHLY_SERIES_COUNT, RUN_METRIC_COUNT, RUN_METRICS, TRACE, TRACE_COLUMNS } from "./columns";
import { EPSILON_MW, HourState, EVENT_KINDS_PER_COMPONENT, type MiningShedder, type SiteAssets, type SiteComponent } from "./component";
import { ABSENT_COMPONENT_METRICS, COMPONENT_EVENT_KIND_BASE, COMPONENT_KINDS, createComponent, EMPTY_TRACE_OFFSETS, isHourly } from "./components";
import { EVENT_CAPEX, type RunPlan } from "./plan";
import { MiningFleet } from "./fleet";
import { AiHalls } from "./halls";

const TWO_POW_32 = 4294967296;

/** Trace layout: TRACE_COLUMNS, then curtail reason code, then one column per mining class. */
export function traceWidth(plan: RunPlan): number {
  return TRACE_COLUMNS.length + 1 + plan.fleet.classes.length;
}
export const TRACE_REASON_COLUMN = TRACE_COLUMNS.length;

/** Simulates runs of one plan. Reuse one instance for many runs: it allocates only in the constructor. */
export class SiteRun implements HourlyModel, MiningShedder, SiteAssets {
  readonly btc: BtcPriceModel;
  readonly power: PowerPriceModel;
  readonly network: NetworkProcess;
  /** Load-zone basis over the market price, or null for a constant one. */
  private readonly basis: BasisProcess | null;
  /** Real-time spread over the day-ahead price (the same kind of process), or null. */
  private readonly realTime: BasisProcess | null;
  private dayAheadSettlementUsd = 0;
  private readonly queue = new EventQueue(64);
  /** The AI halls (firm load, served first) and the mining fleet (in merit order). */
  readonly halls: AiHalls;
  readonly fleet: MiningFleet;
  private readonly monthlyCashUsd: Float64Array;
  /** Per month: EBITDA (mined BTC at its value when mined) and capex spent (> 0), for taxes and debt. */
  private readonly monthlyEbitdaUsd: Float64Array;
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
  private npvStreamsUsd = 0;
  /**
   * Month-end series of the current run, MONTHLY_SERIES order, month-major:
   * monthly[month * MONTHLY_SERIES_COUNT + series].
   */
  readonly monthly: Float64Array;
  private cumulativeCashUsd = 0;

  /** The site components the scenario uses, those of them that act in the hour, and each registry entry's (null when unused) for event dispatch. */
  private readonly components: SiteComponent[];
  private readonly hourlyComponents: SiteComponent[];
  private readonly componentByRegistry: (SiteComponent | null)[];
  /** The hour's figures shared with the components. */
  private readonly hourState = new HourState();

  /** Metric row of the current run (RUN_METRICS order). */
  readonly metrics = new Float64Array(RUN_METRIC_COUNT);
  /** When set, hour h's trace row is written at trace[h * traceWidth ...]. */
  trace: Float64Array | null = null;
  private readonly width: number;
  private readonly startBtcPriceUsd: number;

  // Accumulators of the current run.
  private miningRevenueUsd = 0;
  private hostingRevenueUsd = 0;
  private restartCostUsd = 0;
  private curtailedMinOffMwh = 0;
  /** Mining MWh the components shed (part of curtailed_mwh). */
  private componentCurtailedMwh = 0;
  private curtailedOutageMwh = 0;
  private btcHeld = 0;
  private aiRevenueUsd = 0;
  private miningPowerCostUsd = 0;
  private aiPowerCostUsd = 0;
  private tenantPowerMwh = 0;
  private powerMarkupUsd = 0;
  private variableOmUsd = 0;
  private slaPenaltyUsd = 0;
  private fixedOpexUsd = 0;
  private capexUsd = 0;
  /** Straight-line value at the horizon of the assets bought this run, and EBITDA of the last 8,760 hours. */
  private salvageUsd = 0;
  private lastYearEbitdaUsd = 0;
  private npvUsd = 0;
  private btcMined = 0;
  private miningMwh = 0;
  private aiMwh = 0;
  private aiUnservedMwh = 0;
  private curtailedEconomicMwh = 0;
  private curtailedCapacityMwh = 0;
  private curtailedHours = 0;
  private firstYearMiningRevenueUsd = 0;
  private firstYearMiningMwh = 0;
  private firstYearAiRevenueUsd = 0;
  private firstYearAiMwh = 0;
  private priceSum = 0;
  private basisSum = 0;
  private lastHashpriceUsdPerThDay = 0;

  constructor(readonly plan: RunPlan) {
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
    this.network = new NetworkProcess(
      markets.network,
      recorded.difficulty && recorded.hashrateHps ? { difficulty: recorded.difficulty, hashrateHps: recorded.hashrateHps } : undefined,
      plan.scenario.start,
      this.startBtcPriceUsd,
    );
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
  }

  /** Runs run `run` of a batch with base seed `baseSeed`; the result is in `metrics`. */
  simulate(baseSeed: number, run: number): Float64Array {
    this.reset(baseSeed, run);
    if (this.trace !== null) this.emptyAbsentTraceColumns(this.trace);
    try {
      runHours(this, this.queue, this.plan.hours);
      this.finish();
    } catch (err) {
      const message = (err as Error).message ?? String(err);
      if (message.startsWith("model diverged:")) throw new Error(`model diverged: run ${run} (seed ${baseSeed}): ${message.slice("model diverged: ".length)}`);
      throw err;
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
    this.network.reset(new RandomStream(streamSeed(baseSeed, run, "network")));
    if (this.basis !== null) this.basis.reset(new RandomStream(streamSeed(baseSeed, run, "basis")));
    if (this.realTime !== null) this.realTime.reset(new RandomStream(streamSeed(baseSeed, run, "real-time")));
    this.dayAheadSettlementUsd = 0;
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

  /** The hashprice of the moment: at an event, the markets as the last hour left them. */
  hashpriceUsdPerThDay(): number {
    const network = this.network;
    return hashpriceUsdPerThDay(network.subsidyBtc + network.feesBtcPerBlock, this.btc.priceUsd, network.difficulty);
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

  stepHour(h: number): void {
    const plan = this.plan;
    const calendar = plan.calendar;
    const localHour = calendar.localHour[h];

    // 1. Markets: prices and network hashrate for hour h.
    const shapeSlot = calendar.localMonth[h] * 24 + localHour;
    this.btc.step(h, shapeSlot);
    this.power.step(h, shapeSlot);
    this.network.btcLogPriceUsd = this.btc.logPrice;
    this.network.step(h);
    const btcPriceUsd = this.btc.priceUsd;
    const priceUsdPerMwh = this.power.priceUsdPerMwh;
    const network = this.network;
    const difficulty = network.difficulty;
    const rewardBtcPerBlock = network.subsidyBtc + network.feesBtcPerBlock;
    const hashpriceUsdPerThDayValue = hashpriceUsdPerThDay(rewardBtcPerBlock, btcPriceUsd, difficulty);
    // FPPS: BTC per TH/s per hour = 3600 s * 1e12 H/TH * reward / (D * 2^32), less the pool fee.
    const btcPerThHour = ((3600 * 1e12 * rewardBtcPerBlock) / (difficulty * TWO_POW_32)) * (1 - plan.fleet.poolFeeFraction);
    // The site's load settles at its load zone: the market price + the basis, then the adders.
    let basisUsdPerMwh = plan.basisConstantUsdPerMwh;
    if (this.basis !== null) {
      this.basis.step(h);
      basisUsdPerMwh = this.basis.basisUsdPerMwh;
    }
    // With a real-time market, mining is dispatched on the real-time price: day-ahead + the spread.
    let spreadUsdPerMwh = 0;
    if (this.realTime !== null) {
      this.realTime.step(h);
      spreadUsdPerMwh = this.realTime.basisUsdPerMwh;
    }
    const dayAheadCostUsdPerMwh = priceUsdPerMwh + basisUsdPerMwh + plan.powerAdderUsdPerMwh;
    const marginalCostUsdPerMwh = dayAheadCostUsdPerMwh + spreadUsdPerMwh;

    // 2. Firm AI load, served first: what the halls ask for, and their revenue if all of it is served.
    const halls = this.halls;
    let aiDemandMw = 0;
    let aiItOnlineMw = 0;
    let aiBusyRevenueUsd = 0;
    let aiPenaltyRatePerMwh = 0;
    let aiOpexUsd = 0;
    let tenantDemandMw = 0;
    let markupDemandMw = 0;
    for (let i = 0; i < halls.count; i++) {
      const itMw = (halls.itMw[i] + halls.convertedItMw[i]) * halls.onFactor[i];
      if (itMw <= 0) continue;
      const demandUtilization = halls.utilByHour[i * 24 + localHour] * halls.demandFactor[i];
      const utilization = demandUtilization < 1 ? demandUtilization : 1;
      const idle = halls.idle[i];
      const hallDemandMw = itMw * (idle + (1 - idle) * utilization) * halls.pue[i];
      aiDemandMw += hallDemandMw;
      aiItOnlineMw += itMw;
      const held = halls.contractMultiplier[i];
      const priceMultiplier = held === held ? held : halls.marketPriceMultiplier(i, h);
      aiBusyRevenueUsd += itMw * (halls.busyRevenue[i] * utilization + halls.onlineRevenue[i]) * halls.priceFactor[i] * priceMultiplier;
      aiPenaltyRatePerMwh += hallDemandMw * halls.penalty[i];
      tenantDemandMw += hallDemandMw * halls.passThrough[i];
      markupDemandMw += hallDemandMw * halls.markup[i];
      aiOpexUsd += itMw * halls.opex[i];
    }
    // 3. Components before dispatch: they may lower the import limit (a flexible interconnection),
    // take a share of the site offline (an outage), scale the AI load and its revenue (the load
    // they shed leaves no room for mining), cut AI from the grid onto backup generation, stop all
    // mining (an emergency) or hold off the mining that would run (a 4CP alert).
    let aiShedMw = 0;
    let componentCashUsd = 0;
    const components = this.hourlyComponents;
    const state = this.hourState;
    if (components.length > 0) {
      state.hour = h;
      state.localHour = localHour;
      state.priceUsdPerMwh = priceUsdPerMwh;
      state.aiDemandMw = aiDemandMw;
      state.aiRevenueUsd = aiBusyRevenueUsd;
      state.aiDemandScale = 1;
      state.aiRevenueScale = 1;
      state.importLimitMw = plan.interconnectMw;
      state.importCutPenalised = true;
      state.miningShareOffline = 0;
      state.aiShareOffline = 0;
      state.stopMining = false;
      state.holdMining = false;
      state.aiOffGrid = false;
      state.aiBackupCapacityMw = 0;
      state.cashUsd = 0;
      for (let k = 0; k < components.length; k++) components[k].beforeDispatch(state);
      const keep = state.aiDemandScale;
      aiShedMw = aiDemandMw * (1 - keep);
      aiDemandMw *= keep;
      aiPenaltyRatePerMwh *= keep;
      tenantDemandMw *= keep;
      markupDemandMw *= keep;
      aiBusyRevenueUsd *= state.aiRevenueScale;
    }
    // The import limit this hour: the interconnect, or what a component left of it.
    const availableMw = components.length > 0 ? state.importLimitMw : plan.interconnectMw;
    const stopMining = state.stopMining;
    const aiCut = state.aiOffGrid;
    // A forced outage takes a share of the AI load offline (unserved), and of every mining class.
    const miningShareOffline = state.miningShareOffline;
    const aiUpMw = aiDemandMw * (1 - state.aiShareOffline);
    // AI cut from the grid (an emergency that interrupts it): backup generation carries what it can.
    const backupCapacityMw = aiCut ? state.aiBackupCapacityMw : 0;
    const aiBackupMw = aiUpMw <= backupCapacityMw ? aiUpMw : backupCapacityMw;
    const aiAvailableMw = aiCut ? aiBackupMw : availableMw;
    const aiMw = aiUpMw <= aiAvailableMw ? aiUpMw : aiAvailableMw;
    // What AI would get under the whole interconnect: the difference is cut by the lowered limit.
    const aiFullMw = aiCut ? aiMw : aiUpMw <= plan.interconnectMw ? aiUpMw : plan.interconnectMw;
    const aiCutByLimitMw = aiFullMw - aiMw;
    const aiUnservedMw = aiDemandMw - aiMw;
    const aiServedShare = aiDemandMw > 0 ? aiMw / aiDemandMw : 1;
    const aiRevenueUsd = aiBusyRevenueUsd * aiServedShare;
    // Penalty at the demand-weighted rate of the halls (AI cut by the lowered limit only if its component says so).
    const aiPenalisedMw = state.importCutPenalised ? aiUnservedMw : aiUnservedMw - aiCutByLimitMw;
    const slaPenaltyUsd = aiDemandMw > 0 && !aiCut ? (aiPenalisedMw * aiPenaltyRatePerMwh) / aiDemandMw : 0;

    // 4. Mining in merit order while hash revenue per MWh beats the marginal power cost.
    const aiGridMw = aiMw - aiBackupMw;
    let roomMw = availableMw - aiGridMw - aiShedMw;
    // Room under the whole interconnect: what the lowered limit takes is the difference.
    let roomFullMw = plan.interconnectMw - (aiFullMw - aiBackupMw) - aiShedMw;
    let miningCutByLimitMw = 0;
    let curtailedMinOffMw = 0;
    let stoppedMw = 0;
    let heldMw = 0;
    const holdMining = state.holdMining;
    let miningMw = 0;
    let miningCapacityMw = 0;
    let curtailedEconomicMw = 0;
    let curtailedCapacityMw = 0;
    let btcMinedHour = 0;
    let hostingRevenueUsd = 0;
    let curtailedOutageMw = 0;
    // The day-ahead position: the AI load and the mining that earns more than the day-ahead price.
    const dayAhead = plan.dayAheadPosition;
    let positionMw = dayAhead ? aiGridMw : 0;
    let plannedRoomMw = roomMw;
    const fleet = this.fleet;
    const fleetPlan = plan.fleet;
    for (let c = 0; c < fleet.count; c++) {
      const installedMw = fleet.capacityByClassMw[c];
      miningCapacityMw += installedMw;
      // Units broken at restarts and not yet repaired are out, like a forced outage (reason outage).
      const failedMw = fleet.failedMw[c] < installedMw ? fleet.failedMw[c] : installedMw;
      const workingMw = installedMw - failedMw;
      const capacityMw = workingMw * (1 - miningShareOffline);
      curtailedOutageMw += installedMw - capacityMw;
      const hostingFee = fleet.hostingUsdPerMwh[c];
      const hosted = hostingFee === hostingFee; // NaN for self-mining
      const revenuePerMwh = (hosted ? hostingFee : fleet.thsPerSiteMw[c] * btcPerThHour * btcPriceUsd) - fleetPlan.variableOmUsdPerMwh;
      if (dayAhead && revenuePerMwh > dayAheadCostUsdPerMwh && plannedRoomMw > 0) {
        const plannedMw = capacityMw < plannedRoomMw ? capacityMw : plannedRoomMw;
        positionMw += plannedMw;
        plannedRoomMw -= plannedMw;
      }
      let runMw = 0;
      // Economics, then the constraints: a class held on by its minimum run time runs even at a
      // loss; one that would run but is held off by its minimum off time stays off (reason min_off,
      // or fourcp when an alert would keep it off anyway).
      const run = revenuePerMwh > marginalCostUsdPerMwh || (fleet.on[c] === 1 && fleet.stateHours[c] < fleetPlan.minRunHours);
      const heldOff = run && fleet.on[c] === 0 && fleet.stateHours[c] < fleetPlan.minOffHours;
      if (stopMining) {
        stoppedMw += capacityMw;
      } else if (run) {
        runMw = capacityMw <= roomMw ? capacityMw : roomMw > 0 ? roomMw : 0;
        const runFullMw = capacityMw <= roomFullMw ? capacityMw : roomFullMw > 0 ? roomFullMw : 0;
        curtailedCapacityMw += capacityMw - runFullMw;
        miningCutByLimitMw += runFullMw - runMw;
        roomFullMw -= runFullMw;
        // Held (a 4CP alert): what would run stays off, its room unused.
        if (holdMining) {
          heldMw += runMw;
          roomMw -= runMw;
          runMw = 0;
        } else if (heldOff) {
          // Off by its own constraint: the room it leaves goes to the next classes.
          curtailedMinOffMw += runMw;
          roomFullMw += runFullMw;
          runMw = 0;
        }
      } else {
        curtailedEconomicMw += capacityMw;
      }
      roomMw -= runMw;
      miningMw += runMw;
      if (hosted) hostingRevenueUsd += runMw * hostingFee;
      else btcMinedHour += runMw * fleet.thsPerSiteMw[c] * btcPerThHour;
      fleet.runMw[c] = runMw;
    }

    // 4b. Components after dispatch, in registry order: they may shed running mining from the end of
    // the merit order (demand response, reserves) and read the import (4CP).
    let componentCurtailedMw = 0;
    if (components.length > 0) {
      state.miningMw = miningMw;
      state.stoppedMiningMw = stoppedMw;
      state.heldMiningMw = heldMw;
      state.aiGridMw = aiGridMw;
      state.aiBackupMw = aiBackupMw;
      state.miningCutByLimitMw = miningCutByLimitMw;
      state.aiCutByLimitMw = aiCutByLimitMw;
      state.btcMined = btcMinedHour;
      state.hostingRevenueUsd = hostingRevenueUsd;
      state.btcPerThHour = btcPerThHour;
      state.committedMiningMw = 0;
      state.curtailedMiningMw = stoppedMw + heldMw + miningCutByLimitMw;
      for (let k = 0; k < components.length; k++) components[k].afterDispatch(state);
      miningMw = state.miningMw;
      btcMinedHour = state.btcMined;
      hostingRevenueUsd = state.hostingRevenueUsd;
      componentCurtailedMw = state.curtailedMiningMw;
      componentCashUsd = state.cashUsd;
    }

    // 4e. On/off state of each class after every shed: a class that runs after an hour off restarts.
    let restartCostUsd = 0;
    for (let c = 0; c < fleet.count; c++) {
      if (fleet.failedMw[c] > 0) {
        const left = fleet.failedMw[c] - fleet.repairMwPerHour[c];
        fleet.failedMw[c] = left > 0 ? left : 0;
      }
      const nowOn = fleet.runMw[c] > 0 ? 1 : 0;
      if (nowOn === fleet.on[c]) fleet.stateHours[c]++;
      else {
        if (nowOn === 1) {
          fleet.restarts++;
          restartCostUsd += fleetPlan.restartUsdPerMw * fleet.capacityByClassMw[c];
          // Some units fail to come back (from the next hour), until repaired.
          const brokenMw = fleet.restartFailure[c] * fleet.runMw[c];
          fleet.failedMw[c] += brokenMw;
          fleet.failedAtRestartsMw += brokenMw;
        }
        fleet.on[c] = nowOn;
        fleet.stateHours[c] = 1;
      }
    }

    // 5. Accounting (one hour: MW x 1 h = MWh).
    const miningRevenueUsd = btcMinedHour * btcPriceUsd;
    const miningPowerCostUsd = miningMw * marginalCostUsdPerMwh;
    // Tenants who pay their own power take it off the site's books (served in the same share as all AI);
    // the site earns only its markup on it.
    const tenantMw = tenantDemandMw * aiServedShare;
    // Only AI load drawn from the grid is paid at the market: backup generation burns fuel instead.
    const gridShare = aiMw > 0 ? aiGridMw / aiMw : 1;
    const aiPowerCostUsd = (aiMw - tenantMw) * gridShare * marginalCostUsdPerMwh;
    const powerMarkupUsd = markupDemandMw * aiServedShare * marginalCostUsdPerMwh;
    const variableOmUsd = miningMw * plan.fleet.variableOmUsdPerMwh;
    const fixedOpexUsd = plan.siteFixedOpexUsdPerHour + aiOpexUsd;
    // Power is costed at real time above; the day-ahead position was bought at the day-ahead price: + position x (RT - DA).
    const dayAheadSettlementUsd = positionMw * spreadUsdPerMwh;
    // Treasury: the unsold share of mined BTC is held, not cash, until the horizon.
    const cashUsd =
      miningRevenueUsd * plan.btcSellShare +
      hostingRevenueUsd +
      aiRevenueUsd +
      powerMarkupUsd +
      dayAheadSettlementUsd +
      componentCashUsd -
      miningPowerCostUsd -
      aiPowerCostUsd -
      variableOmUsd -
      slaPenaltyUsd -
      fixedOpexUsd -
      restartCostUsd;
    this.btcHeld += btcMinedHour * (1 - plan.btcSellShare);
    if (h >= plan.hours - 8760) this.lastYearEbitdaUsd += cashUsd + miningRevenueUsd * (1 - plan.btcSellShare);
    this.miningRevenueUsd += miningRevenueUsd;
    this.hostingRevenueUsd += hostingRevenueUsd;
    this.curtailedMinOffMwh += curtailedMinOffMw;
    this.restartCostUsd += restartCostUsd;
    this.dayAheadSettlementUsd += dayAheadSettlementUsd;
    this.curtailedOutageMwh += curtailedOutageMw;
    this.aiRevenueUsd += aiRevenueUsd;
    this.miningPowerCostUsd += miningPowerCostUsd;
    this.aiPowerCostUsd += aiPowerCostUsd;
    this.tenantPowerMwh += tenantMw;
    this.powerMarkupUsd += powerMarkupUsd;
    this.variableOmUsd += variableOmUsd;
    this.slaPenaltyUsd += slaPenaltyUsd;
    this.fixedOpexUsd += fixedOpexUsd;
    this.npvUsd += cashUsd * plan.discountFactor[h];
    this.monthlyCashUsd[calendar.monthIndex[h]] += cashUsd;
    this.monthlyEbitdaUsd[calendar.monthIndex[h]] += cashUsd + miningRevenueUsd * (1 - plan.btcSellShare);
    if (plan.miningDiscountFactor !== null) {
      const miningCashUsd = miningRevenueUsd * plan.btcSellShare + hostingRevenueUsd - miningPowerCostUsd - variableOmUsd - restartCostUsd;
      const aiCashUsd = aiRevenueUsd + powerMarkupUsd - aiPowerCostUsd - slaPenaltyUsd - aiOpexUsd;
      this.npvStreamsUsd += miningCashUsd * plan.miningDiscountFactor[h] + aiCashUsd * plan.aiDiscountFactor![h] + (cashUsd - miningCashUsd - aiCashUsd) * plan.discountFactor[h];
    }
    this.btcMined += btcMinedHour;
    this.miningMwh += miningMw;
    this.aiMwh += aiMw;
    this.aiUnservedMwh += aiUnservedMw;
    this.curtailedEconomicMwh += curtailedEconomicMw;
    this.curtailedCapacityMwh += curtailedCapacityMw;
    this.componentCurtailedMwh += componentCurtailedMw;
    const curtailedMw = curtailedEconomicMw + curtailedCapacityMw + componentCurtailedMw + curtailedMinOffMw + curtailedOutageMw;
    if (curtailedMw > EPSILON_MW) this.curtailedHours++;
    if (calendar.yearIndex[h] === 0) {
      this.firstYearMiningRevenueUsd += miningRevenueUsd;
      this.firstYearMiningMwh += miningMw;
      this.firstYearAiRevenueUsd += aiRevenueUsd;
      this.firstYearAiMwh += aiMw;
    }
    this.priceSum += priceUsdPerMwh;
    this.basisSum += basisUsdPerMwh;
    this.lastHashpriceUsdPerThDay = hashpriceUsdPerThDayValue;

    // 6. Trace (traced runs only).
    const trace = this.trace;
    if (trace !== null) {
      const row = h * this.width;
      trace[row + TRACE.price_usd_per_mwh] = priceUsdPerMwh;
      trace[row + TRACE.basis_usd_per_mwh] = basisUsdPerMwh;
      trace[row + TRACE.rt_spread_usd_per_mwh] = spreadUsdPerMwh;
      trace[row + TRACE.dayahead_position_mw] = positionMw;
      trace[row + TRACE.btc_price_usd] = btcPriceUsd;
      trace[row + TRACE.network_hashrate_ehs] = network.hashrateHps / 1e18;
      trace[row + TRACE.difficulty] = difficulty;
      trace[row + TRACE.block_height] = network.height;
      trace[row + TRACE.subsidy_btc] = network.subsidyBtc;
      trace[row + TRACE.fees_btc_per_block] = network.feesBtcPerBlock;
      trace[row + TRACE.hashprice_usd_per_th_day] = hashpriceUsdPerThDayValue;
      trace[row + TRACE.ai_it_online_mw] = aiItOnlineMw;
      trace[row + TRACE.ai_demand_mw] = aiDemandMw;
      trace[row + TRACE.ai_mw] = aiMw;
      trace[row + TRACE.ai_unserved_mw] = aiUnservedMw;
      trace[row + TRACE.mining_capacity_mw] = miningCapacityMw;
      trace[row + TRACE.mining_mw] = miningMw;
      trace[row + TRACE.curtailed_mw] = curtailedMw;
      trace[row + TRACE.curtailed_economic_mw] = curtailedEconomicMw;
      trace[row + TRACE.curtailed_capacity_mw] = curtailedCapacityMw;
      trace[row + TRACE.flexible_mw] = miningMw;
      trace[row + TRACE.import_mw] = aiGridMw + miningMw;
      trace[row + TRACE.ai_outage_mw] = aiDemandMw - aiUpMw;
      trace[row + TRACE.curtailed_outage_mw] = curtailedOutageMw;
      trace[row + TRACE.allowed_import_mw] = availableMw;
      trace[row + TRACE.curtailed_min_off_mw] = curtailedMinOffMw;
      trace[row + TRACE.mining_revenue_usd] = miningRevenueUsd;
      trace[row + TRACE.ai_revenue_usd] = aiRevenueUsd;
      trace[row + TRACE.power_cost_usd] = miningPowerCostUsd + aiPowerCostUsd;
      trace[row + TRACE.btc_mined] = btcMinedHour;
      for (let k = 0; k < components.length; k++) components[k].writeTrace(trace, row);
      trace[row + TRACE_REASON_COLUMN] = mainCurtailmentCode(trace, row, curtailedMw);
      for (let c = 0; c < fleet.count; c++) trace[row + TRACE_REASON_COLUMN + 1 + c] = fleet.runMw[c];
    }

    // 7. Month-end values, in the last hour of each month.
    const month = calendar.monthIndex[h];
    if (h === plan.hours - 1 || calendar.monthIndex[h + 1] !== month) {
      this.cumulativeCashUsd += this.monthlyCashUsd[month];
      const at = month * MONTHLY_SERIES_COUNT;
      this.monthly[at + MONTHLY.cumulative_net_cash_usd] = this.cumulativeCashUsd;
      this.monthly[at + MONTHLY.btc_price_usd] = btcPriceUsd;
      this.monthly[at + MONTHLY.hashprice_usd_per_th_day] = hashpriceUsdPerThDayValue;
      this.monthly[at + MONTHLY.difficulty] = difficulty;
    }

    // 8. The network mines this hour's blocks (retargets and halvings take effect from the next hour).
    network.mineHour(h);
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

