import { AppError } from "@clustercord/contracts";
import type { PrismaClient } from "@clustercord/db";
import type { CatalogEntry, JobRunner } from "@clustercord/jobs";
import { defaultLogger, type Logger, type Metrics } from "@clustercord/telemetry";
import { deliveryJob } from "./deliver";
import { createNotifier, type Notify } from "./notify";
import { createDiscordSender, type DiscordSender } from "./senders/discord";
import { createMailer, type Mailer } from "./senders/email";
import { SWEEP_SCHEDULE, sweepJob } from "./sweep";
import { createUnreadFeed, type UnreadFeed } from "./unread-feed";

export interface NotifyServiceConfig {
  prisma: PrismaClient;
  /** The bot's REST API (DISCORD_API_BASE) and token: DMs and channel posts are sent as the bot. */
  discord: { apiBase: string; botToken: string };
  /** SMTP_URL and SMTP_FROM; null: no email channel (and no address confirmation). */
  smtp: { url: string; from: string } | null;
  /** PUBLIC_URL: links in DMs and mail point here. */
  publicUrl: string;
  /** REDIS_URL (and JOBS_PREFIX): live unread counts reach every process through Redis. */
  redisUrl?: string | undefined;
  prefix?: string;
  now?: () => Date;
  /** Default: JSON to stdout. */
  log?: Logger;
  /** Sent and failed deliveries are counted here when given. */
  metrics?: Metrics;
}

/** The notify service one process owns: notify(), its jobs, the live unread feed and the mailer. */
export interface NotifyService {
  notify: Notify;
  /** For startBackgroundJobs({ extraJobs }): the delivery job and the five-minute sweep. */
  jobs: CatalogEntry[];
  /** Hands the service the runner its jobs were registered with (notify() enqueues there). */
  attachRunner(runner: JobRunner): void;
  feed: UnreadFeed;
  mailer: Mailer | null;
  publicUrl: string;
  close(): Promise<void>;
}

export function createNotifyService(
  config: NotifyServiceConfig,
  senders: { discord?: DiscordSender } = {},
): NotifyService {
  const log = config.log ?? defaultLogger();
  const feed = createUnreadFeed({ redisUrl: config.redisUrl, prefix: config.prefix, log });
  const mailer = config.smtp ? createMailer(config.smtp) : null;
  const discord = senders.discord ?? createDiscordSender(config.discord);
  const now = config.now;
  const deliver = deliveryJob({
    prisma: config.prisma,
    discord,
    mailer,
    publicUrl: config.publicUrl,
    ...(now ? { now } : {}),
    ...(config.metrics ? { metrics: config.metrics } : {}),
  });
  let runner: JobRunner | undefined;
  const theRunner = () => {
    if (!runner)
      throw new AppError("INTERNAL", {
        message: "The notify service has no job runner yet (call attachRunner after startBackgroundJobs)",
      });
    return runner;
  };
  const sweep = sweepJob({
    prisma: config.prisma,
    runner: theRunner,
    job: () => deliver,
    ...(now ? { now } : {}),
  });
  return {
    notify: createNotifier({
      prisma: config.prisma,
      feed,
      emailAvailable: mailer !== null,
      log,
      runner: theRunner,
      job: () => deliver,
      ...(now ? { now } : {}),
    }),
    jobs: [{ job: deliver }, { job: sweep, schedule: { cron: SWEEP_SCHEDULE, payload: {} } }],
    attachRunner(given) {
      runner = given;
    },
    feed,
    mailer,
    publicUrl: config.publicUrl,
    async close() {
      mailer?.close();
      await feed.close();
    },
  };
}
