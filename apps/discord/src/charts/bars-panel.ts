import type { Frame } from "./line-panel";
import { clip, dataValue, FONT, niceAxis, palette, px, xml } from "./svg";

export interface BarSegment {
  name: string;
  color: string;
}

export interface StackedBars {
  title: string;
  /** The stack's parts, in drawing order (CPU, memory, storage). */
  segments: readonly BarSegment[];
  /** One bar per row, a value per segment, in the API's order. */
  bars: readonly { label: string; values: readonly number[] }[];
  format: (n: number) => string;
}

export const BAR_ROW = 28;
const PAD = { top: 34, right: 90, bottom: 10, left: 200 } as const;

/** The panel's height for `rows` bars (the composed chart sizes itself from it). */
export const barsPanelHeight = (rows: number) => PAD.top + Math.max(1, rows) * BAR_ROW + PAD.bottom;

/**
 * Horizontal stacked bars: a label, one segment per part, the total at the
 * end. Each segment carries its value (`data-value`, `<title>`).
 */
export function barsPanelSvg(panel: StackedBars, frame: Frame): string {
  const plot = { x: frame.x + PAD.left, w: frame.width - PAD.left - PAD.right, y: frame.y + PAD.top };
  const totals = panel.bars.map((b) => b.values.reduce((a, v) => a + Math.max(0, v), 0));
  const { top } = niceAxis(Math.max(0, ...totals));
  const out: string[] = [`<g class="bars-panel">`];
  out.push(
    `<text x="${px(frame.x + 8)}" y="${px(frame.y + 18)}" fill="${palette.text}" font-size="15" font-weight="bold" font-family="${FONT}">${xml(panel.title)}</text>`,
  );
  let lx = frame.x + frame.width - 16;
  for (const s of [...panel.segments].reverse()) {
    lx -= s.name.length * 7.5 + 30;
    out.push(
      `<rect x="${px(lx)}" y="${px(frame.y + 8)}" width="12" height="12" fill="${s.color}"/>`,
      `<text x="${px(lx + 16)}" y="${px(frame.y + 18)}" fill="${palette.muted}" font-size="12" font-family="${FONT}">${xml(s.name)}</text>`,
    );
  }
  if (panel.bars.length === 0) {
    out.push(
      `<text x="${px(plot.x)}" y="${px(plot.y + 18)}" fill="${palette.muted}" font-size="13" font-family="${FONT}">no cost in this period</text>`,
    );
  }
  panel.bars.forEach((bar, row) => {
    const y = plot.y + row * BAR_ROW;
    out.push(
      `<g class="bar" data-label="${xml(bar.label)}" data-total="${dataValue(totals[row] ?? 0)}">`,
      `<text x="${px(plot.x - 8)}" y="${px(y + 17)}" fill="${palette.text}" font-size="12" text-anchor="end" font-family="${FONT}">${xml(clip(bar.label, 26))}</text>`,
    );
    let x = plot.x;
    bar.values.forEach((v, i) => {
      const seg = panel.segments[i];
      const w = (Math.max(0, v) / top) * plot.w;
      out.push(
        `<rect x="${px(x)}" y="${px(y + 4)}" width="${px(w)}" height="${BAR_ROW - 8}" fill="${seg?.color ?? palette.muted}" data-segment="${xml(seg?.name ?? "")}" data-value="${dataValue(v)}"><title>${xml(bar.label)} ${xml(seg?.name ?? "")}: ${xml(panel.format(v))}</title></rect>`,
      );
      x += w;
    });
    out.push(
      `<text x="${px(x + 6)}" y="${px(y + 17)}" fill="${palette.muted}" font-size="12" font-family="${FONT}">${xml(panel.format(totals[row] ?? 0))}</text>`,
      "</g>",
    );
  });
  out.push("</g>");
  return out.join("");
}
