/**
 * A canary release without a service mesh, as data: how many replicas each
 * side gets, the canary Deployment (the stable's pods with the new image and
 * `track: canary`, so a Service selecting the app's labels splits traffic by
 * replica counts), and, when an HTTPRoute routes the Service, its backend
 * weights for an exact split. Pure: objects in, objects out.
 */
import type { V1Container, V1Deployment, V1LabelSelector } from "@kubernetes/client-node";
import { parseImageRef } from "../images";

export const CANARY_TRACK_LABEL = "track";
export const CANARY_TRACK = "canary";
export const CANARY_OF_LABEL = "clustercord.io/canary-of";
/** Carries the canary's id on its objects, so a leftover can be told from a person's own `<name>-canary`. */
export const CANARY_ID_ANNOTATION = "clustercord.io/canary-id";

export const canaryDeploymentName = (deployment: string) => `${deployment}-canary`;
export const canaryServiceName = (service: string) => `${service}-canary`;

export interface CanarySplit {
  /** The stable Deployment's replicas during the canary. */
  stable: number;
  canary: number;
}

/**
 * canary = round(total × p / 100), at least 1; the stable keeps the rest, so
 * the total stays as it was. With 2+ replicas the stable keeps at least one;
 * a Deployment of 0 or 1 replica keeps its replicas and gets one canary beside it.
 */
export function canarySplit(total: number, percentage: number): CanarySplit {
  if (total <= 1) return { stable: total, canary: 1 };
  const canary = Math.min(Math.max(1, Math.round((total * percentage) / 100)), total - 1);
  return { stable: total - canary, canary };
}

/** The container whose image is the same repository as `image`, else the first one. */
export function canaryContainer(containers: readonly V1Container[], image: string): V1Container | undefined {
  const wanted = parseImageRef(image);
  const repo = (ref: string) => {
    const parsed = parseImageRef(ref);
    return parsed.ok ? `${parsed.ref.registry ?? ""}/${parsed.ref.repository}` : ref;
  };
  const target = wanted.ok ? `${wanted.ref.registry ?? ""}/${wanted.ref.repository}` : null;
  return containers.find((c) => target !== null && repo(c.image ?? "") === target) ?? containers[0];
}

const withTrack = (labels: Record<string, string> | undefined) => ({
  ...(labels ?? {}),
  [CANARY_TRACK_LABEL]: CANARY_TRACK,
});

/**
 * The canary Deployment: the stable's pod template with `image` in the chosen
 * container, its selector and pod labels plus `track: canary` (so the stable's
 * selector still matches the canary pods and its Service sends them traffic),
 * labelled `clustercord.io/canary-of: <deployment>`.
 */
export function canaryDeployment(
  stable: V1Deployment,
  options: { image: string; replicas: number; canaryId: string },
): V1Deployment {
  const name = stable.metadata?.name ?? "";
  const template = structuredClone(stable.spec?.template ?? {});
  const containers = template.spec?.containers ?? [];
  const container = canaryContainer(containers, options.image);
  if (container) container.image = options.image;
  const selector: V1LabelSelector = {
    ...structuredClone(stable.spec?.selector ?? {}),
    matchLabels: withTrack(stable.spec?.selector?.matchLabels),
  };
  const marks = { [CANARY_OF_LABEL]: name };
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: {
      name: canaryDeploymentName(name),
      namespace: stable.metadata?.namespace ?? "",
      labels: { ...withTrack(stable.metadata?.labels), ...marks },
      annotations: { [CANARY_ID_ANNOTATION]: options.canaryId },
    },
    spec: {
      replicas: options.replicas,
      selector,
      ...(stable.spec?.minReadySeconds !== undefined ? { minReadySeconds: stable.spec.minReadySeconds } : {}),
      template: {
        ...template,
        metadata: {
          ...(template.metadata ?? {}),
          labels: { ...withTrack(template.metadata?.labels), ...marks },
        },
      },
    },
  };
}

/** The image of the container the canary replaces (what "stable image" means for this release). */
export function stableImageFor(stable: V1Deployment, image: string): string {
  return canaryContainer(stable.spec?.template?.spec?.containers ?? [], image)?.image ?? "";
}

/** The stable Deployment's template with `image` in the canary's container: what a promotion writes. */
export function promotedContainers(stable: V1Deployment, image: string): V1Container[] {
  const containers = structuredClone(stable.spec?.template?.spec?.containers ?? []);
  const container = canaryContainer(containers, image);
  if (container) container.image = image;
  return containers;
}

/** Whether a Service (by its selector) sends traffic to the Deployment's pods. */
export function serviceSelectsPods(
  serviceSelector: Record<string, string> | undefined,
  podLabels: Record<string, string> | undefined,
): boolean {
  const entries = Object.entries(serviceSelector ?? {});
  return entries.length > 0 && entries.every(([k, v]) => podLabels?.[k] === v);
}

// ---- Gateway API (gateway.networking.k8s.io/v1 HTTPRoute) ----

export interface HttpBackendRef {
  group?: string;
  kind?: string;
  name: string;
  namespace?: string;
  port?: number;
  weight?: number;
  [key: string]: unknown;
}
export interface HttpRouteRule {
  backendRefs?: HttpBackendRef[];
  [key: string]: unknown;
}
export interface HttpRoute {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; resourceVersion?: string };
  spec?: { rules?: HttpRouteRule[]; [key: string]: unknown };
}

/** A backendRef to a Service of the route's namespace (core group, kind Service, the defaults). */
const isServiceRef = (ref: HttpBackendRef, name: string, namespace: string | undefined) =>
  ref.name === name &&
  (ref.group ?? "") === "" &&
  (ref.kind ?? "Service") === "Service" &&
  (ref.namespace === undefined || ref.namespace === namespace);

/** Whether the route sends traffic to `service` in any rule. */
export function routeHasService(route: HttpRoute, service: string): boolean {
  const ns = route.metadata?.namespace;
  return (route.spec?.rules ?? []).some((r) =>
    (r.backendRefs ?? []).some((b) => isServiceRef(b, service, ns)),
  );
}

/**
 * The route's rules with the traffic split: in each rule that sends to
 * `service`, that backend gets weight 100 − p and a backend for
 * `canaryService` (same port) gets p; other rules and backends are untouched.
 */
export function weightedRules(
  route: HttpRoute,
  split: { service: string; canaryService: string; percentage: number },
): HttpRouteRule[] {
  const ns = route.metadata?.namespace;
  return (route.spec?.rules ?? []).map((rule) => {
    const refs = rule.backendRefs ?? [];
    const stable = refs.find((b) => isServiceRef(b, split.service, ns));
    if (!stable) return rule;
    const others = refs.filter((b) => b !== stable && !isServiceRef(b, split.canaryService, ns));
    const { weight: _w, ...stableRef } = stable;
    const canaryRef: HttpBackendRef = { ...stableRef, name: split.canaryService };
    return {
      ...rule,
      backendRefs: [
        ...others,
        { ...stableRef, weight: 100 - split.percentage },
        { ...canaryRef, weight: split.percentage },
      ],
    };
  });
}

/** The rules after the canary: its backend removed, the stable's weight back to 100 (all of the pair's traffic). */
export function restoredRules(
  route: HttpRoute,
  split: { service: string; canaryService: string },
): HttpRouteRule[] {
  const ns = route.metadata?.namespace;
  return (route.spec?.rules ?? []).map((rule) => {
    const refs = rule.backendRefs ?? [];
    if (!refs.some((b) => isServiceRef(b, split.canaryService, ns))) return rule;
    return {
      ...rule,
      backendRefs: refs
        .filter((b) => !isServiceRef(b, split.canaryService, ns))
        .map((b) => (isServiceRef(b, split.service, ns) ? { ...b, weight: 100 } : b)),
    };
  });
}

/** The weights the route gives `service` and `canaryService` (first rule that has the service), for status and tests. */
export function routeWeights(
  route: HttpRoute,
  split: { service: string; canaryService: string },
): { stable: number | null; canary: number | null } {
  const ns = route.metadata?.namespace;
  for (const rule of route.spec?.rules ?? []) {
    const refs = rule.backendRefs ?? [];
    const stable = refs.find((b) => isServiceRef(b, split.service, ns));
    if (!stable) continue;
    const canary = refs.find((b) => isServiceRef(b, split.canaryService, ns));
    return { stable: stable.weight ?? 1, canary: canary ? (canary.weight ?? 1) : null };
  }
  return { stable: null, canary: null };
}
