import { addLocalCluster, expect, removeCluster, signInTo, test } from "./fixtures";

const ACME = "200000000000000001";
const ALICE = "100000000000000001";
const NS = `clustercord-guild-${ACME}`;

const deployment = {
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "details-web", namespace: NS },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: "details-web" } },
    template: {
      metadata: {
        labels: { app: "details-web", tier: "front" },
        annotations: { "example.com/owner": "team-a" },
      },
      spec: {
        containers: [
          {
            name: "app",
            image: "registry.invalid/details:3",
            ports: [{ name: "http", containerPort: 8080 }],
            resources: { requests: { cpu: "5m", memory: "4Mi" }, limits: { cpu: "10m", memory: "8Mi" } },
          },
        ],
      },
    },
  },
};

test("the pod page: status, conditions, containers, events, labels, owner; the terminal copies, pastes and fills the window", async ({
  page,
  context,
  stack,
  kube,
}) => {
  test.setTimeout(180_000);
  const clusterId = await addLocalCluster(stack, kube, "details-pool");
  try {
    await kube.kubectl(["apply", "-f", "-"], JSON.stringify(deployment));
    await kube.kubectl(["rollout", "status", "-n", NS, "deployment/details-web", "--timeout=90s"]);
    const [pod, node] = (
      await kube.kubectl([
        "get",
        "pods",
        "-n",
        NS,
        "-l",
        "app=details-web",
        "-o",
        "jsonpath={.items[0].metadata.name} {.items[0].spec.nodeName}",
      ])
    )
      .trim()
      .split(" ") as [string, string];

    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: stack.webUrl });
    await signInTo(page, stack, "alice", "Acme Ops");
    await page.goto(`${stack.webUrl}/clusters/${clusterId}/namespaces/${NS}/pods/${pod}`);
    const crumbs = page.getByRole("navigation", { name: "Breadcrumb" });
    await expect(crumbs.getByRole("link", { name: "details-pool" })).toHaveAttribute(
      "href",
      `/clusters/${clusterId}`,
    );
    await expect(crumbs).toContainText(pod);

    const status = page.locator(".cc-pod-facts");
    await expect(status).toContainText("Running");
    await expect(status.getByRole("link", { name: /^ReplicaSet\/details-web-/ })).toBeVisible();
    await expect(status.getByRole("link", { name: node, exact: true })).toHaveAttribute(
      "href",
      `/clusters/${clusterId}/resources/nodes/${node}`,
    );

    const container = page.locator('[data-container="app"]');
    await expect(container).toContainText("registry.invalid/details:3");
    await expect(container).toContainText("http 8080/TCP");
    await expect(container).toContainText("CPU 5m, memory 4Mi");
    await expect(container).toContainText("CPU 10m, memory 8Mi");
    await expect(container).toContainText("running");

    await expect(page.getByRole("row", { name: /^Ready True/ })).toBeVisible();
    await expect(page.getByRole("list", { name: "Pod events" })).toContainText("Scheduled", {
      timeout: 30_000,
    });
    await expect(page.getByRole("list", { name: "Labels" })).toContainText("tier=front");
    await expect(page.getByRole("list", { name: "Annotations" })).toContainText("example.com/owner=team-a");

    // The terminal: paste runs what the clipboard holds; copy takes the screen; full window and back.
    await page.getByRole("button", { name: "Open terminal" }).click();
    const screen = page.getByTestId("terminal");
    const rows = screen.locator(".xterm-rows > div");
    await expect(screen.locator(".xterm-rows")).toBeVisible();
    await page.evaluate(() => navigator.clipboard.writeText("echo pas''ted-42"));
    await page.getByRole("button", { name: "Paste" }).click();
    await screen.click();
    await page.keyboard.press("Enter");
    await expect(rows.filter({ hasText: /^(# |\$ )?pasted-42\s*$/ }).first()).toBeVisible({
      timeout: 10_000,
    });
    await page.getByRole("button", { name: "Copy" }).click();
    await expect(page.getByText(/^Copied \d+ characters\.$/)).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toContain("pasted-42");

    const full = page.getByRole("button", { name: "Full window" });
    await full.click();
    await expect(full).toHaveAttribute("aria-pressed", "true");
    const box = await screen.boundingBox();
    const viewport = page.viewportSize();
    expect(box && viewport && box.height > viewport.height * 0.8).toBe(true);
    await full.click();
    await expect(full).toHaveAttribute("aria-pressed", "false");

    // On a phone the page fits its width (tables scroll inside their cards).
    await page.setViewportSize({ width: 390, height: 844 });
    await expect(container).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  } finally {
    await kube.kubectl([
      "delete",
      "deployment",
      "details-web",
      "-n",
      NS,
      "--ignore-not-found",
      "--wait=false",
    ]);
    await removeCluster(stack, { userId: ALICE, guildId: ACME }, clusterId);
  }
});
