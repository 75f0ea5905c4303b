import { gunzipSync } from "node:zlib";
import type {
  SnapshotsDiffOutput,
  SnapshotsListOutput,
  SnapshotsPlanRestoreOutput,
} from "@clustercord/contracts";
import { callTrpc, workerHeaders } from "@clustercord/testenv";
import type { Cluster } from "@clustercord/testenv/cluster";
import type { CommandOption, InteractionHandle, ReplyPayload } from "@clustercord/testenv/discord";
import { registerSecret } from "@clustercord/testenv/leak-check";
import { escapeMarkdown } from "discord.js";
import * as tar from "tar-stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NOT_YOURS } from "../src/commands/cluster/confirm";
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

// `/cluster snapshot …` through the real worker and the Discord stand-in, against the real API
// (snapshots.*) on the local control plane: a snapshot is taken (the reply edited until ready),
// listed, downloaded (a .tar.gz with manifest.json; the Secret sealed inside), diffed against the
// live cluster after a change (exactly that change, the Secret by key only), restored after a
// dry-run and a Confirm, and deleted; every count shown is what the API says for the same call.

const nsAcme = `clustercord-guild-${ACME}`;
const LONG = 180_000;

let stack: Awaited<ReturnType<typeof startWorkerWithSharedCluster>>;
let h: WorkerHarness;
let kube: Cluster;
const handles: InteractionHandle[] = [];
/** Every reply and click answer the suite saw, checked at the end for Secret values. */
const replies: ReplyPayload[] = [];

// A Secret's values: no Discord message of the suite may hold them, nor the archive in the clear.
const DB_PASSWORD = registerSecret("snap-discord-db-password-8c1f", "a Secret value inside a snapshot");
const NEW_PASSWORD = registerSecret(
  "snap-discord-new-password-27d4",
  "a Secret value set after the snapshot",
);

beforeAll(async () => {
  stack = await startWorkerWithSharedCluster("snapshot", { snapshots: true });
  ({ h, kube } = stack);
  await kube.kubectl(
    ["apply", "-f", "-"],
    `
apiVersion: v1
kind: ConfigMap
metadata: { name: snap-settings, namespace: ${nsAcme} }
data: { color: blue, size: small }
---
apiVersion: v1
kind: Secret
metadata: { name: snap-db, namespace: ${nsAcme} }
stringData: { DB_PASSWORD: ${DB_PASSWORD} }
`,
  );
}, 600_000);

afterAll(async () => {
  await stack?.close();
});

/** `/cluster snapshot <sub>` as `who` in Acme: the handle, to follow the reply's edits. */
const start = async (who: string, subcommand: string, options: CommandOption[] = []) => {
  const handle = await h.standIn.sendCommand({
    userId: who,
    guildId: ACME,
    name: "cluster",
    group: "snapshot",
    subcommand,
    options,
  });
  handles.push(handle);
  return handle;
};
const snapshot = async (who: string, subcommand: string, options: CommandOption[] = []) => {
  const reply = await (await start(who, subcommand, options)).reply(90_000);
  replies.push(reply);
  return reply;
};
const click = async (who: string, customId: string, messageId: string) => {
  const reply = await h.click(who, ACME, customId, messageId);
  replies.push(reply);
  return reply;
};

/** A procedure called directly, as the worker calls it for `who` in Acme. */
const api = <T = unknown>(procedure: string, who: string, input: unknown, mutation = false) =>
  callTrpc<T>(h.apiUrl, procedure, { headers: workerHeaders(SERVICE_TOKEN, who, ACME), input, mutation });

const field = (reply: ReplyPayload, name: string) =>
  reply.embeds?.[0]?.fields?.find((f) => f.name === name)?.value;
const description = (reply: ReplyPayload) => reply.embeds?.[0]?.description ?? "";
/** Everything a person sees of a reply, markdown escapes undone. */
const seen = (reply: ReplyPayload) =>
  JSON.stringify([reply.content, reply.embeds, reply.attachments?.map((a) => a.content)]).replaceAll(
    "\\\\",
    "",
  );
/** The lines of the first code block of the reply's embed. */
const codeLines = (reply: ReplyPayload) =>
  /```(?:diff)?\n([\s\S]*?)\n```/.exec(description(reply))?.[1]?.split("\n") ?? [];

/** The reply's error text must be the API's own message for the same call. */
function expectApiRefusal(
  reply: ReplyPayload,
  direct: { status: number; error?: { data: { userMessage: string } } },
): string {
  expect(direct.status).toBeGreaterThanOrEqual(400);
  const message = direct.error?.data.userMessage ?? "";
  expect(message.length).toBeGreaterThan(0);
  expect(reply.flags).toBe(64);
  expect(description(reply)).toBe(`⚠️ ${escapeMarkdown(message)}`);
  return message;
}

const liveConfigMap = async () =>
  JSON.parse(await kube.kubectl(["get", "configmap", "snap-settings", "-n", nsAcme, "-o", "json"])) as {
    data: Record<string, string>;
  };
/** The live Secret's values, decoded (read with the admin kubeconfig; never printed). */
const liveSecret = async () => {
  const { data } = JSON.parse(
    await kube.kubectl(["get", "secret", "snap-db", "-n", nsAcme, "-o", "json"]),
  ) as {
    data: Record<string, string>;
  };
  return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v, "base64").toString()]));
};

/** The entries of a .tar.gz: name → text. */
async function untar(bytes: Buffer): Promise<Map<string, string>> {
  const entries = new Map<string, string>();
  const extract = tar.extract();
  const done = new Promise<void>((resolve, reject) => {
    extract.on("entry", (header, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on("data", (c: unknown) => chunks.push(c as Buffer));
      stream.on("end", () => {
        entries.set(header.name, Buffer.concat(chunks).toString("utf8"));
        next();
      });
      stream.resume();
    });
    extract.on("finish", resolve);
    extract.on("error", reject);
  });
  extract.end(gunzipSync(bytes));
  await done;
  return entries;
}

let snapshotId = "";

describe("/cluster snapshot", () => {
  it(
    "create: answers at once, then edits the reply with progress until the snapshot is ready",
    async () => {
      const handle = await start(BOB, "create", [
        opt("cluster", "shared"),
        opt("description", "before the color change"),
      ]);
      const statuses: string[] = [];
      const deadline = Date.now() + 120_000;
      let last: ReplyPayload;
      for (;;) {
        last = await handle.reply(60_000);
        const status = field(last, "Status") ?? "";
        if (statuses.at(-1) !== status) statuses.push(status);
        if (status === "Ready" || status === "Failed") break;
        if (Date.now() > deadline) throw new Error(`never ready: ${JSON.stringify(last.embeds)}`);
        await new Promise((r) => setTimeout(r, 200));
      }
      replies.push(last);
      expect(statuses[0]).toBe("Taking");
      expect(statuses.at(-1)).toBe("Ready");
      expect(last.flags).toBe(64);
      snapshotId = /`([^`]+)`/.exec(field(last, "ID") ?? "")?.[1] ?? "";
      expect(snapshotId).not.toBe("");
      const list = await api<SnapshotsListOutput>("snapshots.list", BOB, {});
      const row = list.data.snapshots.find((s) => s.id === snapshotId);
      expect(row?.status).toBe("ready");
      expect(field(last, "Objects")).toBe(String(row?.objectCount));
      expect(row?.objectCount).toBeGreaterThanOrEqual(2);
      expect(last.embeds?.[0]?.title).toBe("✅ Snapshot 'before the color change'");
      expect(seen(last)).not.toContain(DB_PASSWORD);
    },
    LONG,
  );

  it("list: shows it, as snapshots.list has it", async () => {
    const reply = await snapshot(CAROL, "list", [opt("cluster", "shared")]);
    expect(reply.embeds?.[0]?.title).toBe("Snapshots of shared (1)");
    expect(description(reply)).toContain(`\`${snapshotId}\``);
    expect(description(reply)).toContain("before the color change");
  });

  it("autocompletes snapshot ids, and live for to:", async () => {
    const choices = await (
      await h.standIn.sendAutocomplete({
        userId: BOB,
        guildId: ACME,
        name: "cluster",
        group: "snapshot",
        subcommand: "diff",
        options: [opt("from", snapshotId)],
        focused: { name: "to", value: "" },
      })
    ).choices();
    expect(choices.map((c) => c.value)).toEqual(["live", snapshotId]);
  });

  it(
    "download: attaches the .tar.gz, with manifest.json and YAML per namespace and kind; the Secret sealed",
    async () => {
      const reply = await snapshot(BOB, "download", [opt("id", snapshotId)]);
      expect(reply.attachments).toHaveLength(1);
      const file = reply.attachments?.[0];
      expect(file?.filename).toMatch(/\.tar\.gz$/);
      const bytes = Buffer.from(await (await fetch(file?.url ?? "")).arrayBuffer());
      expect(bytes.length).toBe(file?.size);
      const entries = await untar(bytes);
      const names = [...entries.keys()];
      expect(names).toContain("manifest.json");
      expect(names).toEqual(
        expect.arrayContaining([
          `objects/${nsAcme}/configmap.core.yaml`,
          `objects/${nsAcme}/secret.core.yaml`,
        ]),
      );
      expect(entries.get(`objects/${nsAcme}/configmap.core.yaml`)).toContain("snap-settings");
      const manifest = JSON.parse(entries.get("manifest.json") ?? "{}") as Record<string, unknown>;
      expect(JSON.stringify(manifest)).toContain("snap-settings");
      // The Secret is in the archive by name, its value sealed (neither plain nor base64).
      const all = [...entries.values()].join("\n");
      expect(all).toContain("snap-db");
      expect(all).not.toContain(DB_PASSWORD);
      expect(all).not.toContain(Buffer.from(DB_PASSWORD).toString("base64"));
      // The download itself is audited as Discord's: the link carries the client that asked for it.
      const audited = await h.db.prisma.auditLog.findMany({ where: { action: "snapshots.download" } });
      expect(audited.map((r) => [r.via, r.target, r.result])).toContainEqual([
        "discord",
        `snapshot/${snapshotId}`,
        "ok",
      ]);
    },
    LONG,
  );

  it(
    "diff against live: lists exactly the changes made since, a Secret's by key only, with the API's counts",
    async () => {
      await kube.kubectl([
        "patch",
        "configmap",
        "snap-settings",
        "-n",
        nsAcme,
        "-p",
        '{"data":{"color":"green"}}',
      ]);
      await kube.kubectl([
        "patch",
        "secret",
        "snap-db",
        "-n",
        nsAcme,
        "-p",
        JSON.stringify({ stringData: { DB_PASSWORD: NEW_PASSWORD } }),
      ]);
      const reply = await snapshot(BOB, "diff", [opt("from", snapshotId), opt("to", "live")]);
      const direct = await api<SnapshotsDiffOutput>("snapshots.diff", BOB, { from: snapshotId, to: "live" });
      const out = direct.data;
      // Exactly the two objects changed, nothing added or removed.
      expect(out.counts).toEqual({ added: 0, removed: 0, changed: 2 });
      expect(out.changed.map((c) => `${c.kind} ${c.name}`).sort()).toEqual([
        "ConfigMap snap-settings",
        "Secret snap-db",
      ]);
      // Lockstep: the counts shown are the API's.
      expect(field(reply, "Added")).toBe(String(out.counts.added));
      expect(field(reply, "Removed")).toBe(String(out.counts.removed));
      expect(field(reply, "Changed")).toBe(String(out.counts.changed));
      expect(field(reply, "Unchanged")).toBe(String(out.unchanged));
      const lines = codeLines(reply);
      expect(lines).toHaveLength(2);
      expect(lines).toContain(`~ ConfigMap ${nsAcme}/snap-settings: data.color`);
      expect(lines).toContain(`~ Secret ${nsAcme}/snap-db: changed DB_PASSWORD (values not shown)`);
      expect(seen(reply)).not.toContain(DB_PASSWORD);
      expect(seen(reply)).not.toContain(NEW_PASSWORD);
    },
    LONG,
  );

  it(
    "restore dry run (the default): shows the plan's steps with the API's counts and changes nothing",
    async () => {
      const reply = await snapshot(ALICE, "restore", [opt("id", snapshotId)]);
      const direct = await api<SnapshotsPlanRestoreOutput>("snapshots.planRestore", ALICE, {
        id: snapshotId,
        deleteNewer: false,
      });
      expect(field(reply, "✏️ Update")).toBe(String(direct.data.counts.update ?? 0));
      expect(field(reply, "➕ Create")).toBe(String(direct.data.counts.create ?? 0));
      expect(field(reply, "⚠️ Conflict")).toBe(String(direct.data.counts.conflict ?? 0));
      // In dependency order, each step with the API server's words (the dry-run's field owners).
      const lines = codeLines(reply);
      expect(lines.filter((l) => l.startsWith("✏️ update"))).toEqual([
        expect.stringMatching(new RegExp(`^✏️ update ConfigMap ${nsAcme}/snap-settings( — .*)?$`)),
        expect.stringMatching(new RegExp(`^✏️ update Secret ${nsAcme}/snap-db( — .*)?$`)),
      ]);
      const shownSteps = direct.data.steps.filter((s) => s.action !== "unchanged");
      expect(lines).toHaveLength(shownSteps.length);
      expect(description(reply)).toContain("Dry run: nothing was changed.");
      expect(reply.components ?? []).toEqual([]);
      expect((await liveConfigMap()).data.color).toBe("green");
      expect(seen(reply)).not.toContain(DB_PASSWORD);
    },
    LONG,
  );

  it(
    "restore dry_run: False asks to confirm; only the asker may; Confirm restores the objects",
    async () => {
      const plan = await snapshot(ALICE, "restore", [opt("id", snapshotId), opt("dry_run", false)]);
      const confirm = buttonId(plan.components, "Restore");
      const foreign = await h.standIn.sendComponent({
        userId: BOB,
        guildId: ACME,
        customId: confirm,
        messageId: plan.id ?? "",
      });
      handles.push(foreign);
      await new Promise((r) => setTimeout(r, 500));
      expect(foreign.followUps().map((f) => JSON.stringify(f.embeds))).toEqual([
        expect.stringContaining(NOT_YOURS),
      ]);
      expect((await liveConfigMap()).data.color).toBe("green");

      const planned = await api<SnapshotsPlanRestoreOutput>("snapshots.planRestore", ALICE, {
        id: snapshotId,
        deleteNewer: false,
      });
      const done = await click(ALICE, confirm, plan.id ?? "");
      expect(done.components ?? []).toEqual([]);
      expect(field(done, "Updated")).toBe(String(planned.data.counts.update));
      // What the dry-run called a conflict (objects the person may not patch) is what failed; nothing else.
      const conflicts = planned.data.counts.conflict ?? 0;
      const failed = done.embeds?.[0]?.fields?.find((f) => f.name.startsWith("Failed"));
      expect(failed?.name).toBe(conflicts ? `Failed (${conflicts})` : undefined);
      expect(failed?.value ?? "").not.toMatch(/snap-settings|snap-db/);
      expect((await liveConfigMap()).data).toEqual({ color: "blue", size: "small" });
      // The Secret has the snapshot's value again, opened from its sealed form by the API.
      expect(await liveSecret()).toEqual({ DB_PASSWORD });
      const after = await snapshot(BOB, "diff", [opt("from", snapshotId), opt("to", "live")]);
      expect(field(after, "Changed")).toBe("0");
      expect(description(after)).toBe("No differences.");
    },
    LONG,
  );

  it("refuses a viewer's snapshot with the API's message, and names an unknown id", async () => {
    const viewer = await snapshot(CAROL, "create", [opt("cluster", "shared"), opt("description", "nope")]);
    const clusterId = stack.clusterId;
    expectApiRefusal(viewer, await api("snapshots.create", CAROL, { clusterId, description: "nope" }, true));
    // The whole cluster is only for admins of a cluster their server owns alone; "shared" is shared.
    const wholeCluster = await snapshot(ALICE, "create", [
      opt("cluster", "shared"),
      opt("description", "everything"),
      opt("scope", "cluster"),
    ]);
    expectApiRefusal(
      wholeCluster,
      await api("snapshots.create", ALICE, { clusterId, description: "everything", scope: "cluster" }, true),
    );
    const unknown = await snapshot(BOB, "download", [opt("id", "no-such-snapshot")]);
    const message = expectApiRefusal(
      unknown,
      await api("snapshots.download", BOB, { id: "no-such-snapshot" }),
    );
    expect(message).toContain("no-such-snapshot");
    const badNamespaces = await snapshot(BOB, "create", [
      opt("cluster", "shared"),
      opt("description", "x"),
      opt("namespaces", "Not_A_Namespace"),
    ]);
    expect(description(badNamespaces)).toBe(
      `⚠️ ${escapeMarkdown("namespaces: Not_A_Namespace is not a namespace name (lowercase letters, digits and '-', at most 63).")}`,
    );
  });

  it("schedule and schedules: a daily schedule keeping 3, listed with its next run; unschedule stops it", async () => {
    const made = await snapshot(ALICE, "schedule", [
      opt("cluster", "shared"),
      opt("every", "daily"),
      opt("keep", 3),
    ]);
    expect(made.embeds?.[0]?.title).toBe("⏰ Snapshots of shared, daily");
    const id = /`([^`]+)`/.exec(field(made, "ID") ?? "")?.[1] ?? "";
    expect(field(made, "Keeps")).toBe("the last 3");
    const listed = await snapshot(CAROL, "schedules");
    expect(description(listed)).toContain(`\`${id}\``);
    const stopped = await snapshot(ALICE, "unschedule", [opt("id", id)]);
    expect(stopped.embeds?.[0]?.description?.length).toBeGreaterThan(0);
    expect(description(await snapshot(CAROL, "schedules"))).toBe(
      "No schedules. Add one with /cluster snapshot schedule.",
    );
  });

  it("delete: plan, Confirm, and it is gone from the list", async () => {
    const plan = await snapshot(ALICE, "delete", [opt("id", snapshotId)]);
    expect(plan.embeds?.[0]?.description).toMatch(/Confirm <t:\d+:R>\.$/);
    const done = await click(ALICE, buttonId(plan.components, "Delete snapshot"), plan.id ?? "");
    expect(done.components ?? []).toEqual([]);
    expect(done.embeds?.[0]?.color).toBe(0x2ea043);
    const list = await api<SnapshotsListOutput>("snapshots.list", BOB, {});
    expect(list.data.snapshots.map((s) => s.id)).not.toContain(snapshotId);
    const listed = await snapshot(BOB, "list");
    expect(description(listed)).not.toContain(snapshotId);
  });

  it("never showed a Secret's value in any reply, follow-up or attachment of the suite", () => {
    const everything = [...replies, ...handles.flatMap((handle) => handle.followUps())].map(seen).join("\n");
    expect(replies.length).toBeGreaterThan(10);
    expect(everything).not.toContain(DB_PASSWORD);
    expect(everything).not.toContain(NEW_PASSWORD);
  });
});
