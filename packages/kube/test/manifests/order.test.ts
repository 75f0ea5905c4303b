import { describe, expect, it } from "vitest";
import { applyOrder, sortForApply, UNKNOWN_KIND_ORDER } from "../../src/manifests/index";

const item = (apiVersion: string, kind: string, name = kind) => ({ apiVersion, kind, name });

describe("apply order", () => {
  it("puts CRDs, Namespaces, classes, RBAC, config, volumes, Services, workloads, then the rest", () => {
    const batch = [
      item("example.com/v1", "Widget"),
      item("policy/v1", "PodDisruptionBudget"),
      item("apps/v1", "Deployment"),
      item("v1", "Service"),
      item("v1", "PersistentVolumeClaim"),
      item("v1", "Secret"),
      item("v1", "ConfigMap"),
      item("networking.k8s.io/v1", "NetworkPolicy"),
      item("rbac.authorization.k8s.io/v1", "RoleBinding"),
      item("rbac.authorization.k8s.io/v1", "Role"),
      item("v1", "ServiceAccount"),
      item("scheduling.k8s.io/v1", "PriorityClass"),
      item("v1", "Namespace"),
      item("apiextensions.k8s.io/v1", "CustomResourceDefinition"),
      item("admissionregistration.k8s.io/v1", "ValidatingWebhookConfiguration"),
      item("networking.k8s.io/v1", "Ingress"),
    ];
    expect(sortForApply(batch).map((o) => o.kind)).toEqual([
      "CustomResourceDefinition",
      "Namespace",
      "PriorityClass",
      "ServiceAccount",
      "Role",
      "RoleBinding",
      "NetworkPolicy",
      "ConfigMap",
      "Secret",
      "PersistentVolumeClaim",
      "Service",
      "Deployment",
      "PodDisruptionBudget",
      "Ingress",
      "ValidatingWebhookConfiguration",
      "Widget",
    ]);
  });

  it("is stable: objects of one rank keep the order they were written in", () => {
    const batch = [
      item("v1", "Pod", "p"),
      item("apps/v1", "Deployment", "b"),
      item("batch/v1", "CronJob", "c"),
      item("apps/v1", "Deployment", "a"),
      item("v1", "ConfigMap", "z"),
      item("example.com/v1", "Widget", "w2"),
      item("example.com/v1", "Gadget", "g"),
      item("example.com/v1", "Widget", "w1"),
    ];
    expect(sortForApply(batch).map((o) => o.name)).toEqual(["z", "p", "b", "c", "a", "w2", "g", "w1"]);
    expect(batch[0]?.name).toBe("p"); // the input is not reordered
  });

  it("ranks by group and kind: a custom resource named like a core kind is a custom resource", () => {
    expect(applyOrder("Service", "v1")).toBeLessThan(applyOrder("Deployment", "apps/v1"));
    expect(applyOrder("Service", "serving.knative.dev/v1")).toBe(UNKNOWN_KIND_ORDER);
    expect(applyOrder("Deployment", "extensions/v1beta1")).toBe(UNKNOWN_KIND_ORDER);
    expect(applyOrder("HorizontalPodAutoscaler", "autoscaling/v2")).toBe(
      applyOrder("Ingress", "networking.k8s.io/v1"),
    );
    expect(applyOrder("CustomResourceDefinition", "apiextensions.k8s.io/v1")).toBe(0);
  });
});
