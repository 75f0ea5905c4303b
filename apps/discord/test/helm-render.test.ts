import type { BlueprintRun, HelmOperation, HelmPlan, HelmRelease } from "@clustercord/contracts";
import { describe, expect, it } from "vitest";
import { splitComponentValues } from "../src/commands/cluster/bootstrap-values";
import { follow, shouldEdit } from "../src/commands/helm/follow";
import { planButtonIds, planReply } from "../src/commands/helm/operation";
import { pageRow } from "../src/commands/helm/paging";
import { defaultNamespace, pickRelease, releaseNameFor } from "../src/commands/helm/release-ref";
import {
  HELM_PAGE_SIZE,
  outputTail,
  planDiffText,
  RELEASE_COLUMNS,
  releaseRow,
  renderHelmPlan,
  renderOperation,
  renderReleases,
  renderSearch,
  table,
} from "../src/render/helm";
import { renderBlueprintRun } from "../src/render/helm-blueprint";
import { UserError } from "../src/user-error";

const CLUSTER = "0b4f3c2e-8d7a-4f61-9c3b-2a1e5d6f7a8b";

const plan = (over: Partial<HelmPlan> = {}): HelmPlan => ({
  planId: "7f0c9e52-1b3d-4a8e-b6f2-9d4c3a2b1e0f",
  kind: "upgrade",
  clusterId: CLUSTER,
  namespace: "team-a",
  release: "web",
  from: "nginx-1.2.0",
  to: "nginx-1.3.0",
  summary: "Upgrade web in team-a from nginx-1.2.0 to nginx-1.3.0",
  objects: [
    {
      kind: "Deployment",
      name: "web",
      namespace: "team-a",
      change: "changed",
      diff: "-  replicas: 1\n+  replicas: 2\n",
    },
    { kind: "Service", name: "web", namespace: "team-a", change: "unchanged", diff: "" },
    {
      kind: "ConfigMap",
      name: "web-extra",
      namespace: "team-a",
      change: "created",
      diff: "+kind: ConfigMap\n",
    },
  ],
  counts: { created: 1, changed: 1, unchanged: 1, deleted: 0 },
  values: {
    user: [
      { path: "replicaCount", change: "changed", before: "1", after: "2" },
      { path: "auth.password", change: "added", before: null, after: "••••••" },
    ],
    effective: [],
    diff: "-replicaCount: 1\n+replicaCount: 2\n",
  },
  notes: "Visit http://web.local",
  warnings: [],
  // A real token's shape: expiry in base36, a dot, 22 base64url characters.
  confirmToken: "mbx3k9z1.AbCdEfGhIjKlMnOpQrStUv",
  expiresAt: "2026-11-30T12:00:00.000Z",
  ...over,
});

const op = (over: Partial<HelmOperation> = {}): HelmOperation => ({
  id: "3c9d2b1a-7e6f-4a5b-8c9d-0e1f2a3b4c5d",
  kind: "upgrade",
  clusterId: CLUSTER,
  namespace: "team-a",
  release: "web",
  status: "running",
  output: "",
  message: "",
  revision: null,
  startedAt: "2026-11-30T11:58:00.000Z",
  finishedAt: null,
  ...over,
});

const release = (over: Partial<HelmRelease> = {}): HelmRelease => ({
  name: "web",
  namespace: "team-a",
  chart: "nginx",
  chartVersion: "1.2.0",
  appVersion: "1.27.0",
  status: "deployed",
  revision: 1,
  updated: "2026-11-30T10:15:42.000Z",
  ...over,
});

describe("release options", () => {
  const mine = [
    release(),
    release({ name: "db", namespace: "team-a" }),
    release({ name: "db", namespace: "team-b" }),
  ];

  it("takes namespace/release as given and finds a bare name among the person's releases", () => {
    expect(pickRelease(mine, "team-b/db")).toEqual({ namespace: "team-b", release: "db" });
    expect(pickRelease(mine, "web")).toEqual({ namespace: "team-a", release: "web" });
    expect(pickRelease(mine, "db", "team-b")).toEqual({ namespace: "team-b", release: "db" });
  });

  it("asks which namespace when a name is in several, and says when there is none", () => {
    expect(() => pickRelease(mine, "db")).toThrow(/release db in 2 namespaces: .*team-a\/db, team-b\/db/);
    expect(() => pickRelease(mine, "cache")).toThrow(UserError);
    expect(() => pickRelease(mine, "cache")).toThrow(/No release named cache in your namespaces/);
  });

  it("installs into default when the person may, else their only namespace, else asks", () => {
    expect(defaultNamespace(["kube-system", "default"])).toBe("default");
    expect(defaultNamespace(["clustercord-guild-1"])).toBe("clustercord-guild-1");
    expect(() => defaultNamespace(["a", "b"])).toThrow(/Say which namespace with namespace: \(yours: a, b\)/);
  });

  it("names a release after its chart, as a DNS-1123 label", () => {
    expect(releaseNameFor("local/nginx")).toBe("nginx");
    expect(releaseNameFor("bitnami/My_Chart.v2")).toBe("my-chart-v2");
  });
});

describe("plans", () => {
  it("summarises counts, from -> to and the values changes (masked as the API sent them)", () => {
    const embed = renderHelmPlan(plan(), { dryRun: false });
    expect(embed.title).toBe("Upgrade web in team-a from nginx-1.2.0 to nginx-1.3.0");
    expect(embed.description).toContain("1 to create · 1 to change · 0 to delete · 1 unchanged");
    expect(embed.description).toContain("nginx-1.2.0 -> nginx-1.3.0");
    expect(embed.description).toContain("~ replicaCount: 1 -> 2");
    expect(embed.description).toContain("+ auth.password: ••••••");
    expect(embed.description).toContain("attached as plan.diff");
  });

  it("lists what an uninstall deletes", () => {
    const embed = renderHelmPlan(
      plan({
        kind: "uninstall",
        objects: [
          { kind: "Service", name: "web", namespace: "team-a", change: "deleted", diff: "-kind: Service" },
        ],
        counts: { created: 0, changed: 0, unchanged: 0, deleted: 1 },
      }),
      { dryRun: false },
    );
    expect(embed.description).toContain("**Will be deleted:**\n• Service `team-a/web`");
  });

  it("attaches every changed object's diff, the values diff and the notes as plan.diff", () => {
    const text = planDiffText(plan());
    expect(text).toContain("# changed: Deployment team-a/web\n-  replicas: 1\n+  replicas: 2");
    expect(text).toContain("# created: ConfigMap team-a/web-extra");
    expect(text).not.toContain("Service team-a/web");
    expect(text).toContain("# values (effective)\n-replicaCount: 1\n+replicaCount: 2");
    expect(text).toContain("# notes\nVisit http://web.local");
  });

  it("puts Confirm and Cancel under a plan within Discord's 100 characters, and none on a dry run", () => {
    const ids = planButtonIds(plan());
    expect(ids.confirm.length).toBeLessThanOrEqual(100);
    expect(ids.confirm.startsWith("helm-ok:u:")).toBe(true);
    expect(ids.confirm.endsWith(":mbx3k9z1.AbCdEfGhIjKlMnOpQrStUv")).toBe(true);
    const reply = planReply(plan(), { dryRun: false });
    expect(reply.components).toHaveLength(1);
    expect(reply.files).toHaveLength(1);
    const dry = planReply(plan(), { dryRun: true });
    expect(dry.components).toEqual([]);
    expect(renderHelmPlan(plan(), { dryRun: true }).description).toContain("Dry run: nothing was changed.");
  });
});

describe("operations", () => {
  it("shows Helm's last lines while running and the API's sentence when done", () => {
    const lines = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join("\n");
    const running = renderOperation(op({ output: lines }));
    expect(running.description).toMatch(/^⏳ Upgrading web…/);
    expect(running.description).toContain("line 20");
    expect(running.description).not.toContain("line 8\n");
    const rolledBack = renderOperation(
      op({ status: "rolled-back", message: "web: the upgrade failed and was rolled back", revision: 3 }),
    );
    expect(rolledBack.description).toContain("the upgrade failed and was rolled back");
    expect(rolledBack.footer?.text).toContain("revision 3");
    expect(outputTail("a\n\nb\nc\n", 2)).toBe("b\nc");
  });

  it("edits at most once per interval, and only when something changed", () => {
    expect(shouldEdit(0, 2_999, true)).toBe(false);
    expect(shouldEdit(0, 3_000, true)).toBe(true);
    expect(shouldEdit(0, 10_000, false)).toBe(false);
  });

  it("follows until done, edits only changes, and returns the final state", async () => {
    const states = [
      op({ output: "a" }),
      op({ output: "a" }),
      op({ output: "b" }),
      op({ status: "succeeded", message: "done" }),
    ];
    const edits: string[] = [];
    const final = await follow(op(), {
      poll: async () => states.shift() ?? op({ status: "failed" }),
      done: (o) => o.status !== "running",
      render: (o) => ({ content: `${o.status}:${o.output}` }),
      edit: async (r) => edits.push(String(r.content)),
      givenUp: () => ({ content: "gave up" }),
      pollMs: 1,
      editMinMs: 0,
    });
    expect(edits).toEqual(["running:a", "running:b"]);
    expect(final.content).toBe("succeeded:");
  });
});

describe("release tables", () => {
  it("renders the same fields as helm.releases, one row each, paged", () => {
    const many = Array.from({ length: HELM_PAGE_SIZE + 3 }, (_, i) =>
      release({ name: `web-${i}`, revision: i + 1 }),
    );
    const first = renderReleases(many, { clusterName: "prod", page: 0 });
    expect(first.pages).toBe(2);
    expect(first.embed.footer?.text).toBe(`1-${HELM_PAGE_SIZE} of ${many.length} releases`);
    const body = first.embed.description ?? "";
    expect(body.split("\n")[1]).toMatch(/^NAME\s+NAMESPACE\s+REVISION\s+STATUS\s+CHART\s+APP\s+UPDATED$/);
    expect(body).toMatch(/web-0\s+team-a\s+1\s+deployed\s+nginx-1\.2\.0\s+1\.27\.0\s+2026-11-30 10:15/);
    expect(renderReleases(many, { clusterName: "prod", page: 1 }).embed.footer?.text).toBe(
      `${HELM_PAGE_SIZE + 1}-${many.length} of ${many.length} releases`,
    );
    expect(releaseRow(release())).toHaveLength(RELEASE_COLUMNS.length);
  });

  it("pads columns so they line up", () => {
    expect(
      table(
        ["A", "B"],
        [
          ["long", "x"],
          ["s", "y"],
        ],
      ),
    ).toBe("A     B\nlong  x\ns     y");
  });

  it("offers Prev/Next only when the ids fit", () => {
    expect(pageRow("helm-list", ["abc", "*", "*"], 0, 2)).not.toBeNull();
    expect(pageRow("helm-list", ["abc", "*", "*"], 0, 1)).toBeNull();
    expect(pageRow("helm-hist", ["x".repeat(60), "y".repeat(40)], 0, 3)).toBeNull();
  });
});

describe("search and blueprints", () => {
  it("shows each chart with what install takes", () => {
    const embed = renderSearch(
      {
        results: [
          {
            ref: "local/nginx",
            chart: "nginx",
            repo: "local",
            version: "1.3.0",
            appVersion: "1.27.0",
            description: "A web server",
            stars: 12,
            official: true,
            verified: false,
            source: "repository",
          },
        ],
        problems: [{ source: "artifacthub", problem: "not reachable" }],
      },
      "nginx",
    );
    expect(embed.description).toContain("**`local/nginx`** 1.3.0 (app 1.27.0) · ★ 12 · official");
    expect(embed.footer?.text).toBe("Not searched: artifacthub: not reachable");
  });

  it("splits custom values into one YAML per component", () => {
    const parts = splitComponentValues("grafana:\n  adminUser: me\nprometheus:\n  retention: 2d\n", [
      "prometheus",
      "grafana",
    ]);
    expect(parts).toEqual({ grafana: "adminUser: me\n", prometheus: "retention: 2d\n" });
    expect(splitComponentValues("replicas: 2\n", ["argocd"])).toEqual({ argocd: "replicas: 2\n" });
    expect(() => splitComponentValues("grafna:\n  a: 1\n", ["grafana", "loki"])).toThrow(
      /sections for no component of this preset \(grafna\); use one section per component: grafana, loki/,
    );
    expect(() => splitComponentValues("a: &x [1]\nb: *x\n", ["a", "b"])).toThrow(/aliases/);
    expect(() => splitComponentValues("a: [1\n", ["a"])).toThrow(/not valid YAML/);
  });

  it("shows a run's per-component status", () => {
    const run: BlueprintRun = {
      id: "r1",
      preset: "monitoring",
      clusterId: CLUSTER,
      status: "succeeded",
      components: [
        { name: "prometheus", status: "installed", message: "" },
        { name: "grafana", status: "unchanged", message: "already installed" },
      ],
      startedAt: "",
      finishedAt: null,
    };
    const embed = renderBlueprintRun(run);
    expect(embed.description).toContain("Access URLs and credentials are in your direct messages.");
    expect(embed.description).toContain("✅ **prometheus**: installed");
    expect(embed.description).toContain("✅ **grafana**: unchanged · already installed");
  });
});
