"use client";
import type { CostUsageOutput } from "@clustercord/contracts";
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { ChartFrame, type DataColumn, GapNotes } from "./chart-frame";
import {
  type CostDatum,
  formatInstant,
  formatMoney,
  formatNumber,
  gapNotes,
  hasValues,
  timeTick,
  type UsageDatum,
  usageChartData,
} from "./format";

/** Series colours: readable on both themes' panels. */
export const SERIES = { cpu: "#5865f2", memory: "#23a55a", storage: "#e0932b", request: "#eb459e" };
const tooltipStyle = { background: "#111214", border: "1px solid #4e5058", color: "#f2f3f5" };

type Resource = "cpu" | "memory";
const resourceText: Record<Resource, { title: string; unit: string }> = {
  cpu: { title: "CPU", unit: "cores" },
  memory: { title: "Memory", unit: "GiB" },
};

/**
 * Usage vs requests vs capacity per hour (cost.usage) for CPU or memory.
 * Hours without metrics are nulls and the lines break there
 * (connectNulls false): a gap is not zero.
 */
export function UsageChart({
  usage,
  resource,
  height = 220,
  showGaps = true,
}: {
  usage: Pick<CostUsageOutput, "points" | "gaps" | "from" | "to">;
  resource: Resource;
  height?: number;
  /** Two charts of one answer say its gaps once. */
  showGaps?: boolean;
}) {
  const data = usageChartData(usage.points, usage.gaps);
  const keys = {
    usage: `${resource}Usage`,
    request: `${resource}Request`,
    capacity: `${resource}Capacity`,
  } as const;
  const { title, unit } = resourceText[resource];
  const showCapacity = hasValues(data, keys.capacity);
  const span = Date.parse(usage.to) - Date.parse(usage.from);
  const fmt = (v: number) => `${formatNumber(v)} ${unit}`;
  const columns: DataColumn<UsageDatum>[] = [
    { key: "usage", label: "Usage", value: (d) => d[keys.usage], format: fmt },
    { key: "request", label: "Requests", value: (d) => d[keys.request], format: fmt },
    ...(showCapacity
      ? [{ key: "capacity", label: "Capacity", value: (d: UsageDatum) => d[keys.capacity], format: fmt }]
      : []),
  ];
  const chartTitle = `${title} usage vs requests${showCapacity ? " vs capacity" : ""}`;
  return (
    <ChartFrame
      title={chartTitle}
      summary={`${data.length} hourly points in ${unit}, from ${formatInstant(usage.from)} to ${formatInstant(usage.to)}; the table below lists them`}
      rows={data}
      rowKey={(d) => d.iso}
      rowHeader={(d) => formatInstant(d.iso)}
      rowHeaderLabel="Hour"
      columns={columns}
      notes={showGaps ? <GapNotes notes={gapNotes(usage.gaps)} /> : null}
      span={{ from: usage.from, to: usage.to }}
    >
      <ResponsiveContainer width="100%" height={height}>
        <LineChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} accessibilityLayer={false}>
          <CartesianGrid strokeDasharray="3 3" stroke="#80848e55" />
          <XAxis
            dataKey="t"
            type="number"
            scale="time"
            domain={["dataMin", "dataMax"]}
            tickFormatter={timeTick(span)}
            minTickGap={24}
          />
          <YAxis width={44} tickFormatter={(v: number) => formatNumber(v, 2)} />
          <Tooltip
            contentStyle={tooltipStyle}
            labelFormatter={(t) => formatInstant(new Date(Number(t)).toISOString())}
            formatter={(v) => (typeof v === "number" ? fmt(v) : String(v))}
          />
          <Legend />
          <Line
            name="Usage"
            dataKey={keys.usage}
            stroke={SERIES[resource]}
            strokeWidth={2}
            dot={false}
            connectNulls={false}
            isAnimationActive={false}
          />
          <Line
            name="Requests"
            dataKey={keys.request}
            stroke={SERIES.request}
            strokeDasharray="6 3"
            dot={false}
            connectNulls={false}
            isAnimationActive={false}
          />
          {showCapacity && (
            <Line
              name="Capacity"
              dataKey={keys.capacity}
              stroke="#b5bac1"
              strokeDasharray="2 3"
              dot={false}
              connectNulls={false}
              isAnimationActive={false}
            />
          )}
        </LineChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}

/**
 * CPU, memory and storage cost stacked per bar: per day (cost.summary's
 * daily) or per namespace, workload or person (cost.breakdown). Groups run
 * down the side (`horizontal`) so long names stay readable on a phone.
 */
export function CostStackChart({
  title,
  rows,
  currency,
  rowHeaderLabel,
  horizontal = false,
  showTable = false,
  notes,
}: {
  title: string;
  rows: readonly CostDatum[];
  currency: string;
  rowHeaderLabel: string;
  horizontal?: boolean;
  showTable?: boolean;
  notes?: React.ReactNode;
}) {
  const money = (v: number) => formatMoney(v, currency);
  const columns: DataColumn<CostDatum>[] = [
    { key: "cpu", label: "CPU", value: (d) => d.cpu, format: money },
    { key: "memory", label: "Memory", value: (d) => d.memory, format: money },
    { key: "storage", label: "Storage", value: (d) => d.storage, format: money },
    { key: "total", label: "Total", value: (d) => d.total, format: money },
  ];
  const height = horizontal ? Math.max(160, rows.length * 34 + 60) : 240;
  const bars = [
    { key: "cpu", name: "CPU", fill: SERIES.cpu },
    { key: "memory", name: "Memory", fill: SERIES.memory },
    { key: "storage", name: "Storage", fill: SERIES.storage },
  ];
  return (
    <ChartFrame
      title={title}
      summary={`CPU, memory and storage cost in ${currency}, stacked, for ${rows.length} ${rowHeaderLabel.toLowerCase()} rows; the table lists them`}
      rows={rows}
      rowKey={(d) => d.key}
      rowHeader={(d) => d.label}
      rowHeaderLabel={rowHeaderLabel}
      columns={columns}
      showTable={showTable}
      notes={notes}
    >
      <ResponsiveContainer width="100%" height={height}>
        <BarChart
          data={rows as CostDatum[]}
          layout={horizontal ? "vertical" : "horizontal"}
          margin={{ top: 8, right: 8, bottom: 0, left: 0 }}
          accessibilityLayer={false}
        >
          <CartesianGrid strokeDasharray="3 3" stroke="#80848e55" />
          {horizontal ? (
            <>
              <XAxis type="number" tickFormatter={(v: number) => formatNumber(v, 2)} />
              <YAxis
                type="category"
                dataKey="label"
                width={110}
                tickFormatter={(v: string) => (v.length > 16 ? `${v.slice(0, 15)}…` : v)}
              />
            </>
          ) : (
            <>
              <XAxis dataKey="label" tickFormatter={(v: string) => v.slice(5)} minTickGap={12} />
              <YAxis width={44} tickFormatter={(v: number) => formatNumber(v, 2)} />
            </>
          )}
          <Tooltip
            contentStyle={tooltipStyle}
            formatter={(v) => (typeof v === "number" ? money(v) : String(v))}
          />
          <Legend />
          {bars.map((b) => (
            <Bar
              key={b.key}
              dataKey={b.key}
              name={b.name}
              stackId="cost"
              fill={b.fill}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
