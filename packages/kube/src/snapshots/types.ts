/**
 * The snapshot model shared by the collector, the archive, the diff and the
 * restore plan. A snapshot is a `.tar.gz` of multi-document YAML files
 * (`objects/<namespace|_cluster>/<kind>.<group|core>.yaml`) plus
 * `manifest.json` holding the guide's metadata, an index of every object with
 * its hash, and summaries (nodes, namespaces, PVs, events, metrics).
 */

/** A kind worth snapshotting: listable, restorable, served at its preferred version. */
export interface ListableKind {
  /** "" for the core group. */
  group: string;
  version: string;
  /** `apps/v1`, `v1`. */
  apiVersion: string;
  kind: string;
  /** The plural resource in URLs (`deployments`). */
  resource: string;
  namespaced: boolean;
}

/** The person's namespaces (nothing outside them, not even cluster-scoped kinds), or the whole cluster. */
export type CollectScope = { kind: "namespaces"; namespaces: string[] } | { kind: "cluster" };

/** What `sealSecret` gets: a Secret's `data` as the API returns it (base64 values). */
export interface SecretToSeal {
  namespace: string;
  name: string;
  data: Record<string, string>;
}
/** Injected: turns a Secret's values into an opaque sealed string (the vault's envelope scheme). */
export type SealSecret = (secret: SecretToSeal) => string | Promise<string>;

/**
 * A stripped object as stored: apiVersion, kind, metadata (without uid,
 * resourceVersion, managedFields, ...), the rest of its fields minus status.
 * A Secret has `keys` (names only) and `sealedData` instead of data/stringData.
 */
export type SnapshotObject = Record<string, unknown> & {
  apiVersion: string;
  kind: string;
  metadata: Record<string, unknown> & { name: string; namespace?: string };
};

/** One object in the manifest's index. */
export interface IndexEntry {
  apiVersion: string;
  kind: string;
  /** "" for cluster-scoped objects. */
  namespace: string;
  name: string;
  /** The archive file holding it, e.g. `objects/shop/deployment.apps.yaml`. */
  file: string;
  /** Its position among the file's YAML documents (0-based). */
  doc: number;
  /** sha256 (hex) of the stripped object's canonical JSON; Secrets: over keys, not values. */
  hash: string;
  /** Created by a controller (controller ownerReference) or the control plane: restore leaves it to them. */
  owned: boolean;
}

export interface NodeSummary {
  name: string;
  ready: boolean;
  roles: string[];
  kubeletVersion: string;
  /** Cores and bytes. */
  capacity: { cpu: number; memory: number; pods: number };
  allocatable: { cpu: number; memory: number; pods: number };
  unschedulable: boolean;
}

export interface NamespaceSummary {
  name: string;
  phase: string;
  /** Objects of this namespace in the snapshot. */
  objects: number;
}

export interface PersistentVolumeSummary {
  name: string;
  /** Bytes. */
  capacity: number;
  phase: string;
  storageClass: string;
  /** `namespace/name` of the bound claim, "" when unbound. */
  claim: string;
  reclaimPolicy: string;
}

export interface EventSummary {
  namespace: string;
  type: string;
  reason: string;
  message: string;
  /** `Kind/name` of the object it is about. */
  object: string;
  count: number;
  lastSeen: string;
}

/** Events are kept as a summary, not as restorable objects. */
export interface EventsSummary {
  total: number;
  warnings: number;
  /** The most recent ones (Warnings first), at most EVENTS_KEPT. */
  recent: EventSummary[];
}

export interface MetricsSummary {
  /** Cores. `used` is null when metrics.k8s.io is not served or refused. */
  cpu: { requested: number; used: number | null };
  /** Bytes. */
  memory: { requested: number; used: number | null };
}

export interface SnapshotManifest {
  format: 1;
  metadata: {
    cluster: string;
    timestamp: string;
    /** Kubernetes server version, e.g. "1.34.1". */
    version: string;
    description: string;
    scope: CollectScope;
  };
  counts: {
    objects: number;
    kinds: { apiVersion: string; kind: string; count: number }[];
    namespaces: { namespace: string; count: number }[];
  };
  objects: IndexEntry[];
  /** Cluster scope only. */
  nodes?: NodeSummary[];
  namespaces: NamespaceSummary[];
  /** Cluster scope only. */
  persistentVolumes?: PersistentVolumeSummary[];
  events: EventsSummary;
  metrics: MetricsSummary;
  /** Kinds that could not be listed (e.g. forbidden for the person), with the API server's words. */
  skipped: { apiVersion: string; kind: string; namespace: string; reason: string }[];
}

export interface CollectProgress {
  objects: number;
  kindsDone: number;
  kinds: number;
}

/** Anything with an object's identity. */
export interface ObjectIdentity {
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
}
