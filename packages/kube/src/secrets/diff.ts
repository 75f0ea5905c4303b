import { createHmac, randomBytes } from "node:crypto";

export interface SecretKeyDiff {
  /** In `other`, not in `current`. */
  added: string[];
  /** In `current`, not in `other`. */
  removed: string[];
  changed: string[];
  unchanged: string[];
}

/**
 * Which keys differ between two value maps. Values are compared by
 * HMAC-SHA256 under a key made for this call and dropped after it, so the
 * comparison never handles a value-derived string that could be kept or
 * matched later. Each list is sorted.
 */
export function diffSecretKeys(
  current: Readonly<Record<string, string>>,
  other: Readonly<Record<string, string>>,
): SecretKeyDiff {
  const hmacKey = randomBytes(32);
  const digest = (value: string) => createHmac("sha256", hmacKey).update(value, "utf8").digest();
  const diff: SecretKeyDiff = { added: [], removed: [], changed: [], unchanged: [] };
  for (const key of Object.keys(current)) {
    if (!Object.hasOwn(other, key)) diff.removed.push(key);
    else if (digest(current[key] ?? "").equals(digest(other[key] ?? ""))) diff.unchanged.push(key);
    else diff.changed.push(key);
  }
  for (const key of Object.keys(other)) if (!Object.hasOwn(current, key)) diff.added.push(key);
  for (const list of Object.values(diff)) list.sort();
  return diff;
}
