// Seeded random streams. One stream per process per run, always passed explicitly.
// The generator is Baagoe's Alea, seeded by seedrandom's alea (its default ARC4 runs at ~0.4x,
// ../shared/bench/REFERENCE.md). Its step is written here on state held in a Float64Array:
// seedrandom keeps the state in object fields, and every draw stored a new boxed double (an
// allocation per draw). The draws are bit-identical to seedrandom's (tested).
import seedrandom from "seedrandom";
import { ZIGGURAT_F, ZIGGURAT_K, ZIGGURAT_R, ZIGGURAT_W } from "./ziggurat";

const TWO_POW_32 = 4294967296;

/** A seeded stream of uniform and standard normal draws. */
export class RandomStream {
  /** Alea's state: s0, s1, s2 (each a multiple of 2^-32 in [0, 1)) and the carry c; then the rare path's normal. */
  private readonly state = new Float64Array(5);

  /** seed: any string; the same seed always gives the same sequence. */
  constructor(seed: string) {
    const seeded = (seedrandom.alea(seed, { state: true }) as unknown as { state(): { s0: number; s1: number; s2: number; c: number } }).state();
    this.state[0] = seeded.s0;
    this.state[1] = seeded.s1;
    this.state[2] = seeded.s2;
    this.state[3] = seeded.c;
  }

  /** Uniform on [0, 1): Alea's step, as seedrandom's alea computes it. */
  uniform(): number {
    const s = this.state;
    const t = 2091639 * s[0] + s[3] * 2.3283064365386963e-10; // 2^-32
    s[0] = s[1];
    s[1] = s[2];
    const carry = t | 0;
    s[3] = carry;
    return (s[2] = t - carry);
  }

  /**
   * Standard normal by the ziggurat method (Marsaglia and Tsang 2000, 128 layers): one uniform
   * draw for ~99% of values, no logarithm or square root on that path. That path is kept this small
   * so that it inlines into every caller; the rest is normalBeyond, which leaves its draw in the
   * state array (a double returned from a call that is not inlined is boxed, and merged with the
   * common path's it would box that one too: an allocation per draw).
   */
  normal(): number {
    const j = (this.uniform() * TWO_POW_32) | 0;
    const i = j & 127;
    if (Math.abs(j) < ZIGGURAT_K[i]) return j * ZIGGURAT_W[i];
    this.state[4] = this.normalBeyond(j);
    return this.state[4];
  }

  /** The ziggurat's rare path (~1% of draws): the base layer's tail, or a wedge under the curve. */
  private normalBeyond(first: number): number {
    let j = first;
    let i = j & 127;
    for (;;) {
      const x = j * ZIGGURAT_W[i];
      if (i === 0) {
        // The tail beyond R, by Marsaglia's exponential method.
        let tailX = 0;
        let y = 0;
        do {
          tailX = -Math.log(1 - this.uniform()) / ZIGGURAT_R;
          y = -Math.log(1 - this.uniform());
        } while (y + y < tailX * tailX);
        return j > 0 ? ZIGGURAT_R + tailX : -ZIGGURAT_R - tailX;
      }
      // The wedge between this layer's rectangle and the curve.
      if (ZIGGURAT_F[i] + this.uniform() * (ZIGGURAT_F[i - 1] - ZIGGURAT_F[i]) < Math.exp(-0.5 * x * x)) return x;
      j = (this.uniform() * TWO_POW_32) | 0;
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
    let product = this.uniform();
    while (product > limit) {
      k++;
      product *= this.uniform();
    }
    return k;
  }
}

/** The seed string of stream `name` in run `run` of a batch with base seed `baseSeed`. */
export function streamSeed(baseSeed: number, run: number, name: string): string {
  return `hashgrid:${baseSeed}:${run}:${name}`;
}
