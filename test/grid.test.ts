// Grid-program pieces against hand-computed cases: the fixed-price block, grid emergencies and
// curtailment constraints (quietScenario: flat prices, 30 MW of 15 J/TH ASICs, an 8 MW IT hall).
import { describe, expect, it } from "vitest";
import { METRIC, runMetricIndex } from "../src/site/columns";
import { quietScenario, runQuiet } from "./helpers";

const run = runQuiet;

const flatPower = (pricesByHour: number[]) => ({
  btc: { startPriceUsd: 100000, driftPerYear: 0, volatilityPerYear: 0, jumps: { perYear: 0, meanLog: 0, sdLog: 0 } },
  power: { shapeUsdPerMwh: Array.from({ length: 288 }, (_, i) => pricesByHour[i % 24]), deviationSdUsdPerMwh: 0, deviationQuantilesUsdPerMwh: null, spikeProbabilityPerHour: 0, scarcity: null, yearRegime: null },
  network: { startHeight: 880000, startDifficulty: 1e14, startHashrateEhs: 700, hashrate: { model: "trend" as const, growthPerYear: 0, volatilityPerYear: 0 }, feesBtcPerBlock: 0.05, feeVariation: null },
});

describe("fixed-price block", () => {
  it("earns (price - strike) x MW every hour: 25 MW at a $30 strike with power at $40 = $250 an hour", () => {
    const { m, hours } = run({ site: { interconnectMw: 50, powerAdderUsdPerMwh: 0, ppa: { mw: 25, strikeUsdPerMwh: 30 } } });
    expect(m[runMetricIndex("ppa_settlement_usd")]).toBeCloseTo(250 * hours, 6);
  });
  it("does not change dispatch: mining still compares hash revenue with the market price", () => {
    const without = run({});
    const withPpa = run({ site: { interconnectMw: 50, powerAdderUsdPerMwh: 0, ppa: { mw: 25, strikeUsdPerMwh: 500 } } });
    expect(withPpa.m[METRIC.mining_mwh]).toBe(without.m[METRIC.mining_mwh]);
    expect(withPpa.m[METRIC.ebitda_usd]).toBeCloseTo(without.m[METRIC.ebitda_usd] + 25 * (40 - 500) * withPpa.hours, 4);
  });
});

describe("grid emergencies", () => {
  const emergency = (aiInterruptible: boolean) =>
    run({ horizon: { hours: 24 * 365 }, grid: { emergencies: { perYear: 6, durationHours: { min: 5, mode: 5, max: 5 }, aiInterruptible } } });
  it("curtail all mining for their length with reason grid_event; AI stays on by default", () => {
    const { m, at, hours } = emergency(false);
    expect(m[runMetricIndex("emergency_hours")]).toBeGreaterThan(0);
    expect(m[runMetricIndex("emergency_hours")] % 5).toBe(0); // non-overlapping 5-hour events in this draw
    expect(m[runMetricIndex("curtailed_grid_event_mwh")]).toBeCloseTo(30 * m[runMetricIndex("emergency_hours")], 6);
    let seen = 0;
    for (let h = 0; h < hours; h++) {
      if (at(h, "curtailed_grid_event_mw") > 0) {
        seen++;
        expect(at(h, "mining_mw")).toBe(0);
        expect(at(h, "ai_mw")).toBeCloseTo(10, 9);
      }
    }
    expect(seen).toBe(m[runMetricIndex("emergency_hours")]);
  });
  it("with interruptible AI, AI is off too and no SLA penalty is charged", () => {
    const { m, at, hours } = emergency(true);
    for (let h = 0; h < hours; h++) if (at(h, "curtailed_grid_event_mw") > 0) expect(at(h, "ai_mw")).toBe(0);
    expect(m[METRIC.ai_unserved_mwh]).toBeCloseTo(10 * m[runMetricIndex("emergency_hours")], 6);
    expect(m[METRIC.sla_penalty_usd]).toBe(0);
  });
});

describe("curtailment constraints", () => {
  // Power at $400 from 16:00 to 18:59 local (3 hours over the $173.87/MWh hash revenue), $40 otherwise.
  const prices = Array.from({ length: 24 }, (_, h) => (h >= 16 && h <= 18 ? 400 : 40));
  const base = { horizon: { hours: 48 }, site: { interconnectMw: 50, powerAdderUsdPerMwh: 0, timezone: "UTC" }, markets: flatPower(prices) };
  const mining = (constraints: object) => ({ ...quietScenario().mining, constraints });

  it("without constraints: off for the 3 dear hours each day, one restart a day, $100/MW x 30 MW each", () => {
    const { m, at } = run({ ...base, mining: mining({ restartUsdPerMw: 100 }) });
    expect(at(16, "mining_mw")).toBe(0);
    expect(at(19, "mining_mw")).toBeCloseTo(30, 9);
    expect(m[METRIC.restarts]).toBe(2);
    expect(m[METRIC.restart_cost_usd]).toBeCloseTo(2 * 100 * 30, 9);
  });
  it("a minimum off time of 5 hours keeps it off 2 hours longer (reason min_off: it would have run)", () => {
    const { at, m } = run({ ...base, mining: mining({ minOffHours: 5 }) });
    expect(at(19, "mining_mw")).toBe(0);
    expect(at(20, "mining_mw")).toBe(0);
    expect(at(19, "curtailed_min_off_mw")).toBeCloseTo(30, 9);
    expect(at(21, "mining_mw")).toBeCloseTo(30, 9);
    // On each of the 2 days: 3 hours of the spike off for price, then 2 held off by the constraint.
    expect(m[METRIC.curtailed_economic_mwh]).toBeCloseTo(2 * 3 * 30, 9);
    expect(m[METRIC.curtailed_min_off_mwh]).toBeCloseTo(2 * 2 * 30, 9);
  });
  it("10% of the units fail at each restart and come back at 240 units (0.72 MW) a day (reason outage meanwhile)", () => {
    const failing = { ...quietScenario().mining, classes: quietScenario().mining.classes.map((c) => ({ ...c, restartFailureFraction: 0.1, repairUnitsPerDay: 240 })) };
    const { at, m } = run({ ...base, mining: failing });
    // Restart at 19:00: 3 of the 30 MW break; from 20:00, 27 MW run, then 0.03 MW more each hour.
    expect(at(19, "mining_mw")).toBeCloseTo(30, 9);
    expect(at(20, "mining_mw")).toBeCloseTo(27, 9);
    expect(at(20, "curtailed_outage_mw")).toBeCloseTo(3, 9);
    expect(at(21, "mining_mw")).toBeCloseTo(27.03, 9);
    // The second restart (43:00) breaks 10% of the 30 - (3 - 23 x 0.03) = 27.69 MW running.
    expect(m[METRIC.asic_failed_mw]).toBeCloseTo(3 + 2.769, 9);
  });
  it("a minimum run time longer than the calm hours keeps a restarted class running through the next spike", () => {
    // Off at 16:00-18:59 on day 1, restarted at 19:00; with a 30-hour minimum run it must run through day 2's spike.
    const { at, m } = run({ ...base, mining: mining({ minRunHours: 30, restartUsdPerMw: 10 }) });
    expect(at(16, "mining_mw")).toBe(0);
    expect(at(19 + 24 - 3, "mining_mw")).toBeCloseTo(30, 9); // 16:00 on day 2, running at a loss
    expect(m[METRIC.restarts]).toBe(1);
    expect(m[METRIC.restart_cost_usd]).toBeCloseTo(10 * 30, 9);
  });
});

describe("demand response", () => {
  const program = (offerMw: number) => ({
    demandResponse: { offerMw, availabilityUsdPerMwHour: 8, deploymentsPerYear: 50, deploymentHours: { min: 3, mode: 3, max: 3 }, penaltyUsdPerMwh: 1000 },
  });
  it("pays for the MW offered each hour, sheds them in deployments (reason demand_response) and keeps offered <= running", () => {
    const { m, at, hours } = run({ horizon: { hours: 24 * 365 }, grid: program(12) });
    // 30 MW running every calm hour, so 12 MW offered in every hour: $96 an hour.
    expect(m[runMetricIndex("dr_availability_usd")]).toBeCloseTo(12 * 8 * hours, 6);
    expect(m[runMetricIndex("dr_deployment_hours")]).toBeGreaterThan(0);
    expect(m[runMetricIndex("curtailed_demand_response_mwh")]).toBeCloseTo(12 * m[runMetricIndex("dr_deployment_hours")], 6);
    expect(m[runMetricIndex("dr_penalty_usd")]).toBe(0);
    for (let h = 0; h < hours; h++) {
      if (at(h, "dr_deployed_mw") > 0) expect(at(h, "mining_mw")).toBeCloseTo(18, 9);
      expect(at(h, "dr_offered_mw")).toBeLessThanOrEqual(at(h, "mining_mw") + at(h, "dr_deployed_mw") + 1e-9);
    }
  });
  it("with contract hours (ERS time periods), offers, pays and sheds only within them", () => {
    const contract = { ...program(12).demandResponse, contractLocalHours: { from: 8, to: 13 } };
    const { m, at, hours } = run({ horizon: { hours: 24 * 365 }, site: { interconnectMw: 50, powerAdderUsdPerMwh: 0, timezone: "UTC" }, grid: { demandResponse: contract } });
    // 5 contract hours a day x 12 MW x $8.
    expect(m[runMetricIndex("dr_availability_usd")]).toBeCloseTo(12 * 8 * 5 * 365, 6);
    for (let h = 0; h < hours; h++) {
      const inPeriod = h % 24 >= 8 && h % 24 < 13;
      if (!inPeriod) expect(at(h, "dr_offered_mw") + at(h, "dr_deployed_mw")).toBe(0);
    }
    expect(m[runMetricIndex("curtailed_demand_response_mwh")]).toBeCloseTo(12 * m[runMetricIndex("dr_deployment_hours")], 6);
  });
  it("a commitment above the mining running is paid only for what runs and penalised for the rest in deployments", () => {
    const { m } = run({ horizon: { hours: 24 * 365 }, grid: program(40) });
    // 30 MW can be offered; 10 MW of the 40 MW commitment is short in every deployment hour: $10,000 an hour.
    expect(m[runMetricIndex("dr_availability_usd")]).toBeCloseTo(30 * 8 * 24 * 365, 6);
    expect(m[runMetricIndex("dr_penalty_usd")]).toBeCloseTo(10 * 1000 * m[runMetricIndex("dr_deployment_hours")], 6);
  });
});

describe("4CP peak avoidance", () => {
  // Two local calendar years from midnight CST on 2025-01-01; every alert caught (no misses, no false alarms).
  const twoYears = { start: "2025-01-01T06:00:00Z", horizon: { hours: 2 * 8760 } };
  const fourCp = (extra: object = {}) => ({ fourCp: { transmissionUsdPerKwYear: 50, priorTagMw: 20, missProbability: 0, falseAlertsPerMonth: 0, ...extra } });

  it("curtails mining on each peak day's window; next year's charge is the AI load alone and the saving is the mining's tag", () => {
    const { m, at, hours } = run({ ...twoYears, grid: fourCp() });
    // 4 alerted days a year x 3 window hours, 30 MW each.
    expect(m[runMetricIndex("fourcp_peaks")]).toBe(8);
    expect(m[runMetricIndex("fourcp_peaks_missed")]).toBe(0);
    expect(m[runMetricIndex("fourcp_alert_hours")]).toBe(24);
    expect(m[runMetricIndex("curtailed_fourcp_mwh")]).toBeCloseTo(24 * 30, 9);
    // Year 1: the prior 20 MW tag x $50/kW-yr = $1.0M; year 2: the 10 MW of AI seen at the 2025 peaks = $0.5M.
    expect(m[runMetricIndex("fourcp_charge_usd")]).toBeCloseTo(20 * 50_000 + 10 * 50_000, 4);
    // Without curtailing, the 2025 tag would have been 10 + 30 MW: $1.5M more in 2026.
    expect(m[runMetricIndex("fourcp_savings_usd")]).toBeCloseTo(30 * 50_000, 4);
    let peaks = 0;
    for (let h = 0; h < hours; h++) {
      if (at(h, "fourcp_peak") === 1) {
        peaks++;
        expect(at(h, "fourcp_alert")).toBe(1);
        expect(at(h, "mining_mw")).toBe(0);
        expect(at(h, "import_mw")).toBeCloseTo(10, 9);
      }
      if (at(h, "fourcp_alert") === 1) expect(at(h, "curtailed_fourcp_mw")).toBeCloseTo(30, 9);
    }
    expect(peaks).toBe(8);
  });

  it("a peak missed by every alert counts the site's full load in next year's tag", () => {
    const { m } = run({ ...twoYears, grid: fourCp({ missProbability: 1 }) });
    expect(m[runMetricIndex("fourcp_peaks_missed")]).toBe(8);
    expect(m[runMetricIndex("curtailed_fourcp_mwh")]).toBe(0);
    expect(m[runMetricIndex("fourcp_charge_usd")]).toBeCloseTo(20 * 50_000 + 40 * 50_000, 4);
    expect(m[runMetricIndex("fourcp_savings_usd")]).toBeCloseTo(0, 6);
  });

  it("false alarms curtail weekdays without a peak: about falseAlertsPerMonth days a month", () => {
    const { m } = run({ ...twoYears, grid: fourCp({ falseAlertsPerMonth: 3 }) });
    // 8 months x (1 peak day + ~3 false) x 3 hours = ~96 hours.
    expect(m[runMetricIndex("fourcp_alert_hours")]).toBeGreaterThan(60);
    expect(m[runMetricIndex("fourcp_alert_hours")]).toBeLessThan(140);
    expect(m[runMetricIndex("fourcp_alert_hours")] % 3).toBe(0);
  });

  it("with a recorded system load, each month's peak is its hour of highest load", () => {
    // Load peaks at 16:00 local (22:00 UTC in CST... 21:00 UTC in CDT) on the 10th of each month.
    const startMs = Date.parse("2025-01-01T06:00:00Z");
    const values = new Float64Array(2 * 8760).map((_, h) => {
      const t = new Date(startMs + h * 3_600_000 - 5 * 3_600_000); // CDT all summer
      return t.getUTCDate() === 10 && t.getUTCHours() === 16 ? 80_000 : 50_000;
    });
    const { at, hours, m } = run(
      { ...twoYears, grid: fourCp({ systemLoad: { file: "load.csv" } }) },
      0,
      { systemLoad: { startMs, stepMs: 3_600_000, values } },
    );
    const peakTimes: string[] = [];
    for (let h = 0; h < hours; h++) if (at(h, "fourcp_peak") === 1) peakTimes.push(new Date(startMs + h * 3_600_000).toISOString());
    expect(peakTimes.slice(0, 4)).toEqual(["2025-06-10T21:00:00.000Z", "2025-07-10T21:00:00.000Z", "2025-08-10T21:00:00.000Z", "2025-09-10T21:00:00.000Z"]);
    expect(m[runMetricIndex("fourcp_peaks_missed")]).toBe(0);
  });
});

describe("hourly reserve offers (ancillary)", () => {
  const reserve = (offerMw: number, extra: object = {}) => ({ ancillary: { offerMw, priceUsdPerMwHour: 5, deploymentsPerYear: 40, deploymentHours: { min: 2, mode: 2, max: 2 }, ...extra } });
  it("earn the clearing price on the MW offered, never more than runs, and shed them in deployments", () => {
    const { m, at, hours } = run({ horizon: { hours: 24 * 365 }, grid: reserve(12) });
    expect(m[runMetricIndex("ancillary_revenue_usd")]).toBeCloseTo(12 * 5 * hours, 6);
    expect(m[runMetricIndex("ancillary_deployment_hours")]).toBeGreaterThan(0);
    expect(m[runMetricIndex("curtailed_ancillary_mwh")]).toBeCloseTo(12 * m[runMetricIndex("ancillary_deployment_hours")], 6);
    for (let h = 0; h < hours; h++) {
      expect(at(h, "ancillary_offered_mw")).toBeLessThanOrEqual(at(h, "mining_mw") + at(h, "ancillary_deployed_mw") + 1e-9);
      if (at(h, "ancillary_deployed_mw") > 0) expect(at(h, "mining_mw")).toBeCloseTo(18, 9);
    }
  });
  it("offers only what runs beyond the demand-response offer", () => {
    const { m } = run({
      horizon: { hours: 24 * 365 },
      grid: { ...reserve(25, { deploymentsPerYear: 0 }), demandResponse: { offerMw: 12, availabilityUsdPerMwHour: 8, deploymentsPerYear: 0 } },
    });
    // 30 MW run: 12 to demand response, 18 left for the reserve (not 25).
    expect(m[runMetricIndex("ancillary_revenue_usd")]).toBeCloseTo(18 * 5 * 24 * 365, 6);
  });
  it("recorded deployments from a file happen in every run at the recorded hours", () => {
    const deployments = [
      { startMs: Date.parse("2025-01-01T05:00:00Z"), hours: 3 },
      { startMs: Date.parse("2025-01-02T10:00:00Z"), hours: 1 },
    ];
    const grid = reserve(12, { deploymentsFile: "deployments.csv" });
    for (const runIndex of [0, 1]) {
      const { m, at } = run({ grid }, runIndex, { ancillaryDeployments: deployments });
      expect(m[runMetricIndex("ancillary_deployment_hours")]).toBe(4);
      expect([4, 5, 6, 7, 8, 34, 35].map((h) => at(h, "ancillary_deployed_mw"))).toEqual([0, 12, 12, 12, 0, 12, 0]);
    }
  });
});

describe("curtailment reasons under minimum off times", () => {
  const twoYears = { start: "2025-01-01T06:00:00Z", horizon: { hours: 2 * 8760 } };
  const grid = { fourCp: { transmissionUsdPerKwYear: 50, priorTagMw: 20, missProbability: 0, falseAlertsPerMonth: 0 } };
  const constraints = (minOffHours: number) => ({ poolFeeFraction: 0.02, variableOmUsdPerMwh: 0, constraints: { minRunHours: 1, minOffHours, restartUsdPerMw: 0 }, classes: quietScenario().mining.classes });

  it("every hour of a 3-hour 4CP alert is fourcp, one event each, with a 2-hour minimum off time", async () => {
    const { curtailmentEvents } = await import("../src/site/analytics");
    const r = run({ ...twoYears, grid, mining: constraints(2) });
    for (let h = 0; h < r.hours; h++) {
      if (r.at(h, "fourcp_alert") === 1) {
        expect(r.at(h, "curtailed_fourcp_mw")).toBeCloseTo(30, 9);
        expect(r.at(h, "curtailed_economic_mw")).toBe(0);
      }
    }
    const events = curtailmentEvents(r.plan, r.trace).filter((e) => e.reason === "fourcp");
    expect(events).toHaveLength(8);
    for (const e of events) expect(e.endHour - e.startHour).toBe(3);
    expect(r.m[runMetricIndex("curtailed_fourcp_mwh")]).toBeCloseTo(24 * 30, 9);
  });

  it("after an alert, an off time longer than the alert holds mining off with reason min_off, not economic", () => {
    // 6-hour minimum off: off at the alert's first hour, it may restart 6 hours later, 3 hours after the alert.
    const r = run({ ...twoYears, grid, mining: constraints(6) });
    let minOffHours = 0;
    for (let h = 0; h < r.hours; h++) {
      if (r.at(h, "curtailed_min_off_mw") > 0) {
        minOffHours++;
        expect(r.at(h, "fourcp_alert")).toBe(0);
        expect(r.at(h, "curtailed_economic_mw")).toBe(0);
      }
    }
    expect(minOffHours).toBe(8 * 3);
    expect(r.m[METRIC.curtailed_min_off_mwh]).toBeCloseTo(8 * 3 * 30, 9);
  });
});

describe("forced outages and SB 6 backup generation", () => {
  it("an outage takes 75% of the mining offline (reason outage) and the stated share of AI", () => {
    const r = run({ horizon: { hours: 24 * 365 }, site: { interconnectMw: 50, powerAdderUsdPerMwh: 0, outages: { perYear: 6, durationHours: { min: 10, mode: 10, max: 10 }, miningShareOffline: 0.75, aiShareOffline: 0.5 } } });
    expect(r.m[runMetricIndex("outage_hours")]).toBeGreaterThan(0);
    expect(r.m[METRIC.curtailed_outage_mwh]).toBeCloseTo(0.75 * 30 * r.m[runMetricIndex("outage_hours")], 6);
    for (let h = 0; h < r.hours; h++) {
      if (r.at(h, "curtailed_outage_mw") > 0) {
        expect(r.at(h, "mining_mw")).toBeCloseTo(7.5, 9);
        expect(r.at(h, "ai_mw")).toBeCloseTo(5, 9);
        expect(r.at(h, "ai_outage_mw")).toBeCloseTo(5, 9);
      }
    }
  });

  it("an emergency under SB 6 interrupts AI; 6 MW of backup generation carries 6 of its 10 MW off the grid at $150/MWh", () => {
    const r = run({ horizon: { hours: 24 * 365 }, grid: { emergencies: { perYear: 6, durationHours: { min: 5, mode: 5, max: 5 }, aiInterruptible: true, backupGenerationMw: 6, backupFuelUsdPerMwh: 150 } } });
    const hours = r.m[runMetricIndex("emergency_hours")];
    expect(hours).toBeGreaterThan(0);
    expect(r.m[runMetricIndex("backup_generation_mwh")]).toBeCloseTo(6 * hours, 6);
    expect(r.m[runMetricIndex("backup_generation_cost_usd")]).toBeCloseTo(150 * 6 * hours, 6);
    expect(r.m[METRIC.ai_unserved_mwh]).toBeCloseTo(4 * hours, 6);
    expect(r.m[METRIC.sla_penalty_usd]).toBe(0);
    for (let h = 0; h < r.hours; h++) if (r.at(h, "curtailed_grid_event_mw") > 0) expect(r.at(h, "import_mw")).toBe(0);
  });
});
