import { describe, expect, it } from "vitest";
import { CREATED_BY_LABEL, type PlaceOptions, parseManifests, placeObjects } from "../../src/manifests/index";

/** What a cluster's discovery would say for the kinds these tests use. */
const scopes: Record<string, boolean> = {
  "v1 ConfigMap": true,
  "v1 Service": true,
  "v1 Namespace": false,
  "v1 Pod": true,
  "apps/v1 Deployment": true,
  "batch/v1 CronJob": true,
  "rbac.authorization.k8s.io/v1 ClusterRole": false,
  "apiextensions.k8s.io/v1 CustomResourceDefinition": false,
};

const options = (over: Partial<PlaceOptions> = {}): PlaceOptions => ({
  defaultNamespace: "team-a",
  isNamespaced: (apiVersion, kind) => scopes[`${apiVersion} ${kind}`],
  allowedNamespaces: new Set(["team-a", "team-a-dev"]),
  mayCreateClusterScoped: false,
  createdBy: "123456789012345678",
  ...over,
});

function place(text: string, over: Partial<PlaceOptions> = {}) {
  const parsed = parseManifests([{ name: "app.yaml", text }]);
  expect(parsed.findings).toEqual([]);
  return { ...placeObjects(parsed.documents, options(over)), documents: parsed.documents };
}

const where = (findings: { file: string; document: number | null; line: number | null; message: string }[]) =>
  findings.map((f) => `${f.file} ${f.document} ${f.line} ${f.message}`);

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers: [{name: api, image: "ghcr.io/acme/api:1"}]
`;

describe("placeObjects", () => {
  it("fills the default namespace into namespaced objects, keeps a written one, and never changes the documents", () => {
    const { objects, findings, documents } = place(
      `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b, namespace: team-a-dev}\n`,
    );
    expect(findings).toEqual([]);
    expect(objects.map((o) => [o.namespace, (o.object.metadata as { namespace: string }).namespace])).toEqual(
      [
        ["team-a", "team-a"],
        ["team-a-dev", "team-a-dev"],
      ],
    );
    expect(documents[0]?.object.metadata).toEqual({ name: "a" });
    expect(objects[0]?.locate(["metadata", "name"])).toEqual({ line: 3, column: 12 });
  });

  it("labels workloads and their pod templates with who applied them (CronJob two templates deep)", () => {
    const cron = `apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly, labels: {team: a}}
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          containers: [{name: r, image: "busybox:1"}]
`;
    const pod = `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: "busybox:1"}]}\n`;
    const service = `apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {ports: [{port: 80}]}\n`;
    const { objects, findings } = place([deployment, cron, pod, service].join("---\n"));
    expect(findings).toEqual([]);
    const at = (i: number, path: string) =>
      path
        .split(".")
        .reduce<unknown>((node, key) => (node as Record<string, unknown>)?.[key], objects[i]?.object);
    const label = { [CREATED_BY_LABEL]: "123456789012345678" };
    expect(at(0, "metadata.labels")).toEqual(label);
    expect(at(0, "spec.template.metadata.labels")).toEqual({ app: "api", ...label });
    expect(at(0, "spec.selector")).toEqual({ matchLabels: { app: "api" } }); // the selector is left alone
    expect(at(1, "metadata.labels")).toEqual({ team: "a", ...label });
    expect(at(1, "spec.jobTemplate.spec.template.metadata.labels")).toEqual(label);
    expect(at(2, "metadata.labels")).toEqual(label);
    expect(at(3, "metadata.labels")).toBeUndefined();
  });

  it("overwrites a created-by label someone wrote themselves (attribution must not be forged)", () => {
    const { objects } = place(
      deployment.replace("name: api\n", `name: api\n  labels: {"${CREATED_BY_LABEL}": "1"}\n`),
    );
    expect(objects[0]?.object.metadata).toEqual({
      name: "api",
      namespace: "team-a",
      labels: { [CREATED_BY_LABEL]: "123456789012345678" },
    });
  });

  it("refuses a namespace that is not the person's, at its line", () => {
    const { objects, findings } = place(
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: team-b\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok}\n`,
    );
    expect(where(findings)).toEqual(["app.yaml 1 5 namespace team-b is not yours on this cluster"]);
    expect(findings[0]).toMatchObject({
      step: "schema",
      level: "error",
      object: "ConfigMap team-b/a",
      field: "metadata.namespace",
    });
    expect(objects.map((o) => o.namespace)).toEqual(["team-a"]);
    // An admin of a dedicated cluster may use any namespace.
    expect(
      place(`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: team-b}\n`, {
        allowedNamespaces: "any",
      }).findings,
    ).toEqual([]);
  });

  it("refuses cluster-scoped objects from a tenant, and a Namespace too", () => {
    const text = `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: x}\nrules: []\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: mine}\n`;
    const { objects, findings } = place(text);
    expect(where(findings)).toEqual([
      "app.yaml 1 2 ClusterRole x is cluster-scoped; tenants of a shared cluster cannot create cluster-scoped objects",
      "app.yaml 2 7 Namespace mine is cluster-scoped; tenants of a shared cluster cannot create cluster-scoped objects",
    ]);
    expect(objects).toEqual([]);
  });

  it("lets an admin create cluster-scoped objects, without a namespace, and use a namespace the batch creates", () => {
    const text = `apiVersion: v1\nkind: Namespace\nmetadata: {name: fresh}\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: x, namespace: fresh}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: fresh}\n`;
    const { objects, findings } = place(text, { allowedNamespaces: "any", mayCreateClusterScoped: true });
    expect(where(findings)).toEqual([
      "app.yaml 2 7 metadata.namespace is ignored: ClusterRole is cluster-scoped",
    ]);
    expect(findings[0]?.level).toBe("info");
    expect(
      objects.map((o) => [
        o.object.kind,
        o.namespace,
        (o.object.metadata as { namespace?: string }).namespace,
      ]),
    ).toEqual([
      ["Namespace", null, undefined],
      ["ClusterRole", null, undefined],
      ["ConfigMap", "fresh", "fresh"],
    ]);
    // With a fixed set of namespaces, one the batch creates is still not theirs.
    const tenant = place(text.split("---\n").slice(2).join(""), { mayCreateClusterScoped: true });
    expect(where(tenant.findings)).toEqual(["app.yaml 1 3 namespace fresh is not yours on this cluster"]);
  });

  it("refuses unknown kinds, unless a CRD in the same batch defines them (with its scope)", () => {
    const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  scope: Cluster
  names: {kind: Widget, plural: widgets}
  versions: [{name: v1, served: true, storage: true}]
`;
    const widget = `apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n`;
    const gadget = `apiVersion: example.com/v2\nkind: Widget\nmetadata: {name: w2}\n---\napiVersion: example.com/v1\nkind: Gadget\nmetadata: {name: g}\n`;
    const alone = place(`${widget}---\n${gadget}`, { mayCreateClusterScoped: true });
    expect(where(alone.findings)).toEqual([
      "app.yaml 1 2 unknown kind Widget in apiVersion example.com/v1",
      "app.yaml 2 6 unknown kind Widget in apiVersion example.com/v2",
      "app.yaml 3 10 unknown kind Gadget in apiVersion example.com/v1",
    ]);
    const withCrd = place([crd, widget].join("---\n"), { mayCreateClusterScoped: true });
    expect(withCrd.findings).toEqual([]);
    expect(withCrd.objects.map((o) => [o.object.kind, o.namespace])).toEqual([
      ["CustomResourceDefinition", null],
      ["Widget", null],
    ]);
    const namespaced = place([crd.replace("Cluster", "Namespaced"), widget].join("---\n"), {
      mayCreateClusterScoped: true,
    });
    expect(namespaced.objects.map((o) => o.namespace)).toEqual([null, "team-a"]);
  });

  it("refuses the same object twice in a batch, whether the namespace was written or defaulted", () => {
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: team-a\n---\napiVersion: v1\nkind: Service\nmetadata: {name: a}\n`;
    const { objects, findings } = place(text);
    expect(where(findings)).toEqual([
      "app.yaml 2 8 ConfigMap team-a/a appears twice in the batch (first in app.yaml, document 1)",
    ]);
    expect(objects.map((o) => o.object.kind)).toEqual(["ConfigMap", "Service"]);
  });
});
