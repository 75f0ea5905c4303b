/**
 * Cluster blueprints end to end on the local control plane: presets planned
 * and installed component by component as the person, through the Helm
 * plan/confirm path, refused where cluster-wide rights are missing, and the
 * access DM with the charts' default credentials sent to that person only.
 */
import type { BlueprintPlan, BlueprintRun } from "@clustercord/contracts";
import { PRESETS } from "@clustercord/kube";
import { type ArtifactHubStandIn, startArtifactHubStandIn } from "@clustercord/testenv/artifacthub";
import { type ChartRepo, serveChartRepo } from "@clustercord/testenv/cluster/charts";
import { publishersOf } from "@clustercord/testenv/demo-charts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACME, ALICE, type ApiHarness, BETA, BOB, CAROL, startApiHarness } from "./harness";

let h: ApiHarness;
let repo: ChartRepo;
let hub: ArtifactHubStandIn;
let shared: string;

// The blueprint charts live under their real ArtifactHub repositories (prometheus-community, jetstack, ...).
const publishers = publishersOf(PRESETS.flatMap((p) => p.components).map((c) => c.chart));

beforeAll(async () => {
  repo = await serveChartRepo();
  hub = await startArtifactHubStandIn({ repo, publishers });
  h = await startApiHarness({ artifactHubUrl: hub.url, notify: true });
  shared = await h.addSharedCluster([BETA]);
}, 600_000);

afterAll(async () => {
  await h?.close();
  await hub?.close();
  await repo?.close();
});

type Who = readonly [string, string];
const plan = (who: Who, input: Record<string, unknown>) =>
  h.call<BlueprintPlan>("blueprints.plan", who, { input: { clusterId: shared, ...input }, mutation: true });

async function install(who: Who, p: BlueprintPlan): Promise<BlueprintRun> {
  const started = await h.call<BlueprintRun>("blueprints.install", who, {
    input: { clusterId: shared, planId: p.planId, confirmToken: p.confirmToken },
    mutation: true,
  });
  if (started.status !== 200) throw new Error(`blueprints.install: ${JSON.stringify(started.error)}`);
  const deadline = Date.now() + 240_000;
  for (;;) {
    const run = await h.call<BlueprintRun>("blueprints.run", who, {
      input: { clusterId: shared, runId: started.data.id },
    });
    if (run.data.status !== "running") return run.data;
    if (Date.now() > deadline) throw new Error(`blueprint run: ${JSON.stringify(run.data)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

describe("blueprints", () => {
  it("lists the five presets with their pinned components", async () => {
    const res = await h.call<{ blueprints: { key: string; components: { chart: string }[] }[] }>(
      "blueprints.list",
      [CAROL, ACME],
    );
    expect(res.data.blueprints.map((b) => b.key)).toEqual([
      "monitoring",
      "logging",
      "argocd",
      "cert-manager",
      "full-stack",
    ]);
    expect(res.data.blueprints[0]?.components[0]?.chart).toBe("prometheus-community/kube-prometheus-stack");
  });

  it("refuses a viewer, a tenant of the shared cluster, and a person without cluster-wide rights, each with why", async () => {
    expect((await plan([CAROL, ACME], { preset: "monitoring" })).status).toBe(403);
    const tenant = await plan([CAROL, BETA], { preset: "monitoring" });
    expect(tenant.status).toBe(403);
    expect(tenant.error?.message).toBe(
      "The Monitoring blueprint installs cluster-wide objects (CRDs, ClusterRoles); only the server that added this cluster can install it.",
    );
    const owner = await plan([ALICE, ACME], { preset: "monitoring" });
    expect(owner.status).toBe(403);
    expect(owner.error?.message).toContain(
      `kubectl create clusterrolebinding clustercord-blueprints-${ACME} --clusterrole=cluster-admin --group=clustercord:guild:${ACME}:admin`,
    );
    // Nothing was planned or installed.
    expect(await h.db.prisma.blueprintRun.count()).toBe(0);
  });

  it("refuses a missing email and custom values for a component the preset lacks", async () => {
    // The cluster's owner follows the refusal's advice for Acme's admins.
    await h.cluster.kubectl([
      "create",
      "clusterrolebinding",
      `clustercord-blueprints-${ACME}`,
      "--clusterrole=cluster-admin",
      `--group=clustercord:guild:${ACME}:admin`,
    ]);
    const noEmail = await plan([ALICE, ACME], { preset: "cert-manager" });
    expect(noEmail.error?.message).toBe(
      "The Certificates and ingress blueprint needs an email address for Let's Encrypt (expiry notices go there).",
    );
    const stray = await plan([ALICE, ACME], {
      preset: "monitoring",
      customValues: { grafana: "adminPassword: x\n" },
    });
    expect(stray.error?.message).toBe(
      "Custom values for grafana, which the Monitoring blueprint does not install; its components are kube-prometheus-stack.",
    );
    const bomb = await plan([ALICE, ACME], {
      preset: "monitoring",
      customValues: { "kube-prometheus-stack": "a: &a [x]\nb: *a\n" },
    });
    expect(bomb.status).toBe(400);
    expect(bomb.error?.message).toMatch(
      /^Custom values for kube-prometheus-stack: values may not use YAML anchors/,
    );
  });

  it("installs certificates and ingress in order: the issuer is rendered once cert-manager's CRDs exist", async () => {
    const p = await plan([ALICE, ACME], { preset: "cert-manager", email: "ops@example.com" });
    expect(p.status).toBe(200);
    expect(p.data.components.map((c) => [c.name, c.action, c.counts?.created ?? null])).toEqual([
      ["ingress-nginx", "install", 3],
      ["cert-manager", "install", 2],
      ["letsencrypt-issuer", "install", null],
    ]);
    expect(p.data.components[2]?.note).toBe("Rendered once cert-manager and ingress-nginx are installed.");
    // Only the person who planned it may confirm it.
    const other = await h.call("blueprints.install", [BOB, ACME], {
      input: { clusterId: shared, planId: p.data.planId, confirmToken: p.data.confirmToken },
      mutation: true,
    });
    expect(other.status).toBe(404);

    const run = await install([ALICE, ACME], p.data);
    expect(run.status).toBe("succeeded");
    expect(run.components.map((c) => [c.name, c.status])).toEqual([
      ["ingress-nginx", "installed"],
      ["cert-manager", "installed"],
      ["letsencrypt-issuer", "installed"],
    ]);
    const email = await h.cluster.kubectl([
      "get",
      "clusterissuer",
      "letsencrypt",
      "-o",
      "jsonpath={.spec.acme.email}",
    ]);
    expect(email).toBe("ops@example.com");
    // The same plan cannot be confirmed twice.
    const again = await h.call("blueprints.install", [ALICE, ACME], {
      input: { clusterId: shared, planId: p.data.planId, confirmToken: p.data.confirmToken },
      mutation: true,
    });
    expect(again.error?.message).toBe("This blueprint plan was already confirmed; follow its run.");
  });

  it("DMs the person who installed monitoring its URLs and Grafana's password; no channel, log or row carries it", async () => {
    const p = await plan([ALICE, ACME], { preset: "monitoring" });
    expect(p.data.components.map((c) => c.action)).toEqual(["install"]);
    const run = await install([ALICE, ACME], p.data);
    expect(run.components).toEqual([
      expect.objectContaining({ name: "kube-prometheus-stack", status: "installed" }),
    ]);
    const password = Buffer.from(
      await h.cluster.kubectl([
        "get",
        "secret",
        "monitoring-grafana",
        "-n",
        "monitoring",
        "-o",
        "jsonpath={.data.admin-password}",
      ]),
      "base64",
    ).toString();
    expect(password).toHaveLength(20);

    const deadline = Date.now() + 30_000;
    let dm = h.standIn.dms(ALICE).find((m) => m.embeds?.[0]?.title === "Monitoring is ready on shared");
    while (!dm && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      dm = h.standIn.dms(ALICE).find((m) => m.embeds?.[0]?.title === "Monitoring is ready on shared");
    }
    const sent = JSON.stringify(dm);
    expect(sent).toContain(password);
    expect(sent).toContain("kubectl -n monitoring port-forward svc/monitoring-grafana 8080:80");

    // Nobody else was told, and no channel, audit row, operation or run row holds it.
    for (const user of [BOB, CAROL]) expect(JSON.stringify(h.standIn.dms(user))).not.toContain(password);
    for (const guild of h.standIn.fixture.guilds) {
      for (const channel of guild.channels) {
        expect(JSON.stringify(h.standIn.channelMessages(channel.id))).not.toContain(password);
      }
    }
    const rows = [
      await h.db.prisma.auditLog.findMany(),
      await h.db.prisma.helmOperation.findMany(),
      await h.db.prisma.blueprintRun.findMany(),
    ];
    const text = JSON.stringify(rows, (_, v) => (typeof v === "bigint" ? String(v) : v));
    expect(text).not.toContain(password);
    expect(h.logged()).toContain("blueprint run finished"); // the API's log is captured...
    expect(h.logged()).not.toContain(password); // ...and never carries the credential
    // The install audited each component as the person.
    const audit = await h.db.prisma.auditLog.findMany({ where: { action: "blueprints.install.install" } });
    expect(audit.map((a) => a.target)).toContain(`cluster/${shared}/namespace/monitoring/release/monitoring`);
  });

  it("is idempotent: planning monitoring again changes nothing, and running it leaves the release as it is", async () => {
    const p = await plan([ALICE, ACME], { preset: "monitoring" });
    expect(p.data.components.map((c) => [c.name, c.action])).toEqual([
      ["kube-prometheus-stack", "unchanged"],
    ]);
    const run = await install([ALICE, ACME], p.data);
    expect(run.components.map((c) => c.status)).toEqual(["unchanged"]);
    const revision = await h.cluster.kubectl([
      "get",
      "secret",
      "-n",
      "monitoring",
      "-l",
      "owner=helm,name=monitoring",
      "-o",
      "name",
    ]);
    expect(revision.trim().split("\n")).toHaveLength(1);
  });
});
