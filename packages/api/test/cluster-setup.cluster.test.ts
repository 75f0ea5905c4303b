import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import type { ClustersAddOutput, ClustersSetupOutput } from "@clustercord/contracts";
import { repoRoot } from "@clustercord/testenv/cluster";
import { registerSecret } from "@clustercord/testenv/leak-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACME, ALICE, type ApiHarness, BETA, BOB, CAROL, startApiHarness } from "./harness";

/**
 * The setup an operator is shown before adding a cluster, run exactly as the
 * instructions say (as a cluster admin, in bash, with the built kubectl on
 * PATH), and the kubeconfig it prints added to ClusterCord: the credentials
 * it makes are enough for everything ClusterCord does with its own.
 */
const run = promisify(execFile);
let h: ApiHarness;
let workDir: string;
let setup: ClustersSetupOutput;
let kubeconfig: string;

beforeAll(async () => {
  h = await startApiHarness();
  workDir = await mkdtemp(join(tmpdir(), "cc-setup-"));
}, 600_000);

afterAll(async () => {
  await h?.close();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

describe("preparing a real cluster", () => {
  it("shows any member the manifest and the two kubectl commands", async () => {
    const res = await h.call<ClustersSetupOutput>("clusters.setup", [CAROL, ACME]);
    expect(res.error).toBeUndefined();
    setup = res.data;
    expect(setup.commands).toHaveLength(2);
    expect(setup.manifest).toContain("kind: ClusterRole");
    // The README's real-use section shows exactly these commands.
    const readme = await readFile(join(repoRoot, "README.md"), "utf8");
    expect(readme).toContain(`\`\`\`sh\n${setup.commands.join("\n")}\n\`\`\``);
  });

  it("runs as written and prints a kubeconfig with the service account's token, none of the admin's credentials", async () => {
    await writeFile(join(workDir, setup.filename), setup.manifest);
    // Only what a shell of the operator's would have: kubectl on PATH and the admin's kubeconfig.
    const env: NodeJS.ProcessEnv = {
      NODE_ENV: "test",
      PATH: `${dirname(h.cluster.binaries.kubectl)}:/usr/bin:/bin`,
      KUBECONFIG: h.cluster.kubeconfigPath,
      HOME: workDir,
    };
    for (const command of setup.commands) {
      await run("bash", ["-euo", "pipefail", "-c", command], { cwd: workDir, env, encoding: "utf8" });
    }
    kubeconfig = await readFile(join(workDir, setup.kubeconfigFilename), "utf8");
    const token = /token: (\S+)/.exec(kubeconfig)?.[1] ?? "";
    registerSecret(token, "setup service account token");
    expect(token).toMatch(/^eyJ/); // a JWT from the token controller
    expect(kubeconfig).toContain(`server: ${h.cluster.server}`);
    expect(kubeconfig).toMatch(/certificate-authority-data: [A-Za-z0-9+/=]{100,}/);
    expect(kubeconfig).not.toContain("client-key-data");
    expect(kubeconfig).not.toContain("client-certificate-data");
  });

  it("adds the cluster with that kubeconfig: reachable and can impersonate", async () => {
    const res = await h.call<ClustersAddOutput>("clusters.add", [ALICE, ACME], {
      input: { name: "prepared", kubeconfig, shared: true },
      mutation: true,
    });
    expect(res.error).toBeUndefined();
    expect(res.data.health).toMatchObject({
      reachable: true,
      canImpersonate: true,
      nodeCount: 3,
      problem: null,
    });
    expect(res.data.warnings).toEqual([]);
  });

  it("is enough for tenancy: sharing with another server, and a dedicated registration", async () => {
    const { data } = await h.call<{ clusters: { id: string; name: string }[] }>("clusters.list", [
      ALICE,
      ACME,
    ]);
    const clusterId = data.clusters.find((c) => c.name === "prepared")?.id;
    const granted = await h.call("tenants.grant", [ALICE, ACME], {
      input: { clusterId, guildId: BETA },
      mutation: true,
    });
    expect(granted.error).toBeUndefined();
    const accepted = await h.call("tenants.accept", [CAROL, BETA], { input: { clusterId }, mutation: true });
    expect(accepted.error).toBeUndefined();
    // The dedicated kind binds view/edit/admin cluster-wide and creates the cluster-reader role.
    const dedicated = await h.call<ClustersAddOutput>("clusters.add", [CAROL, BETA], {
      input: { name: "beta-own", kubeconfig, shared: false },
      mutation: true,
    });
    expect(dedicated.error).toBeUndefined();
    // People act as themselves: Bob (operator in Acme) lists pods in Acme's namespace through it.
    const namespaces = await h.call<{ namespaces: string[] }>("namespaces.list", [BOB, ACME], {
      input: { clusterId },
    });
    expect(namespaces.error).toBeUndefined();
    const acmeNamespace = `clustercord-guild-${ACME}`;
    expect(namespaces.data.namespaces).toContain(acmeNamespace);
    const pods = await h.call("pods.list", [BOB, ACME], { input: { clusterId, namespace: acmeNamespace } });
    expect(pods.error).toBeUndefined();
  });

  it("cannot touch workloads or Secrets with ClusterCord's own credentials", async () => {
    const canI = (verb: string, resource: string) =>
      h.cluster
        .kubectl([
          "auth",
          "can-i",
          verb,
          resource,
          "-A",
          "--as=system:serviceaccount:clustercord:clustercord",
        ])
        .then(
          (out) => out.trim(),
          (error: { stdout?: string }) => String(error.stdout ?? "").trim(),
        );
    expect(await canI("create", "deployments")).toBe("no");
    expect(await canI("delete", "secrets")).toBe("no");
    expect(await canI("impersonate", "users")).toBe("yes");
  });
});
