import {
  AppError,
  POD_LOGS_MAX_BYTES,
  type PodsGetOutput,
  type PodsLogsOutput,
} from "@clustercord/contracts";
import { impersonatedKubeConfig, impersonationFor, readLogTail, readPodContainers } from "@clustercord/kube";
import type { ApiDeps } from "../context";
import { openCluster } from "./cluster-access";
import { describePod } from "./pod-summary";
import { type Actor, authorizePodsRead } from "./pods";
import { settled, visibleNamespaces } from "./read-access";

export const noSuchPod = (namespace: string, pod: string) =>
  new AppError("NOT_FOUND", { userMessage: `No pod ${pod} in namespace ${namespace}.` });

/** The same answer for a cluster or namespace that does not exist and one that belongs to someone else. */
export const notFound = () =>
  new AppError("NOT_FOUND", { userMessage: "No such cluster or namespace for you in this server." });

/**
 * One pod of a namespace the person may list pods in, from the cluster's
 * shared cache (authorized as pods.list), with its containers.
 */
export async function getPod(
  deps: ApiDeps,
  actor: Actor,
  input: { clusterId: string; namespace: string; pod: string },
): Promise<PodsGetOutput> {
  const cache = await settled(await authorizePodsRead(deps, actor, input.clusterId, input.namespace));
  const pod = cache.get(`${input.namespace}/${input.pod}`);
  if (!pod) throw noSuchPod(input.namespace, input.pod);
  return { pod: describePod(pod), state: cache.state.status };
}

const noSuchContainer = (pod: string, container: string, containers: string[]) =>
  new AppError("NOT_FOUND", {
    userMessage: `Pod ${pod} has no container ${container}.${containers.length ? ` Its containers: ${listed(containers)}.` : ""}`,
  });

const listed = (names: string[]) => names.slice(0, 20).join(", ") + (names.length > 20 ? ", …" : "");

/**
 * The end of a container's log, read AS the person (impersonated), after the
 * log stream's checks: the cluster must be the guild's (or granted to it),
 * the namespace one the cluster lets the person see; then the cluster's RBAC
 * decides on pods/log. At most POD_LOGS_MAX_BYTES: the newest lines are kept.
 */
export async function readPodLogs(
  deps: ApiDeps,
  actor: Actor,
  input: {
    clusterId: string;
    namespace: string;
    pod: string;
    container?: string | undefined;
    lines: number;
    previous: boolean;
  },
  limits: { maxBytes?: number } = {},
): Promise<PodsLogsOutput> {
  const { record, selected } = await openCluster(deps, actor.guildId, input.clusterId).catch(
    (error: unknown) => {
      throw error instanceof AppError && error.code === "NOT_FOUND" ? notFound() : error;
    },
  );
  const kc = impersonatedKubeConfig(selected, impersonationFor(actor), deps.clusterGuard);
  const namespaces = await visibleNamespaces(deps, actor, { id: record.id, shared: record.shared, selected });
  if (!namespaces.includes(input.namespace)) throw notFound();

  // The pod as the person sees it: a missing pod and an unknown container are said plainly,
  // and the default container is the first one, as on the web page.
  const known = await readPodContainers(kc, input.namespace, input.pod).catch((error: unknown) => {
    throw error instanceof AppError && error.code === "NOT_FOUND"
      ? noSuchPod(input.namespace, input.pod)
      : error;
  });
  const everyContainer = [...known.containers, ...known.initContainers];
  const container = input.container ?? known.containers[0];
  if (input.container && !everyContainer.includes(input.container)) {
    throw noSuchContainer(input.pod, input.container, everyContainer);
  }

  let tail: Awaited<ReturnType<typeof readLogTail>>;
  try {
    tail = await readLogTail(
      kc,
      {
        namespace: input.namespace,
        pod: input.pod,
        container,
        tailLines: input.lines,
        previous: input.previous,
      },
      { maxBytes: limits.maxBytes ?? POD_LOGS_MAX_BYTES },
    );
  } catch (error) {
    throw explain(error, { ...input, container, everyContainer });
  }
  const text = tail.lines.length ? `${tail.lines.join("\n")}\n` : "";
  return {
    namespace: input.namespace,
    pod: input.pod,
    container: container ?? null,
    text,
    lines: tail.lines.length,
    bytes: tail.bytes,
    truncated: tail.truncated,
  };
}

/** The cluster's refusal of a log read, said plainly (the pod and container are the person's own). */
function explain(
  error: unknown,
  what: { namespace: string; pod: string; container: string | undefined; everyContainer: string[] },
): unknown {
  if (!(error instanceof AppError)) return error;
  const said = error.message;
  if (error.code === "NOT_FOUND" && /pods? "?[^"]*"? not found/i.test(said)) {
    return noSuchPod(what.namespace, what.pod);
  }
  if (error.code === "BAD_REQUEST") {
    if (/container .* is not valid for pod/i.test(said)) {
      return noSuchContainer(what.pod, what.container ?? "", what.everyContainer);
    }
    if (/previous terminated container/i.test(said)) {
      return new AppError("NOT_FOUND", {
        message: said,
        userMessage: `Container ${what.container ?? ""} of ${what.pod} has no previous (terminated) instance.`,
      });
    }
  }
  return error;
}
