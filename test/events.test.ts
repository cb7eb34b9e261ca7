// The event queue against a sorted-array reference, on random operation sequences well past
// the initial capacity (a real simulator shipped a resize bug that example tests missed).
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { EventQueue } from "../src/engine/events";
import { runHours } from "../src/engine/loop";

type Ref = { hour: number; priority: number; seq: number; kind: number; payload: number };

describe("EventQueue", () => {
  it("matches a sorted-array reference for random schedule/pop sequences of hundreds of events", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.record({ op: fc.constant("push" as const), hour: fc.integer({ min: 0, max: 50 }), priority: fc.integer({ min: 0, max: 3 }) }), fc.record({ op: fc.constant("pop" as const) })), {
          minLength: 200,
          maxLength: 800,
        }),
        (ops) => {
          const queue = new EventQueue(2);
          const reference: Ref[] = [];
          let seq = 0;
          for (const op of ops) {
            if (op.op === "push") {
              queue.schedule(op.hour, op.priority, 1, seq);
              reference.push({ hour: op.hour, priority: op.priority, seq, kind: 1, payload: seq });
              seq++;
            } else {
              reference.sort((a, b) => a.hour - b.hour || a.priority - b.priority || a.seq - b.seq);
              const expected = reference.shift();
              const got = queue.pop();
              expect(got).toBe(expected !== undefined);
              if (expected) {
                expect(queue.poppedHour).toBe(expected.hour);
                expect(queue.poppedPayload).toBe(expected.payload);
              }
            }
            expect(queue.size).toBe(reference.length);
            const next = reference.length ? Math.min(...reference.map((r) => r.hour)) : Infinity;
            expect(queue.peekHour()).toBe(next);
          }
        },
      ),
      { numRuns: 60, seed: 42 },
    );
  });

  it("fires simultaneous events by priority, then in the order scheduled", () => {
    const queue = new EventQueue();
    queue.schedule(5, 1, 0, 10);
    queue.schedule(5, 0, 0, 11);
    queue.schedule(5, 1, 0, 12);
    queue.schedule(3, 9, 0, 13);
    const order: number[] = [];
    while (queue.pop()) order.push(queue.poppedPayload);
    expect(order).toEqual([13, 11, 10, 12]);
  });

  it("the hour loop fires every event due at or before hour h before stepping h", () => {
    const queue = new EventQueue();
    const log: string[] = [];
    queue.schedule(0, 0, 1, 0);
    queue.schedule(2, 0, 1, 1);
    queue.schedule(2, 0, 2, 2);
    runHours(
      {
        fireEvent: (kind, payload, hour) => {
          log.push(`event ${payload} at ${hour}`);
          if (payload === 2) queue.schedule(2, 0, 1, 3); // scheduled for now: fires before step 2
        },
        stepHours: (from, to) => {
          for (let hour = from; hour < to; hour++) log.push(`step ${hour}`);
        },
      },
      queue,
      0,
      4,
    );
    expect(log).toEqual(["event 0 at 0", "step 0", "step 1", "event 1 at 2", "event 2 at 2", "event 3 at 2", "step 2", "step 3"]);
  });

  it("hours run in consecutive ranges as in one call: an event at a range's end fires at the start of the next", () => {
    const logOf = (ranges: number[]) => {
      const queue = new EventQueue(8);
      const log: string[] = [];
      for (const [hour, payload] of [[0, 0], [2, 1], [2, 2], [5, 3], [7, 4]]) queue.schedule(hour, 0, 1, payload);
      const model = {
        fireEvent: (_kind: number, payload: number, hour: number) => log.push(`event ${payload} at ${hour}`),
        stepHours: (from: number, to: number) => {
          for (let hour = from; hour < to; hour++) log.push(`step ${hour}`);
        },
      };
      for (let k = 0; k + 1 < ranges.length; k++) runHours(model, queue, ranges[k], ranges[k + 1]);
      return log;
    };
    const whole = logOf([0, 8]);
    expect(whole.indexOf("event 3 at 5")).toBe(whole.indexOf("step 5") - 1);
    for (const ranges of [[0, 3, 8], [0, 2, 5, 7, 8], [0, 1, 2, 3, 4, 5, 6, 7, 8]]) expect(logOf(ranges)).toEqual(whole);
  });
});
