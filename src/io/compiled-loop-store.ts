// Compiled lanes loops kept in files between processes (src/engine/lanes.ts, CompiledLoopStore):
// by default in node_modules/.cache/hashgrid under the package's folder, or in $HASHGRID_CACHE_DIR
// ("off": nowhere). Each file's name is the SHA-256 of everything it was made from, and it holds
// a SHA-256 of its own bytes, so a file of another text, layout or compiler is never read, and a
// torn or damaged one is compiled again. Files are written whole (a temporary file renamed), so
// workers writing the same loop at once do no harm. The folder may be deleted at any time.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { threadId } from "node:worker_threads";
import type { CompiledLoopStore } from "../engine/lanes";

/** The store's folder: $HASHGRID_CACHE_DIR, else node_modules/.cache/hashgrid in the package's folder; null when $HASHGRID_CACHE_DIR is "off". */
export function compiledLoopFolder(): string | null {
  const chosen = process.env.HASHGRID_CACHE_DIR;
  if (chosen === "off") return null;
  if (chosen !== undefined && chosen !== "") return chosen;
  // Bundled, this module is in dist/; else in src/io/.
  const root = typeof __dirname === "string" && basename(__dirname) === "dist" ? dirname(__dirname) : fileURLToPath(new URL("../..", import.meta.url));
  return join(root, "node_modules", ".cache", "hashgrid");
}

/** A store in `folder`: a file that cannot be read is not there; after a write fails, it writes nothing more. */
export function compiledLoopFiles(folder: string): CompiledLoopStore {
  let writable = true;
  return {
    read(name) {
      try {
        return readFileSync(join(folder, name));
      } catch {
        return null;
      }
    },
    write(name, bytes) {
      if (!writable) return;
      try {
        mkdirSync(folder, { recursive: true });
        const temporary = join(folder, `.${name}.${process.pid}.${threadId}.tmp`);
        writeFileSync(temporary, bytes);
        renameSync(temporary, join(folder, name));
      } catch {
        writable = false;
      }
    },
  };
}
