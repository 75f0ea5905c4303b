"use client";
import type { CostPeriod } from "@clustercord/contracts";
import { useId, useState } from "react";
import { PERIOD_KINDS, type PeriodKind, periodFromForm } from "./format";

const today = () => new Date().toISOString().slice(0, 10);
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

/**
 * Day, week, month (each ending now) or two calendar days (UTC). A custom
 * period is asked for only once both days make a valid one; until then the
 * problem shows and the last good period stays.
 */
export function PeriodPicker({ onChange }: { onChange: (period: CostPeriod) => void }) {
  const ids = { from: useId(), to: useId(), problem: useId() };
  const [kind, setKind] = useState<PeriodKind>("month");
  const [from, setFrom] = useState(daysAgo(6));
  const [to, setTo] = useState(today());
  const [problem, setProblem] = useState<string | null>(null);

  const apply = (k: PeriodKind, f: string, t: string) => {
    const result = periodFromForm(k, f, t);
    setProblem(result.problem ?? null);
    if (result.period) onChange(result.period);
  };

  return (
    <fieldset className="cc-period">
      <legend className="cc-visually-hidden">Period</legend>
      <div className="cc-period-kinds">
        {PERIOD_KINDS.map((p) => (
          <button
            key={p.kind}
            type="button"
            className="cc-period-kind"
            aria-pressed={kind === p.kind}
            onClick={() => {
              setKind(p.kind);
              apply(p.kind, from, to);
            }}
          >
            {p.label}
          </button>
        ))}
      </div>
      {kind === "custom" && (
        <div className="cc-period-custom">
          <label htmlFor={ids.from}>From</label>
          <input
            id={ids.from}
            type="date"
            value={from}
            aria-describedby={problem ? ids.problem : undefined}
            onChange={(e) => {
              setFrom(e.target.value);
              apply("custom", e.target.value, to);
            }}
          />
          <label htmlFor={ids.to}>To</label>
          <input
            id={ids.to}
            type="date"
            value={to}
            aria-describedby={problem ? ids.problem : undefined}
            onChange={(e) => {
              setTo(e.target.value);
              apply("custom", from, e.target.value);
            }}
          />
        </div>
      )}
      {problem && (
        <p id={ids.problem} className="cc-field-problem" role="alert">
          {problem}
        </p>
      )}
    </fieldset>
  );
}
