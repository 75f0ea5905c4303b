/**
 * Restoring a snapshot in two steps. The plan is a server-side dry-run as
 * the person of the chosen objects in dependency order (what would be
 * created, changed or refused, and with deleteNewer what would be deleted),
 * with a token bound to the snapshot and the exact selection. The restore,
 * given that token, applies the same selection for real as the person; it
 * never deletes objects created since the snapshot unless deleteNewer was
 * planned and confirmed. Every namespace it touches must be the person's.
 */
import {
  AppError,
  type RestoreStep,
  type SnapshotsPlanRestoreOutput,
  type SnapshotsRestoreOutput,
} from "@clustercord/contracts";
import type { SnapshotRow } from "@clustercord/db";
import {
  applyRestore,
  countSteps,
  deleteObjects,
  dryRunRestore,
  type IndexEntry,
  identityKey,
  isSecret,
  newerObjects,
  planRestoreOrder,
  type RestoreContext,
  type RestoreFilter,
  type SnapshotArchive,
  type SnapshotSource,
} from "@clustercord/kube";
import type { ApiDeps } from "../context";
import { issueConfirmation, verifyConfirmation } from "./confirmations";
import type { Actor } from "./read-access";
import { type SnapshotTarget, snapshotTarget } from "./snapshot-access";
import { collectLiveAs, openSnapshotArchive } from "./snapshot-archive";
import { snapshotSecretSealer } from "./snapshot-secrets";
import { readySnapshot, snapshotsDeps } from "./snapshots";

interface Selection {
  id: string;
  namespaces?: string[] | undefined;
  kinds?: string[] | undefined;
  deleteNewer: boolean;
}

/** Lines of the plan's summary list before "... and N more". */
const CHANGE_LINES = 50;

/**
 * Where the restore may write, as the person now: the chosen namespaces (or
 * the snapshot's), refused by name when not theirs; the whole cluster only
 * for a whole-cluster snapshot restored without a namespace choice, by an
 * admin of a dedicated cluster.
 */
async function restoreTarget(deps: ApiDeps, actor: Actor, row: SnapshotRow, selection: Selection) {
  if (row.scope === "cluster" && !selection.namespaces?.length)
    return snapshotTarget(deps, actor, { clusterId: row.clusterId, scope: "cluster" });
  return snapshotTarget(deps, actor, {
    clusterId: row.clusterId,
    scope: "namespaces",
    namespaces: selection.namespaces?.length ? selection.namespaces : row.namespaces,
  });
}

const filterOf = (target: SnapshotTarget, selection: Selection): RestoreFilter => ({
  ...(target.scope === "namespaces" ? { namespaces: target.namespaces } : {}),
  ...(selection.kinds?.length ? { kinds: selection.kinds } : {}),
});

/** The token's subject: the snapshot and the exact selection (sorted), so a confirmed plan cannot be widened. */
const restoreSubject = (actor: Actor, selection: Selection) => ({
  action: "snapshots.restore",
  target: [
    `snapshot/${selection.id}`,
    [...new Set(selection.namespaces ?? [])].sort().join(","),
    [...new Set((selection.kinds ?? []).map((k) => k.toLowerCase()))].sort().join(","),
    selection.deleteNewer ? "delete-newer" : "keep-newer",
  ].join("|"),
  userId: actor.userId,
  guildId: actor.guildId,
});

async function prepare(deps: ApiDeps, actor: Actor, selection: Selection) {
  const { envelope } = snapshotsDeps(deps);
  const row = await readySnapshot(deps, actor, selection.id);
  const target = await restoreTarget(deps, actor, row, selection);
  const archive = await openSnapshotArchive(deps, row);
  const filter = filterOf(target, selection);
  // A person's namespaces exist (that is what makes them theirs) and the Namespace objects are not theirs
  // to change: a namespace-scoped restore applies what is inside them.
  const entries = planRestoreOrder(archive.index, filter).filter(
    (e) => target.scope === "cluster" || !(e.kind === "Namespace" && e.apiVersion === "v1"),
  );
  const secrets = entries.some((e) => e.kind === "Secret" && e.apiVersion === "v1")
    ? snapshotSecretSealer(envelope, row)
    : null;
  const ctx: RestoreContext = {
    kc: target.kc,
    openSecret: (sealed, ref) => {
      if (!secrets) throw new AppError("INTERNAL", { message: "a Secret to restore was not in the plan" });
      return secrets.open({ namespace: ref.namespace, name: ref.name, sealed });
    },
  };
  // The live side, read as the person in the same form: objects already as the snapshot has them are
  // left alone (no write, and no refusal for objects that are not the person's to change, such as
  // ClusterCord's own quota in a tenant's namespace); Secrets are always compared by the dry-run.
  const live = await collectLiveAs(actor, target);
  const liveHashes = new Map(live.source.index.map((e) => [identityKey(e), e.hash]));
  const isCurrent = (e: IndexEntry) => !isSecret(e) && liveHashes.get(identityKey(e)) === e.hash;
  return { row, archive, filter, entries, ctx, live, isCurrent };
}

/** The live objects of the selection the snapshot does not hold (created since). */
const newerLive = (archive: SnapshotArchive, live: SnapshotSource, filter: RestoreFilter): IndexEntry[] =>
  newerObjects(archive.index, live.index, filter);

/** Steps in restore order: current objects "unchanged", the others as their dry-run answered. */
function mergeSteps(
  entries: readonly IndexEntry[],
  isCurrent: (e: IndexEntry) => boolean,
  dryRun: RestoreStep[],
) {
  let next = 0;
  return entries.map((e): RestoreStep => {
    if (isCurrent(e))
      return {
        apiVersion: e.apiVersion,
        kind: e.kind,
        namespace: e.namespace,
        name: e.name,
        action: "unchanged",
      };
    const step = dryRun[next++];
    if (!step) throw new AppError("INTERNAL", { message: "the dry-run answered fewer steps than asked" });
    return step;
  });
}

const stepLine = (s: RestoreStep) =>
  `${s.action} ${s.kind} ${s.namespace ? `${s.namespace}/` : ""}${s.name}${s.reason ? ` (${s.reason})` : ""}`;

export async function planRestore(
  deps: ApiDeps,
  actor: Actor,
  selection: Selection,
): Promise<SnapshotsPlanRestoreOutput> {
  const { row, archive, filter, entries, ctx, live, isCurrent } = await prepare(deps, actor, selection);
  if (!entries.length && !selection.deleteNewer)
    throw new AppError("BAD_REQUEST", {
      userMessage: `Snapshot ${row.id} holds nothing that matches that choice of namespaces and kinds.`,
    });
  const steps = mergeSteps(
    entries,
    isCurrent,
    await dryRunRestore(
      ctx,
      entries.filter((e) => !isCurrent(e)),
      archive,
    ),
  );
  if (selection.deleteNewer) {
    for (const o of newerLive(archive, live.source, filter))
      steps.push({
        apiVersion: o.apiVersion,
        kind: o.kind,
        namespace: o.namespace,
        name: o.name,
        action: "delete",
      });
  }
  const counts = countSteps(steps);
  const { token, expiresAt } = issueConfirmation(deps.confirmationKey, restoreSubject(actor, selection));
  const changing = steps.filter((s) => s.action !== "unchanged");
  return {
    summary: `Restore snapshot ${row.id} into ${row.clusterName}: ${counts.create} to create, ${counts.update} to update, ${counts.delete} to delete, ${counts.conflict} refused, ${counts.unchanged} unchanged`,
    changes: [
      ...changing.slice(0, CHANGE_LINES).map(stepLine),
      ...(changing.length > CHANGE_LINES ? [`... and ${changing.length - CHANGE_LINES} more`] : []),
    ],
    confirmToken: token,
    expiresAt: expiresAt.toISOString(),
    steps,
    counts,
  };
}

export async function restoreSnapshot(
  deps: ApiDeps,
  actor: Actor,
  input: Selection & { confirmToken: string },
): Promise<SnapshotsRestoreOutput> {
  // The token first: a restore nobody planned reads nothing and writes nothing.
  verifyConfirmation(deps.confirmationKey, input.confirmToken, restoreSubject(actor, input));
  const { row, archive, filter, entries, ctx, live, isCurrent } = await prepare(deps, actor, input);
  const applied = await applyRestore(
    ctx,
    entries.filter((e) => !isCurrent(e)),
    archive,
  );
  applied.unchanged += entries.filter(isCurrent).length;
  let deleted = 0;
  const failed = [...applied.failed];
  if (input.deleteNewer) {
    const removal = await deleteObjects(ctx, newerLive(archive, live.source, filter));
    deleted = removal.deleted;
    failed.push(...removal.failed);
  }
  const done = `${applied.created} created, ${applied.updated} updated, ${deleted} deleted, ${applied.unchanged} unchanged`;
  return {
    message: failed.length
      ? `Snapshot ${row.id} restored into ${row.clusterName} with ${failed.length} failure(s): ${done}.`
      : `Snapshot ${row.id} restored into ${row.clusterName}: ${done}.`,
    created: applied.created,
    updated: applied.updated,
    deleted,
    unchanged: applied.unchanged,
    failed: failed.map((f) => ({
      apiVersion: f.apiVersion,
      kind: f.kind,
      namespace: f.namespace,
      name: f.name,
      reason: f.reason,
    })),
  };
}
