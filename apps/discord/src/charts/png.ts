import { Resvg } from "@resvg/resvg-js";
import type { ChartSvg } from "./cost-chart";

/** The first eight bytes of every PNG file. */
export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * The chart as PNG, rendered on the server (resvg: no browser, no native
 * toolchain; a prebuilt binary from npm). Text uses the system's fonts, so
 * the image needs a sans font installed (DejaVu in the Docker image).
 */
export function chartPng(chart: ChartSvg): Buffer {
  const resvg = new Resvg(chart.svg, {
    fitTo: { mode: "width", value: chart.width },
    font: { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans" },
    background: "#0d1117",
  });
  return Buffer.from(resvg.render().asPng());
}

/** Width and height from a PNG's IHDR chunk. */
export function pngSize(png: Buffer): { width: number; height: number } {
  if (png.length < 24 || !png.subarray(0, 8).equals(PNG_SIGNATURE)) throw new Error("not a PNG");
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}
