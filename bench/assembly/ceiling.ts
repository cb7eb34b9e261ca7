// hashgrid's hour on sims/bench-reference.json, hand-specialised, in AssemblyScript: the same
// function as bench/ceiling.ts line for line (the same draws, the same arithmetic in the same
// order), compiled to WebAssembly. A measurement of what a specialised WebAssembly kernel would
// give, not a path users run. Built by `npm run bench` (the project's AssemblyScript, 0.28.20),
// driven and checked against SiteRun by bench/ceiling-wasm.ts.
// Generator words: xoshiro128** as src/engine/random.ts; the ziggurat's rare path as its
// normalBeyond, with the words handed over through globals.
let ga: i32 = 0, gb: i32 = 0, gc: i32 = 0, gd: i32 = 0;
let pK: usize = 0, pW: usize = 0, pF: usize = 0;
const R: f64 = 3.442619855899;

@inline function next32(): i32 {
  const t0 = gb * 5;
  const j = rotl<i32>(t0, 7) * 9;
  const t = gb << 9;
  gc ^= ga; gd ^= gb; gb ^= gc; ga ^= gd; gc ^= t; gd = rotl<i32>(gd, 11);
  return j;
}
@inline function uni(): f64 { return <f64><u32>next32() * 2.3283064365386963e-10; }

function beyond(first: i32): f64 {
  let j = first;
  let i = j & 127;
  for (;;) {
    const x = <f64>j * load<f64>(pW + (<usize>i << 3));
    if (i == 0) {
      let tailX: f64 = 0, y: f64 = 0;
      do {
        tailX = -Math.log(1 - uni()) / R;
        y = -Math.log(1 - uni());
      } while (y + y < tailX * tailX);
      return j > 0 ? R + tailX : -R - tailX;
    }
    const fi = load<f64>(pF + (<usize>i << 3));
    const fi1 = load<f64>(pF + (<usize>(i - 1) << 3));
    if (fi + uni() * (fi1 - fi) < Math.exp(-0.5 * x * x)) return x;
    j = next32();
    i = j & 127;
    if (Math.abs(<f64>j) < load<f64>(pK + (<usize>i << 3))) return <f64>j * load<f64>(pW + (<usize>i << 3));
  }
  return 0;
}

export function setTables(k: usize, w: usize, f: usize): void { pK = k; pW = w; pF = f; }

export function run(
  H: i32, words: usize, itMw: usize, slot: usize, monthIndex: usize, yearIndex: usize, discount: usize, shape: usize,
  monthly: usize, monthlyEbitda: usize, monthEnd: usize, months: i32, out: usize,
  driftPerHour: f64, sdPerHour: f64, startPrice: f64, phi: f64, sd: f64, spikeStart: f64, threshold: f64, inverseAlpha: f64, cap: f64, floor: f64,
  interconnect: f64, c0: f64, c1: f64, c2: f64, t0: f64, t1: f64, t2: f64,
  btcPerThHourPath: usize, subsidyPath: usize, feesPath: usize, difficultyPath: usize, finalHashrateEhs: f64,
): void {
  let a = load<i32>(words), b = load<i32>(words + 4), c = load<i32>(words + 8), d = load<i32>(words + 12);
  let e = load<i32>(words + 16), f = load<i32>(words + 20), g = load<i32>(words + 24), q = load<i32>(words + 28);
  let logPrice = Math.log(startPrice);
  let price = startPrice;
  let deviation: f64 = 0;
  let inSpike = false;
  let spikeLevel: f64 = 0;
  let on0 = 1, on1 = 1, on2 = 1;
  let miningRevenue: f64 = 0, aiRevenue: f64 = 0, miningPowerCost: f64 = 0, btcMined: f64 = 0, miningMwh: f64 = 0, aiMwh: f64 = 0;
  let curtailedEconomic: f64 = 0, curtailedCapacity: f64 = 0, curtailedHours: f64 = 0, restarts: i32 = 0, npv: f64 = 0, priceSum: f64 = 0;
  let firstYearMiningRevenue: f64 = 0, firstYearMiningMwh: f64 = 0, lastYearEbitda: f64 = 0, cumulativeCash: f64 = 0;
  memory.fill(monthly, 0, <usize>months << 3);
  memory.fill(monthlyEbitda, 0, <usize>months << 3);
  for (let h = 0; h < H; h++) {
    const h8 = <usize>h << 3;
    const h4 = <usize>h << 2;
    if (h > 0) {
      let t = b * 5;
      const j = rotl<i32>(t, 7) * 9;
      t = b << 9; c ^= a; d ^= b; b ^= c; a ^= d; c ^= t; d = rotl<i32>(d, 11);
      let z: f64 = 0;
      const i = j & 127;
      if (Math.abs(<f64>j) < load<f64>(pK + (<usize>i << 3))) z = <f64>j * load<f64>(pW + (<usize>i << 3));
      else { ga = a; gb = b; gc = c; gd = d; z = beyond(j); a = ga; b = gb; c = gc; d = gd; }
      const x = driftPerHour + sdPerHour * z;
      logPrice += x;
      const x2 = x * x;
      price *= x > 1.0 / 32 || x < -1.0 / 32 ? Math.exp(x) : 1 + (x + (x2 * (0.5 + x * (1.0 / 6)) + x2 * x2 * (1.0 / 24 + x * (1.0 / 120) + x2 * (1.0 / 720 + x * (1.0 / 5040)))));
    }
    {
      let t = f * 5;
      const j = rotl<i32>(t, 7) * 9;
      t = f << 9; g ^= e; q ^= f; f ^= g; e ^= q; g ^= t; q = rotl<i32>(q, 11);
      let z: f64 = 0;
      const i = j & 127;
      if (Math.abs(<f64>j) < load<f64>(pK + (<usize>i << 3))) z = <f64>j * load<f64>(pW + (<usize>i << 3));
      else { ga = e; gb = f; gc = g; gd = q; z = beyond(j); e = ga; f = gb; g = gc; q = gd; }
      deviation = phi * deviation + sd * z;
    }
    let powerPrice = 1 * (load<f64>(shape + (<usize>load<i32>(slot + h4) << 3)) + deviation);
    {
      let t = f * 5;
      const j = rotl<i32>(t, 7) * 9;
      t = f << 9; g ^= e; q ^= f; f ^= g; e ^= q; g ^= t; q = rotl<i32>(q, 11);
      const u = <f64><u32>j * 2.3283064365386963e-10;
      if (inSpike) inSpike = u < 0;
      else if (u < spikeStart) {
        inSpike = true;
        spikeLevel = threshold * Math.pow(u / spikeStart, -inverseAlpha);
      }
    }
    if (inSpike && spikeLevel > powerPrice) powerPrice = spikeLevel;
    powerPrice = powerPrice > cap ? cap : powerPrice < floor ? floor : powerPrice;
    // The network, the same in every run: its path computed once (as SiteRun shares it).
    const btcPerThHour = load<f64>(btcPerThHourPath + h8);
    const cost = powerPrice + 0 + 0;
    const it = load<f64>(itMw + h8);
    const aiDemand = it * (1 + (1 - 1) * 1) * 1;
    const aiServed = aiDemand <= interconnect ? aiDemand : interconnect;
    const aiRevenueHour = it * (0 * 1 + 2000) * 1 * 1 * (aiDemand > 0 ? aiServed / aiDemand : 1);
    let room = interconnect - aiServed - 0;
    const run0: f64 = t0 * btcPerThHour * price - 0 > cost ? 1 : 0;
    const run1: f64 = t1 * btcPerThHour * price - 0 > cost ? 1 : 0;
    const run2: f64 = t2 * btcPerThHour * price - 0 > cost ? 1 : 0;
    const r0 = room > 0 ? room : 0;
    const m0 = run0 * (c0 <= r0 ? c0 : r0);
    room -= m0;
    const r1 = room > 0 ? room : 0;
    const m1 = run1 * (c1 <= r1 ? c1 : r1);
    room -= m1;
    const r2 = room > 0 ? room : 0;
    const m2 = run2 * (c2 <= r2 ? c2 : r2);
    const miningMw = m0 + m1 + m2;
    const economicMw = (1 - run0) * c0 + (1 - run1) * c1 + (1 - run2) * c2;
    const capacityMw = run0 * (c0 - m0) + run1 * (c1 - m1) + run2 * (c2 - m2);
    const minedBtc = m0 * t0 * btcPerThHour + m1 * t1 * btcPerThHour + m2 * t2 * btcPerThHour;
    const n0: i32 = m0 > 0 ? 1 : 0, n1: i32 = m1 > 0 ? 1 : 0, n2: i32 = m2 > 0 ? 1 : 0;
    restarts += (n0 & (on0 ^ 1)) + (n1 & (on1 ^ 1)) + (n2 & (on2 ^ 1));
    on0 = n0; on1 = n1; on2 = n2;
    const miningRevenueHour = minedBtc * price;
    const miningPowerCostHour = miningMw * cost;
    const cash = miningRevenueHour * 1 + aiRevenueHour - miningPowerCostHour;
    miningRevenue += miningRevenueHour;
    aiRevenue += aiRevenueHour;
    miningPowerCost += miningPowerCostHour;
    btcMined += minedBtc;
    miningMwh += miningMw;
    aiMwh += aiServed;
    curtailedEconomic += economicMw;
    curtailedCapacity += capacityMw;
    curtailedHours += economicMw + capacityMw > 1e-9 ? 1 : 0;
    npv += cash * load<f64>(discount + h8);
    const month = load<i32>(monthIndex + h4);
    const m8 = <usize>month << 3;
    store<f64>(monthly + m8, load<f64>(monthly + m8) + cash);
    store<f64>(monthlyEbitda + m8, load<f64>(monthlyEbitda + m8) + (cash + miningRevenueHour * 0));
    if (h >= H - 8760) lastYearEbitda += cash + miningRevenueHour * 0;
    if (h == H - 1 || load<i32>(monthIndex + h4 + 4) != month) {
      const hashprice = ((load<f64>(subsidyPath + h8) + load<f64>(feesPath + h8)) * price * 86400 * 1e12) / (load<f64>(difficultyPath + h8) * 4294967296);
      cumulativeCash += load<f64>(monthly + m8);
      store<f64>(monthEnd + (m8 << 2), cumulativeCash);
      store<f64>(monthEnd + (m8 << 2) + 8, price);
      store<f64>(monthEnd + (m8 << 2) + 16, hashprice);
      store<f64>(monthEnd + (m8 << 2) + 24, load<f64>(difficultyPath + h8));
    }
    if (load<i32>(yearIndex + h4) == 0) {
      firstYearMiningRevenue += miningRevenueHour;
      firstYearMiningMwh += miningMw;
    }
    priceSum += powerPrice;
  }
  store<f64>(out, miningRevenue);
  store<f64>(out + 8, aiRevenue);
  store<f64>(out + 16, miningPowerCost);
  store<f64>(out + 24, btcMined);
  store<f64>(out + 32, miningMwh);
  store<f64>(out + 40, aiMwh);
  store<f64>(out + 48, curtailedEconomic);
  store<f64>(out + 56, curtailedCapacity);
  store<f64>(out + 64, curtailedHours);
  store<f64>(out + 72, <f64>restarts);
  store<f64>(out + 80, price);
  store<f64>(out + 88, finalHashrateEhs);
  store<f64>(out + 96, priceSum / <f64>H);
  store<f64>(out + 104, npv + firstYearMiningRevenue + firstYearMiningMwh + logPrice + lastYearEbitda);
}

// ---------------------------------------------------------------------------------------------
// runPair: the same hour for two runs at once, one in each lane of f64x2 (and i32x4 for the
// generator's words): a measurement of what runs-inner SIMD would give hashgrid's hour (issue 13;
// docs/speed.md, point 23), not a path users run. Each lane does the scalar run's operations in the
// same order, so each run's results are run()'s bits (bench/ceiling-wasm.ts checks them); what is
// the same in both runs (the network, the AI load, its revenue and MWh) is worked out once.
// A lane off the ziggurat's common path, or whose BTC step needs exp, or that starts a spike, is
// finished alone, in scalar code.

@inline function rotl4(x: v128, n: i32): v128 {
  return v128.or(i32x4.shl(x, n), i32x4.shr_u(x, 32 - n));
}

export function runPair(
  H: i32, words: usize, itMw: usize, slot: usize, monthIndex: usize, yearIndex: usize, discount: usize, shape: usize,
  monthly: usize, monthlyEbitda: usize, monthEnd: usize, months: i32, out: usize,
  driftPerHour: f64, sdPerHour: f64, startPrice: f64, phi: f64, sd: f64, spikeStart: f64, threshold: f64, inverseAlpha: f64, cap: f64, floor: f64,
  interconnect: f64, c0: f64, c1: f64, c2: f64, t0: f64, t1: f64, t2: f64,
  btcPerThHourPath: usize, subsidyPath: usize, feesPath: usize, difficultyPath: usize, finalHashrateEhs: f64,
): void {
  // words: run A's btc (4) and power (4) words, then run B's. Lanes 0 and 1 hold runs A and B.
  let b0 = i32x4.replace_lane(i32x4.splat(load<i32>(words)), 1, load<i32>(words + 32)), b1 = i32x4.replace_lane(i32x4.splat(load<i32>(words + 4)), 1, load<i32>(words + 36));
  let b2 = i32x4.replace_lane(i32x4.splat(load<i32>(words + 8)), 1, load<i32>(words + 40)), b3 = i32x4.replace_lane(i32x4.splat(load<i32>(words + 12)), 1, load<i32>(words + 44));
  let p0 = i32x4.replace_lane(i32x4.splat(load<i32>(words + 16)), 1, load<i32>(words + 48)), p1 = i32x4.replace_lane(i32x4.splat(load<i32>(words + 20)), 1, load<i32>(words + 52));
  let p2 = i32x4.replace_lane(i32x4.splat(load<i32>(words + 24)), 1, load<i32>(words + 56)), p3 = i32x4.replace_lane(i32x4.splat(load<i32>(words + 28)), 1, load<i32>(words + 60));
  const five = i32x4.splat(5), nine = i32x4.splat(9);
  const zero = f64x2.splat(0), one = f64x2.splat(1);
  const logStart = Math.log(startPrice);
  let logPrice = f64x2.splat(logStart);
  let price = f64x2.splat(startPrice);
  let deviation = f64x2.splat(0);
  let inSpike = i64x2.splat(0);
  let spikeLevel = f64x2.splat(0);
  let on0 = i64x2.splat(-1), on1 = i64x2.splat(-1), on2 = i64x2.splat(-1);
  let restarts = i64x2.splat(0);
  let miningRevenue = zero, miningPowerCost = zero, btcMined = zero, miningMwh = zero;
  let aiRevenue: f64 = 0, aiMwh: f64 = 0;
  let curtailedEconomic = zero, curtailedCapacity = zero, curtailedHours = zero, npv = zero, priceSum = zero;
  let firstYearMiningRevenue = zero, firstYearMiningMwh = zero, lastYearEbitda = zero, cumulativeCash = zero;
  memory.fill(monthly, 0, <usize>months << 4);
  memory.fill(monthlyEbitda, 0, <usize>months << 4);
  for (let h = 0; h < H; h++) {
    const h8 = <usize>h << 3;
    const h4 = <usize>h << 2;
    if (h > 0) {
      const j = i32x4.mul(rotl4(i32x4.mul(b1, five), 7), nine);
      const t = i32x4.shl(b1, 9);
      b2 = v128.xor(b2, b0); b3 = v128.xor(b3, b1); b1 = v128.xor(b1, b2); b0 = v128.xor(b0, b3); b2 = v128.xor(b2, t); b3 = rotl4(b3, 11);
      const jA = i32x4.extract_lane(j, 0), jB = i32x4.extract_lane(j, 1);
      const iA = <usize>(jA & 127) << 3, iB = <usize>(jB & 127) << 3;
      const jf = f64x2.convert_low_i32x4_s(j);
      const ok = f64x2.lt(f64x2.abs(jf), f64x2.replace_lane(f64x2.splat(load<f64>(pK + iA)), 1, load<f64>(pK + iB)));
      let z = f64x2.mul(jf, f64x2.replace_lane(f64x2.splat(load<f64>(pW + iA)), 1, load<f64>(pW + iB)));
      const okBits = i64x2.bitmask(ok);
      if (okBits != 3) {
        if ((okBits & 1) == 0) {
          ga = i32x4.extract_lane(b0, 0); gb = i32x4.extract_lane(b1, 0); gc = i32x4.extract_lane(b2, 0); gd = i32x4.extract_lane(b3, 0);
          z = f64x2.replace_lane(z, 0, beyond(jA));
          b0 = i32x4.replace_lane(b0, 0, ga); b1 = i32x4.replace_lane(b1, 0, gb); b2 = i32x4.replace_lane(b2, 0, gc); b3 = i32x4.replace_lane(b3, 0, gd);
        }
        if ((okBits & 2) == 0) {
          ga = i32x4.extract_lane(b0, 1); gb = i32x4.extract_lane(b1, 1); gc = i32x4.extract_lane(b2, 1); gd = i32x4.extract_lane(b3, 1);
          z = f64x2.replace_lane(z, 1, beyond(jB));
          b0 = i32x4.replace_lane(b0, 1, ga); b1 = i32x4.replace_lane(b1, 1, gb); b2 = i32x4.replace_lane(b2, 1, gc); b3 = i32x4.replace_lane(b3, 1, gd);
        }
      }
      const x = f64x2.add(f64x2.splat(driftPerHour), f64x2.mul(f64x2.splat(sdPerHour), z));
      logPrice = f64x2.add(logPrice, x);
      const x2 = f64x2.mul(x, x);
      let factor = f64x2.add(one, f64x2.add(x, f64x2.add(
        f64x2.mul(x2, f64x2.add(f64x2.splat(0.5), f64x2.mul(x, f64x2.splat(1.0 / 6)))),
        f64x2.mul(f64x2.mul(x2, x2), f64x2.add(f64x2.add(f64x2.splat(1.0 / 24), f64x2.mul(x, f64x2.splat(1.0 / 120))), f64x2.mul(x2, f64x2.add(f64x2.splat(1.0 / 720), f64x2.mul(x, f64x2.splat(1.0 / 5040)))))))));
      const big = v128.or(f64x2.gt(x, f64x2.splat(1.0 / 32)), f64x2.lt(x, f64x2.splat(-1.0 / 32)));
      if (v128.any_true(big)) {
        const bigBits = i64x2.bitmask(big);
        if ((bigBits & 1) != 0) factor = f64x2.replace_lane(factor, 0, Math.exp(f64x2.extract_lane(x, 0)));
        if ((bigBits & 2) != 0) factor = f64x2.replace_lane(factor, 1, Math.exp(f64x2.extract_lane(x, 1)));
      }
      price = f64x2.mul(price, factor);
    }
    {
      const j = i32x4.mul(rotl4(i32x4.mul(p1, five), 7), nine);
      const t = i32x4.shl(p1, 9);
      p2 = v128.xor(p2, p0); p3 = v128.xor(p3, p1); p1 = v128.xor(p1, p2); p0 = v128.xor(p0, p3); p2 = v128.xor(p2, t); p3 = rotl4(p3, 11);
      const jA = i32x4.extract_lane(j, 0), jB = i32x4.extract_lane(j, 1);
      const iA = <usize>(jA & 127) << 3, iB = <usize>(jB & 127) << 3;
      const jf = f64x2.convert_low_i32x4_s(j);
      const ok = f64x2.lt(f64x2.abs(jf), f64x2.replace_lane(f64x2.splat(load<f64>(pK + iA)), 1, load<f64>(pK + iB)));
      let z = f64x2.mul(jf, f64x2.replace_lane(f64x2.splat(load<f64>(pW + iA)), 1, load<f64>(pW + iB)));
      const okBits = i64x2.bitmask(ok);
      if (okBits != 3) {
        if ((okBits & 1) == 0) {
          ga = i32x4.extract_lane(p0, 0); gb = i32x4.extract_lane(p1, 0); gc = i32x4.extract_lane(p2, 0); gd = i32x4.extract_lane(p3, 0);
          z = f64x2.replace_lane(z, 0, beyond(jA));
          p0 = i32x4.replace_lane(p0, 0, ga); p1 = i32x4.replace_lane(p1, 0, gb); p2 = i32x4.replace_lane(p2, 0, gc); p3 = i32x4.replace_lane(p3, 0, gd);
        }
        if ((okBits & 2) == 0) {
          ga = i32x4.extract_lane(p0, 1); gb = i32x4.extract_lane(p1, 1); gc = i32x4.extract_lane(p2, 1); gd = i32x4.extract_lane(p3, 1);
          z = f64x2.replace_lane(z, 1, beyond(jB));
          p0 = i32x4.replace_lane(p0, 1, ga); p1 = i32x4.replace_lane(p1, 1, gb); p2 = i32x4.replace_lane(p2, 1, gc); p3 = i32x4.replace_lane(p3, 1, gd);
        }
      }
      deviation = f64x2.add(f64x2.mul(f64x2.splat(phi), deviation), f64x2.mul(f64x2.splat(sd), z));
    }
    let powerPrice = f64x2.mul(one, f64x2.add(f64x2.splat(load<f64>(shape + (<usize>load<i32>(slot + h4) << 3))), deviation));
    {
      const j = i32x4.mul(rotl4(i32x4.mul(p1, five), 7), nine);
      const t = i32x4.shl(p1, 9);
      p2 = v128.xor(p2, p0); p3 = v128.xor(p3, p1); p1 = v128.xor(p1, p2); p0 = v128.xor(p0, p3); p2 = v128.xor(p2, t); p3 = rotl4(p3, 11);
      const u = f64x2.mul(f64x2.convert_low_i32x4_u(j), f64x2.splat(2.3283064365386963e-10));
      const continuing = v128.and(inSpike, f64x2.lt(u, zero));
      const starting = v128.andnot(f64x2.lt(u, f64x2.splat(spikeStart)), inSpike);
      if (v128.any_true(starting)) {
        const startBits = i64x2.bitmask(starting);
        if ((startBits & 1) != 0) spikeLevel = f64x2.replace_lane(spikeLevel, 0, threshold * Math.pow(f64x2.extract_lane(u, 0) / spikeStart, -inverseAlpha));
        if ((startBits & 2) != 0) spikeLevel = f64x2.replace_lane(spikeLevel, 1, threshold * Math.pow(f64x2.extract_lane(u, 1) / spikeStart, -inverseAlpha));
      }
      inSpike = v128.or(continuing, starting);
    }
    powerPrice = v128.bitselect(spikeLevel, powerPrice, v128.and(inSpike, f64x2.gt(spikeLevel, powerPrice)));
    powerPrice = v128.bitselect(f64x2.splat(cap), v128.bitselect(f64x2.splat(floor), powerPrice, f64x2.lt(powerPrice, f64x2.splat(floor))), f64x2.gt(powerPrice, f64x2.splat(cap)));
    const btcPerThHour = load<f64>(btcPerThHourPath + h8);
    const cost = f64x2.add(f64x2.add(powerPrice, zero), zero);
    // The AI load: the same in both runs.
    const it = load<f64>(itMw + h8);
    const aiDemand = it * (1 + (1 - 1) * 1) * 1;
    const aiServed = aiDemand <= interconnect ? aiDemand : interconnect;
    const aiRevenueHour = it * (0 * 1 + 2000) * 1 * 1 * (aiDemand > 0 ? aiServed / aiDemand : 1);
    const room0 = interconnect - aiServed - 0;
    const run0 = v128.bitselect(one, zero, f64x2.gt(f64x2.sub(f64x2.mul(f64x2.splat(t0 * btcPerThHour), price), zero), cost));
    const run1 = v128.bitselect(one, zero, f64x2.gt(f64x2.sub(f64x2.mul(f64x2.splat(t1 * btcPerThHour), price), zero), cost));
    const run2 = v128.bitselect(one, zero, f64x2.gt(f64x2.sub(f64x2.mul(f64x2.splat(t2 * btcPerThHour), price), zero), cost));
    const r0 = room0 > 0 ? room0 : 0;
    const m0 = f64x2.mul(run0, f64x2.splat(c0 <= r0 ? c0 : r0));
    let room = f64x2.sub(f64x2.splat(room0), m0);
    const r1 = v128.bitselect(room, zero, f64x2.gt(room, zero));
    const m1 = f64x2.mul(run1, v128.bitselect(f64x2.splat(c1), r1, f64x2.le(f64x2.splat(c1), r1)));
    room = f64x2.sub(room, m1);
    const r2 = v128.bitselect(room, zero, f64x2.gt(room, zero));
    const m2 = f64x2.mul(run2, v128.bitselect(f64x2.splat(c2), r2, f64x2.le(f64x2.splat(c2), r2)));
    const miningMw = f64x2.add(f64x2.add(m0, m1), m2);
    const economicMw = f64x2.add(f64x2.add(f64x2.mul(f64x2.sub(one, run0), f64x2.splat(c0)), f64x2.mul(f64x2.sub(one, run1), f64x2.splat(c1))), f64x2.mul(f64x2.sub(one, run2), f64x2.splat(c2)));
    const capacityMw = f64x2.add(f64x2.add(f64x2.mul(run0, f64x2.sub(f64x2.splat(c0), m0)), f64x2.mul(run1, f64x2.sub(f64x2.splat(c1), m1))), f64x2.mul(run2, f64x2.sub(f64x2.splat(c2), m2)));
    const btcPerTh = f64x2.splat(btcPerThHour);
    const minedBtc = f64x2.add(f64x2.add(f64x2.mul(f64x2.mul(m0, f64x2.splat(t0)), btcPerTh), f64x2.mul(f64x2.mul(m1, f64x2.splat(t1)), btcPerTh)), f64x2.mul(f64x2.mul(m2, f64x2.splat(t2)), btcPerTh));
    const n0 = f64x2.gt(m0, zero), n1 = f64x2.gt(m1, zero), n2 = f64x2.gt(m2, zero);
    restarts = i64x2.sub(i64x2.sub(i64x2.sub(restarts, v128.andnot(n0, on0)), v128.andnot(n1, on1)), v128.andnot(n2, on2));
    on0 = n0; on1 = n1; on2 = n2;
    const miningRevenueHour = f64x2.mul(minedBtc, price);
    const miningPowerCostHour = f64x2.mul(miningMw, cost);
    const cash = f64x2.sub(f64x2.add(f64x2.mul(miningRevenueHour, one), f64x2.splat(aiRevenueHour)), miningPowerCostHour);
    miningRevenue = f64x2.add(miningRevenue, miningRevenueHour);
    aiRevenue += aiRevenueHour;
    miningPowerCost = f64x2.add(miningPowerCost, miningPowerCostHour);
    btcMined = f64x2.add(btcMined, minedBtc);
    miningMwh = f64x2.add(miningMwh, miningMw);
    aiMwh += aiServed;
    curtailedEconomic = f64x2.add(curtailedEconomic, economicMw);
    curtailedCapacity = f64x2.add(curtailedCapacity, capacityMw);
    curtailedHours = f64x2.add(curtailedHours, v128.bitselect(one, zero, f64x2.gt(f64x2.add(economicMw, capacityMw), f64x2.splat(1e-9))));
    npv = f64x2.add(npv, f64x2.mul(cash, f64x2.splat(load<f64>(discount + h8))));
    const month = load<i32>(monthIndex + h4);
    const m16 = <usize>month << 4;
    v128.store(monthly + m16, f64x2.add(v128.load(monthly + m16), cash));
    const ebitdaHour = f64x2.add(cash, f64x2.mul(miningRevenueHour, zero));
    v128.store(monthlyEbitda + m16, f64x2.add(v128.load(monthlyEbitda + m16), ebitdaHour));
    if (h >= H - 8760) lastYearEbitda = f64x2.add(lastYearEbitda, ebitdaHour);
    if (h == H - 1 || load<i32>(monthIndex + h4 + 4) != month) {
      const subsidyAndFees = load<f64>(subsidyPath + h8) + load<f64>(feesPath + h8);
      const difficulty = load<f64>(difficultyPath + h8);
      const hashprice = f64x2.div(f64x2.mul(f64x2.mul(f64x2.mul(f64x2.splat(subsidyAndFees), price), f64x2.splat(86400)), f64x2.splat(1e12)), f64x2.splat(difficulty * 4294967296));
      cumulativeCash = f64x2.add(cumulativeCash, v128.load(monthly + m16));
      v128.store(monthEnd + (m16 << 2), cumulativeCash);
      v128.store(monthEnd + (m16 << 2) + 16, price);
      v128.store(monthEnd + (m16 << 2) + 32, hashprice);
      v128.store(monthEnd + (m16 << 2) + 48, f64x2.splat(difficulty));
    }
    if (load<i32>(yearIndex + h4) == 0) {
      firstYearMiningRevenue = f64x2.add(firstYearMiningRevenue, miningRevenueHour);
      firstYearMiningMwh = f64x2.add(firstYearMiningMwh, miningMw);
    }
    priceSum = f64x2.add(priceSum, powerPrice);
  }
  const meanPrice = f64x2.div(priceSum, f64x2.splat(<f64>H));
  const check = f64x2.add(f64x2.add(f64x2.add(f64x2.add(npv, firstYearMiningRevenue), firstYearMiningMwh), logPrice), lastYearEbitda);
  storePair(out, 0, miningRevenue); storePair(out, 8, f64x2.splat(aiRevenue)); storePair(out, 16, miningPowerCost); storePair(out, 24, btcMined);
  storePair(out, 32, miningMwh); storePair(out, 40, f64x2.splat(aiMwh)); storePair(out, 48, curtailedEconomic); storePair(out, 56, curtailedCapacity);
  storePair(out, 64, curtailedHours); storePair(out, 72, f64x2.convert_low_i32x4_s(i32x4.shuffle(restarts, restarts, 0, 2, 0, 2)));
  storePair(out, 80, price); storePair(out, 88, f64x2.splat(finalHashrateEhs)); storePair(out, 96, meanPrice); storePair(out, 104, check);
}

/** Lane 0 at out + offset, lane 1 at out + 128 + offset: each run's outputs where run() writes them. */
@inline function storePair(out: usize, offset: usize, v: v128): void {
  store<f64>(out + offset, f64x2.extract_lane(v, 0));
  store<f64>(out + 128 + offset, f64x2.extract_lane(v, 1));
}
