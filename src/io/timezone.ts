// Local wall-clock time to UTC in an IANA time zone, for importers of market files that are
// published in local time. Handles the missing hour (spring forward) and the repeated one (fall back).
import { MS_PER_HOUR, utcOffsetMinutes } from "../engine/calendar";

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric" });
    formatters.set(timeZone, f);
  }
  return f;
}

/**
 * Every UTC instant (ms) at which the wall clock in timeZone reads the given local time, earliest
 * first: one normally, two in a repeated fall-back hour, none in a skipped spring-forward hour.
 */
export function localToUtcCandidates(year: number, month: number, day: number, hour: number, minute: number, timeZone: string): number[] {
  const f = formatter(timeZone);
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  const offsets = new Set<number>();
  for (const probe of [-36, -12, 0, 12, 36]) offsets.add(utcOffsetMinutes(asUtc + probe * MS_PER_HOUR, f));
  const found: number[] = [];
  for (const offset of offsets) {
    const utc = asUtc - offset * 60_000;
    if (utcOffsetMinutes(utc, f) === offset) found.push(utc);
  }
  return [...new Set(found)].sort((a, b) => a - b);
}
