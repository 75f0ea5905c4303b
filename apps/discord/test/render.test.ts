import type {
  AuditEntry,
  ClusterHealth,
  ClusterSummary,
  MeOutput,
  Tenant,
  TenantInvitation,
} from "@clustercord/contracts";
import { TRPCClientError } from "@trpc/client";
import { describe, expect, it } from "vitest";
import { renderAudit } from "../src/render/audit";
import { renderClusterAdded, renderClusterStatus, renderClusters } from "../src/render/clusters";
import { CREDENTIALS_ERROR, GENERIC_ERROR, renderError, UNREACHABLE_ERROR } from "../src/render/error";
import { renderNamespaces } from "../src/render/namespaces";
import { colors } from "../src/render/style";
import { renderAccepted, renderInvitations, renderTenantChange, renderTenants } from "../src/render/tenants";
import { renderWhoami } from "../src/render/whoami";
import { UserError } from "../src/user-error";

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

  it("shows the worker's own refusals as written", () => {
    const reply = renderError(new UserError("No cluster named x_y in this server."));
    expect(reply.embeds[0]?.description).toBe("⚠️ No cluster named x\\_y in this server.");
  });

  it("explains an unreachable API and refused worker credentials", () => {
    const network = new TRPCClientError("fetch failed", { cause: new Error("ECONNREFUSED 127.0.0.1:3000") });
    expect(renderError(network).embeds[0]?.description).toBe(`⚠️ ${UNREACHABLE_ERROR}`);
    const refused = apiError({ appCode: "UNAUTHORIZED", userMessage: "Invalid service credentials." });
    expect(renderError(refused).embeds[0]?.description).toBe(`⚠️ ${CREDENTIALS_ERROR}`);
  });
});

describe("renderClusters", () => {
  const cluster: ClusterSummary = {
    id: "c1",
    name: "prod",
    server: "https://k8s.example:6443",
    shared: true,
    insecure: false,
    owned: true,
    createdAt: "2026-01-01T00:00:00.000Z",
  };
  const healthy: ClusterHealth = {
    reachable: true,
    version: "v1.37.2",
    nodeCount: 3,
    canImpersonate: true,
    problem: null,
  };
  it("shows each cluster's health, server and sharing as the web page does", () => {
    const embed = renderClusters([{ cluster, health: healthy }], "Acme Ops");
    expect(embed.title).toBe("Clusters in Acme Ops");
    expect(embed.color).toBe(colors.ok);
    expect(embed.fields).toEqual([
      {
        name: "prod",
        value:
          "🟢 healthy · Kubernetes v1.37.2 · 3 nodes\n`https://k8s.example:6443` · shared by this server",
      },
    ]);
  });
  it("says granted, dedicated, cannot impersonate, TLS off, and why a cluster is unusable", () => {
    const embed = renderClusters([
      {
        cluster: { ...cluster, owned: false, insecure: true },
        health: { ...healthy, canImpersonate: false },
      },
      {
        cluster: { ...cluster, name: "old", shared: false },
        health: {
          reachable: false,
          version: null,
          nodeCount: null,
          canImpersonate: false,
          problem: "cannot reach the API server (ECONNREFUSED)",
        },
      },
      { cluster: { ...cluster, name: "odd" }, error: "No such cluster in this server." },
    ]);
    expect(embed.color).toBe(colors.error);
    expect(embed.fields?.map((f) => f.value)).toEqual([
      [
        "🟠 cannot impersonate · Kubernetes v1.37.2 · 3 nodes",
        "`https://k8s.example:6443` · granted to this server",
        "⚠ TLS verification is off for this cluster (an admin opted in)",
      ].join("\n"),
      "🔴 unreachable: cannot reach the API server (ECONNREFUSED)\n`https://k8s.example:6443` · dedicated",
      "⚠️ status unavailable: No such cluster in this server.\n`https://k8s.example:6443` · shared by this server",
    ]);
  });
  it("invites an admin to add one when there are none", () => {
    expect(renderClusters([]).description).toMatch(/No clusters yet.*`\/cluster add`/);
  });
  it("stays within one embed's limits with many long entries", () => {
    const long = { ...cluster, name: "n".repeat(40), server: `https://${"s".repeat(300)}` };
    const problem = "p".repeat(400);
    const embed = renderClusters(
      Array.from({ length: 30 }, () => ({
        cluster: { ...long, insecure: true },
        health: { ...healthy, reachable: false, problem },
      })),
    );
    const fields = embed.fields ?? [];
    const size = (embed.title?.length ?? 0) + fields.reduce((n, f) => n + f.name.length + f.value.length, 0);
    expect(fields.length).toBeLessThan(30);
    expect(size + (embed.footer?.text.length ?? 0)).toBeLessThanOrEqual(6000);
    expect(embed.footer?.text).toBe(`and ${30 - fields.length} more`);
  });
});

describe("renderClusterStatus and renderClusterAdded", () => {
  const cluster: ClusterSummary = {
    id: "c1",
    name: "prod",
    server: "https://k8s.example:6443",
    shared: false,
    insecure: true,
    owned: true,
    createdAt: "2026-01-01T00:00:00.000Z",
  };
  const health: ClusterHealth = {
    reachable: true,
    version: "v1.37.2",
    nodeCount: 3,
    canImpersonate: true,
    problem: null,
  };
  it("shows one cluster's probe field by field", () => {
    const embed = renderClusterStatus({ cluster, health });
    expect(embed.title).toBe("prod");
    expect(embed.color).toBe(colors.warn); // healthy, but TLS verification is off
    expect(Object.fromEntries((embed.fields ?? []).map((f) => [f.name, f.value]))).toEqual({
      Status: "🟢 healthy · Kubernetes v1.37.2 · 3 nodes",
      Kubernetes: "v1.37.2",
      Nodes: "3",
      "Can impersonate": "yes",
      "API server": "`https://k8s.example:6443`",
      Sharing: "dedicated",
      TLS: "⚠ TLS verification is off for this cluster (an admin opted in)",
    });
  });
  it("reports an added cluster's health and the kubeconfig's warnings", () => {
    const embed = renderClusterAdded({
      cluster,
      health,
      warnings: ["clusters[0].cluster.insecure-skip-tls-verify: TLS verification is off"],
    });
    expect(embed.title).toBe("Added prod");
    expect(embed.description).toBe("Added prod: Kubernetes v1.37.2, 3 nodes.");
    expect(embed.color).toBe(colors.warn);
    expect(embed.fields).toContainEqual({
      name: "Warnings",
      value: "⚠️ clusters[0].cluster.insecure-skip-tls-verify: TLS verification is off",
    });
    const clean = renderClusterAdded({ cluster: { ...cluster, insecure: false }, health, warnings: [] });
    expect(clean.color).toBe(colors.ok);
    expect(clean.fields?.map((f) => f.name)).toEqual(["API server", "Sharing"]);
  });
});

describe("renderTenants, renderTenantChange and renderNamespaces", () => {
  const tenant: Tenant = {
    guildId: "200000000000000002",
    guildName: "Beta Team",
    owner: false,
    status: "accepted",
    namespace: "clustercord-guild-200000000000000002",
    quota: { requestsCpu: "2", requestsMemory: "4Gi", pods: 20 },
    internetEgress: false,
    appliedAt: "2026-01-02T03:04:05.000Z",
  };
  it("lists each server's namespace, quota, egress and set-up time", () => {
    const embed = renderTenants("shared", [
      { ...tenant, guildId: "200000000000000001", guildName: "Acme Ops", owner: true, internetEgress: true },
      tenant,
    ]);
    expect(embed.title).toBe("Servers on shared");
    expect(embed.fields?.map((f) => f.name)).toEqual(["Acme Ops (owner)", "Beta Team"]);
    const unix = Date.parse("2026-01-02T03:04:05.000Z") / 1000;
    expect(embed.fields?.[1]?.value).toBe(
      [
        "Server id `200000000000000002` · namespace `clustercord-guild-200000000000000002`",
        "Quota: 2 CPU · 4Gi memory · 20 pods",
        `Internet egress: off · set up <t:${unix}:R>`,
      ].join("\n"),
    );
    expect(embed.fields?.[0]?.value).toContain("Internet egress: on");
    expect(renderTenants("shared", []).description).toBe("No server has access to this cluster.");
  });
  it("says a granted server is invited until its admins accept, then pending until first use", () => {
    const embed = renderTenantChange("granted", "shared", { ...tenant, status: "invited", appliedAt: null });
    expect(embed.title).toBe("Granted Beta Team access to shared");
    expect(embed.description).toContain("Internet egress: off · ✉️ invited, not accepted yet");
    expect(embed.description).toMatch(/sees nothing of the cluster until one of its admins accepts/);
    const accepted = renderTenants("shared", [{ ...tenant, appliedAt: null }]);
    expect(accepted.fields?.[0]?.value).toContain("Internet egress: off · ⏳ pending first use");
    const updated = renderTenantChange("updated", "shared", tenant);
    expect(updated.title).toBe("Updated Beta Team on shared");
    expect(updated.description).not.toContain("accepts");
  });
  it("lists invitations with the commands that answer them, and says when there are none", () => {
    const invitation: TenantInvitation = {
      clusterId: "0b0c2f4e-4f7e-4c1a-9a57-0d7f6f1e2a3b",
      clusterName: "shared",
      ownerGuildName: "Acme Ops",
      namespace: "clustercord-guild-200000000000000002",
      quota: { requestsCpu: "4", requestsMemory: "8Gi", pods: 50 },
      internetEgress: true,
      invitedBy: { id: "100000000000000001", displayName: "Alice Admin" },
      invitedAt: "2026-01-02T03:04:05.000Z",
    };
    const embed = renderInvitations("Beta Team", [invitation]);
    expect(embed.title).toBe("Invitations for Beta Team");
    expect(embed.fields?.map((f) => f.name)).toEqual(["shared from Acme Ops"]);
    const unix = Date.parse(invitation.invitedAt) / 1000;
    expect(embed.fields?.[0]?.value).toBe(
      [
        `Cluster id \`${invitation.clusterId}\` · namespace \`clustercord-guild-200000000000000002\``,
        "Quota: 4 CPU · 8Gi memory · 50 pods",
        "Internet egress: on",
        `Invited by Alice Admin <t:${unix}:R>`,
        `\`/cluster accept cluster:${invitation.clusterId}\` or \`/cluster decline cluster:${invitation.clusterId}\``,
      ].join("\n"),
    );
    expect(renderInvitations("Beta Team", []).description).toBe("No pending invitations.");
  });
  it("after accepting, names the cluster and says the namespace comes with first use", () => {
    const cluster: ClusterSummary = {
      id: "c1",
      name: "shared",
      server: "https://k8s.example:6443",
      shared: true,
      insecure: false,
      owned: false,
      createdAt: "2026-01-01T00:00:00.000Z",
    };
    const embed = renderAccepted(cluster, { ...tenant, appliedAt: null });
    expect(embed.title).toBe("Joined shared");
    expect(embed.description).toContain("⏳ pending first use");
    expect(embed.description).toMatch(/created on first use/);
  });
  it("lists namespaces as code, and says when there are none", () => {
    expect(renderNamespaces("shared", ["clustercord-guild-1", "clustercord-user-2"]).description).toBe(
      "• `clustercord-guild-1`\n• `clustercord-user-2`",
    );
    expect(renderNamespaces("shared", []).description).toBe("The cluster shows you no namespaces.");
    const many = renderNamespaces(
      "shared",
      Array.from({ length: 200 }, (_, i) => `clustercord-user-${"9".repeat(18)}${i}`),
    );
    expect(many.description?.length).toBeLessThanOrEqual(4096);
    expect(many.footer?.text).toMatch(/^and \d+ more$/);
  });
});
