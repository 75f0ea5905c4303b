import { isDeepStrictEqual } from "node:util";
import type { HelmValueChange } from "@clustercord/contracts";
import { FILE_HEADERS_ONLY, formatPatch, structuredPatch } from "diff";
import { stringify } from "yaml";
import { comparePaths, formatValuesPath, isPlainObject, type ValuesPath } from "./paths";
import { looksSecret, MASK, maskValues } from "./secret-keys";

/** A value as one short line of YAML: `8080`, `nginx`, `{ enabled: true }`. */
function compactYaml(value: unknown): string {
  return stringify(value, { collectionStyle: "flow", lineWidth: 0, sortMapEntries: true }).trim();
}

function shown(value: unknown, secret: boolean): string | null {
  if (value === undefined) return null;
  if (secret) return value === null ? "null" : MASK;
  return compactYaml(maskValues(value));
}

/**
 * What changed between two sets of values, leaf by leaf where both sides
 * are maps or lists, sorted by path. A path through a secret-looking key
 * shows MASK on both sides (a changed password shows as changed, not as what).
 */
export function diffValues(before: unknown, after: unknown): HelmValueChange[] {
  const found: { path: ValuesPath; change: HelmValueChange }[] = [];
  const walk = (a: unknown, b: unknown, path: (string | number)[], secret: boolean) => {
    if (isPlainObject(a) && isPlainObject(b)) {
      for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
        walk(a[key], b[key], [...path, key], secret || looksSecret(key));
      }
      return;
    }
    if (Array.isArray(a) && Array.isArray(b)) {
      for (let i = 0; i < Math.max(a.length, b.length); i++) {
        walk(i < a.length ? a[i] : undefined, i < b.length ? b[i] : undefined, [...path, i], secret);
      }
      return;
    }
    if (isDeepStrictEqual(a, b)) return;
    const change = a === undefined ? "added" : b === undefined ? "removed" : "changed";
    found.push({
      path,
      change: { path: formatValuesPath(path), change, before: shown(a, secret), after: shown(b, secret) },
    });
  };
  walk(before ?? {}, after ?? {}, [], false);
  return found.sort((x, y) => comparePaths(x.path, y.path)).map((f) => f.change);
}

/**
 * Merges values as Helm does for user values over chart defaults: maps
 * merge key by key, anything else replaces, and `null` deletes the key.
 * Neither input is changed.
 */
export function deepMerge(
  base: Record<string, unknown>,
  over: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    if (value === null) delete out[key];
    else if (isPlainObject(value)) out[key] = deepMerge(isPlainObject(out[key]) ? out[key] : {}, value);
    else out[key] = value;
  }
  return out;
}

/** A unified diff of two masked YAML dumps with keys sorted; "" when they are the same. */
export function unifiedYamlDiff(
  before: string,
  after: string,
  names: { before: string; after: string } = { before: "before", after: "after" },
): string {
  if (before === after) return "";
  const patch = structuredPatch(names.before, names.after, before, after, undefined, undefined, {
    context: 3,
  });
  return formatPatch(patch, FILE_HEADERS_ONLY);
}

/** Shown on the new side in place of a secret value that differs from the old one. */
export const MASK_CHANGED = `${MASK} (changed)`;

/**
 * Masks the leaves under secret-looking keys on the new side, marking those
 * that differ from the old side so a masked diff still shows that a secret
 * changed (never a hash: hashes of short secrets can be guessed).
 */
export function maskAgainst(after: unknown, before: unknown, secret = false): unknown {
  if (Array.isArray(after)) {
    const old = Array.isArray(before) ? before : [];
    return after.map((item, i) => maskAgainst(item, old[i], secret));
  }
  if (isPlainObject(after)) {
    const old = isPlainObject(before) ? before : {};
    return Object.fromEntries(
      Object.entries(after).map(([key, value]) => [
        key,
        maskAgainst(value, old[key], secret || looksSecret(key)),
      ]),
    );
  }
  if (!secret || after === null) return after;
  return before === undefined || isDeepStrictEqual(before, after) ? MASK : MASK_CHANGED;
}

function yamlDump(values: unknown): string {
  if (values === undefined || values === null) return "";
  if (isPlainObject(values) && Object.keys(values).length === 0) return "";
  return stringify(values, { sortMapEntries: true, lineWidth: 0 });
}

/** Values as YAML with keys sorted and secrets masked; "" for none. */
export function maskedValuesYaml(values: unknown): string {
  return yamlDump(maskValues(values));
}

/** Unified diff of the masked values (before -> after), keys sorted; "" when nothing changed. */
export function valuesUnifiedDiff(before: unknown, after: unknown): string {
  return unifiedYamlDiff(maskedValuesYaml(before), yamlDump(maskAgainst(after, before)), {
    before: "values (before)",
    after: "values (after)",
  });
}
