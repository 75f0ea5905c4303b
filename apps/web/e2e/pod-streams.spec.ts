import { readFile } from "node:fs/promises";
import path from "node:path";
import { processIsAlive } from "@clustercord/testenv";
import { addLocalCluster, collectCspViolations, expect, removeCluster, signInTo, test } from "./fixtures";

const ACME = "200000000000000001";
const ALICE = "100000000000000001";
const NS = `clustercord-guild-${ACME}`;
const POD = "streams-web";

test("a pod's page: live log, a terminal for operators and admins only, closed on sign-out", async ({
  page,
  browser,
  stack,
  kube,
}) => {
  test.setTimeout(180_000);
  const clusterId = await addLocalCluster(stack, kube, "streams-pool");
  await kube.kubectl(["run", POD, "-n", NS, "--image=registry.invalid/pause:1", "--restart=Never"]);
  await kube.kubectl([
    "wait",
    "-n",
    NS,
    "--for=jsonpath={.status.phase}=Running",
    `pod/${POD}`,
    "--timeout=60s",
  ]);
  const podUrl = `${stack.webUrl}/clusters/${clusterId}/namespaces/${NS}/pods/${POD}`;

  // A viewer reads the log but gets no terminal.
  const viewer = await browser.newContext();
  const viewerCspViolations = collectCspViolations(viewer);
  const carol = await viewer.newPage();
  await signInTo(carol, stack, "carol", "Acme Ops");
  await carol.goto(podUrl);
  await expect(carol.getByTestId("log-lines").locator(".cc-log-line").first()).toBeVisible({
    timeout: 15_000,
  });
  await expect(carol.getByRole("heading", { name: "Log" })).toBeVisible();
  await expect(carol.getByRole("button", { name: "Open terminal" })).toHaveCount(0);
  await expect(carol.getByRole("heading", { name: "Terminal" })).toHaveCount(0);
  await viewer.close();
  expect(viewerCspViolations).toEqual([]);

  // The admin sees log lines stream in (a new line each second).
  await signInTo(page, stack, "alice", "Acme Ops");
  await page.goto(podUrl);
  const lines = page.getByTestId("log-lines").locator(".cc-log-line");
  await expect(lines.first()).toBeVisible({ timeout: 15_000 });
  // Rows are virtualized (only those in view exist), so count what the viewer holds.
  const held = async () => Number(await page.getByTestId("log-lines").getAttribute("data-count"));
  const before = await held();
  expect(before).toBeGreaterThan(0);
  await expect.poll(held, { timeout: 10_000 }).toBeGreaterThan(before);
  // Search highlights matches.
  const first = (await lines.first().textContent()) ?? "";
  const word = first.trim().split(/\s+/)[0] ?? "";
  expect(word.length).toBeGreaterThan(0);
  await page.getByLabel("Search the log").fill(word);
  await expect(page.getByTestId("log-lines").locator("mark").first()).toHaveText(word, { ignoreCase: true });

  // The terminal runs `echo hello`.
  await page.getByRole("button", { name: "Open terminal" }).click();
  const screen = page.getByTestId("terminal");
  await expect(screen.locator(".xterm-rows")).toBeVisible();
  await screen.click();
  await page.keyboard.type("echo hello\n");
  const rows = screen.locator(".xterm-rows > div");
  await expect(rows.filter({ hasText: /^(# |\$ )?hello\s*$/ }).first()).toBeVisible({ timeout: 10_000 });

  // Signing out ends the shell in the container within 5 s.
  await page.keyboard.type("echo $$ > e2e-shell.pid; echo sav''ed\n");
  await expect(rows.filter({ hasText: /^(# |\$ )?saved\s*$/ }).first()).toBeVisible({ timeout: 10_000 });
  const pid = Number((await readFile(path.join(kube.dataDir, "exec", "e2e-shell.pid"), "utf8")).trim());
  expect(processIsAlive(pid)).toBe(true);
  const t = Date.now();
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL(`${stack.webUrl}/`);
  await expect.poll(() => processIsAlive(pid), { timeout: 5_000 }).toBe(false);
  expect(Date.now() - t).toBeLessThan(5_500);

  await kube.kubectl(["delete", "pod", "-n", NS, POD, "--wait=false"]);
  await removeCluster(stack, { userId: ALICE, guildId: ACME }, clusterId);
});
