/**
 * secrets.planRotate / secrets.rotate and secrets.restoreVersion: a new
 * version (generated values, uploaded values, or an older version's), then
 * re-applied AS the person everywhere the secret is applied, and for a
 * rotation optionally the Deployments that use it restarted. Every check
 * (values, type, access to each place, a dry-run apply there) runs before
 * the version is stored, so a refusal writes nothing.
 */
import { createHash } from "node:crypto";
import {
  AppError,
  type SecretsPlanRotateOutput,
  type SecretsRestoreVersionOutput,
  type SecretsRotateOutput,
  type SecretsRotateSpec,
  VaultSecretType,
} from "@clustercord/contracts";
import { addVaultVersion, findVaultVersion, type VaultSecretDetail } from "@clustercord/db";
import {
  checkSecretType,
  deploymentsUsingSecret,
  generateSecretValue,
  parseSecretValues,
  type SecretValues,
} from "@clustercord/kube";
import type { z } from "zod";
import type { ApiDeps } from "../context";
import { issueConfirmation, verifyConfirmation } from "./confirmations";
import type { PersonNamespace } from "./jobs-access";
import type { Actor } from "./read-access";
import {
  clusterNames,
  currentValues,
  openValues,
  operableSecret,
  sealValues,
  sortedKeys,
  usableNamespace,
  vaultOf,
} from "./secrets-access";
import { applyAt } from "./secrets-apply";
import { applySecret, deploymentsIn, restartDeployment } from "./secrets-kube";

type RotateSpec = z.output<typeof SecretsRotateSpec>;
type Generated = RotateSpec["generate"][number];

const badRequest = (userMessage: string) => new AppError("BAD_REQUEST", { userMessage });

/** Which keys get generated values and which uploaded ones; with neither, every key gets a password. */
function rotationOf(secret: VaultSecretDetail, spec: RotateSpec) {
  const uploaded: SecretValues = spec.values ? parseSecretValues(spec.values) : {};
  const generate: Generated[] =
    spec.generate.length === 0 && !spec.values
      ? secret.current.keys.map((key) => ({ key, shape: "password", length: 32 }))
      : spec.generate;
  const seen = new Set<string>();
  for (const { key } of generate) {
    if (seen.has(key)) throw badRequest(`Key ${key} is named twice in what to generate.`);
    if (Object.hasOwn(uploaded, key))
      throw badRequest(`Key ${key} is both generated and uploaded; pick one.`);
    seen.add(key);
  }
  if (generate.length > 0 && secret.type !== "Opaque")
    throw badRequest(
      `Generated values only fit Opaque secrets; upload new values for ${secret.name} (${secret.type}).`,
    );
  if (generate.length === 0 && Object.keys(uploaded).length === 0)
    throw badRequest("Name at least one key to rotate.");
  return { uploaded, generate };
}

/** The places the secret is applied, each opened AS the person (one they cannot use refuses the whole rotation). */
const placesOf = (deps: ApiDeps, actor: Actor, secret: VaultSecretDetail) =>
  Promise.all(secret.placements.map((p) => usableNamespace(deps, actor, p)));

/** "namespace/name" of the Deployments that use the secret at those places, listed as the person. */
async function restartsAt(places: PersonNamespace[], name: string) {
  const found = await Promise.all(
    places.map(async (where) =>
      deploymentsUsingSecret(await deploymentsIn(where), name).map((deployment) => ({ where, deployment })),
    ),
  );
  return found.flat();
}

/** The confirmation is bound to the secret's current version and a digest of the exact spec. */
function subject(actor: Actor, secret: VaultSecretDetail, spec: RotateSpec) {
  const { confirmToken: _, ...bound } = spec as RotateSpec & { confirmToken?: string };
  const digest = createHash("sha256").update(JSON.stringify(bound)).digest("base64url");
  return {
    action: "secrets.rotate",
    target: `${secret.id}/v${secret.current.version}/${digest}`,
    userId: actor.userId,
    guildId: actor.guildId,
  };
}

const placeWords = (clusterName: (id: string) => string, places: PersonNamespace[]) =>
  places.map((w) => ({ clusterName: clusterName(w.cluster.id), namespace: w.namespace }));

export async function planRotateSecret(
  deps: ApiDeps,
  actor: Actor,
  spec: RotateSpec,
): Promise<SecretsPlanRotateOutput> {
  const secret = await operableSecret(deps, actor, spec.name);
  const { uploaded, generate } = rotationOf(secret, spec);
  // Uploaded-only rotations are checked for the type now (generated ones are Opaque).
  if (generate.length === 0)
    checkSecretType(VaultSecretType.parse(secret.type), { ...currentValues(deps, secret), ...uploaded });
  const places = await placesOf(deps, actor, secret);
  const restarts = spec.restartDeployments ? await restartsAt(places, secret.name) : [];
  const clusterName = await clusterNames(deps, actor.guildId);
  const current = new Set(secret.current.keys);
  const isNew = (key: string) => (current.has(key) ? "" : " (new key)");
  const changes = [
    ...generate.map((g) => `${g.key}${isNew(g.key)}: a generated ${g.shape} of ${g.length}`),
    ...sortedKeys(uploaded).map((key) => `${key}${isNew(key)}: the uploaded value`),
    places.length
      ? `Re-applied as v${secret.current.version + 1} in ${places.map((w) => `${w.namespace} (${clusterName(w.cluster.id)})`).join(", ")}.`
      : "Not applied anywhere yet: only the vault changes.",
    ...restarts.map((r) => `Restarts Deployment ${r.where.namespace}/${r.deployment}.`),
    "Values not shown for security. The previous version is kept and can be restored.",
  ];
  const { token, expiresAt } = issueConfirmation(deps.confirmationKey, subject(actor, secret, spec));
  return {
    summary: `Rotate ${[...generate.map((g) => g.key), ...Object.keys(uploaded)].length} key(s) of ${secret.name} (v${secret.current.version} → v${secret.current.version + 1})?`,
    changes,
    confirmToken: token,
    expiresAt: expiresAt.toISOString(),
    keys: [...new Set([...generate.map((g) => g.key), ...Object.keys(uploaded)])].sort(),
    placements: placeWords(clusterName, places),
    restarts: restarts.map((r) => `${r.where.namespace}/${r.deployment}`),
  };
}

/**
 * Stores `values` as the next version and re-applies it at every place, after
 * a dry-run apply at each (RBAC, admission) succeeded; CONFLICT when another
 * change made a version meanwhile (the sealed values are bound to the number).
 */
async function storeAndReapply(
  deps: ApiDeps,
  actor: Actor,
  secret: VaultSecretDetail,
  places: PersonNamespace[],
  next: { values: SecretValues; reason: "rotated" | "restored"; note?: string },
) {
  const version = secret.current.version + 1;
  const type = VaultSecretType.parse(secret.type);
  for (const where of places)
    await applySecret(where, { name: secret.name, type, values: next.values, version }, { dryRun: true });
  const sealed = sealValues(deps, { guildId: secret.guildId, name: secret.name, version }, next.values);
  const stored = await addVaultVersion(
    deps.prisma,
    { secretId: secret.id, expected: secret.current.version, keep: vaultOf(deps).keep },
    {
      sealed,
      keys: sortedKeys(next.values),
      reason: next.reason,
      note: next.note ?? null,
      createdById: actor.userId,
    },
  );
  if (stored === null)
    throw new AppError("CONFLICT", {
      userMessage: `${secret.name} changed since you started (it is past v${secret.current.version}); start again.`,
    });
  for (const where of places) await applyAt(deps, actor, secret, where, { values: next.values, version });
  return version;
}

export async function rotateSecret(
  deps: ApiDeps,
  actor: Actor,
  input: RotateSpec & { confirmToken: string },
): Promise<SecretsRotateOutput> {
  const secret = await operableSecret(deps, actor, input.name);
  verifyConfirmation(deps.confirmationKey, input.confirmToken, subject(actor, secret, input));
  const { uploaded, generate } = rotationOf(secret, input);
  const values: SecretValues = { ...currentValues(deps, secret), ...uploaded };
  for (const g of generate) values[g.key] = generateSecretValue(g.shape, g.length);
  checkSecretType(VaultSecretType.parse(secret.type), values);
  const places = await placesOf(deps, actor, secret);
  const version = await storeAndReapply(deps, actor, secret, places, { values, reason: "rotated" });
  // Listed again now: the plan's list may be minutes old.
  const restarts = input.restartDeployments ? await restartsAt(places, secret.name) : [];
  const at = new Date();
  for (const r of restarts) await restartDeployment(r.where, r.deployment, at);
  const keys = [...new Set([...generate.map((g) => g.key), ...Object.keys(uploaded)])].sort();
  const clusterName = await clusterNames(deps, actor.guildId);
  return {
    message: `Rotated ${keys.length} key(s) of ${secret.name}: now v${version}${places.length ? `, re-applied in ${places.length} namespace(s)` : ""}${restarts.length ? `, ${restarts.length} Deployment(s) restarted` : ""}.`,
    version,
    keys,
    reapplied: placeWords(clusterName, places),
    restarted: restarts.map((r) => `${r.where.namespace}/${r.deployment}`),
  };
}

export async function restoreSecretVersion(
  deps: ApiDeps,
  actor: Actor,
  input: { name: string; version: number },
): Promise<SecretsRestoreVersionOutput> {
  const secret = await operableSecret(deps, actor, input.name);
  if (input.version === secret.current.version)
    throw badRequest(`v${input.version} is already the current version of ${secret.name}.`);
  const old = await findVaultVersion(deps.prisma, secret.id, input.version);
  if (!old)
    throw new AppError("NOT_FOUND", {
      userMessage: `${secret.name} has no version ${input.version} (the vault keeps the last ${vaultOf(deps).keep}).`,
    });
  const values = openValues(
    deps,
    { guildId: secret.guildId, name: secret.name, version: old.version },
    old.sealed,
  );
  const places = await placesOf(deps, actor, secret);
  const version = await storeAndReapply(deps, actor, secret, places, {
    values,
    reason: "restored",
    note: `restored from v${input.version}`,
  });
  const clusterName = await clusterNames(deps, actor.guildId);
  return {
    message: `Restored ${secret.name} v${input.version} as v${version}${places.length ? `, re-applied in ${places.length} namespace(s)` : ""}.`,
    version,
    restoredFrom: input.version,
    reapplied: placeWords(clusterName, places),
  };
}
