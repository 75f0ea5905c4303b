/**
 * Who a workload's usage belongs to: the person whose own namespace it runs
 * in, the person ClusterCord applied it for, the guild that owns the
 * namespace, or nobody. The person view shows which rule decided.
 */
import type { CostAttribution } from "@clustercord/contracts";

/** The label ClusterCord puts on every workload it applies and on its pods (kube's CREATED_BY_LABEL). */
export const CREATED_BY_LABEL = "clustercord.io/created-by";
/** A person's own namespace on a shared cluster (kube's personalNamespace()). */
const PERSONAL_NAMESPACE = /^clustercord-user-(\d{17,20})$/;
/** A guild's own namespace on a shared cluster (kube's guildNamespace()). */
const GUILD_NAMESPACE = /^clustercord-guild-(\d{17,20})$/;
const SNOWFLAKE = /^\d{17,20}$/;

export interface Attribution {
  attribution: CostAttribution;
  personId: string | null;
  guildId: string | null;
}

/** What ClusterCord knows of a namespace: the guild that owns it (tenancy), when any. */
export interface NamespaceOwner {
  guildId: string | null;
}

/**
 * The guild owning a namespace, from its name (clustercord-guild-<id>), its
 * tenancy label (clustercord.io/guild), or else the cluster's owner when the
 * cluster is not shared (all of a dedicated cluster is its guild's).
 */
export function namespaceOwner(
  namespace: string,
  labels: Readonly<Record<string, string>> | undefined,
  cluster: { ownerGuildId: string; shared: boolean },
): NamespaceOwner {
  const labelled = labels?.["clustercord.io/guild"];
  if (labelled && SNOWFLAKE.test(labelled)) return { guildId: labelled };
  const named = GUILD_NAMESPACE.exec(namespace)?.[1];
  if (named) return { guildId: named };
  return { guildId: cluster.shared ? null : cluster.ownerGuildId };
}

/** The first rule that applies: personal namespace, created-by label, owning guild, else unattributed. */
export function attribute(
  namespace: string,
  labels: Readonly<Record<string, string>> | undefined,
  owner: NamespaceOwner,
): Attribution {
  const guildId = owner.guildId;
  const personal = PERSONAL_NAMESPACE.exec(namespace)?.[1];
  if (personal) return { attribution: "personal-namespace", personId: personal, guildId };
  const createdBy = labels?.[CREATED_BY_LABEL];
  if (createdBy && SNOWFLAKE.test(createdBy))
    return { attribution: "created-by", personId: createdBy, guildId };
  if (guildId) return { attribution: "guild", personId: null, guildId };
  return { attribution: "unattributed", personId: null, guildId: null };
}
