import { defineConfig } from "vitest/config";
// @ts-expect-error: a plain .mjs module without types
import { lanesCompilerId } from "./scripts/lanes-compiler-id.mjs";

export default defineConfig({
  // What the lanes compiler is (src/engine/lanes.ts keeps compiled loops only when it knows).
  define: { __HASHGRID_LANES_COMPILER__: JSON.stringify(lanesCompilerId()) },
  test: {
    include: ["test/**/*.test.ts"],
    // The CLI and worker tests run the bundled dist/ files; build them once first.
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
