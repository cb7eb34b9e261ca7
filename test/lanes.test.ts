// The lanes compiler (src/engine/lanes.ts): a loop's four models stepped in WebAssembly SIMD lanes
// give each model the bits the loop gives it run alone in JavaScript, whatever its lanes' values
// and branches; what it cannot compile it says so. (test/sims.test.ts checks the hour loop of every
// sims/ scenario the same way.)
import { describe, expect, it } from "vitest";
import { LANES, LanesLoop, LanesUnsupported, useCompiledLoopStore, type CompiledLoopStore, type LanesMemory } from "../src/engine/lanes";

/** A bump allocator over a fresh memory (blocks given back are not reused: enough for a test). */
function testMemory(): LanesMemory {
  const memory = new WebAssembly.Memory({ initial: 1 });
  let top = 16;
  return {
    memory,
    allocate(bytes: number) {
      const size = Math.ceil(bytes / 16) * 16;
      const address = top;
      top += size;
      if (top > memory.buffer.byteLength) memory.grow(Math.ceil((top - memory.buffer.byteLength) / 65536));
      new Uint8Array(memory.buffer, address, size).fill(0);
      return address;
    },
    release() {},
  };
}

// Masks (if/else on a lane's own values, nested, with a uniform test inside), selects, a known
// condition and a null check, compound assignments and ++ on variables and properties, reads of a
// shared array, of each model's own arrays (at the hour, and at another index) and writes to them,
// -0 and NaN.
const LOOP = `function loop(m, from, to) {
  const price = m.price;
  const shared = m.shared;
  const index = m.index;
  const out = m.out;
  const tally = m.tally;
  const k = m.k;
  const flag = m.flag;
  const none = m.none;
  const three = 3;
  const off = false;
  let sum = m.sum;
  let count = m.count;
  let state = m.state;
  let zero = m.zero;
  let last = m.last;
  let lo = m.lo;
  let hi = m.hi;
  for (let h = from; h < to; h++) {
    const p = price[h];
    let extra = 0;
    if (none !== null) extra = none[h];
    if (off) extra = 1;
    const q = p * k - shared[h] / three + extra;
    if (q > 0) {
      sum += q;
      if (flag && q > 1) {
        count++;
        out[index[h]] = q;
      } else if (q > 2) {
        state -= 1;
      } else {
        if (h < 20) state *= 2;
      }
    } else {
      sum -= q * 0.5;
      state = state > 0 ? state * 1 : -state;
    }
    if (h === m.at) out[h - m.at] = sum;
    zero += h >= 5 ? -0 : q - q;
    m.hits += !(q <= 0) ? 1 : 0;
    last = q !== q ? last : q;
    if (!flag || q === 1) m.misses--;
    lo = q < lo ? q : lo;
    hi = q > hi ? q : hi;
    const mid = p < q ? q : p;
    if (mid === sum) {
    } else m.misses += mid > 0 ? 1 : 2;
    if (q > 3 || h === 40) tally[h >= 30 ? 1 : 0] = tally[0] + q;
  }
  m.sum = sum;
  m.count = count;
  m.state = state;
  m.zero = zero;
  m.last = last;
  m.lo = lo;
  m.hi = hi;
}`;

interface Model {
  price: Float64Array;
  shared: Float64Array;
  index: Int32Array;
  out: Float64Array;
  tally: Float64Array;
  k: number;
  flag: boolean;
  none: null;
  at: number;
  sum: number;
  count: number;
  state: number;
  zero: number;
  last: number;
  lo: number;
  hi: number;
  hits: number;
  misses: number;
}

const HOURS = 64;

/** Four models of LOOP's kind, from a small seeded generator (every kind of value: negatives, NaN, -0). */
function models(seed: number, shared: Float64Array, index: Int32Array): Model[] {
  let s = seed >>> 0;
  const next = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const special = [NaN, -0, 0, 1, 2, -1];
  const value = () => (next() < 0.1 ? special[Math.floor(next() * special.length)] : (next() - 0.4) * 6);
  return Array.from({ length: LANES }, (_, lane) => ({
    price: Float64Array.from({ length: HOURS }, value),
    shared,
    index,
    out: new Float64Array(8),
    tally: Float64Array.of(value(), value()),
    k: value(),
    flag: lane % 2 === 0,
    none: null,
    at: 10 + lane * 7,
    sum: lane === 3 ? -0 : value(),
    count: 0,
    state: value(),
    zero: 0,
    last: NaN,
    lo: lane === 1 ? -0 : 0,
    hi: lane === 2 ? NaN : 0,
    hits: 0,
    misses: 0,
  }));
}

function clone(m: Model): Model {
  return { ...m, price: m.price.slice(), out: m.out.slice(), tally: m.tally.slice() };
}

function snapshot(m: Model): unknown[] {
  return [m.sum, m.count, m.state, m.zero, m.last, m.lo, m.hi, m.hits, m.misses, ...m.out, ...m.tally];
}

describe("lanes compiler", () => {
  const alone = new Function(`return ${LOOP}`)() as (m: Model, from: number, to: number) => void;
  it("gives each of four models the bits of the loop run alone, over hours in any ranges", () => {
    for (let seed = 1; seed <= 40; seed++) {
      const shared = Float64Array.from({ length: HOURS }, (_, h) => Math.sin(h) * 3);
      const index = Int32Array.from({ length: HOURS }, (_, h) => (h * 5) % 8);
      const want = models(seed, shared, index).map(clone);
      const got = want.map(clone);
      const loop = new LanesLoop(LOOP, got, testMemory());
      // Ranges as events would split the hours.
      const cuts = [0, 1, 7 + (seed % 5), 33, 50 + (seed % 9), HOURS];
      for (let c = 0; c + 1 < cuts.length; c++) {
        for (const m of want) alone(m, cuts[c], cuts[c + 1]);
        expect(loop.run(got, cuts[c], cuts[c + 1])).toBe(true);
      }
      want.forEach((m, lane) => {
        const a = snapshot(m);
        const b = snapshot(got[lane]);
        a.forEach((x, i) => expect(Object.is(x, b[i]), `seed ${seed} lane ${lane} value ${i}: ${x} vs ${b[i]}`).toBe(true));
      });
      expect(loop.calls.ran).toBe(cuts.length - 1);
    }
  });

  it("takes values the same in every lane as one (a kernel of its own), and goes back to lanes when they differ", () => {
    const shared = Float64Array.from({ length: HOURS }, (_, h) => Math.cos(h) * 2);
    const index = Int32Array.from({ length: HOURS }, (_, h) => (h * 3) % 8);
    for (let seed = 1; seed <= 10; seed++) {
      // k, at, state and the sums alike in all four models (their prices differ): BODY keeps k and at alike.
      const base = models(seed, shared, index);
      const want = base.map((m) => ({ ...clone(m), k: base[0].k, at: base[0].at, state: base[0].state, sum: base[0].sum, flag: true }));
      const got = want.map(clone);
      const loop = new LanesLoop(LOOP, got, testMemory());
      const cuts = [0, 9, 21, 40, HOURS];
      for (let c = 0; c + 1 < cuts.length; c++) {
        // From the third range, k differs in lane 2: the general kernel again.
        if (c === 2) for (const ms of [want, got]) ms[2].k = ms[2].k * 1.5 + 0.25;
        for (const m of want) alone(m, cuts[c], cuts[c + 1]);
        expect(loop.run(got, cuts[c], cuts[c + 1])).toBe(true);
      }
      want.forEach((m, lane) => {
        const a = snapshot(m);
        const b = snapshot(got[lane]);
        a.forEach((x, i) => expect(Object.is(x, b[i]), `seed ${seed} lane ${lane} value ${i}: ${x} vs ${b[i]}`).toBe(true));
      });
    }
  });

  it("reads a new array the models share when it takes the last one's place (a sweep's next plan)", () => {
    const shared = Float64Array.from({ length: HOURS }, (_, h) => h / 7);
    const index = Int32Array.from({ length: HOURS }, (_, h) => h % 8);
    const want = models(3, shared, index);
    const got = want.map(clone);
    const loop = new LanesLoop(LOOP, got, testMemory());
    for (const m of want) alone(m, 0, 20);
    expect(loop.run(got, 0, 20)).toBe(true);
    const next = Float64Array.from({ length: HOURS }, (_, h) => -h / 3);
    for (const m of [...want, ...got]) m.shared = next;
    for (const m of want) alone(m, 20, HOURS);
    expect(loop.run(got, 20, HOURS)).toBe(true);
    want.forEach((m, lane) => snapshot(m).forEach((x, i) => expect(Object.is(x, snapshot(got[lane])[i]), `lane ${lane} value ${i}`).toBe(true)));
  });

  it("declines a call whose models' values are not of the kinds it was compiled for", () => {
    const shared = new Float64Array(HOURS);
    const index = new Int32Array(HOURS);
    const ms = models(7, shared, index);
    const loop = new LanesLoop(LOOP, ms, testMemory());
    (ms[2] as unknown as { k: unknown }).k = "3";
    expect(loop.run(ms, 0, 4)).toBe(false);
    (ms[2] as unknown as { k: unknown }).k = 3;
    ms[1].shared = new Float64Array(HOURS); // no longer the array every model shares
    expect(loop.run(ms, 0, 4)).toBe(false);
    ms[1].shared = shared;
    expect(loop.run(ms, 0, 4)).toBe(true);
    expect(loop.calls).toEqual({ ran: 1, declined: 2 });
  });

  it.each([
    ["a call", "x = Math.sqrt(x);"],
    ["a loop", "for (let i = 0; i < 2; i++) x += i;"],
    ["a string", 'x = "a";'],
    ["an object", "const o = { a: 1 };"],
  ])("throws LanesUnsupported for %s", (_, statement) => {
    const source = `function loop(m, from, to) {\n  let x = m.x;\n  for (let h = from; h < to; h++) {\n    ${statement}\n  }\n  m.x = x;\n}`;
    const ms = Array.from({ length: LANES }, () => ({ x: 1 }));
    expect(() => new LanesLoop(source, ms, testMemory())).toThrow(LanesUnsupported);
  });

  it.each([
    ["a call", "const y = Math.abs(m.x);"],
    ["an assignment to the model", "m.y = 1;"],
  ])("throws LanesUnsupported for %s before the loop (which runs twice)", (_, statement) => {
    const source = `function loop(m, from, to) {\n  ${statement}\n  let x = m.x;\n  for (let h = from; h < to; h++) {\n    x += 1;\n  }\n  m.x = x;\n}`;
    const ms = Array.from({ length: LANES }, () => ({ x: 1, y: 0 }));
    expect(() => new LanesLoop(source, ms, testMemory())).toThrow(LanesUnsupported);
  });
});

describe("compiled loops kept in a store", () => {
  const alone = new Function(`return ${LOOP}`)() as (m: Model, from: number, to: number) => void;
  /** A store in memory that counts what it is asked. */
  function memoryStore() {
    const records = new Map<string, Uint8Array>();
    const asked = { reads: 0, found: 0, writes: 0 };
    const store: CompiledLoopStore = {
      read(name) {
        asked.reads++;
        const record = records.get(name);
        if (record !== undefined) asked.found++;
        return record ?? null;
      },
      write(name, bytes) {
        asked.writes++;
        records.set(name, bytes.slice());
      },
    };
    return { store, records, asked };
  }
  /**
   * Four models of `seed` (with `alike`, k, at and flag the same in the four: a kernel that takes them
   * as one), for runOnce and wanted.
   */
  function fourModels(seed: number, alike: boolean): Model[] {
    const shared = Float64Array.from({ length: HOURS }, (_, h) => Math.sin(h) * 3);
    const index = Int32Array.from({ length: HOURS }, (_, h) => (h * 5) % 8);
    const base = models(seed, shared, index);
    return alike ? base.map((m) => ({ ...m, k: base[0].k, at: base[0].at, flag: true })) : base;
  }
  /** Runs LOOP over fourModels with a fresh LanesLoop (through the store set), returning each lane's values. */
  function runOnce(seed: number, alike = false): unknown[][] {
    const got = fourModels(seed, alike);
    const loop = new LanesLoop(LOOP, got, testMemory());
    for (const [from, to] of [[0, 20], [20, HOURS]]) expect(loop.run(got, from, to)).toBe(true);
    return got.map(snapshot);
  }
  function wanted(seed: number, alike = false): unknown[][] {
    const want = fourModels(seed, alike);
    for (const m of want) alone(m, 0, HOURS);
    return want.map(snapshot);
  }
  const same = (a: unknown[][], b: unknown[][]) => a.every((lane, l) => lane.every((x, i) => Object.is(x, b[l][i])));

  it("keeps the text's analysis and its kernel, then compiles nothing: the same bits", () => {
    const { store, records, asked } = memoryStore();
    useCompiledLoopStore(store);
    try {
      const first = runOnce(5);
      expect(same(first, wanted(5))).toBe(true);
      // The analysis, the kernel with the lanes' alike values as one, the general kernel.
      expect(asked.writes).toBeGreaterThanOrEqual(2);
      const kept = records.size;
      asked.writes = 0;
      asked.found = 0;
      const second = runOnce(5);
      expect(asked.writes).toBe(0);
      expect(asked.found).toBe(kept);
      expect(same(second, first)).toBe(true);
      // Models with values alike in the four lanes: another kernel (those values as one), compiled and kept; their bits.
      asked.writes = 0;
      expect(same(runOnce(6, true), wanted(6, true))).toBe(true);
      expect(asked.writes).toBeGreaterThanOrEqual(1);
      // And the first kind again, from the store: its bits.
      expect(same(runOnce(6), wanted(6))).toBe(true);
    } finally {
      useCompiledLoopStore(null);
    }
  });

  it("compiles again what it cannot read whole: a torn or altered record", () => {
    const { store, records, asked } = memoryStore();
    useCompiledLoopStore(store);
    try {
      runOnce(7);
      for (const [name, record] of records) {
        if (name.endsWith(".wasm")) records.set(name, record.subarray(0, record.length - 9));
        else record[record.length - 1] ^= 1;
      }
      asked.writes = 0;
      expect(same(runOnce(7), wanted(7))).toBe(true);
      // Both written again, whole.
      expect(asked.writes).toBeGreaterThanOrEqual(2);
      asked.writes = 0;
      asked.found = 0;
      expect(same(runOnce(7), wanted(7))).toBe(true);
      expect(asked.writes).toBe(0);
    } finally {
      useCompiledLoopStore(null);
    }
  });

  it("keeps a constant -0 of PRE's as -0 (JSON writes it 0)", () => {
    const text = `function loop(m, from, to) {
  const negativeZero = (-0);
  const values = m.values;
  let acc = m.acc;
  for (let h = from; h < to; h++) {
    acc = acc + negativeZero + values[h] * 0;
  }
  m.acc = acc;
}`;
    const { store, asked } = memoryStore();
    useCompiledLoopStore(store);
    try {
      for (let call = 0; call < 2; call++) {
        // acc -0, values -1 and 1: -0 + -0 + (v * 0) stays -0 where v * 0 is -0 (v = -1); with a constant 0 it would be +0.
        const fourModels = Array.from({ length: LANES }, (_, lane) => ({ values: Float64Array.from({ length: 8 }, () => (lane % 2 === 0 ? -1 : 1)), acc: -0 }));
        const loop = new LanesLoop(text, fourModels, testMemory());
        expect(loop.run(fourModels, 0, 8)).toBe(true);
        expect(fourModels.map((m) => Object.is(m.acc, -0))).toEqual([true, false, true, false]);
      }
      expect(asked.found).toBeGreaterThanOrEqual(1);
    } finally {
      useCompiledLoopStore(null);
    }
  });

  it("keeps nothing without a store", () => {
    useCompiledLoopStore(null);
    expect(same(runOnce(8), wanted(8))).toBe(true);
  });
});

