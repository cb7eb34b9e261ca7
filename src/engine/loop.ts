// The hour loop: fire every event due at or before hour h, then step hour h. The hours between
// two events are stepped in one call, so that the model can keep what it sums in locals across
// them. Knows nothing of what the events or the steps mean.
import type { EventQueue } from "./events";

/** What the loop drives. Both methods must allocate nothing. */
export interface HourlyModel {
  /** Handles one event; it may schedule more. */
  fireEvent(kind: number, payload: number, hour: number): void;
  /** Advances the model through hours from .. to-1, in order. No event falls inside them, and stepping schedules none. */
  stepHours(from: number, to: number): void;
}

/**
 * Runs hours from .. to-1 of a model. Events scheduled at or before h fire before step h, in queue
 * order. Hours 0 .. H-1 run in one call or in consecutive ranges (0..a, a..b, ..) alike: an event
 * at a range's end fires at the start of the next.
 */
export function runHours(model: HourlyModel, queue: EventQueue, from: number, to: number): void {
  let h = from;
  while (h < to) {
    while (queue.peekHour() <= h) {
      queue.pop();
      model.fireEvent(queue.poppedKind, queue.poppedPayload, h);
    }
    // Up to the hour of the next event (the first whole hour at or after it), or the range's end.
    const next = queue.peekHour();
    const until = next < to ? Math.ceil(next) : to;
    model.stepHours(h, until);
    h = until;
  }
}
