import { expect, signInTo, test } from "./fixtures";

const ACME = "200000000000000001";
const CAROL = "100000000000000003";

test("a guild admin maps a Discord role in the browser, and /roles in Discord shows the same", async ({
  page,
  stack,
}) => {
  await signInTo(page, stack, "alice", "Acme Ops");
  await page.getByRole("link", { name: "Roles" }).click();
  await expect(page.getByRole("row", { name: /Admins/ })).toContainText("admin (Discord permissions)");

  const operators = page.getByLabel("ClusterCord role for Operators");
  await expect(operators).toHaveValue("operator");
  await operators.selectOption("viewer");
  await expect(operators).toHaveValue("viewer");
  await page.reload();
  await expect(page.getByLabel("ClusterCord role for Operators")).toHaveValue("viewer");

  const reply = await (
    await stack.discord.sendCommand({ userId: CAROL, guildId: ACME, name: "roles" })
  ).reply();
  expect(reply.embeds?.[0]?.description).toContain("**Operators** → viewer");

  // Put it back for the other tests in this run.
  await page.getByLabel("ClusterCord role for Operators").selectOption("operator");
  await expect(page.getByLabel("ClusterCord role for Operators")).toHaveValue("operator");
  await page.reload();
  await expect(page.getByLabel("ClusterCord role for Operators")).toHaveValue("operator");
});
