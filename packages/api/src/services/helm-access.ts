/**
 * What every Helm service needs first: Helm set up on this server, the
 * cluster opened for the person's guild, a client that acts AS the person,
 * and the release's stored revisions read as them.
 */
import { AppError } from "@clustercord/contracts";
import {
  decodeRelease,
  type HelmReleaseRecord,
  impersonationFor,
  RESOURCE_TYPES,
  readReleaseSecrets,
} from "@clustercord/kube";
import type { ApiDeps, HelmDeps } from "../context";
import { type Actor, mayList, type OpenedCluster, visibleNamespaces } from "./read-access";

export function helmOf(deps: ApiDeps): HelmDeps {
  if (!deps.helm) {
    throw new AppError("BAD_REQUEST", { userMessage: "Helm is not set up on this ClusterCord server." });
  }
  return deps.helm;
}

import { personKubeConfig } from "./actor-cluster";

export { openActorCluster as openHelmCluster, personKubeConfig } from "./actor-cluster";

/** helm's --kube-as-user/--kube-as-group for the person: the same identity every other call uses. */
export function helmIdentity(actor: Actor) {
  const { user, group } = impersonationFor(actor);
  return { user, groups: [group] };
}

const cannotRead = (where: string) =>
  new AppError("FORBIDDEN", {
    userMessage: `You may not read Helm releases ${where} (Helm keeps them in Secrets).`,
  });

/**
 * Namespaces whose releases the person may see: Helm keeps releases in
 * Secrets, so it is where they may list secrets (asked as them, as for
 * every cached read).
 */
export async function readableReleaseNamespaces(
  deps: ApiDeps,
  actor: Actor,
  cluster: OpenedCluster,
  namespace: string | undefined,
): Promise<"all" | Set<string>> {
  const secrets = RESOURCE_TYPES.secrets;
  if (namespace !== undefined) {
    if (await mayList(deps, actor, cluster, secrets, namespace)) return new Set([namespace]);
    throw cannotRead("in that namespace");
  }
  if (await mayList(deps, actor, cluster, secrets, undefined)) return "all";
  const mine = await visibleNamespaces(deps, actor, cluster);
  const allowed = await Promise.all(mine.map((ns) => mayList(deps, actor, cluster, secrets, ns)));
  const scope = new Set(mine.filter((_, i) => allowed[i]));
  if (!scope.size) throw cannotRead("in any of your namespaces");
  return scope;
}

const noSuchRelease = (namespace: string, release: string) =>
  new AppError("NOT_FOUND", { userMessage: `There is no release ${release} in ${namespace}.` });

/** Every stored revision of a release, decoded, oldest first; read as the person (Kubernetes decides). */
export async function releaseRevisions(
  deps: ApiDeps,
  actor: Actor,
  cluster: OpenedCluster,
  namespace: string,
  release: string,
): Promise<HelmReleaseRecord[]> {
  const secrets = await readReleaseSecrets(personKubeConfig(deps, actor, cluster), namespace, release).catch(
    (error: unknown) => {
      if (error instanceof AppError && error.code === "FORBIDDEN") throw cannotRead("in that namespace");
      throw error;
    },
  );
  const records = secrets
    .map((s) => (typeof s.data?.release === "string" ? decodeRelease(s.data.release) : null))
    .filter((r): r is HelmReleaseRecord => r !== null)
    .sort((a, b) => a.revision - b.revision);
  if (!records.length) throw noSuchRelease(namespace, release);
  return records;
}

/** The release's latest revision (what helm calls current). */
export async function currentRelease(
  deps: ApiDeps,
  actor: Actor,
  cluster: OpenedCluster,
  namespace: string,
  release: string,
): Promise<{ current: HelmReleaseRecord; revisions: HelmReleaseRecord[] }> {
  const revisions = await releaseRevisions(deps, actor, cluster, namespace, release);
  return { current: revisions[revisions.length - 1] as HelmReleaseRecord, revisions };
}
