/**
 * Restore as the person (`kc` is their impersonating config): a server-side
 * dry-run of every chosen object (the plan), then server-side apply with the
 * field manager `clustercord-restore` in dependency order. Sealed Secrets are
 * opened by the injected `openSecret` just before they are sent.
 */
import type { RestoreStep } from "@clustercord/contracts";
import type { KubeConfig } from "@kubernetes/client-node";
import { kubeRequest } from "../apply/request";
import { type Discovery, type KindInfo, objectPath, parseDiscovery } from "../openapi/discovery";
import type { SnapshotSource } from "./archive";
import { fetchDiscoveryDocuments } from "./kinds";
import { classifyDryRun, isCoveredBy, restoreRank } from "./restore-plan";
import { isSecret } from "./strip";
import type { IndexEntry, ObjectIdentity, SnapshotObject } from "./types";

export const RESTORE_FIELD_MANAGER = "clustercord-restore";
const OBJECT_MAX_BYTES = 4 * 1024 * 1024;
/** Written by controllers, not by people: applying them would only fight the controller. */
const CONTROLLER_ANNOTATIONS = ["deployment.kubernetes.io/revision"];
/** A tenant may use a namespace without being allowed to read its Namespace object: that is left as it is. */
const namespaceLeftAlone = (ref: ObjectIdentity, reason: string) => ({
  ...ref,
  action: "unchanged" as const,
  reason: `left as it is (${reason})`,
});
const isNamespace = (ref: ObjectIdentity) => ref.apiVersion === "v1" && ref.kind === "Namespace";

/** Injected: a Secret's values (base64, as in `data`) from its sealed form. */
export type OpenSecret = (
  sealedData: string,
  ref: ObjectIdentity,
) => Record<string, string> | Promise<Record<string, string>>;

export interface RestoreContext {
  kc: KubeConfig;
  openSecret: OpenSecret;
  signal?: AbortSignal;
  /** Objects of one dependency rank sent at once. */
  concurrency?: number;
}

export interface RestoreResult {
  created: number;
  updated: number;
  unchanged: number;
  failed: (ObjectIdentity & { reason: string })[];
}

/**
 * What is sent for a snapshot object: ownerReferences dropped (their uids are
 * gone; only unowned objects are restored), a Service's allocated cluster IPs
 * dropped (immutable; the server allocates or keeps them), a Secret's values
 * put back from `data`.
 */
export function restoreManifest(
  object: SnapshotObject,
  data?: Record<string, string>,
): Record<string, unknown> {
  const {
    keys: _keys,
    sealedData: _sealed,
    ...rest
  } = object as SnapshotObject & { keys?: unknown; sealedData?: unknown };
  const { ownerReferences: _owners, ...metadata } = object.metadata;
  const out: Record<string, unknown> = { ...rest, metadata };
  if (object.apiVersion === "v1" && object.kind === "Service" && out.spec) {
    const { clusterIP, clusterIPs: _ips, ...spec } = out.spec as Record<string, unknown>;
    // "None" is a choice (headless), not an allocation.
    out.spec = clusterIP === "None" ? { ...spec, clusterIP } : spec;
  }
  const annotations = metadata.annotations as Record<string, string> | undefined;
  if (annotations && CONTROLLER_ANNOTATIONS.some((a) => a in annotations)) {
    const kept = Object.fromEntries(
      Object.entries(annotations).filter(([a]) => !CONTROLLER_ANNOTATIONS.includes(a)),
    );
    out.metadata = { ...metadata, annotations: kept };
  }
  if (isSecret(object)) out.data = data ?? {};
  return out;
}

const conflictManagers = (message: string) =>
  [...message.matchAll(/conflicts? with "([^"]+)"/g)].map((m) => m[1] ?? "");

function statusMessage(text: string, status: number): string {
  try {
    return (JSON.parse(text) as { message?: string }).message ?? `HTTP ${status}`;
  } catch {
    return `HTTP ${status}`;
  }
}

async function apply(
  kc: KubeConfig,
  info: KindInfo,
  ref: ObjectIdentity,
  body: Record<string, unknown>,
  options: { dryRun: boolean; force: boolean },
) {
  return kubeRequest(kc, {
    method: "PATCH",
    path: objectPath(info, ref.namespace || null, ref.name),
    query: {
      fieldManager: RESTORE_FIELD_MANAGER,
      fieldValidation: "Strict",
      ...(options.dryRun ? { dryRun: "All" } : {}),
      ...(options.force ? { force: "true" } : {}),
    },
    contentType: "application/apply-patch+yaml",
    body: JSON.stringify(body),
    maxBytes: OBJECT_MAX_BYTES,
  });
}

async function readLive(kc: KubeConfig, info: KindInfo, ref: ObjectIdentity) {
  const answer = await kubeRequest(kc, {
    method: "GET",
    path: objectPath(info, ref.namespace || null, ref.name),
    maxBytes: OBJECT_MAX_BYTES,
  });
  if (answer.status === 200)
    return { ok: true as const, live: JSON.parse(answer.text) as Record<string, unknown> };
  if (answer.status === 404) return { ok: true as const, live: null };
  return { ok: false as const, status: answer.status, reason: statusMessage(answer.text, answer.status) };
}

async function manifestFor(ctx: RestoreContext, source: SnapshotSource, entry: IndexEntry) {
  const object = await source.get(entry);
  if (!object) throw new Error(`${entry.kind} ${entry.name} is missing from the snapshot archive`);
  const sealed = (object as { sealedData?: unknown }).sealedData;
  const data =
    isSecret(object) && typeof sealed === "string" ? await ctx.openSecret(sealed, entry) : undefined;
  return restoreManifest(object, data);
}

/** Runs `fn` over the entries, rank by rank (a rank waits for the one before), `concurrency` at a time. */
async function byRank<R>(
  entries: readonly IndexEntry[],
  concurrency: number,
  beforeRank: (rank: number) => Promise<void>,
  fn: (entry: IndexEntry) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(entries.length);
  let i = 0;
  while (i < entries.length) {
    const rank = restoreRank(entries[i] as IndexEntry);
    let end = i;
    while (end < entries.length && restoreRank(entries[end] as IndexEntry) === rank) end++;
    await beforeRank(rank);
    let next = i;
    const worker = async () => {
      while (next < end) {
        const at = next++;
        results[at] = await fn(entries[at] as IndexEntry);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, end - i) }, worker));
    i = end;
  }
  return results;
}

const crdKinds = (crds: readonly SnapshotObject[]) =>
  new Set(
    crds.map((c) => {
      const spec = c.spec as { group?: string; names?: { kind?: string } } | undefined;
      return `${spec?.group ?? ""}|${spec?.names?.kind ?? ""}`;
    }),
  );
const groupOf = (apiVersion: string) =>
  apiVersion.includes("/") ? apiVersion.slice(0, apiVersion.indexOf("/")) : "";

/**
 * The plan: a server-side dry-run (`dryRun=All`) of each entry (already in
 * restore order, see planRestoreOrder), as the person. Objects in a
 * namespace the restore creates, or of a kind a CRD in the restore defines,
 * cannot be dry-run before those exist: they are "create" with the reason.
 */
export async function dryRunRestore(
  ctx: RestoreContext,
  entries: readonly IndexEntry[],
  source: SnapshotSource,
): Promise<RestoreStep[]> {
  const discovery = parseDiscovery(await fetchDiscoveryDocuments(ctx.kc));
  const creating = new Set<string>();
  const crds: SnapshotObject[] = [];
  for (const e of entries) {
    if (e.kind === "CustomResourceDefinition") {
      const o = await source.get(e);
      if (o) crds.push(o);
    }
  }
  const definedByRestore = crdKinds(crds);
  return byRank(
    entries,
    ctx.concurrency ?? 8,
    async () => undefined,
    async (entry): Promise<RestoreStep> => {
      ctx.signal?.throwIfAborted();
      const ref = {
        apiVersion: entry.apiVersion,
        kind: entry.kind,
        namespace: entry.namespace,
        name: entry.name,
      };
      const info = discovery.find(entry.apiVersion, entry.kind);
      if (!info) {
        return definedByRestore.has(`${groupOf(entry.apiVersion)}|${entry.kind}`)
          ? {
              ...ref,
              action: "create",
              reason: "its CustomResourceDefinition is created first by this restore",
            }
          : {
              ...ref,
              action: "conflict",
              reason: `the cluster does not serve ${entry.apiVersion} ${entry.kind}`,
            };
      }
      if (entry.namespace && creating.has(entry.namespace)) {
        return {
          ...ref,
          action: "create",
          reason: `its namespace ${entry.namespace} is created first by this restore`,
        };
      }
      const step = await dryRunOne(ctx, info, ref, await manifestFor(ctx, source, entry));
      if (step.action === "create" && entry.kind === "Namespace" && entry.apiVersion === "v1")
        creating.add(entry.name);
      return step;
    },
  );
}

async function dryRunOne(
  ctx: RestoreContext,
  info: KindInfo,
  ref: ObjectIdentity,
  body: Record<string, unknown>,
): Promise<RestoreStep> {
  const before = await readLive(ctx.kc, info, ref);
  if (!before.ok && isNamespace(ref) && before.status === 403) return namespaceLeftAlone(ref, before.reason);
  if (!before.ok) return classifyDryRun(ref, { ok: false, reason: before.reason });
  if (before.live && isCoveredBy(body, before.live)) return { ...ref, action: "unchanged" };
  let answer = await apply(ctx.kc, info, ref, body, { dryRun: true, force: false });
  let takesOverFrom: string[] | undefined;
  if (answer.status === 409) {
    // Fields another manager set since: the restore takes them back (it applies with force once confirmed).
    takesOverFrom = conflictManagers(statusMessage(answer.text, answer.status));
    answer = await apply(ctx.kc, info, ref, body, { dryRun: true, force: true });
  }
  if (answer.status !== 200 && answer.status !== 201) {
    return classifyDryRun(ref, { ok: false, reason: statusMessage(answer.text, answer.status) });
  }
  return classifyDryRun(ref, {
    ok: true,
    live: before.live,
    result: JSON.parse(answer.text) as Record<string, unknown>,
    takesOverFrom,
  });
}

/** Waits (up to `ms`) until the cluster serves every kind in `wanted`; returns the fresh discovery. */
async function discoveryServing(
  kc: KubeConfig,
  wanted: readonly IndexEntry[],
  ms: number,
): Promise<Discovery> {
  const deadline = Date.now() + ms;
  for (;;) {
    const discovery = parseDiscovery(await fetchDiscoveryDocuments(kc));
    if (wanted.every((e) => discovery.find(e.apiVersion, e.kind)) || Date.now() > deadline) return discovery;
    await new Promise((r) => setTimeout(r, 500));
  }
}

/**
 * Applies the entries (in restore order) with server-side apply as the
 * person, forcing ownership of the fields the snapshot sets (the person
 * confirmed the plan that named them). Failures are collected, not thrown.
 */
export async function applyRestore(
  ctx: RestoreContext,
  entries: readonly IndexEntry[],
  source: SnapshotSource,
): Promise<RestoreResult> {
  let discovery = parseDiscovery(await fetchDiscoveryDocuments(ctx.kc));
  const result: RestoreResult = { created: 0, updated: 0, unchanged: 0, failed: [] };
  await byRank(
    entries,
    ctx.concurrency ?? 8,
    async (rank) => {
      // After CRDs: wait for their kinds to be served before applying custom resources.
      if (rank > 1 && entries.some((e) => !discovery.find(e.apiVersion, e.kind))) {
        discovery = await discoveryServing(
          ctx.kc,
          entries.filter((e) => restoreRank(e) >= rank),
          30_000,
        );
      }
    },
    async (entry) => {
      ctx.signal?.throwIfAborted();
      const ref = {
        apiVersion: entry.apiVersion,
        kind: entry.kind,
        namespace: entry.namespace,
        name: entry.name,
      };
      const info = discovery.find(entry.apiVersion, entry.kind);
      if (!info) {
        result.failed.push({
          ...ref,
          reason: `the cluster does not serve ${entry.apiVersion} ${entry.kind}`,
        });
        return;
      }
      const before = await readLive(ctx.kc, info, ref);
      if (!before.ok && isNamespace(ref) && before.status === 403) {
        result.unchanged += 1;
        return;
      }
      if (!before.ok) {
        result.failed.push({ ...ref, reason: before.reason });
        return;
      }
      const body = await manifestFor(ctx, source, entry);
      if (before.live && isCoveredBy(body, before.live)) {
        result.unchanged += 1;
        return;
      }
      const answer = await apply(ctx.kc, info, ref, body, { dryRun: false, force: true });
      if (answer.status !== 200 && answer.status !== 201) {
        result.failed.push({ ...ref, reason: statusMessage(answer.text, answer.status) });
        return;
      }
      if (!before.live) result.created += 1;
      else {
        const after = JSON.parse(answer.text) as { metadata?: { resourceVersion?: string } };
        const same =
          after.metadata?.resourceVersion ===
          (before.live.metadata as { resourceVersion?: string })?.resourceVersion;
        if (same) result.unchanged += 1;
        else result.updated += 1;
      }
    },
  );
  return result;
}

/** Deletes objects as the person (the "delete newer" part of a confirmed restore). */
export async function deleteObjects(
  ctx: RestoreContext,
  refs: readonly ObjectIdentity[],
): Promise<{ deleted: number; failed: (ObjectIdentity & { reason: string })[] }> {
  const discovery = parseDiscovery(await fetchDiscoveryDocuments(ctx.kc));
  const out = { deleted: 0, failed: [] as (ObjectIdentity & { reason: string })[] };
  for (const ref of refs) {
    ctx.signal?.throwIfAborted();
    const info = discovery.find(ref.apiVersion, ref.kind);
    if (!info) {
      out.failed.push({ ...ref, reason: `the cluster does not serve ${ref.apiVersion} ${ref.kind}` });
      continue;
    }
    const answer = await kubeRequest(ctx.kc, {
      method: "DELETE",
      path: objectPath(info, ref.namespace || null, ref.name),
      query: { propagationPolicy: "Background" },
    });
    if (answer.status === 200 || answer.status === 202 || answer.status === 404) out.deleted += 1;
    else out.failed.push({ ...ref, reason: statusMessage(answer.text, answer.status) });
  }
  return out;
}
