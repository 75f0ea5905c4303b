import { callTrpc, workerHeaders } from "@clustercord/testenv";
import { expect, removeCluster, signInTo, test } from "./fixtures";

const ACME = "200000000000000001";
const ALICE = "100000000000000001";
const CAROL = "100000000000000003"; // viewer in Acme Ops
const NS = `clustercord-guild-${ACME}`;
const LABEL = "e2e-resources=true";
/** More than the page asks for at first (1,000), so scrolling to the end loads the rest. */
const CONFIGMAPS = 1_200;

const objects = `
apiVersion: apps/v1
kind: Deployment
metadata: { name: browse-web, namespace: ${NS}, labels: { app: browse-web, e2e-resources: "true" } }
spec:
  replicas: 1
  selector: { matchLabels: { app: browse-web } }
  template:
    metadata: { labels: { app: browse-web, e2e-resources: "true" } }
    spec:
      containers:
        - name: app
          image: registry.invalid/web:1
          resources: { requests: { cpu: 1m, memory: 1Mi }, limits: { cpu: 10m, memory: 8Mi } }
---
apiVersion: v1
kind: Service
metadata: { name: browse-web, namespace: ${NS}, labels: { e2e-resources: "true" } }
spec: { selector: { app: browse-web }, ports: [{ port: 80 }] }
---
apiVersion: v1
kind: Secret
metadata: { name: browse-db, namespace: ${NS}, labels: { e2e-resources: "true" } }
stringData: { password: not-for-viewers }
`;

/** Many small objects (config maps cost no quota), created in one kubectl call. */
const bulkConfigMaps = (count: number) =>
  JSON.stringify({
    apiVersion: "v1",
    kind: "List",
    items: Array.from({ length: count }, (_, i) => ({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: {
        name: `browse-cm-${String(i).padStart(4, "0")}`,
        namespace: NS,
        labels: { "e2e-resources": "true" },
      },
      data: { n: String(i) },
    })),
  });

test("the resource browser: kinds, filters in the address, a deployment's YAML and pods, a viewer's refusal, phones", async ({
  page,
  browser,
  stack,
  kube,
}) => {
  test.setTimeout(240_000);
  const kubeconfig = await kube.kubectl(["config", "view", "--raw", "--flatten", "--minify"]);
  const added = await callTrpc<{ cluster: { id: string } }>(stack.webUrl, "clusters.add", {
    headers: workerHeaders(stack.serviceToken, ALICE, ACME),
    input: { name: "browse-pool", kubeconfig, shared: true },
    mutation: true,
  });
  expect(added.error).toBeUndefined();
  const clusterId = added.data.cluster.id;
  try {
    await kube.kubectl(["apply", "-f", "-"], objects);
    await kube.kubectl(["create", "-f", "-"], bulkConfigMaps(CONFIGMAPS));

    // Alice (admin of Acme Ops) opens the browser from the cluster card: deployments, kinds at the side.
    await signInTo(page, stack, "alice", "Acme Ops");
    await page.goto(`${stack.webUrl}/clusters`);
    await page
      .getByRole("region", { name: "browse-pool", exact: true })
      .getByRole("link", { name: "Browse resources" })
      .click();
    await page.waitForURL(/\/clusters\/[^/]+\/resources\/deployments/);
    await expect(page.getByRole("heading", { name: "Deployments on browse-pool" })).toBeVisible();
    const kinds = page.getByRole("navigation", { name: "Resource kinds" });
    await expect(kinds).toBeVisible();
    await expect(page.getByLabel("Kind", { exact: true })).toBeHidden();
    await expect(kinds.getByRole("heading", { name: "Custom resources" })).toBeVisible();

    // One namespace; the deployment becomes Ready once the simulated node runs its pod.
    await expect(page.getByLabel("Namespace")).toHaveValue("");
    await page.getByLabel("Namespace").selectOption(NS);
    await expect(page).toHaveURL(new RegExp(`namespace=${NS}`));
    const web = page.locator('tr[data-resource="browse-web"]');
    await expect(web).toContainText("Ready", { timeout: 90_000 });
    await expect(web).toContainText("1/1");
    // Live: the socket announces changes (no polling), so a scale shows without a reload.
    await expect(page.getByRole("status", { name: "Updates" })).toContainText("Live");
    await kube.kubectl(["scale", "deployment", "browse-web", "-n", NS, "--replicas=2"]);
    await expect(web).toContainText("2/2", { timeout: 60_000 });

    // A bad label selector: the API's message next to the box; a good one narrows the rows.
    const selector = page.getByLabel("Label selector");
    await selector.fill("app in (browse-web");
    // (Next's route announcer is an alert too: look for ours.)
    const selectorError = page.getByRole("alert").filter({ hasText: "Label selector" });
    await expect(selectorError).toHaveText("Label selector: unbalanced parentheses.");
    await expect(selector).toHaveAttribute("aria-invalid", "true");
    await selector.fill("app=browse-web");
    await expect(selectorError).toHaveCount(0);
    await expect(web).toBeVisible();
    await expect(page).toHaveURL(/l=app%3Dbrowse-web/);
    // The address keeps the filters: a reload (or a shared link) shows the same list.
    await page.reload();
    await expect(page.getByLabel("Label selector")).toHaveValue("app=browse-web");
    await expect(page.getByLabel("Namespace")).toHaveValue(NS);
    await expect(web).toContainText("Ready");

    // The pods kind leads to the live pods page.
    await expect(kinds.getByRole("link", { name: /^Pods/ })).toHaveAttribute(
      "href",
      `/clusters/${clusterId}/pods?namespace=${NS}`,
    );

    // Config maps: over a thousand, a few rows in the DOM; the first 1,000 come first, the rest
    // when the end of the table comes into view; search narrows them on the API.
    await kinds.getByRole("link", { name: "ConfigMaps" }).click();
    await page.waitForURL(/\/resources\/configmaps\?/);
    await page.getByLabel("Label selector").fill(LABEL);
    await expect(page.getByText(`Showing 1000 of ${CONFIGMAPS} configmaps`, { exact: true })).toBeVisible({
      timeout: 15_000,
    });
    const cmRows = page.locator("tbody tr[data-resource]");
    expect(await cmRows.count()).toBeGreaterThan(5);
    expect(await cmRows.count()).toBeLessThan(100);
    const toEnd = () =>
      page.getByTestId("resources-scroll").evaluate((el) => {
        el.scrollTop = el.scrollHeight;
      });
    await toEnd();
    await expect(page.getByText(`${CONFIGMAPS} configmaps`, { exact: true })).toBeVisible();
    await toEnd();
    const last = `browse-cm-${String(CONFIGMAPS - 1).padStart(4, "0")}`;
    await expect(page.locator(`tr[data-resource="${last}"]`)).toBeVisible();
    await expect(page.locator('tr[data-resource="browse-cm-0000"]')).toHaveCount(0);
    expect(await cmRows.count()).toBeLessThan(100);
    // Sorted by the API: name descending puts the last first.
    await page.getByTestId("resources-scroll").evaluate((el) => {
      el.scrollTop = 0;
    });
    await page.getByRole("button", { name: "Name", exact: true }).click();
    await expect(page.getByRole("columnheader", { name: "Name", exact: true })).toHaveAttribute(
      "aria-sort",
      "descending",
    );
    await expect(cmRows.first()).toHaveAttribute("data-resource", last);
    await page.getByLabel("Search").fill("browse-cm-012");
    await expect(page.getByText("10 configmaps", { exact: true })).toBeVisible();
    await expect(cmRows).toHaveCount(10);
    await expect(page).toHaveURL(/q=browse-cm-012/);

    // Services: the one created, its pod behind it.
    await kinds.getByRole("link", { name: "Services" }).click();
    await page.waitForURL(/\/resources\/services/);
    await page.getByLabel("Label selector").fill("");
    await expect(page.locator('tr[data-resource="browse-web"]')).toContainText("ClusterIP");

    // The deployment's page: status, YAML, and a link to its pod's own page.
    await page.goto(
      `${stack.webUrl}/clusters/${clusterId}/resources/deployments?namespace=${NS}&l=app%3Dbrowse-web`,
    );
    await web.getByRole("link", { name: "browse-web" }).click();
    await page.waitForURL(/\/resources\/deployments\/browse-web\?namespace=/);
    await expect(page.getByRole("heading", { name: /browse-web/ })).toContainText("Ready");
    // The object's own tabs (the rollout panel above has tabs of its own).
    await expect(page.getByRole("tabpanel", { name: "Summary" })).toContainText("registry.invalid/web:1");
    await page.getByRole("tab", { name: "YAML" }).click();
    const yaml = page.getByTestId("resource-yaml");
    await expect(yaml).toContainText("kind: Deployment");
    await expect(yaml).toContainText("name: browse-web");
    await expect(yaml).not.toContainText("managedFields");
    await page.getByRole("tab", { name: /Events/ }).click();
    await expect(page.getByRole("tabpanel", { name: /Events/ })).toContainText("ScalingReplicaSet", {
      timeout: 15_000,
    });
    await page.getByRole("tab", { name: /Related/ }).click();
    const related = page.getByRole("tabpanel", { name: /Related/ });
    const podLink = related.locator('a[data-related-kind="pods"]').first();
    await expect(podLink).toHaveText(/^browse-web-/);
    const podName = (await podLink.textContent()) ?? "";
    await expect(related.locator('a[data-related-kind="replicasets"]')).toHaveCount(1);
    await podLink.click();
    await page.waitForURL(`${stack.webUrl}/clusters/${clusterId}/namespaces/${NS}/pods/${podName}`);

    // A viewer (Carol in Acme Ops) is refused secrets with the API's message; on a phone the kinds are a select.
    const viewer = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    try {
      const carol = await viewer.newPage();
      await signInTo(carol, stack, "carol", "Acme Ops");
      await carol.goto(`${stack.webUrl}/clusters/${clusterId}/resources/secrets?namespace=${NS}`);
      // Exactly what the API answers the same person (as the Discord worker would ask it).
      const refusal = await callTrpc(stack.webUrl, "resources.list", {
        headers: workerHeaders(stack.serviceToken, CAROL, ACME),
        input: { clusterId, kind: "secrets", namespace: NS },
      });
      expect(refusal.status).toBe(403);
      expect(refusal.error?.message).toMatch(/^You may not list secrets .+\.$/);
      await expect(carol.getByRole("alert").filter({ hasText: "You may not" })).toHaveText(
        refusal.error?.message ?? "",
      );
      await expect(carol.locator("tr[data-resource]")).toHaveCount(0);
      const kindSelect = carol.getByLabel("Kind", { exact: true });
      await expect(kindSelect).toBeVisible();
      await expect(kindSelect).toHaveValue("secrets");
      await expect(carol.getByRole("navigation", { name: "Resource kinds" })).toBeHidden();
      await kindSelect.selectOption("deployments");
      await carol.waitForURL(/\/resources\/deployments\?namespace=/);
      await expect(carol.locator('tr[data-resource="browse-web"]')).toContainText("Ready");
      // The table scrolls inside its own box, within the phone's width.
      const box = await carol.getByTestId("resources-scroll").boundingBox();
      expect(box?.x).toBeGreaterThanOrEqual(0);
      expect((box?.x ?? 0) + (box?.width ?? 999)).toBeLessThanOrEqual(390);
      const fits = () => carol.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
      expect(await fits(), "the list page does not scroll sideways").toBe(true);
      await carol.locator('tr[data-resource="browse-web"] a').first().click();
      await expect(carol.getByRole("tab", { name: "YAML" })).toBeVisible();
      expect(await fits(), "the detail page does not scroll sideways").toBe(true);
    } finally {
      await viewer.close();
    }
  } finally {
    await kube
      .kubectl(["delete", "deployments,services,secrets,configmaps", "-l", LABEL, "-n", NS, "--wait=false"])
      .catch(() => "");
    await removeCluster(stack, { userId: ALICE, guildId: ACME }, clusterId);
  }
});
