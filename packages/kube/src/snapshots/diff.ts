/**
 * The diff of two snapshots (or a snapshot and the live cluster collected the
 * same way): objects added / removed / changed, by hash first, then
 * field-level diffs of the changed ones only (paths like
 * `spec.template.spec.containers[0].image`). Secrets are compared by key
 * names and, through the injected `compareSecret`, by values: the result
 * names keys, never values. Pure apart from the injected functions.
 */
import type {
  ChangedObject,
  FieldChange,
  SnapshotObjectRef,
  SnapshotsDiffOutput,
} from "@clustercord/contracts";
import type { SnapshotSource } from "./archive";
import { identityKey, isSecret, secretKeys, viewableObject } from "./strip";
import type { IndexEntry, ObjectIdentity, SnapshotObject } from "./types";
import { toYaml } from "./yaml-emit";

/** Lists are cut at this many entries each; the counts are whole. */
export const DIFF_LIST_LIMIT = 2000;
/** Field changes reported per object at most. */
export const FIELDS_PER_OBJECT = 200;
const VALUE_TEXT_MAX = 4000;

export interface SealedSecretSide extends ObjectIdentity {
  keys: string[];
  sealedData: string;
}
/** Injected: the keys present on both sides whose values differ (opens both sealed forms; never returns values). */
export type CompareSecret = (from: SealedSecretSide, to: SealedSecretSide) => Promise<string[]> | string[];

export interface DiffOptions {
  compareSecret: CompareSecret;
  /** Labels of the two sides for the output (snapshot ids, or "live"). */
  from: string;
  to: string;
  /** Also list objects created by controllers (Pods, ReplicaSets, EndpointSlices...); off: they follow their owners. */
  includeOwned?: boolean;
  limit?: number;
}

const refOf = (e: ObjectIdentity): SnapshotObjectRef => ({
  apiVersion: e.apiVersion,
  kind: e.kind,
  namespace: e.namespace,
  name: e.name,
});
const byIdentity = (a: ObjectIdentity, b: ObjectIdentity) =>
  a.namespace.localeCompare(b.namespace) || a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name);

export async function diffSnapshots(
  from: SnapshotSource,
  to: SnapshotSource,
  options: DiffOptions,
): Promise<SnapshotsDiffOutput> {
  const limit = options.limit ?? DIFF_LIST_LIMIT;
  const keep = (e: IndexEntry) => options.includeOwned || !e.owned;
  const before = new Map<string, IndexEntry>();
  for (const e of from.index) if (keep(e)) before.set(identityKey(e), e);
  const added: IndexEntry[] = [];
  const candidates: [IndexEntry, IndexEntry][] = [];
  let unchanged = 0;
  const seen = new Set<string>();
  for (const e of to.index) {
    if (!keep(e)) continue;
    const key = identityKey(e);
    const old = before.get(key);
    seen.add(key);
    if (!old) added.push(e);
    // Secrets: equal hashes say nothing about values (they are not hashed); compare them anyway.
    else if (old.hash !== e.hash || isSecret(e)) candidates.push([old, e]);
    else unchanged += 1;
  }
  const removed = [...before.entries()].filter(([key]) => !seen.has(key)).map(([, e]) => e);
  const changed: ChangedObject[] = [];
  for (const [a, b] of candidates.sort((x, y) => byIdentity(x[1], y[1]))) {
    const [objA, objB] = await Promise.all([from.get(a), to.get(b)]);
    if (!objA || !objB) continue;
    const change = await changeOf(b, objA, objB, options.compareSecret);
    if (change) changed.push(change);
    else unchanged += 1;
  }
  added.sort(byIdentity);
  removed.sort(byIdentity);
  return {
    from: options.from,
    to: options.to,
    added: added.slice(0, limit).map(refOf),
    removed: removed.slice(0, limit).map(refOf),
    changed: changed.slice(0, limit),
    unchanged,
    counts: { added: added.length, removed: removed.length, changed: changed.length },
  };
}

async function changeOf(
  ref: ObjectIdentity,
  a: SnapshotObject,
  b: SnapshotObject,
  compareSecret: CompareSecret,
): Promise<ChangedObject | null> {
  if (!isSecret(ref)) {
    const fields = fieldChanges(a, b);
    return fields.length ? { ...refOf(ref), fields } : null;
  }
  const fields = fieldChanges(viewableObject(a), viewableObject(b)).filter((f) => !f.path.startsWith("keys"));
  const keysA = secretKeys(a);
  const keysB = secretKeys(b);
  const inA = new Set(keysA);
  const inB = new Set(keysB);
  const both = keysA.filter((k) => inB.has(k));
  const sealedA = String((a as { sealedData?: unknown }).sealedData ?? "");
  const sealedB = String((b as { sealedData?: unknown }).sealedData ?? "");
  const differing =
    both.length && sealedA && sealedB
      ? await compareSecret(
          { ...ref, keys: keysA, sealedData: sealedA },
          { ...ref, keys: keysB, sealedData: sealedB },
        )
      : [];
  const secretKeyChanges = {
    added: keysB.filter((k) => !inA.has(k)),
    removed: keysA.filter((k) => !inB.has(k)),
    // Only names the comparison returned that really are keys on both sides: nothing else can slip out.
    changed: both.filter((k) => differing.includes(k)),
  };
  const any =
    secretKeyChanges.added.length + secretKeyChanges.removed.length + secretKeyChanges.changed.length;
  if (!fields.length && !any) return null;
  return { ...refOf(ref), fields, secretKeys: secretKeyChanges };
}

const SIMPLE_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const childPath = (path: string, key: string) =>
  SIMPLE_KEY.test(key) ? (path ? `${path}.${key}` : key) : `${path}[${JSON.stringify(key)}]`;

const isMap = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);

/** A value as YAML-ish text for the diff view. */
export function valueText(value: unknown): string {
  let text: string;
  if (typeof value === "string") text = value;
  else if (value === null || typeof value !== "object") text = String(value);
  else if (Array.isArray(value))
    text = value.length ? toYaml({ _: value }).replace(/^_:\n/, "").trimEnd() : "[]";
  else text = Object.keys(value).length ? toYaml(value as Record<string, unknown>).trimEnd() : "{}";
  return text.length > VALUE_TEXT_MAX ? `${text.slice(0, VALUE_TEXT_MAX)}…` : text;
}

/** Field-level differences between two objects, as paths with both sides' values. */
export function fieldChanges(a: unknown, b: unknown, max = FIELDS_PER_OBJECT): FieldChange[] {
  const out: FieldChange[] = [];
  walkDiff(a, b, "", out, max);
  return out;
}

function walkDiff(a: unknown, b: unknown, path: string, out: FieldChange[], max: number): void {
  if (out.length >= max || a === b) return;
  if (isMap(a) && isMap(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    for (const k of keys) walkDiff(a[k], b[k], childPath(path, k), out, max);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) walkDiff(a[i], b[i], `${path}[${i}]`, out, max);
    return;
  }
  if (a === undefined && b === undefined) return;
  if (a !== undefined && b !== undefined && deepEqual(a, b)) return;
  out.push({
    path: path || ".",
    ...(a === undefined ? {} : { from: valueText(a) }),
    ...(b === undefined ? {} : { to: valueText(b) }),
  });
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  if (isMap(a) && isMap(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return false;
}

/** One object as YAML for the side-by-side viewer: Secrets show key names, never the sealed values. */
export function snapshotObjectYaml(object: SnapshotObject | null): string | null {
  return object ? toYaml(viewableObject(object)) : null;
}
