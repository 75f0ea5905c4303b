import { generateKeyPairSync } from "node:crypto";
import type { V1Deployment } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import {
  checkSecretType,
  deploymentsUsingSecret,
  diffSecretKeys,
  generateSecretValue,
  PASSWORD_ALPHABET,
  secretManifest,
} from "../../src/secrets/index";
import { selfSignedCertificate } from "../fixtures/kubeconfigs/self-signed";

describe("checkSecretType", () => {
  it("accepts anything for Opaque", () => {
    expect(() => checkSecretType("Opaque", { anything: "goes" })).not.toThrow();
  });

  it("checks the dockerconfigjson shape", () => {
    const type = "kubernetes.io/dockerconfigjson";
    const good = JSON.stringify({ auths: { "ghcr.io": { auth: Buffer.from("u:p").toString("base64") } } });
    expect(() => checkSecretType(type, { ".dockerconfigjson": good })).not.toThrow();
    expect(() => checkSecretType(type, { config: good })).toThrow(/needs the key \.dockerconfigjson/);
    expect(() => checkSecretType(type, { ".dockerconfigjson": "{not json hunter2" })).toThrow(
      /^\.dockerconfigjson is not valid JSON$/,
    );
    expect(() => checkSecretType(type, { ".dockerconfigjson": "{}" })).toThrow(/must hold an "auths" object/);
    expect(() => checkSecretType(type, { ".dockerconfigjson": '{"auths": {"r": "x"}}' })).toThrow(
      /auths entry for "r" must be an object/,
    );
  });

  it("accepts a matching TLS pair and refuses a mismatched, missing or unreadable one", () => {
    const type = "kubernetes.io/tls";
    const a = selfSignedCertificate("a.example");
    const b = selfSignedCertificate("b.example");
    expect(() => checkSecretType(type, { "tls.crt": a.certPem, "tls.key": a.keyPem })).not.toThrow();
    expect(() => checkSecretType(type, { "tls.crt": a.certPem, "tls.key": b.keyPem })).toThrow(
      /tls\.crt and tls\.key do not match/,
    );
    expect(() => checkSecretType(type, { "tls.crt": a.certPem })).toThrow(/missing: tls\.key/);
    expect(() => checkSecretType(type, { "tls.crt": "nope", "tls.key": a.keyPem })).toThrow(
      /tls\.crt is not a PEM certificate/,
    );
    expect(() => checkSecretType(type, { "tls.crt": a.certPem, "tls.key": "nope" })).toThrow(
      /tls\.key is not a PEM private key/,
    );
  });

  it("refuses an encrypted key and a key of another algorithm", () => {
    const type = "kubernetes.io/tls";
    const a = selfSignedCertificate("a.example");
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const encrypted = privateKey
      .export({ type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: "pw" })
      .toString();
    expect(() => checkSecretType(type, { "tls.crt": a.certPem, "tls.key": encrypted })).toThrow(
      /tls\.key is encrypted with a passphrase/,
    );
    const rsaPem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    expect(() => checkSecretType(type, { "tls.crt": a.certPem, "tls.key": rsaPem })).toThrow(/do not match/);
  });
});

describe("diffSecretKeys", () => {
  it("lists added, removed, changed and unchanged keys, sorted", () => {
    expect(
      diffSecretKeys({ b: "1", a: "same", c: "old", gone: "x" }, { a: "same", c: "new", b: "2", fresh: "y" }),
    ).toEqual({ added: ["fresh"], removed: ["gone"], changed: ["b", "c"], unchanged: ["a"] });
    expect(diffSecretKeys({ e: "" }, { e: "" })).toEqual({
      added: [],
      removed: [],
      changed: [],
      unchanged: ["e"],
    });
  });
});

describe("generateSecretValue", () => {
  it("makes passwords of the length asked, from a shell- and URL-safe alphabet, with every class", () => {
    for (let i = 0; i < 50; i++) {
      const pw = generateSecretValue("password", 12);
      expect(pw).toHaveLength(12);
      expect([...pw].every((c) => PASSWORD_ALPHABET.includes(c))).toBe(true);
      expect(pw).toMatch(/[a-z]/);
      expect(pw).toMatch(/[A-Z]/);
      expect(pw).toMatch(/[0-9]/);
      expect(pw).toMatch(/[-_.]/);
      expect(encodeURIComponent(pw)).toBe(pw);
    }
    expect(generateSecretValue("password", 32)).not.toBe(generateSecretValue("password", 32));
  });

  it("makes tokens, hex and base64 of the shape asked", () => {
    expect(generateSecretValue("token", 40)).toMatch(/^[A-Za-z0-9_-]{40}$/);
    expect(generateSecretValue("hex", 31)).toMatch(/^[0-9a-f]{31}$/);
    const b64 = generateSecretValue("base64", 32);
    expect(b64).toHaveLength(44);
    expect(Buffer.from(b64, "base64")).toHaveLength(32);
    expect(() => generateSecretValue("hex", 0)).toThrow(/length/);
  });
});

describe("secretManifest", () => {
  it("builds the Secret for server-side apply, labelled and annotated with the version", () => {
    const manifest = secretManifest({
      name: "db-creds",
      namespace: "prod",
      type: "Opaque",
      values: { user: "app", "pass.word": "p@ss é" },
      version: 3,
      labels: { team: "a", "app.kubernetes.io/managed-by": "someone-else" },
    });
    expect(manifest).toEqual({
      apiVersion: "v1",
      kind: "Secret",
      metadata: {
        name: "db-creds",
        namespace: "prod",
        labels: { team: "a", "app.kubernetes.io/managed-by": "clustercord" },
        annotations: { "clustercord.io/vault-version": "3" },
      },
      type: "Opaque",
      data: { user: "YXBw", "pass.word": Buffer.from("p@ss é").toString("base64") },
    });
  });
});

describe("deploymentsUsingSecret", () => {
  const deployment = (name: string, spec: Record<string, unknown>): V1Deployment => ({
    metadata: { name },
    spec: { selector: {}, template: { spec: { containers: [], ...spec } } },
  });
  it("finds env, envFrom, volume, projected and pull-secret uses in containers and init containers", () => {
    const deployments = [
      deployment("env", {
        containers: [
          { name: "c", env: [{ name: "X", valueFrom: { secretKeyRef: { name: "s", key: "k" } } }] },
        ],
      }),
      deployment("env-from", {
        containers: [{ name: "c" }],
        initContainers: [{ name: "i", envFrom: [{ secretRef: { name: "s" } }] }],
      }),
      deployment("volume", {
        containers: [{ name: "c" }],
        volumes: [{ name: "v", secret: { secretName: "s" } }],
      }),
      deployment("projected", {
        containers: [{ name: "c" }],
        volumes: [
          { name: "v", projected: { sources: [{ configMap: { name: "s" } }, { secret: { name: "s" } }] } },
        ],
      }),
      deployment("pull", { containers: [{ name: "c" }], imagePullSecrets: [{ name: "s" }] }),
      deployment("other-secret", {
        containers: [{ name: "c", envFrom: [{ secretRef: { name: "t" } }, { configMapRef: { name: "s" } }] }],
        volumes: [{ name: "v", configMap: { name: "s" } }],
      }),
      deployment("none", { containers: [{ name: "c" }] }),
    ];
    expect(deploymentsUsingSecret(deployments, "s")).toEqual([
      "env",
      "env-from",
      "projected",
      "pull",
      "volume",
    ]);
    expect(deploymentsUsingSecret(deployments, "t")).toEqual(["other-secret"]);
    expect(deploymentsUsingSecret(deployments, "nothing")).toEqual([]);
  });
});
