import type { DiagnosticsClusterOutput, DiagnosticsRunOutput, Finding } from "@clustercord/contracts";
import { simulateCrashLoop, waitForRunningPod } from "@clustercord/testenv/cluster";
import { registerSecret } from "@clustercord/testenv/leak-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACME, ALICE, type ApiHarness, BETA, CAROL, startApiHarness } from "./harness";

const nsBeta = `clustercord-guild-${BETA}`;

const nsAcme = `clustercord-guild-${ACME}`;
const PASSWORD = registerSecret("diag-db-password-5f1c9e2a7b", "a Secret value in the diagnosed namespace");
const CONFIG_TOKEN = registerSecret(
  "diag-config-token-93be0d4c61",
  "a ConfigMap value in the diagnosed namespace",
);

let h: ApiHarness;
let shared: string;

const objects = `
apiVersion: apps/v1
kind: Deployment
metadata: { name: payments, namespace: ${nsAcme} }
spec:
  replicas: 1
  selector: { matchLabels: { app: payments } }
  template:
    metadata: { labels: { app: payments } }
    spec:
      containers:
        - name: app
          image: ghcr.io/acme/payments:2.1.0
          ports: [{ name: http, containerPort: 8080 }]
          env: [{ name: DB_PASSWORD, valueFrom: { secretKeyRef: { name: db, key: password } } }]
          envFrom: [{ configMapRef: { name: payments-config } }]
          resources: { requests: { memory: 64Mi }, limits: { memory: 128Mi } }
---
apiVersion: v1
kind: Service
metadata: { name: checkout, namespace: ${nsAcme} }
spec: { selector: { app: checkout }, ports: [{ port: 80, targetPort: 8080 }] }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: payments-config, namespace: ${nsAcme} }
data: { API_TOKEN: ${CONFIG_TOKEN} }
---
apiVersion: v1
kind: Secret
metadata: { name: db, namespace: ${nsAcme} }
stringData: { password: ${PASSWORD} }
`;

function run(who: readonly [string, string], target: Record<string, unknown>) {
  return h.call<DiagnosticsRunOutput>("diagnostics.run", who, { input: { clusterId: shared, target } });
}

/** Runs until a finding with `id` shows (the watch caches see the patched status within a moment). */
async function findingFor(who: readonly [string, string], target: Record<string, unknown>, id: string) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const res = await run(who, target);
    expect(res.status, JSON.stringify(res.error)).toBe(200);
    const found = res.data.findings.find((f: Finding) => f.id === id);
    if (found) return { found, res };
    if (Date.now() > deadline)
      throw new Error(`no ${id} after 30 s: ${res.data.findings.map((f) => f.id).join(", ")}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

beforeAll(async () => {
  h = await startApiHarness();
  shared = await h.addSharedCluster([BETA]);
  await h.cluster.kubectl(["apply", "-f", "-"], objects);
  // Killed for memory three times over, as a kubelet reports it.
  await simulateCrashLoop(
    (args, input) => h.cluster.kubectl(args, input),
    nsAcme,
    await waitForRunningPod((args) => h.cluster.kubectl(args), nsAcme, "app=payments"),
    {
      container: "app",
      image: "ghcr.io/acme/payments:2.1.0",
      exitCode: 137,
      reason: "OOMKilled",
      restarts: 3,
    },
  );
}, 600_000);

afterAll(async () => {
  await h?.close();
});

describe("diagnostics.run on the real API server", () => {
  it("finds the OOM-killed crash loop of a Deployment's pod, with evidence and a fix that raises the limit", async () => {
    const { found, res } = await findingFor(
      [ALICE, ACME],
      { kind: "Deployment", namespace: nsAcme, name: "payments" },
      "pod.crash-loop.oom-killed",
    );
    expect(found.severity).toBe("CRITICAL");
    expect(found.target).toMatchObject({ kind: "Deployment", namespace: nsAcme, name: "payments" });
    const evidence = found.evidence.map((e) => `${e.label}: ${e.value}`).join("\n");
    expect(evidence).toMatch(/137|OOMKilled/);
    expect(evidence).toMatch(/128Mi/);
    // The last lines of the crashed run, read as Alice (she may read pods/log there).
    const logs = found.evidence.filter((e) => e.source === "log");
    expect(logs.length).toBeGreaterThan(0);
    expect(logs[0]?.label).toBe("log of app");
    // The fix patches the Deployment's pod template (the pod would be replaced), to more than the old limit.
    expect(found.fix?.target).toEqual({ kind: "Deployment", namespace: nsAcme, name: "payments" });
    const op = found.fix?.patch.find((p) => p.path.endsWith("/resources/limits/memory"));
    expect(op?.path).toBe("/spec/template/spec/containers/0/resources/limits/memory");
    expect(op && "value" in op ? String(op.value) : "").toMatch(/^\d+Mi$/);
    expect(Number.parseInt(op && "value" in op ? String(op.value) : "0", 10)).toBeGreaterThan(128);
    // What it read, as Alice (Acme's admin): the namespaced kinds; nodes are not a tenant's on a shared cluster.
    expect(res.data.read).toEqual(expect.arrayContaining(["pods", "events", "deployments", "replicasets"]));
    expect(res.data.unread).toContain("nodes");
  });

  it("finds a Service whose selector matches no pod, for a viewer too, and quotes no Secret or ConfigMap value", async () => {
    const { found, res } = await findingFor(
      [CAROL, ACME],
      { kind: "Namespace", name: nsAcme },
      "service.selector-no-match",
    );
    expect(found.target).toMatchObject({ kind: "Service", namespace: nsAcme, name: "checkout" });
    expect(found.evidence.map((e) => e.value).join(" ")).toMatch(/app=checkout|checkout/);
    const body = JSON.stringify(res.data);
    expect(body).not.toContain(PASSWORD);
    expect(body).not.toContain(CONFIG_TOKEN);
  });

  it("refuses another server's namespace, nodes on a shared cluster, and names a missing target", async () => {
    const beta = await run([CAROL, BETA], { kind: "Deployment", namespace: nsAcme, name: "payments" });
    expect(beta.status).toBe(403);
    expect(beta.error?.message).toBe("You may not diagnose in that namespace on this cluster.");
    const node = await run([ALICE, ACME], { kind: "Node", name: "kwok-node-0" });
    expect(node.status).toBe(403);
    expect(node.error?.message).toBe("You may not list nodes on this cluster.");
    const missing = await run([ALICE, ACME], { kind: "Deployment", namespace: nsAcme, name: "nope" });
    expect(missing.status).toBe(404);
    expect(missing.error?.message).toBe("No Deployment of that name in that namespace.");
    const bad = await run([ALICE, ACME], { kind: "Pod", namespace: "Not A Namespace", name: "x" });
    expect(bad.status).toBe(400);
  });

  it("diagnostics.cluster: a tenant's pass covers its own namespaces only, most severe first", async () => {
    const cluster = (who: readonly [string, string]) =>
      h.call<DiagnosticsClusterOutput>("diagnostics.cluster", who, { input: { clusterId: shared } });
    // Acme's pass: its namespace, with the crash loop and the Service that selects nothing.
    const deadline = Date.now() + 30_000;
    let acme = await cluster([ALICE, ACME]);
    while (!acme.data?.findings.some((f) => f.id === "pod.crash-loop.oom-killed") && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 300));
      acme = await cluster([ALICE, ACME]);
    }
    expect(acme.status, JSON.stringify(acme.error)).toBe(200);
    expect(acme.data.scope).toEqual({ kind: "namespaces", namespaces: [nsAcme] });
    const ids = acme.data.findings.map((f) => f.id);
    expect(ids).toContain("pod.crash-loop.oom-killed");
    expect(ids).toContain("service.selector-no-match");
    expect(acme.data.findings[0]?.severity).toBe("CRITICAL");
    expect(acme.data.total).toBe(acme.data.findings.length);
    expect(Object.values(acme.data.bySeverity).reduce((a, b) => a + b, 0)).toBe(acme.data.total);
    expect(
      acme.data.findings.every((f) => f.target.namespace === nsAcme || f.target.namespace === null),
    ).toBe(true);
    expect(acme.data.unread).toContain("nodes");
    expect(JSON.stringify(acme.data)).not.toContain(PASSWORD);
    // Beta's pass on the same cluster: nothing of Acme's.
    const beta = await cluster([CAROL, BETA]);
    expect(beta.status, JSON.stringify(beta.error)).toBe(200);
    expect(beta.data.scope).toEqual({ kind: "namespaces", namespaces: [nsBeta] });
    expect(JSON.stringify(beta.data)).not.toContain(nsAcme);
    expect(beta.data.findings.map((f) => f.id)).not.toContain("pod.crash-loop.oom-killed");
  });
});
