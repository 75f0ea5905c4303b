import type { ObjectRef } from "@clustercord/contracts";
import { mapSelectorMatches, selectorMatches } from "@clustercord/policy";
import type { DiagnosticsContext } from "../context";
import { field } from "../evidence";
import type { FindingDraft } from "../finding";
import type { NetworkPolicy, NetworkPolicyIngressRule, Pod, Service } from "../kube";

type IngressRule = NetworkPolicyIngressRule;
type PolicyPort = NonNullable<IngressRule["ports"]>[number];

/** Who sends the traffic in question: a pod's namespace and labels. */
export interface Peer {
  namespace: string;
  labels?: Record<string, string>;
}

export interface IngressVerdict {
  /** Some NetworkPolicy selects the pod for ingress: only what a rule allows gets in. */
  isolated: boolean;
  isolatingPolicies: string[];
  /** The policies with a rule that lets this peer reach this port. */
  allowedBy: string[];
  allowed: boolean;
}

const labelsOf = (o: { metadata?: { labels?: Record<string, string> } }) => o.metadata?.labels ?? {};

/** Ingress is isolated by a policy whose policyTypes list Ingress (or omit policyTypes: Ingress is then implied). */
function isolatesIngress(p: NetworkPolicy): boolean {
  const types = p.spec?.policyTypes;
  return types === undefined || types.length === 0 || types.includes("Ingress");
}

/** The policies in the pod's namespace that select it for ingress. */
export function isolatingPolicies(ctx: DiagnosticsContext, pod: Pod): NetworkPolicy[] {
  const labels = labelsOf(pod);
  return (ctx.networkPolicies.get(pod.metadata?.namespace ?? "") ?? []).filter(
    (p) => isolatesIngress(p) && selectorMatches(p.spec?.podSelector ?? {}, labels),
  );
}

/** A named port → the pod's container port number (and back), so rules and Services written either way compare. */
function portNames(pod: Pod, port: number | string): Set<number | string> {
  const names = new Set<number | string>([port]);
  for (const c of pod.spec?.containers ?? [])
    for (const p of c.ports ?? []) {
      if (p.name !== undefined && (p.name === port || p.containerPort === port)) {
        names.add(p.name);
        if (p.containerPort !== undefined) names.add(p.containerPort);
      }
    }
  return names;
}

function portAllowed(
  ports: PolicyPort[] | undefined,
  pod: Pod,
  port: number | string,
  protocol: string,
): boolean {
  if (!ports || ports.length === 0) return true;
  const names = portNames(pod, port);
  return ports.some((p) => {
    if ((p.protocol ?? "TCP") !== protocol) return false;
    if (p.port === undefined) return true;
    if (names.has(p.port)) return true;
    const n = [...names].find((x): x is number => typeof x === "number");
    return (
      typeof p.port === "number" &&
      p.endPort !== undefined &&
      n !== undefined &&
      n >= p.port &&
      n <= p.endPort
    );
  });
}

/** Objects made by the client's model classes carry `_from` instead of the wire's `from`. */
const peersOf = (rule: IngressRule): IngressRule["from"] =>
  rule.from ?? (rule as { _from?: IngressRule["from"] })._from;

function peerAllowed(ctx: DiagnosticsContext, rule: IngressRule, policyNs: string, peer: Peer): boolean {
  const from = peersOf(rule);
  if (!from || from.length === 0) return true;
  const nsLabels = ctx.namespaceLabels.get(peer.namespace) ?? {
    "kubernetes.io/metadata.name": peer.namespace,
  };
  return from.some((f) => {
    // ipBlock peers are addresses outside the pod network: best effort, they never match a pod peer here.
    if (f.ipBlock) return false;
    const nsOk = f.namespaceSelector
      ? selectorMatches(f.namespaceSelector, nsLabels)
      : peer.namespace === policyNs;
    const podOk = f.podSelector ? selectorMatches(f.podSelector, peer.labels ?? {}) : true;
    return nsOk && podOk;
  });
}

/**
 * Whether `peer` may reach `pod` on `port` under the namespace's
 * NetworkPolicies (best effort: ipBlock rules and the CNI's own extensions are
 * not modelled).
 */
export function ingressVerdict(
  ctx: DiagnosticsContext,
  pod: Pod,
  peer: Peer,
  port: number | string,
  protocol = "TCP",
): IngressVerdict {
  const policies = isolatingPolicies(ctx, pod);
  const names = policies.map((p) => p.metadata?.name ?? "?");
  if (policies.length === 0) return { isolated: false, isolatingPolicies: [], allowedBy: [], allowed: true };
  const allowedBy = policies
    .filter((p) =>
      (p.spec?.ingress ?? []).some(
        (r) =>
          portAllowed(r.ports, pod, port, protocol) && peerAllowed(ctx, r, p.metadata?.namespace ?? "", peer),
      ),
    )
    .map((p) => p.metadata?.name ?? "?");
  return { isolated: true, isolatingPolicies: names, allowedBy, allowed: allowedBy.length > 0 };
}

/** The Services in the pod's namespace whose selector picks the pod. */
export function servicesOf(ctx: DiagnosticsContext, pod: Pod): Service[] {
  const labels = labelsOf(pod);
  return (ctx.services.get(pod.metadata?.namespace ?? "") ?? []).filter((s) => {
    const sel = s.spec?.selector;
    return sel !== undefined && Object.keys(sel).length > 0 && mapSelectorMatches(sel, labels);
  });
}

/**
 * The traffic in question, without a given peer, is the Services' traffic:
 * a Service port that no ingress rule of the isolating policies opens (from
 * any peer) is blocked for every client.
 */
export function networkPolicyFindings(ctx: DiagnosticsContext, pod: Pod, target: ObjectRef): FindingDraft[] {
  const policies = isolatingPolicies(ctx, pod);
  if (policies.length === 0) return [];
  const blocked: { service: string; port: number | string; protocol: string }[] = [];
  for (const s of servicesOf(ctx, pod)) {
    for (const sp of s.spec?.ports ?? []) {
      const port = sp.targetPort ?? sp.port;
      if (port === undefined) continue;
      const protocol = sp.protocol ?? "TCP";
      const open = policies.some((p) =>
        (p.spec?.ingress ?? []).some((r) => portAllowed(r.ports, pod, port, protocol)),
      );
      if (!open) blocked.push({ service: s.metadata?.name ?? "?", port, protocol });
    }
  }
  if (blocked.length === 0) return [];
  const names = policies.map((p) => p.metadata?.name ?? "?");
  return [
    {
      id: "pod.network-policy.blocks-service",
      severity: "MEDIUM",
      target,
      title: `NetworkPolicy ${names.join(", ")} blocks traffic to ${blocked.map((b) => `${b.service}:${b.port}`).join(", ")}`,
      cause: `NetworkPolicies ${names.join(", ")} select pod ${target.name} for ingress and none of their rules allows port ${[
        ...new Set(blocked.map((b) => `${b.port}/${b.protocol}`)),
      ].join(", ")}, so clients of the Service cannot reach it.`,
      evidence: [
        ...policies.map((p) =>
          field(
            `NetworkPolicy ${p.metadata?.name} ingress rules`,
            (p.spec?.ingress ?? []).length === 0
              ? "none (denies all ingress)"
              : JSON.stringify(p.spec?.ingress),
            {
              kind: "NetworkPolicy",
              namespace: p.metadata?.namespace ?? null,
              name: p.metadata?.name ?? "?",
            },
          ),
        ),
        ...blocked.map((b) =>
          field(`Service ${b.service} targetPort`, `${b.port}/${b.protocol}`, {
            kind: "Service",
            namespace: target.namespace,
            name: b.service,
          }),
        ),
      ],
      recommendations: [
        "Add an ingress rule that allows the Service's clients (podSelector / namespaceSelector) on the target port.",
        "If the isolation is intended, check which clients should still reach the pod and allow exactly those.",
      ],
    },
  ];
}
