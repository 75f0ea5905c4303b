import type { PodsChangedEvent, PodsListOutput } from "@clustercord/contracts";

const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** Applies a `pods:changed` batch to a pods.list answer (pure; rows stay sorted by name). */
export function applyPodsChanged(list: PodsListOutput, event: PodsChangedEvent): PodsListOutput {
  const rows = new Map(list.pods.map((p) => [p.name, p]));
  for (const name of event.deleted) rows.delete(name);
  for (const pod of event.upserted) rows.set(pod.name, pod);
  const pods = [...rows.values()].sort(byName);
  return {
    ...list,
    pods,
    total: Math.max(pods.length, list.total + pods.length - list.pods.length),
    state: event.state,
    // The API's words belong to the state they were given for.
    problem: event.state === list.state ? list.problem : undefined,
    resourceVersion: event.resourceVersion,
  };
}
