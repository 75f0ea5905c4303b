/**
 * The core/v1 Events about one object, as a detail page and `/describe`
 * show them (pure).
 */
import type { ResourceEvent } from "@clustercord/contracts";
import type { Obj } from "./rows";

const iso = (value: unknown) =>
  value instanceof Date ? value.toISOString() : typeof value === "string" ? value : "";

const newestFirst = (a: ResourceEvent, b: ResourceEvent) =>
  a.lastSeen < b.lastSeen ? 1 : a.lastSeen > b.lastSeen ? -1 : 0;

/** One Event as shown: when it was last seen is lastTimestamp, else eventTime, else its creation. */
export function toResourceEvent(e: Obj): ResourceEvent {
  return {
    type: String(e.type ?? "Normal"),
    reason: String(e.reason ?? ""),
    message: String(e.message ?? ""),
    count: typeof e.count === "number" ? e.count : 1,
    lastSeen: iso(e.lastTimestamp) || iso(e.eventTime) || iso(e.metadata?.creationTimestamp),
  };
}

/** The newest `max` events whose involvedObject is the object with `uid`, newest first. */
export function eventsAbout(uid: string | undefined, events: Iterable<Obj>, max: number): ResourceEvent[] {
  if (!uid) return [];
  const about: ResourceEvent[] = [];
  for (const e of events)
    if ((e.involvedObject as { uid?: string } | undefined)?.uid === uid) about.push(toResourceEvent(e));
  return about.sort(newestFirst).slice(0, max);
}
