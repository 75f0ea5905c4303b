import { describe, expect, it } from "vitest";
import { loadWebEnv } from "../src/server/env";

const valid = {
  DISCORD_CLIENT_ID: "900000000000000001",
  DISCORD_CLIENT_SECRET: "secret",
  DISCORD_BOT_TOKEN: "bot",
  WORKER_SERVICE_TOKEN: "w".repeat(32),
};

describe("loadWebEnv", () => {
  it("applies defaults and derives the allowed origin from PUBLIC_URL", () => {
    const env = loadWebEnv({ ...valid, PUBLIC_URL: "https://cc.example.com/" });
    expect(env.PORT).toBe(3000);
    expect(env.allowedOrigins).toEqual(["https://cc.example.com"]);
    expect(env.AUTH_SECRET.length).toBeGreaterThanOrEqual(32);
  });
  it("names every bad variable", () => {
    expect(() => loadWebEnv({ ...valid, WORKER_SERVICE_TOKEN: "short", DISCORD_CLIENT_ID: "x" })).toThrow(
      /WORKER_SERVICE_TOKEN[\s\S]*DISCORD_CLIENT_ID|DISCORD_CLIENT_ID[\s\S]*WORKER_SERVICE_TOKEN/,
    );
  });
  it("requires AUTH_SECRET in production", () => {
    expect(() => loadWebEnv({ ...valid, NODE_ENV: "production" })).toThrow(
      /AUTH_SECRET: is required in production/,
    );
  });
  it("refuses a non-PostgreSQL DATABASE_URL", () => {
    expect(() => loadWebEnv({ ...valid, DATABASE_URL: "mysql://x" })).toThrow(/DATABASE_URL/);
  });
});

describe("CLUSTERCORD_ENCRYPTION_KEYS", () => {
  const key = Buffer.alloc(32, 7).toString("base64");
  it("parses a keyring, the first key sealing", () => {
    const env = loadWebEnv({ ...valid, CLUSTERCORD_ENCRYPTION_KEYS: `k2:${key},k1:${key}` });
    expect(env.encryptionKeys.map((k) => k.id)).toEqual(["k2", "k1"]);
  });
  it("refuses a short key, naming the variable but not the key", () => {
    const short = Buffer.alloc(8, 1).toString("base64");
    expect(() => loadWebEnv({ ...valid, CLUSTERCORD_ENCRYPTION_KEYS: `k1:${short}` })).toThrow(
      /CLUSTERCORD_ENCRYPTION_KEYS: encryption key k1: must be 32 bytes/,
    );
  });
  it("is required in production", () => {
    expect(() => loadWebEnv({ ...valid, NODE_ENV: "production", AUTH_SECRET: "s".repeat(32) })).toThrow(
      /CLUSTERCORD_ENCRYPTION_KEYS: is required in production/,
    );
  });
});

describe("cluster connection policy (operator settings)", () => {
  it("defaults to public addresses only: no private network, proxy, plain http or insecure TLS", () => {
    const { clusterPolicy } = loadWebEnv(valid);
    expect(clusterPolicy.allowedNetworks.cidrs).toEqual([]);
    expect(clusterPolicy).toMatchObject({
      allowProxy: false,
      allowPlainHttp: false,
      allowInsecureTls: false,
    });
    // An .env copied from .env.example leaves them empty: still off.
    const empty = loadWebEnv({
      ...valid,
      CLUSTERCORD_ALLOW_CLUSTER_PROXY: "",
      CLUSTERCORD_ALLOWED_CLUSTER_NETWORKS: "",
    });
    expect(empty.clusterPolicy.allowProxy).toBe(false);
  });

  it("reads allowed networks and each permission", () => {
    const { clusterPolicy } = loadWebEnv({
      ...valid,
      CLUSTERCORD_ALLOWED_CLUSTER_NETWORKS: "127.0.0.1/32, 10.0.0.0/8",
      CLUSTERCORD_ALLOW_CLUSTER_PROXY: "true",
      CLUSTERCORD_ALLOW_PLAIN_HTTP_CLUSTERS: "true",
      CLUSTERCORD_ALLOW_INSECURE_CLUSTER_TLS: "false",
    });
    expect(clusterPolicy.allowedNetworks.cidrs).toEqual(["127.0.0.1/32", "10.0.0.0/8"]);
    expect(clusterPolicy).toMatchObject({ allowProxy: true, allowPlainHttp: true, allowInsecureTls: false });
  });

  it("names a bad network or flag", () => {
    expect(() => loadWebEnv({ ...valid, CLUSTERCORD_ALLOWED_CLUSTER_NETWORKS: "10.0.0.1/8" })).toThrow(
      /CLUSTERCORD_ALLOWED_CLUSTER_NETWORKS: "10\.0\.0\.1\/8" has bits set after the \/8 prefix/,
    );
    expect(() => loadWebEnv({ ...valid, CLUSTERCORD_ALLOW_CLUSTER_PROXY: "yes" })).toThrow(
      /CLUSTERCORD_ALLOW_CLUSTER_PROXY: must be true or false/,
    );
  });
});

describe("AI explanations (operator settings)", () => {
  it("are off by default and when an .env copied from .env.example leaves them empty", () => {
    expect(loadWebEnv(valid).LLM_BASE_URL).toBeUndefined();
    const empty = loadWebEnv({ ...valid, LLM_BASE_URL: "", LLM_MODEL: "", LLM_API_KEY: "" });
    expect(empty.LLM_BASE_URL).toBeUndefined();
    expect(empty.llmPolicy).toMatchObject({ allowPlainHttp: false, allowProxy: false });
    expect(empty.llmPolicy.allowedNetworks.cidrs).toEqual([]);
  });
  it("need a model with a base URL, and read the AI API's own network permissions", () => {
    expect(() => loadWebEnv({ ...valid, LLM_BASE_URL: "http://127.0.0.1:11434/v1" })).toThrow(
      /LLM_MODEL: is required when LLM_BASE_URL is set/,
    );
    const env = loadWebEnv({
      ...valid,
      LLM_BASE_URL: "http://127.0.0.1:11434/v1",
      LLM_MODEL: "llama3.1",
      CLUSTERCORD_ALLOWED_LLM_NETWORKS: "127.0.0.1/32",
      CLUSTERCORD_ALLOW_PLAIN_HTTP_LLM: "true",
    });
    expect(env.llmPolicy.allowedNetworks.cidrs).toEqual(["127.0.0.1/32"]);
    expect(env.llmPolicy.allowPlainHttp).toBe(true);
    expect(env.LLM_TIMEOUT_SECONDS).toBe(120);
  });
});

describe("snapshot archives' store (operator settings)", () => {
  it("is a directory under DATA_DIR by default, also when an .env copied from .env.example leaves S3 empty", () => {
    const env = loadWebEnv({
      ...valid,
      DATA_DIR: "/srv/cc",
      BLOB_STORE_DIR: "",
      S3_ENDPOINT: "",
      S3_BUCKET: "",
    });
    expect(env.blobStore).toEqual({ kind: "dir", dir: "/srv/cc/blobs" });
    expect(loadWebEnv({ ...valid, BLOB_STORE_DIR: "/mnt/blobs" }).blobStore).toEqual({
      kind: "dir",
      dir: "/mnt/blobs",
    });
  });
  it("is the S3-compatible store when S3_ENDPOINT is set, which then needs a bucket and keys", () => {
    expect(() => loadWebEnv({ ...valid, S3_ENDPOINT: "https://s3.example.com" })).toThrow(
      /S3_BUCKET: is required when S3_ENDPOINT is set/,
    );
    const env = loadWebEnv({
      ...valid,
      S3_ENDPOINT: "http://10.1.2.3:9000",
      S3_BUCKET: "snapshots",
      S3_ACCESS_KEY_ID: "AKID",
      S3_SECRET_ACCESS_KEY: "not-a-real-secret",
      S3_FORCE_PATH_STYLE: "true",
      CLUSTERCORD_ALLOWED_S3_NETWORKS: "10.0.0.0/8",
    });
    expect(env.blobStore).toMatchObject({
      kind: "s3",
      endpoint: "http://10.1.2.3:9000",
      bucket: "snapshots",
      region: "us-east-1",
      forcePathStyle: true,
      policy: { allowPlainHttp: true, allowProxy: false },
    });
    expect(env.blobStore.kind === "s3" && env.blobStore.policy.allowedNetworks.cidrs).toEqual(["10.0.0.0/8"]);
  });
});
