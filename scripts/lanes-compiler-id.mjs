// What the lanes compiler is, for the store of compiled loops (src/engine/lanes.ts, CompiledLoopStore):
// a SHA-256 of its source files and of acorn's version. scripts/build.mjs puts it in the bundles
// and vitest.config.ts in the tests, as __HASHGRID_LANES_COMPILER__: a loop kept by one compiler is
// never read by another.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export function lanesCompilerId() {
  const root = join(dirname(fileURLToPath(import.meta.url)), "..");
  const hash = createHash("sha256");
  for (const file of ["src/engine/lanes.ts", "src/engine/wasm-writer.ts", "node_modules/acorn/package.json"]) hash.update(readFileSync(join(root, file))).update("\0");
  return hash.digest("hex");
}
