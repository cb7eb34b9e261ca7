// Loads the series files a scenario's markets name (replay, bootstrap) into memory, once, before
// any run; the model then receives plain arrays and knows nothing of files.
import { siteSizeWarnings } from "../scenario/load";
import { InputError } from "../errors";
import type { ResolvedScenario } from "../scenario/schema";
import type { z } from "zod";
import type { SeriesSource } from "../scenario/fields";
import { importErcot } from "./ercot";
import { readEventsFile } from "./events-file";
import { importGeneric, readSeries, sliceSeries, type Series } from "./series";
import type { MarketInputs } from "../markets/replay";

export type { MarketInputs } from "../markets/replay";

type Source = z.output<typeof SeriesSource>;

/** Loads one series file as its source says; field is the scenario path, for messages. */
export async function loadSeriesSource(source: Source, field: string, warnings: string[]): Promise<Series> {
  try {
    return await loadSeriesSourceUnnamed(source, field, warnings);
  } catch (err) {
    // A file that is not there: say which field named it.
    if (err instanceof InputError && err.message.includes(": cannot read (no such file)")) {
      throw new InputError(`${field}.file: expected a readable file (found none at ${source.file}); files under ../shared/data are read there when it sits beside the checkout (see the README)`);
    }
    throw err;
  }
}

async function loadSeriesSourceUnnamed(source: Source, field: string, warnings: string[]): Promise<Series> {
  const window = source.from || source.to ? { fromMs: source.from ? Date.parse(source.from) : undefined, toMs: source.to ? Date.parse(source.to) : undefined } : undefined;
  switch (source.format) {
    case "canonical":
      return sliceSeries(readSeries(source.file), window, source.file);
    case "ercot":
      if (!source.point) throw new InputError(`${field}.point: expected the settlement point for an ERCOT file, like "HB_WEST" (found nothing)`);
      return importErcot([source.file], { point: source.point, market: source.market, fillGaps: source.fillGaps, maxGapHours: source.maxGapHours, window }, warnings);
    case "csv":
      for (const key of ["timeColumn", "valueColumn", "timezone"] as const) {
        if (!source[key]) throw new InputError(`${field}.${key}: expected a value for a csv series (found nothing)`);
      }
      return importGeneric(source.file, { timeColumn: source.timeColumn!, valueColumn: source.valueColumn!, timeZone: source.timezone!, column: "value", fillGaps: source.fillGaps, maxGapHours: source.maxGapHours, window }, warnings);
  }
}

/** Loads every file the scenario's markets name. */
export async function loadMarketInputs(scenario: ResolvedScenario, warnings: string[]): Promise<MarketInputs> {
  const inputs: MarketInputs = {};
  warnings.push(...siteSizeWarnings(scenario));
  const { power, btc, network } = scenario.markets;
  if (power.model !== "stochastic") inputs.power = await loadSeriesSource(power, "markets.power", warnings);
  if (btc.model === "replay" || btc.model === "bootstrap") inputs.btc = await loadSeriesSource(btc, "markets.btc", warnings);
  if (network.replay) {
    inputs.difficulty = await loadSeriesSource(network.replay.difficulty, "markets.network.replay.difficulty", warnings);
    inputs.hashrate = await loadSeriesSource(network.replay.hashrate, "markets.network.replay.hashrate", warnings);
  }
  const grid = scenario.grid;
  const flexible = scenario.site.flexibleInterconnection;
  if (flexible) inputs.flexibleSystemLoad = await loadSeriesSource(flexible.systemLoad, "site.flexibleInterconnection.systemLoad", warnings);
  if (grid.fourCp?.systemLoad) inputs.systemLoad = await loadSeriesSource(grid.fourCp.systemLoad, "grid.fourCp.systemLoad", warnings);
  if (grid.emergencies?.eventsFile) inputs.emergencies = await readEventsFile(grid.emergencies.eventsFile);
  if (grid.demandResponse?.deploymentsFile) inputs.demandResponseDeployments = await readEventsFile(grid.demandResponse.deploymentsFile);
  if (grid.ancillary?.deploymentsFile) inputs.ancillaryDeployments = await readEventsFile(grid.ancillary.deploymentsFile);
  return inputs;
}
