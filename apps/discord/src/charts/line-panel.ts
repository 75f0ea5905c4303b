import { clip, dataValue, FONT, niceAxis, palette, px, xml } from "./svg";

export interface Frame {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface LineSeries {
  name: string;
  color: string;
  /** One value per x; null where there is no data (drawn as a break, never as zero). */
  values: readonly (number | null)[];
}

export interface LinePanel {
  title: string;
  /** ISO instants, one per value, evenly spaced (the API's hourly points). */
  times: readonly string[];
  series: readonly LineSeries[];
  /** Spans without metrics, shaded and labelled. */
  gaps: readonly { from: string; to: string }[];
  /** The y axis' tick labels. */
  format: (n: number) => string;
}

const PAD = { top: 30, right: 16, bottom: 26, left: 70 } as const;

/** `M x y L x y …` with a new `M` after every null, so a gap is a gap in the line. */
export function pathWithBreaks(points: readonly ({ x: number; y: number } | null)[]): string {
  let d = "";
  let drawing = false;
  for (const p of points) {
    if (!p) {
      drawing = false;
      continue;
    }
    d += `${drawing ? "L" : "M"}${px(p.x)} ${px(p.y)} `;
    drawing = true;
  }
  return d.trim();
}

const hourLabel = (iso: string, spanHours: number) => {
  const d = new Date(iso);
  return spanHours <= 48
    ? `${String(d.getUTCHours()).padStart(2, "0")}:00`
    : `${d.getUTCMonth() + 1}/${d.getUTCDate()}`;
};

/**
 * A line chart panel: grid, y ticks, one path per series (broken at nulls),
 * gaps shaded "metrics unavailable", and each point's value as a `<title>`
 * on an invisible marker so the SVG carries what it plots.
 */
export function linePanelSvg(panel: LinePanel, frame: Frame): string {
  const plot = {
    x: frame.x + PAD.left,
    y: frame.y + PAD.top,
    w: frame.width - PAD.left - PAD.right,
    h: frame.height - PAD.top - PAD.bottom,
  };
  const n = panel.times.length;
  const all = panel.series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const { top, step } = niceAxis(Math.max(0, ...all));
  const xAt = (i: number) => plot.x + (n <= 1 ? plot.w / 2 : (i / (n - 1)) * plot.w);
  const yAt = (v: number) => plot.y + plot.h - (v / top) * plot.h;
  const t0 = n ? Date.parse(panel.times[0] ?? "") : 0;
  const t1 = n ? Date.parse(panel.times[n - 1] ?? "") : 0;
  const xAtTime = (ms: number) =>
    t1 > t0 ? plot.x + ((Math.min(Math.max(ms, t0), t1) - t0) / (t1 - t0)) * plot.w : plot.x;

  const out: string[] = [`<g class="line-panel">`];
  out.push(
    `<text x="${px(frame.x + 8)}" y="${px(frame.y + 18)}" fill="${palette.text}" font-size="15" font-weight="bold" font-family="${FONT}">${xml(panel.title)}</text>`,
  );
  // Legend, right-aligned on the title line.
  let lx = frame.x + frame.width - PAD.right;
  for (const s of [...panel.series].reverse()) {
    const label = clip(s.name, 24);
    lx -= label.length * 7.5 + 30;
    out.push(
      `<rect x="${px(lx)}" y="${px(frame.y + 8)}" width="12" height="12" fill="${s.color}"/>`,
      `<text x="${px(lx + 16)}" y="${px(frame.y + 18)}" fill="${palette.muted}" font-size="12" font-family="${FONT}">${xml(label)}</text>`,
    );
  }
  for (let v = 0; v <= top + step / 2; v += step) {
    const y = yAt(v);
    out.push(
      `<line x1="${px(plot.x)}" x2="${px(plot.x + plot.w)}" y1="${px(y)}" y2="${px(y)}" stroke="${palette.grid}" stroke-width="1"/>`,
      `<text x="${px(plot.x - 6)}" y="${px(y + 4)}" fill="${palette.muted}" font-size="11" text-anchor="end" font-family="${FONT}">${xml(panel.format(v))}</text>`,
    );
  }
  for (const gap of panel.gaps) {
    const gx = xAtTime(Date.parse(gap.from));
    const gw = Math.max(2, xAtTime(Date.parse(gap.to)) - gx);
    out.push(
      `<g class="gap" data-from="${xml(gap.from)}" data-to="${xml(gap.to)}"><title>metrics unavailable ${xml(gap.from)} – ${xml(gap.to)}</title>`,
      `<rect x="${px(gx)}" y="${px(plot.y)}" width="${px(gw)}" height="${px(plot.h)}" fill="${palette.gap}" fill-opacity="0.35"/>`,
      gw > 60
        ? `<text x="${px(gx + gw / 2)}" y="${px(plot.y + 14)}" fill="${palette.text}" font-size="11" text-anchor="middle" font-family="${FONT}">metrics unavailable</text>`
        : "",
      "</g>",
    );
  }
  if (n > 0) {
    const span = (t1 - t0) / 3_600_000;
    const labels = Math.min(6, n);
    for (let k = 0; k < labels; k++) {
      const i = labels === 1 ? 0 : Math.round((k / (labels - 1)) * (n - 1));
      out.push(
        `<text x="${px(xAt(i))}" y="${px(plot.y + plot.h + 16)}" fill="${palette.muted}" font-size="11" text-anchor="middle" font-family="${FONT}">${xml(hourLabel(panel.times[i] ?? "", span))}</text>`,
      );
    }
  } else {
    out.push(
      `<text x="${px(plot.x + plot.w / 2)}" y="${px(plot.y + plot.h / 2)}" fill="${palette.muted}" font-size="13" text-anchor="middle" font-family="${FONT}">no data in this period</text>`,
    );
  }
  for (const s of panel.series) {
    const points = s.values.map((v, i) => (v === null ? null : { x: xAt(i), y: yAt(v) }));
    out.push(
      `<path class="series" data-series="${xml(s.name)}" d="${pathWithBreaks(points)}" fill="none" stroke="${s.color}" stroke-width="2" stroke-linejoin="round"/>`,
    );
    // The plotted values, for people with a screen reader and for tests.
    out.push(`<g class="points" data-series="${xml(s.name)}" display="none">`);
    s.values.forEach((v, i) => {
      if (v === null) return;
      out.push(
        `<circle cx="${px(xAt(i))}" cy="${px(yAt(v))}" r="2" data-t="${xml(panel.times[i] ?? "")}" data-value="${dataValue(v)}"><title>${xml(s.name)} ${xml(panel.times[i] ?? "")}: ${dataValue(v)}</title></circle>`,
      );
    });
    out.push("</g>");
  }
  out.push("</g>");
  return out.join("");
}
