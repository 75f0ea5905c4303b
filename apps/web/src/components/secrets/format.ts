import {
  MAX_SECRET_BYTES,
  type RotateShape,
  SecretKeyName,
  SecretName,
  type SecretsCreateInput,
  type SecretsRotateSpec,
  type SecretValuesSource,
  type VaultSecretSummary,
  type VaultSecretType,
} from "@clustercord/contracts";

/**
 * The Secrets page's pure parts: the create and rotate forms turned into the
 * procedures' inputs (or the one problem a person must fix first), and the
 * words the page shows. Values pass through here only on their way into an
 * input; nothing here returns or formats a value for display.
 */

export type Checked<T> = { input: T; problem: null } | { input: null; problem: string };
const ok = <T>(input: T): Checked<T> => ({ input, problem: null });
const fail = <T>(problem: string): Checked<T> => ({ input: null, problem });

/** Said wherever keys are compared: values never reach the page. */
export const VALUES_NOT_SHOWN = "Values not shown for security";

/** What a viewer is told instead of the actions. */
export const VIEWER_NOTICE =
  "Viewers see secret names and keys only. Operators create, apply, diff, rotate and restore secrets; admins delete them.";
/** What an operator is told instead of Delete. */
export const DELETE_ADMINS_ONLY = "Only admins delete secrets.";

export const secretTypeLabel: Record<VaultSecretType, string> = {
  Opaque: "Opaque",
  "kubernetes.io/dockerconfigjson": "Docker config",
  "kubernetes.io/tls": "TLS",
};

export const rotateShapeLabel: Record<RotateShape, string> = {
  password: "Password (letters, digits, symbols)",
  token: "Token (letters and digits)",
  hex: "Hex",
  base64: "Base64",
};

/** The picker's filter: `.env`, YAML or JSON maps (the API decides the format from the name or the content). */
export const SECRET_FILE_ACCEPT =
  ".env,.yaml,.yml,.json,.txt,text/plain,application/json,application/x-yaml,text/yaml";

const utf8Bytes = (text: string) => new TextEncoder().encode(text).length;
const mib = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;

/** Checked before a file is read: empty, or over the vault's 1 MiB. */
export function fileProblem(file: { name: string; size: number }): string | null {
  if (file.size === 0) return `${file.name} is empty.`;
  if (file.size > MAX_SECRET_BYTES) return `${file.name} is ${mib(file.size)}; a secret holds at most 1 MiB.`;
  return null;
}

/** A file as read in the browser: its name and text, sent as it is (the API parses it). */
export type ChosenFile = { name: string; content: string };

export function valuesFromFile(file: ChosenFile | null): Checked<SecretValuesSource> {
  if (!file) return fail("Choose a file (.env, YAML or JSON) holding the values.");
  if (utf8Bytes(file.content) > MAX_SECRET_BYTES) return fail(`${file.name} is over 1 MiB.`);
  return ok({ kind: "file", filename: file.name, format: "auto", content: file.content });
}

/** The first thing wrong with a key a person typed ("row 2: ..."), or null. */
function keyProblem(key: string, row: number): string | null {
  const checked = SecretKeyName.safeParse(key);
  if (checked.success) return null;
  return `Row ${row}: ${checked.error.issues[0]?.message ?? "not a valid key"}${key ? ` ('${key}')` : ""}.`;
}

/**
 * Key/value rows as typed (rows left wholly empty are skipped): every key
 * valid and used once, at least one, at most 1 MiB together.
 */
export function valuesFromEntries(
  rows: readonly { key: string; value: string }[],
): Checked<SecretValuesSource> {
  const filled = rows
    .map((r, i) => ({ key: r.key.trim(), value: r.value, row: i + 1 }))
    .filter((r) => r.key !== "" || r.value !== "");
  if (filled.length === 0) return fail("Give at least one key and its value.");
  const seen = new Map<string, number>();
  let bytes = 0;
  for (const r of filled) {
    const problem = keyProblem(r.key, r.row);
    if (problem) return fail(problem);
    const first = seen.get(r.key);
    if (first !== undefined) return fail(`Row ${r.row}: the key '${r.key}' is already used in row ${first}.`);
    seen.set(r.key, r.row);
    bytes += utf8Bytes(r.key) + utf8Bytes(r.value);
  }
  if (bytes > MAX_SECRET_BYTES)
    return fail(`The values come to ${mib(bytes)}; a secret holds at most 1 MiB.`);
  return ok({ kind: "entries", entries: filled.map(({ key, value }) => ({ key, value })) });
}

export interface CreateForm {
  name: string;
  clusterId: string;
  namespace: string;
  type: VaultSecretType;
}

export const emptyCreateForm: CreateForm = { name: "", clusterId: "", namespace: "", type: "Opaque" };

/** secrets.create's input, or the first thing to fix (the name, the place, then the values). */
export function createInput(
  form: CreateForm,
  values: Checked<SecretValuesSource>,
): Checked<SecretsCreateInput> {
  const name = form.name.trim();
  if (!name) return fail("Give the secret a name.");
  if (!SecretName.safeParse(name).success)
    return fail(
      `'${name}' is not a Kubernetes name: lower-case letters, digits, '-' and '.', starting and ending with a letter or digit.`,
    );
  if (!form.clusterId) return fail("Pick the cluster it lives on.");
  if (!form.namespace) return fail("Pick its namespace.");
  if (!values.input) return fail(values.problem);
  return ok({
    name,
    clusterId: form.clusterId,
    namespace: form.namespace,
    type: form.type,
    values: values.input,
  });
}

export interface RotateForm {
  mode: "generate" | "file";
  /** Keys to give new generated values. */
  keys: string[];
  shape: RotateShape;
  length: string;
  restartDeployments: boolean;
}

export const emptyRotateForm = (keys: readonly string[]): RotateForm => ({
  mode: "generate",
  keys: [...keys],
  shape: "password",
  length: "32",
  restartDeployments: false,
});

/** secrets.planRotate's (and, with the token, secrets.rotate's) spec, or the first thing to fix. */
export function rotateSpec(
  name: string,
  form: RotateForm,
  file: ChosenFile | null,
): Checked<SecretsRotateSpec> {
  const restartDeployments = form.restartDeployments;
  if (form.mode === "file") {
    const values = valuesFromFile(file);
    if (!values.input) return fail(values.problem);
    return ok({ name, values: values.input, restartDeployments });
  }
  if (form.keys.length === 0) return fail("Choose at least one key to rotate.");
  const length = /^\d+$/.test(form.length.trim()) ? Number(form.length.trim()) : Number.NaN;
  if (!Number.isInteger(length) || length < 8 || length > 512)
    return fail("The length is a whole number from 8 to 512.");
  return ok({
    name,
    generate: form.keys.map((key) => ({ key, shape: form.shape, length })),
    restartDeployments,
  });
}

/** A place the secret is or can be: its home first, then where it was applied. */
export interface SecretPlace {
  clusterId: string;
  clusterName: string;
  namespace: string;
  home: boolean;
  /** The version there, when it was applied there. */
  version: number | null;
}

export const placeKey = (p: { clusterId: string; namespace: string }) => `${p.clusterId}/${p.namespace}`;

export function placesOf(
  secret: VaultSecretSummary,
  clusterNames: ReadonlyMap<string, string>,
): SecretPlace[] {
  const homeKey = placeKey(secret);
  const applied = secret.placements.find((p) => placeKey(p) === homeKey);
  const home: SecretPlace = {
    clusterId: secret.clusterId,
    clusterName: applied?.clusterName ?? clusterNames.get(secret.clusterId) ?? secret.clusterId,
    namespace: secret.namespace,
    home: true,
    version: applied?.version ?? null,
  };
  const others = secret.placements
    .filter((p) => placeKey(p) !== homeKey)
    .map((p) => ({
      clusterId: p.clusterId,
      clusterName: p.clusterName,
      namespace: p.namespace,
      home: false,
      version: p.version,
    }))
    .sort((a, b) => placeText(a).localeCompare(placeText(b)));
  return [home, ...others];
}

/** "local/shop": a place in words. */
export const placeText = (p: { clusterName: string; namespace: string }) => `${p.clusterName}/${p.namespace}`;

/** Where it was applied, for the list: "local/shop v3, edge/prod v2 (behind)"; "Not applied" when nowhere. */
export function placementsText(secret: VaultSecretSummary): string {
  if (secret.placements.length === 0) return "Not applied";
  return [...secret.placements]
    .sort((a, b) => placeText(a).localeCompare(placeText(b)))
    .map((p) => `${placeText(p)} v${p.version}${p.version < secret.version ? " (behind)" : ""}`)
    .join(", ");
}

/** "a, b, c +2 more". */
export function keysText(keys: readonly string[], max = 4): string {
  if (keys.length === 0) return "—";
  const shown = keys.slice(0, max).join(", ");
  return keys.length > max ? `${shown} +${keys.length - max} more` : shown;
}

/** "1 version kept", "3 versions kept". */
export const keptText = (count: number) => `${count} version${count === 1 ? "" : "s"} kept`;

/** The namespace filter's choices: every home and placement namespace, sorted, once. */
export function namespacesOf(secrets: readonly VaultSecretSummary[]): string[] {
  const all = new Set<string>();
  for (const s of secrets) {
    all.add(s.namespace);
    for (const p of s.placements) all.add(p.namespace);
  }
  return [...all].sort();
}

/** A diff's key lists in the order the page shows them, empty groups left out. */
export function diffGroups(diff: {
  added: string[];
  removed: string[];
  changed: string[];
  unchanged: string[];
}) {
  return (
    [
      { id: "added", label: "Added", keys: diff.added },
      { id: "removed", label: "Removed", keys: diff.removed },
      { id: "changed", label: "Changed", keys: diff.changed },
      { id: "unchanged", label: "Unchanged", keys: diff.unchanged },
    ] as const
  ).filter((g) => g.keys.length > 0);
}

/** "The same keys and values" when nothing differs; otherwise "2 added, 1 changed". */
export function diffSummary(diff: { added: string[]; removed: string[]; changed: string[] }): string {
  const parts = [
    diff.added.length ? `${diff.added.length} added` : "",
    diff.removed.length ? `${diff.removed.length} removed` : "",
    diff.changed.length ? `${diff.changed.length} changed` : "",
  ].filter(Boolean);
  return parts.length ? parts.join(", ") : "The same keys and values";
}

/** What restoring `from` does, said before it is done. */
export function restoreText(secret: VaultSecretSummary, current: number, from: number): string {
  const make = `Makes v${current + 1} with the values of v${from}`;
  if (secret.placements.length === 0) return `${make}. It is not applied anywhere, so no cluster changes.`;
  const places = [...secret.placements].map(placeText).sort();
  return `${make} and re-applies it to ${places.join(", ")}.`;
}

export const versionReasonLabel = { created: "Created", rotated: "Rotated", restored: "Restored" } as const;

/** A time as the page shows it, to the minute in UTC: "2026-12-01 09:30 UTC". */
export function shortTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}
