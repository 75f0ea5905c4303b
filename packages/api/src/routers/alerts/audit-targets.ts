/** Audit targets of the alerts mutations, from their validated input. */

type Fields = Record<string, unknown>;
const field = (input: unknown, key: string) => String((input as Fields)[key] ?? "?");

/** `cluster/<id>/alerts/rule/<name>` */
export const ruleCreateTarget = (input: unknown) =>
  `cluster/${field(input, "clusterId")}/alerts/rule/${field(input, "name")}`;

/** `alerts/rule/<id>` */
export const ruleTarget = (input: unknown) => `alerts/rule/${field(input, "id")}`;

/** `cluster/<id>/alerts/mute/<rule:…|group:…|fp:…>` */
export const muteTarget = (input: unknown) => {
  const target = ((input as Fields).target ?? {}) as Fields;
  const which =
    "ruleId" in target
      ? `rule:${String(target.ruleId)}`
      : "group" in target
        ? `group:${String(target.group)}`
        : `fp:${String(target.fingerprint ?? "?")}`;
  return `cluster/${field(input, "clusterId")}/alerts/mute/${which}`;
};

/** `alerts/config/me` or `alerts/config/channel/<id>` */
export const configTarget = (input: unknown) => {
  const channelId = (input as Fields).channelId;
  return channelId ? `alerts/config/channel/${String(channelId)}` : "alerts/config/me";
};
