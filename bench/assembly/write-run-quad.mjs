// runQuad, the reference hour for four runs in SIMD lanes: runPair's operations (bench/assembly/
// ceiling.ts) written out for two halves, Lo (runs A, B) and Hi (runs C, D), each double an f64x2
// and the generator's words of the four runs in i32x4 (AssemblyScript cannot loop over locals). A
// measurement for issue 13 (docs/speed.md, point 23): `npm run bench` compiles ceiling.ts with this
// text added (ceilingWithQuad) and bench/ceiling-wasm.ts checks each run's bits and times it.
//   node bench/assembly/write-run-quad.mjs OUT.ts     writes ceiling.ts with runQuad added to OUT.ts
import { readFileSync, writeFileSync } from "node:fs";

/** The text once for each half: {L} the half's name, {HI} whether it is the high one, {K0} {K1} its lanes. */
function halves(text) {
  return [["Lo", "false", "0", "1"], ["Hi", "true", "2", "3"]]
    .map(([L, HI, K0, K1]) => text.replaceAll("{L}", L).replaceAll("{HI}", HI).replaceAll("{K0}", K0).replaceAll("{K1}", K1))
    .join("\n");
}

/** A normal for each of the four runs from the stream whose words are in vectors s0..s3: the ziggurat's common path in lanes, its rare path lane by lane. */
function zig(s) {
  let out = `      const j = i32x4.mul(rotl4(i32x4.mul(${s}1, five), 7), nine);
      const t = i32x4.shl(${s}1, 9);
      ${s}2 = v128.xor(${s}2, ${s}0); ${s}3 = v128.xor(${s}3, ${s}1); ${s}1 = v128.xor(${s}1, ${s}2); ${s}0 = v128.xor(${s}0, ${s}3); ${s}2 = v128.xor(${s}2, t); ${s}3 = rotl4(${s}3, 11);
      const j0 = i32x4.extract_lane(j, 0), j1 = i32x4.extract_lane(j, 1), j2 = i32x4.extract_lane(j, 2), j3 = i32x4.extract_lane(j, 3);
      const i0 = <usize>(j0 & 127) << 3, i1 = <usize>(j1 & 127) << 3, i2 = <usize>(j2 & 127) << 3, i3 = <usize>(j3 & 127) << 3;
`;
  out += halves(`      const jf{L} = lanesToF64(j, {HI});
      const ok{L} = f64x2.lt(f64x2.abs(jf{L}), f64x2.replace_lane(f64x2.splat(load<f64>(pK + i{K0})), 1, load<f64>(pK + i{K1})));
      let z{L} = f64x2.mul(jf{L}, f64x2.replace_lane(f64x2.splat(load<f64>(pW + i{K0})), 1, load<f64>(pW + i{K1})));`) + "\n";
  out += `      const okBits = i64x2.bitmask(okLo) | (i64x2.bitmask(okHi) << 2);
      if (okBits != 15) {
`;
  for (let k = 0; k < 4; k++) {
    const L = k < 2 ? "Lo" : "Hi";
    out += `        if ((okBits & ${1 << k}) == 0) {
          ga = i32x4.extract_lane(${s}0, ${k}); gb = i32x4.extract_lane(${s}1, ${k}); gc = i32x4.extract_lane(${s}2, ${k}); gd = i32x4.extract_lane(${s}3, ${k});
          z${L} = f64x2.replace_lane(z${L}, ${k & 1}, beyond(j${k}));
          ${s}0 = i32x4.replace_lane(${s}0, ${k}, ga); ${s}1 = i32x4.replace_lane(${s}1, ${k}, gb); ${s}2 = i32x4.replace_lane(${s}2, ${k}, gc); ${s}3 = i32x4.replace_lane(${s}3, ${k}, gd);
        }
`;
  }
  return out + "      }\n";
}

const code = `
// runQuad: the same hour for four runs at once: the generator's words of runs A-D in the lanes of
// i32x4, each double as two f64x2 (Lo: runs A and B; Hi: C and D). Each lane makes the scalar run's
// operations in the same order (bench/ceiling-wasm.ts checks the bits); written out for the two
// halves by a script, as runPair's operations (docs/speed.md, point 23).
@inline function quadWords(words: usize, offset: usize): v128 {
  return i32x4.replace_lane(i32x4.replace_lane(i32x4.replace_lane(i32x4.splat(load<i32>(words + offset)), 1, load<i32>(words + 32 + offset)), 2, load<i32>(words + 64 + offset)), 3, load<i32>(words + 96 + offset));
}
@inline function lanesToF64(j: v128, hi: bool): v128 {
  return hi ? f64x2.convert_low_i32x4_s(i32x4.shuffle(j, j, 2, 3, 2, 3)) : f64x2.convert_low_i32x4_s(j);
}
@inline function lanesToF64u(j: v128, hi: bool): v128 {
  return hi ? f64x2.convert_low_i32x4_u(i32x4.shuffle(j, j, 2, 3, 2, 3)) : f64x2.convert_low_i32x4_u(j);
}
/** Lanes 0 and 1 of lo and hi at out + 128 k + offset: each run's outputs where run() writes them. */
@inline function storeQuad(out: usize, offset: usize, lo: v128, hi: v128): void {
  store<f64>(out + offset, f64x2.extract_lane(lo, 0));
  store<f64>(out + 128 + offset, f64x2.extract_lane(lo, 1));
  store<f64>(out + 256 + offset, f64x2.extract_lane(hi, 0));
  store<f64>(out + 384 + offset, f64x2.extract_lane(hi, 1));
}

export function runQuad(
  H: i32, words: usize, itMw: usize, slot: usize, monthIndex: usize, yearIndex: usize, discount: usize, shape: usize,
  monthly: usize, monthlyEbitda: usize, monthEnd: usize, months: i32, out: usize,
  driftPerHour: f64, sdPerHour: f64, startPrice: f64, phi: f64, sd: f64, spikeStart: f64, threshold: f64, inverseAlpha: f64, cap: f64, floor: f64,
  interconnect: f64, c0: f64, c1: f64, c2: f64, t0: f64, t1: f64, t2: f64,
  btcPerThHourPath: usize, subsidyPath: usize, feesPath: usize, difficultyPath: usize, finalHashrateEhs: f64,
): void {
  // words: each run's btc (4) and power (4) words, runs A-D 32 bytes apart.
  let b0 = quadWords(words, 0), b1 = quadWords(words, 4), b2 = quadWords(words, 8), b3 = quadWords(words, 12);
  let p0 = quadWords(words, 16), p1 = quadWords(words, 20), p2 = quadWords(words, 24), p3 = quadWords(words, 28);
  const five = i32x4.splat(5), nine = i32x4.splat(9);
  const zero = f64x2.splat(0), one = f64x2.splat(1);
  const logStart = Math.log(startPrice);
` + halves(`  let logPrice{L} = f64x2.splat(logStart);
  let price{L} = f64x2.splat(startPrice);
  let deviation{L} = f64x2.splat(0);
  let inSpike{L} = i64x2.splat(0);
  let spikeLevel{L} = f64x2.splat(0);
  let on0{L} = i64x2.splat(-1), on1{L} = i64x2.splat(-1), on2{L} = i64x2.splat(-1);
  let restarts{L} = i64x2.splat(0);
  let miningRevenue{L} = zero, miningPowerCost{L} = zero, btcMined{L} = zero, miningMwh{L} = zero;
  let curtailedEconomic{L} = zero, curtailedCapacity{L} = zero, curtailedHours{L} = zero, npv{L} = zero, priceSum{L} = zero;
  let firstYearMiningRevenue{L} = zero, firstYearMiningMwh{L} = zero, lastYearEbitda{L} = zero, cumulativeCash{L} = zero;`) + `
  let aiRevenue: f64 = 0, aiMwh: f64 = 0;
  memory.fill(monthly, 0, <usize>months << 5);
  memory.fill(monthlyEbitda, 0, <usize>months << 5);
  for (let h = 0; h < H; h++) {
    const h8 = <usize>h << 3;
    const h4 = <usize>h << 2;
    if (h > 0) {
` + zig("b") + halves(`      const x{L} = f64x2.add(f64x2.splat(driftPerHour), f64x2.mul(f64x2.splat(sdPerHour), z{L}));
      logPrice{L} = f64x2.add(logPrice{L}, x{L});
      const x2{L} = f64x2.mul(x{L}, x{L});
      let factor{L} = f64x2.add(one, f64x2.add(x{L}, f64x2.add(
        f64x2.mul(x2{L}, f64x2.add(f64x2.splat(0.5), f64x2.mul(x{L}, f64x2.splat(1.0 / 6)))),
        f64x2.mul(f64x2.mul(x2{L}, x2{L}), f64x2.add(f64x2.add(f64x2.splat(1.0 / 24), f64x2.mul(x{L}, f64x2.splat(1.0 / 120))), f64x2.mul(x2{L}, f64x2.add(f64x2.splat(1.0 / 720), f64x2.mul(x{L}, f64x2.splat(1.0 / 5040)))))))));
      const big{L} = v128.or(f64x2.gt(x{L}, f64x2.splat(1.0 / 32)), f64x2.lt(x{L}, f64x2.splat(-1.0 / 32)));
      if (v128.any_true(big{L})) {
        const bigBits = i64x2.bitmask(big{L});
        if ((bigBits & 1) != 0) factor{L} = f64x2.replace_lane(factor{L}, 0, Math.exp(f64x2.extract_lane(x{L}, 0)));
        if ((bigBits & 2) != 0) factor{L} = f64x2.replace_lane(factor{L}, 1, Math.exp(f64x2.extract_lane(x{L}, 1)));
      }
      price{L} = f64x2.mul(price{L}, factor{L});`) + `
    }
    {
` + zig("p") + halves(`      deviation{L} = f64x2.add(f64x2.mul(f64x2.splat(phi), deviation{L}), f64x2.mul(f64x2.splat(sd), z{L}));`) + `
    }
    const shapeValue = f64x2.splat(load<f64>(shape + (<usize>load<i32>(slot + h4) << 3)));
` + halves(`    let powerPrice{L} = f64x2.mul(one, f64x2.add(shapeValue, deviation{L}));`) + `
    {
      const j = i32x4.mul(rotl4(i32x4.mul(p1, five), 7), nine);
      const t = i32x4.shl(p1, 9);
      p2 = v128.xor(p2, p0); p3 = v128.xor(p3, p1); p1 = v128.xor(p1, p2); p0 = v128.xor(p0, p3); p2 = v128.xor(p2, t); p3 = rotl4(p3, 11);
` + halves(`      const u{L} = f64x2.mul(lanesToF64u(j, {HI}), f64x2.splat(2.3283064365386963e-10));
      const continuing{L} = v128.and(inSpike{L}, f64x2.lt(u{L}, zero));
      const starting{L} = v128.andnot(f64x2.lt(u{L}, f64x2.splat(spikeStart)), inSpike{L});
      if (v128.any_true(starting{L})) {
        const startBits = i64x2.bitmask(starting{L});
        if ((startBits & 1) != 0) spikeLevel{L} = f64x2.replace_lane(spikeLevel{L}, 0, threshold * Math.pow(f64x2.extract_lane(u{L}, 0) / spikeStart, -inverseAlpha));
        if ((startBits & 2) != 0) spikeLevel{L} = f64x2.replace_lane(spikeLevel{L}, 1, threshold * Math.pow(f64x2.extract_lane(u{L}, 1) / spikeStart, -inverseAlpha));
      }
      inSpike{L} = v128.or(continuing{L}, starting{L});`) + `
    }
` + halves(`    powerPrice{L} = v128.bitselect(spikeLevel{L}, powerPrice{L}, v128.and(inSpike{L}, f64x2.gt(spikeLevel{L}, powerPrice{L})));
    powerPrice{L} = v128.bitselect(f64x2.splat(cap), v128.bitselect(f64x2.splat(floor), powerPrice{L}, f64x2.lt(powerPrice{L}, f64x2.splat(floor))), f64x2.gt(powerPrice{L}, f64x2.splat(cap)));`) + `
    const btcPerThHour = load<f64>(btcPerThHourPath + h8);
    // The AI load: the same in all four runs.
    const it = load<f64>(itMw + h8);
    const aiDemand = it * (1 + (1 - 1) * 1) * 1;
    const aiServed = aiDemand <= interconnect ? aiDemand : interconnect;
    const aiRevenueHour = it * (0 * 1 + 2000) * 1 * 1 * (aiDemand > 0 ? aiServed / aiDemand : 1);
    const room0 = interconnect - aiServed - 0;
    const r0 = room0 > 0 ? room0 : 0;
    const first = f64x2.splat(c0 <= r0 ? c0 : r0);
    const btcPerTh = f64x2.splat(btcPerThHour);
    const discountHour = f64x2.splat(load<f64>(discount + h8));
    const month = load<i32>(monthIndex + h4);
    const m32 = <usize>month << 5;
    const monthEnds = h == H - 1 || load<i32>(monthIndex + h4 + 4) != month;
    const firstYear = load<i32>(yearIndex + h4) == 0;
` + halves(`    {
      const cost = f64x2.add(f64x2.add(powerPrice{L}, zero), zero);
      const run0 = v128.bitselect(one, zero, f64x2.gt(f64x2.sub(f64x2.mul(f64x2.splat(t0 * btcPerThHour), price{L}), zero), cost));
      const run1 = v128.bitselect(one, zero, f64x2.gt(f64x2.sub(f64x2.mul(f64x2.splat(t1 * btcPerThHour), price{L}), zero), cost));
      const run2 = v128.bitselect(one, zero, f64x2.gt(f64x2.sub(f64x2.mul(f64x2.splat(t2 * btcPerThHour), price{L}), zero), cost));
      const m0 = f64x2.mul(run0, first);
      let room = f64x2.sub(f64x2.splat(room0), m0);
      const r1 = v128.bitselect(room, zero, f64x2.gt(room, zero));
      const m1 = f64x2.mul(run1, v128.bitselect(f64x2.splat(c1), r1, f64x2.le(f64x2.splat(c1), r1)));
      room = f64x2.sub(room, m1);
      const r2 = v128.bitselect(room, zero, f64x2.gt(room, zero));
      const m2 = f64x2.mul(run2, v128.bitselect(f64x2.splat(c2), r2, f64x2.le(f64x2.splat(c2), r2)));
      const miningMw = f64x2.add(f64x2.add(m0, m1), m2);
      const economicMw = f64x2.add(f64x2.add(f64x2.mul(f64x2.sub(one, run0), f64x2.splat(c0)), f64x2.mul(f64x2.sub(one, run1), f64x2.splat(c1))), f64x2.mul(f64x2.sub(one, run2), f64x2.splat(c2)));
      const capacityMw = f64x2.add(f64x2.add(f64x2.mul(run0, f64x2.sub(f64x2.splat(c0), m0)), f64x2.mul(run1, f64x2.sub(f64x2.splat(c1), m1))), f64x2.mul(run2, f64x2.sub(f64x2.splat(c2), m2)));
      const minedBtc = f64x2.add(f64x2.add(f64x2.mul(f64x2.mul(m0, f64x2.splat(t0)), btcPerTh), f64x2.mul(f64x2.mul(m1, f64x2.splat(t1)), btcPerTh)), f64x2.mul(f64x2.mul(m2, f64x2.splat(t2)), btcPerTh));
      const n0 = f64x2.gt(m0, zero), n1 = f64x2.gt(m1, zero), n2 = f64x2.gt(m2, zero);
      restarts{L} = i64x2.sub(i64x2.sub(i64x2.sub(restarts{L}, v128.andnot(n0, on0{L})), v128.andnot(n1, on1{L})), v128.andnot(n2, on2{L}));
      on0{L} = n0; on1{L} = n1; on2{L} = n2;
      const miningRevenueHour = f64x2.mul(minedBtc, price{L});
      const miningPowerCostHour = f64x2.mul(miningMw, cost);
      const cash = f64x2.sub(f64x2.add(f64x2.mul(miningRevenueHour, one), f64x2.splat(aiRevenueHour)), miningPowerCostHour);
      miningRevenue{L} = f64x2.add(miningRevenue{L}, miningRevenueHour);
      miningPowerCost{L} = f64x2.add(miningPowerCost{L}, miningPowerCostHour);
      btcMined{L} = f64x2.add(btcMined{L}, minedBtc);
      miningMwh{L} = f64x2.add(miningMwh{L}, miningMw);
      curtailedEconomic{L} = f64x2.add(curtailedEconomic{L}, economicMw);
      curtailedCapacity{L} = f64x2.add(curtailedCapacity{L}, capacityMw);
      curtailedHours{L} = f64x2.add(curtailedHours{L}, v128.bitselect(one, zero, f64x2.gt(f64x2.add(economicMw, capacityMw), f64x2.splat(1e-9))));
      npv{L} = f64x2.add(npv{L}, f64x2.mul(cash, discountHour));
      const at = m32 + ({HI} ? 16 : 0);
      v128.store(monthly + at, f64x2.add(v128.load(monthly + at), cash));
      const ebitdaHour = f64x2.add(cash, f64x2.mul(miningRevenueHour, zero));
      v128.store(monthlyEbitda + at, f64x2.add(v128.load(monthlyEbitda + at), ebitdaHour));
      if (h >= H - 8760) lastYearEbitda{L} = f64x2.add(lastYearEbitda{L}, ebitdaHour);
      if (monthEnds) {
        const subsidyAndFees = load<f64>(subsidyPath + h8) + load<f64>(feesPath + h8);
        const difficulty = load<f64>(difficultyPath + h8);
        const hashprice = f64x2.div(f64x2.mul(f64x2.mul(f64x2.mul(f64x2.splat(subsidyAndFees), price{L}), f64x2.splat(86400)), f64x2.splat(1e12)), f64x2.splat(difficulty * 4294967296));
        cumulativeCash{L} = f64x2.add(cumulativeCash{L}, v128.load(monthly + at));
        const endAt = monthEnd + (m32 << 2) + ({HI} ? 16 : 0);
        v128.store(endAt, cumulativeCash{L});
        v128.store(endAt + 32, price{L});
        v128.store(endAt + 64, hashprice);
        v128.store(endAt + 96, f64x2.splat(difficulty));
      }
      if (firstYear) {
        firstYearMiningRevenue{L} = f64x2.add(firstYearMiningRevenue{L}, miningRevenueHour);
        firstYearMiningMwh{L} = f64x2.add(firstYearMiningMwh{L}, miningMw);
      }
      priceSum{L} = f64x2.add(priceSum{L}, powerPrice{L});
    }`) + `
    aiRevenue += aiRevenueHour;
    aiMwh += aiServed;
  }
` + halves(`  const meanPrice{L} = f64x2.div(priceSum{L}, f64x2.splat(<f64>H));
  const check{L} = f64x2.add(f64x2.add(f64x2.add(f64x2.add(npv{L}, firstYearMiningRevenue{L}), firstYearMiningMwh{L}), logPrice{L}), lastYearEbitda{L});
  const restartsF{L} = f64x2.convert_low_i32x4_s(i32x4.shuffle(restarts{L}, restarts{L}, 0, 2, 0, 2));`) + `
  storeQuad(out, 0, miningRevenueLo, miningRevenueHi); storeQuad(out, 8, f64x2.splat(aiRevenue), f64x2.splat(aiRevenue));
  storeQuad(out, 16, miningPowerCostLo, miningPowerCostHi); storeQuad(out, 24, btcMinedLo, btcMinedHi);
  storeQuad(out, 32, miningMwhLo, miningMwhHi); storeQuad(out, 40, f64x2.splat(aiMwh), f64x2.splat(aiMwh));
  storeQuad(out, 48, curtailedEconomicLo, curtailedEconomicHi); storeQuad(out, 56, curtailedCapacityLo, curtailedCapacityHi);
  storeQuad(out, 64, curtailedHoursLo, curtailedHoursHi); storeQuad(out, 72, restartsFLo, restartsFHi);
  storeQuad(out, 80, priceLo, priceHi); storeQuad(out, 88, f64x2.splat(finalHashrateEhs), f64x2.splat(finalHashrateEhs));
  storeQuad(out, 96, meanPriceLo, meanPriceHi); storeQuad(out, 104, checkLo, checkHi);
}
`;

/** bench/assembly/ceiling.ts with runQuad added. */
export function ceilingWithQuad() {
  return `${readFileSync("bench/assembly/ceiling.ts", "utf8").trimEnd()}\n${code}`;
}

if (import.meta.url === `file://${process.argv[1]}`) writeFileSync(process.argv[2], ceilingWithQuad());
