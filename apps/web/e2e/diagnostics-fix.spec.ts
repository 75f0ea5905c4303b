import type { DiagnosticsRunOutput } from "@clustercord/contracts";
import { simulateCrashLoop, waitForRunningPod } from "@clustercord/testenv/cluster";
import type { Locator, Page } from "@playwright/test";
import { addLocalCluster, expect, removeCluster, signInTo, test } from "./fixtures";

const ACME = "200000000000000001";
const ALICE = "100000000000000001"; // Acme's admin
const NS = `clustercord-guild-${ACME}`;
const OOM = "pod.crash-loop.oom-killed";
const NO_PROBES = "workload.probe.missing";

test.use({ actionTimeout: 60_000 });

const deployment = (name: string, probes: boolean) => `
apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name}, namespace: ${NS} }
spec:
  replicas: 1
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name} } }
    spec:
      containers:
        - name: app
          image: ghcr.io/acme/${name}:1.0.0
          ports: [{ containerPort: 8080 }]
          resources: { requests: { cpu: 10m, memory: 64Mi }, limits: { cpu: 100m, memory: 128Mi } }
${probes ? "          readinessProbe: { tcpSocket: { port: 8080 } }\n          livenessProbe: { tcpSocket: { port: 8080 } }" : ""}
`;

/** Presses Diagnose (or Diagnose again) and waits for this run's answer. */
async function diagnose(panel: Locator) {
  const before = (await panel.getAttribute("data-answered-at")) ?? "0";
  await panel.getByRole("button", { name: /^Diagnose( again)?$/ }).click();
  await expect(panel).not.toHaveAttribute("data-answered-at", before, { timeout: 60_000 });
  await expect(panel).toHaveAttribute("data-state", /^(done|error)$/, { timeout: 60_000 });
}

async function runInBrowser(page: Page, input: unknown) {
  return page.evaluate(async (inp) => {
    const res = await fetch(`/api/trpc/diagnostics.run?input=${encodeURIComponent(JSON.stringify(inp))}`);
    return (await res.json()).result?.data as DiagnosticsRunOutput | undefined;
  }, input);
}

/** Apply fix… → the plan's diff → Apply fix → applied, and the dialog sees the finding resolve. */
async function applyFix(page: Page, card: Locator, diffHas: RegExp[]) {
  await card.getByRole("button", { name: "Apply fix…" }).click();
  const dialog = page.getByRole("dialog");
  const plan = dialog.getByTestId("diagnostics-fix-plan");
  await expect(plan).toBeVisible({ timeout: 60_000 });
  await expect(plan.getByTestId("confirm-counts")).toHaveText("1 changed");
  for (const text of diffHas) await expect(plan).toContainText(text);
  await plan.getByRole("button", { name: "Apply fix", exact: true }).click();
  await expect(plan.getByTestId("apply-result")).toHaveAttribute("data-status", "applied", {
    timeout: 60_000,
  });
  await expect(plan.getByTestId("fix-resolution")).toHaveAttribute("data-resolution", "resolved", {
    timeout: 90_000,
  });
  await expect(plan.getByTestId("fix-resolution")).toHaveText(
    "Resolved: the diagnosis no longer reports this finding.",
  );
  await plan.getByRole("button", { name: "Close" }).click();
  await expect(dialog).toHaveCount(0);
}

test("Apply fix… on a finding: the plan's diff, Apply fix (manifests.apply), the finding resolves; from a deployment's Diagnose and from Health", async ({
  page,
  stack,
  kube,
}) => {
  test.setTimeout(600_000);
  const clusterId = await addLocalCluster(stack, kube, "fix-pool");
  const kubectl = (args: string[], input?: string) => kube.kubectl(args, input);
  try {
    await kubectl(
      ["apply", "-f", "-"],
      `${deployment("ledger", true)}---${deployment("ledger-bare", false)}`,
    );
    await simulateCrashLoop(kubectl, NS, await waitForRunningPod(kubectl, NS, "app=ledger"), {
      container: "app",
      image: "ghcr.io/acme/ledger:1.0.0",
      exitCode: 137,
      reason: "OOMKilled",
      restarts: 3,
    });

    await signInTo(page, stack, "alice", "Acme Ops");
    await page.goto(`${stack.webUrl}/clusters/${clusterId}/resources/deployments/ledger?namespace=${NS}`);
    const panel = page.getByRole("region", { name: "Diagnosis", exact: true });
    const card = panel.locator(`article[data-finding-id="${OOM}"]`);
    await expect(async () => {
      await diagnose(panel);
      await expect(card).toHaveCount(1, { timeout: 1_000 });
    }).toPass({ timeout: 90_000 });
    await applyFix(page, card, [/-\s+memory: 128Mi/, /\+\s+memory: 192Mi/]);
    // The panel shows the diagnosis the dialog ran last: the OOM is gone, as the API says.
    await expect(card).toHaveCount(0);
    const after = await runInBrowser(page, {
      clusterId,
      target: { kind: "Deployment", namespace: NS, name: "ledger" },
    });
    expect(after?.findings.map((f) => f.id)).not.toContain(OOM);
    const live = JSON.parse(await kubectl(["get", "deployment", "ledger", "-n", NS, "-o", "json"]));
    expect(live.spec.template.spec.containers[0].resources.limits.memory).toBe("192Mi");

    // Health's whole pass: the deployment without probes, fixed from there.
    await page.goto(`${stack.webUrl}/clusters/${clusterId}/health`);
    const pass = page.getByRole("region", { name: "All findings", exact: true });
    const bare = pass.locator(`article[data-finding-id="${NO_PROBES}"]`, { hasText: "ledger-bare" });
    await expect(async () => {
      await diagnose(pass);
      await expect(bare).toHaveCount(1, { timeout: 1_000 });
    }).toPass({ timeout: 90_000 });
    await applyFix(page, bare, [/\+\s+readinessProbe:/, /\+\s+livenessProbe:/]);
    // Closing the dialog diagnosed the pass again: the finding is gone from the list.
    await expect(pass).toHaveAttribute("data-state", "done", { timeout: 60_000 });
    await expect(bare).toHaveCount(0, { timeout: 30_000 });
    const probes = JSON.parse(await kubectl(["get", "deployment", "ledger-bare", "-n", NS, "-o", "json"]));
    expect(probes.spec.template.spec.containers[0].readinessProbe).toMatchObject({
      tcpSocket: { port: 8080 },
    });
  } finally {
    await kubectl([
      "delete",
      "deployment/ledger",
      "deployment/ledger-bare",
      "-n",
      NS,
      "--ignore-not-found",
      "--wait=true",
      "--timeout=120s",
    ]);
    await removeCluster(stack, { userId: ALICE, guildId: ACME }, clusterId);
  }
});
