import type { DiagnosticsClusterOutput, DiagnosticsRunOutput } from "@clustercord/contracts";
import { callTrpc, workerHeaders } from "@clustercord/testenv";
import {
  type Cluster,
  type RunningPod,
  simulateCrashLoop,
  waitForRunningPod,
} from "@clustercord/testenv/cluster";
import type { ReplyPayload } from "@clustercord/testenv/discord";
import { escapeMarkdown } from "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ACME,
  ALICE,
  BETA,
  CAROL,
  opt,
  SERVICE_TOKEN,
  startWorkerWithSharedCluster,
  type WorkerHarness,
} from "./harness";

// /diagnose through the real worker and the Discord stand-in, against the real API (diagnostics.run over
// the shared watch caches of the local control plane). Alice owns Acme (admin), Carol is a viewer there
// and owns Beta, a tenant of the shared cluster.

const nsAcme = `clustercord-guild-${ACME}`;
const nsBeta = `clustercord-guild-${BETA}`;

let h: WorkerHarness;
let kube: Cluster;
let clusterId: string;
let stack: Awaited<ReturnType<typeof startWorkerWithSharedCluster>>;

const payments = `
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
          resources: { requests: { memory: 64Mi }, limits: { memory: 128Mi } }
`;

/** The running payments pod (kwok has started it). */
const runningPod = () => waitForRunningPod((args) => kube.kubectl(args), nsAcme, "app=payments");

/** Killed for memory three times over, as a kubelet reports it (as the API's test does). */
const oomKill = async (pod: RunningPod) =>
  simulateCrashLoop((args, input) => kube.kubectl(args, input), nsAcme, pod, {
    container: "app",
    image: "ghcr.io/acme/payments:2.1.0",
    exitCode: 137,
    reason: "OOMKilled",
    restarts: 3,
  });

const diagnose = (who: string, guild: string, options: ReturnType<typeof opt>[]) =>
  h.send({ userId: who, guildId: guild, name: "diagnose", options });

/** diagnostics.run as the web page calls it, for the same person and target. */
async function apiRun(who: string, target: Record<string, unknown>) {
  const res = await callTrpc<DiagnosticsRunOutput>(h.apiUrl, "diagnostics.run", {
    headers: workerHeaders(SERVICE_TOKEN, who, ACME),
    input: { clusterId, target },
  });
  expect(res.status, JSON.stringify(res.error)).toBe(200);
  return res.data;
}

/** diagnostics.cluster as the web's Health page calls it, for the same person on the same server. */
async function apiPass(who: string, guild: string) {
  const res = await callTrpc<DiagnosticsClusterOutput>(h.apiUrl, "diagnostics.cluster", {
    headers: workerHeaders(SERVICE_TOKEN, who, guild),
    input: { clusterId },
  });
  expect(res.status, JSON.stringify(res.error)).toBe(200);
  return res.data;
}

/** A health summary's finding lines, field after field. */
const passLines = (reply: ReplyPayload) =>
  (reply.embeds?.[0]?.fields ?? []).flatMap((f) => f.value.split("\n"));

const icon = { CRITICAL: "🔴", HIGH: "🟠", MEDIUM: "🟡", LOW: "🔵" } as const;

/** The summary shows diagnostics.cluster's first findings, one line each, in the API's order; none when clean. */
function expectSamePass(reply: ReplyPayload, out: DiagnosticsClusterOutput) {
  const lines = passLines(reply);
  const expected = out.findings
    .slice(0, lines.length)
    .map((f) => `${icon[f.severity]} ${escapeMarkdown(f.title)}`);
  // A line may add the object it is about: " · Pod `payments-…`".
  expect(lines.map((line, i) => line.slice(0, expected[i]?.length))).toEqual(expected);
  expect(lines.length === 0).toBe(out.total === 0);
}

/** The embed's field names without their severity icon: "CRITICAL · <title>[ (<kind> <name>)]". */
const shownTitles = (reply: ReplyPayload) =>
  (reply.embeds?.[0]?.fields ?? []).map((f) => f.name.replace(/^\S+ /, ""));

/** The embed shows diagnostics.run's findings, one field each, in the API's order (most severe first). */
function expectSameFindings(reply: ReplyPayload, out: DiagnosticsRunOutput) {
  const expected = out.findings.map((f) => `${f.severity} · ${f.title}`);
  // A field may add the object it is about: "(Pod payments-…)".
  expect(shownTitles(reply).map((name, i) => name.slice(0, expected[i]?.length))).toEqual(expected);
}

const description = (reply: ReplyPayload) => reply.embeds?.[0]?.description ?? "";

/** Runs the command until its embed shows the OOM finding (the watch caches see the patched status within a moment). */
async function untilOomShown(run: () => Promise<ReplyPayload>): Promise<ReplyPayload> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const reply = await run();
    if (shownTitles(reply).some((t) => t.includes("OOMKilled"))) return reply;
    if (Date.now() > deadline)
      throw new Error(`no OOMKilled finding after 30 s: ${JSON.stringify(reply.embeds)}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

beforeAll(async () => {
  stack = await startWorkerWithSharedCluster("diagnose");
  ({ h, kube, clusterId } = stack);
  await kube.kubectl(["apply", "-f", "-"], payments);
  await oomKill(await runningPod());
}, 600_000);

afterAll(async () => {
  await stack?.close();
});

describe("/diagnose", () => {
  it("shows the findings diagnostics.run returns for the OOM-killed Deployment, to the person alone", async () => {
    const target = { kind: "Deployment", namespace: nsAcme, name: "payments" };
    const reply = await untilOomShown(() =>
      diagnose(ALICE, ACME, [opt("deployment", "payments"), opt("namespace", nsAcme)]),
    );
    const api = await apiRun(ALICE, target);
    expect(reply.flags).toBe(64);
    // The same findings, in the same order, as the web page gets from the same procedure.
    expectSameFindings(reply, api);
    expect(api.findings.map((f) => f.id)).toContain("pod.crash-loop.oom-killed");
    const embed = reply.embeds?.[0];
    expect(embed?.title).toBe("Diagnosis of Deployment payments");
    expect(description(reply)).toMatch(/^\*\*\d+ findings?\*\* \(CRITICAL 1/);
    const oom = embed?.fields?.find((f) => f.name.includes("OOMKilled"));
    expect(oom?.name).toMatch(/^🔴 CRITICAL · /);
    expect(oom?.value).toMatch(/137|OOMKilled/);
    expect(oom?.value).toContain("128Mi");
    expect(oom?.value).toMatch(/🛠️ Suggested fix: .*memory/i);
    // Nodes are not a tenant's on a shared cluster: the reply says they were not read.
    expect(api.unread).toContain("nodes");
    expect(embed?.footer?.text).toMatch(/ · not read: .*nodes/);
  });

  it("finds the namespace itself when none is given, and diagnoses a pod", async () => {
    // Carol is a viewer in Acme: the deployment is looked up in her namespaces.
    const byName = await untilOomShown(() => diagnose(CAROL, ACME, [opt("deployment", "payments")]));
    expect(description(byName)).toContain(`Deployment \`payments\` in \`${nsAcme}\` on shared`);

    const pod = (await runningPod()).metadata.name;
    const reply = await untilOomShown(() => diagnose(CAROL, ACME, [opt("pod", pod)]));
    const api = await apiRun(CAROL, { kind: "Pod", namespace: nsAcme, name: pod });
    expect(reply.embeds?.[0]?.title).toBe(`Diagnosis of Pod ${pod}`);
    expectSameFindings(reply, api);

    const missing = await diagnose(CAROL, ACME, [opt("deployment", "nope")]);
    expect(description(missing)).toBe('⚠️ No Deployment "nope" in your namespaces.');
  });

  it("shows the API's refusal: another server's namespace, nodes on a shared cluster", async () => {
    // Beta becomes a tenant of the shared cluster: it may use it, not Acme's namespace.
    await h.cluster(ALICE, ACME, "grant", [opt("name", "shared"), opt("server", BETA)]);
    const accepted = await h.cluster(CAROL, BETA, "accept", [opt("cluster", "shared")]);
    expect(accepted.embeds?.[0]?.title).toBe("Joined shared");
    const beta = await diagnose(CAROL, BETA, [
      opt("deployment", "payments"),
      opt("namespace", nsAcme),
      opt("cluster", "shared"),
    ]);
    expect(beta.flags).toBe(64);
    expect(description(beta)).toBe("⚠️ You may not diagnose in that namespace on this cluster.");
    expect(JSON.stringify(beta.embeds)).not.toMatch(/OOMKilled|128Mi/);

    const node = await diagnose(ALICE, ACME, [opt("node", "kwok-node-0")]);
    expect(description(node)).toBe("⚠️ You may not list nodes on this cluster.");
  });

  it("without a target, shows diagnostics.cluster's pass: its first findings, in its order", async () => {
    // Acme is a tenant of the shared cluster: its pass covers its namespace.
    const deadline = Date.now() + 30_000;
    let reply = await diagnose(ALICE, ACME, []);
    while (!passLines(reply).some((l) => l.includes("OOMKilled"))) {
      if (Date.now() > deadline)
        throw new Error(`no OOMKilled line after 30 s: ${JSON.stringify(reply.embeds)}`);
      await new Promise((r) => setTimeout(r, 300));
      reply = await diagnose(ALICE, ACME, []);
    }
    const api = await apiPass(ALICE, ACME);
    expect(reply.flags).toBe(64);
    const embed = reply.embeds?.[0];
    expect(embed?.title).toBe("Health of shared");
    const [counts, bySeverity, more] = description(reply).split("\n") as [string, string, string?];
    expect(counts).toBe(
      `**${api.total} finding${api.total === 1 ? "" : "s"}** in your namespace \`${nsAcme}\` on shared.`,
    );
    expect(bySeverity).toBe(
      `🔴 CRITICAL ${api.bySeverity.CRITICAL} · 🟠 HIGH ${api.bySeverity.HIGH} · 🟡 MEDIUM ${api.bySeverity.MEDIUM} · 🔵 LOW ${api.bySeverity.LOW}`,
    );
    // The same first findings, in the same order, as the web page gets from the same procedure.
    expectSamePass(reply, api);
    const lines = passLines(reply);
    expect(api.findings.map((f) => f.id)).toContain("pod.crash-loop.oom-killed");
    expect(lines[0]).toMatch(/^🔴 .*OOMKilled/);
    // One group: the tenant's own namespace, nothing of the cluster's others.
    expect(new Set(embed?.fields?.map((f) => f.name.replace(/ \(continued\)$/, "")))).toEqual(
      new Set([`📁 ${nsAcme}`]),
    );
    expect(more).toBe(
      api.total > lines.length
        ? `…and ${api.total - lines.length} more: see the cluster's Health page in the web dashboard.`
        : undefined,
    );
    expect(api.unread).toContain("nodes");
    expect(embed?.footer?.text).toMatch(/ · not read: .*nodes/);

    // A namespace alone is diagnosed as a whole, as the Health page's ?namespace= link does.
    const whole = await diagnose(ALICE, ACME, [opt("namespace", nsAcme)]);
    expect(whole.embeds?.[0]?.title).toBe(`Diagnosis of Namespace ${nsAcme}`);
    expectSameFindings(whole, await apiRun(ALICE, { kind: "Namespace", name: nsAcme }));
  });

  it("a tenant's pass shows its own namespaces only", async () => {
    // Beta joined the shared cluster in the refusal test above.
    const reply = await diagnose(CAROL, BETA, [opt("cluster", "shared")]);
    const api = await apiPass(CAROL, BETA);
    expect(api.scope).toEqual({ kind: "namespaces", namespaces: [nsBeta] });
    expect(description(reply)).toContain(`your namespace \`${nsBeta}\` on shared`);
    expectSamePass(reply, api);
    expect(JSON.stringify(reply.embeds)).not.toMatch(new RegExp(`${nsAcme}|OOMKilled|payments`));
  });

  it("asks for at most one target, and autocompletes names", async () => {
    const two = await diagnose(ALICE, ACME, [opt("pod", "a"), opt("deployment", "b")]);
    expect(description(two)).toBe(
      "⚠️ Say what to diagnose with at most one of pod:, deployment: or node: (none: the whole cluster).",
    );

    const sent = await h.standIn.sendAutocomplete({
      userId: ALICE,
      guildId: ACME,
      name: "diagnose",
      options: [],
      focused: { name: "deployment", value: "pay" },
    });
    expect((await sent.choices()).map((c) => c.value)).toEqual(["payments"]);
  });
});
