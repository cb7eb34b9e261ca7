// The scenario file's schema: the one place where every field, its unit, its default and
// its meaning are stated. The docs (docs/scenario-fields.md) and the JSON Schema are
// generated from it.
import { z } from "zod";
import marketFit from "../../data/market-fit-2025-01-01.json";
import network2025 from "../../data/network-2025-01-01.json";
import powerFit from "../../data/power-hb-west-2019-2024.json";
import btcFit from "../../data/btc-2021-2024.json";
import supplyFit from "../../data/network-supply-2016-2024.json";
import btcSvFit from "../../data/btc-sv-2014-2024.json";
import feeFit from "../../data/fees-2016-2019.json";
import basisFit from "../../data/basis-lz-west-2019-2024.json";
import rtSpreadFit from "../../data/rt-spread-hb-west-2024.json";
import { fraction, isoDate, positive, SeriesSource } from "./fields";
import { GRID_COMPONENT_SCHEMAS, MINING_COMPONENT_SCHEMAS, ROOT_COMPONENT_SCHEMAS, SITE_COMPONENT_SCHEMAS } from "../site/components";
import { FLEET_FIELDS, MiningClass } from "../site/fleet";
import { AiHall } from "../site/halls";

// Calibrated defaults: data/power-hb-west-2019-2024.json and data/btc-2021-2024.json, made by
// scripts/calibrate-defaults.sh (sim calibrate on ../shared/data; each file records its command and date).
const power = powerFit.power;

const round = (x: number, digits: number) => Number(x.toPrecision(digits));

const isoHour = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:00(:00)?(\.000)?Z$/, "an ISO-8601 UTC time on an hour boundary, like 2025-01-01T00:00:00Z")
  .refine((s) => !Number.isNaN(Date.parse(s)), "a real calendar date");

export const Horizon = z
  .union([
    z.strictObject({ years: z.number().positive().max(50).describe("Length of the simulation in years of 8,760 hours.") }),
    z.strictObject({ hours: z.number().int().positive().max(438000).describe("Length of the simulation in hours.") }),
  ])
  .describe("How long each run lasts: {\"years\": N} or {\"hours\": N}.");

export const Mining = z
  .strictObject({
    ...FLEET_FIELDS,
    ...MINING_COMPONENT_SCHEMAS,
  })
  .describe("The curtailable mining fleet.");


const extendField = z
  .enum(["loop", "hold"])
  .default("loop")
  .describe("Where the file does not cover the scenario's hours: loop it by whole 52-week years, or hold its first and last values.");

const replayFields = {
  model: z.literal("replay"),
  offsetHours: z.number().int().default(0).describe("Shift into the file, hours (added to the scenario's time before looking it up)."),
  extend: extendField,
};

/** Inserts model: defaultModel when a market block has no model, so {} still means the default. */
const withDefaultModel = (defaultModel: string) => (value: unknown) =>
  value !== null && typeof value === "object" && !Array.isArray(value) && !("model" in value) ? { ...value, model: defaultModel } : value;

const REPLAY_DESCRIPTION =
  "Replay of a recorded series. Where the file covers the scenario's hours they are used as they are; otherwise it loops by whole 52-week years (8,736 hours), keeping weekday and hour of day, or holds its end values (extend).";


/** The fields of a skewed, persistent price spread (basis, real-time spread): fitted quantiles and a two-time-scale latent normal. */
const spreadFields = (fit: { quantilesUsdPerMwh: number[]; persistencePerHour: number; dayWeight: number; dayPersistence: number }, quantilesDescription: string) => ({
  quantilesUsdPerMwh: z.array(z.number()).min(2).default(fit.quantilesUsdPerMwh).describe(quantilesDescription),
  persistencePerHour: fraction("Hour-to-hour correlation of the latent's hourly part.").default(fit.persistencePerHour),
  dayWeight: fraction("Share of the latent's variance in its day level (congestion and spreads that last days).").default(fit.dayWeight),
  dayPersistence: fraction("Correlation of the day level from one day to the next.").default(fit.dayPersistence),
});

export const Basis = z
  .preprocess(
    withDefaultModel("stochastic"),
    z.discriminatedUnion("model", [
      z.strictObject({ model: z.literal("none") }).describe("The site settles at the price of the power market (a hub, or a replayed load-zone price)."),
      z.strictObject({ model: z.literal("constant"), usdPerMwh: z.number().describe("Load-zone price minus hub price in every hour, $/MWh.") }).describe("A constant basis."),
      z
        .strictObject({
          model: z.literal("stochastic"),
          ...spreadFields(
            basisFit.basis,
            "Quantiles of the hourly basis at probabilities (k + 0.5) / K, $/MWh (default: LZ_WEST - HB_WEST day-ahead 2019-2024, data/basis-lz-west-2019-2024.json: mean $7.0, P50 $2.1, P95 $30.7, P99 $67.5).",
          ),
        })
        .describe("A skewed, persistent basis: its fitted quantiles driven by a two-time-scale latent normal (sim calibrate basis)."),
    ]),
  )
  .describe(
    "Loads settle at their load zone, not the hub: the price the site pays (and compares hash revenue with) is the power market's price + this basis + the adders. Default: ERCOT LZ_WEST over HB_WEST, fitted on 2019-2024 day-ahead prices (every fit statistic in its model band; the basis is additive: regressing LZ_WEST on HB_WEST gives slopes 1.00-1.03 every year). Set model none when the power price is already the load zone's.",
  );

export const RealTime = z
  .strictObject({
    ...spreadFields(
      rtSpreadFit.realTime,
      "Quantiles of the hourly real-time minus day-ahead price, $/MWh (default: HB_WEST 2024, data/rt-spread-hb-west-2024.json: mean -$1.1, P5 -$22.9, P95 $24.5, P99 $75.5, sd $61.6; 1,000 quantiles so the spikes are kept).",
    ),
    dayAheadPosition: z
      .enum(["expected-load", "none"])
      .default("expected-load")
      .describe("expected-load: each hour the site buys day-ahead the load it plans at the day-ahead price (AI, and the mining that earns more than the day-ahead price), and settles the difference at real time; none: everything at real time."),
  })
  .describe(
    "Real-time prices beside the day-ahead market the power model describes: RT = DA + a skewed, persistent spread (sim calibrate rt-spread). Mining is dispatched on the real-time price; the day-ahead position settles at DA and deviations at RT, so curtailing in a real-time spike sells the position back at RT (the RT premium, dayahead_settlement_usd).",
  );

export const Site = z
  .strictObject({
    interconnectMw: positive("Grid import limit at the point of interconnection, MW. Site load never exceeds it in any hour."),
    powerAdderUsdPerMwh: z
      .number()
      .min(0)
      .default(5)
      .describe("Transmission/distribution and retail adders paid on every imported MWh on top of the wholesale price, $/MWh (assumption; 4CP charges come with grid programs)."),
    basis: Basis.default(Basis.parse({})),
    timezone: z
      .string()
      .default("America/Chicago")
      .describe("IANA time zone of the site's market, used for the hour-of-day and month of price shapes and AI utilization profiles."),
    ...SITE_COMPONENT_SCHEMAS,
  })
  .describe("The site and its grid connection.");

export const BtcGbm = z
  .strictObject({
    model: z.literal("gbm"),
    startPriceUsd: positive("BTC price at the start, $.").default(network2025.btcPriceUsd),
    driftPerYear: z.number().default(0.1).describe("Drift of ln(price) per year, jumps included: the median path grows by about this (assumption, well below the 2021-2024 mean log return of 0.29 and 2015-2024's 0.57, so as not to project past bull markets)."),
    volatilityPerYear: z.number().min(0).max(5).default(btcFit.btc.volatilityPerYear).describe("Diffusion volatility of ln(price) per square-root year, jumps aside (at most 5, ten times BTC's highest yearly volatility) (fitted on 2021-2024 daily returns, data/btc-2021-2024.json)."),
    jumps: z
      .strictObject({
        perYear: z.number().min(0).max(365).describe("Expected number of jumps per year (at most one a day on average)."),
        meanLog: z.number().min(-1).max(1).describe("Mean of the log jump size (within +-1: a jump of x2.7 on average at most)."),
        sdLog: z.number().min(0).max(2).describe("Standard deviation of the log jump size (at most 2)."),
      })
      .default(btcFit.btc.jumps)
      .describe("Merton jumps added to the diffusion (default: fitted on 2021-2024 daily returns beyond 3 robust standard deviations, data/btc-2021-2024.json); perYear 0 for none."),
  })
  .describe("BTC/USD price: GBM of ln(price) with optional jumps, stepped hourly.");

const SV_FIT = "fitted on 2014-2024 daily returns, data/btc-sv-2014-2024.json";
export const BtcSv = z
  .strictObject({
    model: z.literal("sv"),
    startPriceUsd: positive("BTC price at the start, $.").default(network2025.btcPriceUsd),
    driftPerYear: z.number().default(0.1).describe("Drift of ln(price) per year, jumps included: the median path grows by about this (assumption, well below the 2021-2024 mean log return of 0.29 and 2015-2024's 0.57, so as not to project past bull markets)."),
    volatilityPerYear: z.number().min(0).max(5).default(btcSvFit.shape.volatilityPerYear).describe(`Long-run volatility of the diffusion per square-root year, jumps aside: the root mean square of the moving volatility (${SV_FIT}: with the jumps, the pooled 2014-2024 volatility 0.70).`),
    volatilitySdLog: z.number().min(0).max(2).default(btcSvFit.shape.volatilitySdLog).describe(`Standard deviation of ln(volatility) around its long-run level: calm and turbulent spells (${SV_FIT}: matches the spread of the recorded years' volatility).`),
    volatilityHalfLifeDays: z.number().positive().max(3650).default(btcSvFit.shape.volatilityHalfLifeDays).describe(`Half-life of a spell of high or low volatility, days (${SV_FIT}: from the autocorrelation of 60-day realised volatility).`),
    jumps: z
      .strictObject({
        perYear: z.number().min(0).max(365).describe("Expected number of jumps per year (at most one a day on average)."),
        meanLog: z.number().min(-1).max(1).describe("Mean of the log jump size (within +-1)."),
        sdLog: z.number().min(0).max(2).describe("Standard deviation of the log jump size (at most 2)."),
      })
      .default(btcSvFit.shape.jumps)
      .describe(`Merton jumps on top of the moving volatility (${SV_FIT}: the rate matches the recorded years' median excess kurtosis; size sd 0.12 assumed); perYear 0 for none.`),
  })
  .describe("BTC/USD price: ln(price) with a slowly moving volatility (an AR(1) of ln volatility) and jumps, stepped hourly: some years are calm, some turbulent, as in the record.");

export const BtcReplay = SeriesSource.extend(replayFields).describe(`${REPLAY_DESCRIPTION} Daily prices are interpolated log-linearly to hours.`);

export const BtcBootstrap = SeriesSource.extend({
  model: z.literal("bootstrap"),
  startPriceUsd: positive("BTC price at the start, $.").default(network2025.btcPriceUsd),
  blockDays: z.number().int().positive().default(30).describe("Length of the resampled blocks of daily log returns, days."),
}).describe("Block bootstrap of the file's daily log returns: each run strings together random blocks of consecutive days from the start price, spread evenly over each day's hours.");

export const BtcMarket = z
  .preprocess(withDefaultModel("sv"), z.discriminatedUnion("model", [BtcSv, BtcGbm, BtcReplay, BtcBootstrap]))
  .describe("BTC/USD price process: sv (stochastic volatility, default), gbm (constant volatility), replay or bootstrap.");

export const PowerStochastic = z
  .strictObject({
    model: z.literal("stochastic"),
    shapeUsdPerMwh: z
      .array(z.number())
      .length(288)
      .default(power.shapeUsdPerMwh)
      .describe("Typical price by month (12) x local hour of day (24), month-major, $/MWh (default: ERCOT HB_WEST day-ahead 2019-2024 medians, data/power-hb-west-2019-2024.json)."),
    meanReversionPerHour: fraction("AR(1) coefficient of the hourly deviation from the shape (of the latent normal when deviation quantiles are given).").default(power.meanReversionPerHour),
    deviationSdUsdPerMwh: z.number().min(0).default(power.deviationSdUsdPerMwh).describe("Standard deviation of the hourly innovation of a normal deviation, $/MWh (unused when deviationQuantilesUsdPerMwh is given)."),
    deviationQuantilesUsdPerMwh: z
      .array(z.number())
      .min(2)
      .nullable()
      .default(power.deviationQuantilesUsdPerMwh)
      .describe("Quantiles of the deviation from the shape at probabilities (k + 0.5) / K, $/MWh, in increasing order: the deviation then follows this distribution, driven by a latent normal AR(1) with coefficient meanReversionPerHour (as sim calibrate power fits it); null for a normal deviation with deviationSdUsdPerMwh."),
    deviationScaleBySlot: z
      .array(z.number().positive())
      .length(288)
      .nullable()
      .default(power.deviationScaleBySlot)
      .describe("Scale of the deviation in each month x local hour slot (288 values, month-major), relative to the overall: the deviation drawn from the quantiles is multiplied by it (prices swing more on spring nights); null for 1 everywhere."),
    dayWeight: fraction(
      "Share of the latent normal's variance that is a day-level component, constant within a local day and AR(1) from day to day (hot or windless weeks); 0 for an hourly AR(1) alone.",
    ).default(power.dayWeight),
    dayPersistence: fraction("Day-to-day AR(1) coefficient of the day-level component.").default(power.dayPersistence),
    spikeProbabilityPerHour: fraction("Chance that a spike starts in an hour after a non-spike hour (on average over hours and days).").default(power.spikeProbabilityPerHour),
    spikeStartFactorBySlot: z
      .array(z.number().min(0))
      .length(288)
      .nullable()
      .default(power.spikeStartFactorBySlot)
      .describe("Multiplier on the spike start chance in each month x local hour slot (288 values, month-major; fitted as a month rate times an hour rate, averaging 1): spikes come on summer evenings; null for 1 everywhere."),
    spikeDaySensitivity: z
      .number()
      .min(0)
      .default(power.spikeDaySensitivity)
      .describe("Spike start chance is multiplied by exp(b x day level - b^2 / 2), which averages 1: spikes cluster on tight days; 0 for no clustering."),
    spikeContinueProbability: fraction("Chance that the hour after a spike hour is a spike too (spike events last 1 / (1 - this) hours on average).").default(power.spikeContinueProbability),
    spikeThresholdUsdPerMwh: z.number().positive().default(power.spikeThresholdUsdPerMwh).describe("Lowest spike price, $/MWh (the Pareto scale)."),
    spikeParetoAlpha: z.number().positive().default(power.spikeParetoAlpha).describe("Tail index of spike prices (smaller = heavier tail)."),
    scarcity: z
      .strictObject({
        perYear: z.number().min(0).describe("Expected scarcity events a year (each starts at a local midnight)."),
        continueDayProbability: fraction("Chance that an event day is followed by another (events last 1 / (1 - this) days on average)."),
        levelPersistence: fraction("Day-to-day AR(1) coefficient, within an event, of the latent normal that picks each day's level (Uri ramped up and down over its week); 0 for independent days.").default(0),
        levelQuantilesOfCap: z
          .array(z.number().min(0).max(1))
          .min(1)
          .describe("Quantiles of an event day's price level as a share of the cap, at probabilities (k + 0.5) / K; drawn per event day, every hour of the day is at least that."),
      })
      .nullable()
      .default(power.scarcity)
      .describe(
        "Multi-day scarcity events like Winter Storm Uri (February 2021: seven days with mean prices from $1,194 to $8,833/MWh at HB_WEST). Fitted on runs of days whose mean price is above $1,000/MWh: two events in 2019-2024, so the rate and length are uncertain. null for none.",
      ),
    yearRegime: z
      .strictObject({
        levelSdLog: z.number().min(0).max(3).describe("Standard deviation of ln(the year's level factor), which multiplies shape plus deviation (a year of cheap or dear gas)."),
        spikeSdLog: z.number().min(0).max(3).describe("Standard deviation of ln(the year's spikiness factor), which multiplies the spike start chance (a tight or slack year)."),
      })
      .nullable()
      .default(("yearRegime" in power ? power.yearRegime : null) as { levelSdLog: number; spikeSdLog: number } | null)
      .describe(
        "Per-year regime: each local calendar year (and the run's first) draws a level and a spikiness factor, both mean-1 lognormal (default: fitted on the whole years 2019-2024 as the spread across years beyond what the model shows by chance, data/power-hb-west-2019-2024.json); null for none.",
      ),
    capUsdPerMwh: z.number().positive().default(5000).describe("Market offer cap, $/MWh (ERCOT HCAP $5,000 since 2022)."),
    floorUsdPerMwh: z.number().default(-250).describe("Market price floor, $/MWh (ERCOT offer floor -$250)."),
    scale: z.number().positive().default(1).describe("Multiplier on the shape, to stress the price level."),
  })
  .describe(
    "Wholesale power price at the site's node: shape by month x hour + a scaled deviation (a two-time-scale latent normal mapped through the fitted quantiles) + Pareto spikes that come on summer evenings and cluster on tight days + multi-day scarcity events, clamped to [floor, cap].",
  );

export const PowerReplay = SeriesSource.extend(replayFields).describe(`${REPLAY_DESCRIPTION} Hourly prices, $/MWh.`);

export const PowerBootstrap = SeriesSource.extend({
  model: z.literal("bootstrap"),
  windowDays: z.number().int().min(0).max(182).default(15).describe("Days either side of the same day of year from which a day may be drawn."),
}).describe("Season-preserving bootstrap of whole days: each simulated UTC day takes the 24 hourly prices of a random day of the file within windowDays of the same day of year (any year); each run draws anew.");

export const PowerMarket = z
  .preprocess(withDefaultModel("stochastic"), z.discriminatedUnion("model", [PowerStochastic, PowerReplay, PowerBootstrap]))
  .describe("Power price process: stochastic (default), replay or bootstrap.");

const SUPPLY_FIT = "fitted on 2016-2024 history, data/network-supply-2016-2024.json";
export const HashrateSupplyModel = z
  .strictObject({
    model: z.literal("supply"),
    costsAsOf: isoDate.default("2025-01-01").describe("Date the cost parameters below are stated for; they fall by efficiencyGainPerYear before and after it."),
    cashCostUsdPerPhDay: z.number().positive().default(supplyFit.params.cashCostUsdPerPhDay).describe(`Median power cost of hashing of the installed fleet, $ per PH/s per day, as of costsAsOf; machines switch off when the hashprice falls below their own (${SUPPLY_FIT}; cross-check: a 31 J/TH machine at $48/MWh costs $35.7).`),
    cashCostSpreadLog: z.number().positive().max(5).default(supplyFit.params.cashCostSpreadLog).describe("Logistic scale of ln(cost) across installed machines (assumption, data/network-supply-2016-2024.json: the fleet spans ~13-38 J/TH at ~$25-60/MWh)."),
    shutdownDays: z.number().positive().max(3650).default(supplyFit.params.shutdownDays).describe("Time constant of switching machines on or off, days (assumption: price leads hashrate by 1-6 weeks, Fantazzini & Kolodin 2020)."),
    buildHashpriceUsdPerPhDay: z.number().positive().default(supplyFit.params.buildHashpriceUsdPerPhDay).describe(`Hashprice at which installed capacity grows only by the efficiency gain, $ per PH/s per day, as of costsAsOf; above it, capacity grows faster (${SUPPLY_FIT}; cross-check: power and a two-year payback of a 17 J/TH machine, ~$39).`),
    efficiencyGainPerYear: z.number().min(-1).max(1).default(supplyFit.params.efficiencyGainPerYear).describe(`Yearly fall of ln(cost of hashing), old and new machines alike (${SUPPLY_FIT}).`),
    buildLagYears: z.number().positive().max(10).default(supplyFit.params.buildLagYears).describe("Mean delay from hashprice to delivered machines, years, through two first-order lags (assumption, the lower end of DOMAIN-FACTS' 6-18 months; the fit barely depends on it)."),
    buildResponsePerYear: z.number().min(0).max(20).default(supplyFit.params.buildResponsePerYear).describe(`Capacity growth per year per unit of ln(ordering hashprice / build hashprice) (${SUPPLY_FIT}).`),
    maxRetirementPerYear: z.number().min(0).max(5).default(supplyFit.params.maxRetirementPerYear).describe("Fastest shrinking of installed capacity, per year (assumption)."),
    capacityVolatilityPerYear: z.number().min(0).max(5).default(supplyFit.params.capacityVolatilityPerYear).describe(`Noise of ln(installed capacity) per square-root year: the one-year error the fitted model leaves (${SUPPLY_FIT}).`),
    startOrderHashpriceUsdPerPhDay: z.number().positive().default(supplyFit.startOrderHashpriceUsdPerPhDay).describe("Hashprice at which the machines being delivered at the start were ordered, $ per PH/s per day (default: the recorded hashprice through the fitted lags at 2025-01-01, data/network-supply-2016-2024.json)."),
  })
  .describe(
    "Mining supply: installed capacity grows on the hashprice of some months before (build-out) and the share of it switched on follows the hashprice against the fleet's spread of power costs (on/off), both with costs falling as machines improve; hashrate = capacity x online share. Stepped once a day, as it is fitted; each day's change of ln(hashrate) is spread evenly over its hours.",
  );

export const NetworkMarket = z
  .strictObject({
    startHeight: z.number().int().min(0).default(network2025.height).describe("Block height at the start."),
    startDifficulty: positive("Difficulty at the start.").default(network2025.difficulty),
    startHashrateEhs: positive("Network hashrate at the start, EH/s.").default(network2025.hashrateEhs),
    hashrate: z
      .discriminatedUnion("model", [
        z
          .strictObject({
            model: z.literal("trend"),
            growthPerYear: z.number().describe("Drift of ln(network hashrate) per year (2022-2024 fit: 0.49)."),
            volatilityPerYear: z.number().min(0).max(5).default(round(marketFit.hashrate.volatilityPerYear, 4)).describe("Volatility of ln(hashrate) per square-root year (2022-2024 weekly fit)."),
          })
          .describe("Exogenous trend with noise: ln H grows by growthPerYear whatever miners earn."),
        z
          .strictObject({
            model: z.literal("responsive"),
            lagYears: z.number().positive().default(0.25).describe("Time constant with which hashrate follows its target, years (DOMAIN-FACTS: shutdowns within 1-6 weeks, build-out over 6-18 months; 0.25 is an assumption between them)."),
            efficiencyGainPerYear: z.number().default(0.2).describe("Yearly fall of ln(breakeven hashprice) as machines improve (Antminer S19 XP 21.5 J/TH in 2022 -> S21 XP 13.5 J/TH in 2024-25: ln(21.5/13.5)/2.5 = 0.19)."),
            volatilityPerYear: z.number().min(0).max(5).default(round(marketFit.hashrate.volatilityPerYear, 4)).describe("Volatility of ln(hashrate) per square-root year (2022-2024 weekly fit)."),
          })
          .describe("Hashrate follows revenue: pulled toward the level at which hashprice equals a breakeven that starts at the start hashprice and falls with efficiency gains (the model before supply; its hashprice hardly moves with BTC)."),
        HashrateSupplyModel,
      ])
      .default(HashrateSupplyModel.parse({ model: "supply" }))
      .describe("Network hashrate model: supply (default, fitted on 2016-2024), responsive or trend."),
    feesBtcPerBlock: z.number().min(0).default(network2025.feesBtcPerBlock).describe("Transaction fees per block at the start, BTC; with feeVariation also the expected fees on every later day (data/network-2025-01-01.json: ~1.35% of the reward in Q1 2025)."),
    feeVariation: z
      .strictObject({
        fastHalfLifeDays: z.number().positive().max(3650).describe("Half-life of fee waves (congestion, Ordinals, Runes), days."),
        fastSdLog: z.number().min(0).max(3).describe("Long-run standard deviation of ln(fees) of the fast part."),
        slowHalfLifeDays: z.number().positive().max(36500).describe("Half-life of busy or quiet years of block space, days."),
        slowSdLog: z.number().min(0).max(3).describe("Long-run standard deviation of ln(fees) of the slow part."),
      })
      .nullable()
      .default(feeFit.variation)
      .describe(
        "Fees per block move once a day: ln(fees) = ln(feesBtcPerBlock) + fast + slow - (their variance so far)/2, each part an AR(1), so the expected fees stay at feesBtcPerBlock (default fitted on 2016-2019 daily fees and the yearly levels of 2021, 2024 and 2025, data/fees-2016-2019.json); null for constant fees.",
      ),
    replay: z
      .strictObject({
        difficulty: SeriesSource.describe("Difficulty by day or hour (held through each day)."),
        hashrate: SeriesSource.describe("Network hashrate by day or hour, TH/s (interpolated linearly to hours)."),
        extend: extendField,
      })
      .optional()
      .describe("Replay recorded difficulty and hashrate instead of the hashrate model and retargets; height and halvings still follow from the blocks they imply. Same looping as other replays."),
    blockArrivals: z.enum(["expected", "poisson"]).default("expected").describe("Blocks per hour: the expectation 3600*H/(D*2^32), or a Poisson draw around it."),
  })
  .describe("Bitcoin network: height, difficulty (retargets every 2016 blocks, clamped x4), halvings every 210,000 blocks, hashrate trend with noise.");

export const Finance = z
  .strictObject({
    discountRatePerYear: z.number().min(0).max(1).default(0.1).describe("Discount rate for NPV, per year (assumption)."),
    siteFixedOpexUsdPerYear: z.number().min(0).default(2_000_000).describe("Site fixed costs per year (staff, insurance, land), $ (assumption)."),
    treasury: z
      .strictObject({
        sellShare: fraction("Share of mined BTC sold as it is mined; the rest is held to the horizon and valued there at the final BTC price.").default(1),
      })
      .default({ sellShare: 1 })
      .describe("What happens to mined BTC."),
    capex: z
      .array(
        z.strictObject({
          date: isoDate,
          usd: z.number().min(0),
          label: z.string().default("capex"),
          lifeYears: z.number().positive().optional().describe("Life over which it is written down (straight line) for the salvage value at the horizon; without it, none."),
        }),
      )
      .default([])
      .describe("Other one-off capital costs on dates, $."),
    terminalValue: z
      .discriminatedUnion("method", [
        z.strictObject({ method: z.literal("salvage") }).describe("Straight-line salvage: every asset bought at hour t with life L is worth cost x (1 - (T - t)/L) at the horizon T (0 once fully written down)."),
        z.strictObject({ method: z.literal("none") }).describe("Nothing is counted beyond the horizon."),
        z
          .strictObject({ method: z.literal("ebitda-multiple"), multiple: z.number().min(0).describe("Multiple of the last 12 months' EBITDA.") })
          .describe("The site sold at the horizon for a multiple of its last 12 months' EBITDA."),
      ])
      .default({ method: "salvage" })
      .describe("Value counted as cash in the last hour of the horizon, beside BTC held: salvage (default), none, or an EBITDA multiple."),
    tax: z
      .strictObject({
        rate: fraction("Combined corporate income tax rate, federal + state (US federal 21% since 2018; Texas levies no corporate income tax, its franchise tax on margins is not modelled).").default(0.21),
        lossOffsetLimit: fraction("Share of a year's taxable income that carried-forward losses may offset (US federal: 80% for losses from 2018 on; they carry forward without end).").default(0.8),
        bonusFraction: fraction("Share of equipment (GPUs) and other capex expensed in the year it is spent (bonus depreciation; 0 = none, the conservative default; 1 = full expensing where the law allows it).").default(0),
        equipment: z
          .enum(["macrs5", "macrs7", "macrs15", "straight-line"])
          .default("macrs5")
          .describe("Depreciation of GPUs and servers (IRS Pub. 946: computers and peripheral equipment are 5-year property)."),
        buildYears: z.number().positive().default(39).describe("Straight-line years for hall builds (shell, power, cooling): IRS nonresidential real property, 39 years (a cost segregation study may move parts to 5-15 years)."),
        otherYears: z.number().positive().default(7).describe("Straight-line years for other capex items."),
      })
      .default({ rate: 0.21, lossOffsetLimit: 0.8, bonusFraction: 0, equipment: "macrs5", buildYears: 39, otherYears: 7 })
      .describe("Income tax on EBITDA less depreciation and interest, by tax year of 12 months from the start, paid at each year's end; the terminal value is taxed as a sale (its excess over the remaining tax basis is a gain); ASIC resale is a gain (owned ASICs are fully depreciated). Pre-tax figures are kept beside the after-tax ones."),
    debt: z
      .strictObject({
        share: fraction("Share of each month's capex borrowed."),
        ratePerYear: z.number().min(0).max(1).default(0.08).describe("Interest rate per year (assumption)."),
        termYears: z.number().positive().max(40).default(7).describe("Years over which each draw is repaid (level monthly payments)."),
        graceMonths: z.number().int().min(0).max(120).default(0).describe("Months after each draw in which interest is added to the loan (interest during construction) instead of paid."),
        dscrCovenant: z.number().min(0).default(1.2).describe("Debt-service coverage ratio a year must reach: (EBITDA - tax) / (interest + principal); years below it are counted as breaches."),
        equityDiscountRatePerYear: z.number().min(0).max(1).default(0.15).describe("Discount rate for the equity cash flows (assumption)."),
      })
      .optional()
      .describe("Project debt: each month's capex is financed share by a loan tranche; what is owed at the horizon is repaid from its last month's cash. Gives equity cash flows, equity NPV and IRR, and the debt-service coverage ratio."),
    streamDiscountRates: z
      .strictObject({
        miningPerYear: z.number().min(0).max(1).describe("Discount rate for merchant mining cash flows (mining and hosting revenue less their power, O&M and restarts)."),
        aiPerYear: z.number().min(0).max(1).describe("Discount rate for contracted AI cash flows (AI revenue and power markup less AI power, SLA penalties, hall opex and the halls' capex)."),
      })
      .optional()
      .describe("Separate discount rates for merchant mining and contracted AI: npv_stream_rates_usd discounts each stream at its own rate and everything else at discountRatePerYear."),
    noRefreshWithinMonths: z
      .number()
      .min(0)
      .default(12)
      .describe("Equipment refreshes (GPUs) that would fall within this many months (of 730 hours) of the horizon's end are not bought: the hall runs its old equipment to the end (assumption; 12 months, so no GPUs are bought for a year of use that the horizon cuts off)."),
  })
  .describe("Discounting and costs that are not per-hall.");

export const MonteCarlo = z
  .strictObject({
    runs: z.number().int().positive().max(10_000_000).default(1000).describe("Number of Monte Carlo runs (paths)."),
    seed: z.number().int().min(0).max(2 ** 32 - 1).default(1).describe("Base seed; run i draws only from streams seeded by (seed, i)."),
  })
  .describe("Batch size and base seed (the command line can override both).");



export const Scenario = z
  .strictObject({
    $schema: z.string().optional().describe("Optional path to the JSON Schema, for editors."),
    name: z.string().min(1).describe("Short name of the scenario."),
    description: z.string().default("").describe("What question this scenario answers."),
    start: isoHour.default(network2025.date).describe("First hour simulated, UTC on an hour boundary."),
    horizon: Horizon,
    site: Site,
    mining: Mining.default({ poolFeeFraction: 0.02, variableOmUsdPerMwh: 2, classes: [] }),
    ai: z.strictObject({ halls: z.array(AiHall).default([]).describe("AI halls on site.") }).default({ halls: [] }).describe("Firm AI load."),
    ...ROOT_COMPONENT_SCHEMAS,
    grid: z
      .strictObject({
        ...GRID_COMPONENT_SCHEMAS,
      })
      .default({})
      .describe("Grid programs."),
    markets: z
      .strictObject({
        btc: BtcMarket.default(BtcMarket.parse({})),
        power: PowerMarket.default(PowerMarket.parse({})),
        network: NetworkMarket.default(NetworkMarket.parse({})),
        realTime: RealTime.optional(),
      })
      .default({ btc: BtcMarket.parse({}), power: PowerMarket.parse({}), network: NetworkMarket.parse({}) })
      .describe("Market processes."),
    finance: Finance.default(Finance.parse({})),
    monteCarlo: MonteCarlo.default(MonteCarlo.parse({})),
  })
  .describe("A hashgrid scenario: one hybrid site and the markets it faces.");

export type ScenarioInput = z.input<typeof Scenario>;
export type ResolvedScenario = z.output<typeof Scenario>;
export type MiningClassInput = z.output<typeof MiningClass>;
export type AiHallSpec = z.output<typeof AiHall>;
