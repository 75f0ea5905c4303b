import { isDeepStrictEqual } from "node:util";
import { stringify } from "yaml";
import { normalizeLive } from "../helm/manifest";
import { foldStringData, maskSecretData } from "../helm/manifest-diff";
import { unifiedYamlDiff } from "../helm/values-diff";
import { objectLabel } from "./object-label";

/** What the server keeps for itself, on top of what normalizeLive strips (status, managedFields, uid…). */
function comparable(object: Record<string, unknown>): Record<string, unknown> {
  const normalized = normalizeLive(object);
  return normalized.kind === "Secret" ? foldStringData(normalized) : normalized;
}

const yaml = (object: Record<string, unknown> | null) =>
  object ? stringify(object, { sortMapEntries: true, lineWidth: 0 }) : "";

/**
 * What applying `next` (the dry-run result) does to `live` (null: not there
 * yet): created, changed or unchanged, with a unified diff (3 lines of
 * context, keys sorted, headed `Kind ns/name`) of what differs. Server
 * bookkeeping is left out on both sides; Secret values are masked, and a
 * value that changes shows as changed without showing either value.
 */
export function objectDiff(
  live: Record<string, unknown> | null,
  next: Record<string, unknown>,
): { change: "created" | "changed" | "unchanged"; diff: string } {
  const before = live ? comparable(live) : null;
  const after = comparable(next);
  const change = !before ? "created" : isDeepStrictEqual(before, after) ? "unchanged" : "changed";
  if (change === "unchanged") return { change, diff: "" };
  const secret = after.kind === "Secret";
  const shownBefore = before && secret ? maskSecretData(before) : before;
  const shownAfter = secret ? maskSecretData(after, before ?? undefined) : after;
  const label = objectLabel(after) ?? String(after.kind ?? "object");
  return {
    change,
    diff: unifiedYamlDiff(yaml(shownBefore), yaml(shownAfter), { before: label, after: label }),
  };
}
