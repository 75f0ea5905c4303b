import type { DiagnosticsRunOutput } from "@clustercord/contracts";
import { callTrpc, workerHeaders } from "@clustercord/testenv";
import type { Cluster } from "@clustercord/testenv/cluster";
import type { ReplyPayload } from "@clustercord/testenv/discord";
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

interface PodJson {
  metadata: { name: string };
  status?: { podIP?: string; startTime?: string };
}

/** The running payments pod (kwok gives it an IP, then leaves its status alone). */
async function runningPod(): Promise<PodJson> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const list = JSON.parse(
      await kube.kubectl(["get", "pods", "-n", nsAcme, "-l", "app=payments", "-o", "json"]),
    ) as { items: PodJson[] };
    const pod = list.items.find((p) => p.status?.podIP);
    if (pod) return pod;
    if (Date.now() > deadline) throw new Error("no running payments pod after 60 s");
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** What a kubelet reports for a container the kernel killed for memory, three times over (as the API test does). */
async function oomKill(pod: PodJson) {
  const at = new Date().toISOString().replace(/\.\d+Z$/, "Z");
  const status = {
    phase: "Running",
    conditions: [
      { type: "Ready", status: "False", reason: "ContainersNotReady", lastTransitionTime: at },
      { type: "PodScheduled", status: "True", lastTransitionTime: pod.status?.startTime ?? at },
    ],
    containerStatuses: [
      {
        name: "app",
        image: "ghcr.io/acme/payments:2.1.0",
        imageID: "",
        ready: false,
        started: false,
        restartCount: 3,
        state: {
          waiting: { reason: "CrashLoopBackOff", message: "back-off 40s restarting failed container=app" },
        },
        lastState: { terminated: { exitCode: 137, reason: "OOMKilled", startedAt: at, finishedAt: at } },
      },
    ],
  };
  await kube.kubectl([
    "patch",
    "pod",
    pod.metadata.name,
    "-n",
    nsAcme,
    "--subresource=status",
    "--type=merge",
    "-p",
    JSON.stringify({ status }),
  ]);
}

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

  it("asks for exactly one target, and autocompletes names", async () => {
    const none = await diagnose(ALICE, ACME, []);
    expect(description(none)).toBe("⚠️ Say what to diagnose with exactly one of pod:, deployment: or node:.");
    const two = await diagnose(ALICE, ACME, [opt("pod", "a"), opt("deployment", "b")]);
    expect(description(two)).toBe(description(none));

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
