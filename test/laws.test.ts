// Laws that hold for any scenario, checked hour by hour over many random scenarios with the
// default stochastic markets: import never above the interconnect, AI served before mining,
// curtailed + running = available mining, money and energy add up, traces sum to the totals.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { resolveScenario } from "../src/scenario/load";
import type { ScenarioInput } from "../src/scenario/schema";
import { compilePlan } from "../src/site/plan";
import { hashpriceUsdPerThDay } from "../src/markets/network";
import { SiteRun, traceWidth } from "../src/site/simulation";
import { plannedConfig } from "../src/site/components";
import type { FlexibleInterconnectionConfig } from "../src/site/components/flexible-interconnection";
import { COMPONENT_TRACE_START, CURTAILMENT_REASONS, runMetricIndex, traceColumnIndex, EBITDA_TERM_INDEX, EBITDA_TERM_SIGN, METRIC, MONTHLY, MONTHLY_SERIES_COUNT, RUN_METRICS, TRACE, TRACE_COLUMNS } from "../src/site/columns";

const TOL = 1e-6;

/** A system load for flexible interconnections: 1,000 MW +- 150 MW over the days from 2025-02-20, so fixed thresholds of 950-1,200 MW bind in some hours. */
const SYSTEM_LOAD = {
  startMs: Date.UTC(2025, 1, 20),
  stepMs: 3_600_000,
  values: Float64Array.from({ length: 24 * 40 }, (_, h) => 1000 + 150 * Math.sin(h * 0.29) * Math.sin(h * 0.011)),
};

const miningClass = fc.record({
  hashrateThPerUnit: fc.double({ min: 50, max: 400, noNaN: true }),
  powerWPerUnit: fc.double({ min: 2000, max: 6000, noNaN: true }),
  units: fc.integer({ min: 1, max: 20000 }),
  availability: fc.double({ min: 0.5, max: 1, noNaN: true }),
  coolingOverheadFraction: fc.double({ min: 0, max: 0.3, noNaN: true }),
  // 0 in some scenarios: the loop then leaves out what only broken units give (src/site/hour.ts).
  restartFailureFraction: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 0.3, noNaN: true })),
});

const hall = fc.record({
  itMw: fc.double({ min: 0, max: 80, noNaN: true }),
  secondItMw: fc.double({ min: 0, max: 80, noNaN: true }),
  pue: fc.double({ min: 1, max: 1.6, noNaN: true }),
  utilization: fc.double({ min: 0, max: 1, noNaN: true }),
  gpu: fc.boolean(),
});

const scenarioArb = fc.record({
  interconnectMw: fc.double({ min: 1, max: 200, noNaN: true }),
  classes: fc.array(miningClass, { minLength: 0, maxLength: 3 }),
  halls: fc.array(hall, { minLength: 0, maxLength: 2 }),
  priceScale: fc.double({ min: 0.2, max: 5, noNaN: true }),
  btcPrice: fc.double({ min: 10000, max: 300000, noNaN: true }),
  seed: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
  sellShare: fc.oneof(fc.constant(1), fc.double({ min: 0, max: 1, noNaN: true })),
  // 0 in some scenarios: the loop then leaves their terms out of the hour's cash.
  restartUsdPerMw: fc.constantFrom(0, 100),
  variableOmUsdPerMwh: fc.constantFrom(0, 2),
  hostingUsdPerMwh: fc.option(fc.double({ min: 0, max: 150, noNaN: true }), { nil: undefined }),
  conversionMw: fc.option(fc.double({ min: 1, max: 30, noNaN: true }), { nil: undefined }),
  ppaMw: fc.option(fc.double({ min: 1, max: 50, noNaN: true }), { nil: undefined }),
  minRunHours: fc.integer({ min: 1, max: 6 }),
  minOffHours: fc.integer({ min: 1, max: 6 }),
  emergenciesPerYear: fc.option(fc.double({ min: 1, max: 200, noNaN: true }), { nil: undefined }),
  aiInterruptible: fc.boolean(),
  backupGenerationMw: fc.double({ min: 0, max: 40, noNaN: true }),
  realTime: fc.boolean(),
  outages: fc.option(fc.record({ perYear: fc.double({ min: 1, max: 40, noNaN: true }), miningShareOffline: fc.double({ min: 0, max: 1, noNaN: true }), aiShareOffline: fc.double({ min: 0, max: 1, noNaN: true }) }), {
    nil: undefined,
  }),
  drOfferMw: fc.option(fc.double({ min: 1, max: 40, noNaN: true }), { nil: undefined }),
  ancillaryOfferMw: fc.option(fc.double({ min: 1, max: 40, noNaN: true }), { nil: undefined }),
  flexible: fc.option(
    fc.record({
      flexibleShare: fc.double({ min: 0.05, max: 1, noNaN: true }),
      thresholdMw: fc.double({ min: 950, max: 1200, noNaN: true }),
      systemFlexibleMw: fc.double({ min: 5, max: 300, noNaN: true }),
      bootstrap: fc.boolean(),
      aiSlaPenalty: fc.boolean(),
    }),
    { nil: undefined },
  ),
  fourCp: fc.option(fc.record({ missProbability: fc.double({ min: 0, max: 1, noNaN: true }), falseAlertsPerMonth: fc.double({ min: 0, max: 15, noNaN: true }) }), { nil: undefined }),
  aiFlexibility: fc.option(
    fc.record({
      shedShare: fc.double({ min: 0, max: 0.5, noNaN: true }),
      maxCallHours: fc.integer({ min: 1, max: 10 }),
      revenueLossShare: fc.double({ min: 0, max: 1, noNaN: true }),
      from: fc.integer({ min: 0, max: 12 }),
    }),
    { nil: undefined },
  ),
});

type Drawn = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

function build(s: Drawn): ScenarioInput {
  return {
    name: "random",
    start: "2025-03-01T00:00:00Z",
    horizon: { hours: 24 * 21 },
    site: {
      interconnectMw: s.interconnectMw,
      ...(s.outages === undefined ? {} : { outages: { ...s.outages, durationHours: { min: 2, mode: 12, max: 60 } } }),
      ...(s.ppaMw === undefined ? {} : { ppa: { mw: s.ppaMw, strikeUsdPerMwh: 35 } }),
      ...(s.flexible === undefined
        ? {}
        : {
            flexibleInterconnection: {
              flexibleMw: s.flexible.flexibleShare * s.interconnectMw,
              systemLoad: { file: "system-load.csv" },
              loadModel: s.flexible.bootstrap ? ("bootstrap" as const) : ("replay" as const),
              threshold: { rule: "fixed" as const, mw: s.flexible.thresholdMw },
              systemFlexibleMw: { mw: s.flexible.systemFlexibleMw },
              aiSlaPenalty: s.flexible.aiSlaPenalty,
            },
          }),
    },
    grid: {
      ...(s.emergenciesPerYear === undefined ? {} : { emergencies: { perYear: s.emergenciesPerYear, durationHours: { min: 1, mode: 4, max: 30 }, aiInterruptible: s.aiInterruptible, backupGenerationMw: s.backupGenerationMw } }),
      ...(s.drOfferMw === undefined
        ? {}
        : { demandResponse: { offerMw: s.drOfferMw, availabilityUsdPerMwHour: 5, deploymentsPerYear: 100, deploymentHours: { min: 1, mode: 2, max: 6 }, penaltyUsdPerMwh: 300 } }),
      ...(s.ancillaryOfferMw === undefined
        ? {}
        : { ancillary: { offerMw: s.ancillaryOfferMw, priceUsdPerMwHour: 7, deploymentsPerYear: 150, deploymentHours: { min: 1, mode: 1, max: 4 } } }),
      // March is made a 4CP month so that the 21 days see alerts and a peak.
      ...(s.fourCp === undefined ? {} : { fourCp: { months: [3], priorTagMw: 5, ...s.fourCp } }),
      ...(s.aiFlexibility === undefined
        ? {}
        : {
            aiFlexibility: {
              shedShare: s.aiFlexibility.shedShare,
              maxCallHours: s.aiFlexibility.maxCallHours,
              revenueLossShare: s.aiFlexibility.revenueLossShare,
              contractLocalHours: { from: s.aiFlexibility.from, to: 24 },
              callsPerYear: 200,
              callHours: { min: 1, mode: 4, max: 12 },
              availabilityUsdPerMwHour: 3,
              energyUsdPerMwh: 50,
              penaltyUsdPerMwh: 400,
            },
          }),
    },
    mining: {
      variableOmUsdPerMwh: s.variableOmUsdPerMwh,
      constraints: { minRunHours: s.minRunHours, minOffHours: s.minOffHours, restartUsdPerMw: s.restartUsdPerMw },
      classes: [
        ...s.classes.map((c, i) => ({ name: `c${i}`, ...c })),
        ...(s.hostingUsdPerMwh === undefined ? [] : [{ name: "hosted", hashrateThPerUnit: 200, powerWPerUnit: 3500, units: 3000, hostingUsdPerMwh: s.hostingUsdPerMwh }]),
      ],
    },
    conversions:
      s.conversionMw === undefined || s.halls.length === 0
        ? []
        : [{ name: "cv", start: "2025-03-05", miningMwOffline: s.conversionMw, hall: "h0", durationMonths: { min: 0.1, mode: 0.2, max: 0.4 } }],
    finance: { treasury: { sellShare: s.sellShare } },
    ai: {
      halls: s.halls.map((h, i) => ({
        name: `h${i}`,
        pue: h.pue,
        utilization: h.utilization,
        phases: [
          { start: "2025-03-01", itMw: h.itMw },
          { start: "2025-03-10", itMw: h.secondItMw },
        ],
        contract: h.gpu ? { type: "gpu_hours" as const, usdPerGpuHour: 3, kwItPerGpu: 1.5 } : { type: "colocation" as const, usdPerKwMonth: 130 },
      })),
    },
    markets: { btc: { startPriceUsd: s.btcPrice }, power: { scale: s.priceScale }, ...(s.realTime ? { realTime: {} } : {}) },
    monteCarlo: { runs: 1, seed: s.seed },
  };
}

describe("laws over random scenarios", () => {
  it("hold in every hour", () => {
    // The flexible-interconnection laws must meet cuts that bind, mining shed and AI cut.
    const seen = { flexibleMiningCut: 0, flexibleAiCut: 0, aiShed: 0 };
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const scenario = resolveScenario(build(s), "random");
        const plan = compilePlan(scenario, { flexibleSystemLoad: SYSTEM_LOAD });
        const run = new SiteRun(plan);
        const width = traceWidth(plan);
        const trace = new Float64Array(plan.hours * width);
        run.trace = trace;
        const m = run.simulate(s.seed, 0);
        // The hour loop written for this plan (src/site/hour.ts) gives the same bits as the loop as written.
        const unfolded = new SiteRun(plan, { foldHour: false });
        unfolded.trace = new Float64Array(plan.hours * width);
        const bits = (a: Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("hex");
        expect(bits(unfolded.simulate(s.seed, 0)) === bits(m), "run metrics, folded = unfolded").toBe(true);
        expect(bits(unfolded.trace) === bits(trace), "hourly trace, folded = unfolded").toBe(true);
        expect(bits(unfolded.monthly) === bits(run.monthly), "month-end series, folded = unfolded").toBe(true);
        const sums = { mining: 0, ai: 0, miningRevenue: 0, aiRevenue: 0, powerCost: 0, btc: 0, curtailed: 0, restarts: 0, flexible: 0, aiCutFlexible: 0, aiShed: 0 };
        const shedColumn = COMPONENT_TRACE_START + TRACE_COLUMNS.slice(COMPONENT_TRACE_START).findIndex((c) => c.name === "ai_flex_shed_mw");
        for (let h = 0; h < plan.hours; h++) {
          const at = (name: keyof typeof TRACE | (string & {})) => trace[h * width + traceColumnIndex(name)];
          // Import never above the interconnect, nor above the import limit a flexible interconnection leaves.
          expect(at("import_mw")).toBeLessThanOrEqual(plan.interconnectMw + TOL);
          expect(at("import_mw")).toBeLessThanOrEqual(at("allowed_import_mw") + TOL);
          const flexible = plannedConfig<FlexibleInterconnectionConfig>(plan.components, "flexibleInterconnection");
          expect(at("allowed_import_mw")).toBeGreaterThanOrEqual(plan.interconnectMw - (flexible?.flexibleMw ?? 0) - TOL);
          // Mining sheds first: AI is cut by the flexible interconnection only when no mining runs.
          if (at("ai_cut_flexible_mw") > TOL) expect(at("mining_mw")).toBeLessThanOrEqual(TOL);
          sums.flexible += at("curtailed_flexible_interconnection_mw");
          sums.aiCutFlexible += at("ai_cut_flexible_mw");
          expect(at("import_mw")).toBeCloseTo(at("ai_mw") - at("ai_backup_mw") + at("mining_mw"), 9);
          // AI load shed on a grid call leaves no room for mining: import + shed stays within the limit.
          const shedMw = trace[h * width + shedColumn];
          expect(at("import_mw") + shedMw).toBeLessThanOrEqual(at("allowed_import_mw") + TOL);
          sums.aiShed += shedMw;
          // AI served before any mining: no mining while AI load is unserved.
          // (AI offline in a forced outage is unserved for another reason: its hall is down.)
          if (at("ai_unserved_mw") - at("ai_outage_mw") > TOL) expect(at("mining_mw")).toBeLessThanOrEqual(TOL);
          expect(at("ai_mw") + at("ai_unserved_mw")).toBeCloseTo(at("ai_demand_mw"), 9);
          // The hour loop's hashprice is the network's formula, to the bit.
          expect(at("hashprice_usd_per_th_day")).toBe(hashpriceUsdPerThDay(at("subsidy_btc") + at("fees_btc_per_block"), at("btc_price_usd"), at("difficulty")));
          // Curtailed + running = available mining capacity, and curtailed splits by reason.
          expect(at("mining_mw") + at("curtailed_mw")).toBeCloseTo(at("mining_capacity_mw"), 9);
          let byReasonMw = 0;
          for (const reason of CURTAILMENT_REASONS) byReasonMw += trace[h * width + TRACE_COLUMNS.findIndex((c) => c.name === reason.column)];
          expect(byReasonMw).toBeCloseTo(at("curtailed_mw"), 9);
          // Demand response: offered never above the mining that was running; deployed = offered in a deployment.
          expect(at("dr_offered_mw")).toBeLessThanOrEqual(at("mining_mw") + at("dr_deployed_mw") + TOL);
          expect(at("dr_deployed_mw")).toBeLessThanOrEqual(at("dr_offered_mw") + TOL);
          // Reserve offers: together with the demand-response offer, never above what was running.
          expect(at("ancillary_deployed_mw")).toBeLessThanOrEqual(at("ancillary_offered_mw") + TOL);
          expect(at("dr_offered_mw") + at("ancillary_offered_mw")).toBeLessThanOrEqual(at("mining_mw") + at("dr_deployed_mw") + at("ancillary_deployed_mw") + TOL);
          // A 4CP alert leaves no mining running.
          if (at("fourcp_alert") === 1) expect(at("mining_mw")).toBe(0);
          expect(at("mining_mw")).toBeGreaterThanOrEqual(0);
          // Per-class columns add up to the mining total.
          let classSum = 0;
          for (let c = 0; c < plan.fleet.classes.length; c++) classSum += trace[h * width + width - plan.fleet.classes.length + c];
          expect(classSum).toBeCloseTo(at("mining_mw"), 9);
          sums.mining += at("mining_mw");
          sums.ai += at("ai_mw");
          sums.miningRevenue += at("mining_revenue_usd");
          sums.aiRevenue += at("ai_revenue_usd");
          sums.powerCost += at("power_cost_usd");
          sums.btc += at("btc_mined");
          sums.curtailed += at("curtailed_mw");
          // Restarts: a class running after an hour off (every class starts the run as running).
          for (let c = 0; c < plan.fleet.classes.length; c++) {
            const column = width - plan.fleet.classes.length + c;
            const before = h === 0 ? 1 : trace[(h - 1) * width + column];
            if (before <= 0 && trace[h * width + column] > 0) sums.restarts++;
          }
        }
        expect(m[METRIC.restarts]).toBe(sums.restarts);
        const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(a), Math.abs(b)));
        // Energy and money: hourly traces add up to the run's totals.
        close(sums.mining, m[METRIC.mining_mwh]);
        close(sums.ai, m[METRIC.ai_mwh]);
        close(sums.miningRevenue, m[METRIC.mining_revenue_usd]);
        close(sums.aiRevenue, m[METRIC.ai_revenue_usd]);
        close(sums.powerCost, m[METRIC.power_cost_usd]);
        close(sums.btc, m[METRIC.btc_mined]);
        close(sums.curtailed, m[METRIC.curtailed_mwh]);
        close(sums.flexible, m[runMetricIndex("curtailed_flexible_interconnection_mwh")]);
        close(sums.aiCutFlexible, m[runMetricIndex("ai_cut_flexible_mwh")]);
        if (sums.flexible > 0) seen.flexibleMiningCut++;
        if (sums.aiCutFlexible > 0) seen.flexibleAiCut++;
        // Money adds up by stream.
        close(m[METRIC.mining_power_cost_usd] + m[METRIC.ai_power_cost_usd], m[METRIC.power_cost_usd]);
        close(sums.aiShed, m[RUN_METRICS.findIndex((c) => c.name === "ai_flex_shed_mwh")]);
        if (sums.aiShed > 0) seen.aiShed++;
        // EBITDA is the signed sum of the declared cash columns; the hourly cash flows (monthly
        // series) end at the same net cash flow.
        let ebitdaUsd = 0;
        for (let k = 0; k < EBITDA_TERM_INDEX.length; k++) ebitdaUsd += EBITDA_TERM_SIGN[k] * m[EBITDA_TERM_INDEX[k]];
        close(ebitdaUsd, m[METRIC.ebitda_usd]);
        const lastMonth = plan.calendar.months - 1;
        expect(Math.abs(run.monthly[lastMonth * MONTHLY_SERIES_COUNT + MONTHLY.cumulative_net_cash_usd] - m[METRIC.net_cash_flow_usd])).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(m[METRIC.net_cash_flow_usd])));
        const sell = scenario.finance.treasury.sellShare;
        close(m[METRIC.ebitda_usd] - m[METRIC.capex_usd] - m[METRIC.mining_revenue_usd] * (1 - sell) + m[METRIC.treasury_value_usd] + m[METRIC.terminal_value_usd], m[METRIC.net_cash_flow_usd]);
        close(m[METRIC.btc_held], m[METRIC.btc_mined] * (1 - sell));
      }),
      { numRuns: 40, seed: 2025 },
    );
    expect(seen.flexibleMiningCut).toBeGreaterThan(0);
    expect(seen.flexibleAiCut).toBeGreaterThan(0);
    expect(seen.aiShed).toBeGreaterThan(0);
  });

  it("the same seed gives the same run; another seed another", () => {
    const scenario = resolveScenario({ name: "d", horizon: { hours: 2000 }, site: { interconnectMw: 50 }, mining: { classes: [{ model: "Antminer S21", units: 5000 }] } });
    const run = new SiteRun(compilePlan(scenario));
    const a = run.simulate(1, 3).slice();
    const b = run.simulate(1, 3).slice();
    const c = run.simulate(1, 4).slice();
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(c)).not.toEqual(Array.from(a));
  });
});
