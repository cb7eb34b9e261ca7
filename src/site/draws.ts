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
