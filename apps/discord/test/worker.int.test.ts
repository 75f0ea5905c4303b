import { randomUUID } from "node:crypto";
import { type ClustersSetupOutput, MAX_KUBECONFIG_BYTES } from "@clustercord/contracts";
import { type Database, insertCluster, writeAudit } from "@clustercord/db";
import { callTrpc, freePort, workerHeaders } from "@clustercord/testenv";
import { type DiscordStandIn, startDiscordStandIn } from "@clustercord/testenv/discord";
import { SlashCommandBuilder } from "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SlashCommand } from "../src/commands/types";
import { loadWorkerEnv } from "../src/env";
import { NOT_IN_GUILD, startWorker } from "../src/worker";
import {
  ACME,
  ALICE,
  BETA,
  BOB,
  buttonId,
  CAROL,
  kubeconfigFile,
  opt,
  SERVICE_TOKEN,
  startWorkerHarness,
  type WorkerHarness,
  workerEnv,
} from "./harness";

const quiet = { info: () => {}, error: () => {} };

let h: WorkerHarness;
let db: Database;
let standIn: DiscordStandIn;
let apiUrl: string;
let logged: string[];

beforeAll(async () => {
  h = await startWorkerHarness();
  ({ db, standIn, apiUrl, logged } = h);
});

afterAll(async () => {
  await h?.close();
});

describe("the Discord worker against the real API", () => {
  it("registers its commands globally before reporting ready", () => {
    const registered = standIn.registeredCommands();
    expect(registered.map((c) => c.name)).toEqual([
      "whoami",
      "audit",
      "cluster",
      "roles",
      "pods",
      "logs",
      "exec",
      "describe",
      "notifications",
      "helm",
      "validate",
      "apply",
      "policy",
      "cost",
      "diagnose",
      "alert",
      "deploy",
      "job",
      "secret",
    ]);
    expect(registered.every((c) => c.guild_id === undefined)).toBe(true);
    expect(registered[1]?.options).toMatchObject([{ name: "limit", type: 4, min_value: 1, max_value: 25 }]);
    expect(logged.some((m) => /^ready as clustercord .*19 command\(s\) registered globally/.test(m))).toBe(
      true,
    );
  });

  it("registers /cluster with one subcommand per cluster action", () => {
    const cluster = standIn.registeredCommands().find((c) => c.name === "cluster");
    const subs = cluster?.options ?? [];
    expect(subs.map((s) => [s.name, s.type])).toEqual(
      [
        "list",
        "status",
        "setup",
        "add",
        "rename",
        "remove",
        "namespaces",
        "my-namespace",
        "servers",
        "grant",
        "quota",
        "egress",
        "revoke",
        "invitations",
        "accept",
        "decline",
        "leave",
        "bootstrap",
      ]
        .map((name) => [name, 1])
        // The snapshot commands, as a group (type 2): /cluster snapshot create|list|….
        .concat([["snapshot", 2]]),
    );
    const add = subs.find((s) => s.name === "add");
    expect(add?.options?.map((o) => [o.name, o.type, Boolean(o.required)])).toEqual([
      ["name", 3, true],
      ["kubeconfig", 11, true],
      ["shared", 5, true],
      ["context", 3, false],
      ["allow-insecure", 5, false],
    ]);
    const quota = subs.find((s) => s.name === "quota");
    expect(quota?.options?.map((o) => [o.name, o.type])).toEqual([
      ["name", 3],
      ["server", 3],
      ["cpu", 3],
      ["memory", 3],
      ["pods", 4],
    ]);
  });

  it("answers /whoami as the person who typed it, in that guild", async () => {
    const handle = await standIn.sendCommand({ userId: BOB, guildId: ACME, name: "whoami" });
    const reply = await handle.reply();
    expect(reply.callbackType).toBe(5); // deferred first
    expect(reply.flags).toBe(64);
    const embed = reply.embeds?.[0];
    expect(embed?.title).toBe("Who am I");
    expect(embed?.fields).toContainEqual({ name: "ClusterCord role", value: "operator", inline: true });
    expect(JSON.stringify(embed)).toContain("Bob Operator");
    expect(JSON.stringify(embed)).toContain("Acme Ops");
    // Nothing the bot says may ping anyone: Discord received allowed_mentions with nothing to parse.
    expect(reply.allowedMentions).toEqual({ parse: [] });
  });

  it("observes each interaction's latency by command", async () => {
    const answered = async (command: string) => {
      const { values } = await h.metrics.discordInteraction.get();
      return values.find((v) => v.metricName?.endsWith("_count") && v.labels.command === command)?.value ?? 0;
    };
    const before = await answered("/whoami");
    await (await standIn.sendCommand({ userId: BOB, guildId: ACME, name: "whoami" })).reply();
    // Observed once the handler is done, just after the reply reaches Discord.
    const deadline = Date.now() + 5_000;
    while ((await answered("/whoami")) === before && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await answered("/whoami")).toBe(before + 1);
    const text = await h.metrics.text();
    expect(text).toMatch(
      /clustercord_discord_interaction_duration_seconds_bucket\{le="\+Inf",command="\/whoami"\} \d+/,
    );
  });

  it("shows the API's refusal of /audit to a viewer as an ephemeral error", async () => {
    const reply = await (await standIn.sendCommand({ userId: CAROL, guildId: ACME, name: "audit" })).reply();
    expect(reply.flags).toBe(64);
    expect(reply.embeds?.[0]?.description).toBe("⚠️ This needs the admin role in Acme Ops; you are viewer.");
    expect(reply.allowedMentions).toEqual({ parse: [] });
  });

  it("pages /audit for an admin with the Older button", async () => {
    for (const action of ["first", "second", "third"]) {
      await writeAudit(db.prisma, {
        actorId: ALICE,
        actorName: "alice",
        guildId: ACME,
        action,
        target: "t",
        via: "web",
        result: "ok",
      });
    }
    const handle = await standIn.sendCommand({
      userId: ALICE,
      guildId: ACME,
      name: "audit",
      options: [{ name: "limit", type: 4, value: 2 }],
    });
    const first = await handle.reply();
    expect(first.embeds?.[0]?.fields?.map((f) => f.name)).toEqual(["third", "second"]);
    const older = JSON.stringify(first.components).match(/"custom_id":"(audit-older:\d+:2)"/)?.[1];
    expect(older).toBeDefined();

    const click = await standIn.sendComponent({
      userId: ALICE,
      guildId: ACME,
      customId: older ?? "",
      messageId: first.id,
    });
    const second = await click.reply();
    expect(second.id).toBe(first.id);
    expect(second.embeds?.[0]?.fields?.map((f) => f.name)).toEqual(["first"]);
    expect(second.components).toEqual([]);
  });

  it("asks people to use commands in a server", async () => {
    const reply = await (await standIn.sendCommand({ userId: ALICE, guildId: null, name: "whoami" })).reply();
    expect(reply).toMatchObject({ callbackType: 4, flags: 64, allowedMentions: { parse: [] } });
    expect(reply.embeds?.[0]?.description).toBe(NOT_IN_GUILD);
  });

  it("tells a person to slow down, before calling the API, past their commands per minute", async () => {
    const local = await startDiscordStandIn();
    const limited = await startWorker(workerEnv(local, apiUrl, { COMMANDS_PER_MINUTE: "3" }), {
      logger: quiet,
    });
    try {
      const whoami = async () =>
        (await local.sendCommand({ userId: ALICE, guildId: ACME, name: "whoami" })).reply();
      for (let i = 0; i < 3; i++) expect((await whoami()).embeds?.[0]?.title).toBe("Who am I");
      const slow = await whoami();
      // Answered at once (no deferral, no API call), only to that person, pinging no one.
      expect(slow).toMatchObject({ callbackType: 4, flags: 64, allowedMentions: { parse: [] } });
      expect(slow.embeds?.[0]?.description).toMatch(/^Slow down: try again in \d+ s\.$/);
      // Someone else is not slowed down by Alice.
      const bob = await (await local.sendCommand({ userId: BOB, guildId: ACME, name: "whoami" })).reply();
      expect(bob.embeds?.[0]?.title).toBe("Who am I");
    } finally {
      await limited.stop();
      await local.close();
    }
  });

  it("shows and changes role mappings with /roles, through the same procedures as the web page", async () => {
    const list = await (await standIn.sendCommand({ userId: CAROL, guildId: ACME, name: "roles" })).reply();
    expect(list.embeds?.[0]?.description).toBe(
      "**Admins** → admin (Discord permissions)\n**Operators** → operator",
    );
    const refused = await (
      await standIn.sendCommand({
        userId: BOB,
        guildId: ACME,
        name: "roles",
        options: [
          { name: "role", type: 3, value: "Operators" },
          { name: "as", type: 3, value: "admin" },
        ],
      })
    ).reply();
    expect(refused.embeds?.[0]?.description).toMatch(/needs the admin role/);
    const setTo = async (value: string) =>
      (
        await standIn.sendCommand({
          userId: ALICE,
          guildId: ACME,
          name: "roles",
          options: [
            { name: "role", type: 3, value: "operators" },
            { name: "as", type: 3, value },
          ],
        })
      ).reply();
    expect((await setTo("viewer")).embeds?.[0]?.description).toContain("**Operators** → viewer");
    expect((await setTo("operator")).embeds?.[0]?.description).toContain("**Operators** → operator");
  });
});

/** A kubeconfig whose user runs a credential plugin: never accepted. */
const EXEC_KUBECONFIG = [
  "apiVersion: v1",
  "kind: Config",
  "clusters: [{ name: c, cluster: { server: 'https://127.0.0.1:6443' } }]",
  "users: [{ name: u, user: { exec: { command: /bin/sh, apiVersion: client.authentication.k8s.io/v1 } } }]",
  "contexts: [{ name: x, context: { cluster: c, user: u } }]",
  "current-context: x",
].join("\n");

/** A valid token kubeconfig for an API server that is not there. */
const unreachableKubeconfig = (port: number) =>
  [
    "apiVersion: v1",
    "kind: Config",
    `clusters: [{ name: c, cluster: { server: 'https://127.0.0.1:${port}' } }]`,
    "users: [{ name: u, user: { token: abc123 } }]",
    "contexts: [{ name: x, context: { cluster: c, user: u } }]",
    "current-context: x",
  ].join("\n");

/**
 * A cluster stored the way clusters.add stores one, without a Kubernetes API
 * behind it (nothing here needs one to answer): its server is a closed port.
 */
async function seedCluster(name: string, options: { shared: boolean; insecure?: boolean; broken?: boolean }) {
  const id = randomUUID();
  const server = `https://127.0.0.1:${await freePort()}`;
  const selected = {
    contextName: "x",
    server,
    insecureSkipTlsVerify: options.insecure ?? false,
    credentials: { kind: "token", token: "abc123" },
  };
  // broken: sealed for another cluster id, so the API cannot open it.
  const credential = h.cipher.seal(JSON.stringify(selected), {
    guildId: ACME,
    clusterId: options.broken ? randomUUID() : id,
  });
  await insertCluster(db.prisma, {
    id,
    guildId: ACME,
    name,
    server,
    shared: options.shared,
    insecure: options.insecure ?? false,
    credential,
    keyId: h.cipher.activeKeyId,
    createdBy: ALICE,
  });
  return { id, server };
}

const description = (reply: { embeds?: { description?: string }[] }) => reply.embeds?.[0]?.description;
const addAttempts = () => db.prisma.auditLog.count({ where: { action: "clusters.add" } });

describe("/cluster add through the real worker", () => {
  it("refuses a kubeconfig with an exec user, naming users[0].user.exec, and stores nothing", async () => {
    const reply = await h.cluster(ALICE, ACME, "add", [
      opt("name", "evil"),
      kubeconfigFile(EXEC_KUBECONFIG, "evil.yaml"),
      opt("shared", false),
    ]);
    expect(reply.flags).toBe(64);
    expect(description(reply)).toMatch(/^⚠️ .*users\[0\]\.user\.exec: credential plugins run commands/);
    expect(await db.prisma.cluster.count()).toBe(0);
    // The file was fetched from Discord and the API refused it (audited as an error, via Discord).
    expect(standIn.requests().some((r) => r.method === "GET" && r.path.endsWith("/evil.yaml"))).toBe(true);
    const audit = await db.prisma.auditLog.findFirst({ where: { action: "clusters.add" } });
    expect(audit).toMatchObject({ actorId: ALICE, guildId: ACME, via: "discord", result: "error" });
  });

  it("refuses an attachment over the limit before downloading it or calling the API", async () => {
    const before = await addAttempts();
    const reply = await h.cluster(ALICE, ACME, "add", [
      opt("name", "big"),
      kubeconfigFile("#".repeat(MAX_KUBECONFIG_BYTES + 1), "big.yaml"),
      opt("shared", false),
    ]);
    expect(description(reply)).toBe(
      "⚠️ big.yaml is 257 KiB; a kubeconfig may be at most 256 KiB. Nothing was added.",
    );
    expect(standIn.requests().some((r) => r.path.endsWith("/big.yaml"))).toBe(false);
    expect(await addAttempts()).toBe(before);
    expect(await db.prisma.cluster.count()).toBe(0);
  });

  it("says why a cluster that does not answer is not added", async () => {
    const reply = await h.cluster(ALICE, ACME, "add", [
      opt("name", "gone"),
      kubeconfigFile(unreachableKubeconfig(await freePort())),
      opt("shared", true),
    ]);
    expect(description(reply)).toMatch(/^⚠️ Cluster not added: .+\.$/);
    expect(await db.prisma.cluster.count()).toBe(0);
  });

  it("shows a non-admin the API's refusal", async () => {
    const reply = await h.cluster(BOB, ACME, "add", [
      opt("name", "mine"),
      kubeconfigFile(unreachableKubeconfig(1)),
      opt("shared", false),
    ]);
    expect(description(reply)).toBe("⚠️ This needs the admin role in Acme Ops; you are operator.");
  });
});

describe("/cluster on stored clusters through the real worker", () => {
  let edge: { id: string; server: string };

  it("/cluster list says there are none, then shows a cluster by its exact name", async () => {
    const empty = await h.cluster(BOB, ACME, "list");
    expect(description(empty)).toBe(
      "No clusters yet. A server admin can add one with `/cluster add` or in the web dashboard.",
    );

    edge = await seedCluster("edge-01", { shared: true, insecure: true });
    const reply = await h.cluster(BOB, ACME, "list");
    expect(reply.flags).toBe(64);
    const embed = reply.embeds?.[0];
    expect(embed?.title).toBe("Clusters in Acme Ops");
    expect(embed?.fields?.map((f) => f.name)).toEqual(["edge-01"]);
    const [health, where, tls] = embed?.fields?.[0]?.value.split("\n") ?? [];
    expect(health).toMatch(/^🔴 unreachable: .+/);
    expect(where).toBe(`\`${edge.server}\` · shared by this server`);
    expect(tls).toBe("⚠ TLS verification is off for this cluster (an admin opted in)");
  });

  it("/cluster list still shows the others when one cluster's status fails", async () => {
    const broken = await seedCluster("broken", { shared: false, broken: true });
    try {
      const reply = await h.cluster(BOB, ACME, "list");
      const fields = reply.embeds?.[0]?.fields ?? [];
      expect(fields.map((f) => f.name)).toEqual(["broken", "edge-01"]);
      expect(fields[0]?.value).toBe(
        `⚠️ status unavailable: Something went wrong on our side.\n\`${broken.server}\` · dedicated`,
      );
      expect(fields[1]?.value).toMatch(/^🔴 unreachable/);
    } finally {
      await db.prisma.cluster.delete({ where: { id: broken.id } });
    }
  });

  it("/cluster status probes one cluster; an unknown name lists the known ones", async () => {
    const status = await h.cluster(CAROL, ACME, "status", [opt("name", "edge-01")]);
    const embed = status.embeds?.[0];
    expect(embed?.title).toBe("edge-01");
    const fields = Object.fromEntries((embed?.fields ?? []).map((f) => [f.name, f.value]));
    expect(fields.Status).toMatch(/^🔴 unreachable: /);
    expect(fields["API server"]).toBe(`\`${edge.server}\``);
    expect(fields.Sharing).toBe("shared by this server");
    expect(fields.TLS).toMatch(/^⚠ TLS verification is off/);

    const unknown = await h.cluster(CAROL, ACME, "status", [opt("name", "nope")]);
    expect(description(unknown)).toBe("⚠️ No cluster named nope in this server. Clusters here: edge-01.");
  });

  it("/cluster setup attaches the clusters.setup manifest and shows its two commands", async () => {
    const reply = await h.cluster(BOB, ACME, "setup");
    const api = await callTrpc<ClustersSetupOutput>(apiUrl, "clusters.setup", {
      headers: workerHeaders(SERVICE_TOKEN, BOB, ACME),
    });
    expect(reply.flags).toBe(64);
    expect(reply.attachments?.map((a) => [a.filename, a.content])).toEqual([
      [api.data.filename, api.data.manifest],
    ]);
    const description = reply.embeds?.[0]?.description ?? "";
    for (const command of api.data.commands) expect(description).toContain(command);
    expect(description).toContain(api.data.kubeconfigFilename);
  });

  it("/cluster rename goes through clusters.rename, with its validation", async () => {
    const bad = await h.cluster(ALICE, ACME, "rename", [opt("name", "edge-01"), opt("new-name", "Edge 2")]);
    expect(description(bad)).toBe("⚠️ Invalid input: name: use lowercase letters, digits and dashes");
    const done = await h.cluster(ALICE, ACME, "rename", [opt("name", "edge-01"), opt("new-name", "edge-02")]);
    expect(description(done)).toBe("Renamed edge-01 to edge-02.");
    expect((await db.prisma.cluster.findUnique({ where: { id: edge.id } }))?.name).toBe("edge-02");
  });

  it("/cluster my-namespace shows the API's reason on a dedicated cluster", async () => {
    await seedCluster("solo", { shared: false });
    const reply = await h.cluster(BOB, ACME, "my-namespace", [opt("name", "solo")]);
    expect(description(reply)).toBe(
      "⚠️ solo is dedicated to this server and your role applies cluster-wide; personal namespaces are for shared clusters.",
    );
  });

  it("/cluster grant invites; Beta's admin sees /cluster invitations and declines or accepts", async () => {
    const granted = await h.cluster(ALICE, ACME, "grant", [opt("name", "edge-02"), opt("server", BETA)]);
    expect(granted.embeds?.[0]?.title).toBe("Granted Beta Team access to edge-02");
    expect(description(granted)).toContain("✉️ invited, not accepted yet");
    const betaRow = () =>
      db.prisma.clusterTenant.findFirst({
        where: { clusterId: edge.id, guildId: BETA },
        select: { status: true },
      });

    // Before acceptance Beta does not see the cluster.
    const carolsList = await h.cluster(CAROL, BETA, "list");
    expect(description(carolsList)).toMatch(/^No clusters yet\./);

    const byViewer = await h.cluster(ALICE, BETA, "invitations");
    expect(description(byViewer)).toBe("⚠️ This needs the admin role in Beta Team; you are viewer.");
    const invitations = await h.cluster(CAROL, BETA, "invitations");
    expect(invitations.embeds?.[0]?.title).toBe("Invitations for Beta Team");
    expect(invitations.embeds?.[0]?.fields?.map((f) => f.name)).toEqual(["edge-02 from Acme Ops"]);
    expect(invitations.embeds?.[0]?.fields?.[0]?.value).toContain(`/cluster accept cluster:${edge.id}`);
    expect(invitations.embeds?.[0]?.fields?.[0]?.value).toMatch(/Invited by Alice Admin <t:\d+:R>/);

    const viewerAccept = await h.cluster(ALICE, BETA, "accept", [opt("cluster", edge.id)]);
    expect(description(viewerAccept)).toBe("⚠️ This needs the admin role in Beta Team; you are viewer.");
    const unknown = await h.cluster(CAROL, BETA, "accept", [opt("cluster", "nope")]);
    expect(description(unknown)).toBe(
      "⚠️ This server has no pending invitation to a cluster nope. /cluster invitations lists them.",
    );
    const declined = await h.cluster(CAROL, BETA, "decline", [opt("cluster", "edge-02")]);
    expect(description(declined)).toBe("Declined the invitation to edge-02; nothing was set up.");
    expect(await betaRow()).toBeNull();
    expect(description(await h.cluster(CAROL, BETA, "invitations"))).toBe("No pending invitations.");

    await h.cluster(ALICE, ACME, "grant", [opt("name", "edge-02"), opt("server", BETA)]);
    const accepted = await h.cluster(CAROL, BETA, "accept", [opt("cluster", edge.id)]);
    expect(accepted.embeds?.[0]?.title).toBe("Joined edge-02");
    expect(description(accepted)).toContain("⏳ pending first use");
    expect(await betaRow()).toEqual({ status: "accepted" });
    const audit = await db.prisma.auditLog.findMany({
      where: { action: { in: ["tenants.accept", "tenants.decline"] }, result: "ok" },
      orderBy: { id: "asc" },
    });
    expect(audit.map((a) => [a.action, a.actorId, a.guildId, a.via])).toEqual([
      ["tenants.decline", CAROL, BETA, "discord"],
      ["tenants.accept", CAROL, BETA, "discord"],
    ]);
  });

  it("/cluster servers and revoke (Cancel, then Confirm) go through the tenants procedures", async () => {
    const servers = await h.cluster(ALICE, ACME, "servers", [opt("name", "edge-02")]);
    const fields = servers.embeds?.[0]?.fields ?? [];
    expect(fields.map((f) => f.name)).toEqual(["Acme Ops (owner)", "Beta Team"]);
    expect(fields[1]?.value).toBe(
      [
        `Server id \`${BETA}\` · namespace \`clustercord-guild-${BETA}\``,
        "Quota: 4 CPU · 8Gi memory · 50 pods",
        "Internet egress: on · ⏳ pending first use",
      ].join("\n"),
    );

    const plan = await h.cluster(ALICE, ACME, "revoke", [opt("name", "edge-02"), opt("server", BETA)]);
    expect(plan.embeds?.[0]?.title).toBe("Revoke Beta Team's access to edge-02?");
    const confirm = buttonId(plan.components, "Revoke access");
    expect(confirm.length).toBeLessThanOrEqual(100);
    expect(confirm).toMatch(new RegExp(`^cluster-revoke:[A-Za-z0-9_-]{22}:${BETA}:[^:]+$`));
    const cancelled = await h.click(ALICE, ACME, buttonId(plan.components, "Cancel"), plan.id ?? "");
    expect(description(cancelled)).toBe("Cancelled: nothing was changed.");
    expect(cancelled.components).toEqual([]);
    expect(await db.prisma.clusterTenant.count({ where: { clusterId: edge.id, guildId: BETA } })).toBe(1);

    const again = await h.cluster(ALICE, ACME, "revoke", [opt("name", "edge-02"), opt("server", BETA)]);
    const done = await h.click(ALICE, ACME, buttonId(again.components, "Revoke access"), again.id ?? "");
    expect(description(done)).toBe("Revoked access for Beta Team.");
    expect(await db.prisma.clusterTenant.count({ where: { clusterId: edge.id, guildId: BETA } })).toBe(0);
  });

  it("/cluster remove asks to confirm, does nothing on Cancel, and removes on Confirm", async () => {
    const refused = await h.cluster(CAROL, ACME, "remove", [opt("name", "edge-02")]);
    expect(description(refused)).toBe("⚠️ This needs the admin role in Acme Ops; you are viewer.");

    const plan = await h.cluster(ALICE, ACME, "remove", [opt("name", "edge-02")]);
    expect(plan.embeds?.[0]?.title).toBe("Remove cluster edge-02?");
    const cancelled = await h.click(ALICE, ACME, buttonId(plan.components, "Cancel"), plan.id ?? "");
    expect(description(cancelled)).toBe("Cancelled: nothing was changed.");
    expect(await db.prisma.cluster.count({ where: { id: edge.id } })).toBe(1);

    const again = await h.cluster(ALICE, ACME, "remove", [opt("name", "edge-02")]);
    const confirm = buttonId(again.components, "Remove edge-02");
    expect(confirm).not.toContain(edge.id); // the compact form of the id
    const done = await h.click(ALICE, ACME, confirm, again.id ?? "");
    expect(description(done)).toBe("Removed cluster edge-02.");
    expect(done.components).toEqual([]);
    expect(await db.prisma.cluster.count({ where: { id: edge.id } })).toBe(0);
  });
});

describe("startWorker options and failures", () => {
  it("registers the commands in the dev guild only", async () => {
    const local = await startDiscordStandIn();
    const devWorker = await startWorker(workerEnv(local, apiUrl, { DISCORD_DEV_GUILD_ID: ACME }), {
      logger: quiet,
    });
    try {
      expect(local.registeredCommands().map((c) => [c.name, c.guild_id])).toEqual([
        ["whoami", ACME],
        ["audit", ACME],
        ["cluster", ACME],
        ["roles", ACME],
        ["pods", ACME],
        ["logs", ACME],
        ["exec", ACME],
        ["describe", ACME],
        ["notifications", ACME],
        ["helm", ACME],
        ["validate", ACME],
        ["apply", ACME],
        ["policy", ACME],
        ["cost", ACME],
        ["diagnose", ACME],
        ["alert", ACME],
        ["deploy", ACME],
        ["job", ACME],
        ["secret", ACME],
      ]);
    } finally {
      await devWorker.stop();
      await local.close();
    }
  });

  it("says the API is unreachable when nothing answers", async () => {
    const local = await startDiscordStandIn();
    const nowhere = `http://127.0.0.1:${await freePort()}`;
    const lonely = await startWorker(workerEnv(local, nowhere), { logger: quiet });
    try {
      const reply = await (await local.sendCommand({ userId: ALICE, guildId: ACME, name: "whoami" })).reply();
      expect(reply.flags).toBe(64);
      expect(reply.embeds?.[0]?.description).toMatch(/not reachable/);
      expect(JSON.stringify(reply)).not.toMatch(/ECONNREFUSED|fetch failed/);
    } finally {
      await lonely.stop();
      await local.close();
    }
  });

  it("replaces a public deferral with an ephemeral follow-up when a command fails", async () => {
    const local = await startDiscordStandIn();
    const failing: SlashCommand = {
      definition: new SlashCommandBuilder().setName("status").setDescription("Public status").toJSON(),
      ephemeral: false,
      execute: async () => {
        throw new Error("internal detail that must not leak");
      },
    };
    const publicWorker = await startWorker(workerEnv(local, apiUrl), { commands: [failing], logger: quiet });
    try {
      const handle = await local.sendCommand({ userId: ALICE, guildId: ACME, name: "status" });
      const reply = await handle.reply();
      expect(reply.flags).toBe(64);
      expect(reply.embeds?.[0]?.description).toMatch(/Something went wrong/);
      expect(JSON.stringify(reply)).not.toContain("internal detail");
      expect(handle.followUps()).toHaveLength(1); // the public "thinking..." message was deleted
      expect(handle.followUps()[0]?.allowedMentions).toEqual({ parse: [] });
    } finally {
      await publicWorker.stop();
      await local.close();
    }
  });

  it("fails to start, and cleans up, with a wrong bot token", async () => {
    const env = loadWorkerEnv({
      DISCORD_BOT_TOKEN: "not-the-bot-token-0123456789",
      DISCORD_APPLICATION_ID: standIn.fixture.application.id,
      DISCORD_API_BASE: standIn.apiBase,
      WORKER_SERVICE_TOKEN: SERVICE_TOKEN,
    });
    await expect(startWorker(env, { logger: quiet })).rejects.toThrow(/token/i);
  });
});
