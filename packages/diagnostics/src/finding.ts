import {
  type Evidence,
  type Finding,
  type FindingFix,
  type ObjectRef,
  type Severity,
  severityRank,
} from "@clustercord/contracts";
import { fingerprint } from "./fingerprint";
import type { AnyObject } from "./kube";

/** What an analyzer states; `finding` adds the fingerprint and keeps every text within the contract's limits. */
export interface FindingDraft {
  id: string;
  severity: Severity;
  target: ObjectRef;
  /** Part of the fingerprint for per-container problems. */
  container?: string;
  title: string;
  cause: string;
  evidence: Evidence[];
  recommendations: string[];
  fix?: FindingFix | undefined;
}

const clip = (text: string, max: number): string =>
  text.length <= max ? text : `${text.slice(0, max - 1)}…`;

export const MAX_EVIDENCE = 50;

export function finding(d: FindingDraft): Finding {
  const evidence = d.evidence.slice(0, MAX_EVIDENCE).map((e) => ({
    ...e,
    label: clip(e.label, 200),
    value: clip(e.value, 2_000),
  }));
  return {
    id: d.id,
    severity: d.severity,
    target: d.target,
    title: clip(d.title, 200),
    cause: clip(d.cause, 1_000),
    evidence,
    recommendations: d.recommendations.slice(0, 10).map((r) => clip(r, 500)),
    ...(d.fix ? { fix: d.fix } : {}),
    fingerprint: fingerprint(d.id, d.target, d.container),
  };
}

export function refOf(kind: string, o: AnyObject): ObjectRef {
  return { kind, namespace: o.metadata?.namespace ?? null, name: o.metadata?.name ?? "?" };
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Most severe first; then by id and target, so a pass's output is stable (code-point order, not the locale's). */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) =>
      severityRank[a.severity] - severityRank[b.severity] ||
      cmp(a.id, b.id) ||
      cmp(a.target.namespace ?? "", b.target.namespace ?? "") ||
      cmp(a.target.name, b.target.name) ||
      cmp(a.fingerprint, b.fingerprint),
  );
}
