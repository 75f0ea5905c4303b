import { mapSelectorMatches } from "@clustercord/policy";
import { type DiagnosticsContext, nsKey } from "../context";
import { field } from "../evidence";
import { type FindingDraft, refOf } from "../finding";
import type { Ingress, Pod, Service } from "../kube";

const isReady = (p: Pod) =>
  p.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false;

/** Ports the pods declare, by number and by name. */
function declaredPorts(pods: Pod[]): { numbers: Set<number>; names: Set<string> } {
  const numbers = new Set<number>();
  const names = new Set<string>();
  for (const p of pods)
    for (const c of p.spec?.containers ?? [])
      for (const port of c.ports ?? []) {
        if (port.containerPort !== undefined) numbers.add(port.containerPort);
        if (port.name) names.add(port.name);
      }
  return { numbers, names };
}

export function analyzeService(ctx: DiagnosticsContext, s: Service): FindingDraft[] {
  const selector = s.spec?.selector;
  // ExternalName Services and Services without selectors have hand-managed endpoints (or none by design).
  if (s.spec?.type === "ExternalName" || !selector || Object.keys(selector).length === 0) return [];
  const target = refOf("Service", s);
  const ns = s.metadata?.namespace ?? "";
  const selectorText = Object.entries(selector)
    .map(([k, v]) => `${k}=${v}`)
    .join(",");
  const pods = (ctx.pods.get(ns) ?? []).filter((p) => mapSelectorMatches(selector, p.metadata?.labels ?? {}));
  const out: FindingDraft[] = [];
  if (ctx.input.pods && pods.length === 0) {
    out.push({
      id: "service.selector-no-match",
      severity: "HIGH",
      target,
      title: `Service ${target.name}'s selector matches no pods`,
      cause: `No pod in ${ns} has the labels ${selectorText}: the Service has no backends and connections to it fail.`,
      evidence: [field("spec.selector", selectorText)],
      recommendations: [
        "Compare the selector with the pods' labels (`kubectl get pods --show-labels`): a typo, or labels changed in a new template.",
      ],
    });
    return out;
  }
  const endpoints = ctx.serviceEndpoints.get(nsKey(ns, s.metadata?.name));
  const endpointsKnown = ctx.input.endpointSlices !== undefined || ctx.input.endpoints !== undefined;
  if (endpointsKnown && (endpoints?.ready ?? 0) === 0) {
    const ready = pods.filter(isReady).length;
    out.push({
      id: "service.no-endpoints",
      severity: "HIGH",
      target,
      title: `Service ${target.name} has no ready endpoints`,
      cause:
        pods.length > 0 && ready === 0
          ? `${pods.length} pods match the selector but none is ready: traffic has nowhere to go.`
          : "The Service has no ready endpoint addresses: connections to it fail.",
      evidence: [
        field("spec.selector", selectorText),
        field("ready endpoints", endpoints?.ready ?? 0),
        field("not-ready endpoints", endpoints?.notReady ?? 0),
        field("matching pods (ready)", `${pods.length} (${ready})`),
      ],
      recommendations: [
        "Diagnose the matching pods: failing readiness probes or crash loops keep them out of the endpoints.",
      ],
    });
  }
  // Only pods that declare ports can be checked; an undeclared port still receives traffic.
  const declared = declaredPorts(pods);
  if (pods.length > 0) {
    for (const sp of s.spec?.ports ?? []) {
      const tp = sp.targetPort ?? sp.port;
      const named = typeof tp === "string" && !/^\d+$/.test(tp);
      const missing = named
        ? !declared.names.has(tp)
        : declared.numbers.size > 0 && !declared.numbers.has(Number(tp));
      if (!missing) continue;
      out.push({
        id: "service.target-port-mismatch",
        severity: named ? "HIGH" : "MEDIUM",
        target,
        container: sp.name ?? String(sp.port),
        title: `Service ${target.name} port ${sp.port} targets ${named ? "named port" : "port"} ${tp}, which its pods do not declare`,
        cause: named
          ? `No container of the matching pods has a port named ${tp}: the Service port has no endpoints.`
          : `The pods declare ports ${[...declared.numbers].join(", ")} but the Service sends to ${tp}: connections are likely refused.`,
        evidence: [
          field(`spec.ports[${sp.name ?? sp.port}].targetPort`, tp ?? "?"),
          field("ports the pods declare", [...declared.numbers, ...declared.names].join(", ") || "(none)"),
        ],
        recommendations: [
          "Set targetPort to the port the container listens on (by number or by its port name).",
        ],
      });
    }
  }
  return out;
}

export function analyzeIngress(ctx: DiagnosticsContext, ing: Ingress): FindingDraft[] {
  if (ctx.input.services === undefined) return [];
  const target = refOf("Ingress", ing);
  const ns = ing.metadata?.namespace ?? "";
  const services = new Map((ctx.services.get(ns) ?? []).map((s) => [s.metadata?.name ?? "", s]));
  const backends: { where: string; service: string; port: number | string | undefined }[] = [];
  const d = ing.spec?.defaultBackend?.service;
  if (d?.name)
    backends.push({ where: "spec.defaultBackend", service: d.name, port: d.port?.number ?? d.port?.name });
  for (const r of ing.spec?.rules ?? [])
    for (const p of r.http?.paths ?? []) {
      const b = p.backend?.service;
      if (b?.name)
        backends.push({
          where: `${r.host ?? "*"}${p.path ?? "/"}`,
          service: b.name,
          port: b.port?.number ?? b.port?.name,
        });
    }
  const out: FindingDraft[] = [];
  const seen = new Set<string>();
  for (const b of backends) {
    const s = services.get(b.service);
    const key = `${b.service}:${b.port}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (!s) {
      out.push({
        id: "ingress.backend-service-missing",
        severity: "HIGH",
        target,
        container: b.service,
        title: `Ingress ${target.name} routes ${b.where} to Service ${b.service}, which does not exist`,
        cause: `Requests for ${b.where} get 503 from the ingress controller: Service ${b.service} is not in ${ns}.`,
        evidence: [field(`backend for ${b.where}`, `service ${b.service} port ${b.port ?? "?"}`)],
        recommendations: [`Create Service ${b.service} in ${ns}, or fix the backend's service name.`],
      });
    } else if (
      b.port !== undefined &&
      !(s.spec?.ports ?? []).some((p) => p.port === b.port || (p.name !== undefined && p.name === b.port))
    ) {
      out.push({
        id: "ingress.backend-port-missing",
        severity: "HIGH",
        target,
        container: key,
        title: `Ingress ${target.name} routes ${b.where} to port ${b.port} of Service ${b.service}, which has no such port`,
        cause: `Service ${b.service} exposes ${(s.spec?.ports ?? []).map((p) => p.name ?? p.port).join(", ")}, not ${b.port}.`,
        evidence: [field(`backend for ${b.where}`, `service ${b.service} port ${b.port}`)],
        recommendations: ["Point the backend at one of the Service's ports (by number or name)."],
      });
    }
  }
  return out;
}
