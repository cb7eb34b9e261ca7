import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export default function setup(): () => void {
  execFileSync(process.execPath, ["scripts/build.mjs"], { stdio: "inherit" });
  // Compiled lanes loops kept in a folder of the test session's own (src/io/compiled-loop-store.ts),
  // not in node_modules/.cache: every session compiles its loops once, as a fresh clone does.
  const folder = mkdtempSync(join(tmpdir(), "hashgrid-loops-"));
  process.env.HASHGRID_CACHE_DIR = folder;
  return () => rmSync(folder, { recursive: true, force: true });
}
