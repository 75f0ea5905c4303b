import type { TestRedis } from "@clustercord/testenv";
import { createJobRunner, type JobRunner } from "../src/index";

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `check` holds; fails naming `what` after `timeoutMs`. */
export async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
}

export type Mode = "regular" | "queue";

/**
 * Runners for one test in either mode. `successor()` is the runner that
 * carries on after `runner` stopped: the same one started again in regular
 * mode (its queue is in memory), another runner on the same Redis prefix in
 * queue mode (as another jobs process would be).
 */
export function runnersFor(mode: Mode, redis: TestRedis | undefined, made: JobRunner[]) {
  const prefix = mode === "queue" ? requireRedis(redis).prefix() : "";
  const make = () => {
    const runner =
      mode === "queue"
        ? createJobRunner({ mode: "queue", redisUrl: requireRedis(redis).url, prefix })
        : createJobRunner({ mode: "regular" });
    made.push(runner);
    return runner;
  };
  const runner = make();
  return { runner, prefix, successor: () => (mode === "queue" ? make() : runner), another: make };
}

function requireRedis(redis: TestRedis | undefined): TestRedis {
  if (!redis) throw new Error("queue mode needs openTestRedis() in beforeAll");
  return redis;
}
