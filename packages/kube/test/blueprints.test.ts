import { describe, expect, it } from "vitest";
import { accessInfo, accessMessage, componentValues, installOrder, PRESETS, presetByKey } from "../src/index";

const b64 = (s: string) => Buffer.from(s).toString("base64");

describe("blueprint presets", () => {
  it("list every component after what it depends on, with pinned versions", () => {
    for (const preset of PRESETS) {
      expect(installOrder(preset).map((c) => c.name)).toEqual(preset.components.map((c) => c.name));
      for (const c of preset.components) {
        expect(c.version).toMatch(/^v?\d+\.\d+\.\d+$/);
        expect(c.chart).toMatch(/^[a-z0-9-]+\/[a-z0-9-]+$/);
      }
    }
  });

  it("refuse an order where a component comes before its dependency", () => {
    const preset = presetByKey("cert-manager");
    const reversed = { ...preset, components: [...preset.components].reverse() };
    expect(() => installOrder(reversed)).toThrow(
      /letsencrypt-issuer comes before cert-manager, ingress-nginx/,
    );
  });

  it("fill the email answer into the issuer and nothing else", () => {
    const issuer = presetByKey("cert-manager").components.find((c) => c.name === "letsencrypt-issuer");
    if (!issuer) throw new Error("no issuer");
    const values = componentValues(issuer, { email: "ops@example.com" }) as {
      resources: { spec: { acme: { email: string; server: string } } }[];
    };
    expect(values.resources[0]?.spec.acme.email).toBe("ops@example.com");
    expect(values.resources[0]?.spec.acme.server).toBe("https://acme-v02.api.letsencrypt.org/directory");
    // The preset itself is untouched.
    expect(JSON.stringify(issuer.values)).toContain("{{email}}");
  });

  it("mark the presets that need the email", () => {
    expect(PRESETS.filter((p) => p.asks.includes("email")).map((p) => p.key)).toEqual([
      "cert-manager",
      "full-stack",
    ]);
  });
});

describe("access after install", () => {
  const monitoring = presetByKey("monitoring");
  const secret = {
    namespace: "monitoring",
    name: "monitoring-grafana",
    data: { "admin-user": b64("admin"), "admin-password": b64("s3cr3t-Grafana") },
  };

  it("prefers an Ingress host, then a load balancer, else says how to port-forward", () => {
    const info = accessInfo(monitoring.components, {
      services: [
        { namespace: "monitoring", name: "monitoring-grafana", type: "ClusterIP", ports: [80], external: [] },
        {
          namespace: "monitoring",
          name: "monitoring-kube-prometheus-prometheus",
          type: "LoadBalancer",
          ports: [9090],
          external: ["203.0.113.7"],
        },
      ],
      ingresses: [
        {
          namespace: "monitoring",
          name: "grafana",
          rules: [{ host: "grafana.example.com", tls: true, services: ["monitoring-grafana"] }],
        },
      ],
      secrets: [secret],
    });
    expect(info.access).toEqual([
      { label: "Grafana", url: "https://grafana.example.com/", command: null },
      { label: "Prometheus", url: "http://203.0.113.7:9090/", command: null },
      {
        label: "Alertmanager",
        url: null,
        command:
          "kubectl -n monitoring port-forward svc/monitoring-kube-prometheus-alertmanager 9093:9093  # then http://localhost:9093/",
      },
    ]);
    expect(info.credentials).toEqual([
      { label: "Grafana admin", username: "admin", password: "s3cr3t-Grafana" },
    ]);
    expect(info.missing).toEqual([]);
  });

  it("names a credential Secret that is not there instead of guessing", () => {
    const info = accessInfo(presetByKey("argocd").components, { services: [], ingresses: [], secrets: [] });
    expect(info.credentials).toEqual([]);
    expect(info.missing).toEqual(["Argo CD admin (Secret argocd/argocd-initial-admin-secret)"]);
    expect(info.access[0]?.command).toContain("port-forward svc/argocd-server 8080:80");
  });

  it("writes the message with URLs, spoilered credentials, next steps and tips", () => {
    const info = accessInfo(monitoring.components, { services: [], ingresses: [], secrets: [secret] });
    const text = accessMessage(monitoring, info);
    expect(text).toContain("||`s3cr3t-Grafana`||");
    expect(text).toContain("**Next steps**\n- Open Grafana and change the admin password.");
    expect(text).toContain("**Tips**");
  });
});
