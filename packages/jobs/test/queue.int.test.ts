import { AppError } from "@clustercord/contracts";
import { freePort, openTestRedis, type TestRedis } from "@clustercord/testenv";
import { registerSecret } from "@clustercord/testenv/leak-check";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createJobRunner, defineJob, type JobRunner } from "../src/index";
import { runnersFor, sleep, until } from "./helpers";

// What only queue mode has: several processes on one Redis.
describe("job runner, queue mode across processes", () => {
  let redis: TestRedis;
  const made: JobRunner[] = [];
  const setup = () => runnersFor("queue", redis, made);

  beforeAll(async () => {
    redis = await openTestRedis();
  });
  afterEach(async () => {
    await Promise.all(made.splice(0).map((runner) => runner.stop({ graceMs: 1_000 })));
  });
  afterAll(async () => {
    await redis?.close();
  });

  it("runs in a jobs process what a process without workers (the web) enqueued", async () => {
    const { runner: web, another } = setup();
    const jobs = another();
    const ranIn: string[] = [];
    // Each process has its own definition of the same job, as two processes would.
    const noteIn = (where: string) =>
      defineJob({
        name: "note",
        payload: z.object({ text: z.string() }),
        run: async (payload) => {
          ranIn.push(`${where}: ${payload.text}`);
        },
      });
    const webNote = noteIn("web");
    web.register([webNote]);
    jobs.register([noteIn("jobs")]);
    await jobs.start();
    await web.enqueue(webNote, { text: "hi" });
    await until("the jobs process to run it", () => ranIn.length === 1);
    await sleep(200);
    expect(ranIn).toEqual(["jobs: hi"]);
  });

  it("holds a job's concurrency limit across every process", async () => {
    const { runner, another } = setup();
    let now = 0;
    let most = 0;
    let finished = 0;
    const exclusive = defineJob({
      name: "exclusive",
      payload: z.object({ n: z.number() }),
      concurrency: 1,
      run: async () => {
        now++;
        most = Math.max(most, now);
        await sleep(100);
        now--;
        finished++;
      },
    });
    const second = another();
    for (const r of [runner, second]) r.register([exclusive]);
    for (let n = 0; n < 6; n++) await runner.enqueue(exclusive, { n });
    await Promise.all([runner.start(), second.start()]);
    await until("all six", () => finished === 6);
    expect(most).toBe(1);
  });

  it("fires a schedule once per tick however many processes keep it", async () => {
    const { runner, another } = setup();
    const second = another();
    const ticks: number[] = [];
    const beat = defineJob({
      name: "beat",
      payload: z.object({}),
      run: async () => {
        ticks.push(Math.round(Date.now() / 1000));
      },
    });
    for (const r of [runner, second]) {
      r.register([beat]);
      await r.schedule(beat, "* * * * * *", {});
      await r.start();
    }
    await until("four ticks", () => ticks.length >= 4, 8_000);
    await runner.stop({ graceMs: 1_000 });
    await second.stop({ graceMs: 1_000 });
    // Each second ran once, not once per process.
    expect(new Set(ticks).size).toBe(ticks.length);
  });

  it("says plainly when Redis does not answer, without the URL's password", async () => {
    const port = await freePort(); // nothing listens there
    const password = registerSecret("hunter2-redis-password", "queue test Redis password");
    const runner = createJobRunner({
      mode: "queue",
      redisUrl: `redis://:${password}@127.0.0.1:${port}`,
      prefix: redis.prefix(),
    });
    made.push(runner);
    const ping = defineJob({ name: "ping", payload: z.object({}), run: async () => {} });
    runner.register([ping]);
    const before = Date.now();
    const error = (await runner.enqueue(ping, {}).catch((e: unknown) => e)) as AppError;
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe("UPSTREAM");
    expect(error.message).toMatch(/^Job ping: the queue did not answer/);
    expect(error.userMessage).toBe("The background task queue is not answering; try again shortly.");
    expect(`${error.message} ${error.userMessage}`).not.toContain(password);
    expect(Date.now() - before).toBeLessThan(10_000);
  });
});
