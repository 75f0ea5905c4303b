import { describe, expect, it } from "vitest";
import {
  BUILTIN_KINDS,
  builtinKind,
  customKind,
  describeFields,
  evaluateJsonPath,
  LabelSelectorError,
  matchesLabels,
  type Obj,
  objectYaml,
  parseLabelSelector,
  redactSecret,
  relatedObjects,
} from "../src/resources/index";

const kind = (key: string) => {
  const k = builtinKind(key);
  if (!k) throw new Error(`no kind ${key}`);
  return k;
};
const row = (key: string, o: Obj) => {
  const r = kind(key).row?.(o);
  if (!r) throw new Error(`no row for ${key}`);
  return r;
};

describe("label selectors", () => {
  const labels = { app: "web", tier: "front", "example.com/team": "a" };
  it.each([
    ["", true],
    ["app=web", true],
    ["app==web", true],
    ["app!=web", false],
    ["app=api", false],
    ["missing!=x", true],
    ["app in (web, api)", true],
    ["app notin (web)", false],
    ["tier,app=web", true],
    ["!tier", false],
    ["!missing", true],
    ["example.com/team=a,tier in (front,back)", true],
  ])("%j selects the pod: %s", (selector, expected) => {
    expect(matchesLabels(parseLabelSelector(selector), labels)).toBe(expected);
  });

  it.each([
    ["app=web,,tier", /empty requirement/],
    ["app in (web", /unbalanced/],
    ["app=we b", /cannot read/],
    ["-bad=x", /"-bad" is not a label key/],
    ["app=bad value!", /cannot read|not a label value/],
  ])("refuses %j, naming the problem", (selector, message) => {
    expect(() => parseLabelSelector(selector)).toThrow(LabelSelectorError);
    expect(() => parseLabelSelector(selector)).toThrow(message);
  });
});

describe("JSONPath of printer columns", () => {
  const o = {
    spec: { size: 3, tags: ["a", "b"], "dotted.key": "x" },
    status: {
      conditions: [
        { type: "Synced", status: "False" },
        { type: "Ready", status: "True" },
      ],
    },
  };
  it.each([
    [".spec.size", "3"],
    [".spec.tags[1]", "b"],
    [".spec.tags[*]", "a,b"],
    [".spec['dotted.key']", "x"],
    ['.status.conditions[?(@.type=="Ready")].status', "True"],
    [".spec.missing", ""],
    [".spec.tags[(bad)]", ""],
  ])("%s -> %j", (path, expected) => {
    expect(evaluateJsonPath(o, path)).toBe(expected);
  });
});

describe("rows", () => {
  it("summarizes a deployment as kubectl does, with a badge", () => {
    const d = {
      spec: { replicas: 3 },
      status: { readyReplicas: 3, updatedReplicas: 3, availableReplicas: 3 },
    };
    expect(row("deployments", d)).toEqual({ status: "Ready", tone: "ok", cells: ["3/3", "3", "3"] });
    expect(row("deployments", { spec: { replicas: 2 }, status: { readyReplicas: 1 } }).status).toBe(
      "Progressing",
    );
    expect(row("deployments", { spec: { replicas: 0 } }).tone).toBe("done");
    const stalled = {
      spec: { replicas: 1 },
      status: { conditions: [{ type: "Progressing", status: "False" }] },
    };
    expect(row("deployments", stalled)).toMatchObject({ status: "Stalled", tone: "error" });
  });

  it("reads jobs, services, nodes and events", () => {
    const job = {
      spec: { completions: 1 },
      status: {
        succeeded: 1,
        startTime: "2026-01-01T00:00:00Z",
        completionTime: "2026-01-01T00:00:42Z",
        conditions: [{ type: "Complete", status: "True" }],
      },
    };
    expect(row("jobs", job)).toEqual({ status: "Complete", tone: "done", cells: ["1/1", "42s"] });
    const svc = { spec: { type: "NodePort", clusterIP: "10.0.0.9", ports: [{ port: 80, nodePort: 30080 }] } };
    expect(row("services", svc).cells).toEqual(["NodePort", "10.0.0.9", "<none>", "80:30080/TCP"]);
    const node = {
      metadata: { labels: { "node-role.kubernetes.io/control-plane": "" } },
      spec: { unschedulable: true },
      status: { conditions: [{ type: "Ready", status: "True" }], nodeInfo: { kubeletVersion: "v1.37.2" } },
    };
    expect(row("nodes", node)).toMatchObject({
      status: "Ready,SchedulingDisabled",
      tone: "warning",
      cells: ["control-plane", "v1.37.2", "", ""],
    });
    const event = {
      type: "Warning",
      reason: "BackOff",
      involvedObject: { kind: "Pod", name: "web" },
      count: 4,
    };
    expect(row("events", event)).toMatchObject({
      tone: "warning",
      cells: ["BackOff", "pod/web", "", "4", ""],
    });
  });

  it("gives every built-in kind but pods a row with one cell per column", () => {
    for (const k of BUILTIN_KINDS.filter((k) => k.key !== "pods")) {
      expect(k.row?.({}).cells.length, k.key).toBe(k.columns.length);
    }
  });
});

describe("custom resources found by discovery", () => {
  const crd = {
    spec: {
      group: "example.com",
      scope: "Namespaced",
      names: { plural: "widgets", kind: "Widget" },
      versions: [
        { name: "v1beta1", served: true, storage: false },
        {
          name: "v1",
          served: true,
          storage: true,
          additionalPrinterColumns: [
            { name: "Size", jsonPath: ".spec.size" },
            { name: "Age", jsonPath: ".metadata.creationTimestamp" },
            { name: "Debug", jsonPath: ".spec.debug", priority: 1 },
          ],
        },
      ],
    },
    status: { conditions: [{ type: "Established", status: "True" }] },
  };
  it("becomes a kind with its storage version and printer columns", () => {
    const k = customKind(crd);
    expect(k).toMatchObject({
      key: "widgets.example.com",
      kind: "Widget",
      type: { group: "example.com", version: "v1", resource: "widgets" },
      namespaced: true,
      category: "custom",
      columns: ["Size"],
    });
    const ready = { spec: { size: 5 }, status: { conditions: [{ type: "Ready", status: "True" }] } };
    expect(k?.row?.(ready)).toEqual({ status: "Ready", tone: "ok", cells: ["5"] });
  });
  it("is skipped while it is not established", () => {
    expect(customKind({ ...crd, status: { conditions: [{ type: "Established", status: "False" }] } })).toBe(
      undefined,
    );
  });
});

describe("secrets", () => {
  const secret = {
    kind: "Secret",
    metadata: {
      name: "db",
      namespace: "a",
      annotations: {
        "kubectl.kubernetes.io/last-applied-configuration": '{"data":{"password":"aHVudGVyMg=="}}',
      },
    },
    type: "Opaque",
    data: { password: "aHVudGVyMg==", user: "YWRtaW4=" },
  };
  it("keep keys and sizes, never values, in the cache, the fields and the YAML", () => {
    const cached = redactSecret(secret);
    const text = JSON.stringify(cached);
    expect(text).not.toContain("aHVudGVyMg");
    expect(text).not.toContain("YWRtaW4");
    const r = row("secrets", cached);
    expect(r.cells).toEqual(["Opaque", "2"]);
    expect(describeFields(kind("secrets"), cached, r)).toContainEqual({
      label: "Keys",
      value: "password (7 bytes), user (5 bytes)",
    });
    const yaml = objectYaml(kind("secrets"), cached);
    expect(yaml).toContain("# Values are never shown; keys: password, user");
    expect(yaml).not.toMatch(/aHVudGVyMg|YWRtaW4|clustercordDataSizes/);
    expect(secret.data.password).toBe("aHVudGVyMg=="); // the input is not changed
  });
});

describe("related objects", () => {
  const deploy = { metadata: { name: "web", namespace: "a", uid: "d1" } };
  const rs = {
    metadata: {
      name: "web-5d4",
      namespace: "a",
      uid: "r1",
      ownerReferences: [{ kind: "Deployment", name: "web", uid: "d1" }],
    },
  };
  const pod = {
    metadata: {
      name: "web-5d4-x",
      namespace: "a",
      uid: "p1",
      labels: { app: "web" },
      ownerReferences: [{ kind: "ReplicaSet", name: "web-5d4", uid: "r1" }],
    },
    spec: {
      nodeName: "node-1",
      volumes: [{ name: "cfg", configMap: { name: "web-config" } }],
      containers: [{ name: "app", envFrom: [{ secretRef: { name: "db" } }] }],
    },
    status: { podIP: "10.1.0.7" },
  };
  const other = { metadata: { name: "api-1", namespace: "a", uid: "p2", labels: { app: "api" } }, spec: {} };
  const svc = { metadata: { name: "web", namespace: "a", uid: "s1" }, spec: { selector: { app: "web" } } };
  const objects: Record<string, Obj[]> = { replicasets: [rs], pods: [pod, other], services: [svc] };
  const lookup = (key: string) => objects[key];

  it("follows a deployment to its replica sets and their pods", () => {
    expect(relatedObjects(kind("deployments"), deploy, lookup)).toEqual([
      { relation: "owns", kind: "replicasets", name: "web-5d4", namespace: "a" },
      { relation: "owns", kind: "pods", name: "web-5d4-x", namespace: "a" },
    ]);
  });
  it("gives a service its endpoints and a pod its owner, node, uses and services", () => {
    expect(relatedObjects(kind("services"), svc, lookup)).toEqual([
      { relation: "selects", kind: "pods", name: "web-5d4-x", namespace: "a", detail: "10.1.0.7" },
    ]);
    expect(relatedObjects(kind("pods"), pod, lookup)).toEqual([
      { relation: "owner", kind: "replicasets", name: "web-5d4", namespace: "a" },
      { relation: "runs on", kind: "nodes", name: "node-1" },
      { relation: "uses", kind: "configmaps", name: "web-config", namespace: "a" },
      { relation: "uses", kind: "secrets", name: "db", namespace: "a" },
      { relation: "selected by", kind: "services", name: "web", namespace: "a" },
    ]);
    expect(relatedObjects(kind("secrets"), { metadata: { name: "db", namespace: "a" } }, lookup)).toEqual([
      { relation: "used by", kind: "pods", name: "web-5d4-x", namespace: "a" },
    ]);
  });
  it("leaves out kinds the reader may not list", () => {
    expect(relatedObjects(kind("deployments"), deploy, () => undefined)).toEqual([]);
  });
});
