import { expect, removeCluster, signInTo, test } from "./fixtures";

const ACME = "200000000000000001";
const ALICE = "100000000000000001";
const nsAcme = `clustercord-guild-${ACME}`;
const BULK = 250;

/** `count` pods with tiny requests (the namespace's quota counts requests), created in one kubectl call. */
const bulkPods = (namespace: string, count: number) =>
  JSON.stringify({
    apiVersion: "v1",
    kind: "List",
    items: Array.from({ length: count }, (_, i) => ({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: `bulk-${String(i).padStart(3, "0")}`, namespace, labels: { "e2e-pods": "true" } },
      spec: {
        containers: [
          {
            name: "main",
            image: "registry.invalid/pause:1",
            resources: { requests: { cpu: "1m", memory: "1Mi" }, limits: { cpu: "10m", memory: "8Mi" } },
          },
        ],
      },
    })),
  });

test("the pods browser: live rows without reload, search, sort, and a virtualized table", async ({
  page,
  stack,
  kube,
}) => {
  test.setTimeout(300_000);
  const kubeconfig = await kube.kubectl(["config", "view", "--raw", "--flatten", "--minify"]);
  let quotaHard: Record<string, string> | undefined;
  let clusterId = "";
  try {
    // Alice (admin of Acme Ops) adds a shared cluster and opens its pods from the cluster card.
    await signInTo(page, stack, "alice", "Acme Ops");
    await page.goto(`${stack.webUrl}/clusters`);
    await page.getByRole("textbox", { name: "Name", exact: true }).fill("pods-pool");
    await page.getByLabel("…or paste it").fill(kubeconfig);
    await page.getByLabel("Shared: other Discord servers may be granted their own namespaces").check();
    await page.getByRole("button", { name: "Add cluster" }).click();
    await expect(page.getByRole("status")).toContainText("Added pods-pool");
    await page
      .getByRole("region", { name: "pods-pool", exact: true })
      .getByRole("link", { name: "Browse pods" })
      .click();
    await page.waitForURL(/\/clusters\/[^/]+\/pods/);
    clusterId = new URL(page.url()).pathname.split("/")[2] ?? "";
    await expect(page.getByRole("heading", { name: "Pods on pods-pool" })).toBeVisible();
    await expect(page.getByLabel("Namespace")).toHaveValue(nsAcme);

    // A pod created with kubectl is pushed to the page (the live socket is up, so no polling),
    // then runs (kwok), with no reload of the page.
    await expect(page.getByRole("status", { name: "Updates" })).toContainText("Live");
    await page.evaluate(() => {
      (window as unknown as { ccMarker: number }).ccMarker = 42;
    });
    await kube.kubectl([
      "run",
      "live-1",
      "-n",
      nsAcme,
      "--labels=e2e-pods=true",
      "--image=registry.invalid/pause:1",
      "--restart=Never",
    ]);
    const live = page.locator('tr[data-pod="live-1"]');
    await expect(live).toBeVisible({ timeout: 15_000 });
    await expect(live).toContainText("Running", { timeout: 30_000 });
    await expect(live).toContainText("1/1");
    expect(await page.evaluate(() => (window as unknown as { ccMarker?: number }).ccMarker)).toBe(42);

    // Many pods: only the rows in view (plus a few) are in the DOM.
    quotaHard = (
      JSON.parse(
        await kube.kubectl(["get", "resourcequota", "clustercord-quota", "-n", nsAcme, "-o", "json"]),
      ) as { spec: { hard: Record<string, string> } }
    ).spec.hard;
    await kube.kubectl([
      "patch",
      "resourcequota",
      "clustercord-quota",
      "-n",
      nsAcme,
      "--type=merge",
      "-p",
      JSON.stringify({ spec: { hard: { pods: "1000" } } }),
    ]);
    await kube.kubectl(["create", "-f", "-"], bulkPods(nsAcme, BULK));
    // Other specs may have left pods in the namespace: expect exactly what the cluster holds.
    const names = (
      await kube.kubectl(["get", "pods", "-n", nsAcme, "-o", "jsonpath={.items[*].metadata.name}"])
    )
      .trim()
      .split(/\s+/)
      .sort();
    expect(names.length).toBeGreaterThanOrEqual(BULK + 1);
    const [firstName, lastName] = [names[0] ?? "", names[names.length - 1] ?? ""];
    await expect(page.getByText(`${names.length} pods`, { exact: true })).toBeVisible({ timeout: 30_000 });
    const rows = page.locator("tbody tr[data-pod]");
    const rendered = await rows.count();
    expect(rendered).toBeGreaterThan(5);
    expect(rendered).toBeLessThan(100);
    await expect(rows.first()).toHaveAttribute("data-pod", firstName);
    // Scrolled to the end: the last pod by name is rendered, the first is not.
    await page.getByTestId("pods-scroll").evaluate((el) => {
      el.scrollTop = el.scrollHeight;
    });
    await expect(page.locator(`tr[data-pod="${lastName}"]`)).toBeVisible();
    await expect(page.locator(`tr[data-pod="${firstName}"]`)).toHaveCount(0);
    expect(await rows.count()).toBeLessThan(100);

    // Sort by name, descending: the last name comes first.
    await page.getByTestId("pods-scroll").evaluate((el) => {
      el.scrollTop = 0;
    });
    await page.getByRole("button", { name: "Name" }).click();
    await expect(page.getByRole("columnheader", { name: /Name/ })).toHaveAttribute("aria-sort", "descending");
    await expect(rows.first()).toHaveAttribute("data-pod", lastName);

    // Search narrows the rows.
    await page.getByLabel("Search").fill("bulk-24");
    await expect(page.getByText(`10 of ${names.length} pods`, { exact: true })).toBeVisible();
    await expect(rows).toHaveCount(10);
    await expect(rows.first()).toHaveAttribute("data-pod", "bulk-249");
  } finally {
    // Leave the shared cluster and the guild's namespace as other specs expect them.
    await kube
      .kubectl(["delete", "pods", "-l", "e2e-pods=true", "-n", nsAcme, "--wait=false"])
      .catch(() => "");
    if (quotaHard) {
      await kube
        .kubectl([
          "patch",
          "resourcequota",
          "clustercord-quota",
          "-n",
          nsAcme,
          "--type=merge",
          "-p",
          JSON.stringify({ spec: { hard: quotaHard } }),
        ])
        .catch(() => "");
    }
    if (clusterId) await removeCluster(stack, { userId: ALICE, guildId: ACME }, clusterId);
  }
});
