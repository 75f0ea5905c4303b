import type { DiagnosticsClusterOutput, DiagnosticsRunOutput, Finding } from "@clustercord/contracts";
import { type BrokenWorld, createBrokenWorld, type ExpectedFinding } from "@clustercord/testenv/cluster";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACME, ALICE, type ApiHarness, startApiHarness } from "./harness";

// Every broken workload of issue 16's test data on the real API server: one world (one namespace and two
// nodes) made once, each expected finding asserted with its evidence through diagnostics.run (as Alice,
// admin of Acme, on a dedicated cluster: nodes and StorageClasses are hers to read) and in the
// diagnostics.cluster pass. Polls run side by side: the watch caches see the written statuses within moments.

const NS = "broken-api";
let h: ApiHarness;
let clusterId: string;
let world: BrokenWorld;

const sameRef = (a: Finding["target"], b: ExpectedFinding["target"]) =>
  a.kind === b.kind && a.namespace === b.namespace && a.name === b.name;
const matches = (f: Finding, e: ExpectedFinding) => f.id === e.id && sameRef(f.target, e.target);
const evidenceText = (f: Finding) => f.evidence.map((x) => `${x.label}: ${x.value}`).join("\n");
const describeIds = (fs: readonly Finding[]) =>
  fs.map((f) => `${f.id} (${f.target.kind} ${f.target.name})`).join(", ");

/** Polls `ask` until every expected finding is in its answer (and its evidence says what it must), or 60 s pass. */
async function until<T>(
  ask: () => Promise<{ status: number; data: T; error?: { message: string } }>,
  findingsOf: (data: T) => readonly Finding[],
  expected: readonly ExpectedFinding[],
): Promise<readonly Finding[]> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const res = await ask();
    expect(res.status, JSON.stringify(res.error)).toBe(200);
    const findings = findingsOf(res.data);
    const missing = expected.filter(
      (e) => !findings.some((f) => matches(f, e) && e.evidence.test(evidenceText(f))),
    );
    if (missing.length === 0) return findings;
    if (Date.now() > deadline)
      throw new Error(`missing ${missing.map((e) => e.key).join(", ")}; got ${describeIds(findings)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

beforeAll(async () => {
  h = await startApiHarness();
  const added = await h.call<{ cluster: { id: string } }>("clusters.add", [ALICE, ACME], {
    input: { name: "dedicated", kubeconfig: h.kubeconfig, shared: false },
    mutation: true,
  });
  if (added.error) throw new Error(`clusters.add: ${added.error.message}`);
  clusterId = added.data.cluster.id;
  world = await createBrokenWorld((args, input) => h.cluster.kubectl(args, input), NS);
}, 600_000);

afterAll(async () => {
  await world?.cleanup();
  await h?.close();
});

describe("the broken world on the real API server", () => {
  it("covers every case the issue lists", () => {
    expect(new Set(world.expected.map((e) => e.category))).toEqual(
      new Set([
        "crash-loop",
        "image-pull",
        "probe",
        "eviction",
        "node",
        "storage",
        "config",
        "scheduling",
        "service",
        "network-policy",
      ]),
    );
    const ids = world.expected.map((e) => e.id);
    for (const slug of [
      "app-error",
      "not-executable",
      "command-not-found",
      "oom-killed",
      "segfault",
      "terminated",
    ])
      expect(ids).toContain(`pod.crash-loop.${slug}`);
    for (const slug of ["unauthorized", "not-found", "bad-name", "rate-limited"])
      expect(ids).toContain(`pod.image-pull.${slug}`);
  });

  it("diagnostics.run: each expected finding, about its object, with its evidence", async () => {
    // One poll per target asked about, all at once.
    const byRun = new Map<string, ExpectedFinding[]>();
    for (const e of world.expected) {
      const key = JSON.stringify(e.run);
      byRun.set(key, [...(byRun.get(key) ?? []), e]);
    }
    const answers = await Promise.all(
      [...byRun.values()].map(async (expected) => {
        const target = expected[0]?.run;
        const findings = await until(
          () =>
            h.call<DiagnosticsRunOutput>("diagnostics.run", [ALICE, ACME], { input: { clusterId, target } }),
          (d) => d.findings,
          expected,
        );
        return { expected, findings };
      }),
    );
    for (const { expected, findings } of answers) {
      for (const e of expected) {
        const found = findings.find((f) => matches(f, e));
        expect(found, e.key).toBeDefined();
        expect(evidenceText(found as Finding), e.key).toMatch(e.evidence);
      }
    }
    // The crash loops carry the last lines of the previous run, read as Alice.
    const crash = answers.flatMap((a) => a.findings).find((f) => f.id === "pod.crash-loop.app-error");
    expect(crash?.evidence.some((x) => x.source === "log" && x.label === "log of app")).toBe(true);
    expect(crash?.severity).toBe("HIGH");
    // OOMKilled while looping is critical, and its fix raises the Deployment's memory limit.
    const oom = answers.flatMap((a) => a.findings).find((f) => f.id === "pod.crash-loop.oom-killed");
    expect(oom?.severity).toBe("CRITICAL");
    expect(oom?.fix?.target).toEqual({ kind: "Deployment", namespace: NS, name: "crash-137" });
    // The failing liveness probe's timeout has a fix too (a longer timeout on the Deployment's template).
    const live = answers.flatMap((a) => a.findings).find((f) => f.id === "pod.probe.liveness-failing");
    expect(live?.title).toMatch(/timing out/);
    expect(live?.fix?.target).toEqual({ kind: "Deployment", namespace: NS, name: "probe-liveness" });
  });

  it("diagnostics.cluster: the whole pass has every expected finding", async () => {
    const findings = await until(
      () => h.call<DiagnosticsClusterOutput>("diagnostics.cluster", [ALICE, ACME], { input: { clusterId } }),
      (d) => d.findings,
      world.expected,
    );
    // The pass groups a Deployment's pods: one finding per cause and workload, not one per pod.
    const crash = findings.filter((f) => f.id === "pod.crash-loop.app-error" && f.target.namespace === NS);
    expect(crash).toHaveLength(1);
    expect(crash[0]?.evidence[0]).toMatchObject({ source: "related", label: "affected pods (1)" });
    const pass = await h.call<DiagnosticsClusterOutput>("diagnostics.cluster", [ALICE, ACME], {
      input: { clusterId },
    });
    expect(pass.data.scope).toEqual({ kind: "cluster" });
    expect(pass.data.unread).not.toContain("nodes");
    expect(pass.data.findings[0]?.severity).toBe("CRITICAL");
  });

  it("cleans up after itself: the namespace and the nodes are gone", async () => {
    await world.cleanup();
    const left = await h.cluster.kubectl([
      "get",
      `namespace/${NS}`,
      `node/${world.nodes.notReady}`,
      `node/${world.nodes.pressure}`,
      "--ignore-not-found",
      "-o",
      "name",
    ]);
    expect(left.trim()).toBe("");
  });
});
