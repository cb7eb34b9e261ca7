// A fixed-price power block (site.ppa), settled against the market: the site earns
// (price - strike) x MW every hour, so power it does not use is sold back at the market price and
// curtailing in a price spike earns "power credits". Dispatch is unchanged: it compares hash
// revenue with the market price, the opportunity cost.
import { z } from "zod";
import { columnIndex, type ComponentKind, type ComponentLayout, type DeclaredColumn, type HourState, type SiteComponent } from "../component";

export const PpaSchema = /* @__PURE__ */ z
  .strictObject({
    mw: z.number().positive().describe("Contracted MW of the fixed-price, fixed-quantity block."),
    strikeUsdPerMwh: z.number().describe("Fixed price of the block, $/MWh."),
  })
  .describe(
    "A fixed-price power contract settled against the market: the site earns (price - strike) x MW every hour (power it does not use is sold back at the market price), so curtailing in a price spike earns 'power credits'. Dispatch still compares hash revenue with the market price, the opportunity cost.",
  );

export type PpaInput = z.output<typeof PpaSchema>;

const RUN_COLUMNS = [
  {
    name: "ppa_settlement_usd",
    unit: "$",
    cash: 1,
    label: "PPA settlement (power credits)",
    description: "Value of the fixed-price block: sum over hours of (market price - strike) x block MW, $ (positive when power is dear; 'power credits' when curtailed).",
  },
] as const satisfies readonly DeclaredColumn[];
const RUN = columnIndex(RUN_COLUMNS);

class Ppa implements SiteComponent {
  private settlementUsd = 0;

  constructor(
    private readonly config: PpaInput,
    private readonly layout: ComponentLayout,
  ) {}

  reset(): void {
    this.settlementUsd = 0;
  }

  fireEvent(): void {}

  beforeDispatch(): void {}

  afterDispatch(state: HourState): void {
    const settlementUsd = this.config.mw * (state.priceUsdPerMwh - this.config.strikeUsdPerMwh);
    this.settlementUsd += settlementUsd;
    state.cashUsd += settlementUsd;
  }

  writeTrace(): void {}

  finish(metrics: Float64Array): void {
    metrics[this.layout.metricStart + RUN.ppa_settlement_usd] = this.settlementUsd;
  }
}

export const ppa = {
  section: "site",
  key: "ppa",
  runColumns: RUN_COLUMNS,
  traceColumns: [],
  compile: (input: PpaInput): PpaInput => input,
  create: (config: PpaInput, layout: ComponentLayout): SiteComponent => new Ppa(config, layout),
} as const satisfies ComponentKind<PpaInput, PpaInput>;
