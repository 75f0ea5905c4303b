import { JobSpecInput, JobsScheduleInput } from "@clustercord/contracts";
import { describe, expect, it } from "vitest";
import {
  cronJobSpec,
  defaultJobName,
  imageBaseName,
  jobSpec,
  parseVolume,
  randomSuffix,
  triggeredJobSpec,
} from "../src/jobs/spec";

const ALICE = { userId: "100000000000000001" };
const base = { clusterId: "c1", namespace: "team-a" };

describe("jobSpec", () => {
  it("builds exactly the Job the form asked for", () => {
    const input = JobSpecInput.parse({
      ...base,
      name: "backup-1",
      image: "ghcr.io/acme/backup:1.2",
      command: ["sh", "-c"],
      args: ["pg_dump > /data/dump.sql"],
      envFromSecret: "db",
      volume: "backups:/data",
      resources: { cpu: "250m", memory: "128Mi" },
      ttlSecondsAfterFinished: 3600,
      backoffLimit: 2,
      activeDeadlineSeconds: 600,
    });
    const labels = { "clustercord.io/created-by": ALICE.userId, "clustercord.io/run": "true" };
    expect(jobSpec(input, ALICE)).toEqual({
      apiVersion: "batch/v1",
      kind: "Job",
      metadata: { name: "backup-1", namespace: "team-a", labels },
      spec: {
        ttlSecondsAfterFinished: 3600,
        backoffLimit: 2,
        activeDeadlineSeconds: 600,
        template: {
          metadata: { labels },
          spec: {
            restartPolicy: "Never",
            containers: [
              {
                name: "main",
                image: "ghcr.io/acme/backup:1.2",
                command: ["sh", "-c"],
                args: ["pg_dump > /data/dump.sql"],
                envFrom: [{ secretRef: { name: "db" } }],
                volumeMounts: [{ name: "data", mountPath: "/data" }],
                resources: {
                  requests: { cpu: "250m", memory: "128Mi" },
                  limits: { cpu: "250m", memory: "128Mi" },
                },
              },
            ],
            volumes: [{ name: "data", persistentVolumeClaim: { claimName: "backups" } }],
          },
        },
      },
    });
  });

  it("leaves out what was not asked for, with a day's TTL and no retries by default", () => {
    const job = jobSpec(JobSpecInput.parse({ ...base, image: "busybox", command: ["date"] }), ALICE, {
      suffix: "ab12c",
    });
    expect(job.metadata.name).toBe("run-busybox-ab12c");
    expect(job.spec).toEqual({
      ttlSecondsAfterFinished: 86_400,
      backoffLimit: 0,
      template: {
        metadata: { labels: job.metadata.labels },
        spec: { restartPolicy: "Never", containers: [{ name: "main", image: "busybox", command: ["date"] }] },
      },
    });
  });

  it("mounts a volume read-only with :ro, on the mount and the claim", () => {
    expect(parseVolume("cache:/var/cache:ro")).toEqual({
      claim: "cache",
      mountPath: "/var/cache",
      readOnly: true,
    });
    const spec = jobSpec(
      JobSpecInput.parse({ ...base, image: "busybox", command: ["ls"], volume: "cache:/var/cache:ro" }),
      ALICE,
    ).spec?.template.spec;
    expect(spec?.containers[0]?.volumeMounts).toEqual([
      { name: "data", mountPath: "/var/cache", readOnly: true },
    ]);
    expect(spec?.volumes).toEqual([
      { name: "data", persistentVolumeClaim: { claimName: "cache", readOnly: true } },
    ]);
  });
});

describe("default names", () => {
  it("takes the image's last path part without registry, tag or digest", () => {
    expect(imageBaseName("ghcr.io/acme/backup-tool:1.2@sha256:abc")).toBe("backup-tool");
    expect(imageBaseName("localhost:5000/Py_Thon")).toBe("py-thon");
    expect(imageBaseName("___")).toBe("job");
  });

  it("stays within 52 characters and ends in a 5-character [a-z0-9] suffix", () => {
    const name = defaultJobName(`registry.example/${"x".repeat(80)}:1`, "zz9zz");
    expect(name.length).toBeLessThanOrEqual(52);
    expect(name).toMatch(/^run-x+-zz9zz$/);
    const values = [0, 0.999, 0.5, 0.1, 0.72];
    expect(randomSuffix(() => values.shift() ?? 0)).toBe("a9sdz");
    expect(randomSuffix()).toMatch(/^[a-z0-9]{5}$/);
  });
});

describe("cronJobSpec and triggeredJobSpec", () => {
  const input = JobsScheduleInput.parse({
    ...base,
    name: "nightly",
    image: "busybox:1.36",
    command: ["date"],
    cron: " 0 3 * * * ",
    timeZone: "Europe/Berlin",
  });
  const values = { ...input, timeZone: "Europe/Berlin" };

  it("wraps the run form's Job in a CronJob with schedule, zone and concurrency policy", () => {
    const labels = { "clustercord.io/created-by": ALICE.userId };
    const cronJob = cronJobSpec(values, ALICE);
    expect(cronJob.metadata).toEqual({ name: "nightly", namespace: "team-a", labels });
    expect(cronJob.spec).toMatchObject({
      schedule: "0 3 * * *",
      timeZone: "Europe/Berlin",
      concurrencyPolicy: "Forbid",
      suspend: false,
      jobTemplate: {
        metadata: { labels },
        spec: {
          ttlSecondsAfterFinished: 86_400,
          backoffLimit: 0,
          template: { metadata: { labels }, spec: { restartPolicy: "Never" } },
        },
      },
    });
  });

  it("triggers a Job from the template as kubectl create job --from does, run by the person who asked", () => {
    const cronJob = cronJobSpec(values, ALICE);
    cronJob.metadata = { ...cronJob.metadata, uid: "uid-1" };
    const BOB = { userId: "100000000000000002" };
    const job = triggeredJobSpec(cronJob, BOB, { suffix: "k3j2h" });
    expect(job.metadata).toEqual({
      name: "nightly-manual-k3j2h",
      namespace: "team-a",
      labels: { "clustercord.io/created-by": BOB.userId, "clustercord.io/run": "true" },
      annotations: { "cronjob.kubernetes.io/instantiate": "manual" },
      ownerReferences: [
        {
          apiVersion: "batch/v1",
          kind: "CronJob",
          name: "nightly",
          uid: "uid-1",
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    });
    expect(job.spec?.template.metadata?.labels).toEqual(job.metadata.labels);
    expect(job.spec?.template.spec?.containers[0]).toEqual({
      name: "main",
      image: "busybox:1.36",
      command: ["date"],
    });
    // The CronJob itself is untouched.
    expect(cronJob.spec?.jobTemplate.spec?.template.metadata?.labels).toEqual({
      "clustercord.io/created-by": ALICE.userId,
    });
  });
});
