import { gunzipSync } from "node:zlib";
import type { SnapshotsDiffOutput, SnapshotsListOutput } from "@clustercord/contracts";
import type { Page } from "@playwright/test";
import { addLocalCluster, collectCspViolations, expect, removeCluster, signInTo, test } from "./fixtures";
import { expectAccessible, sidewaysOverflow } from "./page-checks";

const ACME = "200000000000000001";
const ALICE = "100000000000000001"; // Acme's admin
const NS = `clustercord-guild-${ACME}`;
const CONFIG = "snap-e2e";
const OBJECT = `ConfigMap ${NS}/${CONFIG}`;
const SECRET = "snap-e2e-secret";
const SECRET_OBJECT = `Secret ${NS}/${SECRET}`;
/** Values that must never reach the page (nor their base64). */
const VALUES = ["first-secret-value-1f9", "second-secret-value-7c2", "new-key-value-a51"];

test.use({ actionTimeout: 60_000 });

/** A query as the browser's own session asks it: its data, or the API's message for the person. */
async function queryInBrowser<T>(page: Page, path: string, input: unknown) {
  return page.evaluate(
    async ([p, inp]) => {
      const res = await fetch(`/api/trpc/${p}?input=${encodeURIComponent(JSON.stringify(inp))}`);
      const body = await res.json();
      return { data: body.result?.data, userMessage: body.error?.data?.userMessage as string | undefined };
    },
    [path, input] as const,
  ) as Promise<{ data: T | undefined; userMessage: string | undefined }>;
}

/** The names in a (ustar) tar: each entry is a 512-byte header, then its data padded to 512 bytes. */
function tarNames(tar: Buffer): string[] {
  const names: string[] = [];
  let longName: string | null = null;
  for (let at = 0; at + 512 <= tar.length; ) {
    const header = tar.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    const field = (from: number, length: number) =>
      header
        .subarray(from, from + length)
        .toString("utf8")
        .replace(/\0.*$/s, "");
    const size = Number.parseInt(field(124, 12).trim() || "0", 8);
    const type = field(156, 1);
    const data = tar.subarray(at + 512, at + 512 + size);
    if (type === "x") {
      // A PAX header may carry the real path of the next entry.
      longName = /\d+ path=([^\n]*)\n/.exec(data.toString("utf8"))?.[1] ?? null;
    } else {
      const prefix = field(345, 155);
      names.push(longName ?? (prefix ? `${prefix}/${field(0, 100)}` : field(0, 100)));
      longName = null;
    }
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return names;
}

test("Snapshots page: take one and follow it to ready, download it, diff against live after a change down to the field and side by side, restore after a preview, delete; a viewer only lists; on a phone too", async ({
  page,
  browser,
  stack,
  kube,
}) => {
  test.setTimeout(420_000);
  const clusterId = await addLocalCluster(stack, kube, "snap-pool");
  const greeting = async () =>
    kube.kubectl(["get", "configmap", CONFIG, "-n", NS, "-o", "jsonpath={.data.greeting}"]);
  try {
    await kube.kubectl(
      ["apply", "-f", "-"],
      `apiVersion: v1
kind: ConfigMap
metadata: { name: ${CONFIG}, namespace: ${NS} }
data: { greeting: hello }
---
apiVersion: v1
kind: Secret
metadata: { name: ${SECRET}, namespace: ${NS} }
stringData: { PASSWORD: ${VALUES[0]} }
`,
    );

    await signInTo(page, stack, "alice", "Acme Ops");
    await page.goto(`${stack.webUrl}/clusters/${clusterId}`);
    await expect(page.getByRole("heading", { name: "snap-pool overview", level: 1 })).toBeVisible();
    // The cluster navigation reaches it with g b.
    await expect(async () => {
      await page.keyboard.press("g");
      await page.keyboard.press("b");
      await page.waitForURL(`${stack.webUrl}/clusters/${clusterId}/snapshots`, { timeout: 2_000 });
    }).toPass({ timeout: 30_000 });
    await expect(page.getByRole("heading", { name: "Snapshots of snap-pool", level: 1 })).toBeVisible();
    await expect(page.getByText("No snapshots of this cluster yet.")).toBeVisible();

    // Take one: alice's (shared) cluster offers her namespaces only, all ticked.
    const form = page.getByRole("form", { name: "Take a snapshot" });
    await expect(form.getByRole("radio")).toHaveCount(0);
    await expect(form.getByRole("checkbox", { name: NS })).toBeChecked();
    await form.getByLabel("Description").fill("before the e2e change");
    const gets: number[] = [];
    page.on("request", (request) => {
      if (request.url().includes("snapshots.get")) gets.push(Date.now());
    });
    await form.getByRole("button", { name: "Take snapshot" }).click();
    await expect(form.getByRole("status")).toBeVisible();
    const row = page.locator("tr[data-snapshot]");
    await expect(row).toHaveCount(1);
    await expect(row).toHaveAttribute("data-status", "ready", { timeout: 120_000 });
    await expect(row).toContainText("before the e2e change");
    const listed = (await queryInBrowser<SnapshotsListOutput>(page, "snapshots.list", { clusterId })).data;
    const snapshot = listed?.snapshots[0];
    expect(snapshot).toMatchObject({ status: "ready", scope: "namespaces", createdBy: ALICE });
    expect(snapshot?.objectCount).toBeGreaterThan(0);
    await expect(row.getByTestId("snapshot-objects")).toHaveText(
      (snapshot?.objectCount ?? -1).toLocaleString("en-US"),
    );
    // While it ran, its progress was asked for with snapshots.get, not more often than every 2 s.
    const gaps = gets.slice(1).map((at, i) => at - (gets[i] ?? 0));
    expect(gaps.filter((gap) => gap < 1_500)).toEqual([]);

    // Download: a signed link to a gzip'd tar holding manifest.json.
    await row.getByRole("button", { name: /Open snapshot/ }).click();
    const dialog = page.getByRole("dialog", { name: /^Snapshot / });
    await dialog.getByRole("button", { name: "Get download link" }).click();
    const link = dialog.getByRole("link", { name: /^Download .*\.tar\.gz$/ });
    const href = await link.getAttribute("href");
    expect(href).toContain("/api/snapshots/download?token=");
    const archive = await page.request.get(href ?? "");
    expect(archive.status()).toBe(200);
    const gz = await archive.body();
    expect([...gz.subarray(0, 2)]).toEqual([0x1f, 0x8b]);
    const names = tarNames(gunzipSync(gz));
    expect(names).toContain("manifest.json");
    expect(names).toContain(`objects/${NS}/configmap.core.yaml`);

    // Someone changes the object with the admin kubeconfig; the diff against live names exactly it.
    await kube.kubectl([
      "patch",
      "configmap",
      CONFIG,
      "-n",
      NS,
      "--type",
      "merge",
      "-p",
      '{"data":{"greeting":"changed"}}',
    ]);
    await dialog.getByRole("button", { name: "Compare with live" }).click();
    await expect(dialog).toHaveCount(0);
    const differences = page.getByRole("region", { name: "Differences" });
    await expect(differences.getByTestId("diff-summary")).toContainText("0 added, 0 removed, 1 changed");
    const diff = (
      await queryInBrowser<SnapshotsDiffOutput>(page, "snapshots.diff", { from: snapshot?.id, to: "live" })
    ).data;
    expect(diff?.counts).toEqual({ added: 0, removed: 0, changed: 1 });
    expect(diff?.changed[0]).toMatchObject({ kind: "ConfigMap", namespace: NS, name: CONFIG });
    const field = diff?.changed[0]?.fields.find((f) => f.path.includes("greeting"));
    expect(field).toMatchObject({
      from: expect.stringContaining("hello"),
      to: expect.stringContaining("changed"),
    });
    const changed = differences.locator('li[data-change="changed"]');
    await expect(changed).toHaveCount(1);
    await expect(changed).toHaveAttribute("data-object", OBJECT);
    await expect(changed.getByRole("list", { name: `Field changes of ${OBJECT}` })).toContainText(
      `${field?.path}: ${field?.from} → ${field?.to}`,
    );

    // The side-by-side viewer: both sides, the changed line marked on each.
    await changed.getByRole("button", { name: `View ${OBJECT}` }).click();
    const viewer = page.getByRole("dialog", { name: OBJECT });
    const sides = viewer.getByRole("region", { name: "Side-by-side diff" });
    await expect(sides.locator('td[data-side="from"][data-diff="removed"]')).toContainText([
      "greeting: hello",
    ]);
    await expect(sides.locator('td[data-side="to"][data-diff="added"]')).toContainText(["greeting: changed"]);
    await expect(sides.locator('td[data-side="from"]', { hasText: `name: ${CONFIG}` })).toHaveCount(1);
    await expect(sides.locator('td[data-side="to"]', { hasText: `name: ${CONFIG}` })).toHaveCount(1);
    await expect(viewer.getByTestId("viewer-summary")).toHaveText("1 line differs.");
    await expectAccessible(page, "the side-by-side viewer");
    await page.keyboard.press("Escape");
    await expect(viewer).toHaveCount(0);

    // A Secret's change names its keys, never its values, in the list and in the viewer.
    await kube.kubectl(
      ["apply", "-f", "-"],
      `apiVersion: v1
kind: Secret
metadata: { name: ${SECRET}, namespace: ${NS} }
stringData: { PASSWORD: ${VALUES[1]}, NEWKEY: ${VALUES[2]} }
`,
    );
    await page
      .getByRole("form", { name: "Compare snapshots" })
      .getByRole("button", { name: "Compare" })
      .click();
    await expect(differences.getByTestId("diff-summary")).toContainText("0 added, 0 removed, 2 changed");
    const secretItem = differences.locator(`li[data-object="${SECRET_OBJECT}"]`);
    await expect(secretItem).toContainText("Keys added NEWKEY; changed PASSWORD (values not shown)");
    await secretItem.getByRole("button", { name: `View ${SECRET_OBJECT}` }).click();
    const secretViewer = page.getByRole("dialog", { name: SECRET_OBJECT });
    await expect(secretViewer.getByTestId("viewer-summary")).toContainText("Secret values are never shown.");
    await expect(secretViewer.getByRole("region", { name: "Side-by-side diff" })).toContainText("NEWKEY");
    const html = await page.content();
    for (const value of VALUES) {
      expect(html).not.toContain(value);
      expect(html).not.toContain(Buffer.from(value).toString("base64"));
    }
    await page.keyboard.press("Escape");
    await expect(secretViewer).toHaveCount(0);

    // Restore ConfigMaps only: the preview lists the object as an update, Confirm puts it back.
    await row.getByRole("button", { name: /Open snapshot/ }).click();
    await dialog.getByRole("button", { name: "Restore…" }).click();
    const restore = page.getByRole("dialog", { name: "Restore snapshot" });
    const kinds = restore.getByRole("group", { name: "Kinds" }).getByRole("checkbox");
    await expect(kinds.first()).toBeVisible();
    for (let i = 0; i < (await kinds.count()); i++) {
      const box = kinds.nth(i);
      const kind = ((await box.locator("xpath=..").textContent()) ?? "").trim();
      if (kind !== "ConfigMap") await box.uncheck();
    }
    await restore.getByRole("button", { name: "Preview restore" }).click();
    const preview = restore.getByRole("region", { name: "Restore preview" });
    const step = preview.locator(`li[data-object="${OBJECT}"]`);
    await expect(step).toHaveAttribute("data-action", "update");
    await expect(preview.getByTestId("restore-plan-counts")).toContainText("1 to update");
    await expectAccessible(page, "the restore preview");
    await expect(preview.locator("li[data-action]").filter({ hasNotText: "ConfigMap" })).toHaveCount(0);
    expect(await greeting()).toBe("changed");
    await preview.getByRole("button", { name: "Confirm restore" }).click();
    await expect(restore.getByRole("region", { name: "Restore result" }).getByRole("status")).toBeVisible();
    await expect(restore.getByTestId("restore-counts")).toContainText("1 updated");
    await expect.poll(greeting).toBe("hello");
    await restore.getByRole("button", { name: "Close", exact: true }).first().click();
    await expect(restore).toHaveCount(0);

    // Schedules: weekly, keeping 3; listed, then removed.
    const scheduleForm = page.getByRole("form", { name: "New snapshot schedule" });
    await scheduleForm.getByLabel("Every").selectOption("weekly");
    await scheduleForm.getByLabel("Keep (snapshots)").fill("3");
    await scheduleForm.getByRole("button", { name: "Create schedule" }).click();
    await expect(scheduleForm.getByRole("status")).toBeVisible();
    const scheduled = page.locator('li[data-schedule][data-every="weekly"]');
    await expect(scheduled).toContainText("Weekly, keeps the last 3");
    await expectAccessible(page, "the Snapshots page");

    // On a phone: stacked, the list scrolls in its own box, nothing sticks out sideways.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await expect(row).toHaveAttribute("data-status", "ready");
    const sideways = await sidewaysOverflow(page);
    expect(sideways.overflow, `sticking out: ${sideways.wide.join(", ")}`).toBeLessThanOrEqual(0);
    await page.setViewportSize({ width: 1280, height: 720 });

    // A viewer lists snapshots and schedules, with no action and the reason instead.
    const viewerContext = await browser.newContext();
    const viewerCsp = collectCspViolations(viewerContext);
    const carol = await viewerContext.newPage();
    await signInTo(carol, stack, "carol", "Acme Ops");
    await carol.goto(`${stack.webUrl}/clusters/${clusterId}/snapshots`);
    await expect(carol.locator("tr[data-snapshot]")).toHaveAttribute("data-status", "ready");
    await expect(carol.locator("li[data-schedule]")).toHaveCount(1);
    await expect(carol.getByRole("form", { name: "Take a snapshot" })).toHaveCount(0);
    await expect(carol.getByRole("form", { name: "New snapshot schedule" })).toHaveCount(0);
    await expect(carol.getByRole("form", { name: "Compare snapshots" })).toHaveCount(0);
    await expect(carol.getByText(/Viewers see the list of snapshots/).first()).toBeVisible();
    await expect(carol.getByRole("button", { name: /Remove schedule/ })).toHaveCount(0);
    await carol
      .locator("tr[data-snapshot]")
      .getByRole("button", { name: /Open snapshot/ })
      .click();
    const carolDialog = carol.getByRole("dialog", { name: /^Snapshot / });
    await expect(carolDialog.getByText("Only admins restore, delete and schedule snapshots.")).toBeVisible();
    for (const action of ["Get download link", "Compare with live", "Restore…", "Delete snapshot…"]) {
      await expect(carolDialog.getByRole("button", { name: action })).toHaveCount(0);
    }
    await viewerContext.close();
    expect(viewerCsp).toEqual([]);

    await scheduled.getByRole("button", { name: /Remove schedule/ }).click();
    await expect(scheduled).toHaveCount(0);

    // Delete in two steps: the plan, then Confirm; gone from the list.
    await row.getByRole("button", { name: /Open snapshot/ }).click();
    await dialog.getByRole("button", { name: "Delete snapshot…" }).click();
    await dialog.getByRole("button", { name: "Delete snapshot", exact: true }).click();
    await expect(dialog).toHaveCount(0);
    await expect(row).toHaveCount(0);
    const after = (await queryInBrowser<SnapshotsListOutput>(page, "snapshots.list", { clusterId })).data;
    expect(after?.snapshots).toEqual([]);
  } finally {
    await kube
      .kubectl([
        "delete",
        `configmap/${CONFIG}`,
        `secret/${SECRET}`,
        "-n",
        NS,
        "--ignore-not-found",
        "--wait=false",
      ])
      .catch(() => undefined);
    await removeCluster(stack, { userId: ALICE, guildId: ACME }, clusterId);
  }
});
