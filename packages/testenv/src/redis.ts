import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";

/** The machine's Redis (TEST_REDIS_URL overrides), as PostgreSQL is for the integration suite. */
export const testRedisUrl = () => process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

/**
 * Queue-mode tests share the machine's Redis: each takes fresh key prefixes
 * and deletes exactly their keys afterwards (never FLUSHALL). When Redis is
 * not answering this fails loudly, never skips.
 */
export async function openTestRedis() {
  const url = testRedisUrl();
  const client = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: true, connectTimeout: 3_000 });
  client.on("error", () => {}); // the ping below reports it
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    client.disconnect();
    throw new Error(
      `Queue-mode tests need Redis at ${new URL(url).host} (like PostgreSQL at 127.0.0.1:5432), ` +
        `and it did not answer PING: ${(error as Error).message}. Start it with ` +
        `'redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no'.`,
    );
  }
  const prefixes: string[] = [];
  return {
    url,
    client,
    /** A prefix no other test uses. */
    prefix(): string {
      const prefix = `cc-test-${randomBytes(5).toString("hex")}`;
      prefixes.push(prefix);
      return prefix;
    },
    /** How many keys exist under `prefix`. */
    async keys(prefix: string): Promise<string[]> {
      const found: string[] = [];
      let cursor = "0";
      do {
        const [next, batch] = await client.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 500);
        found.push(...batch);
        cursor = next;
      } while (cursor !== "0");
      return found;
    },
    /** Deletes every key under the prefixes handed out, then disconnects. */
    async close() {
      for (const prefix of prefixes) {
        const keys = await this.keys(prefix);
        for (let i = 0; i < keys.length; i += 500) await client.unlink(...keys.slice(i, i + 500));
      }
      client.disconnect();
    },
  };
}

export type TestRedis = Awaited<ReturnType<typeof openTestRedis>>;
