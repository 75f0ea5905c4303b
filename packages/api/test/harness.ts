import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { createCredentialCipher, createDiscordDirectory, createEnvelopeCipher } from "@clustercord/auth";
import { type BlobStoreConfig, createBlobStore } from "@clustercord/db";
import { createJobRunner } from "@clustercord/jobs";
import type { ResourceCachesOptions } from "@clustercord/kube";
import { createNotifyService } from "@clustercord/notify";
import { createLogger } from "@clustercord/telemetry";
import {
  callTrpc,
  localChartPolicy,
  localClusterPolicy,
  openTestDatabase,
  seedRoleMappings,
  workerHeaders,
} from "@clustercord/testenv";
import { binaryPaths, startCluster } from "@clustercord/testenv/cluster";
import { startDiscordStandIn } from "@clustercord/testenv/discord";
import { registerSecret } from "@clustercord/testenv/leak-check";
import {
  createAiDeps,
  createApiHandler,
  createClusterGuard,
  createHelmDeps,
  createRateLimiter,
  createSnapshotDownloadHandler,
  jobRunJobs,
  ResourceCaches,
  SNAPSHOT_DOWNLOAD_PATH,
  type SnapshotsDeps,
  snapshotJobs,
} from "../src/index";

export const ALICE = "100000000000000001"; // admin (owner) of Acme, viewer in Beta
export const BOB = "100000000000000002"; // operator in Acme
export const CAROL = "100000000000000003"; // viewer in Acme, admin (owner) of Beta
export const ACME = "200000000000000001";
export const BETA = "200000000000000002";
const TOKEN = registerSecret(randomBytes(32).toString("hex"), "worker service token");

/**
 * The API over HTTP with everything real behind it: a database, the Discord
 * stand-in (membership and roles) and the local Kubernetes control plane.
 */
export async function startApiHarness(
  options: {
    caches?: ResourceCachesOptions;
    /** ArtifactHub's base URL (the stand-in's); default: an address nothing answers on. */
    artifactHubUrl?: string;
    /** Run notify() as the web process does (DMs through the stand-in, regular-mode jobs). */
    notify?: boolean;
    /** With `notify`: follow jobs.run's Jobs and DM when one ran at least this long (JOB_DONE_DM_AFTER_SECONDS). */
    jobDoneDmAfterSeconds?: number;
    /** The AI model API (the LLM stand-in's base URL); default: an address nothing answers on. */
    llm?: { baseUrl: string; apiKey?: string };
    /** Where snapshot archives go (default: a directory of its own, removed on close). */
    blobStore?: BlobStoreConfig;
    /** VAULT_VERSIONS_KEPT (default 10). */
    vaultVersionsKept?: number;
  } = {},
) {
  const testDb = await openTestDatabase();
  const db = testDb.db;
  const standIn = await startDiscordStandIn();
  await seedRoleMappings(db.prisma, standIn.fixture.guilds);
  const clusterDir = await mkdtemp(join(tmpdir(), "cc-api-cluster-"));
  const cluster = await startCluster({ dataDir: clusterDir });
  const kubeconfig = await cluster.kubectl(["config", "view", "--raw", "--flatten", "--minify"]);
  const directory = createDiscordDirectory({ apiBase: standIn.apiBase, botToken: standIn.fixture.bot.token });
  const caches = new ResourceCaches(options.caches);
  // The local control plane listens on 127.0.0.1: allowed, and nothing else private.
  const clusterGuard = createClusterGuard(localClusterPolicy);
  // Helm as in production, with the chart guard allowing only 127.0.0.1 (the local repository, the stand-in).
  const helm = createHelmDeps({
    binary: binaryPaths().helm,
    artifactHubUrl: options.artifactHubUrl ?? "http://127.0.0.1:9",
    policy: localChartPolicy,
    // The failing-upgrade chart's pods never schedule: --atomic gives up (and rolls back) after this.
    timeoutSeconds: 30,
  });
  const notifyService = options.notify
    ? createNotifyService({
        prisma: db.prisma,
        discord: { apiBase: standIn.apiBase, botToken: standIn.fixture.bot.token },
        smtp: null,
        publicUrl: "https://cc.example.test",
      })
    : undefined;
  const runner = notifyService ? createJobRunner({ mode: "regular" }) : undefined;
  const keyring = [{ id: "k1", key: randomBytes(32) }];
  const cipher = createCredentialCipher(keyring);
  // The vault's envelope encryption on the same keyring, as the web process has it.
  const envelope = createEnvelopeCipher(keyring);
  // Jobs started through jobs.run/jobs.trigger, followed as the web process follows them.
  const jobRuns =
    notifyService && runner && options.jobDoneDmAfterSeconds !== undefined
      ? jobRunJobs(
          { prisma: db.prisma, cipher, caches, clusterGuard, notifications: notifyService, directory },
          { runner: () => runner, dmAfterSeconds: options.jobDoneDmAfterSeconds, intervalMs: 1_000 },
        )
      : undefined;
  if (notifyService && runner) {
    runner.register([...notifyService.jobs, ...(jobRuns?.entries ?? [])].map((entry) => entry.job));
    notifyService.attachRunner(runner);
    await runner.start();
  }
  // Snapshots: taken by their own regular-mode runner (no sweep schedule: tests sweep when they choose).
  const blobDir = await mkdtemp(join(tmpdir(), "cc-api-blobs-"));
  const blobStore = createBlobStore(options.blobStore ?? { kind: "dir", dir: blobDir });
  const snapshotRunner = createJobRunner({ mode: "regular" });
  const snapshotJobDeps = {
    prisma: db.prisma,
    directory,
    cipher,
    caches,
    clusterGuard,
    store: blobStore,
    envelope,
  };
  const snapshotRuns = snapshotJobs(snapshotJobDeps, { runner: () => snapshotRunner });
  snapshotRunner.register(snapshotRuns.entries.map((entry) => entry.job));
  await snapshotRunner.start();
  // The download links' base is the API's own address, known once it listens.
  const snapshots: SnapshotsDeps = {
    store: blobStore,
    taker: snapshotRuns.taker,
    publicUrl: "http://127.0.0.1",
  };
  const confirmationKey = randomBytes(32);
  // What the API logs goes to stdout as before, and is kept so a test can search it for secrets.
  const logLines: string[] = [];
  const log = createLogger({
    name: "api",
    destination: new Writable({
      write(chunk, _encoding, done) {
        logLines.push(String(chunk));
        process.stdout.write(chunk, () => done());
      },
    }),
  });
  const apiHandler = createApiHandler({
    prisma: db.prisma,
    directory,
    serviceToken: TOKEN,
    cipher,
    envelope,
    vaultVersionsKept: options.vaultVersionsKept ?? 10,
    confirmationKey,
    snapshots,
    caches,
    clusterGuard,
    helm,
    log,
    ...(notifyService ? { notifications: notifyService } : {}),
    ...(jobRuns ? { jobFollower: jobRuns.follower } : {}),
    // AI explanations on, through a guard allowing only 127.0.0.1 (the LLM stand-in).
    ai: createAiDeps({
      baseUrl: options.llm?.baseUrl ?? "http://127.0.0.1:9/v1",
      model: "stand-in",
      apiKey: options.llm?.apiKey ?? null,
      policy: localChartPolicy,
    }),
    // These tests make many calls a second as one person; the limits have their own tests.
    rateLimiter: createRateLimiter({ scale: 10 }),
  });
  // The snapshot download route beside /api/trpc, as the web server mounts it.
  const snapshotDownload = createSnapshotDownloadHandler({
    prisma: db.prisma,
    directory,
    serviceToken: TOKEN,
    cipher,
    envelope,
    confirmationKey,
    caches,
    clusterGuard,
    snapshots,
    log,
  });
  const api = createServer((req, res) => {
    if (new URL(req.url ?? "/", "http://x").pathname === SNAPSHOT_DOWNLOAD_PATH)
      void snapshotDownload(req, res);
    else apiHandler(req, res);
  });
  await new Promise<void>((resolve) => api.listen(0, "127.0.0.1", resolve));
  const apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
  snapshots.publicUrl = apiUrl;

  /** Calls a procedure as a person in a guild, the way the Discord worker does. */
  const call = <T>(
    procedure: string,
    who: readonly [user: string, guild: string],
    options: { input?: unknown; mutation?: boolean } = {},
  ) => callTrpc<T>(apiUrl, procedure, { headers: workerHeaders(TOKEN, who[0], who[1]), ...options });

  /**
   * Acme (Alice, admin) adds the local cluster as a shared one, and grants
   * each of `grantTo` a place on it, which that guild's owner accepts;
   * returns the cluster's id.
   */
  const addSharedCluster = async (grantTo: readonly string[] = []) => {
    const added = await call<{ cluster: { id: string } }>("clusters.add", [ALICE, ACME], {
      input: { name: "shared", kubeconfig, shared: true },
      mutation: true,
    });
    if (added.error) throw new Error(`clusters.add: ${added.error.message}`);
    for (const guildId of grantTo) {
      const granted = await call("tenants.grant", [ALICE, ACME], {
        input: { clusterId: added.data.cluster.id, guildId },
        mutation: true,
      });
      if (granted.status !== 200) throw new Error(`tenants.grant ${guildId}: HTTP ${granted.status}`);
      const owner = standIn.fixture.guilds.find((g) => g.id === guildId)?.ownerId ?? "";
      const accepted = await call("tenants.accept", [owner, guildId], {
        input: { clusterId: added.data.cluster.id },
        mutation: true,
      });
      if (accepted.status !== 200) throw new Error(`tenants.accept ${guildId}: HTTP ${accepted.status}`);
    }
    return added.data.cluster.id;
  };

  return {
    db,
    standIn,
    cluster,
    kubeconfig,
    addSharedCluster,
    apiUrl,
    /** The API's watch-backed caches (their stats show what reached the cluster). */
    caches,
    /** The API's key for cluster credentials (background jobs open clusters with it). */
    cipher,
    /** The API's envelope cipher (vault versions). */
    envelope,
    /** Where snapshot archives are stored, and what the snapshot jobs run with (tests sweep schedules through it). */
    blobStore,
    snapshotJobDeps,
    snapshotTaker: snapshotRuns.taker,
    /** The API's guard for cluster connections (127.0.0.1/32 allowed). */
    clusterGuard,
    /** The API's Helm setup (binary, chart guard, work directory). */
    helm,
    /** What the API logged so far (JSON lines). */
    logged: () => logLines.join(""),
    call,
    as: (userId: string, guildId: string) => workerHeaders(TOKEN, userId, guildId),
    async close() {
      await new Promise<void>((resolve) => api.close(() => resolve()));
      await runner?.stop({ graceMs: 1_000 });
      await snapshotRunner.stop({ graceMs: 1_000 });
      await rm(blobDir, { recursive: true, force: true });
      await notifyService?.close();
      caches.stopAll();
      await cluster.stop();
      await rm(clusterDir, { recursive: true, force: true });
      await standIn.close();
      await testDb.drop();
      await rm(helm.workDir, { recursive: true, force: true });
    },
  };
}

export type ApiHarness = Awaited<ReturnType<typeof startApiHarness>>;
