/**
 * The pure parts of policies.*: default scopes, what an audit pass writes,
 * violation filters and order, and a fix in words. No I/O.
 */
import {
  type JsonPatchOp,
  PolicyExclusions,
  PolicyKey,
  type PolicyScope,
  type PolicySeverity,
  type PolicyViolation,
  PolicySeverity as Severity,
  type StoredViolation,
} from "@clustercord/contracts";
import type { AuditPassWrites, ViolationFields, ViolationRow } from "@clustercord/db";
import { GUILD_LABEL } from "@clustercord/kube";
import { reconcileViolations, violationKey } from "@clustercord/policy";

/** Every tenant namespace of a shared cluster carries the guild label (guild and personal namespaces). */
export const tenantNamespacesScope: PolicyScope = {
  kind: "namespaces",
  selector: { matchExpressions: [{ key: GUILD_LABEL, operator: "Exists" }] },
};

/** Omitted scope: the whole cluster on a dedicated cluster, the tenant namespaces on a shared one. */
export const defaultScope = (shared: boolean): PolicyScope =>
  shared ? tenantNamespacesScope : { kind: "cluster" };

/** Resolved violations are kept this long, then pruned by the audit. */
export const RESOLVED_RETENTION_MS = 30 * 24 * 3600_000;

export const rowToStored = (row: ViolationRow): StoredViolation => ({
  policy: PolicyKey.parse(row.policy),
  severity: Severity.parse(row.severity),
  namespace: row.namespace,
  apiVersion: row.apiVersion,
  kind: row.kind,
  name: row.name,
  ...(row.uid ? { uid: row.uid } : {}),
  container: row.container === "" ? null : row.container,
  message: row.message,
  fixAvailable: row.fixAvailable,
  firstSeen: row.firstSeen.toISOString(),
  lastSeen: row.lastSeen.toISOString(),
  resolvedAt: row.resolvedAt ? row.resolvedAt.toISOString() : null,
});

const fieldsOf = (v: PolicyViolation): ViolationFields => ({
  policy: v.policy,
  severity: v.severity,
  namespace: v.namespace,
  apiVersion: v.apiVersion,
  kind: v.kind,
  name: v.name,
  uid: v.uid ?? null,
  container: v.container ?? "",
  message: v.message,
  fixAvailable: v.fixAvailable,
});

/**
 * What one pass writes, from the stored rows and the violations it found:
 * reconcileViolations decides first-seen/last-seen/resolved, this turns its
 * answer into a few batched statements.
 */
export function planAuditWrites(
  rows: readonly ViolationRow[],
  found: readonly PolicyViolation[],
  at: Date,
  objects: number,
): { writes: AuditPassWrites; opened: number; resolved: number } {
  const previous = rows.map(rowToStored);
  const idByKey = new Map(rows.map((r, i) => [violationKey(previous[i] as StoredViolation), r]));
  const result = reconcileViolations(previous, found, at);
  const writes: AuditPassWrites = {
    at,
    create: [],
    touch: [],
    reopen: [],
    resolve: [],
    update: [],
    objects,
    open: 0,
    pruneResolvedBefore: new Date(at.getTime() - RESOLVED_RETENTION_MS),
  };
  for (const v of result.violations) {
    const row = idByKey.get(violationKey(v));
    if (v.resolvedAt === null) writes.open++;
    if (!row) {
      if (v.resolvedAt === null) writes.create.push(fieldsOf(v));
      continue;
    }
    if (v.resolvedAt !== null) {
      if (row.resolvedAt === null) writes.resolve.push(row.id);
      continue;
    }
    (row.resolvedAt === null ? writes.touch : writes.reopen).push(row.id);
    const next = fieldsOf(v);
    const changed: Partial<ViolationFields> = {};
    for (const key of ["severity", "apiVersion", "uid", "message", "fixAvailable"] as const)
      if (row[key] !== next[key]) Object.assign(changed, { [key]: next[key] });
    if (Object.keys(changed).length > 0) writes.update.push({ id: row.id, fields: changed });
  }
  return { writes, opened: result.opened, resolved: result.resolved };
}

const severityRank: Record<PolicySeverity, number> = { CRITICAL: 0, HIGH: 1, MEDIUM: 2, LOW: 3, INFO: 4 };

export interface ViolationFilter {
  severity?: PolicySeverity;
  policy?: string;
  namespace?: string;
  /** `<Kind>/<name>` */
  workload?: string;
}

/** The violations the person may see that match the filter, most severe first, then namespace, kind, name. */
export function selectViolations(
  all: readonly StoredViolation[],
  filter: ViolationFilter,
  visible: (namespace: string) => boolean,
): StoredViolation[] {
  const [wKind, wName] = filter.workload ? filter.workload.split("/") : [];
  return all
    .filter(
      (v) =>
        visible(v.namespace) &&
        (!filter.severity || severityRank[v.severity] <= severityRank[filter.severity]) &&
        (!filter.policy || v.policy === filter.policy) &&
        (!filter.namespace || v.namespace === filter.namespace) &&
        (!wKind || (v.kind.toLowerCase() === wKind.toLowerCase() && v.name === wName)),
    )
    .sort(
      (a, b) =>
        severityRank[a.severity] - severityRank[b.severity] ||
        a.namespace.localeCompare(b.namespace) ||
        a.kind.localeCompare(b.kind) ||
        a.name.localeCompare(b.name) ||
        a.policy.localeCompare(b.policy) ||
        (a.container ?? "").localeCompare(b.container ?? ""),
    );
}

export function severityCounts(violations: readonly StoredViolation[]): Record<PolicySeverity, number> {
  const counts: Record<PolicySeverity, number> = { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0, INFO: 0 };
  for (const v of violations) counts[v.severity]++;
  return counts;
}

const showValue = (value: unknown) =>
  typeof value === "string" || typeof value === "number" || typeof value === "boolean"
    ? String(value)
    : JSON.stringify(value);

/** A patch in words, one line per operation: "set …/resources/limits/cpu to 500m". */
export function patchInWords(ops: readonly JsonPatchOp[]): string[] {
  return ops
    .filter((op) => op.op !== "test")
    .map((op) => {
      const field = op.path.replace(/^\//, "").replaceAll("/", ".");
      if (op.op === "remove") return `remove ${field}`;
      const value = showValue(op.value);
      return `set ${field} to ${value.length > 120 ? `${value.slice(0, 117)}...` : value}`;
    });
}

/** Stored scope and exclusions, checked again on the way out (a row is data, not trusted shape). */
export function storedPlacement(row: { scope: unknown; exclusions: unknown }, shared: boolean) {
  const scope = ((): PolicyScope => {
    const s = row.scope as PolicyScope | null;
    return s && (s.kind === "cluster" || s.kind === "namespaces") ? s : defaultScope(shared);
  })();
  const exclusions = PolicyExclusions.parse(row.exclusions ?? {});
  return { scope, exclusions };
}
