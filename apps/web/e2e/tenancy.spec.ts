import type { Stack } from "@clustercord/testenv/stack";
import type { Browser } from "@playwright/test";
import { expect, signInTo, test } from "./fixtures";

const ACME = "200000000000000001";
const BETA = "200000000000000002";
const ALICE = "100000000000000001";
const nsAcme = `clustercord-guild-${ACME}`;
const nsBeta = `clustercord-guild-${BETA}`;
const nsAlice = `clustercord-user-${ALICE}`;

/** A second, separate browser session signed in as `username` in `guildName`, on the Clusters page. */
async function openClustersAs(browser: Browser, stack: Stack, username: string, guildName: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInTo(page, stack, username, guildName);
  await page.goto(`${stack.webUrl}/clusters`);
  return { page, close: () => context.close() };
}

test("an owner shares a cluster with another server in the browser: rename, invite, decline, accept, quota, egress, personal namespace, revoke, leave", async ({
  page,
  browser,
  stack,
  kube,
}) => {
  test.setTimeout(240_000);
  const kubectlJson = async <T>(...args: string[]) =>
    JSON.parse(await kube.kubectl([...args, "-o", "json"])) as T;
  const podsQuota = async (namespace: string) =>
    (
      await kubectlJson<{ spec: { hard: Record<string, string> } }>(
        "get",
        "resourcequota",
        "clustercord-quota",
        "-n",
        namespace,
      )
    ).spec.hard;
  const egressRules = async (namespace: string) =>
    JSON.stringify(
      (
        await kubectlJson<{ spec: { egress: unknown[] } }>(
          "get",
          "networkpolicy",
          "clustercord-isolate",
          "-n",
          namespace,
        )
      ).spec.egress,
    );

  const clustercordBindings = async (namespace: string) =>
    (
      await kubectlJson<{ items: { metadata: { name: string } }[] }>("get", "rolebindings", "-n", namespace)
    ).items
      .map((b) => b.metadata.name)
      .filter((name) => name.startsWith("clustercord-"))
      .sort();

  const kubeconfig = await kube.kubectl(["config", "view", "--raw", "--flatten", "--minify"]);

  // Alice (admin of Acme Ops) adds the cluster as shared.
  await signInTo(page, stack, "alice", "Acme Ops");
  await page.goto(`${stack.webUrl}/clusters`);
  await page.getByRole("textbox", { name: "Name", exact: true }).fill("pool");
  await page.getByLabel("…or paste it").fill(kubeconfig);
  await page.getByLabel("Shared: other Discord servers may be granted their own namespaces").check();
  await page.getByRole("button", { name: "Add cluster" }).click();
  await expect(page.getByRole("status")).toContainText("Added pool");
  await expect(page.getByRole("region", { name: "pool", exact: true })).toContainText(
    "shared by this server",
  );

  // Rename: the API's refusal is shown, then the new name everywhere.
  await page
    .getByRole("region", { name: "pool", exact: true })
    .getByRole("button", { name: "Rename…" })
    .click();
  const renameForm = page.getByRole("form", { name: "Rename pool" });
  await renameForm.getByLabel("New name").fill("Team Pool");
  await renameForm.getByRole("button", { name: "Save name" }).click();
  await expect(renameForm.getByRole("alert")).toContainText("use lowercase letters, digits and dashes");
  await renameForm.getByLabel("New name").fill("team-pool");
  await renameForm.getByRole("button", { name: "Save name" }).click();
  const cluster = page.getByRole("region", { name: "team-pool", exact: true });
  await expect(cluster).toBeVisible();
  await expect(page.getByRole("region", { name: "pool", exact: true })).toHaveCount(0);
  await page.reload();
  await expect(cluster).toBeVisible();

  // The owner's own place on its shared cluster, already set up.
  const tenants = cluster.getByRole("list", { name: "Servers with access to team-pool" });
  const acme = tenants.getByRole("listitem", { name: "Acme Ops" });
  await expect(acme).toContainText(nsAcme);
  await expect(acme).toContainText("4 CPU · 8Gi memory · 50 pods");
  await expect(acme.getByText("pending first use")).toHaveCount(0);
  // The owner's row cannot be revoked (remove the cluster instead).
  await expect(acme.getByRole("button", { name: "Revoke…" })).toHaveCount(0);

  // Grant Beta Team by its Discord server ID: an invitation its admins answer.
  const grantForm = cluster.getByRole("form", { name: "Grant a server access to team-pool" });
  const grantBeta = async () => {
    await grantForm.getByLabel("Discord server ID").fill(BETA);
    await grantForm.getByRole("button", { name: "Grant access" }).click();
    await expect(grantForm.getByRole("status")).toHaveText(
      "Invited Beta Team to team-pool; its admins can accept now.",
    );
  };
  await grantBeta();
  const beta = tenants.getByRole("listitem", { name: "Beta Team" });
  await expect(beta).toContainText(nsBeta);
  await expect(beta).toContainText("4 CPU · 8Gi memory · 50 pods");
  await expect(beta.getByText("invited", { exact: true })).toBeVisible();
  await expect(beta.getByText("not until that server's admins accept")).toBeVisible();
  const betaEgress = beta.getByRole("switch", { name: "Internet egress for Beta Team" });
  await expect(betaEgress).toBeChecked();
  // Granting twice is refused, with the API's message next to the form.
  await grantForm.getByLabel("Discord server ID").fill(BETA);
  await grantForm.getByRole("button", { name: "Grant access" }).click();
  await expect(grantForm.getByRole("alert")).toHaveText(
    "That server already has access to this cluster or an invitation to it.",
  );

  // Carol, Beta's admin: the cluster is not hers to see yet, only the invitation. She declines.
  const carol = await openClustersAs(browser, stack, "carol", "Beta Team");
  const granted = carol.page.getByRole("region", { name: "team-pool", exact: true });
  const invitations = carol.page.getByRole("region", { name: "Invitations" });
  const invitation = invitations.getByRole("listitem", { name: "team-pool" });
  await expect(invitation).toContainText("from Acme Ops");
  await expect(invitation).toContainText("4 CPU · 8Gi memory · 50 pods");
  await expect(invitation).toContainText("Alice Admin");
  await expect(carol.page.getByText("No clusters yet.")).toBeVisible();
  await expect(granted).toHaveCount(0);
  await invitation.getByRole("button", { name: "Decline" }).click();
  await expect(invitations).toHaveCount(0);
  await page.reload();
  await expect(acme).toBeVisible();
  await expect(beta).toHaveCount(0);
  // Nothing was ever set up on the cluster for Beta.
  await expect(kube.kubectl(["get", "namespace", nsBeta])).rejects.toThrow(/NotFound/);

  // Invited again; the owner may set its quota and egress before Beta accepts.
  await grantBeta();
  await expect(beta.getByText("invited", { exact: true })).toBeVisible();

  // Quota: a bad quantity is refused by the API and shown by the form; then pods -> 5.
  await beta.getByRole("button", { name: "Edit quota" }).click();
  const quotaForm = beta.getByRole("form", { name: "Quota for Beta Team" });
  await expect(quotaForm.getByLabel("Pods")).toHaveValue("50");
  await quotaForm.getByLabel("CPU requests").fill("lots");
  await quotaForm.getByRole("button", { name: "Save quota" }).click();
  await expect(quotaForm.getByRole("alert")).toContainText("requests.cpu: use a Kubernetes quantity");
  await quotaForm.getByLabel("CPU requests").fill("4");
  await quotaForm.getByLabel("Pods").fill("5");
  await quotaForm.getByRole("button", { name: "Save quota" }).click();
  await expect(quotaForm).toHaveCount(0);
  await expect(beta).toContainText("4 CPU · 8Gi memory · 5 pods");

  // Internet egress off.
  await betaEgress.click();
  await expect(betaEgress).not.toBeChecked();
  await expect(betaEgress).toBeEnabled();

  // After a reload the stored values show: Beta changed, Acme untouched.
  await page.reload();
  await expect(beta).toContainText("4 CPU · 8Gi memory · 5 pods");
  await expect(betaEgress).not.toBeChecked();
  await expect(beta.getByText("invited", { exact: true })).toBeVisible();
  await expect(acme).toContainText("4 CPU · 8Gi memory · 50 pods");
  await expect(acme.getByRole("switch", { name: "Internet egress for Acme Ops" })).toBeChecked();

  // Alice's personal namespace.
  const namespacesSection = cluster.getByRole("region", { name: "Namespaces" });
  const namespaces = namespacesSection.getByRole("list", { name: "Your namespaces on team-pool" });
  await expect(namespaces.getByRole("listitem")).toHaveText([nsAcme]);
  await namespacesSection.getByRole("button", { name: "Create my namespace" }).click();
  await expect(namespacesSection.getByRole("status")).toHaveText(`Your namespace ${nsAlice} is ready.`);
  await expect(namespaces.getByRole("listitem")).toHaveText([nsAcme, nsAlice]);
  expect(await podsQuota(nsAlice)).toEqual({ pods: "50", "requests.cpu": "4", "requests.memory": "8Gi" });

  // Bob (operator in Acme) sees every server but manages none; he may create his own namespace.
  const bob = await openClustersAs(browser, stack, "bob", "Acme Ops");
  {
    const card = bob.page.getByRole("region", { name: "team-pool", exact: true });
    const rows = card.getByRole("list", { name: "Servers with access to team-pool" });
    await expect(rows.getByRole("listitem", { name: "Beta Team" })).toContainText("5 pods");
    await expect(rows.getByRole("listitem", { name: "Beta Team" })).toContainText(/Internet egress\s*off/);
    await expect(rows.getByRole("listitem", { name: "Acme Ops" })).toContainText(/Internet egress\s*on/);
    // (His role has loaded: the operator-only button shows.)
    await expect(card.getByRole("button", { name: "Create my namespace" })).toBeVisible();
    await expect(card.getByRole("switch")).toHaveCount(0);
    await expect(card.getByRole("button", { name: /Rename|Remove|Revoke|Edit quota|Grant/ })).toHaveCount(0);
  }
  await bob.close();

  // Carol accepts the invitation, which shows the owner's settings.
  await carol.page.reload();
  await expect(invitation).toContainText("4 CPU · 8Gi memory · 5 pods");
  await expect(invitation).toContainText(/Internet egress\s*off/);
  await expect(kube.kubectl(["get", "namespace", nsBeta])).rejects.toThrow(/NotFound/);
  await invitation.getByRole("button", { name: "Accept" }).click();
  await expect(invitations).toHaveCount(0);

  // The cluster is now granted to Beta (not owned); Carol sees only Beta's own place.
  await expect(granted).toContainText("granted to this server");
  await expect(
    granted.getByRole("list", { name: "Your namespaces on team-pool" }).getByRole("listitem"),
  ).toHaveText([nsBeta]);
  const carolRows = granted.getByRole("list", { name: "Servers with access to team-pool" });
  const own = carolRows.getByRole("listitem", { name: "Beta Team" });
  await expect(own).toContainText("4 CPU · 8Gi memory · 5 pods");
  await expect(own).toContainText(/Internet egress\s*off/);
  await expect(own.getByText("pending first use")).toHaveCount(0);
  await expect(own.getByText("active", { exact: true })).toBeVisible();
  await expect(carolRows.getByRole("listitem")).toHaveCount(1);
  await expect(granted).not.toContainText("Acme");
  await expect(granted).not.toContainText(nsAcme);
  // Beta's admin, yet read-only here: nothing to manage on a cluster Beta does not own, but Beta may leave.
  await expect(granted.getByRole("button", { name: "Leave…" })).toBeVisible();
  await expect(granted.getByRole("button", { name: "Create my namespace" })).toBeVisible();
  await expect(granted.getByRole("switch")).toHaveCount(0);
  await expect(granted.getByRole("button", { name: /Rename|Remove|Revoke|Edit quota|Grant/ })).toHaveCount(0);

  // Carol's first use set Beta's namespace up on the cluster with the owner's settings.
  expect(await podsQuota(nsBeta)).toEqual({ pods: "5", "requests.cpu": "4", "requests.memory": "8Gi" });
  expect(await egressRules(nsBeta)).not.toContain("0.0.0.0/0");
  expect(await egressRules(nsAcme)).toContain("0.0.0.0/0");
  expect(await clustercordBindings(nsBeta)).toEqual([
    "clustercord-admin",
    "clustercord-operator",
    "clustercord-viewer",
  ]);

  // Back as Alice: Beta accepted and is set up now; the switch changes the live namespace.
  await page.reload();
  await expect(beta.getByText("active", { exact: true })).toBeVisible();
  await expect(beta.getByText("pending first use")).toHaveCount(0);
  await betaEgress.click();
  await expect(betaEgress).toBeChecked();
  await expect(betaEgress).toBeEnabled();
  expect(await egressRules(nsBeta)).toContain("0.0.0.0/0");

  // Revoke, two steps: Cancel changes nothing; Confirm removes the row.
  await beta.getByRole("button", { name: "Revoke…" }).click();
  const dialog = page.getByRole("dialog", { name: "Revoke Beta Team's access to team-pool?" });
  await expect(dialog).toContainText(`its RoleBindings in ${nsBeta} are deleted`);
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toHaveCount(0);
  await page.reload();
  await expect(beta).toBeVisible();
  await beta.getByRole("button", { name: "Revoke…" }).click();
  await dialog.getByRole("button", { name: "Revoke Beta Team" }).click();
  await expect(beta).toHaveCount(0);
  await page.reload();
  await expect(acme).toBeVisible();
  await expect(beta).toHaveCount(0);
  // On the cluster: Beta's RoleBindings are gone, its namespace stays.
  expect(await clustercordBindings(nsBeta)).toEqual([]);
  await kube.kubectl(["get", "namespace", nsBeta]);

  // Carol's server has no access any more.
  await carol.page.reload();
  await expect(carol.page.getByText("No clusters yet.")).toBeVisible();
  await expect(granted).toHaveCount(0);

  // Invited and accepted once more, then Beta leaves on its own, in two steps.
  await grantBeta();
  await carol.page.reload();
  await invitation.getByRole("button", { name: "Accept" }).click();
  await expect(granted).toContainText("granted to this server");
  await expect(
    granted.getByRole("list", { name: "Your namespaces on team-pool" }).getByRole("listitem"),
  ).toHaveText([nsBeta]);
  expect(await clustercordBindings(nsBeta)).toEqual([
    "clustercord-admin",
    "clustercord-operator",
    "clustercord-viewer",
  ]);
  await granted.getByRole("button", { name: "Leave…" }).click();
  const leaveDialog = carol.page.getByRole("dialog", { name: "Leave team-pool?" });
  await expect(leaveDialog).toContainText(`its RoleBindings in ${nsBeta} are deleted`);
  await leaveDialog.getByRole("button", { name: "Cancel" }).click();
  await expect(leaveDialog).toHaveCount(0);
  await expect(granted).toBeVisible();
  await granted.getByRole("button", { name: "Leave…" }).click();
  await leaveDialog.getByRole("button", { name: "Leave team-pool" }).click();
  await expect(granted).toHaveCount(0);
  await expect(carol.page.getByText("No clusters yet.")).toBeVisible();
  expect(await clustercordBindings(nsBeta)).toEqual([]);
  await kube.kubectl(["get", "namespace", nsBeta]);
  await page.reload();
  await expect(acme).toBeVisible();
  await expect(beta).toHaveCount(0);
  await carol.close();

  // Leave Acme without clusters for the other specs in this worker.
  await cluster.getByRole("button", { name: "Remove…" }).click();
  await page
    .getByRole("dialog", { name: "Remove cluster team-pool?" })
    .getByRole("button", { name: "Remove team-pool" })
    .click();
  await expect(page.getByText("No clusters yet. Add one below.")).toBeVisible();
});
