// The basis between the price the site's load settles at (an ERCOT load zone) and the hub price the
// power model describes: basis = Q(Phi(z)), Q the fitted quantiles of the hourly basis, and z a latent
// normal on two time scales, z = sqrt(w) D + sqrt(1 - w) e, with e an hourly AR(1) and D a level
// drawn per 24 hours, AR(1) from one to the next (congestion lasts for days). A Gaussian copula, as
// for the power deviation: skewed, persistent, no CDF in the hour loop.
import type { RandomStream } from "../engine/random";
import { deviationAtLatent, deviationByLatentTable } from "./power";
import { pathOf, type MarketCalendar, type MarketProcess } from "./process";

export interface BasisParams {
  /** Quantiles of the hourly basis at probabilities (k + 0.5) / K, $/MWh. */
  quantilesUsdPerMwh: readonly number[];
  /** Hour-to-hour correlation of the hourly part e of the latent normal. */
  persistencePerHour: number;
  /** Share w of the latent's variance in the day level D, and D's correlation from one 24-hour block to the next. */
  dayWeight: number;
  dayPersistence: number;
}

export class BasisProcess implements MarketProcess {
  /** Load-zone price minus hub price this hour, $/MWh. */
  basisUsdPerMwh = 0;
  /** basisUsdPerMwh of each hour stepped by stepHours, at index h. */
  basisUsdPerMwhByHour = new Float64Array(0);
  private rng!: RandomStream;
  private hourly = 0;
  private day = 0;
  private readonly table: Float64Array;
  private readonly phi: number;
  private readonly innovationSd: number;
  private readonly rho: number;
  private readonly dayInnovationSd: number;
  private readonly dayLoading: number;
  private readonly hourLoading: number;

  constructor(params: BasisParams) {
    this.table = deviationByLatentTable(params.quantilesUsdPerMwh as number[]);
    this.phi = params.persistencePerHour;
    this.innovationSd = Math.sqrt(1 - this.phi * this.phi);
    this.rho = params.dayPersistence;
    this.dayInnovationSd = Math.sqrt(1 - this.rho * this.rho);
    this.dayLoading = Math.sqrt(params.dayWeight);
    this.hourLoading = Math.sqrt(1 - params.dayWeight);
  }

  /** Starts a path with both parts drawn from their stationary distributions. */
  reset(rng: RandomStream): void {
    this.rng = rng;
    this.hourly = rng.normal();
    this.day = rng.normal();
  }

  /** Moves to hour h (a new day level every 24 hours from the start). */
  step(hour: number): void {
    this.advance(hour, hour + 1);
  }

  stepHours(from: number, to: number, _calendar: MarketCalendar): void {
    this.advance(from, to);
  }

  /** Hours from..to-1, the two latent parts carried in locals. */
  private advance(from: number, to: number): void {
    const basisUsdPerMwhByHour = (this.basisUsdPerMwhByHour = pathOf(this.basisUsdPerMwhByHour, to));
    const rng = this.rng;
    const table = this.table;
    const rho = this.rho;
    const dayInnovationSd = this.dayInnovationSd;
    const phi = this.phi;
    const innovationSd = this.innovationSd;
    const dayLoading = this.dayLoading;
    const hourLoading = this.hourLoading;
    let day = this.day;
    let hourly = this.hourly;
    let basisUsdPerMwh = this.basisUsdPerMwh;
    for (let hour = from; hour < to; hour++) {
      if (hour % 24 === 0 && hour > 0) day = rho * day + dayInnovationSd * rng.normal();
      hourly = phi * hourly + innovationSd * rng.normal();
      basisUsdPerMwh = deviationAtLatent(table, dayLoading * day + hourLoading * hourly);
      basisUsdPerMwhByHour[hour] = basisUsdPerMwh;
    }
    this.day = day;
    this.hourly = hourly;
    this.basisUsdPerMwh = basisUsdPerMwh;
  }
}
