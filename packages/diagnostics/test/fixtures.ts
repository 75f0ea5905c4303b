import type { Container, Deployment, KubeEvent, Node, Pod, ReplicaSet } from "../src/index";

/**
 * Objects shaped as the API server returns them (what the watch caches hold):
 * times as strings, statuses with state/lastState, events with
 * involvedObject, reason, message and count.
 */
export const NS = "shop";
export const T0 = "2026-11-30T10:00:00Z";

export function container(name = "api", extra: Container = {}): Container {
  return {
    name,
    image: `registry.example.com/shop/${name}:1.4.2`,
    ports: [{ name: "http", containerPort: 8080, protocol: "TCP" }],
    resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "256Mi" } },
    readinessProbe: {
      httpGet: { path: "/ready", port: 8080, scheme: "HTTP" },
      timeoutSeconds: 1,
      periodSeconds: 10,
    },
    livenessProbe: {
      httpGet: { path: "/healthz", port: 8080, scheme: "HTTP" },
      timeoutSeconds: 1,
      periodSeconds: 10,
    },
    ...extra,
  };
}

type ContainerStatus = NonNullable<NonNullable<Pod["status"]>["containerStatuses"]>[number];

export function runningStatus(name = "api", extra: ContainerStatus = {}): ContainerStatus {
  return {
    name,
    image: `registry.example.com/shop/${name}:1.4.2`,
    imageID: `registry.example.com/shop/${name}@sha256:${"a".repeat(64)}`,
    containerID: `containerd://${"c".repeat(64)}`,
    ready: true,
    started: true,
    restartCount: 0,
    state: { running: { startedAt: T0 } },
    ...extra,
  };
}

export function crashStatus(
  name: string,
  exitCode: number,
  reason = "Error",
  restartCount = 7,
): ContainerStatus {
  return runningStatus(name, {
    ready: false,
    started: false,
    restartCount,
    state: {
      waiting: {
        reason: "CrashLoopBackOff",
        message: `back-off 5m0s restarting failed container=${name} pod=api-7d9f8b6c5d-x2x9k_shop(uid)`,
      },
    },
    lastState: {
      terminated: {
        exitCode,
        reason,
        startedAt: "2026-11-30T09:58:10Z",
        finishedAt: "2026-11-30T09:58:12Z",
        containerID: `containerd://${"d".repeat(64)}`,
      },
    },
  });
}

export function waitingStatus(name: string, reason: string, message: string): ContainerStatus {
  return runningStatus(name, { ready: false, started: false, state: { waiting: { reason, message } } });
}

interface PodOptions {
  labels?: Record<string, string>;
  containers?: Container[];
  statuses?: ContainerStatus[];
  phase?: string;
  node?: string;
  owner?: { kind: string; name: string; uid: string };
  volumes?: NonNullable<Pod["spec"]>["volumes"];
  ready?: boolean;
  status?: Partial<NonNullable<Pod["status"]>>;
  namespace?: string;
}

export function pod(name: string, o: PodOptions = {}): Pod {
  const containers = o.containers ?? [container()];
  const statuses = o.statuses ?? containers.map((c) => runningStatus(c.name));
  const ready = o.ready ?? statuses.every((s) => s.ready);
  return {
    metadata: {
      name,
      namespace: o.namespace ?? NS,
      uid: `uid-pod-${name}`,
      labels: o.labels ?? { app: "api" },
      creationTimestamp: T0,
      ...(o.owner
        ? {
            ownerReferences: [
              {
                apiVersion: "apps/v1",
                kind: o.owner.kind,
                name: o.owner.name,
                uid: o.owner.uid,
                controller: true,
                blockOwnerDeletion: true,
              },
            ],
          }
        : {}),
    },
    spec: {
      containers,
      nodeName: o.node ?? "node-a",
      restartPolicy: "Always",
      ...(o.volumes ? { volumes: o.volumes } : {}),
    },
    status: {
      phase: o.phase ?? "Running",
      conditions: [
        { type: "PodScheduled", status: "True" },
        { type: "Ready", status: ready ? "True" : "False" },
      ],
      containerStatuses: statuses,
      podIP: "10.244.1.17",
      ...o.status,
    },
  };
}

/** A Deployment with its current ReplicaSet and pods (each pod's container statuses given). */
export function deploymentSet(
  name: string,
  podStatuses: ContainerStatus[][],
  o: {
    containers?: Container[];
    status?: Deployment["status"];
    spec?: Partial<NonNullable<Deployment["spec"]>>;
  } = {},
): { deployment: Deployment; replicaSet: ReplicaSet; pods: Pod[] } {
  const containers = o.containers ?? [container()];
  const labels = { app: name };
  const template = { metadata: { labels }, spec: { containers } };
  const deployment: Deployment = {
    metadata: { name, namespace: NS, uid: `uid-deploy-${name}`, generation: 3, labels },
    spec: { replicas: podStatuses.length, selector: { matchLabels: labels }, template, ...o.spec },
    status: o.status ?? {
      replicas: podStatuses.length,
      availableReplicas: podStatuses.length,
      readyReplicas: podStatuses.length,
      updatedReplicas: podStatuses.length,
      conditions: [{ type: "Available", status: "True", reason: "MinimumReplicasAvailable" }],
    },
  };
  const rsName = `${name}-7d9f8b6c5d`;
  const replicaSet: ReplicaSet = {
    metadata: {
      name: rsName,
      namespace: NS,
      uid: `uid-rs-${name}`,
      labels,
      ownerReferences: [
        { apiVersion: "apps/v1", kind: "Deployment", name, uid: `uid-deploy-${name}`, controller: true },
      ],
    },
    spec: { replicas: podStatuses.length, selector: { matchLabels: labels }, template },
    status: { replicas: podStatuses.length, readyReplicas: podStatuses.length },
  };
  const pods = podStatuses.map((statuses, i) =>
    pod(`${rsName}-p${i}`, {
      labels,
      containers,
      statuses,
      owner: { kind: "ReplicaSet", name: rsName, uid: `uid-rs-${name}` },
    }),
  );
  return { deployment, replicaSet, pods };
}

export function event(
  kind: string,
  name: string,
  reason: string,
  message: string,
  o: {
    type?: string;
    count?: number;
    fieldPath?: string;
    uid?: string;
    at?: string;
    namespace?: string | null;
  } = {},
): KubeEvent {
  const namespace = o.namespace === undefined ? NS : (o.namespace ?? undefined);
  return {
    metadata: { name: `${name}.18${reason.length}${message.length}`, namespace: namespace ?? "default" },
    involvedObject: {
      kind,
      name,
      ...(namespace ? { namespace } : {}),
      ...(o.uid ? { uid: o.uid } : {}),
      ...(o.fieldPath ? { fieldPath: o.fieldPath } : {}),
    },
    reason,
    message,
    type: o.type ?? "Warning",
    count: o.count ?? 1,
    firstTimestamp: "2026-11-30T09:40:00Z",
    lastTimestamp: o.at ?? "2026-11-30T09:59:00Z",
    source: { component: "kubelet", host: "node-a" },
  };
}

export function node(
  name: string,
  o: { conditions?: Record<string, [string, string?, string?]>; unschedulable?: boolean } = {},
): Node {
  const base: Record<string, [string, string?, string?]> = {
    Ready: ["True", "KubeletReady", "kubelet is posting ready status"],
    MemoryPressure: ["False", "KubeletHasSufficientMemory"],
    DiskPressure: ["False", "KubeletHasNoDiskPressure"],
    PIDPressure: ["False", "KubeletHasSufficientPID"],
    ...o.conditions,
  };
  return {
    metadata: { name, uid: `uid-node-${name}`, labels: { "kubernetes.io/hostname": name } },
    spec: o.unschedulable ? { unschedulable: true } : {},
    status: {
      allocatable: { cpu: "4", memory: "16Gi", pods: "110", "ephemeral-storage": "95Gi" },
      capacity: { cpu: "4", memory: "16Gi", pods: "110" },
      conditions: Object.entries(base).map(([type, [status, reason, message]]) => ({
        type,
        status,
        reason,
        message: message ?? reason,
        lastHeartbeatTime: "2026-11-30T09:59:30Z",
      })),
    },
  };
}
