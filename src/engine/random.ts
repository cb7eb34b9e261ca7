// Seeded random streams. One stream per process per run, always passed explicitly.
// seedrandom's alea: fast (its default ARC4 runs at ~0.4x, ../shared/bench/REFERENCE.md).
import seedrandom from "seedrandom";
import { ZIGGURAT_F, ZIGGURAT_K, ZIGGURAT_R, ZIGGURAT_W } from "./ziggurat";

const TWO_POW_32 = 4294967296;

/** A seeded stream of uniform and standard normal draws. */
export class RandomStream {
  private readonly next: () => number;

  /** seed: any string; the same seed always gives the same sequence. */
  constructor(seed: string) {
    this.next = seedrandom.alea(seed);
  }

  /** Uniform on [0, 1). */
  uniform(): number {
    return this.next();
  }

  /**
   * Standard normal by the ziggurat method (Marsaglia and Tsang 2000, 128 layers): one uniform
   * draw for ~99% of values, no logarithm or square root on that path.
   */
  normal(): number {
    let j = (this.next() * TWO_POW_32) | 0;
    let i = j & 127;
    if (Math.abs(j) < ZIGGURAT_K[i]) return j * ZIGGURAT_W[i];
    for (;;) {
      const x = j * ZIGGURAT_W[i];
      if (i === 0) {
        // The tail beyond R, by Marsaglia's exponential method.
        let tailX = 0;
        let y = 0;
        do {
          tailX = -Math.log(1 - this.next()) / ZIGGURAT_R;
          y = -Math.log(1 - this.next());
        } while (y + y < tailX * tailX);
        return j > 0 ? ZIGGURAT_R + tailX : -ZIGGURAT_R - tailX;
      }
      // The wedge between this layer's rectangle and the curve.
      if (ZIGGURAT_F[i] + this.next() * (ZIGGURAT_F[i - 1] - ZIGGURAT_F[i]) < Math.exp(-0.5 * x * x)) return x;
      j = (this.next() * TWO_POW_32) | 0;
      i = j & 127;
      if (Math.abs(j) < ZIGGURAT_K[i]) return j * ZIGGURAT_W[i];
    }
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
