import { Finding } from "@clustercord/contracts";
import { describe, expect, it } from "vitest";
import {
  buildContext,
  type DiagnosticsInput,
  diagnoseNamespace,
  diagnosePod,
  type EndpointSlice,
  ingressVerdict,
  type NetworkPolicy,
  type Pod,
  type Service,
} from "../src/index";
import { NS, pod } from "./fixtures";

const ids = (findings: Finding[]) => findings.map((f) => f.id);
function nsFindings(input: DiagnosticsInput) {
  const findings = diagnoseNamespace(buildContext(input), { name: NS });
  Finding.array().parse(findings);
  return findings;
}

const service = (
  name: string,
  selector: Record<string, string>,
  targetPort: number | string = 8080,
): Service => ({
  metadata: { name, namespace: NS },
  spec: { type: "ClusterIP", selector, ports: [{ name: "http", port: 80, targetPort, protocol: "TCP" }] },
});
const slice = (service: string, ready: number, notReady = 0): EndpointSlice => ({
  metadata: { name: `${service}-abc12`, namespace: NS, labels: { "kubernetes.io/service-name": service } },
  addressType: "IPv4",
  endpoints: [
    ...Array.from({ length: ready }, (_, i) => ({
      addresses: [`10.244.1.${i + 1}`],
      conditions: { ready: true },
    })),
    ...Array.from({ length: notReady }, (_, i) => ({
      addresses: [`10.244.2.${i + 1}`],
      conditions: { ready: false },
    })),
  ],
});

describe("Services", () => {
  it("a selector that matches no pod", () => {
    const findings = nsFindings({
      pods: [pod("api-0")],
      services: [service("web", { app: "web" })],
      endpointSlices: [],
    });
    expect(ids(findings)).toEqual(["service.selector-no-match"]);
    expect(findings[0]?.evidence[0]?.value).toBe("app=web");
  });

  it("matching pods that are not ready: no endpoints", () => {
    const findings = nsFindings({
      pods: [pod("api-0", { ready: false })],
      services: [service("api", { app: "api" })],
      endpointSlices: [slice("api", 0, 1)],
    });
    expect(ids(findings)).toEqual(["service.no-endpoints"]);
    expect(findings[0]?.cause).toBe(
      "1 pods match the selector but none is ready: traffic has nowhere to go.",
    );
  });

  it("Endpoints (without slices) count too; a Service with ready endpoints is fine", () => {
    const findings = nsFindings({
      pods: [pod("api-0")],
      services: [service("api", { app: "api" })],
      endpoints: [
        { metadata: { name: "api", namespace: NS }, subsets: [{ addresses: [{ ip: "10.244.1.17" }] }] },
      ],
    });
    expect(findings).toEqual([]);
  });

  it("targetPort mismatch, by number and by name", () => {
    const findings = nsFindings({
      pods: [pod("api-0")],
      services: [service("api", { app: "api" }, 9090), service("api-named", { app: "api" }, "grpc")],
      endpointSlices: [slice("api", 1), slice("api-named", 1)],
    });
    expect(findings.map((f) => `${f.id} ${f.severity} ${f.target.name}`)).toEqual([
      "service.target-port-mismatch HIGH api-named",
      "service.target-port-mismatch MEDIUM api",
    ]);
  });
});

describe("Ingress", () => {
  it("a backend Service that is missing, and a port the Service does not have", () => {
    const findings = nsFindings({
      pods: [pod("api-0")],
      services: [service("api", { app: "api" })],
      endpointSlices: [slice("api", 1)],
      ingresses: [
        {
          metadata: { name: "shop", namespace: NS },
          spec: {
            rules: [
              {
                host: "shop.example.com",
                http: {
                  paths: [
                    {
                      path: "/api",
                      pathType: "Prefix",
                      backend: { service: { name: "api", port: { number: 8443 } } },
                    },
                    {
                      path: "/",
                      pathType: "Prefix",
                      backend: { service: { name: "frontend", port: { name: "http" } } },
                    },
                  ],
                },
              },
            ],
          },
        },
      ],
    });
    expect(findings.map((f) => `${f.id}: ${f.title}`)).toEqual([
      "ingress.backend-port-missing: Ingress shop routes shop.example.com/api to port 8443 of Service api, which has no such port",
      "ingress.backend-service-missing: Ingress shop routes shop.example.com/ to Service frontend, which does not exist",
    ]);
  });
});

describe("NetworkPolicies", () => {
  const denyAll: NetworkPolicy = {
    metadata: { name: "default-deny", namespace: NS },
    spec: { podSelector: {}, policyTypes: ["Ingress"] },
  };
  // As the API server returns it: `from`, not the client's `_from`.
  const allowFrontend: NetworkPolicy = {
    metadata: { name: "allow-frontend", namespace: NS },
    spec: {
      podSelector: { matchLabels: { app: "api" } },
      policyTypes: ["Ingress"],
      ingress: [
        {
          from: [{ podSelector: { matchLabels: { app: "frontend" } } }],
          ports: [{ port: "http", protocol: "TCP" }],
        },
      ],
    },
  };
  const input = (policies: NetworkPolicy[]): DiagnosticsInput => ({
    pods: [pod("api-0")],
    services: [service("api", { app: "api" })],
    endpointSlices: [slice("api", 1)],
    networkPolicies: policies,
  });

  it("a deny-all policy blocks the Service's port: the pod's finding names the policy", () => {
    const findings = diagnosePod(buildContext(input([denyAll])), { namespace: NS, name: "api-0" });
    expect(ids(findings)).toEqual(["pod.network-policy.blocks-service"]);
    expect(findings[0]?.title).toBe("NetworkPolicy default-deny blocks traffic to api:8080");
    expect(findings[0]?.evidence[0]?.value).toBe("none (denies all ingress)");
  });

  it("a rule that opens the port (by its name) clears it; the verdict per peer follows the rule's selector", () => {
    const ctx = buildContext(input([denyAll, allowFrontend]));
    expect(diagnosePod(ctx, { namespace: NS, name: "api-0" })).toEqual([]);
    const api = ctx.pods.get(NS)?.[0] as Pod;
    expect(ingressVerdict(ctx, api, { namespace: NS, labels: { app: "frontend" } }, 8080)).toEqual({
      isolated: true,
      isolatingPolicies: ["default-deny", "allow-frontend"],
      allowedBy: ["allow-frontend"],
      allowed: true,
    });
    expect(ingressVerdict(ctx, api, { namespace: NS, labels: { app: "batch" } }, 8080).allowed).toBe(false);
    expect(ingressVerdict(ctx, api, { namespace: "other", labels: { app: "frontend" } }, 8080).allowed).toBe(
      false,
    );
    expect(ingressVerdict(ctx, api, { namespace: NS, labels: { app: "frontend" } }, 9090).allowed).toBe(
      false,
    );
  });

  it("namespaceSelectors use the namespaces' labels", () => {
    const fromMonitoring: NetworkPolicy = {
      metadata: { name: "allow-monitoring", namespace: NS },
      spec: {
        podSelector: {},
        ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: "obs" } } }] }],
      },
    };
    const ctx = buildContext({
      ...input([fromMonitoring]),
      namespaces: [{ metadata: { name: "monitoring", labels: { team: "obs" } } }],
    });
    const api = ctx.pods.get(NS)?.[0] as Pod;
    expect(ingressVerdict(ctx, api, { namespace: "monitoring" }, 8080).allowedBy).toEqual([
      "allow-monitoring",
    ]);
    expect(ingressVerdict(ctx, api, { namespace: NS }, 8080).allowed).toBe(false);
    expect(ingressVerdict(buildContext({ pods: [api] }), api, { namespace: NS }, 8080)).toEqual({
      isolated: false,
      isolatingPolicies: [],
      allowedBy: [],
      allowed: true,
    });
  });
});
