// The registry of site components. Adding one: its file beside this one, one line in
// COMPONENT_KINDS and one in COMPONENT_SCHEMAS. Its schema fragment joins the scenario's `grid`
// (or `site`, `mining`, or its top level), its columns join runs.csv, the hourly trace,
// docs/output-columns.md and (cash terms) ebitda_usd and the report.
import type { z } from "zod";
import type { Calendar } from "../../engine/calendar";
import { EVENT_KINDS_PER_COMPONENT, type ComponentLayout, type DeclaredColumn, type SiteAssets, type SiteComponent, type SiteContext } from "../component";
import type { MarketInputs } from "../../markets/replay";
import { aiFlexibility, AiFlexibilitySchema } from "./ai-flexibility";
import { conversions, ConversionsSchema } from "./conversions";
import { demandResponse, DemandResponseSchema } from "./demand-response";
import { emergencies, EmergenciesSchema } from "./emergencies";
import { fleetRefresh, FleetRefreshSchema } from "./fleet-refresh";
import { flexibleInterconnection, FlexibleInterconnectionSchema } from "./flexible-interconnection";
import { fourCp, FourCpSchema } from "./fourcp";
import { outages, OutagesSchema } from "./outages";
import { ppa, PpaSchema } from "./ppa";
import { reserves, ReservesSchema } from "./reserves";

/**
 * In the order they act within each phase of the hour (and their columns' order in the outputs):
 * the flexible interconnection and outages set the import limit and the capacity (neither reads
 * the other); emergencies come before 4CP (they stop the mining that an alert would hold); demand
 * response before reserves (a reserve offer excludes the MW committed to it); 4CP after both (its
 * peak counts the import after their sheds). Conversions and the ASIC refresh act through their
 * events only.
 */
export const COMPONENT_KINDS = [
  flexibleInterconnection,
  outages,
  emergencies,
  demandResponse,
  reserves,
  fourCp,
  aiFlexibility,
  ppa,
  conversions,
  fleetRefresh,
] as const;

type Kind = (typeof COMPONENT_KINDS)[number];

/**
 * Each component's schema fragment, by its key (every kind must have one). Apart from the kinds
 * on purpose: the worker threads load the kinds (columns, compile, create) but never validate a
 * scenario, and with no schema reachable from what they load, esbuild leaves zod out of the
 * worker's bundle (its modules took ~70 ms of each worker's start). The schemas are built where
 * they are written (`/* @__PURE__ *\/` tells esbuild that building one has no other effect), and
 * the scenario's schema (src/scenario/schema.ts) takes them from here.
 */
export const COMPONENT_SCHEMAS = {
  flexibleInterconnection: FlexibleInterconnectionSchema,
  outages: OutagesSchema,
  emergencies: EmergenciesSchema,
  demandResponse: DemandResponseSchema,
  ancillary: ReservesSchema,
  fourCp: FourCpSchema,
  aiFlexibility: AiFlexibilitySchema,
  ppa: PpaSchema,
  conversions: ConversionsSchema,
  fleetRefresh: FleetRefreshSchema,
} as const satisfies { [K in Kind as K["key"]]: z.ZodType<Parameters<K["compile"]>[0]> };
type Schemas = typeof COMPONENT_SCHEMAS;

type SectionSchemas<S extends Kind["section"]> = {
  [K in Kind as K["section"] extends S ? K["key"] : never]: z.ZodOptional<Schemas[K["key"]]>;
};
type RootSchemas = {
  [K in Kind as K["section"] extends "root" ? K["key"] : never]: Schemas[K["key"]];
};

function sectionSchemas<S extends "grid" | "site" | "mining">(section: S): SectionSchemas<S> {
  return Object.fromEntries(COMPONENT_KINDS.filter((k) => k.section === section).map((k) => [k.key, COMPONENT_SCHEMAS[k.key].optional()])) as SectionSchemas<S>;
}

/** The components' scenario fields under `grid`, each optional. */
export const GRID_COMPONENT_SCHEMAS = /* @__PURE__ */ sectionSchemas("grid");
/** The components' scenario fields under `site`, each optional. */
export const SITE_COMPONENT_SCHEMAS = /* @__PURE__ */ sectionSchemas("site");
/** The components' scenario fields under `mining`, each optional. */
export const MINING_COMPONENT_SCHEMAS = /* @__PURE__ */ sectionSchemas("mining");
/** The components' fields at the scenario's top level: lists with their own default (empty: left out). */
export const ROOT_COMPONENT_SCHEMAS = /* @__PURE__ */ rootSchemas();

function rootSchemas(): RootSchemas {
  return Object.fromEntries(COMPONENT_KINDS.filter((k) => k.section === "root").map((k) => [k.key, COMPONENT_SCHEMAS[k.key]])) as RootSchemas;
}

/** Run columns of every component, in registry order (after the site's own in runs.csv). */
export const COMPONENT_RUN_COLUMNS: readonly DeclaredColumn[] = COMPONENT_KINDS.flatMap((k): readonly DeclaredColumn[] => k.runColumns);
/** Trace columns of every component, in registry order. */
export const COMPONENT_TRACE_COLUMNS: readonly DeclaredColumn[] = COMPONENT_KINDS.flatMap((k): readonly DeclaredColumn[] => k.traceColumns);

/** Event kinds at and above this belong to components. */
export const COMPONENT_EVENT_KIND_BASE = 1000;

/** A component the scenario uses, compiled, with its place in the outputs. */
export interface PlannedComponent {
  readonly registryIndex: number;
  readonly config: unknown;
  readonly layout: ComponentLayout;
}

/**
 * Compiles the components a scenario names (in its `grid`, `site` and `mining` sections, and
 * non-empty lists at its top level). metricStart and traceStart: where the components' columns
 * begin in a metric row and in a trace row.
 */
export function compileComponents(
  sections: { grid: Record<string, unknown>; site: Record<string, unknown>; mining: Record<string, unknown>; root: Record<string, unknown> },
  site: SiteContext,
  calendar: Calendar,
  inputs: MarketInputs,
  metricStart: number,
  traceStart: number,
): PlannedComponent[] {
  const planned: PlannedComponent[] = [];
  let metric = metricStart;
  let trace = traceStart;
  COMPONENT_KINDS.forEach((kind, i) => {
    const input = sections[kind.section][kind.key];
    if (input !== undefined && !(Array.isArray(input) && input.length === 0)) {
      planned.push({
        registryIndex: i,
        config: (kind.compile as (input: unknown, calendar: Calendar, inputs: MarketInputs, site: SiteContext) => unknown)(input, calendar, inputs, site),
        layout: { metricStart: metric, traceStart: trace, eventKindBase: COMPONENT_EVENT_KIND_BASE + i * EVENT_KINDS_PER_COMPONENT },
      });
    }
    metric += kind.runColumns.length;
    trace += kind.traceColumns.length;
  });
  return planned;
}

/** The SiteComponent of a planned component (one per SiteRun, which gives itself as the assets). */
export function createComponent(planned: PlannedComponent, site: SiteAssets): SiteComponent {
  const kind = COMPONENT_KINDS[planned.registryIndex];
  return (kind.create as (config: unknown, layout: ComponentLayout, site: SiteAssets) => SiteComponent)(planned.config, planned.layout, site);
}

/** Whether a planned component acts in the hour (its kind is not declared `hourly: false`). */
export function isHourly(planned: PlannedComponent): boolean {
  return (COMPONENT_KINDS[planned.registryIndex] as { hourly?: false }).hourly !== false;
}

/** The compiled config of the component the scenario names under `key`, or null when it leaves it out. */
export function plannedConfig<T>(components: readonly PlannedComponent[], key: string): T | null {
  const planned = components.find((c) => COMPONENT_KINDS[c.registryIndex].key === key);
  return planned === undefined ? null : (planned.config as T);
}

/**
 * Run columns a component writes when the scenario leaves it out: 0, or NaN (empty) for columns
 * declared `empty`; in registry order, as they sit after the site's columns.
 */
export const ABSENT_COMPONENT_METRICS = Float64Array.from(COMPONENT_RUN_COLUMNS, (c) => (c.empty ? NaN : 0));

/** Offsets (from the components' first trace column) of the trace columns each kind writes empty when left out, by registry index. */
export const EMPTY_TRACE_OFFSETS: readonly Int32Array[] = (() => {
  let offset = 0;
  return COMPONENT_KINDS.map((kind) => {
    const columns = kind.traceColumns as readonly DeclaredColumn[];
    const empty = Int32Array.from(columns.flatMap((c, i) => (c.empty ? [offset + i] : [])));
    offset += columns.length;
    return empty;
  });
})();
