import { AppError } from "@clustercord/contracts";
import { parseAllDocuments, stringify } from "yaml";
import { isPlainObject } from "./paths";
import { MASK } from "./secret-keys";

/** One object of a rendered chart (or of what is live), with the facts a diff is keyed on. */
export interface ManifestObject {
  apiVersion: string;
  kind: string;
  name: string;
  /** As written; null when the chart leaves it to the release namespace, or the object is cluster-scoped. */
  namespace: string | null;
  /** The template it came from (`# Source: web/templates/service.yaml`), when Helm said. */
  source?: string | null;
  object: Record<string, unknown>;
}

const str = (value: unknown): string | null => (typeof value === "string" && value !== "" ? value : null);

/** A Kubernetes object (parsed JSON/YAML) -> ManifestObject; null when it lacks kind or name. */
export function toManifestObject(object: unknown, source: string | null = null): ManifestObject | null {
  if (!isPlainObject(object)) return null;
  const metadata = isPlainObject(object.metadata) ? object.metadata : {};
  const kind = str(object.kind);
  const name = str(metadata.name);
  if (!kind || !name) return null;
  return {
    apiVersion: str(object.apiVersion) ?? "v1",
    kind,
    name,
    namespace: str(metadata.namespace),
    source,
    object,
  };
}

/**
 * The multi-document YAML that Helm renders (`---`, `# Source:` comments)
 * -> its objects, skipping empty documents. Helm already parsed this YAML
 * to render it, so a document that cannot be read is our problem to report,
 * not the person's: INTERNAL, with the template named.
 */
export function splitManifest(text: string): ManifestObject[] {
  const objects: ManifestObject[] = [];
  // Aliases are legal in charts; maxAliasCount keeps a bomb from expanding.
  for (const doc of parseAllDocuments(text, { prettyErrors: false, merge: true })) {
    // The `# Source:` line after `---` belongs to the document or to its first node, depending on what follows.
    const comment =
      doc.commentBefore ?? (doc.contents as { commentBefore?: string | null } | null)?.commentBefore;
    const source = /Source:\s*(\S+)/.exec(comment ?? "")?.[1] ?? null;
    if (doc.errors.length > 0) {
      throw new AppError("INTERNAL", {
        message: `rendered manifest: ${doc.errors[0]?.code} in ${source ?? "a document"}`,
        userMessage: `the chart rendered YAML that cannot be read${source ? ` (${source})` : ""}`,
      });
    }
    const value = doc.toJS({ maxAliasCount: 100 });
    if (value === null || value === undefined) continue;
    const object = toManifestObject(value, source);
    if (!object) {
      throw new AppError("INTERNAL", {
        message: `rendered manifest: a document without kind or metadata.name in ${source ?? "a document"}`,
        userMessage: `the chart rendered an object without kind or metadata.name${source ? ` (${source})` : ""}`,
      });
    }
    objects.push(object);
  }
  return objects;
}

/** `apps/Deployment/ns/web`: the version is left out so `apps/v1` live and planned match. */
export function manifestObjectKey(
  o: Pick<ManifestObject, "apiVersion" | "kind" | "name" | "namespace">,
): string {
  const group = o.apiVersion.includes("/") ? o.apiVersion.slice(0, o.apiVersion.lastIndexOf("/")) : "";
  return `${group}/${o.kind}/${o.namespace ?? ""}/${o.name}`;
}

/** Kinds that live outside namespaces (for everything else a missing namespace means the release's). */
export const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set([
  "APIService",
  "CertificateSigningRequest",
  "ClusterIssuer",
  "ClusterRole",
  "ClusterRoleBinding",
  "CSIDriver",
  "CSINode",
  "CustomResourceDefinition",
  "FlowSchema",
  "IngressClass",
  "MutatingWebhookConfiguration",
  "Namespace",
  "Node",
  "PersistentVolume",
  "PriorityClass",
  "PriorityLevelConfiguration",
  "RuntimeClass",
  "StorageClass",
  "ValidatingAdmissionPolicy",
  "ValidatingAdmissionPolicyBinding",
  "ValidatingWebhookConfiguration",
  "VolumeAttachment",
  "VolumeSnapshotClass",
]);

/** Fills the release namespace into namespaced objects that leave it out; cluster-scoped ones get null. */
export function withNamespace(
  o: ManifestObject,
  defaultNamespace: string,
  clusterScoped: ReadonlySet<string> = CLUSTER_SCOPED_KINDS,
): ManifestObject {
  const namespace = clusterScoped.has(o.kind) ? null : (o.namespace ?? defaultNamespace);
  return namespace === o.namespace ? o : { ...o, namespace };
}

const serverMetadata = [
  "managedFields",
  "resourceVersion",
  "uid",
  "creationTimestamp",
  "generation",
  "selfLink",
];
/** Annotations the server or Helm's install step add; never in a rendered chart. */
const addedAnnotations = [
  "kubectl.kubernetes.io/last-applied-configuration",
  "meta.helm.sh/release-name",
  "meta.helm.sh/release-namespace",
  "deployment.kubernetes.io/revision",
];

/**
 * A live object without what the server keeps for itself (status, uid,
 * resourceVersion…) and the annotations Helm and kubectl add on apply, so
 * that live and planned compare on what the chart says. The input is not changed.
 */
export function normalizeLive(object: Record<string, unknown>): Record<string, unknown> {
  const { status: _status, ...rest } = object;
  if (!isPlainObject(rest.metadata)) return rest;
  const metadata: Record<string, unknown> = { ...rest.metadata };
  for (const field of serverMetadata) delete metadata[field];
  if (isPlainObject(metadata.annotations)) {
    const annotations = { ...metadata.annotations };
    for (const key of addedAnnotations) delete annotations[key];
    if (Object.keys(annotations).length > 0) metadata.annotations = annotations;
    else delete metadata.annotations;
  }
  return { ...rest, metadata };
}

/** A Secret's data and stringData values replaced by MASK (keys stay: they say what the Secret holds). */
export function maskSecretObject(object: Record<string, unknown>): Record<string, unknown> {
  if (object.kind !== "Secret") return object;
  const out = { ...object };
  for (const field of ["data", "stringData"]) {
    const values = out[field];
    if (isPlainObject(values)) out[field] = Object.fromEntries(Object.keys(values).map((key) => [key, MASK]));
  }
  return out;
}

/**
 * A rendered manifest as the release page shows it: each object re-written
 * as YAML under its `# Source:` line, Secret values masked.
 */
export function maskManifest(text: string): string {
  return splitManifest(text)
    .map(
      (o) =>
        `---\n${o.source ? `# Source: ${o.source}\n` : ""}${stringify(maskSecretObject(o.object), { lineWidth: 0 })}`,
    )
    .join("");
}
