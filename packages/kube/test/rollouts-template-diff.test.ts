import { describe, expect, it } from "vitest";
import { CHANGED_VALUE, HIDDEN_VALUE, templateDiff } from "../src/rollouts/index";
import { template } from "./fixtures/rollouts";

const secretRef = (name: string, secret: string, key: string) => ({
  name,
  valueFrom: { secretKeyRef: { name: secret, key } },
});

describe("templateDiff", () => {
  const current = template("registry.example/api:3", [
    { name: "LOG_LEVEL", value: "debug" },
    { name: "API_TOKEN", value: "s3cr3t-current" },
    secretRef("DB_PASSWORD", "db", "password"),
  ]);
  const target = template(
    "registry.example/api:1",
    [
      { name: "LOG_LEVEL", value: "debug" },
      { name: "API_TOKEN", value: "s3cr3t-older" },
      { name: "FEATURE_X", value: "on" },
    ],
    { resources: { requests: { cpu: "200m", memory: "128Mi" }, limits: { memory: "256Mi" } } },
  );

  it("lists image, env names (never values), resources and replicas changes", () => {
    const { changes } = templateDiff({ template: current, replicas: 3 }, { template: target, replicas: 5 });
    expect(changes).toEqual([
      { area: "replicas", container: null, from: "3", to: "5" },
      { area: "image", container: "api", from: "registry.example/api:3", to: "registry.example/api:1" },
      { area: "env", container: "api", from: "API_TOKEN", to: `API_TOKEN ${CHANGED_VALUE}` },
      { area: "env", container: "api", from: "DB_PASSWORD from secret db/password", to: "(none)" },
      { area: "env", container: "api", from: "(none)", to: "FEATURE_X" },
      {
        area: "resources",
        container: "api",
        from: "{ requests: { cpu: 100m, memory: 128Mi } }",
        to: "{ limits: { memory: 256Mi }, requests: { cpu: 200m, memory: 128Mi } }",
      },
    ]);
  });

  it("diffs the template YAML with env values blanked, and marks a changed value", () => {
    const { diff } = templateDiff({ template: current }, { template: target });
    expect(diff).not.toMatch(/s3cr3t|debug|\bon\b/);
    expect(diff).toContain("--- current\n+++ target\n");
    expect(diff).toContain("-        image: registry.example/api:3");
    expect(diff).toContain("+        image: registry.example/api:1");
    expect(diff).toContain(`+            value: ${CHANGED_VALUE}`);
    expect(diff).toContain(`             value: ${HIDDEN_VALUE}`);
    // A reference is shown by the names it points at: no value in it.
    expect(diff).toContain("-                name: db");
    expect(diff).toContain("-                key: password");
  });

  it("ignores the controller's pod-template-hash label, and is empty for equal templates", () => {
    const hashed = {
      ...current,
      metadata: { ...current.metadata, labels: { app: "api", "pod-template-hash": "abc" } },
    };
    expect(templateDiff({ template: hashed }, { template: current })).toEqual({ changes: [], diff: "" });
  });

  it("names containers that come and go, and pod-level differences", () => {
    const withSidecar = {
      ...target,
      spec: {
        ...target.spec,
        containers: [...target.spec.containers, { name: "proxy", image: "envoy:1", command: ["envoy"] }],
        volumes: [{ name: "cache", emptyDir: {} }],
      },
    };
    const { changes } = templateDiff({ template: target }, { template: withSidecar });
    expect(changes).toEqual([
      { area: "other", container: "proxy", from: "(none)", to: "container proxy (envoy:1)" },
      {
        area: "other",
        container: null,
        from: "pod template differs in spec.volumes",
        to: "as in the target",
      },
    ]);
  });

  it("shows command, args, ports and probe changes per container", () => {
    const a = template("api:1", [], { command: ["/api"], args: ["--port", "8080"] });
    const b = template("api:1", [], {
      command: ["/api", "serve"],
      args: ["--port", "9090"],
      ports: [{ name: "http", containerPort: 9090, protocol: "TCP" }],
      readinessProbe: { httpGet: { path: "/ready", port: 9090 } },
    });
    expect(templateDiff({ template: a }, { template: b }).changes).toEqual([
      { area: "command", container: "api", from: "/api", to: "/api serve" },
      { area: "args", container: "api", from: "--port 8080", to: "--port 9090" },
      { area: "ports", container: "api", from: "http:8080/TCP", to: "http:9090/TCP" },
      {
        area: "probes",
        container: "api",
        from: "readinessProbe (none)",
        to: "readinessProbe { httpGet: { path: /ready, port: 9090 } }",
      },
    ]);
  });
});
