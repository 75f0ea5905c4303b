import type {
  ActionPlan,
  ClustersAddOutput,
  ClustersListOutput,
  NamespacesListOutput,
  TenantOutput,
  TenantsAcceptOutput,
  TenantsInvitationsOutput,
  TenantsListOutput,
} from "@clustercord/contracts";
import { type ChartRepo, serveChartRepo } from "@clustercord/testenv/cluster/charts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter } from "../src/index";
import { ACME, ALICE, type ApiHarness, BETA, BOB, CAROL, startApiHarness } from "./harness";

const MALLORYS_LAIR = "200000000000000003"; // the bot is not installed there
const nsAcme = `clustercord-guild-${ACME}`;
const nsBeta = `clustercord-guild-${BETA}`;
const nsBob = `clustercord-user-${BOB}`;

let h: ApiHarness;
let shared: string;
let charts: ChartRepo;
/** A snapshot and a schedule of Acme's on the shared cluster (index rows: the procedures must refuse before any archive). */
let acmeSnapshot: string;
let acmeSchedule: string;

beforeAll(async () => {
  h = await startApiHarness();
  shared = await addCluster("shared", true);
  const common = {
    guildId: ACME,
    clusterId: shared,
    scope: "namespaces",
    namespaces: [nsAcme],
    createdById: ALICE,
  };
  acmeSnapshot = (
    await h.db.prisma.snapshot.create({
      data: { ...common, status: "ready", blobKey: `snapshots/${ACME}/acme.tar.gz.sealed` },
    })
  ).id;
  acmeSchedule = (
    await h.db.prisma.snapshotSchedule.create({
      data: { ...common, every: "daily", keep: 3, nextRunAt: new Date(Date.now() + 86_400_000) },
    })
  ).id;
  // A real pod of Acme's for the pod-scoped cases (pods.get, pods.logs) to aim at.
  await h.cluster.kubectl([
    "run",
    "web-1",
    "-n",
    nsAcme,
    "--image=registry.invalid/pause:1",
    "--restart=Never",
  ]);
  // A secret in Acme's vault, homed and applied in Acme's namespace, for the secrets.* cases to aim at.
  for (const [procedure, input] of [
    [
      "secrets.create",
      {
        name: "db-creds",
        clusterId: shared,
        namespace: nsAcme,
        values: { kind: "entries", entries: [{ key: "PASSWORD", value: "tenants-vault-a1b2c3d4e5" }] },
      },
    ],
    ["secrets.apply", { name: "db-creds" }],
  ] as const) {
    const res = await h.call(procedure, [BOB, ACME], { input, mutation: true });
    if (res.status !== 200) throw new Error(`${procedure}: HTTP ${res.status} ${res.error?.message}`);
  }
  // Beta's own chart repository, so helm.planInstall gets as far as Helm and Kubernetes refuses it.
  charts = await serveChartRepo();
  const repo = await h.call("helm.repos.add", [CAROL, BETA], {
    input: { name: "local", url: charts.url },
    mutation: true,
  });
  if (repo.status !== 200) throw new Error(`helm.repos.add: HTTP ${repo.status}`);
}, 600_000);

afterAll(async () => {
  await charts?.close();
  await h?.close();
});

async function addCluster(name: string, isShared: boolean) {
  const res = await h.call<ClustersAddOutput>("clusters.add", [ALICE, ACME], {
    input: { name, kubeconfig: h.kubeconfig, shared: isShared },
    mutation: true,
  });
  expect(res.error).toBeUndefined();
  return res.data.cluster.id;
}

const kubectlJson = async <T>(...args: string[]) =>
  JSON.parse(await h.cluster.kubectl([...args, "-o", "json"])) as T;
const quotaOf = (namespace: string) =>
  kubectlJson<{ spec: { hard: Record<string, string> } }>(
    "get",
    "resourcequota",
    "clustercord-quota",
    "-n",
    namespace,
  );
const egressOf = (namespace: string) =>
  kubectlJson<{ spec: { egress: unknown[] } }>(
    "get",
    "networkpolicy",
    "clustercord-isolate",
    "-n",
    namespace,
  );

/** `kubectl auth can-i --as` for one impersonated identity. */
async function canI(
  identity: { user: string; group: string },
  verb: string,
  resource: string,
  namespace: string,
) {
  const out = await h.cluster
    .kubectl([
      "auth",
      "can-i",
      verb,
      resource,
      "-n",
      namespace,
      "--as",
      identity.user,
      "--as-group",
      identity.group,
    ])
    .catch((error: { stdout?: string }) => error.stdout ?? "error");
  return out.trim();
}

/**
 * Every procedure that names a cluster, with an otherwise valid input aimed
 * at Acme's shared cluster and Acme's own tenancy. "read own" procedures may
 * answer a granted guild, but only with its own things. Built from the
 * router: a new procedure without a case fails the suite.
 */
function escapeCases() {
  // grantedMay "read own": may answer a granted guild, but only with its own things.
  // invitee: the invited guild's own decision (accept, decline), tested on its own while invited.
  const confirmToken = "x.AAAAAAAAAAAAAAAAAAAAAA";
  const deploymentFile = {
    name: "web.yaml",
    content: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\ndata:\n  a: b\n",
  };
  const cases: Record<
    string,
    { input: unknown; mutation?: boolean; grantedMay?: "read own"; invitee?: true }
  > = {
    "clusters.status": { input: { clusterId: shared }, grantedMay: "read own" },
    "clusters.rename": { input: { clusterId: shared, name: "mine" }, mutation: true },
    "clusters.planRemove": { input: { clusterId: shared } },
    "clusters.remove": { input: { clusterId: shared, confirmToken }, mutation: true },
    "namespaces.list": { input: { clusterId: shared }, grantedMay: "read own" },
    // Cost: a tenant sees its own namespaces' numbers and its own budgets; prices are the owner's to set.
    "cost.summary": { input: { clusterId: shared, period: { kind: "day" }, namespace: nsAcme } },
    "cost.breakdown": {
      input: { clusterId: shared, period: { kind: "day" }, by: "workload", namespace: nsAcme },
    },
    "cost.person": { input: { clusterId: shared, period: { kind: "day" }, userId: BOB } },
    "cost.usage": { input: { clusterId: shared, period: { kind: "day" }, namespace: nsAcme } },
    "cost.export": { input: { clusterId: shared, period: { kind: "day" }, namespace: nsAcme } },
    "cost.config.get": { input: { clusterId: shared }, grantedMay: "read own" },
    "cost.config.set": { input: { clusterId: shared, prices: { cpuPerCoreHour: 1 } }, mutation: true },
    "cost.budgets.list": { input: { clusterId: shared }, grantedMay: "read own" },
    "cost.budgets.set": {
      input: {
        clusterId: shared,
        scope: { kind: "namespace", namespace: nsAcme },
        period: "month",
        threshold: 10,
      },
      mutation: true,
    },
    "cost.budgets.delete": { input: { clusterId: shared, budgetId: "b1" }, mutation: true },
    "namespaces.createPersonal": { input: { clusterId: shared }, mutation: true, grantedMay: "read own" },
    "pods.list": { input: { clusterId: shared, namespace: nsAcme } },
    "pods.get": { input: { clusterId: shared, namespace: nsAcme, pod: "web-1" } },
    "pods.logs": { input: { clusterId: shared, namespace: nsAcme, pod: "web-1", lines: 10 } },
    "pods.planDelete": { input: { clusterId: shared, namespace: nsAcme, pod: "web-1" } },
    "pods.delete": {
      input: { clusterId: shared, namespace: nsAcme, pod: "web-1", confirmToken },
      mutation: true,
    },
    "pods.exec": {
      input: { clusterId: shared, namespace: nsAcme, pod: "web-1", command: ["cat", "/etc/hostname"] },
      mutation: true,
    },
    // The job runner: a tenant can neither run, read nor touch jobs in another guild's namespace.
    "jobs.run": {
      input: { clusterId: shared, namespace: nsAcme, image: "busybox:1.36", command: ["date"] },
      mutation: true,
    },
    "jobs.get": { input: { clusterId: shared, namespace: nsAcme, job: "nightly-1" } },
    "jobs.list": { input: { clusterId: shared, namespace: nsAcme } },
    "jobs.logs": { input: { clusterId: shared, namespace: nsAcme, job: "nightly-1" } },
    "jobs.planDelete": { input: { clusterId: shared, namespace: nsAcme, job: "nightly-1" } },
    "jobs.delete": {
      input: { clusterId: shared, namespace: nsAcme, job: "nightly-1", confirmToken },
      mutation: true,
    },
    "jobs.schedule": {
      input: {
        clusterId: shared,
        namespace: nsAcme,
        name: "spy",
        image: "busybox:1.36",
        command: ["date"],
        cron: "* * * * *",
      },
      mutation: true,
    },
    "jobs.suspend": { input: { clusterId: shared, namespace: nsAcme, cronJob: "nightly" }, mutation: true },
    "jobs.resume": { input: { clusterId: shared, namespace: nsAcme, cronJob: "nightly" }, mutation: true },
    "jobs.trigger": { input: { clusterId: shared, namespace: nsAcme, cronJob: "nightly" }, mutation: true },
    // Rollouts of a Deployment in Acme's namespace: the namespace check refuses before any read.
    "rollouts.status": { input: { clusterId: shared, namespace: nsAcme, name: "web" } },
    "rollouts.history": { input: { clusterId: shared, namespace: nsAcme, name: "web" } },
    "rollouts.pause": { input: { clusterId: shared, namespace: nsAcme, name: "web" }, mutation: true },
    "rollouts.resume": { input: { clusterId: shared, namespace: nsAcme, name: "web" }, mutation: true },
    "rollouts.restart": { input: { clusterId: shared, namespace: nsAcme, name: "web" }, mutation: true },
    "rollouts.scale": {
      input: { clusterId: shared, namespace: nsAcme, name: "web", replicas: 5 },
      mutation: true,
    },
    "rollouts.planUndo": { input: { clusterId: shared, namespace: nsAcme, name: "web", revision: 1 } },
    "rollouts.undo": {
      input: { clusterId: shared, namespace: nsAcme, name: "web", revision: 1, confirmToken },
      mutation: true,
    },
    "rollouts.planCanary": {
      input: { clusterId: shared, namespace: nsAcme, deployment: "web", image: "nginx:1.27", percentage: 20 },
    },
    "rollouts.canary": {
      input: {
        clusterId: shared,
        namespace: nsAcme,
        deployment: "web",
        image: "nginx:1.27",
        percentage: 20,
        confirmToken,
      },
      mutation: true,
    },
    "rollouts.canaryStatus": { input: { clusterId: shared, namespace: nsAcme, deployment: "web" } },
    "rollouts.promote": {
      input: { clusterId: shared, namespace: nsAcme, deployment: "web" },
      mutation: true,
    },
    "rollouts.abort": { input: { clusterId: shared, namespace: nsAcme, deployment: "web" }, mutation: true },
    "helm.releases": { input: { clusterId: shared, namespace: nsAcme } },
    "helm.history": { input: { clusterId: shared, namespace: nsAcme, release: "web" } },
    "helm.release": { input: { clusterId: shared, namespace: nsAcme, release: "web" } },
    "helm.planInstall": {
      input: { clusterId: shared, namespace: nsAcme, release: "web", chart: "local/nginx" },
      mutation: true,
    },
    "helm.planUpgrade": { input: { clusterId: shared, namespace: nsAcme, release: "web" }, mutation: true },
    "helm.planRollback": { input: { clusterId: shared, namespace: nsAcme, release: "web" }, mutation: true },
    "helm.planUninstall": { input: { clusterId: shared, namespace: nsAcme, release: "web" }, mutation: true },
    "helm.install": { input: { clusterId: shared, planId: "p1", confirmToken }, mutation: true },
    "helm.upgrade": { input: { clusterId: shared, planId: "p1", confirmToken }, mutation: true },
    "helm.rollback": { input: { clusterId: shared, planId: "p1", confirmToken }, mutation: true },
    "helm.uninstall": { input: { clusterId: shared, planId: "p1", confirmToken }, mutation: true },
    "blueprints.plan": { input: { clusterId: shared, preset: "monitoring" }, mutation: true },
    "blueprints.install": { input: { clusterId: shared, planId: "p1", confirmToken }, mutation: true },
    "blueprints.run": { input: { clusterId: shared, runId: "r1" } },
    "helm.operation": { input: { clusterId: shared, operationId: "op1" } },
    "helm.cancel": { input: { clusterId: shared, operationId: "op1" }, mutation: true },
    "manifests.validate": {
      input: { clusterId: shared, namespace: nsAcme, files: [deploymentFile] },
      mutation: true,
    },
    "manifests.planApply": {
      input: { clusterId: shared, namespace: nsAcme, files: [deploymentFile] },
      mutation: true,
    },
    "manifests.apply": { input: { clusterId: shared, planId: "p1", confirmToken }, mutation: true },
    // A tenant sees the policies that apply to its namespaces, and a report of its own violations.
    "policies.list": { input: { clusterId: shared }, grantedMay: "read own" },
    "policies.enable": {
      input: { clusterId: shared, policy: "require-limits", mode: "Enforce" },
      mutation: true,
    },
    "policies.setMode": {
      input: { clusterId: shared, policy: "require-limits", mode: "Audit" },
      mutation: true,
    },
    "policies.disable": { input: { clusterId: shared, policy: "require-limits" }, mutation: true },
    // Diagnostics read only the person's own namespaces.
    "diagnostics.run": {
      input: { clusterId: shared, target: { kind: "Deployment", namespace: nsAcme, name: "web" } },
    },
    "diagnostics.cluster": { input: { clusterId: shared }, grantedMay: "read own" },
    // Alerts: a granted guild sees and mutes only its own rules; it cannot watch Acme's namespace.
    "alerts.rules.list": { input: { clusterId: shared }, grantedMay: "read own" },
    "alerts.rules.create": {
      input: {
        name: "spy",
        clusterId: shared,
        type: "pod-crash",
        scope: { kind: "namespace", namespace: nsAcme },
      },
      mutation: true,
    },
    "alerts.rules.delete": { input: { id: "r1" }, mutation: true },
    "alerts.mute": {
      input: { clusterId: shared, target: { ruleId: "r1" }, durationMinutes: 60 },
      mutation: true,
    },
    "alerts.unmute": { input: { clusterId: shared, target: { ruleId: "r1" } }, mutation: true },
    "alerts.history": { input: { clusterId: shared }, grantedMay: "read own" },
    "alerts.event": { input: { id: "e1" } },
    "diagnostics.ask": {
      input: {
        clusterId: shared,
        target: { kind: "Deployment", namespace: nsAcme, name: "web" },
        question: "why does it restart?",
      },
      mutation: true,
    },
    "diagnostics.history": {
      input: { clusterId: shared, target: { kind: "Deployment", namespace: nsAcme, name: "web" } },
    },
    "diagnostics.planFix": {
      input: {
        clusterId: shared,
        target: { kind: "Deployment", namespace: nsAcme, name: "web" },
        fingerprint: "0123456789abcdef0123456789abcdef",
      },
      mutation: true,
    },
    "policies.violations": { input: { clusterId: shared, namespace: nsAcme } },
    "policies.report": { input: { clusterId: shared, format: "json" }, grantedMay: "read own" },
    "policies.audit": { input: { clusterId: shared }, mutation: true },
    "policies.planFix": {
      input: { clusterId: shared, policy: "require-limits", namespace: nsAcme, workload: "Deployment/web" },
      mutation: true,
    },
    "policies.fix": { input: { clusterId: shared, planId: "p1", confirmToken }, mutation: true },
    // The vault is per guild: Acme's secret "db-creds" (homed in Acme's namespace) does not exist for Beta,
    // and Acme's namespace is no place Beta can put one; Beta's list answers its own (empty) vault.
    "secrets.create": {
      input: {
        name: "stolen",
        clusterId: shared,
        namespace: nsAcme,
        values: { kind: "entries", entries: [{ key: "A", value: "b" }] },
      },
      mutation: true,
    },
    "secrets.list": { input: { clusterId: shared, namespace: nsAcme }, grantedMay: "read own" },
    "secrets.apply": { input: { name: "db-creds", clusterId: shared, namespace: nsAcme }, mutation: true },
    "secrets.diff": {
      input: { name: "db-creds", against: { kind: "live", clusterId: shared, namespace: nsAcme } },
      mutation: true,
    },
    "secrets.planRotate": { input: { name: "db-creds" }, mutation: true },
    "secrets.rotate": { input: { name: "db-creds", confirmToken }, mutation: true },
    "secrets.planDelete": { input: { name: "db-creds", deleteApplied: true } },
    "secrets.delete": { input: { name: "db-creds", confirmToken, deleteApplied: true }, mutation: true },
    "secrets.versions": { input: { name: "db-creds" } },
    "secrets.restoreVersion": { input: { name: "db-creds", version: 1 }, mutation: true },
    // Snapshots are per guild: Acme's snapshot and schedule do not exist for Beta; a whole-cluster snapshot
    // of a cluster Beta does not own (and that is shared) is refused; Beta's lists answer its own (none).
    "snapshots.create": { input: { clusterId: shared, scope: "cluster" }, mutation: true },
    "snapshots.list": { input: { clusterId: shared }, grantedMay: "read own" },
    "snapshots.get": { input: { id: acmeSnapshot } },
    "snapshots.download": { input: { id: acmeSnapshot } },
    "snapshots.diff": { input: { from: acmeSnapshot, to: "live" } },
    "snapshots.diffObject": {
      input: {
        from: acmeSnapshot,
        to: "live",
        object: { apiVersion: "v1", kind: "ConfigMap", namespace: nsAcme, name: "web" },
      },
    },
    "snapshots.planRestore": { input: { id: acmeSnapshot } },
    "snapshots.restore": { input: { id: acmeSnapshot, confirmToken }, mutation: true },
    "snapshots.planDelete": { input: { id: acmeSnapshot } },
    "snapshots.delete": { input: { id: acmeSnapshot, confirmToken }, mutation: true },
    "snapshots.schedule": { input: { clusterId: shared, scope: "cluster", every: "daily" }, mutation: true },
    "snapshots.schedules": { input: { clusterId: shared }, grantedMay: "read own" },
    "snapshots.unschedule": { input: { id: acmeSchedule }, mutation: true },
    "resources.kinds": { input: { clusterId: shared }, grantedMay: "read own" },
    "resources.list": { input: { clusterId: shared, kind: "deployments", namespace: nsAcme } },
    "resources.get": { input: { clusterId: shared, kind: "namespaces", name: nsAcme } },
    "tenants.list": { input: { clusterId: shared }, grantedMay: "read own" },
    "tenants.grant": { input: { clusterId: shared, guildId: BETA }, mutation: true },
    "tenants.update": {
      input: { clusterId: shared, guildId: ACME, internetEgress: false },
      mutation: true,
    },
    "tenants.planRevoke": { input: { clusterId: shared, guildId: ACME } },
    "tenants.revoke": { input: { clusterId: shared, guildId: ACME, confirmToken }, mutation: true },
    "tenants.accept": { input: { clusterId: shared }, mutation: true, invitee: true },
    "tenants.decline": { input: { clusterId: shared }, mutation: true, invitee: true },
    "tenants.planLeave": { input: { clusterId: shared }, grantedMay: "read own" },
    "tenants.leave": { input: { clusterId: shared, confirmToken }, mutation: true },
  };
  // Procedures that take no cluster, namespace or object name (their guild checks are tested elsewhere).
  const notClusterScoped = new Set([
    "me.get",
    "guilds.list",
    "guilds.select",
    "audit.list",
    "clusters.add",
    "clusters.list",
    "clusters.setup", // the same manifest for everyone, no secret in it
    "roles.list",
    "roles.set",
    "blueprints.list", // the presets: data, the same for everyone
    "tenants.invitations", // the active guild's own invitations; tested below
    // The guild's chart catalog and repositories: no cluster (helm-catalog tests them per guild).
    "helm.search",
    "helm.chart",
    "helm.repos.list",
    "helm.repos.add",
    "helm.repos.remove",
    // Per person, not per guild or cluster: isolation between people is tested in notifications.int.test.ts.
    "notifications.list",
    "notifications.unreadCount",
    "notifications.markRead",
    "notifications.sendTest",
    "notifications.preferences",
    "notifications.updatePreferences",
    "notifications.setEmail",
    "notifications.confirmEmail",
    // A person's own alert clock, or a channel's of the active guild (alerts-api.int.test.ts).
    "alerts.config",
    "alerts.getConfig",
    // An answer by its id: only its asker, in the guild they asked in, reads it (diagnostics-ask tests).
    "diagnostics.answer",
    // A cron expression checked and previewed: no cluster, nothing read (jobs.cluster.test.ts).
    "jobs.previewSchedule",
  ]);
  const all = Object.keys(appRouter._def.procedures as object).sort();
  expect(
    all.filter((p) => !(p in cases) && !notClusterScoped.has(p)),
    "procedures without a tenancy case",
  ).toEqual([]);
  return cases;
}

describe("two servers sharing a cluster", () => {
  it("before any grant, another server can reach nothing on it", async () => {
    for (const [procedure, { grantedMay: _, invitee: __, ...call }] of Object.entries(escapeCases())) {
      const res = await h.call(procedure, [CAROL, BETA], call);
      expect([403, 404], procedure).toContain(res.status);
      expect(JSON.stringify(res.error), `${procedure} leaks nothing`).not.toMatch(/shared|127\.0\.0\.1|Acme/);
    }
  });

  it("refuses grants that make no sense, each with its reason", async () => {
    const grant = (who: readonly [string, string], clusterId: string, guildId: string) =>
      h.call("tenants.grant", who, { input: { clusterId, guildId }, mutation: true });
    expect((await grant([BOB, ACME], shared, BETA)).status).toBe(403);
    const noBot = await grant([ALICE, ACME], shared, MALLORYS_LAIR);
    expect(noBot.error?.message).toBe(
      `ClusterCord's bot is not in server ${MALLORYS_LAIR}; invite it there first.`,
    );
    expect((await grant([ALICE, ACME], shared, ACME)).error?.message).toBe(
      "This server owns the cluster already.",
    );
    expect((await grant([ALICE, ACME], shared, "not-an-id")).status).toBe(400);
    expect(await h.db.prisma.clusterTenant.count({ where: { guildId: { not: ACME } } })).toBe(0);
  });

  it("grants Beta an invitation: until its admins accept, Beta sees nothing and nothing is applied for it", async () => {
    const granted = await h.call<TenantOutput>("tenants.grant", [ALICE, ACME], {
      input: { clusterId: shared, guildId: BETA },
      mutation: true,
    });
    expect(granted.data.tenant).toMatchObject({
      guildId: BETA,
      guildName: "Beta Team",
      owner: false,
      status: "invited",
      namespace: nsBeta,
      quota: { requestsCpu: "4", requestsMemory: "8Gi", pods: 50 },
      internetEgress: true,
      appliedAt: null,
    });
    const again = await h.call("tenants.grant", [ALICE, ACME], {
      input: { clusterId: shared, guildId: BETA },
      mutation: true,
    });
    expect(again.status).toBe(409);
    expect(again.error?.message).toBe(
      "That server already has access to this cluster or an invitation to it.",
    );

    // The owner sees the invitation's status.
    const owner = await h.call<TenantsListOutput>("tenants.list", [ALICE, ACME], {
      input: { clusterId: shared },
    });
    expect(owner.data.tenants.map((t) => [t.guildName, t.status])).toEqual([
      ["Acme Ops", "accepted"],
      ["Beta Team", "invited"],
    ]);

    // Beta's admin and its viewer: no cluster, and every procedure on it refused as if it did not exist.
    for (const who of [
      [CAROL, BETA],
      [ALICE, BETA],
    ] as const) {
      const list = await h.call<ClustersListOutput>("clusters.list", who);
      expect(list.data.clusters, `clusters.list as ${who[0]}`).toEqual([]);
      for (const [procedure, { grantedMay: _, invitee, ...call }] of Object.entries(escapeCases())) {
        if (invitee) continue;
        const res = await h.call(procedure, who, call);
        expect([403, 404], `${procedure} as ${who[0]} while invited`).toContain(res.status);
        expect(JSON.stringify(res.error), `${procedure} leaks nothing`).not.toMatch(
          /shared|127\.0\.0\.1|Acme/,
        );
      }
    }
    // Nothing was applied to the cluster for Beta: no namespace, no RoleBindings, no access.
    await expect(h.cluster.kubectl(["get", "namespace", nsBeta])).rejects.toThrow(/NotFound/);
    // No binding anywhere names one of Beta's groups.
    expect(
      await h.cluster.kubectl(["get", "rolebindings,clusterrolebindings", "-A", "-o", "json"]),
    ).not.toContain(`clustercord:guild:${BETA}`);
    for (const role of ["viewer", "admin"]) {
      const identity = { user: `clustercord:discord:${CAROL}`, group: `clustercord:guild:${BETA}:${role}` };
      expect(await canI(identity, "list", "pods", nsBeta), `${role} in Beta's namespace`).toBe("no");
    }
    expect(
      await h.db.prisma.clusterTenant.findUnique({
        where: { clusterId_guildId: { clusterId: shared, guildId: BETA } },
        select: { status: true, appliedAt: true },
      }),
    ).toEqual({ status: "invited", appliedAt: null });
  });

  it("lists the invitation to Beta's admins only: cluster, owner, quota and who invited", async () => {
    const byViewer = await h.call("tenants.invitations", [ALICE, BETA]);
    expect(byViewer.status).toBe(403);
    const acme = await h.call<TenantsInvitationsOutput>("tenants.invitations", [ALICE, ACME]);
    expect(acme.data.invitations).toEqual([]);
    const beta = await h.call<TenantsInvitationsOutput>("tenants.invitations", [CAROL, BETA]);
    expect(beta.data.invitations).toEqual([
      {
        clusterId: shared,
        clusterName: "shared",
        ownerGuildName: "Acme Ops",
        namespace: nsBeta,
        quota: { requestsCpu: "4", requestsMemory: "8Gi", pods: 50 },
        internetEgress: true,
        invitedBy: { id: ALICE, displayName: "Alice Admin" },
        invitedAt: expect.any(String),
      },
    ]);
    // Nothing of the owner's cluster beyond its name: no API server.
    expect(JSON.stringify(beta.data)).not.toMatch(/127\.0\.0\.1|https:/);
  });

  it("lets only Beta's admins decide; declining deletes the invitation and applies nothing", async () => {
    const input = { input: { clusterId: shared }, mutation: true };
    const viewerAccept = await h.call("tenants.accept", [ALICE, BETA], input);
    expect(viewerAccept.status).toBe(403);
    expect(viewerAccept.error?.message).toBe("This needs the admin role in Beta Team; you are viewer.");
    expect((await h.call("tenants.decline", [ALICE, BETA], input)).status).toBe(403);
    // The owner's admins cannot accept on Beta's behalf (Acme has no invitation to answer).
    const ownerAccept = await h.call("tenants.accept", [ALICE, ACME], input);
    expect(ownerAccept.status).toBe(404);
    expect(ownerAccept.error?.message).toBe("This server has no pending invitation to that cluster.");
    expect((await h.db.prisma.clusterTenant.findFirst({ where: { guildId: BETA } }))?.status).toBe("invited");

    const declined = await h.call<{ declined: string }>("tenants.decline", [CAROL, BETA], input);
    expect(declined.data).toEqual({ declined: "shared" });
    expect(await h.db.prisma.clusterTenant.count({ where: { guildId: BETA } })).toBe(0);
    const none = await h.call<TenantsInvitationsOutput>("tenants.invitations", [CAROL, BETA]);
    expect(none.data.invitations).toEqual([]);
    expect((await h.call("tenants.accept", [CAROL, BETA], input)).status).toBe(404);
    expect((await h.call("tenants.decline", [CAROL, BETA], input)).status).toBe(404);
    const owner = await h.call<TenantsListOutput>("tenants.list", [ALICE, ACME], {
      input: { clusterId: shared },
    });
    expect(owner.data.tenants.map((t) => t.guildName)).toEqual(["Acme Ops"]);
    await expect(h.cluster.kubectl(["get", "namespace", nsBeta])).rejects.toThrow(/NotFound/);
  });

  it("once Beta's admin accepts a new invitation, Beta's namespace is created on its first use", async () => {
    const granted = await h.call<TenantOutput>("tenants.grant", [ALICE, ACME], {
      input: { clusterId: shared, guildId: BETA },
      mutation: true,
    });
    expect(granted.data.tenant.status).toBe("invited");
    const accepted = await h.call<TenantsAcceptOutput>("tenants.accept", [CAROL, BETA], {
      input: { clusterId: shared },
      mutation: true,
    });
    expect(accepted.data.cluster).toMatchObject({ id: shared, name: "shared", shared: true, owned: false });
    expect(accepted.data.tenant).toMatchObject({
      guildId: BETA,
      status: "accepted",
      namespace: nsBeta,
      appliedAt: null,
    });
    expect(
      await h.db.prisma.clusterTenant.findFirst({
        where: { guildId: BETA },
        select: { acceptedBy: true, acceptedAt: true },
      }),
    ).toEqual({ acceptedBy: CAROL, acceptedAt: expect.any(Date) });
    const twice = await h.call("tenants.accept", [CAROL, BETA], {
      input: { clusterId: shared },
      mutation: true,
    });
    expect(twice.status).toBe(404);
    // Accepting applies nothing yet: as before, the namespace comes with first use.
    await expect(h.cluster.kubectl(["get", "namespace", nsBeta])).rejects.toThrow(/NotFound/);

    const namespaces = await h.call<NamespacesListOutput>("namespaces.list", [CAROL, BETA], {
      input: { clusterId: shared },
    });
    expect(namespaces.data.namespaces).toEqual([nsBeta]);
    expect((await quotaOf(nsBeta)).spec.hard).toEqual({
      pods: "50",
      "requests.cpu": "4",
      "requests.memory": "8Gi",
    });

    const owner = await h.call<TenantsListOutput>("tenants.list", [ALICE, ACME], {
      input: { clusterId: shared },
    });
    expect(owner.data.tenants.map((t) => [t.guildName, t.owner, t.status, t.appliedAt !== null])).toEqual([
      ["Acme Ops", true, "accepted", true],
      ["Beta Team", false, "accepted", true],
    ]);
    const guest = await h.call<TenantsListOutput>("tenants.list", [CAROL, BETA], {
      input: { clusterId: shared },
    });
    expect(guest.data.tenants.map((t) => t.guildId)).toEqual([BETA]);
    const list = await h.call<ClustersListOutput>("clusters.list", [CAROL, BETA]);
    expect(list.data.clusters.map((c) => [c.name, c.owned])).toEqual([["shared", false]]);
    // Beta has nothing left to decide.
    const none = await h.call<TenantsInvitationsOutput>("tenants.invitations", [CAROL, BETA]);
    expect(none.data.invitations).toEqual([]);
  });

  it("lets the owner change a tenant's quota and internet egress, enforced on the cluster", async () => {
    const byGuest = await h.call("tenants.update", [CAROL, BETA], {
      input: {
        clusterId: shared,
        guildId: BETA,
        quota: { requestsCpu: "64", requestsMemory: "1Ti", pods: 1000 },
      },
      mutation: true,
    });
    expect(byGuest.status).toBe(403);
    const bad = await h.call("tenants.update", [ALICE, ACME], {
      input: {
        clusterId: shared,
        guildId: BETA,
        quota: { requestsCpu: "lots", requestsMemory: "1Gi", pods: 5 },
      },
      mutation: true,
    });
    expect(bad.status).toBe(400);
    expect(bad.error?.message).toMatch(/requests\.cpu: use a Kubernetes quantity/);

    const changed = await h.call<TenantOutput>("tenants.update", [ALICE, ACME], {
      input: {
        clusterId: shared,
        guildId: BETA,
        quota: { requestsCpu: "2", requestsMemory: "4Gi", pods: 5 },
        internetEgress: false,
      },
      mutation: true,
    });
    expect(changed.data.tenant).toMatchObject({
      quota: { requestsCpu: "2", pods: 5 },
      internetEgress: false,
    });
    expect((await quotaOf(nsBeta)).spec.hard).toEqual({
      pods: "5",
      "requests.cpu": "2",
      "requests.memory": "4Gi",
    });
    expect(JSON.stringify((await egressOf(nsBeta)).spec.egress)).not.toContain("0.0.0.0/0");
    // The owner's own namespace is untouched.
    expect(JSON.stringify((await egressOf(nsAcme)).spec.egress)).toContain("0.0.0.0/0");

    await h.call("tenants.update", [ALICE, ACME], {
      input: { clusterId: shared, guildId: BETA, internetEgress: true },
      mutation: true,
    });
    expect(JSON.stringify((await egressOf(nsBeta)).spec.egress)).toContain("0.0.0.0/0");
    expect((await quotaOf(nsBeta)).spec.hard.pods).toBe("5");
  });

  it("creates a personal namespace on request, for operators and up, visible to its owner only", async () => {
    const viewer = await h.call("namespaces.createPersonal", [ALICE, BETA], {
      input: { clusterId: shared },
      mutation: true,
    });
    expect(viewer.status).toBe(403);
    const created = await h.call<{ namespace: string }>("namespaces.createPersonal", [BOB, ACME], {
      input: { clusterId: shared },
      mutation: true,
    });
    expect(created.data).toEqual({ namespace: nsBob });
    expect((await quotaOf(nsBob)).spec.hard.pods).toBe("50");
    const bobs = await h.call<NamespacesListOutput>("namespaces.list", [BOB, ACME], {
      input: { clusterId: shared },
    });
    expect(bobs.data.namespaces).toEqual([nsAcme, nsBob]);
    const alices = await h.call<NamespacesListOutput>("namespaces.list", [ALICE, ACME], {
      input: { clusterId: shared },
    });
    expect(alices.data.namespaces).toEqual([nsAcme]);
  });

  it("refuses every cluster-scoped procedure that reaches past Beta's own place (tenant-escape matrix from the router)", async () => {
    const cases = escapeCases();
    const before = await h.db.prisma.clusterTenant.findMany({ orderBy: { guildId: "asc" } });
    for (const [procedure, { grantedMay, invitee: _, ...call }] of Object.entries(cases)) {
      for (const who of [
        [CAROL, BETA],
        [ALICE, BETA],
      ] as const) {
        const res = await h.call(procedure, who, call);
        const body = JSON.stringify(res.error ?? res.data);
        expect(body, `${procedure} as ${who[0]} in Beta leaks nothing of Acme's`).not.toMatch(
          new RegExp(`${ACME}|${nsBob}|Acme`),
        );
        if (grantedMay === "read own" && res.status === 200) continue;
        expect([403, 404], `${procedure} as ${who[0]} in Beta`).toContain(res.status);
      }
    }
    // Nothing changed.
    expect(await h.db.prisma.clusterTenant.findMany({ orderBy: { guildId: "asc" } })).toEqual(before);
    expect(await h.db.prisma.cluster.count({ where: { id: shared, name: "shared" } })).toBe(1);
    expect(await h.db.prisma.snapshot.count({ where: { id: acmeSnapshot, guildId: ACME } })).toBe(1);
    expect(await h.db.prisma.snapshotSchedule.count({ where: { id: acmeSchedule, guildId: ACME } })).toBe(1);
    expect(await h.db.prisma.snapshot.count({ where: { guildId: BETA } })).toBe(0);
  });

  it("answers can-i 'no' for Beta's identities in Acme's and Bob's namespaces, for every verb", async () => {
    for (const role of ["viewer", "operator", "admin"]) {
      const identity = { user: `clustercord:discord:${CAROL}`, group: `clustercord:guild:${BETA}:${role}` };
      for (const namespace of [nsAcme, nsBob]) {
        for (const [verb, resource] of [
          ["get", "pods"],
          ["list", "pods"],
          ["watch", "pods"],
          ["create", "deployments"],
          ["delete", "pods"],
          ["create", "pods/exec"],
          ["get", "pods/log"],
          ["create", "jobs"],
          ["create", "cronjobs"],
        ] as const) {
          expect(
            await canI(identity, verb, resource, namespace),
            `${role} ${verb} ${resource} in ${namespace}`,
          ).toBe("no");
        }
      }
      expect(await canI(identity, "list", "pods", nsBeta), `${role} in its own namespace`).toBe("yes");
    }
  });

  it("revokes a server's access in two steps; its members lose the cluster", async () => {
    expect(
      (await h.call("tenants.planRevoke", [ALICE, ACME], { input: { clusterId: shared, guildId: ACME } }))
        .error?.message,
    ).toBe("The owner's access cannot be revoked; remove the cluster instead.");
    const plan = await h.call<ActionPlan>("tenants.planRevoke", [ALICE, ACME], {
      input: { clusterId: shared, guildId: BETA },
    });
    expect(plan.data.summary).toBe("Revoke Beta Team's access to shared?");
    expect(plan.data.changes.join(" ")).toMatch(/namespace .* and its workloads stay/);
    expect(await canI({ user: "u", group: `clustercord:guild:${BETA}:viewer` }, "list", "pods", nsBeta)).toBe(
      "yes",
    );

    const wrong = await h.call("tenants.revoke", [BOB, ACME], {
      input: { clusterId: shared, guildId: BETA, confirmToken: plan.data.confirmToken },
      mutation: true,
    });
    expect(wrong.status).toBe(403);
    const done = await h.call<{ revoked: string }>("tenants.revoke", [ALICE, ACME], {
      input: { clusterId: shared, guildId: BETA, confirmToken: plan.data.confirmToken },
      mutation: true,
    });
    expect(done.data).toEqual({ revoked: "Beta Team" });
    expect(await canI({ user: "u", group: `clustercord:guild:${BETA}:viewer` }, "list", "pods", nsBeta)).toBe(
      "no",
    );
    expect((await h.call("namespaces.list", [CAROL, BETA], { input: { clusterId: shared } })).status).toBe(
      404,
    );
    // The namespace and its contents stay.
    expect(await h.cluster.kubectl(["get", "namespace", nsBeta, "-o", "name"])).toContain(nsBeta);
  });

  it("leaving before any use sets nothing up on the way out", async () => {
    // Revoked above: Beta's namespace stays, without RoleBindings.
    const bindings = () => h.cluster.kubectl(["get", "rolebindings", "-n", nsBeta, "-o", "name"]);
    expect(await bindings()).not.toContain("clustercord");
    await h.call("tenants.grant", [ALICE, ACME], {
      input: { clusterId: shared, guildId: BETA },
      mutation: true,
    });
    await h.call("tenants.accept", [CAROL, BETA], { input: { clusterId: shared }, mutation: true });
    const plan = await h.call<ActionPlan>("tenants.planLeave", [CAROL, BETA], {
      input: { clusterId: shared },
    });
    // Planning did not set Beta up (it would have re-created the RoleBindings).
    expect(await bindings()).not.toContain("clustercord");
    expect((await h.db.prisma.clusterTenant.findFirst({ where: { guildId: BETA } }))?.appliedAt).toBeNull();
    const left = await h.call("tenants.leave", [CAROL, BETA], {
      input: { clusterId: shared, confirmToken: plan.data.confirmToken },
      mutation: true,
    });
    expect(left.status).toBe(200);
    expect(await bindings()).not.toContain("clustercord");
    expect(await h.db.prisma.clusterTenant.count({ where: { guildId: BETA } })).toBe(0);
  });

  it("lets Beta's admins leave in two steps: its RoleBindings go, its namespace stays", async () => {
    await h.call("tenants.grant", [ALICE, ACME], {
      input: { clusterId: shared, guildId: BETA },
      mutation: true,
    });
    await h.call("tenants.accept", [CAROL, BETA], { input: { clusterId: shared }, mutation: true });
    await h.call("namespaces.list", [CAROL, BETA], { input: { clusterId: shared } }); // first use
    const betaViewer = { user: "u", group: `clustercord:guild:${BETA}:viewer` };
    expect(await canI(betaViewer, "list", "pods", nsBeta)).toBe("yes");

    expect((await h.call("tenants.planLeave", [ALICE, BETA], { input: { clusterId: shared } })).status).toBe(
      403,
    );
    expect(
      (await h.call("tenants.planLeave", [ALICE, ACME], { input: { clusterId: shared } })).error?.message,
    ).toBe("This server added shared; it cannot leave it. Remove the cluster instead.");
    const plan = await h.call<ActionPlan>("tenants.planLeave", [CAROL, BETA], {
      input: { clusterId: shared },
    });
    expect(plan.data.summary).toBe("Leave shared?");
    expect(plan.data.changes.join(" ")).toMatch(new RegExp(`RoleBindings in ${nsBeta} are deleted`));
    // The plan changed nothing; its token is bound to Carol in Beta.
    expect(await canI(betaViewer, "list", "pods", nsBeta)).toBe("yes");
    for (const who of [
      [ALICE, BETA],
      [CAROL, ACME],
    ] as const) {
      const stolen = await h.call("tenants.leave", who, {
        input: { clusterId: shared, confirmToken: plan.data.confirmToken },
        mutation: true,
      });
      expect(stolen.status, `leave as ${who.join(" in ")}`).toBe(403);
    }
    expect(await h.db.prisma.clusterTenant.count({ where: { guildId: BETA } })).toBe(1);

    const left = await h.call<{ left: string }>("tenants.leave", [CAROL, BETA], {
      input: { clusterId: shared, confirmToken: plan.data.confirmToken },
      mutation: true,
    });
    expect(left.data).toEqual({ left: "shared" });
    expect(await canI(betaViewer, "list", "pods", nsBeta)).toBe("no");
    expect(await h.cluster.kubectl(["get", "rolebindings", "-n", nsBeta, "-o", "name"])).not.toContain(
      "clustercord",
    );
    expect(await h.cluster.kubectl(["get", "namespace", nsBeta, "-o", "name"])).toContain(nsBeta);
    const list = await h.call<ClustersListOutput>("clusters.list", [CAROL, BETA]);
    expect(list.data.clusters).toEqual([]);
    const owner = await h.call<TenantsListOutput>("tenants.list", [ALICE, ACME], {
      input: { clusterId: shared },
    });
    expect(owner.data.tenants.map((t) => t.guildName)).toEqual(["Acme Ops"]);
    // Replaying the confirmation finds nothing to leave.
    const replay = await h.call("tenants.leave", [CAROL, BETA], {
      input: { clusterId: shared, confirmToken: plan.data.confirmToken },
      mutation: true,
    });
    expect(replay.status).toBe(404);
  });

  it("audits every tenancy change, from whichever side", async () => {
    const rows = await h.db.prisma.auditLog.findMany({
      where: {
        action: {
          in: [
            "tenants.grant",
            "tenants.update",
            "tenants.revoke",
            "tenants.accept",
            "tenants.decline",
            "tenants.leave",
          ],
        },
        result: "ok",
      },
      orderBy: { id: "asc" },
    });
    const granted = `cluster/${shared}/tenant/${BETA}`;
    const decided = `cluster/${shared}/invitation`;
    expect(rows.map((r) => `${r.action} ${r.guildId} ${r.actorId} ${r.target}`)).toEqual([
      `tenants.grant ${ACME} ${ALICE} ${granted}`,
      `tenants.decline ${BETA} ${CAROL} ${decided}`,
      `tenants.grant ${ACME} ${ALICE} ${granted}`,
      `tenants.accept ${BETA} ${CAROL} ${decided}`,
      `tenants.update ${ACME} ${ALICE} ${granted}`,
      `tenants.update ${ACME} ${ALICE} ${granted}`,
      `tenants.revoke ${ACME} ${ALICE} ${granted}`,
      `tenants.grant ${ACME} ${ALICE} ${granted}`,
      `tenants.accept ${BETA} ${CAROL} ${decided}`,
      `tenants.leave ${BETA} ${CAROL} ${decided}`,
      `tenants.grant ${ACME} ${ALICE} ${granted}`,
      `tenants.accept ${BETA} ${CAROL} ${decided}`,
      `tenants.leave ${BETA} ${CAROL} ${decided}`,
    ]);
  });
});

// Last: a dedicated registration of the same API server binds Acme's roles
// cluster-wide (ClusterRoleBindings), which would blur the checks above.
describe("a dedicated cluster", () => {
  let solo: string;

  beforeAll(async () => {
    solo = await addCluster("solo", false);
  });

  it("has no tenants and no personal namespaces", async () => {
    const grant = await h.call("tenants.grant", [ALICE, ACME], {
      input: { clusterId: solo, guildId: BETA },
      mutation: true,
    });
    expect(grant.error?.message).toMatch(
      /is dedicated to this server; only a cluster added as shared has tenants/,
    );
    const personal = await h.call("namespaces.createPersonal", [BOB, ACME], {
      input: { clusterId: solo },
      mutation: true,
    });
    expect(personal.error?.message).toMatch(/personal namespaces are for shared clusters/);
  });

  it("leaves no cluster-wide bindings behind once removed, not even after an unreachable removal", async () => {
    const admin = `clustercord-guild-${ACME}-admin`;
    expect(await h.cluster.kubectl(["get", "clusterrolebinding", admin, "-o", "name"])).toContain(admin);
    const plan = await h.call<ActionPlan>("clusters.planRemove", [ALICE, ACME], {
      input: { clusterId: solo },
    });
    await h.call("clusters.remove", [ALICE, ACME], {
      input: { clusterId: solo, confirmToken: plan.data.confirmToken },
      mutation: true,
    });
    await expect(h.cluster.kubectl(["get", "clusterrolebinding", admin])).rejects.toThrow(/NotFound/);

    // As if a removal could not reach the cluster: the binding is still there
    // when Acme next shares it, and sharing deletes it.
    await h.cluster.kubectl([
      "create",
      "clusterrolebinding",
      admin,
      "--clusterrole=admin",
      `--group=clustercord:guild:${ACME}:admin`,
    ]);
    await addCluster("again", true);
    await expect(h.cluster.kubectl(["get", "clusterrolebinding", admin])).rejects.toThrow(/NotFound/);
    solo = await addCluster("solo", false);
  });

  it("renames for the owning server's admins only; names stay unique", async () => {
    expect(
      (
        await h.call("clusters.rename", [BOB, ACME], {
          input: { clusterId: solo, name: "x" },
          mutation: true,
        })
      ).status,
    ).toBe(403);
    const clash = await h.call("clusters.rename", [ALICE, ACME], {
      input: { clusterId: solo, name: "shared" },
      mutation: true,
    });
    expect(clash.status).toBe(409);
    expect(clash.error?.message).toBe('A cluster named "shared" already exists in this server.');
    const bad = await h.call("clusters.rename", [ALICE, ACME], {
      input: { clusterId: solo, name: "Not OK" },
      mutation: true,
    });
    expect(bad.status).toBe(400);
    expect(bad.error?.message).toMatch(/lowercase letters, digits and dashes/);

    const done = await h.call<{ cluster: { name: string } }>("clusters.rename", [ALICE, ACME], {
      input: { clusterId: solo, name: "solo-2" },
      mutation: true,
    });
    expect(done.data.cluster.name).toBe("solo-2");
    const list = await h.call<ClustersListOutput>("clusters.list", [BOB, ACME]);
    expect(list.data.clusters.map((c) => c.name)).toEqual(["again", "shared", "solo-2"]);
  });
});
