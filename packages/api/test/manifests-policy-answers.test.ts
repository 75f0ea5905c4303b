import { describe, expect, it } from "vitest";
import { deniedByPolicy, objectLabel } from "../src/services/manifest-apply";

const privileged = {
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "root", namespace: "shop" },
  spec: {
    selector: { matchLabels: { app: "root" } },
    template: {
      metadata: { labels: { app: "root" } },
      spec: {
        containers: [
          { name: "main", image: "registry.example/app:1.0", securityContext: { privileged: true } },
        ],
      },
    },
  },
};

describe("a ClusterCord policy's answer in the cluster's words", () => {
  it("a Deny names the policy, its severity and the fix for this object", () => {
    const message =
      "deployments.apps \"root\" is forbidden: ValidatingAdmissionPolicy 'clustercord-no-privileged' with binding 'clustercord-no-privileged' denied request: privileged containers are not allowed (securityContext.privileged must not be true) [policy no-privileged]";
    const denied = deniedByPolicy(message, privileged);
    expect(denied).toMatchObject({
      policy: "no-privileged",
      message: "privileged containers are not allowed (securityContext.privileged must not be true)",
    });
    expect(denied?.severity).toBeDefined();
    expect(denied?.fix).toContainEqual(
      expect.objectContaining({ path: "/spec/template/spec/containers/0/securityContext/privileged" }),
    );
  });

  it("anything else (a quota, another webhook) is no policy answer", () => {
    expect(
      deniedByPolicy('pods "x" is forbidden: exceeded quota: q, requested: pods=1', privileged),
    ).toBeNull();
  });

  it("labels objects as people read them", () => {
    expect(objectLabel({ kind: "Deployment", namespace: "shop", name: "api" })).toBe("Deployment shop/api");
    expect(objectLabel({ kind: "ClusterRole", namespace: null, name: "reader" })).toBe("ClusterRole reader");
  });
});
