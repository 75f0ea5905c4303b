import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { localClusterPolicy } from "@clustercord/testenv";
import { type Cluster, startCluster } from "@clustercord/testenv/cluster";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readObject, serverSideApply, waitForEstablished } from "../../src/apply/index";
import { createClusterGuard, impersonatedKubeConfig, toKubeConfig } from "../../src/client/index";
import { parseKubeconfig, type SelectedContext } from "../../src/kubeconfig/index";
import { validateAgainstSchema } from "../../src/manifests/index";
import { ClusterSchemaCache, schemaRequestCounts } from "../../src/openapi/index";

let cluster: Cluster;
let dataDir: string;
let selected: SelectedContext;
const guard = createClusterGuard(localClusterPolicy);

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "cc-kube-apply-"));
  cluster = await startCluster({ dataDir });
  selected = parseKubeconfig(
    await cluster.kubectl(["config", "view", "--raw", "--flatten", "--minify"]),
  ).select();
}, 600_000);

afterAll(async () => {
  await cluster?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const configMap = (name: string, data: Record<string, string>) => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name, namespace: "default" },
  data,
});

describe("the schema cache", () => {
  it("serves discovery and OpenAPI v3 from the cluster once, then from memory", async () => {
    const cache = new ClusterSchemaCache(toKubeConfig(selected, guard));
    const discovery = await cache.discovery(["apps/v1"]);
    expect(discovery.find("apps/v1", "Deployment")).toMatchObject({
      resource: "deployments",
      namespaced: true,
    });
    expect(discovery.find("v1", "Namespace")?.namespaced).toBe(false);
    const apps = await cache.schemas("apps/v1");
    expect(apps?.["io.k8s.api.apps.v1.Deployment"]).toBeDefined();
    const bad = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "x" },
      spec: { replicas2: 1 },
    };
    expect(
      validateAgainstSchema(bad, apps ?? {}, { group: "apps", version: "v1", kind: "Deployment" }),
    ).toContainEqual(
      expect.objectContaining({ message: expect.stringContaining('unknown field "spec.replicas2"') }),
    );

    const before = { ...schemaRequestCounts };
    await cache.discovery(["apps/v1", "v1"]);
    await cache.schemas("apps/v1");
    expect(schemaRequestCounts).toEqual(before);
    // A group-version nobody serves is not published: null, after one refresh of the index.
    expect(await cache.schemas("example.com/v1")).toBeNull();

    // After invalidate the index is asked again, but a document with the same hash is not.
    cache.invalidate();
    const afterInvalidate = { ...schemaRequestCounts };
    await cache.schemas("apps/v1");
    expect(schemaRequestCounts.openApi - afterInvalidate.openApi).toBe(1);
  });
});

describe("server-side apply", () => {
  it("dry-runs without creating, applies, reads back, and reports a conflict with the other manager", async () => {
    const kc = toKubeConfig(selected, guard);
    const discovery = await new ClusterSchemaCache(kc).discovery();
    const info = discovery.find("v1", "ConfigMap");
    if (!info) throw new Error("no ConfigMap in discovery");
    const target = { info, namespace: "default", name: "ssa" };
    const dry = await serverSideApply(kc, target, configMap("ssa", { k: "v" }), { dryRun: true });
    expect(dry.ok).toBe(true);
    expect(await readObject(kc, target)).toBeNull();

    const real = await serverSideApply(kc, target, configMap("ssa", { k: "v" }), { dryRun: false });
    expect(real.ok && real.object.data).toEqual({ k: "v" });
    expect((await readObject(kc, target))?.data).toEqual({ k: "v" });

    await cluster.kubectl(["patch", "configmap", "ssa", "-n", "default", "-p", '{"data":{"k":"theirs"}}']);
    const conflict = await serverSideApply(kc, target, configMap("ssa", { k: "mine" }), { dryRun: false });
    expect(conflict.ok).toBe(false);
    if (!conflict.ok) {
      expect(conflict.refusal).toMatchObject({ code: 409, reason: "Conflict" });
      expect(conflict.refusal.message).toMatch(/conflict with "kubectl-patch"/);
    }
  });

  it("as a person without rights: a Forbidden refusal with the cluster's message", async () => {
    const kc = impersonatedKubeConfig(selected, { user: "nobody", group: "nobody-group" }, guard);
    const info = (await new ClusterSchemaCache(toKubeConfig(selected, guard)).discovery()).find(
      "v1",
      "ConfigMap",
    );
    if (!info) throw new Error("no ConfigMap in discovery");
    const answer = await serverSideApply(
      kc,
      { info, namespace: "default", name: "nope" },
      configMap("nope", {}),
      {
        dryRun: true,
      },
    );
    expect(answer.ok).toBe(false);
    if (!answer.ok) {
      expect(answer.refusal.code).toBe(403);
      expect(answer.refusal.message).toContain('User "nobody" cannot patch resource "configmaps"');
    }
  });

  it("waits for a CRD to be established", async () => {
    const kc = toKubeConfig(selected, guard);
    const crds = (await new ClusterSchemaCache(kc).discovery()).find(
      "apiextensions.k8s.io/v1",
      "CustomResourceDefinition",
    );
    if (!crds) throw new Error("no CRDs in discovery");
    const crd = {
      apiVersion: "apiextensions.k8s.io/v1",
      kind: "CustomResourceDefinition",
      metadata: { name: "gizmos.example.com" },
      spec: {
        group: "example.com",
        scope: "Namespaced",
        names: { plural: "gizmos", singular: "gizmo", kind: "Gizmo" },
        versions: [
          {
            name: "v1",
            served: true,
            storage: true,
            schema: { openAPIV3Schema: { type: "object", "x-kubernetes-preserve-unknown-fields": true } },
          },
        ],
      },
    };
    const applied = await serverSideApply(kc, { info: crds, namespace: null, name: crd.metadata.name }, crd, {
      dryRun: false,
    });
    expect(applied.ok).toBe(true);
    expect(await waitForEstablished(kc, crd.metadata.name, 30_000)).toEqual({
      established: true,
      message: "",
    });
  });
});
