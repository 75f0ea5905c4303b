import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  canonicalJson,
  isOwned,
  objectHash,
  secretParts,
  stripObject,
  withSealedData,
} from "../../src/snapshots/strip";
import type { SnapshotObject } from "../../src/snapshots/types";
import { toYaml } from "../../src/snapshots/yaml-emit";
import { parseEmittedYaml, readYamlDocument } from "../../src/snapshots/yaml-read";

const deployment = {
  metadata: {
    name: "web",
    namespace: "shop",
    uid: "1234",
    resourceVersion: "99",
    generation: 4,
    creationTimestamp: "2026-01-01T00:00:00Z",
    selfLink: "/apis/apps/v1/namespaces/shop/deployments/web",
    managedFields: [{ manager: "kubectl" }],
    labels: { app: "web" },
    annotations: {
      "kubectl.kubernetes.io/last-applied-configuration": "{...}",
      "deployment.kubernetes.io/revision": "3",
    },
  },
  spec: { replicas: 3, template: { spec: { containers: [{ name: "web", image: "nginx:1.27" }] } } },
  status: { readyReplicas: 3 },
};

describe("stripObject", () => {
  it("drops what the server fills in and keeps what was asked for", () => {
    const s = stripObject(deployment, { apiVersion: "apps/v1", kind: "Deployment" });
    expect(s).toEqual({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: {
        name: "web",
        namespace: "shop",
        labels: { app: "web" },
        annotations: { "deployment.kubernetes.io/revision": "3" },
      },
      spec: deployment.spec,
    });
  });

  it("removes the annotations map when last-applied was its only entry", () => {
    const s = stripObject(
      { metadata: { name: "a", annotations: { "kubectl.kubernetes.io/last-applied-configuration": "{}" } } },
      { apiVersion: "v1", kind: "ConfigMap" },
    );
    expect(s.metadata).toEqual({ name: "a" });
  });

  it("keeps ownerReferences and marks controller-owned objects", () => {
    const pod = stripObject(
      {
        metadata: {
          name: "web-1",
          ownerReferences: [{ kind: "ReplicaSet", name: "web-x", controller: true, uid: "u" }],
        },
      },
      { apiVersion: "v1", kind: "Pod" },
    );
    expect(pod.metadata.ownerReferences).toHaveLength(1);
    expect(isOwned(pod)).toBe(true);
    expect(isOwned(stripObject({ metadata: { name: "solo" } }, { apiVersion: "v1", kind: "Pod" }))).toBe(
      false,
    );
    expect(
      isOwned(
        stripObject({ metadata: { name: "kube-root-ca.crt" } }, { apiVersion: "v1", kind: "ConfigMap" }),
      ),
    ).toBe(true);
    expect(isOwned(stripObject({ metadata: { name: "node-1" } }, { apiVersion: "v1", kind: "Node" }))).toBe(
      true,
    );
  });

  it("splits a Secret into values and key names; the stored form carries no value", () => {
    const raw = {
      metadata: {
        name: "db",
        namespace: "shop",
        // kubectl apply keeps the whole applied Secret, values included, in this annotation.
        annotations: {
          "kubectl.kubernetes.io/last-applied-configuration": '{"stringData":{"password":"hunter2"}}',
        },
      },
      type: "Opaque",
      data: { password: Buffer.from("hunter2").toString("base64") },
      stringData: { user: "admin" },
    };
    const { data, rest } = secretParts(stripObject(raw, { apiVersion: "v1", kind: "Secret" }));
    expect(data).toEqual({ password: "aHVudGVyMg==", user: "YWRtaW4=" });
    const stored = withSealedData(rest, "SEALED");
    expect(stored).toMatchObject({ keys: ["password", "user"], sealedData: "SEALED", type: "Opaque" });
    const text = JSON.stringify(stored) + toYaml(stored);
    expect(text).not.toContain("hunter2");
    expect(text).not.toContain("aHVudGVyMg==");
    expect(text).not.toContain("admin");
  });
});

describe("objectHash", () => {
  it("does not depend on key order, and changes with content", () => {
    const a = {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "a" },
      data: { x: "1", y: "2" },
    } as SnapshotObject;
    const b = {
      kind: "ConfigMap",
      data: { y: "2", x: "1" },
      metadata: { name: "a" },
      apiVersion: "v1",
    } as SnapshotObject;
    expect(objectHash(a)).toBe(objectHash(b));
    expect(objectHash({ ...a, data: { x: "1", y: "3" } })).not.toBe(objectHash(a));
    expect(canonicalJson({ b: [1, { d: 1, c: 2 }], a: null })).toBe('{"a":null,"b":[1,{"c":2,"d":1}]}');
  });

  it("leaves a Secret's sealed values out (sealing is randomised)", () => {
    const s = { apiVersion: "v1", kind: "Secret", metadata: { name: "s" }, keys: ["k"] } as SnapshotObject;
    expect(objectHash({ ...s, sealedData: "one" })).toBe(objectHash({ ...s, sealedData: "two" }));
    expect(objectHash({ ...s, keys: ["k", "l"] })).not.toBe(objectHash(s));
  });
});

describe("toYaml", () => {
  const tricky: Record<string, unknown> = {
    plain: "nginx:1.27",
    empty: "",
    reserved: ["true", "no", "null", "~", "yes", "On", ".inf", "="],
    numbers: ["1", "0x1f", "1e3", "-1", ".5", "+1", "1.2.3"],
    real: [1, 2.5, -3, true, false, null],
    colon: "a: b",
    hash: "a #b",
    leadingSpace: " x",
    trailingSpace: "x ",
    special: ["-x", "*x", "&x", "!x", "%x", "@x", "`x", "'x", '"x', "{x", "[x", "|x", ">x", "?x", ",x", "#x"],
    multi: "line one\nline two\n",
    multiNoEnd: "a\nb",
    multiKeep: "a\n\nb\n\n\n",
    multiIndented: "a\n  b\n    c\n",
    multiLeading: "  starts indented\nb\n",
    multiDashes: "x\n---\ny\n",
    withTab: "a\tb\nc",
    unicode: "héllo ✓ \u2028 end",
    control: "bell\u0007",
    crlf: "a\r\nb",
    "app.kubernetes.io/name": "web",
    "weird key: yes": 1,
    "": "empty key",
    nested: { list: [{ a: 1, b: [1, 2] }, [], {}, [[1, 2], []], "s"], emptyMap: {}, emptyList: [] },
  };

  it("round-trips through a YAML parser exactly, and through the archive's fast reader", () => {
    expect(parse(toYaml(tricky))).toEqual(tricky);
    expect(parseEmittedYaml(toYaml(tricky))).toEqual(tricky);
  });

  it("reads hand-written YAML through the general parser", () => {
    expect(() => parseEmittedYaml("a: {b: 1}\n")).toThrow();
    expect(readYamlDocument("a: {b: 1}\nc: [x, y]\n")).toEqual({ a: { b: 1 }, c: ["x", "y"] });
  });

  it("round-trips random strings", () => {
    const alphabet = "ab :#-\n\t\"'\\|>{}[],&*!%@`?.0123456789 \u00e9\u2028";
    let seed = 7;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let i = 0; i < 2000; i++) {
      const len = Math.floor(rand() * 12);
      let s = "";
      for (let j = 0; j < len; j++) s += alphabet[Math.floor(rand() * alphabet.length)];
      const doc = { [s]: s, list: [s, { [s]: [s] }] };
      expect(parse(toYaml(doc)), JSON.stringify(s)).toEqual(doc);
      expect(parseEmittedYaml(toYaml(doc)), JSON.stringify(s)).toEqual(doc);
    }
  });

  it("round-trips random nested documents through both readers", () => {
    let seed = 11;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const alphabet = 'ab :-\n"#|[]{}0.9 ';
    const str = () =>
      Array.from(
        { length: Math.floor(rand() * 6) },
        () => alphabet[Math.floor(rand() * alphabet.length)],
      ).join("");
    const value = (depth: number): unknown => {
      const r = rand();
      if (depth > 3 || r < 0.35) return str();
      if (r < 0.45) return Math.floor(rand() * 2000) - 1000 + (rand() < 0.3 ? 0.25 : 0);
      if (r < 0.5) return rand() < 0.5;
      if (r < 0.55) return null;
      if (r < 0.75) return Array.from({ length: Math.floor(rand() * 4) }, () => value(depth + 1));
      return Object.fromEntries(
        Array.from({ length: Math.floor(rand() * 4) }, () => [str(), value(depth + 1)]),
      );
    };
    for (let i = 0; i < 1000; i++) {
      const doc = { root: value(0), other: value(0) };
      const text = toYaml(doc);
      expect(parseEmittedYaml(text), text).toEqual(doc);
      expect(parse(text), text).toEqual(doc);
    }
  });

  it("never starts a line with --- inside a document (the archive splits documents on it)", () => {
    const text = toYaml({ a: "---", b: "x\n---\ny", "---": 1, list: ["---"] });
    expect(text.split("\n").filter((l) => l.startsWith("---"))).toEqual([]);
  });
});
