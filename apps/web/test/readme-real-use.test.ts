import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "@clustercord/testenv/cluster";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadWebEnv } from "../src/server/env";

/**
 * The README's "Use it with your Discord and your cluster": every command in
 * it is run here or checked against the files it names. (The cluster setup
 * commands are run in packages/api/test/cluster-setup.cluster.test.ts, the
 * Helm install line is rendered in packages/testenv/test/helm-chart.cluster.test.ts.)
 */
const readme = readFileSync(join(repoRoot, "README.md"), "utf8");
const start = readme.indexOf("## Use it with your Discord and your cluster");
const section = readme.slice(start, readme.indexOf("\n## ", start + 10));
const blocks = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1] ?? "");
const lines = (block: string) => block.split("\n").filter((l) => l.trim());
const read = (...path: string[]) => readFileSync(join(repoRoot, ...path), "utf8");

describe("the README's real-use section", () => {
  it("has the secrets, compose, Helm and cluster setup blocks", () => {
    expect(start).toBeGreaterThan(0);
    expect(blocks).toHaveLength(4);
  });

  it("generates secrets a production web process accepts", () => {
    const values: Record<string, string> = {};
    for (const line of lines(blocks[0] ?? "")) {
      const [command = "", variable = ""] = line.split(/\s+#\s+/);
      values[variable.trim()] = execFileSync("bash", ["-c", command], { encoding: "utf8" }).trim();
    }
    expect(Object.keys(values)).toEqual([
      "AUTH_SECRET",
      "WORKER_SERVICE_TOKEN",
      "CLUSTERCORD_ENCRYPTION_KEYS",
    ]);
    const env = loadWebEnv({
      NODE_ENV: "production",
      PUBLIC_URL: "https://clustercord.example.com",
      DISCORD_CLIENT_ID: "123456789012345678",
      DISCORD_CLIENT_SECRET: "client-secret",
      DISCORD_BOT_TOKEN: "bot-token",
      ...values,
    });
    expect(env.encryptionKeys[0]?.key).toHaveLength(32);
  });

  it("starts compose from a file whose images and settings exist", () => {
    expect(lines(blocks[1] ?? "")).toEqual(["docker compose -f docker/compose.yaml up --build"]);
    const compose = parse(read("docker", "compose.yaml")) as {
      services: Record<string, { build?: { target: string }; environment?: Record<string, string> }>;
    };
    expect(Object.keys(compose.services)).toEqual(["postgres", "redis", "web", "worker", "jobs"]);
    const targets = [...read("docker", "Dockerfile").matchAll(/^FROM \S+ AS (\S+)$/gm)].map((m) => m[1]);
    const documented = new Set([...read(".env.example").matchAll(/^([A-Z_]+)=/gm)].map((m) => m[1]));
    for (const [name, service] of Object.entries(compose.services)) {
      if (service.build) expect(targets, name).toContain(service.build.target);
      for (const variable of Object.keys(service.environment ?? {})) {
        if (name !== "postgres") expect(documented, `${name}: ${variable}`).toContain(variable);
      }
    }
    // Queue mode needs both: the web enqueues, the jobs process runs.
    expect(compose.services.web?.environment?.REDIS_URL).toBe(compose.services.jobs?.environment?.REDIS_URL);
  });

  it("creates the Secret the chart reads, with every key it expects, and sets only values the chart has", () => {
    const [namespace = "", secret = "", install = ""] = lines(blocks[2] ?? "");
    expect(namespace).toBe("kubectl create namespace clustercord");
    const values = parse(read("docker", "helm", "clustercord", "values.yaml")) as {
      existingSecret: { name: string; keys: Record<string, string> };
    };
    expect(secret).toMatch(
      new RegExp(`^kubectl -n clustercord create secret generic ${values.existingSecret.name} `),
    );
    const literals = [...secret.matchAll(/--from-literal=([A-Z_]+)=/g)].map((m) => m[1]);
    expect(literals.sort()).toEqual(Object.values(values.existingSecret.keys).sort());
    expect(install).toMatch(/^helm install clustercord docker\/helm\/clustercord -n clustercord /);
    for (const [, path = ""] of install.matchAll(/--set(?:-string)? ([\w.]+)=/g)) {
      let node: unknown = values;
      for (const key of path.split(".")) node = (node as Record<string, unknown>)[key];
      expect(node, path).toBeDefined();
    }
  });
});
