// The parameters in data/ are reproducible from the public data in ../shared/data.
// Skipped, with the reason printed, when ../shared/data is not beside the checkout.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "./helpers";

const SHARED = join(process.cwd(), "..", "shared", "data");
const haveShared = existsSync(SHARED);
if (!haveShared) console.warn(`skipping data reproduction tests: ${SHARED} not found (it sits beside the checkout in CI)`);

describe.skipIf(!haveShared)("data/ derived from ../shared/data", () => {
  it("scripts/derive-defaults.ts reproduces data/market-fit-2025-01-01.json", () => {
    const out = join(tempDir(), "fit.json");
    execFileSync(join("node_modules", ".bin", "tsx"), ["scripts/derive-defaults.ts", out], { stdio: "pipe" });
    expect(JSON.parse(readFileSync(out, "utf8"))).toEqual(JSON.parse(readFileSync("data/market-fit-2025-01-01.json", "utf8")));
  });

  it("the start height 877,260 follows from the halving block and 2024's daily hashrate and difficulty", () => {
    const read = (file: string) =>
      new Map(
        readFileSync(join(SHARED, "bitcoin_network", file), "utf8")
          .trim()
          .split("\n")
          .slice(1)
          .map((l) => l.split(","))
          .map(([d, v]) => [d, Number(v)] as const),
      );
    const hashrateThs = read("blockchaincom_hashrate_daily_2020_2024.csv");
    const difficulty = read("blockchaincom_difficulty_daily_2020_2024.csv");
    let blocks = 0;
    for (const [day, h] of hashrateThs) if (day >= "2024-04-20") blocks += (86400 * h * 1e12) / (difficulty.get(day)! * 2 ** 32);
    const network = JSON.parse(readFileSync("data/network-2025-01-01.json", "utf8"));
    expect(Math.abs(840_000 + blocks - network.height)).toBeLessThan(1);
    expect(network.difficulty).toBe(difficulty.get("2024-12-31"));
  });
});
