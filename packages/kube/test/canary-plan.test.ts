import type { V1Deployment } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import {
  canaryDeployment,
  canarySplit,
  type HttpRoute,
  promotedContainers,
  restoredRules,
  routeHasService,
  routeWeights,
  serviceSelectsPods,
  stableImageFor,
  weightedRules,
} from "../src/rollouts/canary-plan";

const stable: V1Deployment = {
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "api", namespace: "shop", labels: { app: "api", team: "core" }, resourceVersion: "42" },
  spec: {
    replicas: 4,
    selector: { matchLabels: { app: "api" } },
    template: {
      metadata: { labels: { app: "api" }, annotations: { "prometheus.io/scrape": "true" } },
      spec: {
        containers: [
          { name: "proxy", image: "envoyproxy/envoy:v1.30" },
          { name: "app", image: "ghcr.io/acme/api:1.0", env: [{ name: "MODE", value: "prod" }] },
        ],
      },
    },
  },
};

describe("canarySplit", () => {
  it.each([
    [4, 25, { stable: 3, canary: 1 }],
    [10, 25, { stable: 7, canary: 3 }], // round(2.5) = 3
    [10, 1, { stable: 9, canary: 1 }], // at least one canary
    [10, 99, { stable: 1, canary: 9 }], // the stable keeps one
    [3, 50, { stable: 1, canary: 2 }],
    [2, 50, { stable: 1, canary: 1 }],
    [1, 50, { stable: 1, canary: 1 }], // one replica: a canary beside it
    [0, 30, { stable: 0, canary: 1 }],
  ])("%i replicas at %i%% -> %j", (total, p, split) => {
    expect(canarySplit(total, p)).toEqual(split);
  });
});

describe("canaryDeployment", () => {
  const canary = canaryDeployment(stable, { image: "ghcr.io/acme/api:2.0", replicas: 1, canaryId: "c1" });

  it("is the stable's pods with the new image in the matching container and track: canary", () => {
    expect(canary.metadata).toEqual({
      name: "api-canary",
      namespace: "shop",
      labels: { app: "api", team: "core", track: "canary", "clustercord.io/canary-of": "api" },
      annotations: { "clustercord.io/canary-id": "c1" },
    });
    expect(canary.spec?.replicas).toBe(1);
    expect(canary.spec?.selector).toEqual({ matchLabels: { app: "api", track: "canary" } });
    expect(canary.spec?.template.metadata).toEqual({
      labels: { app: "api", track: "canary", "clustercord.io/canary-of": "api" },
      annotations: { "prometheus.io/scrape": "true" },
    });
    expect(canary.spec?.template.spec?.containers.map((c) => c.image)).toEqual([
      "envoyproxy/envoy:v1.30",
      "ghcr.io/acme/api:2.0",
    ]);
    expect(canary.spec?.template.spec?.containers[1]?.env).toEqual([{ name: "MODE", value: "prod" }]);
  });

  it("leaves the stable object untouched", () => {
    expect(stable.spec?.template.spec?.containers[1]?.image).toBe("ghcr.io/acme/api:1.0");
    expect(stable.spec?.selector.matchLabels).toEqual({ app: "api" });
  });

  it("replaces the first container when no container runs that repository", () => {
    const other = canaryDeployment(stable, { image: "nginx:1.27", replicas: 2, canaryId: "c2" });
    expect(other.spec?.template.spec?.containers.map((c) => c.image)).toEqual([
      "nginx:1.27",
      "ghcr.io/acme/api:1.0",
    ]);
  });

  it("keeps the stable's selector matching canary pods (so its Service splits traffic by replicas)", () => {
    expect(serviceSelectsPods({ app: "api" }, canary.spec?.template.metadata?.labels)).toBe(true);
    expect(serviceSelectsPods({ app: "api", track: "canary" }, stable.spec?.template.metadata?.labels)).toBe(
      false,
    );
    expect(serviceSelectsPods({}, { app: "api" })).toBe(false);
  });

  it("knows the stable image and what a promotion writes", () => {
    expect(stableImageFor(stable, "ghcr.io/acme/api:2.0")).toBe("ghcr.io/acme/api:1.0");
    expect(promotedContainers(stable, "ghcr.io/acme/api:2.0").map((c) => c.image)).toEqual([
      "envoyproxy/envoy:v1.30",
      "ghcr.io/acme/api:2.0",
    ]);
  });
});

describe("HTTPRoute weights", () => {
  const route: HttpRoute = {
    apiVersion: "gateway.networking.k8s.io/v1",
    kind: "HTTPRoute",
    metadata: { name: "api", namespace: "shop", resourceVersion: "7" },
    spec: {
      parentRefs: [{ name: "gw" }],
      rules: [
        {
          matches: [{ path: { type: "PathPrefix", value: "/api" } }],
          backendRefs: [{ name: "api", port: 80 }],
        },
        { backendRefs: [{ name: "web", port: 80 }] },
      ],
    },
  };
  const split = { service: "api", canaryService: "api-canary" };

  it("finds the route of a Service", () => {
    expect(routeHasService(route, "api")).toBe(true);
    expect(routeHasService(route, "db")).toBe(false);
    expect(
      routeHasService(
        { ...route, spec: { rules: [{ backendRefs: [{ name: "api", kind: "Other" }] }] } },
        "api",
      ),
    ).toBe(false);
  });

  it("gives the stable 100 - p and the canary p in the Service's rules only", () => {
    const rules = weightedRules(route, { ...split, percentage: 20 });
    expect(rules).toEqual([
      {
        matches: [{ path: { type: "PathPrefix", value: "/api" } }],
        backendRefs: [
          { name: "api", port: 80, weight: 80 },
          { name: "api-canary", port: 80, weight: 20 },
        ],
      },
      { backendRefs: [{ name: "web", port: 80 }] },
    ]);
    expect(routeWeights({ ...route, spec: { rules } }, split)).toEqual({ stable: 80, canary: 20 });
  });

  it("is idempotent: weighting twice keeps one canary backend", () => {
    const once = { ...route, spec: { rules: weightedRules(route, { ...split, percentage: 20 }) } };
    const twice = weightedRules(once, { ...split, percentage: 30 });
    expect(twice[0]?.backendRefs).toEqual([
      { name: "api", port: 80, weight: 70 },
      { name: "api-canary", port: 80, weight: 30 },
    ]);
  });

  it("restores 100 to the stable and removes the canary backend", () => {
    const weighted = { ...route, spec: { rules: weightedRules(route, { ...split, percentage: 20 }) } };
    const restored = { ...route, spec: { rules: restoredRules(weighted, split) } };
    expect(restored.spec.rules[0]?.backendRefs).toEqual([{ name: "api", port: 80, weight: 100 }]);
    expect(routeWeights(restored, split)).toEqual({ stable: 100, canary: null });
    expect(restored.spec.rules[1]).toEqual({ backendRefs: [{ name: "web", port: 80 }] });
  });
});
