import type { JsonPatchOp } from "@clustercord/contracts";
import { getIn, isRecord } from "./objects";
import { type FieldPath, jsonPointer, parsePointer } from "./path";

export type { JsonPatchOp };

/**
 * RFC 6902 operations that set `path` to `value` in `object`: a replace when
 * the field exists, else one add of the missing part as a nested object
 * (`add` needs its parent to exist).
 */
export function setField(object: unknown, path: FieldPath, value: unknown): JsonPatchOp[] {
  if (getIn(object, path) !== undefined) return [{ op: "replace", path: jsonPointer(path), value }];
  let existing = path.length - 1;
  while (existing > 0 && !isRecord(getIn(object, path.slice(0, existing)))) existing--;
  let nested = value;
  for (let i = path.length - 1; i > existing; i--) nested = { [String(path[i])]: nested };
  return [{ op: "add", path: jsonPointer(path.slice(0, existing + 1)), value: nested }];
}

/** Remove a field if present. */
export function removeField(object: unknown, path: FieldPath): JsonPatchOp[] {
  return getIn(object, path) === undefined ? [] : [{ op: "remove", path: jsonPointer(path) }];
}

const shallowCopy = (v: unknown): unknown => (Array.isArray(v) ? [...v] : isRecord(v) ? { ...v } : v);

/**
 * Apply RFC 6902 operations (add/replace/remove/test), throwing on a path
 * that does not resolve. The input is left as it was: only the containers on
 * each op's path are copied (the rest is shared, so treat the result as
 * read-only too); the audit plans fixes for thousands of objects per pass.
 */
export function applyJsonPatch<T>(object: T, ops: readonly JsonPatchOp[]): T {
  let root = object as unknown;
  for (const op of ops) {
    const path = parsePointer(op.path);
    if (path.length === 0) throw new Error("patching the whole document is not supported");
    if (op.op === "test") {
      if (JSON.stringify(getIn(root, path)) !== JSON.stringify(op.value))
        throw new Error(`test failed at ${op.path}`);
      continue;
    }
    root = shallowCopy(root);
    let parent = root;
    for (const key of path.slice(0, -1)) {
      const child = getIn(parent, [key]);
      if (!Array.isArray(child) && !isRecord(child)) throw new Error(`no parent for ${op.path}`);
      const copy = shallowCopy(child);
      (parent as Record<string | number, unknown>)[key] = copy;
      parent = copy;
    }
    const key = path[path.length - 1] as string | number;
    // A copy of the value: later ops must not write into the patch itself.
    const value = op.op === "remove" ? undefined : structuredClone(op.value);
    if (Array.isArray(parent)) {
      const index = key === "-" ? parent.length : Number(key);
      if (!Number.isInteger(index) || index < 0 || index > parent.length)
        throw new Error(`no index ${String(key)} at ${op.path}`);
      if (op.op === "add") parent.splice(index, 0, value);
      else if (index >= parent.length) throw new Error(`no element at ${op.path}`);
      else if (op.op === "replace") parent[index] = value;
      else parent.splice(index, 1);
    } else if (isRecord(parent)) {
      const k = String(key);
      if (op.op !== "add" && !(k in parent)) throw new Error(`no field at ${op.path}`);
      if (op.op === "remove") delete parent[k];
      else parent[k] = value;
    } else {
      throw new Error(`no parent for ${op.path}`);
    }
  }
  return root as T;
}

/** Several fields set in turn, each op computed on the result of the ones before (so they never clobber each other). */
export function setFields(
  object: unknown,
  fields: readonly (readonly [FieldPath, unknown])[],
): JsonPatchOp[] {
  const ops: JsonPatchOp[] = [];
  let working = object;
  fields.forEach(([path, value], i) => {
    const next = setField(working, path, value);
    if (i < fields.length - 1) working = applyJsonPatch(working, next);
    ops.push(...next);
  });
  return ops;
}
