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
