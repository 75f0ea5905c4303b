"use client";
import { browserTimeZone, runTime } from "./format";

/** One next run: in the schedule's zone, and in the person's own when that differs. */
export function RunTimeItem({ iso, zone }: { iso: string; zone: string }) {
  const { there, mine } = runTime(iso, zone, browserTimeZone());
  return (
    <li>
      <time dateTime={iso}>{there}</time>
      {mine && <span className="cc-muted"> ({mine} your time)</span>}
    </li>
  );
}
