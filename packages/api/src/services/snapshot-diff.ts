/**
 * snapshots.diff / diffObject: two snapshots of this guild, or a snapshot
 * against the live cluster collected as the person in the snapshot's scope.
 * Secret values are opened only to be compared here; the answer names keys.
 */
import { timingSafeEqual } from "node:crypto";
import type {
  SnapshotObjectRef,
  SnapshotsDiffObjectOutput,
  SnapshotsDiffOutput,
} from "@clustercord/contracts";
import type { SnapshotRow } from "@clustercord/db";
import {
  type CompareSecret,
  diffSnapshots,
  type SnapshotSource,
  snapshotObjectYaml,
} from "@clustercord/kube";
import type { ApiDeps } from "../context";
import type { Actor } from "./read-access";
import { collectLiveAs, openSnapshotArchive } from "./snapshot-archive";
import { type SecretSealer, snapshotSecretSealer } from "./snapshot-secrets";
import { contentTarget, readySnapshot, snapshotsDeps } from "./snapshots";

interface Side {
  label: string;
  source: SnapshotSource;
  /** Opens this side's sealed Secret values (only to compare them). */
  sealer: () => SecretSealer;
}

/**
 * The `from` snapshot and the `to` side (another snapshot, or live in
 * `from`'s scope, narrowed to one of its namespaces when only one object is
 * wanted), each checked for the person.
 */
async function sidesOf(
  deps: ApiDeps,
  actor: Actor,
  input: { from: string; to: string },
  onlyNamespace?: string,
): Promise<[Side, Side]> {
  const fromRow = await readySnapshot(deps, actor, input.from);
  const fromTarget = await contentTarget(deps, actor, fromRow);
  let toRow: SnapshotRow | null = null;
  if (input.to !== "live") {
    toRow = await readySnapshot(deps, actor, input.to);
    await contentTarget(deps, actor, toRow);
  }
  const { envelope } = snapshotsDeps(deps);
  const sealerOf = (row: SnapshotRow) => () => snapshotSecretSealer(envelope, row);
  const from: Side = {
    label: fromRow.id,
    source: await openSnapshotArchive(deps, fromRow),
    sealer: sealerOf(fromRow),
  };
  if (!toRow) {
    const narrowed =
      onlyNamespace && fromTarget.scope === "namespaces" && fromTarget.namespaces.includes(onlyNamespace)
        ? { ...fromTarget, scope: "namespaces" as const, namespaces: [onlyNamespace] }
        : fromTarget;
    const live = await collectLiveAs(actor, narrowed);
    return [from, { label: "live", source: live.source, sealer: () => live.sealer }];
  }
  return [from, { label: toRow.id, source: await openSnapshotArchive(deps, toRow), sealer: sealerOf(toRow) }];
}

const same = (a: string | undefined, b: string | undefined) => {
  if (a === undefined || b === undefined) return a === b;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** The keys on both sides whose values differ: each side opened with its own key, compared here, dropped. */
function secretComparer(from: Side, to: Side): CompareSecret {
  let sealers: [SecretSealer, SecretSealer] | null = null;
  return (a, b) => {
    sealers ??= [from.sealer(), to.sealer()];
    const valuesA = sealers[0].open({ ...a, sealed: a.sealedData });
    const valuesB = sealers[1].open({ ...b, sealed: b.sealedData });
    return a.keys.filter((k) => b.keys.includes(k) && !same(valuesA[k], valuesB[k]));
  };
}

export async function diffSnapshotsFor(
  deps: ApiDeps,
  actor: Actor,
  input: { from: string; to: string },
): Promise<SnapshotsDiffOutput> {
  const [from, to] = await sidesOf(deps, actor, input);
  return diffSnapshots(from.source, to.source, {
    from: from.label,
    to: to.label,
    compareSecret: secretComparer(from, to),
  });
}

const sameObject = (a: SnapshotObjectRef, b: SnapshotObjectRef) => {
  const group = (v: string) => (v.includes("/") ? v.slice(0, v.indexOf("/")) : "");
  return (
    group(a.apiVersion) === group(b.apiVersion) &&
    a.kind === b.kind &&
    a.namespace === b.namespace &&
    a.name === b.name
  );
};

async function objectOf(side: Side, ref: SnapshotObjectRef) {
  const entry = side.source.index.find((e) => sameObject(e, ref));
  return entry ? side.source.get(entry) : null;
}

/** Both sides of one object as YAML (a Secret: its key names, never its values); null where it is absent. */
export async function diffObjectFor(
  deps: ApiDeps,
  actor: Actor,
  input: { from: string; to: string; object: SnapshotObjectRef },
): Promise<SnapshotsDiffObjectOutput> {
  // A namespaced object's live side needs only its namespace read, not the snapshot's whole scope.
  const [from, to] = await sidesOf(deps, actor, input, input.object.namespace || undefined);
  const [a, b] = await Promise.all([objectOf(from, input.object), objectOf(to, input.object)]);
  return { fromYaml: snapshotObjectYaml(a), toYaml: snapshotObjectYaml(b) };
}
