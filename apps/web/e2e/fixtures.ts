import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { callTrpc, workerHeaders } from "@clustercord/testenv";
import { type Cluster, startCluster } from "@clustercord/testenv/cluster";
import { type Stack, startStack } from "@clustercord/testenv/stack";
import { type BrowserContext, test as base, expect, type Page } from "@playwright/test";

/**
 * Collects the Content Security Policy violations Chromium reports in this
 * context's pages ("Executing inline script violates the following Content
 * Security Policy directive ...", older versions: "Refused to execute inline
 * script ..."), so a page that needs a weaker policy fails its test.
 */
export function collectCspViolations(context: BrowserContext): string[] {
  const violations: string[] = [];
  context.on("console", (message) => {
    if (message.type() === "error" && /Content Security Policy/i.test(message.text())) {
      violations.push(`${message.location().url}: ${message.text()}`);
    }
  });
  return violations;
}

/**
 * One running product (stand-in, web, worker) per Playwright worker, and a
 * local Kubernetes control plane for the tests that ask for `kube`. Every
 * test's browser context fails the test on a CSP violation.
 */
export const test = base.extend<object, { stack: Stack; kube: Cluster }>({
  context: async ({ context }, use) => {
    const violations = collectCspViolations(context);
    await use(context);
    expect(violations, "Content Security Policy violations in the browser").toEqual([]);
  },
  kube: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright's fixture signature
    async ({}, use) => {
      const dataDir = mkdtempSync(path.join(tmpdir(), "cc-e2e-kube-"));
      const cluster = await startCluster({ dataDir });
      try {
        await use(cluster);
      } finally {
        await cluster.stop();
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
    { scope: "worker", timeout: 600_000 },
  ],
  stack: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright's fixture signature
    async ({}, use) => {
      const dataDir = mkdtempSync(path.join(tmpdir(), "cc-e2e-"));
      const stack = await startStack({ dataDir, rateLimitScale: 10 });
      try {
        await use(stack);
      } finally {
        await stack.stop();
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
    { scope: "worker", timeout: 180_000 },
  ],
});

export { expect };

/** The full OAuth redirect flow in the browser, picking `username` at the stand-in. */
export async function signIn(page: Page, stack: Stack, username: string) {
  await page.goto(stack.webUrl);
  await page.getByRole("button", { name: "Sign in with Discord" }).click();
  await page.waitForURL((url) => url.origin === new URL(stack.discord.webBase).origin);
  await page.getByRole("button", { name: username, exact: true }).click();
  await page.waitForURL(`${stack.webUrl}/guilds`);
}

/** Signs in as `username` and picks a server, landing on the dashboard. */
export async function signInTo(page: Page, stack: Stack, username: string, guildName: string) {
  await signIn(page, stack, username);
  await page.getByRole("button", { name: new RegExp(guildName) }).click();
  await page.waitForURL(`${stack.webUrl}/dashboard`);
}

/** Adds this spec's local control plane to Acme Ops as alice (its admin) through the API; returns the cluster's id. */
export async function addLocalCluster(
  stack: Stack,
  kube: Cluster,
  name: string,
  options: { shared: boolean } = { shared: true },
): Promise<string> {
  const kubeconfig = await kube.kubectl(["config", "view", "--raw", "--flatten", "--minify"]);
  const added = await callTrpc<{ cluster: { id: string } }>(stack.webUrl, "clusters.add", {
    headers: workerHeaders(stack.serviceToken, "100000000000000001", "200000000000000001"),
    input: { name, kubeconfig, shared: options.shared },
    mutation: true,
  });
  expect(added.error, `clusters.add ${name}`).toBeUndefined();
  return added.data.cluster.id;
}

/** Removes a cluster through the API (plan, then confirm), so the next spec starts without it. */
export async function removeCluster(
  stack: Stack,
  as: { userId: string; guildId: string },
  clusterId: string,
) {
  const headers = workerHeaders(stack.serviceToken, as.userId, as.guildId);
  const plan = await callTrpc<{ confirmToken: string }>(stack.webUrl, "clusters.planRemove", {
    headers,
    input: { clusterId },
  });
  await callTrpc(stack.webUrl, "clusters.remove", {
    headers,
    input: { clusterId, confirmToken: plan.data?.confirmToken },
    mutation: true,
  });
}
