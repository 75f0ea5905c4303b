import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { HelmReleasesOutput } from "@clustercord/contracts";
import { callTrpc, workerHeaders } from "@clustercord/testenv";
import type { Cluster } from "@clustercord/testenv/cluster";
import { type ChartRepo, serveChartRepo } from "@clustercord/testenv/cluster/charts";
import type { ReplyPayload } from "@clustercord/testenv/discord";
import { registerSecret } from "@clustercord/testenv/leak-check";
import { escapeMarkdown } from "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { downloadValues } from "../src/commands/helm/values-file";
import { RELEASE_COLUMNS, releaseRow, table } from "../src/render/helm";
import {
  ACME,
  ALICE,
  BOB,
  buttonId,
  CAROL,
  opt,
  SERVICE_TOKEN,
  startWorkerWithSharedCluster,
  type WorkerHarness,
} from "./harness";

// `/helm` through the real worker and the Discord stand-in, against the real API running the
// real helm CLI on the local control plane, with charts from the local chart repository.

const nsAcme = `clustercord-guild-${ACME}`;
/** Tests that wait for Helm (the failing upgrade waits out its 30 s timeout, then rolls back). */
const LONG = 180_000;
const PASSWORD = registerSecret("discord-helm-values-password-7Qx", "helm values password (discord)");

let h: WorkerHarness;
let kube: Cluster;
let repo: ChartRepo;
let clusterId: string;
let stack: Awaited<ReturnType<typeof startWorkerWithSharedCluster>>;

beforeAll(async () => {
  stack = await startWorkerWithSharedCluster("helm");
  ({ h, kube, clusterId } = stack);
  repo = await serveChartRepo();
  // Repositories are added by guild admins on the web (there is no /helm command for it).
  const added = await api("helm.repos.add", ALICE, { name: "local", url: repo.url }, true);
  if (added.status !== 200) throw new Error(`helm.repos.add: ${JSON.stringify(added.error)}`);
}, 600_000);

afterAll(async () => {
  await repo?.close();
  await stack?.close();
});

/** A procedure called directly, as the worker would for `who` in Acme. */
const api = <T = unknown>(procedure: string, who: string, input: unknown, mutation = false) =>
  callTrpc<T>(h.apiUrl, procedure, { headers: workerHeaders(SERVICE_TOKEN, who, ACME), input, mutation });

const helm = (who: string, subcommand: string, options: ReturnType<typeof opt | typeof valuesFile>[] = []) =>
  h.send({ userId: who, guildId: ACME, name: "helm", subcommand, options });

const valuesFile = (data: string | Buffer, filename = "values.yaml") => ({
  name: "values",
  type: 11 as const,
  file: { filename, contentType: "application/yaml", data },
});

const text = (reply: ReplyPayload) =>
  (reply.embeds ?? [])
    .map((e) => `${e.title ?? ""}\n${e.description ?? ""}\n${e.footer?.text ?? ""}`)
    .join("\n");

/** The message as the person sees it now (the interaction's @original, read back from Discord). */
async function current(handle: { token: string }): Promise<ReplyPayload> {
  const url = `${h.standIn.apiBase}/v10/webhooks/${h.standIn.fixture.application.id}/${handle.token}/messages/@original`;
  const res = await fetch(url);
  if (!res.ok) throw new Error(`GET @original: HTTP ${res.status}`);
  return (await res.json()) as ReplyPayload;
}

/** Clicks `label` on a plan and waits until the message no longer says the operation runs. */
async function confirmAndWait(who: string, plan: ReplyPayload, label: string, timeoutMs = 120_000) {
  const handle = await h.standIn.sendComponent({
    userId: who,
    guildId: ACME,
    customId: buttonId(plan.components, label),
    messageId: plan.id ?? "",
  });
  const first = await handle.reply();
  const seen = [text(first)];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const now = await current(handle);
    if (seen.at(-1) !== text(now)) seen.push(text(now));
    if (!(now.components ?? []).length && !text(now).includes("⏳")) return { final: now, seen };
    if (Date.now() > deadline) throw new Error(`still running: ${JSON.stringify(seen)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

const releasesDirect = async (who = BOB, namespace?: string) => {
  const res = await api<HelmReleasesOutput>("helm.releases", who, {
    clusterId,
    ...(namespace ? { namespace } : {}),
  });
  expect(res.status).toBe(200);
  return res.data;
};

/** Waits until helm.releases shows `name` as `until` says (the release cache follows the cluster). */
async function releaseNamed(
  name: string,
  until: (r: HelmReleasesOutput["releases"][number] | undefined) => boolean,
) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const found = (await releasesDirect()).releases.find((r) => r.name === name);
    if (until(found)) return found;
    if (Date.now() > deadline) throw new Error(`release ${name}: ${JSON.stringify(found)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe("/helm through the worker", () => {
  it(
    "search -> install with an attached values file -> plan + plan.diff -> Confirm -> deployed",
    async () => {
      const found = await helm(BOB, "search", [opt("name", "configurable"), opt("repo", "local")]);
      expect(text(found)).toContain("`local/configurable`");

      const values = `service:\n  port: 8081\nauth:\n  password: ${PASSWORD}\n`;
      const plan = await helm(BOB, "install", [
        opt("chart", "local/configurable"),
        opt("namespace", nsAcme),
        opt("release", "web"),
        opt("cluster", "shared"),
        valuesFile(values),
      ]);
      expect(plan.flags ?? 0).toBe(64); // only the person sees it
      expect(text(plan)).toContain("3 to create · 0 to change · 0 to delete");
      // The API masks values under secret-looking keys (auth) before they reach the worker.
      expect(text(plan)).toContain("+ service: { port: 8081 }");
      expect(text(plan)).toContain("+ auth: ••••••");
      const diff = plan.attachments?.find((a) => a.filename === "plan.diff");
      expect(diff?.content).toContain("# created: Deployment");
      expect(diff?.content).toContain("# values (effective)");
      expect(JSON.stringify(plan)).not.toContain(PASSWORD);

      const { final } = await confirmAndWait(BOB, plan, "Install web");
      expect(text(final)).toContain("web installed: configurable-0.5.0 (revision 1)");
      expect(JSON.stringify(final)).not.toContain(PASSWORD);
      expect(await releaseNamed("web", (r) => r?.status === "deployed")).toMatchObject({ revision: 1 });
    },
    LONG,
  );

  it("a dry run shows the plan without buttons and installs nothing", async () => {
    const plan = await helm(BOB, "install", [
      opt("chart", "local/nginx"),
      opt("namespace", nsAcme),
      opt("release", "dry"),
      opt("dry_run", true),
    ]);
    expect(text(plan)).toContain("Dry run: nothing was changed.");
    expect(plan.components ?? []).toEqual([]);
    expect((await releasesDirect()).releases.map((r) => r.name)).not.toContain("dry");
  });

  it(
    "upgrade shows the values diff, deploys; rollback goes back; uninstall lists the objects and removes them",
    async () => {
      const install = await helm(BOB, "install", [
        opt("chart", "local/nginx"),
        opt("version", "1.2.0"),
        opt("namespace", nsAcme),
        opt("release", "site"),
      ]);
      expect(text((await confirmAndWait(BOB, install, "Install site")).final)).toContain("revision 1");

      const upgrade = await helm(BOB, "upgrade", [
        opt("release", "site"),
        opt("version", "1.3.0"),
        valuesFile("replicaCount: 2\n"),
      ]);
      expect(text(upgrade)).toContain("nginx-1.2.0 -> nginx-1.3.0");
      expect(text(upgrade)).toMatch(/\+ replicaCount: 2|~ replicaCount: 1 -> 2/);
      expect(upgrade.attachments?.find((a) => a.filename === "plan.diff")?.content).toContain(
        "# changed: Deployment",
      );
      const upgraded = await confirmAndWait(BOB, upgrade, "Upgrade site");
      expect(text(upgraded.final)).toContain("site upgraded to nginx-1.3.0 (revision 2)");

      const rollback = await helm(BOB, "rollback", [opt("release", `${nsAcme}/site`)]);
      expect(text(rollback)).toContain("nginx-1.3.0 -> nginx-1.2.0");
      const rolled = await confirmAndWait(BOB, rollback, "Roll back site");
      expect(text(rolled.final)).toMatch(/revision 3/);
      expect(await releaseNamed("site", (r) => r?.revision === 3)).toMatchObject({ chartVersion: "1.2.0" });

      const history = await helm(BOB, "history", [opt("release", "site")]);
      expect(text(history)).toMatch(/3\s+\S+ \S+\s+deployed\s+nginx-1\.2\.0/);
      expect(text(history)).toMatch(/2\s+\S+ \S+\s+superseded\s+nginx-1\.3\.0/);

      const uninstall = await helm(BOB, "uninstall", [opt("release", "site"), opt("namespace", nsAcme)]);
      expect(text(uninstall)).toContain("**Will be deleted:**");
      expect(text(uninstall)).toMatch(/• Deployment `clustercord-guild-\d+\/site/);
      const removed = await confirmAndWait(BOB, uninstall, "Uninstall site");
      expect(text(removed.final)).toMatch(/site uninstalled/);
      await releaseNamed("site", (r) => r === undefined);
      expect(await kube.kubectl(["get", "deployments", "-n", nsAcme, "-o", "name"])).not.toContain("site");
    },
    LONG,
  );

  it(
    "a failing upgrade is rolled back, and the message says so",
    async () => {
      const install = await helm(BOB, "install", [
        opt("chart", "local/flaky"),
        opt("version", "1.0.0"),
        opt("namespace", nsAcme),
        opt("release", "shaky"),
      ]);
      expect(text((await confirmAndWait(BOB, install, "Install shaky")).final)).toContain("revision 1");
      const upgrade = await helm(BOB, "upgrade", [opt("release", "shaky"), opt("version", "2.0.0")]);
      const { final, seen } = await confirmAndWait(BOB, upgrade, "Upgrade shaky");
      expect(text(final)).toMatch(/shaky upgrade to flaky-2\.0\.0 failed and was rolled back/);
      // While it ran, the message said so (with its Cancel button).
      expect(seen.some((s) => s.includes("⏳ Upgrading shaky…"))).toBe(true);
    },
    LONG,
  );

  it(
    "Cancel stops a running upgrade, and the message says so",
    async () => {
      const upgrade = await helm(BOB, "upgrade", [opt("release", "shaky"), opt("version", "2.0.0")]);
      const handle = await h.standIn.sendComponent({
        userId: BOB,
        guildId: ACME,
        customId: buttonId(upgrade.components, "Upgrade shaky"),
        messageId: upgrade.id ?? "",
      });
      const running = await handle.reply();
      expect(text(running)).toContain("⏳ Upgrading shaky…");
      const stopped = await h.click(BOB, ACME, buttonId(running.components, "Cancel"), upgrade.id ?? "");
      expect(stopped.components ?? []).toEqual([]);
      const deadline = Date.now() + 120_000;
      let now = await current(handle);
      while (text(now).includes("⏳") && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 500));
        now = await current(handle);
      }
      expect(text(now)).toContain("shaky upgrade to flaky-2.0.0 was cancelled");
      expect(now.components ?? []).toEqual([]);
    },
    LONG,
  );

  it("/helm list shows exactly what helm.releases returns", async () => {
    const list = await helm(BOB, "list", [opt("namespace", nsAcme)]);
    const direct = await releasesDirect(BOB, nsAcme);
    const expected = table(RELEASE_COLUMNS, direct.releases.map(releaseRow));
    expect(list.embeds?.[0]?.description).toBe(`\`\`\`\n${expected}\n\`\`\``);
    expect(direct.releases.map((r) => r.name).sort()).toEqual(["shaky", "web"]);
  });

  it("a viewer's install is refused with the API's message", async () => {
    const reply = await helm(CAROL, "install", [
      opt("chart", "local/nginx"),
      opt("namespace", nsAcme),
      opt("release", "viewer"),
    ]);
    // The same words the web shows: the API's userMessage for the same call.
    const direct = await api(
      "helm.planInstall",
      CAROL,
      { clusterId, namespace: nsAcme, release: "viewer", chart: "local/nginx" },
      true,
    );
    expect(direct.status).toBe(403);
    const message = direct.error?.data.userMessage ?? "";
    expect(message).toMatch(/operator/i);
    expect(reply.embeds?.[0]?.description).toBe(`⚠️ ${escapeMarkdown(message)}`);
    expect((await releasesDirect()).releases.map((r) => r.name)).not.toContain("viewer");
  });

  it("a release name that is not DNS-1123 gets the contract's message, and nothing is installed", async () => {
    const reply = await helm(BOB, "install", [
      opt("chart", "local/nginx"),
      opt("namespace", nsAcme),
      opt("release", "Web_1"),
    ]);
    expect(text(reply)).toContain("must be a DNS-1123 label");
    expect((await releasesDirect()).releases.map((r) => r.name)).not.toContain("Web_1");
  });

  it("a values file over 256 KiB is refused before any API call", async () => {
    // A cluster that does not exist: had the API been asked first, the reply would say so.
    const reply = await helm(BOB, "install", [
      opt("chart", "local/nginx"),
      opt("cluster", "no-such-cluster"),
      valuesFile(Buffer.alloc(300 * 1024, "a: 1\n"), "big.yaml"),
    ]);
    expect(text(reply)).toContain(
      "big.yaml: values must be at most 256 KiB (it is 300 KiB). Nothing was changed.",
    );
  });

  it("stops reading a values file past 256 KiB whatever size Discord claimed", async () => {
    const server = createServer((_req, res) => res.end(Buffer.alloc(300 * 1024, "a")));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/values.yaml`;
    try {
      await expect(downloadValues({ name: "liar.yaml", size: 10, url })).rejects.toThrow(
        "liar.yaml: values must be at most 256 KiB. Nothing was changed.",
      );
    } finally {
      server.close();
    }
  });

  it("only the person who ran the command can use its buttons", async () => {
    const plan = await helm(BOB, "uninstall", [opt("release", "web")]);
    const click = await h.standIn.sendComponent({
      userId: ALICE,
      guildId: ACME,
      customId: buttonId(plan.components, "Uninstall web"),
      messageId: plan.id ?? "",
    });
    await new Promise((r) => setTimeout(r, 500));
    expect(click.followUps().map((f) => JSON.stringify(f.embeds))).toEqual([
      expect.stringContaining("Only the person who ran this command can use its buttons."),
    ]);
    expect((await releasesDirect()).releases.map((r) => r.name)).toContain("web");
  });

  it("autocompletes charts, versions and releases", async () => {
    const ask = async (
      subcommand: string,
      focused: { name: string; value: string },
      options: ReturnType<typeof opt>[] = [],
    ) =>
      (
        await h.standIn.sendAutocomplete({
          userId: BOB,
          guildId: ACME,
          name: "helm",
          subcommand,
          options,
          focused,
        })
      ).choices();
    expect((await ask("install", { name: "chart", value: "ngin" })).map((c) => c.value)).toContain(
      "local/nginx",
    );
    expect(
      (await ask("install", { name: "version", value: "" }, [opt("chart", "local/nginx")])).map(
        (c) => c.value,
      ),
    ).toEqual(expect.arrayContaining(["1.2.0", "1.3.0"]));
    expect((await ask("upgrade", { name: "release", value: "sha" })).map((c) => c.value)).toEqual([
      `${nsAcme}/shaky`,
    ]);
  });
});
