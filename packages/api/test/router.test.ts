import { describe, expect, it } from "vitest";
import { appRouter } from "../src/root";

type Def = {
  _def: { type: string; inputs: unknown[]; meta?: { auditTarget?: unknown; rateLimit?: string } };
};
const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, Def>);

describe("public API surface", () => {
  it("lists every procedure and its kind (the Discord worker depends on this)", () => {
    const surface = Object.fromEntries(procedures.map(([path, p]) => [path, p._def.type]));
    expect(surface).toMatchInlineSnapshot(`
      {
        "alerts.config": "mutation",
        "alerts.event": "query",
        "alerts.getConfig": "query",
        "alerts.history": "query",
        "alerts.mute": "mutation",
        "alerts.rules.create": "mutation",
        "alerts.rules.delete": "mutation",
        "alerts.rules.list": "query",
        "alerts.unmute": "mutation",
        "audit.list": "query",
        "blueprints.install": "mutation",
        "blueprints.list": "query",
        "blueprints.plan": "mutation",
        "blueprints.run": "query",
        "clusters.add": "mutation",
        "clusters.list": "query",
        "clusters.planRemove": "query",
        "clusters.remove": "mutation",
        "clusters.rename": "mutation",
        "clusters.setup": "query",
        "clusters.status": "query",
        "cost.breakdown": "query",
        "cost.budgets.delete": "mutation",
        "cost.budgets.list": "query",
        "cost.budgets.set": "mutation",
        "cost.config.get": "query",
        "cost.config.set": "mutation",
        "cost.export": "query",
        "cost.person": "query",
        "cost.summary": "query",
        "cost.usage": "query",
        "diagnostics.answer": "query",
        "diagnostics.ask": "mutation",
        "diagnostics.cluster": "query",
        "diagnostics.history": "query",
        "diagnostics.planFix": "mutation",
        "diagnostics.run": "query",
        "guilds.list": "query",
        "guilds.select": "mutation",
        "helm.cancel": "mutation",
        "helm.chart": "query",
        "helm.history": "query",
        "helm.install": "mutation",
        "helm.operation": "query",
        "helm.planInstall": "mutation",
        "helm.planRollback": "mutation",
        "helm.planUninstall": "mutation",
        "helm.planUpgrade": "mutation",
        "helm.release": "query",
        "helm.releases": "query",
        "helm.repos.add": "mutation",
        "helm.repos.list": "query",
        "helm.repos.remove": "mutation",
        "helm.rollback": "mutation",
        "helm.search": "query",
        "helm.uninstall": "mutation",
        "helm.upgrade": "mutation",
        "jobs.delete": "mutation",
        "jobs.get": "query",
        "jobs.list": "query",
        "jobs.logs": "query",
        "jobs.planDelete": "query",
        "jobs.previewSchedule": "query",
        "jobs.resume": "mutation",
        "jobs.run": "mutation",
        "jobs.schedule": "mutation",
        "jobs.suspend": "mutation",
        "jobs.trigger": "mutation",
        "manifests.apply": "mutation",
        "manifests.planApply": "mutation",
        "manifests.validate": "mutation",
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
        "pods.delete": "mutation",
        "pods.exec": "mutation",
        "pods.get": "query",
        "pods.list": "query",
        "pods.logs": "query",
        "pods.planDelete": "query",
        "policies.audit": "mutation",
        "policies.disable": "mutation",
        "policies.enable": "mutation",
        "policies.fix": "mutation",
        "policies.list": "query",
        "policies.planFix": "mutation",
        "policies.report": "query",
        "policies.setMode": "mutation",
        "policies.violations": "query",
        "resources.get": "query",
        "resources.kinds": "query",
        "resources.list": "query",
        "roles.list": "query",
        "roles.set": "mutation",
        "rollouts.abort": "mutation",
        "rollouts.canary": "mutation",
        "rollouts.canaryStatus": "query",
        "rollouts.history": "query",
        "rollouts.pause": "mutation",
        "rollouts.planCanary": "query",
        "rollouts.planUndo": "query",
        "rollouts.promote": "mutation",
        "rollouts.restart": "mutation",
        "rollouts.resume": "mutation",
        "rollouts.scale": "mutation",
        "rollouts.status": "query",
        "rollouts.undo": "mutation",
        "tenants.accept": "mutation",
        "tenants.decline": "mutation",
        "tenants.grant": "mutation",
        "tenants.invitations": "query",
        "tenants.leave": "mutation",
        "tenants.list": "query",
        "tenants.planLeave": "query",
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

  it("gives every mutation an input schema, so its audit target comes from validated input", () => {
    const unparsable = procedures
      .filter(([, p]) => p._def.type === "mutation")
      .filter(
        ([, p]) =>
          p._def.inputs.length === 0 ||
          p._def.inputs.some((s) => typeof (s as { safeParseAsync?: unknown }).safeParseAsync !== "function"),
      )
      .map(([path]) => path);
    expect(unparsable).toEqual([]);
  });

  it("names the procedures with stricter rate limits than the default", () => {
    const classes = Object.fromEntries(
      procedures.filter(([, p]) => p._def.meta?.rateLimit).map(([path, p]) => [path, p._def.meta?.rateLimit]),
    );
    expect(classes).toEqual({
      "blueprints.install": "expensive",
      "blueprints.plan": "expensive",
      "clusters.add": "expensive",
      "clusters.status": "expensive",
      "cost.export": "expensive",
      "diagnostics.answer": "poll",
      "diagnostics.ask": "ai",
      "diagnostics.planFix": "expensive",
      "guilds.select": "directory",
      "helm.install": "expensive",
      "helm.planInstall": "expensive",
      "helm.planRollback": "expensive",
      "helm.planUninstall": "expensive",
      "helm.planUpgrade": "expensive",
      "helm.repos.add": "expensive",
      "helm.rollback": "expensive",
      "helm.uninstall": "expensive",
      "helm.upgrade": "expensive",
      "jobs.delete": "expensive",
      "jobs.get": "poll",
      "jobs.run": "expensive",
      "jobs.schedule": "expensive",
      "jobs.trigger": "expensive",
      "manifests.apply": "expensive",
      "manifests.planApply": "expensive",
      "manifests.validate": "expensive",
      "namespaces.createPersonal": "expensive",
      "pods.delete": "expensive",
      "pods.exec": "expensive",
      "policies.audit": "expensive",
      "policies.fix": "expensive",
      "policies.planFix": "expensive",
      "policies.report": "expensive",
      "rollouts.canary": "expensive",
      "tenants.grant": "expensive",
      "tenants.revoke": "expensive",
      "tenants.update": "expensive",
    });
  });
});
