import type {
  CanaryStatus,
  RolloutsCanaryPlan,
  RolloutsHistoryOutput,
  RolloutsStatusOutput,
  RolloutsUndoPlan,
} from "@clustercord/contracts";
import { describe, expect, it } from "vitest";
import { deployCommand, revisionChoices, workloadChoices } from "../src/commands/deploy";
import { canaryButtonIds, canaryPlanReply, parseWindow } from "../src/commands/deploy-canary";
import { parseWorkload, pickNamespace } from "../src/commands/deploy-target";
import { undoButtonIds, undoPlanReply } from "../src/commands/deploy-undo";
import {
  BAR_CELLS,
  type CanaryRequest,
  canaryEnded,
  canaryHeadline,
  canaryImageOf,
  cutDiff,
  progressBar,
  renderCanary,
  renderCanaryPlan,
  renderHistory,
  renderStatus,
  renderUndoPlan,
  replicaBars,
  watchEnding,
} from "../src/render/rollouts";
import { colors } from "../src/render/style";
import { UserError } from "../src/user-error";

const CLUSTER = "0b4f3c2e-8d7a-4f61-9c3b-2a1e5d6f7a8b";
const NS = "clustercord-guild-200000000000000001";
// A real token's shape: expiry in base36, a dot, 22 base64url characters.
const TOKEN = "mbx3k9z1.AbCdEfGhIjKlMnOpQrStUv";

const status = (over: Partial<RolloutsStatusOutput> = {}): RolloutsStatusOutput => ({
  kind: "Deployment",
  namespace: NS,
  name: "web",
  phase: "progressing",
  message: "2 of 4 updated replicas are available",
  paused: false,
  revision: 5,
  images: ["nginx:1.25"],
  replicas: { desired: 4, updated: 3, ready: 2, available: 2, unavailable: 2 },
  conditions: [
    {
      type: "Progressing",
      status: "True",
      reason: "ReplicaSetUpdated",
      message: 'ReplicaSet "web-7d9f" is progressing.',
      lastUpdate: null,
    },
  ],
  sets: [
    { name: "web-7d9f", revision: 5, images: ["nginx:1.25"], desired: 3, ready: 2, role: "new" },
    { name: "web-5c4b", revision: 4, images: ["nginx:1.24"], desired: 1, ready: 1, role: "old" },
  ],
  events: [
    {
      type: "Normal",
      reason: "ScalingReplicaSet",
      message: "Scaled up replica set web-7d9f to 3",
      object: "Deployment web",
      count: 1,
      lastSeen: null,
    },
    {
      type: "Warning",
      reason: "BackOff",
      message: "Back-off restarting failed container",
      object: "Pod web-7d9f-x",
      count: 4,
      lastSeen: null,
    },
  ],
  canary: null,
  observedAt: "2026-11-30T12:00:00.000Z",
  ...over,
});

const canary = (over: Partial<CanaryStatus> = {}): CanaryStatus => ({
  id: "c1",
  clusterId: CLUSTER,
  namespace: NS,
  deployment: "api",
  canaryDeployment: "api-canary",
  image: "ghcr.io/acme/api:1.5",
  stableImage: "ghcr.io/acme/api:1.4",
  percentage: 25,
  traffic: "replicas",
  httpRoute: null,
  stableReplicas: 3,
  canaryReplicas: 1,
  phase: "analysing",
  reason: null,
  startedBy: "100000000000000002",
  startedAt: "2026-11-30T12:00:00.000Z",
  analysisEndsAt: "2026-11-30T12:05:00.000Z",
  endedAt: null,
  checks: [
    {
      at: "2026-11-30T12:00:05.000Z",
      ready: 1,
      desired: 1,
      restarts: 0,
      findings: [],
      healthy: true,
    },
  ],
  ...over,
});

const target = {
  clusterId: CLUSTER,
  clusterName: "shared",
  namespace: NS,
  kind: "Deployment" as const,
  name: "web",
};

describe("progress bars", () => {
  it("fills in proportion to desired, full when nothing is desired", () => {
    expect(progressBar(0, 4)).toBe("░".repeat(BAR_CELLS));
    expect(progressBar(4, 4)).toBe("█".repeat(BAR_CELLS));
    expect(progressBar(2, 4)).toBe(`${"█".repeat(6)}${"░".repeat(6)}`);
    expect(progressBar(9, 4)).toBe("█".repeat(BAR_CELLS));
    expect(progressBar(0, 0)).toBe("█".repeat(BAR_CELLS));
  });

  it("shows updated, ready and available against desired with the API's numbers", () => {
    const bars = replicaBars(status().replicas).split("\n");
    expect(bars[0]).toBe(`updated   ${progressBar(3, 4)} 3/4`);
    expect(bars[1]).toBe(`ready     ${progressBar(2, 4)} 2/4`);
    expect(bars[2]).toBe(`available ${progressBar(2, 4)} 2/4`);
    expect(bars[3]).toBe("unavailable 2");
    expect(replicaBars({ desired: 2, updated: 2, ready: 2, available: 2, unavailable: 0 })).not.toContain(
      "unavailable",
    );
  });
});

describe("renderStatus", () => {
  it("shows the API's sentence, revision, images, bars, ReplicaSets and the latest events", () => {
    const embed = renderStatus(status(), { note: "Updates every 5 s" });
    expect(embed.title).toBe("Rollout of web");
    expect(embed.color).toBe(colors.brand);
    expect(embed.description).toContain("⏳ 2 of 4 updated replicas are available");
    expect(embed.description).toContain("**Revision 5** · `nginx:1.25`");
    expect(embed.description).toContain(`updated   ${progressBar(3, 4)} 3/4`);
    const sets = embed.fields?.find((f) => f.name === "ReplicaSets")?.value ?? "";
    expect(sets).toMatch(/new\s+web-7d9f\s+5\s+2\/3\s+nginx:1\.25/);
    expect(sets).toMatch(/old\s+web-5c4b\s+4\s+1\/1\s+nginx:1\.24/);
    const events = embed.fields?.find((f) => f.name === "Recent events")?.value ?? "";
    expect(events).toContain("• **ScalingReplicaSet** Deployment web: Scaled up replica set web-7d9f to 3");
    expect(events).toContain("⚠️ **BackOff** Pod web-7d9f-x: Back-off restarting failed container (×4)");
    expect(embed.footer?.text).toBe(`Deployment web in ${NS} · Updates every 5 s`);
  });

  it("colours by phase, puts a headline first and names a failing condition", () => {
    expect(renderStatus(status({ phase: "complete", message: "Rollout complete" })).color).toBe(colors.ok);
    expect(renderStatus(status({ phase: "paused", paused: true })).color).toBe(colors.warn);
    const failed = renderStatus(
      status({
        phase: "failed",
        message: "Rollout failed",
        conditions: [
          {
            type: "Progressing",
            status: "False",
            reason: "ProgressDeadlineExceeded",
            message: 'ReplicaSet "web-7d9f" has timed out progressing.',
            lastUpdate: null,
          },
        ],
      }),
      { headline: "Paused the rollout of web" },
    );
    expect(failed.color).toBe(colors.error);
    expect(failed.description?.split("\n")[0]).toBe("Paused the rollout of web");
    expect(failed.description).toContain(
      '⚠️ Progressing: ProgressDeadlineExceeded: ReplicaSet "web-7d9f" has timed out progressing.',
    );
  });

  it("escapes markdown in names and messages from the cluster", () => {
    const embed = renderStatus(status({ message: "**bold** _it_" }));
    expect(embed.description).toContain("\\*\\*bold\\*\\* \\_it\\_");
  });
});

describe("watchEnding", () => {
  const end = { elapsedMs: 41_600, timedOut: false, maxMs: 600_000 };
  it("says how a watched rollout ended", () => {
    expect(watchEnding(status({ phase: "complete" }), end)).toBe("Rollout complete in 42 s.");
    expect(
      watchEnding(
        status({
          phase: "failed",
          conditions: [
            {
              type: "Progressing",
              status: "False",
              reason: "ProgressDeadlineExceeded",
              message: 'ReplicaSet "web-7d9f" has timed out progressing.',
              lastUpdate: null,
            },
          ],
        }),
        end,
      ),
    ).toBe('Rollout failed: ProgressDeadlineExceeded: ReplicaSet "web-7d9f" has timed out progressing.');
    expect(watchEnding(status({ phase: "paused" }), end)).toBe(
      "Rollout paused after 42 s at 3 of 4 updated; resume it with /deploy rollout resume.",
    );
    expect(watchEnding(status(), { ...end, timedOut: true })).toBe(
      "Stopped watching after 10 minutes; still progressing: 2 of 4 updated replicas are available",
    );
  });
});

describe("renderHistory", () => {
  const history: RolloutsHistoryOutput = {
    kind: "Deployment",
    name: "web",
    revisions: [
      {
        revision: 6,
        images: ["nginx:1.24"],
        changeCause: "undo to revision 4 by alice",
        createdAt: "2026-11-30T12:10:00.000Z",
        current: true,
        rolledBack: true,
        source: "web-5c4b",
      },
      {
        revision: 5,
        images: ["nginx:1.25"],
        changeCause: null,
        createdAt: "2026-11-30T12:00:00.000Z",
        current: false,
        rolledBack: false,
        source: "web-7d9f",
      },
    ],
  };

  it("lists revisions newest first with images, time, change-cause and marks", () => {
    const embed = renderHistory(history, NS);
    expect(embed.title).toBe(`History of web in ${NS}`);
    expect(embed.description).toMatch(/REV\s+WHEN\s+IMAGES\s+CHANGE-CAUSE/);
    expect(embed.description).toMatch(/6\*↩\s+2026-11-30 12:10\s+nginx:1\.24\s+undo to revision 4 by alice/);
    expect(embed.description).toMatch(/5\s+2026-11-30 12:00\s+nginx:1\.25\s+-/);
    expect(embed.footer?.text).toContain("* current · ↩ brought back by an undo");
    expect(renderHistory({ ...history, revisions: [] }, NS).description).toBe("No revisions.");
  });

  it("offers revisions as autocomplete choices, filtered by what was typed", () => {
    expect(revisionChoices(history, "")).toEqual([
      { name: "6 (current) · nginx:1.24 · undo to revision 4 by alice", value: 6 },
      { name: "5 · nginx:1.25", value: 5 },
    ]);
    expect(revisionChoices(history, "5")).toEqual([{ name: "5 · nginx:1.25", value: 5 }]);
    const long = {
      ...history,
      revisions: [
        {
          ...(history.revisions[1] as RolloutsHistoryOutput["revisions"][number]),
          changeCause: "x".repeat(200),
        },
      ],
    };
    expect(revisionChoices(long, "")[0]?.name).toHaveLength(100);
  });
});

describe("undo plan", () => {
  const plan: RolloutsUndoPlan = {
    summary: "Undo web in shop from revision 5 to revision 4",
    changes: ["image of web: nginx:1.25 → nginx:1.24", "env of web: A, B → A"],
    confirmToken: TOKEN,
    expiresAt: "2026-11-30T12:02:00.000Z",
    currentRevision: 5,
    targetRevision: 4,
    templateChanges: [
      { area: "image", container: "web", from: "nginx:1.25", to: "nginx:1.24" },
      { area: "env", container: "web", from: "A, B", to: "A" },
    ],
    diff: "--- revision 5\n+++ revision 4\n-        image: nginx:1.25\n+        image: nginx:1.24\n",
  };

  it("shows current -> target, the template changes and the diff before Confirm", () => {
    const embed = renderUndoPlan(plan);
    expect(embed.title).toBe(plan.summary);
    expect(embed.description).toContain("**Revision 5 → 4**");
    expect(embed.description).toContain(
      "**What comes back:**\n• image of web: nginx:1.25 → nginx:1.24\n• env of web: A, B → A",
    );
    expect(embed.description).toContain(
      "```diff\n--- revision 5\n+++ revision 4\n-        image: nginx:1.25",
    );
    expect(embed.description).toContain("Confirm <t:");
  });

  it("cuts a long diff with a line saying how much is left out", () => {
    const diff = Array.from({ length: 100 }, (_, i) => `+line ${i}`).join("\n");
    const cut = cutDiff(diff, 40);
    expect(cut.split("\n")).toHaveLength(41);
    expect(cut.split("\n").at(-1)).toBe("… 60 more lines");
    expect(cutDiff("+a\n-b\n")).toBe("+a\n-b");
    expect(renderUndoPlan({ ...plan, diff }).description).toContain("… 60 more lines");
  });

  it("puts the token, revision, kind and name on Confirm, the cluster and namespace on Cancel", () => {
    const ids = undoButtonIds(target, 4, TOKEN);
    expect(ids.confirm).toBe(`dep-undo-ok:${TOKEN}:4:d:web`);
    expect(ids.cancel.startsWith("dep-undo-no:")).toBe(true);
    expect(ids.cancel.endsWith(`:${NS}`)).toBe(true);
    // The longest namespace Kubernetes allows still fits Cancel.
    expect(
      undoButtonIds({ ...target, namespace: "n".repeat(63) }, 4, TOKEN).cancel.length,
    ).toBeLessThanOrEqual(100);
    expect(() => undoButtonIds({ ...target, name: "w".repeat(60) }, 4, TOKEN)).toThrow(UserError);
    const reply = undoPlanReply(plan, target);
    const labels = JSON.stringify(reply.components);
    expect(labels).toContain("Undo to revision 4");
    expect(labels).toContain("Cancel");
  });
});

describe("canary", () => {
  const req: CanaryRequest = {
    deployment: "api",
    namespace: NS,
    image: "ghcr.io/acme/api:1.5",
    percentage: 25,
    windowSeconds: 90,
  };
  const plan: RolloutsCanaryPlan = {
    summary: "Start a canary of api with ghcr.io/acme/api:1.5 at 25%",
    changes: ["Create Deployment api-canary with 1 replica", "Scale api from 4 to 3 replicas"],
    confirmToken: TOKEN,
    expiresAt: "2026-11-30T12:02:00.000Z",
    stableReplicas: 3,
    canaryReplicas: 1,
    traffic: "gateway-api",
    httpRoute: "api",
  };

  it("plans with the split, window and traffic, and reads the image back from its own embed", () => {
    const embed = renderCanaryPlan(plan, req);
    expect(embed.description).toContain("• Create Deployment api-canary with 1 replica");
    const field = (name: string) => embed.fields?.find((f) => f.name === name)?.value;
    expect(field("Split")).toBe("stable 3 · canary 1 (25%)");
    expect(field("Analysis window")).toBe("1 min 30 s");
    expect(field("Traffic")).toBe("HTTPRoute `api` weights 75/25");
    expect(canaryImageOf([embed])).toBe("ghcr.io/acme/api:1.5");
    expect(canaryImageOf([{ fields: [] }])).toBeNull();
    const reply = canaryPlanReply(plan, { ...target, name: "api" }, req);
    expect(JSON.stringify(reply.components)).toContain("Start canary of api");
  });

  it("carries percentage and window on Confirm", () => {
    const ids = canaryButtonIds({ ...target, name: "api" }, req, TOKEN);
    expect(ids.confirm).toBe(`dep-can-ok:${TOKEN}:25:90:api`);
    expect(ids.cancel.endsWith(`:${NS}`)).toBe(true);
    expect(() => canaryButtonIds({ ...target, name: "a".repeat(60) }, req, TOKEN)).toThrow(UserError);
  });

  it("parses window: as a duration", () => {
    expect(parseWindow("90s")).toBe(90);
    expect(parseWindow("5m")).toBe(300);
    expect(parseWindow("5")).toBe(300);
    expect(parseWindow("1h")).toBe(3600);
    expect(parseWindow("2 minutes")).toBe(120);
    expect(parseWindow("soon")).toBeNull();
    expect(parseWindow("-5m")).toBeNull();
  });

  it("shows the analysis while it runs and why it ended", () => {
    const running = renderCanary(canary());
    expect(running.description).toContain("⏳ Analysing the canary until <t:");
    expect(running.fields?.find((f) => f.name === "Image")?.value).toBe(
      "`ghcr.io/acme/api:1.4` → `ghcr.io/acme/api:1.5`",
    );
    expect(running.fields?.find((f) => f.name === "Latest checks")?.value).toMatch(
      /✅ <t:\d+:T> ready 1\/1 · restarts 0/,
    );
    expect(canaryEnded(canary())).toBe(false);

    const rolledBack = canary({
      phase: "rolled-back",
      reason: "canary pod api-canary-x restarted 3 times: CrashLoopBackOff, exit code 1",
    });
    expect(canaryEnded(rolledBack)).toBe(true);
    expect(canaryHeadline(rolledBack)).toBe(
      "↩️ Rolled back: canary pod api-canary-x restarted 3 times: CrashLoopBackOff, exit code 1",
    );
    expect(renderCanary(rolledBack).color).toBe(colors.error);
    const promoted = renderCanary(canary({ phase: "promoted" }), "Promoted api");
    expect(promoted.description).toBe("Promoted api\n✅ Promoted: api now runs `ghcr.io/acme/api:1.5`");
    expect(promoted.color).toBe(colors.ok);
  });
});

describe("naming the workload", () => {
  it("takes name or namespace/name", () => {
    expect(parseWorkload("web")).toEqual({ namespace: null, name: "web" });
    expect(parseWorkload(" shop/web ")).toEqual({ namespace: "shop", name: "web" });
  });

  it("finds the one namespace holding it, or says what to do", () => {
    const rows = [
      { name: "web", namespace: "shop" },
      { name: "api", namespace: "shop" },
      { name: "api", namespace: "beta" },
    ];
    expect(pickNamespace(rows, "web", "Deployment")).toBe("shop");
    expect(() => pickNamespace(rows, "api", "Deployment")).toThrow(
      "There is a Deployment api in 2 namespaces: say which with namespace: (shop, beta).",
    );
    expect(() => pickNamespace(rows, "nope", "StatefulSet")).toThrow(
      "No StatefulSet named nope in your namespaces. Give namespace: if it is new.",
    );
  });

  it("offers bare names in one namespace, namespace/name across several", () => {
    const one = [
      { name: "web", namespace: "shop" },
      { name: "api", namespace: "shop" },
    ];
    expect(workloadChoices(one, "", false).map((c) => c.value)).toEqual(["web", "api"]);
    const two = [...one, { name: "blog", namespace: "beta" }];
    expect(workloadChoices(two, "bl", false).map((c) => c.value)).toEqual(["beta/blog"]);
    expect(workloadChoices(two, "", true).map((c) => c.value)).toEqual(["web", "api", "blog"]);
  });
});

describe("/deploy definition", () => {
  it("has the rollout group and the canary subcommands, percentage left to the API's check", () => {
    const def = deployCommand.definition;
    const options = (def.options ?? []) as {
      name: string;
      type: number;
      options?: { name: string; type: number; options?: { name: string; min_value?: number }[] }[];
    }[];
    const group = options.find((o) => o.name === "rollout");
    expect(group?.type).toBe(2);
    expect(group?.options?.map((s) => s.name)).toEqual([
      "status",
      "history",
      "pause",
      "resume",
      "restart",
      "scale",
      "undo",
    ]);
    expect(options.filter((o) => o.type === 1).map((o) => o.name)).toEqual([
      "canary",
      "canary-status",
      "promote",
      "abort",
    ]);
    const canaryOptions = options.find((o) => o.name === "canary")?.options ?? [];
    const percentage = canaryOptions.find((o) => o.name === "percentage") as
      | { min_value?: number }
      | undefined;
    expect(percentage?.min_value).toBeUndefined();
  });
});
