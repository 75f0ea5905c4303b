import { describe, expect, it } from "vitest";
import { restoreManifest } from "../../src/snapshots/restore";
import {
  classifyDryRun,
  countSteps,
  isCoveredBy,
  newerObjects,
  planRestoreOrder,
} from "../../src/snapshots/restore-plan";
import type { SnapshotObject } from "../../src/snapshots/types";

const o = (apiVersion: string, kind: string, namespace: string, name: string, owned = false) => ({
  apiVersion,
  kind,
  namespace,
  name,
  owned,
});
const objects = [
  o("apps/v1", "Deployment", "shop", "web"),
  o("v1", "Pod", "shop", "web-abc", true),
  o("apps/v1", "ReplicaSet", "shop", "web-abc", true),
  o("v1", "Service", "shop", "web"),
  o("example.com/v1", "Widget", "shop", "w"),
  o("v1", "ConfigMap", "shop", "cfg"),
  o("v1", "Secret", "shop", "db"),
  o("rbac.authorization.k8s.io/v1", "RoleBinding", "shop", "ops"),
  o("v1", "ServiceAccount", "shop", "app"),
  o("apiextensions.k8s.io/v1", "CustomResourceDefinition", "", "widgets.example.com"),
  o("v1", "Namespace", "", "shop"),
  o("v1", "Namespace", "", "blog"),
  o("apps/v1", "Deployment", "blog", "blog"),
  o("v1", "PersistentVolume", "", "pv-1"),
  o("admissionregistration.k8s.io/v1", "ValidatingWebhookConfiguration", "", "hook"),
  o("networking.k8s.io/v1", "Ingress", "shop", "web"),
];
const names = (list: { kind: string; namespace: string; name: string }[]) =>
  list.map((x) => `${x.kind}/${x.namespace ? `${x.namespace}/` : ""}${x.name}`);

describe("planRestoreOrder", () => {
  it("puts what others depend on first and leaves owned objects to their controllers", () => {
    expect(names(planRestoreOrder(objects))).toEqual([
      "Namespace/blog",
      "Namespace/shop",
      "CustomResourceDefinition/widgets.example.com",
      "RoleBinding/shop/ops",
      "ServiceAccount/shop/app",
      "PersistentVolume/pv-1",
      "ConfigMap/shop/cfg",
      "Secret/shop/db",
      "Service/shop/web",
      "Deployment/blog/blog",
      "Deployment/shop/web",
      "Ingress/shop/web",
      "Widget/shop/w",
      "ValidatingWebhookConfiguration/hook",
    ]);
  });

  it("keeps only the chosen namespaces (and their Namespace objects), no cluster-scoped kinds", () => {
    expect(names(planRestoreOrder(objects, { namespaces: ["blog"] }))).toEqual([
      "Namespace/blog",
      "Deployment/blog/blog",
    ]);
  });

  it("keeps only the chosen kinds, by kind or kind.group, any case", () => {
    expect(
      names(planRestoreOrder(objects, { kinds: ["deployment", "ConfigMap"], namespaces: ["shop"] })),
    ).toEqual(["ConfigMap/shop/cfg", "Deployment/shop/web"]);
    expect(names(planRestoreOrder(objects, { kinds: ["Widget.example.com"] }))).toEqual(["Widget/shop/w"]);
    expect(planRestoreOrder(objects, { kinds: ["Pod"] })).toEqual([]);
  });
});

describe("newerObjects", () => {
  it("finds live objects the snapshot lacks, never Namespaces, CRDs or owned ones", () => {
    const live = [
      ...objects,
      o("apps/v1", "Deployment", "shop", "added-since"),
      o("v1", "Namespace", "", "new-ns"),
      o("v1", "Pod", "shop", "web-new", true),
      o("v1", "ConfigMap", "blog", "blog-new"),
    ];
    expect(names(newerObjects(objects, live))).toEqual([
      "Deployment/shop/added-since",
      "ConfigMap/blog/blog-new",
    ]);
    expect(names(newerObjects(objects, live, { namespaces: ["shop"] }))).toEqual([
      "Deployment/shop/added-since",
    ]);
  });
});

describe("classifyDryRun", () => {
  const ref = { apiVersion: "apps/v1", kind: "Deployment", namespace: "shop", name: "web" };
  const live = {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web", namespace: "shop", resourceVersion: "5", managedFields: [{}] },
    spec: { replicas: 3, template: { spec: { containers: [{ name: "web", image: "nginx:1.28" }] } } },
    status: { replicas: 3 },
  };
  const result = {
    ...live,
    metadata: { ...live.metadata, resourceVersion: "6" },
    spec: { replicas: 2, template: { spec: { containers: [{ name: "web", image: "nginx:1.27" }] } } },
  };

  it("reads create, update with fields, unchanged and conflict", () => {
    expect(classifyDryRun(ref, { ok: true, live: null, result })).toMatchObject({ action: "create" });
    expect(classifyDryRun(ref, { ok: true, live, result, takesOverFrom: ["kubectl-edit"] })).toEqual({
      ...ref,
      action: "update",
      reason: "takes over fields from kubectl-edit",
      fields: [
        { path: "spec.replicas", from: "3", to: "2" },
        { path: "spec.template.spec.containers[0].image", from: "nginx:1.28", to: "nginx:1.27" },
      ],
    });
    // Only server-filled fields differ: nothing to do.
    expect(
      classifyDryRun(ref, {
        ok: true,
        live,
        result: { ...live, metadata: { ...live.metadata, resourceVersion: "9" } },
      }),
    ).toMatchObject({ action: "unchanged" });
    expect(
      classifyDryRun(ref, {
        ok: false,
        reason: 'deployments.apps "web" is forbidden: User "u" cannot patch',
      }),
    ).toEqual({
      ...ref,
      action: "conflict",
      reason: 'deployments.apps "web" is forbidden: User "u" cannot patch',
    });
  });

  it("names a Secret's changed keys without values", () => {
    const sref = { apiVersion: "v1", kind: "Secret", namespace: "shop", name: "db" };
    const b64 = (s: string) => Buffer.from(s).toString("base64");
    const step = classifyDryRun(sref, {
      ok: true,
      live: {
        apiVersion: "v1",
        kind: "Secret",
        metadata: { name: "db" },
        data: { password: b64("old-pw"), same: b64("s") },
      },
      result: {
        apiVersion: "v1",
        kind: "Secret",
        metadata: { name: "db" },
        data: { password: b64("new-pw"), same: b64("s"), extra: b64("e") },
      },
    });
    expect(step.action).toBe("update");
    expect(step.fields).toEqual([{ path: 'data["extra"]' }, { path: 'data["password"]' }]);
    const text = JSON.stringify(step);
    for (const v of ["old-pw", "new-pw", b64("old-pw"), b64("new-pw"), b64("e")])
      expect(text).not.toContain(v);
  });

  it("counts steps per action", () => {
    expect(
      countSteps([
        classifyDryRun(ref, { ok: true, live: null, result }),
        classifyDryRun(ref, { ok: false, reason: "x" }),
      ]),
    ).toEqual({
      create: 1,
      update: 0,
      unchanged: 0,
      delete: 0,
      conflict: 1,
    });
  });
});

describe("restoreManifest", () => {
  it("drops owner references and allocated cluster IPs, and puts a Secret's values back", () => {
    const svc = {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "web", namespace: "shop", ownerReferences: [{ kind: "X", name: "x", uid: "old" }] },
      spec: { clusterIP: "10.0.0.7", clusterIPs: ["10.0.0.7"], ports: [{ port: 80 }] },
    } as SnapshotObject;
    expect(restoreManifest(svc)).toEqual({
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "web", namespace: "shop" },
      spec: { ports: [{ port: 80 }] },
    });
    const headless = {
      ...svc,
      metadata: { name: "h", annotations: { "deployment.kubernetes.io/revision": "3", keep: "y" } },
      spec: { clusterIP: "None" },
    } as SnapshotObject;
    expect(restoreManifest(headless)).toMatchObject({
      metadata: { annotations: { keep: "y" } },
      spec: { clusterIP: "None" },
    });
    const sec = {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "db" },
      type: "Opaque",
      keys: ["a"],
      sealedData: "S",
    } as SnapshotObject;
    expect(restoreManifest(sec, { a: "YQ==" })).toEqual({
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "db" },
      type: "Opaque",
      data: { a: "YQ==" },
    });
  });
});

describe("isCoveredBy", () => {
  it("is true only when every field the snapshot sets already has that value", () => {
    const live = {
      metadata: { name: "q", uid: "u", labels: { a: "1", b: "2" } },
      spec: { hard: { pods: "10" }, list: [1, 2] },
    };
    expect(
      isCoveredBy({ metadata: { name: "q", labels: { a: "1" } }, spec: { hard: { pods: "10" } } }, live),
    ).toBe(true);
    expect(isCoveredBy({ spec: { hard: { pods: "11" } } }, live)).toBe(false);
    expect(isCoveredBy({ spec: { list: [1] } }, live)).toBe(false);
    expect(isCoveredBy({ spec: { extra: true } }, live)).toBe(false);
  });
});
