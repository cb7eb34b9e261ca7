// sim headroom: flexible-interconnection headroom of a system load series.
import { parseArgs } from "node:util";
import { InputError } from "../errors";
import { writeReport } from "../report/report";
import { readSeries } from "../io/series";
import { writeHeadroomFolder } from "../io/headroom-folder";
import { USAGE } from "./usage";

export async function commandHeadroom(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: { out: { type: "string" }, from: { type: "string" }, to: { type: "string" }, limits: { type: "string" }, timezone: { type: "string" } },
  });
  if (positionals.length !== 1) throw new InputError(`headroom: expected one system load file (found ${positionals.length})\n\n${USAGE}`);
  if (values.out === undefined) throw new InputError("headroom: expected --out DIR");
  const timeZone = values.timezone ?? "America/Chicago";
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
  } catch {
    throw new InputError(`--timezone: expected an IANA time zone like UTC or America/Chicago (found: "${timeZone}")`);
  }
  const limitsPct = (values.limits ?? "0.25,0.5,1,5").split(",").map((text) => {
    const x = Number(text.trim());
    if (text.trim() === "" || !(x > 0 && x < 100)) throw new InputError(`--limits: expected percentages above 0 and below 100, comma-separated, like 0.25,0.5,1,5 (found: "${text}")`);
    return x;
  });
  const source = positionals[0];
  const series = readSeries(source);
  const result = await writeHeadroomFolder(series, {
    fromDate: values.from,
    toDate: values.to,
    limitsPct,
    timeZone,
    outDir: values.out,
    source,
    command: ["sim", "headroom", ...args].join(" "),
  });
  const mw = (x: number) => Math.round(x).toLocaleString("en-US");
  const lines = [
    `${source}: ${result.hours.toLocaleString("en-US")} hours, ${new Date(result.firstMs).toISOString().slice(0, 13)}Z .. ${new Date(result.endMs - 3_600_000).toISOString().slice(0, 13)}Z (${result.years} local years), ${result.missingHours} missing`,
    `thresholds: summer (Apr-Oct) ${mw(result.thresholds.summerMw)} MW, winter (Nov-Mar) ${mw(result.thresholds.winterMw)} MW`,
    `limit %   headroom MW   curtailed h/yr   curtailed MWh/yr   mean event h   max event h   hours retaining >=50% / 75% / 90%`,
    ...result.rows.map(({ limitPct, profile: p }) =>
      [
        String(limitPct).padStart(7),
        mw(p.addedMw).padStart(13),
        p.curtailedHoursPerYear.toFixed(1).padStart(16),
        mw(p.curtailedMwhPerYear).padStart(18),
        p.meanEventHours.toFixed(1).padStart(14),
        String(p.maxEventHours).padStart(13),
        `   ${[p.shareHoursRetaining50, p.shareHoursRetaining75, p.shareHoursRetaining90].map((x) => (Number.isFinite(x) ? (100 * x).toFixed(0) + "%" : "n/a")).join(" / ")}`,
      ].join(""),
    ),
    `results: ${result.outDir}`,
    "",
  ];
  process.stdout.write(lines.join("\n"));
  process.stdout.write(`report: ${await writeReport(result.outDir)}\n`);
}

