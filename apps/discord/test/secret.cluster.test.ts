import type { SecretsListOutput } from "@clustercord/contracts";
import { callTrpc, workerHeaders } from "@clustercord/testenv";
import type { Cluster } from "@clustercord/testenv/cluster";
import type { CommandOption, InteractionHandle, ReplyPayload } from "@clustercord/testenv/discord";
import { registerSecret } from "@clustercord/testenv/leak-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NOT_YOURS } from "../src/commands/cluster/confirm";
import { fileReadNote, VALUES_NOT_SHOWN } from "../src/render/secrets";
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

// `/secret` through the real worker and the Discord stand-in, against the real API (secrets.*) on the
// local control plane: the flow (create from a file → apply → the Secret holds the values →
// diff → rotate with a restart → restore → delete), refusals, and no value in anything Discord got.

const nsAcme = `clustercord-guild-${ACME}`;
const LONG = 120_000;

let stack: Awaited<ReturnType<typeof startWorkerWithSharedCluster>>;
let h: WorkerHarness;
let kube: Cluster;

// Every value the tests hand the vault: none may appear in any message, log line or refusal.
const DATABASE_URL = registerSecret(
  "postgresql://app:vault-dc-9f3e1a@db:5432/app",
  "vault test database_url",
);
const API_KEY = registerSecret("sk_live_vault_discord_7c21b", "vault test api_key");
const OLD_API_KEY = registerSecret("sk_old_vault_discord_44aa0", "vault test old_api_key");
const NEW_DATABASE_URL = registerSecret(
  "postgresql://app:vault-dc-rotated-0b8d@db:5432/app",
  "vault test new url",
);
const SMTP_PASSWORD = registerSecret("smtp-vault-discord-pass-e5", "vault test smtp_password");
const DUPLICATE_VALUE = registerSecret("duplicate-vault-value-1f0c", "vault test duplicate value");
const values = [DATABASE_URL, API_KEY, OLD_API_KEY, NEW_DATABASE_URL, SMTP_PASSWORD, DUPLICATE_VALUE];

const creds = `database_url=${DATABASE_URL}\napi_key=${API_KEY}\nold_api_key=${OLD_API_KEY}\n`;
const updated = `database_url: "${NEW_DATABASE_URL}"\napi_key: "${API_KEY}"\nsmtp_password: "${SMTP_PASSWORD}"\n`;

/** Everything the stand-in received for the tests' interactions: replies, edits and follow-ups. */
const handles: InteractionHandle[] = [];
const replies: ReplyPayload[] = [];

beforeAll(async () => {
  stack = await startWorkerWithSharedCluster("secret");
  ({ h, kube } = stack);
  // A Deployment that takes its environment from the vault's Secret (made by the cluster admin).
  await kube.kubectl(
    ["apply", "-f", "-"],
    `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: ${nsAcme}, labels: { app: web } }
spec:
  replicas: 1
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - name: web
          image: nginx:1.27.3
          envFrom: [{ secretRef: { name: db-creds } }]
          resources:
            requests: { cpu: 50m, memory: 64Mi }
            limits: { cpu: 100m, memory: 128Mi }
`,
  );
}, 600_000);

afterAll(async () => {
  await stack?.close();
});

const file = (name: string, filename: string, data: string | Buffer): CommandOption => ({
  name,
  type: 11 as const,
  file: { filename, contentType: "application/octet-stream", data },
});

async function seen(handle: InteractionHandle): Promise<ReplyPayload> {
  handles.push(handle);
  const reply = await handle.reply(60_000);
  replies.push(reply);
  return reply;
}

const secret = async (who: string, subcommand: string, options: CommandOption[] = []) =>
  seen(await h.standIn.sendCommand({ userId: who, guildId: ACME, name: "secret", subcommand, options }));

const click = async (who: string, customId: string, messageId: string) =>
  seen(await h.standIn.sendComponent({ userId: who, guildId: ACME, customId, messageId }));

const text = (reply: ReplyPayload) =>
  (reply.embeds ?? [])
    .map((e) =>
      [
        e.title ?? "",
        e.description ?? "",
        ...(e.fields ?? []).flatMap((f) => [f.name, f.value]),
        e.footer?.text ?? "",
      ].join("\n"),
    )
    .join("\n");

/** Markdown escapes undone (`database\_url` → `database_url`). */
const unescaped = (s: string) => s.replaceAll(/\\([_*~`|>\\])/g, "$1");

async function liveSecret(): Promise<{ data: Record<string, string>; labels: Record<string, string> }> {
  const json = JSON.parse(await kube.kubectl(["get", "secret", "db-creds", "-n", nsAcme, "-o", "json"]));
  const data = Object.fromEntries(
    Object.entries(json.data as Record<string, string>).map(([k, v]) => [
      k,
      Buffer.from(v, "base64").toString(),
    ]),
  );
  return { data, labels: json.metadata.labels ?? {} };
}

const templateAnnotations = async () =>
  JSON.parse(
    await kube.kubectl([
      "get",
      "deployment",
      "web",
      "-n",
      nsAcme,
      "-o",
      "jsonpath={.spec.template.metadata}",
    ]),
  ).annotations ?? {};

describe("/secret: the vault's flow through Discord", () => {
  it(
    "creates from a .env file, privately, naming keys and saying the file was not kept",
    async () => {
      const reply = await secret(BOB, "create", [
        opt("name", "db-creds"),
        opt("namespace", nsAcme),
        file("data", "creds.env", creds),
      ]);
      expect(reply.flags ?? 0).toBe(64);
      const shown = unescaped(text(reply));
      expect(shown).toContain("db-creds");
      expect(shown).toContain("**Keys:** api_key, database_url, old_api_key");
      expect(shown).toContain("**Type:** Opaque");
      expect(reply.embeds?.[0]?.footer?.text).toBe(fileReadNote("creds.env"));
    },
    LONG,
  );

  it(
    "applies with the guide's reply, and the Kubernetes Secret holds the values",
    async () => {
      const reply = await secret(BOB, "apply", [opt("name", "db-creds")]);
      expect(reply.flags ?? 0).toBe(64);
      expect(reply.embeds?.[0]?.title).toBe(`✅ Secret 'db-creds' applied to namespace '${nsAcme}'`);
      const shown = unescaped(text(reply));
      expect(shown).toContain("**Keys:** api_key, database_url, old_api_key");
      expect(shown).toContain("**Type:** Opaque");
      expect(shown).toMatch(/\*\*Last updated:\*\* <t:\d+:R>/);
      const live = await liveSecret();
      expect(live.data).toEqual({ database_url: DATABASE_URL, api_key: API_KEY, old_api_key: OLD_API_KEY });
      expect(live.labels["app.kubernetes.io/managed-by"]).toBe("clustercord");
    },
    LONG,
  );

  it(
    "lists the same keys as secrets.list (lockstep), for a viewer too",
    async () => {
      const reply = await secret(CAROL, "list", [opt("namespace", nsAcme)]);
      const field = reply.embeds?.[0]?.fields?.find((f) => f.name === "🔐 db-creds");
      const rendered = unescaped(field?.value ?? "")
        .match(/\*\*Keys:\*\* (.*)/)?.[1]
        ?.split(", ");
      const direct = await callTrpc<SecretsListOutput>(h.apiUrl, "secrets.list", {
        headers: workerHeaders(SERVICE_TOKEN, CAROL, ACME),
        input: { namespace: nsAcme },
      });
      expect(direct.status).toBe(200);
      const listed = direct.data.secrets.find((s) => s.name === "db-creds");
      expect(rendered).toEqual(listed?.keys);
      expect(field?.value).toContain(`**Applied:** '${nsAcme}' on shared (v1)`);
    },
    LONG,
  );

  it("offers the vault's secrets as name: is typed", async () => {
    const typed = await h.standIn.sendAutocomplete({
      userId: BOB,
      guildId: ACME,
      name: "secret",
      subcommand: "apply",
      focused: { name: "name", value: "db" },
    });
    expect(await typed.choices()).toEqual([{ name: "db-creds", value: "db-creds" }]);
  });

  it(
    "diffs a changed file by key, ending with 'Values not shown for security'",
    async () => {
      const reply = await secret(BOB, "diff", [
        opt("name", "db-creds"),
        file("file", "updated.yaml", updated),
      ]);
      const description = unescaped(reply.embeds?.[0]?.description ?? "");
      expect(description).toContain("**Keys added:** smtp_password");
      expect(description).toContain("**Keys removed:** old_api_key");
      expect(description).toContain("**Keys updated:** database_url (value changed)");
      expect(description).toContain("**Unchanged:** api_key");
      expect(description.endsWith(VALUES_NOT_SHOWN)).toBe(true);
      expect(reply.embeds?.[0]?.footer?.text).toBe(fileReadNote("updated.yaml"));

      const live = await secret(BOB, "diff", [opt("name", "db-creds"), opt("live", true)]);
      expect(live.embeds?.[0]?.description).toMatch(/^No differences: the same 3 keys and values\./);
    },
    LONG,
  );

  it(
    "rotates after Confirm (the asker's only; Cancel changes nothing): new values, the Deployment restarted",
    async () => {
      const before = await templateAnnotations();
      const dropped = await secret(BOB, "rotate", [opt("name", "db-creds")]);
      expect(unescaped(text(dropped))).toContain("api_key, database_url, old_api_key");
      const cancelled = await click(BOB, buttonId(dropped.components, "Cancel"), dropped.id ?? "");
      expect(text(cancelled)).toContain("Cancelled: nothing was changed.");
      expect((await liveSecret()).data.api_key).toBe(API_KEY);

      const plan = await secret(BOB, "rotate", [
        opt("name", "db-creds"),
        opt("keys", "api_key"),
        opt("shape", "hex"),
        opt("restart", true),
      ]);
      const shown = unescaped(text(plan));
      expect(shown).toContain("api_key");
      expect(shown).toContain(`${nsAcme}/web`);
      const confirm = buttonId(plan.components, "Rotate db-creds");

      const foreign = await h.standIn.sendComponent({
        userId: ALICE,
        guildId: ACME,
        customId: confirm,
        messageId: plan.id ?? "",
      });
      handles.push(foreign);
      await new Promise((r) => setTimeout(r, 500));
      expect(foreign.followUps().map((f) => JSON.stringify(f.embeds))).toEqual([
        expect.stringContaining(NOT_YOURS),
      ]);
      expect((await liveSecret()).data.api_key).toBe(API_KEY);

      const done = await click(BOB, confirm, plan.id ?? "");
      expect(unescaped(text(done))).toContain(`**Restarted:** ${nsAcme}/web`);
      expect(done.components ?? []).toEqual([]);
      const live = await liveSecret();
      expect(live.data.api_key).not.toBe(API_KEY);
      expect(live.data.api_key).toMatch(/^[0-9a-f]{32}$/);
      expect(live.data.database_url).toBe(DATABASE_URL);
      expect(await templateAnnotations()).not.toEqual(before);
    },
    LONG,
  );

  it(
    "lists versions and restores the first, re-applied where it is applied",
    async () => {
      const versions = await secret(BOB, "versions", [opt("name", "db-creds")]);
      expect(versions.embeds?.[0]?.fields?.map((f) => f.name)).toEqual([
        "v2 (current) · rotated",
        "v1 · created",
      ]);
      const restored = await secret(BOB, "restore", [opt("name", "db-creds"), opt("version", 1)]);
      expect(text(restored)).toContain("**Version:** 3 (the values of v1)");
      expect((await liveSecret()).data).toEqual({
        database_url: DATABASE_URL,
        api_key: API_KEY,
        old_api_key: OLD_API_KEY,
      });
    },
    LONG,
  );

  it(
    "deletes after an admin's Confirm; an operator may not",
    async () => {
      const refused = await secret(BOB, "delete", [opt("name", "db-creds")]);
      expect(refused.embeds?.[0]?.description).toMatch(
        /^⚠️ This needs the admin role in .*; you are operator\./,
      );
      expect(refused.components ?? []).toEqual([]);

      const plan = await secret(ALICE, "delete", [opt("name", "db-creds")]);
      expect(plan.flags ?? 0).toBe(64);
      const done = await click(ALICE, buttonId(plan.components, "Delete db-creds"), plan.id ?? "");
      expect(done.components ?? []).toEqual([]);
      const list = await secret(BOB, "list");
      expect(list.embeds?.[0]?.description).toContain("No secrets in this server's vault yet.");
      // The Kubernetes Secret stays unless asked (delete_applied).
      expect((await liveSecret()).data.api_key).toBe(API_KEY);
    },
    LONG,
  );
});

describe("/secret refusals", () => {
  it(
    "refuses a viewer's create, naming the role",
    async () => {
      const reply = await secret(CAROL, "create", [
        opt("name", "viewer-made"),
        opt("namespace", nsAcme),
        file("data", "v.env", `token=${DUPLICATE_VALUE}\n`),
      ]);
      expect(reply.flags ?? 0).toBe(64);
      expect(reply.embeds?.[0]?.description).toMatch(
        /^⚠️ This needs the operator role in .*; you are viewer\./,
      );
    },
    LONG,
  );

  it(
    "names the line and key of a duplicate key, and stores nothing",
    async () => {
      const reply = await secret(BOB, "create", [
        opt("name", "dup"),
        opt("namespace", nsAcme),
        file("data", "dup.env", `token=${DUPLICATE_VALUE}\ntoken=${DUPLICATE_VALUE}x\n`),
      ]);
      expect(reply.embeds?.[0]?.description).toContain('line 2: duplicate key "token"');
      const list = await secret(BOB, "list");
      expect(text(list)).not.toContain("dup");
    },
    LONG,
  );

  it(
    "refuses a file over 1 MiB and a file that is not text before calling the API",
    async () => {
      const big = await secret(BOB, "create", [
        opt("name", "big"),
        opt("namespace", nsAcme),
        file("data", "big.env", Buffer.alloc(1024 * 1024 + 100 * 1024, "a")),
      ]);
      expect(big.embeds?.[0]?.description).toContain(
        "big.env is 1.1 MiB; a secret file may be at most 1 MiB. Nothing was stored.",
      );
      const binary = await secret(BOB, "diff", [
        opt("name", "db-creds"),
        file("file", "x.env", Buffer.from([0xff, 0xfe, 0x00])),
      ]);
      expect(binary.embeds?.[0]?.description).toContain(
        "x.env is not a text file; attach a .env, YAML or JSON file",
      );
      const neither = await secret(BOB, "diff", [opt("name", "db-creds")]);
      expect(neither.embeds?.[0]?.description).toContain("Give file:");
    },
    LONG,
  );
});

describe("no value reaches Discord", () => {
  it("finds none of the values in any reply, edit, follow-up, worker log line or audit row", async () => {
    await new Promise((r) => setTimeout(r, 500));
    // The audit rows of the vault's actions (create, apply, rotate, restore, delete) name keys at most.
    const audit = await h.db.prisma.auditLog.findMany({ where: { action: { startsWith: "secrets." } } });
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(["secrets.create", "secrets.rotate"]));
    const everything =
      JSON.stringify([...replies, ...handles.flatMap((x) => x.followUps()), audit], (_, v) =>
        typeof v === "bigint" ? String(v) : v,
      ) + h.logged.join("\n");
    expect(replies.length).toBeGreaterThan(15);
    for (const value of values) {
      expect(everything).not.toContain(value);
      expect(everything).not.toContain(Buffer.from(value).toString("base64"));
    }
  });
});
