import type { DiagnosticsClusterOutput, DiagnosticsRunOutput } from "@clustercord/contracts";
import { callTrpc, workerHeaders } from "@clustercord/testenv";
import {
  type Cluster,
  type RunningPod,
  simulateCrashLoop,
  waitForRunningPod,
} from "@clustercord/testenv/cluster";
import type { Locator, Page } from "@playwright/test";
import { addLocalCluster, expect, removeCluster, signInTo, test } from "./fixtures";
import { expectAccessible, sidewaysOverflow } from "./page-checks";

const ACME = "200000000000000001";
const BETA = "200000000000000002";
const ALICE = "100000000000000001"; // Acme's admin, a viewer in Beta Team
const CAROL = "100000000000000003"; // Beta Team's owner
const NS = `clustercord-guild-${ACME}`;
const OOM = "pod.crash-loop.oom-killed";

// A step that cannot happen fails in a minute, not at the test's end.
test.use({ actionTimeout: 60_000 });

const payments = `
apiVersion: apps/v1
kind: Deployment
metadata: { name: payments, namespace: ${NS} }
spec:
  replicas: 1
  selector: { matchLabels: { app: payments } }
  template:
    metadata: { labels: { app: payments } }
    spec:
      containers:
        - name: app
          image: ghcr.io/acme/payments:2.1.0
          resources: { requests: { cpu: 10m, memory: 64Mi }, limits: { cpu: 100m, memory: 128Mi } }
`;

/** The running payments pod (kwok has started it). */
const runningPod = (kube: Cluster) => waitForRunningPod((args) => kube.kubectl(args), NS, "app=payments");

/** Killed for memory three times over, as a kubelet reports it (as the API's test does). */
const oomKill = (kube: Cluster, pod: RunningPod) =>
  simulateCrashLoop((args, input) => kube.kubectl(args, input), NS, pod, {
    container: "app",
    image: "ghcr.io/acme/payments:2.1.0",
    exitCode: 137,
    reason: "OOMKilled",
    restarts: 3,
  });

/** A diagnostics query as the browser's own session asks it (same cookie, same person, same server). */
async function queryInBrowser(page: Page, path: string, input: unknown) {
  return page.evaluate(
    async ([p, inp]) => {
      const res = await fetch(`/api/trpc/${p}?input=${encodeURIComponent(JSON.stringify(inp))}`);
      return (await res.json()).result?.data;
    },
    [path, input] as const,
  );
}

async function runInBrowser(page: Page, input: unknown) {
  return (await queryInBrowser(page, "diagnostics.run", input)) as DiagnosticsRunOutput | undefined;
}

/** The pass's findings as the page lists them: namespace group, id and title, top to bottom. */
async function shownPass(pass: Locator) {
  return pass.locator("article[data-finding-id]").evaluateAll((cards) =>
    cards.map((card) => ({
      group: card.closest("[data-namespace-group]")?.getAttribute("data-namespace-group") ?? null,
      id: card.getAttribute("data-finding-id"),
      title: card.querySelector(".cc-diag-title")?.textContent ?? null,
    })),
  );
}

/** The API's findings in the page's terms: grouped by namespace in order of first appearance, the API's order inside. */
function expectedPass(findings: DiagnosticsClusterOutput["findings"]) {
  const groups = new Map<string, { group: string; id: string; title: string }[]>();
  for (const f of findings) {
    const group = f.target.namespace ?? "cluster-wide";
    groups.set(group, [...(groups.get(group) ?? []), { group, id: f.id, title: f.title }]);
  }
  return [...groups.values()].flat();
}

/** Presses Diagnose (or Diagnose again) and waits for this run's answer. */
async function diagnose(panel: Locator) {
  const before = (await panel.getAttribute("data-answered-at")) ?? "0";
  await panel.getByRole("button", { name: /^Diagnose( again)?$/ }).click();
  await expect(panel).not.toHaveAttribute("data-answered-at", before, { timeout: 60_000 });
  await expect(panel).toHaveAttribute("data-state", /^(done|error)$/, { timeout: 60_000 });
}

/**
 * Evidence as compared between the page and the API: the simulated cluster's
 * log gets a line each second, so log lines are compared by label and
 * source, not by text (two reads a moment apart may differ by a line).
 */
function steadyEvidence(e: { labels: string[]; values: string[]; sources: (string | null)[] }) {
  return { ...e, values: e.values.map((v, i) => (e.sources[i] === "log" ? "(a log line)" : v)) };
}

/** What one finding card shows, in the same terms as the API's Finding. */
async function shownFinding(card: Locator) {
  const texts = (l: Locator) => l.allTextContents();
  const evidence = card.getByRole("list", { name: "Evidence" }).locator(":scope > li");
  const fix = card.getByRole("region", { name: "Suggested fix" });
  const ops = fix.getByRole("list", { name: "Patch operations" }).locator(":scope > li");
  return {
    severity: await card.getAttribute("data-severity"),
    title: await card.getByRole("heading", { level: 3 }).textContent(),
    cause: await card.locator(".cc-diag-cause").textContent(),
    evidence: steadyEvidence({
      labels: await texts(evidence.locator(".cc-diag-label")),
      values: await texts(evidence.locator(".cc-diag-value")),
      sources: await evidence.evaluateAll((lis) => lis.map((li) => li.getAttribute("data-source"))),
    }),
    recommendations: await texts(card.getByRole("list", { name: "Recommendations" }).locator(":scope > li")),
    fix: {
      description: await fix.locator(".cc-diag-fix-description").textContent(),
      ops: await ops.evaluateAll((lis) => lis.map((li) => li.getAttribute("data-op"))),
      paths: await texts(ops.locator(".cc-diag-op-path")),
      values: await texts(ops.locator(".cc-diag-op-value")),
    },
  };
}

test("Diagnose on a deployment shows what diagnostics.run finds (OOM-killed crash loop, evidence, fix); Health's whole pass as diagnostics.cluster, and per namespace; a viewer elsewhere is refused", async ({
  page,
  browser,
  stack,
  kube,
}) => {
  test.setTimeout(600_000);
  const clusterId = await addLocalCluster(stack, kube, "diag-pool");
  try {
    // Beta Team becomes a tenant of the shared cluster (alice is only a viewer there).
    const granted = await callTrpc(stack.webUrl, "tenants.grant", {
      headers: workerHeaders(stack.serviceToken, ALICE, ACME),
      input: { clusterId, guildId: BETA },
      mutation: true,
    });
    expect(granted.error, "tenants.grant").toBeUndefined();
    const accepted = await callTrpc(stack.webUrl, "tenants.accept", {
      headers: workerHeaders(stack.serviceToken, CAROL, BETA),
      input: { clusterId },
      mutation: true,
    });
    expect(accepted.error, "tenants.accept").toBeUndefined();

    await kube.kubectl(["apply", "-f", "-"], payments);
    await oomKill(kube, await runningPod(kube));

    // Alice, Acme's admin, on the Deployment's page: Diagnose until the watch caches have the patched status.
    await signInTo(page, stack, "alice", "Acme Ops");
    const target = { kind: "Deployment", namespace: NS, name: "payments" };
    await page.goto(`${stack.webUrl}/clusters/${clusterId}/resources/deployments/payments?namespace=${NS}`);
    const panel = page.getByRole("region", { name: "Diagnosis", exact: true });
    const card = panel.locator(`article[data-finding-id="${OOM}"]`);
    await expect(async () => {
      await diagnose(panel);
      await expect(card).toHaveCount(1, { timeout: 1_000 });
    }).toPass({ timeout: 90_000 });

    // Lockstep: the card says what the procedure answers for the same person and target.
    await expect(async () => {
      await diagnose(panel);
      const api = await runInBrowser(page, { clusterId, target });
      const finding = api?.findings.find((f) => f.id === OOM);
      expect(finding, "the API's OOM finding").toBeTruthy();
      if (!finding?.fix) throw new Error("the OOM finding has no fix");
      expect(await shownFinding(card)).toEqual({
        severity: finding.severity,
        title: finding.title,
        cause: finding.cause,
        evidence: steadyEvidence({
          labels: finding.evidence.map((e) => e.label),
          values: finding.evidence.map((e) => e.value),
          sources: finding.evidence.map((e) => e.source),
        }),
        recommendations: finding.recommendations,
        fix: {
          description: finding.fix.description,
          ops: finding.fix.patch.map((op) => op.op),
          paths: finding.fix.patch.map((op) => op.path),
          values: finding.fix.patch.flatMap((op) =>
            "value" in op ? [typeof op.value === "string" ? op.value : JSON.stringify(op.value)] : [],
          ),
        },
      });
      // Nodes are not a tenant's on a shared cluster: the page names what was not read.
      expect(api?.unread).toContain("nodes");
      await expect(panel.locator(".cc-diag-unread")).toContainText(
        `Could not read: ${api?.unread.join(", ")}.`,
      );
      // The finding's stored history, under it: one episode so far (diagnostics-history.cluster.test.ts covers more).
      const history = api?.history?.[finding.fingerprint];
      expect(history?.line).toMatch(/^first seen \w{3} \d{1,2} \w{3}$/);
      await expect(card.getByTestId("finding-history")).toHaveText(`History: ${history?.line}`);
    }).toPass({ timeout: 60_000 });
    await expect(card.getByText("CRITICAL", { exact: true })).toBeVisible();
    await expect(card.getByRole("list", { name: "Evidence" })).toContainText(/137|OOMKilled/);
    await expect(card.getByRole("list", { name: "Evidence" })).toContainText("128Mi");
    await expect(
      card.locator("li[data-op] .cc-diag-op-path", {
        hasText: "/spec/template/spec/containers/0/resources/limits/memory",
      }),
    ).toHaveCount(1);
    // An admin is offered the fix through the confirm path (diagnostics-fix.spec.ts applies it).
    await expect(card.getByRole("button", { name: "Apply fix…" })).toHaveCount(1);
    await expectAccessible(page, "a deployment's page with its diagnosis");

    // The pod's own page diagnoses the pod: the same crash loop.
    const podName = (await runningPod(kube)).metadata.name;
    await page.goto(`${stack.webUrl}/clusters/${clusterId}/namespaces/${NS}/pods/${podName}`);
    const podPanel = page.getByRole("region", { name: "Diagnosis", exact: true });
    await diagnose(podPanel);
    await expect(podPanel.locator(`article[data-finding-id="${OOM}"]`)).toHaveCount(1);

    // Health, on a phone: the namespace picker, the same finding, nothing sticks out sideways.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${stack.webUrl}/clusters/${clusterId}/health`);
    await expect(page.getByRole("heading", { name: "Health of diag-pool", level: 1 })).toBeVisible();
    // By default the whole pass: the same findings, in the same order, as diagnostics.cluster for alice.
    const pass = page.getByRole("region", { name: "All findings", exact: true });
    await expect(pass).toHaveAttribute("data-state", /^(done|error)$/, { timeout: 60_000 });
    await expect(async () => {
      await diagnose(pass);
      const api = (await queryInBrowser(page, "diagnostics.cluster", { clusterId })) as
        | DiagnosticsClusterOutput
        | undefined;
      expect(
        api?.findings.some((f) => f.id === OOM && f.target.namespace === NS),
        "the pass has the OOM",
      ).toBe(true);
      if (!api) throw new Error("no pass");
      expect(await shownPass(pass)).toEqual(expectedPass(api.findings));
      expect(
        await pass
          .locator(".cc-pass-counts > li")
          .evaluateAll((lis) =>
            lis.map((li) => [li.getAttribute("data-severity"), Number(li.textContent?.replace(/\D/g, ""))]),
          ),
      ).toEqual((["CRITICAL", "HIGH", "MEDIUM", "LOW"] as const).map((s) => [s, api.bySeverity[s] ?? 0]));
      await expect(pass.locator(".cc-pass-capped")).toHaveCount(api.total > api.findings.length ? 1 : 0);
      if (api.unread.length)
        await expect(pass.locator(".cc-diag-unread")).toContainText(
          `Could not read: ${api.unread.join(", ")}.`,
        );
    }).toPass({ timeout: 90_000 });
    await expect(
      pass.locator(`[data-namespace-group="${NS}"] article[data-finding-id="${OOM}"]`),
    ).toHaveCount(1);
    const passSideways = await sidewaysOverflow(page);
    expect(passSideways.overflow, `sticking out: ${passSideways.wide.join(", ")}`).toBeLessThanOrEqual(0);
    await expectAccessible(page, "the Health page's whole pass at 390 px");

    // The picker narrows to one namespace: diagnostics.run on it, as before.
    await page.getByRole("combobox", { name: "Namespace" }).selectOption(NS);
    const health = page.getByRole("region", { name: "Diagnosis", exact: true });
    await diagnose(health);
    const nsCard = health.locator(`article[data-finding-id="${OOM}"]`);
    await expect(nsCard).toHaveCount(1);
    await expect(nsCard.locator(".cc-diag-about")).toContainText(`Deployment payments in ${NS}`);
    const sideways = await sidewaysOverflow(page);
    expect(sideways.overflow, `sticking out: ${sideways.wide.join(", ")}`).toBeLessThanOrEqual(0);
    await expectAccessible(page, "the Health page at 390 px");

    // Alice as a viewer in Beta Team: Acme's namespace is refused, with the API's own words.
    const refusal = await callTrpc(stack.webUrl, "diagnostics.run", {
      headers: workerHeaders(stack.serviceToken, ALICE, BETA),
      input: { clusterId, target },
    });
    expect(refusal.status).toBe(403);
    const context = await browser.newContext();
    try {
      const beta = await context.newPage();
      await signInTo(beta, stack, "alice", "Beta Team");
      await beta.goto(`${stack.webUrl}/clusters/${clusterId}/resources/deployments/payments?namespace=${NS}`);
      const refused = beta.getByRole("region", { name: "Diagnosis", exact: true });
      await diagnose(refused);
      await expect(refused).toHaveAttribute("data-state", "error");
      await expect(refused.getByRole("alert")).toHaveText(refusal.error?.message ?? "(no message)");
      await expect(refused.getByRole("alert")).toHaveText(
        "You may not diagnose in that namespace on this cluster.",
      );
      await expect(refused.locator("article[data-finding-id]")).toHaveCount(0);
    } finally {
      await context.close();
    }
  } finally {
    await kube.kubectl(["delete", "deployment/payments", "-n", NS, "--ignore-not-found", "--wait=false"]);
    await removeCluster(stack, { userId: ALICE, guildId: ACME }, clusterId);
    // Beta's tenancy made its namespace on this worker's cluster (a removal leaves namespaces, by design);
    // the specs after this one start from a cluster where Beta has nothing.
    await kube.kubectl([
      "delete",
      "namespace",
      `clustercord-guild-${BETA}`,
      "--ignore-not-found",
      "--wait=true",
      "--timeout=120s",
    ]);
  }
});
