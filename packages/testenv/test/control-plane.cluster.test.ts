import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import https from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { promisify } from "node:util";
import {
  ApiException,
  AppsV1Api,
  BatchV1Api,
  CoreV1Api,
  Exec,
  KubeConfig,
  KubernetesObjectApi,
  Metrics,
  PatchStrategy,
  RbacAuthorizationV1Api,
  type V1Deployment,
} from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveChartRepo } from "../src/cluster/charts";
import { type Cluster, startCluster } from "../src/cluster/index";

const run = promisify(execFile);
const NS = "cc-test";

let cluster: Cluster;
let dataDir: string;
let kc: KubeConfig;
let core: CoreV1Api;
let apps: AppsV1Api;
let batch: BatchV1Api;
let startedInMs = 0;

/** Polls until `check` returns a truthy value (or throws its last error). */
async function eventually<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined | false>) {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ""}`);
}

/** A client that acts as `user`, through Kubernetes impersonation. */
function impersonating(user: string): KubeConfig {
  const admin = kc.getCurrentUser();
  if (!admin) throw new Error("no current user");
  const k = new KubeConfig();
  k.loadFromOptions({
    clusters: kc.getClusters(),
    contexts: kc.getContexts(),
    currentContext: kc.getCurrentContext(),
    users: [{ ...admin, impersonateUser: user }],
  });
  return k;
}

const status = (error: unknown) => (error instanceof ApiException ? error.code : undefined);

const deployment = (name: string, image: string, replicas: number): V1Deployment => ({
  metadata: { name, namespace: NS },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: { containers: [{ name: "main", image }] },
    },
  },
});

async function runningPods(label: string) {
  const pods = await core.listNamespacedPod({ namespace: NS, labelSelector: label });
  return pods.items.filter((p) => p.status?.phase === "Running" && !p.metadata?.deletionTimestamp);
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "cc-cluster-"));
  const t0 = Date.now();
  cluster = await startCluster({ dataDir });
  startedInMs = Date.now() - t0;
  kc = new KubeConfig();
  kc.loadFromFile(cluster.kubeconfigPath);
  core = kc.makeApiClient(CoreV1Api);
  apps = kc.makeApiClient(AppsV1Api);
  batch = kc.makeApiClient(BatchV1Api);
  await core.createNamespace({ body: { metadata: { name: NS } } });
  // Created first: the CronJob controller fires on the next full minute.
  await batch.createNamespacedCronJob({
    namespace: NS,
    body: {
      metadata: { name: "tick" },
      spec: {
        schedule: "* * * * *",
        jobTemplate: {
          spec: {
            template: { spec: { restartPolicy: "Never", containers: [{ name: "t", image: "busybox" }] } },
          },
        },
      },
    },
  });
}, 600_000);

afterAll(async () => {
  await cluster?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe("the local control plane", () => {
  it("starts warm in under 30 s, on loopback, with RBAC and 3 labelled nodes", async () => {
    expect(startedInMs).toBeLessThan(30_000);
    expect(cluster.server).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const nodes = (await core.listNode()).items;
    expect(nodes).toHaveLength(3);
    const zones = new Set(nodes.map((n) => n.metadata?.labels?.["topology.kubernetes.io/zone"]));
    expect(zones.size).toBe(3);
    for (const n of nodes) {
      expect(n.status?.allocatable?.cpu).toBeTruthy();
      expect(n.status?.allocatable?.memory).toBeTruthy();
      expect(n.status?.conditions?.find((c) => c.type === "Ready")?.status).toBe("True");
    }
  });

  it("runs a 3-replica Deployment as 3 Running pods on the simulated nodes", async () => {
    await apps.createNamespacedDeployment({ namespace: NS, body: deployment("web", "nginx:1.27", 3) });
    const pods = await eventually("3 running pods", 60_000, async () => {
      const list = await runningPods("app=web");
      return list.length === 3 && list;
    });
    expect(pods.every((p) => p.spec?.nodeName?.startsWith("kwok-node-"))).toBe(true);
  });

  it("rolls out an image change as a second ReplicaSet with revision annotations", async () => {
    // Read-modify-write, retried on 409 as client-go's RetryOnConflict does:
    // the controllers update the Deployment's status concurrently.
    for (let attempt = 1; ; attempt++) {
      const current = await apps.readNamespacedDeployment({ name: "web", namespace: NS });
      const container = current.spec?.template.spec?.containers[0];
      if (!container) throw new Error("deployment without a container");
      container.image = "nginx:1.28";
      try {
        await apps.replaceNamespacedDeployment({ name: "web", namespace: NS, body: current });
        break;
      } catch (error) {
        if (status(error) !== 409 || attempt === 5) throw error;
      }
    }
    const sets = await eventually("two ReplicaSets, the new one scaled to 3", 60_000, async () => {
      const rs = (await apps.listNamespacedReplicaSet({ namespace: NS, labelSelector: "app=web" })).items;
      const byRevision = rs
        .map((r) => ({
          revision: r.metadata?.annotations?.["deployment.kubernetes.io/revision"],
          image: r.spec?.template?.spec?.containers[0]?.image,
          ready: r.status?.readyReplicas ?? 0,
          replicas: r.spec?.replicas,
        }))
        .sort((a, b) => Number(a.revision) - Number(b.revision));
      return rs.length === 2 && byRevision[1]?.ready === 3 && byRevision[0]?.replicas === 0 && byRevision;
    });
    expect(sets).toEqual([
      { revision: "1", image: "nginx:1.27", ready: 0, replicas: 0 },
      { revision: "2", image: "nginx:1.28", ready: 3, replicas: 3 },
    ]);
  });

  it("runs a Job to Succeeded", async () => {
    await batch.createNamespacedJob({
      namespace: NS,
      body: {
        metadata: { name: "once" },
        spec: {
          template: { spec: { restartPolicy: "Never", containers: [{ name: "once", image: "busybox" }] } },
        },
      },
    });
    const job = await eventually("job complete", 60_000, async () => {
      const j = await batch.readNamespacedJob({ name: "once", namespace: NS });
      return (j.status?.succeeded ?? 0) >= 1 && j;
    });
    expect(job.status?.conditions?.some((c) => c.type === "Complete" && c.status === "True")).toBe(true);
  });

  it("returns simulated logs, and follow mode streams new lines", async () => {
    const [pod] = await runningPods("app=web");
    const name = pod?.metadata?.name ?? "";
    const tail = await core.readNamespacedPodLog({ name, namespace: NS, tailLines: 5 });
    expect(tail.trim().split("\n")).toHaveLength(5);

    // Follow the log over the API and stop after two new lines. (The
    // library's Log helper leaves an unhandled 'error' when aborted, so the
    // stream is read here with the client's own TLS and credentials.)
    const url = new URL(
      `${cluster.server}/api/v1/namespaces/${NS}/pods/${name}/log?container=main&follow=true&tailLines=0`,
    );
    const options: https.RequestOptions = {};
    await kc.applyToHTTPSOptions(options);
    const streamed = await new Promise<string>((resolve, reject) => {
      const req = https.get(url, options, (res) => {
        if (res.statusCode !== 200) return reject(new Error(`log follow: HTTP ${res.statusCode}`));
        let text = "";
        res.on("data", (chunk: Buffer) => {
          text += chunk.toString();
          if (text.trim().split("\n").length >= 2) {
            req.destroy();
            resolve(text);
          }
        });
      });
      req.on("error", (error) => {
        if (!req.destroyed) reject(error);
      });
      setTimeout(() => {
        req.destroy();
        reject(new Error("no two followed lines within 10 s"));
      }, 10_000).unref();
    });
    expect(streamed.trim().split("\n").length).toBeGreaterThanOrEqual(2);
  });

  it("execs a command through the API's websocket protocol and returns its output", async () => {
    const [pod] = await runningPods("app=web");
    let stdout = "";
    const out = new PassThrough();
    out.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    const finished = new Promise<string | undefined>((resolve) => {
      void new Exec(kc).exec(
        NS,
        pod?.metadata?.name ?? "",
        "main",
        ["sh", "-c", "echo hello from $CLUSTERCORD_SIMULATED"],
        out,
        null,
        null,
        false,
        (s) => resolve(s.status),
      );
    });
    expect(await finished).toBe("Success");
    expect(stdout.trim()).toBe("hello from true");
  });

  it("serves node and pod usage from metrics.k8s.io", async () => {
    const metrics = new Metrics(kc);
    const nodes = await eventually("node metrics", 90_000, async () => {
      const list = await metrics.getNodeMetrics();
      return list.items.length === 3 && list.items;
    });
    expect(nodes.every((n) => n.usage.cpu && n.usage.memory)).toBe(true);
    const pods = await eventually("pod metrics", 60_000, async () => {
      const list = await metrics.getPodMetrics(NS);
      return list.items.length >= 3 && list.items;
    });
    expect(pods[0]?.containers[0]?.usage.memory).toBeTruthy();
  }, 180_000);

  it("behaves as any cluster for server-side dry-run, server-side apply and conflicts", async () => {
    const body = { metadata: { name: "settings", namespace: NS }, data: { a: "1" } };
    await core.createNamespacedConfigMap({ namespace: NS, body, dryRun: "All" });
    await expect(core.readNamespacedConfigMap({ name: "settings", namespace: NS })).rejects.toSatisfy(
      (e) => status(e) === 404,
    );

    const objects = KubernetesObjectApi.makeApiClient(kc);
    const applied = await objects.patch(
      { apiVersion: "v1", kind: "ConfigMap", ...body },
      undefined,
      undefined,
      "clustercord-test",
      true,
      PatchStrategy.ServerSideApply,
    );
    expect((applied.metadata as { managedFields?: unknown[] } | undefined)?.managedFields?.[0]).toMatchObject(
      { manager: "clustercord-test", operation: "Apply" },
    );

    await expect(core.createNamespacedConfigMap({ namespace: NS, body })).rejects.toSatisfy(
      (e) => status(e) === 409,
    );
    const stale = { ...body, metadata: { ...body.metadata, resourceVersion: "1" } };
    await expect(
      core.replaceNamespacedConfigMap({ name: "settings", namespace: NS, body: stale }),
    ).rejects.toSatisfy((e) => status(e) === 409);
  });

  it("refuses an impersonated user without RBAC, and confines a namespace Role to its namespace", async () => {
    const alice = impersonating("alice").makeApiClient(CoreV1Api);
    await expect(alice.listNamespacedPod({ namespace: NS })).rejects.toSatisfy((e) => status(e) === 403);

    const rbac = kc.makeApiClient(RbacAuthorizationV1Api);
    await rbac.createNamespacedRole({
      namespace: NS,
      body: {
        metadata: { name: "pod-reader" },
        rules: [{ apiGroups: [""], resources: ["pods"], verbs: ["get", "list"] }],
      },
    });
    await rbac.createNamespacedRoleBinding({
      namespace: NS,
      body: {
        metadata: { name: "alice-reads-pods" },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "pod-reader" },
        subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "alice" }],
      },
    });
    const pods = await eventually("alice may list pods", 10_000, () =>
      alice.listNamespacedPod({ namespace: NS }),
    );
    expect(pods.items.length).toBeGreaterThanOrEqual(3);
    await expect(alice.listNamespacedPod({ namespace: "default" })).rejects.toSatisfy(
      (e) => status(e) === 403,
    );
    await expect(
      alice.deleteNamespacedPod({ name: pods.items[0]?.metadata?.name ?? "", namespace: NS }),
    ).rejects.toSatisfy((e) => status(e) === 403);
  });

  it("installs, upgrades, rolls back and uninstalls a chart from the local repository", async () => {
    const repo = await serveChartRepo();
    const helmHome = await mkdtemp(join(tmpdir(), "cc-helm-"));
    const env = {
      ...process.env,
      KUBECONFIG: cluster.kubeconfigPath,
      HELM_CACHE_HOME: join(helmHome, "cache"),
      HELM_CONFIG_HOME: join(helmHome, "config"),
      HELM_DATA_HOME: join(helmHome, "data"),
    };
    const helm = async (...args: string[]) => (await run(cluster.binaries.helm, args, { env })).stdout;
    const wait = ["-n", "helm", "--wait", "--timeout", "60s"];
    try {
      await helm("repo", "add", "local", repo.url);
      await helm("install", "web", "local/nginx", "--version", "1.2.0", "--create-namespace", ...wait);
      await helm("upgrade", "web", "local/nginx", "--version", "1.3.0", "--set", "replicaCount=2", ...wait);
      await helm("rollback", "web", "1", ...wait);
      const history = JSON.parse(await helm("history", "web", "-n", "helm", "-o", "json")) as {
        chart: string;
        status: string;
      }[];
      expect(history.map((h) => `${h.chart}:${h.status}`)).toEqual([
        "nginx-1.2.0:superseded",
        "nginx-1.3.0:superseded",
        "nginx-1.2.0:deployed",
      ]);
      const secrets = await core.listNamespacedSecret({
        namespace: "helm",
        labelSelector: "owner=helm,name=web",
      });
      expect(secrets.items.map((s) => s.type)).toEqual([
        "helm.sh/release.v1",
        "helm.sh/release.v1",
        "helm.sh/release.v1",
      ]);
      await helm("uninstall", "web", "-n", "helm", "--wait");
      expect((await apps.listNamespacedDeployment({ namespace: "helm" })).items).toEqual([]);
    } finally {
      await repo.close();
      await rm(helmHome, { recursive: true, force: true });
    }
  }, 180_000);

  it("creates Jobs from a CronJob", async () => {
    const jobs = await eventually("a Job owned by the CronJob", 90_000, async () => {
      const list = (await batch.listNamespacedJob({ namespace: NS })).items;
      return list.filter((j) => j.metadata?.ownerReferences?.[0]?.kind === "CronJob").length > 0 && list;
    });
    expect(jobs.some((j) => j.metadata?.name?.startsWith("tick-"))).toBe(true);
  }, 120_000);
});
