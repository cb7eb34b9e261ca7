// Seeded random streams. One stream per process per run, always passed explicitly.
// seedrandom's alea turns a seed string into the generator's state (its default ARC4 runs at
// ~0.4x, ../shared/bench/REFERENCE.md); the draws come from xoshiro128** (Blackman and Vigna,
// "Scrambled linear pseudorandom number generators", 2021): four 32-bit words, shifts, xors and two
// integer multiplies a draw, no float arithmetic. Its state sits in an Int32Array (object fields
// would hold boxed numbers, an allocation per draw). Checked against the reference C code's outputs.
import seedrandom from "seedrandom";
import { ZIGGURAT_F, ZIGGURAT_K, ZIGGURAT_R, ZIGGURAT_W } from "./ziggurat";

const TWO_POW_MINUS_32 = 2.3283064365386963e-10;

/** A seeded stream of uniform and standard normal draws. */
export class RandomStream {
  /** xoshiro128**'s four words (the market kernels draw from a copy of them: src/markets/wasm.ts). */
  readonly words = new Int32Array(4);
  /** The ziggurat's rare path leaves its draw here (a double returned from a call that is not inlined is boxed). */
  private readonly beyond = new Float64Array(1);

  /** seed: any string; the same seed always gives the same sequence. */
  constructor(seed: string) {
    const alea = seedrandom.alea(seed);
    for (let k = 0; k < 4; k++) this.words[k] = alea.int32();
    // The all-zero state is xoshiro's one fixed point (probability 2^-128).
    if ((this.words[0] | this.words[1] | this.words[2] | this.words[3]) === 0) this.words[0] = 1;
  }

  /** The stream made from four given words, as the reference code is seeded (for its published outputs). */
  static fromWords(w0: number, w1: number, w2: number, w3: number): RandomStream {
    const stream = new RandomStream("");
    stream.words[0] = w0;
    stream.words[1] = w1;
    stream.words[2] = w2;
    stream.words[3] = w3;
    return stream;
  }

  /** The next 32 bits, as a signed 32-bit integer: xoshiro128**'s step. */
  int32(): number {
    const s = this.words;
    const s0 = s[0];
    const s1 = s[1];
    const times5 = Math.imul(s1, 5);
    const result = Math.imul((times5 << 7) | (times5 >>> 25), 9);
    const t = s1 << 9;
    const s2 = s[2] ^ s0;
    const s3 = s[3] ^ s1;
    s[0] = s0 ^ s3;
    s[1] = s1 ^ s2;
    s[2] = s2 ^ t;
    s[3] = (s3 << 11) | (s3 >>> 21);
    return result;
  }

  /** Uniform on [0, 1), in steps of 2^-32. */
  uniform(): number {
    return (this.int32() >>> 0) * TWO_POW_MINUS_32;
  }

  /**
   * Standard normal by the ziggurat method (Marsaglia and Tsang 2000, 128 layers): one 32-bit draw
   * for ~99% of values, no logarithm or square root on that path. That path is kept this small
   * so that it inlines into every caller; the rest is normalBeyond, which leaves its draw in an
   * array (a double returned from a call that is not inlined is boxed, and merged with the
   * common path's it would box that one too: an allocation per draw).
   */
  normal(): number {
    const j = this.int32();
    const i = j & 127;
    if (Math.abs(j) < ZIGGURAT_K[i]) return j * ZIGGURAT_W[i];
    this.normalBeyond(j);
    return this.beyond[0];
  }

  /**
   * The ziggurat's rare path (~1% of draws): the base layer's tail, or a wedge under the curve. Its
   * draw is left in `beyond` (returned, a double from a call that is not inlined is boxed).
   */
  private normalBeyond(first: number): void {
    const beyond = this.beyond;
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
        beyond[0] = j > 0 ? ZIGGURAT_R + tailX : -ZIGGURAT_R - tailX;
        return;
      }
      // The wedge between this layer's rectangle and the curve.
      if (ZIGGURAT_F[i] + this.uniform() * (ZIGGURAT_F[i - 1] - ZIGGURAT_F[i]) < Math.exp(-0.5 * x * x)) {
        beyond[0] = x;
        return;
      }
      j = this.int32();
      i = j & 127;
      if (Math.abs(j) < ZIGGURAT_K[i]) {
        beyond[0] = j * ZIGGURAT_W[i];
        return;
      }
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
