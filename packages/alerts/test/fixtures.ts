import type { Finding } from "@clustercord/contracts";
import type { AlertDetails, AlertInput, AlertResource, AlertRule, AlertsConfig, Delivery } from "../src";

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

/** Monday 30 November 2026, 10:00 UTC: inside default business hours. */
export const MONDAY_10 = Date.parse("2026-11-30T10:00:00Z");

export const ALICE = "100000000000000001";
export const BOB = "100000000000000002";
export const OPS_CHANNEL = "200000000000000001";

export function rule(overrides: Partial<AlertRule> = {}): AlertRule {
  return {
    id: "r-crash",
    name: "crashes in shop",
    clusterId: "prod",
    type: "pod-crash",
    scope: { kind: "namespace", namespace: "shop" },
    subscribers: [{ kind: "person", id: ALICE, via: ["dm"] }],
    ...overrides,
  } as AlertRule;
}

export const config = (rules: AlertRule[], extra: Partial<AlertsConfig> = {}): AlertsConfig => ({
  rules,
  ...extra,
});

export function pod(name: string, owner: string | null = "api", namespace = "shop"): AlertResource {
  return {
    cluster: "prod",
    kind: "Pod",
    namespace,
    name,
    owner: owner ? { kind: "Deployment", name: owner } : null,
  };
}

export const crashDetails: AlertDetails = {
  container: "api",
  reason: "OOMKilled",
  exitCode: 137,
  restartCount: 5,
  logLines: ["starting", "loading cache", "allocating 2Gi"],
};

export function crash(resource: AlertResource, state: "firing" | "cleared" = "firing"): AlertInput {
  return { type: "condition", condition: "pod-crash", state, resource, details: crashDetails };
}

export const tick: AlertInput = { type: "tick" };

export function finding(overrides: Partial<Finding> = {}): Finding {
  return {
    id: "pod.crash-loop.oom-killed",
    severity: "HIGH",
    target: { kind: "Pod", namespace: "shop", name: "api-1" },
    title: "Container api is OOMKilled",
    cause: "The container used more memory than its 256Mi limit.",
    evidence: [{ source: "field", label: "lastState.terminated.reason", value: "OOMKilled" }],
    recommendations: ["Raise the memory limit to 512Mi."],
    fingerprint: "0123456789abcdef",
    ...overrides,
  };
}

/** Deliveries reduced to what most tests compare. */
export const brief = (deliveries: readonly Delivery[]) =>
  deliveries.map((d) => ({ to: d.recipient, channel: d.channel, kind: d.kind, title: d.title }));
