import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import {
  applyOrder,
  lintFindings,
  type OpenApiSchemas,
  objectDiff,
  parseManifests,
  placeObjects,
  readManifestFiles,
  sortForApply,
  validateAgainstSchema,
} from "../../src/manifests/index";
import { apiGroup } from "../../src/manifests/order";

const fixtures = join(dirname(fileURLToPath(import.meta.url)), "fixtures");
const schemasOf = (name: string): OpenApiSchemas =>
  JSON.parse(gunzipSync(readFileSync(join(fixtures, `openapi-${name}.json.gz`))).toString("utf8")).components
    .schemas;
const schemaByGroupVersion: Record<string, OpenApiSchemas> = {
  v1: schemasOf("api-v1"),
  "apps/v1": schemasOf("apps-v1"),
  "apiextensions.k8s.io/v1": schemasOf("apiextensions.k8s.io-v1"),
  "example.com/v1": schemasOf("example.com-v1"),
};

const namespace = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n";
const widget =
  "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n  namespace: shop\nspec:\n  size: 2\n";
const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
spec:
  replicas: 1
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers:
        - name: api
          image: ghcr.io/acme/api:1.2.3
          resources: {limits: {cpu: 500m, memory: 256Mi}}
`;

describe("the pure steps together, as the engine runs them", () => {
  it("a zip with a CRD, a Namespace, a Deployment and a custom resource: read, parsed, placed, ordered, checked", () => {
    const zip = zipSync({
      "b/widget.yaml": strToU8(widget),
      "a/app.yaml": strToU8(`${deployment}---\n${namespace}`),
      "crd.yaml": new Uint8Array(readFileSync(join(fixtures, "widget-crd.yaml"))),
    });
    const read = readManifestFiles([
      { name: "bundle.zip", encoding: "base64", content: Buffer.from(zip).toString("base64") },
    ]);
    const parsed = parseManifests(read.sources);
    // The cluster does not know Widget yet: the CRD in the batch defines it.
    const known: Record<string, boolean> = {
      "v1 Namespace": false,
      "apps/v1 Deployment": true,
      "apiextensions.k8s.io/v1 CustomResourceDefinition": false,
    };
    const placed = placeObjects(parsed.documents, {
      defaultNamespace: "default",
      isNamespaced: (apiVersion, kind) => known[`${apiVersion} ${kind}`],
      allowedNamespaces: "any",
      mayCreateClusterScoped: true,
      createdBy: "42",
    });
    expect([...read.findings, ...parsed.findings, ...placed.findings]).toEqual([]);

    const ordered = sortForApply(
      placed.objects.map((p) => ({
        ...p,
        kind: String(p.object.kind),
        apiVersion: String(p.object.apiVersion),
      })),
    );
    expect(ordered.map((o) => [o.kind, o.file, o.document, applyOrder(o.kind, o.apiVersion)])).toEqual([
      ["CustomResourceDefinition", "bundle.zip:crd.yaml", 1, 0],
      ["Namespace", "bundle.zip:a/app.yaml", 2, 1],
      ["Deployment", "bundle.zip:a/app.yaml", 1, 11],
      ["Widget", "bundle.zip:b/widget.yaml", 1, 14],
    ]);

    for (const o of ordered) {
      const [group, version] = o.apiVersion.includes("/") ? o.apiVersion.split("/") : ["", o.apiVersion];
      const schemas = schemaByGroupVersion[o.apiVersion] as OpenApiSchemas;
      expect(apiGroup(o.apiVersion)).toBe(group);
      // The created-by label and the filled-in namespace are valid for the schema too.
      expect(
        validateAgainstSchema(o.object, schemas, {
          group: group as string,
          version: version as string,
          kind: o.kind,
        }),
      ).toEqual([]);
      expect(objectDiff(null, o.object).change).toBe("created");
    }
    const lint = lintFindings(placed.objects);
    expect(lint.length).toBeGreaterThan(0);
    expect(lint.every((f) => f.object === "Deployment shop/api" && f.file === "bundle.zip:a/app.yaml")).toBe(
      true,
    );
  });
});
