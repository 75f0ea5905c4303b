import { addLocalCluster, collectCspViolations, expect, removeCluster, signInTo, test } from "./fixtures";

const ACME = "200000000000000001";
const ALICE = "100000000000000001";
const NS = `clustercord-guild-${ACME}`;

test("the pod page deletes a pod in two steps for an operator, not for a viewer, then goes back to the pods list", async ({
  page,
  browser,
  stack,
  kube,
}) => {
  test.setTimeout(180_000);
  const clusterId = await addLocalCluster(stack, kube, "delete-pool");
  const deletePods = () =>
    kube.kubectl([
      "get",
      "pods",
      "-n",
      NS,
      "-l",
      "app=delete-web",
      "-o",
      "jsonpath={.items[*].metadata.name}",
    ]);
  try {
    await kube.kubectl(["create", "deployment", "delete-web", "-n", NS, "--image=registry.invalid/web:1"]);
    await kube.kubectl(["rollout", "status", "-n", NS, "deployment/delete-web", "--timeout=90s"]);
    const pod = (await deletePods()).trim();
    const podUrl = `${stack.webUrl}/clusters/${clusterId}/namespaces/${NS}/pods/${pod}`;

    // A viewer sees the pod, and no way to delete it.
    const viewer = await browser.newContext();
    const viewerCspViolations = collectCspViolations(viewer);
    const carol = await viewer.newPage();
    await signInTo(carol, stack, "carol", "Acme Ops");
    await carol.goto(podUrl);
    await expect(carol.locator(".cc-pod-facts")).toContainText("Running");
    await expect(carol.getByRole("button", { name: "Delete pod…" })).toHaveCount(0);
    await viewer.close();
    expect(viewerCspViolations).toEqual([]);

    await signInTo(page, stack, "bob", "Acme Ops");
    await page.goto(podUrl);
    await expect(page.locator(".cc-pod-facts")).toContainText("Running");
    await page.getByRole("button", { name: "Delete pod…" }).click();
    const plan = page.getByRole("dialog", { name: `Delete pod ${pod} in ${NS}?` });
    await expect(plan).toContainText(
      new RegExp(`${pod} is deleted; its ReplicaSet delete-web-[a-z0-9]+ starts a replacement\\.`),
    );
    // Cancel changes nothing; the second time, Confirm deletes.
    await plan.getByRole("button", { name: "Cancel" }).click();
    await expect(plan).toHaveCount(0);
    expect((await deletePods()).trim()).toBe(pod);
    await page.getByRole("button", { name: "Delete pod…" }).click();
    await page.getByRole("button", { name: `Delete ${pod}` }).click();
    await page.waitForURL(`${stack.webUrl}/clusters/${clusterId}/pods?namespace=${NS}`);
    await expect
      .poll(async () => (await deletePods()).split(" ").filter((p) => p && p !== pod).length, {
        timeout: 30_000,
      })
      .toBe(1);
  } finally {
    await kube.kubectl([
      "delete",
      "deployment",
      "delete-web",
      "-n",
      NS,
      "--ignore-not-found",
      "--wait=false",
    ]);
    await removeCluster(stack, { userId: ALICE, guildId: ACME }, clusterId);
  }
});
