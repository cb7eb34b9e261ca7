// Random draws shared by the site and its components: triangular lengths and Poisson event times.
import type { EventQueue } from "../engine/events";
import { RandomStream, streamSeed } from "../engine/random";

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

/**
 * A grid program's deployments: recorded ones (the same in every run) or Poisson arrivals with
 * triangular lengths drawn per run from the program's own stream; counts those in force. Its
 * events are eventKindBase (a start) and eventKindBase + 1 (an end); fire() takes them relative
 * to the base, as a component's fireEvent receives them.
 */
export class Deployments {
  /** Deployments in force (they may overlap). */
  active = 0;

  constructor(
    private readonly recorded: PlannedEventHours | null,
    private readonly perYear: number,
    private readonly hours: { min: number; mode: number; max: number },
    /** Name of the program's random stream. */
    private readonly stream: string,
    private readonly horizonHours: number,
    private readonly eventKindBase: number,
  ) {}

  /** Schedules run `run`'s deployments. */
  reset(baseSeed: number, run: number, queue: EventQueue): void {
    this.active = 0;
    const start = this.eventKindBase;
    const end = this.eventKindBase + 1;
    if (this.recorded !== null) scheduleRecordedEvents(queue, this.recorded, this.horizonHours, start, end);
    else schedulePoissonEvents(new RandomStream(streamSeed(baseSeed, run, this.stream)), queue, this.horizonHours, this.perYear, this.hours, start, end);
  }

  /** Counts a start (0) or an end (1) of a deployment, relative to the event kind base. */
  fire(relativeKind: number): void {
    if (relativeKind === 0) this.active++;
    else if (relativeKind === 1) this.active--;
  }
}
