import type { V1Container, V1Deployment, V1PodSpec } from "@kubernetes/client-node";

/**
 * The Deployments (names, sorted) whose pods read the Secret: env
 * `valueFrom.secretKeyRef`, `envFrom.secretRef`, `volumes[].secret`,
 * projected volume sources and `imagePullSecrets`, in containers and init
 * containers. Secret references are namespace-local, so pass the Deployments
 * of the Secret's namespace.
 */
export function deploymentsUsingSecret(deployments: readonly V1Deployment[], secretName: string): string[] {
  const names = new Set<string>();
  for (const d of deployments) {
    const spec = d.spec?.template?.spec;
    if (d.metadata?.name && spec && podSpecUsesSecret(spec, secretName)) names.add(d.metadata.name);
  }
  return [...names].sort();
}

/** Whether a pod spec refers to the Secret in any of the ways listed above. */
export function podSpecUsesSecret(spec: V1PodSpec, secretName: string): boolean {
  const containers: V1Container[] = [...(spec.containers ?? []), ...(spec.initContainers ?? [])];
  const inContainers = containers.some(
    (c) =>
      (c.env ?? []).some((e) => e.valueFrom?.secretKeyRef?.name === secretName) ||
      (c.envFrom ?? []).some((e) => e.secretRef?.name === secretName),
  );
  const inVolumes = (spec.volumes ?? []).some(
    (v) =>
      v.secret?.secretName === secretName ||
      (v.projected?.sources ?? []).some((s) => s.secret?.name === secretName),
  );
  const pullSecret = (spec.imagePullSecrets ?? []).some((r) => r.name === secretName);
  return inContainers || inVolumes || pullSecret;
}
