import type { Evidence, ObjectRef } from "@clustercord/contracts";
import { eventTime } from "./context";
import type { KubeEvent } from "./kube";

export function field(label: string, value: unknown, object?: ObjectRef): Evidence {
  return { source: "field", label, value: String(value), ...(object ? { object } : {}) };
}

/** An event as the API server recorded it: reason, count and message. */
export function eventEvidence(e: KubeEvent, object?: ObjectRef): Evidence {
  const at = eventTime(e);
  const count = e.count ?? e.series?.count;
  return {
    source: "event",
    label: `event ${e.reason ?? "?"}${count && count > 1 ? ` ×${count}` : ""}${e.type === "Warning" ? " (Warning)" : ""}`,
    value: e.message ?? "",
    ...(object ? { object } : {}),
    ...(at ? { at } : {}),
  };
}

export function logEvidence(container: string, line: string): Evidence {
  return { source: "log", label: `log of ${container}`, value: line };
}

const MiB = 2 ** 20;
export const mib = (bytes: number): string => `${Math.round((bytes / MiB) * 10) / 10} MiB`;
export const millicores = (cores: number): string => `${Math.round(cores * 1000)}m`;
