// Merging shard folders into one output folder whose runs.csv and summary.csv are
// byte-identical to an unsharded run: rows are re-formatted from the shards' full-precision
// metrics, in run order, and the summary is computed from all of them.
import { closeSync, copyFileSync, existsSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from "node:fs";
import { rowBlocks } from "./metrics-file";
import { join } from "node:path";
import { InputError } from "../errors";
import { RUN_METRIC_COUNT } from "../site/columns";
import { HASHGRID_VERSION } from "../version";
import { CsvFile } from "./csv";
import { StagedFolder } from "./output-folder";
import { readMetrics, RUNS_HEADER, SHARD_INFO_FILE, SHARD_METRICS_FILE, SHARD_MONTHLY_FILE, sha256, shardManifest, shardRuns, writeMonthly, writeSummary, type ShardInfo } from "./run-folder";
import { MONTHLY_RUN_LIMIT, MONTHLY_SERIES_COUNT } from "../site/columns";
import { buildCalendar } from "../engine/calendar";
import { horizonHours } from "../site/plan";
import type { ResolvedScenario } from "../scenario/schema";

function readShard(dir: string): { info: ShardInfo; scenarioText: string } {
  const infoPath = join(dir, SHARD_INFO_FILE);
  if (!existsSync(infoPath)) throw new InputError(`${dir}: not a shard folder (no ${SHARD_INFO_FILE}; run with --shard i/N)`);
  let info: ShardInfo;
  try {
    info = JSON.parse(readFileSync(infoPath, "utf8")) as ShardInfo;
  } catch {
    throw new InputError(`${infoPath}: not valid JSON (damaged shard)`);
  }
  verifyManifest(dir, info);
  const scenarioText = readFileSync(join(dir, "scenario.resolved.json"), "utf8");
  if (sha256(scenarioText) !== info.scenarioSha256) throw new InputError(`${dir}/scenario.resolved.json: changed since the shard ran (its sha256 differs from ${SHARD_INFO_FILE})`);
  const bytes = statSync(join(dir, SHARD_METRICS_FILE)).size;
  const expected = info.shardRuns * RUN_METRIC_COUNT * 8;
  if (bytes !== expected) throw new InputError(`${dir}/${SHARD_METRICS_FILE}: expected ${expected} bytes (found ${bytes})`);
  return { info, scenarioText };
}

/** Checks every data file of a shard against the sizes and SHA-256 sums its shard.json recorded, and that no data file was added. */
function verifyManifest(dir: string, info: ShardInfo): void {
  if (info.files === undefined || typeof info.files !== "object") throw new InputError(`${join(dir, SHARD_INFO_FILE)}: expected a files manifest (found none: a damaged shard, or one from an older hashgrid)`);
  const present = shardManifest(dir);
  for (const [name, want] of Object.entries(info.files)) {
    const got = present[name];
    if (got === undefined) throw new InputError(`${join(dir, name)}: missing (listed in ${SHARD_INFO_FILE})`);
    if (got.bytes !== want.bytes) throw new InputError(`${join(dir, name)}: damaged: expected ${want.bytes} bytes (found ${got.bytes})`);
    if (got.sha256 !== want.sha256) throw new InputError(`${join(dir, name)}: damaged: its SHA-256 differs from the one in ${SHARD_INFO_FILE}`);
  }
  for (const name of Object.keys(present)) {
    if (!(name in info.files)) throw new InputError(`${join(dir, name)}: not part of this shard (not in ${SHARD_INFO_FILE}); remove it or re-run the shard`);
  }
}

/** Merges shard folders into outDir. Refuses shards of different scenarios, seeds, run counts or versions; reports missing or duplicate shards. */
export async function mergeShards(dirs: readonly string[], outDir: string): Promise<{ runs: number; shards: number }> {
  if (dirs.length === 0) throw new InputError("merge: expected at least one shard folder");
  const shards = [...dirs].sort().map((dir) => ({ dir, ...readShard(dir) }));
  const first = shards[0];
  for (const s of shards.slice(1)) {
    const differs = (what: string, a: unknown, b: unknown) => {
      if (a !== b) throw new InputError(`${s.dir}: ${what} ${JSON.stringify(b)} differs from ${first.dir}'s ${JSON.stringify(a)}; shards of one batch must agree`);
    };
    differs("hashgrid version", first.info.hashgrid, s.info.hashgrid);
    differs("scenario (sha256)", first.info.scenarioSha256, s.info.scenarioSha256);
    differs("seed", first.info.seed, s.info.seed);
    differs("runs", first.info.runs, s.info.runs);
    differs("shard count", first.info.shard.count, s.info.shard.count);
  }
  if (first.info.hashgrid !== HASHGRID_VERSION) throw new InputError(`${first.dir}: made by hashgrid ${first.info.hashgrid}, this is ${HASHGRID_VERSION}`);
  const { runs, seed } = first.info;
  const count = first.info.shard.count;
  const seen = new Map<number, string>();
  for (const s of shards) {
    const other = seen.get(s.info.shard.index);
    if (other !== undefined) throw new InputError(`${s.dir}: duplicate of shard ${s.info.shard.index}/${count} (also in ${other})`);
    seen.set(s.info.shard.index, s.dir);
  }
  const missing = Array.from({ length: count }, (_, i) => i).filter((i) => !seen.has(i));
  if (missing.length > 0) throw new InputError(`merge: missing shard(s) ${missing.map((i) => `${i}/${count}`).join(", ")}: runs ${missing.flatMap((i) => shardRuns(runs, { index: i, count }).slice(0, 3)).join(", ")}... are absent`);

  for (const s of shards) {
    const expected = shardRuns(runs, s.info.shard).length;
    if (expected !== s.info.shardRuns) throw new InputError(`${s.dir}: expected ${expected} runs for shard ${s.info.shard.index}/${count} (found ${s.info.shardRuns})`);
  }

  const folder = new StagedFolder(outDir);
  const dir = folder.open();
  try {
    writeFileSync(join(dir, "scenario.resolved.json"), first.scenarioText);
    // Run r is row r / count of shard r % count: the shards are read side by side, a block at a time,
    // into runs.csv and a merged metrics file for the summary (removed after), so memory stays flat.
    const mergedPath = join(dir, ".metrics-merged.f64");
    const merged = openSync(mergedPath, "w");
    const csv = new CsvFile(join(dir, "runs.csv"), RUNS_HEADER);
    try {
      const readers = shards.map((s) => rowBlocks(join(s.dir, SHARD_METRICS_FILE), RUN_METRIC_COUNT, s.info.shardRuns));
      const current: ({ firstRow: number; block: Float64Array } | null)[] = shards.map(() => null);
      const row = new Float64Array(RUN_METRIC_COUNT);
      for (let r = 0; r < runs; r++) {
        const i = r % count;
        const k = Math.floor(r / count);
        let part = current[i];
        if (part === null || k >= part.firstRow + part.block.length / RUN_METRIC_COUNT) {
          const next = readers[i].next();
          if (next.done) throw new InputError(`${shards[i].dir}/${SHARD_METRICS_FILE}: ended before run ${r}`);
          part = current[i] = next.value;
        }
        row.set(part.block.subarray((k - part.firstRow) * RUN_METRIC_COUNT, (k - part.firstRow + 1) * RUN_METRIC_COUNT));
        writeSync(merged, row);
        await csv.write([r, seed, ...row]);
      }
    } finally {
      closeSync(merged);
      await csv.close();
    }
    await writeSummary(join(dir, "summary.csv"), mergedPath, runs);
    rmSync(mergedPath);
    // Month-end series of runs below MONTHLY_RUN_LIMIT, placed by run index as in an unsharded run.
    const scenario = JSON.parse(first.scenarioText) as ResolvedScenario;
    const calendar = buildCalendar(scenario.start, horizonHours(scenario), scenario.site.timezone);
    const width = calendar.months * MONTHLY_SERIES_COUNT;
    const monthlyRuns = Math.min(runs, MONTHLY_RUN_LIMIT);
    const monthly = new Float64Array(monthlyRuns * width);
    for (const s of shards) {
      const rows = readMetrics(join(s.dir, SHARD_MONTHLY_FILE));
      shardRuns(runs, s.info.shard)
        .filter((run) => run < MONTHLY_RUN_LIMIT)
        .forEach((run, k) => monthly.set(rows.subarray(k * width, (k + 1) * width), run * width));
    }
    await writeMonthly(join(dir, "monthly.csv"), calendar.startMs, calendar.months, monthly, monthlyRuns);
    for (const s of shards) {
      for (const file of readdirSync(s.dir).filter((f) => /^hourly-run\d+\.csv$/.test(f)).sort()) copyFileSync(join(s.dir, file), join(dir, file));
    }
    // Traced runs' events and curtailment profiles: rows of all shards, in run order (stable within a run).
    for (const file of ["events.csv", "curtailment.csv"]) {
      const rows: { run: number; line: string }[] = [];
      let header = "";
      for (const s of shards) {
        const path = join(s.dir, file);
        if (!existsSync(path)) continue;
        const lines = readFileSync(path, "utf8").split("\n").filter((l) => l.length > 0);
        header = lines[0];
        for (const line of lines.slice(1)) rows.push({ run: Number(line.slice(0, line.indexOf(","))), line });
      }
      if (header === "") continue;
      rows.sort((a, b) => a.run - b.run);
      writeFileSync(join(dir, file), [header, ...rows.map((r) => r.line)].map((l) => l + "\n").join(""));
    }
    writeFileSync(
      join(dir, "run-info.json"),
      JSON.stringify({ hashgrid: HASHGRID_VERSION, merged: shards.map((s) => s.dir), runs, seed, shards: count }, null, 2) + "\n",
    );
    folder.commit();
  } catch (err) {
    folder.abandon();
    throw err;
  }
  return { runs, shards: count };
}
