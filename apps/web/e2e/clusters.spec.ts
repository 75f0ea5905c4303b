import { expect, signIn, test } from "./fixtures";

const ACME = "200000000000000001";
const ALICE = "100000000000000001";

test("a guild admin adds a cluster by upload, sees it healthy, and /clusters in Discord shows it", async ({
  page,
  stack,
  kube,
}) => {
  // The file a person would upload: the admin context with inline credentials.
  const kubeconfig = await kube.kubectl(["config", "view", "--raw", "--flatten", "--minify"]);

  await signIn(page, stack, "alice");
  await page.getByRole("button", { name: /Acme Ops/ }).click();
  await page.waitForURL(`${stack.webUrl}/dashboard`);
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
  const row = page.getByRole("row", { name: /local/ });
  await expect(row.getByText("healthy")).toBeVisible();
  await expect(row.getByText("v1.37.2 · 3 nodes")).toBeVisible();

  // The same cluster, the same status, in Discord.
  const reply = await (
    await stack.discord.sendCommand({ userId: ALICE, guildId: ACME, name: "clusters" })
  ).reply();
  expect(reply.embeds?.[0]?.fields).toEqual([
    { name: "local", value: "🟢 healthy · Kubernetes v1.37.2 · 3 nodes · dedicated" },
  ]);
});

test("a bad kubeconfig is refused in the browser with the field named", async ({ page, stack }) => {
  await signIn(page, stack, "alice");
  await page.getByRole("button", { name: /Acme Ops/ }).click();
  await page.waitForURL(`${stack.webUrl}/dashboard`);
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
  await expect(page.getByRole("row", { name: /evil/ })).toHaveCount(0);
});
