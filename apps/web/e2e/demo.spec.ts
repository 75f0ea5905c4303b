import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  applyObjects,
  createClusterGuard,
  PRESETS,
  parseKubeconfig,
  planGuildTenancy,
  toKubeConfig,
} from "@clustercord/kube";
import { localClusterPolicy } from "@clustercord/testenv";
import { type Cluster, startCluster } from "@clustercord/testenv/cluster";
import { startDemoCharts } from "@clustercord/testenv/demo-charts";
import { seedDemo, workerCaller } from "@clustercord/testenv/demo-seed";
import { type Stack, startStack } from "@clustercord/testenv/stack";
import type { Page } from "@playwright/test";
import { test as base, expect, signInTo } from "./fixtures";

/**
 * The demo's first hour, in two windows: the seeded world (its own stack and
 * control plane, chart repository and ArtifactHub stand-in, seeded as
 * `npm run demo` does), alice in the web app and in the stand-in's Discord
 * page, with the same answers in both.
 */
const test = base.extend<{ demo: { stack: Stack; cluster: Cluster; clusterId: string } }>({
  demo: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright's fixture signature
    async ({}, use) => {
      const dataDir = mkdtempSync(path.join(tmpdir(), "cc-e2e-demo-"));
      const charts = await startDemoCharts(PRESETS.flatMap((p) => p.components.map((c) => c.chart)));
      const [cluster, stack] = await Promise.all([
        startCluster({ dataDir: path.join(dataDir, "cluster") }),
        startStack({
          dataDir: path.join(dataDir, "stack"),
          rateLimitScale: 10,
          artifactHubUrl: charts.hub.url,
        }),
      ]);
      try {
        const kubeconfig = await cluster.kubectl(["config", "view", "--raw", "--flatten", "--minify"]);
        const admin = toKubeConfig(
          parseKubeconfig(kubeconfig, { policy: localClusterPolicy }).select(),
          createClusterGuard(localClusterPolicy),
        );
        const seeded = await seedDemo({
          call: workerCaller(stack.webUrl, stack.serviceToken),
          kubectl: cluster.kubectl,
          kubeconfig,
          applyGuildNamespace: (guildId, namespace) =>
            applyObjects(admin, planGuildTenancy({ guildId, namespace })),
          chartRepoUrl: charts.repo.url,
        });
        await use({ stack, cluster, clusterId: seeded.clusterId });
      } finally {
        await stack.stop();
        await cluster.stop();
        await charts.close();
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
    { timeout: 600_000 },
  ],
});

/** Types a command in the demo Discord page as alice in Acme Ops' #ops; returns its reply. */
async function discordCommand(page: Page, command: string) {
  const composer = page.getByRole("combobox", { name: "Message #ops" });
  await composer.fill(command);
  // Send the line as typed (Enter would first take a highlighted autocomplete suggestion).
  await page.locator("form#composer").evaluate((form: HTMLFormElement) => form.requestSubmit());
  const name = command
    .split(" ")
    .slice(0, 2)
    .join(" ")
    .replace(/ \w+:.*$/, "");
  return page
    .getByRole("listitem")
    .filter({ hasText: `alice used ${name}` })
    .last();
}

test("the seeded demo answers /whoami, /pods namespace:shop and /cluster list as the web app shows them, and shows its Helm release and charts", async ({
  page,
  context,
  demo,
}) => {
  test.setTimeout(180_000);
  // Window 1: the web app.
  await signInTo(page, demo.stack, "alice", "Acme Ops");
  await expect(page.getByTestId("me-name")).toHaveText("Alice Admin");
  await expect(page.getByTestId("guild-role")).toHaveText("admin");
  // The dashboard lists the server's clusters with their health, and leads to them.
  const clustersCard = page.getByRole("region", { name: "Clusters", exact: true });
  await expect(clustersCard.getByRole("link", { name: "local", exact: true })).toBeVisible();
  // A live probe of the API server (up to 8 s each step when the machine is busy).
  await expect(clustersCard.getByText("healthy")).toBeVisible({ timeout: 30_000 });

  // Window 2: the stand-in's Discord page.
  const discord = await context.newPage();
  await discord.goto(demo.stack.discord.url);
  await discord.getByLabel("You are").selectOption("alice");
  await discord.getByRole("button", { name: "Acme Ops" }).click();
  await discord.getByRole("button", { name: "ops", exact: true }).click();

  const whoami = await discordCommand(discord, "/whoami");
  await expect(whoami.getByRole("heading", { name: "Who am I" })).toBeVisible();
  await expect(whoami).toContainText("Alice Admin");
  await expect(whoami).toContainText("admin");

  // The shop's pods: the same names in both windows, the crash loop and the Pending pod among them.
  await page.goto(`${demo.stack.webUrl}/clusters/${demo.clusterId}/pods?namespace=shop`);
  const rows = page.locator("tbody tr[data-pod]");
  await expect(rows.filter({ hasText: "CrashLoopBackOff" })).toHaveCount(1, { timeout: 30_000 });
  await expect(rows.filter({ hasText: "Pending" })).toHaveCount(1);
  const webPods = (
    await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-pod") ?? ""))
  ).sort();
  expect(webPods.length).toBeGreaterThanOrEqual(9);

  const pods = await discordCommand(discord, "/pods namespace:shop");
  await expect(pods.getByRole("heading", { name: /Pods in shop on local/ })).toBeVisible();
  for (const name of webPods) await expect(pods).toContainText(name);
  await expect(pods).toContainText("CrashLoopBackOff");

  // A namespace with nothing in it says so, and what to do.
  await page.goto(
    `${demo.stack.webUrl}/clusters/${demo.clusterId}/pods?namespace=clustercord-guild-200000000000000001`,
  );
  await expect(page.getByText("No pods in this namespace.")).toBeVisible();

  // The cluster: shared by Acme, healthy, in both.
  await page.goto(`${demo.stack.webUrl}/clusters`);
  const card = page.getByRole("region", { name: "local", exact: true });
  await expect(card.getByText("healthy")).toBeVisible({ timeout: 30_000 });
  await expect(card.getByText("shared by this server")).toBeVisible();
  const list = await discordCommand(discord, "/cluster list");
  await expect(list).toContainText("local");
  await expect(list).toContainText("healthy");
  await expect(list).toContainText("shared by this server");

  // Helm: the seeded release in the releases table, and search answered by the local repository and the stand-in.
  const helm = `${demo.stack.webUrl}/clusters/${demo.clusterId}/helm`;
  await page.goto(helm);
  const release = page.locator('tr[data-release="shop-web"][data-namespace="shop"]');
  await expect(release).toHaveAttribute("data-status", "deployed");
  await expect(release).toContainText("nginx-1.2.0");
  await page.goto(`${helm}/search`);
  await page.getByLabel("Search charts").fill("nginx");
  await expect(page.locator('[data-chart="local/nginx"]')).toBeVisible();
  await expect(page.locator('[data-chart="clustercord/nginx"]')).toContainText("official");
});
