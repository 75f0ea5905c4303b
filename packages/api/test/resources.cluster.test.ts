import type {
  ClustersAddOutput,
  ResourceDetail,
  ResourceKindsOutput,
  ResourcesListOutput,
} from "@clustercord/contracts";
import { parseKubeconfig, toKubeConfig } from "@clustercord/kube";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACME, ALICE, type ApiHarness, BETA, BOB, CAROL, startApiHarness } from "./harness";

const nsAcme = `clustercord-guild-${ACME}`;
const nsBeta = `clustercord-guild-${BETA}`;
const PASSWORD = "hunter2-very-secret";

let h: ApiHarness;
let shared: string;

const objects = (ns: string, replicas: number) => `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: ${ns}, labels: { app: web } }
spec:
  replicas: ${replicas}
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - name: app
          image: registry.invalid/web:1
          envFrom: [{ secretRef: { name: db } }]
          volumeMounts: [{ name: cfg, mountPath: /etc/web }]
      volumes: [{ name: cfg, configMap: { name: web-config } }]
---
apiVersion: v1
kind: Service
metadata: { name: web, namespace: ${ns} }
spec: { selector: { app: web }, ports: [{ port: 80 }] }
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: web, namespace: ${ns} }
spec:
  rules:
    - host: web.example.com
      http: { paths: [{ path: /, pathType: Prefix, backend: { service: { name: web, port: { number: 80 } } } }] }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: web-config, namespace: ${ns} }
data: { site.conf: "listen 80;" }
---
apiVersion: v1
kind: Secret
metadata: { name: db, namespace: ${ns} }
stringData: { password: ${PASSWORD}, user: admin }
`;

const widgets = `
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: widgets.example.com }
spec:
  group: example.com
  scope: Namespaced
  names: { plural: widgets, singular: widget, kind: Widget }
  versions:
    - name: v1
      served: true
      storage: true
      schema: { openAPIV3Schema: { type: object, x-kubernetes-preserve-unknown-fields: true } }
      additionalPrinterColumns: [{ name: Size, type: integer, jsonPath: .spec.size }]
---
# Custom resources join the built-in view role, as operators of CRDs are told to do.
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: widgets-view, labels: { rbac.authorization.k8s.io/aggregate-to-view: "true" } }
rules: [{ apiGroups: [example.com], resources: [widgets], verbs: [get, list, watch] }]
`;

beforeAll(async () => {
  h = await startApiHarness();
  shared = await h.addSharedCluster([BETA]);
  // Beta's namespace exists from Beta's first use.
  expect((await list([CAROL, BETA], { kind: "pods", namespace: nsBeta })).status).toBe(200);
  await h.cluster.kubectl(["apply", "-f", "-"], `${objects(nsAcme, 2)}\n---\n${objects(nsBeta, 1)}`);
  await h.cluster.kubectl(["apply", "-f", "-"], widgets);
  await h.cluster.kubectl([
    "wait",
    "--for=condition=Established",
    "crd/widgets.example.com",
    "--timeout=60s",
  ]);
  await h.cluster.kubectl(
    ["apply", "-f", "-"],
    `{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"gear","namespace":"${nsAcme}"},"spec":{"size":7}}`,
  );
}, 600_000);

afterAll(async () => {
  await h?.close();
});

function list(who: readonly [string, string], input: Record<string, unknown>) {
  return h.call<ResourcesListOutput>("resources.list", who, { input: { clusterId: shared, ...input } });
}
function get(who: readonly [string, string], input: Record<string, unknown>) {
  return h.call<ResourceDetail>("resources.get", who, { input: { clusterId: shared, ...input } });
}

async function waitFor<T>(what: string, timeoutMs: number, look: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await look();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

describe("resources.kinds", () => {
  it("offers every built-in kind and the cluster's custom resources", async () => {
    const res = await waitFor("the widgets kind", 30_000, async () => {
      const r = await h.call<ResourceKindsOutput>("resources.kinds", [CAROL, ACME], {
        input: { clusterId: shared },
      });
      return r.data?.kinds.some((k) => k.key === "widgets.example.com") ? r : undefined;
    });
    expect(res.data.customResourcesKnown).toBe(true);
    const keys = res.data.kinds.map((k) => k.key);
    for (const key of [
      "pods",
      "deployments",
      "statefulsets",
      "daemonsets",
      "replicasets",
      "jobs",
      "cronjobs",
    ])
      expect(keys).toContain(key);
    for (const key of [
      "services",
      "ingresses",
      "configmaps",
      "secrets",
      "persistentvolumeclaims",
      "nodes",
      "events",
    ])
      expect(keys).toContain(key);
    expect(res.data.kinds.find((k) => k.key === "widgets.example.com")).toEqual({
      key: "widgets.example.com",
      kind: "Widget",
      group: "example.com",
      version: "v1",
      namespaced: true,
      category: "custom",
      columns: ["Size"],
    });
  });
});

describe("resources.list", () => {
  it("lists a viewer's deployments with kubectl's columns, once the fake nodes run the pods", async () => {
    const res = await waitFor("web 2/2 ready", 90_000, async () => {
      const r = await list([CAROL, ACME], { kind: "deployments", namespace: nsAcme });
      return r.data?.rows[0]?.status === "Ready" ? r : undefined;
    });
    expect(res.data.kind.columns).toEqual(["Ready", "Up-to-date", "Available"]);
    expect(res.data.rows).toEqual([
      {
        name: "web",
        namespace: nsAcme,
        status: "Ready",
        tone: "ok",
        createdAt: expect.stringMatching(/^\d{4}-/),
        cells: ["2/2", "2", "2"],
      },
    ]);
    expect(res.data.state).toBe("ready");
  });

  it("filters by label selector and search, sorts, and names a bad selector", async () => {
    const pods = await list([CAROL, ACME], {
      kind: "pods",
      namespace: nsAcme,
      labelSelector: "app in (web)",
    });
    expect(pods.data.total).toBe(2);
    expect(pods.data.rows.every((r) => r.name.startsWith("web-"))).toBe(true);
    const none = await list([CAROL, ACME], { kind: "pods", namespace: nsAcme, labelSelector: "app!=web" });
    expect(none.data.total).toBe(0);
    const bad = await list([CAROL, ACME], { kind: "pods", namespace: nsAcme, labelSelector: "app in (web" });
    expect(bad.status).toBe(400);
    expect(bad.error?.message).toBe("Label selector: unbalanced parentheses.");
    const services = await list([CAROL, ACME], { kind: "services", namespace: nsAcme, search: "CLUSTERIP" });
    expect(services.data.rows.map((r) => [r.name, r.cells[0]])).toEqual([["web", "ClusterIP"]]);
    const ingress = await list([CAROL, ACME], { kind: "ingresses", namespace: nsAcme });
    expect(ingress.data.rows[0]?.cells[1]).toBe("web.example.com");
    const byAge = await list([CAROL, ACME], {
      kind: "configmaps",
      namespace: nsAcme,
      sort: "age",
      descending: true,
    });
    expect(byAge.data.rows.map((r) => r.name)).toContain("web-config");
  });

  it("without a namespace, answers only from the person's own namespaces", async () => {
    const acme = await list([BOB, ACME], { kind: "deployments" });
    expect(acme.data.rows.map((r) => r.namespace)).toEqual([nsAcme]);
    const beta = await list([CAROL, BETA], { kind: "deployments" });
    expect(beta.data.rows.map((r) => r.namespace)).toEqual([nsBeta]);
  });

  it("shows custom resources with their printer columns", async () => {
    const res = await waitFor("the gear widget", 30_000, async () => {
      const r = await list([CAROL, ACME], { kind: "widgets.example.com", namespace: nsAcme });
      return r.data?.rows.length ? r : undefined;
    });
    expect(res.data.rows.map((r) => [r.name, r.cells])).toEqual([["gear", ["7"]]]);
  });

  it("shows operators a secret's keys and sizes, never its values; viewers not even that", async () => {
    const viewer = await list([CAROL, ACME], { kind: "secrets", namespace: nsAcme });
    expect(viewer.status).toBe(403);
    expect(viewer.error?.message).toBe("You may not list secrets in that namespace on this cluster.");
    const rows = await list([BOB, ACME], { kind: "secrets", namespace: nsAcme });
    expect(rows.data.rows.map((r) => [r.name, r.cells])).toEqual([["db", ["Opaque", "2"]]]);
    const detail = await get([BOB, ACME], { kind: "secrets", namespace: nsAcme, name: "db" });
    expect(detail.data.fields).toContainEqual({
      label: "Keys",
      value: `password (${PASSWORD.length} bytes), user (5 bytes)`,
    });
    const body = JSON.stringify(detail.data);
    expect(body).not.toContain(PASSWORD);
    expect(body).not.toContain(Buffer.from(PASSWORD).toString("base64"));
    // Not even the shared cache holds it (`use` hands out the API's own secrets cache).
    const admin = toKubeConfig(parseKubeconfig(h.kubeconfig).select(), h.clusterGuard);
    const cached = h.caches.use(shared, {
      kubeConfig: admin,
      resource: { group: "", version: "v1", resource: "secrets" },
    });
    expect(cached.get(`${nsAcme}/db`)).toBeDefined();
    expect(JSON.stringify(cached.list())).not.toMatch(
      new RegExp(`${PASSWORD}|${Buffer.from(PASSWORD).toString("base64")}`),
    );
  });

  it("refuses cluster-wide kinds to tenants of a shared cluster, and other servers' namespaces", async () => {
    const nodes = await list([ALICE, ACME], { kind: "nodes" });
    expect(nodes.status).toBe(403);
    expect(nodes.error?.message).toBe("You may not list nodes cluster-wide on this cluster.");
    for (const who of [
      [CAROL, BETA],
      [ALICE, BETA],
    ] as const) {
      for (const res of [
        await list(who, { kind: "deployments", namespace: nsAcme }),
        await get(who, { kind: "deployments", namespace: nsAcme, name: "web" }),
        await get(who, { kind: "namespaces", name: nsAcme }),
      ]) {
        expect([403, 404]).toContain(res.status);
        expect(JSON.stringify(res.error)).not.toMatch(/replicas|web-config|Acme/);
      }
    }
    const unknown = await list([ALICE, ACME], { kind: "gadgets.example.com", namespace: nsAcme });
    expect(unknown.status).toBe(404);
    expect(unknown.error?.message).toBe('This cluster has no resource kind "gadgets.example.com".');
    const namespaces = await list([ALICE, ACME], { kind: "namespaces" });
    expect(namespaces.data.rows.map((r) => r.name)).toEqual([nsAcme]);
  });
});

describe("resources.get", () => {
  it("describes a deployment: summary, YAML, events and its replica set and pods", async () => {
    const res = await waitFor("a scaling event", 30_000, async () => {
      const r = await get([CAROL, ACME], { kind: "deployments", namespace: nsAcme, name: "web" });
      return r.data?.events?.length ? r : undefined;
    });
    expect(res.data.row.status).toBe("Ready");
    expect(res.data.fields).toContainEqual({ label: "Images", value: "app: registry.invalid/web:1" });
    expect(res.data.fields).toContainEqual({ label: "Selector", value: "app=web" });
    expect(res.data.yaml).toMatch(/^apiVersion: apps\/v1\nkind: Deployment\n/);
    expect(res.data.yaml).not.toContain("managedFields");
    expect(res.data.events?.[0]).toMatchObject({ type: "Normal", reason: "ScalingReplicaSet" });
    const related = res.data.related.map((r) => `${r.relation} ${r.kind}`);
    expect(related.filter((r) => r === "owns replicasets")).toHaveLength(1);
    expect(related.filter((r) => r === "owns pods")).toHaveLength(2);
  });

  it("gives a service its endpoints, a pod its owner, node and what it uses", async () => {
    const svc = await waitFor("pod IPs", 30_000, async () => {
      const r = await get([CAROL, ACME], { kind: "services", namespace: nsAcme, name: "web" });
      return r.data?.related.length === 2 && r.data.related.every((x) => /^\d+\./.test(x.detail ?? ""))
        ? r
        : undefined;
    });
    expect(svc.data.related.map((r) => r.relation)).toEqual(["selects", "selects"]);
    const podName = svc.data.related[0]?.name ?? "";
    const pod = await get([CAROL, ACME], { kind: "pods", namespace: nsAcme, name: podName });
    // kube-root-ca.crt: the service account token's projected volume.
    expect(
      pod.data.related.map((r) => `${r.relation} ${r.kind}/${r.kind === "nodes" ? "" : r.name}`),
    ).toEqual([
      expect.stringMatching(/^owner replicasets\/web-/),
      "runs on nodes/",
      "uses configmaps/kube-root-ca.crt",
      "uses configmaps/web-config",
      "uses secrets/db",
      "selected by services/web",
    ]);
    // Carol may open all of it but the node (tenants of a shared cluster read nothing cluster-wide)
    // and the secret (viewers may not list secrets).
    expect(pod.data.related.filter((r) => !r.readable).map((r) => r.kind)).toEqual(["nodes", "secrets"]);
    const ingress = await get([CAROL, ACME], { kind: "ingresses", namespace: nsAcme, name: "web" });
    expect(ingress.data.related).toEqual([
      { relation: "routes to", kind: "services", name: "web", namespace: nsAcme, readable: true },
    ]);
    const missing = await get([CAROL, ACME], { kind: "services", namespace: nsAcme, name: "nope" });
    expect(missing.status).toBe(404);
    expect(missing.error?.message).toBe("No Service of that name in that namespace.");
    const noNamespace = await get([CAROL, ACME], { kind: "services", name: "web" });
    expect(noNamespace.error?.message).toBe("Service objects live in a namespace: name one.");
  });
});

describe("a dedicated cluster", () => {
  it("lets its admins list nodes and read them", async () => {
    const added = await h.call<ClustersAddOutput>("clusters.add", [CAROL, BETA], {
      input: { name: "dedicated", kubeconfig: h.kubeconfig, shared: false },
      mutation: true,
    });
    expect(added.error).toBeUndefined();
    const clusterId = added.data.cluster.id;
    const nodes = await h.call<ResourcesListOutput>("resources.list", [CAROL, BETA], {
      input: { clusterId, kind: "nodes" },
    });
    expect(nodes.error).toBeUndefined();
    expect(nodes.data.rows.length).toBeGreaterThan(0);
    expect(nodes.data.rows.every((r) => r.status === "Ready" && r.namespace === "")).toBe(true);
    const node = await h.call<ResourceDetail>("resources.get", [CAROL, BETA], {
      input: { clusterId, kind: "nodes", name: nodes.data.rows[0]?.name },
    });
    expect(node.data.row.name).toBe(nodes.data.rows[0]?.name);
    // ...and sees every namespace's deployments, Acme's and kube-system's included: the whole cluster is theirs.
    const all = await h.call<ResourcesListOutput>("resources.list", [CAROL, BETA], {
      input: { clusterId, kind: "deployments" },
    });
    expect(new Set(all.data.rows.map((r) => r.namespace))).toEqual(new Set([nsAcme, nsBeta, "kube-system"]));
  });
});
