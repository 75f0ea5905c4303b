import { createHash } from "node:crypto";
import { request } from "node:http";
import {
  AttachmentBuilder,
  ButtonStyle,
  Client,
  ComponentType,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  type Interaction,
  InteractionContextType,
  MessageFlags,
  ApplicationCommandOptionType as OptionType,
} from "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type DiscordStandIn,
  loadFixture,
  parseFixture,
  type SendCommandOptions,
  startDiscordStandIn,
} from "../src/discord/index";

const ALICE = "100000000000000001";
const BOB = "100000000000000002";
const MALLORY = "100000000000000004";
const ACME = "200000000000000001";
const BETA = "200000000000000002";
const LAIR = "200000000000000003";

let standIn: DiscordStandIn;
let client: Client;
/** Each test installs the bot behaviour it needs. */
let onInteraction: (interaction: Interaction) => Promise<void> = async () => {};
const handlerErrors: unknown[] = [];

beforeAll(async () => {
  standIn = await startDiscordStandIn();
  client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: standIn.apiBase } });
  client.on(Events.InteractionCreate, (interaction) => {
    onInteraction(interaction).catch((error: unknown) => handlerErrors.push(error));
  });
  const ready = new Promise((resolve) => client.once(Events.ClientReady, resolve));
  await client.login(standIn.fixture.bot.token);
  await ready;
  await client.application?.commands.set([
    { name: "ping", description: "Replies with an embed" },
    {
      name: "slow",
      description: "Defers, then edits",
      options: [{ name: "limit", description: "How many", type: 4, required: false }],
    },
    { name: "file", description: "Replies with a file" },
    { name: "silent", description: "Never answered" },
    {
      name: "find",
      description: "Autocompletes",
      options: [
        { type: OptionType.String, name: "where", description: "Where", required: true },
        { type: OptionType.String, name: "what", description: "What", required: true, autocomplete: true },
        { type: OptionType.Integer, name: "count", description: "How many" },
      ],
    },
    {
      name: "cluster",
      description: "Manage clusters",
      options: [
        {
          type: OptionType.Subcommand,
          name: "add",
          description: "Add a cluster",
          options: [
            { type: OptionType.String, name: "name", description: "Name", required: true },
            { type: OptionType.Attachment, name: "kubeconfig", description: "kubeconfig", required: true },
            { type: OptionType.Boolean, name: "default", description: "Make it the default" },
          ],
        },
        { type: OptionType.Subcommand, name: "list", description: "List clusters" },
        {
          type: OptionType.SubcommandGroup,
          name: "config",
          description: "Settings",
          options: [
            {
              type: OptionType.Subcommand,
              name: "set",
              description: "Set a value",
              options: [{ type: OptionType.String, name: "key", description: "Key", required: true }],
            },
          ],
        },
      ],
    },
  ]);
});

afterAll(async () => {
  await client?.destroy();
  await standIn?.close();
});

const botAuth = () => ({ authorization: `Bot ${standIn.fixture.bot.token}` });
const api = (path: string, init?: RequestInit) => fetch(`${standIn.apiBase}${path}`, init);

describe("the real discord.js client against the stand-in", () => {
  it("becomes ready with the installed guilds, their channels and members cached", () => {
    expect(client.user?.id).toBe(standIn.fixture.bot.id);
    expect([...client.guilds.cache.keys()].sort()).toEqual([ACME, BETA]);
    const acme = client.guilds.cache.get(ACME);
    expect(acme?.name).toBe("Acme Ops");
    expect(acme?.ownerId).toBe(ALICE);
    expect(acme?.channels.cache.get("400000000000000001")?.name).toBe("ops");
    expect(acme?.members.cache.get(BOB)?.roles.cache.map((r) => r.name)).toContain("Operators");
  });

  it("records the commands the bot registered", () => {
    expect(standIn.registeredCommands().map((c) => c.name)).toEqual([
      "ping",
      "slow",
      "file",
      "silent",
      "find",
      "cluster",
    ]);
    expect(standIn.registeredCommands()[0]).toMatchObject({
      application_id: standIn.fixture.application.id,
      description: "Replies with an embed",
    });
  });

  it("delivers a slash command and returns the bot's embed reply", async () => {
    const seen: Record<string, unknown> = {};
    onInteraction = async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      Object.assign(seen, {
        name: interaction.commandName,
        user: interaction.user.username,
        guild: interaction.guild?.name,
        channel: interaction.channelId,
      });
      await interaction.reply({ embeds: [{ title: "pong", description: interaction.user.username }] });
    };
    const handle = await standIn.sendCommand({ userId: ALICE, guildId: ACME, name: "ping" });
    const reply = await handle.reply();
    expect(seen).toEqual({ name: "ping", user: "alice", guild: "Acme Ops", channel: "400000000000000001" });
    expect(reply.callbackType).toBe(4);
    expect(reply.embeds).toEqual([{ title: "pong", description: "alice" }]);
    expect(reply.flags).toBe(0);
  });

  it("follows an ephemeral deferral to the edited reply, with options passed through", async () => {
    onInteraction = async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      await new Promise((resolve) => setTimeout(resolve, 50));
      await interaction.editReply({ content: `limit=${interaction.options.getInteger("limit")}` });
    };
    const handle = await standIn.sendCommand({
      userId: BOB,
      guildId: ACME,
      name: "slow",
      options: [{ name: "limit", type: 4, value: 7 }],
    });
    const reply = await handle.reply();
    expect(reply).toMatchObject({ callbackType: 5, content: "limit=7", flags: MessageFlags.Ephemeral });
  });

  it("records file attachments and follow-ups", async () => {
    onInteraction = async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      await interaction.reply({
        content: "logs attached",
        files: [new AttachmentBuilder(Buffer.from("line 1\nline 2\n"), { name: "logs.txt" })],
      });
      await interaction.followUp({ content: "and a follow-up", flags: MessageFlags.Ephemeral });
    };
    const handle = await standIn.sendCommand({ userId: ALICE, guildId: ACME, name: "file" });
    const reply = await handle.reply();
    expect(reply.attachments).toMatchObject([
      { filename: "logs.txt", size: 14, content: "line 1\nline 2\n" },
    ]);
    const file = await fetch(reply.attachments?.[0]?.url ?? "");
    expect(await file.text()).toBe("line 1\nline 2\n");
    await expect.poll(() => handle.followUps().map((f) => f.content)).toEqual(["and a follow-up"]);
    expect(handle.followUps()[0]?.flags).toBe(MessageFlags.Ephemeral);
  });

  it("delivers autocomplete interactions and records the choices the bot answers with", async () => {
    const seen: unknown[] = [];
    onInteraction = async (interaction) => {
      if (!interaction.isAutocomplete()) return;
      const focused = interaction.options.getFocused(true);
      seen.push([
        interaction.commandName,
        interaction.options.getString("where"),
        focused.name,
        focused.value,
      ]);
      await interaction.respond(
        ["web-1", "web-2", "worker-1"]
          .filter((n) => n.startsWith(String(focused.value)))
          .map((n) => ({ name: n, value: n })),
      );
    };
    const handle = await standIn.sendAutocomplete({
      userId: ALICE,
      guildId: ACME,
      name: "find",
      options: [{ name: "where", type: 3, value: "ns" }],
      focused: { name: "what", value: "web" },
    });
    expect(await handle.choices()).toEqual([
      { name: "web-1", value: "web-1" },
      { name: "web-2", value: "web-2" },
    ]);
    expect(seen).toEqual([["find", "ns", "what", "web"]]);
    // Discord sends autocomplete only for options that asked for it.
    await expect(
      standIn.sendAutocomplete({
        userId: ALICE,
        guildId: ACME,
        name: "find",
        focused: { name: "where", value: "" },
      }),
    ).rejects.toThrow(/has no autocomplete/);

    // An autocomplete interaction takes only choices, and only up to 25 of them.
    const errors: unknown[] = [];
    onInteraction = async (interaction) => {
      if (!interaction.isAutocomplete()) return;
      await client.rest
        .post(`/interactions/${interaction.id}/${interaction.token}/callback`, {
          body: { type: 4, data: { content: "not a choice" } },
          auth: false,
        })
        .catch((error: unknown) => errors.push(error));
      const many = Array.from({ length: 26 }, (_, i) => ({ name: `n${i}`, value: `n${i}` }));
      await interaction.respond(many).catch((error: unknown) => errors.push(error));
      await interaction.respond([{ name: "ok", value: "ok" }]);
    };
    const second = await standIn.sendAutocomplete({
      userId: ALICE,
      guildId: ACME,
      name: "find",
      focused: { name: "what", value: "" },
    });
    expect(await second.choices()).toEqual([{ name: "ok", value: "ok" }]);
    expect(errors).toHaveLength(2);
    expect(errors).toMatchObject([{ status: 400 }, { status: 400, code: 50035 }]);
  });

  it("records a file sent by editing a deferred reply (multipart PATCH)", async () => {
    onInteraction = async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      await interaction.deferReply();
      await interaction.editReply({
        embeds: [{ title: "log attached" }],
        files: [{ attachment: Buffer.from("a\nb\n"), name: "pod.log" }],
      });
    };
    const reply = await (await standIn.sendCommand({ userId: ALICE, guildId: ACME, name: "file" })).reply();
    expect(reply).toMatchObject({ callbackType: 5, embeds: [{ title: "log attached" }] });
    expect(reply.attachments).toMatchObject([{ filename: "pod.log", size: 4, content: "a\nb\n" }]);
  });

  it("delivers a subcommand with an attachment the bot can fetch", async () => {
    // Multi-byte UTF-8 and a NUL: the size must be bytes, and the download byte-exact.
    const kubeconfig = Buffer.concat([Buffer.from("apiVersion: v1\n# café €\n"), Buffer.from([0, 255])]);
    const seen: Record<string, unknown> = {};
    onInteraction = async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      const file = interaction.options.getAttachment("kubeconfig", true);
      const download = await fetch(file.url);
      Object.assign(seen, {
        group: interaction.options.getSubcommandGroup(false),
        subcommand: interaction.options.getSubcommand(),
        name: interaction.options.getString("name"),
        default: interaction.options.getBoolean("default"),
        file: { name: file.name, size: file.size, contentType: file.contentType, url: file.url },
        served: {
          type: download.headers.get("content-type"),
          bytes: Buffer.from(await download.arrayBuffer()),
        },
      });
      await interaction.reply({ content: `added ${interaction.options.getString("name")}` });
    };
    const handle = await standIn.sendCommand({
      userId: ALICE,
      guildId: ACME,
      name: "cluster",
      subcommand: "add",
      options: [
        { name: "name", type: 3, value: "prod" },
        {
          name: "kubeconfig",
          type: 11,
          file: { filename: "kc.yaml", contentType: "application/yaml", data: kubeconfig },
        },
        { name: "default", type: 5, value: true },
      ],
    });
    expect((await handle.reply()).content).toBe("added prod");
    expect(seen).toMatchObject({
      group: null,
      subcommand: "add",
      name: "prod",
      default: true,
      file: { name: "kc.yaml", size: kubeconfig.length, contentType: "application/yaml" },
      served: { type: "application/yaml" },
    });
    expect(kubeconfig.length).not.toBe(kubeconfig.toString().length);
    expect(String((seen.file as { url: string }).url)).toMatch(
      new RegExp(`^${standIn.url}/attachments/400000000000000001/\\d+/kc\\.yaml$`),
    );
    expect((seen.served as { bytes: Buffer }).bytes.equals(kubeconfig)).toBe(true);
  });

  it("delivers a subcommand inside a group", async () => {
    const seen: unknown[] = [];
    onInteraction = async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      const { options } = interaction;
      seen.push([options.getSubcommandGroup(), options.getSubcommand(), options.getString("key")]);
      await interaction.reply({ content: "set" });
    };
    const handle = await standIn.sendCommand({
      userId: ALICE,
      guildId: ACME,
      name: "cluster",
      group: "config",
      subcommand: "set",
      options: [{ name: "key", type: 3, value: "region" }],
    });
    expect((await handle.reply()).content).toBe("set");
    expect(seen).toEqual([["config", "set", "region"]]);
  });

  it("refuses subcommands and options the registered command does not have", async () => {
    const send = (opts: Partial<SendCommandOptions>) =>
      standIn.sendCommand({ userId: ALICE, guildId: ACME, name: "cluster", ...opts });
    const kc = { name: "kubeconfig", type: 11, file: { filename: "kc.yaml", data: "x" } } as const;
    await expect(send({ subcommand: "nope" })).rejects.toThrow(
      '/cluster has no subcommand "nope" (subcommands: add, list, config set)',
    );
    await expect(send({ subcommand: "set" })).rejects.toThrow(/has no subcommand "set"/);
    await expect(send({})).rejects.toThrow("/cluster needs a subcommand (one of: add, list, config set)");
    await expect(
      send({ subcommand: "add", options: [{ name: "name", type: 3, value: "a" }] }),
    ).rejects.toThrow("/cluster add needs option(s) kubeconfig");
    await expect(
      send({ subcommand: "add", options: [kc, { name: "key", type: 3, value: "a" }] }),
    ).rejects.toThrow('/cluster add has no option "key" (options: name, kubeconfig, default)');
    await expect(
      send({ subcommand: "add", options: [{ name: "name", type: 3, value: "a" }, kc, kc] }),
    ).rejects.toThrow(/"kubeconfig" is given twice/);
    await expect(
      send({
        subcommand: "add",
        options: [
          { name: "name", type: 3, value: "a" },
          { name: "kubeconfig", type: 11, value: "1" },
        ],
      }),
    ).rejects.toThrow(/"kubeconfig" is an attachment/);
    await expect(send({ name: "ping", subcommand: "add" })).rejects.toThrow("/ping has no subcommands");
  });

  it("refuses to register options nested the way Discord forbids", async () => {
    const create = (options: unknown[]) =>
      api(`/v10/applications/${standIn.fixture.application.id}/guilds/${ACME}/commands`, {
        method: "POST",
        headers: { ...botAuth(), "content-type": "application/json" },
        body: JSON.stringify({ name: "bad", description: "Bad", options }),
      });
    const sub = { type: 1, name: "sub", description: "Sub" };
    const str = { type: 3, name: "str", description: "Str" };
    const cases: [unknown[], string][] = [
      [[sub, str], "mutually exclusive"],
      [[{ type: 2, name: "grp", description: "Grp", options: [str] }], "may only contain sub-commands"],
      [[{ ...sub, options: [{ ...sub, name: "inner" }] }], "may not contain sub-commands"],
    ];
    for (const [options, message] of cases) {
      const res = await create(options);
      expect(res.status).toBe(400);
      expect(JSON.stringify(await res.json())).toContain(message);
    }
    expect((await create([{ ...sub, options: [str] }])).ok).toBe(true);
  });

  it("delivers a button click and returns the updated message", async () => {
    onInteraction = async (interaction) => {
      if (!interaction.isButton()) return;
      await interaction.update({ content: `clicked ${interaction.customId} on ${interaction.message.id}` });
    };
    const handle = await standIn.sendComponent({ userId: ALICE, guildId: ACME, customId: "audit:next" });
    const reply = await handle.reply();
    expect(reply.callbackType).toBe(7);
    expect(reply.content).toBe(`clicked audit:next on ${reply.id}`);
  });

  it("lets a button be clicked on a message the bot sent", async () => {
    onInteraction = async (interaction) => {
      if (interaction.isChatInputCommand()) {
        await interaction.reply({
          content: "page 1",
          components: [
            {
              type: ComponentType.ActionRow,
              components: [
                { type: ComponentType.Button, style: ButtonStyle.Primary, label: "Next", customId: "p:2" },
              ],
            },
          ],
        });
      } else if (interaction.isButton()) {
        await interaction.deferUpdate();
        await interaction.editReply({ content: "page 2", components: [] });
      }
    };
    const first = await (await standIn.sendCommand({ userId: ALICE, guildId: ACME, name: "ping" })).reply();
    expect(first.components).toHaveLength(1);
    const click = await standIn.sendComponent({
      userId: ALICE,
      guildId: ACME,
      customId: "p:2",
      messageId: first.id,
    });
    expect(await click.reply()).toMatchObject({
      callbackType: 6,
      id: first.id,
      content: "page 2",
      components: [],
    });
  });

  it("delivers commands typed in a DM with the bot, without a member", async () => {
    const seen: unknown[] = [];
    onInteraction = async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      seen.push([interaction.guildId, interaction.member, interaction.user.id, interaction.context]);
      await interaction.reply({ content: "use this in a server", flags: MessageFlags.Ephemeral });
    };
    const handle = await standIn.sendCommand({ userId: BOB, guildId: null, name: "ping" });
    expect((await handle.reply()).content).toBe("use this in a server");
    expect(seen).toEqual([[null, null, BOB, InteractionContextType.BotDM]]);
  });

  it("records direct messages and refuses users the bot shares no guild with", async () => {
    await (await client.users.fetch(BOB)).send({ content: "your rollout finished" });
    expect(standIn.dms(BOB)).toMatchObject([{ content: "your rollout finished" }]);
    expect(standIn.dms(ALICE)).toEqual([]);
    const refused = (await client.users.fetch(MALLORY)).send("hello");
    await expect(refused).rejects.toMatchObject({ status: 403, code: 50007 });
  });

  it("refuses replies that break Discord's limits, as Discord would", async () => {
    const errors: unknown[] = [];
    onInteraction = async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      await interaction
        .reply({ embeds: [{ title: "x", fields: [{ name: "empty", value: "" }] }] })
        .catch((error: unknown) => errors.push(error));
      await interaction.reply({ content: "fallback" });
    };
    const handle = await standIn.sendCommand({ userId: ALICE, guildId: ACME, name: "ping" });
    expect((await handle.reply()).content).toBe("fallback");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(DiscordAPIError);
    expect(errors[0]).toMatchObject({ status: 400, code: 50035 });
  });

  it("refuses a second acknowledgement of the same interaction", async () => {
    const errors: unknown[] = [];
    onInteraction = async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      await interaction.reply("first");
      // Bypass discord.js's own guard to hit the API twice.
      await client.rest
        .post(`/interactions/${interaction.id}/${interaction.token}/callback`, {
          body: { type: 4, data: { content: "second" } },
          auth: false,
        })
        .catch((error: unknown) => errors.push(error));
    };
    const handle = await standIn.sendCommand({ userId: ALICE, guildId: ACME, name: "ping" });
    expect((await handle.reply()).content).toBe("first");
    await expect.poll(() => errors.length).toBe(1);
    expect(errors[0]).toMatchObject({ code: 40060 });
  });

  it("times out clearly when the bot never answers", async () => {
    onInteraction = async () => {};
    const handle = await standIn.sendCommand({ userId: ALICE, guildId: ACME, name: "silent" });
    await expect(handle.reply(200)).rejects.toThrow(
      /Timed out after 200 ms .*\/silent.*no interaction callback/,
    );
  });

  it("refuses to send commands Discord would not offer", async () => {
    await expect(standIn.sendCommand({ userId: ALICE, guildId: ACME, name: "nope" })).rejects.toThrow(
      /No slash command \/nope is registered/,
    );
    await expect(
      standIn.sendCommand({
        userId: ALICE,
        guildId: ACME,
        name: "slow",
        options: [{ name: "x", type: 3, value: "" }],
      }),
    ).rejects.toThrow(/has no option "x"/);
    await expect(standIn.sendCommand({ userId: MALLORY, guildId: ACME, name: "ping" })).rejects.toThrow(
      /not a member/,
    );
    await expect(standIn.sendCommand({ userId: MALLORY, guildId: LAIR, name: "ping" })).rejects.toThrow(
      /not installed/,
    );
  });

  it("refuses a login with a wrong token", async () => {
    const other = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: standIn.apiBase } });
    await expect(other.login("wrong-token-0123456789abcdef")).rejects.toThrow(/invalid/i);
    await other.destroy();
  });
});

describe("bot REST", () => {
  it("refuses a wrong or missing bot token", async () => {
    for (const headers of [{ authorization: "Bot wrong" }, {}]) {
      const res = await api("/v10/users/@me", { headers });
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ message: "401: Unauthorized", code: 0 });
    }
  });

  it("serves /api and /api/v10 alike", async () => {
    for (const prefix of ["", "/v10", "/v9"]) {
      const res = await api(`${prefix}/gateway/bot`, { headers: botAuth() });
      expect(await res.json()).toMatchObject({ url: standIn.gatewayUrl, shards: 1 });
    }
  });

  it("answers Unknown Member for non-members and Unknown Guild where the bot is absent", async () => {
    const member = await api(`/v10/guilds/${ACME}/members/${MALLORY}`, { headers: botAuth() });
    expect(member.status).toBe(404);
    expect(await member.json()).toEqual({ message: "Unknown Member", code: 10007 });
    const found = await api(`/v10/guilds/${ACME}/members/${BOB}`, { headers: botAuth() });
    expect(await found.json()).toMatchObject({
      user: { id: BOB, username: "bob" },
      roles: ["300000000000000002"],
    });
    const lair = await api(`/v10/guilds/${LAIR}`, { headers: botAuth() });
    expect(lair.status).toBe(404);
    expect(await lair.json()).toMatchObject({ code: 10004 });
  });

  it("lists only the guilds the bot is installed in, and the guild with roles and owner", async () => {
    const guilds = (await (await api("/v10/users/@me/guilds", { headers: botAuth() })).json()) as {
      id: string;
    }[];
    expect(guilds.map((g) => g.id)).toEqual([ACME, BETA]);
    const guild = await (await api(`/v10/guilds/${ACME}`, { headers: botAuth() })).json();
    expect(guild).toMatchObject({
      owner_id: ALICE,
      roles: [{ id: ACME }, { name: "Admins", permissions: "8" }, {}],
    });
  });

  it("answers unknown routes with a 404 naming the path", async () => {
    const res = await api("/v10/nothing/here", { headers: botAuth() });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { message: string }).message).toContain("/nothing/here");
  });

  it("refuses bodies over 8 MiB", async () => {
    const url = new URL(`${standIn.apiBase}/v10/channels/400000000000000001/messages`);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(url, {
        method: "POST",
        headers: { ...botAuth(), "content-type": "application/json", "content-length": 9 * 1024 * 1024 },
      });
      req.on("response", (res) => {
        resolve(res.statusCode ?? 0);
        req.destroy();
      });
      req.on("error", reject);
      req.flushHeaders();
    });
    expect(status).toBe(413);
  });
});

describe("OAuth2", () => {
  const oauthClient = () => {
    const found = standIn.fixture.oauthClients[0];
    if (!found) throw new Error("the fixture has no OAuth client");
    return found;
  };
  const verifier = "a-verifier-of-at-least-43-characters-0123456789";
  const challenge = createHash("sha256").update(verifier).digest("base64url");
  const redirectUri = "http://127.0.0.1:9/api/auth/callback/discord";
  const authorizeParams = (overrides: Record<string, string> = {}) =>
    new URLSearchParams({
      client_id: oauthClient().clientId,
      response_type: "code",
      redirect_uri: redirectUri,
      scope: "identify guilds",
      state: "state-1",
      code_challenge: challenge,
      code_challenge_method: "S256",
      ...overrides,
    });
  const pick = async (username: string, overrides: Record<string, string> = {}) => {
    const res = await fetch(`${standIn.webBase}/oauth2/authorize`, {
      method: "POST",
      redirect: "manual",
      body: new URLSearchParams({ ...Object.fromEntries(authorizeParams(overrides)), username }),
    });
    expect(res.status).toBe(302);
    return new URL(res.headers.get("location") ?? "");
  };
  const codeFor = async (username: string, overrides: Record<string, string> = {}) =>
    (await pick(username, overrides)).searchParams.get("code") ?? "";
  const exchange = (fields: Record<string, string>, basic?: string) =>
    api("/oauth2/token", {
      method: "POST",
      headers: basic ? { authorization: `Basic ${Buffer.from(basic).toString("base64")}` } : {},
      body: new URLSearchParams({ redirect_uri: redirectUri, ...fields }),
    });
  const withBody = (code: string, extra: Record<string, string> = {}) => ({
    grant_type: "authorization_code",
    code,
    client_id: oauthClient().clientId,
    client_secret: oauthClient().clientSecret,
    code_verifier: verifier,
    ...extra,
  });
  const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

  it("renders a user picker with one button per fixture user", async () => {
    const res = await fetch(`${standIn.webBase}/oauth2/authorize?${authorizeParams()}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const user of standIn.fixture.users) {
      expect(html).toMatch(
        new RegExp(
          `<button type="submit" name="username" value="${user.username}"[^>]*>${user.username}</button>`,
        ),
      );
    }
    expect(html).toContain('name="viewport"');
  });

  it("runs the code flow with PKCE: code, token (Basic auth), users/@me, guilds, refresh", async () => {
    const back = await pick("alice");
    expect(back.origin + back.pathname).toBe(redirectUri);
    expect(back.searchParams.get("state")).toBe("state-1");
    const code = back.searchParams.get("code") ?? "";

    const { clientId, clientSecret } = oauthClient();
    const res = await exchange(
      { grant_type: "authorization_code", code, code_verifier: verifier },
      `${clientId}:${clientSecret}`,
    );
    expect(res.status).toBe(200);
    const tokens = (await res.json()) as Record<string, unknown>;
    expect(tokens).toMatchObject({ token_type: "Bearer", expires_in: 604800, scope: "identify guilds" });

    const access = String(tokens.access_token);
    const me = await (await api("/v10/users/@me", bearer(access))).json();
    expect(me).toEqual(
      expect.objectContaining({
        id: ALICE,
        username: "alice",
        global_name: "Alice Admin",
        avatar: null,
        discriminator: "0",
      }),
    );
    const guilds = (await (await api("/users/@me/guilds", bearer(access))).json()) as Record<
      string,
      unknown
    >[];
    expect(guilds.map((g) => [g.name, g.owner])).toEqual([
      ["Acme Ops", true],
      ["Beta Team", false],
    ]);
    // Without guilds.members.read the member endpoint is refused.
    expect((await api(`/users/@me/guilds/${ACME}/member`, bearer(access))).status).toBe(401);

    const refreshed = await exchange({
      grant_type: "refresh_token",
      refresh_token: String(tokens.refresh_token),
      client_id: clientId,
      client_secret: clientSecret,
    });
    expect(refreshed.status).toBe(200);
    const again = (await refreshed.json()) as Record<string, unknown>;
    expect(again.access_token).not.toBe(access);
    expect((await api("/users/@me", bearer(String(again.access_token)))).status).toBe(200);
  });

  it("serves the member object with guilds.members.read", async () => {
    const scope = "identify guilds guilds.members.read";
    const res = await exchange(withBody(await codeFor("bob", { scope })));
    const { access_token } = (await res.json()) as { access_token: string };
    const member = await api(`/users/@me/guilds/${ACME}/member`, bearer(access_token));
    expect(await member.json()).toMatchObject({ user: { id: BOB }, roles: ["300000000000000002"] });
    expect((await api(`/users/@me/guilds/${BETA}/member`, bearer(access_token))).status).toBe(404);
  });

  it("refuses a wrong secret, a reused code, a bad verifier and a wrong redirect_uri", async () => {
    const wrongSecret = await exchange(withBody(await codeFor("alice"), { client_secret: "wrong" }));
    expect(wrongSecret.status).toBe(401);
    expect(await wrongSecret.json()).toMatchObject({ error: "invalid_client" });

    const code = await codeFor("alice");
    expect((await exchange(withBody(code))).status).toBe(200);
    const reused = await exchange(withBody(code));
    expect(reused.status).toBe(400);
    expect(await reused.json()).toMatchObject({ error: "invalid_grant" });

    const badVerifier = await exchange(withBody(await codeFor("alice"), { code_verifier: `${verifier}x` }));
    expect(badVerifier.status).toBe(400);
    const noVerifier = await exchange(withBody(await codeFor("alice"), { code_verifier: "" }));
    expect(noVerifier.status).toBe(400);
    const wrongRedirect = await exchange(
      withBody(await codeFor("alice"), { redirect_uri: "http://127.0.0.1:9/x" }),
    );
    expect(wrongRedirect.status).toBe(400);
  });

  it("refuses an unknown client_id, a wrong response_type and unknown scopes", async () => {
    const unknownClient = await fetch(
      `${standIn.webBase}/oauth2/authorize?${authorizeParams({ client_id: "123" })}`,
    );
    expect(unknownClient.status).toBe(400);
    expect(await unknownClient.text()).toContain("Unknown client_id");

    const implicit = await fetch(
      `${standIn.webBase}/oauth2/authorize?${authorizeParams({ response_type: "token" })}`,
      {
        redirect: "manual",
      },
    );
    const location = new URL(implicit.headers.get("location") ?? "");
    expect(location.searchParams.get("error")).toBe("unsupported_response_type");
    expect(location.searchParams.get("state")).toBe("state-1");

    const scope = await pick("alice", { scope: "identify admin" });
    expect(scope.searchParams.get("error")).toBe("invalid_scope");
    expect(scope.searchParams.get("code")).toBeNull();
  });

  it("sends the user back with access_denied on Cancel", async () => {
    const res = await fetch(`${standIn.webBase}/oauth2/authorize`, {
      method: "POST",
      redirect: "manual",
      body: new URLSearchParams({ ...Object.fromEntries(authorizeParams()), deny: "1" }),
    });
    const location = new URL(res.headers.get("location") ?? "");
    expect(location.searchParams.get("error")).toBe("access_denied");
    expect(location.searchParams.get("code")).toBeNull();
  });

  it("refuses a bearer token the stand-in never issued", async () => {
    expect((await api("/users/@me", bearer("made-up"))).status).toBe(401);
  });
});

describe("fixture", () => {
  it("validates references between users, guilds and roles", () => {
    const fixture = loadFixture();
    const [acme, ...rest] = fixture.guilds;
    if (!acme) throw new Error("the fixture has no guilds");
    const broken = {
      ...fixture,
      guilds: [{ ...acme, ownerId: "999", members: [{ userId: ALICE, roles: ["42"] }] }, ...rest],
    };
    expect(() => parseFixture(broken)).toThrow(/guilds\.0\.ownerId: is not a fixture user/);
    expect(() => parseFixture(broken)).toThrow(/guilds\.0\.members\.0\.roles: unknown role 42/);
    expect(() => parseFixture({ ...fixture, bot: { ...fixture.bot, id: "bot" } })).toThrow(/bot\.id/);
  });
});
