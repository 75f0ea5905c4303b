import type { Role } from "@clustercord/contracts";
import type { KubernetesObject } from "@kubernetes/client-node";

/** A guild's own namespace on a shared cluster. */
export const guildNamespace = (guildId: string) => `clustercord-guild-${guildId}`;

/**
 * Who a person is on a cluster: the user name and the one group that carries
 * guild and role. One group, not two: JavaScript HTTP clients cannot send the
 * Impersonate-Group header twice (kubernetes-client/javascript#2474), so the
 * RoleBindings name each guild's role groups instead of a plain guild group.
 */
export function impersonationFor(actor: { userId: string; guildId: string; role: Role }) {
  return {
    user: `clustercord:discord:${actor.userId}`,
    group: `clustercord:guild:${actor.guildId}:${actor.role}`,
  };
}

export interface GuildQuota {
  requestsCpu: string;
  requestsMemory: string;
  pods: number;
}
export const defaultGuildQuota: GuildQuota = { requestsCpu: "4", requestsMemory: "8Gi", pods: 50 };

/** Each ClusterCord role maps to a Kubernetes built-in aggregate role, inside the namespace only. */
const clusterRoleFor: Record<Role, string> = { viewer: "view", operator: "edit", admin: "admin" };
const METADATA_ENDPOINT = "169.254.169.254/32";
const managed = { "app.kubernetes.io/managed-by": "clustercord" };

/** Which guild a tenant namespace is for, and (personal namespaces) which person. */
export const GUILD_LABEL = "clustercord.io/guild";
export const USER_LABEL = "clustercord.io/user";

/** A person's own namespace on a shared cluster, created when they ask for it. */
export const personalNamespace = (userId: string) => `clustercord-user-${userId}`;

export interface TenantSettings {
  quota?: GuildQuota;
  internetEgress?: boolean;
}

type Subject = { kind: "Group" | "User"; name: string };

/**
 * Everything a tenant namespace needs, as plain objects (server-side applied
 * by applyObjects): quota and default limits, Pod Security labels, network
 * policies (no ingress from other namespaces, DNS allowed, the cloud metadata
 * endpoint blocked, internet egress switchable) and RoleBindings.
 */
function planTenantNamespace(
  options: TenantSettings & {
    namespace: string;
    labels: Record<string, string>;
    bindings: { name: string; clusterRole: string; subject: Subject }[];
  },
): KubernetesObject[] {
  const { namespace } = options;
  const quota = options.quota ?? defaultGuildQuota;
  const meta = (name: string) => ({ name, namespace, labels: managed });
  const egressTo = [
    // DNS, wherever the cluster runs it.
    {
      to: [{ namespaceSelector: {} }],
      ports: [
        { protocol: "UDP", port: 53 },
        { protocol: "TCP", port: 53 },
      ],
    },
    // Inside its own namespace.
    { to: [{ podSelector: {} }] },
    ...(options.internetEgress === false
      ? []
      : [{ to: [{ ipBlock: { cidr: "0.0.0.0/0", except: [METADATA_ENDPOINT] } }] }]),
  ];
  return [
    {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: {
        name: namespace,
        labels: {
          ...managed,
          ...options.labels,
          "pod-security.kubernetes.io/enforce": "baseline",
          "pod-security.kubernetes.io/enforce-version": "latest",
          "pod-security.kubernetes.io/warn": "restricted",
          "pod-security.kubernetes.io/warn-version": "latest",
        },
      },
    },
    {
      apiVersion: "v1",
      kind: "ResourceQuota",
      metadata: meta("clustercord-quota"),
      spec: {
        hard: {
          "requests.cpu": quota.requestsCpu,
          "requests.memory": quota.requestsMemory,
          pods: String(quota.pods),
        },
      },
    } as KubernetesObject,
    {
      apiVersion: "v1",
      kind: "LimitRange",
      metadata: meta("clustercord-defaults"),
      spec: {
        limits: [
          {
            type: "Container",
            defaultRequest: { cpu: "100m", memory: "128Mi" },
            default: { cpu: "500m", memory: "512Mi" },
          },
        ],
      },
    } as KubernetesObject,
    {
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: meta("clustercord-isolate"),
      spec: {
        podSelector: {},
        policyTypes: ["Ingress", "Egress"],
        ingress: [{ from: [{ podSelector: {} }] }],
        egress: egressTo,
      },
    } as KubernetesObject,
    ...options.bindings.map(
      (binding) =>
        ({
          apiVersion: "rbac.authorization.k8s.io/v1",
          kind: "RoleBinding",
          metadata: meta(binding.name),
          roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: binding.clusterRole },
          subjects: [{ apiGroup: "rbac.authorization.k8s.io", ...binding.subject }],
        }) as KubernetesObject,
    ),
  ];
}

const roles = Object.keys(clusterRoleFor) as Role[];
const roleGroup = (guildId: string, role: Role) => impersonationFor({ userId: "", guildId, role }).group;

/**
 * A guild's namespace: each ClusterCord role group bound to its Kubernetes
 * role inside it. `namespace` names a further one of the guild's namespaces
 * on a shared cluster (default: clustercord-guild-<id>), which an operator
 * sets up with the cluster's own credentials (the demo's `shop`).
 */
export function planGuildTenancy(
  options: TenantSettings & { guildId: string; namespace?: string },
): KubernetesObject[] {
  return planTenantNamespace({
    ...options,
    namespace: options.namespace ?? guildNamespace(options.guildId),
    labels: { [GUILD_LABEL]: options.guildId },
    bindings: roles.map((role) => ({
      name: `clustercord-${role}`,
      clusterRole: clusterRoleFor[role],
      subject: { kind: "Group", name: roleGroup(options.guildId, role) },
    })),
  });
}

/** The RoleBindings that let a guild's members into its namespace (removed when access is revoked). */
export const guildBindingNames: readonly string[] = roles.map((role) => `clustercord-${role}`);

/**
 * A person's own namespace: the same quota and policies as their guild's, and
 * `edit` for them alone. It follows the person, not the guild that created it.
 */
export function planPersonalNamespace(
  options: TenantSettings & { userId: string; guildId: string },
): KubernetesObject[] {
  return planTenantNamespace({
    ...options,
    namespace: personalNamespace(options.userId),
    labels: { [USER_LABEL]: options.userId, [GUILD_LABEL]: options.guildId },
    bindings: [
      {
        name: "clustercord-owner",
        clusterRole: "edit",
        subject: { kind: "User", name: impersonationFor({ ...options, role: "viewer" }).user },
      },
    ],
  });
}

/** The ClusterRoleBindings planDedicatedAccess creates for a guild. */
export const dedicatedBindingNames = (guildId: string): string[] => [
  ...roles.map((role) => dedicatedBindingName(guildId, role)),
  dedicatedBindingName(guildId, "cluster-reader"),
];
const dedicatedBindingName = (guildId: string, role: Role | "cluster-reader") =>
  `clustercord-guild-${guildId}-${role}`;

/**
 * Read access to the cluster-scoped things a cluster's own team needs to see
 * (view/edit/admin cover namespaced objects only): nodes, persistent
 * volumes, storage classes, CRDs. Never bound on shared clusters.
 */
export const CLUSTER_READER_ROLE = "clustercord:cluster-reader";
const clusterReaderRole = {
  apiVersion: "rbac.authorization.k8s.io/v1",
  kind: "ClusterRole",
  metadata: { name: CLUSTER_READER_ROLE, labels: managed },
  rules: [
    { apiGroups: [""], resources: ["nodes", "persistentvolumes"], verbs: ["get", "list", "watch"] },
    { apiGroups: ["storage.k8s.io"], resources: ["storageclasses"], verbs: ["get", "list", "watch"] },
    {
      apiGroups: ["apiextensions.k8s.io"],
      resources: ["customresourcedefinitions"],
      verbs: ["get", "list", "watch"],
    },
  ],
} as KubernetesObject;

/**
 * On a dedicated (not shared) cluster the guild's roles apply cluster-wide:
 * ClusterRoleBindings from its role groups to view / edit / admin.
 */
export function planDedicatedAccess(guildId: string): KubernetesObject[] {
  const groupSubject = (role: Role) => ({
    apiGroup: "rbac.authorization.k8s.io",
    kind: "Group",
    name: roleGroup(guildId, role),
  });
  const readers = {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRoleBinding",
    metadata: { name: dedicatedBindingName(guildId, "cluster-reader"), labels: managed },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: CLUSTER_READER_ROLE },
    subjects: roles.map(groupSubject),
  } as KubernetesObject;
  return [
    clusterReaderRole,
    readers,
    ...roles.map(
      (role) =>
        ({
          apiVersion: "rbac.authorization.k8s.io/v1",
          kind: "ClusterRoleBinding",
          metadata: { name: dedicatedBindingName(guildId, role), labels: managed },
          roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: clusterRoleFor[role] },
          subjects: [groupSubject(role)],
        }) as KubernetesObject,
    ),
  ];
}
