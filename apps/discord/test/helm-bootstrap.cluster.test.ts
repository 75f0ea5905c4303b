import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { callTrpc, workerHeaders } from "@clustercord/testenv";
import { type Cluster, startCluster } from "@clustercord/testenv/cluster";
import { type ChartRepo, serveChartRepo } from "@clustercord/testenv/cluster/charts";
import type { ReplyPayload, SendCommandOptions } from "@clustercord/testenv/discord";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ACME,
  ALICE,
  BOB,
  buttonId,
  kubeconfigFile,
  opt,
  SERVICE_TOKEN,
  startWorkerHarness,
  type WorkerHarness,
} from "./harness";

// `/cluster bootstrap` through the real worker and the Discord stand-in: blueprints.plan,
// Confirm, blueprints.run followed in the message; the credentials go only to the DM.

let h: WorkerHarness;
let kube: Cluster;
let repo: ChartRepo;
let closeAll: (() => Promise<void>) | undefined;

beforeAll(async () => {
  // A cluster of Acme's own (not shared): blueprints install cluster-wide objects.
  const dataDir = await mkdtemp(join(tmpdir(), "cc-discord-bootstrap-"));
  [h, kube] = await Promise.all([startWorkerHarness({}, { notify: true }), startCluster({ dataDir })]);
  closeAll = async () => {
    await h.close();
    await kube.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
  const kubeconfig = await kube.kubectl(["config", "view", "--raw", "--flatten", "--minify"]);
  const added = await h.cluster(ALICE, ACME, "add", [
    opt("name", "own"),
    kubeconfigFile(kubeconfig),
    opt("shared", false),
  ]);
  if (!added.embeds?.[0]?.title?.includes("own"))
    throw new Error(`/cluster add: ${JSON.stringify(added.embeds)}`);
  repo = await serveChartRepo();
  // The preset's charts come from `argo/…`: a repository of that name, added by an admin on the web.
  const repoAdded = await callTrpc(h.apiUrl, "helm.repos.add", {
    headers: workerHeaders(SERVICE_TOKEN, ALICE, ACME),
    input: { name: "argo", url: repo.url },
    mutation: true,
  });
  if (repoAdded.status !== 200) throw new Error(`helm.repos.add: ${JSON.stringify(repoAdded.error)}`);
}, 600_000);

afterAll(async () => {
  await repo?.close();
  await closeAll?.();
});

const text = (reply: ReplyPayload) =>
  (reply.embeds ?? [])
    .map((e) => `${e.title ?? ""}\n${e.description ?? ""}\n${e.footer?.text ?? ""}`)
    .join("\n");

const bootstrap = (options: SendCommandOptions["options"]) => h.cluster(BOB, ACME, "bootstrap", options);

/** The message as the person sees it now (the interaction's @original, read back from Discord). */
async function current(handle: { token: string }): Promise<ReplyPayload> {
  const url = `${h.standIn.apiBase}/v10/webhooks/${h.standIn.fixture.application.id}/${handle.token}/messages/@original`;
  const res = await fetch(url);
  if (!res.ok) throw new Error(`GET @original: HTTP ${res.status}`);
  return (await res.json()) as ReplyPayload;
}

describe("/cluster bootstrap", () => {
  it("says which cluster-wide rights are missing, and the command that grants them", async () => {
    // Alice (an admin here): Bob's own try comes after the grant below (access answers are cached briefly).
    const reply = await h.cluster(ALICE, ACME, "bootstrap", [opt("preset", "argocd")]);
    expect(text(reply)).toContain("needs cluster-wide rights your role does not have");
    expect(text(reply)).toContain(`kubectl create clusterrolebinding clustercord-blueprints-${ACME}`);
    expect(text(reply)).toContain(`--group=clustercord:guild:${ACME}:admin`);
  });

  it("plans per component, installs on Confirm with per-component status; credentials only in the DM", async () => {
    // What the message above told the cluster admin to run.
    await kube.kubectl([
      "create",
      "clusterrolebinding",
      `clustercord-blueprints-${ACME}`,
      "--clusterrole=cluster-admin",
      `--group=clustercord:guild:${ACME}:operator`,
    ]);
    const plan = await bootstrap([opt("preset", "argocd"), opt("cluster", "own")]);
    expect(plan.flags ?? 0).toBe(64);
    expect(text(plan)).toContain("Bootstrap argocd on own");
    expect(text(plan)).toMatch(/1\. \*\*argo-cd\*\*: install `argocd` in `argocd` · \d+ to create/);

    const handle = await h.standIn.sendComponent({
      userId: BOB,
      guildId: ACME,
      customId: buttonId(plan.components, "Install argocd"),
      messageId: plan.id ?? "",
    });
    const seen = [text(await handle.reply())];
    const deadline = Date.now() + 150_000;
    let now = await current(handle);
    while (text(now).includes("Installing argocd…")) {
      if (Date.now() > deadline) throw new Error(`still running: ${JSON.stringify(seen)}`);
      await new Promise((r) => setTimeout(r, 500));
      now = await current(handle);
      if (seen.at(-1) !== text(now)) seen.push(text(now));
    }
    expect(text(now)).toContain("Installed argocd. Access URLs and credentials are in your direct messages.");
    expect(text(now)).toContain("✅ **argo-cd**: installed");

    const secret = await kube.kubectl([
      "get",
      "secret",
      "-n",
      "argocd",
      "argocd-initial-admin-secret",
      "-o",
      "jsonpath={.data.password}",
    ]);
    const password = Buffer.from(secret, "base64").toString("utf8");
    expect(password.length).toBeGreaterThan(0);
    const dmDeadline = Date.now() + 30_000;
    while (!JSON.stringify(h.standIn.dms(BOB)).includes(password) && Date.now() < dmDeadline)
      await new Promise((r) => setTimeout(r, 250));
    expect(JSON.stringify(h.standIn.dms(BOB))).toContain(password);
    expect(JSON.stringify([...seen, text(now), now])).not.toContain(password);
    expect(h.logged.join("\n")).not.toContain(password);
  }, 240_000);

  it("refuses a custom_values file with a section for no component, naming the components", async () => {
    const reply = await bootstrap([
      opt("preset", "logging"),
      {
        name: "custom_values",
        type: 11,
        file: { filename: "custom.yaml", data: "grafna:\n  adminUser: me\n" },
      },
    ]);
    expect(text(reply)).toContain(
      "has sections for no component of this preset (grafna); use one section per component: loki, alloy, grafana.",
    );
  });
});
