import type {
  AlertPrefsView,
  AlertRulesListOutput,
  AlertsConfigOutput,
  DiagnosticsRunOutput,
} from "@clustercord/contracts";
import { insertAlertEvents } from "@clustercord/db";
import { alertIdempotencyKey, discordMessageFor } from "@clustercord/notify";
import { callTrpc, workerHeaders } from "@clustercord/testenv";
import type { Cluster } from "@clustercord/testenv/cluster";
import type { ReplyPayload } from "@clustercord/testenv/discord";
import { escapeMarkdown } from "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderAlertPrefs, renderRules, ruleField } from "../src/render/alerts";
import {
  ACME,
  BOB,
  buttonId,
  CAROL,
  opt,
  SERVICE_TOKEN,
  startWorkerWithSharedCluster,
  type WorkerHarness,
} from "./harness";

// /alert and the alert DM's buttons through the real worker and the Discord stand-in, against the real
// API (alerts.* over a real database, the rule's scope checked with the person's own rights on the local
// control plane). Alice owns Acme (admin), Bob is an operator there, Carol a viewer.

const nsAcme = `clustercord-guild-${ACME}`;
const HOUR = 3_600_000;

let h: WorkerHarness;
let kube: Cluster;
let clusterId: string;
let stack: Awaited<ReturnType<typeof startWorkerWithSharedCluster>>;

const payments = `
apiVersion: apps/v1
kind: Deployment
metadata: { name: payments, namespace: ${nsAcme} }
spec:
  replicas: 1
  selector: { matchLabels: { app: payments } }
  template:
    metadata: { labels: { app: payments } }
    spec:
      containers:
        - name: app
          image: ghcr.io/acme/payments:2.1.0
`;

const alert = (who: string, subcommand: string, options: ReturnType<typeof opt>[] = []) =>
  h.send({ userId: who, guildId: ACME, name: "alert", subcommand, options });

/** A query as the web page makes it, for the same person in the same server. */
async function api<T>(who: string, path: string, input?: unknown): Promise<T> {
  const res = await callTrpc<T>(h.apiUrl, path, {
    headers: workerHeaders(SERVICE_TOKEN, who, ACME),
    ...(input === undefined ? {} : { input }),
  });
  expect(res.status, JSON.stringify(res.error)).toBe(200);
  return res.data;
}

const rulesOf = (who: string) => api<AlertRulesListOutput>(who, "alerts.rules.list", { clusterId });
const description = (reply: ReplyPayload) => reply.embeds?.[0]?.description ?? "";
/** What a person sees of an embed, as JSON (the stand-in records what discord.js sent). */
const shown = (value: unknown) => JSON.parse(JSON.stringify(value));

beforeAll(async () => {
  stack = await startWorkerWithSharedCluster("alert");
  ({ h, kube, clusterId } = stack);
  await kube.kubectl(["apply", "-f", "-"], payments);
}, 600_000);

afterAll(async () => {
  await stack?.close();
});

describe("/alert create, list, delete", () => {
  let ruleId = "";

  it("creates a rule for the person (DM and web) and replies with what alerts.rules.list shows", async () => {
    const reply = await alert(CAROL, "create", [opt("type", "pod-crash"), opt("namespace", nsAcme)]);
    expect(reply.flags).toBe(64);
    expect(reply.embeds?.[0]?.title).toBe("Alert rule created");
    const { rules } = await rulesOf(CAROL);
    const rule = rules.find((r) => r.name === `pod-crash in ${nsAcme}`);
    expect(rule).toMatchObject({
      type: "pod-crash",
      scope: { kind: "namespace", namespace: nsAcme },
      severity: "HIGH",
      subscribers: [{ kind: "person", id: CAROL, via: ["dm", "web"] }],
      mayDelete: true,
    });
    ruleId = rule?.id ?? "";
    expect(reply.embeds?.[0]?.fields).toEqual([shown(ruleField(rule as never, CAROL))]);
  });

  it("takes a usage threshold, a workload and a throttle", async () => {
    const reply = await alert(CAROL, "create", [
      opt("type", "high-memory"),
      opt("threshold", 90),
      opt("namespace", nsAcme),
      opt("workload", "payments"),
      opt("throttle", 15),
      opt("name", "payments memory"),
    ]);
    const { rules } = await rulesOf(CAROL);
    const rule = rules.find((r) => r.name === "payments memory");
    expect(rule).toMatchObject({
      type: "high-memory",
      threshold: 90,
      throttleMinutes: 15,
      scope: { kind: "workload", namespace: nsAcme, workload: "Deployment", name: "payments" },
    });
    expect(reply.embeds?.[0]?.fields).toEqual([shown(ruleField(rule as never, CAROL))]);
  });

  it("refuses bad input with the field and the problem named", async () => {
    const noThreshold = await alert(CAROL, "create", [opt("type", "high-cpu")]);
    expect(noThreshold.flags).toBe(64);
    expect(description(noThreshold)).toContain("threshold: high-cpu needs a threshold (1-100 %)");

    const noMin = await alert(CAROL, "create", [opt("type", "finding")]);
    expect(description(noMin)).toContain("minSeverity: finding rules need a minimum severity");

    const workloadAlone = await alert(CAROL, "create", [
      opt("type", "pod-crash"),
      opt("workload", "payments"),
    ]);
    expect(description(workloadAlone)).toContain("A workload rule needs namespace: too");

    const badKind = await alert(CAROL, "create", [
      opt("type", "pod-crash"),
      opt("namespace", nsAcme),
      opt("workload", "Pod/x"),
    ]);
    expect(description(badKind)).toContain('workload "Pod/x": the kind must be one of Deployment');

    // A viewer may not read another guild's namespace: the API checks the scope as the person.
    const foreign = await alert(CAROL, "create", [opt("type", "pod-crash"), opt("namespace", "kube-system")]);
    expect(description(foreign)).toContain(
      "scope: no such namespace for you on this cluster (you need to be able to list pods there).",
    );
    const { rules } = await rulesOf(CAROL);
    expect(rules.some((r) => r.scope.kind === "namespace" && r.scope.namespace === "kube-system")).toBe(
      false,
    );
  });

  it("lists the rules exactly as alerts.rules.list returns them for the same person", async () => {
    const reply = await alert(CAROL, "list");
    const out = await rulesOf(CAROL);
    expect(out.rules.length).toBeGreaterThanOrEqual(2);
    expect(reply.embeds?.[0]).toEqual(shown(renderRules(out, CAROL)));
  });

  it("offers the person's own rules for delete (Bob may not delete Carol's)", async () => {
    const carols = await (
      await h.standIn.sendAutocomplete({
        userId: CAROL,
        guildId: ACME,
        name: "alert",
        subcommand: "delete",
        focused: { name: "id", value: "" },
      })
    ).choices();
    expect(carols.map((c) => c.value)).toContain(ruleId);
    const bobs = await (
      await h.standIn.sendAutocomplete({
        userId: BOB,
        guildId: ACME,
        name: "alert",
        subcommand: "delete",
        focused: { name: "id", value: "" },
      })
    ).choices();
    expect(bobs.map((c) => c.value)).not.toContain(ruleId);
    const refused = await alert(BOB, "delete", [opt("id", ruleId)]);
    expect(refused.flags).toBe(64);
    expect((await rulesOf(CAROL)).rules.map((r) => r.id)).toContain(ruleId);
  });

  it("mutes and unmutes a rule for a parsed duration, and says what a bad duration should look like", async () => {
    const bad = await alert(CAROL, "mute", [opt("id", ruleId), opt("duration", "90")]);
    expect(description(bad)).toContain('duration "90": say how long as minutes, hours or days, e.g. 30m, 2h');
    const tooLong = await alert(CAROL, "mute", [opt("id", ruleId), opt("duration", "31d")]);
    expect(description(tooLong)).toContain("mute for at most 30 days");

    const before = Date.now();
    const reply = await alert(CAROL, "mute", [opt("id", ruleId), opt("duration", "1h30m")]);
    const { mutes } = await rulesOf(CAROL);
    const mute = mutes.find((m) => m.ruleId === ruleId);
    expect(mute?.target).toEqual({ ruleId });
    const until = Date.parse(mute?.until ?? "");
    expect(until).toBeGreaterThanOrEqual(before + 90 * 60_000 - 1_000);
    expect(until).toBeLessThanOrEqual(Date.now() + 90 * 60_000 + 1_000);
    expect(description(reply)).toContain(
      `Muted the rule pod-crash in ${nsAcme} for 1h30m until ${mute?.until.slice(0, 16).replace("T", " ")} UTC`,
    );

    await alert(CAROL, "unmute", [opt("id", ruleId)]);
    expect((await rulesOf(CAROL)).mutes.some((m) => m.ruleId === ruleId)).toBe(false);
  });

  it("deletes the person's own rule by id", async () => {
    const reply = await alert(CAROL, "delete", [opt("id", ruleId)]);
    expect(description(reply)).toBe(`Deleted the alert rule pod-crash in ${nsAcme}.`);
    expect((await rulesOf(CAROL)).rules.map((r) => r.id)).not.toContain(ruleId);
    const again = await alert(CAROL, "delete", [opt("id", ruleId)]);
    expect(description(again)).toContain(`No alert rule "${ruleId}" in this server`);
  });
});

describe("/alert config", () => {
  it("sets quiet hours and the time zone, replying with what alerts.getConfig returns", async () => {
    const reply = await alert(CAROL, "config", [
      opt("quiet_start", "22:00"),
      opt("quiet_end", "07:00"),
      opt("timezone", "Europe/Berlin"),
    ]);
    const { prefs } = await api<AlertsConfigOutput>(CAROL, "alerts.getConfig", {});
    expect(prefs).toMatchObject({ timeZone: "Europe/Berlin", quietHours: { start: "22:00", end: "07:00" } });
    expect(reply.embeds?.[0]).toEqual(shown(renderAlertPrefs(prefs as AlertPrefsView)));
    // Nothing given: shows the same.
    expect((await alert(CAROL, "config")).embeds?.[0]).toEqual(reply.embeds?.[0]);
  });

  it("refuses half quiet hours and unknown time zones, and offers zones as you type", async () => {
    const half = await alert(CAROL, "config", [opt("quiet_start", "22:00")]);
    expect(description(half)).toContain(escapeMarkdown("Give both quiet_start and quiet_end (HH:MM)"));
    const zone = await alert(CAROL, "config", [opt("timezone", "Mars/Olympus")]);
    expect(description(zone)).toContain("timeZone: must be an IANA time zone");
    const time = await alert(CAROL, "config", [opt("quiet_start", "25:00"), opt("quiet_end", "07:00")]);
    expect(description(time)).toContain("must be a time of day as HH:MM");
    const offered = await (
      await h.standIn.sendAutocomplete({
        userId: CAROL,
        guildId: ACME,
        name: "alert",
        subcommand: "config",
        focused: { name: "timezone", value: "berl" },
      })
    ).choices();
    expect(offered.map((c) => c.value)).toEqual(["Europe/Berlin"]);
  });
});

describe("the alert DM's buttons", () => {
  let ruleId = "";
  const eventId = "e2e0a1b2c3d4e5f6a7b8c9d0";

  /** The DM the alerts engine's notify sends (same body builder), so the buttons are the real ones. */
  async function sendAlertDm(userId: string) {
    const auth = { authorization: `Bot ${h.standIn.fixture.bot.token}`, "content-type": "application/json" };
    const dm = (await (
      await fetch(`${h.standIn.apiBase}/v10/users/@me/channels`, {
        method: "POST",
        headers: auth,
        body: JSON.stringify({ recipient_id: userId }),
      })
    ).json()) as { id: string };
    const message = discordMessageFor(
      {
        title: "Deployment payments is crashing",
        body: "Cluster: shared\nReason: OOMKilled",
        severity: "warning",
        link: null,
        idempotencyKey: alertIdempotencyKey(eventId, ACME, "k1"),
      },
      { publicUrl: "https://cc.example.test" },
    );
    const sent = await fetch(`${h.standIn.apiBase}/v10/channels/${dm.id}/messages`, {
      method: "POST",
      headers: auth,
      body: JSON.stringify(message.body),
    });
    expect(sent.status).toBe(200);
    return ((await sent.json()) as { id: string }).id;
  }

  beforeAll(async () => {
    await alert(CAROL, "create", [
      opt("type", "pod-crash"),
      opt("namespace", nsAcme),
      opt("name", "crashes"),
    ]);
    ruleId = (await rulesOf(CAROL)).rules.find((r) => r.name === "crashes")?.id ?? "";
    await insertAlertEvents(h.db.prisma, [
      {
        id: eventId,
        clusterId,
        guildId: ACME,
        ruleId,
        kind: "alert",
        severity: "HIGH",
        title: "Deployment payments is crashing",
        lines: ["Reason: OOMKilled"],
        fingerprints: [],
        actions: [
          {
            type: "diagnose",
            target: { cluster: clusterId, kind: "Deployment", namespace: nsAcme, name: "payments" },
          },
          { type: "mute", target: { ruleId } },
        ],
        recipients: [`person:${CAROL}`],
        at: new Date(),
      },
    ]);
  });

  it("Mute mutes what the alert is about for an hour, then offers longer", async () => {
    const messageId = await sendAlertDm(CAROL);
    const dm = h.standIn.dms(CAROL).find((m) => m.id === messageId);
    const muteId = buttonId(dm?.components, "Mute");
    // The buttons name the server: a click in a DM has none of its own.
    expect(muteId).toBe(`alert:mute:${eventId}:${ACME}`);

    const before = Date.now();
    const handle = await h.standIn.sendComponent({
      userId: CAROL,
      guildId: null,
      customId: muteId,
      messageId,
    });
    const edited = await handle.reply();
    const mute = (await rulesOf(CAROL)).mutes.find((m) => m.ruleId === ruleId);
    expect(mute?.target).toEqual({ ruleId });
    expect(Date.parse(mute?.until ?? "")).toBeGreaterThanOrEqual(before + HOUR - 1_000);
    expect(Date.parse(mute?.until ?? "")).toBeLessThanOrEqual(Date.now() + HOUR + 1_000);
    // The alert stays; its Mute button says until when, and longer mutes are offered.
    expect(edited.embeds?.[0]?.title).toBe("Deployment payments is crashing");
    const labels = JSON.stringify(edited.components);
    expect(labels).toContain(`Muted 1h · until ${mute?.until.slice(11, 16)} UTC`);
    expect(buttonId(edited.components, "Diagnose")).toBe(`alert:diagnose:${eventId}:${ACME}`);

    const longer = await h.standIn.sendComponent({
      userId: CAROL,
      guildId: null,
      customId: buttonId(edited.components, "Mute 24h"),
      messageId,
    });
    await longer.reply();
    const day = (await rulesOf(CAROL)).mutes.find((m) => m.ruleId === ruleId);
    expect(Date.parse(day?.until ?? "")).toBeGreaterThanOrEqual(before + 24 * HOUR - 1_000);
  });

  it("Diagnose shows diagnostics.run of the alert's resource to the clicker alone", async () => {
    const messageId = await sendAlertDm(CAROL);
    const handle = await h.standIn.sendComponent({
      userId: CAROL,
      guildId: null,
      customId: `alert:diagnose:${eventId}`,
      messageId,
    });
    const reply = await handle.reply();
    const run = await api<DiagnosticsRunOutput>(CAROL, "diagnostics.run", {
      clusterId,
      target: { kind: "Deployment", namespace: nsAcme, name: "payments" },
    });
    expect(reply.flags).toBe(64);
    expect(reply.embeds?.[0]?.title).toBe("Diagnosis of Deployment payments");
    // The same findings, in the same order, as diagnostics.run gives the same person (none: a clean answer).
    const expected = run.findings.map((f) => `${f.severity} · ${escapeMarkdown(f.title)}`);
    const names = (reply.embeds?.[0]?.fields ?? []).map((f) => f.name.replace(/^\S+ /, ""));
    expect(names.map((n, i) => n.slice(0, expected[i]?.length))).toEqual(expected.slice(0, names.length));
    if (!expected.length) expect(description(reply)).toContain("No problems found");
    // The alert itself is left as it was.
    expect(h.standIn.dms(CAROL).find((m) => m.id === messageId)?.embeds?.[0]?.title).toBe(
      "Deployment payments is crashing",
    );
  });

  it("refuses someone the alert did not go to, and leaves the message alone", async () => {
    const messageId = await sendAlertDm(BOB);
    const before = h.standIn.dms(BOB).find((m) => m.id === messageId);
    const handle = await h.standIn.sendComponent({
      userId: BOB,
      guildId: null,
      customId: `alert:mute:${eventId}`,
      messageId,
    });
    const reply = await handle.reply();
    expect(reply.flags).toBe(64);
    expect(description(reply)).toContain("No such alert for you in this server.");
    const after = h.standIn.dms(BOB).find((m) => m.id === messageId);
    expect(after?.components).toEqual(before?.components);
    expect(after?.embeds).toEqual(before?.embeds);
  });
});
