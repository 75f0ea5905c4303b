import { AppError } from "@clustercord/contracts";
import { describe, expect, it } from "vitest";
import {
  MASK,
  manifestObjectKey,
  maskManifest,
  normalizeLive,
  splitManifest,
  toManifestObject,
  withNamespace,
} from "../src/helm/index";

function userMessage(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return (error as AppError).userMessage;
  }
  throw new Error("expected an AppError");
}

const rendered = `---
# Source: web/templates/serviceaccount.yaml
apiVersion: v1
kind: ServiceAccount
metadata:
  name: web
---
# Source: web/templates/empty.yaml
---
# Source: web/templates/service.yaml
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  ports:
    - port: 80
---
# Source: web/templates/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
`;

describe("splitManifest", () => {
  it("reads each object with its template, skipping empty documents", () => {
    const objects = splitManifest(rendered);
    expect(objects.map((o) => [o.apiVersion, o.kind, o.name, o.namespace, o.source])).toEqual([
      ["v1", "ServiceAccount", "web", null, "web/templates/serviceaccount.yaml"],
      ["v1", "Service", "web", "shop", "web/templates/service.yaml"],
      ["apps/v1", "Deployment", "web", null, "web/templates/deployment.yaml"],
    ]);
    expect(objects[2]?.object).toEqual({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web" },
      spec: { replicas: 2 },
    });
  });

  it("reads nothing from an empty manifest", () => {
    expect(splitManifest("")).toEqual([]);
    expect(splitManifest("---\n# Source: x\n---\n")).toEqual([]);
  });

  it("names the template when a document is not readable or not an object", () => {
    const broken = "---\n# Source: web/templates/bad.yaml\nkind: [\n";
    expect(userMessage(() => splitManifest(broken))).toBe(
      "the chart rendered YAML that cannot be read (web/templates/bad.yaml)",
    );
    expect(
      userMessage(() => splitManifest("---\n# Source: web/templates/anon.yaml\nkind: ConfigMap\n")),
    ).toBe("the chart rendered an object without kind or metadata.name (web/templates/anon.yaml)");
  });
});

describe("manifestObjectKey and withNamespace", () => {
  const deployment = toManifestObject({
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web" },
  });
  const role = toManifestObject({
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRole",
    metadata: { name: "web" },
  });

  it("keys on group, kind, namespace and name, not version", () => {
    expect(deployment && manifestObjectKey(withNamespace(deployment, "shop"))).toBe(
      "apps/Deployment/shop/web",
    );
    const beta = toManifestObject({
      apiVersion: "apps/v1beta2",
      kind: "Deployment",
      metadata: { name: "web", namespace: "shop" },
    });
    expect(beta && manifestObjectKey(beta)).toBe("apps/Deployment/shop/web");
    expect(manifestObjectKey({ apiVersion: "v1", kind: "Service", name: "a", namespace: "b" })).toBe(
      "/Service/b/a",
    );
  });

  it("fills the release namespace only into namespaced kinds", () => {
    expect(role && withNamespace(role, "shop").namespace).toBeNull();
    expect(deployment && withNamespace(deployment, "shop").namespace).toBe("shop");
  });

  it("returns null for something that is not an object with kind and name", () => {
    expect(toManifestObject("text")).toBeNull();
    expect(toManifestObject({ kind: "Pod", metadata: {} })).toBeNull();
  });
});

describe("normalizeLive", () => {
  it("drops what the server and apply add, keeping what the chart says", () => {
    const live = {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: {
        name: "web",
        namespace: "shop",
        uid: "1234",
        resourceVersion: "99",
        generation: 3,
        creationTimestamp: "2026-01-01T00:00:00Z",
        selfLink: "/api/v1/x",
        managedFields: [{ manager: "helm" }],
        labels: { app: "web" },
        annotations: {
          "kubectl.kubernetes.io/last-applied-configuration": '{"data":{"password":"x"}}',
          "meta.helm.sh/release-name": "web",
          "meta.helm.sh/release-namespace": "shop",
          note: "kept",
        },
      },
      data: { a: "1" },
      status: { phase: "whatever" },
    };
    const normalized = normalizeLive(live);
    expect(normalized).toEqual({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "web", namespace: "shop", labels: { app: "web" }, annotations: { note: "kept" } },
      data: { a: "1" },
    });
    expect(live.metadata.uid).toBe("1234");
    const { note: _note, ...onlyAdded } = live.metadata.annotations;
    expect(normalizeLive({ ...live, metadata: { name: "x", annotations: onlyAdded } })).toEqual({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "x" },
      data: { a: "1" },
    });
  });
});

describe("maskManifest", () => {
  it("masks Secret values and keeps everything else, with the templates named", () => {
    const text = `${rendered}---
# Source: web/templates/secret.yaml
apiVersion: v1
kind: Secret
metadata:
  name: web-auth
data:
  password: ${Buffer.from("manifest-password-1").toString("base64")}
stringData:
  token: manifest-token-2
`;
    const masked = maskManifest(text);
    expect(masked).toContain(`# Source: web/templates/secret.yaml\napiVersion: v1\nkind: Secret\n`);
    expect(masked).toContain(`data:\n  password: ${MASK}\nstringData:\n  token: ${MASK}\n`);
    expect(masked).toContain(
      "# Source: web/templates/deployment.yaml\napiVersion: apps/v1\nkind: Deployment\n",
    );
    expect(masked).toContain("replicas: 2");
    for (const secret of ["manifest-password-1", "manifest-token-2"]) {
      expect(masked).not.toContain(secret);
      expect(masked).not.toContain(Buffer.from(secret).toString("base64"));
    }
    expect(splitManifest(masked)).toHaveLength(4);
  });
});
