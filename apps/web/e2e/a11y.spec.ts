import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { addLocalCluster, expect, removeCluster, signInTo, test } from "./fixtures";

const ACME = "200000000000000001";
const ALICE = "100000000000000001";
const NS = `clustercord-guild-${ACME}`;

/** The WCAG 2.1 A and AA rules; a serious or critical violation fails the page. */
async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({
      rule: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
    }));
}

/** Opens `path`, waits for `ready`, and checks it in the dark and the light theme. */
async function check(page: Page, url: string, ready: (page: Page) => Promise<void>) {
  for (const colorScheme of ["dark", "light"] as const) {
    await page.emulateMedia({ colorScheme });
    await page.goto(url);
    await ready(page);
    expect(await seriousViolations(page), `${url} (${colorScheme})`).toEqual([]);
  }
}

const heading = (name: string | RegExp) => async (page: Page) => {
  await expect(page.getByRole("heading", { name }).first()).toBeVisible();
};

test("the main pages have no serious accessibility violations (axe), in both themes", async ({
  page,
  stack,
}) => {
  // Fourteen axe passes (seven pages, two themes): more than the default minute on a busy machine.
  test.setTimeout(180_000);
  await signInTo(page, stack, "alice", "Acme Ops");
  const pages: [string, (page: Page) => Promise<void>][] = [
    ["/dashboard", async (p) => expect(p.getByTestId("guild-name")).toHaveText("Acme Ops")],
    ["/guilds", heading("Pick a Discord server")],
    ["/clusters", heading("Clusters")],
    ["/roles", heading(/Roles/)],
    ["/audit", heading(/Audit/)],
    ["/notifications", heading(/Notifications/)],
    ["/settings/notifications", heading(/Notification/)],
  ];
  for (const [path, ready] of pages) await check(page, `${stack.webUrl}${path}`, ready);

  // The shortcuts dialog and the phone drawer too.
  await page.keyboard.press("?");
  await expect(page.getByRole("dialog", { name: "Keyboard shortcuts" })).toBeVisible();
  expect(await seriousViolations(page), "shortcuts dialog").toEqual([]);
});

test("the cluster pages have no serious accessibility violations (axe), in both themes", async ({
  page,
  stack,
  kube,
}) => {
  test.setTimeout(180_000);
  const clusterId = await addLocalCluster(stack, kube, "a11y-pool");
  try {
    await kube.kubectl(["run", "a11y-web", "-n", NS, "--image=registry.invalid/a11y:1", "--restart=Never"]);
    await kube.kubectl([
      "wait",
      "-n",
      NS,
      "--for=jsonpath={.status.phase}=Running",
      "pod/a11y-web",
      "--timeout=60s",
    ]);
    await signInTo(page, stack, "alice", "Acme Ops");
    const base = `${stack.webUrl}/clusters/${clusterId}`;
    await check(page, base, async (p) =>
      expect(p.getByRole("list", { name: "Pods by status" })).toContainText("Running"),
    );
    await check(page, `${base}/pods?namespace=${NS}`, async (p) =>
      expect(p.locator('tr[data-pod="a11y-web"]')).toBeVisible(),
    );
    await check(page, `${base}/namespaces/${NS}/pods/a11y-web`, async (p) =>
      expect(p.locator(".cc-pod-facts")).toContainText("Running"),
    );
    await check(page, `${base}/resources/deployments`, heading(/Deployments on a11y-pool/));
    await check(page, `${base}/resources/namespaces/${NS}`, heading(new RegExp(NS)));
  } finally {
    await kube.kubectl(["delete", "pod", "a11y-web", "-n", NS, "--ignore-not-found", "--wait=false"]);
    await removeCluster(stack, { userId: ALICE, guildId: ACME }, clusterId);
  }
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test("the navigation drawer has no serious accessibility violations", async ({ page, stack }) => {
    await signInTo(page, stack, "bob", "Acme Ops");
    await page.getByRole("button", { name: "Open navigation" }).click();
    await expect(page.getByRole("dialog", { name: "Navigation" })).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });
});
