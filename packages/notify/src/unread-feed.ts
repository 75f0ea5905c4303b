import { defaultLogger, type Logger } from "@clustercord/telemetry";
import { Redis } from "ioredis";

/**
 * "This person's unread count may have changed": published where
 * notifications are stored or read, heard by every socket of that person.
 * In one process it is a local fan-out; with Redis (queue mode, several web
 * processes, a jobs process) it goes over Redis pub/sub to every process.
 */
export interface UnreadFeed {
  publish(userId: string): void;
  subscribe(userId: string, listener: () => void): () => void;
  /** Resolves once this process hears what others publish (at once without Redis). */
  ready: Promise<void>;
  close(): Promise<void>;
}

class Listeners {
  private readonly byUser = new Map<string, Set<() => void>>();

  constructor(private readonly log: Logger) {}

  add(userId: string, listener: () => void): () => void {
    let set = this.byUser.get(userId);
    if (!set) {
      set = new Set();
      this.byUser.set(userId, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.byUser.delete(userId);
    };
  }

  emit(userId: string) {
    for (const listener of this.byUser.get(userId) ?? []) {
      try {
        listener();
      } catch (error) {
        this.log.error({ err: error }, "an unread-count listener failed");
      }
    }
  }
}

export function createUnreadFeed(
  options: { redisUrl?: string | undefined; prefix?: string; log?: Logger } = {},
): UnreadFeed {
  const log = options.log ?? defaultLogger();
  const listeners = new Listeners(log);
  if (!options.redisUrl) {
    return {
      publish: (userId) => queueMicrotask(() => listeners.emit(userId)),
      subscribe: (userId, listener) => listeners.add(userId, listener),
      ready: Promise.resolve(),
      close: async () => {},
    };
  }
  const channel = `${options.prefix ?? "clustercord"}:notifications:unread`;
  const said = { at: 0 };
  const say = (error: Error) => {
    if (Date.now() < said.at) return;
    said.at = Date.now() + 60_000;
    log.error({ error: error.message }, "unread feed: Redis trouble (said once a minute)");
  };
  const publisher = new Redis(options.redisUrl, {
    maxRetriesPerRequest: 1,
    connectionName: "clustercord-notify",
  });
  const subscriber = new Redis(options.redisUrl, { connectionName: "clustercord-notify" });
  publisher.on("error", say);
  subscriber.on("error", say);
  const ready = subscriber.subscribe(channel).then(
    () => {},
    (error: Error) => say(error),
  );
  subscriber.on("message", (from: string, userId: string) => {
    if (from === channel) listeners.emit(userId);
  });
  return {
    publish(userId) {
      publisher.publish(channel, userId).catch(say);
    },
    subscribe: (userId, listener) => listeners.add(userId, listener),
    ready,
    async close() {
      await ready;
      publisher.disconnect();
      subscriber.disconnect();
    },
  };
}
