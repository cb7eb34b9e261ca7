// Small schema pieces shared by the scenario schema and the site components' schema fragments.
import { z } from "zod";

export const fraction = (what: string) => z.number().min(0).max(1).describe(what);
/** A number above zero, with its meaning. */
export const positive = (what: string) => z.number().positive().describe(what);

export const Triangular = /* @__PURE__ */ z
  .strictObject({
    min: z.number().describe("Lowest value."),
    mode: z.number().describe("Most likely value."),
    max: z.number().describe("Highest value."),
  })
  .refine((t) => t.min <= t.mode && t.mode <= t.max, "min <= mode <= max")
  .describe("A triangular distribution: min, mode (most likely), max.");

/** Hours of each local day, [from, to). */
export const LocalHours = /* @__PURE__ */ z
  .strictObject({
    from: z.number().int().min(0).max(23).describe("First local hour (hour starting)."),
    to: z.number().int().min(1).max(24).describe("Local hour at which it ends (exclusive)."),
  })
  .refine((w) => w.from < w.to, "from < to");

export const EventsFile = /* @__PURE__ */ z
  .string()
  .min(1)
  .describe("Path of a CSV of events, relative to the scenario file: header start_utc,hours; one row per event, an ISO-8601 UTC hour and a whole number of hours.");

/** The deployment fields of a grid program: Poisson arrivals with triangular lengths, or a file. */
export const deployments = (hours: { min: number; mode: number; max: number }) => ({
  deploymentsPerYear: z.number().min(0).default(0).describe("Expected deployments a year (Poisson arrivals, drawn per run); ignored when deploymentsFile is given."),
  deploymentHours: Triangular.default(hours).describe("Length of each deployment, hours, drawn per event."),
  deploymentsFile: EventsFile.optional().describe("Recorded deployments instead of Poisson draws: the same deployments in every run."),
});

export const isoDate = /* @__PURE__ */ z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:00(:00)?Z)?$/, "a date YYYY-MM-DD (UTC midnight) or an ISO-8601 UTC hour")
  .refine((s) => !Number.isNaN(Date.parse(s)), "a real calendar date");

/**
 * make(): for a schema built at a module's top level from an object of fields built by calls.
 * Marked `/* @__PURE__ *\/`, a schema nothing reads is left out of a bundle (the worker's, which
 * never validates, and so carries no zod); but a marked call keeps its arguments' own calls,
 * and a function passed as the argument has none.
 */
export const built = <T>(make: () => T): T => make();

/** A series file: a canonical time_utc,<value> CSV, a native ERCOT price file, or any timestamp,value CSV. */
export const SeriesSource = /* @__PURE__ */ built(() =>
  z.strictObject({
    file: z.string().min(1).describe("Path of the file, relative to the scenario file (gzip is read as it is)."),
    format: z
      .enum(["canonical", "ercot", "csv"])
      .default("canonical")
      .describe("canonical: time_utc,<value> written by sim import; ercot: a native ERCOT settlement point price file (needs point); csv: a timestamp,value file (needs timeColumn, valueColumn, timezone)."),
    point: z.string().optional().describe("ercot: the settlement point, like HB_WEST."),
    market: z.enum(["dam", "rtm"]).optional().describe("ercot, hourly dam_lmp/rtm_lmp layout: which price."),
    timeColumn: z.string().optional().describe("csv: the timestamp column."),
    valueColumn: z.string().optional().describe("csv: the value column."),
    timezone: z.string().optional().describe("csv: the time zone of timestamps without one (UTC, America/Chicago, ...)."),
    fillGaps: z.boolean().default(false).describe("Interpolate missing hours or days (each gap listed in a warning) instead of refusing the file."),
    maxGapHours: z.number().positive().optional().describe("With fillGaps: the longest gap interpolated, hours; a longer one is refused (default 6 for hourly series, 72 for daily)."),
    from: isoDate.optional().describe("Keep only rows at or after this UTC date or hour."),
    to: isoDate.optional().describe("Keep only rows before this UTC date or hour."),
  }),
);
