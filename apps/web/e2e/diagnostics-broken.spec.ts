import type { DiagnosticsClusterOutput } from "@clustercord/contracts";
import { type BrokenWorld, createBrokenWorld, type ExpectedFinding } from "@clustercord/testenv/cluster";
import type { Locator, Page } from "@playwright/test";
import { addLocalCluster, expect, removeCluster, signInTo, test } from "./fixtures";

const ACME = "200000000000000001";
const ALICE = "100000000000000001"; // Acme's admin
const NS = "broken-e2e";

test.use({ actionTimeout: 60_000 });

/** What the Health page's pass lists: namespace group, finding id, what it is about, title. */
async function shownCards(pass: Locator) {
  return pass.locator("article[data-finding-id]").evaluateAll((cards) =>
    cards.map((card) => ({
      group: card.closest("[data-namespace-group]")?.getAttribute("data-namespace-group") ?? null,
      id: card.getAttribute("data-finding-id"),
      about: card.querySelector(".cc-diag-about")?.textContent ?? "",
      title: card.querySelector(".cc-diag-title")?.textContent ?? "",
    })),
  );
}

/** The page's words for a finding's object (web/src/components/diagnostics/format.ts targetText). */
const aboutText = (e: ExpectedFinding) =>
  `${e.target.kind} ${e.target.name}${e.target.namespace ? ` in ${e.target.namespace}` : ""} · ${e.id}`;

async function passInBrowser(page: Page, clusterId: string) {
  return page.evaluate(async (id) => {
    const input = encodeURIComponent(JSON.stringify({ clusterId: id }));
    const res = await fetch(`/api/trpc/diagnostics.cluster?input=${input}`);
    return (await res.json()).result?.data;
  }, clusterId) as Promise<DiagnosticsClusterOutput | undefined>;
}

test("the Health page lists every broken workload's expected finding, under the procedure's title", async ({
  page,
  stack,
  kube,
}) => {
  test.setTimeout(600_000);
  // Dedicated: alice may read nodes and StorageClasses, so the node and storage findings show too.
  const clusterId = await addLocalCluster(stack, kube, "broken-pool", { shared: false });
  let world: BrokenWorld | undefined;
  try {
    world = await createBrokenWorld((args, input) => kube.kubectl(args, input), NS);
    const expected = world.expected;
    await signInTo(page, stack, "alice", "Acme Ops");
    await page.goto(`${stack.webUrl}/clusters/${clusterId}/health`);
    const pass = page.getByRole("region", { name: "All findings", exact: true });
    await expect(pass).toHaveAttribute("data-state", /^(done|error)$/, { timeout: 60_000 });

    await expect(async () => {
      const before = (await pass.getAttribute("data-answered-at")) ?? "0";
      await pass.getByRole("button", { name: /^Diagnose( again)?$/ }).click();
      await expect(pass).not.toHaveAttribute("data-answered-at", before, { timeout: 30_000 });
      await expect(pass).toHaveAttribute("data-state", "done", { timeout: 30_000 });
      const api = await passInBrowser(page, clusterId);
      const cards = await shownCards(pass);
      for (const e of expected) {
        const finding = api?.findings.find(
          (f) => f.id === e.id && f.target.kind === e.target.kind && f.target.name === e.target.name,
        );
        expect(finding, `the API's ${e.key}`).toBeTruthy();
        // The card sits in its namespace's group (nodes: the cluster-wide one) with the API's title.
        expect(cards, e.key).toContainEqual({
          group: e.target.namespace ?? "cluster-wide",
          id: e.id,
          about: aboutText(e),
          title: finding?.title,
        });
      }
    }).toPass({ timeout: 120_000 });

    // A card's evidence is the kubelet's own words: the probe's endpoint and the timeout.
    const live = pass.locator(
      `[data-namespace-group="${NS}"] article[data-finding-id="pod.probe.liveness-failing"]`,
    );
    await expect(live).toHaveCount(1);
    await expect(live.getByRole("list", { name: "Evidence" })).toContainText(
      /:8080\/healthz": context deadline exceeded/,
    );
    await expect(live.getByRole("list", { name: "Evidence" })).toContainText("timeoutSeconds 1");
    const node = pass.locator(
      `[data-namespace-group="cluster-wide"] article[data-finding-id="node.not-ready"]`,
    );
    await expect(node.locator(".cc-diag-about")).toContainText(`Node ${world.nodes.notReady}`);
  } finally {
    await world?.cleanup();
    await removeCluster(stack, { userId: ALICE, guildId: ACME }, clusterId);
  }
  // The worker's cluster is back as it was for the specs after this one.
  expect((await kube.kubectl(["get", `namespace/${NS}`, "--ignore-not-found", "-o", "name"])).trim()).toBe(
    "",
  );
});
