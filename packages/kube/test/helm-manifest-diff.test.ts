import { describe, expect, it } from "vitest";
import {
  diffManifests,
  MASK,
  MASK_CHANGED,
  type ManifestObject,
  splitManifest,
  toManifestObject,
} from "../src/helm/index";

const b64 = (text: string) => Buffer.from(text).toString("base64");

function obj(object: Record<string, unknown>): ManifestObject {
  const o = toManifestObject(object);
  if (!o) throw new Error("not an object");
  return o;
}

const service = (port: number) =>
  obj({ apiVersion: "v1", kind: "Service", metadata: { name: "web" }, spec: { ports: [{ port }] } });
const configMap = (name: string, data: Record<string, string>) =>
  obj({ apiVersion: "v1", kind: "ConfigMap", metadata: { name }, data });
const secret = (fields: Record<string, unknown>) =>
  obj({ apiVersion: "v1", kind: "Secret", metadata: { name: "web-auth" }, type: "Opaque", ...fields });

describe("diffManifests", () => {
  it("sorts objects into deleted, created, changed and unchanged, with counts", () => {
    const live = [
      service(80),
      configMap("settings", { mode: "a" }),
      configMap("old", { x: "1" }),
      obj({
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: "web", namespace: "shop", uid: "u1", resourceVersion: "7" },
        spec: { replicas: 1 },
        status: { readyReplicas: 1 },
      }),
    ];
    const planned = [
      service(8080),
      configMap("settings", { mode: "a" }),
      configMap("new", { y: "2" }),
      obj({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web" }, spec: { replicas: 1 } }),
    ];
    const { objects, counts } = diffManifests({ live, planned, defaultNamespace: "shop" });
    expect(objects.map((o) => [o.change, o.kind, o.name, o.namespace])).toEqual([
      ["deleted", "ConfigMap", "old", "shop"],
      ["created", "ConfigMap", "new", "shop"],
      ["changed", "Service", "web", "shop"],
      ["unchanged", "ConfigMap", "settings", "shop"],
      ["unchanged", "Deployment", "web", "shop"],
    ]);
    expect(counts).toEqual({ deleted: 1, created: 1, changed: 1, unchanged: 2 });
    const byName = (change: string, name: string) =>
      objects.find((o) => o.change === change && o.name === name);
    expect(byName("changed", "web")?.diff).toContain("--- live Service/web\n+++ planned Service/web\n");
    expect(byName("changed", "web")?.diff).toContain("-    - port: 80\n+    - port: 8080\n");
    expect(byName("created", "new")?.diff).toContain('+  y: "2"\n');
    expect(byName("deleted", "old")?.diff).toContain('-  x: "1"\n');
    expect(byName("unchanged", "settings")?.diff).toBe("");
  });

  it("lists every object as deleted for an uninstall", () => {
    const live = splitManifest(
      "apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: b\n",
    );
    const { objects, counts } = diffManifests({ live, planned: [], defaultNamespace: "shop" });
    expect(objects.map((o) => [o.change, o.kind, o.namespace])).toEqual([
      ["deleted", "Namespace", null],
      ["deleted", "Service", "shop"],
    ]);
    expect(counts.deleted).toBe(2);
  });

  it("masks Secret values on both sides, and still shows which value changes", () => {
    const live = [secret({ data: { password: b64("old-password-1"), user: b64("admin-user-9") } })];
    const planned = [
      secret({ stringData: { password: "new-password-2" }, data: { user: b64("admin-user-9") } }),
    ];
    const { objects } = diffManifests({ live, planned, defaultNamespace: "shop" });
    const [diff] = objects;
    expect(diff?.change).toBe("changed");
    expect(diff?.diff).toContain(`-  password: ${MASK}\n+  password: ${MASK_CHANGED}\n`);
    expect(diff?.diff).toContain(`  user: ${MASK}\n`);
    for (const value of ["old-password-1", "new-password-2", "admin-user-9"]) {
      expect(diff?.diff).not.toContain(value);
      expect(diff?.diff).not.toContain(b64(value));
    }
  });

  it("compares a rendered Secret's stringData with the live data it became", () => {
    const live = [secret({ data: { token: b64("same-token-3") } })];
    const planned = [secret({ stringData: { token: "same-token-3" } })];
    const [diff] = diffManifests({ live, planned, defaultNamespace: "shop" }).objects;
    expect(diff?.change).toBe("unchanged");
  });

  it("masks a created Secret", () => {
    const [diff] = diffManifests({
      live: [],
      planned: [secret({ stringData: { apiKey: "brand-new-key" } })],
      defaultNamespace: "shop",
    }).objects;
    expect(diff?.change).toBe("created");
    expect(diff?.diff).toContain(`+  apiKey: ${MASK}\n`);
    expect(diff?.diff).not.toContain("brand-new-key");
    expect(diff?.diff).not.toContain(b64("brand-new-key"));
  });

  it("does not mask ConfigMaps, whose data Kubernetes does not treat as secret", () => {
    const [diff] = diffManifests({
      live: [configMap("c", { password_policy: "strict" })],
      planned: [configMap("c", { password_policy: "lax" })],
      defaultNamespace: "shop",
    }).objects;
    expect(diff?.diff).toContain("+  password_policy: lax\n");
  });
});
