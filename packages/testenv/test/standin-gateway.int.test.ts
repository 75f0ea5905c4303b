import { AttachmentBuilder, Client, Events, GatewayIntentBits, REST, Routes } from "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DiscordStandIn, startDiscordStandIn } from "../src/discord-local/index";

const ALICE = "100000000000000001";
const ACME = "200000000000000001";

let standIn: DiscordStandIn;
let client: Client;

beforeAll(async () => {
  standIn = await startDiscordStandIn();
  client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: standIn.apiBase } });
  client.on(Events.InteractionCreate, async (interaction) => {
    if (!interaction.isChatInputCommand()) return;
    if (interaction.commandName === "ping") {
      await interaction.reply({ embeds: [{ title: "pong", description: interaction.user.username }] });
    } else if (interaction.commandName === "slow") {
      await interaction.deferReply({ flags: 64 });
      await interaction.editReply({ content: `done for ${interaction.options.getString("name")}` });
    } else if (interaction.commandName === "file") {
      await interaction.reply({
        files: [new AttachmentBuilder(Buffer.from("line 1\nline 2\n"), { name: "logs.txt" })],
      });
      await interaction.followUp({ content: "and a follow-up" });
    }
  });
  const ready = new Promise((resolve) => client.once(Events.ClientReady, resolve));
  await client.login(standIn.fixture.bot.token);
  await ready;
});

afterAll(async () => {
  await client?.destroy();
  await standIn?.close();
});

describe("the real discord.js client against the stand-in", () => {
  it("becomes ready with the installed guilds cached", () => {
    expect(client.user?.id).toBe(standIn.fixture.bot.id);
    expect([...client.guilds.cache.keys()].sort()).toEqual(["200000000000000001", "200000000000000002"]);
    expect(client.guilds.cache.get(ACME)?.name).toBe("Acme Ops");
  });

  it("records slash command registration", async () => {
    const rest = new REST({ api: standIn.apiBase }).setToken(standIn.fixture.bot.token);
    await rest.put(Routes.applicationCommands(standIn.fixture.application.id), {
      body: [{ name: "ping", description: "Ping" }],
    });
    expect(standIn.registeredCommands()).toMatchObject([{ name: "ping" }]);
  });

  it("delivers a typed command and returns the bot's embed reply", async () => {
    const handle = await standIn.sendCommand({ userId: ALICE, guildId: ACME, name: "ping" });
    const reply = await handle.reply();
    expect(reply.embeds?.[0]).toMatchObject({ title: "pong", description: "alice" });
  });

  it("follows a deferral to the edited reply", async () => {
    const handle = await standIn.sendCommand({
      userId: ALICE,
      guildId: ACME,
      name: "slow",
      options: [{ name: "name", type: 3, value: "web" }],
    });
    expect((await handle.reply()).content).toBe("done for web");
  });

  it("records attachments and follow-ups", async () => {
    const handle = await standIn.sendCommand({ userId: ALICE, guildId: ACME, name: "file" });
    const reply = await handle.reply();
    expect(reply.attachments).toMatchObject([{ filename: "logs.txt", content: "line 1\nline 2\n" }]);
    await expect.poll(() => handle.followUps().length).toBe(1);
    expect(handle.followUps()[0]?.content).toBe("and a follow-up");
  });

  it("records direct messages", async () => {
    const user = await client.users.fetch(ALICE);
    await user.send({ content: "your rollout finished" });
    expect(standIn.dms(ALICE)).toMatchObject([{ content: "your rollout finished" }]);
  });

  it("times out clearly when the bot never answers", async () => {
    const handle = await standIn.sendCommand({ userId: ALICE, guildId: ACME, name: "unknown-command" });
    await expect(handle.reply(300)).rejects.toThrow(/did not answer/);
  });
});

describe("bot REST and OAuth refusals", () => {
  it("refuses a wrong bot token", async () => {
    const res = await fetch(`${standIn.apiBase}/v10/users/@me`, { headers: { authorization: "Bot wrong" } });
    expect(res.status).toBe(401);
  });

  it("answers 404 Unknown Member for a non-member and Unknown Guild where the bot is absent", async () => {
    const auth = { authorization: `Bot ${standIn.fixture.bot.token}` };
    const member = await fetch(`${standIn.apiBase}/v10/guilds/${ACME}/members/100000000000000004`, {
      headers: auth,
    });
    expect(member.status).toBe(404);
    expect(await member.json()).toMatchObject({ code: 10007 });
    const lair = await fetch(`${standIn.apiBase}/v10/guilds/200000000000000003`, { headers: auth });
    expect(await lair.json()).toMatchObject({ code: 10004 });
  });

  it("runs the authorization-code flow with PKCE and refuses a reused code or bad verifier", async () => {
    const client = standIn.fixture.oauthClients[0];
    if (!client) throw new Error("no client");
    const verifier = "v".repeat(50);
    const challenge = Buffer.from(
      await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier)),
    ).toString("base64url");
    const params = {
      client_id: client.clientId,
      response_type: "code",
      redirect_uri: "http://127.0.0.1:9/cb",
      scope: "identify guilds",
      state: "s1",
      code_challenge: challenge,
      code_challenge_method: "S256",
    };
    const page = await fetch(`${standIn.webBase}/oauth2/authorize?${new URLSearchParams(params)}`);
    expect(await page.text()).toContain(">alice</button>");
    const getCode = async () => {
      const res = await fetch(`${standIn.webBase}/oauth2/authorize`, {
        method: "POST",
        redirect: "manual",
        body: new URLSearchParams({ ...params, username: "alice" }),
      });
      const location = new URL(res.headers.get("location") ?? "");
      expect(location.searchParams.get("state")).toBe("s1");
      return location.searchParams.get("code") ?? "";
    };
    const exchange = (code: string, codeVerifier: string, secret = client.clientSecret) =>
      fetch(`${standIn.apiBase}/oauth2/token`, {
        method: "POST",
        body: new URLSearchParams({
          grant_type: "authorization_code",
          code,
          redirect_uri: params.redirect_uri,
          client_id: client.clientId,
          client_secret: secret,
          code_verifier: codeVerifier,
        }),
      });

    const code = await getCode();
    const ok = await exchange(code, verifier);
    expect(ok.status).toBe(200);
    const { access_token } = (await ok.json()) as { access_token: string };
    expect((await exchange(code, verifier)).status).toBe(400); // reused
    expect((await exchange(await getCode(), "w".repeat(50))).status).toBe(400); // bad verifier
    expect((await exchange(await getCode(), verifier, "wrong-secret")).status).toBe(401);

    const me = await fetch(`${standIn.apiBase}/v10/users/@me`, {
      headers: { authorization: `Bearer ${access_token}` },
    });
    expect(await me.json()).toMatchObject({ id: ALICE, username: "alice" });
    const guilds = await fetch(`${standIn.apiBase}/v10/users/@me/guilds`, {
      headers: { authorization: `Bearer ${access_token}` },
    });
    expect(((await guilds.json()) as { name: string }[]).map((g) => g.name)).toEqual([
      "Acme Ops",
      "Beta Team",
    ]);
    const member = await fetch(`${standIn.apiBase}/v10/users/@me/guilds/${ACME}/member`, {
      headers: { authorization: `Bearer ${access_token}` },
    });
    expect(member.status).toBe(403); // guilds.members.read was not granted
  });

  it("refuses an unknown OAuth client", async () => {
    const res = await fetch(
      `${standIn.webBase}/oauth2/authorize?client_id=1&response_type=code&redirect_uri=x`,
    );
    expect(res.status).toBe(400);
  });
});
