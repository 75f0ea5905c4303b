/** Audit target of a tenant procedure: the cluster and the guild whose access changes. */
export const tenantTarget = (input: unknown) => {
  const { clusterId, guildId } = (input ?? {}) as { clusterId?: string; guildId?: string };
  return `cluster/${clusterId ?? "?"}/tenant/${guildId ?? "?"}`;
};
