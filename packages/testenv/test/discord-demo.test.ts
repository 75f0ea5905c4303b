import { Client, ComponentType, Events, GatewayIntentBits, MessageFlags } from "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DiscordStandIn, startDiscordStandIn } from "../src/discord/index";

// The demo page's endpoints against a real discord.js bot that answers with a
// select menu (the ClusterCord worker has none yet; Discord's path is the same).

const ALICE = "100000000000000001";
const OPS = "400000000000000001";

let standIn: DiscordStandIn;
let client: Client;

beforeAll(async () => {
  standIn = await startDiscordStandIn();
  client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: standIn.apiBase } });
  client.on(Events.InteractionCreate, async (interaction) => {
    if (interaction.isChatInputCommand() && interaction.commandName === "size") {
      await interaction.reply({
        flags: MessageFlags.Ephemeral,
        content: "Pick a **size**",
        components: [
          {
            type: ComponentType.ActionRow,
            components: [
              {
                type: ComponentType.StringSelect,
                custom_id: "size",
                placeholder: "Size",
                options: [
                  { label: "Small", value: "s" },
                  { label: "Large", value: "l" },
                ],
              },
            ],
          },
        ],
      });
    } else if (interaction.isStringSelectMenu()) {
      await interaction.update({ content: `You picked ${interaction.values.join(", ")}`, components: [] });
    }
  });
  const ready = new Promise((resolve) => client.once(Events.ClientReady, resolve));
  await client.login(standIn.fixture.bot.token);
  await ready;
  await client.application?.commands.set([
    { name: "size", description: "Pick a size" },
    { name: "silent", description: "Never answered" },
  ]);
});

afterAll(async () => {
  await client?.destroy();
  await standIn?.close();
});

const post = async (path: string, body: unknown) => {
  const response = await fetch(`${standIn.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
};

const channel = async () => {
  const response = await fetch(`${standIn.url}/demo/messages?userId=${ALICE}&channelId=${OPS}`);
  return ((await response.json()) as { messages: { id: string; content: string; components: unknown[] }[] })
    .messages;
};

describe("the demo page's endpoints", () => {
  it("tells open pages about every change, and sends a select menu's values as Discord does", async () => {
    const events = await fetch(`${standIn.url}/demo/events`);
    expect(events.headers.get("content-type")).toBe("text/event-stream");
    const reader = events.body?.getReader();
    const first = new TextDecoder().decode((await reader?.read())?.value);
    expect(first).toMatch(/^retry: 1000\nevent: change\ndata: \d+\n\n$/);

    const sent = await post("/demo/commands", { userId: ALICE, channelId: OPS, name: "size" });
    expect(sent).toMatchObject({ status: 200, json: { acknowledged: true } });
    const change = new TextDecoder().decode((await reader?.read())?.value);
    expect(change).toMatch(/^event: change\ndata: \d+\n\n/);
    await reader?.cancel();

    const [menu] = await channel();
    expect(menu?.content).toBe("Pick a **size**");
    const refused = await post("/demo/components", {
      userId: ALICE,
      messageId: menu?.id,
      customId: "size",
      values: ["xl"],
    });
    expect(refused).toMatchObject({ status: 400, json: { message: "size offers no xl" } });
    const button = await post("/demo/components", { userId: ALICE, messageId: menu?.id, customId: "size" });
    expect(button.json.message).toBe("size is a select menu: send values");

    const picked = await post("/demo/components", {
      userId: ALICE,
      messageId: menu?.id,
      customId: "size",
      values: ["l"],
    });
    expect(picked).toMatchObject({ status: 200, json: { acknowledged: true } });
    expect(await channel()).toMatchObject([{ id: menu?.id, content: "You picked l", components: [] }]);
  });

  it("answers 'not acknowledged' when the bot never answers, as Discord's client says it did not respond", async () => {
    const sent = await post("/demo/commands", { userId: ALICE, channelId: OPS, name: "silent" });
    expect(sent).toMatchObject({ status: 200, json: { acknowledged: false } });
  });

  it("shows a person the bot's DMs to them, and nobody else's", async () => {
    const dm = async (userId: string) =>
      (
        (await (await fetch(`${standIn.url}/demo/messages?userId=${userId}&channelId=dm`)).json()) as {
          messages: { content: string; command: unknown }[];
        }
      ).messages;
    expect(await dm(ALICE)).toEqual([]);
    await (await client.users.fetch(ALICE)).send("Pod web-1 is crash-looping");
    expect(await dm(ALICE)).toMatchObject([{ content: "Pod web-1 is crash-looping", command: null }]);
    expect(await dm("100000000000000002")).toEqual([]);
  });

  it("serves the page's files and nothing else under /demo", async () => {
    for (const file of ["/", "/demo/app.js", "/demo/parse.js", "/demo/render.js", "/demo/app.css"]) {
      expect((await fetch(`${standIn.url}${file}`)).status, file).toBe(200);
    }
    expect((await fetch(`${standIn.url}/demo/../fixture.ts`)).status).toBe(404);
    expect((await fetch(`${standIn.url}/demo/tsconfig.json`)).status).toBe(404);
  });
});
