// Bundles the CLI, the library entry and the worker into dist/ as CommonJS.
// Why bundle: under tsx a hot loop reading constants imported from another module
// runs several times slower (getters), and ESM workers load 10-13% slower
// (../shared/bench/REFERENCE.md). One esbuild call takes ~0.1 s.
import { build } from "esbuild";

await build({
  entryPoints: {
    cli: "src/cli.ts",
    worker: "src/montecarlo/worker.ts",
    index: "src/index.ts",
  },
  outdir: "dist",
  outExtension: { ".js": ".cjs" },
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  packages: "external",
  sourcemap: "linked",
  logLevel: "warning",
  define: { "import.meta.url": "__hashgridImportMetaUrl" },
  banner: { js: 'const __hashgridImportMetaUrl = require("url").pathToFileURL(__filename).href;' },
});
// dist/cli.cjs is the package's bin: `npx hashgrid` needs the interpreter line at its top.
import { chmodSync, readFileSync, writeFileSync } from "node:fs";
const cli = readFileSync("dist/cli.cjs", "utf8");
if (!cli.startsWith("#!")) writeFileSync("dist/cli.cjs", "#!/usr/bin/env node\n" + cli);
chmodSync("dist/cli.cjs", 0o755);
