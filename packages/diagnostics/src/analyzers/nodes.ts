import { type DiagnosticsContext, eventsFor } from "../context";
import { eventEvidence, field } from "../evidence";
import { type FindingDraft, refOf } from "../finding";
import type { Node } from "../kube";

const pressureIds: Record<string, string> = {
  MemoryPressure: "node.memory-pressure",
  DiskPressure: "node.disk-pressure",
  PIDPressure: "node.pid-pressure",
  NetworkUnavailable: "node.network-unavailable",
};

export function analyzeNode(ctx: DiagnosticsContext, node: Node): FindingDraft[] {
  const target = refOf("Node", node);
  const out: FindingDraft[] = [];
  const conditions = node.status?.conditions ?? [];
  const ready = conditions.find((c) => c.type === "Ready");
  const events = eventsFor(ctx, "Node", node);
  if (ready && ready.status !== "True") {
    out.push({
      id: "node.not-ready",
      severity: "CRITICAL",
      target,
      title: `Node ${target.name} is NotReady${ready.status === "Unknown" ? " (kubelet not reporting)" : ""}`,
      cause:
        ready.status === "Unknown"
          ? "The kubelet stopped posting status: the node is down, unreachable, or the kubelet crashed. Its pods are evicted after the toleration period."
          : `The kubelet reports the node not ready: ${ready.message ?? ready.reason ?? ""}`,
      evidence: [
        field("status.conditions[Ready]", `${ready.status} (${ready.reason ?? "?"}): ${ready.message ?? ""}`),
        ...(ready.lastHeartbeatTime
          ? [field("status.conditions[Ready].lastHeartbeatTime", String(ready.lastHeartbeatTime))]
          : []),
        ...events
          .filter((e) => /NotReady|NodeNotReady|Rebooted/.test(e.reason ?? ""))
          .slice(0, 3)
          .map((e) => eventEvidence(e)),
        field("pods on the node", (ctx.podsByNode.get(target.name) ?? []).length),
      ],
      recommendations: [
        "Check the machine is up and reachable, then the kubelet and container runtime logs (`journalctl -u kubelet`).",
        "Cordon and drain the node if it will not come back soon.",
      ],
    });
  }
  for (const c of conditions) {
    const id = c.type ? pressureIds[c.type] : undefined;
    if (!id || c.status !== "True") continue;
    const resource =
      c.type === "NetworkUnavailable" ? "network" : (c.type ?? "").replace("Pressure", "").toLowerCase();
    out.push({
      id,
      severity: "HIGH",
      target,
      title: `Node ${target.name} has ${c.type}`,
      cause:
        c.type === "NetworkUnavailable"
          ? `The node's network is not configured: ${c.message ?? ""}`
          : `The node is low on ${resource}: the kubelet evicts pods and the scheduler avoids the node. ${c.message ?? ""}`,
      evidence: [
        field(`status.conditions[${c.type}]`, `${c.status} (${c.reason ?? "?"}): ${c.message ?? ""}`),
        field(
          `status.allocatable.${resource === "pid" ? "pods" : resource === "disk" ? "ephemeral-storage" : resource}`,
          node.status?.allocatable?.[
            resource === "pid" ? "pods" : resource === "disk" ? "ephemeral-storage" : resource
          ] ?? "?",
        ),
        ...events
          .filter((e) => /Evict|Pressure|FreeDiskSpaceFailed|ImageGCFailed/.test(e.reason ?? ""))
          .slice(0, 3)
          .map((e) => eventEvidence(e)),
      ],
      recommendations:
        c.type === "DiskPressure"
          ? [
              "Free disk: unused images (`crictl rmi --prune`), container logs, emptyDir volumes.",
              "Set ephemeral-storage requests/limits on pods.",
            ]
          : c.type === "NetworkUnavailable"
            ? ["Check the CNI plugin's pods on the node."]
            : [
                `Find the pods using the most ${resource} on the node and set their limits.`,
                "Add capacity or spread the workloads (requests that match usage help the scheduler).",
              ],
    });
  }
  if (node.spec?.unschedulable) {
    out.push({
      id: "node.unschedulable",
      severity: "LOW",
      target,
      title: `Node ${target.name} is cordoned`,
      cause: "spec.unschedulable is true: no new pods are placed on it (maintenance or a drain).",
      evidence: [field("spec.unschedulable", true)],
      recommendations: ["Uncordon it when the maintenance is over (`kubectl uncordon`)."],
    });
  }
  return out;
}
