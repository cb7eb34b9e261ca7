// Recorded grid events (emergencies, deployments): a CSV with header start_utc,hours, one row per
// event. Read once before any run; the plan turns them into hours of the horizon.
import { InputError } from "../errors";
import { readCsvRows } from "./series";

/** One recorded event: its first hour (UTC ms) and its length in whole hours. */
export interface RecordedEvent {
  startMs: number;
  hours: number;
}

const HOUR_TEXT = /^\d{4}-\d{2}-\d{2}T\d{2}:00(:00)?(\.000)?Z$/;

/** Reads an events file; every complaint names the file and line. */
export async function readEventsFile(path: string): Promise<RecordedEvent[]> {
  const { header, rows } = await readCsvRows(path);
  for (const column of ["start_utc", "hours"]) {
    if (!header.includes(column)) throw new InputError(`${path}: line 1: expected a column "${column}" (found: ${header.map((h) => `"${h}"`).join(", ") || "no header"})`);
  }
  const events: RecordedEvent[] = [];
  for (const { line, cells } of rows) {
    const start = cells.start_utc;
    const startMs = HOUR_TEXT.test(start) ? Date.parse(start) : NaN;
    if (Number.isNaN(startMs)) throw new InputError(`${path}: line ${line}: start_utc: expected an ISO-8601 UTC hour like 2024-08-20T21:00:00Z (found: "${start}")`);
    const hours = Number(cells.hours);
    if (!Number.isInteger(hours) || hours < 1) throw new InputError(`${path}: line ${line}: hours: expected a whole number of hours, 1 or more (found: "${cells.hours}")`);
    events.push({ startMs, hours });
  }
  events.sort((a, b) => a.startMs - b.startMs);
  return events;
}
