import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type {
  HelmHistoryOutput,
  HelmOperation,
  HelmPlan,
  HelmReleaseDetail,
  HelmReleasesOutput,
} from "@clustercord/contracts";
import { type ChartRepo, serveChartRepo } from "@clustercord/testenv/cluster/charts";
import { registerSecret } from "@clustercord/testenv/leak-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACME, ALICE, type ApiHarness, BETA, BOB, CAROL, startApiHarness } from "./harness";

const run = promisify(execFile);
const nsAcme = `clustercord-guild-${ACME}`;
const PASSWORD = registerSecret("hunter2-helm-values-password", "helm values password");

let h: ApiHarness;
let repo: ChartRepo;
let shared: string;

beforeAll(async () => {
  h = await startApiHarness();
  repo = await serveChartRepo();
  shared = await h.addSharedCluster([BETA]);
  for (const who of [
    [ALICE, ACME],
    [CAROL, BETA],
  ] as const) {
    const added = await h.call("helm.repos.add", who, {
      input: { name: "local", url: repo.url },
      mutation: true,
    });
    if (added.status !== 200) throw new Error(`helm.repos.add: ${JSON.stringify(added.error)}`);
  }
}, 600_000);

afterAll(async () => {
  await repo?.close();
  await h?.close();
});

type Who = readonly [string, string];

const plan = async (procedure: string, who: Who, input: Record<string, unknown>) =>
  h.call<HelmPlan>(procedure, who, {
    input: { clusterId: shared, namespace: nsAcme, ...input },
    mutation: true,
  });

const confirm = (procedure: string, who: Who, p: { planId: string; confirmToken: string }) =>
  h.call<HelmOperation>(procedure, who, {
    input: { clusterId: shared, planId: p.planId, confirmToken: p.confirmToken },
    mutation: true,
  });

/** Polls helm.operation until Helm is done with it. */
async function finished(who: Who, operationId: string, timeoutMs = 120_000): Promise<HelmOperation> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await h.call<HelmOperation>("helm.operation", who, {
      input: { clusterId: shared, operationId },
    });
    expect(res.status).toBe(200);
    if (res.data.status !== "running") return res.data;
    if (Date.now() > deadline) throw new Error(`operation ${operationId} still running: ${res.data.output}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Plan, confirm, and wait: the operation as it ended. */
async function planAndRun(
  kind: "Install" | "Upgrade" | "Rollback" | "Uninstall",
  input: Record<string, unknown>,
) {
  const p = await plan(`helm.plan${kind}`, [BOB, ACME], input);
  expect(p.error, JSON.stringify(p.error)).toBeUndefined();
  const started = await confirm(`helm.${kind.toLowerCase()}`, [BOB, ACME], p.data);
  expect(started.error, JSON.stringify(started.error)).toBeUndefined();
  expect(started.data.status).toBe("running");
  return { plan: p.data, operation: await finished([BOB, ACME], started.data.id) };
}

const releases = async (who: Who = [BOB, ACME]) =>
  (
    await h.call<HelmReleasesOutput>("helm.releases", who, {
      input: { clusterId: shared, namespace: nsAcme },
    })
  ).data.releases;

async function releaseNamed(name: string, until: (r: HelmReleasesOutput["releases"][number]) => boolean) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const found = (await releases()).find((r) => r.name === name);
    if (found && until(found)) return found;
    if (Date.now() > deadline) throw new Error(`release ${name}: ${JSON.stringify(found)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe("helm install, upgrade, rollback and uninstall as the person", () => {
  it("installs with uploaded values: the plan shows the objects to create and masked values, then it deploys", async () => {
    const values = `service:\n  port: 8081\nauth:\n  password: ${PASSWORD}\n`;
    const { plan: p, operation } = await planAndRun("Install", {
      release: "web",
      chart: "local/configurable",
      values,
    });
    expect(p).toMatchObject({ kind: "install", release: "web", from: null, to: "configurable-0.5.0" });
    expect(p.objects.map((o) => `${o.change} ${o.kind}`).sort()).toEqual([
      "created Deployment",
      "created Secret",
      "created Service",
    ]);
    expect(p.counts).toEqual({ created: 3, changed: 0, unchanged: 0, deleted: 0 });
    // A whole new mapping under a secret-looking key is one masked change; against the defaults, a changed leaf.
    expect(p.values.user).toContainEqual({ path: "auth", change: "added", before: null, after: "••••••" });
    expect(p.values.effective).toContainEqual(
      expect.objectContaining({ path: "auth.password", change: "changed", after: "••••••" }),
    );
    expect(p.values.effective).toContainEqual(
      expect.objectContaining({ path: "service.port", change: "changed", after: "8081" }),
    );
    expect(JSON.stringify(p)).not.toContain(PASSWORD);

    expect(operation).toMatchObject({ status: "succeeded", revision: 1, kind: "install" });
    expect(operation.message).toBe("web installed: configurable-0.5.0 (revision 1)");
    expect(operation.output).not.toContain(PASSWORD);
    const listed = await releaseNamed("web", () => true);
    expect(listed).toMatchObject({
      namespace: nsAcme,
      chart: "configurable",
      status: "deployed",
      revision: 1,
    });
    expect(await h.cluster.kubectl(["get", "deployment", "-n", nsAcme, "-o", "name"])).toContain(
      "web-configurable",
    );

    const detail = await h.call<HelmReleaseDetail>("helm.release", [BOB, ACME], {
      input: { clusterId: shared, namespace: nsAcme, release: "web" },
    });
    expect(detail.data).toMatchObject({ ref: "local/configurable", revision: 1, status: "deployed" });
    expect(detail.data.values).toContain("password: ••••••");
    expect(detail.data.manifest).toContain("kind: Secret");
    expect(JSON.stringify(detail.data)).not.toContain(PASSWORD);
    expect(JSON.stringify(detail.data)).not.toContain(Buffer.from(PASSWORD).toString("base64"));
  });

  it("refuses values that fail the chart's values.schema.json, naming the field, and installs nothing", async () => {
    const res = await plan("helm.planInstall", [BOB, ACME], {
      release: "bad",
      chart: "local/configurable",
      values: "service:\n  port: eighty\n",
    });
    expect(res.status).toBe(400);
    expect(res.error?.message).toMatch(/service\.port: must be integer/);
    expect((await releases()).map((r) => r.name)).not.toContain("bad");
  });

  it("refuses values that are a bomb or not YAML, each with its message", async () => {
    const refused = async (values: string) => {
      const res = await plan("helm.planInstall", [BOB, ACME], {
        release: "bad",
        chart: "local/nginx",
        values,
      });
      expect(res.status).toBe(400);
      return JSON.stringify(res.error);
    };
    expect(await refused('a: &a ["x","x"]\nb: &b [*a,*a]\nc: [*b,*b]\n')).toContain(
      "values may not use YAML anchors or aliases",
    );
    expect(await refused("service: [1, 2\n")).toMatch(/line \d+, column \d+/);
    // (Too large is refused by the contract and the values parser's own tests: a 256 KiB query does not fit a URL.)
    expect((await releases()).map((r) => r.name)).not.toContain("bad");
  });

  it("refuses a release name that is not DNS-1123, with the contract's message", async () => {
    const res = await plan("helm.planInstall", [BOB, ACME], { release: "Web_1", chart: "local/nginx" });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.error)).toContain("must be a DNS-1123 label");
  });

  it("upgrades nginx 1.2.0 -> 1.3.0 with a values change: values diff and manifest diff, then revision 2", async () => {
    const installed = await planAndRun("Install", {
      release: "site",
      chart: "local/nginx",
      version: "1.2.0",
    });
    expect(installed.operation.status).toBe("succeeded");
    const { plan: p, operation } = await planAndRun("Upgrade", {
      release: "site",
      version: "1.3.0",
      values: "replicaCount: 2\n",
    });
    expect(p).toMatchObject({ kind: "upgrade", from: "nginx-1.2.0", to: "nginx-1.3.0" });
    expect(p.values.user).toEqual([{ path: "replicaCount", change: "added", before: null, after: "2" }]);
    expect(p.values.effective).toContainEqual({
      path: "replicaCount",
      change: "changed",
      before: "1",
      after: "2",
    });
    const deployment = p.objects.find((o) => o.kind === "Deployment");
    expect(deployment?.change).toBe("changed");
    expect(deployment?.diff).toMatch(/^-\s+replicas: 1$/m);
    expect(deployment?.diff).toMatch(/^\+\s+replicas: 2$/m);
    expect(operation).toMatchObject({ status: "succeeded", revision: 2 });
    expect(operation.message).toBe("site upgraded to nginx-1.3.0 (revision 2)");
    expect(await releaseNamed("site", (r) => r.revision === 2)).toMatchObject({
      chartVersion: "1.3.0",
      status: "deployed",
    });
  });

  it("rolls back: the plan shows going back to revision 1, then revision 3 runs nginx 1.2.0", async () => {
    const { plan: p, operation } = await planAndRun("Rollback", { release: "site" });
    expect(p).toMatchObject({ kind: "rollback", from: "nginx-1.3.0", to: "nginx-1.2.0" });
    expect(p.values.user).toEqual([{ path: "replicaCount", change: "removed", before: "2", after: null }]);
    expect(operation).toMatchObject({ status: "succeeded", revision: 3 });
    expect(await releaseNamed("site", (r) => r.revision === 3)).toMatchObject({ chartVersion: "1.2.0" });
    const history = await h.call<HelmHistoryOutput>("helm.history", [BOB, ACME], {
      input: { clusterId: shared, namespace: nsAcme, release: "site" },
    });
    expect(history.data.revisions.map((r) => [r.revision, r.chartVersion, r.status])).toEqual([
      [3, "1.2.0", "deployed"],
      [2, "1.3.0", "superseded"],
      [1, "1.2.0", "superseded"],
    ]);
  });

  it("a failing --atomic upgrade is rolled back and says so; a second confirm meanwhile is refused", async () => {
    const installed = await planAndRun("Install", {
      release: "shaky",
      chart: "local/flaky",
      version: "1.0.0",
    });
    expect(installed.operation.status).toBe("succeeded");
    const first = await plan("helm.planUpgrade", [BOB, ACME], { release: "shaky", version: "2.0.0" });
    const second = await plan("helm.planUpgrade", [BOB, ACME], { release: "shaky", version: "2.0.0" });
    expect(first.data.warnings).toContain("No values given: the release's current values are kept.");
    const started = await confirm("helm.upgrade", [BOB, ACME], first.data);
    expect(started.data.status).toBe("running");
    const refused = await confirm("helm.upgrade", [BOB, ACME], second.data);
    expect(refused.status).toBe(409);
    expect(refused.error?.message).toBe("shaky is being upgraded by someone; wait for it to finish.");

    const operation = await finished([BOB, ACME], started.data.id);
    expect(operation.status).toBe("rolled-back");
    expect(operation.message).toMatch(
      /^shaky upgrade to flaky-2\.0\.0 failed and was rolled back to revision 1/,
    );
    expect(operation.revision).toBe(3);
    const listed = await releaseNamed("shaky", (r) => r.revision === 3);
    expect(listed).toMatchObject({ chartVersion: "1.0.0", status: "deployed" });
  }, 180_000);

  it("cancels a running upgrade: a viewer may not, an admin may; helm stops and the row says cancelled", async () => {
    const p = await plan("helm.planUpgrade", [BOB, ACME], { release: "shaky", version: "2.0.0" });
    const started = await confirm("helm.upgrade", [BOB, ACME], p.data);
    expect(started.data.status).toBe("running");
    await new Promise((r) => setTimeout(r, 2_000));
    const cancel = (who: Who) =>
      h.call<HelmOperation>("helm.cancel", who, {
        input: { clusterId: shared, operationId: started.data.id },
        mutation: true,
      });
    expect((await cancel([CAROL, ACME])).status).toBe(403);
    expect((await cancel([ALICE, ACME])).data.status).toBe("running");
    const operation = await finished([BOB, ACME], started.data.id, 60_000);
    expect(operation.status).toBe("cancelled");
    expect(operation.message).toBe("shaky upgrade to flaky-2.0.0 was cancelled");
    expect((await cancel([ALICE, ACME])).status).toBe(409);
  }, 120_000);

  it("uninstall lists every object as deleted, then removes them", async () => {
    const { plan: p, operation } = await planAndRun("Uninstall", { release: "web" });
    expect(p.counts).toEqual({ created: 0, changed: 0, unchanged: 0, deleted: 3 });
    expect(p.objects.every((o) => o.change === "deleted")).toBe(true);
    expect(operation).toMatchObject({ status: "succeeded", message: "web uninstalled (configurable-0.5.0)" });
    expect(
      await h.cluster.kubectl(["get", "deployments,services,secrets", "-n", nsAcme, "-o", "name"]),
    ).not.toMatch(/web-configurable/);
    const deadline = Date.now() + 30_000;
    while ((await releases()).some((r) => r.name === "web")) {
      if (Date.now() > deadline) throw new Error("web is still listed after its uninstall");
      await new Promise((r) => setTimeout(r, 200));
    }
    expect((await releases()).map((r) => r.name)).toContain("site");
  });
});

describe("who may confirm what", () => {
  it("a token works only for its person, guild, plan and procedure", async () => {
    const p = (await plan("helm.planUninstall", [BOB, ACME], { release: "site" })).data;
    const other = (await plan("helm.planUninstall", [BOB, ACME], { release: "shaky" })).data;
    for (const [procedure, who, body] of [
      ["helm.uninstall", [ALICE, ACME], p],
      ["helm.uninstall", [CAROL, BETA], p],
      ["helm.upgrade", [BOB, ACME], p],
      ["helm.uninstall", [BOB, ACME], { planId: p.planId, confirmToken: other.confirmToken }],
    ] as const) {
      const res = await confirm(procedure, who, body);
      expect(res.status, `${procedure} as ${who[0]}`).toBe(403);
      expect(res.error?.message).toBe("That confirmation is not valid for this action; start again.");
    }
    expect((await releases()).map((r) => r.name)).toContain("site");
  });

  it("a viewer is refused before Helm runs", async () => {
    const res = await plan("helm.planInstall", [CAROL, ACME], { release: "viewer", chart: "local/nginx" });
    expect(res.status).toBe(403);
    expect(res.error?.message).toMatch(/needs the operator role/);
    // Helm keeps releases in Secrets, which Kubernetes' view role does not read: a viewer is told so.
    const list = await h.call("helm.releases", [CAROL, ACME], {
      input: { clusterId: shared, namespace: nsAcme },
    });
    expect(list.status).toBe(403);
    expect(list.error?.message).toBe(
      "You may not read Helm releases in that namespace (Helm keeps them in Secrets).",
    );
  });

  it("filters releases by status", async () => {
    const res = await h.call<HelmReleasesOutput>("helm.releases", [BOB, ACME], {
      input: { clusterId: shared, status: "deployed" },
    });
    expect(res.data.releases.map((r) => r.name)).toEqual(["shaky", "site"]);
    const failed = await h.call<HelmReleasesOutput>("helm.releases", [BOB, ACME], {
      input: { clusterId: shared, status: "failed" },
    });
    expect(failed.data.releases).toEqual([]);
  });

  it("a tenant installing into another guild's namespace is refused by Kubernetes, which ClusterCord's own credentials pass", async () => {
    // ClusterCord's own credentials could: the same server-side dry run as the cluster admin succeeds.
    const dir = await mkdtemp(join(tmpdir(), "cc-helm-admin-"));
    try {
      await writeFile(join(dir, "kubeconfig"), h.kubeconfig, { mode: 0o600 });
      const chart = repo.packages.find((f) => f.startsWith("nginx-1.2.0"));
      const admin = await run(
        h.helm.binary,
        [
          "install",
          "intruder",
          join(repo.dir, chart ?? ""),
          "-n",
          nsAcme,
          "--dry-run=server",
          "--kubeconfig",
          join(dir, "kubeconfig"),
        ],
        {
          env: {
            NODE_ENV: "test",
            HOME: dir,
            HELM_CACHE_HOME: dir,
            HELM_CONFIG_HOME: dir,
            HELM_DATA_HOME: dir,
          },
        },
      );
      expect(admin.stdout).toContain("STATUS: pending-install");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    // Carol, an admin of Beta, is refused by the API server (the words are Kubernetes').
    const res = await plan("helm.planInstall", [CAROL, BETA], { release: "intruder", chart: "local/nginx" });
    expect(res.status).toBe(403);
    expect(res.error?.message).toMatch(/is forbidden: User "clustercord:discord:\d+" cannot/);
    expect(res.error?.message).not.toContain(ACME);
  });

  it("keeps the values' secret out of audit rows, operation rows and every answer", async () => {
    const audit = JSON.stringify(await h.db.prisma.auditLog.findMany(), (_, v) =>
      typeof v === "bigint" ? v.toString() : v,
    );
    expect(audit).toContain("helm.install");
    expect(audit).not.toContain(PASSWORD);
    const rows = await h.db.prisma.helmOperation.findMany();
    expect(rows.length).toBeGreaterThan(0);
    expect(JSON.stringify(rows)).not.toContain(PASSWORD);
  });
});
