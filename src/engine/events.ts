// A priority queue of discrete events keyed by (hour, priority, sequence number), so
// simultaneous events always fire in the same order: lower priority number first, then
// the order they were scheduled in. Struct-of-arrays binary heap; pop allocates nothing.

/** Event queue over integer hours. kind and payload are small integers the model interprets. */
export class EventQueue {
  private hours: Int32Array;
  private priorities: Int32Array;
  private sequences: Float64Array;
  private kinds: Int32Array;
  private payloads: Int32Array;
  private count = 0;
  private nextSequence = 0;

  /** Kind of the event last returned by pop(). */
  poppedKind = 0;
  /** Payload of the event last returned by pop(). */
  poppedPayload = 0;
  /** Hour of the event last returned by pop(). */
  poppedHour = 0;

  constructor(initialCapacity = 64) {
    const capacity = Math.max(1, initialCapacity);
    this.hours = new Int32Array(capacity);
    this.priorities = new Int32Array(capacity);
    this.sequences = new Float64Array(capacity);
    this.kinds = new Int32Array(capacity);
    this.payloads = new Int32Array(capacity);
  }

  /** Number of events waiting. */
  get size(): number {
    return this.count;
  }

  /** Removes every event; keeps the storage. Sequence numbers restart at 0. */
  clear(): void {
    this.count = 0;
    this.nextSequence = 0;
  }

  /** Schedules an event. Grows the storage (doubling) when full. */
  schedule(hour: number, priority: number, kind: number, payload: number): void {
    if (this.count === this.hours.length) this.grow();
    let i = this.count++;
    const sequence = this.nextSequence++;
    // Sift up.
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(hour, priority, sequence, parent)) break;
      this.copy(parent, i);
      i = parent;
    }
    this.hours[i] = hour;
    this.priorities[i] = priority;
    this.sequences[i] = sequence;
    this.kinds[i] = kind;
    this.payloads[i] = payload;
  }

  /** Hour of the next event; Infinity if there is none. */
  peekHour(): number {
    return this.count === 0 ? Infinity : this.hours[0];
  }

  /** Removes the next event and exposes it as poppedHour / poppedKind / poppedPayload. Returns false if empty. */
  pop(): boolean {
    if (this.count === 0) return false;
    this.poppedHour = this.hours[0];
    this.poppedKind = this.kinds[0];
    this.poppedPayload = this.payloads[0];
    const last = --this.count;
    if (last === 0) return true;
    const hour = this.hours[last];
    const priority = this.priorities[last];
    const sequence = this.sequences[last];
    const kind = this.kinds[last];
    const payload = this.payloads[last];
    let i = 0;
    // Sift down.
    for (;;) {
      const left = 2 * i + 1;
      if (left >= last) break;
      const right = left + 1;
      const child = right < last && this.lessThan(right, left) ? right : left;
      if (!this.before(this.hours[child], this.priorities[child], this.sequences[child], -1, hour, priority, sequence)) break;
      this.copy(child, i);
      i = child;
    }
    this.hours[i] = hour;
    this.priorities[i] = priority;
    this.sequences[i] = sequence;
    this.kinds[i] = kind;
    this.payloads[i] = payload;
    return true;
  }

  /** True if (hour, priority, sequence) orders before slot j, or before the explicit key when j < 0. */
  private before(hour: number, priority: number, sequence: number, j: number, h2 = 0, p2 = 0, s2 = 0): boolean {
    if (j >= 0) {
      h2 = this.hours[j];
      p2 = this.priorities[j];
      s2 = this.sequences[j];
    }
    if (hour !== h2) return hour < h2;
    if (priority !== p2) return priority < p2;
    return sequence < s2;
  }

  private lessThan(a: number, b: number): boolean {
    return this.before(this.hours[a], this.priorities[a], this.sequences[a], b);
  }

  private copy(from: number, to: number): void {
    this.hours[to] = this.hours[from];
    this.priorities[to] = this.priorities[from];
    this.sequences[to] = this.sequences[from];
    this.kinds[to] = this.kinds[from];
    this.payloads[to] = this.payloads[from];
  }

  private grow(): void {
    const capacity = this.hours.length * 2;
    const grown = <T extends Int32Array | Float64Array>(a: T, make: (n: number) => T): T => {
      const b = make(capacity);
      b.set(a);
      return b;
    };
    this.hours = grown(this.hours, (n) => new Int32Array(n));
    this.priorities = grown(this.priorities, (n) => new Int32Array(n));
    this.sequences = grown(this.sequences, (n) => new Float64Array(n));
    this.kinds = grown(this.kinds, (n) => new Int32Array(n));
    this.payloads = grown(this.payloads, (n) => new Int32Array(n));
  }
}
