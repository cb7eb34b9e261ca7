// The charting library's files, read from node_modules to be inlined into the report.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const localRequire = createRequire(typeof __filename === "string" ? __filename : import.meta.url);

export function uplotScript(): string {
  return readFileSync(localRequire.resolve("uplot/dist/uPlot.iife.min.js"), "utf8");
}

export function uplotStyles(): string {
  return readFileSync(localRequire.resolve("uplot/dist/uPlot.min.css"), "utf8");
}
