import { addLocalCluster, expect, removeCluster, signInTo, test } from "./fixtures";

const ACME = "200000000000000001";
const ALICE = "100000000000000001";
/** A dedicated cluster: the owning server's admin sees it whole (nodes included). */
const NS = "overview-e2e";

// No node carries this label: the pod stays Pending and the scheduler reports a Warning.
const stuck = {
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "overview-stuck", namespace: NS },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: "overview-stuck" } },
    template: {
      metadata: { labels: { app: "overview-stuck" } },
      spec: {
        nodeSelector: { "clustercord.test/nowhere": "true" },
        containers: [
          {
            name: "app",
            image: "registry.invalid/app:1",
            resources: { requests: { cpu: "1m", memory: "1Mi" }, limits: { cpu: "10m", memory: "8Mi" } },
          },
        ],
      },
    },
  },
};

test("a cluster's overview: nodes, pods by status, warnings and workloads not ready, live", async ({
  page,
  stack,
  kube,
}) => {
  test.setTimeout(180_000);
  const clusterId = await addLocalCluster(stack, kube, "overview-pool", { shared: false });
  try {
    await kube.kubectl(["create", "namespace", NS]);
    await kube.kubectl(["apply", "-f", "-"], JSON.stringify(stuck));

    await signInTo(page, stack, "alice", "Acme Ops");
    await page.goto(`${stack.webUrl}/clusters`);
    await page
      .getByRole("region", { name: "overview-pool", exact: true })
      .getByRole("link", { name: "Overview" })
      .click();
    await page.waitForURL(`${stack.webUrl}/clusters/${clusterId}`);
    await expect(page.getByRole("heading", { name: "overview-pool overview" })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Breadcrumb" })).toHaveText(
      /Clusters\s*\/?\s*overview-pool/,
    );
    await expect(page.getByRole("button", { name: /^Cluster/ })).toHaveText("Cluster overview-pool");

    await expect(page.getByTestId("nodes-ready")).toHaveText("3 Ready", { timeout: 30_000 });
    await expect(page.getByText("Live", { exact: true })).toBeVisible();
    await page.setViewportSize({ width: 390, height: 844 });
    await expect(page.getByTestId("nodes-ready")).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await page.setViewportSize({ width: 1280, height: 720 });
    await expect(page.getByRole("list", { name: "Pods by status" })).toContainText("Pending", {
      timeout: 60_000,
    });
    const unready = page.getByRole("table", { name: "Workloads not ready" });
    await expect(unready.getByRole("row", { name: /deployment\/overview-stuck/ })).toContainText("0/1");
    await expect(page.getByRole("list", { name: "Recent warning events" })).toContainText(
      "FailedScheduling",
      {
        timeout: 60_000,
      },
    );

    // Live: once the pod may run, the deployment leaves the list without a reload.
    await kube.kubectl([
      "patch",
      "deployment",
      "overview-stuck",
      "-n",
      NS,
      "--type=json",
      "-p",
      '[{"op":"remove","path":"/spec/template/spec/nodeSelector"}]',
    ]);
    await expect(page.getByText("Every workload you may see is ready.")).toBeVisible({ timeout: 90_000 });

    // `g p` goes to this cluster's pods, `/` focuses their search.
    await page.keyboard.press("g");
    await page.keyboard.press("p");
    await page.waitForURL(new RegExp(`/clusters/${clusterId}/pods`));
    await expect(page.getByLabel("Search")).toBeVisible();
    await page.keyboard.press("/");
    await expect(page.getByLabel("Search")).toBeFocused();
  } finally {
    await kube.kubectl(["delete", "namespace", NS, "--ignore-not-found", "--wait=false"]);
    await removeCluster(stack, { userId: ALICE, guildId: ACME }, clusterId);
  }
});
