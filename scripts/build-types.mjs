// Declaration files for the library (dist/types), for TypeScript projects that depend on hashgrid.
// The library runs as CommonJS (dist/index.cjs), so the declarations are marked CommonJS too:
// a package.json beside them says so, and extensionless relative imports then resolve under node16.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";

const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
execFileSync(process.execPath, [tsc, "-p", "tsconfig.types.json"], { stdio: "inherit" });
writeFileSync("dist/types/package.json", JSON.stringify({ type: "commonjs" }, null, 2) + "\n");
