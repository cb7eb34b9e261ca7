// Are two batches' results the same within Monte Carlo error? For every numeric column of two
// runs.csv files (independent runs, e.g. before and after a change of random generator), the
// difference of the means over its standard error (Welch): |z| > 2 about one column in twenty by
// chance, |z| > 3 one in 370.
//   npx tsx scripts/compare-means.mts BEFORE/runs.csv AFTER/runs.csv
import { readFileSync } from "node:fs";

function columns(file: string): Map<string, number[]> {
  const [header, ...lines] = readFileSync(file, "utf8").trim().split("\n");
  const names = header.split(",");
  const values = new Map(names.map((name) => [name, [] as number[]]));
  for (const line of lines) line.split(",").forEach((cell, k) => cell !== "" && values.get(names[k])!.push(Number(cell)));
  return values;
}
const moments = (xs: number[]) => {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return { mean, variance: xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1), n: xs.length };
};

const [beforeFile, afterFile] = process.argv.slice(2);
if (!beforeFile || !afterFile) throw new Error("usage: npx tsx scripts/compare-means.mts BEFORE/runs.csv AFTER/runs.csv");
const before = columns(beforeFile);
const after = columns(afterFile);
const rows: [string, number, number, number][] = [];
for (const [name, xs] of before) {
  const ys = after.get(name);
  if (name === "run" || name === "seed" || !ys || xs.length < 2 || ys.length < 2) continue;
  const a = moments(xs);
  const b = moments(ys);
  const se = Math.sqrt(a.variance / a.n + b.variance / b.n);
  if (se === 0 && a.mean === b.mean) continue; // constant in both: nothing random
  rows.push([name, a.mean, b.mean, se === 0 ? Infinity : (b.mean - a.mean) / se]);
}
console.log("column,mean_before,mean_after,difference_over_standard_error");
for (const [name, a, b, z] of rows) console.log(`${name},${a.toPrecision(7)},${b.toPrecision(7)},${z.toFixed(2)}`);
const worst = rows.reduce((w, r) => (Math.abs(r[3]) > Math.abs(w[3]) ? r : w), rows[0]);
console.error(`${rows.length} random columns; beyond 2 SE: ${rows.filter((r) => Math.abs(r[3]) > 2).length}; beyond 3 SE: ${rows.filter((r) => Math.abs(r[3]) > 3).length}; largest |z| ${Math.abs(worst[3]).toFixed(2)} (${worst[0]})`);
