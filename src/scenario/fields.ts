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
