import {
  AppError,
  commandTooLong,
  EXEC_MAX_OUTPUT_BYTES,
  EXEC_TIMEOUT_SECONDS,
  joinCommandLine,
  type PodsExecOutput,
} from "@clustercord/contracts";
import { canI, execOnce, impersonatedKubeConfig, impersonationFor, readExecTarget } from "@clustercord/kube";
import type { ApiDeps } from "../context";
import { openCluster } from "./cluster-access";
import { noSuchPod, notFound } from "./pod-logs";
import { type Actor, visibleNamespaces } from "./read-access";

export interface PodExecRequest {
  clusterId: string;
  namespace: string;
  pod: string;
  container?: string | undefined;
  command: string[];
  timeoutSeconds?: number | undefined;
}

/** The audit row's room (the database keeps 300 characters of a target). */
const AUDIT_TARGET_MAX = 300;

/**
 * What pods.exec is audited as: the pod (and container when named) and the
 * command line, quoted so it reads back as the same argv; a long command is cut
 * with "…" so the target fits its column.
 */
export function execAuditTarget(input: Partial<PodExecRequest>): string {
  const where = `cluster/${input.clusterId ?? "?"}/namespace/${input.namespace ?? "?"}/pod/${input.pod ?? "?"}${
    input.container ? `/container/${input.container}` : ""
  }/exec: `;
  const line = joinCommandLine(input.command ?? []);
  const room = AUDIT_TARGET_MAX - where.length;
  if (line.length <= room) return where + line;
  // (Names so long that they leave no room are cut by the database with the rest.)
  return `${where}${line.slice(0, Math.max(room - 1, 0))}…`;
}

const listed = (names: string[]) => names.slice(0, 20).join(", ") + (names.length > 20 ? ", …" : "");

/**
 * Runs a command once in a pod's container AS the person: the cluster must be
 * the guild's (or granted to it) and the namespace one the person works in;
 * then the cluster's RBAC for pods/exec decides. The default container is the
 * pod's default (first) one. At most EXEC_TIMEOUT_SECONDS and
 * EXEC_MAX_OUTPUT_BYTES of output; a command over 4 KiB is refused before
 * anything is asked of the cluster.
 */
export async function execInPod(deps: ApiDeps, actor: Actor, input: PodExecRequest): Promise<PodsExecOutput> {
  const tooLong = commandTooLong(input.command);
  if (tooLong) throw new AppError("BAD_REQUEST", { userMessage: tooLong });

  const { record, selected } = await openCluster(deps, actor.guildId, input.clusterId).catch(
    (error: unknown) => {
      throw error instanceof AppError && error.code === "NOT_FOUND" ? notFound() : error;
    },
  );
  const namespaces = await visibleNamespaces(deps, actor, { id: record.id, shared: record.shared, selected });
  if (!namespaces.includes(input.namespace)) throw notFound();
  const kc = impersonatedKubeConfig(selected, impersonationFor(actor), deps.clusterGuard);

  const target = await readExecTarget(kc, input.namespace, input.pod).catch((error: unknown) => {
    throw error instanceof AppError && error.code === "NOT_FOUND"
      ? noSuchPod(input.namespace, input.pod)
      : error;
  });
  const every = [...target.containers, ...target.initContainers];
  const container = input.container ?? target.containers[0];
  if (!container) {
    throw new AppError("BAD_REQUEST", {
      userMessage: `Pod ${input.pod} has no containers to run a command in.`,
    });
  }
  if (!every.includes(container)) {
    throw new AppError("NOT_FOUND", {
      userMessage: `Pod ${input.pod} has no container "${container}"; its containers: ${listed(every)}.`,
    });
  }
  if (target.notRunning.includes(container)) {
    throw new AppError("CONFLICT", {
      userMessage: `Container ${container} of pod ${input.pod} is not running, so no command can run in it.`,
    });
  }
  if (
    !(await canI(kc, { verb: "create", resource: "pods", subresource: "exec", namespace: input.namespace }))
  ) {
    throw new AppError("FORBIDDEN", {
      userMessage: `The cluster does not let you run commands in pods in ${input.namespace}.`,
    });
  }

  const result = await execOnce(kc, {
    namespace: input.namespace,
    pod: input.pod,
    container,
    command: input.command,
    timeoutMs: (input.timeoutSeconds ?? EXEC_TIMEOUT_SECONDS) * 1000,
    maxOutputBytes: EXEC_MAX_OUTPUT_BYTES,
  }).catch((error: unknown) => {
    // openExec speaks of a terminal; here it was one command.
    if (error instanceof AppError && error.code === "UPSTREAM") {
      throw new AppError("UPSTREAM", {
        message: error.message,
        userMessage: "The cluster did not run the command; try again shortly.",
        cause: error,
      });
    }
    throw error;
  });
  return {
    container: result.container,
    exitCode: result.exitCode,
    timedOut: result.timedOut,
    output: result.output,
    truncated: result.truncated,
    durationMs: result.durationMs,
  };
}
