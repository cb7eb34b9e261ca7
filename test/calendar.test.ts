// The calendar's tables against the same facts read from a Date every hour (the way they were
// built before the day-count arithmetic), across time zones with DST, half- and quarter-hour
// offsets, leap days and century years.
import { describe, expect, it } from "vitest";
import { buildCalendar, civilFromDays, MS_PER_HOUR } from "../src/engine/calendar";

/** The zone's offset at ms from Intl's formatToParts, field by field (not the calendar's own lookup, which parses format()). */
function offsetMinutesByParts(ms: number, formatter: Intl.DateTimeFormat): number {
  const parts = formatter.formatToParts(new Date(ms));
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return Math.round((Date.UTC(get("year"), get("month") - 1, get("day"), get("hour") % 24, get("minute")) - ms) / 60_000);
}

/** Every table of every hour from Date objects: the reference. */
function fromDates(startIso: string, hours: number, timeZone: string) {
  const formatter = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric" });
  const startMs = Date.parse(startIso);
  const start = new Date(startMs);
  const startMonthCount = start.getUTCFullYear() * 12 + start.getUTCMonth();
  const rows = { localMonth: [] as number[], localHour: [] as number[], localWeekday: [] as number[], localYear: [] as number[], monthIndex: [] as number[] };
  for (let h = 0; h < hours; h++) {
    const ms = startMs + h * MS_PER_HOUR;
    const local = new Date(ms + offsetMinutesByParts(ms, formatter) * 60_000);
    rows.localMonth.push(local.getUTCMonth());
    rows.localHour.push(local.getUTCHours());
    rows.localWeekday.push(local.getUTCDay());
    rows.localYear.push(local.getUTCFullYear());
    const utc = new Date(ms);
    rows.monthIndex.push(utc.getUTCFullYear() * 12 + utc.getUTCMonth() - startMonthCount);
  }
  return rows;
}

describe("calendar", () => {
  it("civilFromDays gives Date's year and month for every day from 1600 to 2400", () => {
    const out = new Int32Array(2);
    for (let days = Math.floor(Date.UTC(1600, 0, 1) / 86_400_000); days < Date.UTC(2400, 0, 1) / 86_400_000; days++) {
      civilFromDays(days, out);
      const date = new Date(days * 86_400_000);
      if (out[0] !== date.getUTCFullYear() || out[1] !== date.getUTCMonth()) expect([days, out[0], out[1]]).toEqual([days, date.getUTCFullYear(), date.getUTCMonth()]);
    }
  });

  const cases: [string, number, string][] = [
    ["2025-01-01T00:00:00Z", 10 * 8760, "America/Chicago"],
    ["2025-01-01T00:00:00Z", 2 * 8760, "UTC"],
    ["2024-02-29T13:00:00Z", 2 * 8760, "Europe/London"],
    ["1999-12-31T23:00:00Z", 2 * 8760, "America/New_York"],
    ["2015-03-08T06:00:00Z", 2 * 8760, "Asia/Kolkata"],
    ["2019-12-31T10:00:00Z", 2 * 8760, "Asia/Kathmandu"],
    ["2020-03-01T00:00:00Z", 2 * 8760, "Australia/Lord_Howe"],
    ["2021-09-20T12:00:00Z", 2 * 8760, "Pacific/Chatham"],
    ["2022-11-06T03:00:00Z", 2 * 8760, "America/St_Johns"],
    ["2015-01-01T00:00:00Z", 10 * 8760, "Africa/Casablanca"],
    ["2025-01-01T00:00:00Z", 2 * 8760, "Etc/UTC"],
    ["2023-06-15T09:00:00Z", 1 * 8760, "Pacific/Kiritimati"],
    ["2023-06-15T09:00:00Z", 1 * 8760, "Pacific/Pago_Pago"],
  ];
  it.each(cases)("from %s, %i hours in %s: every table as Date gives it", (startIso, hours, timeZone) => {
    const calendar = buildCalendar(startIso, hours, timeZone);
    const reference = fromDates(startIso, hours, timeZone);
    for (const table of ["localMonth", "localHour", "localWeekday", "localYear", "monthIndex"] as const) {
      expect(Array.from(calendar[table]), table).toEqual(reference[table]);
    }
    expect(calendar.months).toBe(reference.monthIndex[hours - 1] + 1);
    // A month's last hour: the horizon's last, or the one before the next month's first.
    const lastHours = Array.from({ length: calendar.months }, (_, m) => (m === calendar.months - 1 ? hours - 1 : reference.monthIndex.indexOf(m + 1) - 1));
    expect(Array.from(calendar.monthLastHour)).toEqual(lastHours);
    if (hours > 8765) expect(Array.from(calendar.yearIndex.slice(8755, 8765))).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
  });
});
