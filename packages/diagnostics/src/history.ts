/**
 * Findings history: each pass's sightings folded into one row per
 * fingerprint. An episode runs from a sighting until a pass that covered the
 * finding's target no longer sees it; a sighting after that opens the next
 * episode. Pure: the rows, the pass and `now` come in, the changed rows go out.
 */
import type { Finding, ObjectRef } from "@clustercord/contracts";

export interface HistoryRow {
  fingerprint: string;
  findingId: string;
  severity: string;
  title: string;
  target: ObjectRef;
  firstSeen: Date;
  lastSeen: Date;
  /** Episodes. */
  occurrences: number;
  /** Start of the open episode; null while resolved. */
  openSince: Date | null;
  /** End of the last episode (kept while a new one is open). */
  resolvedAt: Date | null;
  /**
   * Start of that last episode: what fixed it happened in between (not only after the
   * last sighting: a rollout keeps the old pods, and the finding, visible for a while).
   */
  resolvedAfter: Date | null;
}

/** What a pass looked at: one target, some namespaces, or the whole cluster; and the kinds it could read. */
export type PassScope =
  | { kind: "target"; target: ObjectRef }
  | { kind: "namespaces"; namespaces: readonly string[] }
  | { kind: "cluster" };

/** The plural resource name of a kind, as `read` lists them ("NetworkPolicy" → "networkpolicies"). */
export function resourceOf(kind: string): string {
  const k = kind.toLowerCase();
  if (k.endsWith("y")) return `${k.slice(0, -1)}ies`;
  if (k.endsWith("s")) return `${k}es`;
  return `${k}s`;
}

/**
 * Whether a pass would have seen a finding on `target` if it were still
 * there: the target is in its scope and its kind was readable (a kind the
 * person could not list proves nothing by its absence).
 */
export function passCovers(scope: PassScope, read: readonly string[], target: ObjectRef): boolean {
  if (!read.includes(resourceOf(target.kind))) return false;
  switch (scope.kind) {
    case "cluster":
      return true;
    case "namespaces":
      return target.namespace !== null && scope.namespaces.includes(target.namespace);
    case "target":
      if (scope.target.kind === "Namespace")
        return target.namespace === scope.target.name || sameRef(target, scope.target);
      return sameRef(target, scope.target);
  }
}

export const sameRef = (a: ObjectRef, b: ObjectRef): boolean =>
  a.kind === b.kind && (a.namespace ?? null) === (b.namespace ?? null) && a.name === b.name;

/**
 * The rows a pass changes. `previous` holds the stored rows of the seen
 * fingerprints and the open rows in the pass's scope (others are ignored);
 * `covers` says whether the pass would have seen a finding on a target.
 */
export function nextHistory(
  previous: readonly HistoryRow[],
  seen: readonly Finding[],
  now: Date,
  covers: (target: ObjectRef) => boolean,
): HistoryRow[] {
  const byFingerprint = new Map(previous.map((r) => [r.fingerprint, r]));
  const changed = new Map<string, HistoryRow>();
  for (const f of seen) {
    if (changed.has(f.fingerprint)) continue;
    const before = byFingerprint.get(f.fingerprint);
    const facts = { findingId: f.id, severity: f.severity, title: f.title, target: f.target, lastSeen: now };
    if (!before)
      changed.set(f.fingerprint, {
        fingerprint: f.fingerprint,
        ...facts,
        firstSeen: now,
        occurrences: 1,
        openSince: now,
        resolvedAt: null,
        resolvedAfter: null,
      });
    else if (before.openSince) changed.set(f.fingerprint, { ...before, ...facts });
    // Seen again after it resolved: a new episode; the last resolution is kept for "last resolved by".
    else
      changed.set(f.fingerprint, {
        ...before,
        ...facts,
        occurrences: before.occurrences + 1,
        openSince: now,
      });
  }
  for (const row of previous) {
    if (!row.openSince || changed.has(row.fingerprint) || !covers(row.target)) continue;
    changed.set(row.fingerprint, { ...row, openSince: null, resolvedAt: now, resolvedAfter: row.openSince });
  }
  return [...changed.values()];
}

/** Who and what ended the last episode (from the audit log), in words. */
export interface ResolvedByWords {
  text: string;
  actorName: string;
  at: string;
}

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "Mon 24 Nov" (UTC): a day is what a person remembers a problem by. */
export const dayText = (d: Date): string =>
  `${DAYS[d.getUTCDay()]} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`;

/** "seen 4 times since Mon 24 Nov; last resolved by rollback to revision 7 (ana, Tue 25 Nov)". */
export function historyLine(row: HistoryRow, resolvedBy: ResolvedByWords | null): string {
  const seen =
    row.occurrences === 1
      ? `first seen ${dayText(row.firstSeen)}`
      : `seen ${row.occurrences} times since ${dayText(row.firstSeen)}`;
  if (resolvedBy)
    return `${seen}; last resolved by ${resolvedBy.text} (${resolvedBy.actorName}, ${dayText(new Date(resolvedBy.at))})`;
  if (row.resolvedAt) return `${seen}; last resolved ${dayText(row.resolvedAt)}`;
  return seen;
}
