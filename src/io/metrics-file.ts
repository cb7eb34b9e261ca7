// Files of float64 rows (metrics.f64, monthly.f64), read in blocks so that memory does not grow
// with the number of runs: rows one block at a time, or a few whole columns at a time.
import { closeSync, openSync, readSync, statSync } from "node:fs";

/** Rows read per block. */
const BLOCK_ROWS = 4096;
/** Memory for the columns of one pass over the file. */
const COLUMN_BUDGET_BYTES = 64 * 1024 * 1024;

/** Number of whole rows of `width` float64 values in the file. */
export function rowCount(path: string, width: number): number {
  return Math.floor(statSync(path).size / (width * 8));
}

/**
 * The first `rows` rows of the file in consecutive blocks (row-major), in order. The block's
 * memory is reused: copy what must outlive the step.
 */
export function* rowBlocks(path: string, width: number, rows: number): Generator<{ firstRow: number; block: Float64Array }> {
  const rowBytes = width * 8;
  const buffer = new ArrayBuffer(Math.max(1, Math.min(rows, BLOCK_ROWS)) * rowBytes);
  const fd = openSync(path, "r");
  try {
    for (let first = 0; first < rows; first += BLOCK_ROWS) {
      const count = Math.min(BLOCK_ROWS, rows - first);
      const bytes = count * rowBytes;
      let read = 0;
      while (read < bytes) {
        const n = readSync(fd, new Uint8Array(buffer, read, bytes - read), 0, bytes - read, first * rowBytes + read);
        if (n === 0) throw new Error(`${path}: ended after ${first * rowBytes + read} bytes (expected ${rows * rowBytes})`);
        read += n;
      }
      yield { firstRow: first, block: new Float64Array(buffer, 0, count * width) };
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * Calls visit(column, values) for every column of the file, with that column's value of every
 * row. Columns are gathered as many per pass over the file as COLUMN_BUDGET_BYTES allows (at least
 * one), so memory is one column's worth (8 bytes a row) at the least.
 */
export function forEachColumn(path: string, width: number, rows: number, visit: (column: number, values: Float64Array) => void): void {
  const perPass = Math.max(1, Math.min(width, Math.floor(COLUMN_BUDGET_BYTES / Math.max(1, rows * 8))));
  for (let first = 0; first < width; first += perPass) {
    const count = Math.min(perPass, width - first);
    const columns = new Float64Array(count * rows);
    for (const { firstRow, block } of rowBlocks(path, width, rows)) {
      const n = block.length / width;
      for (let r = 0; r < n; r++) scatterRow(block, r * width + first, count, columns, rows, firstRow + r);
    }
    for (let c = 0; c < count; c++) visit(first + c, columns.subarray(c * rows, (c + 1) * rows));
  }
}

/**
 * Copies `count` values of a row, from[at..at + count), into columns of `stride` values:
 * value c to to[c * stride + row]. A function of its own, called for each row: V8 optimizes it
 * after a few calls, where the same loop written inline in a function called once would run
 * unoptimized to its end (on-stack replacement is off in processes that simulate:
 * src/engine/tiering.ts). Gathering 2,000 rows of 97 metrics: 21 ms inline, cold.
 */
export function scatterRow(from: Float64Array, at: number, count: number, to: Float64Array, stride: number, row: number): void {
  for (let c = 0; c < count; c++) to[c * stride + row] = from[at + c];
}
