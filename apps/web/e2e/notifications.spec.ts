import { callTrpc, workerHeaders } from "@clustercord/testenv";
import { expect, signInTo, test } from "./fixtures";

const ACME = "200000000000000001";
const BOB = "100000000000000002";

test("the bell counts unread notifications live, the center lists them and marks them read", async ({
  page,
  stack,
}) => {
  await signInTo(page, stack, "bob", "Acme Ops");
  const bell = page.getByRole("link", { name: /^Notifications:/ });
  await expect(bell).toHaveAttribute("aria-label", "Notifications: none unread");

  // Something outside this page notifies Bob: his own test notification, asked for in Discord.
  const before = stack.discord.dms(BOB).length;
  const reply = await (
    await stack.discord.sendCommand({ userId: BOB, guildId: ACME, name: "notifications", subcommand: "test" })
  ).reply();
  expect(reply.embeds?.[0]?.description).toBe("Test notification sent (web, discord_dm).");
  // No reload: the count arrives over the socket (the query's own poll is a minute away).
  await expect(bell).toHaveAttribute("aria-label", "Notifications: 1 unread", { timeout: 10_000 });
  await expect(page.getByTestId("unread-count")).toHaveText("1");
  await expect.poll(() => stack.discord.dms(BOB).length).toBe(before + 1);

  await bell.click();
  await page.waitForURL(`${stack.webUrl}/notifications`);
  const item = page.getByRole("listitem", { name: "Test notification" });
  await expect(item).toContainText("If you read this, this channel works.");
  await expect(item).toContainText("unread");
  await expect(item).toContainText("Discord DM: sent");

  await item.getByRole("button", { name: 'Mark "Test notification" read' }).click();
  await expect(bell).toHaveAttribute("aria-label", "Notifications: none unread");
  await expect(item.getByRole("button", { name: /Mark .* read/ })).toHaveCount(0);
  const count = await callTrpc<{ unread: number }>(stack.webUrl, "notifications.unreadCount", {
    headers: workerHeaders(stack.serviceToken, BOB, ACME),
  });
  expect(count.data).toEqual({ unread: 0 });

  // A second one from the page itself is refused within half a minute, and says so.
  await page.getByRole("button", { name: "Send a test notification" }).click();
  await expect(page.getByRole("status")).toHaveText(
    "A test notification was sent less than half a minute ago.",
  );
});

test("quiet hours and channels set on the settings page are what /notifications preferences shows", async ({
  page,
  stack,
}) => {
  await signInTo(page, stack, "bob", "Acme Ops");
  await page.goto(`${stack.webUrl}/settings/notifications`);
  await page.getByRole("switch", { name: "Discord direct messages" }).click();
  await expect(page.getByRole("switch", { name: "Discord direct messages" })).toHaveAttribute(
    "aria-checked",
    "false",
  );
  const quiet = page.getByRole("form", { name: "Quiet hours" });
  await quiet.getByRole("switch", { name: "Quiet hours" }).click();
  await quiet.getByLabel("From").fill("21:30");
  await quiet.getByLabel("Until").fill("06:45");
  await quiet.getByLabel("Time zone").selectOption("America/New_York");
  await quiet.getByRole("button", { name: "Save quiet hours" }).click();
  // Reload only once the save has landed: a reload in flight would abort it.
  await expect(quiet.getByRole("status")).toHaveText("Quiet hours saved.");
  await page.reload();
  await expect(page.getByRole("form", { name: "Quiet hours" }).getByLabel("From")).toHaveValue("21:30");
  await expect(page.getByRole("form", { name: "Quiet hours" }).getByLabel("Time zone")).toHaveValue(
    "America/New_York",
  );
  // Email needs SMTP, which this stack has not: the page says so instead of offering it.
  await expect(page.getByText("Email is not set up on this ClusterCord.")).toBeVisible();

  const reply = await (
    await stack.discord.sendCommand({
      userId: BOB,
      guildId: ACME,
      name: "notifications",
      subcommand: "preferences",
    })
  ).reply();
  expect(reply.embeds?.[0]?.fields).toEqual([
    { name: "Discord DMs", value: "off", inline: true },
    { name: "Email", value: "not set up on this ClusterCord", inline: true },
    { name: "Quiet hours", value: "21:30–06:45 (America/New\\_York); critical ones still come" },
  ]);

  // Put them back for the other tests in this run.
  await callTrpc(stack.webUrl, "notifications.updatePreferences", {
    headers: workerHeaders(stack.serviceToken, BOB, ACME),
    input: { discordDm: true, quietHours: null, timeZone: "UTC" },
    mutation: true,
  });
});
