import { createHash } from "node:crypto";
import type { ObjectRef } from "@clustercord/contracts";

/**
 * Same problem on the same object (and container) → same fingerprint, across
 * passes and restarts: only the finding id and the names go in, never values
 * that change while the problem lasts (restart counts, usage, times).
 */
export function fingerprint(id: string, target: ObjectRef, container?: string): string {
  const key = JSON.stringify([id, target.kind, target.namespace ?? "", target.name, container ?? ""]);
  return createHash("sha256").update(key).digest("hex").slice(0, 32);
}
