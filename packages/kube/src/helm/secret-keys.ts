import { isPlainObject } from "./paths";

/** What a secret value is shown as, everywhere: diffs, replies, audit rows, Helm's output. */
export const MASK = "••••••";

/** Marks a key as secret wherever they appear, even across words (`adminPassword`, `htpasswd`, `connectionString`). */
const secretFragments = ["password", "passwd", "passphrase", "secret", "credential", "connectionstring"];
/** Whole words that mark a key as secret (`tokenizer` and `authors` are not `token`, `auth`). */
const secretWords = new Set(["pwd", "tokens", "creds", "dsn", "apikey", "privatekey", "accesskey"]);
/** Words that are secret as the last word of a key: `basicAuth`, `tls.key`, `apiKey`, `api_key`. */
const secretLastWords = new Set(["auth", "key", "salt"]);

/** `adminPassword` -> ["admin", "password"], `api_key` -> ["api", "key"], `TLSKey` -> ["tls", "key"]. */
function words(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/**
 * Whether a values key probably holds a secret. Errs towards masking: a
 * masked `auth.enabled` costs a glance, a shown password costs a rotation.
 */
export function looksSecret(key: string): boolean {
  const parts = words(key);
  if (parts.length === 0) return false;
  const last = parts[parts.length - 1] as string;
  if (secretLastWords.has(last)) return true;
  const joined = parts.join("");
  if (secretFragments.some((fragment) => joined.includes(fragment))) return true;
  return parts.some(
    (part) => secretWords.has(part) || part.endsWith("token"), // token, authtoken, bearertoken; not tokenizer
  );
}

/** Every leaf below a secret key becomes MASK; `null` (unset) stays `null`, the shape stays. */
function maskAll(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskAll);
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskAll(v)]));
  return value === null ? null : MASK;
}

/** A deep copy with the leaves under secret-looking keys replaced by MASK. */
export function maskValues<T>(value: T): T {
  if (Array.isArray(value)) return value.map(maskValues) as T;
  if (isPlainObject(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [
        key,
        looksSecret(key) ? maskAll(inner) : maskValues(inner),
      ]),
    ) as T;
  }
  return value;
}

/** The values under secret-looking keys, as text: what maskOutput must hide in Helm's output. */
export function secretStrings(value: unknown, secret = false): string[] {
  if (Array.isArray(value)) return value.flatMap((item) => secretStrings(item, secret));
  if (isPlainObject(value)) {
    return Object.entries(value).flatMap(([key, inner]) => secretStrings(inner, secret || looksSecret(key)));
  }
  if (!secret || value === null || value === undefined) return [];
  return [String(value)];
}
