/**
 * npm run bench:diagnostics [-- --pods 10000 --namespaces 200 --passes 10 --json FILE]
 *
 * Rule-based diagnostics (issue 16), pure CPU, no cluster: the shared watch
 * caches' contents for `--pods` pods in `--namespaces` namespaces are
 * generated here in the API server's shapes (Deployments with their
 * ReplicaSets and pods, Services with EndpointSlices, nodes, events), about
 * one workload in six broken (crash loops with exit codes 1 and 137, image
 * pull errors, unschedulable pods, Services without endpoints, missing
 * probes). Measured as process CPU time (user + system):
 * - a full pass: index the caches (buildContext) and diagnose the whole
 *   cluster, after two warm-up passes. Target: <= 500 ms CPU.
 * - one Deployment on a warm context, every Deployment in turn (the pure part
 *   of `diagnostics.run`; its p95 target of 100 ms is end to end).
 * Prints a table; exits 0 either way.
 */
import { parseArgs } from "node:util";
import {
  buildContext,
  type DiagnosticsInput,
  diagnoseCluster,
  diagnoseDeployment,
} from "@clustercord/diagnostics";
import { loadAverage, machineLine, passFail, printReport, type Row, wholeNumber } from "./lib/report";
import { int, ms, summarize } from "./lib/stats";

const { values: flags } = parseArgs({
  options: {
    pods: { type: "string", default: "10000" },
    namespaces: { type: "string", default: "200" },
    passes: { type: "string", default: "10" },
    json: { type: "string" },
    help: { type: "boolean", default: false },
  },
});
if (flags.help) {
  console.log("npm run bench:diagnostics -- [--pods 10000] [--namespaces 200] [--passes 10] [--json FILE]");
  process.exit(0);
}
const podCount = wholeNumber(flags, "pods", 1);
const namespaceCount = wholeNumber(flags, "namespaces", 1);
const passes = wholeNumber(flags, "passes", 1);
const loadAtStart = loadAverage();
const PASS_TARGET_MS = 500;
const NODES = 50;
const now = Date.parse("2026-11-30T12:00:00Z");
const iso = (agoSeconds: number) => new Date(now - agoSeconds * 1000).toISOString();

/** What is wrong with workload `i` (deterministic): most are healthy. */
type Trouble = "none" | "crash-app" | "crash-oom" | "image-pull" | "unschedulable" | "no-endpoints";
function troubleOf(i: number): Trouble {
  const r = (i * 2654435761) % 60;
  if (r < 3) return "crash-app";
  if (r < 5) return "crash-oom";
  if (r < 7) return "image-pull";
  if (r < 8) return "unschedulable";
  if (r < 10) return "no-endpoints";
  return "none";
}

function containerStatus(name: string, trouble: Trouble, restarts: number) {
  const base = { name, image: `ghcr.io/acme/${name}:1.4.2`, imageID: "", restartCount: 0, ready: true };
  switch (trouble) {
    case "crash-app":
    case "crash-oom": {
      const oom = trouble === "crash-oom";
      return {
        ...base,
        ready: false,
        restartCount: restarts,
        state: {
          waiting: {
            reason: "CrashLoopBackOff",
            message: `back-off 5m0s restarting failed container=${name}`,
          },
        },
        lastState: {
          terminated: {
            exitCode: oom ? 137 : 1,
            reason: oom ? "OOMKilled" : "Error",
            startedAt: iso(400),
            finishedAt: iso(380),
          },
        },
      };
    }
    case "image-pull":
      return {
        ...base,
        ready: false,
        state: {
          waiting: {
            reason: "ImagePullBackOff",
            message: `Back-off pulling image "ghcr.io/acme/${name}:1.4.3": manifest unknown`,
          },
        },
      };
    case "unschedulable":
      return undefined;
    default:
      return { ...base, state: { running: { startedAt: iso(86_400) } } };
  }
}

function generate(pods: number, namespaces: number): DiagnosticsInput {
  const input = {
    now: new Date(now),
    namespaces: [] as unknown[],
    pods: [] as unknown[],
    deployments: [] as unknown[],
    replicaSets: [] as unknown[],
    services: [] as unknown[],
    endpointSlices: [] as unknown[],
    nodes: [] as unknown[],
    events: [] as unknown[],
  };
  for (let n = 0; n < NODES; n++)
    input.nodes.push({
      apiVersion: "v1",
      kind: "Node",
      metadata: {
        name: `node-${n}`,
        uid: `node-uid-${n}`,
        labels: { "kubernetes.io/hostname": `node-${n}` },
      },
      status: {
        capacity: { cpu: "16", memory: "64Gi", pods: "250" },
        allocatable: { cpu: "15800m", memory: "62Gi", pods: "250" },
        conditions: [
          { type: "Ready", status: "True", reason: "KubeletReady", lastTransitionTime: iso(864_000) },
          { type: "MemoryPressure", status: "False", reason: "KubeletHasSufficientMemory" },
          { type: "DiskPressure", status: "False", reason: "KubeletHasNoDiskPressure" },
          { type: "PIDPressure", status: "False", reason: "KubeletHasSufficientPID" },
        ],
      },
    });
  for (let n = 0; n < namespaces; n++)
    input.namespaces.push({
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: `team-${n}`, labels: { "kubernetes.io/metadata.name": `team-${n}` } },
    });
  for (let made = 0, i = 0; made < pods; i++) {
    const namespace = `team-${i % namespaces}`;
    const name = `app-${i}`;
    const trouble = troubleOf(i);
    const replicas = Math.min(1 + (i % 4), pods - made);
    const labels = { app: name };
    const container = {
      name: "app",
      image: `ghcr.io/acme/${name}:1.4.2`,
      ports: [{ name: "http", containerPort: 8080 }],
      resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "256Mi" } },
      ...(i % 7 === 0
        ? {}
        : { readinessProbe: { httpGet: { path: "/ready", port: "http" }, timeoutSeconds: 1 } }),
    };
    const template = { metadata: { labels }, spec: { containers: [container] } };
    const deploymentUid = `dep-uid-${i}`;
    const ready = trouble === "none" || trouble === "no-endpoints" ? replicas : 0;
    input.deployments.push({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name, namespace, uid: deploymentUid, generation: 3, labels },
      spec: { replicas, selector: { matchLabels: labels }, template },
      status: {
        observedGeneration: 3,
        replicas,
        readyReplicas: ready,
        availableReplicas: ready,
        updatedReplicas: replicas,
        unavailableReplicas: replicas - ready || undefined,
        conditions: [
          {
            type: "Available",
            status: ready === replicas ? "True" : "False",
            reason: "MinimumReplicasAvailable",
          },
          { type: "Progressing", status: "True", reason: "NewReplicaSetAvailable" },
        ],
      },
    });
    const rsName = `${name}-7f9c5d6b8`;
    const rsUid = `rs-uid-${i}`;
    input.replicaSets.push({
      apiVersion: "apps/v1",
      kind: "ReplicaSet",
      metadata: {
        name: rsName,
        namespace,
        uid: rsUid,
        labels,
        ownerReferences: [
          { apiVersion: "apps/v1", kind: "Deployment", name, uid: deploymentUid, controller: true },
        ],
      },
      spec: { replicas, selector: { matchLabels: labels }, template },
      status: { replicas, readyReplicas: ready },
    });
    const endpoints: unknown[] = [];
    for (let r = 0; r < replicas; r++, made++) {
      const podName = `${rsName}-${r}x${i % 1000}`;
      const node = `node-${(i + r) % NODES}`;
      const podUid = `pod-uid-${i}-${r}`;
      const status = containerStatus("app", trouble, 12 + (i % 30));
      const podIp = `10.${(i >> 8) & 255}.${i & 255}.${r + 1}`;
      input.pods.push({
        apiVersion: "v1",
        kind: "Pod",
        metadata: {
          name: podName,
          namespace,
          uid: podUid,
          labels,
          creationTimestamp: iso(3_600),
          ownerReferences: [
            { apiVersion: "apps/v1", kind: "ReplicaSet", name: rsName, uid: rsUid, controller: true },
          ],
        },
        spec: { ...template.spec, ...(trouble === "unschedulable" ? {} : { nodeName: node }) },
        status:
          trouble === "unschedulable"
            ? {
                phase: "Pending",
                conditions: [
                  {
                    type: "PodScheduled",
                    status: "False",
                    reason: "Unschedulable",
                    message: `0/${NODES} nodes are available: ${NODES} Insufficient memory. preemption: 0/${NODES} nodes are available: ${NODES} No preemption victims found for incoming pod.`,
                  },
                ],
              }
            : {
                phase: "Running",
                podIP: podIp,
                hostIP: `192.168.0.${(i + r) % NODES}`,
                conditions: [
                  { type: "PodScheduled", status: "True" },
                  { type: "Ready", status: status?.ready ? "True" : "False" },
                ],
                containerStatuses: [status],
              },
      });
      if (trouble === "none")
        endpoints.push({
          addresses: [podIp],
          conditions: { ready: true },
          targetRef: { kind: "Pod", name: podName, namespace },
        });
      if (trouble === "crash-app" || trouble === "crash-oom")
        input.events.push({
          apiVersion: "v1",
          kind: "Event",
          metadata: { name: `${podName}.18a2b`, namespace },
          involvedObject: { kind: "Pod", name: podName, namespace, uid: podUid },
          reason: "BackOff",
          message: "Back-off restarting failed container app in pod",
          type: "Warning",
          count: 40,
          lastTimestamp: iso(30),
        });
      if (trouble === "image-pull")
        input.events.push({
          apiVersion: "v1",
          kind: "Event",
          metadata: { name: `${podName}.18a2c`, namespace },
          involvedObject: { kind: "Pod", name: podName, namespace, uid: podUid },
          reason: "Failed",
          message: `Failed to pull image "ghcr.io/acme/app:1.4.3": rpc error: code = NotFound desc = manifest unknown`,
          type: "Warning",
          count: 12,
          lastTimestamp: iso(20),
        });
    }
    // Every other workload has a Service; the "no-endpoints" ones select a label no pod carries.
    if (i % 2 === 0 || trouble === "no-endpoints") {
      const selector = trouble === "no-endpoints" ? { app: `${name}-old` } : labels;
      input.services.push({
        apiVersion: "v1",
        kind: "Service",
        metadata: { name, namespace, uid: `svc-uid-${i}` },
        spec: {
          selector,
          ports: [{ name: "http", port: 80, targetPort: "http" }],
          clusterIP: `10.96.${(i >> 8) & 255}.${i & 255}`,
        },
      });
      input.endpointSlices.push({
        apiVersion: "discovery.k8s.io/v1",
        kind: "EndpointSlice",
        metadata: { name: `${name}-abcde`, namespace, labels: { "kubernetes.io/service-name": name } },
        addressType: "IPv4",
        endpoints: trouble === "no-endpoints" ? [] : endpoints,
        ports: [{ name: "http", port: 8080, protocol: "TCP" }],
      });
    }
  }
  return input as DiagnosticsInput;
}

const cpuMs = (start: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1000;
};

const input = generate(podCount, namespaceCount);
const deployments = (input.deployments ?? []).map((d) => ({
  namespace: d.metadata?.namespace ?? "",
  name: d.metadata?.name ?? "",
}));

// Full passes: index the caches, then the whole cluster.
const passSamples: number[] = [];
const indexSamples: number[] = [];
let findings = diagnoseCluster(buildContext(input));
diagnoseCluster(buildContext(input));
for (let pass = 0; pass < passes; pass++) {
  const t0 = process.cpuUsage();
  const ctx = buildContext(input);
  indexSamples.push(cpuMs(t0));
  findings = diagnoseCluster(ctx);
  passSamples.push(cpuMs(t0));
}
const pass = summarize(passSamples);
const index = summarize(indexSamples);

// One Deployment at a time on a warm context.
const warm = buildContext(input);
for (const ref of deployments.slice(0, 200)) diagnoseDeployment(warm, ref);
const oneSamples: number[] = [];
for (const ref of deployments) {
  const t0 = process.cpuUsage();
  diagnoseDeployment(warm, ref);
  oneSamples.push(cpuMs(t0));
}
const one = summarize(oneSamples);

const byId = new Map<string, number>();
for (const f of findings) byId.set(f.id, (byId.get(f.id) ?? 0) + 1);
const counts = [...byId.entries()]
  .sort((a, b) => b[1] - a[1])
  .map(([id, n]) => `${id} ${int(n)}`)
  .join(", ");

const rows: Row[] = [
  {
    what: `full pass: index the caches and diagnose the cluster, ${int(podCount)} pods in ${int(namespaceCount)} namespaces (median / max CPU)`,
    measured: `${ms(pass.p50)} / ${ms(pass.max)}`,
    target: `<= ${PASS_TARGET_MS} ms`,
    result: passFail(pass.max <= PASS_TARGET_MS),
  },
  { what: "of which indexing the caches (median CPU)", measured: ms(index.p50), target: "", result: "" },
  {
    what: `one Deployment on a warm context, each of ${int(deployments.length)} (p95 / max CPU)`,
    measured: `${ms(one.p95)} / ${ms(one.max)}`,
    target: "(diagnostics.run end to end: p95 <= 100 ms)",
    result: "",
  },
];
await printReport(
  rows,
  [
    `${int(findings.length)} findings: ${counts}.`,
    `${int(Object.values(input).reduce((n, v) => n + (Array.isArray(v) ? v.length : 0), 0))} objects in the caches; ${passes} passes after 2 warm-ups.`,
    machineLine(loadAtStart),
  ],
  { file: flags.json, data: { passSamples, indexSamples } },
);
