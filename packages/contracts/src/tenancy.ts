import { z } from "zod";
import { ClusterId, ClusterName, ClusterSummary } from "./clusters";
import { Snowflake } from "./schemas";

/** A Kubernetes quantity as ResourceQuota accepts it ("500m", "4", "8Gi"). */
const Quantity = (what: string) =>
  z
    .string()
    .trim()
    .max(20, `${what}: at most 20 characters`)
    .regex(
      /^(\d+(\.\d+)?)(m|k|M|G|T|Ki|Mi|Gi|Ti)?$/,
      `${what}: use a Kubernetes quantity such as 500m, 4, 512Mi or 8Gi`,
    );

export const TenantQuota = z.object({
  requestsCpu: Quantity("requests.cpu"),
  requestsMemory: Quantity("requests.memory"),
  pods: z.number().int("pods: a whole number").min(1, "pods: at least 1").max(10_000, "pods: at most 10000"),
});
export type TenantQuota = z.infer<typeof TenantQuota>;

/**
 * "invited": the owner granted it, the guild's admins have not accepted yet
 * (its members see nothing of the cluster and nothing is set up for them);
 * "accepted": the guild uses the cluster (the owner's own place is always accepted).
 */
export const TenantStatus = z.enum(["invited", "accepted"]);
export type TenantStatus = z.infer<typeof TenantStatus>;

/** A guild's place on a shared cluster: its namespace and the limits the owner set on it. */
export const Tenant = z.object({
  guildId: Snowflake,
  guildName: z.string(),
  /** This guild added the cluster. */
  owner: z.boolean(),
  status: TenantStatus,
  namespace: z.string(),
  quota: TenantQuota,
  internetEgress: z.boolean(),
  /** When the namespace and its policies were last applied; null until the guild first uses the cluster. */
  appliedAt: z.string().nullable(),
});
export type Tenant = z.infer<typeof Tenant>;

export const ClustersRenameInput = z.object({ clusterId: ClusterId, name: ClusterName });
export const ClustersRenameOutput = z.object({ cluster: ClusterSummary });

export const TenantsListInput = z.object({ clusterId: ClusterId });
export const TenantsListOutput = z.object({ tenants: z.array(Tenant) });
export type TenantsListOutput = z.infer<typeof TenantsListOutput>;

export const TenantsGrantInput = z.object({ clusterId: ClusterId, guildId: Snowflake });
export const TenantOutput = z.object({ tenant: Tenant });
export type TenantOutput = z.infer<typeof TenantOutput>;

export const TenantsUpdateInput = z
  .object({
    clusterId: ClusterId,
    guildId: Snowflake,
    quota: TenantQuota.optional(),
    internetEgress: z.boolean().optional(),
  })
  .refine((v) => v.quota !== undefined || v.internetEgress !== undefined, {
    message: "change the quota, internet egress, or both",
  });

export const TenantsPlanRevokeInput = z.object({ clusterId: ClusterId, guildId: Snowflake });
export const TenantsRevokeInput = TenantsPlanRevokeInput.extend({ confirmToken: z.string().min(1).max(100) });
export const TenantsRevokeOutput = z.object({ revoked: z.string() });

export const NamespacesCreatePersonalInput = z.object({ clusterId: ClusterId });
export const NamespacesCreatePersonalOutput = z.object({ namespace: z.string() });

/**
 * An owner's grant, as the receiving guild's admins see it before accepting:
 * what they would join and who asked. Nothing of the owner's cluster beyond
 * its name (no API server, no other tenants).
 */
export const TenantInvitation = z.object({
  clusterId: ClusterId,
  clusterName: z.string(),
  ownerGuildName: z.string(),
  /** The namespace this guild would get. */
  namespace: z.string(),
  quota: TenantQuota,
  internetEgress: z.boolean(),
  invitedBy: z.object({ id: Snowflake, displayName: z.string() }),
  invitedAt: z.string(),
});
export type TenantInvitation = z.infer<typeof TenantInvitation>;

export const TenantsInvitationsOutput = z.object({ invitations: z.array(TenantInvitation) });
export type TenantsInvitationsOutput = z.infer<typeof TenantsInvitationsOutput>;

/** Accept or decline an invitation to a cluster, as an admin of the invited (active) guild. */
export const TenantsInvitationInput = z.object({ clusterId: ClusterId });
export const TenantsAcceptOutput = z.object({ cluster: ClusterSummary, tenant: Tenant });
export type TenantsAcceptOutput = z.infer<typeof TenantsAcceptOutput>;
export const TenantsDeclineOutput = z.object({ declined: z.string() });

/** Leaving a shared cluster the active guild was granted: plan, then confirm. */
export const TenantsPlanLeaveInput = z.object({ clusterId: ClusterId });
export const TenantsLeaveInput = TenantsPlanLeaveInput.extend({ confirmToken: z.string().min(1).max(100) });
export const TenantsLeaveOutput = z.object({ left: z.string() });
