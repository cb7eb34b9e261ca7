// AI load flexibility (grid.aiFlexibility), a site component: hand-computed hours of one call,
// and paired runs of a site with and without the program (the markets draw the same paths).
import { describe, expect, it } from "vitest";
import { EventQueue } from "../src/engine/events";
import { resolveScenario } from "../src/scenario/load";
import type { ScenarioInput } from "../src/scenario/schema";
import { HourState } from "../src/site/component";
import { aiFlexibility, AiFlexibilitySchema } from "../src/site/components/ai-flexibility";
import { buildCalendar } from "../src/engine/calendar";
import { compilePlan } from "../src/site/plan";
import { SiteRun } from "../src/site/simulation";
import { METRIC, RUN_METRICS } from "../src/site/columns";

const column = (name: string) => RUN_METRICS.findIndex((c) => c.name === name);

describe("AI load flexibility: one call by hand", () => {
  it("offers, sheds for maxCallHours, then pays the penalty; cash and revenue as computed", () => {
    const input = AiFlexibilitySchema.parse({
      shedShare: 0.25,
      maxCallHours: 3,
      availabilityUsdPerMwHour: 4,
      energyUsdPerMwh: 100,
      penaltyUsdPerMwh: 500,
      revenueLossShare: 0.5,
      contractLocalHours: { from: 0, to: 24 },
    });
    const calendar = buildCalendar("2025-01-01T00:00:00Z", 48, "UTC");
    const component = aiFlexibility.create(aiFlexibility.compile(input, calendar), { metricStart: 0, traceStart: 0, eventKindBase: 0 });
    component.reset(1, 0, new EventQueue(8));
    const state = new HourState();
    const trace = new Float64Array(2);
    const shed: number[] = [];
    let cashUsd = 0;
    for (let h = 0; h < 8; h++) {
      if (h === 2) component.fireEvent(0, 0, h); // call starts at hour 2
      if (h === 7) component.fireEvent(1, 0, h); // and ends at hour 7: 5 hours, 3 delivered
      Object.assign(state, { hour: h, localHour: h, aiDemandMw: 40, aiRevenueUsd: 1000, aiDemandScale: 1, aiRevenueScale: 1, cashUsd: 0 });
      component.beforeDispatch(state);
      component.writeTrace(trace, 0);
      shed.push(trace[1]);
      cashUsd += state.cashUsd;
      expect(trace[0]).toBe(10); // 0.25 x 40 MW offered every contract hour
      if (h >= 2 && h < 5) {
        expect(state.aiDemandScale).toBe(0.75);
        expect(state.aiRevenueScale).toBe(1 - 0.25 * 0.5);
      } else expect(state.aiDemandScale).toBe(1);
    }
    expect(shed).toEqual([0, 0, 10, 10, 10, 0, 0, 0]);
    const m = new Float64Array(8);
    component.finish(m);
    // availability 8 h x 10 MW x $4 = 320; energy 30 MWh x $100 = 3,000; penalty 2 h x 10 MW x $500 = 10,000.
    expect(Array.from(m)).toEqual([320, 3000, 10000, 3 * 1000 * 0.125, 30, 20, 5, 1]);
    expect(cashUsd).toBe(320 + 3000 - 10000);
  });

  it("outside the contract hours nothing is offered, paid or shed", () => {
    const input = AiFlexibilitySchema.parse({ availabilityUsdPerMwHour: 4, contractLocalHours: { from: 8, to: 20 } });
    const component = aiFlexibility.create(aiFlexibility.compile(input, buildCalendar("2025-01-01T00:00:00Z", 24, "UTC")), { metricStart: 0, traceStart: 0, eventKindBase: 0 });
    component.reset(1, 0, new EventQueue(8));
    component.fireEvent(0, 0, 0);
    const state = new HourState();
    Object.assign(state, { hour: 3, localHour: 3, aiDemandMw: 40, aiRevenueUsd: 1000 });
    component.beforeDispatch(state);
    expect(state.aiDemandScale).toBe(1);
    expect(state.cashUsd).toBe(0);
  });
});

/** A small site: 60 MW, 20 MW of GPU-hour AI, 30 MW of mining, a month. */
function site(aiFlexibilityInput?: object): ScenarioInput {
  return {
    name: "flex",
    start: "2025-06-01T00:00:00Z",
    horizon: { hours: 24 * 60 },
    site: { interconnectMw: 60 },
    mining: { classes: [{ model: "Antminer S21", units: 8000 }] },
    ai: { halls: [{ name: "h", pue: 1.2, phases: [{ start: "2025-06-01", itMw: 20 }], contract: { type: "gpu_hours", usdPerGpuHour: 2, kwItPerGpu: 1.5 } }] },
    grid: aiFlexibilityInput ? { aiFlexibility: aiFlexibilityInput } : {},
    monteCarlo: { runs: 1, seed: 7 },
  } as ScenarioInput;
}

describe("AI load flexibility in the site", () => {
  it("paired with the same site without it: AI energy and revenue fall by exactly what was shed and lost; EBITDA moves by the program's cash", () => {
    const flexible = { shedShare: 0.3, maxCallHours: 4, callsPerYear: 60, callHours: { min: 2, mode: 3, max: 8 }, availabilityUsdPerMwHour: 5, penaltyUsdPerMwh: 300, revenueLossShare: 1 };
    const withProgram = new SiteRun(compilePlan(resolveScenario(site(flexible))));
    const without = new SiteRun(compilePlan(resolveScenario(site())));
    let runsWithCalls = 0;
    for (let run = 0; run < 5; run++) {
      const a = withProgram.simulate(7, run).slice();
      const b = without.simulate(7, run).slice();
      const shedMwh = a[column("ai_flex_shed_mwh")];
      if (shedMwh > 0) runsWithCalls++;
      // The markets are the same paths: the BTC price at the end is the same.
      expect(a[METRIC.final_btc_price_usd]).toBe(b[METRIC.final_btc_price_usd]);
      expect(b[METRIC.ai_mwh] - a[METRIC.ai_mwh]).toBeCloseTo(shedMwh, 6);
      expect(b[METRIC.ai_revenue_usd] - a[METRIC.ai_revenue_usd]).toBeCloseTo(a[column("ai_flex_revenue_lost_usd")], 4);
      // Mining never needed the room (60 MW site, 24 MW AI, ~28 MW mining): it is unchanged, and EBITDA
      // moves by the program's payments less the revenue given up, plus the AI power not bought.
      expect(a[METRIC.mining_revenue_usd]).toBe(b[METRIC.mining_revenue_usd]);
      const programCashUsd = a[column("ai_flex_availability_usd")] + a[column("ai_flex_energy_payment_usd")] - a[column("ai_flex_penalty_usd")];
      expect(a[METRIC.ebitda_usd] - b[METRIC.ebitda_usd]).toBeCloseTo(programCashUsd - a[column("ai_flex_revenue_lost_usd")] + (b[METRIC.ai_power_cost_usd] - a[METRIC.ai_power_cost_usd]), 3);
      // Without the program its columns are zero.
      for (const name of ["ai_flex_availability_usd", "ai_flex_shed_mwh", "ai_flex_calls"]) expect(b[column(name)]).toBe(0);
    }
    expect(runsWithCalls).toBeGreaterThan(3);
  });
});
