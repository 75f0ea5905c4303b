import { randomUUID } from "node:crypto";
import { request } from "node:http";
import { insertCluster, writeAudit } from "@clustercord/db";
import { freePort } from "@clustercord/testenv";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACME, ALICE, BOB, startWorkerHarness, type WorkerHarness } from "./harness";

// The demo's Discord page (served by the stand-in at its root) drives the real
// worker through the stand-in's JSON endpoints; these tests call them as the
// page does and read what the page would render.

const OPS = "400000000000000001"; // #ops in Acme Ops
const MALLORY = "100000000000000004";

interface DemoMessage {
  id: string;
  edited: boolean;
  ephemeral: boolean;
  loading: boolean;
  command: { label: string; user: string } | null;
  embeds: { title?: string; description?: string; fields?: { name: string; value: string }[] }[];
  components: { components?: { label?: string; custom_id?: string }[] }[];
  attachments: { filename: string; url: string }[];
}

let h: WorkerHarness;
let base: string;

beforeAll(async () => {
  h = await startWorkerHarness();
  base = h.standIn.url;
});

afterAll(async () => {
  await h?.close();
});

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${base}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

async function messages(userId: string, channelId: string): Promise<DemoMessage[]> {
  const response = await fetch(`${base}/demo/messages?userId=${userId}&channelId=${channelId}`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { messages: DemoMessage[] }).messages;
}

/** What the page shows once the bot has answered: polls as the page does on each change event. */
async function waitForMessage(
  userId: string,
  channelId: string,
  found: (m: DemoMessage) => boolean,
  what: string,
): Promise<DemoMessage> {
  const deadline = Date.now() + 15_000;
  let seen: DemoMessage[] = [];
  while (Date.now() < deadline) {
    seen = await messages(userId, channelId);
    const hit = seen.find(found);
    if (hit) return hit;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the page never showed ${what}; it showed ${JSON.stringify(seen)}`);
}

const buttonId = (message: DemoMessage, label: string) => {
  const button = message.components.flatMap((r) => r.components ?? []).find((b) => b.label === label);
  if (!button?.custom_id) throw new Error(`no button ${label} in ${JSON.stringify(message.components)}`);
  return button.custom_id;
};

describe("the demo's Discord page against the real worker", () => {
  it("serves the page and its script under a policy that allows only its own files", async () => {
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-security-policy")).toContain("script-src 'self'");
    expect(await page.text()).toContain('<script type="module" src="/demo/app.js">');
    const script = await fetch(`${base}/demo/app.js`);
    expect(script.headers.get("content-type")).toMatch(/^text\/javascript/);
    expect(await script.text()).toContain("/demo/commands");
  });

  it("lists the fixture people, the servers the bot is in and the commands the worker registered", async () => {
    const world = (await (await fetch(`${base}/demo/world`)).json()) as {
      connected: boolean;
      users: { username: string }[];
      guilds: { name: string; channels: { name: string }[] }[];
      commands: { name: string }[];
    };
    expect(world.connected).toBe(true);
    expect(world.users.map((u) => u.username)).toEqual(["alice", "bob", "carol", "mallory"]);
    expect(world.guilds.map((g) => g.name)).toEqual(["Acme Ops", "Beta Team"]);
    expect(world.guilds[0]?.channels).toEqual([{ id: OPS, name: "ops" }]);
    expect(world.commands.map((c) => c.name)).toEqual(h.standIn.registeredCommands().map((c) => c.name));
  });

  it("answers /whoami as alice in Acme Ops with the embed, only she sees it", async () => {
    const sent = await post("/demo/commands", { userId: ALICE, channelId: OPS, name: "whoami" });
    expect(sent.status).toBe(200);
    expect(sent.json.acknowledged).toBe(true);
    const reply = await waitForMessage(
      ALICE,
      OPS,
      (m) => m.embeds[0]?.title === "Who am I",
      "the /whoami embed",
    );
    expect(reply).toMatchObject({
      ephemeral: true,
      loading: false,
      command: { label: "/whoami", user: "alice" },
    });
    expect(JSON.stringify(reply.embeds)).toContain("Alice Admin");
    expect(reply.embeds[0]?.fields).toContainEqual(
      expect.objectContaining({ name: "ClusterCord role", value: "admin" }),
    );
    // Ephemeral: bob in the same channel does not see it.
    expect((await messages(BOB, OPS)).some((m) => m.id === reply.id)).toBe(false);
  });

  it("round-trips a button click: Older edits the /audit reply in place", async () => {
    for (const action of ["demo-first", "demo-second"]) {
      await writeAudit(h.db.prisma, {
        actorId: ALICE,
        actorName: "alice",
        guildId: ACME,
        action,
        target: "t",
        via: "web",
        result: "ok",
      });
    }
    const sent = await post("/demo/commands", {
      userId: ALICE,
      channelId: OPS,
      name: "audit",
      options: [{ name: "limit", type: 4, value: 1 }],
    });
    expect(sent.json.acknowledged).toBe(true);
    const first = await waitForMessage(
      ALICE,
      OPS,
      (m) => m.command?.label === "/audit" && !m.loading,
      "the /audit page",
    );
    expect(first.embeds[0]?.fields?.map((f) => f.name)).toEqual(["demo-second"]);

    const clicked = await post("/demo/components", {
      userId: ALICE,
      messageId: first.id,
      customId: buttonId(first, "Older"),
    });
    expect(clicked).toMatchObject({ status: 200, json: { acknowledged: true } });
    const older = await waitForMessage(
      ALICE,
      OPS,
      (m) => m.id === first.id && m.embeds[0]?.fields?.[0]?.name === "demo-first",
      "the older page in the same message",
    );
    expect(older.edited).toBe(true);
  });

  it("offers the bot's autocomplete choices and runs Confirm on /cluster remove", async () => {
    const name = `demo-${randomUUID().slice(0, 6)}`;
    const id = randomUUID();
    const server = `https://127.0.0.1:${await freePort()}`;
    const selected = {
      contextName: "x",
      server,
      insecureSkipTlsVerify: false,
      credentials: { kind: "token", token: "t" },
    };
    await insertCluster(h.db.prisma, {
      id,
      guildId: ACME,
      name,
      server,
      shared: false,
      insecure: false,
      credential: h.cipher.seal(JSON.stringify(selected), { guildId: ACME, clusterId: id }),
      keyId: h.cipher.activeKeyId,
      createdBy: ALICE,
    });

    const offered = await post("/demo/autocomplete", {
      userId: ALICE,
      channelId: OPS,
      name: "pods",
      focused: { name: "cluster", value: name.slice(0, 7) },
    });
    expect(offered.status).toBe(200);
    expect(offered.json.choices).toEqual([{ name, value: name }]);

    await post("/demo/commands", {
      userId: ALICE,
      channelId: OPS,
      name: "cluster",
      subcommand: "remove",
      options: [{ name: "name", type: 3, value: name }],
    });
    const plan = await waitForMessage(
      ALICE,
      OPS,
      (m) => m.embeds[0]?.title === `Remove cluster ${name}?`,
      "the removal plan",
    );
    await post("/demo/components", {
      userId: ALICE,
      messageId: plan.id,
      customId: buttonId(plan, `Remove ${name}`),
    });
    const done = await waitForMessage(
      ALICE,
      OPS,
      (m) => m.id === plan.id && m.embeds[0]?.description === `Removed cluster ${name}.`,
      "the removal outcome",
    );
    expect(done.components).toEqual([]);
    expect(await h.db.prisma.cluster.count({ where: { id } })).toBe(0);
  });

  it("sends an attachment option's file to the bot", async () => {
    await post("/demo/commands", {
      userId: ALICE,
      channelId: OPS,
      name: "cluster",
      subcommand: "add",
      options: [
        { name: "name", type: 3, value: "from-file" },
        { name: "shared", type: 5, value: false },
        {
          name: "kubeconfig",
          type: 11,
          file: { filename: "kubeconfig.yaml", base64: Buffer.from("not: [a kubeconfig").toString("base64") },
        },
      ],
    });
    // The bot fetched the file and the API judged it: the page shows the refusal.
    const reply = await waitForMessage(
      ALICE,
      OPS,
      (m) => m.command?.label === "/cluster add" && !m.loading,
      "the /cluster add answer",
    );
    expect(reply.embeds[0]?.description).toBe("⚠️ YAML syntax error at line 1, column 19: bad indentation");
  });
});

describe("the demo endpoints' guards", () => {
  it("explains what is wrong with a request, naming the field", async () => {
    const badValue = await post("/demo/commands", {
      userId: ALICE,
      channelId: OPS,
      name: "audit",
      options: [{ name: "limit", type: 4, value: "ten" }],
    });
    expect(badValue.status).toBe(400);
    expect(badValue.json.message).toMatch(/^Invalid demo request: options\.0/);

    const unknownOption = await post("/demo/commands", {
      userId: ALICE,
      channelId: OPS,
      name: "whoami",
      options: [{ name: "verbose", type: 5, value: true }],
    });
    expect(unknownOption).toMatchObject({
      status: 400,
      json: { message: '/whoami has no option "verbose" (options: none)' },
    });

    expect((await post("/demo/commands", "{not json")).status).toBe(400);
  });

  it("refuses other origins, non-JSON bodies, foreign Host headers and oversized files", async () => {
    const body = { userId: ALICE, channelId: OPS, name: "whoami" };
    expect((await post("/demo/commands", body, { origin: "https://evil.example" })).status).toBe(403);
    const form = await fetch(`${base}/demo/commands`, {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: JSON.stringify(body),
    });
    expect(form.status).toBe(415);
    const big = await post("/demo/commands", {
      ...body,
      name: "cluster",
      subcommand: "add",
      options: [{ name: "kubeconfig", type: 11, file: { filename: "k", base64: "A".repeat(2_800_000) } }],
    });
    expect(big.status).toBe(400);
    expect(big.json.message).toContain("files are limited to 2097152 bytes in the demo");
    const status = await new Promise<number>((resolve, reject) => {
      const url = new URL(`${base}/demo/world`);
      request(
        { host: url.hostname, port: url.port, path: url.pathname, headers: { host: "rebound.example" } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      )
        .on("error", reject)
        .end();
    });
    expect(status).toBe(403);
  });

  it("shows a person only channels of servers they are in, and only buttons they may click", async () => {
    const mallory = await fetch(`${base}/demo/messages?userId=${MALLORY}&channelId=${OPS}`);
    expect(mallory.status).toBe(403);
    expect(((await mallory.json()) as { message: string }).message).toBe(
      "That person is not a member of Acme Ops",
    );

    await post("/demo/commands", { userId: ALICE, channelId: OPS, name: "whoami" });
    const mine = await waitForMessage(ALICE, OPS, (m) => m.command?.label === "/whoami", "alice's /whoami");
    const foreign = await post("/demo/components", {
      userId: BOB,
      messageId: mine.id,
      customId: "audit-older:x:1",
    });
    expect(foreign.status).toBe(400);
    expect(foreign.json.message).toBe(`No message ${mine.id} that this person can see`);
    const missing = await post("/demo/components", {
      userId: ALICE,
      messageId: mine.id,
      customId: "made-up",
    });
    expect(missing.json.message).toBe("The message has no component made-up");
  });
});
