import { formatCpu, formatMemory, parseQuantity } from "@clustercord/contracts";
import type { FixResult } from "../lint/define";
import type { FixContext } from "../lint/types";
import { type ContainerRef, getIn, type KubeObject } from "../objects";
import { setFields } from "../patch";

// Headroom over observed usage: CPU is throttled (not killed) at its limit, memory is not.
const CPU_HEADROOM = 2;
const MEMORY_HEADROOM = 1.5;

type Resource = "cpu" | "memory";

function fromUsage(resource: Resource, used: string | number | undefined, request: unknown) {
  const u = used === undefined ? null : parseQuantity(used);
  if (u === null) return null;
  const r = typeof request === "string" || typeof request === "number" ? (parseQuantity(request) ?? 0) : 0;
  // A limit below the request is refused by the API server.
  return resource === "cpu"
    ? formatCpu(Math.max(u * CPU_HEADROOM, r))
    : formatMemory(Math.max(u * MEMORY_HEADROOM, r));
}

/**
 * CPU and memory limits for the container's missing ones: from observed usage
 * with headroom when metrics exist, else the namespace's LimitRange default.
 */
export function limitsFix(object: KubeObject, c: ContainerRef, context: FixContext): FixResult {
  const resources: Resource[] = ["cpu", "memory"];
  const fields: (readonly [(string | number)[], unknown])[] = [];
  for (const resource of resources) {
    const limitPath = [...c.path, "resources", "limits", resource];
    if (getIn(object, limitPath) !== undefined) continue;
    const request = getIn(c.container, ["resources", "requests", resource]);
    const value =
      fromUsage(resource, context.usage?.[c.name]?.[resource], request) ??
      context.limitRangeDefault?.[resource] ??
      null;
    if (value === null)
      return {
        reason: `no ${resource} usage is known for container ${c.name} and the namespace has no LimitRange default`,
      };
    fields.push([limitPath, value]);
  }
  return setFields(object, fields);
}
