/**
 * The vault's cluster calls, each made AS the person (the client comes from
 * usableNamespace): server-side apply of the Secret, the live Secret's
 * values (for a diff, never returned), the Deployments that use it, their
 * restart, and deleting the applied Secret. A refusal is said with its kind
 * and reason only: the cluster's own message about a Secret could quote it.
 */
import { AppError, type VaultSecretType } from "@clustercord/contracts";
import {
  fromKubeError,
  type KindInfo,
  kubeRequest,
  MANAGED_BY_LABEL,
  patchRollout,
  RESTARTED_AT_ANNOTATION,
  type SecretValues,
  secretManifest,
  serverSideApply,
} from "@clustercord/kube";
import type { V1Deployment, V1Secret } from "@kubernetes/client-node";
import type { PersonNamespace } from "./jobs-access";

const SECRET: KindInfo = { group: "", version: "v1", kind: "Secret", resource: "secrets", namespaced: true };
const secretPath = (namespace: string, name: string) =>
  `/api/v1/namespaces/${encodeURIComponent(namespace)}/secrets/${encodeURIComponent(name)}`;
const METADATA_ONLY = "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json";

const ask = async (run: () => ReturnType<typeof kubeRequest>) => {
  try {
    return await run();
  } catch (error) {
    throw fromKubeError(error);
  }
};

/** A refused call on a Secret, said without the cluster's message (which may quote the object). */
function refused(status: number, reason: string, what: string, where: PersonNamespace): AppError {
  if (status === 403)
    return new AppError("FORBIDDEN", {
      userMessage: `The cluster does not let you ${what} in ${where.namespace}.`,
    });
  if (status === 404)
    return new AppError("NOT_FOUND", { userMessage: `Namespace ${where.namespace} does not exist.` });
  return new AppError(status >= 500 ? "UPSTREAM" : "BAD_REQUEST", {
    message: `${what} in ${where.namespace}: HTTP ${status} ${reason}`,
    userMessage: `The cluster refused to ${what} in ${where.namespace} (${reason || `HTTP ${status}`}).`,
  });
}

interface LiveMetadata {
  resourceVersion: string;
  managed: boolean;
}

/** The live Secret's metadata only (its data is not requested), or null when there is none. */
async function secretMetadata(where: PersonNamespace, name: string): Promise<LiveMetadata | null> {
  const answer = await ask(() =>
    kubeRequest(where.kc, { method: "GET", path: secretPath(where.namespace, name), accept: METADATA_ONLY }),
  );
  if (answer.status === 404) return null;
  if (answer.status !== 200) throw refused(answer.status, "", "read Secrets", where);
  const meta = (JSON.parse(answer.text) as { metadata?: V1Secret["metadata"] }).metadata;
  return {
    resourceVersion: meta?.resourceVersion ?? "",
    managed: meta?.labels?.[MANAGED_BY_LABEL] === "clustercord",
  };
}

export interface SecretToApply {
  name: string;
  type: VaultSecretType;
  values: SecretValues;
  version: number;
}

/**
 * Server-side applies the Secret as the person. A same-named Secret that
 * ClusterCord does not manage is refused (never taken over); ours is applied
 * with force, since the vault is the source of its keys. `dryRun` runs every
 * check of the real apply and changes nothing.
 */
export async function applySecret(
  where: PersonNamespace,
  secret: SecretToApply,
  options: { dryRun: boolean },
): Promise<"created" | "updated" | "unchanged"> {
  const before = await secretMetadata(where, secret.name);
  if (before && !before.managed)
    throw new AppError("CONFLICT", {
      userMessage: `A Secret named ${secret.name} already exists in ${where.namespace} and is not managed by ClusterCord; delete or rename it first.`,
    });
  const manifest = secretManifest({ ...secret, namespace: where.namespace });
  const answer = await serverSideApply(
    where.kc,
    { info: SECRET, namespace: where.namespace, name: secret.name },
    manifest as unknown as Record<string, unknown>,
    { dryRun: options.dryRun, force: true },
  ).catch((error: unknown) => {
    throw fromKubeError(error);
  });
  if (!answer.ok) throw refused(answer.refusal.code, answer.refusal.reason, "apply Secrets", where);
  if (!before) return "created";
  const after = (answer.object.metadata as { resourceVersion?: string } | undefined)?.resourceVersion;
  return after === before.resourceVersion ? "unchanged" : "updated";
}

/** The live Secret's values as the person reads them (for a keyed-hash diff), or null when it is not there. */
export async function liveSecretValues(where: PersonNamespace, name: string): Promise<SecretValues | null> {
  const answer = await ask(() =>
    kubeRequest(where.kc, { method: "GET", path: secretPath(where.namespace, name) }),
  );
  if (answer.status === 404) return null;
  if (answer.status !== 200) throw refused(answer.status, "", "read Secrets", where);
  const data = (JSON.parse(answer.text) as V1Secret).data ?? {};
  return Object.fromEntries(
    Object.entries(data).map(([key, value]) => [key, Buffer.from(value, "base64").toString("utf8")]),
  );
}

/** The namespace's Deployments as the person lists them. */
export async function deploymentsIn(where: PersonNamespace): Promise<V1Deployment[]> {
  const answer = await ask(() =>
    kubeRequest(where.kc, {
      method: "GET",
      path: `/apis/apps/v1/namespaces/${encodeURIComponent(where.namespace)}/deployments`,
    }),
  );
  if (answer.status !== 200) throw refused(answer.status, "", "list Deployments", where);
  return (JSON.parse(answer.text) as { items?: V1Deployment[] }).items ?? [];
}

/** `kubectl rollout restart`: a new restartedAt on the pod template, as the person. */
export async function restartDeployment(where: PersonNamespace, name: string, at: Date): Promise<void> {
  await patchRollout(where.kc, "Deployment", where.namespace, name, {
    type: "merge",
    body: {
      spec: { template: { metadata: { annotations: { [RESTARTED_AT_ANNOTATION]: at.toISOString() } } } },
    },
  });
}

/** Deletes the applied Secret as the person if it is still ClusterCord's; "gone" when it was not there. */
export async function deleteAppliedSecret(
  where: PersonNamespace,
  name: string,
): Promise<"deleted" | "gone" | "not ours"> {
  const live = await secretMetadata(where, name);
  if (!live) return "gone";
  if (!live.managed) return "not ours";
  const answer = await ask(() =>
    kubeRequest(where.kc, {
      method: "DELETE",
      path: secretPath(where.namespace, name),
      body: JSON.stringify({ preconditions: { resourceVersion: live.resourceVersion } }),
    }),
  );
  if (answer.status === 404) return "gone";
  if (answer.status < 200 || answer.status >= 300) throw refused(answer.status, "", "delete Secrets", where);
  return "deleted";
}
