import { describe, expect, it } from "vitest";
import {
  alertIdempotencyKey,
  confirmationMessageFor,
  discordLimits,
  discordMessageFor,
  emailMessageFor,
  FULL_TEXT_FILE,
  planDeliveries,
  REDACTED,
  redactSecretShapes,
} from "../src/index";

const publicUrl = "https://cc.example.test";

describe("discordMessageFor", () => {
  it("gives an alert's message Diagnose and Mute buttons naming its event, and nothing else any", () => {
    const note = {
      title: "Pod shop/api-1 is crashing",
      body: "Exit code: 137",
      severity: "critical" as const,
      link: null,
    };
    const event = "ae0123456789abcdef0123456";
    const guild = "123456789012345678";
    const buttons = (guildId: string | null) =>
      discordMessageFor(
        { ...note, idempotencyKey: alertIdempotencyKey(event, guildId, "k".repeat(32)) },
        { publicUrl },
      ).body.components;
    // The server goes into the button: a click in a DM names none.
    expect(buttons(guild)).toEqual([
      {
        type: 1,
        components: [
          { type: 2, style: 1, label: "Diagnose", custom_id: `alert:diagnose:${event}:${guild}` },
          { type: 2, style: 2, label: "Mute", custom_id: `alert:mute:${event}:${guild}` },
        ],
      },
    ]);
    expect(buttons(null)).toEqual([
      {
        type: 1,
        components: [
          { type: 2, style: 1, label: "Diagnose", custom_id: `alert:diagnose:${event}` },
          { type: 2, style: 2, label: "Mute", custom_id: `alert:mute:${event}` },
        ],
      },
    ]);
    expect(
      discordMessageFor({ ...note, idempotencyKey: "cost.budget:b1:2026:exceeded" }, { publicUrl }).body
        .components,
    ).toBeUndefined();
    expect(
      discordMessageFor({ ...note, idempotencyKey: `alerts:${"k".repeat(32)}` }, { publicUrl }).body
        .components,
    ).toBeUndefined();
  });

  it("pings nobody, whatever the text says, and makes links absolute", () => {
    const message = discordMessageFor(
      { title: "Alert @everyone", body: "<@&123> <@456> @here", severity: "critical", link: "/clusters/c1" },
      { publicUrl, nonce: "ckabcdefghijklmnopqrstuvwxyz0123" },
    );
    expect(message.body.allowed_mentions).toEqual({ parse: [] });
    expect(message.body.embeds[0]).toMatchObject({
      title: "Alert @everyone",
      description: "<@&123> <@456> @here",
      url: "https://cc.example.test/clusters/c1",
      color: 0xd1242f,
    });
    expect(message.body.nonce).toHaveLength(discordLimits.nonce);
    expect(message.body.enforce_nonce).toBe(true);
    expect(message.files).toEqual([]);
  });

  it("previews a body over the embed limit and attaches the whole text", () => {
    const body = "x".repeat(discordLimits.embedDescription + 1);
    const message = discordMessageFor({ title: "T", body, severity: "info", link: null }, { publicUrl });
    const embed = message.body.embeds[0];
    expect(embed?.description?.length).toBeLessThan(discordLimits.embedDescription);
    expect(embed?.description).toContain(FULL_TEXT_FILE);
    const total =
      (embed?.title.length ?? 0) + (embed?.description?.length ?? 0) + (embed?.footer.text.length ?? 0);
    expect(total).toBeLessThanOrEqual(discordLimits.embedTotal);
    expect(message.files[0]?.data.toString()).toContain(body);
  });

  it("keeps a body of exactly the limit inline, and leaves out links that are not http(s)", () => {
    const body = "y".repeat(discordLimits.embedDescription);
    const message = discordMessageFor(
      { title: "T", body, severity: "info", link: "javascript:alert(1)" },
      { publicUrl },
    );
    expect(message.body.embeds[0]?.description).toBe(body);
    expect(message.body.embeds[0]?.url).toBeUndefined();
    expect(message.files).toEqual([]);
  });
});

describe("email messages", () => {
  it("puts severity in the subject on one line, and a stable Message-ID per delivery", () => {
    const mail = emailMessageFor(
      { title: "Disk\r\nBcc: victim@example.test", body: "Body", severity: "warning", link: "/x" },
      { publicUrl, deliveryId: "d1", from: "ClusterCord <cc@mail.example.test>" },
    );
    expect(mail.subject).toBe("[ClusterCord] WARNING: Disk Bcc: victim@example.test");
    expect(mail.messageId).toBe("<notification-d1@mail.example.test>");
    expect(mail.text).toContain("https://cc.example.test/x");
    expect(mail.text).toContain("https://cc.example.test/settings/notifications");
  });

  it("carries the confirmation token in the link's fragment only", () => {
    const token = "A".repeat(43);
    const mail = confirmationMessageFor({
      publicUrl,
      token,
      id: "c1",
      from: "cc@example.test",
      expiresInHours: 24,
    });
    expect(mail.text).toContain(`https://cc.example.test/notifications/confirm#token=${token}`);
    expect(mail.messageId).not.toContain(token);
    expect(mail.subject).not.toContain(token);
  });
});

describe("redactSecretShapes", () => {
  it("blanks credentials by shape and names only their kinds", () => {
    const text = [
      "key: -----BEGIN RSA PRIVATE KEY-----\nabc\n-----END RSA PRIVATE KEY-----",
      "Authorization: Bearer abcdefghijklmnop1234",
      "db at postgresql://app:hunter2hunter2@db:5432/app",
      "client-key-data: LS0tLS1CRUdJTiBSU0E=",
      "token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlLXZhbHVl",
      "aws AKIAABCDEFGHIJKLMNOP",
      "gh ghp_abcdefghijklmnopqrstuvwxyz0123456789",
    ].join("\n");
    const { text: out, found } = redactSecretShapes(text);
    for (const secret of [
      "abcdefghijklmnop1234",
      "hunter2",
      "LS0tLS1CRUdJTiBSU0E",
      "eyJhbGci",
      "AKIAABCD",
      "ghp_",
      "abc\n",
    ])
      expect(out).not.toContain(secret);
    expect(out).toContain(REDACTED);
    expect(found.sort()).toEqual(
      [
        "private key",
        "bearer token",
        "password in a URL",
        "kubeconfig credential",
        "JSON web token",
        "cloud access key",
        "access token",
      ].sort(),
    );
  });

  it("leaves ordinary text alone", () => {
    const text =
      "Deployment web in acme: 3/3 ready after 42 s (image web:1.4.2). See https://example.test/a?b=c";
    expect(redactSecretShapes(text)).toEqual({ text, found: [] });
  });
});

describe("planDeliveries", () => {
  const now = new Date("2026-06-01T23:30:00Z");
  const prefs = {
    userId: "1",
    discordDm: true,
    email: true,
    emailAddress: "a@example.test",
    emailConfirmedAt: new Date("2026-01-01T00:00:00Z") as Date | null,
    quietStart: "22:00",
    quietEnd: "07:00",
    timeZone: "UTC",
  };

  it("always stores for the web center, holds DM and mail in quiet hours, and bypasses them when critical", () => {
    const plan = planDeliveries({ kind: "person", prefs }, { now, severity: "info", emailAvailable: true });
    expect(plan.map((d) => [d.channel, d.status, d.notBefore.toISOString()])).toEqual([
      ["web", "sent", now.toISOString()],
      ["discord_dm", "held", "2026-06-02T07:00:00.000Z"],
      ["email", "held", "2026-06-02T07:00:00.000Z"],
    ]);
    const critical = planDeliveries(
      { kind: "person", prefs },
      { now, severity: "critical", emailAvailable: true },
    );
    expect(critical.map((d) => d.status)).toEqual(["sent", "pending", "pending"]);
  });

  it("plans no mail without a confirmed address or without SMTP, and no DM when they are off", () => {
    const channels = (p: typeof prefs, emailAvailable = true) =>
      planDeliveries({ kind: "person", prefs: p }, { now, severity: "critical", emailAvailable }).map(
        (d) => d.channel,
      );
    expect(channels({ ...prefs, emailConfirmedAt: null })).toEqual(["web", "discord_dm"]);
    expect(channels(prefs, false)).toEqual(["web", "discord_dm"]);
    expect(channels({ ...prefs, email: false, discordDm: false })).toEqual(["web"]);
    expect(planDeliveries({ kind: "channel" }, { now, severity: "info", emailAvailable: true })).toEqual([
      { channel: "discord_channel", status: "pending", notBefore: now },
    ]);
  });

  it("sends an alert now when its caller already applied the hours, over the push channels it chose", () => {
    const plan = planDeliveries(
      { kind: "person", prefs },
      { now, severity: "info", emailAvailable: true, sendNow: true, pushChannels: ["discord_dm"] },
    );
    expect(plan.map((d) => [d.channel, d.status, d.notBefore.toISOString()])).toEqual([
      ["web", "sent", now.toISOString()],
      ["discord_dm", "pending", now.toISOString()],
    ]);
    const webOnly = planDeliveries(
      { kind: "person", prefs },
      { now, severity: "info", emailAvailable: true, sendNow: true, pushChannels: [] },
    );
    expect(webOnly.map((d) => d.channel)).toEqual(["web"]);
  });

  it("never plans mail for a sensitive notification (credentials stay off SMTP)", () => {
    const plan = planDeliveries(
      { kind: "person", prefs },
      { now, severity: "critical", emailAvailable: true, sensitive: true },
    );
    expect(plan.map((d) => d.channel)).toEqual(["web", "discord_dm"]);
  });
});
