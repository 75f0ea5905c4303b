/**
 * The alerts mutations' inputs: the specs of @clustercord/alerts (they name the field of every problem,
 * see ruleErrors), with what the API adds. Kept here because contracts cannot import @clustercord/alerts.
 */
import { AlertMuteSpec, AlertPrefsSpec, AlertRuleSpec, type Subscriber } from "@clustercord/alerts";
import { type AlertMuteTargetView, ClusterId, Snowflake } from "@clustercord/contracts";
import type { z } from "zod";

type SpecIn = z.input<typeof AlertRuleSpec>;
type CreateIn = Omit<SpecIn, "subscribers"> & { subscribers?: SpecIn["subscribers"] };
type CreateOut = Omit<AlertRuleSpec, "subscribers"> & { subscribers?: Subscriber[] };

/**
 * A rule as created: subscribers optional (default: the caller, by DM and web). zod keeps the spec's
 * cross-field checks only through safeExtend, whose types insist the field stays required: hence the
 * declared type (the rule-create tests send a rule without subscribers).
 */
export const AlertRulesCreateInput: z.ZodType<CreateOut, CreateIn> = AlertRuleSpec.safeExtend({
  subscribers: AlertRuleSpec.shape.subscribers.optional(),
} as unknown as Pick<typeof AlertRuleSpec.shape, "subscribers">);

export const AlertsMuteInput = AlertMuteSpec.extend({ clusterId: ClusterId });

export const AlertsUnmuteInput = AlertMuteSpec.pick({ target: true }).extend({ clusterId: ClusterId });

/** A person's settings, or with `channelId` (admins) a guild channel's. */
export const AlertsConfigInput = AlertPrefsSpec.extend({ channelId: Snowflake.optional() });

// The view of a mute target in contracts must accept every target the spec accepts.
const _targets: (typeof AlertMuteSpec)["_output"]["target"] extends (typeof AlertMuteTargetView)["_output"]
  ? true
  : never = true;
void _targets;
