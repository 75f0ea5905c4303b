import { describe, expect, it } from "vitest";
import { causePath, parseRefusal, parseWarnings } from "../../src/apply/answers";
import { objectPath, openApiPathOf, parseDiscovery } from "../../src/openapi/discovery";

describe("admission warnings", () => {
  it("splits the Warning headers fetch joined, unescaping quotes", () => {
    const header =
      '299 - "Validation failed for ValidatingAdmissionPolicy \'clustercord-no-latest-tag\' with binding \'clustercord-no-latest-tag\': image uses \\"latest\\" [policy no-latest-tag]", 299 - "would violate PodSecurity \\"restricted:latest\\": allowPrivilegeEscalation != false"';
    expect(parseWarnings(header)).toEqual([
      "Validation failed for ValidatingAdmissionPolicy 'clustercord-no-latest-tag' with binding 'clustercord-no-latest-tag': image uses \"latest\" [policy no-latest-tag]",
      'would violate PodSecurity "restricted:latest": allowPrivilegeEscalation != false',
    ]);
  });

  it("has none without the header", () => {
    expect(parseWarnings(undefined)).toEqual([]);
    expect(parseWarnings("")).toEqual([]);
  });
});

describe("refusals", () => {
  it("reads a Status: message, reason and causes", () => {
    const status = {
      kind: "Status",
      apiVersion: "v1",
      status: "Failure",
      message:
        'Deployment.apps "api" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
      reason: "Invalid",
      details: {
        causes: [{ reason: "FieldValueInvalid", message: "Invalid value: -1", field: "spec.replicas" }],
      },
      code: 422,
    };
    expect(parseRefusal(422, JSON.stringify(status))).toEqual({
      code: 422,
      reason: "Invalid",
      message: status.message,
      causes: status.details.causes,
    });
  });

  it("never quotes an answer that is not a Kubernetes Status", () => {
    const refusal = parseRefusal(500, "<html>internal secret page</html>");
    expect(refusal.message).toBe("HTTP 500 from something that is not a Kubernetes API server");
    expect(refusal.message).not.toContain("secret");
  });

  it("turns a cause's field into a path", () => {
    expect(causePath("spec.template.spec.containers[0].image")).toEqual([
      "spec",
      "template",
      "spec",
      "containers",
      0,
      "image",
    ]);
    expect(causePath(".spec.replicas")).toEqual(["spec", "replicas"]);
    expect(causePath(undefined)).toBeNull();
  });
});

describe("aggregated discovery", () => {
  const core = {
    kind: "APIGroupDiscoveryList",
    items: [
      {
        metadata: { creationTimestamp: null },
        versions: [
          {
            version: "v1",
            resources: [
              {
                resource: "configmaps",
                responseKind: { group: "", version: "v1", kind: "ConfigMap" },
                scope: "Namespaced",
              },
              {
                resource: "namespaces",
                responseKind: { group: "", version: "v1", kind: "Namespace" },
                scope: "Cluster",
              },
            ],
          },
        ],
      },
    ],
  };
  const groups = {
    kind: "APIGroupDiscoveryList",
    items: [
      {
        metadata: { name: "apps" },
        versions: [
          {
            version: "v1",
            resources: [
              {
                resource: "deployments",
                responseKind: { group: "apps", version: "v1", kind: "Deployment" },
                scope: "Namespaced",
              },
            ],
          },
        ],
      },
    ],
  };
  const discovery = parseDiscovery([core, groups]);

  it("knows kinds, their resource and scope, per group-version", () => {
    expect(discovery.find("v1", "ConfigMap")).toEqual({
      group: "",
      version: "v1",
      kind: "ConfigMap",
      resource: "configmaps",
      namespaced: true,
    });
    expect(discovery.find("v1", "Namespace")?.namespaced).toBe(false);
    expect(discovery.find("apps/v1", "Deployment")?.resource).toBe("deployments");
    expect(discovery.find("apps/v1beta1", "Deployment")).toBeUndefined();
    expect(discovery.find("apps/v1", "Widget")).toBeUndefined();
    expect(discovery.hasGroupVersion("apps/v1")).toBe(true);
    expect(discovery.hasGroupVersion("example.com/v1")).toBe(false);
  });

  it("builds REST and OpenAPI paths", () => {
    const deployment = discovery.find("apps/v1", "Deployment");
    const namespace = discovery.find("v1", "Namespace");
    if (!deployment || !namespace) throw new Error("not found");
    expect(objectPath(deployment, "shop", "api")).toBe("/apis/apps/v1/namespaces/shop/deployments/api");
    expect(objectPath(namespace, "ignored", "shop")).toBe("/api/v1/namespaces/shop");
    expect(openApiPathOf("apps/v1")).toBe("apis/apps/v1");
    expect(openApiPathOf("v1")).toBe("api/v1");
  });
});
