import { expect, signIn, test } from "./fixtures";

const ALICE = "100000000000000001";
const ACME = "200000000000000001";

test("signs in with Discord, picks a server and sees the dashboard", async ({ page, stack }) => {
  await signIn(page, stack, "alice");
  await expect(page.getByRole("heading", { name: "Pick a Discord server" })).toBeVisible();
  // Alice is in Acme (owner) and Beta; the bot is not in Mallory's guild.
  await expect(page.getByRole("button", { name: /Acme Ops/ })).toBeVisible();
  await expect(page.getByRole("button", { name: /Beta Team/ })).toBeVisible();
  await expect(page.getByRole("button", { name: /Mallory/ })).toHaveCount(0);

  await page.getByRole("button", { name: /Acme Ops/ }).click();
  await page.waitForURL(`${stack.webUrl}/dashboard`);
  await expect(page.getByTestId("me-name")).toHaveText("Alice Admin");
  await expect(page.getByTestId("me-id")).toHaveText(ALICE);
  await expect(page.getByTestId("guild-name")).toHaveText("Acme Ops");
  await expect(page.getByTestId("guild-role")).toHaveText("admin");
  await expect(page.getByRole("link", { name: "Audit" })).toBeVisible();

  // The pick was audited, and admins can read it.
  await page.getByRole("link", { name: "Audit" }).click();
  await expect(page.getByRole("cell", { name: "guilds.select" }).first()).toBeVisible();
  await expect(page.getByRole("cell", { name: `guild/${ACME}` }).first()).toBeVisible();
});

test("a person whose server lacks the bot gets Discord's invite link for it", async ({ page, stack }) => {
  await signIn(page, stack, "mallory");
  await expect(page.getByText("None of your servers has the ClusterCord bot yet.")).toBeVisible();
  const invite = page.getByRole("region", { name: "Add ClusterCord to a server" }).getByRole("link", {
    name: /Mallory's Lair/,
  });
  const href = new URL((await invite.getAttribute("href")) ?? "");
  expect(`${href.origin}${href.pathname}`).toBe(`${stack.discord.webBase}/oauth2/authorize`);
  expect(href.searchParams.get("guild_id")).toBe("200000000000000003");
  expect(href.searchParams.get("permissions")).toBe("52224");
});

test("pages without a session send the browser to sign in", async ({ page, stack }) => {
  await page.goto(`${stack.webUrl}/dashboard`);
  await expect(page).toHaveURL(`${stack.webUrl}/?callbackUrl=%2Fdashboard`);
  await expect(page.getByRole("button", { name: "Sign in with Discord" })).toBeVisible();
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test("the same pages fit without horizontal scrolling", async ({ page, stack }) => {
    const fits = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
    await page.goto(stack.webUrl);
    expect(await fits()).toBe(true);
    await signIn(page, stack, "bob");
    await expect(page.getByRole("button", { name: /Acme Ops/ })).toBeVisible();
    expect(await fits()).toBe(true);
    await page.getByRole("button", { name: /Acme Ops/ }).click();
    await page.waitForURL(`${stack.webUrl}/dashboard`);
    await expect(page.getByTestId("guild-role")).toHaveText("operator");
    expect(await fits()).toBe(true);
    // Operators are not admins: no audit link.
    await expect(page.getByRole("link", { name: "Audit" })).toHaveCount(0);
  });
});
