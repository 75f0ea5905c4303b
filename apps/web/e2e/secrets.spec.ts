import { callTrpc, workerHeaders } from "@clustercord/testenv";
import type { Page } from "@playwright/test";
import { addLocalCluster, collectCspViolations, expect, removeCluster, signInTo, test } from "./fixtures";
import { expectAccessible, sidewaysOverflow } from "./page-checks";

const ACME = "200000000000000001";
const ALICE = "100000000000000001"; // Acme's admin
const NS = `clustercord-guild-${ACME}`;
const SECRET = "e2e-db-creds";
const TYPED = "e2e-typed";
const APP = "e2e-vault-app";

// Values that must never reach a page: the file's, the changed file's, and later the rotated ones.
const FIRST = { DB_USER: "app-user-4821", DB_PASSWORD: "pw-initial-93817", API_TOKEN: "tok-initial-55102" };
const CHANGED = { DB_USER: FIRST.DB_USER, DB_PASSWORD: "pw-changed-77731", NEW_KEY: "new-val-31337" };
const TYPED_VALUES = { SMTP_USER: "typed-user-60412", SMTP_PASS: "typed-pass-98127" };
const seen = new Set<string>([
  ...Object.values(FIRST),
  ...Object.values(CHANGED),
  ...Object.values(TYPED_VALUES),
]);

test.use({ actionTimeout: 60_000 });

/** The page's whole HTML (dialogs included) holds none of the values. */
async function expectNoValues(page: Page, when: string) {
  const html = await page.content();
  for (const value of seen) expect(html.includes(value), `a value on the page ${when}`).toBe(false);
}

/** A mutation as the browser's session sends it (only for input the API refuses: nothing is created). */
async function mutateInBrowser(page: Page, path: string, input: unknown) {
  return page.evaluate(
    async ([p, inp]) => {
      const res = await fetch(`/api/trpc/${p}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(inp),
      });
      const body = await res.json();
      return { userMessage: body.error?.data?.userMessage as string | undefined };
    },
    [path, input] as const,
  );
}

const envFile = (values: Record<string, string>) =>
  Object.entries(values)
    .map(([k, v]) => `${k}=${v}`)
    .join("\n");
const yamlFile = (values: Record<string, string>) =>
  Object.entries(values)
    .map(([k, v]) => `${k}: "${v}"`)
    .join("\n");
const upload = (name: string, content: string) => ({
  name,
  mimeType: "text/plain",
  buffer: Buffer.from(content, "utf8"),
});

test("Secrets page: create from a file, apply, diff, rotate with a restart, restore, delete; never a value on the page; viewers only look; on a phone too", async ({
  page,
  browser,
  stack,
  kube,
}) => {
  test.setTimeout(300_000);
  const clusterId = await addLocalCluster(stack, kube, "vault-pool");
  const kubectlJson = async (...args: string[]) => JSON.parse(await kube.kubectl([...args, "-o", "json"]));
  const liveValues = async () => {
    const secret = await kubectlJson("get", "secret", SECRET, "-n", NS);
    return Object.fromEntries(
      Object.entries(secret.data as Record<string, string>).map(([k, v]) => [
        k,
        Buffer.from(v, "base64").toString(),
      ]),
    );
  };
  try {
    // A Deployment that takes its environment from the secret (before the secret exists, as often happens).
    await kube.kubectl(
      ["apply", "-f", "-"],
      `apiVersion: apps/v1
kind: Deployment
metadata: { name: ${APP}, namespace: ${NS} }
spec:
  replicas: 1
  selector: { matchLabels: { app: ${APP} } }
  template:
    metadata: { labels: { app: ${APP} } }
    spec:
      containers:
        - name: app
          image: busybox:1.36
          envFrom: [{ secretRef: { name: ${SECRET} } }]
          resources: { requests: { cpu: 10m, memory: 32Mi }, limits: { cpu: 50m, memory: 64Mi } }
`,
    );

    await signInTo(page, stack, "bob", "Acme Ops");
    // The server navigation reaches it with g v.
    await expect(async () => {
      await page.keyboard.press("g");
      await page.keyboard.press("v");
      await page.waitForURL(`${stack.webUrl}/secrets`, { timeout: 2_000 });
    }).toPass({ timeout: 30_000 });
    await expect(page.getByRole("heading", { name: "Secrets", level: 1 })).toBeVisible();
    await expect(page.getByRole("link", { name: "Secrets", exact: true })).toHaveAttribute(
      "aria-current",
      "page",
    );

    // A file that does not parse: the API's own message, and nothing is stored.
    const form = page.getByRole("form", { name: "Create a secret" });
    await form.getByLabel("Name", { exact: true }).fill(SECRET);
    // A select's name includes its chosen option ("Namespace" + "clustercord-..."): matched from the start.
    await form.getByLabel(/^Cluster/).selectOption({ label: "vault-pool" });
    await form.getByLabel(/^Namespace/).selectOption(NS);
    const bad = "DB_USER=x\nthis line is not a pair\n";
    const refused = await mutateInBrowser(page, "secrets.create", {
      name: SECRET,
      clusterId,
      namespace: NS,
      values: { kind: "file", filename: "bad.env", content: bad },
    });
    expect(refused.userMessage).toMatch(/line 2/);
    await form.getByLabel("Values file").setInputFiles(upload("bad.env", bad));
    await expect(form.getByTestId("chosen-file")).toContainText("bad.env");
    await form.getByRole("button", { name: "Create secret" }).click();
    await expect(form.getByRole("alert")).toHaveText(refused.userMessage ?? "?");
    await expect(page.locator(`tr[data-secret="${SECRET}"]`)).toHaveCount(0);

    // Created from an uploaded .env file; the form is emptied and the list names keys only.
    await form.getByLabel("Values file").setInputFiles(upload("db.env", envFile(FIRST)));
    await form.getByRole("button", { name: "Create secret" }).click();
    await expect(form.getByRole("status")).toContainText(SECRET);
    await expect(form.getByLabel("Name", { exact: true })).toHaveValue("");
    await expect(form.getByTestId("chosen-file")).toHaveCount(0);
    const row = page.locator(`tr[data-secret="${SECRET}"]`);
    await expect(row).toHaveAttribute("data-version", "1");
    for (const key of Object.keys(FIRST)) await expect(row).toContainText(key);
    await expect(row).toContainText("Not applied");
    await expectNoValues(page, "after create");

    // Typed rows: password fields whose values never reach the DOM (not even while typed), emptied after.
    await form.getByLabel("Keys and values typed here").check();
    await form.getByLabel("Name", { exact: true }).fill(TYPED);
    await form.getByLabel("Key 1").fill("SMTP_USER");
    await form.getByLabel("Value 1").fill(TYPED_VALUES.SMTP_USER);
    await form.getByRole("button", { name: "Add a key" }).click();
    await form.getByLabel("Key 2").fill("SMTP_PASS");
    await form.getByLabel("Value 2").fill(TYPED_VALUES.SMTP_PASS);
    await expect(form.getByLabel("Value 1")).toHaveAttribute("type", "password");
    await expectNoValues(page, "while typing");
    await form.getByRole("button", { name: "Create secret" }).click();
    await expect(form.getByRole("status")).toContainText(TYPED);
    await expect(page.locator(`tr[data-secret="${TYPED}"]`)).toContainText("SMTP_PASS");
    await expect(form.getByLabel("Key 1")).toHaveValue("");
    await expect(form.getByLabel("Value 1")).toHaveValue("");
    await expect(form.getByLabel("Key 2")).toHaveCount(0);
    await expectNoValues(page, "after creating from typed rows");

    // Apply to its home: the Kubernetes Secret holds exactly the values (read with the admin kubeconfig).
    await row.getByRole("button", { name: `Open secret ${SECRET}` }).click();
    const dialog = page.getByRole("dialog", { name: `Secret ${SECRET}` });
    await expect(dialog.getByText("Only admins delete secrets.")).toBeVisible();
    await dialog.getByRole("button", { name: "Apply", exact: true }).click();
    await dialog.getByRole("button", { name: `Apply ${SECRET}` }).click();
    await expect(dialog.getByTestId("apply-result")).toHaveAttribute("data-result", "created");
    expect(await liveValues()).toEqual(FIRST);
    const applied = await kubectlJson("get", "secret", SECRET, "-n", NS);
    expect(applied.metadata.labels["app.kubernetes.io/managed-by"]).toBe("clustercord");
    await expect(row).toContainText(`vault-pool/${NS} v1`);
    await expectNoValues(page, "after apply");

    // Diff with a changed file: the keys added, removed and changed are named, values are not.
    await dialog.getByRole("button", { name: "Diff", exact: true }).click();
    await dialog.getByLabel("File to compare").setInputFiles(upload("changed.yaml", yamlFile(CHANGED)));
    await dialog.getByRole("button", { name: "Compare", exact: true }).click();
    const result = dialog.getByTestId("diff-result");
    await expect(result.locator('[data-group="added"]')).toContainText("NEW_KEY");
    await expect(result.locator('[data-group="removed"]')).toContainText("API_TOKEN");
    await expect(result.locator('[data-group="changed"]')).toContainText("DB_PASSWORD");
    await expect(result.locator('[data-group="unchanged"]')).toContainText("DB_USER");
    await expect(result.getByTestId("diff-note")).toHaveText("Values not shown for security");
    // Against the live Secret it has just been applied as: the same.
    await dialog.getByLabel("The live Secret in the cluster").check();
    await dialog.getByRole("button", { name: "Compare", exact: true }).click();
    await expect(result).toContainText("The same keys and values");
    await expectNoValues(page, "after diff");

    // Rotate one key as 40 hex characters, restarting the Deployment: the plan first, then Confirm.
    const before = await kubectlJson("get", "deployment", APP, "-n", NS);
    await dialog.getByRole("button", { name: "Rotate", exact: true }).click();
    for (const key of ["DB_USER", "API_TOKEN"]) await dialog.getByLabel(key, { exact: true }).uncheck();
    await dialog.getByLabel(/^Shape/).selectOption("hex");
    await dialog.getByLabel("Length").fill("40");
    await dialog.getByLabel("Restart the Deployments that use it").check();
    await dialog.getByRole("button", { name: "Preview rotation" }).click();
    const plan = dialog.getByTestId("rotate-plan");
    await expect(plan.getByRole("list", { name: "Keys that get new values" })).toHaveText("DB_PASSWORD");
    await expect(plan.getByRole("list", { name: "Re-applied to" })).toHaveText(`vault-pool/${NS}`);
    await expect(plan.getByRole("list", { name: "Deployments restarted" })).toHaveText(`${NS}/${APP}`);
    await plan.getByRole("button", { name: `Rotate ${SECRET}` }).click();
    await expect(dialog.getByTestId("rotate-result")).toBeVisible();
    const rotated = await liveValues();
    expect(rotated.DB_PASSWORD).toMatch(/^[0-9a-f]{40}$/);
    expect({ ...rotated, DB_PASSWORD: "" }).toEqual({ ...FIRST, DB_PASSWORD: "" });
    seen.add(rotated.DB_PASSWORD ?? "");
    const after = await kubectlJson("get", "deployment", APP, "-n", NS);
    const restartedAt = after.spec.template.metadata.annotations?.["kubectl.kubernetes.io/restartedAt"];
    expect(restartedAt).toBeTruthy();
    expect(after.metadata.generation).toBeGreaterThan(before.metadata.generation);
    await expect(row).toHaveAttribute("data-version", "2");
    await expectNoValues(page, "after rotate");

    // Restore v1: a new version with the first values, re-applied where it is applied.
    await dialog.getByRole("button", { name: "Versions", exact: true }).click();
    const versions = dialog.getByRole("list", { name: "Versions" });
    await expect(versions.locator("li[data-version]")).toHaveCount(2);
    await versions.locator('li[data-version="1"]').getByRole("button", { name: "Restore v1…" }).click();
    await versions
      .locator('li[data-version="1"]')
      .getByRole("button", { name: "Restore v1", exact: true })
      .click();
    await expect(dialog.getByTestId("restore-result")).toBeVisible();
    await expect(versions.locator("li[data-version]")).toHaveCount(3);
    await expect(row).toHaveAttribute("data-version", "3");
    await expect.poll(liveValues).toEqual(FIRST);
    await expectNoValues(page, "after restore");
    await expectAccessible(page, "the Secrets page with a secret open");
    await page.keyboard.press("Escape");
    await expect(dialog).toHaveCount(0);

    // On a phone: nothing sticks out sideways, the list and the open secret included.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await expect(row).toHaveAttribute("data-version", "3");
    let sideways = await sidewaysOverflow(page);
    expect(sideways.overflow, `sticking out: ${sideways.wide.join(", ")}`).toBeLessThanOrEqual(0);
    await row.getByRole("button", { name: `Open secret ${SECRET}` }).click();
    await dialog.getByRole("button", { name: "Rotate", exact: true }).click();
    sideways = await sidewaysOverflow(page);
    expect(sideways.overflow, `sticking out: ${sideways.wide.join(", ")}`).toBeLessThanOrEqual(0);
    await expectAccessible(page, "the Secrets page at 390 px");
    await page.keyboard.press("Escape");
    await page.setViewportSize({ width: 1280, height: 720 });

    // A viewer sees names and keys, is told why there are no actions, and has none.
    const viewer = await browser.newContext();
    const viewerCsp = collectCspViolations(viewer);
    const carol = await viewer.newPage();
    await signInTo(carol, stack, "carol", "Acme Ops");
    await carol.goto(`${stack.webUrl}/secrets`);
    const carolRow = carol.locator(`tr[data-secret="${SECRET}"]`);
    await expect(carolRow).toContainText("DB_PASSWORD");
    await expect(carol.getByTestId("viewer-notice")).toContainText("Viewers see secret names and keys only");
    await expect(carol.getByRole("form", { name: "Create a secret" })).toHaveCount(0);
    await carolRow.getByRole("button", { name: `Open secret ${SECRET}` }).click();
    const carolDialog = carol.getByRole("dialog", { name: `Secret ${SECRET}` });
    await expect(carolDialog.getByText("Viewers see secret names and keys only")).toBeVisible();
    for (const action of ["Apply", "Diff", "Rotate", "Delete"])
      await expect(carolDialog.getByRole("button", { name: action, exact: true })).toHaveCount(0);
    await carolDialog.getByRole("button", { name: "Versions", exact: true }).click();
    await expect(carolDialog.locator("li[data-version]")).toHaveCount(3);
    await expect(carolDialog.getByRole("button", { name: /^Restore/ })).toHaveCount(0);
    await expectNoValues(carol, "for a viewer");
    await viewer.close();
    expect(viewerCsp).toEqual([]);

    // An admin deletes it in two steps, with the applied Secret; gone from the list and the cluster.
    const admin = await browser.newContext();
    const adminCsp = collectCspViolations(admin);
    const alice = await admin.newPage();
    await signInTo(alice, stack, "alice", "Acme Ops");
    await alice.goto(`${stack.webUrl}/secrets?secret=${SECRET}`);
    const aliceDialog = alice.getByRole("dialog", { name: `Secret ${SECRET}` });
    await aliceDialog.getByRole("button", { name: "Delete", exact: true }).click();
    await aliceDialog.getByLabel("Also delete the Kubernetes Secrets it was applied as").check();
    await aliceDialog.getByRole("button", { name: "Delete…" }).click();
    await aliceDialog.getByRole("button", { name: `Delete ${SECRET}` }).click();
    await expect(aliceDialog).toHaveCount(0);
    await expect(alice.locator(`tr[data-secret="${SECRET}"]`)).toHaveCount(0);
    await expect
      .poll(async () =>
        (await kube.kubectl(["get", "secrets", "-n", NS, "-o", "name"])).includes(`secret/${SECRET}`),
      )
      .toBe(false);
    await expectNoValues(alice, "after delete");
    await admin.close();
    expect(adminCsp).toEqual([]);
    await expectNoValues(page, "at the end");
  } finally {
    // The vault's copy too, when the test stopped before deleting it.
    const headers = workerHeaders(stack.serviceToken, ALICE, ACME);
    for (const name of [SECRET, TYPED]) {
      const planned = await callTrpc<{ confirmToken: string }>(stack.webUrl, "secrets.planDelete", {
        headers,
        input: { name },
      }).catch(() => null);
      if (planned?.data)
        await callTrpc(stack.webUrl, "secrets.delete", {
          headers,
          input: { name, confirmToken: planned.data.confirmToken },
          mutation: true,
        }).catch(() => undefined);
    }
    for (const what of [
      ["deployment", APP],
      ["secret", SECRET],
    ]) {
      await kube
        .kubectl(["delete", ...what, "-n", NS, "--ignore-not-found", "--wait=false"])
        .catch(() => undefined);
    }
    await removeCluster(stack, { userId: ALICE, guildId: ACME }, clusterId);
  }
});
