import { describe, expect, it } from "vitest";
import { looksSecret, MASK, maskValues, secretStrings } from "../src/helm/index";

describe("looksSecret", () => {
  it.each([
    "password",
    "adminPassword",
    "root_password",
    "postgres-password",
    "PASSWORD",
    "passwd",
    "htpasswd",
    "passphrase",
    "secret",
    "clientSecret",
    "existingSecret",
    "token",
    "authToken",
    "bearertoken",
    "apikey",
    "apiKey",
    "api_key",
    "accessKey",
    "privateKey",
    "secretKey",
    "TLSKey",
    "key",
    "credentials",
    "awsCredentials",
    "creds",
    "auth",
    "basicAuth",
    "dsn",
    "connectionString",
  ])("%s looks secret", (key) => {
    expect(looksSecret(key)).toBe(true);
  });

  it.each([
    "keyboard",
    "monkey",
    "tokenizer",
    "tokenizerModel",
    "author",
    "authEnabled",
    "keys",
    "replicaCount",
    "image",
    "service",
    "port",
    "hostname",
    "passive",
    "",
  ])("%s does not look secret", (key) => {
    expect(looksSecret(key)).toBe(false);
  });
});

describe("maskValues", () => {
  const values = {
    image: { repository: "nginx", tag: "1.25" },
    auth: { enabled: true, rootPassword: "hunter2hunter2", users: ["alice", "bob"] },
    db: { password: "s3cr3t-value", host: "db.local", port: 5432 },
    apiKey: null,
    extraEnv: [{ name: "A", value: "1" }],
  };

  it("masks every leaf under a secret-looking key, keeping the shape", () => {
    const masked = maskValues(values);
    expect(masked).toEqual({
      image: { repository: "nginx", tag: "1.25" },
      auth: { enabled: MASK, rootPassword: MASK, users: [MASK, MASK] },
      db: { password: MASK, host: "db.local", port: 5432 },
      apiKey: null,
      extraEnv: [{ name: "A", value: "1" }],
    });
    const text = JSON.stringify(masked);
    for (const secret of ["hunter2hunter2", "s3cr3t-value", "alice"]) expect(text).not.toContain(secret);
  });

  it("copies: the input is not changed", () => {
    const before = JSON.stringify(values);
    maskValues(values);
    expect(JSON.stringify(values)).toBe(before);
  });
});

describe("secretStrings", () => {
  it("collects the values under secret-looking keys as text", () => {
    expect(
      secretStrings({
        a: { password: "p4ssword", port: 1 },
        token: 123456,
        list: [{ secret: "x-y-z" }],
        none: null,
      }),
    ).toEqual(["p4ssword", "123456", "x-y-z"]);
  });
});
