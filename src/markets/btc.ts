// BTC/USD price: Brownian motion of the log price (GBM) with optional Merton jumps,
// one step per hour: ln P(h+1) = ln P(h) + mu/8760 + sigma * sqrt(1/8760) * z.
import type { RandomStream } from "../engine/random";

export interface BtcPriceParams {
  startPriceUsd: number;
  driftPerYear: number;
  volatilityPerYear: number;
  jumps?: { perYear: number; meanLog: number; sdLog: number };
}

const YEARS_PER_HOUR = 1 / 8760;

/** Hourly BTC price. step() moves priceUsd to the next hour. */
export class BtcPriceProcess {
  /** BTC price in force this hour, USD. */
  priceUsd = 0;
  /** ln(priceUsd). */
  logPrice = 0;
  private rng!: RandomStream;
  private readonly driftPerHour: number;
  private readonly sdPerHour: number;
  private readonly jumpProbabilityPerHour: number;
  private readonly jumpMeanLog: number;
  private readonly jumpSdLog: number;

  constructor(private readonly params: BtcPriceParams) {
    // Drift of the log price: the median path grows at driftPerYear; the mean grows faster by sigma^2 / 2.
    this.driftPerHour = params.driftPerYear * YEARS_PER_HOUR;
    this.sdPerHour = params.volatilityPerYear * Math.sqrt(YEARS_PER_HOUR);
    this.jumpProbabilityPerHour = (params.jumps?.perYear ?? 0) * YEARS_PER_HOUR;
    this.jumpMeanLog = params.jumps?.meanLog ?? 0;
    this.jumpSdLog = params.jumps?.sdLog ?? 0;
  }

  /** Starts a new path: the price of hour 0 is the start price. */
  reset(rng: RandomStream): void {
    this.rng = rng;
    this.logPrice = Math.log(this.params.startPriceUsd);
    this.priceUsd = this.params.startPriceUsd;
  }

  /** Advances one hour. */
  step(): void {
    let x = this.logPrice + this.driftPerHour + this.sdPerHour * this.rng.normal();
    if (this.jumpProbabilityPerHour > 0 && this.rng.uniform() < this.jumpProbabilityPerHour) {
      x += this.jumpMeanLog + this.jumpSdLog * this.rng.normal();
    }
    this.logPrice = x;
    this.priceUsd = Math.exp(x);
  }
}
