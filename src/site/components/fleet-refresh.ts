// The ASIC refresh (mining.fleetRefresh): each self-mining class is replaced by new machines of the
// same site MW when its units reach an age, bought at a price per TH/s linked to the hashprice of
// the moment, as efficient as that year's best; the old ones are sold. Events only.
import { z } from "zod";
import asicPrice from "../../../data/asic-price-2025.json";
import { HOURS_PER_YEAR, type Calendar } from "../../engine/calendar";
import type { EventQueue } from "../../engine/events";
import { fraction } from "../../scenario/fields";
import { CAPEX_CLASS_EQUIPMENT, columnIndex, type ComponentKind, type ComponentLayout, type DeclaredColumn, type SiteAssets, type SiteComponent, type SiteContext } from "../component";

export const FleetRefreshSchema = /* @__PURE__ */ z
  .strictObject({
    ageYears: z.number().positive().default(5).describe("Each self-mining class is replaced by new machines of the same site MW when its units reach this age (DOMAIN-FACTS: useful life usually quoted 3-5 years)."),
    daysOfHashprice: z
      .number()
      .positive()
      .default(asicPrice.daysOfHashprice)
      .describe("New machines cost this many days of the hashprice of the day per TH/s (data/asic-price-2025.json: 281 days in Dec 2022, 379 in 2021, 593 in Nov 2025; default 400)."),
    newEfficiencyJPerTh: z.number().positive().default(13.5).describe("Wall J/TH of new machines bought at the start (Antminer S21 XP, 2024-25)."),
    efficiencyGainPerYear: fraction("How much better new machines get each year, in J/TH (S19 XP 21.5 J/TH in 2022 to S21 XP 13.5 in 2024-25: ~20%/yr).").default(0.2),
    resaleShare: fraction("Replaced machines sell for this share of the price of new ones per TH/s (used S19s ~$2.5/TH in mid-2024 against ~$15-20 new: ~15%).").default(asicPrice.resaleShare),
  })
  .describe(
    "Buying new ASICs: each self-mining class is replaced at an age, at a price per TH/s linked to hashprice, by machines as efficient as the year's best; the old ones are sold. Without it the fleet on site runs to the horizon. Refreshes in the last finance.noRefreshWithinMonths are not bought.",
  );

export type FleetRefreshInput = z.output<typeof FleetRefreshSchema>;

const RUN_COLUMNS = [
  { name: "asic_capex_usd", unit: "$", label: "New ASICs bought", description: "New ASICs bought by mining.fleetRefresh (in capex_usd), $." },
  { name: "asic_resale_usd", unit: "$", label: "Replaced ASICs sold", description: "Replaced ASICs sold (netted in capex_usd), $." },
  { name: "asic_refreshes", unit: "count", label: "ASIC refreshes", description: "Mining classes replaced by new machines." },
] as const satisfies readonly DeclaredColumn[];
const RUN = columnIndex(RUN_COLUMNS);

export interface FleetRefreshConfig extends FleetRefreshInput {
  ageHours: number;
  /** Each refresh: its hour and its class (index in merit order), in the order they are scheduled. */
  refreshHours: number[];
  refreshClasses: number[];
  /** Per class in merit order: cooling overhead, for the site MW of the new machines. */
  coolingOverheadFraction: number[];
}

const REFRESH = 0;
/** Before the halls' capex of the same hour (2), after their phases and contract ends (0). */
const PRIORITY = 1;

class FleetRefresh implements SiteComponent {
  private capexUsd = 0;
  private resaleUsd = 0;
  private refreshes = 0;

  constructor(
    private readonly config: FleetRefreshConfig,
    private readonly layout: ComponentLayout,
    private readonly site: SiteAssets,
  ) {}

  reset(_baseSeed: number, _run: number, queue: EventQueue): void {
    this.capexUsd = 0;
    this.resaleUsd = 0;
    this.refreshes = 0;
    const { refreshHours, refreshClasses } = this.config;
    for (let k = 0; k < refreshHours.length; k++) queue.schedule(refreshHours[k], PRIORITY, this.layout.eventKindBase + REFRESH, refreshClasses[k]);
  }

  /** Replaces class c's machines with the year's best at daysOfHashprice x the hashprice of the moment per TH/s; the old ones sold for resaleShare of that. */
  fireEvent(_kind: number, c: number, hour: number): void {
    const f = this.config;
    const site = this.site;
    const mw = site.miningClassMw(c);
    if (mw <= 0) return;
    const usdPerTh = f.daysOfHashprice * site.hashpriceUsdPerThDay();
    const jPerTh = f.newEfficiencyJPerTh * Math.pow(1 - f.efficiencyGainPerYear, hour / HOURS_PER_YEAR);
    const newThsPerSiteMw = 1e6 / (jPerTh * (1 + f.coolingOverheadFraction[c]));
    const costUsd = mw * newThsPerSiteMw * usdPerTh;
    const resaleUsd = mw * site.miningClassThsPerSiteMw(c) * usdPerTh * f.resaleShare;
    site.buy(costUsd, hour, f.ageHours, CAPEX_CLASS_EQUIPMENT, false);
    site.sell(resaleUsd, hour);
    site.setMiningClassThsPerSiteMw(c, newThsPerSiteMw);
    this.capexUsd += costUsd;
    this.resaleUsd += resaleUsd;
    this.refreshes++;
  }

  beforeDispatch(): void {}
  afterDispatch(): void {}
  writeTrace(): void {}

  finish(metrics: Float64Array): void {
    metrics[this.layout.metricStart + RUN.asic_capex_usd] = this.capexUsd;
    metrics[this.layout.metricStart + RUN.asic_resale_usd] = this.resaleUsd;
    metrics[this.layout.metricStart + RUN.asic_refreshes] = this.refreshes;
  }
}

function compile(input: FleetRefreshInput, _calendar: Calendar, _inputs: unknown, site: SiteContext): FleetRefreshConfig {
  const ageHours = Math.round(input.ageYears * HOURS_PER_YEAR);
  const refreshHours: number[] = [];
  const refreshClasses: number[] = [];
  site.miningClasses.forEach((c, k) => {
    if (!Number.isNaN(c.hostingUsdPerMwh)) return; // hosted machines are the client's
    for (let t = Math.max(0, Math.round((input.ageYears - c.ageYearsAtStart) * HOURS_PER_YEAR)); t < site.lastRefreshHour; t += ageHours) {
      refreshHours.push(t);
      refreshClasses.push(k);
    }
  });
  return { ...input, ageHours, refreshHours, refreshClasses, coolingOverheadFraction: site.miningClasses.map((c) => c.coolingOverheadFraction) };
}

export const fleetRefresh = {
  section: "mining",
  key: "fleetRefresh",
  hourly: false,
  runColumns: RUN_COLUMNS,
  traceColumns: [],
  compile,
  create: (config: FleetRefreshConfig, layout: ComponentLayout, site: SiteAssets): SiteComponent => new FleetRefresh(config, layout, site),
} as const satisfies ComponentKind<FleetRefreshInput, FleetRefreshConfig>;
