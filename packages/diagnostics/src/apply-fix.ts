/**
 * A finding's fix as the manifest the YAML/apply confirm path plans: the live
 * object (read as the person) with the fix's JSON patch applied, without what
 * the server owns (status, managedFields, resourceVersion, uid…), so a
 * server-side apply of it changes exactly the patched fields.
 */
import type { FindingFix } from "@clustercord/contracts";
import { applyJsonPatch } from "@clustercord/policy";

type Obj = Record<string, unknown>;

/** The fix does not fit the object as it is now (another object, or it changed since the diagnosis). */
export class FixNotApplicableError extends Error {}

/** Metadata the API server sets; applying it back would fail (resourceVersion) or claim fields we do not own. */
const SERVER_METADATA = [
  "uid",
  "resourceVersion",
  "generation",
  "creationTimestamp",
  "deletionTimestamp",
  "deletionGracePeriodSeconds",
  "managedFields",
  "selfLink",
];
/** Annotations written by kubectl and controllers, not by the object's author. */
const SERVER_ANNOTATIONS = [
  "kubectl.kubernetes.io/last-applied-configuration",
  "deployment.kubernetes.io/revision",
];

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

export interface FixedManifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string } & Obj;
  [field: string]: unknown;
}

/** `live` with `fix.patch` applied, ready to apply; throws FixNotApplicableError saying why not. */
export function fixedManifest(live: Obj, fix: FindingFix): FixedManifest {
  const meta = isObj(live.metadata) ? live.metadata : {};
  const { target } = fix;
  if (
    live.kind !== target.kind ||
    meta.name !== target.name ||
    ((meta.namespace as string | undefined) ?? null) !== target.namespace
  )
    throw new FixNotApplicableError(
      `the fix is for ${target.kind} ${target.name}, not for ${String(live.kind)} ${String(meta.name)}`,
    );
  if (typeof live.apiVersion !== "string") throw new FixNotApplicableError("the object has no apiVersion");
  // A fix changes how the object runs, never what it is called or where it lives.
  const outside = fix.patch.find((op) => !op.path.startsWith("/spec/"));
  if (outside) throw new FixNotApplicableError(`the fix would change ${outside.path}, outside the spec`);
  let patched: Obj;
  try {
    patched = applyJsonPatch(live, fix.patch);
  } catch (error) {
    throw new FixNotApplicableError(
      `the object changed since the diagnosis (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  const { status: _status, metadata: _metadata, ...rest } = patched;
  const metadata: Obj = { ...meta };
  for (const field of SERVER_METADATA) delete metadata[field];
  if (isObj(metadata.annotations)) {
    const annotations = { ...metadata.annotations };
    for (const key of SERVER_ANNOTATIONS) delete annotations[key];
    if (Object.keys(annotations).length > 0) metadata.annotations = annotations;
    else delete metadata.annotations;
  }
  return {
    ...rest,
    apiVersion: live.apiVersion,
    kind: target.kind,
    metadata: metadata as FixedManifest["metadata"],
  };
}
