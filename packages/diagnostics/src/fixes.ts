import type { FindingFix, JsonPatchOp } from "@clustercord/contracts";
import { formatMemory, parseQuantity } from "@clustercord/contracts";
import { setField } from "@clustercord/policy";
import type { Container } from "./kube";
import type { TemplateOwner } from "./owners";

export type ProbeKind = "livenessProbe" | "readinessProbe" | "startupProbe";

function locate(owner: TemplateOwner, name: string): { index: number; container: Container } | null {
  const index = owner.containers.findIndex((c) => c.name === name);
  const container = owner.containers[index];
  return container ? { index, container } : null;
}

function set(owner: TemplateOwner, index: number, field: (string | number)[], value: unknown): JsonPatchOp[] {
  return setField(owner.object, [...owner.containersPath, index, ...field], value);
}

/**
 * OOMKilled: the memory limit raised to 1.5× the larger of the current limit
 * and the observed peak (rounded up to Mi), on the owner's pod template.
 */
export function raiseMemoryLimitFix(
  owner: TemplateOwner,
  containerName: string,
  limitBytes: number | null,
  peakBytes: number | null,
): FindingFix | undefined {
  const at = locate(owner, containerName);
  const base = Math.max(limitBytes ?? 0, peakBytes ?? 0);
  if (!at || base <= 0) return undefined;
  // A limit below the request is rejected by the API server.
  const request = parseQuantity(at.container.resources?.requests?.memory ?? "") ?? 0;
  const value = formatMemory(Math.max(base * 1.5, request), { min: 32, step: 1 });
  return {
    description: `Raise container ${containerName}'s memory limit to ${value} on ${owner.ref.kind} ${owner.ref.name}`,
    target: owner.ref,
    patch: set(owner, at.index, ["resources", "limits", "memory"], value),
  };
}

/** A tcpSocket probe on the container's first port, for each missing probe kind; undefined without ports. */
export function addProbesFix(
  owner: TemplateOwner,
  containerName: string,
  kinds: readonly ProbeKind[],
): FindingFix | undefined {
  const at = locate(owner, containerName);
  const port = at?.container.ports?.[0]?.containerPort;
  if (!at || typeof port !== "number" || kinds.length === 0) return undefined;
  const probes: Record<ProbeKind, Record<string, unknown>> = {
    readinessProbe: { tcpSocket: { port }, periodSeconds: 5 },
    livenessProbe: { tcpSocket: { port }, initialDelaySeconds: 10, periodSeconds: 10 },
    startupProbe: { tcpSocket: { port }, periodSeconds: 5, failureThreshold: 30 },
  };
  // Each op is computed against the owner as it is; the kinds are distinct fields, so they do not collide.
  const patch = kinds.flatMap((k) => set(owner, at.index, [k], probes[k]));
  return {
    description: `Add a TCP ${kinds.map((k) => k.replace("Probe", "")).join(" and ")} probe on port ${port} to container ${containerName}`,
    target: owner.ref,
    patch,
  };
}

/**
 * A probe that times out gets a longer timeout (twice the current, at least
 * 5 s); one that fails before the program listens gets a longer initial delay
 * (twice the current, at least 30 s).
 */
export function relaxProbeFix(
  owner: TemplateOwner,
  containerName: string,
  kind: ProbeKind,
  because: "timeout" | "not-listening",
): FindingFix | undefined {
  const at = locate(owner, containerName);
  const probe = at?.container[kind];
  if (!at || !probe) return undefined;
  const field = because === "timeout" ? "timeoutSeconds" : "initialDelaySeconds";
  const current = probe[field] ?? (because === "timeout" ? 1 : 0);
  const value = Math.max(current * 2, because === "timeout" ? 5 : 30);
  return {
    description: `Raise ${kind}.${field} of container ${containerName} from ${current}s to ${value}s`,
    target: owner.ref,
    patch: set(owner, at.index, [kind, field], value),
  };
}
