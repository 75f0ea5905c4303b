/**
 * Small readers of a pod's spec and status that several analyzers share.
 */
import type { Evidence } from "@clustercord/contracts";
import { parseQuantity } from "@clustercord/contracts";
import { containerKey, type DiagnosticsContext } from "../context";
import { logEvidence } from "../evidence";
import type { Container, KubeEvent, Pod } from "../kube";

export type ContainerStatus = NonNullable<NonNullable<Pod["status"]>["containerStatuses"]>[number];

export function specContainer(pod: Pod, name: string | undefined): Container | undefined {
  return (
    pod.spec?.containers?.find((c) => c.name === name) ??
    pod.spec?.initContainers?.find((c) => c.name === name)
  );
}

export const memoryLimit = (c: Container | undefined): number | null =>
  c?.resources?.limits?.memory === undefined ? null : parseQuantity(c.resources.limits.memory);
export const cpuLimit = (c: Container | undefined): number | null =>
  c?.resources?.limits?.cpu === undefined ? null : parseQuantity(c.resources.limits.cpu);

export function lastLogLines(ctx: DiagnosticsContext, pod: Pod, container: string, n = 5): Evidence[] {
  const lines = ctx.logsByContainer.get(
    containerKey(pod.metadata?.namespace ?? "", pod.metadata?.name ?? "", container),
  );
  return (lines ?? []).slice(-n).map((l) => logEvidence(container, l));
}

/** `spec.containers{api}` → api */
export function eventContainer(e: KubeEvent): string | undefined {
  return /\{([^}]+)\}/.exec(e.involvedObject?.fieldPath ?? "")?.[1];
}
