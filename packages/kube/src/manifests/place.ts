import type { ManifestFinding } from "@clustercord/contracts";
import { manifestObjectKey } from "../helm/manifest";
import { isPlainObject } from "../helm/paths";
import { objectLabel } from "./object-label";
import { apiGroup } from "./order";
import { finding, type ManifestPath, type ParsedDocument, type PlacedObject } from "./types";

/** On every workload ClusterCord applies and on its pods: who applied it (cost attribution reads it). */
export const CREATED_BY_LABEL = "clustercord.io/created-by";

/** Workload kinds (by group) and where their pod template's labels live. */
const POD_TEMPLATE_LABELS: Readonly<Record<string, ManifestPath | null>> = {
  "apps/Deployment": ["spec", "template", "metadata", "labels"],
  "apps/StatefulSet": ["spec", "template", "metadata", "labels"],
  "apps/DaemonSet": ["spec", "template", "metadata", "labels"],
  "apps/ReplicaSet": ["spec", "template", "metadata", "labels"],
  "batch/Job": ["spec", "template", "metadata", "labels"],
  "batch/CronJob": ["spec", "jobTemplate", "spec", "template", "metadata", "labels"],
  "/Pod": null, // the pod is its own template
};

export interface PlaceOptions {
  /** For objects that name no namespace (kubectl's -n). */
  defaultNamespace: string;
  /** From the cluster's discovery; undefined for a kind the cluster does not serve. */
  isNamespaced: (apiVersion: string, kind: string) => boolean | undefined;
  /** The namespaces this person may apply into, or "any" (an admin of a dedicated cluster). */
  allowedNamespaces: ReadonlySet<string> | "any";
  /** False for tenants of a shared cluster. */
  mayCreateClusterScoped: boolean;
  /** The person's Discord user id, for CREATED_BY_LABEL. */
  createdBy: string;
}

/** `example.com/v1 Widget` -> scope, from the CustomResourceDefinitions in the same batch. */
function batchCrdScopes(documents: readonly ParsedDocument[]): Map<string, boolean> {
  const scopes = new Map<string, boolean>();
  for (const { object } of documents) {
    if (
      object.kind !== "CustomResourceDefinition" ||
      apiGroup(String(object.apiVersion)) !== "apiextensions.k8s.io"
    ) {
      continue;
    }
    const spec = isPlainObject(object.spec) ? object.spec : {};
    const kind = isPlainObject(spec.names) ? spec.names.kind : undefined;
    if (typeof spec.group !== "string" || typeof kind !== "string" || !Array.isArray(spec.versions)) continue;
    for (const version of spec.versions) {
      if (isPlainObject(version) && typeof version.name === "string") {
        scopes.set(`${spec.group}/${version.name} ${kind}`, spec.scope !== "Cluster");
      }
    }
  }
  return scopes;
}

const getIn = (value: unknown, path: ManifestPath): unknown =>
  path.reduce<unknown>((node, step) => (isPlainObject(node) ? node[step as string] : undefined), value);

/** Sets `value` at `path`, creating maps on the way; leaves the object alone where a non-map is in the way. */
function setLabel(object: Record<string, unknown>, path: ManifestPath, key: string, value: string): void {
  let node: Record<string, unknown> = object;
  for (const step of path) {
    const next = node[step as string];
    if (next === undefined || next === null) node[step as string] = {};
    else if (!isPlainObject(next)) return; // a wrong type: the schema step reports it
    node = node[step as string] as Record<string, unknown>;
  }
  node[key] = value;
}

/**
 * Decides where each object goes and refuses, before anything reaches the
 * cluster, what this person may not apply: unknown kinds, namespaces that
 * are not theirs, cluster-scoped objects from a tenant, the same object
 * twice. Returns deep copies with the namespace filled in (removed for
 * cluster-scoped kinds) and workloads labelled with who applied them.
 */
export function placeObjects(
  documents: readonly ParsedDocument[],
  options: PlaceOptions,
): { objects: PlacedObject[]; findings: ManifestFinding[] } {
  const crdScopes = batchCrdScopes(documents);
  const objects: PlacedObject[] = [];
  const findings: ManifestFinding[] = [];
  const seen = new Map<string, ParsedDocument>();

  for (const doc of documents) {
    const object = structuredClone(doc.object);
    const apiVersion = String(object.apiVersion);
    const kind = String(object.kind);
    const metadata = isPlainObject(object.metadata) ? object.metadata : {};
    object.metadata = metadata;
    const name = String(metadata.name);
    const problem = (level: "error" | "info", message: string, path: ManifestPath, label: string | null) =>
      findings.push(
        finding({
          step: "schema",
          level,
          file: doc.file,
          document: doc.document,
          position: doc.locate(path),
          object: label,
          field: path.join("."),
          message,
        }),
      );

    const namespaced = options.isNamespaced(apiVersion, kind) ?? crdScopes.get(`${apiVersion} ${kind}`);
    if (namespaced === undefined) {
      problem("error", `unknown kind ${kind} in apiVersion ${apiVersion}`, ["kind"], objectLabel(object));
      continue;
    }

    let namespace: string | null = null;
    if (namespaced) {
      const written =
        typeof metadata.namespace === "string" && metadata.namespace !== "" ? metadata.namespace : null;
      namespace = written ?? options.defaultNamespace;
      metadata.namespace = namespace;
      if (options.allowedNamespaces !== "any" && !options.allowedNamespaces.has(namespace)) {
        problem(
          "error",
          `namespace ${namespace} is not yours on this cluster`,
          written ? ["metadata", "namespace"] : ["metadata"],
          objectLabel(object, namespace),
        );
        continue;
      }
    } else {
      if (!options.mayCreateClusterScoped) {
        problem(
          "error",
          `${kind} ${name} is cluster-scoped; tenants of a shared cluster cannot create cluster-scoped objects`,
          ["kind"],
          objectLabel(object, null),
        );
        continue;
      }
      if (metadata.namespace !== undefined) {
        problem(
          "info",
          `metadata.namespace is ignored: ${kind} is cluster-scoped`,
          ["metadata", "namespace"],
          objectLabel(object, null),
        );
        delete metadata.namespace;
      }
    }

    const key = manifestObjectKey({ apiVersion, kind, name, namespace });
    const first = seen.get(key);
    if (first) {
      problem(
        "error",
        `${objectLabel(object, namespace)} appears twice in the batch (first in ${first.file}, document ${first.document})`,
        ["metadata", "name"],
        objectLabel(object, namespace),
      );
      continue;
    }
    seen.set(key, doc);

    const workload = `${apiGroup(apiVersion)}/${kind}`;
    if (workload in POD_TEMPLATE_LABELS) {
      setLabel(object, ["metadata", "labels"], CREATED_BY_LABEL, options.createdBy);
      const labels = POD_TEMPLATE_LABELS[workload];
      // Only into a template that is there: a missing one is the schema step's to report, not ours to invent.
      if (labels && isPlainObject(getIn(object, labels.slice(0, -2)))) {
        setLabel(object, labels, CREATED_BY_LABEL, options.createdBy);
      }
    }
    objects.push({ file: doc.file, document: doc.document, object, namespace, locate: doc.locate });
  }
  return { objects, findings };
}
