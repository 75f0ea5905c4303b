import type { Evidence, ObjectRef } from "@clustercord/contracts";
import { containerKey, type DiagnosticsContext } from "../context";
import { eventEvidence, logEvidence } from "../evidence";
import type { FindingDraft } from "../finding";
import type { KubeEvent, Pod } from "../kube";

const dnsPattern =
  /no such host|temporary failure in name resolution|name or service not known|getaddrinfo (ENOTFOUND|EAI_AGAIN)|could not resolve host|NXDOMAIN|server misbehaving|lookup \S+ on \S+:53/i;

export function dnsFailure(
  ctx: DiagnosticsContext,
  pod: Pod,
  target: ObjectRef,
  events: readonly KubeEvent[],
): FindingDraft | null {
  const ns = pod.metadata?.namespace ?? "";
  const evidence: Evidence[] = [];
  for (const c of pod.spec?.containers ?? []) {
    const lines = ctx.logsByContainer.get(containerKey(ns, pod.metadata?.name ?? "", c.name ?? "")) ?? [];
    for (const l of lines) if (dnsPattern.test(l)) evidence.push(logEvidence(c.name ?? "?", l));
  }
  for (const e of events) {
    if (e.reason === "DNSConfigForming" || dnsPattern.test(e.message ?? "")) evidence.push(eventEvidence(e));
  }
  if (evidence.length === 0) return null;
  const host = evidence.map((e) => /lookup (\S+?)(?: on|:)|resolve host:? (\S+)/.exec(e.value)).find(Boolean);
  const name = host?.[1] ?? host?.[2];
  return {
    id: "pod.dns-failure",
    severity: "MEDIUM",
    target,
    title: `Pod ${target.name} fails to resolve ${name ? `"${name}"` : "names"}`,
    cause: `Name resolution fails inside the pod${name ? ` for ${name}` : ""}: a name that does not exist (a Service in another namespace needs <service>.<namespace>), CoreDNS down, or egress to port 53 blocked by a NetworkPolicy.`,
    evidence: evidence.slice(0, 10),
    recommendations: [
      "Check the name: Services in another namespace are <service>.<namespace>.svc.cluster.local.",
      "Check that CoreDNS pods in kube-system are Running and that a NetworkPolicy allows egress to UDP/TCP 53.",
      "Test from the pod: `nslookup <name>` (or `getent hosts <name>`).",
    ],
  };
}
