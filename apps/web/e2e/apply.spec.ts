import type { Page } from "@playwright/test";
import { addLocalCluster, expect, removeCluster, signInTo, test } from "./fixtures";
import { expectAccessible, sidewaysOverflow } from "./page-checks";

const ACME = "200000000000000001";
const ALICE = "100000000000000001";
const NS = `clustercord-guild-${ACME}`;

/** A ConfigMap and a Deployment without limits or probes (lint warns), no namespace of their own. */
const BATCH = `apiVersion: v1
kind: ConfigMap
metadata:
  name: e2e-settings
data:
  greeting: hello
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: e2e-web
  labels:
    app: e2e-web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: e2e-web
  template:
    metadata:
      labels:
        app: e2e-web
    spec:
      containers:
        - name: web
          image: nginx:1.27
`;

/** A mapping value where none may start: the YAML parser stops at line 6. */
const BROKEN = `apiVersion: v1
kind: ConfigMap
metadata:
  name: e2e-broken
data:
  greeting: hello: world
`;

// A step that cannot happen fails in a minute, not at the test's end.
test.use({ actionTimeout: 60_000 });

/** Replaces the editor's text (CodeMirror: select all, delete, then the text as one input). */
async function setEditorText(page: Page, text: string) {
  const editor = page.getByRole("textbox", { name: "YAML to apply" });
  await editor.click();
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.press("Delete");
  if (text) await page.keyboard.insertText(text);
}

/** Drops one text file on the drop zone, as a browser's drag and drop does. */
async function dropFile(page: Page, name: string, text: string) {
  const dataTransfer = await page.evaluateHandle(
    ({ name, text }) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([text], name, { type: "text/yaml" }));
      return transfer;
    },
    { name, text },
  );
  await page.getByTestId("file-drop").dispatchEvent("drop", { dataTransfer });
}

const step = (page: Page, name: string) => page.locator(`li.cc-step[data-step="${name}"]`);
const planned = (page: Page, object: string) =>
  page.getByRole("list", { name: "Objects in apply order" }).locator(`li[data-object="${object}"]`);

test("Apply: validate a pasted batch through the six steps, plan, confirm, apply; the same batch is then unchanged; a broken file stops at parse", async ({
  page,
  stack,
  kube,
}) => {
  test.setTimeout(600_000);
  const clusterId = await addLocalCluster(stack, kube, "apply-pool");
  const applyUrl = `${stack.webUrl}/clusters/${clusterId}/apply`;
  try {
    await signInTo(page, stack, "alice", "Acme Ops");
    // Reached from the sidebar, next to Helm.
    await page.goto(`${stack.webUrl}/clusters/${clusterId}`);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Apply" }).click();
    await page.waitForURL(applyUrl);
    await expect(page.getByRole("heading", { name: /Apply YAML/, level: 1 })).toBeVisible();
    await page.getByRole("combobox", { name: "Namespace" }).selectOption(NS);

    // Validate: six steps, each with a status; lint warns about the Deployment, with lines in the pasted text.
    await setEditorText(page, BATCH);
    await page.getByRole("button", { name: "Validate" }).click();
    const steps = page.getByRole("list", { name: "Steps" });
    await expect(steps.locator("li.cc-step")).toHaveCount(6, { timeout: 60_000 });
    for (const name of ["parse", "schema", "dryRun", "lint", "diff"]) {
      await expect(step(page, name)).not.toHaveAttribute("data-status", "failed");
    }
    await expect(step(page, "apply")).toHaveAttribute("data-status", "skipped");
    const lint = step(page, "lint");
    await expect(lint).toHaveAttribute("data-status", "warnings");
    const warning = lint.locator('li.cc-finding[data-level="warning"]').first();
    await expect(warning).toContainText(/pasted\.yaml, document 2, line \d+/);
    await expect(planned(page, `ConfigMap ${NS}/e2e-settings`)).toHaveAttribute("data-change", "created");
    await expect(planned(page, `Deployment ${NS}/e2e-web`)).toHaveAttribute("data-change", "created");
    // The ConfigMap goes first (config before workloads).
    await expect(page.locator("li[data-object]").first()).toHaveAttribute(
      "data-object",
      `ConfigMap ${NS}/e2e-settings`,
    );

    // A finding of the pasted text moves the editor's cursor to its line.
    const line = Number((await warning.getAttribute("data-line")) ?? "0");
    expect(line).toBeGreaterThan(7);
    await warning.getByRole("button", { name: /^Go to pasted\.yaml/ }).click();
    await expect(page.locator(".cm-lineNumbers .cm-activeLineGutter")).toHaveText(String(line));

    // The diff of a created object: added lines, coloured as YAML.
    const deployment = planned(page, `Deployment ${NS}/e2e-web`);
    await deployment.locator("summary").click();
    await expect(deployment.locator(".cc-diff-added .cc-syn-key").first()).toBeVisible();
    await expectAccessible(page, "the Apply page with a validation");

    // Plan apply → the confirm dialog (counts, expiry) → Apply: both objects applied.
    await page.getByRole("button", { name: "Plan apply" }).click();
    const confirm = page.getByRole("dialog", { name: /^Apply to apply-pool/ });
    await expect(confirm).toBeVisible({ timeout: 60_000 });
    await expect(confirm.getByTestId("confirm-counts")).toHaveText("2 created");
    await expect(confirm.getByTestId("plan-expiry")).toContainText(/expires at \d\d:\d\d UTC/);
    await expectAccessible(page, "the apply confirm dialog");
    await confirm.getByRole("button", { name: "Apply 2 objects" }).click();
    const result = page.getByTestId("apply-result");
    await expect(result).toHaveAttribute("data-status", "applied", { timeout: 60_000 });
    await expect(result.locator(`li[data-object="ConfigMap ${NS}/e2e-settings"]`)).toHaveAttribute(
      "data-result",
      "applied",
    );
    await expect(result.locator(`li[data-object="Deployment ${NS}/e2e-web"]`)).toHaveAttribute(
      "data-result",
      "applied",
    );
    await expect(step(page, "apply")).toHaveAttribute("data-status", "passed");
    expect(await kube.kubectl(["get", "configmap", "e2e-settings", "-n", NS, "-o", "name"])).toContain(
      "e2e-settings",
    );

    // The same batch again: nothing would change.
    await page.getByRole("button", { name: "Plan apply" }).click();
    await expect(confirm.getByTestId("confirm-counts")).toHaveText("2 unchanged", { timeout: 60_000 });
    await confirm.getByRole("button", { name: "Cancel" }).click();
    await expect(planned(page, `ConfigMap ${NS}/e2e-settings`)).toHaveAttribute("data-change", "unchanged");
    await expect(planned(page, `Deployment ${NS}/e2e-web`)).toHaveAttribute("data-change", "unchanged");

    // A dropped file with a YAML syntax error: parse fails naming the file and the line; nothing else runs.
    await setEditorText(page, "");
    await dropFile(page, "broken.yaml", BROKEN);
    await expect(
      page.getByRole("list", { name: "Chosen files" }).locator('li[data-file="broken.yaml"]'),
    ).toBeVisible();
    await page.getByRole("button", { name: "Validate" }).click();
    await expect(step(page, "parse")).toHaveAttribute("data-status", "failed", { timeout: 60_000 });
    await expect(step(page, "parse").locator('li.cc-finding[data-level="error"]').first()).toContainText(
      /broken\.yaml, document 1, line 6/,
    );
    await expect(step(page, "dryRun")).toHaveAttribute("data-status", "skipped");
    await expect(page.getByText("A step failed: nothing can be applied until it passes.")).toBeVisible();

    // On a phone: the checklist stacks, diffs scroll inside themselves, the page never sideways.
    await page.setViewportSize({ width: 390, height: 844 });
    await setEditorText(page, BATCH.replace("replicas: 1", "replicas: 2"));
    await page.getByRole("button", { name: "Remove broken.yaml" }).click();
    await page.getByRole("button", { name: "Validate" }).click();
    await expect(step(page, "parse")).toHaveAttribute("data-status", "passed", { timeout: 60_000 });
    const changed = planned(page, `Deployment ${NS}/e2e-web`);
    await expect(changed).toHaveAttribute("data-change", "changed");
    await changed.locator("summary").click();
    await expect(changed.locator(".cc-diff-removed").first()).toBeVisible();
    const sideways = await sidewaysOverflow(page);
    expect(sideways.overflow, `sticking out: ${sideways.wide.join(", ")}`).toBeLessThanOrEqual(0);
    const shot = await page.screenshot({ fullPage: true });
    expect(shot.byteLength).toBeGreaterThan(10_000);
    await expectAccessible(page, "the Apply page at 390 px");
  } finally {
    await kube.kubectl([
      "delete",
      "deployment/e2e-web",
      "configmap/e2e-settings",
      "-n",
      NS,
      "--ignore-not-found",
      "--wait=false",
    ]);
    await removeCluster(stack, { userId: ALICE, guildId: ACME }, clusterId);
  }
});
