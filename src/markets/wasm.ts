// The market kernels' WebAssembly module (src/markets/assembly/, built into markets-wasm.generated.ts
// by scripts/build-wasm.mjs): instantiated once per thread, with JavaScript's own Math.exp, Math.log, Math.log1p,
// Math.pow and Math.round as its imports (so that its arithmetic gives the same bits as V8's), and a small
// allocator for the blocks of its memory that the processes keep (parameters, state, tables, path
// arrays, the stream's words while a kernel runs).
//
// A process asks for its blocks when it is made and gives them back when it is disposed
// (SiteRun.dispose, when a worker moves to another plan: a sweep makes a plan, and its processes,
// for every variant), or else when it is collected (FinalizationRegistry).
import { ZIGGURAT_F, ZIGGURAT_K, ZIGGURAT_W } from "../engine/ziggurat";
import { MARKETS_WASM_BASE64 } from "./markets-wasm.generated";
import { MARKET_LANES } from "./process";

/** The kernels' exports (src/markets/assembly/index.ts); addresses are byte offsets into the memory. */
export interface MarketKernelExports {
  memory: WebAssembly.Memory;
  setZigguratTables(bound: number, scale: number, density: number): void;
  heapBase(): number;
  underDensityCheck(y: number, a: number): number;
  gbmReset(state: number, startPriceUsd: number, logStartPrice: number): void;
  gbmHours(state: number, words: number, price: number, logPrice: number, from: number, to: number, driftPerHour: number, sdPerHour: number, jumpProbabilityPerHour: number, jumpMeanLog: number, jumpSdLog: number): void;
  svReset(state: number, startPriceUsd: number, logStartPrice: number, logVolatility: number, volatilityFactor: number): void;
  svHours(state: number, words: number, price: number, logPrice: number, from: number, to: number, persistence: number, innovationSd: number, driftPerHour: number, sdPerHour: number, jumpProbabilityPerHour: number, jumpMeanLog: number, jumpSdLog: number): void;
  svVolatilityFactor(state: number): number;
  powerSetParams(...args: number[]): void;
  powerReset(params: number, state: number): void;
  powerHours(params: number, state: number, words: number, path: number, localMonth: number, localHour: number, slot: number, from: number, to: number): void;
  basisReset(state: number, hourly: number, day: number): void;
  basisHours(state: number, words: number, path: number, from: number, to: number, table: number, phi: number, innovationSd: number, rho: number, dayInnovationSd: number, dayLoading: number, hourLoading: number): void;
  BASIS_STATE_BYTES: WebAssembly.Global;
  networkSetParams(...args: number[]): void;
  networkSetDaily(params: number, feesParams: number, feesState: number, supplyParams: number, supplyState: number, lnTh: number, supplyDtYears: number): void;
  /** The fee process's day and the hashrate supply model's step (src/markets/assembly/fees.ts, supply.ts), their layouts (byte offsets) and sizes. */
  feesSetParams(params: number, fastPersistence: number, slowPersistence: number, fastInnovationSd: number, slowInnovationSd: number, logMean: number, fastSdLog: number, slowSdLog: number): void;
  feesStepDay(params: number, state: number, fastNormal: number, slowNormal: number): void;
  feesSetLevel(params: number, state: number): void;
  [feesLayout: `FEES_${string}`]: WebAssembly.Global;
  supplySetParams(...args: number[]): void;
  supplyStep(params: number, state: number, dtYears: number): void;
  [supplyLayout: `SUPPLY_${string}`]: WebAssembly.Global;
  networkHours(params: number, state: number, words: number, from: number, to: number, btcLogPrice: number, difficulty: number, subsidy: number, fees: number, hashrate: number, height: number): number;
  /** The network kernel's state layout (byte offsets) and sizes. */
  [layout: `NET_${string}`]: WebAssembly.Global;
  POWER_PARAMS_BYTES: WebAssembly.Global;
  POWER_STATE_BYTES: WebAssembly.Global;
  /** Up to LANES runs' hours at once in SIMD lanes (src/markets/assembly/*-lanes.ts): `lanes` is a lanes block's address (KernelLanes). */
  powerHoursLanes(params: number, lanes: number, count: number, localMonth: number, localHour: number, slot: number, from: number, to: number): void;
  btcHoursLanes(sv: number, lanes: number, count: number, from: number, to: number, persistence: number, innovationSd: number, driftPerHour: number, sdPerHour: number, jumpProbabilityPerHour: number, jumpMeanLog: number, jumpSdLog: number): void;
  /** For the tests: the latent table read one value at a time and a pair at a time (src/markets/assembly/latent.ts). */
  latentTableCheck(table: number, zs: number, out: number, outPairs: number, count: number): void;
  /** The lanes block's layout (src/markets/assembly/lanes.ts). */
  LANES: WebAssembly.Global;
  LANE_BYTES: WebAssembly.Global;
  LANES_BYTES: WebAssembly.Global;
}

/** The smallest path a process keeps, hours (its paths grow by doubling). */
export const KERNEL_BLOCK_HOURS = 512;

/** A kernel's exported byte offset of a state value (a WebAssembly global), as an index of a Float64Array view of its state. */
export function doubleSlot(offset: WebAssembly.Global): number {
  return (offset.value as number) / 8;
}

/** Views of the module's memory, made again when it grows (growing detaches the old ones). */
export interface KernelHeap {
  f64: Float64Array;
  i32: Int32Array;
  u8: Uint8Array;
}

const PAGE_BYTES = 65536;
const ALIGN_BYTES = 16;

class MarketKernels {
  readonly exports: MarketKernelExports;
  private readonly memory: WebAssembly.Memory;
  private readonly views: KernelHeap;
  /** The next unused byte: after the module's static data (address 0 stays unused: it means "none" to the kernels). */
  private top: number;
  /** Blocks given back, by size in bytes. */
  private readonly free = new Map<number, number[]>();
  private readonly registry = new FinalizationRegistry<number[]>((blocks) => {
    for (let k = 0; k < blocks.length; k += 2) this.release(blocks[k], blocks[k + 1]);
  });

  constructor() {
    const bytes = Buffer.from(MARKETS_WASM_BASE64, "base64");
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {
      env: {
        exp: Math.exp,
        log: Math.log,
        pow: Math.pow,
        log1p: Math.log1p,
        round: Math.round,
        abort: () => {
          throw new Error("market kernel aborted");
        },
      },
    });
    this.exports = instance.exports as unknown as MarketKernelExports;
    this.memory = this.exports.memory;
    this.top = Math.max(ALIGN_BYTES, Math.ceil(this.exports.heapBase() / ALIGN_BYTES) * ALIGN_BYTES);
    this.views = { f64: new Float64Array(0), i32: new Int32Array(0), u8: new Uint8Array(0) };
    const bound = this.allocate(8 * 128);
    const scale = this.allocate(8 * 128);
    const density = this.allocate(8 * 128);
    const heap = this.heap();
    heap.f64.set(ZIGGURAT_K, bound >> 3);
    heap.f64.set(ZIGGURAT_W, scale >> 3);
    heap.f64.set(ZIGGURAT_F, density >> 3);
    this.exports.setZigguratTables(bound, scale, density);
  }

  /** How many times the memory has grown (views made before a growth are detached). */
  growths = 0;

  /** The growth the views were made after (only allocate() grows the memory: the kernels allocate nothing). */
  private viewsMadeAt = -1;

  /** The memory's views, current (by the growth count: reading memory.buffer is a call into V8's API). */
  heap(): KernelHeap {
    const views = this.views;
    if (this.viewsMadeAt !== this.growths) {
      const buffer = this.memory.buffer;
      views.f64 = new Float64Array(buffer);
      views.i32 = new Int32Array(buffer);
      views.u8 = new Uint8Array(buffer);
      this.viewsMadeAt = this.growths;
    }
    return views;
  }

  /** A zeroed block of at least `bytes` bytes, 16-byte aligned. */
  allocate(bytes: number): number {
    const size = Math.max(ALIGN_BYTES, Math.ceil(bytes / ALIGN_BYTES) * ALIGN_BYTES);
    const reused = this.free.get(size)?.pop();
    if (reused !== undefined) {
      this.heap().u8.fill(0, reused, reused + size);
      return reused;
    }
    const address = this.top;
    this.top += size;
    const missing = this.top - this.memory.buffer.byteLength;
    if (missing > 0) {
      this.memory.grow(Math.ceil(missing / PAGE_BYTES));
      this.growths++;
    }
    return address;
  }

  release(address: number, bytes: number): void {
    const size = Math.max(ALIGN_BYTES, Math.ceil(bytes / ALIGN_BYTES) * ALIGN_BYTES);
    const list = this.free.get(size);
    if (list) list.push(address);
    else this.free.set(size, [address]);
  }

  /** Blocks (address, bytes, address, bytes, ...) given back when `owner` is collected, or by releaseNow. */
  releaseWith(owner: object, blocks: number[]): void {
    this.registry.register(owner, blocks, owner);
  }

  /**
   * Gives `owner`'s blocks back now (and not again when it is collected). The collector does not
   * see this memory: a sweep that made a plan a variant would hold every variant's paths until a
   * collection ran (80 variants of the default scenario: 1.4 GB), so SiteRun.dispose calls this.
   */
  releaseNow(owner: object, blocks: number[]): void {
    this.registry.unregister(owner);
    for (let k = 0; k < blocks.length; k += 2) this.release(blocks[k], blocks[k + 1]);
    blocks.length = 0;
  }
}

let kernels: MarketKernels | null = null;

/** This thread's market kernels, instantiated on first use. */
export function marketKernels(): MarketKernels {
  if (kernels === null) kernels = new MarketKernels();
  return kernels;
}


/**
 * What a process keeps in the kernels' memory: its stream's words while a kernel runs, its state
 * and its parameters; given back by release() (the process's dispose), or else when this object
 * (and so the process that holds it) is collected.
 */
export class KernelBlocks {
  readonly kernels = marketKernels();
  /** Address of the stream's four words. */
  readonly words: number;
  /** Address of the process's state, and of its parameters (0 when it keeps none). */
  readonly state: number;
  readonly params: number;

  constructor(stateBytes: number, paramsBytes = 0) {
    const k = this.kernels;
    this.words = k.allocate(16);
    this.state = k.allocate(stateBytes);
    this.params = paramsBytes > 0 ? k.allocate(paramsBytes) : 0;
    this.held.push(this.words, 16, this.state, stateBytes);
    if (paramsBytes > 0) this.held.push(this.params, paramsBytes);
    k.releaseWith(this, this.held);
  }

  /** The blocks held (address, bytes, ...). */
  private readonly held: number[] = [];

  /** Gives the blocks back now (the process is not used again). */
  release(): void {
    this.kernels.releaseNow(this, this.held);
  }

  /** Hands the stream's words to the kernel. */
  wordsIn(words: Int32Array): void {
    const i32 = this.kernels.heap().i32;
    const at = this.words >> 2;
    i32[at] = words[0];
    i32[at + 1] = words[1];
    i32[at + 2] = words[2];
    i32[at + 3] = words[3];
  }

  /** Takes the stream's words back after the kernel drew from them. */
  wordsOut(words: Int32Array): void {
    const i32 = this.kernels.heap().i32;
    const at = this.words >> 2;
    words[0] = i32[at];
    words[1] = i32[at + 1];
    words[2] = i32[at + 2];
    words[3] = i32[at + 3];
  }
}

/**
 * The lanes block a kernel that steps up to LANES runs at once in SIMD lanes reads: each lane's
 * state, words and path addresses, then the kernel's scratch (src/markets/assembly/lanes.ts).
 */
export class KernelLanes {
  readonly kernels = marketKernels();
  /** Address of the lanes block. */
  readonly address: number;
  private readonly held: number[] = [];

  constructor() {
    // The kernels are written for four lanes (two f64x2 halves); the engine groups MARKET_LANES runs.
    if (this.kernels.exports.LANES.value !== MARKET_LANES) throw new Error(`market kernels: ${this.kernels.exports.LANES.value} lanes, the engine groups ${MARKET_LANES} runs`);
    const bytes = this.kernels.exports.LANES_BYTES.value;
    this.address = this.kernels.allocate(bytes);
    this.held.push(this.address, bytes);
    this.kernels.releaseWith(this, this.held);
  }

  /** Lane k's entry: a run's state and words (handed its stream's words now) and the addresses its kernel writes its paths at. */
  setLane(k: number, run: KernelBlocks, words: Int32Array, path0: number, path1 = 0): void {
    run.wordsIn(words);
    const i32 = this.kernels.heap().i32;
    const at = (this.address + k * this.kernels.exports.LANE_BYTES.value) >> 2;
    i32[at] = run.state;
    i32[at + 1] = run.words;
    i32[at + 2] = path0;
    i32[at + 3] = path1;
  }

  /** Gives the block back now. */
  release(): void {
    this.kernels.releaseNow(this, this.held);
  }
}

/**
 * A process's path arrays (`count` of them, each hour's value at index h) in the kernels' memory,
 * where its kernel writes them: the hour loop reads them there, with no copy. path(k) is a view,
 * made again whenever the memory has grown (growing detaches the old views): read it anew after
 * anything that may allocate in the kernels' memory (making a process, or a path growing), never
 * keep it across one. Given back by release(), or else when this object is collected.
 */
export class KernelPaths {
  readonly kernels = marketKernels();
  /** Hours each path holds. */
  private capacity = 0;
  /** Address of path 0's hour 0; path k's follows at k * 8 * capacity. */
  private address = 0;
  /** The block held (address, bytes), updated in place when it grows, for the FinalizationRegistry. */
  private readonly held: number[] = [];
  private readonly views: Float64Array[] = [];
  private viewsMadeAt = -1;

  constructor(readonly count: number) {
    this.kernels.releaseWith(this, this.held);
  }

  /** Makes room for hours 0..hours-1 in every path (when it grows, the values before are not kept). */
  reserve(hours: number): void {
    if (hours <= this.capacity) return;
    const kernels = this.kernels;
    if (this.held.length > 0) kernels.release(this.held[0], this.held[1]);
    this.capacity = Math.max(hours, 2 * this.capacity, KERNEL_BLOCK_HOURS);
    const bytes = 8 * this.count * this.capacity;
    this.address = kernels.allocate(bytes);
    this.held.length = 0;
    this.held.push(this.address, bytes);
    this.viewsMadeAt = -1;
  }

  /** Gives the paths back now (the process is not used again). */
  release(): void {
    this.kernels.releaseNow(this, this.held);
    this.capacity = 0;
    this.viewsMadeAt = -1;
  }

  /** Address of path k's value at hour h. */
  at(k: number, hour: number): number {
    return this.address + 8 * (k * this.capacity + hour);
  }

  /** Path k, as a view of the memory as it is now. */
  path(k: number): Float64Array {
    if (this.viewsMadeAt !== this.kernels.growths) {
      const buffer = this.kernels.heap().f64.buffer;
      for (let i = 0; i < this.count; i++) this.views[i] = new Float64Array(buffer, this.at(i, 0), this.capacity);
      this.viewsMadeAt = this.kernels.growths;
    }
    return this.views[k];
  }
}

/** Tables copied into the kernels' memory (doubles or bytes), at `address[k]` in the order given; given back by release(), or else when this object is collected. */
export class KernelTables {
  readonly kernels = marketKernels();
  readonly address: number[] = [];
  private readonly blocks: number[] = [];

  constructor() {
    this.kernels.releaseWith(this, this.blocks);
  }

  /** Gives the tables back now (the process is not used again). */
  release(): void {
    this.kernels.releaseNow(this, this.blocks);
    this.address.length = 0;
  }

  /** Copies the values as doubles; returns their address. */
  doubles(values: ArrayLike<number>): number {
    const at = this.take(8 * values.length);
    this.kernels.heap().f64.set(values, at >> 3);
    return at;
  }

  /** Copies the bytes; returns their address. */
  bytes(values: Uint8Array): number {
    const at = this.take(values.length);
    this.kernels.heap().u8.set(values, at);
    return at;
  }

  private take(bytes: number): number {
    const at = this.kernels.allocate(bytes);
    this.blocks.push(at, bytes);
    this.address.push(at);
    return at;
  }
}
