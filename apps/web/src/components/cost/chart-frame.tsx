"use client";
import { type ReactNode, useId } from "react";

export type DataColumn<Row> = {
  key: string;
  label: string;
  value: (row: Row) => number | null;
  format: (value: number) => string;
};

/**
 * A chart with what it plots as a table: the drawing is one image to
 * assistive tech (its label says what it shows), the table beneath it gives
 * every plotted number, each cell carrying the exact value in `data-value`
 * (empty in a gap). The table is visually hidden unless `showTable`.
 */
export function ChartFrame<Row>({
  title,
  summary,
  rows,
  rowKey,
  rowHeader,
  rowHeaderLabel,
  columns,
  showTable = false,
  notes,
  span,
  children,
}: {
  title: string;
  /** The answer's period: on the figure, so a reader (or a test) can ask the API the same. */
  span?: { from: string; to: string };
  /** What the image shows, for its aria-label. */
  summary: string;
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  rowHeader: (row: Row) => string;
  rowHeaderLabel: string;
  columns: DataColumn<Row>[];
  showTable?: boolean;
  notes?: ReactNode;
  children: ReactNode;
}) {
  const captionId = useId();
  return (
    <figure className="cc-chart" aria-labelledby={captionId} data-from={span?.from} data-to={span?.to}>
      <figcaption id={captionId} className="cc-chart-title">
        {title}
      </figcaption>
      <div className="cc-chart-canvas" role="img" aria-label={`${title}: ${summary}`}>
        {children}
      </div>
      {notes}
      <div className={showTable ? "cc-table-wrap" : "cc-visually-hidden"}>
        <table className="cc-table" aria-label={`${title}: plotted values`}>
          <thead>
            <tr>
              <th scope="col">{rowHeaderLabel}</th>
              {columns.map((c) => (
                <th key={c.key} scope="col">
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={rowKey(row)}>
                <th scope="row">{rowHeader(row)}</th>
                {columns.map((c) => {
                  const v = c.value(row);
                  return (
                    <td key={c.key} data-column={c.key} data-value={v === null ? "" : String(v)}>
                      {v === null ? "no data" : c.format(v)}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}

/** The notes under a chart for its gaps: metrics were unavailable, which is not zero. */
export function GapNotes({ notes }: { notes: string[] }) {
  if (notes.length === 0) return null;
  return (
    <ul className="cc-chart-gaps" aria-label="Gaps in the metrics">
      {notes.map((n) => (
        <li key={n}>{n}</li>
      ))}
    </ul>
  );
}
