// Seeded random streams. One stream per process per run, always passed explicitly.
// seedrandom's alea: fast (its default ARC4 runs at ~0.4x, ../shared/bench/REFERENCE.md).
import seedrandom from "seedrandom";

/** A seeded stream of uniform and standard normal draws. */
export class RandomStream {
  private readonly next: () => number;
  private spareNormal = 0;
  private hasSpare = false;

  /** seed: any string; the same seed always gives the same sequence. */
  constructor(seed: string) {
    this.next = seedrandom.alea(seed);
  }

  /** Uniform on [0, 1). */
  uniform(): number {
    return this.next();
  }

  /** Standard normal, Marsaglia's polar method; the second value of each pair is kept for the next call. */
  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spareNormal;
    }
    let u = 0;
    let v = 0;
    let s = 0;
    do {
      u = 2 * this.next() - 1;
      v = 2 * this.next() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const factor = Math.sqrt((-2 * Math.log(s)) / s);
    this.spareNormal = v * factor;
    this.hasSpare = true;
    return u * factor;
  }

  /** Poisson draw with the given mean (Knuth's product method for small means, normal approximation above 50). */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 50) {
      const x = Math.round(mean + Math.sqrt(mean) * this.normal());
      return x < 0 ? 0 : x;
    }
    const limit = Math.exp(-mean);
    let k = 0;
    let product = this.next();
    while (product > limit) {
      k++;
      product *= this.next();
    }
    return k;
  }
}

/** The seed string of stream `name` in run `run` of a batch with base seed `baseSeed`. */
export function streamSeed(baseSeed: number, run: number, name: string): string {
  return `hashgrid:${baseSeed}:${run}:${name}`;
}
