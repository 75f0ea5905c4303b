import { describe, expect, it } from "vitest";
import {
  deepMerge,
  diffValues,
  MASK,
  MASK_CHANGED,
  maskedValuesYaml,
  valuesUnifiedDiff,
} from "../src/helm/index";

describe("diffValues", () => {
  it("lists added, removed and changed leaves by dotted path, sorted", () => {
    const before = {
      replicaCount: 1,
      service: { port: 80, type: "ClusterIP" },
      ingress: { hosts: [{ host: "a.example" }] },
      old: "gone",
    };
    const after = {
      replicaCount: 2,
      service: { port: 8080, type: "ClusterIP" },
      ingress: { hosts: [{ host: "b.example" }, { host: "c.example" }] },
      resources: { limits: { cpu: "500m" } },
    };
    expect(diffValues(before, after)).toEqual([
      { path: "ingress.hosts[0].host", change: "changed", before: "a.example", after: "b.example" },
      { path: "ingress.hosts[1]", change: "added", before: null, after: "{ host: c.example }" },
      { path: "old", change: "removed", before: "gone", after: null },
      { path: "replicaCount", change: "changed", before: "1", after: "2" },
      { path: "resources", change: "added", before: null, after: "{ limits: { cpu: 500m } }" },
      { path: "service.port", change: "changed", before: "80", after: "8080" },
    ]);
  });

  it("orders list indexes numerically and quotes odd keys", () => {
    const before = { list: Array.from({ length: 11 }, () => 0), a: { "x.y/z": 1 } };
    const after = { list: [...Array.from({ length: 10 }, () => 0), 1], a: { "x.y/z": 2 } };
    after.list[2] = 5;
    expect(diffValues(before, after).map((c) => c.path)).toEqual(['a["x.y/z"]', "list[2]", "list[10]"]);
  });

  it("reports a type change at the path where it happens", () => {
    expect(diffValues({ a: { b: 1 } }, { a: "text" })).toEqual([
      { path: "a", change: "changed", before: "{ b: 1 }", after: "text" },
    ]);
  });

  it("masks both sides when any key on the path looks secret, and still shows the change", () => {
    const changes = diffValues(
      { auth: { rootPassword: "old-secret-1" }, db: { host: "a" } },
      { auth: { rootPassword: "new-secret-2" }, db: { host: "a", password: "added-secret-3" } },
    );
    expect(changes).toEqual([
      { path: "auth.rootPassword", change: "changed", before: MASK, after: MASK },
      { path: "db.password", change: "added", before: null, after: MASK },
    ]);
    const text = JSON.stringify(changes);
    for (const secret of ["old-secret-1", "new-secret-2", "added-secret-3"])
      expect(text).not.toContain(secret);
  });

  it("masks secrets inside an added subtree", () => {
    const [change] = diffValues({}, { redis: { host: "r", password: "subtree-secret" } });
    expect(change).toEqual({
      path: "redis",
      change: "added",
      before: null,
      after: `{ host: r, password: ${MASK} }`,
    });
  });

  it("is empty when nothing changed; treats a missing side as no values", () => {
    expect(diffValues({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toEqual([]);
    expect(diffValues(undefined, { a: 1 })).toEqual([
      { path: "a", change: "added", before: null, after: "1" },
    ]);
  });
});

describe("deepMerge", () => {
  it("merges maps, replaces everything else and deletes keys set to null, as Helm does", () => {
    const defaults = {
      image: { repository: "nginx", tag: "1.25", pullPolicy: "IfNotPresent" },
      ports: [80, 443],
      podAnnotations: { a: "1" },
      resources: { limits: { cpu: "1" } },
    };
    const user = {
      image: { tag: "1.26" },
      ports: [8080],
      podAnnotations: null,
      resources: { limits: { memory: "1Gi" } },
      x: { y: null, z: 1 },
    };
    expect(deepMerge(defaults, user)).toEqual({
      image: { repository: "nginx", tag: "1.26", pullPolicy: "IfNotPresent" },
      ports: [8080],
      resources: { limits: { cpu: "1", memory: "1Gi" } },
      x: { z: 1 },
    });
    expect(defaults.image.tag).toBe("1.25");
  });
});

describe("valuesUnifiedDiff", () => {
  it("diffs the masked YAML with keys sorted, and is empty when equal", () => {
    expect(valuesUnifiedDiff({ b: 1, a: 2 }, { a: 2, b: 1 })).toBe("");
    const diff = valuesUnifiedDiff({ replicas: 1, image: "nginx" }, { image: "nginx", replicas: 3 });
    expect(diff).toContain("--- values (before)\n+++ values (after)\n");
    expect(diff).toContain("-replicas: 1\n+replicas: 3\n");
    expect(diff).toContain(" image: nginx\n");
  });

  it("shows that a secret changed without showing it", () => {
    const diff = valuesUnifiedDiff(
      { auth: { password: "first-password" }, apiKey: "same-key-value" },
      { auth: { password: "second-password" }, apiKey: "same-key-value" },
    );
    expect(diff).toContain(`-  password: ${MASK}\n+  password: ${MASK_CHANGED}\n`);
    expect(diff).toContain(` apiKey: ${MASK}\n`);
    for (const secret of ["first-password", "second-password", "same-key-value"])
      expect(diff).not.toContain(secret);
  });

  it("dumps values masked, with keys sorted", () => {
    expect(maskedValuesYaml({ z: 1, token: "abcd-efgh" })).toBe(`token: ${MASK}\nz: 1\n`);
    expect(maskedValuesYaml({})).toBe("");
  });
});
