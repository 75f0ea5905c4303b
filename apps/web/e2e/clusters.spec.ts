import { expect, signInTo, test } from "./fixtures";

const ACME = "200000000000000001";
const ALICE = "100000000000000001";

test("a guild admin adds a cluster by upload, sees it healthy, and /cluster list in Discord shows it", async ({
  page,
  stack,
  kube,
}) => {
  // The file a person would upload: the admin context with inline credentials.
  const kubeconfig = await kube.kubectl(["config", "view", "--raw", "--flatten", "--minify"]);

  await signInTo(page, stack, "alice", "Acme Ops");
  await page.getByRole("link", { name: "Clusters" }).click();
  await expect(page.getByText("No clusters yet. Add one below.")).toBeVisible();

  await page.getByRole("textbox", { name: "Name", exact: true }).fill("local");
  await page.getByLabel("Kubeconfig file").setInputFiles({
    name: "kubeconfig.yaml",
    mimeType: "application/x-yaml",
    buffer: Buffer.from(kubeconfig),
  });
  await page.getByRole("button", { name: "Add cluster" }).click();
  await expect(page.getByRole("status")).toContainText("Added local: Kubernetes v1.37.2, 3 nodes.");
  const card = page.getByRole("region", { name: "local", exact: true });
  // The card probes the cluster again, live.
  await expect(card.getByText("healthy")).toBeVisible({ timeout: 30_000 });
  await expect(card.getByText("v1.37.2 · 3 nodes")).toBeVisible();
  await expect(card.getByText("dedicated")).toBeVisible();

  // The same cluster, the same status, in Discord.
  const reply = await (
    await stack.discord.sendCommand({ userId: ALICE, guildId: ACME, name: "cluster", subcommand: "list" })
  ).reply();
  expect(reply.embeds?.[0]?.fields).toEqual([
    {
      name: "local",
      value: `🟢 healthy · Kubernetes v1.37.2 · 3 nodes\n\`${kube.server}\` · dedicated`,
    },
  ]);
});

test("a bad kubeconfig is refused in the browser with the field named", async ({ page, stack }) => {
  await signInTo(page, stack, "alice", "Acme Ops");
  await page.goto(`${stack.webUrl}/clusters`);
  await page.getByRole("textbox", { name: "Name", exact: true }).fill("evil");
  await page
    .getByLabel("…or paste it")
    .fill(
      [
        "apiVersion: v1",
        "kind: Config",
        "clusters: [{ name: c, cluster: { server: 'https://127.0.0.1:6443' } }]",
        "users: [{ name: u, user: { exec: { command: /bin/sh, apiVersion: client.authentication.k8s.io/v1 } } }]",
        "contexts: [{ name: x, context: { cluster: c, user: u } }]",
        "current-context: x",
      ].join("\n"),
    );
  await page.getByRole("button", { name: "Add cluster" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "users[0].user.exec" })).toBeVisible();
  // Nothing was stored.
  await page.reload();
  await expect(page.getByRole("heading", { name: "Clusters" })).toBeVisible();
  // The list has loaded (the first test's cluster, or none), and has no "evil".
  await expect(
    page.getByRole("region", { name: "local", exact: true }).or(page.getByText("No clusters yet.")),
  ).toBeVisible();
  await expect(page.getByRole("region", { name: "evil", exact: true })).toHaveCount(0);
});

test("removing a cluster takes a plan and a confirmation, in the browser and in Discord", async ({
  page,
  stack,
  kube,
}) => {
  const kubeconfig = await kube.kubectl(["config", "view", "--raw", "--flatten", "--minify"]);
  await signInTo(page, stack, "alice", "Acme Ops");
  await page.goto(`${stack.webUrl}/clusters`);
  await page.getByRole("textbox", { name: "Name", exact: true }).fill("second");
  await page.getByLabel("…or paste it").fill(kubeconfig);
  await page.getByRole("button", { name: "Add cluster" }).click();
  await expect(page.getByRole("status")).toContainText("Added second");

  // Browser: plan, then confirm.
  const card = page.getByRole("region", { name: "second", exact: true });
  await card.getByRole("button", { name: "Remove…" }).click();
  const dialog = page.getByRole("dialog", { name: "Remove cluster second?" });
  await expect(dialog).toContainText(
    "This server's cluster-wide RoleBindings (clustercord-guild-…) are deleted",
  );
  await dialog.getByRole("button", { name: "Remove second" }).click();
  await expect(card).toHaveCount(0);

  // Discord: the same two procedures behind Confirm/Cancel buttons.
  const plan = await (
    await stack.discord.sendCommand({
      userId: ALICE,
      guildId: ACME,
      name: "cluster",
      subcommand: "remove",
      options: [{ name: "name", type: 3, value: "local" }],
    })
  ).reply();
  expect(plan.embeds?.[0]?.title).toBe("Remove cluster local?");
  const confirmId = JSON.stringify(plan.components).match(/"custom_id":"(cluster-remove:[^"]+)"/)?.[1];
  expect(confirmId).toBeDefined();
  const done = await (
    await stack.discord.sendComponent({
      userId: ALICE,
      guildId: ACME,
      customId: confirmId ?? "",
      messageId: plan.id,
    })
  ).reply();
  expect(done.embeds?.[0]?.description).toBe("Removed cluster local.");
  await page.reload();
  await expect(page.getByText("No clusters yet. Add one below.")).toBeVisible();
  // With Acme's last dedicated registration gone, so are its cluster-wide bindings.
  await expect(
    kube.kubectl(["get", "clusterrolebinding", `clustercord-guild-${ACME}-admin`]),
  ).rejects.toThrow(/NotFound/);
});

test("an admin downloads the cluster setup manifest, the same file /cluster setup attaches", async ({
  page,
  stack,
}) => {
  await signInTo(page, stack, "alice", "Acme Ops");
  await page.goto(`${stack.webUrl}/clusters`);
  const setup = page.getByRole("region", { name: "Prepare a cluster" });
  const downloading = page.waitForEvent("download");
  await setup.getByRole("link", { name: "clustercord-setup.yaml" }).click();
  const download = await downloading;
  const stream = await download.createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  const manifest = Buffer.concat(chunks).toString("utf8");

  const reply = await (
    await stack.discord.sendCommand({ userId: ALICE, guildId: ACME, name: "cluster", subcommand: "setup" })
  ).reply();
  expect(reply.attachments?.[0]).toMatchObject({ filename: "clustercord-setup.yaml", content: manifest });
  const commands = await setup.locator(".cc-setup-steps pre").allTextContents();
  expect(commands).toHaveLength(2);
  for (const command of commands) expect(reply.embeds?.[0]?.description).toContain(command);
});
