// The hour loop: fire every event due at or before hour h, then step hour h.
// Knows nothing of what the events or the steps mean.
import type { EventQueue } from "./events";

/** What the loop drives. Both methods must allocate nothing. */
export interface HourlyModel {
  /** Handles one event; it may schedule more. */
  fireEvent(kind: number, payload: number, hour: number): void;
  /** Advances the model through hour h. */
  stepHour(hour: number): void;
}

/** Runs hours 0 .. hours-1 of a model. Events scheduled at or before h fire before step h, in queue order. */
export function runHours(model: HourlyModel, queue: EventQueue, hours: number): void {
  for (let h = 0; h < hours; h++) {
    while (queue.peekHour() <= h) {
      queue.pop();
      model.fireEvent(queue.poppedKind, queue.poppedPayload, h);
    }
    model.stepHour(h);
  }
}
