import type { AuditEntry, MeOutput } from "@clustercord/contracts";
import { TRPCClientError } from "@trpc/client";
import { describe, expect, it } from "vitest";
import { renderAudit } from "../src/render/audit";
import { renderClusters } from "../src/render/clusters";
import { CREDENTIALS_ERROR, GENERIC_ERROR, renderError, UNREACHABLE_ERROR } from "../src/render/error";
import { renderWhoami } from "../src/render/whoami";

const me: MeOutput = {
  user: { id: "100000000000000002", username: "bob", displayName: "Bob Operator", avatarUrl: null },
  guild: { id: "200000000000000001", name: "Acme Ops", role: "operator" },
  via: "discord",
};

const entry = (overrides: Partial<AuditEntry> = {}): AuditEntry => ({
  id: "1",
  at: "2025-01-02T03:04:05.000Z",
  actorId: "100000000000000001",
  actorName: "Alice Admin",
  guildId: "200000000000000001",
  action: "guilds.select",
  target: "guild/200000000000000001",
  via: "web",
  result: "ok",
  detail: null,
  ...overrides,
});

/** A tRPC error as the client builds it from our API's error formatter. */
const apiError = (data: Record<string, unknown> | undefined, message = "internal: db timeout at pg.ts:42") =>
  TRPCClientError.from({ error: { message, code: -32603, ...(data ? { data } : {}) } });

describe("renderWhoami", () => {
  it("shows the display name, username, id, server, role and via", () => {
    const embed = renderWhoami(me);
    expect(embed.title).toBe("Who am I");
    expect(Object.fromEntries((embed.fields ?? []).map((f) => [f.name, f.value]))).toEqual({
      Name: "Bob Operator",
      Username: "@bob",
      "Discord id": "`100000000000000002`",
      Server: "Acme Ops",
      "ClusterCord role": "operator",
      Via: "Discord",
    });
    expect(embed.thumbnail).toBeUndefined();
  });

  it("handles no active server and shows the avatar", () => {
    const embed = renderWhoami({ ...me, guild: null, user: { ...me.user, avatarUrl: "https://cdn/a.png" } });
    const fields = Object.fromEntries((embed.fields ?? []).map((f) => [f.name, f.value]));
    expect(fields.Server).toBe("None selected");
    expect(fields["ClusterCord role"]).toBe("None");
    expect(embed.thumbnail).toEqual({ url: "https://cdn/a.png" });
  });

  it("escapes markdown in names from Discord", () => {
    const embed = renderWhoami({ ...me, user: { ...me.user, displayName: "**bold** _x_" } });
    expect(embed.fields?.[0]?.value).toBe("\\*\\*bold\\*\\* \\_x\\_");
  });
});

describe("renderAudit", () => {
  it("lists each entry's time, actor, action, target and result", () => {
    const embed = renderAudit(
      {
        items: [
          entry(),
          entry({
            id: "2",
            action: "guilds.select",
            result: "error",
            detail: "You are not a member.",
            via: "discord",
          }),
        ],
        nextCursor: null,
      },
      { guildName: "Acme Ops" },
    );
    expect(embed.title).toBe("Audit log · Acme Ops");
    expect(embed.fields).toHaveLength(2);
    const [first, second] = embed.fields ?? [];
    const unix = Date.parse("2025-01-02T03:04:05.000Z") / 1000;
    expect(first?.name).toBe("guilds.select");
    expect(first?.value).toBe(
      [`<t:${unix}:f> by **Alice Admin** via web`, "Target: guild/200000000000000001", "Result: ✅ ok"].join(
        "\n",
      ),
    );
    expect(second?.value).toContain("via discord");
    expect(second?.value).toContain("Result: ❌ error — You are not a member.");
    expect(embed.footer?.text).toBe("2 entries");
  });

  it("says when the log is empty, and when older entries exist", () => {
    expect(renderAudit({ items: [], nextCursor: null }).description).toBe("No audit entries yet.");
    expect(renderAudit({ items: [entry()], nextCursor: "5" }).footer?.text).toBe(
      "1 entry · older entries available",
    );
  });

  it("stays within Discord's embed limits for long values", () => {
    const long = "x".repeat(5000);
    const embed = renderAudit({
      items: Array.from({ length: 30 }, (_, i) =>
        entry({ id: String(i), target: long, detail: long, action: long }),
      ),
      nextCursor: null,
    });
    expect(embed.fields).toHaveLength(25);
    for (const field of embed.fields ?? []) {
      expect(field.name.length).toBeLessThanOrEqual(256);
      expect(field.value.length).toBeLessThanOrEqual(1024);
    }
  });
});

describe("renderError", () => {
  it("shows the API's userMessage, ephemerally", () => {
    const reply = renderError(
      apiError({
        appCode: "FORBIDDEN",
        userMessage: "This needs the admin role in Acme Ops; you are viewer.",
      }),
    );
    expect(reply.flags).toBe(64);
    expect(reply.embeds[0]?.description).toBe("⚠️ This needs the admin role in Acme Ops; you are viewer.");
  });

  it("hides internal messages, stacks and tokens", () => {
    const secret = new Error("connect ECONNREFUSED; token=ClusterCord-Service abcdef0123456789");
    for (const error of [secret, apiError({ appCode: "INTERNAL" }), "a string", null]) {
      const text = JSON.stringify(renderError(error));
      expect(text).toContain(GENERIC_ERROR);
      expect(text).not.toMatch(/ECONNREFUSED|abcdef|pg\.ts|stack|at /);
    }
  });

  it("explains an unreachable API and refused worker credentials", () => {
    const network = new TRPCClientError("fetch failed", { cause: new Error("ECONNREFUSED 127.0.0.1:3000") });
    expect(renderError(network).embeds[0]?.description).toBe(`⚠️ ${UNREACHABLE_ERROR}`);
    const refused = apiError({ appCode: "UNAUTHORIZED", userMessage: "Invalid service credentials." });
    expect(renderError(refused).embeds[0]?.description).toBe(`⚠️ ${CREDENTIALS_ERROR}`);
  });
});

describe("renderClusters", () => {
  const cluster = {
    id: "c1",
    name: "prod",
    server: "https://k8s.example:6443",
    shared: true,
    insecure: false,
    owned: true,
    createdAt: "2026-01-01T00:00:00.000Z",
  };
  it("shows each cluster's health as the web page does", () => {
    const embed = renderClusters(
      [
        {
          cluster,
          health: { reachable: true, version: "v1.37.2", nodeCount: 3, canImpersonate: true, problem: null },
        },
      ],
      "Acme Ops",
    );
    expect(embed.title).toBe("Clusters in Acme Ops");
    expect(embed.fields).toEqual([
      { name: "prod", value: "🟢 healthy · Kubernetes v1.37.2 · 3 nodes · shared" },
    ]);
  });
  it("says why a cluster is unusable", () => {
    const embed = renderClusters([
      {
        cluster: { ...cluster, shared: false },
        health: {
          reachable: false,
          version: null,
          nodeCount: null,
          canImpersonate: false,
          problem: "cannot reach the API server (ECONNREFUSED)",
        },
      },
    ]);
    expect(embed.fields?.[0]?.value).toBe("🔴 unreachable: cannot reach the API server (ECONNREFUSED)");
  });
  it("invites an admin to add one when there are none", () => {
    expect(renderClusters([]).description).toMatch(/No clusters yet/);
  });
});
