import { readFile } from "node:fs/promises";
import type { AuditListOutput, PodsLogsOutput } from "@clustercord/contracts";
import { callTrpc, workerHeaders } from "@clustercord/testenv";
import { addLocalCluster, expect, removeCluster, signInTo, test } from "./fixtures";

const ACME = "200000000000000001";
const ALICE = "100000000000000001";
const NS = `clustercord-guild-${ACME}`;
const POD = "duo-web";

// kwok serves containers named `sidecar` a fixed log ("sidecar: synced config revision N ...")
// and every other container a growing one ("INFO handled request ...").
test("a two-container pod: the picker switches the log and the terminal; the download is what pods.logs returns", async ({
  page,
  stack,
  kube,
}) => {
  test.setTimeout(180_000);
  const headers = workerHeaders(stack.serviceToken, ALICE, ACME);
  const clusterId = await addLocalCluster(stack, kube, "containers-pool");
  await kube.kubectl(
    ["create", "-f", "-"],
    JSON.stringify({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: POD, namespace: NS },
      spec: {
        containers: [
          { name: "main", image: "registry.invalid/app:1" },
          { name: "sidecar", image: "registry.invalid/sidecar:1" },
        ],
      },
    }),
  );
  await kube.kubectl([
    "wait",
    "-n",
    NS,
    "--for=jsonpath={.status.phase}=Running",
    `pod/${POD}`,
    "--timeout=60s",
  ]);

  await signInTo(page, stack, "alice", "Acme Ops");
  await page.goto(`${stack.webUrl}/clusters/${clusterId}/namespaces/${NS}/pods/${POD}`);
  const picker = page.getByLabel("Container", { exact: true });
  const lines = page.getByTestId("log-lines").locator(".cc-log-line");
  const held = async () => Number(await page.getByTestId("log-lines").getAttribute("data-count"));

  // The first container by default.
  await expect(picker).toHaveValue("main");
  await expect(picker.locator("option")).toHaveText(["main", "sidecar"]);
  await expect(lines.filter({ hasText: "INFO handled request" }).first()).toBeVisible({ timeout: 15_000 });
  await expect(lines.filter({ hasText: "sidecar:" })).toHaveCount(0);

  // Picking the sidecar reopens the log on it.
  await picker.selectOption("sidecar");
  // Rows are virtualized and the view follows the end: the newest line shows, and the viewer holds all 60.
  await expect(lines.filter({ hasText: "sidecar: synced config revision 60 (420 keys)" })).toBeVisible({
    timeout: 15_000,
  });
  await expect(lines.filter({ hasText: "handled request" })).toHaveCount(0);
  await expect.poll(held).toBe(60);

  // Download gives what pods.logs returns for the same request (the viewer's tail is 500 lines).
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Download" }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(`${POD}-sidecar.log`);
  const downloaded = await readFile((await download.path()) ?? "", "utf8");
  const api = await callTrpc<PodsLogsOutput>(stack.webUrl, "pods.logs", {
    headers,
    input: { clusterId, namespace: NS, pod: POD, container: "sidecar", lines: 500 },
  });
  expect(api.data.lines).toBe(60);
  expect(downloaded).toBe(api.data.text);

  // The terminal opens on the picked container (the exec is audited with its target).
  const execTargets = async () => {
    const audit = await callTrpc<AuditListOutput>(stack.webUrl, "audit.list", {
      headers,
      input: { limit: 50 },
    });
    return audit.data.items.filter((e) => e.action === "pods.exec").map((e) => e.target);
  };
  const screen = page.getByTestId("terminal");
  const rows = screen.locator(".xterm-rows > div");
  await page.getByRole("button", { name: "Open terminal" }).click();
  await expect(screen.locator(".xterm-rows")).toBeVisible();
  await screen.click();
  // Typed at once, while the shell is still opening: the keys are kept until it is open.
  await page.keyboard.type("echo in''side\n");
  await expect(rows.filter({ hasText: /^(# |\$ )?inside\s*$/ }).first()).toBeVisible({ timeout: 10_000 });
  await expect.poll(execTargets).toContain(`${clusterId}/${NS}/${POD}/sidecar`);

  // Back to main: both follow.
  await picker.selectOption("main");
  await expect(lines.filter({ hasText: "INFO handled request" }).first()).toBeVisible({ timeout: 15_000 });
  await expect(lines.filter({ hasText: "sidecar:" })).toHaveCount(0);
  await expect.poll(execTargets, { timeout: 10_000 }).toContain(`${clusterId}/${NS}/${POD}/main`);
  await page.getByRole("button", { name: "Close terminal" }).click();

  await kube.kubectl(["delete", "pod", "-n", NS, POD, "--wait=false"]);
  await removeCluster(stack, { userId: ALICE, guildId: ACME }, clusterId);
});
