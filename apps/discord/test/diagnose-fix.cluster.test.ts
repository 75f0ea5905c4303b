import type { DiagnosticsRunOutput } from "@clustercord/contracts";
import { callTrpc, workerHeaders } from "@clustercord/testenv";
import { type Cluster, simulateCrashLoop, waitForRunningPod } from "@clustercord/testenv/cluster";
import type { ReplyPayload } from "@clustercord/testenv/discord";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ACME,
  BOB,
  buttonId,
  CAROL,
  opt,
  SERVICE_TOKEN,
  startWorkerWithSharedCluster,
  type WorkerHarness,
} from "./harness";

// /diagnose → Apply fix → the plan as /apply shows one → Confirm (manifests.apply), through the real worker,
// the Discord stand-in and the real API on the local control plane. Bob is an operator in Acme, Carol a viewer.

const nsAcme = `clustercord-guild-${ACME}`;
let h: WorkerHarness;
let kube: Cluster;
let clusterId: string;
let stack: Awaited<ReturnType<typeof startWorkerWithSharedCluster>>;

const ledger = `
apiVersion: apps/v1
kind: Deployment
metadata: { name: ledger, namespace: ${nsAcme} }
spec:
  replicas: 1
  selector: { matchLabels: { app: ledger } }
  template:
    metadata: { labels: { app: ledger } }
    spec:
      containers:
        - name: app
          image: ghcr.io/acme/ledger:3.0.0
          ports: [{ containerPort: 8080 }]
          readinessProbe: { tcpSocket: { port: 8080 } }
          livenessProbe: { tcpSocket: { port: 8080 } }
          resources: { requests: { memory: 64Mi }, limits: { memory: 128Mi } }
`;

const text = (reply: ReplyPayload) =>
  (reply.embeds ?? [])
    .map((e) => [e.title, e.description, ...(e.fields ?? []).map((f) => `${f.name}\n${f.value}`)].join("\n"))
    .join("\n");

const labels = (reply: ReplyPayload) =>
  ((reply.components ?? []) as { components?: { label?: string }[] }[]).flatMap((r) =>
    (r.components ?? []).map((b) => b.label ?? ""),
  );

/** /diagnose deployment:ledger until its reply offers the OOM finding's fix. */
async function diagnoseUntilFixOffered(who: string): Promise<ReplyPayload> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const reply = await h.send({
      userId: who,
      guildId: ACME,
      name: "diagnose",
      options: [opt("deployment", "ledger"), opt("namespace", nsAcme)],
    });
    if (labels(reply).some((l) => l.startsWith("Apply fix: ") && l.includes("OOMKilled"))) return reply;
    if (Date.now() > deadline) throw new Error(`no Apply fix after 30 s: ${JSON.stringify(reply)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function apiFindings() {
  const res = await callTrpc<DiagnosticsRunOutput>(h.apiUrl, "diagnostics.run", {
    headers: workerHeaders(SERVICE_TOKEN, BOB, ACME),
    input: { clusterId, target: { kind: "Deployment", namespace: nsAcme, name: "ledger" } },
  });
  expect(res.status, JSON.stringify(res.error)).toBe(200);
  return res.data.findings;
}

const fixLabel = (reply: ReplyPayload) => labels(reply).find((l) => l.includes("OOMKilled")) ?? "";

beforeAll(async () => {
  stack = await startWorkerWithSharedCluster("diagnose-fix");
  ({ h, kube, clusterId } = stack);
  await kube.kubectl(["apply", "-f", "-"], ledger);
  await simulateCrashLoop(
    (args, input) => kube.kubectl(args, input),
    nsAcme,
    await waitForRunningPod((args) => kube.kubectl(args), nsAcme, "app=ledger"),
    { container: "app", image: "ghcr.io/acme/ledger:3.0.0", exitCode: 137, reason: "OOMKilled", restarts: 4 },
  );
}, 600_000);

afterAll(async () => {
  await stack?.close();
});

describe("/diagnose Apply fix", () => {
  it("a viewer's Apply fix is refused by the API, and nothing changes", async () => {
    const reply = await diagnoseUntilFixOffered(CAROL);
    const click = await h.standIn.sendComponent({
      userId: CAROL,
      guildId: ACME,
      customId: buttonId(reply.components, fixLabel(reply)),
      messageId: reply.id ?? "",
    });
    await new Promise((r) => setTimeout(r, 1_000));
    expect(click.followUps().map((f) => JSON.stringify(f.embeds))).toEqual([
      expect.stringMatching(/operator/i),
    ]);
    const live = await kube.kubectl(["get", "deployment", "ledger", "-n", nsAcme, "-o", "json"]);
    expect(JSON.parse(live).spec.template.spec.containers[0].resources.limits.memory).toBe("128Mi");
  });

  it("an operator's Apply fix shows the plan with the limit's diff; Confirm applies it and the finding resolves", async () => {
    // An earlier diagnosis of the same Deployment, still on screen while the fix is applied from the next.
    const earlier = await diagnoseUntilFixOffered(BOB);
    const reply = await diagnoseUntilFixOffered(BOB);
    const fingerprint = (await apiFindings()).find((f) => f.id === "pod.crash-loop.oom-killed")?.fingerprint;
    const customId = buttonId(reply.components, fixLabel(reply));
    expect(customId).toMatch(new RegExp(`^dfix:[A-Za-z0-9_-]{22}:${fingerprint}$`));

    const plan = await h.click(BOB, ACME, customId, reply.id ?? "");
    const shown = text(plan);
    expect(shown).toContain("Apply 1 object: 0 to create, 1 to change, 0 unchanged");
    expect(shown).toContain(`~ changed Deployment \`${nsAcme}/ledger\``);
    expect(shown).toMatch(/^-\s+memory: 128Mi$/m);
    expect(shown).toMatch(/^\+\s+memory: 192Mi$/m);
    expect(labels(plan)).toEqual(["Apply 1 object", "Cancel"]);

    const done = await h.click(BOB, ACME, buttonId(plan.components, "Apply 1 object"), plan.id ?? "");
    expect(text(done)).toContain(`✅ applied Deployment \`${nsAcme}/ledger\``);
    const live = await kube.kubectl(["get", "deployment", "ledger", "-n", nsAcme, "-o", "json"]);
    expect(JSON.parse(live).spec.template.spec.containers[0].resources.limits.memory).toBe("192Mi");

    // The rollout's new pod is healthy: the finding is gone from the same procedure the button used.
    const deadline = Date.now() + 30_000;
    while ((await apiFindings()).some((f) => f.fingerprint === fingerprint)) {
      if (Date.now() > deadline) throw new Error("the OOM finding is still reported 30 s after the fix");
      await new Promise((r) => setTimeout(r, 500));
    }
    // The earlier reply's button names a finding that is gone now.
    const stale = await h.standIn.sendComponent({
      userId: BOB,
      guildId: ACME,
      customId: buttonId(earlier.components, fixLabel(earlier)),
      messageId: earlier.id ?? "",
    });
    await new Promise((r) => setTimeout(r, 1_000));
    expect(stale.followUps().map((f) => JSON.stringify(f.embeds))).toEqual([
      expect.stringContaining("This finding is no longer present"),
    ]);
    // The plan's message (now the result) has no target to fix: its button would be out of date.
    const replayed = await h.standIn.sendComponent({
      userId: BOB,
      guildId: ACME,
      customId,
      messageId: reply.id ?? "",
    });
    await new Promise((r) => setTimeout(r, 1_000));
    expect(replayed.followUps().map((f) => JSON.stringify(f.embeds))).toEqual([
      expect.stringContaining("That button is out of date; run /diagnose again."),
    ]);
  }, 120_000);
});
