import { AppError } from "@clustercord/contracts";
import { type DiscordStandIn, startDiscordStandIn } from "@clustercord/testenv/discord";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createDiscordDirectory } from "../src/discord-directory";

const ALICE = "100000000000000001";
const MALLORY = "100000000000000004"; // in no guild
const ACME = "200000000000000001";
const BETA = "200000000000000002";
const LAIR = "200000000000000003"; // the bot is not installed there

let standIn: DiscordStandIn;

beforeAll(async () => {
  standIn = await startDiscordStandIn();
});
afterEach(() => standIn.rateLimit(null));
afterAll(async () => {
  await standIn?.close();
});

const directory = () =>
  createDiscordDirectory({ apiBase: standIn.apiBase, botToken: standIn.fixture.bot.token });

/** REST calls that reached the stand-in since `mark()`, optionally only under a path prefix. */
function counter() {
  const start = standIn.requests().length;
  return (prefix = "/api/v10/") =>
    standIn
      .requests()
      .slice(start)
      .filter((r) => r.path.startsWith(prefix));
}

const failure = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
};

describe("the Discord directory under Discord's rate limits", () => {
  it("waits out a short retry-after and retries once", async () => {
    const dir = directory();
    standIn.rateLimit({ retryAfterSeconds: 0.4, count: 1, match: /^\/guilds\// });
    const seen = counter();
    const started = Date.now();
    const guild = await dir.getGuild(ACME);
    expect(guild?.name).toBe("Acme Ops");
    expect(Date.now() - started).toBeGreaterThanOrEqual(380);
    expect(seen().map((r) => r.status)).toEqual([429, 200]);
  });

  it("in a 429 storm serves what it has cached, fails the rest at once with when to retry, and does not hammer", async () => {
    const dir = directory();
    await dir.getGuild(ACME); // cached before the storm
    standIn.rateLimit({ retryAfterSeconds: 30, match: /^\/guilds\// });
    const seen = counter();

    expect((await dir.getGuild(ACME))?.name).toBe("Acme Ops");
    const started = Date.now();
    const error = await failure(dir.getGuild(BETA));
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(error.code).toBe("UPSTREAM");
    expect(error.userMessage).toBe("Discord is rate limiting ClusterCord; try again in 30 s.");

    // Twenty more lookups on the limited routes: one 429 per route, then nothing is sent.
    for (let i = 0; i < 10; i++) {
      await failure(dir.getGuild(BETA));
      const member = await failure(dir.getMember(ACME, `1000000000000001${String(i).padStart(2, "0")}`));
      expect(member.userMessage).toMatch(/^Discord is rate limiting ClusterCord; try again in (29|30) s\.$/);
    }
    expect(seen().map((r) => `${r.status} ${r.path.replace(/\d{18}/g, "<id>")}`)).toEqual([
      "429 /api/v10/guilds/<id>",
      "429 /api/v10/guilds/<id>/members/<id>",
    ]);
    // Other routes are not held by a route's limit.
    expect(await dir.getUser(ALICE)).toMatchObject({ id: ALICE });
  });

  it("holds every route after a global 429", async () => {
    const dir = directory();
    standIn.rateLimit({ retryAfterSeconds: 20, global: true, count: 1 });
    const seen = counter();
    await failure(dir.getUser(ALICE));
    // The stand-in answers normally again, but the directory waits out the global limit first.
    const errors = await Promise.all([
      failure(dir.getGuild(BETA)),
      failure(dir.listBotGuilds()),
      failure(dir.getMember(ACME, ALICE)),
    ]);
    expect(errors.map((e) => e.userMessage)).toEqual(
      Array(3).fill("Discord is rate limiting ClusterCord; try again in 20 s."),
    );
    expect(seen().map((r) => r.status)).toEqual([429]);
  });

  it("remembers 'not found' for a minute, so unknown ids cost one call each", async () => {
    const dir = directory();
    const seen = counter();
    for (let i = 0; i < 5; i++) {
      expect(await dir.getGuild(LAIR)).toBeNull();
      expect(await dir.getMember(ACME, MALLORY)).toBeNull();
    }
    expect(seen().map((r) => r.status)).toEqual([404, 404]);
  });
});
