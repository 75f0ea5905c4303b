import { describe, expect, it } from "vitest";
import { areaOf, navAreas } from "../src/components/shell/areas";
import {
  createInputFromForm,
  cutLists,
  diffSummary,
  emptyCreateForm,
  emptyRestoreForm,
  emptyScheduleForm,
  fieldChangeText,
  newestFirst,
  objectLabel,
  pollWhileRunning,
  progressPercent,
  progressText,
  restoreCountsText,
  restoreSelectionFromForm,
  scheduleInputFromForm,
  scheduleText,
  scopeText,
  secretKeysText,
  snapshotAbilities,
  snapshotsHref,
  takenBy,
  toggled,
} from "../src/components/snapshots/format";
import { changedRows, MAX_CELLS, sideBySide } from "../src/components/snapshots/side-by-side";

const mine = ["shop", "web", "ops"];

describe("snapshotAbilities: who sees which control, and why not", () => {
  it("viewers only list, with the reason for both kinds of action", () => {
    const a = snapshotAbilities("viewer", { owned: true, shared: false });
    expect(a).toMatchObject({ canOperate: false, canAdmin: false, canSnapshotCluster: false });
    expect(a.operateReason).toMatch(/Viewers see the list/);
    expect(a.adminReason).toMatch(/Only admins restore, delete and schedule/);
  });
  it("operators take, download and compare, but never the whole cluster or restore", () => {
    const a = snapshotAbilities("operator", { owned: true, shared: false });
    expect(a).toMatchObject({
      canOperate: true,
      canAdmin: false,
      canSnapshotCluster: false,
      operateReason: null,
    });
  });
  it("the whole cluster is offered only to admins of a cluster their server owns alone", () => {
    expect(snapshotAbilities("admin", { owned: true, shared: false }).canSnapshotCluster).toBe(true);
    expect(snapshotAbilities("admin", { owned: true, shared: true }).canSnapshotCluster).toBe(false);
    expect(snapshotAbilities("admin", { owned: false, shared: true }).canSnapshotCluster).toBe(false);
    expect(snapshotAbilities("admin", undefined).canSnapshotCluster).toBe(false);
    expect(snapshotAbilities(null, undefined)).toMatchObject({ canOperate: false, canAdmin: false });
  });
});

describe("createInputFromForm: snapshots.create's input, or the one thing to fix", () => {
  it("all namespaces ticked is sent as 'all' (no list), the description trimmed", () => {
    const checked = createInputFromForm(
      "c1",
      { ...emptyCreateForm(mine), description: "  before upgrade " },
      mine,
    );
    expect(checked).toEqual({
      problem: null,
      input: { clusterId: "c1", description: "before upgrade", scope: "namespaces" },
    });
  });
  it("a subset is sent in the person's order; names not theirs are dropped", () => {
    const checked = createInputFromForm(
      "c1",
      { ...emptyCreateForm(mine), namespaces: ["ops", "shop", "kube-system"] },
      mine,
    );
    expect(checked.input).toEqual({
      clusterId: "c1",
      description: "",
      scope: "namespaces",
      namespaces: ["shop", "ops"],
    });
  });
  it("none ticked, or a description past 200 characters, is the problem named", () => {
    expect(createInputFromForm("c1", { ...emptyCreateForm(mine), namespaces: [] }, mine)).toEqual({
      input: null,
      problem: "Pick at least one namespace.",
    });
    expect(
      createInputFromForm("c1", { ...emptyCreateForm(mine), description: "x".repeat(201) }, mine).problem,
    ).toBe("The description is at most 200 characters.");
  });
  it("the whole cluster needs no namespaces", () => {
    const checked = createInputFromForm("c1", { description: "", scope: "cluster", namespaces: [] }, mine);
    expect(checked.input).toEqual({ clusterId: "c1", description: "", scope: "cluster" });
  });
});

describe("scheduleInputFromForm: every and keep on top of the create form", () => {
  it("builds daily/weekly with a whole keep count", () => {
    const checked = scheduleInputFromForm(
      "c1",
      { ...emptyScheduleForm(mine), every: "weekly", keep: " 4 " },
      mine,
    );
    expect(checked.input).toEqual({
      clusterId: "c1",
      description: "",
      scope: "namespaces",
      every: "weekly",
      keep: 4,
    });
  });
  it.each(["0", "101", "3.5", "", "seven"])("keep %j is refused with the range", (keep) => {
    expect(scheduleInputFromForm("c1", { ...emptyScheduleForm(mine), keep }, mine)).toEqual({
      input: null,
      problem: "Keep: a whole number of snapshots from 1 to 100.",
    });
  });
  it("the create form's problems come through", () => {
    expect(scheduleInputFromForm("c1", { ...emptyScheduleForm(mine), namespaces: [] }, mine).problem).toBe(
      "Pick at least one namespace.",
    );
  });
});

describe("restoreSelectionFromForm: planRestore's selection", () => {
  const available = { namespaces: ["", "shop", "web"], kinds: ["Deployment", "ConfigMap", "Namespace"] };
  it("everything ticked is 'all' (cluster-scoped objects come too), deleteNewer carried", () => {
    const form = { ...emptyRestoreForm(available.namespaces, available.kinds), deleteNewer: true };
    expect(restoreSelectionFromForm("s1", form, available)).toEqual({
      problem: null,
      input: { id: "s1", deleteNewer: true },
    });
  });
  it("a subset of namespaces and kinds is named", () => {
    const form = { namespaces: ["web"], kinds: ["ConfigMap"], deleteNewer: false };
    expect(restoreSelectionFromForm("s1", form, available).input).toEqual({
      id: "s1",
      namespaces: ["web"],
      kinds: ["ConfigMap"],
      deleteNewer: false,
    });
  });
  it("an empty choice is refused before asking", () => {
    expect(
      restoreSelectionFromForm("s1", { namespaces: [], kinds: ["ConfigMap"], deleteNewer: false }, available)
        .problem,
    ).toBe("Pick at least one namespace.");
    expect(
      restoreSelectionFromForm("s1", { namespaces: ["shop"], kinds: [], deleteNewer: false }, available)
        .problem,
    ).toBe("Pick at least one kind.");
  });
  it("a cluster-only snapshot needs no namespace", () => {
    const clusterOnly = { namespaces: [""], kinds: ["Namespace"] };
    expect(
      restoreSelectionFromForm(
        "s1",
        { namespaces: [], kinds: ["Namespace"], deleteNewer: false },
        clusterOnly,
      ).input,
    ).toEqual({
      id: "s1",
      deleteNewer: false,
    });
  });
});

describe("words the page shows", () => {
  it("progress while running, the count once done", () => {
    const running = {
      status: "running" as const,
      objectCount: 0,
      progress: { objects: 1234, kindsDone: 12, kinds: 40 },
    };
    expect(progressText(running)).toBe("1,234 objects, 12 of 40 kinds");
    expect(progressText({ ...running, progress: { objects: 0, kindsDone: 0, kinds: 0 } })).toBe(
      "0 objects, finding kinds…",
    );
    expect(progressText({ ...running, status: "ready", objectCount: 1 })).toBe("1 object");
    expect(progressPercent(running.progress)).toBe(30);
    expect(progressPercent({ objects: 5, kindsDone: 0, kinds: 0 })).toBe(0);
    expect(progressPercent({ objects: 5, kindsDone: 9, kinds: 4 })).toBe(100);
    // snapshots.get is asked every 2 s while it runs (and until its first answer), then no more.
    expect(pollWhileRunning(undefined)).toBe(2_000);
    expect(pollWhileRunning({ snapshot: { status: "running" } })).toBe(2_000);
    expect(pollWhileRunning({ snapshot: { status: "ready" } })).toBe(false);
    expect(pollWhileRunning({ snapshot: { status: "failed" } })).toBe(false);
  });
  it("scope, who, objects and field changes", () => {
    expect(scopeText({ scope: "cluster", namespaces: [] })).toBe("Whole cluster");
    expect(scopeText({ scope: "namespaces", namespaces: ["shop"] })).toBe("shop");
    expect(scopeText({ scope: "namespaces", namespaces: [] })).toBe("All namespaces");
    expect(scopeText({ scope: "namespaces", namespaces: ["a", "b", "c", "d", "e"] })).toBe(
      "5 namespaces: a, b, c and 2 more",
    );
    expect(takenBy({ createdBy: "u1", scheduleId: undefined }, "u1")).toBe("you");
    expect(takenBy({ createdBy: "u2", scheduleId: "sch1" }, "u1")).toBe("schedule (u2)");
    expect(objectLabel({ kind: "Deployment", namespace: "shop", name: "web" })).toBe("Deployment shop/web");
    expect(objectLabel({ kind: "Namespace", namespace: "", name: "shop" })).toBe("Namespace shop");
    expect(fieldChangeText({ path: "spec.replicas", from: "3", to: "5" })).toBe("spec.replicas: 3 → 5");
    expect(fieldChangeText({ path: "metadata.labels.tier", to: "front" })).toBe(
      "metadata.labels.tier: (absent) → front",
    );
  });
  it("a Secret's change names keys, never values", () => {
    expect(secretKeysText({ added: ["NEW"], removed: [], changed: ["PASSWORD", "TOKEN"] })).toBe(
      "Keys added NEW; changed PASSWORD, TOKEN (values not shown)",
    );
    expect(secretKeysText({ added: [], removed: [], changed: [] })).toBe("No key changed (values not shown)");
  });
  it("diff and restore counts, and which lists the API cut", () => {
    const d = {
      counts: { added: 1, removed: 0, changed: 2500 },
      unchanged: 7,
      added: [{}],
      removed: [],
      changed: new Array(2000),
    };
    expect(diffSummary(d)).toBe("1 added, 0 removed, 2500 changed, 7 unchanged");
    expect(cutLists(d as never)).toEqual(["changed: first 2000 of 2500"]);
    expect(restoreCountsText({ create: 2, update: 1, unchanged: 5, conflict: 1, delete: 0 })).toBe(
      "2 to create, 1 to update, 5 unchanged, 1 conflict",
    );
    expect(restoreCountsText({})).toBe("Nothing to restore");
  });
  it("schedules, order and ticking", () => {
    expect(scheduleText({ every: "weekly", keep: 4, scope: "namespaces", namespaces: ["shop"] })).toBe(
      "Weekly, keeps the last 4 · shop",
    );
    expect(
      newestFirst([{ createdAt: "2026-12-01T01:00:00Z" }, { createdAt: "2026-12-01T03:00:00Z" }])[0]
        ?.createdAt,
    ).toBe("2026-12-01T03:00:00Z");
    expect(toggled(["a", "b"], "c", true)).toEqual(["a", "b", "c"]);
    expect(toggled(["a", "b"], "a", true)).toEqual(["a", "b"]);
    expect(toggled(["a", "b"], "a", false)).toEqual(["b"]);
  });
  it("the page is in the cluster navigation as g b", () => {
    expect(snapshotsHref("c 1")).toBe("/clusters/c%201/snapshots");
    expect(areaOf("/clusters/c1/snapshots")).toBe("snapshots");
    const entry = navAreas({ clusterId: "c1", role: "viewer" }).find((a) => a.id === "snapshots");
    expect(entry).toMatchObject({ href: "/clusters/c1/snapshots", key: "b" });
  });
});

describe("sideBySide: two YAML versions lined up", () => {
  const from = "kind: ConfigMap\ndata:\n  a: one\n  b: two\nmetadata:\n  name: x\n";
  const to = "kind: ConfigMap\ndata:\n  a: uno\n  b: two\n  c: three\nmetadata:\n  name: x\n";
  it("equal lines face each other, a changed line faces its replacement, an added one a gap", () => {
    const rows = sideBySide(from, to);
    expect(rows.map((r) => r.kind)).toEqual(["same", "same", "changed", "same", "added", "same", "same"]);
    expect(rows[2]).toEqual({
      kind: "changed",
      left: { line: 3, text: "  a: one" },
      right: { line: 3, text: "  a: uno" },
    });
    expect(rows[4]).toEqual({ kind: "added", left: null, right: { line: 5, text: "  c: three" } });
    // Line numbers keep counting on each side after the gap.
    expect(rows[6]).toEqual({
      kind: "same",
      left: { line: 6, text: "  name: x" },
      right: { line: 7, text: "  name: x" },
    });
    expect(changedRows(rows)).toBe(2);
  });
  it("an object absent on one side is all added or all removed", () => {
    expect(sideBySide(null, "a: 1\nb: 2").map((r) => r.kind)).toEqual(["added", "added"]);
    expect(sideBySide("a: 1\n", null)).toEqual([
      { kind: "removed", left: { line: 1, text: "a: 1" }, right: null },
    ]);
    expect(sideBySide(null, null)).toEqual([]);
  });
  it("identical text has no changed row; both sides join back to their text", () => {
    expect(changedRows(sideBySide(from, from))).toBe(0);
    const rows = sideBySide(from, to);
    const side = (pick: "left" | "right") =>
      rows
        .map((r) => r[pick]?.text)
        .filter((t) => t !== undefined)
        .join("\n");
    expect(side("left")).toBe(from.trimEnd());
    expect(side("right")).toBe(to.trimEnd());
  });
  it("past the size limit the middle is replaced wholesale, still complete and in order", () => {
    const n = Math.ceil(Math.sqrt(MAX_CELLS)) + 10;
    const a = Array.from({ length: n }, (_, i) => `a${i}`).join("\n");
    const b = Array.from({ length: n }, (_, i) => `b${i}`).join("\n");
    const started = performance.now();
    const rows = sideBySide(`head\n${a}\ntail`, `head\n${b}\ntail`);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(rows).toHaveLength(n + 2);
    expect(rows[0]?.kind).toBe("same");
    expect(rows.at(-1)?.kind).toBe("same");
    expect(rows[1]).toEqual({
      kind: "changed",
      left: { line: 2, text: "a0" },
      right: { line: 2, text: "b0" },
    });
  });
});
