import { type ActionPlan, AppError, type PodsDeleteOutput } from "@clustercord/contracts";
import {
  canI,
  deletePod,
  impersonatedKubeConfig,
  impersonationFor,
  type PodIdentity,
  readPodIdentity,
} from "@clustercord/kube";
import type { ApiDeps } from "../context";
import { openCluster } from "./cluster-access";
import { issueConfirmation, verifyConfirmation } from "./confirmations";
import { noSuchPod, notFound } from "./pod-logs";
import { type Actor, visibleNamespaces } from "./read-access";

interface PodRef {
  clusterId: string;
  namespace: string;
  pod: string;
}

/**
 * The pod as the person sees it, with a KubeConfig that acts AS them: the
 * cluster must be the guild's (or granted to it) and the namespace one the
 * person works in; then the cluster's RBAC decides.
 */
async function podAsPerson(deps: ApiDeps, actor: Actor, ref: PodRef) {
  const { record, selected } = await openCluster(deps, actor.guildId, ref.clusterId).catch(
    (error: unknown) => {
      throw error instanceof AppError && error.code === "NOT_FOUND" ? notFound() : error;
    },
  );
  const namespaces = await visibleNamespaces(deps, actor, { id: record.id, shared: record.shared, selected });
  if (!namespaces.includes(ref.namespace)) throw notFound();
  const kc = impersonatedKubeConfig(selected, impersonationFor(actor), deps.clusterGuard);
  const pod = await readPodIdentity(kc, ref.namespace, ref.pod).catch((error: unknown) => {
    throw error instanceof AppError && error.code === "NOT_FOUND" ? noSuchPod(ref.namespace, ref.pod) : error;
  });
  return { kc, pod };
}

/** Bound to the pod's uid: a same-named pod created since the plan is a different pod. */
const deleteSubject = (actor: Actor, ref: PodRef, uid: string) => ({
  action: "pods.delete",
  target: `${ref.clusterId}/${ref.namespace}/${ref.pod}/${uid}`,
  userId: actor.userId,
  guildId: actor.guildId,
});

const replacement = (pod: PodIdentity) =>
  pod.controller ? `${pod.controller.kind} ${pod.controller.name}` : null;

/** What deleting the pod does, said before it is done. */
function consequence(name: string, pod: PodIdentity): string {
  if (!pod.controller) return `${name} is deleted; it has no controller, so it is not recreated.`;
  if (pod.controller.kind === "StatefulSet") {
    return `${name} is deleted; its StatefulSet ${pod.controller.name} recreates it under the same name.`;
  }
  return `${name} is deleted; its ${replacement(pod)} starts a replacement.`;
}

/** Step one of deleting a pod: what happens, and a token to confirm it. Changes nothing. */
export async function planDeletePod(deps: ApiDeps, actor: Actor, ref: PodRef): Promise<ActionPlan> {
  const { kc, pod } = await podAsPerson(deps, actor, ref);
  if (!(await canI(kc, { verb: "delete", resource: "pods", namespace: ref.namespace }))) {
    throw new AppError("FORBIDDEN", {
      userMessage: `The cluster does not let you delete pods in ${ref.namespace}.`,
    });
  }
  const { token, expiresAt } = issueConfirmation(deps.confirmationKey, deleteSubject(actor, ref, pod.uid));
  return {
    summary: `Delete pod ${ref.pod} in ${ref.namespace}?`,
    changes: [
      consequence(ref.pod, pod),
      "Its containers are stopped within the pod's termination grace period; their logs go with it.",
    ],
    confirmToken: token,
    expiresAt: expiresAt.toISOString(),
  };
}

/** Step two: deletes the pod AS the person, given the token its plan returned to them for this very pod. */
export async function deletePodConfirmed(
  deps: ApiDeps,
  actor: Actor,
  input: PodRef & { confirmToken: string },
): Promise<PodsDeleteOutput> {
  const { kc, pod } = await podAsPerson(deps, actor, input);
  verifyConfirmation(deps.confirmationKey, input.confirmToken, deleteSubject(actor, input, pod.uid));
  await deletePod(kc, input.namespace, input.pod, pod.uid).catch((error: unknown) => {
    throw error instanceof AppError && error.code === "NOT_FOUND"
      ? noSuchPod(input.namespace, input.pod)
      : error;
  });
  return { deleted: input.pod, replacedBy: replacement(pod) };
}
