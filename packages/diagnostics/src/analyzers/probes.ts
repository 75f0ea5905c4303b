import type { ObjectRef } from "@clustercord/contracts";
import { eventEvidence, field } from "../evidence";
import type { FindingDraft } from "../finding";
import { addProbesFix, type ProbeKind, relaxProbeFix } from "../fixes";
import type { Container, KubeEvent, Pod } from "../kube";
import type { TemplateOwner } from "../owners";
import { eventContainer, specContainer } from "./pod-parts";

const probeKinds: Record<
  string,
  { kind: ProbeKind; id: string; severity: "HIGH" | "MEDIUM"; effect: string }
> = {
  Liveness: {
    kind: "livenessProbe",
    id: "pod.probe.liveness-failing",
    severity: "HIGH",
    effect: "the kubelet restarts the container",
  },
  Readiness: {
    kind: "readinessProbe",
    id: "pod.probe.readiness-failing",
    severity: "MEDIUM",
    effect: "the pod gets no Service traffic",
  },
  Startup: {
    kind: "startupProbe",
    id: "pod.probe.startup-failing",
    severity: "HIGH",
    effect: "the container is restarted before it finishes starting",
  },
};

function probeEndpoint(p: NonNullable<Container["livenessProbe"]>): string {
  if (p.httpGet)
    return `${p.httpGet.scheme ?? "HTTP"} GET ${p.httpGet.path ?? "/"} on port ${p.httpGet.port}`;
  if (p.tcpSocket) return `TCP port ${p.tcpSocket.port}`;
  if (p.grpc) return `gRPC port ${p.grpc.port}`;
  if (p.exec) return `exec ${(p.exec.command ?? []).join(" ")}`;
  return "(no handler)";
}

export function probeFailures(
  pod: Pod,
  target: ObjectRef,
  events: readonly KubeEvent[],
  ownerOf: () => TemplateOwner,
): FindingDraft[] {
  const groups = new Map<string, { kind: string; container: string; events: KubeEvent[] }>();
  for (const e of events) {
    if (e.reason !== "Unhealthy") continue;
    const kind = /^(Liveness|Readiness|Startup) probe/.exec(e.message ?? "")?.[1];
    if (!kind) continue;
    const container = eventContainer(e) ?? pod.spec?.containers?.[0]?.name ?? "?";
    const key = `${kind}/${container}`;
    const g = groups.get(key) ?? { kind, container, events: [] };
    g.events.push(e);
    groups.set(key, g);
  }
  const out: FindingDraft[] = [];
  for (const g of groups.values()) {
    const info = probeKinds[g.kind];
    if (!info) continue;
    const probe = specContainer(pod, g.container)?.[info.kind];
    const text = g.events.map((e) => e.message ?? "").join("\n");
    const timeout = /deadline exceeded|timeout|timed out/i.test(text);
    const refused = /connection refused|connect: no route|EOF/i.test(text);
    const evidence = g.events.slice(0, 3).map((e) => eventEvidence(e));
    if (probe) {
      evidence.push(field(`containers[${g.container}].${info.kind}`, probeEndpoint(probe)));
      evidence.push(
        field(
          `containers[${g.container}].${info.kind} timing`,
          `timeoutSeconds ${probe.timeoutSeconds ?? 1}, initialDelaySeconds ${probe.initialDelaySeconds ?? 0}, periodSeconds ${probe.periodSeconds ?? 10}, failureThreshold ${probe.failureThreshold ?? 3}`,
        ),
      );
    }
    const because = timeout ? "timeout" : refused && info.kind !== "readinessProbe" ? "not-listening" : null;
    out.push({
      id: info.id,
      severity: info.severity,
      target,
      container: g.container,
      title: `${g.kind} probe of ${g.container} is failing${timeout ? " (timing out)" : refused ? " (connection refused)" : ""}`,
      cause: `The ${g.kind.toLowerCase()} probe${probe ? ` (${probeEndpoint(probe)})` : ""} fails, so ${info.effect}.${
        timeout
          ? ` It does not answer within ${probe?.timeoutSeconds ?? 1}s.`
          : refused
            ? " Nothing listens on the probed port yet (or the port is wrong)."
            : ""
      }`,
      evidence,
      recommendations: [
        timeout
          ? "Give the probe a longer timeout, or make the health endpoint cheaper (no database calls in liveness)."
          : "Check the probe's port and path against what the program serves.",
        "If the program is slow to start, add a startupProbe instead of a long initial delay.",
      ],
      fix: because ? relaxProbeFix(ownerOf(), g.container, info.kind, because) : undefined,
    });
  }
  return out;
}

/** A container that declares neither a readiness nor a liveness probe (LOW); `fix` adds TCP probes on its first port. */
export function missingProbes(owner: TemplateOwner): FindingDraft[] {
  const out: FindingDraft[] = [];
  for (const c of owner.containers) {
    const missing: ProbeKind[] = [];
    if (!c.readinessProbe) missing.push("readinessProbe");
    if (!c.livenessProbe) missing.push("livenessProbe");
    if (missing.length === 0) continue;
    const name = c.name ?? "?";
    out.push({
      id: "workload.probe.missing",
      severity: "LOW",
      target: owner.ref,
      container: name,
      title: `Container ${name} has no ${missing.map((k) => k.replace("Probe", "")).join(" or ")} probe`,
      cause: `Without a readiness probe traffic reaches ${name} before it is ready; without a liveness probe a hung ${name} is never restarted.`,
      evidence: missing.map((k) => field(`${owner.containersPath.join(".")}[${name}].${k}`, "(not set)")),
      recommendations: [
        "Add probes that check what the program needs to serve (an HTTP health endpoint is best; TCP is the fallback below).",
      ],
      fix: addProbesFix(owner, name, missing),
    });
  }
  return out;
}
