import { describe, expect, it } from "vitest";
import { MASK, MASK_CHANGED } from "../../src/helm/index";
import { objectDiff } from "../../src/manifests/index";

const b64 = (s: string) => Buffer.from(s).toString("base64");

const planned = {
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "api", namespace: "shop", labels: { app: "api" } },
  spec: {
    replicas: 3,
    selector: { matchLabels: { app: "api" } },
    template: { spec: { containers: [{ name: "api", image: "api:2" }] } },
  },
};

/** What the server has for it: bookkeeping the diff must ignore. */
const serverSide = (
  object: { metadata: object } & Record<string, unknown>,
  over: Record<string, unknown> = {},
) => ({
  ...object,
  metadata: {
    ...object.metadata,
    uid: "0d6f3c2e-1111-2222-3333-444455556666",
    resourceVersion: "4711",
    generation: 7,
    creationTimestamp: "2026-11-30T08:00:00Z",
    managedFields: [{ manager: "kubectl", operation: "Apply", fieldsV1: { "f:spec": {} } }],
    annotations: { "kubectl.kubernetes.io/last-applied-configuration": '{"spec":{"replicas":1}}' },
  },
  status: { replicas: 3, readyReplicas: 1 },
  ...over,
});

describe("objectDiff", () => {
  it("created: everything added, headed Kind ns/name", () => {
    const { change, diff } = objectDiff(null, planned);
    expect(change).toBe("created");
    expect(diff.split("\n").slice(0, 3)).toEqual([
      "--- Deployment shop/api",
      "+++ Deployment shop/api",
      "@@ -0,0 +1,17 @@",
    ]);
    expect(diff).toContain("+kind: Deployment\n");
    expect(diff).not.toMatch(/^-[^-]/m);
  });

  it("unchanged: server bookkeeping (managedFields, status, uid, resourceVersion, generation, last-applied) is not a change", () => {
    const live = serverSide(planned);
    const next = serverSide(planned, { status: { replicas: 0 } });
    (next.metadata as Record<string, unknown>).resourceVersion = "4712";
    expect(objectDiff(live, next)).toEqual({ change: "unchanged", diff: "" });
  });

  it("changed: a unified diff with 3 lines of context", () => {
    const live = serverSide({ ...planned, spec: { ...planned.spec, replicas: 2 } });
    const { change, diff } = objectDiff(live, serverSide(planned));
    expect(change).toBe("changed");
    expect(diff).toBe(
      [
        "--- Deployment shop/api",
        "+++ Deployment shop/api",
        "@@ -6,7 +6,7 @@",
        "   name: api",
        "   namespace: shop",
        " spec:",
        "-  replicas: 2",
        "+  replicas: 3",
        "   selector:",
        "     matchLabels:",
        "       app: api",
        "",
      ].join("\n"),
    );
  });

  describe("Secrets", () => {
    const secret = (data: Record<string, string>, field: "data" | "stringData" = "data") => ({
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "db", namespace: "shop" },
      type: "Opaque",
      [field]: data,
    });

    it("never shows a value, but shows which key changed", () => {
      const live = serverSide(secret({ user: b64("app"), password: b64("old-hunter2") }));
      const next = secret({ user: b64("app"), password: b64("new-hunter2"), token: b64("tok-value") });
      const { change, diff } = objectDiff(live, next);
      expect(change).toBe("changed");
      for (const value of ["app", "old-hunter2", "new-hunter2", "tok-value"]) {
        expect(diff).not.toContain(value);
        expect(diff).not.toContain(b64(value));
      }
      expect(diff).toContain(
        `-  password: ${MASK}\n+  password: ${MASK_CHANGED}\n+  token: ${MASK}\n   user: ${MASK}\n`,
      );
    });

    it("compares stringData as the server stores it (in data), so an equal value is unchanged", () => {
      const live = serverSide(secret({ password: b64("s3cret") }));
      expect(objectDiff(live, secret({ password: "s3cret" }, "stringData")).change).toBe("unchanged");
      const changed = objectDiff(live, secret({ password: "other" }, "stringData"));
      expect(changed.change).toBe("changed");
      expect(changed.diff).not.toContain("other");
      expect(changed.diff).toContain(MASK_CHANGED);
    });

    it("masks a created Secret", () => {
      const { change, diff } = objectDiff(null, secret({ password: b64("hunter2") }));
      expect(change).toBe("created");
      expect(diff).toContain(`+  password: ${MASK}\n`);
      expect(diff).not.toContain(b64("hunter2"));
    });
  });
});
