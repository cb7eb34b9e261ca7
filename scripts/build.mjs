// Bundles the CLI, the library entry and the worker into dist/ as CommonJS.
// Why bundle: under tsx a hot loop reading constants imported from another module
// runs several times slower (getters), and ESM workers load 10-13% slower
// (../shared/bench/REFERENCE.md). One esbuild call takes ~0.1 s.
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { generatedHash, sourceHash, writeKernels } from "./build-wasm.mjs";
import { lanesCompilerId } from "./lanes-compiler-id.mjs";

// The market kernels' WebAssembly module first, when its AssemblyScript sources changed (it is committed).
if (generatedHash() !== sourceHash()) await writeKernels();

// Nothing to do when every output is newer than every input (src/, data/, this script, the lockfile):
// `npm run sim` and `npm start` then start at once. A checkout or an edit gives the inputs newer times.
function newestMs(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestMs(join(path, name))));
}
const outputs = ["dist/cli.cjs", "dist/worker.cjs", "dist/index.cjs"];
const inputs = ["src", "data", "scripts/build.mjs", "scripts/lanes-compiler-id.mjs", "package-lock.json"].filter((p) => existsSync(p));
if (!process.argv.includes("--force") && outputs.every((f) => existsSync(f)) && Math.min(...outputs.map((f) => statSync(f).mtimeMs)) > Math.max(...inputs.map(newestMs))) {
  process.exit(0);
}

const { build } = await import("esbuild");
const common = {
  outdir: "dist",
  outExtension: { ".js": ".cjs" },
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  sourcemap: "linked",
  logLevel: "warning",
  define: { "import.meta.url": "__hashgridImportMetaUrl", __HASHGRID_LANES_COMPILER__: JSON.stringify(lanesCompilerId()) },
  banner: { js: 'const __hashgridImportMetaUrl = require("url").pathToFileURL(__filename).href;' },
};
// The command line and the worker carry their dependencies in the bundle (zod, fast-csv,
// seedrandom): Node's loader resolving and reading each package's many files cost each thread
// ~60-100 ms of a call's start (docs/speed.md, point 20). The worker never validates a scenario, and
// esbuild leaves zod out of its bundle (the schemas it never reads are marked pure; point 21).
// Piscina stays a package: it starts its own worker script from its folder. The library entry
// leaves every package to the user's install.
// zod's error messages in its ~50 languages are half of what the bundle would carry of zod; hashgrid
// writes its own messages in English and never reads z.locales, so the bundle takes English only
// (the command line loads ~0.35 MB less: docs/speed.md, point 22).
const zodEnglishOnly = {
  name: "zod-english-only",
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) => {
      if (!/[\\/]zod[\\/]v4[\\/](classic|core)$/.test(args.resolveDir)) return undefined;
      const locales = join(args.resolveDir, "../locales");
      return { path: join(locales, "en-only.js"), namespace: "zod-english-only", pluginData: locales };
    });
    build.onLoad({ filter: /.*/, namespace: "zod-english-only" }, (args) => ({ contents: 'export { default as en } from "./en.js";', loader: "js", resolveDir: args.pluginData }));
  },
};
await build({ ...common, entryPoints: { cli: "src/cli.ts", worker: "src/montecarlo/worker.ts" }, external: ["piscina"], plugins: [zodEnglishOnly] });
await build({ ...common, entryPoints: { index: "src/index.ts" }, packages: "external" });
// dist/cli.cjs is the package's bin: `npx hashgrid` needs the interpreter line at its top.
const { chmodSync, readFileSync, writeFileSync } = await import("node:fs");
const cli = readFileSync("dist/cli.cjs", "utf8");
if (!cli.startsWith("#!")) writeFileSync("dist/cli.cjs", "#!/usr/bin/env node\n" + cli);
chmodSync("dist/cli.cjs", 0o755);
