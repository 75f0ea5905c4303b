/**
 * Collects a snapshot as the person (`kc` is their impersonating config):
 * discovery, then one kind at a time (per namespace in namespace scope),
 * paginated lists (`limit`/`continue`) stripped, Secrets sealed, streamed
 * into the archive. A few lists are fetched ahead (their first page only),
 * so memory stays bounded by a few pages plus the object index.
 *
 * Namespace scope reads only inside the chosen namespaces: namespaced kinds
 * listed per namespace, and the Namespace objects themselves; never a
 * cluster-scoped kind, never a cluster-wide list.
 */
import type { Readable } from "node:stream";
import type { KubeConfig } from "@kubernetes/client-node";
import { KubeAnswerTooLarge, kubeRequest } from "../apply/request";
import { objectPath } from "../openapi/discovery";
import { createSnapshotArchive, memorySource, type SnapshotSource } from "./archive";
import { fetchDiscoveryDocuments, fetchServerVersion, kindsInScope, listableKinds } from "./kinds";
import { isSecret, secretParts, stripObject, withSealedData } from "./strip";
import { EventsCollector, MetricsTotals, nodeSummary, persistentVolumeSummary } from "./summaries";
import type {
  CollectProgress,
  CollectScope,
  ListableKind,
  NamespaceSummary,
  NodeSummary,
  PersistentVolumeSummary,
  SealSecret,
  SnapshotManifest,
  SnapshotObject,
} from "./types";

export interface CollectOptions {
  /** The person's impersonating kube config. */
  kc: KubeConfig;
  scope: CollectScope;
  sealSecret: SealSecret;
  signal?: AbortSignal;
  /** Objects per list page (500, as kubectl). */
  pageSize?: number;
  /** Lists fetched ahead while the current one is written. */
  prefetch?: number;
}

export interface CollectSnapshotOptions extends CollectOptions {
  /** The cluster's name in ClusterCord, for the manifest. */
  cluster: string;
  description?: string;
  onProgress?: (progress: CollectProgress) => void;
}

const NAMESPACE_KIND: ListableKind = {
  group: "",
  version: "v1",
  apiVersion: "v1",
  kind: "Namespace",
  resource: "namespaces",
  namespaced: false,
};
const PAGE_MAX_BYTES = 64 * 1024 * 1024;

interface ListTask {
  kind: ListableKind;
  /** null: cluster-wide (cluster scope). */
  namespace: string | null;
}

type RawObject = Record<string, unknown> & { metadata?: Record<string, unknown> };
interface Page {
  items: RawObject[];
  continueToken: string;
  refused?: string;
}

export class SnapshotCollectError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SnapshotCollectError";
  }
}

async function listPage(
  kc: KubeConfig,
  task: ListTask,
  limit: number,
  token: string,
  signal?: AbortSignal,
): Promise<Page> {
  signal?.throwIfAborted();
  const path = objectPath(task.kind, task.namespace, undefined);
  const query: Record<string, string> = { limit: String(limit) };
  if (token) query.continue = token;
  let answer: Awaited<ReturnType<typeof kubeRequest>>;
  try {
    answer = await kubeRequest(kc, {
      method: "GET",
      path,
      query,
      maxBytes: PAGE_MAX_BYTES,
      timeoutMs: 60_000,
    });
  } catch (error) {
    // A page of very large objects: ask for fewer at a time.
    if (error instanceof KubeAnswerTooLarge && limit > 1)
      return listPage(kc, task, Math.ceil(limit / 4), token, signal);
    throw error;
  }
  if (answer.status === 200) {
    const list = JSON.parse(answer.text) as { items?: RawObject[]; metadata?: { continue?: string } };
    return { items: list.items ?? [], continueToken: list.metadata?.continue ?? "" };
  }
  const message = statusMessage(answer.text) ?? `HTTP ${answer.status}`;
  // Not allowed, or gone since discovery: the kind is left out and named in the manifest.
  if (answer.status === 403 || answer.status === 404 || answer.status === 405) {
    return { items: [], continueToken: "", refused: message };
  }
  const where = task.namespace ? ` in ${task.namespace}` : "";
  throw new SnapshotCollectError(`listing ${task.kind.resource}${where} failed: ${message}`);
}

function statusMessage(text: string): string | undefined {
  try {
    return (JSON.parse(text) as { message?: string }).message;
  } catch {
    return undefined;
  }
}

/** Every object of the tasks in order, page by page, with the first page of the next few tasks fetched ahead. */
async function* pagesOf(
  kc: KubeConfig,
  tasks: readonly ListTask[],
  options: { pageSize: number; prefetch: number; signal?: AbortSignal },
): AsyncGenerator<{ task: ListTask; index: number; page: Page; last: boolean }> {
  const first = new Map<number, Promise<Page>>();
  const start = (i: number) => {
    if (i < tasks.length && !first.has(i)) {
      const p = listPage(kc, tasks[i] as ListTask, options.pageSize, "", options.signal);
      p.catch(() => undefined); // awaited below; avoids an unhandled rejection while it waits its turn
      first.set(i, p);
    }
  };
  for (let i = 0; i < tasks.length; i++) {
    const task = tasks[i] as ListTask;
    for (let j = i; j <= i + options.prefetch; j++) start(j);
    let page = await (first.get(i) as Promise<Page>);
    first.delete(i);
    for (;;) {
      const last = !page.continueToken;
      yield { task, index: i, page, last };
      if (last) break;
      page = await listPage(kc, task, options.pageSize, page.continueToken, options.signal);
    }
  }
}

/** Namespace scope: the Namespace objects, read one by one (a tenant may not list namespaces). */
async function readNamespaces(kc: KubeConfig, names: readonly string[]): Promise<RawObject[]> {
  const out: RawObject[] = [];
  for (const name of names) {
    const answer = await kubeRequest(kc, { method: "GET", path: objectPath(NAMESPACE_KIND, null, name) });
    if (answer.status === 200) out.push(JSON.parse(answer.text) as RawObject);
    else if (answer.status === 404) throw new SnapshotCollectError(`namespace ${name} does not exist`);
    // Allowed to use the namespace but not to read its object: record the name, so a restore recreates it.
    else out.push({ metadata: { name }, status: { phase: "Active" } });
  }
  return out;
}

async function stripAndSeal(raw: RawObject, kind: ListableKind, seal: SealSecret): Promise<SnapshotObject> {
  const stripped = stripObject(raw, kind);
  if (!isSecret(stripped)) return stripped;
  const { data, rest } = secretParts(stripped);
  const sealed = await seal({
    namespace: (stripped.metadata.namespace as string | undefined) ?? "",
    name: stripped.metadata.name,
    data,
  });
  return withSealedData(rest, sealed);
}

interface Plan {
  kinds: ListableKind[];
  tasks: ListTask[];
  namespaces: RawObject[];
  version: string;
}

async function planCollection(options: CollectOptions): Promise<Plan> {
  const { kc, scope } = options;
  const [documents, version] = await Promise.all([fetchDiscoveryDocuments(kc), fetchServerVersion(kc)]);
  const all = listableKinds(documents);
  if (scope.kind === "cluster") {
    const kinds = kindsInScope(all, "cluster");
    return { kinds, tasks: kinds.map((kind) => ({ kind, namespace: null })), namespaces: [], version };
  }
  const names = [...new Set(scope.namespaces)].sort();
  if (names.length === 0)
    throw new SnapshotCollectError("a namespace-scoped snapshot needs at least one namespace");
  const kinds = kindsInScope(all, "namespaces");
  const tasks = kinds.flatMap((kind) => names.map((namespace) => ({ kind, namespace })));
  return { kinds: [NAMESPACE_KIND, ...kinds], tasks, namespaces: await readNamespaces(kc, names), version };
}

/** Walks every object in scope: `visit` gets each one stripped and sealed, `raw` sees the API's own object. */
async function walk(
  options: CollectOptions,
  plan: Plan,
  visit: (kind: ListableKind, object: SnapshotObject, raw: RawObject) => Promise<void>,
  onPage: (task: ListTask, page: Page, kindDone: boolean) => void,
): Promise<void> {
  for (const ns of plan.namespaces) {
    await visit(NAMESPACE_KIND, await stripAndSeal(ns, NAMESPACE_KIND, options.sealSecret), ns);
  }
  const pages = pagesOf(options.kc, plan.tasks, {
    pageSize: options.pageSize ?? 500,
    prefetch: options.prefetch ?? 3,
    signal: options.signal,
  });
  for await (const { task, index, page, last } of pages) {
    for (const raw of page.items)
      await visit(task.kind, await stripAndSeal(raw, task.kind, options.sealSecret), raw);
    const next = plan.tasks[index + 1];
    onPage(task, page, last && (!next || next.kind !== task.kind));
  }
}

/** metrics.k8s.io pod usage in scope, when served and allowed; unknown (null) otherwise. */
async function collectUsage(options: CollectOptions, plan: Plan, totals: MetricsTotals): Promise<void> {
  const podMetrics: ListableKind = {
    group: "metrics.k8s.io",
    version: "v1beta1",
    apiVersion: "metrics.k8s.io/v1beta1",
    kind: "PodMetrics",
    resource: "pods",
    namespaced: true,
  };
  const namespaces =
    options.scope.kind === "cluster" ? [null] : plan.namespaces.map((n) => String(n.metadata?.name));
  for (const namespace of namespaces) {
    try {
      let token = "";
      do {
        const page = await listPage(options.kc, { kind: podMetrics, namespace }, 500, token, options.signal);
        if (page.refused) return;
        for (const item of page.items) totals.addUsage(item);
        token = page.continueToken;
      } while (token);
      totals.markUsageKnown();
    } catch {
      return; // metrics-server absent or failing: usage stays unknown
    }
  }
}

/** Events in scope, summarised (not stored as objects). */
async function collectEvents(options: CollectOptions, plan: Plan, events: EventsCollector): Promise<void> {
  const eventKind: ListableKind = { ...NAMESPACE_KIND, kind: "Event", resource: "events", namespaced: true };
  const namespaces =
    options.scope.kind === "cluster" ? [null] : plan.namespaces.map((n) => String(n.metadata?.name));
  for (const namespace of namespaces) {
    let token = "";
    do {
      const page = await listPage(options.kc, { kind: eventKind, namespace }, 500, token, options.signal);
      for (const item of page.items) events.add(item);
      token = page.continueToken;
    } while (token);
  }
}

/**
 * Takes a snapshot into a `.tar.gz` stream. Read `archive` (seal it, store
 * it); `done` resolves with the manifest once the archive has ended, or
 * rejects (and the stream errors) when the collection fails.
 */
export function collectSnapshot(options: CollectSnapshotOptions): {
  archive: Readable;
  done: Promise<SnapshotManifest>;
} {
  const writer = createSnapshotArchive();
  const run = async (): Promise<SnapshotManifest> => {
    const plan = await planCollection(options);
    const totals = new MetricsTotals();
    const events = new EventsCollector();
    const nodes: NodeSummary[] = [];
    const pvs: PersistentVolumeSummary[] = [];
    const perNamespace = new Map<string, number>();
    const seenNamespaces: RawObject[] = [];
    const perKind = new Map<string, { apiVersion: string; kind: string; count: number }>();
    const skipped: SnapshotManifest["skipped"] = [];
    const progress: CollectProgress = {
      objects: 0,
      kindsDone: plan.namespaces.length ? 1 : 0,
      kinds: plan.kinds.length,
    };
    options.onProgress?.({ ...progress });
    await walk(
      options,
      plan,
      async (kind, object, raw) => {
        await writer.add(kind, object);
        const ns = (object.metadata.namespace as string | undefined) ?? "";
        perNamespace.set(ns, (perNamespace.get(ns) ?? 0) + 1);
        const k = `${kind.apiVersion}|${kind.kind}`;
        const entry = perKind.get(k) ?? { apiVersion: kind.apiVersion, kind: kind.kind, count: 0 };
        entry.count += 1;
        perKind.set(k, entry);
        if (kind.group === "" && kind.kind === "Pod") totals.addPod(raw);
        if (kind.group === "" && kind.kind === "Namespace")
          seenNamespaces.push({ metadata: raw.metadata, status: raw.status });
        if (kind.group === "" && kind.kind === "Node") nodes.push(nodeSummary(raw));
        if (kind.group === "" && kind.kind === "PersistentVolume") pvs.push(persistentVolumeSummary(raw));
      },
      (task, page, kindDone) => {
        if (page.refused) {
          skipped.push({
            apiVersion: task.kind.apiVersion,
            kind: task.kind.kind,
            namespace: task.namespace ?? "",
            reason: page.refused,
          });
        }
        progress.objects = writer.count;
        if (kindDone) progress.kindsDone += 1;
        options.onProgress?.({ ...progress });
      },
    );
    await collectEvents(options, plan, events);
    await collectUsage(options, plan, totals);
    const namespaceSummaries: NamespaceSummary[] = (
      options.scope.kind === "cluster" ? seenNamespaces : plan.namespaces
    ).map((n) => ({
      name: String(n.metadata?.name),
      phase: String((n.status as { phase?: string } | undefined)?.phase ?? "Active"),
      objects: perNamespace.get(String(n.metadata?.name)) ?? 0,
    }));
    const manifest = await writer.finish({
      format: 1,
      metadata: {
        cluster: options.cluster,
        timestamp: new Date().toISOString(),
        version: plan.version,
        description: options.description ?? "",
        scope:
          options.scope.kind === "cluster"
            ? { kind: "cluster" }
            : { kind: "namespaces", namespaces: plan.namespaces.map((n) => String(n.metadata?.name)) },
      },
      counts: {
        objects: writer.count,
        kinds: [...perKind.values()],
        namespaces: [...perNamespace.entries()].map(([namespace, count]) => ({ namespace, count })),
      },
      ...(options.scope.kind === "cluster" ? { nodes, persistentVolumes: pvs } : {}),
      namespaces: namespaceSummaries,
      events: events.summary(),
      metrics: totals.summary(),
      skipped,
    });
    options.onProgress?.({ objects: writer.count, kindsDone: plan.kinds.length, kinds: plan.kinds.length });
    return manifest;
  };
  const done = run().catch((error: Error) => {
    writer.abort(error);
    throw error;
  });
  return { archive: writer.stream, done };
}

/**
 * The live cluster in the same scope and form as a snapshot (stripped,
 * Secrets sealed), held in memory: the `to` side of "snapshot vs live".
 */
export async function collectLive(options: CollectOptions): Promise<SnapshotSource> {
  const plan = await planCollection(options);
  const objects: SnapshotObject[] = [];
  await walk(
    options,
    plan,
    async (_kind, object) => {
      objects.push(object);
    },
    () => undefined,
  );
  return memorySource(objects);
}
