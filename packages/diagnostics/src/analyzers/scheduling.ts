/**
 * Pods the scheduler cannot place, and pods the kubelet evicted.
 */
import type { ObjectRef } from "@clustercord/contracts";
import type { DiagnosticsContext } from "../context";
import { eventEvidence, field } from "../evidence";
import type { FindingDraft } from "../finding";
import type { KubeEvent, Pod } from "../kube";

export function evicted(ctx: DiagnosticsContext, pod: Pod, target: ObjectRef): FindingDraft {
  const message = pod.status?.message ?? "";
  const resource = /low on resource: (\w+)/.exec(message)?.[1];
  const nodeName = pod.spec?.nodeName;
  const node = nodeName ? ctx.nodes.get(nodeName) : undefined;
  const pressure = (node?.status?.conditions ?? []).filter(
    (c) => /Pressure$/.test(c.type ?? "") && c.status === "True",
  );
  return {
    id: "pod.evicted",
    severity: "MEDIUM",
    target,
    title: `Pod ${target.name} was evicted${resource ? ` (node low on ${resource})` : ""}`,
    cause: `The kubelet on ${nodeName ?? "its node"} evicted the pod to reclaim ${resource ?? "resources"}; pods using more than they request go first.`,
    evidence: [
      field("status.reason", "Evicted"),
      field("status.message", message),
      ...pressure.map((c) =>
        field(`node condition ${c.type}`, `${c.status}: ${c.message ?? ""}`, {
          kind: "Node",
          namespace: null,
          name: nodeName ?? "?",
        }),
      ),
    ],
    recommendations: [
      "Set requests close to real usage (and memory limits), so that the pod is not the first to go under pressure.",
      `Look at the node's ${resource ?? "resource"} pressure: other pods' usage, image and log disk use.`,
      "Delete evicted pods once understood: they stay listed until cleaned up.",
    ],
  };
}

const schedulingCauses: { id: string; pattern: RegExp; title: string; recommendations: string[] }[] = [
  {
    id: "pod.unschedulable.insufficient-resources",
    pattern: /Insufficient (cpu|memory|ephemeral-storage|pods|[\w./-]+)/i,
    title: "not enough free resources on any node",
    recommendations: [
      "Lower the pod's requests to what it uses, or add nodes (or let the cluster autoscaler add them).",
      "Check for pods that request much more than they use on the nodes.",
    ],
  },
  {
    id: "pod.unschedulable.untolerated-taint",
    pattern: /untolerated taint|had taint/i,
    title: "the nodes have taints the pod does not tolerate",
    recommendations: [
      "Add a toleration for the taint if the pod belongs on those nodes, or remove the taint from the node.",
    ],
  },
  {
    id: "pod.unschedulable.node-affinity",
    pattern:
      /didn't match Pod's node affinity|node affinity\/selector|didn't match node selector|node\(s\) didn't match/i,
    title: "no node matches the pod's nodeSelector / node affinity",
    recommendations: [
      "Compare spec.nodeSelector and spec.affinity.nodeAffinity with the nodes' labels (`kubectl get nodes --show-labels`).",
    ],
  },
  {
    id: "pod.unschedulable.unbound-pvc",
    pattern:
      /unbound immediate PersistentVolumeClaims|persistentvolumeclaim .* not found|volume node affinity conflict/i,
    title: "its PersistentVolumeClaims cannot be bound",
    recommendations: ["Diagnose the pod's PersistentVolumeClaims: their StorageClass and provisioner."],
  },
];

export function unschedulable(pod: Pod, target: ObjectRef, events: readonly KubeEvent[]): FindingDraft[] {
  if (pod.status?.phase !== "Pending") return [];
  const condition = pod.status.conditions?.find((c) => c.type === "PodScheduled" && c.status === "False");
  const failed = events.find((e) => e.reason === "FailedScheduling");
  const message = condition?.message ?? failed?.message;
  if (!message) return [];
  const evidence = [
    field("status.conditions[PodScheduled]", `${condition?.reason ?? "Unschedulable"}: ${message}`),
    ...(failed ? [eventEvidence(failed)] : []),
  ];
  const causes = schedulingCauses.filter((c) => c.pattern.test(message));
  if (causes.length === 0) {
    return [
      {
        id: "pod.unschedulable.other",
        severity: "HIGH",
        target,
        title: `Pod ${target.name} cannot be scheduled`,
        cause: `The scheduler found no node for the pod: ${message}`,
        evidence,
        recommendations: ["Read the scheduler's message: it lists why each group of nodes was rejected."],
      },
    ];
  }
  return causes.map((c) => ({
    id: c.id,
    severity: "HIGH",
    target,
    title: `Pod ${target.name} cannot be scheduled: ${c.title}`,
    cause: `The scheduler found no node for the pod: ${message}`,
    evidence,
    recommendations: c.recommendations,
  }));
}
