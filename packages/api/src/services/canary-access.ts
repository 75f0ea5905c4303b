/** What every canary step shares: the Deployment as a rollout target, the refusals, and "already gone is fine". */
import { AppError, type RolloutsCanaryRef } from "@clustercord/contracts";
import { canI } from "@clustercord/kube";
import type { KubeConfig } from "@kubernetes/client-node";

/** While a gateway-api canary runs, the stable Service selects only the stable's pods by this label. */
export const POD_TEMPLATE_HASH = "pod-template-hash";

export const target = (ref: RolloutsCanaryRef) => ({
  clusterId: ref.clusterId,
  namespace: ref.namespace,
  kind: "Deployment" as const,
  name: ref.deployment,
});

/** Something already gone needs no restoring. */
export const unlessGone = (error: unknown): null => {
  if (error instanceof AppError && error.code === "NOT_FOUND") return null;
  throw error;
};

export const badRequest = (userMessage: string) => new AppError("BAD_REQUEST", { userMessage });
const forbidden = (userMessage: string) => new AppError("FORBIDDEN", { userMessage });

export async function mayOrRefuse(
  kc: KubeConfig,
  attributes: { verb: string; resource: string; group?: string; namespace: string },
  what: string,
) {
  if (!(await canI(kc, attributes))) {
    throw forbidden(`The cluster does not let you ${what} in ${attributes.namespace}.`);
  }
}
