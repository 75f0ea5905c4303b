import type { Logger } from "@clustercord/telemetry";
import { createAdapter } from "@socket.io/redis-adapter";
import { Redis } from "ioredis";

export interface RealtimeRedis {
  /** redis:// or rediss:// URL (queue mode's REDIS_URL). */
  url: string;
  /** Prefix of the pub/sub channels, so installs and tests can share one Redis (JOBS_PREFIX). */
  prefix: string;
}

export interface RedisAdapter {
  /** socket.io's adapter factory (`io.adapter(...)`). */
  adapter: ReturnType<typeof createAdapter>;
  /** Resolves once this process hears what other processes publish, or Redis gave up for now (call after `io.adapter(...)`). */
  subscribed(): Promise<void>;
  close(): void;
}

/**
 * socket.io's Redis pub/sub adapter: a room broadcast or a
 * `disconnectSockets` on one web process reaches the sockets of every web
 * process sharing the prefix. Pub/sub is fire and forget: what is published
 * while a process is cut off from Redis is lost to it, which the session
 * recheck covers (a signed-out socket is closed by it within seconds).
 */
export function redisAdapter(options: RealtimeRedis, log: Logger): RedisAdapter {
  const said = { at: 0 };
  // One line a minute while Redis is away, not one per retry; never the URL (it may hold a password).
  const say = (error: Error) => {
    if (Date.now() < said.at) return;
    said.at = Date.now() + 60_000;
    log.error({ error: error.message }, "socket.io adapter: Redis trouble (said once a minute)");
  };
  const pub = new Redis(options.url, { maxRetriesPerRequest: 1, connectionName: "clustercord-sockets" });
  const sub = new Redis(options.url, { connectionName: "clustercord-sockets" });
  pub.on("error", say);
  sub.on("error", say);
  const adapter = createAdapter(pub, sub, { key: `${options.prefix}:socket.io` });
  return {
    adapter,
    // Commands on one connection are answered in order: once this one is, the
    // adapter's (p)subscribe calls issued before it (on io.adapter()) are live.
    // A Redis that is away is said, not thrown: the process serves its own sockets meanwhile.
    subscribed: () =>
      sub.subscribe(`${options.prefix}:socket.io:ready`).then(
        () => {},
        (error: Error) => say(error),
      ),
    close() {
      pub.disconnect();
      sub.disconnect();
    },
  };
}
