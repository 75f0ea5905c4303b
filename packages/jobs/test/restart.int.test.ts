import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { openTestRedis, type Service, startService, type TestRedis } from "@clustercord/testenv";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createJobRunner, defineJob, type JobRunner } from "../src/index";
import { sleep, until } from "./helpers";

const repoRoot = path.resolve(import.meta.dirname, "../../..");
const fixture = path.join(import.meta.dirname, "fixtures/worker-process.ts");

// The producer's side of the fixture's job (the same name and payload; it never runs here).
const hold = defineJob({
  name: "hold",
  payload: z.object({ tag: z.string() }),
  retries: 0,
  run: async () => {},
});

describe("queue mode: jobs survive a jobs-process restart", () => {
  let redis: TestRedis;
  let dir: string;
  const services: Service[] = [];
  const runners: JobRunner[] = [];

  beforeAll(async () => {
    redis = await openTestRedis();
    dir = mkdtempSync(path.join(tmpdir(), "cc-jobs-restart-"));
  });
  afterEach(async () => {
    await Promise.all(services.splice(0).map((service) => service.stop()));
    await Promise.all(runners.splice(0).map((runner) => runner.stop({ graceMs: 1_000 })));
  });
  afterAll(async () => {
    await redis?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A fresh queue (prefix), its run log and release file, a producer, and a way to start jobs processes. */
  function scenario(name: string, settings: { graceMs: number; lockMs: number }) {
    const prefix = redis.prefix();
    const runsFile = path.join(dir, `${name}.runs`);
    const releaseFile = path.join(dir, `${name}.release`);
    writeFileSync(runsFile, "");
    const producer = createJobRunner({ mode: "queue", redisUrl: redis.url, prefix });
    producer.register([hold]);
    runners.push(producer);
    return {
      producer,
      release: () => writeFileSync(releaseFile, ""),
      lines: () => readFileSync(runsFile, "utf8").split("\n").filter(Boolean),
      async startProcess() {
        const service = await startService({
          name: `jobs-${name}`,
          command: process.execPath,
          args: [path.join(repoRoot, "node_modules/tsx/dist/cli.mjs"), fixture],
          cwd: repoRoot,
          env: {
            ...process.env,
            REDIS_URL: redis.url,
            JOBS_PREFIX: prefix,
            RUNS_FILE: runsFile,
            RELEASE_FILE: releaseFile,
            GRACE_MS: String(settings.graceMs),
            LOCK_MS: String(settings.lockMs),
          },
          readyLine: /\[fixture\] ready/,
          timeoutMs: 60_000,
        });
        services.push(service);
        // tsx runs the script in a child of its own: the job's pid is the one the script prints.
        const pid = /\[fixture\] ready pid=(\d+)/.exec(service.output())?.[1];
        if (!pid) throw new Error(`the fixture did not say its pid:\n${service.output()}`);
        return Object.assign(service, { pid: Number(pid) });
      },
    };
  }

  it("SIGKILL mid-job: after the restart the job runs to completion, once", async () => {
    const lockMs = 1_500;
    const s = scenario("killed", { graceMs: 10_000, lockMs });
    const first = await s.startProcess();
    await s.producer.enqueue(hold, { tag: "job-1" });
    await until("the first process to pick it up", () =>
      s.lines().some((line) => line.startsWith(`start job-1 pid=${first.pid}`)),
    );

    // Gone without a word, mid-job: its lock expires, and the next process takes the job over.
    process.kill(-(first.child.pid as number), "SIGKILL"); // the whole group: tsx and the script
    await until("the first process to die", () => first.child.signalCode === "SIGKILL");
    s.release();
    const second = await s.startProcess();
    await until("the job to complete", () => s.lines().some((line) => line.startsWith("done job-1")), 30_000);
    await sleep(2 * lockMs); // time for a wrong second run to show

    expect(s.lines()).toEqual([
      `start job-1 pid=${first.pid} attempt=1`,
      `start job-1 pid=${second.pid} attempt=1`,
      `done job-1 pid=${second.pid}`,
    ]);
    expect((await s.producer.depth()).hold).toEqual({ waiting: 0, delayed: 0, active: 0, failed: 0 });
  });

  it("SIGTERM mid-job past the grace period: handed back at once, the next process runs it, once", async () => {
    // A long lock: the job must come back by the hand-back, not by the lock running out.
    const s = scenario("terminated", { graceMs: 500, lockMs: 60_000 });
    const first = await s.startProcess();
    await s.producer.enqueue(hold, { tag: "job-2" });
    await until("the first process to pick it up", () =>
      s.lines().some((line) => line.startsWith("start job-2")),
    );

    const before = Date.now();
    await first.stop(); // SIGTERM (SIGKILL only after 5 s)
    expect(Date.now() - before).toBeLessThan(4_000);
    expect(first.child.exitCode).toBe(0);
    expect(first.output()).toContain("stopped: 0 finished, 1 handed back");

    s.release();
    const second = await s.startProcess();
    await until("the job to complete", () => s.lines().some((line) => line.startsWith("done job-2")), 10_000);
    await sleep(500);
    expect(s.lines()).toEqual([
      `start job-2 pid=${first.pid} attempt=1`,
      `aborted job-2 pid=${first.pid}`,
      `start job-2 pid=${second.pid} attempt=1`,
      `done job-2 pid=${second.pid}`,
    ]);
  });

  it("SIGTERM while a job finishes within the grace period: it completes there, and never runs again", async () => {
    const s = scenario("finishing", { graceMs: 10_000, lockMs: 60_000 });
    const first = await s.startProcess();
    await s.producer.enqueue(hold, { tag: "job-3" });
    await until("the first process to pick it up", () =>
      s.lines().some((line) => line.startsWith("start job-3")),
    );
    const stopping = first.stop();
    await sleep(300);
    s.release(); // the job finishes while its process waits for it
    await stopping;
    expect(first.child.exitCode).toBe(0);
    expect(first.output()).toContain("stopped: 1 finished, 0 handed back");

    await s.startProcess();
    await sleep(1_000);
    expect(s.lines()).toEqual([`start job-3 pid=${first.pid} attempt=1`, `done job-3 pid=${first.pid}`]);
  });

  it("a job enqueued while no jobs process runs is run by the next one to start, once", async () => {
    const s = scenario("waiting", { graceMs: 10_000, lockMs: 60_000 });
    s.release();
    await s.producer.enqueue(hold, { tag: "job-4" });
    expect((await s.producer.depth()).hold?.waiting).toBe(1);
    const only = await s.startProcess();
    await until("the job to complete", () => s.lines().some((line) => line.startsWith("done job-4")));
    await sleep(500);
    expect(s.lines()).toEqual([`start job-4 pid=${only.pid} attempt=1`, `done job-4 pid=${only.pid}`]);
  });
});
