// Transaction fees per block as a process: ln(fees) moves with a fast component (fee waves of days
// to weeks: Ordinals, Runes, congestion) and a slow one (busy or quiet years of block space), each
// an AR(1) stepped once a day:
//   f(d) = phiF f(d-1) + Sf sqrt(1 - phiF^2) z1,  s(d) likewise,  phi = 2^(-1 / half-life in days)
//   fees(d) = F x e^{f + s - V(d)/2},  V(d) = Var[f(d) + s(d)]
// A run starts at the known fees F (f = s = 0, V = 0) and the spread then grows toward its
// stationary level; the e^{-V/2} keeps the expected fees at F on every day, so the process adds
// risk, not revenue. (For fitting, a run may instead start from the stationary distribution.)
import type { RandomStream } from "../engine/random";
import { doubleSlot, KernelBlocks, marketKernels } from "./wasm";

export interface FeeParams {
  /** Fees per block at the start and expected on every day after, BTC. */
  meanBtcPerBlock: number;
  fastHalfLifeDays: number;
  fastSdLog: number;
  slowHalfLifeDays: number;
  slowSdLog: number;
}

/** The fee state's slots (src/markets/assembly/fees.ts), in doubles. */
function feesLayout() {
  const exports = marketKernels().exports;
  return { btcPerBlock: doubleSlot(exports.FEES_BTC_PER_BLOCK), fast: doubleSlot(exports.FEES_FAST), slow: doubleSlot(exports.FEES_SLOW), fastDecay: doubleSlot(exports.FEES_FAST_DECAY), slowDecay: doubleSlot(exports.FEES_SLOW_DECAY) };
}

/**
 * The fee process: its day is src/markets/assembly/fees.ts's (the network's kernel steps it there
 * too), on the parameters and state this keeps in the kernels' memory.
 */
export class FeeProcess {
  /** The parameters and state, where the kernels read them (the network's kernel steps this state itself). */
  readonly kernel: KernelBlocks;
  private readonly layout = feesLayout();

  constructor(private readonly p: FeeParams) {
    const exports = marketKernels().exports;
    this.kernel = new KernelBlocks(exports.FEES_STATE_BYTES.value, exports.FEES_PARAMS_BYTES.value);
    const fastPersistence = Math.pow(2, -1 / p.fastHalfLifeDays);
    const slowPersistence = Math.pow(2, -1 / p.slowHalfLifeDays);
    exports.feesSetParams(
      this.kernel.params,
      fastPersistence,
      slowPersistence,
      p.fastSdLog * Math.sqrt(1 - fastPersistence ** 2),
      p.slowSdLog * Math.sqrt(1 - slowPersistence ** 2),
      Math.log(p.meanBtcPerBlock),
      p.fastSdLog,
      p.slowSdLog,
    );
  }

  /** Fees per block in force, BTC. */
  get btcPerBlock(): number {
    return this.kernel.kernels.heap().f64[(this.kernel.state >> 3) + this.layout.btcPerBlock];
  }

  /** Starts at the stated fees, or (stationary) anywhere in the long-run distribution around them. */
  reset(rng: RandomStream, stationary = false): void {
    const f64 = this.kernel.kernels.heap().f64;
    const at = this.kernel.state >> 3;
    const k = this.layout;
    f64[at + k.fast] = stationary ? this.p.fastSdLog * rng.normal() : 0;
    f64[at + k.slow] = stationary ? this.p.slowSdLog * rng.normal() : 0;
    f64[at + k.fastDecay] = stationary ? 0 : 1;
    f64[at + k.slowDecay] = stationary ? 0 : 1;
    if (stationary) this.kernel.kernels.exports.feesSetLevel(this.kernel.params, this.kernel.state);
    else f64[at + k.btcPerBlock] = this.p.meanBtcPerBlock;
  }

  /** Moves to the next day's fees, drawing the fast component's normal, then the slow one's. */
  stepDay(rng: RandomStream): void {
    this.stepDayWith(rng.normal(), rng.normal());
  }

  /** Moves to the next day's fees with the two components' standard normals given. */
  stepDayWith(fastNormal: number, slowNormal: number): void {
    this.kernel.kernels.exports.feesStepDay(this.kernel.params, this.kernel.state, fastNormal, slowNormal);
  }

  /** Gives the kernels' memory back now (the process is not used again). */
  dispose(): void {
    this.kernel.release();
  }
}
