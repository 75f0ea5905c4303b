import { callTrpc, workerHeaders } from "@clustercord/testenv";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";

// The demo's Discord page, served by the stand-in at its root: a person picks
// who they are and where, types slash commands, and clicks the bot's buttons.

const ACME = "200000000000000001";
const ALICE = "100000000000000001";

/** Opens the stand-in's page as `username` in Acme Ops' #ops, through the pickers. */
async function openAsIn(page: Page, url: string, username: string) {
  await page.goto(url);
  await page.getByLabel("You are").selectOption(username);
  await page.getByRole("button", { name: "Acme Ops" }).click();
  await page.getByRole("button", { name: "ops", exact: true }).click();
  await expect(page.getByRole("heading", { name: "# ops" })).toBeVisible();
}

test("in the demo Discord page, alice runs /whoami in Acme Ops and sees the bot's embed", async ({
  page,
  stack,
}) => {
  await openAsIn(page, stack.discord.url, "alice");
  const composer = page.getByRole("combobox", { name: "Message #ops" });
  await composer.fill("/who");
  // The registered command is offered; picking it fills the line.
  await page.getByRole("option", { name: /\/whoami/ }).click();
  await expect(composer).toHaveValue("/whoami ");
  await composer.press("Enter");

  const reply = page.getByRole("listitem").filter({ hasText: "alice used /whoami" }).last();
  await expect(reply.getByRole("heading", { name: "Who am I" })).toBeVisible();
  await expect(reply).toContainText("Alice Admin");
  await expect(reply).toContainText("Only you can see this");

  // Another person in the same channel does not see alice's ephemeral reply.
  await page.getByLabel("You are").selectOption("bob");
  await expect(page.getByText("No messages yet.")).toBeVisible();
});

test("the page says what is wrong before sending, as Discord's client does", async ({ page, stack }) => {
  await openAsIn(page, stack.discord.url, "carol");
  const composer = page.getByRole("combobox", { name: "Message #ops" });
  await composer.fill("/audit limit:many");
  await composer.press("Enter");
  await expect(page.getByRole("alert")).toHaveText("limit: must be a whole number");
});

test("alice removes a cluster from the demo Discord page: autocomplete, Cancel, then Confirm", async ({
  page,
  stack,
  kube,
}) => {
  const name = `demo-${Date.now().toString(36)}`;
  const added = await callTrpc<{ id: string }>(stack.webUrl, "clusters.add", {
    headers: workerHeaders(stack.serviceToken, ALICE, ACME),
    input: { name, kubeconfig: await kube.kubectl(["config", "view", "--raw", "--flatten", "--minify"]) },
    mutation: true,
  });
  expect(added.error).toBeUndefined();

  await openAsIn(page, stack.discord.url, "alice");
  const composer = page.getByRole("combobox", { name: "Message #ops" });
  // The bot's autocomplete answer for /pods cluster: (an autocomplete interaction through the gateway).
  await composer.fill(`/pods cluster:${name.slice(0, 6)}`);
  await page.getByRole("option", { name }).click();
  await expect(composer).toHaveValue(`/pods cluster:${name} `);

  await composer.fill(`/cluster remove name:${name}`);
  await composer.press("Enter");
  // This cluster's plan (earlier specs may have posted others in #ops); the Cancel edits it in place,
  // so it is followed by its id from here on.
  const firstPlan = page.getByRole("listitem").filter({ hasText: `Remove cluster ${name}?` });
  await expect(firstPlan).toHaveCount(1);
  const plan = page.locator(`[data-message-id="${await firstPlan.getAttribute("data-message-id")}"]`);
  await expect(plan).toContainText("alice used /cluster remove");
  await plan.getByRole("button", { name: "Cancel" }).click();
  await expect(plan).toContainText("Cancelled: nothing was changed.");
  await expect(plan.getByRole("button", { name: "Cancel" })).toHaveCount(0);

  await composer.fill(`/cluster remove name:${name}`);
  await composer.press("Enter");
  const planned = page.getByRole("listitem").filter({ hasText: `Remove cluster ${name}?` });
  await expect(planned).toHaveCount(1);
  // The same message is edited in place: follow it by its id, not by its text.
  const again = page.locator(`[data-message-id="${await planned.getAttribute("data-message-id")}"]`);
  await again.getByRole("button", { name: `Remove ${name}` }).click();
  await expect(again).toContainText(`Removed cluster ${name}.`);
  const list = await callTrpc<{ clusters: { name: string }[] }>(stack.webUrl, "clusters.list", {
    headers: workerHeaders(stack.serviceToken, ALICE, ACME),
  });
  expect(list.data?.clusters.map((c) => c.name)).not.toContain(name);
});
