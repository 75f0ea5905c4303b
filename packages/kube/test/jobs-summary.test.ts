import type { V1CronJob, V1Job, V1Pod } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { commandLine, cronJobSummary, formatDuration, jobDoneTitle, jobSummary } from "../src/jobs/summary";

const NOW = new Date("2026-03-28T12:10:00Z");
const USER = "100000000000000001";

const job = (status: V1Job["status"], extra: Partial<V1Job["metadata"]> = {}): V1Job => ({
  metadata: {
    name: "backup-1",
    namespace: "team-a",
    uid: "job-uid",
    creationTimestamp: new Date("2026-03-28T12:00:00Z"),
    labels: { "clustercord.io/created-by": USER },
    ...extra,
  },
  spec: {
    template: {
      spec: {
        containers: [{ name: "main", image: "busybox", command: ["sh", "-c"], args: ["echo 'hi there'"] }],
      },
    },
  },
  status,
});

const pod = (name: string, created: string, containerStatus: object, owner = "job-uid"): V1Pod =>
  ({
    metadata: {
      name,
      namespace: "team-a",
      creationTimestamp: created,
      ownerReferences: [{ kind: "Job", name: "backup-1", uid: owner, apiVersion: "batch/v1" }],
    },
    status: { phase: "Running", containerStatuses: [{ name: "main", ...containerStatus }] },
  }) as unknown as V1Pod;

describe("jobSummary", () => {
  it("a succeeded job: exit code from the newest pod, duration start to completion, who ran it", () => {
    const done = job({
      startTime: new Date("2026-03-28T12:00:01Z"),
      completionTime: new Date("2026-03-28T12:02:04Z"),
      succeeded: 1,
      conditions: [{ type: "Complete", status: "True" }],
    });
    const pods = [
      pod("backup-1-old", "2026-03-28T12:00:01Z", { state: { terminated: { exitCode: 1 } } }),
      pod("backup-1-new", "2026-03-28T12:01:00Z", { state: { terminated: { exitCode: 0 } } }),
      pod("other", "2026-03-28T12:05:00Z", { state: { terminated: { exitCode: 9 } } }, "other-uid"),
    ];
    expect(jobSummary(done, pods, NOW)).toEqual({
      name: "backup-1",
      namespace: "team-a",
      phase: "succeeded",
      image: "busybox",
      command: "sh -c 'echo '\"'\"'hi there'\"'\"''",
      createdBy: USER,
      cronJob: null,
      startedAt: "2026-03-28T12:00:01.000Z",
      finishedAt: "2026-03-28T12:02:04.000Z",
      durationSeconds: 123,
      exitCode: 0,
      succeeded: 1,
      failed: 0,
      pod: "backup-1-new",
      createdAt: "2026-03-28T12:00:00.000Z",
    });
  });

  it("a running job counts its duration to now; a pending one has none", () => {
    const running = job({ startTime: new Date("2026-03-28T12:09:00Z"), active: 1, ready: 1 });
    const pods = [pod("backup-1-a", "2026-03-28T12:09:00Z", { state: { running: {} } })];
    expect(jobSummary(running, pods, NOW)).toMatchObject({
      phase: "running",
      durationSeconds: 60,
      exitCode: null,
    });
    expect(jobSummary(job(undefined), [], NOW)).toMatchObject({
      phase: "pending",
      startedAt: null,
      durationSeconds: null,
      pod: null,
    });
  });

  it("a failed job ends at its Failed condition, with the container's exit code; a CronJob's job names it", () => {
    const failed = job(
      {
        startTime: new Date("2026-03-28T12:00:00Z"),
        failed: 1,
        conditions: [
          { type: "Failed", status: "True", lastTransitionTime: new Date("2026-03-28T12:00:45Z") },
        ],
      },
      { ownerReferences: [{ apiVersion: "batch/v1", kind: "CronJob", name: "nightly", uid: "c" }] },
    );
    const pods = [pod("backup-1-a", "2026-03-28T12:00:00Z", { state: { terminated: { exitCode: 137 } } })];
    expect(jobSummary(failed, pods, NOW)).toMatchObject({
      phase: "failed",
      finishedAt: "2026-03-28T12:00:45.000Z",
      durationSeconds: 45,
      exitCode: 137,
      cronJob: "nightly",
    });
  });

  it("is not done before its terminal condition (SuccessCriteriaMet comes before Complete)", () => {
    const ending = job({
      startTime: new Date("2026-03-28T12:09:30Z"),
      active: 1,
      conditions: [{ type: "SuccessCriteriaMet", status: "True" }],
    });
    const pods = [pod("backup-1-a", "2026-03-28T12:09:30Z", { state: { terminated: { exitCode: 0 } } })];
    expect(jobSummary(ending, pods, NOW)).toMatchObject({
      phase: "running",
      finishedAt: null,
      durationSeconds: 30,
    });
  });

  it("reads cache objects (timestamps as strings) and suspended jobs", () => {
    const raw = JSON.parse(JSON.stringify(job({ startTime: new Date("2026-03-28T12:00:00Z") }))) as V1Job;
    raw.spec = { ...raw.spec, suspend: true } as V1Job["spec"];
    expect(jobSummary(raw, [], NOW)).toMatchObject({ phase: "suspended", durationSeconds: 600 });
  });
});

describe("cronJobSummary", () => {
  const cron: V1CronJob = {
    metadata: { name: "nightly", namespace: "team-a", labels: { "clustercord.io/created-by": USER } },
    spec: {
      schedule: "0 3 * * *",
      timeZone: "Europe/Berlin",
      concurrencyPolicy: "Forbid",
      jobTemplate: {
        spec: { template: { spec: { containers: [{ name: "main", image: "busybox", command: ["date"] }] } } },
      },
    },
    status: { lastScheduleTime: new Date("2026-03-28T02:00:00Z"), active: [{ name: "nightly-1" }] },
  };

  it("shows the schedule, who made it and the next 3 runs in its zone", () => {
    expect(cronJobSummary(cron, NOW)).toEqual({
      name: "nightly",
      namespace: "team-a",
      schedule: "0 3 * * *",
      timeZone: "Europe/Berlin",
      suspended: false,
      concurrencyPolicy: "Forbid",
      image: "busybox",
      command: "date",
      lastScheduleAt: "2026-03-28T02:00:00.000Z",
      nextRuns: ["2026-03-29T01:00:00.000Z", "2026-03-30T01:00:00.000Z", "2026-03-31T01:00:00.000Z"],
      active: 1,
      createdBy: USER,
    });
  });

  it("has no next runs while suspended", () => {
    const suspended = { ...cron, spec: { ...cron.spec, suspend: true } } as V1CronJob;
    expect(cronJobSummary(suspended, NOW)).toMatchObject({ suspended: true, nextRuns: [] });
  });
});

describe("formatting", () => {
  it("durations and command lines", () => {
    expect(formatDuration(45)).toBe("45s");
    expect(formatDuration(123)).toBe("2m 3s");
    expect(formatDuration(3_900)).toBe("1h 5m");
    expect(commandLine(["echo", "", "a b", "x=1"])).toBe("echo '' 'a b' x=1");
  });

  it("says how a run ended in one line (the job-done DM's title)", () => {
    const done = jobSummary(
      job({
        startTime: new Date("2026-03-28T12:00:00Z"),
        completionTime: new Date("2026-03-28T12:02:03Z"),
        conditions: [{ type: "Complete", status: "True" }],
      }),
      [pod("backup-1-a", "2026-03-28T12:00:00Z", { state: { terminated: { exitCode: 0 } } })],
      NOW,
    );
    expect(jobDoneTitle(done)).toBe("Job backup-1 in team-a succeeded in 2m 3s (exit code 0)");
    expect(jobDoneTitle({ ...done, phase: "failed", durationSeconds: null, exitCode: null })).toBe(
      "Job backup-1 in team-a failed",
    );
  });
});
