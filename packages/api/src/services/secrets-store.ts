/**
 * secrets.create, secrets.list and secrets.versions: the vault's own rows.
 * A secret is created only when its values parse and check for its type and
 * the person can use its home namespace; then it is one insert (version 1,
 * sealed), so a refusal writes nothing.
 */
import {
  AppError,
  type SecretsCreateInput,
  type SecretsCreateOutput,
  type SecretsListOutput,
  type SecretsVersionsOutput,
  type SecretVersionSummary,
} from "@clustercord/contracts";
import {
  insertVaultSecret,
  isDuplicateVaultName,
  listVaultSecrets,
  listVaultVersions,
} from "@clustercord/db";
import type { z } from "zod";
import type { ApiDeps } from "../context";
import { visibleCluster } from "./cluster-access";
import { notFound } from "./pod-logs";
import type { Actor } from "./read-access";
import {
  clusterNames,
  sealValues,
  sortedKeys,
  summarize,
  summaryOf,
  usableNamespace,
  userNames,
  valuesFrom,
  vaultOf,
  vaultSecret,
} from "./secrets-access";

const nameTaken = (name: string) =>
  new AppError("CONFLICT", {
    userMessage: `A secret named ${name} already exists in this server's vault; rotate it or pick another name.`,
  });

export async function createSecret(
  deps: ApiDeps,
  actor: Actor,
  input: z.output<typeof SecretsCreateInput>,
): Promise<SecretsCreateOutput> {
  vaultOf(deps);
  const values = valuesFrom(input.values, input.type);
  await usableNamespace(deps, actor, input);
  const keys = sortedKeys(values);
  const sealed = sealValues(deps, { guildId: actor.guildId, name: input.name, version: 1 }, values);
  const secret = await insertVaultSecret(
    deps.prisma,
    {
      guildId: actor.guildId,
      name: input.name,
      clusterId: input.clusterId,
      namespace: input.namespace,
      type: input.type,
    },
    { sealed, keys, reason: "created", createdById: actor.userId },
  ).catch((error: unknown) => {
    throw isDuplicateVaultName(error) ? nameTaken(input.name) : error;
  });
  return {
    message: `Secret ${input.name} stored in the vault (v1, ${keys.length} key${keys.length === 1 ? "" : "s"}); apply it to put it in ${input.namespace}.`,
    secret: await summarize(deps, actor, secret),
  };
}

/** The guild's secrets, optionally those whose home or a placement is in a cluster and/or namespace. */
export async function listSecrets(
  deps: ApiDeps,
  actor: Actor,
  input: { clusterId?: string | undefined; namespace?: string | undefined },
): Promise<SecretsListOutput> {
  vaultOf(deps);
  // A cluster the guild cannot use does not exist for it, even as a filter.
  if (input.clusterId)
    await visibleCluster(deps, actor.guildId, input.clusterId).catch(() => {
      throw notFound();
    });
  const places = (s: {
    clusterId: string;
    namespace: string;
    placements: { clusterId: string; namespace: string }[];
  }) => [{ clusterId: s.clusterId, namespace: s.namespace }, ...s.placements];
  const matches = (p: { clusterId: string; namespace: string }) =>
    (!input.clusterId || p.clusterId === input.clusterId) &&
    (!input.namespace || p.namespace === input.namespace);
  const secrets = (await listVaultSecrets(deps.prisma, actor.guildId)).filter((s) => places(s).some(matches));
  const names = { cluster: await clusterNames(deps, actor.guildId), user: userNames(deps) };
  return { secrets: await Promise.all(secrets.map((s) => summaryOf(s, names))) };
}

/** The kept versions, newest first: keys, why each was made, when and by whom. */
export async function secretVersions(
  deps: ApiDeps,
  actor: Actor,
  input: { name: string },
): Promise<SecretsVersionsOutput> {
  const secret = await vaultSecret(deps, actor, input.name);
  const user = userNames(deps);
  const versions = await listVaultVersions(deps.prisma, secret.id);
  return {
    name: secret.name,
    current: secret.currentVersion,
    versions: await Promise.all(
      versions.map(
        async (v): Promise<SecretVersionSummary> => ({
          version: v.version,
          keys: [...v.keys],
          reason: v.reason as SecretVersionSummary["reason"],
          createdAt: v.createdAt.toISOString(),
          createdBy: await user(v.createdById),
          ...(v.note ? { note: v.note } : {}),
        }),
      ),
    ),
  };
}
