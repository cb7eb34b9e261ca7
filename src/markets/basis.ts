// The basis between the price the site's load settles at (an ERCOT load zone) and the hub price the
// power model describes: basis = Q(Phi(z)), Q the fitted quantiles of the hourly basis, and z a latent
// normal on two time scales, z = sqrt(w) D + sqrt(1 - w) e, with e an hourly AR(1) and D a level
// drawn per 24 hours, AR(1) from one to the next (congestion lasts for days). A Gaussian copula, as
// for the power deviation: skewed, persistent, no CDF in the hour loop.
import type { RandomStream } from "../engine/random";
import { deviationByLatentTable } from "./power";
import type { MarketCalendar, MarketProcess } from "./process";
import { KernelBlocks, KernelPaths, KernelTables, marketKernels } from "./wasm";

export interface BasisParams {
  /** Quantiles of the hourly basis at probabilities (k + 0.5) / K, $/MWh. */
  quantilesUsdPerMwh: readonly number[];
  /** Hour-to-hour correlation of the hourly part e of the latent normal. */
  persistencePerHour: number;
  /** Share w of the latent's variance in the day level D, and D's correlation from one 24-hour block to the next. */
  dayWeight: number;
  dayPersistence: number;
}

/** The basis process; its hours are src/markets/assembly/basis.ts's basisHours (WebAssembly: src/markets/wasm.ts). */
export class BasisProcess implements MarketProcess {
  /** Load-zone price minus hub price this hour, $/MWh. */
  basisUsdPerMwh = 0;
  private rng!: RandomStream;
  private readonly phi: number;
  private readonly innovationSd: number;
  private readonly rho: number;
  private readonly dayInnovationSd: number;
  private readonly dayLoading: number;
  private readonly hourLoading: number;
  /** The two latent parts as the kernel carries them, and the stream's words. */
  private readonly kernel: KernelBlocks;
  /** The basis path, where the kernel writes it. */
  private readonly paths = new KernelPaths(1);
  /** The quantile table at a grid of latent values, in the kernels' memory. */
  private readonly tables = new KernelTables();

  constructor(params: BasisParams) {
    this.kernel = new KernelBlocks(marketKernels().exports.BASIS_STATE_BYTES.value);
    this.tables.doubles(deviationByLatentTable(params.quantilesUsdPerMwh as number[]));
    this.phi = params.persistencePerHour;
    this.innovationSd = Math.sqrt(1 - this.phi * this.phi);
    this.rho = params.dayPersistence;
    this.dayInnovationSd = Math.sqrt(1 - this.rho * this.rho);
    this.dayLoading = Math.sqrt(params.dayWeight);
    this.hourLoading = Math.sqrt(1 - params.dayWeight);
  }

  /** basisUsdPerMwh of each hour stepped by stepHours, at index h. */
  get basisUsdPerMwhByHour(): Float64Array {
    return this.paths.path(0);
  }

  reserveHours(hours: number): void {
    this.paths.reserve(hours);
  }

  dispose(): void {
    this.kernel.release();
    this.paths.release();
    this.tables.release();
  }

  /** Starts a path with both parts drawn from their stationary distributions. */
  reset(rng: RandomStream): void {
    this.rng = rng;
    const hourly = rng.normal();
    const day = rng.normal();
    this.kernel.kernels.exports.basisReset(this.kernel.state, hourly, day);
  }

  /** Moves to hour h (a new day level every 24 hours from the start). */
  step(hour: number): void {
    this.stepHours(hour, hour + 1);
  }

  /** Hours from..to-1: the day level moves every 24 hours from the start, the hourly part every hour, and the value is the table's at their sum. */
  stepHours(from: number, to: number, _calendar?: MarketCalendar): void {
    const kernel = this.kernel;
    const paths = this.paths;
    paths.reserve(to);
    kernel.wordsIn(this.rng.words);
    kernel.kernels.exports.basisHours(kernel.state, kernel.words, paths.at(0, from), from, to, this.tables.address[0], this.phi, this.innovationSd, this.rho, this.dayInnovationSd, this.dayLoading, this.hourLoading);
    kernel.wordsOut(this.rng.words);
    this.basisUsdPerMwh = paths.path(0)[to - 1];
  }
}
