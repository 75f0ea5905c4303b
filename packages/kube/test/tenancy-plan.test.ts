import { describe, expect, it } from "vitest";
import {
  guildBindingNames,
  guildNamespace,
  impersonationFor,
  planGuildTenancy,
  planPersonalNamespace,
} from "../src/tenancy/index";

const GUILD = "200000000000000001";
type Obj = {
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: unknown;
};

describe("planGuildTenancy", () => {
  const objects = planGuildTenancy({ guildId: GUILD }) as Obj[];

  it("starts with the guild's namespace, with Pod Security labels", () => {
    expect(objects[0]).toMatchObject({
      kind: "Namespace",
      metadata: {
        name: `clustercord-guild-${GUILD}`,
        labels: {
          "pod-security.kubernetes.io/enforce": "baseline",
          "pod-security.kubernetes.io/warn": "restricted",
        },
      },
    });
    expect(objects.slice(1).every((o) => o.metadata.namespace === guildNamespace(GUILD))).toBe(true);
  });

  it("plans a further namespace of the guild by name, labelled with the guild, its roles bound inside", () => {
    const shop = planGuildTenancy({ guildId: GUILD, namespace: "shop" }) as Obj[];
    expect(shop[0]).toMatchObject({
      kind: "Namespace",
      metadata: { name: "shop", labels: { "clustercord.io/guild": GUILD } },
    });
    expect(shop[0]?.metadata.labels).not.toHaveProperty("clustercord.io/user");
    expect(shop.slice(1).every((o) => o.metadata.namespace === "shop")).toBe(true);
    expect(shop.filter((o) => o.kind === "RoleBinding").map((o) => o.metadata.name)).toEqual([
      ...guildBindingNames,
    ]);
  });

  it("sets the seeded quota by default, and another when given", () => {
    const quota = objects.find((o) => o.kind === "ResourceQuota");
    expect(quota?.spec).toEqual({ hard: { "requests.cpu": "4", "requests.memory": "8Gi", pods: "50" } });
    const custom = planGuildTenancy({
      guildId: GUILD,
      quota: { requestsCpu: "1", requestsMemory: "1Gi", pods: 5 },
    }) as Obj[];
    expect(custom.find((o) => o.kind === "ResourceQuota")?.spec).toEqual({
      hard: { "requests.cpu": "1", "requests.memory": "1Gi", pods: "5" },
    });
  });

  it("blocks the metadata endpoint, and internet egress when switched off", () => {
    const egress = (list: Obj[]) =>
      JSON.stringify(
        (list.find((o) => o.kind === "NetworkPolicy")?.spec as { egress?: unknown } | undefined)?.egress,
      );
    expect(egress(objects)).toContain('"except":["169.254.169.254/32"]');
    expect(egress(planGuildTenancy({ guildId: GUILD, internetEgress: false }) as Obj[])).not.toContain(
      "0.0.0.0/0",
    );
  });

  it("binds each role group of this guild only", () => {
    const bindings = objects.filter((o) => o.kind === "RoleBinding") as unknown as {
      roleRef: { name: string };
      subjects: { name: string }[];
    }[];
    expect(bindings.map((b) => `${b.subjects[0]?.name}=>${b.roleRef.name}`)).toEqual([
      `clustercord:guild:${GUILD}:viewer=>view`,
      `clustercord:guild:${GUILD}:operator=>edit`,
      `clustercord:guild:${GUILD}:admin=>admin`,
    ]);
  });

  it("names people and their role group", () => {
    expect(impersonationFor({ userId: "1", guildId: GUILD, role: "operator" })).toEqual({
      user: "clustercord:discord:1",
      group: `clustercord:guild:${GUILD}:operator`,
    });
  });
});

describe("planPersonalNamespace", () => {
  const objects = planPersonalNamespace({
    userId: "100000000000000002",
    guildId: GUILD,
    quota: { requestsCpu: "1", requestsMemory: "2Gi", pods: 3 },
    internetEgress: false,
  }) as Obj[];

  it("is the person's namespace, with the same guard rails as the guild's", () => {
    expect(objects[0]?.metadata).toMatchObject({
      name: "clustercord-user-100000000000000002",
      labels: {
        "clustercord.io/user": "100000000000000002",
        "pod-security.kubernetes.io/enforce": "baseline",
      },
    });
    expect(objects.map((o) => o.kind)).toEqual([
      "Namespace",
      "ResourceQuota",
      "LimitRange",
      "NetworkPolicy",
      "RoleBinding",
    ]);
    expect(objects.find((o) => o.kind === "ResourceQuota")?.spec).toEqual({
      hard: { "requests.cpu": "1", "requests.memory": "2Gi", pods: "3" },
    });
    expect(JSON.stringify(objects.find((o) => o.kind === "NetworkPolicy")?.spec)).not.toContain("0.0.0.0/0");
  });

  it("binds edit to that one person, not to any group", () => {
    const binding = objects.find((o) => o.kind === "RoleBinding") as unknown as {
      roleRef: { name: string };
      subjects: { kind: string; name: string }[];
    };
    expect(binding.roleRef.name).toBe("edit");
    expect(binding.subjects).toEqual([
      { apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "clustercord:discord:100000000000000002" },
    ]);
  });

  it("names the guild bindings revoking removes", () => {
    const names = planGuildTenancy({ guildId: GUILD })
      .filter((o) => o.kind === "RoleBinding")
      .map((o) => o.metadata?.name);
    expect(names).toEqual([...guildBindingNames]);
  });
});
