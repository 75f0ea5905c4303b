/**
 * Admission webhooks whose Service cannot answer: with failurePolicy Fail they
 * block API writes.
 */
import { type DiagnosticsContext, nsKey } from "../context";
import { field } from "../evidence";
import { type FindingDraft, refOf } from "../finding";
import type { MutatingWebhookConfiguration, ValidatingWebhookConfiguration } from "../kube";

type Webhook = {
  name?: string;
  failurePolicy?: string;
  clientConfig?: { service?: { namespace?: string; name?: string } };
};

export function analyzeWebhooks(
  ctx: DiagnosticsContext,
  kind: "ValidatingWebhookConfiguration" | "MutatingWebhookConfiguration",
  config: ValidatingWebhookConfiguration | MutatingWebhookConfiguration,
): FindingDraft[] {
  if (ctx.input.services === undefined) return [];
  const target = refOf(kind, config);
  const out: FindingDraft[] = [];
  for (const w of (config.webhooks ?? []) as Webhook[]) {
    const svc = w.clientConfig?.service;
    if (!svc?.name) continue;
    const exists = (ctx.services.get(svc.namespace ?? "") ?? []).some((s) => s.metadata?.name === svc.name);
    const endpoints = ctx.serviceEndpoints.get(nsKey(svc.namespace, svc.name));
    const endpointsKnown = ctx.input.endpointSlices !== undefined || ctx.input.endpoints !== undefined;
    const noEndpoints = exists && endpointsKnown && (endpoints?.ready ?? 0) === 0;
    if (exists && !noEndpoints) continue;
    const blocking = (w.failurePolicy ?? "Fail") === "Fail";
    out.push({
      id: exists ? "webhook.service-no-endpoints" : "webhook.service-missing",
      severity: blocking ? "CRITICAL" : "MEDIUM",
      target,
      container: w.name,
      title: `Webhook ${w.name} calls Service ${svc.namespace}/${svc.name}, which ${exists ? "has no ready endpoints" : "does not exist"}`,
      cause: blocking
        ? "With failurePolicy Fail, every API request the webhook matches is rejected while its Service cannot answer."
        : "With failurePolicy Ignore, matching requests pass unchecked while its Service cannot answer.",
      evidence: [
        field(`webhooks[${w.name}].clientConfig.service`, `${svc.namespace}/${svc.name}`),
        field(`webhooks[${w.name}].failurePolicy`, w.failurePolicy ?? "Fail"),
      ],
      recommendations: [
        "Restore the webhook's Service and pods, or delete the configuration if the component was uninstalled.",
      ],
    });
  }
  return out;
}
