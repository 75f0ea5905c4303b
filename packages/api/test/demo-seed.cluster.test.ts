import type {
  AuditListOutput,
  HelmPlan,
  HelmReleaseDetail,
  HelmReleasesOutput,
  HelmReposListOutput,
  HelmSearchOutput,
  NamespacesListOutput,
  PodsListOutput,
  PoliciesListOutput,
  PoliciesViolationsOutput,
  ResourcesListOutput,
  SecretsListOutput,
  SnapshotsListOutput,
} from "@clustercord/contracts";
import { applyObjects, PRESETS, parseKubeconfig, planGuildTenancy, toKubeConfig } from "@clustercord/kube";
import { type ChartRepo, chartsDir, serveChartRepo } from "@clustercord/testenv/cluster/charts";
import { type DemoCharts, startDemoCharts } from "@clustercord/testenv/demo-charts";
import {
  DEMO_CLUSTER,
  DEMO_SNAPSHOT_DESCRIPTION,
  DEMO_VAULT_SECRET,
  type DemoSeedResult,
  seedDemo,
} from "@clustercord/testenv/demo-seed";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACME, ALICE, type ApiHarness, BETA, BOB, CAROL, startApiHarness } from "./harness";

// `npm run demo`'s seeded world, made twice against one fresh control plane
// (the second run must change nothing), then read back through the API as alice.
// The second run has the chart repository at a new address, as each demo start does.

let h: ApiHarness;
let charts: DemoCharts;
let restartedRepo: ChartRepo;
let first: DemoSeedResult;
let second: DemoSeedResult;
let objectsAfterFirst: string;

const kubectlLines = async (...args: string[]) => (await h.cluster.kubectl(args)).trim().split("\n").sort();
/** Every object the seed owns (names and uids): a second run must leave the same set. */
const seededObjects = async () =>
  (
    await kubectlLines(
      "get",
      "deployments,statefulsets,replicasets,services,ingresses,configmaps,secrets,cronjobs,persistentvolumeclaims,resourcequotas,rolebindings",
      "-n",
      "shop",
      "-o",
      "custom-columns=KIND:.kind,NAME:.metadata.name,UID:.metadata.uid",
      "--no-headers",
    )
  ).join("\n");

beforeAll(async () => {
  // As the demo starts them; the second run's repository has only nginx, at another address.
  charts = await startDemoCharts(PRESETS.flatMap((p) => p.components.map((c) => c.chart)));
  restartedRepo = await serveChartRepo({ charts: [`${chartsDir}/nginx`] });
  h = await startApiHarness({ artifactHubUrl: charts.hub.url });
  // ClusterCord's own path to the cluster (sanitised kubeconfig, outbound guard), as the API uses.
  const admin = toKubeConfig(
    parseKubeconfig(h.kubeconfig, { policy: h.clusterGuard.policy }).select(),
    h.clusterGuard,
  );
  const options = {
    call: h.call,
    kubectl: h.cluster.kubectl,
    kubeconfig: h.kubeconfig,
    applyGuildNamespace: (guildId: string, namespace: string) =>
      applyObjects(admin, planGuildTenancy({ guildId, namespace })),
  };
  first = await seedDemo({ ...options, chartRepoUrl: charts.repo.url });
  objectsAfterFirst = await seededObjects();
  second = await seedDemo({ ...options, chartRepoUrl: restartedRepo.url });
}, 600_000);

afterAll(async () => {
  await h?.close();
  await restartedRepo?.close();
  await charts?.close();
});

const alice = [ALICE, ACME] as const;

describe("the demo seed", () => {
  it("is idempotent: the second run finds the same cluster and changes no object", async () => {
    expect(second.clusterId).toBe(first.clusterId);
    expect(await seededObjects()).toBe(objectsAfterFirst);
    const clusters = await h.call<{ clusters: { name: string }[] }>("clusters.list", alice);
    expect(clusters.data.clusters.filter((c) => c.name === DEMO_CLUSTER)).toHaveLength(1);
    // One ReplicaSet per web release, however often the seed runs.
    expect(objectsAfterFirst.split("\n").filter((l) => /^ReplicaSet\s+web-/.test(l))).toHaveLength(3);
  });

  it("shows alice the shop's pods, one crash-looping and one Pending, through pods.list", async () => {
    const res = await h.call<PodsListOutput>("pods.list", alice, {
      input: { clusterId: first.clusterId, namespace: "shop" },
    });
    expect(res.error).toBeUndefined();
    const byApp = (prefix: string) => res.data.pods.filter((p) => p.name.startsWith(`${prefix}-`));
    expect(byApp("web")).toHaveLength(3);
    expect(byApp("api")).toHaveLength(2);
    expect(byApp("worker")).toHaveLength(1);
    expect(res.data.pods.map((p) => p.name)).toContain("db-0");
    for (const pod of [...byApp("web"), ...byApp("api"), ...byApp("worker")]) {
      expect(pod.status).toBe("Running");
    }
    const [crash] = byApp("payments");
    expect(crash).toMatchObject({ status: "CrashLoopBackOff", phase: "Running", ready: "0/1" });
    expect(crash?.restarts).toBeGreaterThan(0);
    const [pending] = byApp("search");
    expect(pending).toMatchObject({ phase: "Pending", node: "" });
  });

  it("records why the pods are unwell as Kubernetes events (BackOff, FailedScheduling)", async () => {
    const reasons = await kubectlLines(
      "get",
      "events",
      "-n",
      "shop",
      "--field-selector=type=Warning",
      "-o",
      "custom-columns=REASON:.reason,OBJECT:.involvedObject.name",
      "--no-headers",
    );
    expect(reasons.some((l) => /^BackOff\s+payments-/.test(l))).toBe(true);
    expect(reasons.some((l) => /^FailedScheduling\s+search-/.test(l))).toBe(true);
  });

  it("binds the database's claim to the demo volume", async () => {
    expect(
      await h.cluster.kubectl(["get", "pvc", "data-db-0", "-n", "shop", "-o", "jsonpath={.status.phase}"]),
    ).toBe("Bound");
  });

  it("gives the web Deployment a rollout history of three ReplicaSets (resources.list)", async () => {
    const res = await h.call<ResourcesListOutput>("resources.list", alice, {
      input: { clusterId: first.clusterId, kind: "replicasets", namespace: "shop", search: "web-" },
    });
    expect(res.error).toBeUndefined();
    expect(res.data.rows.filter((r) => r.name.startsWith("web-")).length).toBeGreaterThanOrEqual(3);
  });

  it("lists shop among alice's namespaces, not among Beta Team's", async () => {
    const acme = await h.call<NamespacesListOutput>("namespaces.list", alice, {
      input: { clusterId: first.clusterId },
    });
    expect(acme.data.namespaces).toEqual(expect.arrayContaining(["shop", `clustercord-guild-${ACME}`]));
    const beta = await h.call<NamespacesListOutput>("namespaces.list", [ALICE, BETA], {
      input: { clusterId: first.clusterId },
    });
    expect(beta.data.namespaces).toEqual([`clustercord-guild-${BETA}`]);
    const refused = await h.call<PodsListOutput>("pods.list", [ALICE, BETA], {
      input: { clusterId: first.clusterId, namespace: "shop" },
    });
    expect(refused.error?.data.code).toBe("FORBIDDEN");
  });

  it("gives Beta Team its own workload on the shared cluster", async () => {
    const res = await h.call<PodsListOutput>("pods.list", [ALICE, BETA], {
      input: { clusterId: first.clusterId, namespace: first.namespaces.beta },
    });
    expect(res.error).toBeUndefined();
    const blog = res.data.pods.filter((p) => p.name.startsWith("blog-"));
    expect(blog).toHaveLength(2);
    expect(blog.every((p) => p.status === "Running")).toBe(true);
  });

  it("created bob's personal namespace", async () => {
    const res = await h.call<NamespacesListOutput>("namespaces.list", [BOB, ACME], {
      input: { clusterId: first.clusterId },
    });
    expect(res.data.namespaces).toContain(`clustercord-user-${BOB}`);
    expect(first.namespaces.bob).toBe(`clustercord-user-${BOB}`);
  });

  it("went through the API: the audit log has each call once", async () => {
    const res = await h.call<AuditListOutput>("audit.list", alice, { input: { limit: 100 } });
    expect(res.error).toBeUndefined();
    const count = (action: string) =>
      res.data.items.filter((i) => i.action === action && i.result === "ok").length;
    expect(count("clusters.add")).toBe(1);
    expect(count("tenants.grant")).toBe(1);
    expect(count("namespaces.createPersonal")).toBe(1);
  });

  it("stores the vault secret and applies it in shop once, and takes one snapshot of shop", async () => {
    const vault = await h.call<SecretsListOutput>("secrets.list", alice, { input: {} });
    const stored = vault.data.secrets.filter((s) => s.name === DEMO_VAULT_SECRET.name);
    expect(stored).toHaveLength(1);
    expect(stored[0]?.keys).toEqual(Object.keys(DEMO_VAULT_SECRET.values).sort());
    expect(stored[0]?.placements.map((p) => p.namespace)).toEqual(["shop"]);
    const data = JSON.parse(
      await h.cluster.kubectl([
        "get",
        "secret",
        DEMO_VAULT_SECRET.name,
        "-n",
        "shop",
        "-o",
        "jsonpath={.data}",
      ]),
    ) as Record<string, string>;
    expect(Buffer.from(data.SMTP_PASSWORD ?? "", "base64").toString()).toBe(
      DEMO_VAULT_SECRET.values.SMTP_PASSWORD,
    );
    const taken = await h.call<SnapshotsListOutput>("snapshots.list", alice, {
      input: { clusterId: first.clusterId },
    });
    const demo = taken.data.snapshots.filter((s) => s.description === DEMO_SNAPSHOT_DESCRIPTION);
    expect(demo).toHaveLength(1);
    expect(demo[0]?.namespaces).toEqual(["shop"]);
  });

  it("enables require-limits (Audit) and no-latest-tag (Warn) once, with the shop's violations listed", async () => {
    const list = await h.call<PoliciesListOutput>("policies.list", alice, {
      input: { clusterId: first.clusterId },
    });
    const modes = Object.fromEntries(list.data.policies.filter((p) => p.enabled).map((p) => [p.key, p.mode]));
    expect(modes).toEqual({ "require-limits": "Audit", "no-latest-tag": "Warn" });
    const violations = await h.call<PoliciesViolationsOutput>("policies.violations", alice, {
      input: { clusterId: first.clusterId, namespace: "shop", policy: "require-limits" },
    });
    // The shop's Deployments set memory limits only.
    expect(violations.data.violations.map((v) => `${v.kind}/${v.name}`)).toContain("Deployment/api");
    const audit = await h.call<AuditListOutput>("audit.list", alice, { input: { limit: 100 } });
    expect(audit.data.items.filter((i) => i.action === "policies.enable" && i.result === "ok")).toHaveLength(
      2,
    );
  });

  it("gives both guilds the local chart repository, at its address of the latest run", async () => {
    for (const who of [alice, [CAROL, BETA] as const]) {
      const res = await h.call<HelmReposListOutput>("helm.repos.list", who);
      expect(res.error).toBeUndefined();
      expect(res.data.repos.map((r) => [r.name, r.url])).toEqual([["local", restartedRepo.url]]);
    }
  });

  it("installed shop-web from local/nginx 1.2.0 through the API, once, and an upgrade to 1.3.0 plans", async () => {
    const listed = await h.call<HelmReleasesOutput>("helm.releases", alice, {
      input: { clusterId: first.clusterId, namespace: "shop" },
    });
    expect(listed.error).toBeUndefined();
    expect(listed.data.releases).toEqual([
      expect.objectContaining({
        name: "shop-web",
        namespace: "shop",
        chart: "nginx",
        chartVersion: "1.2.0",
        status: "deployed",
        revision: 1,
      }),
    ]);
    const detail = await h.call<HelmReleaseDetail>("helm.release", alice, {
      input: { clusterId: first.clusterId, namespace: "shop", release: "shop-web" },
    });
    expect(detail.data.ref).toBe("local/nginx");
    expect(
      await h.cluster.kubectl(["get", "deployment", "shop-web-nginx", "-n", "shop", "-o", "name"]),
    ).toContain("shop-web-nginx");
    expect(first.summary.join("\n")).toContain("shop-web (local/nginx 1.2.0)");

    const audit = await h.call<AuditListOutput>("audit.list", alice, { input: { limit: 100 } });
    const ok = (action: string) =>
      audit.data.items.filter((i) => i.action === action && i.result === "ok").length;
    expect(ok("helm.install")).toBe(1);
    // Acme's repository added on the first run, then replaced when its address changed.
    expect(ok("helm.repos.add")).toBe(2);
    expect(ok("helm.repos.remove")).toBe(1);

    const upgrade = await h.call<HelmPlan>("helm.planUpgrade", alice, {
      input: { clusterId: first.clusterId, namespace: "shop", release: "shop-web", version: "1.3.0" },
      mutation: true,
    });
    expect(upgrade.error).toBeUndefined();
    expect(upgrade.data).toMatchObject({ from: "nginx-1.2.0", to: "nginx-1.3.0" });
  });

  it("finds the charts the demo shows in search: the local repository and the ArtifactHub stand-in", async () => {
    const res = await h.call<HelmSearchOutput>("helm.search", alice, { input: { query: "nginx" } });
    expect(res.error).toBeUndefined();
    expect(res.data.problems).toEqual([]);
    const refs = res.data.results.map((r) => `${r.source} ${r.ref}`);
    expect(refs).toContain("repository local/nginx");
    expect(refs).toContain("artifacthub ingress-nginx/ingress-nginx");
  });
});
