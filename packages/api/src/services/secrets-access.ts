/**
 * The secrets vault's shared steps: the vault's keys (or "not set up"), the
 * associated data that binds a sealed version to its guild, name and number,
 * a secret of the person's guild or NOT_FOUND, the places it may go (a
 * namespace the person can use, opened with a client that acts AS them), and
 * the summary every answer shows. Nothing here returns or logs a value.
 */
import {
  AppError,
  type SecretPlacement,
  type SecretValuesSource,
  type VaultSecretSummary,
  VaultSecretType,
} from "@clustercord/contracts";
import { findVaultSecret, listGuildClusters, type VaultSecretDetail, vaultVersionAad } from "@clustercord/db";
import { checkSecretType, parseSecretValues, type SecretValues } from "@clustercord/kube";
import type { ApiDeps } from "../context";
import { type PersonNamespace, personNamespace } from "./jobs-access";
import { describeUser } from "./membership";
import type { Actor } from "./read-access";

export const DEFAULT_VERSIONS_KEPT = 10;

/** The envelope cipher and the history length, or a clear "not set up". */
export function vaultOf(deps: ApiDeps) {
  if (!deps.envelope)
    throw new AppError("BAD_REQUEST", {
      userMessage: "The secrets vault is not set up on this server (no encryption keys).",
    });
  return { envelope: deps.envelope, keep: deps.vaultVersionsKept ?? DEFAULT_VERSIONS_KEPT };
}

/** Binds a sealed version to its guild, secret and number: copied to another row, it fails to open. */
const versionAad = vaultVersionAad;

export function sealValues(
  deps: ApiDeps,
  where: { guildId: string; name: string; version: number },
  values: SecretValues,
): string {
  return vaultOf(deps).envelope.seal(
    JSON.stringify(values),
    versionAad(where.guildId, where.name, where.version),
  );
}

export function openValues(
  deps: ApiDeps,
  where: { guildId: string; name: string; version: number },
  sealed: string,
): SecretValues {
  const plain = vaultOf(deps).envelope.open(
    sealed,
    versionAad(where.guildId, where.name, where.version),
    `vault secret ${where.name} v${where.version}`,
  );
  return JSON.parse(plain.toString("utf8")) as SecretValues;
}

/** The values of an upload or the form, checked whole (keys, size) and for the secret's type. */
export function valuesFrom(source: SecretValuesSource, type: VaultSecretType): SecretValues {
  const values = parseSecretValues(source as Parameters<typeof parseSecretValues>[0]);
  checkSecretType(type, values);
  return values;
}

export const noSuchSecret = (name: string) =>
  new AppError("NOT_FOUND", { userMessage: `There is no secret named ${name} in this server's vault.` });

/** A secret of the actor's guild (another guild's is NOT_FOUND, as if it did not exist). */
export async function vaultSecret(deps: ApiDeps, actor: Actor, name: string): Promise<VaultSecretDetail> {
  vaultOf(deps);
  const secret = await findVaultSecret(deps.prisma, actor.guildId, name);
  if (!secret) throw noSuchSecret(name);
  return secret;
}

/**
 * A secret an operator may act on: its home namespace must be one they can
 * use, so nobody can carry a secret's values into a namespace of their own
 * that they could not have read them in.
 */
export async function operableSecret(deps: ApiDeps, actor: Actor, name: string): Promise<VaultSecretDetail> {
  const secret = await vaultSecret(deps, actor, name);
  await usableNamespace(deps, actor, secret);
  return secret;
}

/** The values of the secret's newest version (for apply, diff and rotate; never returned). */
export const currentValues = (deps: ApiDeps, secret: VaultSecretDetail) =>
  openValues(
    deps,
    { guildId: secret.guildId, name: secret.name, version: secret.current.version },
    secret.current.sealed,
  );

/**
 * A namespace the person can use on a cluster their guild may use, with a
 * client that acts AS them; otherwise NOT_FOUND without saying which part is
 * missing (another guild's cluster or namespace does not exist for them).
 */
export const usableNamespace = (
  deps: ApiDeps,
  actor: Actor,
  place: { clusterId: string; namespace: string },
): Promise<PersonNamespace> => personNamespace(deps, actor, place);

/** "The home, unless told otherwise": the cluster and the namespace each default to the secret's home. */
export const placeOf = (
  secret: VaultSecretDetail,
  input: { clusterId?: string | undefined; namespace?: string | undefined },
) => ({ clusterId: input.clusterId ?? secret.clusterId, namespace: input.namespace ?? secret.namespace });

/** Cluster names by id, for the clusters the guild may use (a removed one shows as such). */
export async function clusterNames(deps: ApiDeps, guildId: string) {
  const clusters = await listGuildClusters(deps.prisma, guildId);
  const names = new Map(clusters.map((c) => [c.id, c.name]));
  return (id: string) => names.get(id) ?? "(removed cluster)";
}

/** Display names for user ids, each asked once. */
export function userNames(deps: ApiDeps) {
  const asked = new Map<string, Promise<string>>();
  return (id: string) => {
    let name = asked.get(id);
    if (!name) {
      name = describeUser(deps, id)
        .then((u) => u.displayName)
        .catch(() => id);
      asked.set(id, name);
    }
    return name;
  };
}

type Names = { cluster: (id: string) => string; user: (id: string) => Promise<string> };

export async function placementsOf(secret: VaultSecretDetail, names: Names): Promise<SecretPlacement[]> {
  return Promise.all(
    secret.placements.map(async (p) => ({
      clusterId: p.clusterId,
      clusterName: names.cluster(p.clusterId),
      namespace: p.namespace,
      version: p.version,
      appliedAt: p.appliedAt.toISOString(),
      appliedBy: await names.user(p.appliedById),
    })),
  );
}

/** What every answer shows of a secret: names, keys, type, versions and places; never a value. */
export async function summaryOf(secret: VaultSecretDetail, names: Names): Promise<VaultSecretSummary> {
  return {
    name: secret.name,
    type: VaultSecretType.parse(secret.type),
    clusterId: secret.clusterId,
    namespace: secret.namespace,
    keys: [...secret.current.keys],
    version: secret.current.version,
    versionsKept: secret.versionsKept,
    updatedAt: secret.updatedAt.toISOString(),
    updatedBy: await names.user(secret.updatedById),
    placements: await placementsOf(secret, names),
  };
}

/** Summary of one secret, names resolved for the actor's guild. */
export async function summarize(deps: ApiDeps, actor: Actor, secret: VaultSecretDetail) {
  return summaryOf(secret, { cluster: await clusterNames(deps, actor.guildId), user: userNames(deps) });
}

export const sortedKeys = (values: SecretValues) => Object.keys(values).sort();
