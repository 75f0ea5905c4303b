/**
 * The job runner's shared steps: a namespace of the person's opened with a
 * client that acts AS them, the checks every create runs before anything is
 * created, and the refusals said plainly.
 */
import { AppError, commandTooLong } from "@clustercord/contracts";
import { imageRefProblem, objectPresence, parseVolume, readCronJob, readJob } from "@clustercord/kube";
import type { KubeConfig } from "@kubernetes/client-node";
import type { ApiDeps } from "../context";
import { openActorCluster, personKubeConfig } from "./actor-cluster";
import { notFound } from "./pod-logs";
import { type Actor, type OpenedCluster, visibleNamespaces } from "./read-access";

export interface PersonNamespace {
  cluster: OpenedCluster;
  /** Acts AS the person (impersonated): the cluster's RBAC has the last word on every call. */
  kc: KubeConfig;
  namespace: string;
}

/** The cluster (the guild's, or granted to it) and one of the person's namespaces on it, else NOT_FOUND. */
export async function personNamespace(
  deps: ApiDeps,
  actor: Actor,
  ref: { clusterId: string; namespace: string },
): Promise<PersonNamespace> {
  const cluster = await openActorCluster(deps, actor, ref.clusterId);
  if (!(await visibleNamespaces(deps, actor, cluster)).includes(ref.namespace)) throw notFound();
  return { cluster, kc: personKubeConfig(deps, actor, cluster), namespace: ref.namespace };
}

const badRequest = (userMessage: string) => new AppError("BAD_REQUEST", { userMessage });

/** The checks that need no cluster: the image parses, the command line fits in 4 KiB. */
export function checkRunForm(input: { image: string; command: readonly string[]; args: readonly string[] }) {
  const image = imageRefProblem(input.image);
  if (image) throw badRequest(image);
  const long = commandTooLong([...input.command, ...input.args]);
  if (long) throw badRequest(long);
}

/**
 * The Secret and the PVC the form names exist in the namespace, asked as the
 * person (only the Secret's metadata is requested: its data is never read).
 */
export async function checkReferences(
  where: PersonNamespace,
  input: { envFromSecret?: string | undefined; volume?: string | undefined },
): Promise<void> {
  const { kc, namespace } = where;
  if (input.envFromSecret) {
    const name = input.envFromSecret;
    const secret = await objectPresence(kc, { apiPath: "/api/v1", resource: "secrets", namespace, name });
    if (secret === "missing") throw badRequest(`Secret "${name}" does not exist in ${namespace}.`);
    if (secret === "forbidden")
      throw new AppError("FORBIDDEN", { userMessage: `You may not read Secret ${name} in ${namespace}.` });
  }
  if (input.volume) {
    const { claim } = parseVolume(input.volume);
    const pvc = await objectPresence(kc, {
      apiPath: "/api/v1",
      resource: "persistentvolumeclaims",
      namespace,
      name: claim,
    });
    if (pvc === "missing")
      throw badRequest(`PersistentVolumeClaim "${claim}" does not exist in ${namespace}.`);
    if (pvc === "forbidden")
      throw new AppError("FORBIDDEN", {
        userMessage: `You may not read PersistentVolumeClaim ${claim} in ${namespace}.`,
      });
  }
}

/** The cluster's "already exists" said with the kind and name. */
export function explainCreate(error: unknown, kind: string, name: string, namespace: string): unknown {
  if (error instanceof AppError && error.code === "CONFLICT")
    return new AppError("CONFLICT", {
      message: error.message,
      userMessage: `A ${kind} named ${name} already exists in ${namespace}; pick another name.`,
    });
  return error;
}

export const noSuchJob = (namespace: string, name: string) =>
  new AppError("NOT_FOUND", { userMessage: `No Job ${name} in namespace ${namespace}.` });
export const noSuchCronJob = (namespace: string, name: string) =>
  new AppError("NOT_FOUND", { userMessage: `No CronJob ${name} in namespace ${namespace}.` });

const missingAs = (error: unknown, replacement: AppError) => {
  throw error instanceof AppError && error.code === "NOT_FOUND" ? replacement : error;
};

/** The Job as the person reads it (their RBAC decides). */
export const jobAsPerson = (where: PersonNamespace, name: string) =>
  readJob(where.kc, where.namespace, name).catch((error: unknown) =>
    missingAs(error, noSuchJob(where.namespace, name)),
  );

/** The CronJob as the person reads it (their RBAC decides). */
export const cronJobAsPerson = (where: PersonNamespace, name: string) =>
  readCronJob(where.kc, where.namespace, name).catch((error: unknown) =>
    missingAs(error, noSuchCronJob(where.namespace, name)),
  );
