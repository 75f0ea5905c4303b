import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AppError } from "@clustercord/contracts";
import { createOutboundGuard, PUBLIC_ONLY } from "@clustercord/outbound";
import { localClusterPolicy } from "@clustercord/testenv";
import { binaryPaths } from "@clustercord/testenv/cluster";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runHelm } from "../src/helm/cli";
import type { SelectedContext } from "../src/kubeconfig";

const TOKEN = "helm-cli-test-token-0123456789";
const guard = createOutboundGuard(localClusterPolicy);
let workDir: string;
/** Accepts connections and never answers: helm waits until it is stopped. */
let silent: Server;
let silentPort: number;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), "cc-helm-cli-"));
  silent = createServer(() => undefined);
  await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
  silentPort = (silent.address() as { port: number }).port;
});

afterAll(async () => {
  silent?.close();
  await rm(workDir, { recursive: true, force: true });
});

const cluster = (server: string): SelectedContext => ({
  contextName: "t",
  server,
  insecureSkipTlsVerify: true,
  credentials: { kind: "token", token: TOKEN },
});

const runs = async () => (await readdir(workDir)).filter((n) => n.startsWith("run-"));

const options = (server: string) => ({
  binary: binaryPaths().helm,
  workDir,
  cluster: cluster(server),
  impersonation: { user: "clustercord:discord:1", groups: ["clustercord:guild:2:operator"] },
  guard,
  args: ["list", "--all-namespaces", "--output", "json"],
  timeoutMs: 60_000,
});

describe("runHelm", () => {
  it("gives helm a private 0600 kubeconfig with the cluster's own credentials, removed when it ends (timeout)", async () => {
    const running = runHelm({ ...options(`https://127.0.0.1:${silentPort}`), timeoutMs: 3_000 });
    // While helm waits on the silent server, its run directory exists.
    let seen: string[] = [];
    for (let i = 0; i < 40 && seen.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
      seen = await runs();
    }
    expect(seen).toHaveLength(1);
    const kubeconfig = join(workDir, seen[0] as string, "kubeconfig");
    expect((await stat(kubeconfig)).mode & 0o777).toBe(0o600);
    expect(await readFile(kubeconfig, "utf8")).toContain(TOKEN);

    const error = await running.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("UPSTREAM");
    expect((error as AppError).userMessage).toBe("Helm did not finish within 3 s and was stopped.");
    expect(await runs()).toEqual([]);
  });

  it("stops helm when its signal aborts", async () => {
    const controller = new AbortController();
    const running = runHelm({ ...options(`https://127.0.0.1:${silentPort}`), signal: controller.signal });
    setTimeout(() => controller.abort(), 300);
    await expect(running).rejects.toMatchObject({ userMessage: "The Helm operation was cancelled." });
    expect(await runs()).toEqual([]);
  });

  it("reduces a failure to helm's Error: line, without the kubeconfig's path or the credentials", async () => {
    const error = (await runHelm(options("https://127.0.0.1:9")).catch((e: unknown) => e)) as AppError;
    expect(error.code).toBe("UPSTREAM");
    expect(error.userMessage).toMatch(/^Helm: Kubernetes cluster unreachable: .*connection refused/);
    expect(`${error.message} ${error.userMessage}`).not.toMatch(new RegExp(`${TOKEN}|kubeconfig|${workDir}`));
  });

  it("refuses a cluster address the guard refuses, before helm starts", async () => {
    const publicOnly = createOutboundGuard(PUBLIC_ONLY);
    await expect(runHelm({ ...options("https://10.1.2.3:6443"), guard: publicOnly })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    expect(await runs()).toEqual([]);
  });
});
