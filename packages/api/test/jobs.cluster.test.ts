/**
 * The job runner on the local control plane: a Job with env from a Secret
 * and a PVC mount is created with exactly that spec, completes (kwok), and
 * jobs.get / list / logs show it; the "job done" DM arrives through the
 * Discord stand-in with secret-shaped log text blanked; a CronJob is
 * scheduled, triggered, suspended, resumed and runs on its own; deletes go
 * plan-then-confirm; every bad input is refused with its message before
 * anything is created.
 */
import { appendFile } from "node:fs/promises";
import { join } from "node:path";
import type {
  ActionPlan,
  JobsCronActionOutput,
  JobsGetOutput,
  JobsListOutput,
  JobsLogsOutput,
  JobsPreviewScheduleOutput,
  JobsRunOutput,
  JobsScheduleOutput,
  JobsTriggerOutput,
} from "@clustercord/contracts";
import { registerSecret } from "@clustercord/testenv/leak-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACME, type ApiHarness, BOB, CAROL, startApiHarness } from "./harness";

const ns = `clustercord-guild-${ACME}`;
const DB_PASSWORD = registerSecret("jobs-db-password-7f3c21a9e4", "a Secret value the job prints");

let h: ApiHarness;
let clusterId: string;

const asBob = [BOB, ACME] as const;
const kubectlJson = async <T>(args: string[]) =>
  JSON.parse(await h.cluster.kubectl([...args, "-o", "json"])) as T;
const objectsInNamespace = async () =>
  (await h.cluster.kubectl(["get", "jobs,cronjobs", "-n", ns, "-o", "name"]))
    .trim()
    .split("\n")
    .filter(Boolean);

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const run = (input: Record<string, unknown>, who: readonly [string, string] = asBob) =>
  h.call<JobsRunOutput>("jobs.run", who, {
    input: {
      clusterId,
      namespace: ns,
      image: "registry.example/acme/backup:1.2",
      command: ["date"],
      ...input,
    },
    mutation: true,
  });
const schedule = (input: Record<string, unknown>) =>
  h.call<JobsScheduleOutput>("jobs.schedule", asBob, {
    input: {
      clusterId,
      namespace: ns,
      name: "tick",
      image: "busybox:1.36",
      command: ["date"],
      cron: "* * * * *",
      ...input,
    },
    mutation: true,
  });
const getJob = (job: string) =>
  h.call<JobsGetOutput>("jobs.get", asBob, { input: { clusterId, namespace: ns, job } });
const listJobs = (onlyClusterCord = false) =>
  h.call<JobsListOutput>("jobs.list", asBob, { input: { clusterId, namespace: ns, onlyClusterCord } });

beforeAll(async () => {
  h = await startApiHarness({ notify: true, jobDoneDmAfterSeconds: 0 });
  clusterId = await h.addSharedCluster();
  // A Secret and a bound PVC in Acme's namespace; a Secret elsewhere that is not Acme's.
  await h.cluster.kubectl(
    ["apply", "-f", "-"],
    JSON.stringify({
      apiVersion: "v1",
      kind: "List",
      items: [
        {
          apiVersion: "v1",
          kind: "Secret",
          metadata: { name: "db", namespace: ns },
          stringData: { DB_PASSWORD },
        },
        {
          apiVersion: "v1",
          kind: "Secret",
          metadata: { name: "elsewhere", namespace: "default" },
          stringData: { A: "b" },
        },
        {
          apiVersion: "storage.k8s.io/v1",
          kind: "StorageClass",
          metadata: { name: "jobs-test" },
          provisioner: "kubernetes.io/no-provisioner",
          volumeBindingMode: "Immediate",
        },
        {
          apiVersion: "v1",
          kind: "PersistentVolume",
          metadata: { name: "jobs-test-backups" },
          spec: {
            capacity: { storage: "1Gi" },
            accessModes: ["ReadWriteOnce"],
            storageClassName: "jobs-test",
            hostPath: { path: "/var/lib/clustercord-test/backups" },
            claimRef: { namespace: ns, name: "backups" },
          },
        },
        {
          apiVersion: "v1",
          kind: "PersistentVolumeClaim",
          metadata: { name: "backups", namespace: ns },
          spec: {
            accessModes: ["ReadWriteOnce"],
            storageClassName: "jobs-test",
            resources: { requests: { storage: "1Gi" } },
          },
        },
      ],
    }),
  );
  await h.cluster.kubectl([
    "wait",
    "-n",
    ns,
    "--for=jsonpath={.status.phase}=Bound",
    "pvc/backups",
    "--timeout=60s",
  ]);
}, 600_000);

afterAll(async () => {
  await h?.close();
});

describe("jobs on the local control plane", () => {
  it("schedules a CronJob in the given zone, checked and previewed (its own runs are checked at the end)", async () => {
    const res = await schedule({ timeZone: "Europe/Berlin", concurrencyPolicy: "Allow" });
    expect(res.error).toBeUndefined();
    expect(res.data.message).toMatch(
      new RegExp(`^CronJob tick scheduled in ${ns}: every minute \\(Europe/Berlin\\); next run .+\\.$`),
    );
    expect(res.data.cronJob).toMatchObject({
      name: "tick",
      schedule: "* * * * *",
      timeZone: "Europe/Berlin",
      suspended: false,
      concurrencyPolicy: "Allow",
      image: "busybox:1.36",
      command: "date",
      createdBy: BOB,
    });
    expect(res.data.cronJob.nextRuns).toHaveLength(3);
    const live = await kubectlJson<{ spec: Record<string, unknown> }>(["get", "cronjob", "tick", "-n", ns]);
    expect(live.spec).toMatchObject({
      schedule: "* * * * *",
      timeZone: "Europe/Berlin",
      concurrencyPolicy: "Allow",
      suspend: false,
    });
  });

  it("runs a Job with env from a Secret and a PVC mount, created with exactly that spec", async () => {
    // What the job prints (kwok serves one log file to every container): a credential among it.
    const at = () => new Date().toISOString().replace("Z", "000000Z");
    await appendFile(
      join(h.cluster.dataDir, "logs", "container.log"),
      [`backup: connecting with DB_PASSWORD=${DB_PASSWORD}`, "backup: wrote 42 tables"]
        .map((l) => `${at()} stdout F ${l}\n`)
        .join(""),
    );
    const res = await run({
      name: "backup-1",
      command: ["sh", "-c"],
      args: ["pg_dump > /data/dump.sql"],
      envFromSecret: "db",
      volume: "backups:/data",
      resources: { cpu: "100m", memory: "64Mi" },
      ttlSecondsAfterFinished: 3600,
      backoffLimit: 1,
      activeDeadlineSeconds: 600,
    });
    expect(res.error).toBeUndefined();
    expect(res.data.message).toBe(`Job backup-1 started in ${ns}.`);
    expect(res.data.job).toMatchObject({
      name: "backup-1",
      createdBy: BOB,
      command: "sh -c 'pg_dump > /data/dump.sql'",
    });

    const job = await kubectlJson<{
      metadata: { labels: Record<string, string> };
      spec: {
        ttlSecondsAfterFinished: number;
        backoffLimit: number;
        activeDeadlineSeconds: number;
        template: {
          metadata: { labels: Record<string, string> };
          spec: Record<string, unknown> & { containers: Record<string, unknown>[] };
        };
      };
    }>(["get", "job", "backup-1", "-n", ns]);
    const labels = { "clustercord.io/created-by": BOB, "clustercord.io/run": "true" };
    expect(job.metadata.labels).toEqual(labels);
    expect(job.spec).toMatchObject({
      ttlSecondsAfterFinished: 3600,
      backoffLimit: 1,
      activeDeadlineSeconds: 600,
    });
    expect(job.spec.template.metadata.labels).toMatchObject(labels);
    const podSpec = job.spec.template.spec;
    expect(podSpec.restartPolicy).toBe("Never");
    expect(podSpec.volumes).toEqual([{ name: "data", persistentVolumeClaim: { claimName: "backups" } }]);
    expect(podSpec.containers).toHaveLength(1);
    const [main] = podSpec.containers;
    expect({
      name: main?.name,
      image: main?.image,
      command: main?.command,
      args: main?.args,
      envFrom: main?.envFrom,
      volumeMounts: main?.volumeMounts,
      resources: main?.resources,
    }).toEqual({
      name: "main",
      image: "registry.example/acme/backup:1.2",
      command: ["sh", "-c"],
      args: ["pg_dump > /data/dump.sql"],
      envFrom: [{ secretRef: { name: "db" } }],
      volumeMounts: [{ name: "data", mountPath: "/data" }],
      resources: { requests: { cpu: "100m", memory: "64Mi" }, limits: { cpu: "100m", memory: "64Mi" } },
    });
    // The audit row names the Job; nothing of the Secret is in it.
    const audit = await h.db.prisma.auditLog.findFirstOrThrow({
      where: { action: "jobs.run", result: "ok" },
    });
    expect(audit.target).toBe(`cluster/${clusterId}/namespace/${ns}/job/backup-1`);
    expect(JSON.stringify({ ...audit, id: String(audit.id) })).not.toContain(DB_PASSWORD);
  });

  it("follows it to completion: succeeded, exit code 0, a duration and log lines, in get, logs and list", async () => {
    const done = await until(
      () => getJob("backup-1"),
      (r) => r.data?.job.phase === "succeeded",
    );
    expect(done.data.job).toMatchObject({ phase: "succeeded", exitCode: 0, succeeded: 1, createdBy: BOB });
    expect(done.data.job.durationSeconds).toEqual(expect.any(Number));
    expect(done.data.job.finishedAt).not.toBeNull();
    expect(done.data.job.pod).toMatch(/^backup-1-/);
    expect(done.data.lastLogLines.length).toBeGreaterThan(0);
    expect(done.data.lastLogLines.length).toBeLessThanOrEqual(20);

    const logs = await h.call<JobsLogsOutput>("jobs.logs", asBob, {
      input: { clusterId, namespace: ns, job: "backup-1", tailLines: 500 },
    });
    expect(logs.data.pod).toBe(done.data.job.pod);
    expect(logs.data.lines.join("\n")).toContain("backup: wrote 42 tables");

    // A Job made outside ClusterCord is listed, without createdBy, and left out by onlyClusterCord.
    await h.cluster.kubectl(["create", "job", "plain-1", "-n", ns, "--image=busybox:1.36", "--", "true"]);
    const all = await until(
      () => listJobs(),
      (r) => (r.data?.jobs ?? []).some((j) => j.name === "plain-1"),
    );
    expect(all.data.jobs.find((j) => j.name === "backup-1")).toMatchObject({
      phase: "succeeded",
      createdBy: BOB,
      exitCode: 0,
    });
    expect(all.data.jobs.find((j) => j.name === "plain-1")?.createdBy).toBeNull();
    expect(all.data.cronJobs.map((c) => c.name)).toEqual(["tick"]);
    const ours = await listJobs(true);
    expect(ours.data.jobs.map((j) => j.name)).not.toContain("plain-1");
    expect(ours.data.jobs.map((j) => j.name)).toContain("backup-1");
  });

  it("DMs the person when it is done, with the exit code, duration and blanked log lines", async () => {
    const dms = await until(
      async () => h.standIn.dms(BOB).filter((m) => JSON.stringify(m).includes("Job backup-1")),
      (l) => l.length >= 1,
      30_000,
    );
    expect(dms).toHaveLength(1);
    const text = JSON.stringify(dms[0]);
    expect(text).toMatch(new RegExp(`Job backup-1 in ${ns} succeeded in \\d+s \\(exit code 0\\)`));
    expect(text).toContain("backup: connecting with DB_PASSWORD=[redacted]");
    expect(text).not.toContain(DB_PASSWORD);
    // One notification per Job, however many checks ran.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(h.standIn.dms(BOB).filter((m) => JSON.stringify(m).includes("Job backup-1"))).toHaveLength(1);
  });

  it("follows a run that fails to its end: failed, exit code 1, and the DM says so", async () => {
    // kwok fails Job pods whose image is tagged :fail (kwok/stages/pod-job-fail.yaml).
    const res = await run({
      name: "migrate-1",
      image: "registry.example/acme/migrate:fail",
      command: ["migrate"],
    });
    expect(res.error).toBeUndefined();
    const done = await until(
      () => getJob("migrate-1"),
      (r) => r.data?.job.phase === "failed",
    );
    expect(done.data.job).toMatchObject({ phase: "failed", exitCode: 1, succeeded: 0, createdBy: BOB });
    const dms = await until(
      async () => h.standIn.dms(BOB).filter((m) => JSON.stringify(m).includes("Job migrate-1")),
      (l) => l.length >= 1,
      30_000,
    );
    expect(JSON.stringify(dms[0])).toMatch(
      new RegExp(`Job migrate-1 in ${ns} failed in \\d+s \\(exit code 1\\)`),
    );
  });

  it("triggers the CronJob now, as kubectl create job --from does, run by the person who asked", async () => {
    const res = await h.call<JobsTriggerOutput>("jobs.trigger", asBob, {
      input: { clusterId, namespace: ns, cronJob: "tick" },
      mutation: true,
    });
    expect(res.error).toBeUndefined();
    expect(res.data.job.name).toMatch(/^tick-manual-[a-z0-9]{5}$/);
    expect(res.data.message).toBe(`Job ${res.data.job.name} started from CronJob tick in ${ns}.`);
    const job = await kubectlJson<{
      metadata: {
        labels: Record<string, string>;
        annotations: Record<string, string>;
        ownerReferences: { kind: string; name: string; controller: boolean }[];
      };
    }>(["get", "job", res.data.job.name, "-n", ns]);
    expect(job.metadata.annotations["cronjob.kubernetes.io/instantiate"]).toBe("manual");
    expect(job.metadata.labels["clustercord.io/created-by"]).toBe(BOB);
    expect(job.metadata.ownerReferences).toMatchObject([{ kind: "CronJob", name: "tick", controller: true }]);
    const got = await until(
      () => getJob(res.data.job.name),
      (r) => r.data?.job.phase === "succeeded",
    );
    expect(got.data.job).toMatchObject({ cronJob: "tick", phase: "succeeded", exitCode: 0 });
  });

  it("suspends (no next runs) and resumes a CronJob", async () => {
    const ref = { clusterId, namespace: ns, cronJob: "tick" };
    const suspended = await h.call<JobsCronActionOutput>("jobs.suspend", asBob, {
      input: ref,
      mutation: true,
    });
    expect(suspended.data.message).toBe("CronJob tick suspended: it starts no Jobs until it is resumed.");
    expect(suspended.data.cronJob).toMatchObject({ suspended: true, nextRuns: [] });
    expect(
      await h.cluster.kubectl(["get", "cronjob", "tick", "-n", ns, "-o", "jsonpath={.spec.suspend}"]),
    ).toBe("true");
    const resumed = await h.call<JobsCronActionOutput>("jobs.resume", asBob, { input: ref, mutation: true });
    expect(resumed.data.message).toMatch(/^CronJob tick resumed: next run .+ \(Europe\/Berlin\)\.$/);
    expect(resumed.data.cronJob.suspended).toBe(false);
    expect(resumed.data.cronJob.nextRuns).toHaveLength(3);
    expect(
      await h.cluster.kubectl(["get", "cronjob", "tick", "-n", ns, "-o", "jsonpath={.spec.suspend}"]),
    ).toBe("false");
    const missing = await h.call("jobs.suspend", asBob, {
      input: { ...ref, cronJob: "nope" },
      mutation: true,
    });
    expect(missing.error?.message).toBe(`No CronJob nope in namespace ${ns}.`);
  });

  it("previews a schedule in the person's alert or notification time zone, or the one given", async () => {
    await h.db.prisma.notificationPreference.upsert({
      where: { userId: BOB },
      create: { userId: BOB, timeZone: "Asia/Tokyo" },
      update: { timeZone: "Asia/Tokyo" },
    });
    const mine = await h.call<JobsPreviewScheduleOutput>("jobs.previewSchedule", asBob, {
      input: { cron: "0 9 * * 1-5" },
    });
    expect(mine.data).toMatchObject({ description: "every weekday at 09:00", timeZone: "Asia/Tokyo" });
    expect(mine.data.nextRuns).toHaveLength(3);
    // 09:00 in Tokyo is 00:00 UTC.
    for (const at of mine.data.nextRuns) expect(at).toMatch(/T00:00:00\.000Z$/);
    const given = await h.call<JobsPreviewScheduleOutput>("jobs.previewSchedule", [CAROL, ACME], {
      input: { cron: "@hourly", timeZone: "UTC" },
    });
    expect(given.data).toMatchObject({ description: "every hour at minute 0", timeZone: "UTC" });
    // An alert time zone the person set wins over the notification one; jobs.schedule reads it too.
    const set = await h.call("alerts.config", asBob, {
      input: { timeZone: "America/Chicago" },
      mutation: true,
    });
    expect(set.status).toBe(200);
    const alertZone = await h.call<JobsPreviewScheduleOutput>("jobs.previewSchedule", asBob, {
      input: { cron: "@daily" },
    });
    expect(alertZone.data.timeZone).toBe("America/Chicago");
    const yearly = await schedule({ name: "new-year", cron: "0 0 1 1 *" });
    expect(yearly.data.cronJob).toMatchObject({ timeZone: "America/Chicago", schedule: "0 0 1 1 *" });
    expect(yearly.data.message).toMatch(
      /: every year on 1 January at 00:00 \(America\/Chicago\); next run 1 Jan 20\d\d, 00:00\.$/,
    );
  });

  it("refuses each bad input with its message, before anything is created", async () => {
    const before = await objectsInNamespace();
    const refused = async (call: Promise<{ status: number; error?: { message: string } | undefined }>) => {
      const res = await call;
      expect(res.status, res.error?.message).toBeGreaterThanOrEqual(400);
      return res.error?.message;
    };
    expect(await refused(run({ image: "ghcr.io/Acme/backup:1" }))).toBe(
      'The image "ghcr.io/Acme/backup:1" is not a valid image reference: the repository name "Acme/backup" must be lowercase.',
    );
    expect(await refused(schedule({ cron: "61 * * * *" }))).toBe(
      'cron: "61 * * * *" is not a valid schedule: minute 61 is out of range (0-59).',
    );
    expect(await refused(schedule({ cron: "0 * * * * *", name: "secs" }))).toMatch(
      /it has 6 fields; Kubernetes CronJobs take 5/,
    );
    expect(await refused(run({ envFromSecret: "nope" }))).toBe(`Secret "nope" does not exist in ${ns}.`);
    // A Secret that exists, but in a namespace that is not this one.
    expect(await refused(run({ envFromSecret: "elsewhere" }))).toBe(
      `Secret "elsewhere" does not exist in ${ns}.`,
    );
    expect(await refused(run({ volume: "nope:/data" }))).toBe(
      `PersistentVolumeClaim "nope" does not exist in ${ns}.`,
    );
    expect(await refused(run({ namespace: "default" }))).toBe(
      "No such cluster or namespace for you in this server.",
    );
    expect(await refused(run({ command: ["sh", "-c"], args: ["a".repeat(3000), "b".repeat(3000)] }))).toBe(
      "The command is 6007 bytes long; at most 4096 bytes (4 KiB) are allowed.",
    );
    expect(await refused(schedule({ timeZone: "Mars/Olympus", name: "mars" }))).toBe(
      'time zone "Mars/Olympus" is not a known IANA time zone (for example Europe/Berlin, America/New_York or UTC).',
    );
    expect(await refused(schedule({}))).toBe(
      `A CronJob named tick already exists in ${ns}; pick another name.`,
    );
    // A viewer may look, not run.
    const viewer = await run({}, [CAROL, ACME]);
    expect(viewer.status).toBe(403);
    expect(await objectsInNamespace()).toEqual(before);
  });

  it("deletes a Job in two steps, bound to that very Job", async () => {
    const target = { clusterId, namespace: ns, job: "backup-1" };
    const plan = await h.call<ActionPlan>("jobs.planDelete", asBob, { input: target });
    expect(plan.data.summary).toBe(`Delete Job backup-1 in ${ns}?`);
    expect(plan.data.changes).toEqual([`Job backup-1 and its pods are deleted; their logs go with them.`]);
    // The token is for backup-1 only: deleting another Job with it is refused.
    const wrong = await h.call("jobs.delete", asBob, {
      input: { ...target, job: "plain-1", confirmToken: plan.data.confirmToken },
      mutation: true,
    });
    expect(wrong.status).toBe(403);
    const deleted = await h.call<{ message: string }>("jobs.delete", asBob, {
      input: { ...target, confirmToken: plan.data.confirmToken },
      mutation: true,
    });
    expect(deleted.data.message).toBe(`Job backup-1 deleted from ${ns}.`);
    const gone = await until(
      () => h.cluster.kubectl(["get", "jobs", "-n", ns, "-o", "name"]),
      (out) => !out.includes("job.batch/backup-1"),
      30_000,
    );
    expect(gone).not.toContain("job.batch/backup-1");
    expect((await getJob("backup-1")).error?.message).toBe(`No Job backup-1 in namespace ${ns}.`);
  });

  it("the CronJob starts Jobs on its own schedule, then is deleted with them", async () => {
    const scheduled = await until(
      () => listJobs(),
      (r) => (r.data?.jobs ?? []).some((j) => j.cronJob === "tick" && !j.name.includes("-manual-")),
      90_000,
    );
    const own = scheduled.data.jobs.find((j) => j.cronJob === "tick" && !j.name.includes("-manual-"));
    expect(own?.createdBy).toBe(BOB);

    const target = { clusterId, namespace: ns, job: "tick", kind: "CronJob" };
    const plan = await h.call<ActionPlan>("jobs.planDelete", asBob, { input: target });
    expect(plan.data.summary).toBe(`Delete CronJob tick in ${ns}?`);
    expect(plan.data.changes[0]).toBe('CronJob tick is deleted: no more runs on "* * * * *".');
    const deleted = await h.call<{ message: string }>("jobs.delete", asBob, {
      input: { ...target, confirmToken: plan.data.confirmToken },
      mutation: true,
    });
    expect(deleted.data.message).toBe(`CronJob tick deleted from ${ns}.`);
    // Its Jobs (scheduled and triggered) go with it, in the background.
    const left = await until(
      () => h.cluster.kubectl(["get", "jobs", "-n", ns, "-o", "name"]),
      (out) => !out.includes("job.batch/tick-"),
      30_000,
    );
    expect(left).not.toContain("job.batch/tick-");
    const audit = await h.db.prisma.auditLog.findFirstOrThrow({
      where: { action: "jobs.delete", result: "ok" },
      orderBy: { id: "desc" },
    });
    expect(audit.target).toBe(`cluster/${clusterId}/namespace/${ns}/cronjob/tick`);
  }, 120_000);
});
