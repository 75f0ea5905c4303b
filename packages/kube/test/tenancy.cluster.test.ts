import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Role } from "@clustercord/contracts";
import { localClusterPolicy } from "@clustercord/testenv";
import { type Cluster, startCluster } from "@clustercord/testenv/cluster";
import { ApiException, AppsV1Api, AuthorizationV1Api, CoreV1Api, type V1Pod } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClusterGuard, impersonatedKubeConfig, toKubeConfig } from "../src/client/index";
import { parseKubeconfig, type SelectedContext } from "../src/kubeconfig/index";
import { applyObjects, guildNamespace, impersonationFor, planGuildTenancy } from "../src/tenancy/index";

const A = "200000000000000001";
const B = "200000000000000002";
const nsA = guildNamespace(A);
const nsB = guildNamespace(B);
const guard = createClusterGuard(localClusterPolicy);

let cluster: Cluster;
let dataDir: string;
let selected: SelectedContext;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "cc-tenancy-"));
  cluster = await startCluster({ dataDir });
  selected = parseKubeconfig(
    await cluster.kubectl(["config", "view", "--raw", "--flatten", "--minify"]),
  ).select();
  const admin = toKubeConfig(selected, guard);
  // Applied twice: the second run must be a no-op, not an error.
  for (let i = 0; i < 2; i++) {
    await applyObjects(admin, planGuildTenancy({ guildId: A }));
    await applyObjects(admin, planGuildTenancy({ guildId: B }));
  }
}, 600_000);

afterAll(async () => {
  await cluster?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const as = (role: Role, guildId = A, userId = "100000000000000002") =>
  impersonatedKubeConfig(selected, impersonationFor({ userId, guildId, role }), guard);
const status = (error: unknown) => (error instanceof ApiException ? error.code : undefined);
/** The API server's own words, from the Status body of a refusal. */
const statusMessage = (error: unknown) =>
  (JSON.parse(String((error as ApiException<string>).body)) as { message: string }).message;
const refused = (p: Promise<unknown>) => expect(p).rejects.toSatisfy((e) => status(e) === 403);
const pod = (name: string, spec: Partial<NonNullable<V1Pod["spec"]>> = {}): V1Pod => ({
  metadata: { name },
  spec: { containers: [{ name: "main", image: "nginx:1.27" }], ...spec },
});

async function can(role: Role, verb: string, namespace: string, resource = "pods", subresource?: string) {
  const review = await as(role)
    .makeApiClient(AuthorizationV1Api)
    .createSelfSubjectAccessReview({
      body: {
        spec: { resourceAttributes: { verb, namespace, resource, ...(subresource ? { subresource } : {}) } },
      },
    });
  return review.status?.allowed === true;
}

describe("guild tenancy on a shared cluster", () => {
  it("lets an operator deploy in the guild's namespace only", async () => {
    const apps = as("operator").makeApiClient(AppsV1Api);
    const body = {
      metadata: { name: "web" },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: "web" } },
        template: {
          metadata: { labels: { app: "web" } },
          spec: { containers: [{ name: "main", image: "nginx:1.27" }] },
        },
      },
    };
    await apps.createNamespacedDeployment({ namespace: nsA, body });
    await refused(apps.createNamespacedDeployment({ namespace: nsB, body }));
    await refused(apps.createNamespacedDeployment({ namespace: "default", body }));
  });

  it("lets a viewer read but not change, and not see another guild", async () => {
    const core = as("viewer").makeApiClient(CoreV1Api);
    await core.listNamespacedPod({ namespace: nsA });
    await refused(core.listNamespacedPod({ namespace: nsB }));
    await refused(core.createNamespacedPod({ namespace: nsA, body: pod("nope") }));
    await refused(core.listNamespacedSecret({ namespace: nsA }));
    await refused(core.listNamespace());
  });

  it("answers can-i 'no' for A's identities in B's namespace, for every verb", async () => {
    for (const role of ["viewer", "operator", "admin"] as const) {
      for (const verb of ["get", "list", "watch", "create", "delete"]) {
        expect(await can(role, verb, nsB), `${role} ${verb} in B`).toBe(false);
      }
      expect(await can(role, "create", nsB, "pods", "exec"), `${role} exec in B`).toBe(false);
      expect(await can(role, "get", nsB, "pods", "log"), `${role} logs in B`).toBe(false);
    }
    expect(await can("operator", "create", nsA, "pods", "exec")).toBe(true);
    expect(await can("viewer", "create", nsA, "pods", "exec")).toBe(false);
    expect(await can("viewer", "get", nsA, "pods", "log")).toBe(true);
  });

  it("enforces the quota at the API server", async () => {
    const core = as("operator").makeApiClient(CoreV1Api);
    const big = pod("big", {
      containers: [{ name: "main", image: "nginx:1.27", resources: { requests: { cpu: "5" } } }],
    });
    const error = await core.createNamespacedPod({ namespace: nsA, body: big }).catch((e: unknown) => e);
    expect(status(error)).toBe(403);
    expect(statusMessage(error)).toMatch(/exceeded quota: clustercord-quota/);
  });

  it("refuses a privileged pod (Pod Security baseline)", async () => {
    const core = as("admin").makeApiClient(CoreV1Api);
    const privileged = pod("root", {
      containers: [{ name: "main", image: "nginx:1.27", securityContext: { privileged: true } }],
    });
    const error = await core
      .createNamespacedPod({ namespace: nsA, body: privileged })
      .catch((e: unknown) => e);
    expect(status(error)).toBe(403);
    expect(statusMessage(error)).toMatch(/violates PodSecurity "baseline:latest": privileged/);
  });

  it("fills default requests from the LimitRange, so quota accounting works", async () => {
    const core = as("operator").makeApiClient(CoreV1Api);
    const created = await core.createNamespacedPod({ namespace: nsA, body: pod("small") });
    expect(created.spec?.containers[0]?.resources?.requests).toEqual({ cpu: "100m", memory: "128Mi" });
  });
});
