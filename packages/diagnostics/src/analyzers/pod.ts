import { type DiagnosticsContext, eventsFor } from "../context";
import { type FindingDraft, refOf } from "../finding";
import type { Pod } from "../kube";
import { type TemplateOwner, templateOwner } from "../owners";
import { containerFindings } from "./crash";
import { dnsFailure } from "./dns";
import { networkPolicyFindings } from "./network-policy";
import { probeFailures } from "./probes";
import { evicted, unschedulable } from "./scheduling";
import { usage } from "./usage";
import { missingClaims } from "./volumes";

/** Everything the pod's own status, events, metrics and logs say is wrong with it. */
export function analyzePod(ctx: DiagnosticsContext, pod: Pod): FindingDraft[] {
  const target = refOf("Pod", pod);
  const events = eventsFor(ctx, "Pod", pod);
  let owner: TemplateOwner | undefined;
  // The owner is only needed for fixes; resolve it once, when a fix is planned.
  const ownerOf = () => {
    owner ??= templateOwner(ctx, pod);
    return owner;
  };
  const out: FindingDraft[] = [];
  if (pod.status?.reason === "Evicted") out.push(evicted(ctx, pod, target));
  out.push(...unschedulable(pod, target, events));
  const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  for (const s of statuses) out.push(...containerFindings(ctx, pod, target, s, events, ownerOf));
  out.push(...probeFailures(pod, target, events, ownerOf));
  out.push(...usage(ctx, pod, target));
  const dns = dnsFailure(ctx, pod, target, events);
  if (dns) out.push(dns);
  out.push(...missingClaims(ctx, pod, target));
  out.push(...networkPolicyFindings(ctx, pod, target));
  return out;
}
