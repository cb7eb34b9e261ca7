// The hour loop of one run, written for one plan: the model's hour (the markets' paths read, the
// AI halls served first, mining in merit order, the components' phases, the accounting) is this
// file's text, and compileHourLoop turns it into a function for a given plan with the plan's
// constants written in as numbers, the halls and the mining classes unrolled, and what the plan
// leaves out (the basis, the real-time market, the components, the trace) left out. V8 then
// compiles a small function with no loops over arrays of parameters and no tests of features the
// scenario does not use (the markets step each block of hours in loops of their own first,
// SiteRun.stepMarkets, and the site's hours read their paths); the same arithmetic in the same
// order as written here, for every plan (test/sims.test.ts and test/laws.test.ts check the loop
// written for each plan against the text with nothing folded, to the bit; docs/speed.md, point 11).
//
// This is the one place the hour is written. Reading it: every `${...}` is a value or a piece of
// the plan, resolved once when the plan is compiled; the rest is the hour, in JavaScript.
import { HOURS_PER_YEAR } from "../engine/calendar";
import { LANES, LanesLoop, LanesUnsupported } from "../engine/lanes";
import { marketKernels } from "../markets/wasm";
import { EPSILON_MW } from "./component";
import { mainCurtailmentCode, MONTHLY, MONTHLY_SERIES_COUNT, TRACE, TRACE_COLUMNS } from "./columns";
import type { RunPlan } from "./plan";
import type { SiteRun } from "./simulation";

/** Steps hours from .. to-1 of the run SiteRun has reset (no event falls inside them: src/engine/loop.ts). */
export type HourLoop = (site: SiteRun, from: number, to: number) => void;

/** What shapes the loop's text besides the plan. */
export interface HourLoopShape {
  /** How many components act in the hour (their phases are called in registry order). */
  hourlyComponents: number;
  /** Whether the run writes its hourly trace. */
  traced: boolean;
  /** false: the plan's values are read from the plan, loops stay loops (the unfolded text, for tests). */
  fold: boolean;
}

/** The hour's accumulators: read from SiteRun's fields of the same names, summed in locals through the hours between two events, and stored back. */
export const HOUR_ACCUMULATORS = [
  "miningRevenueUsd",
  "hostingRevenueUsd",
  "restartCostUsd",
  "curtailedMinOffMwh",
  "componentCurtailedMwh",
  "curtailedOutageMwh",
  "btcHeld",
  "aiRevenueUsd",
  "miningPowerCostUsd",
  "aiPowerCostUsd",
  "tenantPowerMwh",
  "powerMarkupUsd",
  "variableOmUsd",
  "slaPenaltyUsd",
  "fixedOpexUsd",
  "lastYearEbitdaUsd",
  "btcMined",
  "miningMwh",
  "aiMwh",
  "aiUnservedMwh",
  "curtailedEconomicMwh",
  "curtailedCapacityMwh",
  "curtailedHours",
  "firstYearMiningRevenueUsd",
  "firstYearMiningMwh",
  "firstYearAiRevenueUsd",
  "firstYearAiMwh",
  "priceSum",
  "basisSum",
  "lastHashpriceUsdPerThDay",
  "cumulativeCashUsd",
  "dayAheadSettlementUsd",
  "npvUsd",
  "npvStreamsUsd",
] as const satisfies readonly (keyof SiteRun)[];

/** What the loop reads from SiteRun, by the local name the text gives it (besides the accumulators). */
const SITE_PARTS = {
  network: "network",
  halls: "halls",
  fleet: "fleet",
  monthlyCashUsd: "monthlyCashUsd",
  monthlyEbitdaUsd: "monthlyEbitdaUsd",
  monthly: "monthly",
  components: "hourlyComponents",
  state: "hourState",
  trace: "trace",
} as const satisfies Record<string, keyof SiteRun>;

/** Each mining class's state that changes hour by hour: in locals between two events, stored back after. */
const FLEET_HOUR_STATE = ["on", "stateHours", "failedMw", "runMw"] as const;

/** A number as JavaScript source that reads back as the same double. */
export function literal(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (x === Infinity) return "Infinity";
  if (x === -Infinity) return "(-Infinity)";
  if (Object.is(x, -0)) return "(-0)";
  return x < 0 ? `(${String(x)})` : String(x);
}

/** The loop's source text for a plan (the body of a function of `site`, `from`, `to` and `lib`). */
export function hourLoopSource(plan: RunPlan, site: SiteRun, shape: HourLoopShape): string {
  const fold = shape.fold;
  const fleetPlan = plan.fleet;
  const fleet = site.fleet;
  const halls = site.halls;
  // A plan value: written in as a number, or (unfolded) read from the plan.
  const value = (x: number, path: string) => (fold ? literal(x) : path);
  const hasComponents = shape.hourlyComponents > 0;
  const componentsBefore = () =>
    fold
      ? Array.from({ length: shape.hourlyComponents }, (_, k) => `components[${k}].beforeDispatch(state);`).join("\n      ")
      : `for (let k = 0; k < components.length; k++) components[k].beforeDispatch(state);`;
  const componentsAfter = () =>
    fold
      ? Array.from({ length: shape.hourlyComponents }, (_, k) => `components[${k}].afterDispatch(state);`).join("\n      ")
      : `for (let k = 0; k < components.length; k++) components[k].afterDispatch(state);`;
  // A block once per hall or class: unrolled with the index written in, or (unfolded) a loop.
  const eachHall = (body: (i: string, k: number) => string) =>
    fold ? Array.from({ length: halls.count }, (_, k) => `{\n${body(String(k), k)}\n    }`).join("\n    ") : `for (let i = 0; i < halls.count; i++) {\n${body("i", -1)}\n    }`;
  const eachClass = (body: (c: string, k: number) => string) =>
    fold ? Array.from({ length: fleet.count }, (_, k) => `{\n${body(String(k), k)}\n    }`).join("\n    ") : `for (let c = 0; c < fleet.count; c++) {\n${body("c", -1)}\n    }`;
  // Per-hall and per-class parameters that a run never changes.
  const hallValue = (array: keyof AiHallsConstants, k: number, i: string) => (k >= 0 ? literal(halls[array][k]) : `halls.${array}[${i}]`);
  // A hall's utilization in the hour: its profile's value, written in when the profile is flat.
  const utilizationAt = (k: number) => {
    const profile = halls.utilByHour.subarray(k * 24, k * 24 + 24);
    return profile.every((u) => Object.is(u, profile[0])) ? literal(profile[0]) : `halls.utilByHour[${k * 24} + localHour]`;
  };
  // A class's state: its local in the unrolled loop, or its array's element.
  const classIndices = Array.from({ length: fleet.count }, (_, k) => k);
  const st = (array: "capacityByClassMw" | "thsPerSiteMw" | (typeof FLEET_HOUR_STATE)[number], k: number, c: string) => (k >= 0 ? `${array}${k}` : `fleet.${array}[${c}]`);
  const hostingFee = (k: number, c: string) => (k >= 0 ? literal(fleet.hostingUsdPerMwh[k]) : `fleet.hostingUsdPerMwh[${c}]`);
  const isHosted = (k: number) => k >= 0 && !Number.isNaN(fleet.hostingUsdPerMwh[k]);
  // Without a component, the hour's state keeps the values HourState starts with.
  const stateOr = (field: string, fallback: string) => (hasComponents ? `state.${field}` : fallback);
  // Classes that never break at restarts keep failedMw at 0 (it only grows by a share of them).
  const breaks = (k: number) => k < 0 || fleet.restartFailure[k] > 0;
  // State hours start at Infinity and restart at 1: a minimum run or off time of 1 hour or less never binds.
  const minRunBinds = !fold || fleetPlan.minRunHours > 1;
  const minOffBinds = !fold || fleetPlan.minOffHours > 1;
  // Without a component the import limit is the interconnect and AI is never cut from the grid, so
  // the room under the whole interconnect is the room itself, hour and class alike: the folded text
  // keeps one.
  const fullRoom = !fold || hasComponents;
  const hasBasis = !fold || plan.basisParams !== null;
  const hasRealTime = !fold || plan.realTimeParams !== null;
  const dayAhead = !fold || plan.dayAheadPosition;
  const streams = !fold || plan.miningDiscountFactor !== null;
  // The hour's quantities this plan keeps at 0 in every hour (folded text only), each with why. A
  // sum that starts at 0 and adds 0 stays 0, and the hour's cash adds its terms to a sum that is
  // never -0, so their sums and terms are left out with the outputs the same to the bit (the
  // laws test compares the folded and unfolded loops).
  const noHall = (array: "markup" | "passThrough" | "penalty" | "opex") => halls[array].every((x) => x === 0);
  const zero = new Set<string>(
    (fold
      ? [
          // set by hosted classes and by components only
          !hasComponents && !classIndices.some(isHosted) && "hostingRevenueUsdHour",
          !hasComponents && "componentCashUsd",
          !hasComponents && "componentCurtailedMw",
          // no day-ahead position
          !dayAhead && "dayAheadSettlementUsdHour",
          // no class held off by a minimum off time
          !minOffBinds && "curtailedMinOffMw",
          // no share offline (components) and no units broken at restarts
          !hasComponents && !classIndices.some(breaks) && "curtailedOutageMw",
          fleetPlan.restartUsdPerMw === 0 && "restartCostUsdHour",
          fleetPlan.variableOmUsdPerMwh === 0 && "variableOmUsdHour",
          noHall("markup") && "powerMarkupUsdHour",
          noHall("passThrough") && "tenantMw",
          noHall("penalty") && "slaPenaltyUsdHour",
          noHall("opex") && plan.siteFixedOpexUsdPerHour === 0 && "fixedOpexUsdHour",
          !hasBasis && plan.basisConstantUsdPerMwh === 0 && "basisUsdPerMwh",
          // all mined BTC is sold: none held
          plan.btcSellShare === 1 && "unsoldBtc",
        ]
      : []
    ).filter((name): name is string => typeof name === "string"),
  );
  const sum = (total: string, term: string) => (zero.has(term) ? "" : `${total} += ${term};`);
  // The terms of a sum (the hour's cash, its curtailed MW) that this plan does not keep at 0.
  const keptTerms = (terms: string[]) => terms.filter((term) => !zero.has(term));
  // The hour's EBITDA: its cash and the mined BTC not sold.
  const ebitdaUsdHour = zero.has("unsoldBtc") ? "cashUsd" : "cashUsd + miningRevenueUsdHour * (1 - btcSellShare)";
  const width = TRACE_COLUMNS.length + 1 + fleet.count;
  const reasonColumn = TRACE_COLUMNS.length;
  const T = (name: keyof typeof TRACE) => String(TRACE[name]);
  const M = (name: keyof typeof MONTHLY) => String(MONTHLY[name]);
  // Hashprice, $ per TH/s per day, of hour h: reward * price * 86400 * 1e12 / (D * 2^32), as
  // hashpriceUsdPerThDay (src/markets/network.ts) computes it, written out (called through the
  // loop's library object, V8 inlined it in some processes only, and the hour ran up to 1.6x slower
  // in the others; the laws test checks the two agree to the bit in every hour). Worked out only
  // where it is kept: the trace, month ends and the run's last hour.
  const hashpriceAt = (h: string) => `((subsidyBtcByHour[${h}] + feesBtcPerBlockByHour[${h}]) * btcPriceUsdByHour[${h}] * 86400 * 1e12) / (difficultyByHour[${h}] * 4294967296)`;
  const sharedBtcPerTh = fold && site.networkShared;

  // Without components and with every hall's utilization flat, the AI load and the room it leaves
  // are the same in every hour between two events, and so is its revenue unless a hall's price
  // follows the GPUs' age: the folded text works them out once before the hours, and the revenue
  // of such halls in each hour (the same expressions on the same values, summed over the halls in
  // the same order: the same bits).
  const hoistAi = fold && !hasComponents && plan.halls.halls.every((_, k) => !utilizationAt(k).includes("localHour"));
  const hourlyRevenue = hoistAi && plan.halls.halls.some((hall) => hall.priceByGpuAgeHour !== null);
  // A hall's price multiplier in hour h: its contract's, or the market's at the GPUs' age.
  // Written for the plan: its table read at the hall's GPUs' age in hours as marketPriceMultiplier
  // (src/site/halls.ts) reads it (clamped to the table), the same element.
  const priceByAge = (k: number) => plan.halls.halls[k].priceByGpuAgeHour;
  const marketMultiplierOf = (i: string, k: number) => {
    if (k < 0) return `halls.marketPriceMultiplier(${i}, h)`;
    const table = priceByAge(k);
    return table === null ? "1" : `gpuPriceByAge${k}[h - gpuOrigin${k} <= 0 ? 0 : h - gpuOrigin${k} < ${table.length} ? h - gpuOrigin${k} : ${table.length - 1}]`;
  };
  const priceMultiplierOf = (i: string, k: number) => `const held = ${k >= 0 ? `held${k}` : `halls.contractMultiplier[${i}]`};
        const priceMultiplier = held === held ? held : ${marketMultiplierOf(i, k)};`;
  const revenueOf = (i: string, k: number, utilization: string) =>
    `aiBusyRevenueUsd += itMw * (${hallValue("busyRevenue", k, i)} * ${utilization} + ${hallValue("onlineRevenue", k, i)}) * ${k >= 0 ? `priceFactor${k}` : `halls.priceFactor[${i}]`} * priceMultiplier;`;
  // The halls' revenue in each hour, when the rest is worked out before the hours.
  const hourlyRevenueSection = `
    let aiBusyRevenueUsd = 0;
    ${eachHall(
      (i, k) => `
      const itMw = itMw${k};
      if (!(itMw <= 0)) {
        ${priceMultiplierOf(i, k)}
        ${revenueOf(i, k, `aiUtilization${k}`)}
      }`,
    )}
    const aiRevenueUsdHour = aiBusyRevenueUsd * aiServedShare;`;
  const aiSection = `
    // 2. Firm AI load, served first: what the halls ask for, and their revenue if all of it is served.
    let aiDemandMw = 0;
    let aiItOnlineMw = 0;
    ${hourlyRevenue ? Array.from({ length: halls.count }, (_, k) => `let aiUtilization${k} = 0;`).join("\n    ") : "let aiBusyRevenueUsd = 0;"}
    let aiPenaltyRatePerMwh = 0;
    let aiOpexUsd = 0;
    let tenantDemandMw = 0;
    let markupDemandMw = 0;
    ${eachHall(
      (i, k) => `
      const itMw = ${k >= 0 ? `itMw${k}` : `(halls.itMw[${i}] + halls.convertedItMw[${i}]) * halls.onFactor[${i}]`};
      if (!(itMw <= 0)) {
        const demandUtilization = ${k >= 0 ? utilizationAt(k) : `halls.utilByHour[${i} * 24 + localHour]`} * ${k >= 0 ? `demandFactor${k}` : `halls.demandFactor[${i}]`};
        const utilization = demandUtilization < 1 ? demandUtilization : 1;
        const idle = ${hallValue("idle", k, i)};
        const hallDemandMw = itMw * (idle + (1 - idle) * utilization) * ${hallValue("pue", k, i)};
        aiDemandMw += hallDemandMw;
        aiItOnlineMw += itMw;
        ${hourlyRevenue ? `aiUtilization${k} = utilization;` : `${priceMultiplierOf(i, k)}
        ${revenueOf(i, k, "utilization")}`}
        aiPenaltyRatePerMwh += hallDemandMw * ${hallValue("penalty", k, i)};
        tenantDemandMw += hallDemandMw * ${hallValue("passThrough", k, i)};
        markupDemandMw += hallDemandMw * ${hallValue("markup", k, i)};
        aiOpexUsd += itMw * ${hallValue("opex", k, i)};
      }`,
    )}

    // 3. Components before dispatch: they may lower the import limit (a flexible interconnection),
    // take a share of the site offline (an outage), scale the AI load and its revenue (the load
    // they shed leaves no room for mining), cut AI from the grid onto backup generation, stop all
    // mining (an emergency) or hold off the mining that would run (a 4CP alert).
    let aiShedMw = 0;
    let componentCashUsd = 0;
    ${hasComponents ? `{
      state.hour = h;
      state.localHour = localHour;
      state.priceUsdPerMwh = priceUsdPerMwh;
      state.aiDemandMw = aiDemandMw;
      state.aiRevenueUsd = aiBusyRevenueUsd;
      state.aiDemandScale = 1;
      state.aiRevenueScale = 1;
      state.importLimitMw = ${value(plan.interconnectMw, "plan.interconnectMw")};
      state.importCutPenalised = true;
      state.miningShareOffline = 0;
      state.aiShareOffline = 0;
      state.stopMining = false;
      state.holdMining = false;
      state.aiOffGrid = false;
      state.aiBackupCapacityMw = 0;
      state.cashUsd = 0;
      ${componentsBefore()}
      const keep = state.aiDemandScale;
      aiShedMw = aiDemandMw * (1 - keep);
      aiDemandMw *= keep;
      aiPenaltyRatePerMwh *= keep;
      tenantDemandMw *= keep;
      markupDemandMw *= keep;
      aiBusyRevenueUsd *= state.aiRevenueScale;
    }` : ""}
    // The import limit this hour: the interconnect, or what a component left of it.
    const availableMw = ${hasComponents ? "state.importLimitMw" : value(plan.interconnectMw, "plan.interconnectMw")};
    const stopMining = ${stateOr("stopMining", "false")};
    const aiCut = ${stateOr("aiOffGrid", "false")};
    // A forced outage takes a share of the AI load offline (unserved), and of every mining class.
    const miningShareOffline = ${stateOr("miningShareOffline", "0")};
    const aiUpMw = aiDemandMw * (1 - ${stateOr("aiShareOffline", "0")});
    // AI cut from the grid (an emergency that interrupts it): backup generation carries what it can.
    const backupCapacityMw = aiCut ? ${stateOr("aiBackupCapacityMw", "0")} : 0;
    const aiBackupMw = aiUpMw <= backupCapacityMw ? aiUpMw : backupCapacityMw;
    const aiAvailableMw = aiCut ? aiBackupMw : availableMw;
    const aiMw = aiUpMw <= aiAvailableMw ? aiUpMw : aiAvailableMw;
    // What AI would get under the whole interconnect: the difference is cut by the lowered limit.
    const interconnectMw = ${value(plan.interconnectMw, "plan.interconnectMw")};
    const aiFullMw = aiCut ? aiMw : aiUpMw <= interconnectMw ? aiUpMw : interconnectMw;
    const aiCutByLimitMw = aiFullMw - aiMw;
    const aiUnservedMw = aiDemandMw - aiMw;
    const aiServedShare = aiDemandMw > 0 ? aiMw / aiDemandMw : 1;
    ${hourlyRevenue ? "" : "const aiRevenueUsdHour = aiBusyRevenueUsd * aiServedShare;"}
    // Penalty at the demand-weighted rate of the halls (AI cut by the lowered limit only if its component says so).
    const aiPenalisedMw = ${stateOr("importCutPenalised", "true")} ? aiUnservedMw : aiUnservedMw - aiCutByLimitMw;
    const slaPenaltyUsdHour = aiDemandMw > 0 && !aiCut ? (aiPenalisedMw * aiPenaltyRatePerMwh) / aiDemandMw : 0;

    const aiGridMw = aiMw - aiBackupMw;
    // What the dispatch and the accounting take from the AI load (written here, before the hours
    // when the AI load is worked out once: V8 does not move work out of a loop by itself).
    // Tenants who pay their own power take it off the site's books (served in the same share as all AI);
    // the site earns only its markup on it.
    const tenantMw = tenantDemandMw * aiServedShare;
    // Only AI load drawn from the grid is paid at the market: backup generation burns fuel instead.
    const gridShare = aiMw > 0 ? aiGridMw / aiMw : 1;
    const aiPaidMw = (aiMw - tenantMw) * gridShare;
    const roomStartMw = availableMw - aiGridMw - aiShedMw;
    const roomFullStartMw = interconnectMw - (aiFullMw - aiBackupMw) - aiShedMw;
`;
  return `
  const plan = site.plan;
  const calendar = plan.calendar;
  const localHourOf = calendar.localHour;
  const monthIndexOf = calendar.monthIndex;
  const yearIndexOf = calendar.yearIndex;
  const discountFactor = plan.discountFactor;
  const miningDiscountFactor = plan.miningDiscountFactor;
  const aiDiscountFactor = plan.aiDiscountFactor;
  ${Object.entries(SITE_PARTS).map(([local, field]) => `const ${local} = site.${field};`).join("\n  ")}
  const fleetPlan = plan.fleet;
  ${HOUR_ACCUMULATORS.map((name) => `let ${name} = site.${name};`).join("\n  ")}
  // What only events change stays as it is between two events: each hall's IT online and its
  // contract's multipliers.
  ${fold ? Array.from({ length: halls.count }, (_, k) => `const itMw${k} = (halls.itMw[${k}] + halls.convertedItMw[${k}]) * halls.onFactor[${k}];
  const demandFactor${k} = halls.demandFactor[${k}];
  const priceFactor${k} = halls.priceFactor[${k}];
  const held${k} = halls.contractMultiplier[${k}];${priceByAge(k) === null ? "" : `
  const gpuPriceByAge${k} = plan.halls.halls[${k}].priceByGpuAgeHour;
  const gpuOrigin${k} = halls.gpuOriginHour[${k}];`}`).join("\n  ") : ""}
  // Each class's capacity and machines (changed by events), and its hourly state in locals.
  ${fold ? classIndices.map((k) => `const capacityByClassMw${k} = fleet.capacityByClassMw[${k}];
  const thsPerSiteMw${k} = fleet.thsPerSiteMw[${k}];
  ${FLEET_HOUR_STATE.map((name) => `let ${name}${k} = fleet.${name}[${k}];`).join("\n  ")}`).join("\n  ") : ""}
  // 1. Markets: each process has stepped hours from..to-1 in a loop of its own before this loop is
  // called (SiteRun.stepMarkets; the network mines each hour's blocks after it: retargets and
  // halvings take effect from the next hour), and the site's hours read their paths. No market
  // reads the site.
  const paths = site.marketPaths;
  const btcPriceUsdByHour = paths.btcPriceUsdByHour;
  ${sharedBtcPerTh ? "const btcPerThHourByHour = site.btcPerThHourByHour;" : ""}
  const priceUsdPerMwhByHour = paths.priceUsdPerMwhByHour;
  const difficultyByHour = paths.difficultyByHour;
  const subsidyBtcByHour = paths.subsidyBtcByHour;
  const feesBtcPerBlockByHour = paths.feesBtcPerBlockByHour;
  ${hasBasis ? `const basisUsdPerMwhByHour = paths.basisUsdPerMwhByHour;` : ""}
  ${hasRealTime ? `const spreadUsdPerMwhByHour = paths.spreadUsdPerMwhByHour;` : ""}
  // The month's cash and EBITDA: summed in locals, stored in the month's last hour and when the loop stops.
  let month = from < to ? monthIndexOf[from] : 0;
  const monthLastHourOf = calendar.monthLastHour;
  let monthLastHour = from < to ? monthLastHourOf[month] : -1;
  let monthCashUsd = monthlyCashUsd[month];
  let monthEbitdaUsd = monthlyEbitdaUsd[month];
  ${hoistAi ? `// The AI load, the same in every hour between two events for this plan: worked out once.
${aiSection}` : ""}
  for (let h = from; h < to; h++) {
    ${hoistAi ? "" : "const localHour = localHourOf[h];"}
    const btcPriceUsd = btcPriceUsdByHour[h];
    const priceUsdPerMwh = priceUsdPerMwhByHour[h];
    // FPPS: BTC per TH/s per hour = 3600 s * 1e12 H/TH * reward / (D * 2^32), less the pool fee
    // (with a network the same in every run, worked out once per plan: SiteRun.btcPerThHourByHour).
    const btcPerThHour = ${sharedBtcPerTh ? "btcPerThHourByHour[h]" : `((3600 * 1e12 * (subsidyBtcByHour[h] + feesBtcPerBlockByHour[h])) / (difficultyByHour[h] * 4294967296)) * (1 - ${value(fleetPlan.poolFeeFraction, "fleetPlan.poolFeeFraction")})`};
    // The site's load settles at its load zone: the market price + the basis, then the adders.
    let basisUsdPerMwh = ${value(plan.basisConstantUsdPerMwh, "plan.basisConstantUsdPerMwh")};
    ${hasBasis ? `if (basisUsdPerMwhByHour !== null) basisUsdPerMwh = basisUsdPerMwhByHour[h];` : ""}
    // With a real-time market, mining is dispatched on the real-time price: day-ahead + the spread.
    let spreadUsdPerMwh = 0;
    ${hasRealTime ? `if (spreadUsdPerMwhByHour !== null) spreadUsdPerMwh = spreadUsdPerMwhByHour[h];` : ""}
    const dayAheadCostUsdPerMwh = priceUsdPerMwh + basisUsdPerMwh + ${value(plan.powerAdderUsdPerMwh, "plan.powerAdderUsdPerMwh")};
    const marginalCostUsdPerMwh = dayAheadCostUsdPerMwh + spreadUsdPerMwh;

${hoistAi ? (hourlyRevenue ? hourlyRevenueSection : "") : aiSection}
    // 4. Mining in merit order while hash revenue per MWh beats the marginal power cost.
    let roomMw = roomStartMw;
    // Room under the whole interconnect: what the lowered limit takes is the difference.
    ${fullRoom ? "let roomFullMw = roomFullStartMw;" : ""}
    let miningCutByLimitMw = 0;
    let curtailedMinOffMw = 0;
    let stoppedMw = 0;
    let heldMw = 0;
    const holdMining = ${stateOr("holdMining", "false")};
    let miningMw = 0;
    let miningCapacityMw = 0;
    let curtailedEconomicMw = 0;
    let curtailedCapacityMw = 0;
    let btcMinedHour = 0;
    let hostingRevenueUsdHour = 0;
    let curtailedOutageMw = 0;
    // The day-ahead position: the AI load and the mining that earns more than the day-ahead price.
    let positionMw = ${dayAhead ? `${value(plan.dayAheadPosition ? 1 : 0, "(plan.dayAheadPosition ? 1 : 0)")} === 1 ? aiGridMw : 0` : "0"};
    let plannedRoomMw = roomMw;
    ${eachClass(
      (c, k) => `
      const installedMw = ${st("capacityByClassMw", k, c)};
      miningCapacityMw += installedMw;
      // Units broken at restarts and not yet repaired are out, like a forced outage (reason outage).
      ${breaks(k) ? `const failedMw = ${st("failedMw", k, c)} < installedMw ? ${st("failedMw", k, c)} : installedMw;
      const workingMw = installedMw - failedMw;` : `const workingMw = installedMw;`}
      const capacityMw = workingMw * (1 - miningShareOffline);
      ${zero.has("curtailedOutageMw") ? "" : "curtailedOutageMw += installedMw - capacityMw;"}
      ${k < 0 ? `const hostingFee = ${hostingFee(k, c)};
      const hosted = hostingFee === hostingFee; // NaN for self-mining` : ""}
      const revenuePerMwh = (${k < 0 ? `hosted ? hostingFee : fleet.thsPerSiteMw[${c}] * btcPerThHour * btcPriceUsd` : isHosted(k) ? hostingFee(k, c) : `${st("thsPerSiteMw", k, c)} * btcPerThHour * btcPriceUsd`}) - ${value(fleetPlan.variableOmUsdPerMwh, "fleetPlan.variableOmUsdPerMwh")};
      ${dayAhead ? `if (${value(plan.dayAheadPosition ? 1 : 0, "(plan.dayAheadPosition ? 1 : 0)")} === 1 && revenuePerMwh > dayAheadCostUsdPerMwh && plannedRoomMw > 0) {
        const plannedMw = capacityMw < plannedRoomMw ? capacityMw : plannedRoomMw;
        positionMw += plannedMw;
        plannedRoomMw -= plannedMw;
      }` : ""}
      let runMw = 0;
      // Economics, then the constraints: a class held on by its minimum run time runs even at a
      // loss; one that would run but is held off by its minimum off time stays off (reason min_off,
      // or fourcp when an alert would keep it off anyway).
      const run = revenuePerMwh > marginalCostUsdPerMwh${minRunBinds ? ` || (${st("on", k, c)} === 1 && ${st("stateHours", k, c)} < ${value(fleetPlan.minRunHours, "fleetPlan.minRunHours")})` : ""};
      const heldOff = ${minOffBinds ? `run && ${st("on", k, c)} === 0 && ${st("stateHours", k, c)} < ${value(fleetPlan.minOffHours, "fleetPlan.minOffHours")}` : "false"};
      if (stopMining) {
        stoppedMw += capacityMw;
      } else if (run) {
        // What runs: the capacity, or the room left if less (never below 0). Both comparisons are
        // made in every hour, so that V8 has met both before it optimizes the loop (written as
        // capacity <= room ? capacity : room > 0 ? room : 0, the second was first met when the AI
        // load grew into a class's room, and the optimized loop was thrown away and compiled again:
        // docs/speed.md, point 23). The same value for any capacity but -0, which a product of
        // non-negative numbers never is.
        const roomLeftMw = roomMw > 0 ? roomMw : 0;
        runMw = capacityMw <= roomLeftMw ? capacityMw : roomLeftMw;
        ${fullRoom ? `const roomFullLeftMw = roomFullMw > 0 ? roomFullMw : 0;
        const runFullMw = capacityMw <= roomFullLeftMw ? capacityMw : roomFullLeftMw;` : "const runFullMw = runMw;"}
        curtailedCapacityMw += capacityMw - runFullMw;
        ${fullRoom ? `miningCutByLimitMw += runFullMw - runMw;
        roomFullMw -= runFullMw;` : ""}
        // Held (a 4CP alert): what would run stays off, its room unused.
        if (holdMining) {
          heldMw += runMw;
          roomMw -= runMw;
          runMw = 0;
        } else if (heldOff) {
          // Off by its own constraint: the room it leaves goes to the next classes.
          curtailedMinOffMw += runMw;
          ${fullRoom ? "roomFullMw += runFullMw;" : ""}
          runMw = 0;
        }
      } else {
        curtailedEconomicMw += capacityMw;
      }
      roomMw -= runMw;
      miningMw += runMw;
      ${k < 0 ? `if (hosted) hostingRevenueUsdHour += runMw * hostingFee;
      else btcMinedHour += runMw * fleet.thsPerSiteMw[${c}] * btcPerThHour;` : isHosted(k) ? `hostingRevenueUsdHour += runMw * ${hostingFee(k, c)};` : `btcMinedHour += runMw * ${st("thsPerSiteMw", k, c)} * btcPerThHour;`}
      ${st("runMw", k, c)} = runMw;`,
    )}

    // 4b. Components after dispatch, in registry order: they may shed running mining from the end of
    // the merit order (demand response, reserves) and read the import (4CP).
    let componentCurtailedMw = 0;
    ${hasComponents ? `{
      state.miningMw = miningMw;
      state.stoppedMiningMw = stoppedMw;
      state.heldMiningMw = heldMw;
      state.aiGridMw = aiGridMw;
      state.aiBackupMw = aiBackupMw;
      state.miningCutByLimitMw = miningCutByLimitMw;
      state.aiCutByLimitMw = aiCutByLimitMw;
      state.btcMined = btcMinedHour;
      state.hostingRevenueUsd = hostingRevenueUsdHour;
      state.btcPerThHour = btcPerThHour;
      state.committedMiningMw = 0;
      state.curtailedMiningMw = stoppedMw + heldMw + miningCutByLimitMw;
      ${fold ? classIndices.map((k) => `fleet.runMw[${k}] = runMw${k};`).join("\n      ") : ""}
      ${componentsAfter()}
      ${fold ? classIndices.map((k) => `runMw${k} = fleet.runMw[${k}];`).join("\n      ") : ""}
      miningMw = state.miningMw;
      btcMinedHour = state.btcMined;
      hostingRevenueUsdHour = state.hostingRevenueUsd;
      componentCurtailedMw = state.curtailedMiningMw;
      componentCashUsd = state.cashUsd;
    }` : ""}

    // 4e. On/off state of each class after every shed: a class that runs after an hour off restarts.
    let restartCostUsdHour = 0;
    ${eachClass(
      (c, k) => `
      ${breaks(k) ? `if (${st("failedMw", k, c)} > 0) {
        const left = ${st("failedMw", k, c)} - ${k >= 0 ? literal(fleet.repairMwPerHour[k]) : `fleet.repairMwPerHour[${c}]`};
        ${st("failedMw", k, c)} = left > 0 ? left : 0;
      }` : ""}
      const nowOn = ${st("runMw", k, c)} > 0 ? 1 : 0;
      if (nowOn === ${st("on", k, c)}) {
        ${minRunBinds || minOffBinds ? `${st("stateHours", k, c)}++;` : ""}
      } else {
        if (nowOn === 1) {
          fleet.restarts++;
          restartCostUsdHour += ${value(fleetPlan.restartUsdPerMw, "fleetPlan.restartUsdPerMw")} * ${st("capacityByClassMw", k, c)};
          ${breaks(k) ? `// Some units fail to come back (from the next hour), until repaired.
          const brokenMw = ${k >= 0 ? literal(fleet.restartFailure[k]) : `fleet.restartFailure[${c}]`} * ${st("runMw", k, c)};
          ${st("failedMw", k, c)} += brokenMw;
          fleet.failedAtRestartsMw += brokenMw;` : ""}
        }
        ${st("on", k, c)} = nowOn;
        ${minRunBinds || minOffBinds ? `${st("stateHours", k, c)} = 1;` : ""}
      }`,
    )}

    // 5. Accounting (one hour: MW x 1 h = MWh).
    const btcSellShare = ${value(plan.btcSellShare, "plan.btcSellShare")};
    const miningRevenueUsdHour = btcMinedHour * btcPriceUsd;
    const miningPowerCostUsdHour = miningMw * marginalCostUsdPerMwh;
    // AI load paid at the market (aiPaidMw, with the AI load above: less the tenants', on the grid).
    const aiPowerCostUsdHour = aiPaidMw * marginalCostUsdPerMwh;
    const powerMarkupUsdHour = markupDemandMw * aiServedShare * marginalCostUsdPerMwh;
    const variableOmUsdHour = miningMw * ${value(fleetPlan.variableOmUsdPerMwh, "fleetPlan.variableOmUsdPerMwh")};
    const fixedOpexUsdHour = ${value(plan.siteFixedOpexUsdPerHour, "plan.siteFixedOpexUsdPerHour")} + aiOpexUsd;
    // Power is costed at real time above; the day-ahead position was bought at the day-ahead price: + position x (RT - DA).
    const dayAheadSettlementUsdHour = positionMw * spreadUsdPerMwh;
    // Treasury: the unsold share of mined BTC is held, not cash, until the horizon.
    const cashUsd =
      ${[
        keptTerms(["miningRevenueUsdHour * btcSellShare", "hostingRevenueUsdHour", "aiRevenueUsdHour", "powerMarkupUsdHour", "dayAheadSettlementUsdHour", "componentCashUsd"]).join(" +\n      "),
        ...keptTerms(["miningPowerCostUsdHour", "aiPowerCostUsdHour", "variableOmUsdHour", "slaPenaltyUsdHour", "fixedOpexUsdHour", "restartCostUsdHour"]),
      ].join(" -\n      ")};
    ${zero.has("unsoldBtc") ? "" : "btcHeld += btcMinedHour * (1 - btcSellShare);"}
    // Added in every hour, -0 before the last year (x + -0 is x, to the bit; a -0 rather than a 0,
    // so that V8 sees a double added from the first hour): an addition first met in the last year
    // had V8 throw the optimised loop away in every worker's first run.
    lastYearEbitdaUsd += h >= ${value(plan.hours, "plan.hours")} - 8760 ? ${ebitdaUsdHour} : -0;
    miningRevenueUsd += miningRevenueUsdHour;
    ${sum("hostingRevenueUsd", "hostingRevenueUsdHour")}
    ${sum("curtailedMinOffMwh", "curtailedMinOffMw")}
    ${sum("restartCostUsd", "restartCostUsdHour")}
    ${sum("dayAheadSettlementUsd", "dayAheadSettlementUsdHour")}
    ${sum("curtailedOutageMwh", "curtailedOutageMw")}
    aiRevenueUsd += aiRevenueUsdHour;
    miningPowerCostUsd += miningPowerCostUsdHour;
    aiPowerCostUsd += aiPowerCostUsdHour;
    ${sum("tenantPowerMwh", "tenantMw")}
    ${sum("powerMarkupUsd", "powerMarkupUsdHour")}
    ${sum("variableOmUsd", "variableOmUsdHour")}
    ${sum("slaPenaltyUsd", "slaPenaltyUsdHour")}
    ${sum("fixedOpexUsd", "fixedOpexUsdHour")}
    // The NPV: capital spent at the hour's events is taken off it there.
    npvUsd += cashUsd * discountFactor[h];
    monthCashUsd += cashUsd;
    monthEbitdaUsd += ${ebitdaUsdHour};
    ${streams ? `if (miningDiscountFactor !== null) {
      const miningCashUsd = miningRevenueUsdHour * btcSellShare + hostingRevenueUsdHour - miningPowerCostUsdHour - variableOmUsdHour - restartCostUsdHour;
      const aiCashUsd = aiRevenueUsdHour + powerMarkupUsdHour - aiPowerCostUsdHour - slaPenaltyUsdHour - aiOpexUsd;
      npvStreamsUsd += miningCashUsd * miningDiscountFactor[h] + aiCashUsd * aiDiscountFactor[h] + (cashUsd - miningCashUsd - aiCashUsd) * discountFactor[h];
    }` : ""}
    btcMined += btcMinedHour;
    miningMwh += miningMw;
    aiMwh += aiMw;
    aiUnservedMwh += aiUnservedMw;
    curtailedEconomicMwh += curtailedEconomicMw;
    curtailedCapacityMwh += curtailedCapacityMw;
    ${sum("componentCurtailedMwh", "componentCurtailedMw")}
    const curtailedMw = ${["curtailedEconomicMw", "curtailedCapacityMw", ...keptTerms(["componentCurtailedMw", "curtailedMinOffMw", "curtailedOutageMw"])].join(" + ")};
    if (curtailedMw > ${literal(EPSILON_MW)}) curtailedHours++;
    if (${fold ? `h < ${HOURS_PER_YEAR}` : "yearIndexOf[h] === 0"}) {
      firstYearMiningRevenueUsd += miningRevenueUsdHour;
      firstYearMiningMwh += miningMw;
      firstYearAiRevenueUsd += aiRevenueUsdHour;
      firstYearAiMwh += aiMw;
    }
    priceSum += priceUsdPerMwh;
    ${sum("basisSum", "basisUsdPerMwh")}

    ${
      shape.traced
        ? `// 6. Trace (traced runs only).
    {
      const row = h * ${fold ? width : "(lib.traceColumns + 1 + fleet.count)"};
      trace[row + ${T("price_usd_per_mwh")}] = priceUsdPerMwh;
      trace[row + ${T("basis_usd_per_mwh")}] = basisUsdPerMwh;
      trace[row + ${T("rt_spread_usd_per_mwh")}] = spreadUsdPerMwh;
      trace[row + ${T("dayahead_position_mw")}] = positionMw;
      trace[row + ${T("btc_price_usd")}] = btcPriceUsd;
      trace[row + ${T("network_hashrate_ehs")}] = network.hashrateHpsByHour[h] / 1e18;
      trace[row + ${T("difficulty")}] = difficultyByHour[h];
      trace[row + ${T("block_height")}] = network.heightByHour[h];
      trace[row + ${T("subsidy_btc")}] = subsidyBtcByHour[h];
      trace[row + ${T("fees_btc_per_block")}] = feesBtcPerBlockByHour[h];
      trace[row + ${T("hashprice_usd_per_th_day")}] = ${hashpriceAt("h")};
      trace[row + ${T("ai_it_online_mw")}] = aiItOnlineMw;
      trace[row + ${T("ai_demand_mw")}] = aiDemandMw;
      trace[row + ${T("ai_mw")}] = aiMw;
      trace[row + ${T("ai_unserved_mw")}] = aiUnservedMw;
      trace[row + ${T("mining_capacity_mw")}] = miningCapacityMw;
      trace[row + ${T("mining_mw")}] = miningMw;
      trace[row + ${T("curtailed_mw")}] = curtailedMw;
      trace[row + ${T("curtailed_economic_mw")}] = curtailedEconomicMw;
      trace[row + ${T("curtailed_capacity_mw")}] = curtailedCapacityMw;
      trace[row + ${T("flexible_mw")}] = miningMw;
      trace[row + ${T("import_mw")}] = aiGridMw + miningMw;
      trace[row + ${T("ai_outage_mw")}] = aiDemandMw - aiUpMw;
      trace[row + ${T("curtailed_outage_mw")}] = curtailedOutageMw;
      trace[row + ${T("allowed_import_mw")}] = availableMw;
      trace[row + ${T("curtailed_min_off_mw")}] = curtailedMinOffMw;
      trace[row + ${T("mining_revenue_usd")}] = miningRevenueUsdHour;
      trace[row + ${T("ai_revenue_usd")}] = aiRevenueUsdHour;
      trace[row + ${T("power_cost_usd")}] = miningPowerCostUsdHour + aiPowerCostUsdHour;
      trace[row + ${T("btc_mined")}] = btcMinedHour;
      for (let k = 0; k < components.length; k++) components[k].writeTrace(trace, row);
      trace[row + ${reasonColumn}] = lib.mainCurtailmentCode(trace, row, curtailedMw);
      ${fold ? classIndices.map((k) => `trace[row + ${reasonColumn + 1 + k}] = runMw${k};`).join("\n      ") : `for (let c = 0; c < fleet.count; c++) trace[row + ${reasonColumn + 1} + c] = fleet.runMw[c];`}
    }`
        : ""
    }

    // 7. Month-end values, in the last hour of each month.
    if (h === monthLastHour) {
      monthlyCashUsd[month] = monthCashUsd;
      monthlyEbitdaUsd[month] = monthEbitdaUsd;
      cumulativeCashUsd += monthCashUsd;
      const at = month * ${MONTHLY_SERIES_COUNT};
      monthly[at + ${M("cumulative_net_cash_usd")}] = cumulativeCashUsd;
      monthly[at + ${M("btc_price_usd")}] = btcPriceUsd;
      monthly[at + ${M("hashprice_usd_per_th_day")}] = ${hashpriceAt("h")};
      monthly[at + ${M("difficulty")}] = difficultyByHour[h];
      if (h + 1 < to) {
        month = monthIndexOf[h + 1];
        monthLastHour = monthLastHourOf[month];
        monthCashUsd = monthlyCashUsd[month];
        monthEbitdaUsd = monthlyEbitdaUsd[month];
      }
    }
  }
  if (from < to) {
    monthlyCashUsd[month] = monthCashUsd;
    monthlyEbitdaUsd[month] = monthEbitdaUsd;
    lastHashpriceUsdPerThDay = ${hashpriceAt("to - 1")};
  }
  ${HOUR_ACCUMULATORS.map((name) => `site.${name} = ${name};`).join("\n  ")}
  ${fold ? classIndices.map((k) => FLEET_HOUR_STATE.map((name) => `fleet.${name}[${k}] = ${name}${k};`).join("\n  ")).join("\n  ") : ""}
`;
}

/** BTC per TH/s-hour of each hour of a network path, less the pool fee: the hour loop's btcPerThHour, to the bit. */
export function btcPerThHourPath(subsidyBtcByHour: Float64Array, feesBtcPerBlockByHour: Float64Array, difficultyByHour: Float64Array, poolFeeFraction: number, hours: number): Float64Array {
  const path = new Float64Array(hours);
  for (let h = 0; h < hours; h++) path[h] = ((3600 * 1e12 * (subsidyBtcByHour[h] + feesBtcPerBlockByHour[h])) / (difficultyByHour[h] * 4294967296)) * (1 - poolFeeFraction);
  return path;
}

/** The halls' per-hall parameters that no run changes. */
interface AiHallsConstants {
  idle: Float64Array;
  pue: Float64Array;
  busyRevenue: Float64Array;
  onlineRevenue: Float64Array;
  penalty: Float64Array;
  passThrough: Float64Array;
  markup: Float64Array;
  opex: Float64Array;
}

/** What the loop's text calls that is not on `site`. */
const LIB = { mainCurtailmentCode, traceColumns: TRACE_COLUMNS.length };

/** The hour loop for a SiteRun's plan and shape. */
export function compileHourLoop(site: SiteRun, shape: HourLoopShape): HourLoop {
  return hourLoopOf(hourLoopSource(site.plan, site, shape));
}

/**
 * The loop whose body is `source` (hourLoopSource's text, or an edited copy of it: bench/hour-text.ts).
 * One function for one text: the SiteRuns of a plan that a worker runs together share it, so V8
 * compiles and optimises it once (it reads everything of a run from its `site` argument).
 */
export function hourLoopOf(source: string): HourLoop {
  let loop = compiledLoops.get(source);
  if (loop === undefined) {
    const make = new Function("lib", `return function hourLoop(site, from, to) {${source}};`) as (lib: typeof LIB) => HourLoop;
    loop = make(LIB);
    // A sweep's worker meets a new plan, and text, per variant: keep the last few only.
    if (compiledLoops.size >= 8) compiledLoops.delete(compiledLoops.keys().next().value!);
    compiledLoops.set(source, loop);
  }
  return loop;
}
const compiledLoops = new Map<string, HourLoop>();

/**
 * The untraced hour loop of four SiteRuns of one plan, compiled from its text (`source`, as
 * hourLoopOf takes it) into one WebAssembly function that steps the four runs' hours in SIMD lanes
 * (src/engine/lanes.ts), each run's numbers the bits its own loop gives; null when the text has
 * what the lanes compiler does not take (a component's hooks, called in the hour): the runs then
 * step their own loops. Compiled once per text and kept like hourLoopOf's loops.
 */
export function lanesHourLoopOf(source: string, sites: readonly SiteRun[]): LanesLoop | null {
  if (sites.length !== LANES) return null;
  if (compiledLanes.has(source)) return compiledLanes.get(source)!;
  let loop: LanesLoop | null = null;
  try {
    const kernels = marketKernels();
    const memory = { memory: kernels.exports.memory, allocate: (bytes: number) => kernels.allocate(bytes), release: (address: number, bytes: number) => kernels.release(address, bytes) };
    loop = new LanesLoop(`function hourLoop(site, from, to) {${source}}`, sites, memory, { lib: LIB });
  } catch (err) {
    if (!(err instanceof LanesUnsupported)) throw err;
  }
  if (compiledLanes.size >= 8) {
    const [oldest, old] = compiledLanes.entries().next().value!;
    old?.release();
    compiledLanes.delete(oldest);
  }
  compiledLanes.set(source, loop);
  return loop;
}
const compiledLanes = new Map<string, LanesLoop | null>();
