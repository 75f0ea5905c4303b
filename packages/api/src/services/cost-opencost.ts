/**
 * A cluster's OpenCost (or Kubecost) allocation API as the source of its
 * numbers: `GET <base>/allocation/compute?window=<start>,<end>&aggregate=…`,
 * read through the outbound guard (no internal addresses unless an operator
 * allows the network, no redirects), with a timeout and a size limit.
 * Its costs are its own (its prices); ClusterCord only filters them to the
 * namespaces the person may read.
 */
import { AppError, type CostAmounts } from "@clustercord/contracts";
import {
  createOutboundGuard,
  findOutboundRefusal,
  type OutboundGuard,
  PUBLIC_ONLY,
} from "@clustercord/outbound";
import { z } from "zod";
import type { ApiDeps } from "../context";
import { guardedGet, MiB } from "./chart-fetch";

const GiB = 1024 ** 3;
const WHAT = "the cluster's OpenCost allocation API";

/** The fields of OpenCost's Allocation that ClusterCord reads (the rest is ignored). */
const Allocation = z.object({
  name: z.string(),
  properties: z
    .object({
      namespace: z.string().optional(),
      controller: z.string().optional(),
      controllerKind: z.string().optional(),
    })
    .partial()
    .optional(),
  window: z.object({ start: z.string(), end: z.string() }).optional(),
  start: z.string().optional(),
  cpuCoreHours: z.number().default(0),
  cpuCost: z.number().default(0),
  ramByteHours: z.number().default(0),
  ramCost: z.number().default(0),
  pvByteHours: z.number().default(0),
  pvCost: z.number().default(0),
  totalCost: z.number().default(0),
});
const AllocationResponse = z.object({
  code: z.number(),
  data: z.array(z.record(z.string(), Allocation.nullable()).nullable()),
});

export interface OpenCostAllocation {
  name: string;
  namespace: string | null;
  /** `Kind/name` (Deployment/web), when aggregated by controller. */
  workload: string | null;
  start: Date | null;
  amounts: CostAmounts;
}

let publicOnly: OutboundGuard | undefined;
/**
 * The guard OpenCost is read through: the chart repositories' (so an
 * operator's CLUSTERCORD_ALLOWED_CHART_NETWORKS applies to both), else
 * public addresses only.
 */
export function opencostGuard(deps: Pick<ApiDeps, "helm">): OutboundGuard {
  if (deps.helm) return deps.helm.guard;
  publicOnly ??= createOutboundGuard(PUBLIC_ONLY);
  return publicOnly;
}

/** Refuses a URL the guard would refuse (or one carrying credentials), naming why. */
export function checkOpencostUrl(deps: Pick<ApiDeps, "helm">, url: string): string {
  const parsed = new URL(url);
  if (parsed.username || parsed.password)
    throw new AppError("BAD_REQUEST", {
      userMessage: "The OpenCost URL must not carry a user name or password.",
    });
  try {
    opencostGuard(deps).checkUrl(url);
  } catch (error) {
    const refusal = findOutboundRefusal(error);
    throw new AppError("BAD_REQUEST", {
      userMessage: `The OpenCost URL is refused: ${refusal?.userMessage ?? "the address is not allowed"}.`,
    });
  }
  return url.replace(/\/+$/, "");
}

const KINDS: Record<string, string> = {
  deployment: "Deployment",
  statefulset: "StatefulSet",
  daemonset: "DaemonSet",
  replicaset: "ReplicaSet",
  job: "Job",
  cronjob: "CronJob",
};
const kindName = (kind: string | undefined) =>
  kind ? (KINDS[kind.toLowerCase()] ?? `${kind.charAt(0).toUpperCase()}${kind.slice(1)}`) : "Pod";

function toAllocation(a: z.infer<typeof Allocation>): OpenCostAllocation {
  const controller = a.properties?.controller;
  return {
    name: a.name,
    namespace: a.properties?.namespace ?? null,
    workload: controller ? `${kindName(a.properties?.controllerKind)}/${controller}` : null,
    start: a.window?.start ? new Date(a.window.start) : a.start ? new Date(a.start) : null,
    amounts: {
      cpuCoreHours: a.cpuCoreHours,
      memoryGbHours: a.ramByteHours / GiB,
      storageGbHours: a.pvByteHours / GiB,
      cpuCost: a.cpuCost,
      memoryCost: a.ramCost,
      storageCost: a.pvCost,
      total: a.totalCost,
    },
  };
}

/**
 * Allocations over [from, to), aggregated by `aggregate`; with `step` one
 * set per step (e.g. "1d"), else one accumulated set. `__idle__` is included
 * when asked; `__unallocated__` entries carry no namespace.
 */
export async function fetchAllocations(
  deps: Pick<ApiDeps, "helm">,
  baseUrl: string,
  query: {
    from: Date;
    to: Date;
    aggregate: "namespace" | "namespace,controller";
    step?: "1d";
    idle?: boolean;
  },
): Promise<OpenCostAllocation[][]> {
  const params = new URLSearchParams({
    window: `${query.from.toISOString().replace(/\.\d{3}Z$/, "Z")},${query.to.toISOString().replace(/\.\d{3}Z$/, "Z")}`,
    aggregate: query.aggregate,
    accumulate: query.step ? "false" : "true",
    includeIdle: query.idle ? "true" : "false",
  });
  if (query.step) params.set("step", query.step);
  const res = await guardedGet(opencostGuard(deps), `${baseUrl}/allocation/compute?${params}`, {
    what: WHAT,
    maxBytes: 16 * MiB,
    timeoutMs: 15_000,
    headers: { accept: "application/json" },
  });
  if (res.status !== 200)
    throw new AppError("UPSTREAM", { userMessage: `${WHAT} answered HTTP ${res.status}.` });
  let body: unknown;
  try {
    body = JSON.parse(res.body.toString("utf8"));
  } catch {
    throw new AppError("UPSTREAM", { userMessage: `${WHAT} did not answer JSON.` });
  }
  const parsed = AllocationResponse.safeParse(body);
  if (!parsed.success)
    throw new AppError("UPSTREAM", {
      userMessage: `${WHAT} answered in a shape ClusterCord does not know (${parsed.error.issues[0]?.path.join(".") ?? "?"}).`,
    });
  return parsed.data.data.map((set) => Object.values(set ?? {}).flatMap((a) => (a ? [toAllocation(a)] : [])));
}
