import { createHash } from "node:crypto";
import type { Severity } from "@clustercord/contracts";
import type { Link } from "./content";
import type { Subscriber } from "./rules";
import type { AlertAction, MessageKind } from "./state";

export type DeliveryChannel = "dm" | "email" | "web" | "channel";
export type DeliveryKind = MessageKind | "digest";

/** One message to one recipient over one channel: neutral content a Discord DM and the web center both render. */
export interface Delivery {
  /** A person's or a guild channel's id (`channel` says which). */
  recipient: string;
  channel: DeliveryChannel;
  severity: Severity;
  kind: DeliveryKind;
  title: string;
  lines: string[];
  fingerprints: string[];
  links?: Link[];
  actions?: AlertAction[];
  /** The rule, or null for a digest (it spans rules). */
  ruleId: string | null;
  /**
   * Stable for the same message: a step replayed after a crash produces the same keys, so the notify
   * service's idempotency key drops the repeat.
   */
  key: string;
}

export interface Addressed {
  kind: DeliveryKind;
  severity: Severity;
  title: string;
  lines: string[];
  fingerprints: string[];
  links?: Link[];
  actions?: AlertAction[];
  ruleId: string | null;
}

/** One delivery per channel the subscriber chose (a guild channel has just the one). */
export function fanOut(recipient: Subscriber, message: Addressed, now: number): Delivery[] {
  const channels: DeliveryChannel[] = recipient.kind === "person" ? recipient.via : ["channel"];
  return channels.map((channel) => ({
    recipient: recipient.id,
    channel,
    ...message,
    key: createHash("sha256")
      .update(
        [
          recipient.kind,
          recipient.id,
          channel,
          message.kind,
          message.title,
          message.fingerprints.join(","),
          now,
        ].join("\u0000"),
      )
      .digest("hex")
      .slice(0, 32),
  }));
}
