import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PUBLIC_ONLY } from "@clustercord/outbound";
import { freePort, localClusterPolicy } from "@clustercord/testenv";
import { type Cluster, startCluster } from "@clustercord/testenv/cluster";
import { CoreV1Api, KubeConfig, RbacAuthorizationV1Api } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClusterGuard, probeCluster, toKubeConfig } from "../src/client/index";
import { parseKubeconfig } from "../src/kubeconfig/index";

let cluster: Cluster;
let dataDir: string;
let adminYaml: string;
const guard = createClusterGuard(localClusterPolicy);

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "cc-kube-"));
  cluster = await startCluster({ dataDir });
  // What a person would upload: the admin context with inline certificates.
  adminYaml = await cluster.kubectl(["config", "view", "--raw", "--flatten", "--minify"]);
}, 600_000);

afterAll(async () => {
  await cluster?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** A kubeconfig for a service account that may only read, with a short-lived token. */
async function viewerKubeconfig(): Promise<string> {
  const admin = new KubeConfig();
  admin.loadFromString(adminYaml);
  const core = admin.makeApiClient(CoreV1Api);
  await core.createNamespacedServiceAccount({ namespace: "default", body: { metadata: { name: "reader" } } });
  await admin.makeApiClient(RbacAuthorizationV1Api).createClusterRoleBinding({
    body: {
      metadata: { name: "reader-view" },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "view" },
      subjects: [{ kind: "ServiceAccount", name: "reader", namespace: "default" }],
    },
  });
  const token = await core.createNamespacedServiceAccountToken({
    name: "reader",
    namespace: "default",
    body: { spec: { audiences: [], expirationSeconds: 600 } },
  });
  const adminCluster = admin.getCurrentCluster();
  return [
    "apiVersion: v1",
    "kind: Config",
    "clusters:",
    "- name: local",
    "  cluster:",
    `    server: ${adminCluster?.server}`,
    `    certificate-authority-data: ${adminCluster?.caData}`,
    "users:",
    "- name: reader",
    "  user:",
    `    token: ${token.status?.token}`,
    "contexts:",
    "- name: reader",
    "  context: { cluster: local, user: reader }",
    "current-context: reader",
    "",
  ].join("\n");
}

describe("probing a cluster with uploaded credentials", () => {
  it("reports version, nodes and impersonation rights for admin credentials", async () => {
    const selected = parseKubeconfig(adminYaml).select();
    const health = await probeCluster(toKubeConfig(selected, guard));
    expect(health).toEqual({
      reachable: true,
      version: "v1.37.2",
      nodeCount: 3,
      canImpersonate: true,
      problem: null,
    });
  });

  it("says when the credentials cannot impersonate", async () => {
    const selected = parseKubeconfig(await viewerKubeconfig()).select();
    expect(selected.credentials.kind).toBe("token");
    const health = await probeCluster(toKubeConfig(selected, guard));
    // The view role cannot list nodes (cluster-scoped): the count is unknown, not wrong.
    expect(health).toMatchObject({ reachable: true, nodeCount: null, canImpersonate: false });
    expect(health.problem).toMatch(/cannot impersonate/);
  });

  it("says when the API server cannot be reached, without leaking credentials", async () => {
    const selected = parseKubeconfig(adminYaml).select();
    const gone = { ...selected, server: `https://127.0.0.1:${await freePort()}` };
    const health = await probeCluster(toKubeConfig(gone, guard), 3_000);
    expect(health).toMatchObject({ reachable: false, version: null, canImpersonate: false });
    expect(health.problem).toMatch(/cannot reach the API server/);
    if (selected.credentials.kind === "clientCertificate") {
      expect(health.problem).not.toContain(selected.credentials.keyData.slice(0, 20));
    }
  });

  it("does not reach the local control plane when the operator has not allowed 127.0.0.1", async () => {
    const selected = parseKubeconfig(adminYaml).select();
    const health = await probeCluster(toKubeConfig(selected, createClusterGuard(PUBLIC_ONLY)));
    expect(health).toMatchObject({ reachable: false, version: null, canImpersonate: false });
    expect(health.problem).toMatch(
      /^cannot reach the API server: 127\.0\.0\.1 is a loopback address; only public addresses are allowed unless an operator allows the network in CLUSTERCORD_ALLOWED_CLUSTER_NETWORKS/,
    );
  });
});
