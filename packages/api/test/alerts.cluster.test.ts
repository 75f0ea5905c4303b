/**
 * The alerts engine on the local control plane: a pod-crash rule subscribed by DM, the engine's jobs
 * watching the shared caches, a Deployment's pod driven into an OOM crash loop whose logs print
 * credentials. Exactly one DM comes through the Discord stand-in, with the exit code, the last log lines
 * (credentials blanked) and the Diagnose / Mute buttons; when the pod goes away, a "resolved" DM.
 */
import { appendFile } from "node:fs/promises";
import { join } from "node:path";
import { createJobRunner, type JobRunner } from "@clustercord/jobs";
import { createNotifyService, type NotifyService } from "@clustercord/notify";
import { simulateCrashLoop, waitForRunningPod } from "@clustercord/testenv/cluster";
import type { SentMessage } from "@clustercord/testenv/discord";
import { registerSecret } from "@clustercord/testenv/leak-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALERTS_TICK_JOB, alertsJobs, type createAlertsWatcher } from "../src/services/alerts-jobs";
import { ACME, ALICE, type ApiHarness, startApiHarness } from "./harness";

const ns = `clustercord-guild-${ACME}`;
const PASSWORD = registerSecret(
  "alerts-db-password-5c1e9a7f42",
  "a Secret value printed by the crashing app",
);
const LICENSE = registerSecret("alerts-license-9b3d0e6a18", "a literal env value of the crashing container");

let h: ApiHarness;
let notify: NotifyService;
let runner: JobRunner;
let watcher: ReturnType<typeof createAlertsWatcher> | undefined;
let clusterId: string;

const objects = `
apiVersion: apps/v1
kind: Deployment
metadata: { name: billing, namespace: ${ns} }
spec:
  replicas: 1
  selector: { matchLabels: { app: billing } }
  template:
    metadata: { labels: { app: billing } }
    spec:
      containers:
        - name: app
          image: ghcr.io/acme/billing:2.0.0
          env: [{ name: LICENSE_KEY, value: ${LICENSE} }]
          resources: { limits: { memory: 128Mi } }
`;

beforeAll(async () => {
  h = await startApiHarness();
  clusterId = await h.addSharedCluster();
  // notify() as the web process runs it, DMs through the stand-in.
  notify = createNotifyService({
    prisma: h.db.prisma,
    discord: { apiBase: h.standIn.apiBase, botToken: h.standIn.fixture.bot.token },
    smtp: null,
    publicUrl: "https://cc.example.test",
  });
  runner = createJobRunner({ mode: "regular" });
  const deps = {
    prisma: h.db.prisma,
    cipher: h.cipher,
    caches: h.caches,
    clusterGuard: h.clusterGuard,
    notifications: notify,
  };
  const entries = alertsJobs(deps, { runner: () => runner, onWatcher: (w) => (watcher = w) });
  runner.register([...notify.jobs, ...entries].map((e) => e.job));
  notify.attachRunner(runner);
  await runner.start();

  await h.db.prisma.alertRule.create({
    data: {
      clusterId,
      guildId: ACME,
      name: "billing crashes",
      createdBy: ALICE,
      spec: {
        name: "billing crashes",
        clusterId,
        type: "pod-crash",
        scope: { kind: "namespace", namespace: ns },
        // CRITICAL: delivered at once whatever the hour the test runs at.
        severity: "CRITICAL",
        subscribers: [{ kind: "person", id: ALICE, via: ["dm"] }],
      },
    },
  });
  await h.cluster.kubectl(["apply", "-f", "-"], objects);
  // The minute's tick, now: the engine subscribes to this cluster's caches and evaluates once.
  const tick = entries.find((e) => e.job.name === ALERTS_TICK_JOB)?.job;
  if (!tick) throw new Error("no alerts.tick job");
  await runner.enqueue(tick, {});
}, 600_000);

afterAll(async () => {
  watcher?.stop();
  await runner?.stop({ graceMs: 1_000 });
  await notify?.close();
  await h?.close();
});

async function until<T>(read: () => T | Promise<T>, done: (value: T) => boolean, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const about = (pattern: RegExp) => () =>
  h.standIn.dms(ALICE).filter((m) => m.embeds?.some((e) => pattern.test(String(e.title ?? ""))));
const text = (messages: SentMessage[]) => JSON.stringify(messages);

describe("alerts on the local control plane", () => {
  it("sends one DM for a crash loop with the exit code, log lines and buttons, then a resolved DM", async () => {
    const pod = await waitForRunningPod((args) => h.cluster.kubectl(args), ns, "app=billing");
    const podName = pod.metadata.name;
    // What the app printed before it died (kwok serves one log file to every container).
    const at = () => new Date().toISOString().replace("Z", "000000Z");
    await appendFile(
      join(h.cluster.dataDir, "logs", "container.log"),
      [
        `connecting with DB_PASSWORD=${PASSWORD}`,
        `license ${LICENSE} accepted`,
        "fatal: out of memory while loading invoices",
      ]
        .map((l) => `${at()} stdout F ${l}\n`)
        .join(""),
    );
    await until(
      () => watcher?.watching() ?? [],
      (w) => w.includes(clusterId),
    );
    expect(watcher?.watching()).toContain(clusterId);
    await simulateCrashLoop((args, input) => h.cluster.kubectl(args, input), ns, pod, {
      container: "app",
      image: "ghcr.io/acme/billing:2.0.0",
      exitCode: 137,
      reason: "OOMKilled",
      restarts: 3,
    });

    const crashing = await until(about(new RegExp(`${podName} is crashing`)), (l) => l.length >= 1);
    expect(crashing).toHaveLength(1);
    // Later cache events (status updates, the tick) do not repeat it.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(about(/is crashing/)()).toHaveLength(1);

    const [dm] = crashing;
    const description = String(dm?.embeds?.[0]?.description ?? "");
    expect(dm?.embeds?.[0]?.title).toBe(`Pod ${ns}/${podName} is crashing (OOMKilled, exit 137)`);
    expect(description).toContain("Exit code: 137");
    expect(description).toContain("Restarts: 3");
    expect(description).toContain("Owner: Deployment billing");
    expect(description).toContain("fatal: out of memory while loading invoices");
    expect(description).toContain("DB_PASSWORD=[redacted]");
    const event = await h.db.prisma.alertEvent.findFirstOrThrow({ where: { clusterId, kind: "alert" } });
    const buttons = (dm?.components ?? []).flatMap(
      (row) => (row as { components: { custom_id: string; label: string }[] }).components,
    );
    expect(buttons.map((b) => [b.label, b.custom_id])).toEqual([
      ["Diagnose", `alert:diagnose:${event.id}:${event.guildId}`],
      ["Mute", `alert:mute:${event.id}:${event.guildId}`],
    ]);

    // The crash loop ends (the pod is replaced): "resolved".
    await h.cluster.kubectl(["delete", "pod", podName, "-n", ns, "--wait"]);
    const resolved = await until(about(/^Resolved: /), (l) => l.length >= 1);
    expect(resolved).toHaveLength(1);
    expect(resolved[0]?.embeds?.[0]?.title).toContain(podName);

    // No registered secret reached a DM or the history.
    const everything = text(h.standIn.dms(ALICE)) + JSON.stringify(await h.db.prisma.alertEvent.findMany());
    for (const secret of [PASSWORD, LICENSE]) expect(everything).not.toContain(secret);
  });
});
