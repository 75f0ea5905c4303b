import { isDeepStrictEqual } from "node:util";
import type { HelmObjectChange, HelmObjectDiff } from "@clustercord/contracts";
import { stringify } from "yaml";
import {
  CLUSTER_SCOPED_KINDS,
  type ManifestObject,
  manifestObjectKey,
  normalizeLive,
  withNamespace,
} from "./manifest";
import { isPlainObject } from "./paths";
import { MASK } from "./secret-keys";
import { MASK_CHANGED, unifiedYamlDiff } from "./values-diff";

export interface ManifestDiffInput {
  /** What is there now: live objects, or the current release's manifest (helm-diff's choice, free of server defaults). */
  live: ManifestObject[];
  /** What the chart renders for the operation (empty for uninstall). */
  planned: ManifestObject[];
  /** The release namespace, for objects that leave theirs out. */
  defaultNamespace: string;
  clusterScopedKinds?: ReadonlySet<string>;
}

export type ManifestDiffCounts = Record<HelmObjectChange, number>;

const order: Record<HelmObjectChange, number> = { deleted: 0, created: 1, changed: 2, unchanged: 3 };

// Any kind named Secret: over-masking a custom resource costs less than showing a core Secret.
const isSecret = (o: ManifestObject) => o.kind === "Secret";

/** A Secret's stringData folded into data as the API server does, so rendered and live compare. */
export function foldStringData(object: Record<string, unknown>): Record<string, unknown> {
  if (!isPlainObject(object.stringData)) return object;
  const { stringData, ...rest } = object;
  const data: Record<string, unknown> = { ...(isPlainObject(rest.data) ? rest.data : {}) };
  for (const [key, value] of Object.entries(stringData)) {
    data[key] = Buffer.from(String(value ?? ""), "utf8").toString("base64");
  }
  return { ...rest, data };
}

/**
 * A Secret's values replaced by MASK; on the planned side a value that
 * differs from the live one shows MASK_CHANGED, so the diff still says which
 * key changes. (ConfigMaps are not masked: Kubernetes does not treat them as
 * secret either, and masking by key name there would hide real changes.)
 */
export function maskSecretData(
  object: Record<string, unknown>,
  compareTo?: Record<string, unknown>,
): Record<string, unknown> {
  if (!isPlainObject(object.data)) return object;
  const before = compareTo && isPlainObject(compareTo.data) ? compareTo.data : undefined;
  const data = Object.fromEntries(
    Object.entries(object.data).map(([key, value]) => {
      const changed = before !== undefined && key in before && before[key] !== value;
      return [key, changed ? MASK_CHANGED : MASK];
    }),
  );
  return { ...object, data };
}

/** The namespace the object will have, written in, so a rendered object without one equals its live self. */
function withObjectNamespace(
  object: Record<string, unknown>,
  namespace: string | null,
): Record<string, unknown> {
  const metadata: Record<string, unknown> = { ...(isPlainObject(object.metadata) ? object.metadata : {}) };
  if (namespace === null) delete metadata.namespace;
  else metadata.namespace = namespace;
  return { ...object, metadata };
}

const yaml = (object: Record<string, unknown> | undefined) =>
  object ? stringify(object, { sortMapEntries: true, lineWidth: 0 }) : "";

/**
 * Per object: created, changed, unchanged or deleted between what is live
 * and what the operation will leave, with a unified diff (live -> planned)
 * of YAML with keys sorted. Secret values never appear in it.
 */
export function diffManifests(input: ManifestDiffInput): {
  objects: HelmObjectDiff[];
  counts: ManifestDiffCounts;
} {
  const scoped = input.clusterScopedKinds ?? CLUSTER_SCOPED_KINDS;
  const index = (objects: ManifestObject[]) => {
    const byKey = new Map<string, { meta: ManifestObject; object: Record<string, unknown> }>();
    for (const o of objects) {
      const meta = withNamespace(o, input.defaultNamespace, scoped);
      let object = withObjectNamespace(normalizeLive(o.object), meta.namespace);
      if (isSecret(o)) object = foldStringData(object);
      byKey.set(manifestObjectKey(meta), { meta, object });
    }
    return byKey;
  };
  const live = index(input.live);
  const planned = index(input.planned);

  const objects: HelmObjectDiff[] = [];
  for (const key of new Set([...live.keys(), ...planned.keys()])) {
    const was = live.get(key);
    const will = planned.get(key);
    const meta = (will ?? was)?.meta as ManifestObject;
    const change: HelmObjectChange = !was
      ? "created"
      : !will
        ? "deleted"
        : isDeepStrictEqual(was.object, will.object)
          ? "unchanged"
          : "changed";
    let before = was?.object;
    let after = will?.object;
    if (isSecret(meta)) {
      before = before && maskSecretData(before);
      after = after && maskSecretData(after, was?.object);
    }
    const name = `${meta.kind}/${meta.name}`;
    objects.push({
      kind: meta.kind,
      name: meta.name,
      namespace: meta.namespace,
      change,
      diff:
        change === "unchanged"
          ? ""
          : unifiedYamlDiff(yaml(before), yaml(after), { before: `live ${name}`, after: `planned ${name}` }),
    });
  }
  objects.sort(
    (a, b) =>
      order[a.change] - order[b.change] ||
      a.kind.localeCompare(b.kind) ||
      a.name.localeCompare(b.name) ||
      (a.namespace ?? "").localeCompare(b.namespace ?? ""),
  );
  const counts: ManifestDiffCounts = { created: 0, changed: 0, unchanged: 0, deleted: 0 };
  for (const o of objects) counts[o.change]++;
  return { objects, counts };
}
