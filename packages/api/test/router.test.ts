import { describe, expect, it } from "vitest";
import { appRouter } from "../src/root";

type Def = { _def: { type: string; meta?: { auditTarget?: unknown } } };
const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, Def>);

describe("public API surface", () => {
  it("lists every procedure and its kind (the Discord worker depends on this)", () => {
    const surface = Object.fromEntries(procedures.map(([path, p]) => [path, p._def.type]));
    expect(surface).toMatchInlineSnapshot(`
      {
        "audit.list": "query",
        "clusters.add": "mutation",
        "clusters.list": "query",
        "clusters.planRemove": "query",
        "clusters.remove": "mutation",
        "clusters.rename": "mutation",
        "clusters.status": "query",
        "guilds.list": "query",
        "guilds.select": "mutation",
        "me.get": "query",
        "namespaces.createPersonal": "mutation",
        "namespaces.list": "query",
        "notifications.confirmEmail": "mutation",
        "notifications.list": "query",
        "notifications.markRead": "mutation",
        "notifications.preferences": "query",
        "notifications.sendTest": "mutation",
        "notifications.setEmail": "mutation",
        "notifications.unreadCount": "query",
        "notifications.updatePreferences": "mutation",
        "pods.get": "query",
        "pods.list": "query",
        "pods.logs": "query",
        "resources.get": "query",
        "resources.kinds": "query",
        "resources.list": "query",
        "roles.list": "query",
        "roles.set": "mutation",
        "tenants.grant": "mutation",
        "tenants.list": "query",
        "tenants.planRevoke": "query",
        "tenants.revoke": "mutation",
        "tenants.update": "mutation",
      }
    `);
  });

  it("names an audit target for every mutation", () => {
    const missing = procedures
      .filter(([, p]) => p._def.type === "mutation" && typeof p._def.meta?.auditTarget !== "function")
      .map(([path]) => path);
    expect(missing).toEqual([]);
  });
});
