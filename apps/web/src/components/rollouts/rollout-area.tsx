"use client";
import { ArgoRolloutPanel } from "./argo-rollout-panel";
import { ARGO_ROLLOUT_KIND_KEY, rolloutKindOf } from "./format";
import { RolloutPanel } from "./rollout-panel";

/**
 * What an object page shows about rollouts, by its kind key: the live panel
 * for Deployments, StatefulSets and DaemonSets, the Argo panel for an Argo
 * Rollout, nothing for other kinds (or without a namespace).
 */
export function RolloutArea({
  clusterId,
  kindKey,
  namespace,
  name,
}: {
  clusterId: string;
  kindKey: string;
  namespace: string | undefined;
  name: string;
}) {
  if (!namespace) return null;
  if (kindKey === ARGO_ROLLOUT_KIND_KEY)
    return <ArgoRolloutPanel clusterId={clusterId} namespace={namespace} name={name} />;
  const kind = rolloutKindOf(kindKey);
  return kind ? <RolloutPanel target={{ clusterId, namespace, kind, name }} /> : null;
}
