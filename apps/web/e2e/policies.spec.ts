import { readFile } from "node:fs/promises";
import type { Download, Locator, Page } from "@playwright/test";
import { addLocalCluster, expect, removeCluster, signInTo, test } from "./fixtures";
import { expectAccessible, sidewaysOverflow } from "./page-checks";

const ACME = "200000000000000001";
const ALICE = "100000000000000001";
const NS = `clustercord-guild-${ACME}`;

// A step that cannot happen fails in a minute, not at the test's end.
test.use({ actionTimeout: 60_000 });

/** A Deployment with one container, its image as given, no limits or probes. */
const deployment = (name: string, image: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: 1
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
        - name: app
          image: ${image}
`;

const card = (page: Page, policy: string) => page.locator(`article[data-policy="${policy}"]`);

/** As an admin: the policy's mode, then Enable; the card then says so. */
async function enablePolicy(page: Page, policy: string, mode: "Audit" | "Warn" | "Enforce") {
  const c = card(page, policy);
  await c.getByRole("combobox", { name: "Mode" }).selectOption(mode);
  await c.getByRole("button", { name: "Enable", exact: true }).click();
  await expect(c).toHaveAttribute("data-enabled", "true", { timeout: 60_000 });
  await expect(c).toHaveAttribute("data-mode", mode);
}

async function setEditorText(page: Page, text: string) {
  const editor = page.getByRole("textbox", { name: "YAML to apply" });
  await editor.click();
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.press("Delete");
  if (text) await page.keyboard.insertText(text);
}

const dryRun = (page: Page) => page.locator('li.cc-step[data-step="dryRun"]');

/**
 * Plans the editor's text until the dry-run step's answer matches: the API
 * server takes a moment to load a new or changed admission policy.
 */
async function planUntil(page: Page, check: (dryRunStep: Locator) => Promise<void>) {
  // By its class: while the confirm dialog is open the page behind it is hidden from roles.
  const report = page.locator("section.cc-apply-report");
  await expect(async () => {
    // A plan that passed opens the confirm dialog: close it before planning again.
    if ((await page.getByRole("dialog").count()) > 0) await page.keyboard.press("Escape");
    const before = Number(
      (await report.getAttribute("data-run", { timeout: 1_000 }).catch(() => "0")) ?? "0",
    );
    await page.getByRole("button", { name: "Plan apply" }).click();
    await expect(report).toHaveAttribute("data-run", String(before + 1), { timeout: 60_000 });
    await check(dryRun(page));
  }).toPass({ timeout: 120_000 });
}

async function downloadText(download: Download): Promise<Buffer> {
  const path = await download.path();
  return readFile(path);
}

test("Policies: Warn warns at apply, Enforce refuses at dry-run, Audit lists a violation that Fix removes; PDF and CSV reports", async ({
  page,
  stack,
  kube,
}) => {
  test.setTimeout(900_000);
  const clusterId = await addLocalCluster(stack, kube, "policy-pool");
  const policiesUrl = `${stack.webUrl}/clusters/${clusterId}/policies`;
  const applyUrl = `${stack.webUrl}/clusters/${clusterId}/apply`;
  try {
    await signInTo(page, stack, "alice", "Acme Ops");
    await page.goto(`${stack.webUrl}/clusters/${clusterId}`);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Policies" }).click();
    await page.waitForURL(policiesUrl);

    // The seven policies, all off; alice (the owner's admin) may manage them.
    await expect(page.locator("article[data-policy]")).toHaveCount(7);
    await expect(card(page, "no-latest-tag")).toHaveAttribute("data-enabled", "false");
    await expect(page.getByTestId("policies-read-only")).toHaveCount(0);
    await expectAccessible(page, "the Policies page");

    // no-latest-tag in Warn: a Deployment with :latest is let in with the policy's warning.
    await enablePolicy(page, "no-latest-tag", "Warn");
    await page.goto(applyUrl);
    await page.getByRole("combobox", { name: "Namespace" }).selectOption(NS);
    await setEditorText(page, deployment("e2e-latest", "nginx:latest"));
    await planUntil(page, async (step) => {
      await expect(
        step.locator('li.cc-finding[data-level="warning"]', { hasText: "no-latest-tag" }).first(),
      ).toBeVisible({
        timeout: 1_000,
      });
    });
    await expect(dryRun(page)).not.toHaveAttribute("data-status", "failed");
    const confirm = page.getByRole("dialog", { name: /^Apply to policy-pool/ });
    await confirm.getByRole("button", { name: "Apply 1 object" }).click();
    const result = page.getByTestId("apply-result");
    await expect(result).toHaveAttribute("data-status", "applied", { timeout: 60_000 });
    await expect(result.getByRole("list", { name: "Warnings" })).toContainText("e2e-latest");

    // Enforce: the same kind of Deployment is refused at the dry-run, naming the policy; nothing to confirm.
    await page.goto(policiesUrl);
    const latest = card(page, "no-latest-tag");
    await latest.getByRole("combobox", { name: "Mode" }).selectOption("Enforce");
    await expect(latest).toHaveAttribute("data-mode", "Enforce", { timeout: 60_000 });
    await page.goto(applyUrl);
    await page.getByRole("combobox", { name: "Namespace" }).selectOption(NS);
    await setEditorText(page, deployment("e2e-latest-2", "nginx:latest"));
    await planUntil(page, async (step) => {
      await expect(step).toHaveAttribute("data-status", "failed", { timeout: 1_000 });
    });
    await expect(
      dryRun(page).locator('li.cc-finding[data-level="error"]', { hasText: "no-latest-tag" }).first(),
    ).toBeVisible();
    await expect(page.getByRole("dialog")).toHaveCount(0);

    // require-limits in Audit; a workload without limits; Run audit now lists it.
    await page.goto(policiesUrl);
    await enablePolicy(page, "require-limits", "Audit");
    // Without metrics the limits fix comes from the namespace's LimitRange default (a dedicated cluster has none of ours).
    await kube.kubectl(
      ["apply", "-n", NS, "-f", "-"],
      "apiVersion: v1\nkind: LimitRange\nmetadata:\n  name: e2e-defaults\nspec:\n  limits:\n    - type: Container\n      default: { cpu: 250m, memory: 256Mi }\n",
    );
    await kube.kubectl(["apply", "-n", NS, "-f", "-"], deployment("e2e-nolimits", "nginx:1.27"));
    await page.getByRole("searchbox", { name: "Workload" }).fill("Deployment/e2e-nolimits");
    const row = page.locator('tr[data-policy="require-limits"][data-workload="Deployment/e2e-nolimits"]');
    await expect(async () => {
      await page.getByRole("button", { name: "Run audit now" }).click();
      await expect(page.getByTestId("audit-result")).toBeVisible({ timeout: 30_000 });
      await expect(row).toHaveCount(1, { timeout: 5_000 });
    }).toPass({ timeout: 90_000 });
    await expect(row).toHaveAttribute("data-namespace", NS);
    await expectAccessible(page, "the Policies page with a violation");

    // Fix: the plan's summary and diff, Apply fix, the result; after the audit the violation is gone.
    await row.getByRole("button", { name: "Fix require-limits on Deployment/e2e-nolimits" }).click();
    const fix = page.getByRole("dialog", { name: "Fix require-limits on Deployment/e2e-nolimits" });
    const plan = fix.getByTestId("fix-plan");
    await expect(plan).toBeVisible({ timeout: 60_000 });
    await expect(plan.getByRole("list", { name: "Changes" }).locator("li").first()).toBeVisible();
    await expect(plan.locator(".cc-diff-added").first()).toBeVisible();
    await expectAccessible(page, "the fix dialog");
    await fix.getByRole("button", { name: "Apply fix" }).click();
    await expect(fix.getByTestId("apply-result")).toHaveAttribute("data-status", "applied", {
      timeout: 60_000,
    });
    await expect(fix.getByTestId("fix-audit")).toBeVisible({ timeout: 60_000 });
    await fix.getByRole("button", { name: "Close" }).first().click();
    await expect(async () => {
      await page.getByRole("button", { name: "Run audit now" }).click();
      await expect(row).toHaveCount(0, { timeout: 5_000 });
    }).toPass({ timeout: 90_000 });
    const limits = await kube.kubectl([
      "get",
      "deployment/e2e-nolimits",
      "-n",
      NS,
      "-o",
      "jsonpath={.spec.template.spec.containers[0].resources.limits}",
    ]);
    expect(limits).toMatch(/cpu|memory/);

    // Reports: a real PDF and a CSV with its header row.
    const [pdf] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Download PDF" }).click(),
    ]);
    expect(pdf.suggestedFilename()).toMatch(/\.pdf$/);
    expect((await downloadText(pdf)).subarray(0, 5).toString("latin1")).toBe("%PDF-");
    const [csv] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Download CSV" }).click(),
    ]);
    expect(csv.suggestedFilename()).toMatch(/\.csv$/);
    const header = (await downloadText(csv)).toString("utf8").split(/\r?\n/)[0];
    expect(header).toMatch(/^severity,policy,namespace,kind,name,container,message/);
  } finally {
    await kube.kubectl([
      "delete",
      "deployment/e2e-latest",
      "deployment/e2e-latest-2",
      "deployment/e2e-nolimits",
      "-n",
      NS,
      "--ignore-not-found",
      "--wait=false",
    ]);
    await removeCluster(stack, { userId: ALICE, guildId: ACME }, clusterId);
  }
});

test("Policies: a viewer sees the policies read-only with the reason, and no Run audit or Fix", async ({
  page,
  stack,
  kube,
}) => {
  test.setTimeout(180_000);
  const clusterId = await addLocalCluster(stack, kube, "policy-viewer");
  try {
    await page.setViewportSize({ width: 390, height: 844 });
    await signInTo(page, stack, "carol", "Acme Ops");
    await page.goto(`${stack.webUrl}/clusters/${clusterId}/policies`);
    await expect(page.locator("article[data-policy]")).toHaveCount(7, { timeout: 60_000 });
    await expect(page.getByTestId("policies-read-only")).toContainText("Read-only");
    await expect(page.getByRole("button", { name: "Enable", exact: true })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Run audit now" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Download PDF" })).toBeVisible();
    const sideways = await sidewaysOverflow(page);
    expect(sideways.overflow, `sticking out: ${sideways.wide.join(", ")}`).toBeLessThanOrEqual(0);
    await expectAccessible(page, "the Policies page for a viewer at 390 px");
  } finally {
    await removeCluster(stack, { userId: ALICE, guildId: ACME }, clusterId);
  }
});
