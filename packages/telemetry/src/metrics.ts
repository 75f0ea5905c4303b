/**
 * One Prometheus registry per process with ClusterCord's series. Counters
 * and histograms are fed where things happen (the tRPC middleware, the
 * socket handlers, the Discord worker, the notify job); gauges that mirror
 * state (job queues) are read when scraped. The cache series are the kube
 * package's own (packages/kube/src/cache/metrics.ts), registered here by
 * handing this registry to ResourceCaches.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

/** What the job metrics need from a job runner (structural: no dependency on the jobs package). */
export interface ObservableJobs {
  onCompleted(listener: (event: { job: string; durationMs: number }) => void): () => void;
  onFailed(listener: (event: { job: string; durationMs: number; willRetry: boolean }) => void): () => void;
  depth(): Promise<Record<string, { waiting: number; delayed: number; active: number; failed: number }>>;
}

export interface Metrics {
  readonly registry: Registry;
  /** tRPC procedures: seconds per call, by procedure and type (query, mutation). */
  readonly apiDuration: Histogram<"procedure" | "type">;
  /** tRPC procedures that ended in an error, by procedure and AppError code. */
  readonly apiErrors: Counter<"procedure" | "code">;
  /** Open socket.io connections, by kind (browser). */
  readonly openSockets: Gauge<"kind">;
  /** Open streams and live subscriptions, by kind (logs, exec, pods, resources, notifications). */
  readonly openStreams: Gauge<"kind">;
  /** Discord interactions from receipt to the answer sent, by command (`/clusters`, `button:confirm`). */
  readonly discordInteraction: Histogram<"command">;
  readonly notificationsSent: Counter<"channel">;
  readonly notificationsFailed: Counter<"channel">;
  /** Job runs that ended, seconds from start, by job and outcome (completed, failed). */
  readonly jobDuration: Histogram<"job" | "outcome">;
  /** Job runs that failed (retried or not), by job. */
  readonly jobFailures: Counter<"job">;
  /** Counts this runner's job runs and reads its queue depths at every scrape. */
  observeJobs(runner: ObservableJobs): void;
  /** The exposition text of this registry. */
  text(): Promise<string>;
  readonly contentType: string;
}

export interface MetricsOptions {
  /** Node's process metrics (CPU, memory, event loop lag, GC); default true. */
  processMetrics?: boolean;
}

const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const JOB_SECONDS = [0.01, 0.1, 0.5, 1, 5, 15, 60, 300, 900];

export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  const registers = [registry];
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry });

  const runners: ObservableJobs[] = [];
  new Gauge({
    name: "clustercord_job_queue_depth",
    help: "Jobs in the queue by job and state (waiting, delayed, active, failed), read when scraped.",
    labelNames: ["job", "state"] as const,
    registers,
    async collect() {
      this.reset();
      for (const runner of runners) {
        // A queue that does not answer leaves its depth out of this scrape instead of failing it.
        const depths = await runner.depth().catch(() => ({}));
        for (const [job, depth] of Object.entries(depths))
          for (const [state, value] of Object.entries(depth)) this.inc({ job, state }, value);
      }
    },
  });
  const jobDuration = new Histogram({
    name: "clustercord_job_duration_seconds",
    help: "Job runs from start to end, by job and outcome.",
    labelNames: ["job", "outcome"] as const,
    buckets: JOB_SECONDS,
    registers,
  });
  const jobFailures = new Counter({
    name: "clustercord_job_failures_total",
    help: "Job runs that failed (each attempt), by job.",
    labelNames: ["job"] as const,
    registers,
  });

  return {
    registry,
    apiDuration: new Histogram({
      name: "clustercord_api_request_duration_seconds",
      help: "tRPC procedure calls, by procedure and type.",
      labelNames: ["procedure", "type"] as const,
      buckets: SECONDS,
      registers,
    }),
    apiErrors: new Counter({
      name: "clustercord_api_errors_total",
      help: "tRPC procedure calls that ended in an error, by procedure and code.",
      labelNames: ["procedure", "code"] as const,
      registers,
    }),
    openSockets: new Gauge({
      name: "clustercord_open_sockets",
      help: "Open socket.io connections, by kind.",
      labelNames: ["kind"] as const,
      registers,
    }),
    openStreams: new Gauge({
      name: "clustercord_open_streams",
      help: "Open log and exec streams and live subscriptions, by kind.",
      labelNames: ["kind"] as const,
      registers,
    }),
    discordInteraction: new Histogram({
      name: "clustercord_discord_interaction_duration_seconds",
      help: "Discord interactions from receipt to the answer, by command.",
      labelNames: ["command"] as const,
      buckets: SECONDS,
      registers,
    }),
    notificationsSent: new Counter({
      name: "clustercord_notifications_sent_total",
      help: "Notifications delivered, by channel.",
      labelNames: ["channel"] as const,
      registers,
    }),
    notificationsFailed: new Counter({
      name: "clustercord_notifications_failed_total",
      help: "Notification deliveries that failed (each attempt), by channel.",
      labelNames: ["channel"] as const,
      registers,
    }),
    jobDuration,
    jobFailures,
    observeJobs(runner) {
      runners.push(runner);
      runner.onCompleted((event) =>
        jobDuration.observe({ job: event.job, outcome: "completed" }, event.durationMs / 1000),
      );
      runner.onFailed((event) => {
        jobDuration.observe({ job: event.job, outcome: "failed" }, event.durationMs / 1000);
        jobFailures.inc({ job: event.job });
      });
    },
    text: () => registry.metrics(),
    contentType: registry.contentType,
  };
}
