// Transaction fees per block as a process: ln(fees) moves with a fast component (fee waves of days
// to weeks: Ordinals, Runes, congestion) and a slow one (busy or quiet years of block space), each
// an AR(1) stepped once a day:
//   f(d) = phiF f(d-1) + Sf sqrt(1 - phiF^2) z1,  s(d) likewise,  phi = 2^(-1 / half-life in days)
//   fees(d) = F x e^{f + s - V(d)/2},  V(d) = Var[f(d) + s(d)]
// A run starts at the known fees F (f = s = 0, V = 0) and the spread then grows toward its
// stationary level; the e^{-V/2} keeps the expected fees at F on every day, so the process adds
// risk, not revenue. (For fitting, a run may instead start from the stationary distribution.)
import type { RandomStream } from "../engine/random";

export interface FeeParams {
  /** Fees per block at the start and expected on every day after, BTC. */
  meanBtcPerBlock: number;
  fastHalfLifeDays: number;
  fastSdLog: number;
  slowHalfLifeDays: number;
  slowSdLog: number;
}

export class FeeProcess {
  /** Fees per block in force, BTC. */
  btcPerBlock = 0;
  private fast = 0;
  private slow = 0;
  /** phi^(2d) of each component: what is left of the start's certainty after d days. */
  private fastDecay = 0;
  private slowDecay = 0;
  private readonly fastPersistence: number;
  private readonly slowPersistence: number;
  private readonly fastInnovationSd: number;
  private readonly slowInnovationSd: number;
  private readonly logMean: number;

  constructor(private readonly p: FeeParams) {
    this.fastPersistence = Math.pow(2, -1 / p.fastHalfLifeDays);
    this.slowPersistence = Math.pow(2, -1 / p.slowHalfLifeDays);
    this.fastInnovationSd = p.fastSdLog * Math.sqrt(1 - this.fastPersistence ** 2);
    this.slowInnovationSd = p.slowSdLog * Math.sqrt(1 - this.slowPersistence ** 2);
    this.logMean = Math.log(p.meanBtcPerBlock);
  }

  /** Starts at the stated fees, or (stationary) anywhere in the long-run distribution around them. */
  reset(rng: RandomStream, stationary = false): void {
    this.fast = stationary ? this.p.fastSdLog * rng.normal() : 0;
    this.slow = stationary ? this.p.slowSdLog * rng.normal() : 0;
    this.fastDecay = stationary ? 0 : 1;
    this.slowDecay = stationary ? 0 : 1;
    if (stationary) this.update();
    else this.btcPerBlock = this.p.meanBtcPerBlock;
  }

  /** Moves to the next day's fees, drawing the fast component's normal, then the slow one's. */
  stepDay(rng: RandomStream): void {
    this.stepDayWith(rng.normal(), rng.normal());
  }

  /** Moves to the next day's fees with the two components' standard normals given (the network's kernel draws them). */
  stepDayWith(fastNormal: number, slowNormal: number): void {
    this.fast = this.fastPersistence * this.fast + this.fastInnovationSd * fastNormal;
    this.slow = this.slowPersistence * this.slow + this.slowInnovationSd * slowNormal;
    this.fastDecay *= this.fastPersistence * this.fastPersistence;
    this.slowDecay *= this.slowPersistence * this.slowPersistence;
    this.update();
  }

  private update(): void {
    const p = this.p;
    const variance = p.fastSdLog * p.fastSdLog * (1 - this.fastDecay) + p.slowSdLog * p.slowSdLog * (1 - this.slowDecay);
    this.btcPerBlock = Math.exp(this.logMean + this.fast + this.slow - variance / 2);
  }
}
