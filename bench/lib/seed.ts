/**
 * Fills the local control plane with simulated workloads: extra kwok nodes,
 * namespaces and pods (bound to a node at create time, so the scheduler is
 * not the bottleneck; kwok then runs them: Pending -> Running).
 */
import {
  ApiException,
  type CoreV1Api,
  type V1Node,
  type V1NodeSystemInfo,
  type V1Pod,
} from "@kubernetes/client-node";
import { mapLimit, sleep } from "./stats";

export const BENCH_LABEL = "clustercord.dev/bench";
export const BENCH_VALUE = "workloads";

/** Simulated nodes named bench-node-NN, each taking up to `podsPerNode` pods. */
export async function addKwokNodes(core: CoreV1Api, count: number, podsPerNode: number): Promise<string[]> {
  const names = Array.from({ length: count }, (_, i) => `bench-node-${String(i + 1).padStart(2, "0")}`);
  await mapLimit(names, 8, async (name, i) => {
    const node: V1Node = {
      apiVersion: "v1",
      kind: "Node",
      metadata: {
        name,
        // Managed by the kwok controller (like packages/testenv/cluster/kwok/nodes.yaml).
        annotations: { "kwok.x-k8s.io/node": "fake", "node.alpha.kubernetes.io/ttl": "0" },
        labels: {
          "kubernetes.io/arch": "amd64",
          "kubernetes.io/os": "linux",
          "kubernetes.io/hostname": name,
          "kubernetes.io/role": "agent",
          "node-role.kubernetes.io/agent": "",
          type: "kwok",
          "topology.kubernetes.io/region": "local",
          "topology.kubernetes.io/zone": `zone-${"abc"[i % 3]}`,
          "node.kubernetes.io/instance-type": "standard-32",
          "clustercord.dev/pool": "bench",
          [BENCH_LABEL]: BENCH_VALUE,
        },
      },
      status: {
        allocatable: { cpu: "32", memory: "128Gi", pods: String(podsPerNode), "ephemeral-storage": "500Gi" },
        capacity: { cpu: "32", memory: "128Gi", pods: String(podsPerNode), "ephemeral-storage": "500Gi" },
        nodeInfo: {
          architecture: "amd64",
          operatingSystem: "linux",
        } as V1NodeSystemInfo,
      },
    };
    await retrying(() => core.createNode({ body: node }), { alreadyExistsIsOk: true });
  });
  await waitUntil(`${count} bench nodes Ready`, 120_000, async () => {
    const list = await core.listNode({ labelSelector: `${BENCH_LABEL}=${BENCH_VALUE}` });
    const ready = list.items.filter((n) =>
      n.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True"),
    );
    return ready.length >= count;
  });
  return names;
}

export const namespaceName = (i: number) => `bench-${String(i).padStart(3, "0")}`;

/** Namespaces bench-000 ... and their default ServiceAccounts (pods need one to be admitted). */
export async function createNamespaces(core: CoreV1Api, count: number): Promise<string[]> {
  const names = Array.from({ length: count }, (_, i) => namespaceName(i));
  await mapLimit(names, 16, (name) =>
    retrying(
      () =>
        core.createNamespace({
          body: {
            metadata: { name, labels: { [BENCH_LABEL]: BENCH_VALUE, team: `team-${name.slice(-1)}` } },
          },
        }),
      { alreadyExistsIsOk: true },
    ),
  );
  await waitUntil("the bench namespaces' default ServiceAccounts", 180_000, async () => {
    const list = await core.listServiceAccountForAllNamespaces({ fieldSelector: "metadata.name=default" });
    const have = new Set(list.items.map((sa) => sa.metadata?.namespace));
    return names.every((n) => have.has(n));
  });
  return names;
}

const APPS = ["api", "web", "worker", "cache", "events"] as const;

/** A pod as a Deployment would make it (labels, probes, env, resources), bound to `nodeName`. */
export function benchPod(namespace: string, index: number, nodeName: string): V1Pod {
  const app = APPS[index % APPS.length] as string;
  const hash = ((index * 2654435761) >>> 0).toString(16).padStart(8, "0").slice(0, 9);
  const name = `${app}-${hash.slice(0, 6)}-${String(index).padStart(5, "0")}`;
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name,
      namespace,
      labels: {
        app,
        "app.kubernetes.io/name": app,
        "app.kubernetes.io/part-of": namespace,
        "pod-template-hash": hash.slice(0, 6),
        [BENCH_LABEL]: BENCH_VALUE,
      },
      annotations: { "clustercord.dev/revision": String(1 + (index % 7)) },
    },
    spec: {
      nodeName,
      terminationGracePeriodSeconds: 5,
      containers: [
        {
          name: app,
          image: `registry.local/bench/${app}:1.${index % 20}.0`,
          ports: [{ name: "http", containerPort: 8080, protocol: "TCP" }],
          env: [
            { name: "APP_ENV", value: "production" },
            { name: "LOG_LEVEL", value: "info" },
            { name: "POD_NAME", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
          ],
          resources: { requests: { cpu: "10m", memory: "32Mi" }, limits: { memory: "64Mi" } },
          readinessProbe: { httpGet: { path: "/healthz", port: 8080 }, periodSeconds: 10 },
        },
      ],
    },
  };
}

export interface SeedProgress {
  created: number;
  total: number;
}

/**
 * Creates `perNamespace` pods in each namespace, spread round-robin over
 * `nodes`, with at most `concurrency` requests in flight.
 */
export async function createPods(
  core: CoreV1Api,
  opts: {
    namespaces: readonly string[];
    total: number;
    nodes: readonly string[];
    concurrency: number;
    onProgress?: (p: SeedProgress) => void;
  },
): Promise<void> {
  const jobs: { namespace: string; index: number }[] = [];
  for (let i = 0; i < opts.total; i++) {
    // Namespace-major: namespace k holds pods k, k+N, k+2N, ... (an even spread).
    jobs.push({ namespace: opts.namespaces[i % opts.namespaces.length] as string, index: i });
  }
  let created = 0;
  await mapLimit(jobs, opts.concurrency, async ({ namespace, index }) => {
    const body = benchPod(namespace, index, opts.nodes[index % opts.nodes.length] as string);
    await retrying(() => core.createNamespacedPod({ namespace, body }), { alreadyExistsIsOk: true });
    created++;
    if (created % 500 === 0 || created === opts.total) opts.onProgress?.({ created, total: opts.total });
  });
}

/** Waits until no bench pod is anything but Running; returns how many are Running. */
export async function waitForRunning(
  core: CoreV1Api,
  total: number,
  timeoutMs: number,
  onProgress?: (notRunning: number) => void,
): Promise<void> {
  await waitUntil(
    `${total} bench pods Running`,
    timeoutMs,
    async () => {
      const list = await core.listPodForAllNamespaces({
        labelSelector: `${BENCH_LABEL}=${BENCH_VALUE}`,
        fieldSelector: "status.phase!=Running",
      });
      onProgress?.(list.items.length);
      return list.items.length === 0;
    },
    3_000,
  );
}

/** Retries what the API server may refuse for a moment (429, 5xx, a ServiceAccount not made yet). */
export async function retrying<T>(
  fn: () => Promise<T>,
  opts: { alreadyExistsIsOk?: boolean } = {},
): Promise<T | undefined> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      const code = error instanceof ApiException ? error.code : undefined;
      if (code === 409 && opts.alreadyExistsIsOk) return undefined;
      const body = error instanceof ApiException ? String(error.body) : "";
      const transient =
        code === undefined ||
        code === 429 ||
        code >= 500 ||
        (code === 403 && /service ?account/i.test(body)) ||
        (code === 404 && /namespaces? .*not found/i.test(body));
      if (!transient || attempt >= 12) throw error;
      await sleep(Math.min(5_000, 100 * 2 ** attempt) * (0.5 + Math.random() / 2));
    }
  }
}

export async function waitUntil(
  what: string,
  timeoutMs: number,
  check: () => Promise<boolean>,
  everyMs = 500,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch (error) {
      lastError = error;
    }
    await sleep(everyMs);
  }
  throw new Error(
    `timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${String(lastError)}` : ""}`,
  );
}
