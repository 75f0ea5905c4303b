import type {
  CoreV1Event,
  V1Container,
  V1CronJob,
  V1DaemonSet,
  V1Deployment,
  V1EndpointSlice,
  V1Endpoints,
  V1Ingress,
  V1Job,
  V1MutatingWebhookConfiguration,
  V1Namespace,
  V1NetworkPolicy,
  V1NetworkPolicyIngressRule,
  V1NetworkPolicyPeer,
  V1Node,
  V1PersistentVolumeClaim,
  V1Pod,
  V1PodDisruptionBudget,
  V1ReplicaSet,
  V1ResourceQuota,
  V1Service,
  V1StatefulSet,
  V1StorageClass,
  V1ValidatingWebhookConfiguration,
  V2HorizontalPodAutoscaler,
} from "@kubernetes/client-node";

/**
 * The shared watch caches hold the API server's JSON as it came (times are
 * strings, any field may be absent), so the client's model types are read
 * through `Loose`: every field optional, every Date a string or a Date.
 */
export type Loose<T> = T extends Date
  ? string | Date
  : T extends (infer U)[]
    ? Loose<U>[]
    : T extends object
      ? string extends keyof T
        ? T // maps (labels, resource lists) stay as they are
        : { [K in keyof T]?: Loose<T[K]> }
      : T;

export type Namespace = Loose<V1Namespace>;
export type Pod = Loose<V1Pod>;
export type Container = Loose<V1Container>;
export type Deployment = Loose<V1Deployment>;
export type ReplicaSet = Loose<V1ReplicaSet>;
export type StatefulSet = Loose<V1StatefulSet>;
export type DaemonSet = Loose<V1DaemonSet>;
export type Job = Loose<V1Job>;
export type CronJob = Loose<V1CronJob>;
export type Node = Loose<V1Node>;
export type Service = Loose<V1Service>;
export type EndpointSlice = Loose<V1EndpointSlice>;
export type Endpoints = Loose<V1Endpoints>;
export type PersistentVolumeClaim = Loose<V1PersistentVolumeClaim>;
export type StorageClass = Loose<V1StorageClass>;
/** An ingress rule as the API server writes it: `from` (the client's model renames it `_from`, a reserved word). */
export type NetworkPolicyIngressRule = Omit<Loose<V1NetworkPolicyIngressRule>, "_from"> & {
  from?: Loose<V1NetworkPolicyPeer>[];
};
type NetworkPolicySpec = NonNullable<Loose<V1NetworkPolicy>["spec"]>;
export type NetworkPolicy = Omit<Loose<V1NetworkPolicy>, "spec"> & {
  spec?: Omit<NetworkPolicySpec, "ingress"> & { ingress?: NetworkPolicyIngressRule[] };
};
export type Ingress = Loose<V1Ingress>;
export type HorizontalPodAutoscaler = Loose<V2HorizontalPodAutoscaler>;
export type PodDisruptionBudget = Loose<V1PodDisruptionBudget>;
export type ResourceQuota = Loose<V1ResourceQuota>;
export type ValidatingWebhookConfiguration = Loose<V1ValidatingWebhookConfiguration>;
export type MutatingWebhookConfiguration = Loose<V1MutatingWebhookConfiguration>;
export type KubeEvent = Loose<CoreV1Event>;

/** What every object has: enough to name it and find its owner. */
export interface Meta {
  name?: string;
  namespace?: string;
  uid?: string;
  labels?: Record<string, string>;
  ownerReferences?: { kind?: string; name?: string; uid?: string; controller?: boolean }[];
}
export interface AnyObject {
  kind?: string;
  metadata?: Meta;
}
