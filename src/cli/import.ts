// sim import ercot | series: recorded prices and series to hashgrid's CSV.
import { renameSync, rmSync } from "node:fs";
import { parseArgs } from "node:util";
import { InputError } from "../errors";
import { importErcot } from "../io/ercot";
import { importGeneric, writeSeries, type Series } from "../io/series";
import { USAGE } from "./usage";
import { parsePositive } from "./options";

/** Writes a series beside its target and renames it into place, so a failed import leaves nothing behind. */
/** Writes the series beside its path and moves it into place; a failed write (disk full) leaves nothing behind and the previous file as it was. */
export function writeSeriesAtomically(path: string, series: Series): void {
  const temporary = `${path}.partial-${process.pid}`;
  try {
    writeSeries(temporary, series);
    renameSync(temporary, path);
  } catch (err) {
    rmSync(temporary, { force: true });
    const fsError = err as NodeJS.ErrnoException;
    if (typeof fsError?.code === "string") fsError.path = path;
    throw err;
  }
}

export async function commandImport(args: string[]): Promise<void> {
  const [kind, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    strict: true,
    options: {
      point: { type: "string" },
      market: { type: "string" },
      out: { type: "string" },
      "fill-gaps": { type: "boolean" },
      "max-gap-hours": { type: "string" },
      time: { type: "string" },
      value: { type: "string" },
      timezone: { type: "string" },
      name: { type: "string" },
    },
  });
  if (positionals.length === 0) throw new InputError(`import ${kind ?? ""}: expected at least one file\n\n${USAGE}`);
  if (values.out === undefined) throw new InputError(`import: expected --out FILE`);
  const warnings: string[] = [];
  const maxGapHours = values["max-gap-hours"] !== undefined ? parsePositive(values["max-gap-hours"], "--max-gap-hours", "hours") : undefined;
  let series: Series;
  if (kind === "ercot") {
    if (values.point === undefined) throw new InputError("import ercot: expected --point, like --point HB_WEST");
    if (values.market !== undefined && values.market !== "dam" && values.market !== "rtm") throw new InputError(`--market: expected dam or rtm (found: "${values.market}")`);
    series = await importErcot(positionals, { point: values.point, market: values.market as "dam" | "rtm" | undefined, fillGaps: values["fill-gaps"] === true, maxGapHours }, warnings);
  } else if (kind === "series") {
    for (const option of ["time", "value", "timezone", "name"] as const) {
      if (values[option] === undefined) throw new InputError(`import series: expected --${option}`);
    }
    if (!/^[a-z][a-z0-9_]*$/.test(values.name!)) throw new InputError(`--name: expected a snake_case column name with its unit, like btc_price_usd (found: "${values.name}")`);
    if (positionals.length !== 1) throw new InputError(`import series: expected one file (found ${positionals.length})`);
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: values.timezone });
    } catch {
      throw new InputError(`--timezone: expected an IANA time zone like UTC or America/Chicago (found: "${values.timezone}")`);
    }
    series = await importGeneric(positionals[0], { timeColumn: values.time!, valueColumn: values.value!, timeZone: values.timezone!, column: values.name!, fillGaps: values["fill-gaps"] === true, maxGapHours }, warnings);
  } else {
    throw new InputError(`import: expected "ercot" or "series" (found: "${kind ?? ""}")`);
  }
  for (const w of warnings) process.stderr.write(`warning: ${w}\n`);
  writeSeriesAtomically(values.out, series);
  const step = series.stepMs === 3_600_000 ? "hours" : "days";
  const lastMs = series.startMs + (series.values.length - 1) * series.stepMs;
  process.stdout.write(`wrote ${series.values.length} ${step} of ${series.column}, ${new Date(series.startMs).toISOString()} to ${new Date(lastMs).toISOString()} (the last ${step === "hours" ? "hour's start" : "day"}), to ${values.out}\n`);
}

