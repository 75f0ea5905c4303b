import type {
  DiagnosticsHistoryOutput,
  DiagnosticsRunOutput,
  Finding,
  ManifestApplyResult,
  ManifestPlan,
} from "@clustercord/contracts";
import { simulateCrashLoop } from "@clustercord/testenv/cluster";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACME, ALICE, type ApiHarness, BETA, CAROL, startApiHarness } from "./harness";

const nsAcme = `clustercord-guild-${ACME}`;
const OOM = "pod.crash-loop.oom-killed";
const ledger = { kind: "Deployment", namespace: nsAcme, name: "ledger" };
const grower = { kind: "Deployment", namespace: nsAcme, name: "grower" };

let h: ApiHarness;
let shared: string;

const deployment = (name: string, memory: string) => `apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name}, namespace: ${nsAcme} }
spec:
  replicas: 1
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name} } }
    spec:
      containers:
        - name: app
          image: ghcr.io/acme/${name}:1.0.0
          resources: { requests: { memory: 64Mi }, limits: { memory: ${memory} } }
`;

/** Plans and confirms a manifest as Alice (Acme's admin): the audited path a fix takes. */
async function applyAsAlice(content: string) {
  const plan = await h.call<ManifestPlan>("manifests.planApply", [ALICE, ACME], {
    input: { clusterId: shared, namespace: nsAcme, files: [{ name: "app.yaml", encoding: "utf8", content }] },
    mutation: true,
  });
  expect(plan.data?.planId, JSON.stringify(plan.error ?? plan.data?.steps)).toBeTruthy();
  const applied = await h.call<ManifestApplyResult>("manifests.apply", [ALICE, ACME], {
    input: { clusterId: shared, planId: plan.data.planId, confirmToken: plan.data.confirmToken },
    mutation: true,
  });
  expect(applied.status, JSON.stringify(applied.error)).toBe(200);
}

const run = (target: Record<string, unknown>) =>
  h.call<DiagnosticsRunOutput>("diagnostics.run", [ALICE, ACME], { input: { clusterId: shared, target } });

/** Runs until `want` holds for the OOM finding (present or gone): the caches follow the cluster within moments. */
async function runUntil(target: Record<string, unknown>, want: (f: Finding | undefined) => boolean) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const res = await run(target);
    expect(res.status, JSON.stringify(res.error)).toBe(200);
    const found = res.data.findings.find((f) => f.id === OOM);
    if (want(found)) return { found, res: res.data };
    if (Date.now() > deadline) throw new Error(`timed out: ${res.data.findings.map((f) => f.id).join(", ")}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** The Running pod of `app` whose memory limit is `memory` (a rollout leaves the old one for a moment). */
async function podWithLimit(app: string, memory: string) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const list = JSON.parse(
      await h.cluster.kubectl(["get", "pods", "-n", nsAcme, "-l", `app=${app}`, "-o", "json"]),
    ) as {
      items: {
        metadata: { name: string; uid: string; deletionTimestamp?: string };
        spec: { nodeName?: string; containers: { resources?: { limits?: { memory?: string } } }[] };
        status?: { podIP?: string };
      }[];
    };
    const pod = list.items.find(
      (p) =>
        p.status?.podIP &&
        !p.metadata.deletionTimestamp &&
        p.spec.containers[0]?.resources?.limits?.memory === memory,
    );
    if (pod) return pod;
    if (Date.now() > deadline) throw new Error(`no running ${app} pod with a ${memory} limit`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

const crash = async (app: string, memory: string) =>
  simulateCrashLoop(
    (args, input) => h.cluster.kubectl(args, input),
    nsAcme,
    await podWithLimit(app, memory),
    {
      container: "app",
      image: `ghcr.io/acme/${app}:1.0.0`,
      exitCode: 137,
      reason: "OOMKilled",
      restarts: 2,
    },
  );

beforeAll(async () => {
  h = await startApiHarness();
  shared = await h.addSharedCluster([BETA]);
}, 600_000);

afterAll(async () => {
  await h?.close();
});

describe("findings history on the real API server", () => {
  let fingerprint = "";

  it("an OOM crash loop seen, fixed by an audited apply, and seen again: 2 episodes, last resolved by that apply", async () => {
    await applyAsAlice(deployment("ledger", "128Mi"));
    await crash("ledger", "128Mi");

    const first = await runUntil(ledger, (f) => f !== undefined);
    fingerprint = first.found?.fingerprint ?? "";
    expect(first.res.history?.[fingerprint]).toMatchObject({
      occurrences: 1,
      open: true,
      lastResolvedBy: null,
    });
    expect(first.res.history?.[fingerprint]?.line).toMatch(/^first seen \w{3} \d{1,2} \w{3}$/);

    // The fix: the limit raised through the plan-then-confirm apply; the new pod runs; a pass no longer sees it.
    await applyAsAlice(deployment("ledger", "256Mi"));
    const fixed = await runUntil(ledger, (f) => f === undefined);
    expect(fixed.res.history?.[fingerprint]).toBeUndefined();

    // It comes back on the new pod: a second episode, and what resolved the first.
    await crash("ledger", "256Mi");
    const again = await runUntil(ledger, (f) => f !== undefined);
    expect(again.found?.fingerprint).toBe(fingerprint);
    const history = again.res.history?.[fingerprint];
    expect(history).toMatchObject({ occurrences: 2, open: true });
    expect(history?.resolvedAt).not.toBeNull();
    expect(history?.lastResolvedBy).toMatchObject({
      action: "manifests.apply",
      actorId: ALICE,
      via: "discord",
    });
    expect(history?.lastResolvedBy?.text).toMatch(/^manifests\.apply \(Apply 1 objects?: /);
    expect(history?.line).toMatch(
      /^seen 2 times since \w{3} \d{1,2} \w{3}; last resolved by manifests\.apply \(Apply .*\) \(.+, \w{3} \d{1,2} \w{3}\)$/,
    );
  });

  it("diagnostics.history answers by target and by fingerprint, only to who may read the namespace", async () => {
    const byTarget = await h.call<DiagnosticsHistoryOutput>("diagnostics.history", [ALICE, ACME], {
      input: { clusterId: shared, target: ledger },
    });
    expect(byTarget.status, JSON.stringify(byTarget.error)).toBe(200);
    const entry = byTarget.data.entries.find((e) => e.fingerprint === fingerprint);
    expect(entry).toMatchObject({
      findingId: OOM,
      severity: "CRITICAL",
      target: { kind: "Deployment", namespace: nsAcme, name: "ledger" },
      occurrences: 2,
      open: true,
      lastResolvedBy: { action: "manifests.apply", actorId: ALICE },
    });
    expect(Date.parse(entry?.firstSeen ?? "")).toBeLessThan(Date.parse(entry?.lastSeen ?? ""));

    const byFingerprint = await h.call<DiagnosticsHistoryOutput>("diagnostics.history", [ALICE, ACME], {
      input: { clusterId: shared, fingerprint },
    });
    expect(byFingerprint.data.entries.map((e) => e.occurrences)).toEqual([2]);

    // Beta's member, a tenant of the same cluster: refused for Acme's namespace, and the fingerprint answers nothing.
    const beta = await h.call("diagnostics.history", [CAROL, BETA], {
      input: { clusterId: shared, target: ledger },
    });
    expect(beta.status).toBe(403);
    const betaByFingerprint = await h.call<DiagnosticsHistoryOutput>("diagnostics.history", [CAROL, BETA], {
      input: { clusterId: shared, fingerprint },
    });
    expect(betaByFingerprint.status).toBe(200);
    expect(betaByFingerprint.data.entries).toEqual([]);

    const bad = await h.call("diagnostics.history", [ALICE, ACME], { input: { clusterId: shared } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.error)).toMatch(/either a target or a fingerprint/);
  });

  it("predicts an OOM from the usage samples stored for the workload (summed, against the summed limit)", async () => {
    await applyAsAlice(deployment("grower", "256Mi"));
    await podWithLimit("grower", "256Mi");
    const now = Date.now();
    // The cost sampler's rows for Deployment/grower: +2 MiB/min, at 240 of 256 MiB now.
    await h.db.prisma.usageSample.createMany({
      data: [10, 8, 6, 4, 2, 0].map((m) => ({
        clusterId: shared,
        at: new Date(now - m * 60_000),
        namespace: nsAcme,
        workload: "Deployment/grower",
        attribution: "guild",
        guildId: ACME,
        pods: 1,
        cpuUsageCores: 0.01,
        cpuRequestCores: 0,
        memUsageGb: ((240 - 2 * m) * 2 ** 20) / 2 ** 30,
        memRequestGb: 64 / 1024,
        storageGb: 0,
        seconds: 60,
      })),
    });
    const deadline = Date.now() + 30_000;
    let predicted: Finding | undefined;
    while (!predicted && Date.now() < deadline) {
      const res = await run(grower);
      expect(res.status, JSON.stringify(res.error)).toBe(200);
      predicted = res.data.findings.find((f) => f.id === "workload.usage.oom-predicted");
      if (!predicted) await new Promise((r) => setTimeout(r, 500));
    }
    expect(predicted?.title).toMatch(/^Deployment grower: expected OOM in ~[78] min$/);
    expect(predicted?.severity).toBe("HIGH");
    const evidence = predicted?.evidence.map((e) => `${e.label}: ${e.value}`).join("\n");
    expect(evidence).toMatch(/memory limits of the 1 pod, summed: 256 MiB/);
    expect(evidence).toMatch(/linear fit over 6 samples, \+2 MiB\/min toward the 256 MiB limit/);
    expect(predicted?.cause).toMatch(/per workload, not per container/);
  });
});
