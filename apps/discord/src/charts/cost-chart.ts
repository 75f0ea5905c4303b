import type { CostAmounts, CostUsageOutput } from "@clustercord/contracts";
import { money } from "../render/cost-format";
import { barsPanelHeight, barsPanelSvg } from "./bars-panel";
import { linePanelSvg } from "./line-panel";
import { FONT, palette, xml } from "./svg";

/** The chart's width in pixels (Discord shows embed images up to about this wide). */
export const CHART_WIDTH = 800;
const LINE_HEIGHT = 240;
/** Bars drawn; the text lists the same rows. */
export const CHART_BARS = 8;

/** A row as the bars take it: cost.breakdown rows and cost.person rows both fit. */
export type CostRow = Pick<CostAmounts, "cpuCost" | "memoryCost" | "storageCost" | "total"> & {
  label: string;
};

export interface CostChartInput {
  title: string;
  currency: string;
  /** cost.usage: the hourly cost line (the web's usage chart reads the same points). */
  usage?: Pick<CostUsageOutput, "points" | "gaps"> | undefined;
  /** cost.breakdown / cost.person rows: stacked CPU / memory / storage cost. */
  rows?: readonly CostRow[] | undefined;
  rowsTitle?: string;
}

export interface ChartSvg {
  svg: string;
  width: number;
  height: number;
}

/**
 * The /cost chart as SVG: the hourly cost line from cost.usage (gaps shaded,
 * never drawn as zero) above the top rows stacked by CPU, memory and storage.
 */
export function costChartSvg(input: CostChartInput): ChartSvg {
  const format = (n: number) => money(n, input.currency);
  const panels: string[] = [];
  let y = 36;
  if (input.usage) {
    panels.push(
      linePanelSvg(
        {
          title: `Cost per hour (${input.currency})`,
          times: input.usage.points.map((p) => p.t),
          series: [{ name: "cost", color: palette.cost, values: input.usage.points.map((p) => p.cost) }],
          gaps: input.usage.gaps,
          format: (n) => (n === 0 ? "0" : format(n)),
        },
        { x: 0, y, width: CHART_WIDTH, height: LINE_HEIGHT },
      ),
    );
    y += LINE_HEIGHT + 12;
  }
  if (input.rows) {
    const bars = input.rows.slice(0, CHART_BARS);
    const height = barsPanelHeight(bars.length);
    panels.push(
      barsPanelSvg(
        {
          title: input.rowsTitle ?? "Top by cost",
          segments: [
            { name: "CPU", color: palette.cpu },
            { name: "memory", color: palette.memory },
            { name: "storage", color: palette.storage },
          ],
          bars: bars.map((r) => ({ label: r.label, values: [r.cpuCost, r.memoryCost, r.storageCost] })),
          format,
        },
        { x: 0, y, width: CHART_WIDTH, height },
      ),
    );
    y += height;
  }
  const height = Math.ceil(y + 8);
  const svg = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${CHART_WIDTH}" height="${height}" viewBox="0 0 ${CHART_WIDTH} ${height}" role="img" aria-label="${xml(input.title)}">`,
    `<title>${xml(input.title)}</title>`,
    `<rect width="100%" height="100%" fill="${palette.background}"/>`,
    `<text x="8" y="24" fill="${palette.text}" font-size="18" font-weight="bold" font-family="${FONT}">${xml(input.title)}</text>`,
    ...panels,
    "</svg>",
  ].join("");
  return { svg, width: CHART_WIDTH, height };
}
