// sim headroom: a system load series in, the flexible-interconnection headroom study out
// (headroom.csv, headroom-hours.csv, headroom-info.json, report.html), written to a staging
// folder and moved into place only when complete.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { MS_PER_HOUR } from "../engine/calendar";
import { InputError } from "../errors";
import type { ColumnSpec } from "../site/columns";
import { curtailmentProfile, headroomMw, seasonalThresholds, systemLoadOf, thresholdByHour } from "../system/headroom";
import { HASHGRID_VERSION } from "../version";
import { CsvFile } from "./csv";
import { StagedFolder } from "./output-folder";
import { isRealDateTime, type Series } from "./series";
import { localToUtcCandidates } from "./timezone";

export const HEADROOM_COLUMNS = [
  { name: "limit_pct", description: "Curtailment limit: the mean over years of each year's curtailed MWh / (added MW x the year's hours), percent." },
  { name: "headroom_mw", description: "The largest constant added load (whole MW) whose mean yearly curtailment rate stays within the limit, MW." },
  { name: "curtailment_rate_pct", description: "The mean yearly curtailment rate at headroom_mw, percent (at most limit_pct)." },
  { name: "curtailed_hours_per_year", description: "Hours a year in which the added load is curtailed at all (mean over years)." },
  { name: "curtailed_mwh_per_year", description: "Energy of the added load curtailed a year (mean over years), MWh." },
  { name: "events", description: "Curtailment events over the whole period: runs of consecutive curtailed hours." },
  { name: "mean_event_hours", description: "Mean length of a curtailment event, hours." },
  { name: "max_event_hours", description: "Longest curtailment event, hours." },
  { name: "share_hours_retaining_50pct", description: "Of the curtailed hours, the share in which at least 50% of the added load stays on (0-1)." },
  { name: "share_hours_retaining_75pct", description: "Of the curtailed hours, the share in which at least 75% of the added load stays on (0-1)." },
  { name: "share_hours_retaining_90pct", description: "Of the curtailed hours, the share in which at least 90% of the added load stays on (0-1)." },
] as const satisfies readonly ColumnSpec[];

export const HEADROOM_HOURS_COLUMNS = [
  { name: "limit_pct", description: "Curtailment limit, percent (a row of headroom.csv)." },
  { name: "month", description: "Local month, 1-12." },
  { name: "hour_of_day", description: "Local hour of day, 0-23 (hour starting)." },
  { name: "curtailed_hours", description: "Hours of that month and hour of day, over the whole period, in which the added load (headroom_mw) is curtailed." },
  { name: "curtailed_hours_per_year", description: "curtailed_hours / the number of years in the period." },
] as const satisfies readonly ColumnSpec[];

/** Limits (percent) at which the report's headroom curve is drawn, besides the ones asked for. */
const CURVE_LIMITS_PCT = [0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 4, 5, 7.5, 10];

export interface HeadroomOptions {
  /** Local dates YYYY-MM-DD in timeZone: the first and the last day kept (both whole). */
  fromDate?: string;
  toDate?: string;
  limitsPct: number[];
  timeZone: string;
  outDir: string;
  /** The input file, for messages and the info file. */
  source: string;
  command: string;
}

function localMidnightUtcMs(date: string, timeZone: string, option: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const [y, mo, d] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [NaN, NaN, NaN];
  if (m === null || !isRealDateTime(y, mo, d)) throw new InputError(`${option}: expected a date YYYY-MM-DD (found: "${date}")`);
  return localToUtcCandidates(y, mo, d, 0, 0, timeZone)[0] ?? Date.UTC(y, mo - 1, d);
}

const iso = (ms: number) => new Date(ms).toISOString().replace(".000Z", "Z");

/** The hours of a canonical hourly series inside the window, with their local calendar. */
export function systemLoadInWindow(series: Series, options: Pick<HeadroomOptions, "fromDate" | "toDate" | "timeZone" | "source">) {
  if (series.stepMs !== MS_PER_HOUR) throw new InputError(`${options.source}: expected an hourly series (found one row a day)`);
  const seriesEndMs = series.startMs + series.values.length * MS_PER_HOUR;
  const fromMs = options.fromDate ? localMidnightUtcMs(options.fromDate, options.timeZone, "--from") : series.startMs;
  const toMs = options.toDate ? localMidnightUtcMs(nextDay(options.toDate), options.timeZone, "--to") : seriesEndMs;
  if (toMs <= fromMs) throw new InputError(`--to: expected a date on or after --from (found: from ${options.fromDate ?? iso(fromMs)}, to ${options.toDate ?? iso(toMs)})`);
  const firstMs = Math.max(fromMs, series.startMs);
  const endMs = Math.min(toMs, seriesEndMs);
  const hoursPresent = Math.max(0, Math.round((endMs - firstMs) / MS_PER_HOUR));
  if (hoursPresent < 24) throw new InputError(`${options.source}: fewer than 24 hours inside the window ${iso(fromMs)} .. ${iso(toMs)} (the series covers ${iso(series.startMs)} .. ${iso(seriesEndMs)})`);
  const windowHours = Math.round((toMs - fromMs) / MS_PER_HOUR);
  const offset = Math.round((firstMs - series.startMs) / MS_PER_HOUR);
  const loadMw = series.values.slice(offset, offset + hoursPresent);
  for (let i = 0; i < loadMw.length; i++) {
    if (!(loadMw[i] >= 0)) throw new InputError(`${options.source}: ${iso(firstMs + i * MS_PER_HOUR)}: expected a system load >= 0 MW (found: ${loadMw[i]})`);
  }
  const { firstYear, ...load } = systemLoadOf(loadMw, firstMs, options.timeZone);
  // Hours of the window the series does not cover (at its ends; a canonical series has no gaps inside).
  const missingHours = windowHours - hoursPresent;
  return { load, firstMs, endMs, fromMs, toMs, firstYear, missingHours };
}

function nextDay(date: string): string {
  const ms = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(ms)) throw new InputError(`--to: expected a date YYYY-MM-DD (found: "${date}")`);
  return new Date(ms + 24 * MS_PER_HOUR).toISOString().slice(0, 10);
}

/** Runs the study and writes the folder; returns what the CLI prints. */
export async function writeHeadroomFolder(series: Series, options: HeadroomOptions) {
  const { load, firstMs, endMs, fromMs, toMs, firstYear, missingHours } = systemLoadInWindow(series, options);
  const thresholds = seasonalThresholds(load);
  if (!Number.isFinite(thresholds.summerMw) || !Number.isFinite(thresholds.winterMw)) {
    throw new InputError(`${options.source}: expected hours in both June-August and December-February inside the window, to set the summer and winter thresholds`);
  }
  const peakHour = (months: number[], mw: number) => {
    for (let i = 0; i < load.loadMw.length; i++) if (months.includes(load.localMonth[i]) && load.loadMw[i] === mw) return iso(firstMs + i * MS_PER_HOUR);
    return "";
  };
  const thresholdMw = thresholdByHour(load.localMonth, thresholds);
  const rows = options.limitsPct.map((limitPct) => {
    const mw = headroomMw(load, thresholdMw, limitPct / 100);
    return { limitPct, profile: curtailmentProfile(load, thresholdMw, mw) };
  });
  const years = load.yearHours.length;
  const curve = CURVE_LIMITS_PCT.map((limitPct) => ({ limitPct, headroomMw: headroomMw(load, thresholdMw, limitPct / 100) }));

  const folder = new StagedFolder(options.outDir);
  const dir = folder.open();
  try {
    const csv = new CsvFile(join(dir, "headroom.csv"), HEADROOM_COLUMNS.map((c) => c.name));
    try {
      for (const { limitPct, profile: p } of rows) {
        await csv.write([
          limitPct,
          p.addedMw,
          100 * p.meanYearlyRate,
          p.curtailedHoursPerYear,
          p.curtailedMwhPerYear,
          p.events,
          p.meanEventHours,
          p.maxEventHours,
          p.shareHoursRetaining50,
          p.shareHoursRetaining75,
          p.shareHoursRetaining90,
        ]);
      }
    } finally {
      await csv.close();
    }
    const hours = new CsvFile(join(dir, "headroom-hours.csv"), HEADROOM_HOURS_COLUMNS.map((c) => c.name));
    try {
      for (const { limitPct, profile } of rows) {
        for (let m = 0; m < 12; m++) {
          for (let h = 0; h < 24; h++) {
            const n = profile.curtailedHoursByMonthHour[m * 24 + h];
            await hours.write([limitPct, m + 1, h, n, n / years]);
          }
        }
      }
    } finally {
      await hours.close();
    }
    const info = {
      hashgrid: HASHGRID_VERSION,
      kind: "headroom",
      command: options.command,
      input: options.source,
      method:
        "Norris et al., Rethinking Load Growth (Duke Nicholas Institute, 2025): seasonal thresholds = highest Jun-Aug and Dec-Feb loads over the period, applied Apr-Oct and Nov-Mar (local months); curtailment of an added load L = max(0, load + L - threshold), at most L; a year's rate = curtailed MWh / (L x the year's hours); headroom = largest whole MW with the mean yearly rate within the limit.",
      timezone: options.timeZone,
      window: { from: iso(fromMs), to: iso(toMs) },
      firstHourUtc: iso(firstMs),
      lastHourUtc: iso(endMs - MS_PER_HOUR),
      hours: load.loadMw.length,
      missingHours,
      missingHandling:
        missingHours > 0
          ? "hours of the window outside the series are left out: each year's rate is over the hours present"
          : "none missing (a canonical series has no gaps; sim import series refuses them or, with --fill-gaps, interpolates them and says how many)",
      years: Array.from(load.yearHours, (h, y) => ({ year: firstYear + y, hours: h })),
      thresholds: { summerMw: thresholds.summerMw, summerPeakUtc: peakHour([5, 6, 7], thresholds.summerMw), winterMw: thresholds.winterMw, winterPeakUtc: peakHour([11, 0, 1], thresholds.winterMw) },
      curve,
    };
    writeFileSync(join(dir, "headroom-info.json"), JSON.stringify(info, null, 2) + "\n");
    folder.commit();
  } catch (err) {
    folder.abandon();
    throw err;
  }
  return { outDir: folder.target, thresholds, rows, missingHours, hours: load.loadMw.length, years, firstMs, endMs };
}
