/** The annotation kubectl reads for the container `logs` and `exec` use when none is named. */
export const DEFAULT_CONTAINER_ANNOTATION = "kubectl.kubernetes.io/default-container";

interface PodShape {
  metadata?: { annotations?: Record<string, string> };
  spec?: { containers?: readonly unknown[]; initContainers?: readonly unknown[] };
}

const namesOf = (containers: readonly unknown[] | undefined) =>
  (containers ?? [])
    .map((c) => (c as { name?: unknown } | null)?.name)
    .filter((name): name is string => typeof name === "string" && name.length > 0);

/**
 * A pod's container names, the default first (the default-container
 * annotation when it names one of them, as kubectl does; else the first in
 * spec order), then init containers in spec order. Pure.
 */
export function podContainerNames(pod: PodShape): { containers: string[]; initContainers: string[] } {
  const containers = namesOf(pod.spec?.containers);
  const preferred = pod.metadata?.annotations?.[DEFAULT_CONTAINER_ANNOTATION];
  const ordered =
    preferred && containers.includes(preferred)
      ? [preferred, ...containers.filter((c) => c !== preferred)]
      : containers;
  return { containers: ordered, initContainers: namesOf(pod.spec?.initContainers) };
}
