import type { JobsGetOutput, JobsListOutput, JobsLogsOutput } from "@clustercord/contracts";
import { callTrpc, workerHeaders } from "@clustercord/testenv";
import type { Cluster } from "@clustercord/testenv/cluster";
import type { CommandOption, InteractionHandle, ReplyPayload } from "@clustercord/testenv/discord";
import { registerSecret } from "@clustercord/testenv/leak-check";
import { escapeMarkdown } from "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatDuration } from "../src/render/jobs";
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

// `/job` through the real worker and the Discord stand-in, against the real API (jobs.*) on the local
// control plane, where kwok runs Job pods to Succeeded: the run reply is edited from Running to the
// end, and every answer is what the API says for the same call.

const nsAcme = `clustercord-guild-${ACME}`;
const LONG = 120_000;

let stack: Awaited<ReturnType<typeof startWorkerWithSharedCluster>>;
let h: WorkerHarness;
let kube: Cluster;
let clusterId: string;

// A Secret value the job gets as env: no Discord message, log or audit row of the suite may hold it.
const DB_PASSWORD = registerSecret("job-discord-db-password-51b7", "a Secret value a /job run gets as env");

beforeAll(async () => {
  stack = await startWorkerWithSharedCluster("job");
  ({ h, kube, clusterId } = stack);
  // What a team's namespace holds before a job uses it (created by the cluster admin). kwok has no
  // storage provisioner: the claim binds to a PersistentVolume reserved for it, or its pods never schedule.
  await kube.kubectl(
    ["apply", "-f", "-"],
    `
apiVersion: v1
kind: Secret
metadata: { name: db-creds, namespace: ${nsAcme} }
stringData: { DB_USER: report, DB_PASSWORD: ${DB_PASSWORD} }
---
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: { name: job-discord-test }
provisioner: kubernetes.io/no-provisioner
volumeBindingMode: Immediate
---
apiVersion: v1
kind: PersistentVolume
metadata: { name: job-discord-test-data }
spec:
  capacity: { storage: 1Gi }
  accessModes: [ReadWriteOnce]
  storageClassName: job-discord-test
  hostPath: { path: /var/lib/clustercord-test/job-discord }
  claimRef: { namespace: ${nsAcme}, name: data }
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: data, namespace: ${nsAcme} }
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: job-discord-test
  resources: { requests: { storage: 1Gi } }
`,
  );
  await kube.kubectl([
    "wait",
    "-n",
    nsAcme,
    "--for=jsonpath={.status.phase}=Bound",
    "pvc/data",
    "--timeout=60s",
  ]);
}, 600_000);

afterAll(async () => {
  await stack?.close();
});

type Option = CommandOption;
const ns = opt("namespace", nsAcme);

/** `/job <sub>` as `who` in Acme: the handle, to follow the reply's edits. */
const start = (who: string, subcommand: string, options: Option[]) =>
  h.standIn.sendCommand({ userId: who, guildId: ACME, name: "job", subcommand, options });
/** `/job <sub>` and its first reply. */
const job = async (who: string, subcommand: string, options: Option[]) =>
  (await start(who, subcommand, options)).reply(30_000);

/** A procedure called directly, as the worker would for `who` in Acme. */
const api = <T = unknown>(procedure: string, who: string, input: unknown, mutation = false) =>
  callTrpc<T>(h.apiUrl, procedure, { headers: workerHeaders(SERVICE_TOKEN, who, ACME), input, mutation });

const field = (reply: ReplyPayload, name: string) =>
  reply.embeds?.[0]?.fields?.find((f) => f.name === name)?.value;

/** The lines of the first code block of the reply's embed. */
const codeLines = (reply: ReplyPayload) =>
  /```\n([\s\S]*?)\n```/.exec(reply.embeds?.[0]?.description ?? "")?.[1]?.split("\n") ?? [];

const jobNames = async () =>
  (await kube.kubectl(["get", "jobs", "-n", nsAcme, "-o", "name"])).split("\n").filter(Boolean);

/** Follows a reply through its edits until the job ended; the statuses it showed, in order, and the last reply. */
async function followToEnd(handle: InteractionHandle) {
  const statuses: string[] = [];
  const deadline = Date.now() + 90_000;
  for (;;) {
    const reply = await handle.reply(30_000);
    const status = field(reply, "Status");
    if (status && statuses.at(-1) !== status) statuses.push(status);
    if (status === "Succeeded" || status === "Failed") return { statuses, last: reply };
    if (Date.now() > deadline) throw new Error(`the reply never showed the end: ${JSON.stringify(reply)}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** The reply's error text must be the API's own message for the same call. */
async function expectApiRefusal(
  reply: ReplyPayload,
  direct: { status: number; error?: { data: { userMessage: string } } },
) {
  expect(direct.status).toBeGreaterThanOrEqual(400);
  const message = direct.error?.data.userMessage ?? "";
  expect(message.length).toBeGreaterThan(0);
  expect(reply.embeds?.[0]?.description).toBe(`⚠️ ${escapeMarkdown(message)}`);
  return message;
}

describe("/job run", () => {
  it(
    "creates the Job with env from the Secret and the PVC mounted, then edits the reply from Running to Succeeded with exit code, duration and logs",
    async () => {
      const handle = await start(BOB, "run", [
        opt("image", "alpine:3.20"),
        opt("command", `sh -c "echo hello world"`),
        opt("name", "report-1"),
        ns,
        opt("env_from_secret", "db-creds"),
        opt("volume", "data:/mnt/data"),
      ]);
      const first = await handle.reply(30_000);
      expect(first.embeds?.[0]?.title).toMatch(/^(⏳|🚀) Job 'report-1' started$/);
      expect(first.embeds?.[0]?.description).toContain("Job report-1 started in");
      expect(first.embeds?.[0]?.description).toContain("Waiting for completion…");
      expect(first.flags).toBe(64);

      // Exactly that spec, as the person, labelled with who ran it.
      const created = JSON.parse(await kube.kubectl(["get", "job", "report-1", "-n", nsAcme, "-o", "json"]));
      expect(created.metadata.labels["clustercord.io/created-by"]).toBe(BOB);
      expect(created.spec.ttlSecondsAfterFinished).toBe(86_400);
      const pod = created.spec.template.spec;
      const container = pod.containers[0];
      expect(container.image).toBe("alpine:3.20");
      expect([...(container.command ?? []), ...(container.args ?? [])]).toEqual([
        "sh",
        "-c",
        "echo hello world",
      ]);
      expect(container.envFrom).toEqual([{ secretRef: { name: "db-creds" } }]);
      const mount = container.volumeMounts.find((m: { mountPath: string }) => m.mountPath === "/mnt/data");
      const volume = pod.volumes.find((v: { name: string }) => v.name === mount?.name);
      expect(volume?.persistentVolumeClaim?.claimName).toBe("data");

      const { statuses, last } = await followToEnd(handle);
      // It was shown running first, and the same message was edited to the end.
      expect(statuses[0]).toMatch(/^(Pending|Running)$/);
      expect(statuses.at(-1)).toBe("Succeeded");
      expect(last.id).toBe(first.id);
      expect(last.embeds?.[0]?.title).toBe("✅ Job 'report-1' completed");

      // What jobs.get says through the API, shown as it is.
      const direct = await api<JobsGetOutput>("jobs.get", BOB, {
        clusterId,
        namespace: nsAcme,
        job: "report-1",
      });
      expect(direct.status).toBe(200);
      const done = direct.data.job;
      expect(done.phase).toBe("succeeded");
      expect(field(last, "Exit code")).toBe("0");
      expect(done.exitCode).toBe(0);
      expect(done.durationSeconds).not.toBeNull();
      expect(field(last, "Duration")).toBe(formatDuration(done.durationSeconds ?? -1));
      expect(field(last, "Pod")).toBe(`\`${done.pod}\``);
      // The log grows while the simulated cluster runs: the lines shown are a stretch of the job's log.
      const shown = codeLines(last);
      expect(shown.length).toBeGreaterThan(0);
      const logs = await api<JobsLogsOutput>("jobs.logs", BOB, {
        clusterId,
        namespace: nsAcme,
        job: "report-1",
        tailLines: 5000,
      });
      expect(logs.data.lines.join("\n")).toContain(shown.join("\n"));
    },
    LONG,
  );

  it("/job list shows it with status, duration and who ran it, as jobs.list says", async () => {
    const reply = await job(CAROL, "list", [ns]);
    const direct = await api<JobsListOutput>("jobs.list", CAROL, { clusterId, namespace: nsAcme });
    const report = direct.data.jobs.find((j) => j.name === "report-1");
    expect(report?.createdBy).toBe(BOB);
    expect(reply.embeds?.[0]?.title).toBe(`Jobs in ${nsAcme} on shared`);
    const line = reply.embeds?.[0]?.description?.split("\n").find((l) => l.includes("`report-1`"));
    expect(line).toMatch(
      new RegExp(
        `^✅ \`report-1\` · Succeeded · ${formatDuration(report?.durationSeconds ?? -1)} · exit 0 · by <@${BOB}> · <t:\\d+:R>$`,
      ),
    );
  });

  it("/job logs shows the job's log", async () => {
    const reply = await job(BOB, "logs", [opt("job", "report-1"), ns]);
    expect(reply.embeds?.[0]?.title).toBe("Log of job report-1");
    const text = reply.attachments?.[0]?.content ?? codeLines(reply).join("\n");
    const direct = await api<JobsLogsOutput>("jobs.logs", BOB, {
      clusterId,
      namespace: nsAcme,
      job: "report-1",
      tailLines: 5000,
    });
    expect(text.trim().length).toBeGreaterThan(0);
    const firstLine = text.trim().split("\n")[0] ?? "";
    expect(direct.data.lines).toContain(firstLine);
  });

  it("autocompletes jobs, Secrets, PVCs and time zones of the namespace", async () => {
    const choices = async (subcommand: string, focused: { name: string; value: string }, options = [ns]) =>
      (
        await (
          await h.standIn.sendAutocomplete({
            userId: BOB,
            guildId: ACME,
            name: "job",
            subcommand,
            options,
            focused,
          })
        ).choices()
      ).map((c) => c.value);
    expect(await choices("logs", { name: "job", value: "rep" })).toEqual(["report-1"]);
    expect(await choices("run", { name: "env_from_secret", value: "db" })).toEqual(["db-creds"]);
    expect(await choices("run", { name: "volume", value: "da" })).toEqual(["data:/mnt/data"]);
    expect(await choices("run", { name: "volume", value: "data:/srv" })).toEqual(["data:/srv"]);
    expect(await choices("schedule", { name: "timezone", value: "berlin" })).toEqual(["Europe/Berlin"]);
  });
});

describe("/job schedule, trigger, suspend, resume", () => {
  it(
    "schedules a CronJob in a time zone and shows its next 3 runs",
    async () => {
      const reply = await job(BOB, "schedule", [
        opt("cron", "0 2 * * *"),
        opt("image", "busybox:1.36"),
        opt("command", "date"),
        opt("name", "nightly"),
        opt("timezone", "Europe/Berlin"),
        ns,
      ]);
      expect(reply.embeds?.[0]?.title).toBe("⏰ CronJob 'nightly'");
      expect(field(reply, "Time zone")).toBe("Europe/Berlin");
      expect(field(reply, "Schedule")).toBe("`0 2 * * *`");
      const runs = (field(reply, "Next runs (your time)") ?? "")
        .split("\n")
        .map((l) => Number(/^• <t:(\d+):F> \(<t:\1:R>\)$/.exec(l)?.[1]));
      expect(runs).toHaveLength(3);
      // 02:00 in Berlin on three days running: 01:00 UTC in winter, 00:00 in summer.
      for (const [i, at] of runs.entries()) {
        const local = new Date(at * 1000).toLocaleTimeString("en-GB", { timeZone: "Europe/Berlin" });
        expect(local).toBe("02:00:00");
        if (i) expect(at - (runs[i - 1] ?? 0)).toBeGreaterThanOrEqual(23 * 3600);
      }
      expect(runs[0] ?? 0).toBeGreaterThan(Date.now() / 1000);
      const created = JSON.parse(
        await kube.kubectl(["get", "cronjob", "nightly", "-n", nsAcme, "-o", "json"]),
      );
      expect(created.spec).toMatchObject({
        schedule: "0 2 * * *",
        timeZone: "Europe/Berlin",
        concurrencyPolicy: "Forbid",
      });
      expect(created.metadata.labels["clustercord.io/created-by"]).toBe(BOB);
    },
    LONG,
  );

  it(
    "trigger runs it now and follows the job to the end; suspend and resume flip it",
    async () => {
      const choices = await (
        await h.standIn.sendAutocomplete({
          userId: BOB,
          guildId: ACME,
          name: "job",
          subcommand: "trigger",
          options: [ns],
          focused: { name: "cronjob", value: "nig" },
        })
      ).choices();
      expect(choices.map((c) => c.value)).toEqual(["nightly"]);

      const { statuses, last } = await followToEnd(
        await start(BOB, "trigger", [opt("cronjob", "nightly"), ns]),
      );
      expect(statuses.at(-1)).toBe("Succeeded");
      const name = /^✅ Job '(.+)' completed$/.exec(last.embeds?.[0]?.title ?? "")?.[1] ?? "";
      const list = await api<JobsListOutput>("jobs.list", BOB, { clusterId, namespace: nsAcme });
      expect(list.data.jobs.find((j) => j.name === name)?.cronJob).toBe("nightly");

      const suspended = await job(BOB, "suspend", [opt("cronjob", "nightly"), ns]);
      expect(suspended.embeds?.[0]?.title).toBe("⏰ CronJob 'nightly' (suspended)");
      expect(field(suspended, "Next runs (suspended)")).toBe(
        "None while suspended; /job resume starts it again.",
      );
      const suspend = async () =>
        JSON.parse(await kube.kubectl(["get", "cronjob", "nightly", "-n", nsAcme, "-o", "json"])).spec
          .suspend;
      expect(await suspend()).toBe(true);

      const resumed = await job(BOB, "resume", [opt("cronjob", "nightly"), ns]);
      expect(resumed.embeds?.[0]?.title).toBe("⏰ CronJob 'nightly'");
      expect(field(resumed, "Next runs (your time)")?.split("\n")).toHaveLength(3);
      expect(await suspend()).toBe(false);
    },
    LONG,
  );
});

describe("/job delete", () => {
  it("shows the plan; Cancel keeps the job, Confirm deletes it", async () => {
    const plan = await job(BOB, "delete", [opt("job", "report-1"), ns]);
    expect(plan.embeds?.[0]?.description).toContain("Confirm <t:");
    const cancelled = await h.click(BOB, ACME, buttonId(plan.components, "Cancel"), plan.id ?? "");
    expect(cancelled.embeds?.[0]?.description).toBe("Cancelled: nothing was changed.");
    expect(await jobNames()).toContain("job.batch/report-1");

    const again = await job(BOB, "delete", [opt("job", "report-1"), ns]);
    const done = await h.click(BOB, ACME, buttonId(again.components, "Delete report-1"), again.id ?? "");
    expect(done.embeds?.[0]?.description).toContain("report-1");
    expect(done.components ?? []).toEqual([]);
    const deadline = Date.now() + 20_000;
    while ((await jobNames()).includes("job.batch/report-1")) {
      if (Date.now() > deadline) throw new Error("report-1 was not deleted");
      await new Promise((r) => setTimeout(r, 200));
    }
  });

  it("kind:CronJob deletes a CronJob the same way, autocompleting CronJobs", async () => {
    const offered = await (
      await h.standIn.sendAutocomplete({
        userId: BOB,
        guildId: ACME,
        name: "job",
        subcommand: "delete",
        options: [opt("kind", "CronJob"), ns],
        focused: { name: "job", value: "night" },
      })
    ).choices();
    expect(offered.map((c) => c.value)).toEqual(["nightly"]);
    const plan = await job(BOB, "delete", [opt("job", "nightly"), opt("kind", "CronJob"), ns]);
    const done = await h.click(BOB, ACME, buttonId(plan.components, "Delete nightly"), plan.id ?? "");
    expect(done.embeds?.[0]?.description).toContain("nightly");
    const cronJobs = () => kube.kubectl(["get", "cronjobs", "-n", nsAcme, "-o", "name"]);
    const deadline = Date.now() + 20_000;
    while ((await cronJobs()).includes("cronjob.batch/nightly")) {
      if (Date.now() > deadline) throw new Error("nightly was not deleted");
      await new Promise((r) => setTimeout(r, 200));
    }
  });
});

describe("/job refuses bad input with the API's message, before anything is created", () => {
  const run = (overrides: Record<string, string>) => {
    const values = { image: "alpine:3.20", command: "true", namespace: nsAcme, ...overrides };
    return Object.entries(values).map(([k, v]) => opt(k, v));
  };
  const runInput = (o: { name: string; image?: string; command: string[]; envFromSecret?: string }) => ({
    clusterId,
    namespace: nsAcme,
    image: o.image ?? "alpine:3.20",
    command: o.command,
    args: [],
    name: o.name,
    ...(o.envFromSecret ? { envFromSecret: o.envFromSecret } : {}),
  });

  it("a cron expression that does not parse", async () => {
    const reply = await job(BOB, "schedule", [
      opt("cron", "61 * * * *"),
      opt("image", "busybox:1.36"),
      opt("command", "date"),
      opt("name", "bad-cron"),
      ns,
    ]);
    const direct = await api(
      "jobs.schedule",
      BOB,
      {
        clusterId,
        namespace: nsAcme,
        name: "bad-cron",
        cron: "61 * * * *",
        image: "busybox:1.36",
        command: ["date"],
        args: [],
      },
      true,
    );
    expect(await expectApiRefusal(reply, direct)).toMatch(/cron|minute|61/i);
    expect(await kube.kubectl(["get", "cronjobs", "-n", nsAcme, "-o", "name"])).not.toContain("bad-cron");
  });

  it("a Secret that does not exist", async () => {
    const reply = await job(BOB, "run", run({ name: "no-secret", env_from_secret: "nope" }));
    const direct = await api(
      "jobs.run",
      BOB,
      runInput({ name: "no-secret", command: ["true"], envFromSecret: "nope" }),
      true,
    );
    expect(await expectApiRefusal(reply, direct)).toContain("nope");
  });

  it("an image reference that does not parse", async () => {
    const reply = await job(BOB, "run", run({ name: "bad-image", image: "Alpine:::3" }));
    const direct = await api(
      "jobs.run",
      BOB,
      runInput({ name: "bad-image", image: "Alpine:::3", command: ["true"] }),
      true,
    );
    expect(await expectApiRefusal(reply, direct)).toMatch(/image/i);
  });

  it("a command over 4 KiB", async () => {
    const words = Array.from({ length: 50 }, (_, i) => `${i}`.padEnd(99, "x"));
    const reply = await job(BOB, "run", run({ name: "too-long", command: `echo ${words.join(" ")}` }));
    const direct = await api(
      "jobs.run",
      BOB,
      runInput({ name: "too-long", command: ["echo", ...words] }),
      true,
    );
    expect(await expectApiRefusal(reply, direct)).toMatch(/4 KiB/);
  });

  it("a command that cannot be split (the worker's own message, no API call)", async () => {
    const reply = await job(BOB, "run", run({ name: "unclosed", command: "sh -c 'echo" }));
    expect(reply.embeds?.[0]?.description).toBe(
      `⚠️ ${escapeMarkdown("command: The command has a ' quote that is never closed.")}`,
    );
  });

  it("a viewer may not run a job", async () => {
    const reply = await job(CAROL, "run", run({ name: "by-viewer" }));
    const direct = await api("jobs.run", CAROL, runInput({ name: "by-viewer", command: ["true"] }), true);
    expect(direct.status).toBe(403);
    await expectApiRefusal(reply, direct);
  });

  it("none of them created anything", async () => {
    const names = await jobNames();
    for (const refused of ["no-secret", "bad-image", "too-long", "unclosed", "by-viewer"]) {
      expect(names).not.toContain(`job.batch/${refused}`);
    }
  });
});
