/**
 * alerts.rules.create on the real API server and the local control plane: what a rule watches must be
 * something its creator may list, asked of the cluster as them (SelfSubjectAccessReview through
 * impersonation). Acme shares its cluster with Beta; Carol is a viewer in Acme and Beta's admin.
 */
import type { AlertRulesCreateOutput, AlertRulesListOutput } from "@clustercord/contracts";
import { insertAlertRule } from "@clustercord/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACME, ALICE, type ApiHarness, BETA, CAROL, startApiHarness } from "./harness";

const nsAcme = `clustercord-guild-${ACME}`;
const nsBeta = `clustercord-guild-${BETA}`;

let h: ApiHarness;
let clusterId: string;

beforeAll(async () => {
  h = await startApiHarness();
  clusterId = await h.addSharedCluster([BETA]);
}, 600_000);

afterAll(async () => {
  await h?.close();
});

const rule = (namespace: string | null, extra: Record<string, unknown> = {}) => ({
  name: "web crashes",
  clusterId,
  type: "pod-crash",
  scope: namespace === null ? { kind: "cluster" } : { kind: "namespace", namespace },
  ...extra,
});
const create = (who: readonly [string, string], input: unknown) =>
  h.call<AlertRulesCreateOutput>("alerts.rules.create", who, { input, mutation: true });

describe("alerts.rules.create", () => {
  it("lets a viewer subscribe themselves to their guild's namespace, by DM and web by default", async () => {
    const res = await create([CAROL, ACME], rule(nsAcme));
    expect(res.status).toBe(200);
    expect(res.data.rule).toMatchObject({
      name: "web crashes",
      clusterId,
      clusterName: "shared",
      type: "pod-crash",
      scope: { kind: "namespace", namespace: nsAcme },
      severity: "HIGH",
      subscribers: [{ kind: "person", id: CAROL, via: ["dm", "web"] }],
      createdBy: CAROL,
      mayDelete: true,
    });
    const stored = await h.db.prisma.alertRule.findUniqueOrThrow({ where: { id: res.data.rule.id } });
    expect(stored).toMatchObject({ guildId: ACME, clusterId, createdBy: CAROL });
    const audit = await h.db.prisma.auditLog.findFirst({
      where: { action: "alerts.rules.create", result: "ok" },
    });
    expect(audit?.target).toBe(`cluster/${clusterId}/alerts/rule/web crashes`);
  });

  it("refuses a scope the person may not read, as the cluster answers for them", async () => {
    // Tenants of a shared cluster get nothing cluster-wide, not even the owner's admin.
    const wide = await create([ALICE, ACME], rule(null));
    expect(wide.status).toBe(403);
    expect(wide.error?.message).toBe(
      "scope: watching the whole cluster needs permission to list pods cluster-wide; pick a namespace you can read.",
    );
    for (const namespace of [nsBeta, "kube-system"]) {
      const res = await create([CAROL, ACME], rule(namespace));
      expect(res.status, namespace).toBe(404);
      expect(res.error?.message).toBe(
        "scope: no such namespace for you on this cluster (you need to be able to list pods there).",
      );
    }
    // Beta (Carol is its admin) cannot watch Acme's namespace, and the answer names nothing of Acme's.
    const fromBeta = await create([CAROL, BETA], rule(nsAcme));
    expect(fromBeta.status).toBe(404);
    expect(JSON.stringify(fromBeta.error)).not.toContain(ACME);
    const nodes = await create([ALICE, ACME], { ...rule(nsAcme), type: "node-not-ready" });
    expect(nodes.status).toBe(400);
    expect(nodes.error?.message).toContain("scope: node-not-ready rules watch nodes");
    expect(await h.db.prisma.alertRule.count()).toBe(1);
  });

  it("keeps each guild's rules to itself on the cluster they share", async () => {
    const betas = await create([CAROL, BETA], { ...rule(nsBeta), name: "beta web" });
    expect(betas.status).toBe(200);
    const acme = await h.call<AlertRulesListOutput>("alerts.rules.list", [ALICE, ACME], {
      input: { clusterId },
    });
    expect(acme.data.rules.map((r) => r.name)).toEqual(["web crashes"]);
    const beta = await h.call<AlertRulesListOutput>("alerts.rules.list", [CAROL, BETA], {
      input: { clusterId },
    });
    expect(beta.data.rules.map((r) => r.name)).toEqual(["beta web"]);
    expect(
      (
        await h.call("alerts.rules.delete", [CAROL, BETA], {
          input: { id: acme.data.rules[0]?.id },
          mutation: true,
        })
      ).status,
    ).toBe(404);
  });

  it("stops at 100 rules a guild", async () => {
    const have = await h.db.prisma.alertRule.count({ where: { guildId: ACME } });
    for (let i = have; i < 100; i++) {
      await insertAlertRule(h.db.prisma, {
        clusterId,
        guildId: ACME,
        name: `r${i}`,
        spec: rule(nsAcme, { name: `r${i}`, subscribers: [{ kind: "person", id: ALICE, via: ["web"] }] }),
        createdBy: ALICE,
      });
    }
    const res = await create([ALICE, ACME], rule(nsAcme));
    expect(res.status).toBe(409);
    expect(res.error?.message).toBe("This server has 100 alert rules already; delete one first.");
  });
});
