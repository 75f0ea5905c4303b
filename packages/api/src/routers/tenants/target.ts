/** Audit target of a tenant procedure: the cluster and the guild whose access changes. */
export const tenantTarget = (input: unknown) => {
  const { clusterId, guildId } = (input ?? {}) as { clusterId?: string; guildId?: string };
  return `cluster/${clusterId ?? "?"}/tenant/${guildId ?? "?"}`;
};

/**
 * Audit target of an invited server's own decision (accept, decline, leave):
 * the guild is the actor's, which the audit row records as its guild.
 */
export const ownTenantTarget = (input: unknown) => {
  const { clusterId } = (input ?? {}) as { clusterId?: string };
  return `cluster/${clusterId ?? "?"}/invitation`;
};
