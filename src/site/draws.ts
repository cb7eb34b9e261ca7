// Random draws shared by the site and its components: triangular lengths and Poisson event times.
import type { EventQueue } from "../engine/events";
import type { RandomStream } from "../engine/random";

/** Inverse CDF of a triangular distribution at u in [0, 1). */
export function triangular(u: number, min: number, mode: number, max: number): number {
  if (max <= min) return min;
  const split = (mode - min) / (max - min);
  return u < split ? min + Math.sqrt(u * (max - min) * (mode - min)) : max - Math.sqrt((1 - u) * (max - min) * (max - mode));
}

/**
 * Schedules events with Poisson arrivals (perYear) and triangular lengths in hours (at least 1)
 * before `horizonHours`: a start event at each arrival, an end event when it ends within the horizon.
 */
export function schedulePoissonEvents(
  rng: RandomStream,
  queue: EventQueue,
  horizonHours: number,
  perYear: number,
  hours: { min: number; mode: number; max: number },
  startKind: number,
  endKind: number,
): void {
  if (perYear <= 0) return;
  const meanGapHours = 8760 / perYear;
  for (let t = -Math.log(1 - rng.uniform()) * meanGapHours; t < horizonHours; t += -Math.log(1 - rng.uniform()) * meanGapHours) {
    const startHour = Math.floor(t);
    const endHour = startHour + Math.max(1, Math.round(triangular(rng.uniform(), hours.min, hours.mode, hours.max)));
    queue.schedule(startHour, 3, startKind, 0);
    if (endHour < horizonHours) queue.schedule(endHour, 3, endKind, 0);
  }
}

/** Events recorded in a file, as hours of the horizon: starts[i] .. ends[i] (exclusive). */
export interface PlannedEventHours {
  starts: Int32Array;
  ends: Int32Array;
}

/** Recorded events that overlap the horizon, clipped to it. */
export function eventHours(events: { startMs: number; hours: number }[], startMs: number, hours: number): PlannedEventHours {
  const starts: number[] = [];
  const ends: number[] = [];
  for (const e of events) {
    const start = Math.round((e.startMs - startMs) / 3_600_000);
    const end = start + e.hours;
    if (end <= 0 || start >= hours) continue;
    starts.push(Math.max(0, start));
    ends.push(Math.min(hours, end));
  }
  return { starts: Int32Array.from(starts), ends: Int32Array.from(ends) };
}

/** Schedules recorded events (the same in every run): a start at each start, an end when it falls within the horizon. */
export function scheduleRecordedEvents(queue: EventQueue, events: PlannedEventHours, horizonHours: number, startKind: number, endKind: number): void {
  for (let i = 0; i < events.starts.length; i++) {
    queue.schedule(events.starts[i], 3, startKind, 0);
    if (events.ends[i] < horizonHours) queue.schedule(events.ends[i], 3, endKind, 0);
  }
}
