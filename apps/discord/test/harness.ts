import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  createAiDeps,
  createApiHandler,
  createClusterGuard,
  createHelmDeps,
  createRateLimiter,
  createSnapshotDownloadHandler,
  ResourceCaches,
  SNAPSHOT_DOWNLOAD_PATH,
  type SnapshotsDeps,
  snapshotJobs,
} from "@clustercord/api";
import { createCredentialCipher, createDiscordDirectory, createEnvelopeCipher } from "@clustercord/auth";
import { createBlobStore } from "@clustercord/db";
import { createJobRunner } from "@clustercord/jobs";
import { createNotifyService } from "@clustercord/notify";
import { createMetrics } from "@clustercord/telemetry";
import {
  callTrpc,
  localChartPolicy,
  localClusterPolicy,
  openTestDatabase,
  seedRoleMappings,
  workerHeaders,
} from "@clustercord/testenv";
import { binaryPaths, startCluster } from "@clustercord/testenv/cluster";
import {
  type DiscordStandIn,
  type SendCommandOptions,
  startDiscordStandIn,
} from "@clustercord/testenv/discord";
import { registerSecret } from "@clustercord/testenv/leak-check";
import { loadWorkerEnv } from "../src/env";
import { startWorker } from "../src/worker";

export const ALICE = "100000000000000001"; // owns Acme: admin; viewer in Beta
export const BOB = "100000000000000002"; // operator in Acme
export const CAROL = "100000000000000003"; // viewer in Acme; owns Beta: admin
export const ACME = "200000000000000001";
export const BETA = "200000000000000002";
export const SERVICE_TOKEN = registerSecret(randomBytes(32).toString("hex"), "worker service token");

export function workerEnv(s: DiscordStandIn, url: string, extra: Record<string, string> = {}) {
  return loadWorkerEnv({
    DISCORD_BOT_TOKEN: s.fixture.bot.token,
    DISCORD_APPLICATION_ID: s.fixture.application.id,
    DISCORD_API_BASE: s.apiBase,
    CLUSTERCORD_API_URL: url,
    WORKER_SERVICE_TOKEN: SERVICE_TOKEN,
    // One person runs these tests' commands faster than people type; the limit has its own test.
    COMMANDS_PER_MINUTE: "600",
    ...extra,
  });
}

/**
 * The real API (packages/api over a real database, Discord read through the
 * stand-in), the real discord.js worker, and the stand-in's gateway.
 */
export async function startWorkerHarness(
  extraEnv: Record<string, string> = {},
  options: {
    artifactHubUrl?: string;
    /** Run notify() as the web process does (DMs through the stand-in, regular-mode jobs). */
    notify?: boolean;
    /** AI explanations through this OpenAI-compatible API (the LLM stand-in); default: off. */
    llmBaseUrl?: string;
    /** Cluster snapshots as the web process has them (blob directory, background takes, download route). */
    snapshots?: boolean;
  } = {},
) {
  const testDb = await openTestDatabase();
  const db = testDb.db;
  const standIn = await startDiscordStandIn();
  await seedRoleMappings(db.prisma, standIn.fixture.guilds);
  const directory = createDiscordDirectory({ apiBase: standIn.apiBase, botToken: standIn.fixture.bot.token });
  const keyring = [{ id: "test", key: randomBytes(32) }];
  const cipher = createCredentialCipher(keyring);
  // The secrets vault's envelope encryption on the same keyring, as the web process has it.
  const envelope = createEnvelopeCipher(keyring);
  const caches = new ResourceCaches();
  // Helm as in production, its chart guard allowing only 127.0.0.1 (the local chart repository).
  const helm = createHelmDeps({
    binary: binaryPaths().helm,
    artifactHubUrl: options.artifactHubUrl ?? "http://127.0.0.1:9",
    policy: localChartPolicy,
    timeoutSeconds: 30,
  });
  const notify = options.notify
    ? createNotifyService({
        prisma: db.prisma,
        discord: { apiBase: standIn.apiBase, botToken: standIn.fixture.bot.token },
        smtp: null,
        publicUrl: "https://cc.example.test",
      })
    : undefined;
  const runner = notify || options.snapshots ? createJobRunner({ mode: "regular" }) : undefined;
  if (notify && runner) {
    runner.register(notify.jobs.map((entry) => entry.job));
    notify.attachRunner(runner);
  }
  // The local control plane listens on 127.0.0.1: allowed, and nothing else private. The
  // operator allows insecure TLS here so /cluster add's allow-insecure opt-in can be exercised.
  const clusterGuard = createClusterGuard({ ...localClusterPolicy, allowInsecureTls: true });
  // Snapshots: archives in a temporary blob directory, taken in the background by the runner; the
  // download links' base is this server's address, set once it listens.
  const blobDir = options.snapshots ? await mkdtemp(join(tmpdir(), "cc-discord-blobs-")) : undefined;
  let snapshots: SnapshotsDeps | undefined;
  if (blobDir && runner) {
    const store = createBlobStore({ kind: "dir", dir: blobDir });
    const jobs = snapshotJobs(
      { prisma: db.prisma, directory, cipher, caches, clusterGuard, store, envelope },
      { runner: () => runner },
    );
    runner.register(jobs.entries.map((entry) => entry.job));
    snapshots = { store, taker: jobs.taker, publicUrl: "" };
  }
  await runner?.start();
  const apiDeps = {
    prisma: db.prisma,
    directory,
    serviceToken: SERVICE_TOKEN,
    cipher,
    envelope,
    confirmationKey: randomBytes(32),
    caches,
    clusterGuard,
    helm,
    ...(notify ? { notifications: notify } : {}),
    ...(options.llmBaseUrl
      ? { ai: createAiDeps({ baseUrl: options.llmBaseUrl, model: "stand-in", policy: localChartPolicy }) }
      : {}),
    ...(snapshots ? { snapshots } : {}),
    // Commands here come faster than people type; the API's limits have their own tests.
    rateLimiter: createRateLimiter({ scale: 10 }),
  };
  const handler = createApiHandler(apiDeps);
  // The snapshot download route beside /api/trpc, as the web server mounts it.
  const download = snapshots ? createSnapshotDownloadHandler(apiDeps) : undefined;
  const api = createServer((req, res) => {
    if (download && new URL(req.url ?? "/", "http://local").pathname === SNAPSHOT_DOWNLOAD_PATH)
      return void download(req, res);
    handler(req, res);
  });
  await new Promise<void>((resolve) => api.listen(0, "127.0.0.1", resolve));
  const apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
  if (snapshots) snapshots.publicUrl = apiUrl;
  const logged: string[] = [];
  // Interaction latency by command (the worker's own registry; process metrics are not wanted here).
  const metrics = createMetrics({ processMetrics: false });
  const worker = await startWorker(workerEnv(standIn, apiUrl, extraEnv), {
    logger: { info: (m) => logged.push(m), error: (m) => logged.push(`error: ${m}`) },
    metrics,
  });

  /** Types a command in Discord and waits for what the person sees. */
  const send = async (opts: SendCommandOptions) => (await standIn.sendCommand(opts)).reply();
  /** `/cluster <sub>` as `who` in `guild`. */
  const cluster = (
    who: string,
    guild: string,
    subcommand: string,
    options: SendCommandOptions["options"] = [],
  ) => send({ userId: who, guildId: guild, name: "cluster", subcommand, options });
  /** Clicks a button on a bot message. */
  const click = async (who: string, guild: string, customId: string, messageId: string) =>
    (await standIn.sendComponent({ userId: who, guildId: guild, customId, messageId })).reply();

  return {
    db,
    standIn,
    cipher,
    apiUrl,
    worker,
    logged,
    metrics,
    send,
    cluster,
    click,
    async close() {
      await worker.stop();
      await new Promise<void>((resolve) => api.close(() => resolve()));
      await runner?.stop({ graceMs: 1_000 });
      await notify?.close();
      caches.stopAll();
      await standIn.close();
      await testDb.drop();
      await rm(helm.workDir, { recursive: true, force: true });
      if (blobDir) await rm(blobDir, { recursive: true, force: true });
    },
  };
}

export type WorkerHarness = Awaited<ReturnType<typeof startWorkerHarness>>;

/** An option of `/cluster`'s subcommands (string, boolean, integer). */
export const opt = (name: string, value: string | number | boolean) => ({
  name,
  type: typeof value === "string" ? 3 : typeof value === "boolean" ? 5 : 4,
  value,
});

/** The `kubeconfig` attachment option. */
export const kubeconfigFile = (data: string | Buffer, filename = "kubeconfig.yaml") => ({
  name: "kubeconfig",
  type: 11 as const,
  file: { filename, contentType: "application/yaml", data },
});

/** The custom id of the button labelled `label` in a reply's components. */
export function buttonId(components: unknown, label: string): string {
  const rows = (components ?? []) as { components?: { label?: string; custom_id?: string }[] }[];
  const button = rows.flatMap((r) => r.components ?? []).find((b) => b.label === label);
  if (!button?.custom_id) {
    throw new Error(`no button labelled ${JSON.stringify(label)} in ${JSON.stringify(components)}`);
  }
  return button.custom_id;
}

/**
 * The worker harness plus the local control plane, with that cluster added
 * as "shared" by Alice (admin) in Acme through `/cluster add`.
 */
export async function startWorkerWithSharedCluster(
  name: string,
  options: Parameters<typeof startWorkerHarness>[1] = {},
) {
  const dataDir = await mkdtemp(join(tmpdir(), `cc-discord-${name}-`));
  // One person runs many commands a minute here; the per-person limit is tested in worker.int.test.ts.
  const [h, kube] = await Promise.all([startWorkerHarness({}, options), startCluster({ dataDir })]);
  const kubeconfig = await kube.kubectl(["config", "view", "--raw", "--flatten", "--minify"]);
  const added = await h.cluster(ALICE, ACME, "add", [
    opt("name", "shared"),
    kubeconfigFile(kubeconfig),
    opt("shared", true),
  ]);
  if (!added.embeds?.[0]?.title?.includes("shared")) {
    throw new Error(`/cluster add failed: ${JSON.stringify(added.embeds)}`);
  }
  const list = await callTrpc<{ clusters: { id: string; name: string }[] }>(h.apiUrl, "clusters.list", {
    headers: workerHeaders(SERVICE_TOKEN, ALICE, ACME),
  });
  const clusterId = list.data.clusters.find((c) => c.name === "shared")?.id ?? "";
  return {
    h,
    kube,
    clusterId,
    async close() {
      await h.close();
      await kube.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
