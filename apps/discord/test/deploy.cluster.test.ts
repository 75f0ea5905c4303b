import { canaryJobs, createClusterGuard, ResourceCaches } from "@clustercord/api";
import { createDiscordDirectory } from "@clustercord/auth";
import type {
  RolloutsCanaryStatusOutput,
  RolloutsHistoryOutput,
  RolloutsStatusOutput,
} from "@clustercord/contracts";
import { createJobRunner, type JobRunner } from "@clustercord/jobs";
import { callTrpc, localClusterPolicy, workerHeaders } from "@clustercord/testenv";
import type { Cluster } from "@clustercord/testenv/cluster";
import type { InteractionHandle, ReplyPayload } from "@clustercord/testenv/discord";
import { escapeMarkdown } from "discord.js";
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

// `/deploy` through the real worker and the Discord stand-in, against the real rollouts procedures
// on the local control plane (kwok pods): a rollout followed live in an edited message, pause and
// resume, history, undo to a chosen revision with the diff first, a canary confirmed and promoted,
// and refusals with the API's own message.

const ns = `clustercord-guild-${ACME}`;
const LONG = 180_000;

let stack: Awaited<ReturnType<typeof startWorkerWithSharedCluster>>;
let h: WorkerHarness;
let kube: Cluster;
let clusterId: string;
let runner: JobRunner;
let caches: ResourceCaches;

/** Slow enough to watch: one pod at a time, each counted available only after 4 s. */
const deployment = (name: string, image: string, replicas: number, cause: string) => `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${ns}
  annotations: { kubernetes.io/change-cause: "${cause}" }
spec:
  replicas: ${replicas}
  minReadySeconds: 4
  strategy: { type: RollingUpdate, rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } }
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name} } }
    spec:
      containers:
        - name: ${name}
          image: ${image}
          env: [{ name: MODE, value: "demo" }]
`;

const api = <T>(procedure: string, who: string, input: unknown, mutation = false) =>
  callTrpc<T>(h.apiUrl, procedure, { headers: workerHeaders(SERVICE_TOKEN, who, ACME), input, mutation });

const target = (name: string) => ({ clusterId, namespace: ns, kind: "Deployment", name });

const deploy = (
  who: string,
  group: string | undefined,
  subcommand: string,
  options: ReturnType<typeof opt>[],
) =>
  h.standIn.sendCommand({
    userId: who,
    guildId: ACME,
    name: "deploy",
    ...(group ? { group } : {}),
    subcommand,
    options,
  });

const text = (reply: ReplyPayload) =>
  (reply.embeds ?? [])
    .map((e) =>
      [e.title, e.description, ...(e.fields ?? []).map((f) => `${f.name}\n${f.value}`), e.footer?.text]
        .filter(Boolean)
        .join("\n"),
    )
    .join("\n");

/** The message as the person sees it now (the interaction's @original, read back from Discord). */
async function current(handle: { token: string }): Promise<ReplyPayload> {
  const url = `${h.standIn.apiBase}/v10/webhooks/${h.standIn.fixture.application.id}/${handle.token}/messages/@original`;
  const res = await fetch(url);
  if (!res.ok) throw new Error(`GET @original: HTTP ${res.status}`);
  return (await res.json()) as ReplyPayload;
}

/** Edits the bot made to the interaction's message (PATCH @original), as the stand-in served them. */
const editsOf = (handle: { token: string }) =>
  h.standIn
    .requests()
    .filter(
      (r) =>
        r.method === "PATCH" && r.path.endsWith(`/${handle.token}/messages/%40original`) && r.status < 300,
    ).length;

/** Reads the message until `done` says so, keeping each distinct text it showed. */
async function watchUntil(handle: { token: string }, done: (t: string) => boolean, timeoutMs = 120_000) {
  const seen: string[] = [];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const now = text(await current(handle));
    if (seen.at(-1) !== now) seen.push(now);
    if (done(now)) return { final: now, seen };
    if (Date.now() > deadline) throw new Error(`never done: ${JSON.stringify(seen.slice(-3))}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function statusOf(name: string, who = BOB) {
  const res = await api<RolloutsStatusOutput>("rollouts.status", who, target(name));
  if (res.status !== 200) throw new Error(`rollouts.status: ${JSON.stringify(res.error)}`);
  return res.data;
}

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`${what}: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The API's own message for a refused call, as the worker's error reply escapes it. */
async function refusal(procedure: string, who: string, input: unknown) {
  const res = await api(procedure, who, input);
  expect(res.status).toBeGreaterThanOrEqual(400);
  return `⚠️ ${escapeMarkdown(res.error?.data.userMessage ?? "(no message)")}`;
}

const replyOf = async (handle: Promise<InteractionHandle>) => (await handle).reply(30_000);

beforeAll(async () => {
  stack = await startWorkerWithSharedCluster("deploy");
  ({ h, kube, clusterId } = stack);
  // The canaries' analysis runs as jobs in the web process; here, a runner of its own on the same database.
  caches = new ResourceCaches();
  runner = createJobRunner({ mode: "regular" });
  const entries = canaryJobs(
    {
      prisma: h.db.prisma,
      directory: createDiscordDirectory({
        apiBase: h.standIn.apiBase,
        botToken: h.standIn.fixture.bot.token,
      }),
      cipher: h.cipher,
      caches,
      clusterGuard: createClusterGuard({ ...localClusterPolicy, allowInsecureTls: true }),
    },
    { runner: () => runner, intervalSeconds: 2 },
  );
  runner.register(entries.map((e) => e.job));
  for (const { job, schedule } of entries)
    if (schedule) await runner.schedule(job, schedule.cron, schedule.payload);
  await runner.start();
  await kube.kubectl(["apply", "-f", "-"], deployment("web", "nginx:1.24", 3, "first release"));
  await kube.kubectl(["apply", "-f", "-"], deployment("api", "ghcr.io/acme/api:1.4", 4, "api 1.4"));
  for (const name of ["web", "api"]) {
    await until(
      () => statusOf(name),
      (s) => s.phase === "complete",
      `${name} never completed`,
      120_000,
    );
  }
}, 600_000);

afterAll(async () => {
  await runner?.stop({ graceMs: 1_000 });
  caches?.stopAll();
  await stack?.close();
});

describe("/deploy rollout", () => {
  it(
    "follows an image change live: the same message edited every 5 s until it says the rollout is complete",
    async () => {
      await kube.kubectl(["apply", "-f", "-"], deployment("web", "nginx:1.25", 3, "nginx 1.25"));
      const handle = await deploy(BOB, "rollout", "status", [opt("deployment", "web")]);
      const first = await handle.reply(30_000);
      expect(text(first)).toContain("Updates every 5 s");
      expect(text(first)).toContain("Rollout of web");
      const { final, seen } = await watchUntil(handle, (t) => !t.includes("Updates every 5 s"));
      expect(final).toMatch(/Rollout complete in \d+ s\./);
      // The first state, at least one progress edit, and the ending: one message edited each time.
      expect(seen.length).toBeGreaterThanOrEqual(3);
      expect(editsOf(handle)).toBeGreaterThanOrEqual(3);
      // The same numbers as the API's status for the same person.
      const now = await statusOf("web");
      expect(now.phase).toBe("complete");
      expect(final).toContain(`**Revision ${now.revision}**`);
      expect(final).toContain(
        `available ${"█".repeat(12)} ${now.replicas.available}/${now.replicas.desired}`,
      );
    },
    LONG,
  );

  it(
    "pauses, then resumes a rollout and follows it to the end",
    async () => {
      const paused = await replyOf(deploy(BOB, "rollout", "pause", [opt("deployment", "web")]));
      // The API's sentence, printed as it is.
      expect(text(paused)).toContain("Paused the rollout of web.");
      await until(
        () => statusOf("web"),
        (s) => s.paused && s.phase === "paused",
        "never paused",
      );
      // A change while paused does not roll out...
      await kube.kubectl(["apply", "-f", "-"], deployment("web", "nginx:1.26", 3, "nginx 1.26"));
      await new Promise((r) => setTimeout(r, 1_000));
      const sets = await kube.kubectl(["get", "rs", "-n", ns, "-l", "app=web", "-o", "jsonpath={..image}"]);
      expect(sets).not.toContain("nginx:1.26");
      // ...until resumed, and the reply follows it live.
      const handle = await deploy(BOB, "rollout", "resume", [opt("deployment", "web")]);
      await handle.reply(30_000);
      const { final } = await watchUntil(handle, (t) => /Rollout complete in|Rollout failed/.test(t));
      expect(final).toMatch(/Resumed the rollout of web\.\nRollout complete in \d+ s\./);
      const after = await statusOf("web");
      expect(after.paused).toBe(false);
      expect(after.images).toEqual(["nginx:1.26"]);
    },
    LONG,
  );

  it("lists the history with images, change-cause and the current revision", async () => {
    const reply = await replyOf(deploy(BOB, "rollout", "history", [opt("deployment", "web")]));
    const t = text(reply);
    expect(t).toContain(`History of web in ${ns}`);
    expect(t).toMatch(/3\*\s+\S+ \S+\s+nginx:1\.26\s+nginx 1\.26/);
    expect(t).toMatch(/2\s+\S+ \S+\s+nginx:1\.25\s+nginx 1\.25/);
    expect(t).toMatch(/1\s+\S+ \S+\s+nginx:1\.24\s+first release/);
  });

  it("autocompletes deployments and revisions", async () => {
    const deployments = await (
      await h.standIn.sendAutocomplete({
        userId: BOB,
        guildId: ACME,
        name: "deploy",
        group: "rollout",
        subcommand: "undo",
        focused: { name: "deployment", value: "we" },
      })
    ).choices();
    expect(deployments.map((c) => c.value)).toEqual(["web"]);
    const revisions = await (
      await h.standIn.sendAutocomplete({
        userId: BOB,
        guildId: ACME,
        name: "deploy",
        group: "rollout",
        subcommand: "undo",
        options: [opt("deployment", "web")],
        focused: { name: "revision", value: "" },
      })
    ).choices();
    expect(revisions.map((c) => c.value)).toEqual([3, 2, 1]);
    expect(revisions[0]?.name).toBe("3 (current) · nginx:1.26 · nginx 1.26");
  });

  it(
    "undoes to a chosen revision with the diff shown before Confirm, ending on the revision the API reports",
    async () => {
      const plan = await replyOf(
        deploy(BOB, "rollout", "undo", [opt("deployment", "web"), opt("revision", 1)]),
      );
      const shown = text(plan);
      expect(shown).toContain("**Revision 3 → 1**");
      expect(shown).toContain("```diff");
      expect(shown).toContain("nginx:1.26");
      expect(shown).toContain("nginx:1.24");
      // Nothing changed yet.
      expect((await statusOf("web")).images).toEqual(["nginx:1.26"]);

      const click = await h.standIn.sendComponent({
        userId: BOB,
        guildId: ACME,
        customId: buttonId(plan.components, "Undo to revision 1"),
        messageId: plan.id ?? "",
      });
      await click.reply(30_000);
      const { final } = await watchUntil(
        click,
        (t) => /Rollout complete in|Rollout failed|✅/.test(t) && !t.includes("Updates every 5 s"),
      );
      const history = await api<RolloutsHistoryOutput>("rollouts.history", BOB, target("web"));
      const now = history.data.revisions.find((r) => r.current);
      expect(now?.images).toEqual(["nginx:1.24"]);
      expect(now?.rolledBack).toBe(true);
      expect(final).toContain(`**Revision ${now?.revision}**`);
      const listed = text(await replyOf(deploy(BOB, "rollout", "history", [opt("deployment", "web")])));
      expect(listed).toMatch(new RegExp(`${now?.revision}\\*↩\\s+\\S+ \\S+\\s+nginx:1\\.24`));
    },
    LONG,
  );

  it("scales with the API's message and the status it answered", async () => {
    const reply = await replyOf(
      deploy(BOB, "rollout", "scale", [opt("deployment", "web"), opt("replicas", 2)]),
    );
    expect(text(reply)).toContain("Scaled web from 3 to 2 replicas.");
    await until(
      () => statusOf("web"),
      (s) => s.replicas.desired === 2,
      "never scaled",
    );
  });

  it("refuses a viewer's undo and a revision that does not exist with the API's message", async () => {
    const viewer = await replyOf(deploy(CAROL, "rollout", "undo", [opt("deployment", `${ns}/web`)]));
    expect(viewer.embeds?.[0]?.description).toBe(await refusal("rollouts.planUndo", CAROL, target("web")));
    expect(viewer.components ?? []).toEqual([]);

    const missing = await replyOf(
      deploy(BOB, "rollout", "undo", [opt("deployment", "web"), opt("revision", 99)]),
    );
    expect(missing.embeds?.[0]?.description).toBe(
      await refusal("rollouts.planUndo", BOB, { ...target("web"), revision: 99 }),
    );
    expect(missing.embeds?.[0]?.description).toContain("99");
  });
});

describe("/deploy canary", () => {
  it("refuses a percentage of 0 with the API's message, before anything is created", async () => {
    const reply = await replyOf(
      deploy(BOB, undefined, "canary", [
        opt("deployment", "api"),
        opt("image", "ghcr.io/acme/api:1.5"),
        opt("percentage", 0),
      ]),
    );
    expect(reply.embeds?.[0]?.description).toBe(
      await refusal("rollouts.planCanary", BOB, {
        clusterId,
        namespace: ns,
        deployment: "api",
        image: "ghcr.io/acme/api:1.5",
        percentage: 0,
        windowSeconds: 300,
      }),
    );
    expect(reply.embeds?.[0]?.description).toContain("percentage");
    await expect(kube.kubectl(["get", "deployment", "api-canary", "-n", ns])).rejects.toThrow();
  });

  it(
    "plans, is confirmed through the button, and ends promoted with the message edited along the way",
    async () => {
      const plan = await replyOf(
        deploy(BOB, undefined, "canary", [
          opt("deployment", "api"),
          opt("image", "ghcr.io/acme/api:1.5"),
          opt("percentage", 25),
          opt("window", "10s"),
        ]),
      );
      expect(text(plan)).toContain("stable 3 · canary 1 (25%)");
      const click = await h.standIn.sendComponent({
        userId: BOB,
        guildId: ACME,
        customId: buttonId(plan.components, "Start canary of api"),
        messageId: plan.id ?? "",
      });
      const first = await click.reply(30_000);
      expect(text(first)).toContain("Canary of api");
      const { final } = await watchUntil(click, (t) => /Promoted|Rolled back|Aborted/.test(t), 150_000);
      expect(final).toContain("✅ Promoted: api now runs `ghcr.io/acme/api:1.5`");
      // The analysis shown, at least one edit while it ran, and the ending.
      expect(editsOf(click)).toBeGreaterThanOrEqual(2);
      const after = await api<RolloutsCanaryStatusOutput>("rollouts.canaryStatus", BOB, {
        clusterId,
        namespace: ns,
        deployment: "api",
      });
      expect(after.data.canary?.phase).toBe("promoted");
      expect((await statusOf("api")).images).toEqual(["ghcr.io/acme/api:1.5"]);
    },
    LONG,
  );
  it(
    "shows a running canary with /deploy canary-status, and Abort on its message ends it",
    async () => {
      const plan = await replyOf(
        deploy(BOB, undefined, "canary", [
          opt("deployment", "api"),
          opt("image", "ghcr.io/acme/api:1.6"),
          opt("percentage", 50),
          opt("window", "5m"),
        ]),
      );
      const started = await h.standIn.sendComponent({
        userId: BOB,
        guildId: ACME,
        customId: buttonId(plan.components, "Start canary of api"),
        messageId: plan.id ?? "",
      });
      const running = await started.reply(30_000);
      expect(text(running)).toContain("⏳ Analysing the canary until");

      const watching = await deploy(CAROL, undefined, "canary-status", [opt("deployment", "api")]);
      const shown = await watching.reply(30_000);
      expect(text(shown)).toContain("`ghcr.io/acme/api:1.5` → `ghcr.io/acme/api:1.6`");
      expect(text(shown)).toContain("(50%)");

      const aborted = await h.standIn.sendComponent({
        userId: BOB,
        guildId: ACME,
        customId: buttonId(running.components, "Abort"),
        messageId: running.id ?? "",
      });
      await aborted.reply(30_000);
      // Abort answers in the message at once; then the live follow of the same message sees it end
      // (its own headline, "… started …", over the ending), and so does the person watching canary-status.
      const ended = (t: string) => /⏹️ Aborted|↩️ Rolled back/.test(t);
      const { final } = await watchUntil(started, (t) => ended(t) && t.includes("started"), 60_000);
      await watchUntil(watching, ended, 60_000);
      expect(final).toContain("aborted by Bob Operator");
      expect(final).not.toContain("Analysing");
      const after = await api<RolloutsCanaryStatusOutput>("rollouts.canaryStatus", BOB, {
        clusterId,
        namespace: ns,
        deployment: "api",
      });
      // The API may settle on "rolled-back" rather than "aborted" when its analysis pass races the
      // abort (reported to the canary's owner); either way it ended for the reason given by hand.
      expect(["aborted", "rolled-back"]).toContain(after.data.canary?.phase);
      expect(after.data.canary?.reason).toBe("aborted by Bob Operator");
      expect((await statusOf("api")).images).toEqual(["ghcr.io/acme/api:1.5"]);
    },
    LONG,
  );
});
