import { describe, expect, it } from "vitest";
import { attribute, namespaceOwner } from "../src/index";

const ALICE = "100000000000000001";
const ACME = "200000000000000001";
const BETA = "200000000000000002";

describe("attribute", () => {
  it("gives a personal namespace's pods to its owner, before any label", () => {
    expect(
      attribute(
        `clustercord-user-${ALICE}`,
        { "clustercord.io/created-by": "100000000000000002" },
        { guildId: BETA },
      ),
    ).toEqual({ attribution: "personal-namespace", personId: ALICE, guildId: BETA });
  });

  it("gives a workload ClusterCord applied to the person it applied it for", () => {
    expect(attribute("shop", { "clustercord.io/created-by": ALICE, app: "web" }, { guildId: ACME })).toEqual({
      attribution: "created-by",
      personId: ALICE,
      guildId: ACME,
    });
  });

  it("falls back to the guild owning the namespace, then to unattributed", () => {
    expect(attribute("shop", { app: "web" }, { guildId: ACME })).toEqual({
      attribution: "guild",
      personId: null,
      guildId: ACME,
    });
    expect(attribute("kube-system", undefined, { guildId: null })).toEqual({
      attribution: "unattributed",
      personId: null,
      guildId: null,
    });
  });

  it("ignores a created-by label that is not a Discord user id", () => {
    expect(attribute("shop", { "clustercord.io/created-by": "alice" }, { guildId: ACME }).attribution).toBe(
      "guild",
    );
    expect(attribute("clustercord-user-alice", undefined, { guildId: null }).attribution).toBe(
      "unattributed",
    );
  });
});

describe("namespaceOwner", () => {
  const dedicated = { ownerGuildId: ACME, shared: false };
  const shared = { ownerGuildId: ACME, shared: true };
  it("reads the tenancy label, then the guild namespace's name", () => {
    expect(namespaceOwner("blog", { "clustercord.io/guild": BETA }, shared)).toEqual({ guildId: BETA });
    expect(namespaceOwner(`clustercord-guild-${BETA}`, {}, shared)).toEqual({ guildId: BETA });
  });
  it("gives every other namespace of a dedicated cluster to its owner, and none of a shared one", () => {
    expect(namespaceOwner("kube-system", {}, dedicated)).toEqual({ guildId: ACME });
    expect(namespaceOwner("kube-system", {}, shared)).toEqual({ guildId: null });
  });
});
