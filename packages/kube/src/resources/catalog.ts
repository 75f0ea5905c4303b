/**
 * The kinds the resource browser knows: built-in ones with their own
 * columns, and every CustomResourceDefinition the cluster serves (found by
 * discovery, shown with its additionalPrinterColumns).
 */
import type { ResourceType } from "../cache/kinds";
import { evaluateJsonPath } from "./json-path";
import { arr, condition, type Obj, obj, ROWS, type Row, str } from "./rows";

export type KindCategory = "workloads" | "network" | "config" | "storage" | "cluster" | "custom";

export interface ResourceKind {
  /** URL- and command-safe id: the plural for built-ins, `<plural>.<group>` for custom resources. */
  key: string;
  /** e.g. "Deployment". */
  kind: string;
  type: ResourceType;
  namespaced: boolean;
  category: KindCategory;
  /** Column titles after Name/Namespace/Status/Age, one per Row cell. */
  columns: readonly string[];
  row: (object: Obj) => Row;
}

const builtin = <K extends string>(
  key: K,
  kind: string,
  group: string,
  category: KindCategory,
  columns: readonly string[],
  row: (o: Obj) => Row,
  namespaced = true,
): ResourceKind & { key: K } => ({
  key,
  kind,
  type: { group, version: "v1", resource: key },
  namespaced,
  category,
  columns,
  row,
});

const builtinKinds = [
  builtin("pods", "Pod", "", "workloads", ["Ready", "Restarts", "Node"], ROWS.pod),
  builtin(
    "deployments",
    "Deployment",
    "apps",
    "workloads",
    ["Ready", "Up-to-date", "Available"],
    ROWS.deployment,
  ),
  builtin("statefulsets", "StatefulSet", "apps", "workloads", ["Ready", "Up-to-date"], ROWS.statefulSet),
  builtin(
    "daemonsets",
    "DaemonSet",
    "apps",
    "workloads",
    ["Desired", "Current", "Ready", "Up-to-date", "Available"],
    ROWS.daemonSet,
  ),
  builtin("replicasets", "ReplicaSet", "apps", "workloads", ["Desired", "Current", "Ready"], ROWS.replicaSet),
  builtin("jobs", "Job", "batch", "workloads", ["Completions", "Duration"], ROWS.job),
  builtin(
    "cronjobs",
    "CronJob",
    "batch",
    "workloads",
    ["Schedule", "Suspend", "Active", "Last schedule"],
    ROWS.cronJob,
  ),
  builtin("services", "Service", "", "network", ["Type", "Cluster IP", "External IP", "Ports"], ROWS.service),
  builtin(
    "ingresses",
    "Ingress",
    "networking.k8s.io",
    "network",
    ["Class", "Hosts", "Address", "Ports"],
    ROWS.ingress,
  ),
  builtin("configmaps", "ConfigMap", "", "config", ["Data"], ROWS.configMap),
  builtin("secrets", "Secret", "", "config", ["Type", "Data"], ROWS.secret),
  builtin(
    "persistentvolumeclaims",
    "PersistentVolumeClaim",
    "",
    "storage",
    ["Volume", "Capacity", "Access modes", "Storage class"],
    ROWS.pvc,
  ),
  builtin(
    "events",
    "Event",
    "",
    "cluster",
    ["Reason", "Object", "Message", "Count", "Last seen"],
    ROWS.event,
  ),
  builtin("namespaces", "Namespace", "", "cluster", [], ROWS.namespace, false),
  builtin("nodes", "Node", "", "cluster", ["Roles", "Version", "CPU", "Memory"], ROWS.node, false),
  {
    key: "customresourcedefinitions",
    kind: "CustomResourceDefinition",
    type: { group: "apiextensions.k8s.io", version: "v1", resource: "customresourcedefinitions" },
    namespaced: false,
    category: "cluster",
    columns: ["Group", "Kind", "Scope", "Versions"],
    row: ROWS.crd,
  } as ResourceKind & { key: "customresourcedefinitions" },
] as const;

export const BUILTIN_KINDS: readonly ResourceKind[] = builtinKinds;
/** "pods", "deployments", ...: the key of a built-in kind. */
export type BuiltinKindKey = (typeof builtinKinds)[number]["key"];

const byKey = new Map(BUILTIN_KINDS.map((k) => [k.key, k]));
const byKind = new Map(BUILTIN_KINDS.map((k) => [k.kind, k]));

export const builtinKind = (key: string): ResourceKind | undefined => byKey.get(key);
/** The built-in kind of a `kind` name (an ownerReference's or an event's), e.g. "ReplicaSet". */
export const builtinKindNamed = (kind: string): ResourceKind | undefined => byKind.get(kind);

/** A custom resource's row: Ready/Available conditions decide the badge, printer columns the cells. */
function customRow(paths: readonly string[]): (o: Obj) => Row {
  return (o) => {
    const cells = paths.map((p) => evaluateJsonPath(o, p));
    const ready = condition(o, "Ready") ?? condition(o, "Available");
    if (ready === true) return { status: "Ready", tone: "ok", cells };
    if (ready === false) return { status: "Not ready", tone: "warning", cells };
    const phase = str(o.status?.phase);
    return { status: phase || "—", tone: "ok", cells };
  };
}

/**
 * The kind a CustomResourceDefinition defines (its storage version, else
 * its first served one), or undefined when it serves nothing yet or its
 * name clashes with a built-in key.
 */
export function customKind(definition: Obj): ResourceKind | undefined {
  if (condition(definition, "Established") === false) return undefined;
  const spec = definition.spec ?? {};
  const group = str(spec.group);
  const names = obj(spec.names);
  const plural = str(names.plural);
  const versions = arr(spec.versions).filter((v) => v.served);
  const version = versions.find((v) => v.storage) ?? versions[0];
  if (!group || !plural || !version) return undefined;
  const printer = arr(version.additionalPrinterColumns).filter(
    (c) => !c.priority && str(c.jsonPath) !== ".metadata.creationTimestamp",
  );
  return {
    key: `${plural}.${group}`,
    kind: str(names.kind),
    type: { group, version: str(version.name), resource: plural },
    namespaced: str(spec.scope) !== "Cluster",
    category: "custom",
    columns: printer.map((c) => str(c.name)),
    row: customRow(printer.map((c) => str(c.jsonPath))),
  };
}
