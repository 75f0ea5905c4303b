import type {
  AuditListOutput,
  DiagnosticsRunOutput,
  Finding,
  ManifestApplyResult,
  ManifestPlan,
} from "@clustercord/contracts";
import { simulateCrashLoop, waitForRunningPod } from "@clustercord/testenv/cluster";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACME, ALICE, type ApiHarness, BETA, BOB, CAROL, startApiHarness } from "./harness";

// A finding's fix through the confirm path on the real API server: diagnostics.planFix answers with a
// manifests plan (diff + token), manifests.apply applies it as the person, the Deployment rolls a new
// pod (kwok starts it healthy) and the finding is gone from diagnostics.run.

const ns = `clustercord-guild-${ACME}`;
let h: ApiHarness;
let shared: string;

const deployment = (name: string, container: string) => `
apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name}, namespace: ${ns} }
spec:
  replicas: 1
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name} } }
    spec:
      containers:
        - name: app
          image: ghcr.io/acme/${name}:1.0.0
          ports: [{ name: http, containerPort: 8080 }]
          resources: { requests: { memory: 64Mi, cpu: 50m }, limits: { memory: 128Mi, cpu: 200m } }
${container}
`;

const objects = [
  // Killed for memory (status patched below), with probes so only the OOM is wrong.
  deployment(
    "oom-app",
    `          readinessProbe: { tcpSocket: { port: 8080 } }
          livenessProbe: { tcpSocket: { port: 8080 } }`,
  ),
  // No probes at all.
  deployment("bare-app", ""),
  // A liveness probe that times out (the kubelet's Unhealthy event is written below).
  deployment(
    "slow-app",
    `          readinessProbe: { tcpSocket: { port: 8080 } }
          livenessProbe: { httpGet: { path: /healthz, port: 8080 }, timeoutSeconds: 1 }`,
  ),
].join("---\n");

const kubectl = (args: string[], input?: string) => h.cluster.kubectl(args, input);
const target = (name: string) => ({ kind: "Deployment", namespace: ns, name });

function run(who: readonly [string, string], name: string) {
  return h.call<DiagnosticsRunOutput>("diagnostics.run", who, {
    input: { clusterId: shared, target: target(name) },
  });
}

/** Runs until `check` holds for the deployment's findings (the watch caches follow within moments). */
async function until(
  name: string,
  check: (findings: Finding[]) => boolean,
  what: string,
): Promise<Finding[]> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const res = await run([ALICE, ACME], name);
    expect(res.status, JSON.stringify(res.error)).toBe(200);
    if (check(res.data.findings)) return res.data.findings;
    if (Date.now() > deadline)
      throw new Error(`${what} after 30 s: ${res.data.findings.map((f) => f.id).join(", ")}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function findingFor(name: string, id: string): Promise<Finding> {
  const findings = await until(name, (fs) => fs.some((f) => f.id === id), `no ${id} on ${name}`);
  return findings.find((f) => f.id === id) as Finding;
}

const planFix = (who: readonly [string, string], name: string, fingerprint: string) =>
  h.call<ManifestPlan>("diagnostics.planFix", who, {
    input: { clusterId: shared, target: target(name), fingerprint },
    mutation: true,
  });

/** Plans the finding's fix as Bob (an operator), applies it with the token, and waits until it is gone. */
async function fixAndResolve(name: string, id: string) {
  const found = await findingFor(name, id);
  expect(found.fix, `${id} carries a fix`).toBeDefined();
  const plan = await planFix([BOB, ACME], name, found.fingerprint);
  expect(plan.status, JSON.stringify(plan.error)).toBe(200);
  expect(plan.data.ok).toBe(true);
  expect(plan.data.planId).toBeTruthy();
  expect(plan.data.objects).toHaveLength(1);
  const [object] = plan.data.objects;
  expect(object).toMatchObject({ kind: "Deployment", namespace: ns, name, change: "changed" });
  const applied = await h.call<ManifestApplyResult>("manifests.apply", [BOB, ACME], {
    input: { clusterId: shared, planId: plan.data.planId, confirmToken: plan.data.confirmToken },
    mutation: true,
  });
  expect(applied.status, JSON.stringify(applied.error)).toBe(200);
  expect(applied.data.status, applied.data.message).toBe("applied");
  await until(name, (fs) => !fs.some((f) => f.fingerprint === found.fingerprint), `${id} still reported`);
  return { found, diff: object?.diff ?? "" };
}

/** The Deployment's pod template as the cluster now has it. */
async function liveContainer(name: string) {
  const d = JSON.parse(await kubectl(["get", "deployment", name, "-n", ns, "-o", "json"])) as {
    spec: { template: { spec: { containers: Record<string, unknown>[] } } };
  };
  return d.spec.template.spec.containers[0] as Record<string, unknown>;
}

beforeAll(async () => {
  h = await startApiHarness();
  shared = await h.addSharedCluster([BETA]);
  await kubectl(["apply", "-f", "-"], objects);
  await simulateCrashLoop(kubectl, ns, await waitForRunningPod(kubectl, ns, "app=oom-app"), {
    container: "app",
    image: "ghcr.io/acme/oom-app:1.0.0",
    exitCode: 137,
    reason: "OOMKilled",
    restarts: 3,
  });
  const slow = await waitForRunningPod(kubectl, ns, "app=slow-app");
  const now = new Date().toISOString().replace(/\.\d+Z$/, "Z");
  // The kubelet's event for a liveness probe that does not answer in time.
  await kubectl(
    ["create", "-f", "-"],
    JSON.stringify({
      apiVersion: "v1",
      kind: "Event",
      metadata: { name: `${slow.metadata.name}.probe`, namespace: ns },
      involvedObject: {
        kind: "Pod",
        apiVersion: "v1",
        namespace: ns,
        name: slow.metadata.name,
        uid: slow.metadata.uid,
        fieldPath: "spec.containers{app}",
      },
      reason: "Unhealthy",
      message:
        'Liveness probe failed: Get "http://10.244.0.9:8080/healthz": context deadline exceeded (Client.Timeout exceeded while awaiting headers)',
      type: "Warning",
      count: 6,
      firstTimestamp: now,
      lastTimestamp: now,
      source: { component: "kubelet", host: slow.spec.nodeName ?? "kwok-node-0" },
    }),
  );
}, 600_000);

afterAll(async () => {
  await h?.close();
});

describe("diagnostics.planFix → manifests.apply on the real API server", () => {
  it("refuses a viewer, and names a finding that is not there", async () => {
    const found = await findingFor("oom-app", "pod.crash-loop.oom-killed");
    const viewer = await planFix([CAROL, ACME], "oom-app", found.fingerprint);
    expect(viewer.status).toBe(403);
    const stale = await planFix([BOB, ACME], "oom-app", "0123456789abcdef0123456789abcdef");
    expect(stale.status).toBe(404);
    expect(stale.error?.message).toBe(
      "This finding is no longer present: diagnose again to see what is wrong now.",
    );
    const bad = await planFix([BOB, ACME], "oom-app", "not-a-fingerprint");
    expect(bad.status).toBe(400);
    expect(bad.error?.message).toMatch(/fingerprint/);
    // Another server on the same cluster cannot plan in Acme's namespace.
    const beta = await planFix([CAROL, BETA], "oom-app", found.fingerprint);
    expect(beta.status).toBe(403);
  });

  it("OOMKilled: the plan's diff raises the memory limit; applied, a new pod runs and the finding resolves", async () => {
    const { found, diff } = await fixAndResolve("oom-app", "pod.crash-loop.oom-killed");
    expect(diff).toMatch(/^-\s+memory: 128Mi$/m);
    expect(diff).toMatch(/^\+\s+memory: 192Mi$/m);
    expect(await liveContainer("oom-app")).toMatchObject({
      resources: { limits: { memory: "192Mi" }, requests: { memory: "64Mi" } },
    });
    // The rollout's new pod runs with the new limit.
    const pods = JSON.parse(await kubectl(["get", "pods", "-n", ns, "-l", "app=oom-app", "-o", "json"])) as {
      items: { spec: { containers: { resources?: { limits?: { memory?: string } } }[] } }[];
    };
    expect(pods.items.map((p) => p.spec.containers[0]?.resources?.limits?.memory)).toContain("192Mi");
    // Planning the same fix again: the finding is gone, and the answer says so.
    const again = await planFix([BOB, ACME], "oom-app", found.fingerprint);
    expect(again.status).toBe(404);
    expect(again.error?.message).toMatch(/no longer present/);
    // Both steps are in the audit log, as Bob.
    const audit = await h.call<AuditListOutput>("audit.list", [ALICE, ACME], { input: { limit: 100 } });
    const actions = audit.data.items.filter((i) => i.result === "ok").map((i) => i.action);
    expect(actions).toContain("diagnostics.planFix");
    expect(actions).toContain("manifests.apply");
  });

  it("missing probes: the plan adds TCP readiness and liveness probes; applied, the finding resolves", async () => {
    const { diff } = await fixAndResolve("bare-app", "workload.probe.missing");
    expect(diff).toMatch(/^\+\s+readinessProbe:$/m);
    expect(diff).toMatch(/^\+\s+livenessProbe:$/m);
    const c = await liveContainer("bare-app");
    expect(c.readinessProbe).toMatchObject({ tcpSocket: { port: 8080 }, periodSeconds: 5 });
    expect(c.livenessProbe).toMatchObject({ tcpSocket: { port: 8080 }, initialDelaySeconds: 10 });
  });

  it("a liveness probe timing out (from the kubelet's event): the plan raises timeoutSeconds; applied, it resolves", async () => {
    const { diff } = await fixAndResolve("slow-app", "pod.probe.liveness-failing");
    expect(diff).toMatch(/^-\s+timeoutSeconds: 1$/m);
    expect(diff).toMatch(/^\+\s+timeoutSeconds: 5$/m);
    expect(await liveContainer("slow-app")).toMatchObject({
      livenessProbe: { httpGet: { path: "/healthz" }, timeoutSeconds: 5 },
    });
  });
});
