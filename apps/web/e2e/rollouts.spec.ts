import AxeBuilder from "@axe-core/playwright";
import type { RolloutsHistoryOutput } from "@clustercord/contracts";
import { installArgoRollouts } from "@clustercord/testenv/cluster";
import type { Locator, Page } from "@playwright/test";
import { addLocalCluster, collectCspViolations, expect, removeCluster, signInTo, test } from "./fixtures";
import { sidewaysOverflow } from "./page-checks";

const ACME = "200000000000000001";
const ALICE = "100000000000000001"; // Acme's admin
const NS = `clustercord-guild-${ACME}`;
const IMAGE = "ghcr.io/acme/roll-web";

test.use({ actionTimeout: 30_000 });

/**
 * A Deployment whose rollouts take a few seconds on kwok (a new pod counts
 * as available only after minReadySeconds, one at a time), so the page can
 * be seen progressing before it completes.
 */
const deployment = (name: string, replicas: number, image: string) => `
apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name}, namespace: ${NS} }
spec:
  replicas: ${replicas}
  minReadySeconds: 2
  strategy: { type: RollingUpdate, rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } }
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name} } }
    spec:
      containers:
        - name: app
          image: ${image}
          env: [{ name: RELEASE_NOTES, value: "not shown" }]
          resources: { requests: { cpu: 10m, memory: 32Mi }, limits: { cpu: 50m, memory: 64Mi } }
`;

/** An API answer fetched from the page, with its session: the same person as the page. */
async function apiQuery<T>(page: Page, path: string, input: unknown): Promise<T | undefined> {
  return page.evaluate(
    async ({ path, input }) => {
      const res = await fetch(`/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`);
      return (await res.json()).result?.data;
    },
    { path, input },
  );
}

const panelOf = (page: Page): Locator => page.getByTestId("rollout-panel");

/** WCAG 2.1 A/AA serious or critical violations inside `selector` (this spec's own parts of the page), both themes. */
async function expectAccessibleIn(page: Page, selector: string, what: string) {
  for (const colorScheme of ["dark", "light"] as const) {
    await page.emulateMedia({ colorScheme });
    const results = await new AxeBuilder({ page })
      .include(selector)
      .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
      .analyze();
    const serious = results.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => ({ rule: v.id, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ")) }));
    expect(serious, `${what} (${colorScheme})`).toEqual([]);
  }
}

test("the rollout panel follows an image change live to completion, pauses and resumes, and undoes to a chosen revision after showing the diff; a viewer sees no actions", async ({
  page,
  browser,
  stack,
  kube,
}) => {
  test.setTimeout(300_000);
  const clusterId = await addLocalCluster(stack, kube, "rollouts-pool");
  const kubectl = (args: string[], input?: string) => kube.kubectl(args, input);
  const liveImage = async () =>
    (
      await kubectl([
        "get",
        "deployment",
        "roll-web",
        "-n",
        NS,
        "-o",
        "jsonpath={.spec.template.spec.containers[0].image}",
      ])
    ).trim();
  const rolledOut = () => kubectl(["rollout", "status", "-n", NS, "deployment/roll-web", "--timeout=120s"]);
  try {
    // Revisions 1 and 2 before the page opens.
    await kubectl(["apply", "-f", "-"], deployment("roll-web", 2, `${IMAGE}:1.0.0`));
    await rolledOut();
    await kubectl(["set", "image", "-n", NS, "deployment/roll-web", `app=${IMAGE}:1.1.0`]);
    await rolledOut();

    const pageUrl = `${stack.webUrl}/clusters/${clusterId}/resources/deployments/roll-web?namespace=${NS}`;

    // A viewer sees the live rollout and no action at all.
    const viewer = await browser.newContext();
    const viewerCsp = collectCspViolations(viewer);
    const carol = await viewer.newPage();
    await signInTo(carol, stack, "carol", "Acme Ops");
    await carol.goto(pageUrl);
    await expect(panelOf(carol)).toHaveAttribute("data-phase", "complete", { timeout: 60_000 });
    await expect(panelOf(carol).getByTestId("rollout-message")).not.toBeEmpty();
    await expect(panelOf(carol).getByTestId("rollout-actions")).toHaveCount(0);
    for (const name of ["Pause", "Restart", "Scale", "Undo…", "Canary…"])
      await expect(carol.getByRole("button", { name, exact: true })).toHaveCount(0);
    await viewer.close();
    expect(viewerCsp).toEqual([]);

    await signInTo(page, stack, "alice", "Acme Ops");
    await page.goto(pageUrl);
    const panel = panelOf(page);
    await expect(panel).toHaveAttribute("data-live", "live", { timeout: 60_000 });
    await expect(panel).toHaveAttribute("data-phase", "complete");
    await expect(panel).toHaveAttribute("data-revision", "2");
    // Marks this document: if the page reloaded, the mark would be gone.
    await page.evaluate(() => {
      (window as unknown as { rolloutMark: string }).rolloutMark = "same document";
    });

    // An image change made with kubectl, followed on the page: progressing, then complete on revision 3.
    await kubectl(["set", "image", "-n", NS, "deployment/roll-web", `app=${IMAGE}:1.2.0`]);
    await expect(panel).toHaveAttribute("data-revision", "3", { timeout: 15_000 });
    await expect(panel).toHaveAttribute("data-phase", "progressing", { timeout: 10_000 });
    await expect(panel.locator('tr[data-role="new"]')).toContainText(`${IMAGE}:1.2.0`);
    await expect(panel).toHaveAttribute("data-phase", "complete", { timeout: 60_000 });
    await expect(panel.getByTestId("bar-available")).toContainText("2 of 2");
    expect(await page.evaluate(() => (window as unknown as { rolloutMark?: string }).rolloutMark)).toBe(
      "same document",
    );

    // Pause, then resume: the page says what the API said, and the cluster agrees.
    await panel.getByRole("button", { name: "Pause", exact: true }).click();
    await expect(panel).toHaveAttribute("data-phase", "paused", { timeout: 15_000 });
    await expect(panel.getByTestId("rollout-notice")).not.toBeEmpty();
    expect(
      (await kubectl(["get", "deployment", "roll-web", "-n", NS, "-o", "jsonpath={.spec.paused}"])).trim(),
    ).toBe("true");
    await panel.getByRole("button", { name: "Resume", exact: true }).click();
    await expect(panel.getByRole("button", { name: "Pause", exact: true })).toBeVisible({ timeout: 15_000 });
    await expect(panel).not.toHaveAttribute("data-phase", "paused");
    expect(
      (await kubectl(["get", "deployment", "roll-web", "-n", NS, "-o", "jsonpath={.spec.paused}"])).trim(),
    ).not.toBe("true");

    // Undo to revision 1 (not the previous one): the plan and its diff first, nothing changed before Confirm.
    await panel.getByRole("button", { name: "Undo…" }).click();
    const dialog = page.getByRole("dialog", { name: "Undo the rollout of roll-web" });
    await dialog.getByLabel("Revision to go back to").selectOption("1");
    await dialog.getByRole("button", { name: "Preview" }).click();
    const plan = dialog.getByTestId("undo-plan");
    await expect(plan).toBeVisible({ timeout: 30_000 });
    await expect(plan.getByTestId("undo-revisions")).toHaveText("Revision 3 → 1");
    const imageRow = plan.locator('tr[data-area="image"]');
    await expect(imageRow).toContainText(`${IMAGE}:1.2.0`);
    await expect(imageRow).toContainText(`${IMAGE}:1.0.0`);
    await expect(plan.locator('[data-diff="removed"]', { hasText: `${IMAGE}:1.2.0` })).toHaveCount(1);
    await expect(plan.locator('[data-diff="added"]', { hasText: `${IMAGE}:1.0.0` })).toHaveCount(1);
    await expect(plan).not.toContainText("not shown");
    expect(await liveImage()).toBe(`${IMAGE}:1.2.0`);
    await expectAccessibleIn(page, '[role="dialog"]', "the undo plan dialog");
    await plan.getByRole("button", { name: "Undo to revision 1" }).click();
    await expect(dialog).toHaveCount(0, { timeout: 30_000 });
    await expect(panel.getByTestId("rollout-notice")).not.toBeEmpty();
    await expect(panel).toHaveAttribute("data-phase", "complete", { timeout: 60_000 });
    await expect(panel.locator('tr[data-role="new"]')).toContainText(`${IMAGE}:1.0.0`);
    expect(await liveImage()).toBe(`${IMAGE}:1.0.0`);

    // The page and rollouts.history (the API, as the same person) end on the same revision.
    const revision = await panel.getAttribute("data-revision");
    const history = await apiQuery<RolloutsHistoryOutput>(page, "rollouts.history", {
      clusterId,
      namespace: NS,
      kind: "Deployment",
      name: "roll-web",
    });
    const current = history?.revisions.find((r) => r.current);
    expect(current?.images).toEqual([`${IMAGE}:1.0.0`]);
    expect(String(current?.revision)).toBe(revision);
    await panel.getByRole("tab", { name: "History" }).click();
    const table = panel.getByTestId("rollout-history");
    await expect(table.locator('tr[data-current="true"]')).toHaveAttribute("data-revision", revision ?? "");
    await expect(table.locator('tr[data-current="true"]')).toContainText(`${IMAGE}:1.0.0`);

    // On a phone the panel stacks and its tables scroll inside themselves: the page never scrolls sideways.
    await page.setViewportSize({ width: 390, height: 844 });
    await panel.getByRole("tab", { name: "Status" }).click();
    await expect(panel.getByRole("table", { name: "ReplicaSets" })).toBeVisible();
    // Everything stays inside the panel: the bars and the table's scrolling box end before its edge.
    const edge = await panel.boundingBox();
    for (const part of [
      panel.getByTestId("bar-available"),
      panel.getByRole("region", { name: "ReplicaSets" }),
    ]) {
      const box = await part.boundingBox();
      expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual((edge?.x ?? 0) + (edge?.width ?? 0));
    }
    const sideways = await sidewaysOverflow(page);
    expect(sideways.overflow, `sticking out: ${sideways.wide.join(", ")}`).toBeLessThanOrEqual(0);
    await expectAccessibleIn(page, '[data-testid="rollout-panel"]', "the rollout panel at 390 px");
  } finally {
    await kubectl([
      "delete",
      "deployment/roll-web",
      "-n",
      NS,
      "--ignore-not-found",
      "--wait=true",
      "--timeout=120s",
    ]);
    await removeCluster(stack, { userId: ALICE, guildId: ACME }, clusterId);
  }
});

/** Canary… → image, percentage, window → the plan → Start canary; returns once the dialog has closed. */
async function startCanary(page: Page, image: string, windowSeconds: number, planned: string) {
  await panelOf(page).getByRole("button", { name: "Canary…" }).click();
  const dialog = page.getByRole("dialog", { name: "Canary release of roll-api" });
  await dialog.getByLabel("Image").fill(image);
  await dialog.getByLabel(/Percentage/).fill("25");
  await dialog.getByLabel(/Analysis window/).fill(String(windowSeconds));
  await dialog.getByRole("button", { name: "Preview" }).click();
  const plan = dialog.getByTestId("canary-plan");
  await expect(plan.getByTestId("canary-plan-replicas")).toHaveText(planned, { timeout: 30_000 });
  await plan.getByRole("button", { name: "Start canary" }).click();
  await expect(dialog).toHaveCount(0, { timeout: 30_000 });
}

test("a healthy canary started from the page is promoted from the page; a crashing one is rolled back by itself with the reason, shown live", async ({
  page,
  stack,
  kube,
}) => {
  test.setTimeout(300_000);
  const clusterId = await addLocalCluster(stack, kube, "canary-pool");
  const kubectl = (args: string[], input?: string) => kube.kubectl(args, input);
  const get = (name: string, path: string) =>
    kubectl(["get", "deployment", name, "-n", NS, "--ignore-not-found", "-o", `jsonpath=${path}`]).then((r) =>
      r.trim(),
    );
  const stableImage = () => get("roll-api", "{.spec.template.spec.containers[0].image}");
  const canaryLeft = () =>
    kubectl(["get", "deployment", "roll-api-canary", "-n", NS, "--ignore-not-found", "-o", "name"]).then(
      (r) => r.trim(),
    );
  try {
    await kubectl(["apply", "-f", "-"], deployment("roll-api", 4, `${IMAGE}:1.0.0`));
    await kubectl(["rollout", "status", "-n", NS, "deployment/roll-api", "--timeout=120s"]);

    await signInTo(page, stack, "alice", "Acme Ops");
    await page.goto(`${stack.webUrl}/clusters/${clusterId}/resources/deployments/roll-api?namespace=${NS}`);
    const panel = panelOf(page);
    await expect(panel).toHaveAttribute("data-phase", "complete", { timeout: 60_000 });
    await panel.getByRole("button", { name: "Canary…" }).click();
    // The form starts from the running image.
    await expect(page.getByRole("dialog").getByLabel("Image")).toHaveValue(`${IMAGE}:1.0.0`);
    await page.getByRole("dialog").getByRole("button", { name: "Cancel" }).click();

    // Healthy: long enough a window that the promotion is the person's, not the window's end.
    await startCanary(page, `${IMAGE}:1.1.0`, 600, "3 stable · 1 canary");
    const canary = panel.getByTestId("canary-section");
    await expect(canary).toHaveAttribute("data-phase", "analysing", { timeout: 30_000 });
    await expect(canary.getByTestId("canary-replicas")).toContainText("1 canary (roll-api-canary)");
    await expect.poll(() => get("roll-api", "{.spec.replicas}"), { timeout: 30_000 }).toBe("3");
    expect(await get("roll-api-canary", "{.spec.replicas}")).toBe("1");
    // The analysis runs: a healthy check of the canary pod shows up without a reload.
    await expect(canary.locator('[data-healthy="true"]').first()).toBeVisible({ timeout: 60_000 });
    await canary.getByRole("button", { name: "Promote" }).click();
    await expect(canary).toHaveAttribute("data-phase", "promoted", { timeout: 90_000 });
    await expect(panel.getByTestId("rollout-notice")).not.toBeEmpty();
    await expect.poll(stableImage, { timeout: 30_000 }).toBe(`${IMAGE}:1.1.0`);
    await expect.poll(canaryLeft, { timeout: 60_000 }).toBe("");
    await expect(panel).toHaveAttribute("data-phase", "complete", { timeout: 60_000 });
    await expect(panel.locator('tr[data-role="new"]')).toContainText(`${IMAGE}:1.1.0`);

    // Crashing (kwok's crash-loop stage for `:crash-loop` images): rolled back without anyone pressing a button.
    await startCanary(page, `${IMAGE}:crash-loop`, 600, "3 stable · 1 canary");
    await expect(canary).toHaveAttribute("data-phase", /^(analysing|rolling-back|rolled-back)$/, {
      timeout: 30_000,
    });
    await expect(canary).toHaveAttribute("data-phase", "rolled-back", { timeout: 120_000 });
    await expect(canary.getByTestId("canary-reason")).not.toBeEmpty();
    await expect(canary.locator('[data-healthy="false"]').first()).toBeVisible();
    await expect(canary.getByRole("button", { name: "Promote" })).toHaveCount(0);
    expect(await stableImage()).toBe(`${IMAGE}:1.1.0`);
    await expect.poll(() => get("roll-api", "{.spec.replicas}"), { timeout: 30_000 }).toBe("4");
    await expect.poll(canaryLeft, { timeout: 60_000 }).toBe("");
  } finally {
    await kubectl([
      "delete",
      "deployment/roll-api",
      "deployment/roll-api-canary",
      "-n",
      NS,
      "--ignore-not-found",
      "--wait=true",
      "--timeout=120s",
    ]);
    await removeCluster(stack, { userId: ALICE, guildId: ACME }, clusterId);
  }
});

test("StatefulSet and DaemonSet pages get the live panel with their revisions, without the Deployment-only actions", async ({
  page,
  stack,
  kube,
}) => {
  test.setTimeout(240_000);
  const clusterId = await addLocalCluster(stack, kube, "sets-pool");
  const kubectl = (args: string[], input?: string) => kube.kubectl(args, input);
  const podSpec = (name: string) => `
    metadata: { labels: { app: ${name} } }
    spec:
      containers:
        - name: app
          image: ${IMAGE}:1.0.0
          resources: { requests: { cpu: 10m, memory: 32Mi }, limits: { cpu: 50m, memory: 64Mi } }`;
  try {
    await kubectl(
      ["apply", "-f", "-"],
      `
apiVersion: apps/v1
kind: StatefulSet
metadata: { name: roll-db, namespace: ${NS} }
spec:
  replicas: 2
  selector: { matchLabels: { app: roll-db } }
  template:${podSpec("roll-db")}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: { name: roll-agent, namespace: ${NS} }
spec:
  selector: { matchLabels: { app: roll-agent } }
  template:${podSpec("roll-agent")}
`,
    );
    await kubectl(["rollout", "status", "-n", NS, "statefulset/roll-db", "--timeout=120s"]);
    await signInTo(page, stack, "alice", "Acme Ops");

    await page.goto(`${stack.webUrl}/clusters/${clusterId}/resources/statefulsets/roll-db?namespace=${NS}`);
    const panel = panelOf(page);
    await expect(panel).toHaveAttribute("data-phase", "complete", { timeout: 60_000 });
    await expect(panel).toHaveAttribute("data-live", "live");
    await expect(panel.getByRole("table", { name: "Revisions" })).toContainText(`${IMAGE}:1.0.0`);
    await expect(panel.getByTestId("bar-ready")).toContainText("2 of 2");
    await expect(panel.getByRole("button", { name: "Scale", exact: true })).toBeVisible();
    await expect(panel.getByRole("button", { name: "Undo…" })).toBeVisible();
    await expect(panel.getByRole("button", { name: "Pause", exact: true })).toHaveCount(0);
    await expect(panel.getByRole("button", { name: "Canary…" })).toHaveCount(0);

    await page.goto(`${stack.webUrl}/clusters/${clusterId}/resources/daemonsets/roll-agent?namespace=${NS}`);
    await expect(panel).toHaveAttribute("data-phase", /^(progressing|complete)$/, { timeout: 60_000 });
    await expect(panel.getByTestId("rollout-message")).not.toBeEmpty();
    await expect(panel.getByRole("button", { name: "Restart", exact: true })).toBeVisible();
    await expect(panel.getByRole("button", { name: "Scale", exact: true })).toHaveCount(0);
    await expect(panel.getByRole("button", { name: "Pause", exact: true })).toHaveCount(0);
  } finally {
    await kubectl([
      "delete",
      "statefulset/roll-db",
      "daemonset/roll-agent",
      "-n",
      NS,
      "--ignore-not-found",
      "--wait=true",
      "--timeout=120s",
    ]);
    await removeCluster(stack, { userId: ALICE, guildId: ACME }, clusterId);
  }
});

test("an Argo Rollout's page shows where its canary stands and promotes then aborts it, as kubectl argo rollouts does", async ({
  page,
  stack,
  kube,
}) => {
  test.setTimeout(240_000);
  const clusterId = await addLocalCluster(stack, kube, "argo-pool");
  const kubectl = (args: string[], input?: string) => kube.kubectl(args, input);
  try {
    await installArgoRollouts(kube);
    await kubectl(
      ["apply", "-f", "-"],
      `
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: { name: roll-cart, namespace: ${NS} }
spec:
  replicas: 4
  selector: { matchLabels: { app: roll-cart } }
  template:
    metadata: { labels: { app: roll-cart } }
    spec: { containers: [{ name: app, image: ${IMAGE}:2.0.0 }] }
  strategy:
    canary:
      steps: [{ setWeight: 25 }, { pause: {} }, { setWeight: 50 }, { pause: { duration: 60 } }]
`,
    );
    // No Argo controller runs here: the status is written as it would write it at the first pause.
    await kubectl([
      "patch",
      "rollout",
      "roll-cart",
      "-n",
      NS,
      "--subresource=status",
      "--type=merge",
      "-p",
      JSON.stringify({
        status: {
          phase: "Paused",
          message: "CanaryPauseStep",
          currentStepIndex: 1,
          controllerPause: true,
          pauseConditions: [{ reason: "CanaryPauseStep", startTime: new Date().toISOString() }],
        },
      }),
    ]);

    await signInTo(page, stack, "alice", "Acme Ops");
    await page.goto(
      `${stack.webUrl}/clusters/${clusterId}/resources/rollouts.argoproj.io/roll-cart?namespace=${NS}`,
    );
    const panel = page.getByTestId("argo-rollout-panel");
    await expect(panel).toHaveAttribute("data-phase", "Paused", { timeout: 60_000 });
    await expect(panel.getByTestId("argo-steps")).toHaveText("1 of 4 steps done");
    await expect(panel.getByTestId("argo-weight")).toHaveText("25%");
    await expect(panel).toContainText(`${IMAGE}:2.0.0`);

    await panel.getByRole("button", { name: "Promote" }).click();
    await expect(panel.getByTestId("rollout-notice")).toContainText("Promoted Argo Rollout roll-cart");
    const pauses = await kubectl([
      "get",
      "rollout",
      "roll-cart",
      "-n",
      NS,
      "-o",
      "jsonpath={.status.pauseConditions}",
    ]);
    expect(pauses.trim()).toBe("");

    await panel.getByRole("button", { name: "Abort" }).click();
    await expect(panel.getByTestId("rollout-notice")).toContainText("Aborted Argo Rollout roll-cart");
    await expect
      .poll(async () =>
        (await kubectl(["get", "rollout", "roll-cart", "-n", NS, "-o", "jsonpath={.status.abort}"])).trim(),
      )
      .toBe("true");
    // Seen live: the aborted Rollout offers no more actions.
    await expect(panel.getByRole("button", { name: "Promote" })).toHaveCount(0, { timeout: 15_000 });
  } finally {
    // The CRD goes too, so the specs after this one see the cluster without it.
    await kubectl([
      "delete",
      "crd",
      "rollouts.argoproj.io",
      "--ignore-not-found",
      "--wait=true",
      "--timeout=120s",
    ]);
    await removeCluster(stack, { userId: ALICE, guildId: ACME }, clusterId);
  }
});
