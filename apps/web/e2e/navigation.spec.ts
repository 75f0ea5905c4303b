import { expect, signInTo, test } from "./fixtures";

test("the sidebar, breadcrumbs, server switcher and keyboard shortcuts", async ({ page, stack }) => {
  await signInTo(page, stack, "alice", "Acme Ops");
  const nav = page.getByRole("navigation", { name: "Main" });
  for (const area of ["Dashboard", "Clusters", "Servers", "Roles", "Audit", "Notifications", "Settings"]) {
    await expect(nav.getByRole("link", { name: area, exact: true })).toBeVisible();
  }
  await expect(nav.getByRole("link", { name: "Dashboard", exact: true })).toHaveAttribute(
    "aria-current",
    "page",
  );
  const crumbs = page.getByRole("navigation", { name: "Breadcrumb" });
  await expect(crumbs).toHaveText("Dashboard");

  // `?` lists the shortcuts; Escape closes it.
  await page.keyboard.press("?");
  const help = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(help).toContainText("Go to Roles");
  await page.keyboard.press("Escape");
  await expect(help).toBeHidden();

  // `g` then a letter moves between areas.
  await page.keyboard.press("g");
  await page.keyboard.press("l");
  await page.waitForURL(`${stack.webUrl}/roles`);
  await expect(crumbs).toHaveText("Roles");
  await expect(nav.getByRole("link", { name: "Roles", exact: true })).toHaveAttribute("aria-current", "page");

  // The server switcher acts in another server (guilds.select): another role there.
  await page.getByRole("button", { name: /^Server/ }).click();
  await page.getByRole("menuitem", { name: "Beta Team" }).click();
  await page.waitForURL(`${stack.webUrl}/dashboard`);
  await expect(page.getByTestId("guild-name")).toHaveText("Beta Team");
  await expect(page.getByRole("button", { name: /^Server/ })).toHaveText("Server Beta Team");

  // Collapsed, the sidebar keeps its areas by name (icons only) and stays so on the next page.
  await page.getByRole("button", { name: "Collapse sidebar" }).click();
  await expect(nav.getByRole("link", { name: "Roles", exact: true })).toBeVisible();
  await nav.getByRole("link", { name: "Clusters", exact: true }).click();
  await page.waitForURL(`${stack.webUrl}/clusters`);
  await expect(page.getByRole("button", { name: "Expand sidebar" })).toBeVisible();
  const width = await page.locator(".cc-sidebar").evaluate((el) => el.getBoundingClientRect().width);
  expect(width).toBeLessThan(100);
  await page.getByRole("button", { name: "Expand sidebar" }).click();
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test("the top bar is one line and a menu button opens the navigation", async ({ page, stack }) => {
    await signInTo(page, stack, "bob", "Acme Ops");
    const bar = await page.locator(".cc-topbar").boundingBox();
    expect(bar?.height).toBeLessThanOrEqual(64);
    await expect(page.getByRole("navigation", { name: "Main" })).toBeHidden();

    await page.getByRole("button", { name: "Open navigation" }).click();
    const drawer = page.getByRole("dialog", { name: "Navigation" });
    await expect(drawer.getByRole("button", { name: /^Server/ })).toHaveText("Server Acme Ops");
    await drawer.getByRole("link", { name: "Notifications", exact: true }).click();
    await page.waitForURL(`${stack.webUrl}/notifications`);
    await expect(drawer).toBeHidden();
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  });
});
