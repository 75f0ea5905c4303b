import type { ResourceKindInfo } from "@clustercord/contracts";

export const CATEGORIES = [
  ["workloads", "Workloads"],
  ["network", "Network"],
  ["config", "Config"],
  ["storage", "Storage"],
  ["cluster", "Cluster"],
  ["custom", "Custom resources"],
] as const satisfies readonly [ResourceKindInfo["category"], string][];

const BUILTIN_LABELS: Record<string, string> = {
  pods: "Pods",
  deployments: "Deployments",
  statefulsets: "StatefulSets",
  daemonsets: "DaemonSets",
  replicasets: "ReplicaSets",
  jobs: "Jobs",
  cronjobs: "CronJobs",
  services: "Services",
  ingresses: "Ingresses",
  configmaps: "ConfigMaps",
  secrets: "Secrets",
  persistentvolumeclaims: "PersistentVolumeClaims",
  events: "Events",
  namespaces: "Namespaces",
  nodes: "Nodes",
  customresourcedefinitions: "CustomResourceDefinitions",
};

/** What a kind is called in the picker and titles: "Deployments", or a custom resource's plural ("widgets"). */
export function kindLabel(key: string): string {
  return BUILTIN_LABELS[key] ?? key.split(".")[0] ?? key;
}

/** Kinds by category, in the picker's order; categories without kinds are left out except custom resources. */
export function groupKinds(kinds: readonly ResourceKindInfo[]) {
  return CATEGORIES.map(([category, label]) => ({
    category,
    label,
    kinds: kinds.filter((k) => k.category === category),
  })).filter((g) => g.kinds.length > 0 || g.category === "custom");
}

const query = (params: Record<string, string | undefined>) => {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) search.set(k, v);
  const text = search.toString();
  return text ? `?${text}` : "";
};

/** The live pods page (pods have their own, socket-fed browser). */
export const podsPageHref = (clusterId: string, namespace?: string) =>
  `/clusters/${encodeURIComponent(clusterId)}/pods${query({ namespace })}`;

export const podHref = (clusterId: string, namespace: string, name: string) =>
  `/clusters/${encodeURIComponent(clusterId)}/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(name)}`;

/** A kind's list; `namespace` "" is all of the person's namespaces, `q` a search and `l` a label selector. */
export const listHref = (
  clusterId: string,
  kind: string,
  params: { namespace?: string; q?: string; l?: string } = {},
) => `/clusters/${encodeURIComponent(clusterId)}/resources/${encodeURIComponent(kind)}${query(params)}`;

/** One object's page: pods go to their own page (log, terminal), everything else to the generic detail page. */
export function detailHref(clusterId: string, kind: string, name: string, namespace?: string): string {
  if (kind === "pods" && namespace) return podHref(clusterId, namespace, name);
  return `/clusters/${encodeURIComponent(clusterId)}/resources/${encodeURIComponent(kind)}/${encodeURIComponent(name)}${query({ namespace })}`;
}
