/**
 * `npm run demo`'s seeded world, made idempotently (running it again changes
 * nothing that is already there):
 *
 * - through ClusterCord's API, so it shows in the audit log: the local cluster
 *   registered **shared** in Acme Ops (clusters.add), Beta Team granted a
 *   namespace on it (tenants.grant, accepted by its owner with tenants.accept),
 *   bob's personal namespace (namespaces.createPersonal);
 * - with ClusterCord's own plan/apply (planGuildTenancy + applyObjects, passed
 *   in as `applyGuildNamespace`): the `shop` namespace, one of Acme's
 *   namespaces with the same quota, policies and RoleBindings as its own;
 * - with kubectl (server-side apply, field manager `clustercord-demo`): the
 *   workloads (demo-world.ts), and the crash loop's pod status and events
 *   (kwok's simulated pods never fail on their own);
 * - given a local chart repository, Helm through the API (demo-helm-seed.ts):
 *   the repository as "local" in both guilds and the release shop-web;
 * - cluster policies through the API: require-limits in Audit, no-latest-tag
 *   in Warn, and one audit pass (the Policies page has violations at once).
 */

import { seedChartRepo, seedRelease } from "./demo-helm-seed";
import {
  betaWorld,
  CRASHLOOP_APP,
  CRASHLOOP_RESTARTS,
  CURRENT_WEB_RELEASE,
  DEMO_CHART_REPO,
  DEMO_RELEASE,
  type KubeObject,
  PENDING_APP,
  SHOP_DB_PASSWORD,
  SHOP_NAMESPACE,
  shopStorage,
  shopWorld,
  WEB_RELEASES,
  webDeployment,
} from "./demo-world";
import { registerSecret } from "./leak-check";
import { callTrpc, type TrpcErrorBody, workerHeaders } from "./trpc-http";

export const DEMO_USERS = {
  alice: "100000000000000001", // owner of Acme Ops
  bob: "100000000000000002", // operator in Acme Ops
  carol: "100000000000000003", // owner of Beta Team
} as const;
export const DEMO_GUILDS = { acme: "200000000000000001", beta: "200000000000000002" } as const;
export const DEMO_CLUSTER = "local";

/** Calls a procedure as a person in a guild, the way the Discord worker does (signed). */
export type CallAs = <T>(
  procedure: string,
  who: readonly [userId: string, guildId: string],
  options?: { input?: unknown; mutation?: boolean },
) => Promise<{ status: number; data: T; error: TrpcErrorBody | undefined }>;

/** A CallAs that signs requests to `baseUrl` with the worker's service token. */
export function workerCaller(baseUrl: string, serviceToken: string): CallAs {
  return (procedure, who, options = {}) =>
    callTrpc(baseUrl, procedure, { headers: workerHeaders(serviceToken, who[0], who[1]), ...options });
}

export interface DemoSeedOptions {
  call: CallAs;
  /** kubectl with the cluster's admin kubeconfig (stdin optional). */
  kubectl: (args: string[], input?: string) => Promise<string>;
  /** The cluster's admin kubeconfig, registered as "local". */
  kubeconfig: string;
  /**
   * Applies ClusterCord's plan for a further namespace of a guild
   * (`applyObjects(kc, planGuildTenancy({ guildId, namespace }))` from
   * @clustercord/kube, which testenv does not depend on).
   */
  applyGuildNamespace: (guildId: string, namespace: string) => Promise<void>;
  /** The local chart repository's URL (serveChartRepo); without it, Helm is not seeded. */
  chartRepoUrl?: string;
  log?: (line: string) => void;
}

export interface DemoSeedResult {
  clusterId: string;
  namespaces: { shop: string; beta: string; bob: string };
  /** Human lines describing what was seeded, for the demo's banner. */
  summary: string[];
}

const FIELD_MANAGER = "clustercord-demo";

/** The vault secret the demo stores and applies in shop (demo values only; the leak check knows them). */
export const DEMO_VAULT_SECRET = {
  name: "shop-api-keys",
  values: { PAYMENT_API_KEY: "demo-payment-key-not-real", SMTP_PASSWORD: "demo-smtp-password-not-real" },
} as const;
export const DEMO_SNAPSHOT_DESCRIPTION = "demo seed: shop as first seeded";

export async function seedDemo(options: DemoSeedOptions): Promise<DemoSeedResult> {
  const { call, kubectl } = options;
  const log = options.log ?? (() => {});
  const alice = [DEMO_USERS.alice, DEMO_GUILDS.acme] as const;
  registerSecret(SHOP_DB_PASSWORD, "demo shop database password");
  for (const [key, value] of Object.entries(DEMO_VAULT_SECRET.values))
    registerSecret(value, `demo vault ${key}`);

  const must = async <T>(
    procedure: string,
    who: readonly [string, string],
    input: unknown,
    mutation = false,
  ) => {
    const res = await call<T>(procedure, who, { input, mutation });
    if (res.error)
      throw new Error(`demo seed: ${procedure} failed: ${res.error.data.userMessage || res.error.message}`);
    return res.data;
  };

  // 1. The cluster, shared, through the API (found by name when seeded before).
  const listed = await must<{ clusters: { id: string; name: string }[] }>("clusters.list", alice, undefined);
  let clusterId = listed.clusters.find((c) => c.name === DEMO_CLUSTER)?.id;
  if (!clusterId) {
    log(`clusters.add ${DEMO_CLUSTER} (shared)`);
    const added = await must<{ cluster: { id: string } }>(
      "clusters.add",
      alice,
      { name: DEMO_CLUSTER, kubeconfig: options.kubeconfig, shared: true },
      true,
    );
    clusterId = added.cluster.id;
  }

  // 2. Beta Team on it: granted by alice, accepted by carol, used once (its namespace is applied on first use).
  const carol = [DEMO_USERS.carol, DEMO_GUILDS.beta] as const;
  const tenants = await must<{ tenants: { guildId: string; status: string }[] }>("tenants.list", alice, {
    clusterId,
  });
  const beta = tenants.tenants.find((t) => t.guildId === DEMO_GUILDS.beta);
  if (!beta) {
    log("tenants.grant Beta Team");
    await must("tenants.grant", alice, { clusterId, guildId: DEMO_GUILDS.beta }, true);
  }
  if (beta?.status !== "accepted") {
    log("tenants.accept (carol, Beta Team)");
    await must("tenants.accept", carol, { clusterId }, true);
  }
  const betaNamespaces = await must<{ namespaces: string[] }>("namespaces.list", carol, { clusterId });
  const betaNamespace = `clustercord-guild-${DEMO_GUILDS.beta}`;
  if (!betaNamespaces.namespaces.includes(betaNamespace)) {
    throw new Error(`demo seed: Beta Team's namespace ${betaNamespace} was not set up`);
  }

  // 3. Bob's personal namespace, through the API (once).
  const bob = [DEMO_USERS.bob, DEMO_GUILDS.acme] as const;
  const bobNamespace = `clustercord-user-${DEMO_USERS.bob}`;
  const bobs = await must<{ namespaces: string[] }>("namespaces.list", bob, { clusterId });
  if (!bobs.namespaces.includes(bobNamespace)) {
    log("namespaces.createPersonal (bob)");
    await must("namespaces.createPersonal", bob, { clusterId }, true);
  }

  // 4. The shop namespace, as one of Acme's (ClusterCord's plan and apply).
  await options.applyGuildNamespace(DEMO_GUILDS.acme, SHOP_NAMESPACE);

  // Helm (the repository in both guilds, then shop-web) runs beside the workloads: it needs only the namespace.
  const chartRepoUrl = options.chartRepoUrl;
  const helm = chartRepoUrl
    ? (async () => {
        const started = Date.now();
        for (const who of [alice, carol]) await seedChartRepo(must, who, chartRepoUrl, log);
        await seedRelease(must, alice, clusterId, log);
        log(`helm seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      })()
    : Promise.resolve();
  // Observed now so a Helm failure while the workloads settle is not an unhandled rejection.
  const helmDone = helm.then(
    () => null,
    (error: unknown) => error,
  );

  // 5. Workloads (kubectl server-side apply: re-applying the same objects is a no-op).
  const apply = (objects: KubeObject[]) =>
    kubectl(
      ["apply", "--server-side", `--field-manager=${FIELD_MANAGER}`, "--force-conflicts", "-f", "-"],
      JSON.stringify({ apiVersion: "v1", kind: "List", items: objects }),
    );
  await apply(shopStorage());
  await seedWebHistory(kubectl, apply, log);
  await apply(shopWorld());
  await apply(betaWorld(betaNamespace));

  // 6. Wait for the world to settle, then make the crash loop visible.
  await waitForPods(
    kubectl,
    SHOP_NAMESPACE,
    (of) =>
      running(of("web"), 3) &&
      of("web").every((p) => p.spec.containers[0]?.image === CURRENT_WEB_RELEASE.image) &&
      running(of("api"), 2) &&
      running(of("worker"), 1) &&
      running(of("db"), 1) &&
      running(of(CRASHLOOP_APP), 1) &&
      of(PENDING_APP).length === 1 &&
      of(PENDING_APP).every(unschedulable),
  );
  await waitForPods(kubectl, betaNamespace, (of) => running(of("blog"), 2));
  await simulateCrashLoop(kubectl, apply);
  const helmError = await helmDone;
  if (helmError) throw helmError;

  // 7. Cluster policies, so the Policies page has content: require-limits in Audit, no-latest-tag in Warn
  // (on the tenant namespaces, the shared cluster's default), then one audit pass.
  const wanted = { "require-limits": "Audit", "no-latest-tag": "Warn" } as const;
  const policyList = await must<{ policies: { key: string; enabled: boolean; mode: string | null }[] }>(
    "policies.list",
    alice,
    { clusterId },
  );
  for (const [policy, mode] of Object.entries(wanted)) {
    const now = policyList.policies.find((p) => p.key === policy);
    if (now?.enabled && now.mode === mode) continue;
    log(`policies.enable ${policy} (${mode})`);
    await must("policies.enable", alice, { clusterId, policy, mode }, true);
  }
  const audit = await must<{ open: number }>("policies.audit", alice, { clusterId }, true);
  log(`policies.audit: ${audit.open} open violations`);

  // 8. A vault secret applied in shop, and one snapshot of shop, so the Secrets and Snapshots pages have content.
  await seedVault(must, alice, clusterId, log);
  const snapshots = await must<{ snapshots: { description: string }[] }>("snapshots.list", alice, {
    clusterId,
  });
  if (!snapshots.snapshots.some((s) => s.description === DEMO_SNAPSHOT_DESCRIPTION)) {
    log("snapshots.create (shop)");
    await must(
      "snapshots.create",
      alice,
      { clusterId, description: DEMO_SNAPSHOT_DESCRIPTION, namespaces: [SHOP_NAMESPACE] },
      true,
    );
  }

  return {
    clusterId,
    namespaces: { shop: SHOP_NAMESPACE, beta: betaNamespace, bob: bobNamespace },
    summary: [
      `cluster "${DEMO_CLUSTER}" in Acme Ops, shared; Beta Team granted and accepted (namespace ${betaNamespace}: blog x2)`,
      `bob's personal namespace ${bobNamespace}`,
      `namespace "${SHOP_NAMESPACE}" (Acme Ops): Deployments web x3 (3 revisions), api x2, worker (+ sidecar),`,
      `  ${CRASHLOOP_APP} (CrashLoopBackOff), ${PENDING_APP} (Pending: no node in pool "gpu");`,
      "  StatefulSet db with a 1Gi PVC, Services web/api/db, Ingress shop.demo.local, ConfigMap, Secret, CronJob nightly-report",
      `policies: require-limits (Audit), no-latest-tag (Warn) on the tenant namespaces; ${audit.open} open violations`,
      `vault: secret ${DEMO_VAULT_SECRET.name} (${Object.keys(DEMO_VAULT_SECRET.values).join(", ")}) applied in ${SHOP_NAMESPACE}; a snapshot of ${SHOP_NAMESPACE}`,
      ...(chartRepoUrl
        ? [
            `Helm: chart repository "${DEMO_CHART_REPO}" (${chartRepoUrl}) in Acme Ops and Beta Team;`,
            `  release ${DEMO_RELEASE.release} (${DEMO_RELEASE.chart} ${DEMO_RELEASE.version}) in ${DEMO_RELEASE.namespace}, installed by alice (${DEMO_RELEASE.upgradeTo} is there to upgrade to)`,
          ]
        : []),
    ],
  };
}

/** Stores the demo's vault secret and applies it in shop, each once. */
async function seedVault(
  must: <T>(
    procedure: string,
    who: readonly [string, string],
    input: unknown,
    mutation?: boolean,
  ) => Promise<T>,
  who: readonly [string, string],
  clusterId: string,
  log: (line: string) => void,
): Promise<void> {
  const { name, values } = DEMO_VAULT_SECRET;
  const listed = await must<{ secrets: { name: string; placements: unknown[] }[] }>("secrets.list", who, {});
  const stored = listed.secrets.find((s) => s.name === name);
  if (!stored) {
    log(`secrets.create ${name}`);
    const entries = Object.entries(values).map(([key, value]) => ({ key, value }));
    await must(
      "secrets.create",
      who,
      { name, clusterId, namespace: SHOP_NAMESPACE, values: { kind: "entries", entries } },
      true,
    );
  }
  if (!stored?.placements.length) {
    log(`secrets.apply ${name}`);
    await must("secrets.apply", who, { name }, true);
  }
}

type PodJson = {
  metadata: { name: string; uid: string; labels?: Record<string, string>; deletionTimestamp?: string };
  spec: { nodeName?: string; containers: { name: string; image: string }[] };
  status?: {
    phase?: string;
    podIP?: string;
    hostIP?: string;
    startTime?: string;
    conditions?: { type: string; status: string; reason?: string }[];
    containerStatuses?: { name: string; restartCount: number; state?: { waiting?: { reason?: string } } }[];
  };
};

const app = (p: PodJson) => p.metadata.labels?.["app.kubernetes.io/name"];
/** Exactly `count` pods, each Running with an IP (kwok's "started"). */
const running = (pods: PodJson[], count: number) =>
  pods.length === count && pods.every((p) => p.status?.phase === "Running" && p.status.podIP);
const unschedulable = (p: PodJson) =>
  p.status?.conditions?.some((c) => c.type === "PodScheduled" && c.status === "False") ?? false;

async function pods(kubectl: DemoSeedOptions["kubectl"], namespace: string): Promise<PodJson[]> {
  return (JSON.parse(await kubectl(["get", "pods", "-n", namespace, "-o", "json"])) as { items: PodJson[] })
    .items;
}

async function waitForPods(
  kubectl: DemoSeedOptions["kubectl"],
  namespace: string,
  /** Given the namespace's live (not terminating) pods of one app, by its name label. */
  done: (of: (app: string) => PodJson[]) => boolean,
  timeoutMs = 120_000,
): Promise<PodJson[]> {
  const deadline = Date.now() + timeoutMs;
  let last: PodJson[] = [];
  while (Date.now() < deadline) {
    last = (await pods(kubectl, namespace)).filter((p) => !p.metadata.deletionTimestamp);
    if (done((name) => last.filter((p) => app(p) === name))) return last;
    await new Promise((r) => setTimeout(r, 500));
  }
  const states = last.map((p) => `${p.metadata.name}=${p.status?.phase ?? "?"}`).join(", ");
  throw new Error(`demo seed: pods in ${namespace} did not settle in ${timeoutMs / 1000} s (${states})`);
}

/**
 * The web Deployment's rollout history: on first creation it goes through
 * each release (one ReplicaSet each), waiting for the controller to see every
 * step; once it exists, the world's apply (current release) changes nothing.
 */
async function seedWebHistory(
  kubectl: DemoSeedOptions["kubectl"],
  apply: (objects: KubeObject[]) => Promise<string>,
  log: (line: string) => void,
): Promise<void> {
  const exists = await kubectl([
    "get",
    "deployment",
    "web",
    "-n",
    SHOP_NAMESPACE,
    "--ignore-not-found",
    "-o",
    "name",
  ]);
  if (exists.trim()) return;
  for (const release of WEB_RELEASES.slice(0, -1)) {
    log(`web: ${release.cause}`);
    await apply([webDeployment(release)]);
    const deadline = Date.now() + 60_000;
    for (;;) {
      const d = JSON.parse(
        await kubectl(["get", "deployment", "web", "-n", SHOP_NAMESPACE, "-o", "json"]),
      ) as {
        metadata: { generation: number };
        status?: { observedGeneration?: number; updatedReplicas?: number };
      };
      if (
        (d.status?.observedGeneration ?? 0) >= d.metadata.generation &&
        (d.status?.updatedReplicas ?? 0) > 0
      )
        break;
      if (Date.now() > deadline) throw new Error(`demo seed: web did not roll out ${release.image}`);
      await new Promise((r) => setTimeout(r, 300));
    }
  }
}

/**
 * kwok's pods run forever, so the crash loop is written into the pod's status
 * (the waiting reason, restart count and last termination a kubelet would
 * report) and a Warning BackOff event is recorded. kwok leaves a pod with an
 * IP alone, so the status stays until the pod is replaced.
 */
async function simulateCrashLoop(
  kubectl: DemoSeedOptions["kubectl"],
  apply: (objects: KubeObject[]) => Promise<string>,
): Promise<void> {
  const pod = (await pods(kubectl, SHOP_NAMESPACE)).find(
    (p) => app(p) === CRASHLOOP_APP && p.status?.podIP && !p.metadata.deletionTimestamp,
  );
  if (!pod) throw new Error(`demo seed: no ${CRASHLOOP_APP} pod to crash`);
  // Times within the pod's life (it was just created): started, then the last crash now.
  const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, "Z");
  const now = Date.now();
  const startedMs = Math.min(now, Date.parse(pod.status?.startTime ?? "") || now);
  const started = iso(startedMs);
  const crashed = iso(now);
  const name = pod.metadata.name;
  const containers = pod.spec.containers;
  const message = `back-off 2m40s restarting failed container=${CRASHLOOP_APP} pod=${name}_${SHOP_NAMESPACE}(${pod.metadata.uid})`;
  const notReady = {
    status: "False",
    reason: "ContainersNotReady",
    message: `containers with unready status: [${CRASHLOOP_APP}]`,
  };
  const status = {
    phase: "Running",
    conditions: [
      { type: "PodReadyToStartContainers", status: "True", lastTransitionTime: started },
      { type: "Initialized", status: "True", lastTransitionTime: started },
      { type: "Ready", ...notReady, lastTransitionTime: crashed },
      { type: "ContainersReady", ...notReady, lastTransitionTime: crashed },
      { type: "PodScheduled", status: "True", lastTransitionTime: started },
    ],
    containerStatuses: containers.map((c) => ({
      name: c.name,
      image: c.image,
      imageID: "",
      ready: false,
      started: false,
      restartCount: CRASHLOOP_RESTARTS,
      state: { waiting: { reason: "CrashLoopBackOff", message } },
      lastState: {
        terminated: {
          exitCode: 1,
          reason: "Error",
          message: "panic: connecting to the payment provider: missing PAYMENTS_API_URL",
          startedAt: started,
          finishedAt: crashed,
        },
      },
    })),
  };
  await kubectl([
    "patch",
    "pod",
    name,
    "-n",
    SHOP_NAMESPACE,
    "--subresource=status",
    "--type=merge",
    "-p",
    JSON.stringify({ status }),
  ]);
  await apply([
    {
      apiVersion: "v1",
      kind: "Event",
      metadata: { name: `${name}.backoff`, namespace: SHOP_NAMESPACE },
      involvedObject: {
        apiVersion: "v1",
        kind: "Pod",
        name,
        namespace: SHOP_NAMESPACE,
        uid: pod.metadata.uid,
        fieldPath: `spec.containers{${CRASHLOOP_APP}}`,
      },
      type: "Warning",
      reason: "BackOff",
      message: `Back-off restarting failed container ${CRASHLOOP_APP} in pod ${name}_${SHOP_NAMESPACE}(${pod.metadata.uid})`,
      count: CRASHLOOP_RESTARTS + 2,
      firstTimestamp: started,
      lastTimestamp: crashed,
      source: { component: "kubelet", host: pod.spec.nodeName ?? "" },
      reportingComponent: "kubelet",
      reportingInstance: pod.spec.nodeName ?? "",
    },
  ]);
}
