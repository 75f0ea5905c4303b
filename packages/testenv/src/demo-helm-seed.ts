/**
 * The demo's Helm: the local chart repository as each demo guild's "local"
 * repository (helm.repos.add), and one release installed as alice through
 * the same plan-then-confirm path the clients use (helm.planInstall,
 * helm.install, helm.operation), so helm.releases has something to show and
 * to upgrade. Idempotent like the rest of the seed.
 */
import { DEMO_CHART_REPO, DEMO_RELEASE } from "./demo-world";

type Who = readonly [userId: string, guildId: string];

/** Calls a procedure and returns its data, or throws with the API's message. */
export type MustCall = <T>(procedure: string, who: Who, input: unknown, mutation?: boolean) => Promise<T>;

interface Release {
  name: string;
  namespace: string;
  chartVersion: string;
  status: string;
}
interface Operation {
  id: string;
  status: string;
  message: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Points the guild's "local" repository at `url`. The local repository gets a
 * new port every start, so a stale entry from an earlier demo run is replaced.
 */
export async function seedChartRepo(must: MustCall, who: Who, url: string, log: (line: string) => void) {
  const { repos } = await must<{ repos: { name: string; url: string }[] }>("helm.repos.list", who, undefined);
  const existing = repos.find((r) => r.name === DEMO_CHART_REPO);
  if (existing?.url === url) return;
  if (existing) {
    log(`helm.repos.remove ${DEMO_CHART_REPO} (was ${existing.url})`);
    await must("helm.repos.remove", who, { name: DEMO_CHART_REPO }, true);
  }
  log(`helm.repos.add ${DEMO_CHART_REPO} ${url}`);
  await must("helm.repos.add", who, { name: DEMO_CHART_REPO, url }, true);
}

/** helm.releases once its cache has synced (while "syncing", a missing release may just not be seen yet). */
async function syncedReleases(must: MustCall, who: Who, clusterId: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const out = await must<{ releases: Release[]; state: string }>("helm.releases", who, {
      clusterId,
      namespace: DEMO_RELEASE.namespace,
    });
    if (out.state === "ready") return out.releases;
    if (Date.now() > deadline) throw new Error("demo seed: helm.releases kept syncing");
    await sleep(300);
  }
}

/** Installs the demo release unless it is there; waits until helm.releases lists it deployed. */
export async function seedRelease(must: MustCall, who: Who, clusterId: string, log: (line: string) => void) {
  const { release, namespace, chart, version } = DEMO_RELEASE;
  const deployed = (releases: Release[]) =>
    releases.some((r) => r.name === release && r.status === "deployed");
  if (deployed(await syncedReleases(must, who, clusterId))) return;

  log(`helm install ${release} ${chart} ${version} (plan, then confirm)`);
  const plan = await must<{ planId: string; confirmToken: string }>(
    "helm.planInstall",
    who,
    { clusterId, namespace, release, chart, version },
    true,
  );
  const started = await must<Operation>(
    "helm.install",
    who,
    { clusterId, planId: plan.planId, confirmToken: plan.confirmToken },
    true,
  );
  const deadline = Date.now() + 120_000;
  let op = started;
  while (op.status === "running") {
    if (Date.now() > deadline) throw new Error(`demo seed: helm install ${release} still running`);
    await sleep(300);
    op = await must<Operation>("helm.operation", who, { clusterId, operationId: started.id });
  }
  if (op.status !== "succeeded") throw new Error(`demo seed: helm install ${release}: ${op.message}`);
  // The releases cache follows Helm's release Secrets: wait until it has seen this one.
  const listed = Date.now() + 30_000;
  while (!deployed(await syncedReleases(must, who, clusterId))) {
    if (Date.now() > listed) throw new Error(`demo seed: ${release} did not show in helm.releases`);
    await sleep(300);
  }
}
