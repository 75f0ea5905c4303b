import { expect, signInTo, test } from "./fixtures";

const ACME = "200000000000000001";

test("/whoami in Discord answers what me.get shows in the browser", async ({ page, stack }) => {
  await signInTo(page, stack, "bob", "Acme Ops");
  await expect(page.getByTestId("guild-role")).toHaveText("operator");

  // What the browser's own API client gets for this person.
  const me = await page.evaluate(async () => {
    const res = await fetch("/api/trpc/me.get");
    return (await res.json()).result.data;
  });
  expect(me).toMatchObject({ via: "web", guild: { id: ACME, role: "operator" } });

  // The same person types /whoami in the same server; the real discord.js
  // worker answers through the stand-in's gateway and REST.
  const interaction = await stack.discord.sendCommand({ userId: me.user.id, guildId: ACME, name: "whoami" });
  const reply = await interaction.reply();
  const embed = reply.embeds?.[0];
  expect(embed, "the reply is an embed").toBeTruthy();
  const shown = JSON.stringify(embed);
  for (const value of [me.user.displayName, me.user.username, me.user.id, me.guild.name, me.guild.role]) {
    expect(shown).toContain(value);
  }
  // Who you are is shown only to you (ephemeral), as in the worker's other answers.
  expect(reply.flags).toBe(64);
});

test("/audit is refused in Discord for a non-admin, with the API's message", async ({ stack }) => {
  const bob = stack.discord.fixture.users.find((u) => u.username === "bob");
  if (!bob) throw new Error("fixture without bob");
  const interaction = await stack.discord.sendCommand({ userId: bob.id, guildId: ACME, name: "audit" });
  const reply = await interaction.reply();
  expect(JSON.stringify(reply)).toContain("needs the admin role");
});
