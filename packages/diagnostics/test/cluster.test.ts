import { Finding } from "@clustercord/contracts";
import { describe, expect, it } from "vitest";
import {
  buildContext,
  type DiagnosticsInput,
  diagnose,
  diagnoseCluster,
  diagnoseNode,
  type Pod,
} from "../src/index";
import { crashStatus, deploymentSet, event, NS, node, pod, runningStatus } from "./fixtures";

const ids = (findings: Finding[]) => findings.map((f) => f.id);
function cluster(input: DiagnosticsInput) {
  const findings = diagnoseCluster(buildContext(input));
  Finding.array().parse(findings);
  return findings;
}

describe("Nodes", () => {
  it("NotReady, pressure conditions and cordoned, most severe first", () => {
    const n = node("node-b", {
      conditions: {
        Ready: ["Unknown", "NodeStatusUnknown", "Kubelet stopped posting node status."],
        DiskPressure: ["True", "KubeletHasDiskPressure", "kubelet has disk pressure"],
        PIDPressure: ["True", "KubeletHasInsufficientPID", "kubelet has insufficient PID available"],
      },
      unschedulable: true,
    });
    const findings = diagnoseNode(buildContext({ nodes: [n] }), { name: "node-b" });
    expect(ids(findings)).toEqual([
      "node.not-ready",
      "node.disk-pressure",
      "node.pid-pressure",
      "node.unschedulable",
    ]);
    expect(findings[0]?.severity).toBe("CRITICAL");
    expect(findings[0]?.title).toBe("Node node-b is NotReady (kubelet not reporting)");
  });

  it("network unavailable (the CNI has not set the node up)", () => {
    const n = node("node-c", {
      conditions: { NetworkUnavailable: ["True", "NoRouteCreated", "Node created without a route"] },
    });
    const findings = diagnoseNode(buildContext({ nodes: [n] }), { name: "node-c" });
    expect(ids(findings)).toEqual(["node.network-unavailable"]);
    expect(findings[0]?.cause).toBe("The node's network is not configured: Node created without a route");
  });

  it("keeps every text within the contract's limits (a huge event message is clipped, not rejected)", () => {
    const n = node("node-b", { conditions: { Ready: ["False", "KubeletNotReady", "x".repeat(5_000)] } });
    const findings = cluster({ nodes: [n] });
    expect(findings[0]?.evidence[0]?.value).toHaveLength(2_000);
    expect(findings[0]?.cause.length).toBeLessThanOrEqual(1_000);
  });

  it("memory pressure, with the pods the node evicted grouped in one finding", () => {
    const n = node("node-a", {
      conditions: {
        MemoryPressure: ["True", "KubeletHasInsufficientMemory", "kubelet has insufficient memory available"],
      },
    });
    const evicted = (name: string): Pod =>
      pod(name, {
        phase: "Failed",
        statuses: [],
        status: { reason: "Evicted", message: "The node was low on resource: memory." },
      });
    const events = [
      event("Node", "node-a", "EvictionThresholdMet", "Attempting to reclaim memory", { namespace: null }),
    ];
    const findings = diagnoseNode(
      buildContext({ nodes: [n], pods: [evicted("a"), evicted("b"), pod("c")], events }),
      { name: "node-a" },
    );
    expect(ids(findings)).toEqual(["node.memory-pressure", "pod.evicted"]);
    expect(findings[0]?.evidence.map((e) => e.label)).toEqual([
      "status.conditions[MemoryPressure]",
      "status.allocatable.memory",
      "event EvictionThresholdMet (Warning)",
    ]);
    expect(findings[1]?.evidence[0]?.value).toBe("a, b");
  });
});

describe("storage, quota and webhooks", () => {
  it("PVC: missing StorageClass, not bound with the provisioner's event, waiting for a consumer", () => {
    const findings = cluster({
      storageClasses: [
        {
          metadata: { name: "standard" },
          provisioner: "rancher.io/local-path",
          volumeBindingMode: "Immediate",
        },
      ],
      persistentVolumeClaims: [
        {
          metadata: { name: "data", namespace: NS },
          spec: { storageClassName: "fast-ssd", resources: { requests: { storage: "10Gi" } } },
          status: { phase: "Pending" },
        },
        {
          metadata: { name: "logs", namespace: NS },
          spec: { storageClassName: "standard", resources: { requests: { storage: "5Ti" } } },
          status: { phase: "Pending" },
        },
        {
          metadata: { name: "ok", namespace: NS },
          spec: { storageClassName: "standard" },
          status: { phase: "Bound" },
        },
      ],
      events: [
        event(
          "PersistentVolumeClaim",
          "logs",
          "ProvisioningFailed",
          'failed to provision volume with StorageClass "standard": insufficient capacity',
        ),
      ],
    });
    expect(findings.map((f) => `${f.id} ${f.target.name}`)).toEqual([
      "pvc.not-bound data",
      "pvc.not-bound logs",
      "pvc.storage-class-missing data",
    ]);
    expect(findings[1]?.title).toBe("PVC logs is not bound (insufficient capacity)");
  });

  it("a used-up ResourceQuota", () => {
    const findings = cluster({
      resourceQuotas: [
        {
          metadata: { name: "compute", namespace: NS },
          status: {
            hard: { "limits.memory": "1Gi", pods: "10" },
            used: { "limits.memory": "1Gi", pods: "4" },
          },
        },
      ],
    });
    expect(ids(findings)).toEqual(["namespace.quota-exhausted"]);
    expect(findings[0]?.evidence[0]?.value).toBe("1Gi / 1Gi");
  });

  it("webhooks: a missing Service (failurePolicy Fail → CRITICAL) and one without endpoints (Ignore → MEDIUM)", () => {
    const findings = cluster({
      services: [
        { metadata: { name: "kyverno-svc", namespace: "kyverno" }, spec: { ports: [{ port: 443 }] } },
      ],
      endpointSlices: [],
      validatingWebhooks: [
        {
          metadata: { name: "gatekeeper" },
          webhooks: [
            {
              name: "validation.gatekeeper.sh",
              failurePolicy: "Fail",
              clientConfig: {
                service: { namespace: "gatekeeper-system", name: "gatekeeper-webhook-service" },
              },
            },
          ],
        },
      ],
      mutatingWebhooks: [
        {
          metadata: { name: "kyverno" },
          webhooks: [
            {
              name: "mutate.kyverno.svc",
              failurePolicy: "Ignore",
              clientConfig: { service: { namespace: "kyverno", name: "kyverno-svc" } },
            },
          ],
        },
      ],
    });
    expect(findings.map((f) => `${f.id} ${f.severity}`)).toEqual([
      "webhook.service-missing CRITICAL",
      "webhook.service-no-endpoints MEDIUM",
    ]);
  });
});

describe("a whole-cluster pass", () => {
  it("10,000 pods in 200 namespaces: one grouped finding per workload and cause", () => {
    const input: Required<
      Pick<DiagnosticsInput, "pods" | "deployments" | "replicaSets" | "nodes" | "services" | "endpointSlices">
    > = {
      pods: [],
      deployments: [],
      replicaSets: [],
      nodes: Array.from({ length: 50 }, (_, i) => node(`node-${i}`)),
      services: [],
      endpointSlices: [],
    };
    for (let n = 0; n < 200; n++) {
      const ns = `team-${n}`;
      for (let d = 0; d < 5; d++) {
        // Every tenth Deployment crash-loops on all of its 10 pods.
        const broken = (n * 5 + d) % 10 === 0;
        const set = deploymentSet(
          `app-${d}`,
          Array.from({ length: 10 }, () => (broken ? [crashStatus("api", 1)] : [runningStatus()])),
        );
        for (const o of [set.deployment, set.replicaSet, ...set.pods]) {
          (o.metadata as { namespace: string }).namespace = ns;
          (o.metadata as { uid: string }).uid = `${ns}-${o.metadata?.uid}`;
          for (const r of o.metadata?.ownerReferences ?? []) r.uid = `${ns}-${r.uid}`;
        }
        input.deployments.push(set.deployment);
        input.replicaSets.push(set.replicaSet);
        input.pods.push(...set.pods);
      }
    }
    expect(input.pods).toHaveLength(10_000);
    const findings = diagnose(buildContext(input), { kind: "Cluster" });
    const crash = findings.filter((f) => f.id === "pod.crash-loop.app-error");
    expect(crash).toHaveLength(100);
    expect(crash[0]?.title).toBe("10 of 10 pods: Container api is crash-looping (exit code 1)");
    expect(new Set(crash.map((f) => f.fingerprint)).size).toBe(100);
    expect(findings).toHaveLength(100);
  });
});
