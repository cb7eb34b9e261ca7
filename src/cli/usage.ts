// The usage text every command refers to.
import { HASHGRID_VERSION } from "../version";

export const USAGE = `hashgrid ${HASHGRID_VERSION}: hybrid Bitcoin-mining / AI site simulator

Usage:
  sim run <scenario.json> [--runs N] [--seed S] [--threads T] [--out DIR] [--trace LIST] [--shard i/N] [--resume] [--no-report] [--quiet] [--run-timeout S]
  sim sweep <sweep.json> [--out DIR] [--threads T] [--runs N] [--seed S]   variants of a scenario on common random numbers -> sweep.csv
  sim report <output folder>    write report.html into it (charts, no network needed to open it)
  sim merge <shard folder>... --out DIR
  sim headroom <load.csv> --out DIR [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--limits 0.25,0.5,1,5] [--timezone America/Chicago]
                        flexible-interconnection headroom of a system load series (time_utc,load_mw)
  sim import ercot <file>... --point HB_WEST --out prices.csv [--market dam|rtm] [--fill-gaps [--max-gap-hours H]]
  sim import series <file> --time COL --value COL --timezone TZ --name COLUMN --out series.csv [--fill-gaps [--max-gap-hours H]]
  sim calibrate power <file>... [--point HB_WEST [--market dam|rtm]] [--timezone TZ] [--spike-threshold 200] [--cap 5000] [--floor -250] [--fill-gaps [--max-gap-hours H]] --out params.json [--report fit.csv] [--year-report years.csv]
  sim calibrate basis <ercot file>... --zone LZ_WEST --hub HB_WEST [--market dam|rtm] --out params.json [--report fit.csv]
  sim calibrate rt-spread <ercot hourly dam/rtm file>... --point HB_WEST [--fill-gaps [--max-gap-hours H]] --out params.json [--report fit.csv]
  sim calibrate btc <file> [--time COL --value COL --timezone TZ] [--from DATE] [--to DATE] [--fill-gaps [--max-gap-hours H]] --out params.json [--report fit.csv]
  sim calibrate btc-sv|network|fees <shared data folder> --out params.json [--report fit.csv]
  sim slurm <scenario.json> --shards N --out DIR [--runs N] [--seed S] [--threads T] [--dry-run]
  sim slurm-status DIR
  sim k8s <scenario.json> --shards N --out DIR --image IMAGE [--pvc CLAIM] [--runs N] [--seed S] [--threads T]
  sim validate <scenario.json or sweep.json>...
  sim schema            JSON Schema of scenario files, on stdout
  sim docs              the scenario field reference (Markdown), on stdout
  sim docs columns      the output column reference (Markdown), on stdout
  sim docs sweep        the sweep file field reference (Markdown), on stdout
  sim docs hour <scenario.json> [--traced]
                        the hour loop written for the scenario's plan (JavaScript), on stdout

run options:
  --runs N       Monte Carlo runs (default: the scenario's monteCarlo.runs)
  --seed S       base seed, 0 .. 4294967295 (default: the scenario's monteCarlo.seed)
  --threads T    worker threads (default and most: the machine's cores)
  --out DIR      output folder (default: out/<scenario file name>)
  --trace LIST   runs whose hourly trace, events and curtailment analytics to write, e.g. 0, 0,5,9 or 0-19 (default: none)
  --shard i/N    run only shard i of N (runs i, i+N, ...); combine the folders with "sim merge"
  --resume       carry on an interrupted run (same command, same --out) without redoing finished runs
  --no-report    do not write report.html
  --quiet        no progress on stderr (by default: redrawn on a terminal, a line every 10 s elsewhere)
  --run-timeout S  fail the batch, naming the run and seed, if one run (or four stepped together) takes longer than S seconds (default 600)
`;

