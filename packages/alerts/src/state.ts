import type { Severity } from "@clustercord/contracts";
import type { ConditionContent, Link } from "./content";
import type { AlertResource, MuteTarget } from "./inputs";
import type { Subscriber } from "./rules";

/**
 * Everything the reducer remembers, as plain JSON (numbers are ms since the epoch; absent is null), so
 * the jobs runner can store it after each step and a restart that reloads it loses no mute, throttle,
 * held alert or digest entry.
 */
export interface AlertsState {
  version: 1;
  /** Firing conditions by fingerprint. */
  conditions: Record<string, ConditionState>;
  /** Throttle and pending "resolved" per group key. */
  groups: Record<string, GroupState>;
  /** Mute key ("rule:…", "group:…", "fp:…") → muted until. */
  mutes: Record<string, number>;
  /** Messages waiting for quiet hours or business hours to end, oldest first. */
  held: HeldMessage[];
  /** MEDIUM and LOW messages waiting for a recipient's digest, by recipient key. */
  digests: Record<string, RecipientDigests>;
}

export interface ConditionState extends ConditionContent {
  ruleId: string;
  groupKey: string;
  /** Short id of the group (what a Mute button on a grouped message mutes). */
  groupId: string;
  /** When this episode was first seen firing. */
  since: number;
  /** When it had held for the rule's duration and became an alert; null while it has not. */
  activeSince: number | null;
  /** An alert (single or grouped) went out for this episode, so its clearing says "resolved". */
  delivered: boolean;
}

export interface GroupState {
  ruleId: string;
  lastAlertAt: number | null;
  lastResolvedAt: number | null;
  /** Delivered conditions that cleared, waiting for the group's next "resolved" message. */
  resolved: (ConditionContent & { fingerprint: string })[];
}

export type MessageKind = "alert" | "grouped" | "resolved";

/** A button a client may render: Diagnose the resource, or Mute what the message is about. */
export type AlertAction =
  | { type: "diagnose"; target: Omit<AlertResource, "owner"> }
  | { type: "mute"; target: MuteTarget };

/** A message before it is addressed: the neutral content every channel renders. */
export interface AlertMessage {
  ruleId: string;
  kind: MessageKind;
  severity: Severity;
  title: string;
  lines: string[];
  fingerprints: string[];
  links: Link[];
  actions: AlertAction[];
  /** When the condition(s) fired, or cleared for a resolved message. */
  at: number;
}

export interface HeldMessage {
  recipient: Subscriber;
  message: AlertMessage;
}

export interface DigestEntry {
  ruleId: string;
  kind: MessageKind;
  severity: Severity;
  title: string;
  fingerprints: string[];
  at: number;
  /** When it joined the queue: the digest that covers it is the first one after this. */
  queuedAt: number;
}

export interface RecipientDigests {
  recipient: Subscriber;
  daily: DigestEntry[];
  weekly: DigestEntry[];
}

export const emptyState = (): AlertsState => ({
  version: 1,
  conditions: {},
  groups: {},
  mutes: {},
  held: [],
  digests: {},
});

export const muteKey = (target: MuteTarget): string =>
  "ruleId" in target
    ? `rule:${target.ruleId}`
    : "group" in target
      ? `group:${target.group}`
      : `fp:${target.fingerprint}`;

export const recipientKey = (s: Subscriber): string => `${s.kind}:${s.id}`;
