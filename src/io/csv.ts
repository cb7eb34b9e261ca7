// CSV writing: one stream per file, header fixed up front, closed in finally by the caller.
import { createWriteStream, type WriteStream } from "node:fs";
import { once } from "node:events";
import { format, type CsvFormatterStream } from "fast-csv";

/** Number as CSV text: empty for NaN/Infinity, integers exactly, others to 12 significant digits. */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return "";
  if (Number.isInteger(x)) return String(x);
  return String(Number(x.toPrecision(12)));
}

export type CsvCell = string | number;

/** A CSV file being written row by row. */
export class CsvFile {
  private readonly formatter: CsvFormatterStream<CsvCell[], CsvCell[]>;
  private readonly file: WriteStream;
  private readonly finished: Promise<unknown>;
  private rows = 0;

  /** append: add rows to an existing file that already has its header. */
  constructor(
    readonly path: string,
    header: readonly string[],
    private readonly append = false,
  ) {
    this.file = createWriteStream(path, { flags: append ? "a" : "w" });
    this.formatter = format<CsvCell[], CsvCell[]>({
      headers: [...header],
      writeHeaders: !append,
      alwaysWriteHeaders: !append,
      includeEndRowDelimiter: true,
    });
    this.formatter.pipe(this.file);
    // A failed write (disk full, permission) is kept and thrown by the next write or by close,
    // naming the file: never an uncaught stream error.
    this.finished = new Promise((resolve, reject) => {
      this.file.on("finish", () => resolve(undefined));
      this.file.on("error", (err) => {
        this.failure = Object.assign(err, { path: (err as NodeJS.ErrnoException).path ?? path });
        reject(this.failure);
      });
    });
    this.finished.catch(() => undefined);
  }

  private failure: Error | null = null;

  /** Writes one row; numbers are formatted with formatNumber. Waits when the stream is full. */
  async write(row: readonly CsvCell[]): Promise<void> {
    if (this.failure) throw this.failure;
    const cells = row.map((c) => (typeof c === "number" ? formatNumber(c) : c));
    this.rows++;
    if (!this.formatter.write(cells)) await Promise.race([once(this.formatter, "drain"), this.finished]);
    if (this.failure) throw this.failure;
  }

  /** Flushes and closes the file. */
  async close(): Promise<void> {
    if (this.append && this.rows === 0) {
      // fast-csv ends even an empty appended stream with a row delimiter: nothing was added, so nothing is written.
      this.formatter.unpipe(this.file);
      this.file.end();
      await this.finished;
      return;
    }
    this.formatter.end();
    await this.finished;
  }
}
