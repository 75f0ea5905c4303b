import type { LabelSelector } from "@clustercord/contracts";
import { isRecord } from "./objects";

/** Kubernetes label selector semantics; an empty selector matches everything, a malformed one nothing. */
export function selectorMatches(selector: unknown, labels: Record<string, string>): boolean {
  if (!isRecord(selector)) return false;
  const { matchLabels, matchExpressions } = selector as LabelSelector;
  for (const [k, v] of Object.entries(matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of matchExpressions ?? []) {
    const has = Object.hasOwn(labels, e.key);
    const inValues = has && (e.values ?? []).includes(labels[e.key] as string);
    const ok =
      e.operator === "In"
        ? inValues
        : e.operator === "NotIn"
          ? !inValues
          : e.operator === "Exists"
            ? has
            : e.operator === "DoesNotExist"
              ? !has
              : false;
    if (!ok) return false;
  }
  return true;
}

/** A Service's plain map selector (`spec.selector`): all pairs must match. */
export function mapSelectorMatches(
  selector: Record<string, unknown>,
  labels: Record<string, string>,
): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}
