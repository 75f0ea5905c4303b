import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { callTrpc, workerHeaders } from "@clustercord/testenv";
import { type ArtifactHubStandIn, startArtifactHubStandIn } from "@clustercord/testenv/artifacthub";
import { type ChartRepo, serveChartRepo } from "@clustercord/testenv/cluster/charts";
import { type Stack, startStack } from "@clustercord/testenv/stack";
import type { Locator, Page } from "@playwright/test";
import { addLocalCluster, test as base, expect, removeCluster, signInTo } from "./fixtures";
import { expectAccessible } from "./page-checks";

const ACME = "200000000000000001";
const ALICE = "100000000000000001";
const CAROL = "100000000000000003"; // viewer in Acme Ops
const NS = `clustercord-guild-${ACME}`;
/** What a cluster admin runs so that this server's admins may install cluster-wide blueprints. */
const GRANT = `clustercord-blueprints-${ACME}`;

/**
 * This spec's stack also serves the local chart repository and the
 * ArtifactHub stand-in (which points at that repository).
 */
const test = base.extend<object, { charts: { repo: ChartRepo; hub: ArtifactHubStandIn } }>({
  charts: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright's fixture signature
    async ({}, use) => {
      const repo = await serveChartRepo();
      const hub = await startArtifactHubStandIn({ repo, stars: { nginx: 42 }, official: ["nginx"] });
      try {
        await use({ repo, hub });
      } finally {
        await hub.close();
        await repo.close();
      }
    },
    { scope: "worker", timeout: 300_000 },
  ],
  stack: [
    async ({ charts }, use) => {
      const dataDir = mkdtempSync(path.join(tmpdir(), "cc-e2e-helm-"));
      const stack: Stack = await startStack({ dataDir, rateLimitScale: 10, artifactHubUrl: charts.hub.url });
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

// A step that cannot happen fails in a minute, not at the test's end.
test.use({ actionTimeout: 60_000 });

/** Helm's operations run in the background; the dialog follows them until they end. */
const OPERATION_MS = 120_000;

async function finishedOperation(dialog: Locator) {
  const op = dialog.getByTestId("helm-operation");
  await expect(op).not.toHaveAttribute("data-status", "running", { timeout: OPERATION_MS });
  return op;
}

async function closeDialog(page: Page) {
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toHaveCount(0);
}

/** The release's row in the releases table (absent once uninstalled). */
const releaseRow = (page: Page, release: string) =>
  page.locator(`tr[data-release="${release}"][data-namespace="${NS}"]`);

test("Helm in the web: search, install with uploaded values, upgrade, roll back, uninstall; a failing upgrade rolls back", async ({
  page,
  stack,
  kube,
  charts,
}) => {
  test.setTimeout(900_000);
  const clusterId = await addLocalCluster(stack, kube, "helm-pool");
  const helm = `${stack.webUrl}/clusters/${clusterId}/helm`;
  try {
    await signInTo(page, stack, "alice", "Acme Ops");

    // The admin adds the local repository from the search page's Repositories card.
    await page.goto(`${helm}/search`);
    const repos = page.getByRole("region", { name: "Repositories" });
    await repos.getByLabel("Repository name").fill("local");
    await repos.getByLabel("Repository URL").fill(charts.repo.url);
    await repos.getByRole("button", { name: "Add repository" }).click();
    await expect(repos.getByRole("status")).toHaveText("Repository local added.");
    await expect(repos.locator('[data-repo="local"]')).toBeVisible();

    // Search: ArtifactHub's stand-in and the repository both answer; the query goes into the address.
    await page.getByLabel("Search charts").fill("nginx");
    const card = page.locator('[data-chart="local/nginx"]');
    await expect(card).toBeVisible();
    await expect(page).toHaveURL(/[?&]q=nginx/);
    await expect(page.locator('[data-chart="clustercord/nginx"]')).toContainText("official");
    await card.getByRole("link", { name: "local/nginx" }).click();

    // Values that fail a chart's values.schema.json: the field path shows under the editor, nothing is planned.
    await page.goto(`${helm}/charts/local/configurable`);
    await page.getByRole("button", { name: "Install…" }).click();
    const bad = page.getByRole("dialog", { name: "Install local/configurable" });
    await bad.getByRole("combobox", { name: "Namespace", exact: true }).selectOption(NS);
    await bad.getByRole("textbox", { name: /Values/ }).fill("replicaCount: 0\n");
    await bad.getByRole("button", { name: "Preview" }).click();
    const problems = bad.getByRole("alert", { name: "Problems with the values" });
    await expect(problems).toContainText("replicaCount", { timeout: 60_000 });
    await expect(bad.getByTestId("helm-plan")).toHaveCount(0);
    await closeDialog(page);
    await page.goto(`${helm}/charts/local/nginx`);

    // The chart page: versions with dates, changelog, default values, README.
    await expect(page.getByRole("heading", { name: "local/nginx", level: 1 })).toBeVisible();
    await expect(page.getByRole("list", { name: "Changes" })).toContainText("Service selector matches");
    await expect(page.getByRole("region", { name: "Default values" })).toContainText("replicaCount: 1");

    // Install 1.3.0 with an uploaded values file: the plan shows the created objects and the values change.
    await page.getByRole("button", { name: "Install…" }).click();
    const install = page.getByRole("dialog", { name: "Install local/nginx" });
    await install.getByLabel("Release name").fill("web");
    await install.getByRole("combobox", { name: "Namespace", exact: true }).selectOption(NS);
    await install.getByRole("combobox", { name: "Version" }).selectOption("1.3.0");
    await install.getByLabel("Upload values file").setInputFiles({
      name: "values.yaml",
      mimeType: "text/yaml",
      buffer: Buffer.from("replicaCount: 2\n"),
    });
    await expect(install.getByRole("textbox", { name: /Values/ })).toHaveValue("replicaCount: 2\n");
    await install.getByRole("button", { name: "Preview" }).click();
    const plan = install.getByTestId("helm-plan");
    await expect(plan).toBeVisible({ timeout: 60_000 });
    const created = plan.locator('li[data-change="created"][data-object^="Deployment"]');
    await expect(created).toHaveCount(1);
    await created.locator("summary").click();
    await expect(created.locator(".cc-diff-added").first()).toBeVisible();
    await expect(plan.locator('tr[data-path="replicaCount"]')).toContainText("2");
    await expectAccessible(page, "the install plan");
    await install.getByRole("button", { name: "Install web" }).click();
    await expect(await finishedOperation(install)).toHaveAttribute("data-status", "succeeded");
    await closeDialog(page);

    // The releases table shows it deployed.
    await page.goto(helm);
    await expect(releaseRow(page, "web")).toHaveAttribute("data-status", "deployed");
    await expect(releaseRow(page, "web")).toContainText("nginx-1.3.0");
    await expectAccessible(page, "the releases table");

    // Upgrade to 1.4.0 with a values change: the values diff and a changed object, then revision 2.
    await releaseRow(page, "web").getByRole("link", { name: "web" }).click();
    await expect(page.getByTestId("release-revision")).toHaveText("1");
    await page.getByRole("button", { name: "Upgrade…" }).click();
    const upgrade = page.getByRole("dialog", { name: "Upgrade web" });
    await upgrade.getByRole("combobox", { name: "Version" }).selectOption("1.4.0");
    const values = upgrade.getByRole("textbox", { name: /Values/ });
    await expect(values).toHaveValue(/replicaCount: 2/);
    await values.fill("replicaCount: 3\n");
    await upgrade.getByRole("button", { name: "Preview" }).click();
    const upgradePlan = upgrade.getByTestId("helm-plan");
    await expect(upgradePlan).toBeVisible({ timeout: 60_000 });
    await expect(upgradePlan.locator('tr[data-path="replicaCount"]')).toContainText("3");
    const changed = upgradePlan.locator('li[data-change="changed"]').first();
    await changed.locator("summary").click();
    await expect(changed.locator(".cc-diff-removed").first()).toBeVisible();
    await expect(changed.locator(".cc-diff-added").first()).toBeVisible();
    await upgrade.getByRole("button", { name: "Upgrade web" }).click();
    await expect(await finishedOperation(upgrade)).toHaveAttribute("data-status", "succeeded");
    await closeDialog(page);
    await expect(page.getByTestId("release-revision")).toHaveText("2", { timeout: 15_000 });

    // Roll back to revision 1: revision 3.
    const history = page.getByRole("table", { name: "Revisions" });
    await history
      .locator('tr[data-revision="1"]')
      .getByRole("button", { name: "Roll back to this revision…" })
      .click();
    const rollback = page.getByRole("dialog", { name: "Roll back web to revision 1" });
    await rollback.getByRole("button", { name: "Preview" }).click();
    await expect(rollback.getByTestId("helm-plan")).toBeVisible({ timeout: 60_000 });
    await rollback.getByRole("button", { name: "Roll back web" }).click();
    await expect(await finishedOperation(rollback)).toHaveAttribute("data-status", "succeeded");
    await closeDialog(page);
    await expect(page.getByTestId("release-revision")).toHaveText("3", { timeout: 15_000 });
    await expect(history.locator('tr[data-revision="3"]')).toContainText("nginx-1.3.0");

    // Uninstall: the plan lists the objects it deletes, then the release is gone from the table.
    await page.getByRole("button", { name: "Uninstall…" }).click();
    const uninstall = page.getByRole("dialog", { name: "Uninstall web" });
    await uninstall.getByRole("button", { name: "Preview" }).click();
    const uninstallPlan = uninstall.getByTestId("helm-plan");
    await expect(uninstallPlan).toBeVisible({ timeout: 60_000 });
    await expect(uninstallPlan.locator('li[data-object^="Deployment"]')).toHaveCount(1);
    await expect(uninstallPlan.locator('li[data-object^="Service"]')).toHaveCount(1);
    await uninstall.getByRole("button", { name: "Uninstall web" }).click();
    await expect(await finishedOperation(uninstall)).toHaveAttribute("data-status", "succeeded");
    await uninstall.getByRole("link", { name: "Back to the releases" }).click();
    await expect(page.getByText(/\d+ releases?/)).toBeVisible();
    await expect(releaseRow(page, "web")).toHaveCount(0, { timeout: 15_000 });

    // The failing-upgrade chart: flaky 1.0.0 installed (through the API), its upgrade to 2.0.0 rolls back.
    const alice = workerHeaders(stack.serviceToken, ALICE, ACME);
    const flakyPlan = await callTrpc<{ planId: string; confirmToken: string }>(
      stack.webUrl,
      "helm.planInstall",
      {
        headers: alice,
        input: { clusterId, namespace: NS, release: "flaky", chart: "local/flaky", version: "1.0.0" },
        mutation: true,
      },
    );
    expect(flakyPlan.error, "helm.planInstall flaky").toBeUndefined();
    const started = await callTrpc<{ id: string }>(stack.webUrl, "helm.install", {
      headers: alice,
      input: { clusterId, planId: flakyPlan.data.planId, confirmToken: flakyPlan.data.confirmToken },
      mutation: true,
    });
    expect(started.error, "helm.install flaky").toBeUndefined();
    await page.goto(helm);
    await expect(releaseRow(page, "flaky")).toHaveAttribute("data-status", "deployed", {
      timeout: OPERATION_MS,
    });
    await releaseRow(page, "flaky").getByRole("link", { name: "flaky" }).click();
    await page.getByRole("button", { name: "Upgrade…" }).click();
    const flaky = page.getByRole("dialog", { name: "Upgrade flaky" });
    await flaky.getByRole("combobox", { name: "Version" }).selectOption("2.0.0");
    await flaky.getByRole("button", { name: "Preview" }).click();
    await expect(flaky.getByTestId("helm-plan")).toBeVisible({ timeout: 60_000 });
    await flaky.getByRole("button", { name: "Upgrade flaky" }).click();
    const outcome = await finishedOperation(flaky);
    await expect(outcome).toHaveAttribute("data-status", "rolled-back");
    await expect(outcome).toContainText("rolled back");
    await closeDialog(page);
    await expect(page.getByTestId("release-status")).toHaveText("deployed", { timeout: 15_000 });
  } finally {
    // Whatever the spec left installed (flaky, or web after a failure) goes with its release records.
    await kube.kubectl([
      "delete",
      "deployments,services,secrets",
      "-n",
      NS,
      "-l",
      "app.kubernetes.io/instance in (web,flaky)",
      "--ignore-not-found",
      "--wait=false",
    ]);
    await kube.kubectl([
      "delete",
      "secrets",
      "-n",
      NS,
      "-l",
      "owner=helm",
      "--ignore-not-found",
      "--wait=false",
    ]);
    await removeCluster(stack, { userId: ALICE, guildId: ACME }, clusterId);
  }
});

test("a viewer sees the Helm pages without Install, and a direct install is refused", async ({
  page,
  stack,
  kube,
}) => {
  test.setTimeout(180_000);
  const clusterId = await addLocalCluster(stack, kube, "helm-viewer");
  const helm = `${stack.webUrl}/clusters/${clusterId}/helm`;
  try {
    await page.setViewportSize({ width: 390, height: 844 });
    await signInTo(page, stack, "carol", "Acme Ops");
    await page.goto(helm);
    await expect(page.getByRole("heading", { name: /Helm releases/ })).toBeVisible();
    await expect(
      page.getByRole("navigation", { name: "Helm" }).getByRole("link", { name: "Search" }),
    ).toBeVisible();
    await page.goto(`${helm}/charts/clustercord/nginx`);
    await expect(page.getByRole("heading", { name: "clustercord/nginx", level: 1 })).toBeVisible();
    await expect(page.getByRole("region", { name: "Default values" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Install…" })).toHaveCount(0);
    await expectAccessible(page, "a chart's page at 390 px");
    // Nothing wider than the phone's screen.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);

    const refused = await callTrpc(stack.webUrl, "helm.planInstall", {
      headers: workerHeaders(stack.serviceToken, CAROL, ACME),
      input: { clusterId, namespace: NS, release: "web", chart: "clustercord/nginx" },
      mutation: true,
    });
    expect(refused.error?.data.appCode).toBe("FORBIDDEN");
  } finally {
    await removeCluster(stack, { userId: ALICE, guildId: ACME }, clusterId);
  }
});

test("a blueprint: the missing rights named, its per-component plan, Cancel installs nothing, Install sends the access notification", async ({
  page,
  stack,
  kube,
  charts,
}) => {
  test.setTimeout(300_000);
  // Cluster-wide presets are for a cluster's own server, not a tenant of a shared one.
  const clusterId = await addLocalCluster(stack, kube, "helm-blueprint", { shared: false });
  const alice = workerHeaders(stack.serviceToken, ALICE, ACME);
  try {
    // The preset's chart comes from the repository named "argo": here, the local one.
    const added = await callTrpc(stack.webUrl, "helm.repos.add", {
      headers: alice,
      input: { name: "argo", url: charts.repo.url },
      mutation: true,
    });
    expect(added.error, "helm.repos.add argo").toBeUndefined();

    await signInTo(page, stack, "alice", "Acme Ops");
    await page.goto(`${stack.webUrl}/clusters/${clusterId}/helm/blueprints`);
    const card = page.locator('[data-blueprint="argocd"]');
    await expect(card).toContainText("argo/argo-cd");
    await card.getByRole("button", { name: "Install Argo CD…" }).click();
    const dialog = page.getByRole("dialog", { name: "Install Argo CD" });
    // Without cluster-wide rights the person is told which, and the command that grants them.
    await dialog.getByRole("button", { name: "Preview" }).click();
    await expect(dialog.getByRole("alert")).toContainText("needs cluster-wide rights", { timeout: 90_000 });
    await kube.kubectl([
      "create",
      "clusterrolebinding",
      GRANT,
      "--clusterrole=cluster-admin",
      `--group=clustercord:guild:${ACME}:admin`,
    ]);
    await dialog.getByRole("button", { name: "Preview" }).click();
    const plan = dialog.getByTestId("blueprint-plan");
    await expect(plan.locator('tr[data-component="argo-cd"]')).toContainText("install", { timeout: 90_000 });
    await expectAccessible(page, "a blueprint's plan");
    // Cancel goes back to the form and installs nothing.
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(plan).toHaveCount(0);
    await expect(dialog.getByRole("button", { name: "Preview" })).toBeVisible();
    expect(await kube.kubectl(["get", "namespace", "argocd", "--ignore-not-found", "-o", "name"])).toBe("");

    // Planned again and installed: the component's status, then the access notification for alice alone.
    await dialog.getByRole("button", { name: "Preview" }).click();
    await dialog.getByRole("button", { name: "Install Argo CD" }).click();
    const run = dialog.getByTestId("blueprint-run");
    await expect(run).toHaveAttribute("data-status", "succeeded", { timeout: 120_000 });
    await expect(run.locator('[data-component="argo-cd"]')).toHaveAttribute("data-status", "installed");
    const password = Buffer.from(
      await kube.kubectl([
        "get",
        "secret",
        "argocd-initial-admin-secret",
        "-n",
        "argocd",
        "-o",
        "jsonpath={.data.password}",
      ]),
      "base64",
    ).toString();
    await expect
      .poll(async () => {
        const list = await callTrpc<{ items: { title: string; body: string }[] }>(
          stack.webUrl,
          "notifications.list",
          { headers: alice, input: {} },
        );
        return list.data?.items.find((n) => n.title === "Argo CD is ready on helm-blueprint")?.body ?? "";
      })
      .toContain(password);
  } finally {
    await kube.kubectl(["delete", "namespace", "argocd", "--ignore-not-found", "--wait=false"]);
    await kube.kubectl(["delete", "clusterrolebinding", GRANT, "--ignore-not-found"]);
    await callTrpc(stack.webUrl, "helm.repos.remove", {
      headers: alice,
      input: { name: "argo" },
      mutation: true,
    });
    await removeCluster(stack, { userId: ALICE, guildId: ACME }, clusterId);
  }
});
