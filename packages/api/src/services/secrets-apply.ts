/**
 * secrets.apply and secrets.diff. Apply puts the newest version into a
 * namespace the person can use (server-side apply AS them) and records the
 * placement; diff compares the newest version with an uploaded file or the
 * live Secret by keyed hash and answers key names only.
 */
import {
  AppError,
  type SecretsApplyOutput,
  type SecretsDiffInput,
  type SecretsDiffOutput,
  VaultSecretType,
} from "@clustercord/contracts";
import { upsertVaultPlacement, type VaultSecretDetail } from "@clustercord/db";
import { diffSecretKeys, parseSecretValues, type SecretValues } from "@clustercord/kube";
import type { z } from "zod";
import type { ApiDeps } from "../context";
import type { PersonNamespace } from "./jobs-access";
import type { Actor } from "./read-access";
import {
  clusterNames,
  currentValues,
  operableSecret,
  placeOf,
  sortedKeys,
  usableNamespace,
} from "./secrets-access";
import { applySecret, liveSecretValues } from "./secrets-kube";

export const VALUES_NOT_SHOWN = "Values not shown for security";

/** Applies `values` as version `version` at `where` (as the person) and records the placement. */
export async function applyAt(
  deps: ApiDeps,
  actor: Actor,
  secret: VaultSecretDetail,
  where: PersonNamespace,
  applied: { values: SecretValues; version: number },
) {
  const result = await applySecret(
    where,
    { name: secret.name, type: VaultSecretType.parse(secret.type), ...applied },
    { dryRun: false },
  );
  const appliedAt = new Date();
  await upsertVaultPlacement(deps.prisma, {
    secretId: secret.id,
    clusterId: where.cluster.id,
    namespace: where.namespace,
    version: applied.version,
    appliedAt,
    appliedById: actor.userId,
  });
  return { result, appliedAt };
}

export async function applyVaultSecret(
  deps: ApiDeps,
  actor: Actor,
  input: { name: string; clusterId?: string | undefined; namespace?: string | undefined },
): Promise<SecretsApplyOutput> {
  const secret = await operableSecret(deps, actor, input.name);
  const where = await usableNamespace(deps, actor, placeOf(secret, input));
  const values = currentValues(deps, secret);
  const version = secret.current.version;
  const { result, appliedAt } = await applyAt(deps, actor, secret, where, { values, version });
  const clusterName = (await clusterNames(deps, actor.guildId))(where.cluster.id);
  const said = { created: "created in", updated: "updated in", unchanged: "already up to date in" }[result];
  return {
    message: `Secret ${secret.name} ${said} namespace ${where.namespace} (v${version}).`,
    name: secret.name,
    namespace: where.namespace,
    clusterName,
    keys: sortedKeys(values),
    type: VaultSecretType.parse(secret.type),
    version,
    appliedAt: appliedAt.toISOString(),
    result,
  };
}

type DiffInput = z.output<typeof SecretsDiffInput>;

/** The other side of a diff, and how to name it. */
async function otherSide(
  deps: ApiDeps,
  actor: Actor,
  secret: VaultSecretDetail,
  against: DiffInput["against"],
): Promise<{ values: SecretValues; said: string }> {
  if (against.kind === "file") {
    const values = parseSecretValues(against);
    return { values, said: against.filename ? `the file ${against.filename}` : "the uploaded file" };
  }
  const where = await usableNamespace(deps, actor, placeOf(secret, against));
  const live = await liveSecretValues(where, secret.name);
  const clusterName = (await clusterNames(deps, actor.guildId))(where.cluster.id);
  if (!live)
    throw new AppError("NOT_FOUND", {
      userMessage: `There is no Secret ${secret.name} in ${where.namespace} on cluster ${clusterName} to compare with.`,
    });
  return { values: live, said: `the Secret in ${where.namespace} on cluster ${clusterName}` };
}

/** Added/removed: keys the other side has that the vault's newest version lacks, and the reverse. */
export async function diffVaultSecret(
  deps: ApiDeps,
  actor: Actor,
  input: DiffInput,
): Promise<SecretsDiffOutput> {
  const secret = await operableSecret(deps, actor, input.name);
  const other = await otherSide(deps, actor, secret, input.against);
  const diff = diffSecretKeys(currentValues(deps, secret), other.values);
  return { against: other.said, ...diff, note: VALUES_NOT_SHOWN };
}
