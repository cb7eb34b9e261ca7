// Calendar facts for every simulated hour, built once per scenario so the hour loop never
// touches a Date. Hour h is the UTC hour starting at startMs + h * 3,600,000 ms.

export const MS_PER_HOUR = 3_600_000;
export const HOURS_PER_YEAR = 8760;

/** Per-hour calendar tables over hours 0 .. hours-1. */
export interface Calendar {
  readonly startMs: number;
  readonly hours: number;
  /** Month of year 0-11 in the site's local time. */
  readonly localMonth: Uint8Array;
  /** Hour of day 0-23 in the site's local time. */
  readonly localHour: Uint8Array;
  /** Day of week 0 (Sunday) - 6 in the site's local time. */
  readonly localWeekday: Uint8Array;
  /** Calendar year in the site's local time. */
  readonly localYear: Uint16Array;
  /** Whole years of 8,760 hours since the start. */
  readonly yearIndex: Uint16Array;
  /** Calendar months (UTC) since the start month: 0 for the start month. */
  readonly monthIndex: Uint16Array;
  /** Number of distinct monthIndex values. */
  readonly months: number;
}

/** Offset of local time from UTC at instant ms, in minutes (e.g. -360 for CST). */
export function utcOffsetMinutes(ms: number, formatter: Intl.DateTimeFormat): number {
  const parts = formatter.formatToParts(new Date(ms));
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  const hour = get("hour") % 24;
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), hour, get("minute"));
  return Math.round((asUtc - ms) / 60_000);
}

function makeFormatter(timeZone: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
  });
}

/** Builds the calendar tables. The UTC offset is looked up once a day and, on days where it changes, per hour. */
export function buildCalendar(startIso: string, hours: number, timeZone: string): Calendar {
  const startMs = Date.parse(startIso);
  const formatter = makeFormatter(timeZone);
  const localMonth = new Uint8Array(hours);
  const localHour = new Uint8Array(hours);
  const localWeekday = new Uint8Array(hours);
  const localYear = new Uint16Array(hours);
  const yearIndex = new Uint16Array(hours);
  const monthIndex = new Uint16Array(hours);
  const start = new Date(startMs);
  const startMonthCount = start.getUTCFullYear() * 12 + start.getUTCMonth();

  let dayOffset = utcOffsetMinutes(startMs, formatter);
  for (let h0 = 0; h0 < hours; h0 += 24) {
    const nextOffset = utcOffsetMinutes(startMs + Math.min(h0 + 24, hours) * MS_PER_HOUR, formatter);
    const changes = nextOffset !== dayOffset;
    for (let h = h0; h < Math.min(h0 + 24, hours); h++) {
      const ms = startMs + h * MS_PER_HOUR;
      const offset = changes ? utcOffsetMinutes(ms, formatter) : dayOffset;
      const local = new Date(ms + offset * 60_000);
      localMonth[h] = local.getUTCMonth();
      localHour[h] = local.getUTCHours();
      localWeekday[h] = local.getUTCDay();
      localYear[h] = local.getUTCFullYear();
      yearIndex[h] = Math.floor(h / HOURS_PER_YEAR);
      const utc = new Date(ms);
      monthIndex[h] = utc.getUTCFullYear() * 12 + utc.getUTCMonth() - startMonthCount;
    }
    dayOffset = nextOffset;
  }
  const months = hours > 0 ? monthIndex[hours - 1] + 1 : 0;
  return { startMs, hours, localMonth, localHour, localWeekday, localYear, yearIndex, monthIndex, months };
}

/** The hour index of an ISO date relative to the calendar start, rounded up to a whole hour. */
export function hourOf(calendar: Pick<Calendar, "startMs">, iso: string): number {
  return Math.ceil((Date.parse(iso) - calendar.startMs) / MS_PER_HOUR);
}

/** ISO-8601 UTC text of hour h, like 2025-01-01T00:00:00Z. For output only, never in the hour loop. */
export function isoHourText(calendar: Pick<Calendar, "startMs">, h: number): string {
  return new Date(calendar.startMs + h * MS_PER_HOUR).toISOString().replace(".000Z", "Z");
}
