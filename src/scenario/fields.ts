// Small schema pieces shared by the scenario schema and the site components' schema fragments.
import { z } from "zod";

export const fraction = (what: string) => z.number().min(0).max(1).describe(what);

export const Triangular = z
  .strictObject({
    min: z.number().describe("Lowest value."),
    mode: z.number().describe("Most likely value."),
    max: z.number().describe("Highest value."),
  })
  .refine((t) => t.min <= t.mode && t.mode <= t.max, "min <= mode <= max")
  .describe("A triangular distribution: min, mode (most likely), max.");

/** Hours of each local day, [from, to). */
export const LocalHours = z
  .strictObject({
    from: z.number().int().min(0).max(23).describe("First local hour (hour starting)."),
    to: z.number().int().min(1).max(24).describe("Local hour at which it ends (exclusive)."),
  })
  .refine((w) => w.from < w.to, "from < to");

export const EventsFile = z
  .string()
  .min(1)
  .describe("Path of a CSV of events, relative to the scenario file: header start_utc,hours; one row per event, an ISO-8601 UTC hour and a whole number of hours.");

/** The deployment fields of a grid program: Poisson arrivals with triangular lengths, or a file. */
export const deployments = (hours: { min: number; mode: number; max: number }) => ({
  deploymentsPerYear: z.number().min(0).default(0).describe("Expected deployments a year (Poisson arrivals, drawn per run); ignored when deploymentsFile is given."),
  deploymentHours: Triangular.default(hours).describe("Length of each deployment, hours, drawn per event."),
  deploymentsFile: EventsFile.optional().describe("Recorded deployments instead of Poisson draws: the same deployments in every run."),
});
