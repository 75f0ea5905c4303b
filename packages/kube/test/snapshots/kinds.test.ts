import { describe, expect, it } from "vitest";
import { kindsInScope, listableKinds } from "../../src/snapshots/kinds";

const res = (
  resource: string,
  kind: string,
  scope: "Namespaced" | "Cluster",
  verbs = ["get", "list", "watch"],
) => ({
  resource,
  responseKind: { kind },
  scope,
  verbs,
});
const core = {
  items: [
    {
      metadata: { name: "" },
      versions: [
        {
          version: "v1",
          resources: [
            res("pods", "Pod", "Namespaced"),
            res("configmaps", "ConfigMap", "Namespaced"),
            res("secrets", "Secret", "Namespaced"),
            res("events", "Event", "Namespaced"),
            res("endpoints", "Endpoints", "Namespaced"),
            res("componentstatuses", "ComponentStatus", "Cluster"),
            res("bindings", "Binding", "Namespaced", ["create"]),
            res("nodes", "Node", "Cluster"),
            res("namespaces", "Namespace", "Cluster"),
          ],
        },
      ],
    },
  ],
};
const apis = {
  items: [
    {
      metadata: { name: "apps" },
      versions: [{ version: "v1", resources: [res("deployments", "Deployment", "Namespaced")] }],
    },
    {
      metadata: { name: "autoscaling" },
      // Preferred first: v2's HPA wins over v1's.
      versions: [
        {
          version: "v2",
          resources: [res("horizontalpodautoscalers", "HorizontalPodAutoscaler", "Namespaced")],
        },
        {
          version: "v1",
          resources: [res("horizontalpodautoscalers", "HorizontalPodAutoscaler", "Namespaced")],
        },
      ],
    },
    {
      metadata: { name: "authentication.k8s.io" },
      versions: [{ version: "v1", resources: [res("tokenreviews", "TokenReview", "Cluster", ["create"])] }],
    },
    {
      metadata: { name: "metrics.k8s.io" },
      versions: [{ version: "v1beta1", resources: [res("pods", "PodMetrics", "Namespaced")] }],
    },
    {
      metadata: { name: "events.k8s.io" },
      versions: [{ version: "v1", resources: [res("events", "Event", "Namespaced")] }],
    },
    {
      metadata: { name: "coordination.k8s.io" },
      versions: [{ version: "v1", resources: [res("leases", "Lease", "Namespaced")] }],
    },
    {
      metadata: { name: "example.com" },
      versions: [
        {
          version: "v1",
          resources: [res("widgets", "Widget", "Namespaced"), res("gizmos", "Gizmo", "Cluster")],
        },
      ],
    },
  ],
};

describe("listableKinds", () => {
  const kinds = listableKinds([core, apis]);
  const names = kinds.map((k) => `${k.apiVersion} ${k.kind}`);

  it("keeps listable state kinds, custom resources included, at the preferred version", () => {
    expect(names).toEqual([
      "v1 Pod",
      "v1 ConfigMap",
      "v1 Secret",
      "v1 Node",
      "v1 Namespace",
      "apps/v1 Deployment",
      "autoscaling/v2 HorizontalPodAutoscaler",
      "example.com/v1 Widget",
      "example.com/v1 Gizmo",
    ]);
    expect(kinds.find((k) => k.kind === "Widget")).toEqual({
      group: "example.com",
      version: "v1",
      apiVersion: "example.com/v1",
      kind: "Widget",
      resource: "widgets",
      namespaced: true,
    });
  });

  it("leaves out events, metrics, leases, endpoints, componentstatuses and non-listable kinds", () => {
    for (const skipped of [
      "Event",
      "PodMetrics",
      "Lease",
      "Endpoints",
      "ComponentStatus",
      "Binding",
      "TokenReview",
    ]) {
      expect(
        names.some((n) => n.endsWith(` ${skipped}`)),
        skipped,
      ).toBe(false);
    }
  });

  it("namespace scope never reaches a cluster-scoped kind", () => {
    const inScope = kindsInScope(kinds, "namespaces").map((k) => k.kind);
    expect(inScope).toEqual([
      "Pod",
      "ConfigMap",
      "Secret",
      "Deployment",
      "HorizontalPodAutoscaler",
      "Widget",
    ]);
    expect(kindsInScope(kinds, "cluster")).toHaveLength(kinds.length);
  });
});
