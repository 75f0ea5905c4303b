import { describe, expect, it } from "vitest";
import { parseManifests } from "../../src/manifests/index";

const parse = (text: string, name = "app.yaml", options?: { maxDocuments?: number }) =>
  parseManifests([{ name, text }], options);

/** Each finding as `file doc line:column message`. */
const where = (result: ReturnType<typeof parseManifests>) =>
  result.findings.map((f) => `${f.file} ${f.document} ${f.line}:${f.column} ${f.message}`);

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  labels:
    app.kubernetes.io/name: api
spec:
  replicas: 2
  template:
    spec:
      containers:
        - name: api
          image: ghcr.io/acme/api:1.2.3
          resources:
            limits:
              cpu: 500m
`;

describe("parseManifests", () => {
  it("reads multi-document YAML, skips empty documents and numbers documents as written", () => {
    const text = `---\n# nothing here\n---\n${deployment}---\n\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n`;
    const result = parse(text);
    expect(result.findings).toEqual([]);
    expect(result.documents.map((d) => [d.document, d.object.kind])).toEqual([
      [2, "Deployment"],
      [4, "ConfigMap"],
    ]);
  });

  it("locates nested fields in YAML: the key of the deepest field that exists", () => {
    const [doc] = parse(deployment).documents;
    const cpu = ["spec", "template", "spec", "containers", 0, "resources", "limits", "cpu"];
    expect(doc?.locate(cpu)).toEqual({ line: 16, column: 15 });
    expect(doc?.locate(["spec", "template", "spec", "containers", 0])).toEqual({ line: 12, column: 11 });
    expect(doc?.locate(["metadata", "labels", "app.kubernetes.io/name"])).toEqual({ line: 6, column: 5 });
    // memory is not there: the deepest existing field on the path is `limits`
    expect(doc?.locate([...cpu.slice(0, -1), "memory"])).toEqual({ line: 15, column: 13 });
    expect(doc?.locate(["spec", "template", "spec", "containers", 3, "name"])).toEqual({
      line: 11,
      column: 7,
    });
    expect(doc?.locate([])).toEqual({ line: 1, column: 1 });
  });

  it("locates nested fields in JSON", () => {
    const json = `{
  "apiVersion": "v1",
  "kind": "Pod",
  "metadata": {"name": "p"},
  "spec": {
    "containers": [
      {"name": "a", "image": "nginx:1.27"},
      {"name": "b",
       "resources": {"limits": {"cpu": [1]}}}
    ]
  }
}`;
    const result = parse(json, "pod.json");
    expect(result.findings).toEqual([]);
    const [doc] = result.documents;
    expect(doc?.object).toMatchObject({ kind: "Pod", spec: { containers: [{ name: "a" }, { name: "b" }] } });
    expect(doc?.locate(["spec", "containers", 1, "resources", "limits", "cpu"])).toEqual({
      line: 9,
      column: 33,
    });
    expect(doc?.locate(["spec", "containers", 0, "image"])).toEqual({ line: 7, column: 21 });
  });

  it("expands a List into its items, each keeping the list's document number and lines", () => {
    const list = `apiVersion: v1
kind: ConfigMap
metadata: {name: first}
---
apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: ConfigMap
    metadata: {name: a}
  - apiVersion: v1
    kind: Service
    metadata:
      name: b
`;
    const result = parse(list);
    expect(result.findings).toEqual([]);
    expect(
      result.documents.map((d) => [d.document, d.object.kind, (d.object.metadata as { name: string }).name]),
    ).toEqual([
      [1, "ConfigMap", "first"],
      [2, "ConfigMap", "a"],
      [2, "Service", "b"],
    ]);
    expect(result.documents[2]?.locate(["metadata", "name"])).toEqual({ line: 14, column: 7 });
    expect(result.documents[2]?.locate([])).toEqual({ line: 11, column: 5 });
    const typed = parse(
      "apiVersion: v1\nkind: ConfigMapList\nitems:\n  - {apiVersion: v1, kind: ConfigMap, metadata: {name: c}}\n",
    );
    expect(typed.documents.map((d) => d.object.kind)).toEqual(["ConfigMap"]);
  });

  it("refuses malformed YAML with file, document, line and column, and reads the other documents", () => {
    const text = `${deployment}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n labels: x\n---\na:\n\tb: 1\n`;
    const result = parse(text);
    expect(result.documents.map((d) => d.object.kind)).toEqual(["Deployment"]);
    expect(where(result)).toEqual([
      "app.yaml 2 22:1 bad indentation",
      "app.yaml 3 25:1 tabs are not allowed as indentation",
    ]);
    expect(result.findings.every((f) => f.step === "parse" && f.level === "error")).toBe(true);
  });

  it("never quotes the source in a syntax error (it may hold a secret)", () => {
    const result = parse('apiVersion: v1\nkind: Secret\nstringData:\n  password: "hunter2\n');
    expect(result.findings.length).toBeGreaterThan(0);
    expect(JSON.stringify(result.findings)).not.toContain("hunter2");
  });

  it("refuses duplicate keys, naming the key", () => {
    const result = parse("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  name: b\n");
    expect(where(result)).toEqual([
      "app.yaml 1 5:3 duplicate key name: a key appears twice in the same mapping",
    ]);
    expect(result.documents).toEqual([]);
    expect(where(parse('{"kind": "Pod", "kind": "Service"}', "x.json"))).toEqual([
      'x.json 1 1:17 duplicate key "kind": a key appears twice in the same mapping',
    ]);
  });

  it("refuses an alias bomb (billion laughs) without expanding it", () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(",")}]`);
    }
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol}\ndata:\n${levels.map((l) => `  ${l}`).join("\n")}\n`;
    const started = performance.now();
    const result = parse(text);
    expect(performance.now() - started).toBeLessThan(2000); // expanded, it would never finish
    expect(where(result)).toEqual([
      "app.yaml 1 5:6 anchors (&name) are not allowed: write the value out in full",
    ]);
    expect(result.documents).toEqual([]);
    expect(where(parse("a: [1]\nb: *a\n"))).toEqual([
      "app.yaml 1 2:4 aliases (*name) are not allowed: write the value out in full",
    ]);
  });

  it("refuses custom tags but takes the core schema's own", () => {
    expect(
      where(parse("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n  x: !vault secret/db\n")),
    ).toEqual(["app.yaml 1 5:6 custom tag !vault is not allowed"]);
    expect(
      where(parse("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n  x: !!binary aGk=\n")),
    ).toEqual(["app.yaml 1 5:6 custom tag !!binary is not allowed"]);
    const ok = parse("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n  port: !!str 8080\n");
    expect(ok.findings).toEqual([]);
    expect(ok.documents[0]?.object.data).toEqual({ port: "8080" });
  });

  it("refuses more than 500 documents in total, across files", () => {
    const doc = (i: number) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\n`;
    const big = Array.from({ length: 600 }, (_v, i) => doc(i)).join("---\n");
    const small = Array.from({ length: 400 }, (_v, i) => doc(i)).join("---\n");
    const result = parseManifests([
      { name: "a.yaml", text: big },
      { name: "b.yaml", text: small },
    ]);
    expect(where(result)).toEqual(["a.yaml 501 null:null 1000 documents; at most 500"]);
    expect(result.documents).toEqual([]);
    expect(where(parse(small, "b.yaml", { maxDocuments: 10 }))).toEqual([
      "b.yaml 11 null:null 400 documents; at most 10",
    ]);
  });

  it("refuses documents that are not objects, and says what an object lacks", () => {
    const text = `- a\n- b\n---\njust text\n---\nkind: ConfigMap\nmetadata: {}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ""\n---\napiVersion: v1\nmetadata: {name: x}\n`;
    expect(where(parse(text))).toEqual([
      "app.yaml 1 1:1 the document is a list, not a Kubernetes object (a map with apiVersion, kind and metadata)",
      "app.yaml 2 4:1 the document is a string, not a Kubernetes object (a map with apiVersion, kind and metadata)",
      "app.yaml 3 6:1 missing apiVersion and metadata.name",
      "app.yaml 4 9:1 missing metadata.name",
      "app.yaml 5 14:1 missing kind",
    ]);
  });

  it("refuses metadata.generateName, which apply cannot use", () => {
    const result = parse("apiVersion: batch/v1\nkind: Job\nmetadata:\n  generateName: migrate-\n");
    expect(where(result)).toEqual([
      "app.yaml 1 4:3 metadata.generateName is not supported with apply: give the object a metadata.name",
    ]);
    expect(result.findings[0]).toMatchObject({ field: "metadata.generateName", object: null });
  });

  it("refuses 1 MiB of nesting quickly, with where it got too deep", () => {
    const deep = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: ${"[".repeat(500_000)}${"]".repeat(500_000)}`;
    const started = performance.now();
    const result = parse(deep);
    expect(performance.now() - started).toBeLessThan(2000); // the parser alone takes ~25 s on this
    expect(result.documents).toEqual([]);
    expect(where(result)).toEqual([
      "app.yaml null 4:263 nested too deeply: more than 256 levels of [ ] or { }",
    ]);
    // Deep but legal nesting is read.
    const fifty = parse(
      `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\nx: ${"[".repeat(50)}${"]".repeat(50)}`,
    );
    expect(fifty.findings).toEqual([]);
    expect(fifty.documents).toHaveLength(1);
  });
});
