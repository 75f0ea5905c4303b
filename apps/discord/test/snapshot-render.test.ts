import { randomUUID } from "node:crypto";
import type {
  SnapshotSummary,
  SnapshotsDiffOutput,
  SnapshotsPlanRestoreOutput,
} from "@clustercord/contracts";
import { describe, expect, it } from "vitest";
import { clusterCommand } from "../src/commands/cluster";
import { CUSTOM_ID_MAX, customId, packId } from "../src/commands/cluster/custom-id";
import { LIVE, parseNamespaces, snapshotChoices } from "../src/commands/cluster/snapshot-options";
import {
  diffText,
  formatBytes,
  INLINE_LINES,
  renderDiff,
  renderRestorePlan,
  renderSnapshot,
  renderSnapshotList,
} from "../src/render/snapshots";
import { UserError } from "../src/user-error";

const summary = (over: Partial<SnapshotSummary> = {}): SnapshotSummary => ({
  id: "snap-1",
  clusterId: "c1",
  clusterName: "prod",
  description: "before upgrade",
  scope: "namespaces",
  namespaces: ["team-a"],
  status: "ready",
  progress: { objects: 40, kindsDone: 12, kinds: 12 },
  objectCount: 40,
  bytes: 12_345,
  kubernetesVersion: "1.34.1",
  createdAt: "2026-12-01T01:00:00.000Z",
  createdBy: "100000000000000001",
  ...over,
});

const ref = (kind: string, name: string, namespace = "team-a") => ({
  apiVersion: kind === "Deployment" ? "apps/v1" : "v1",
  kind,
  namespace,
  name,
});

const SECRET_VALUE = "hunter2-never-shown";

function diff(over: Partial<SnapshotsDiffOutput> = {}): SnapshotsDiffOutput {
  const base: SnapshotsDiffOutput = {
    from: "snap-1",
    to: "live",
    added: [ref("ConfigMap", "new-cm")],
    removed: [],
    changed: [
      {
        ...ref("Deployment", "web"),
        fields: [{ path: "spec.replicas", from: "2", to: "3" }],
      },
      {
        ...ref("Secret", "db"),
        // Whatever the API sent as fields, a Secret's are never printed.
        fields: [{ path: "data.password", from: SECRET_VALUE, to: `${SECRET_VALUE}-2` }],
        secretKeys: { added: ["token"], removed: [], changed: ["password"] },
      },
    ],
    unchanged: 37,
    counts: { added: 1, removed: 0, changed: 2 },
  };
  return { ...base, ...over };
}

const allText = (value: unknown) =>
  JSON.stringify(value, (_k, v) =>
    v && typeof v === "object" && "attachment" in v ? String((v as { attachment: Buffer }).attachment) : v,
  );

describe("renderDiff", () => {
  it("shows the counts as snapshots.diff gives them and the first changes, a Secret by key only", () => {
    const out = renderDiff(diff());
    const embed = out.embeds[0];
    const field = (name: string) => embed?.fields?.find((f) => f.name === name)?.value;
    expect([field("Added"), field("Removed"), field("Changed"), field("Unchanged")]).toEqual([
      "1",
      "0",
      "2",
      "37",
    ]);
    expect(embed?.description).toContain("+ ConfigMap team-a/new-cm");
    expect(embed?.description).toContain("~ Deployment team-a/web: spec.replicas");
    expect(embed?.description).toContain(
      "~ Secret team-a/db: added token; changed password (values not shown)",
    );
    expect(allText(out)).not.toContain(SECRET_VALUE);
  });

  it("attaches the whole list with field values when it does not all fit, still without a Secret's values", () => {
    const many = Array.from({ length: 40 }, (_, i) => ref("ConfigMap", `cm-${i}`));
    const out = renderDiff(diff({ added: many, counts: { added: 40, removed: 0, changed: 2 } }));
    const text = out.embeds[0]?.description ?? "";
    expect(text.split("\n").filter((l) => /^[+~-] /.test(l))).toHaveLength(INLINE_LINES);
    expect(text).toContain(`… and ${42 - INLINE_LINES} more in snapshot-diff-snap-1-live.txt`);
    expect(out.files).toHaveLength(1);
    const file = String(out.files[0]?.attachment);
    expect(file).toContain("+ ConfigMap team-a/cm-39");
    expect(file).toContain("    spec.replicas: 2 → 3");
    expect(file).not.toContain(SECRET_VALUE);
    expect(file).toBe(diffText(diff({ added: many, counts: { added: 40, removed: 0, changed: 2 } })));
  });

  it("says so when nothing differs", () => {
    const out = renderDiff(
      diff({ added: [], changed: [], counts: { added: 0, removed: 0, changed: 0 }, unchanged: 40 }),
    );
    expect(out.embeds[0]?.description).toBe("No differences.");
    expect(out.files).toEqual([]);
  });
});

const plan = (): SnapshotsPlanRestoreOutput => ({
  summary: "Restore 3 objects of 'before upgrade' into prod",
  changes: ["create ConfigMap team-a/cm", "Objects created since the snapshot are kept."],
  confirmToken: "tok",
  expiresAt: "2026-12-01T01:02:00.000Z",
  steps: [
    { ...ref("Namespace", "team-a", ""), action: "unchanged" },
    { ...ref("ConfigMap", "cm"), action: "create" },
    {
      ...ref("Secret", "db"),
      action: "update",
      fields: [{ path: "data.password", from: SECRET_VALUE, to: "x" }],
    },
    { ...ref("Deployment", "web"), action: "conflict", reason: "field is immutable" },
  ],
  counts: { create: 1, update: 1, unchanged: 1, delete: 0, conflict: 1 },
});

describe("renderRestorePlan", () => {
  it("shows counts per action and the steps that change something, in order; a dry run changes nothing", () => {
    const out = renderRestorePlan(plan(), { id: "snap-1", dryRun: true });
    const embed = out.embeds[0];
    expect(embed?.fields?.map((f) => `${f.name}=${f.value}`)).toEqual([
      "➕ Create=1",
      "✏️ Update=1",
      "🗑️ Delete=0",
      "⚠️ Conflict=1",
      "＝ Unchanged=1",
    ]);
    const lines = /```\n([\s\S]*?)\n```/.exec(embed?.description ?? "")?.[1]?.split("\n");
    expect(lines).toEqual([
      "➕ create ConfigMap team-a/cm",
      "✏️ update Secret team-a/db",
      "⚠️ conflict Deployment team-a/web — field is immutable",
    ]);
    expect(embed?.description).toContain("Dry run: nothing was changed.");
    // The plan's own sentences only when the steps do not say them already.
    expect(embed?.description).toContain("• Objects created since the snapshot are kept.");
    expect(embed?.description).not.toContain("• create ConfigMap");
    // Every step with its fields attached; a Secret's field values never.
    expect(embed?.description).toContain(
      "Every step, with the fields it changes, in restore-plan-snap-1.txt",
    );
    expect(String(out.files[0]?.attachment)).toContain("✏️ update Secret team-a/db\n⚠️ conflict");
    expect(allText(out)).not.toContain(SECRET_VALUE);
  });
});

describe("snapshot replies", () => {
  it("shows progress while running and what it holds once ready", () => {
    const running = renderSnapshot({
      snapshot: summary({ status: "running", progress: { objects: 7, kindsDone: 3, kinds: 20 } }),
      kinds: [],
      namespaceCounts: [],
    });
    expect(running.fields?.find((f) => f.name === "Progress")?.value).toBe("7 objects · 3/20 kinds");
    const ready = renderSnapshot({
      snapshot: summary(),
      kinds: [{ kind: "ConfigMap", apiVersion: "v1", count: 30 }],
      namespaceCounts: [],
    });
    expect(ready.title).toBe("✅ Snapshot 'before upgrade'");
    expect(ready.fields?.find((f) => f.name === "Size")?.value).toBe(formatBytes(12_345));
    expect(ready.fields?.find((f) => f.name === "Kinds")?.value).toBe("ConfigMap 30");
  });

  it("lists snapshots newest first", () => {
    const list = renderSnapshotList({
      snapshots: [summary({ id: "old" }), summary({ id: "new", createdAt: "2026-12-01T02:00:00.000Z" })],
    });
    expect(list.description?.indexOf("`new`")).toBeLessThan(list.description?.indexOf("`old`") ?? -1);
  });
});

describe("options", () => {
  it("parses namespaces and names a bad one", () => {
    expect(parseNamespaces("team-a, team-b team-a")).toEqual(["team-a", "team-b"]);
    expect(parseNamespaces(undefined)).toBeUndefined();
    expect(() => parseNamespaces("team-a, Bad_NS")).toThrow(
      new UserError(
        "namespaces: Bad_NS is not a namespace name (lowercase letters, digits and '-', at most 63).",
      ),
    );
  });

  it("offers snapshots newest first, and live for to:", () => {
    const offered = snapshotChoices(
      [summary({ id: "a" }), summary({ id: "b", createdAt: "2026-12-02T00:00:00.000Z" })],
      "",
      { live: true },
    );
    expect(offered.map((c) => c.value)).toEqual([LIVE, "b", "a"]);
    expect(offered[1]?.name).toBe("before upgrade · prod · 2026-12-02 00:00 · ready");
  });

  it("fits restore and delete buttons with a UUID and a real-length token in 100 characters", () => {
    const token = `${(Date.now() + 120_000).toString(36)}.${Buffer.alloc(16, 255).toString("base64url")}`;
    expect(customId("snap-rs", packId(randomUUID()), token, "1").length).toBeLessThanOrEqual(CUSTOM_ID_MAX);
    expect(customId("snap-rs", packId("c".repeat(30)), token, "1").length).toBeLessThanOrEqual(CUSTOM_ID_MAX);
    expect(customId("snap-rs-no", "n".repeat(63)).length).toBeLessThanOrEqual(CUSTOM_ID_MAX);
  });
});

describe("the /cluster snapshot group", () => {
  type Opt = {
    name: string;
    description: string;
    type: number;
    options?: Opt[];
    choices?: { name: string }[];
  };
  const count = (options: readonly Opt[] = []): number =>
    options.reduce(
      (n, o) =>
        n +
        o.name.length +
        o.description.length +
        (o.choices ?? []).reduce((c, ch) => c + ch.name.length, 0) +
        count(o.options),
      0,
    );

  it("is a group of subcommands within Discord's limits (25 per level, 8000 characters in all)", () => {
    const def = clusterCommand.definition;
    const options = (def.options ?? []) as Opt[];
    expect(options.length).toBeLessThanOrEqual(25);
    const group = options.find((o) => o.name === "snapshot");
    expect(group?.type).toBe(2);
    expect(group?.options?.map((o) => o.name)).toEqual([
      "create",
      "list",
      "download",
      "diff",
      "restore",
      "delete",
      "schedule",
      "schedules",
      "unschedule",
    ]);
    for (const sub of group?.options ?? []) {
      expect(sub.description.length, sub.name).toBeLessThanOrEqual(100);
      for (const o of sub.options ?? [])
        expect(o.description.length, `${sub.name} ${o.name}`).toBeLessThanOrEqual(100);
    }
    expect(def.name.length + def.description.length + count(options)).toBeLessThanOrEqual(8000);
  });
});
