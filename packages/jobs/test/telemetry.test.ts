import { PassThrough } from "node:stream";
import { createLogger, createMetrics } from "@clustercord/telemetry";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { createJobRunner, defineJob, type JobRunner } from "../src/index";

// Regular mode (no Redis): the runner feeds the same events in queue mode, which restart.int.test.ts covers.
let runner: JobRunner | undefined;
afterEach(async () => {
  await runner?.stop({ graceMs: 100 });
  runner = undefined;
});

const until = async (what: string, check: () => boolean) => {
  const deadline = Date.now() + 5_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe("job runs in logs and metrics", () => {
  it("gives each run a logger with its reqId and counts durations, failures and queue depth", async () => {
    const out = new PassThrough();
    const chunks: string[] = [];
    out.on("data", (chunk: Buffer) => chunks.push(chunk.toString("utf8")));
    const log = createLogger({ name: "jobs-test", destination: out });
    const metrics = createMetrics({ processMetrics: false });
    runner = createJobRunner({ mode: "regular", log });
    const ok = defineJob({
      name: "telemetry-ok",
      payload: z.object({ n: z.number() }),
      retries: 0,
      run: async ({ n }, ctx) => {
        ctx.log.info({ n }, "working");
        return n;
      },
    });
    const boom = defineJob({
      name: "telemetry-boom",
      payload: z.object({}),
      retries: 0,
      run: async () => {
        throw new Error("it broke");
      },
    });
    runner.register([ok, boom]);
    metrics.observeJobs(runner);
    let ended = 0;
    runner.onCompleted(() => ended++);
    runner.onFailed(() => ended++);
    await runner.start();
    const { id } = await runner.enqueue(ok, { n: 7 });
    await runner.enqueue(boom, {});
    await runner.enqueue(ok, { n: 8 }, { delayMs: 60_000 });
    await until("both runs to end", () => ended === 2);

    const text = await metrics.text();
    expect(text).toContain(
      'clustercord_job_duration_seconds_count{job="telemetry-ok",outcome="completed"} 1',
    );
    expect(text).toContain('clustercord_job_duration_seconds_count{job="telemetry-boom",outcome="failed"} 1');
    expect(text).toContain('clustercord_job_failures_total{job="telemetry-boom"} 1');
    expect(text).toContain('clustercord_job_queue_depth{job="telemetry-ok",state="delayed"} 1');
    expect(text).toContain('clustercord_job_queue_depth{job="telemetry-boom",state="failed"} 1');

    const lines = chunks
      .join("")
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toContainEqual(
      expect.objectContaining({
        msg: "working",
        n: 7,
        reqId: `${id}-1`,
        job: "telemetry-ok",
        service: "jobs-test",
      }),
    );
  });
});
