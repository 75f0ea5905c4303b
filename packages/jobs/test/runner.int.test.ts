import { AppError } from "@clustercord/contracts";
import { openTestRedis, type TestRedis } from "@clustercord/testenv";
import { registerSecret } from "@clustercord/testenv/leak-check";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { defineJob, type JobCompletedEvent, type JobFailedEvent, type JobRunner } from "../src/index";
import { type Mode, runnersFor, sleep, until } from "./helpers";

// The same tests against both modes: the interface is the contract.
describe.each<Mode>(["regular", "queue"])("job runner, %s mode", (mode) => {
  let redis: TestRedis | undefined;
  const made: JobRunner[] = [];
  const setup = () => runnersFor(mode, redis, made);

  beforeAll(async () => {
    if (mode === "queue") redis = await openTestRedis();
  });
  afterEach(async () => {
    await Promise.all(made.splice(0).map((runner) => runner.stop({ graceMs: 1_000 })));
  });
  afterAll(async () => {
    await redis?.close();
  });

  it("runs a job once with its checked payload and reports the result", async () => {
    const { runner } = setup();
    const seen: Array<{ payload: unknown; attempt: number; name: string }> = [];
    const greet = defineJob({
      name: "greet",
      payload: z.object({ who: z.string(), times: z.number().int().default(1) }),
      run: async (payload, ctx) => {
        seen.push({ payload, attempt: ctx.attempt, name: ctx.name });
        return { said: `hello ${payload.who}`.repeat(payload.times) };
      },
    });
    runner.register([greet]);
    const done: JobCompletedEvent[] = [];
    runner.onCompleted((event) => done.push(event));
    await runner.start();

    const { id, deduplicated } = await runner.enqueue(greet, { who: "alice" });
    expect(deduplicated).toBe(false);
    await until("the job to complete", () => done.length === 1);
    expect(seen).toEqual([{ payload: { who: "alice", times: 1 }, attempt: 1, name: "greet" }]);
    expect(done[0]).toMatchObject({ job: "greet", id, attempt: 1, result: { said: "hello alice" } });
    await sleep(200);
    expect(seen).toHaveLength(1);
  });

  it("refuses a payload that does not fit, naming the field and never echoing the value", async () => {
    const { runner } = setup();
    const deliver = defineJob({
      name: "deliver",
      payload: z.object({ userId: z.string().regex(/^\d+$/), count: z.number() }),
      run: async () => {},
    });
    runner.register([deliver]);
    const secret = registerSecret("s3cret-token-value-4d1e", "job payload test value");
    const attempt = runner.enqueue(deliver, { userId: secret, count: "many" } as never);
    await expect(attempt).rejects.toBeInstanceOf(AppError);
    const error = (await attempt.catch((e: unknown) => e)) as AppError;
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toContain("Payload for job deliver is not valid");
    expect(error.message).toContain("userId: invalid_format");
    expect(error.message).toContain("count: expected number");
    expect(`${error.message} ${error.userMessage}`).not.toContain(secret);
    expect(`${error.message} ${error.userMessage}`).not.toContain("many");

    const unknown = defineJob({ name: "not-registered", payload: z.object({}), run: async () => {} });
    await expect(runner.enqueue(unknown, {})).rejects.toThrow("Job not-registered is not registered");
    expect((await runner.depth()).deliver).toMatchObject({ waiting: 0, delayed: 0 });
  });

  it("treats a second enqueue with the same idempotency key as a no-op while the key lives", async () => {
    const { runner } = setup();
    const runs: string[] = [];
    const send = defineJob({
      name: "send",
      payload: z.object({ to: z.string() }),
      run: async (payload) => {
        runs.push(payload.to);
      },
    });
    runner.register([send]);
    await runner.start();

    const first = await runner.enqueue(send, { to: "a" }, { idempotencyKey: "message-1" });
    await until("the first send", () => runs.length === 1);
    // Even after the first one ran, and with another payload: the key decides.
    const again = await runner.enqueue(send, { to: "b" }, { idempotencyKey: "message-1" });
    expect(again).toEqual({ id: first.id, deduplicated: true });
    const other = await runner.enqueue(send, { to: "c" }, { idempotencyKey: "message-2" });
    expect(other.deduplicated).toBe(false);
    await until("the other key's send", () => runs.length === 2);

    // A key's lifetime ends: the same key enqueues again.
    await runner.enqueue(send, { to: "d" }, { idempotencyKey: "short", idempotencyTtlMs: 300 });
    expect((await runner.enqueue(send, { to: "e" }, { idempotencyKey: "short" })).deduplicated).toBe(true);
    await sleep(400);
    expect((await runner.enqueue(send, { to: "f" }, { idempotencyKey: "short" })).deduplicated).toBe(false);
    await until("every distinct send", () => runs.length === 4);
    await sleep(200);
    expect(runs.sort()).toEqual(["a", "c", "d", "f"]);
  });

  it("runs a delayed job no earlier than asked", async () => {
    const { runner } = setup();
    let ranAt = 0;
    const later = defineJob({
      name: "later",
      payload: z.object({}),
      run: async () => {
        ranAt = Date.now();
      },
    });
    runner.register([later]);
    await runner.start();
    const enqueuedAt = Date.now();
    await runner.enqueue(later, {}, { delayMs: 500 });
    expect((await runner.depth()).later?.delayed).toBe(1);
    await until("the delayed job", () => ranAt > 0);
    expect(ranAt - enqueuedAt).toBeGreaterThanOrEqual(490);
  });

  it("retries a failing job with exponential backoff until it succeeds", async () => {
    const { runner } = setup();
    const starts: number[] = [];
    const flaky = defineJob({
      name: "flaky",
      payload: z.object({}),
      retries: 3,
      backoff: { type: "exponential", delayMs: 200 },
      run: async (_, ctx) => {
        starts.push(Date.now());
        if (ctx.attempt < 3) throw new Error(`attempt ${ctx.attempt} failed`);
        return "ok";
      },
    });
    runner.register([flaky]);
    const failures: JobFailedEvent[] = [];
    const done: JobCompletedEvent[] = [];
    runner.onFailed((event) => failures.push(event));
    runner.onCompleted((event) => done.push(event));
    await runner.start();
    await runner.enqueue(flaky, {});
    await until("the third attempt to succeed", () => done.length === 1);

    expect(starts).toHaveLength(3);
    expect(failures.map((f) => [f.attempt, f.willRetry, f.error.message])).toEqual([
      [1, true, "attempt 1 failed"],
      [2, true, "attempt 2 failed"],
    ]);
    expect(done[0]?.attempt).toBe(3);
    const [a, b, c] = starts as [number, number, number];
    expect(b - a).toBeGreaterThanOrEqual(195); // 200 ms
    expect(c - b).toBeGreaterThanOrEqual(395); // then 400 ms
  });

  it("gives up after the last retry, and never retries a request the API refused", async () => {
    const { runner } = setup();
    const attempts: Record<string, number> = { broken: 0, forbidden: 0 };
    const broken = defineJob({
      name: "broken",
      payload: z.object({}),
      retries: 1,
      backoff: { type: "fixed", delayMs: 50 },
      run: async () => {
        attempts.broken = (attempts.broken ?? 0) + 1;
        throw new Error("still broken");
      },
    });
    const forbidden = defineJob({
      name: "forbidden",
      payload: z.object({}),
      retries: 5,
      backoff: { type: "fixed", delayMs: 50 },
      run: async () => {
        attempts.forbidden = (attempts.forbidden ?? 0) + 1;
        throw new AppError("FORBIDDEN", { message: "the bot may not post there" });
      },
    });
    runner.register([broken, forbidden]);
    const failures: JobFailedEvent[] = [];
    runner.onFailed((event) => failures.push(event));
    await runner.start();
    await runner.enqueue(broken, {});
    await runner.enqueue(forbidden, {});
    await until("both to give up", () => failures.filter((f) => !f.willRetry).length === 2);
    await sleep(300);
    expect(attempts).toEqual({ broken: 2, forbidden: 1 });
    expect(failures.filter((f) => f.job === "forbidden").map((f) => [f.willRetry, f.error.message])).toEqual([
      [false, "the bot may not post there"],
    ]);
    const depth = await runner.depth();
    expect(depth.broken).toMatchObject({ failed: 1, waiting: 0, delayed: 0, active: 0 });
    expect(depth.forbidden).toMatchObject({ failed: 1, waiting: 0, delayed: 0, active: 0 });
  });

  it("never runs more than the job's concurrency at once", async () => {
    const { runner } = setup();
    let now = 0;
    let most = 0;
    let finished = 0;
    const slow = defineJob({
      name: "slow",
      payload: z.object({ n: z.number() }),
      concurrency: 2,
      run: async () => {
        now++;
        most = Math.max(most, now);
        await sleep(150);
        now--;
        finished++;
      },
    });
    runner.register([slow]);
    for (let n = 0; n < 6; n++) await runner.enqueue(slow, { n });
    expect((await runner.depth()).slow?.waiting).toBe(6);
    await runner.start();
    await until("all six", () => finished === 6);
    expect(most).toBe(2); // the limit held, and it was used
  });

  it("runs a cron schedule at every tick, and refuses bad schedules by name", async () => {
    const { runner } = setup();
    const ticks: number[] = [];
    const tick = defineJob({
      name: "tick",
      payload: z.object({ label: z.string() }),
      run: async (payload) => {
        expect(payload.label).toBe("every second");
        ticks.push(Date.now());
      },
    });
    runner.register([tick]);
    await expect(runner.schedule(tick, "61 * * * *", { label: "x" })).rejects.toThrow(
      'Schedule for job tick: cron pattern "61 * * * *" is not valid',
    );
    await expect(runner.schedule(tick, "* * * * *", { label: "x" }, { tz: "Mars/Olympus" })).rejects.toThrow(
      'time zone "Mars/Olympus" is not an IANA time zone',
    );
    await expect(runner.schedule(tick, "* * * * *", { label: 1 } as never)).rejects.toThrow(
      "label: expected string",
    );
    await runner.schedule(tick, "* * * * * *", { label: "every second" }, { tz: "Europe/Berlin" });
    await runner.start();
    await until("three ticks", () => ticks.length >= 3, 6_000);
    const [first, second, third] = ticks as [number, number, number];
    // One run per second: neither doubled nor skipped.
    expect(second - first).toBeGreaterThan(700);
    expect(third - second).toBeGreaterThan(700);
    expect(third - first).toBeLessThan(3_000);
  });

  it("stop() lets a running job finish within the grace period", async () => {
    const { runner } = setup();
    let started = false;
    let finished = false;
    const steady = defineJob({
      name: "steady",
      payload: z.object({}),
      run: async () => {
        started = true;
        await sleep(400);
        finished = true;
      },
    });
    runner.register([steady]);
    const done: JobCompletedEvent[] = [];
    runner.onCompleted((event) => done.push(event));
    await runner.start();
    await runner.enqueue(steady, {});
    await until("the job to start", () => started);
    const before = Date.now();
    expect(await runner.stop({ graceMs: 10_000 })).toEqual({ finished: 1, handedBack: 0 });
    expect(finished).toBe(true);
    expect(done).toHaveLength(1);
    expect(Date.now() - before).toBeLessThan(3_000);
  });

  it("stop() hands back a run past the grace period; it runs again later, once", async () => {
    const { runner, successor } = setup();
    const starts: number[] = [];
    let aborted = 0;
    let completions = 0;
    const stubborn = defineJob({
      name: "stubborn",
      payload: z.object({ n: z.number() }),
      retries: 0,
      run: async (_, ctx) => {
        starts.push(ctx.attempt);
        if (starts.length === 1) {
          // The first run outlasts the grace period, until it is told to stop.
          await new Promise((_, reject) =>
            ctx.signal.addEventListener("abort", () => {
              aborted++;
              reject(ctx.signal.reason);
            }),
          );
        }
        completions++;
      },
    });
    runner.register([stubborn]);
    await runner.start();
    await runner.enqueue(stubborn, { n: 1 });
    await until("the first run", () => starts.length === 1);

    const before = Date.now();
    expect(await runner.stop({ graceMs: 300 })).toEqual({ finished: 0, handedBack: 1 });
    expect(Date.now() - before).toBeLessThan(2_000);
    expect(aborted).toBe(1);
    expect(completions).toBe(0);

    const next = successor();
    next.register([stubborn]);
    const done: JobCompletedEvent[] = [];
    next.onCompleted((event) => done.push(event));
    await next.start();
    await until("the handed-back run", () => done.length === 1);
    await sleep(300);
    // Ran again, once, as the same job, and the handed-back run did not count as an attempt.
    expect(starts).toEqual([1, 1]);
    expect(completions).toBe(1);
    expect((await next.depth()).stubborn).toMatchObject({ waiting: 0, active: 0, delayed: 0, failed: 0 });
  });
});
