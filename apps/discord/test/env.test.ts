import { describe, expect, it } from "vitest";
import { loadWorkerEnv } from "../src/env";

const valid = {
  DISCORD_BOT_TOKEN: "bot-token-abc",
  DISCORD_APPLICATION_ID: "900000000000000001",
  WORKER_SERVICE_TOKEN: "s".repeat(32),
};

const failure = (source: Record<string, string>) => {
  try {
    loadWorkerEnv(source);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected the configuration to be refused");
};

describe("loadWorkerEnv", () => {
  it("applies defaults and normalizes URLs", () => {
    const env = loadWorkerEnv({ ...valid, CLUSTERCORD_API_URL: "http://127.0.0.1:4000/", UNRELATED: "x" });
    expect(env).toEqual({
      ...valid,
      DISCORD_API_BASE: "https://discord.com/api",
      CLUSTERCORD_API_URL: "http://127.0.0.1:4000",
      CLUSTERCORD_API_PLAIN_HTTP: false,
      COMMANDS_PER_MINUTE: 20,
      LOG_LEVEL: "info",
      LOG_PRETTY: false,
      METRICS_HOST: "127.0.0.1",
    });
  });

  it("reads the logs and metrics settings, naming a bad one", () => {
    const env = loadWorkerEnv({ ...valid, LOG_LEVEL: "debug", LOG_PRETTY: "true", METRICS_PORT: "9464" });
    expect(env).toMatchObject({ LOG_LEVEL: "debug", LOG_PRETTY: true, METRICS_PORT: 9464 });
    expect(failure({ ...valid, LOG_LEVEL: "loud", METRICS_PORT: "70000" })).toMatch(
      /LOG_LEVEL: must be fatal, error, warn, info, debug, trace or silent[\s\S]*METRICS_PORT: must be 1-65535/,
    );
  });

  it("requires https for an API that is not on this machine", () => {
    const message = failure({ ...valid, CLUSTERCORD_API_URL: "http://api.example.com" });
    expect(message).toMatch(/CLUSTERCORD_API_URL: must be https:\/\/ unless the API is on this machine/);
    for (const url of [
      "https://api.example.com",
      "http://127.0.0.1:3000",
      "http://localhost:3000",
      "http://[::1]:3000",
    ]) {
      expect(loadWorkerEnv({ ...valid, CLUSTERCORD_API_URL: url }).CLUSTERCORD_API_URL).toBe(url);
    }
    // A private network (compose's) may opt in explicitly; requests are signed either way.
    const compose = loadWorkerEnv({
      ...valid,
      CLUSTERCORD_API_URL: "http://web:3000",
      CLUSTERCORD_API_PLAIN_HTTP: "true",
    });
    expect(compose.CLUSTERCORD_API_URL).toBe("http://web:3000");
    expect(failure({ ...valid, CLUSTERCORD_API_PLAIN_HTTP: "yes" })).toMatch(
      /CLUSTERCORD_API_PLAIN_HTTP: must be true or false/,
    );
  });

  it("refuses a commands-per-minute that is not a positive whole number", () => {
    expect(failure({ ...valid, COMMANDS_PER_MINUTE: "0" })).toMatch(
      /COMMANDS_PER_MINUTE: must be at least 1/,
    );
    expect(failure({ ...valid, COMMANDS_PER_MINUTE: "many" })).toMatch(
      /COMMANDS_PER_MINUTE: must be a number/,
    );
  });

  it("treats empty variables as unset", () => {
    const env = loadWorkerEnv({ ...valid, DISCORD_DEV_GUILD_ID: "", DISCORD_API_BASE: " " });
    expect(env.DISCORD_DEV_GUILD_ID).toBeUndefined();
    expect(env.DISCORD_API_BASE).toBe("https://discord.com/api");
  });

  it("accepts a dev guild id", () => {
    expect(loadWorkerEnv({ ...valid, DISCORD_DEV_GUILD_ID: "200000000000000001" }).DISCORD_DEV_GUILD_ID).toBe(
      "200000000000000001",
    );
  });

  it("names each missing required variable", () => {
    const message = failure({});
    expect(message).toContain("DISCORD_BOT_TOKEN: is required");
    expect(message).toContain("DISCORD_APPLICATION_ID: is required");
    expect(message).toContain("WORKER_SERVICE_TOKEN: is required");
  });

  it("refuses a short service token by name, without echoing it", () => {
    const message = failure({ ...valid, WORKER_SERVICE_TOKEN: "short-secret-value" });
    expect(message).toMatch(/WORKER_SERVICE_TOKEN: must be at least 32 characters/);
    expect(message).not.toContain("short-secret-value");
  });

  it("refuses malformed ids and URLs by name", () => {
    expect(failure({ ...valid, DISCORD_APPLICATION_ID: "my-app" })).toMatch(
      /DISCORD_APPLICATION_ID: must be a Discord id/,
    );
    expect(failure({ ...valid, DISCORD_DEV_GUILD_ID: "guild" })).toMatch(
      /DISCORD_DEV_GUILD_ID: must be a Discord id/,
    );
    expect(failure({ ...valid, DISCORD_API_BASE: "discord.com/api" })).toMatch(
      /DISCORD_API_BASE: must be an http\(s\) URL/,
    );
    expect(failure({ ...valid, CLUSTERCORD_API_URL: "ftp://x" })).toMatch(/CLUSTERCORD_API_URL/);
  });
});
