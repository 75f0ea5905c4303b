import type { SecretsDiffOutput, VaultSecretSummary } from "@clustercord/contracts";
import { describe, expect, it } from "vitest";
import { secretButtons, secretCommand } from "../src/commands/secret";
import { rotateArgs, rotateRefFrom, typedKeys } from "../src/commands/secret-rotate";
import {
  fileReadNote,
  keyList,
  renderRotatePlan,
  renderSecretApplied,
  renderSecretDiff,
  renderSecretList,
  renderSecretVersions,
  VALUES_NOT_SHOWN,
} from "../src/render/secrets";
import { colors } from "../src/render/style";

const summary = (overrides: Partial<VaultSecretSummary> = {}): VaultSecretSummary => ({
  name: "db-creds",
  type: "Opaque",
  clusterId: "c-1",
  namespace: "prod",
  keys: ["database_url", "api_key"],
  version: 3,
  versionsKept: 3,
  updatedAt: "2026-12-01T01:00:00.000Z",
  updatedBy: "100000000000000002",
  placements: [],
  ...overrides,
});

const diff = (overrides: Partial<SecretsDiffOutput> = {}): SecretsDiffOutput => ({
  against: "the file updated.yaml",
  added: ["smtp_password"],
  removed: ["old_api_key"],
  changed: ["database_url"],
  unchanged: ["api_key"],
  note: "Values not shown for security",
  ...overrides,
});

describe("secret replies", () => {
  it("answers apply as the guide does: keys, type and when", () => {
    const embed = renderSecretApplied({
      message: "Secret 'db-creds' applied to namespace 'prod'",
      name: "db-creds",
      namespace: "prod",
      clusterName: "shared",
      keys: ["database_url", "api_key"],
      type: "Opaque",
      version: 2,
      appliedAt: "2026-12-01T01:00:00.000Z",
      result: "created",
    });
    expect(embed.title).toBe("✅ Secret 'db-creds' applied to namespace 'prod'");
    expect(embed.description).toBe(
      [
        "**Keys:** database\\_url, api\\_key",
        "**Type:** Opaque",
        `**Last updated:** <t:${Date.parse("2026-12-01T01:00:00.000Z") / 1000}:R>`,
      ].join("\n"),
    );
    expect(embed.footer?.text).toBe("Version 2 · cluster shared · Secret created");
  });

  it("names added, removed and updated keys and ends with 'Values not shown for security'", () => {
    const embed = renderSecretDiff("db-creds", diff(), "updated.yaml");
    const text = embed.description ?? "";
    expect(text).toContain("**Keys added:** smtp\\_password");
    expect(text).toContain("**Keys removed:** old\\_api\\_key");
    expect(text).toContain("**Keys updated:** database\\_url (value changed)");
    expect(text.endsWith(VALUES_NOT_SHOWN)).toBe(true);
    expect(embed.color).toBe(colors.warn);
    expect(embed.footer?.text).toBe(fileReadNote("updated.yaml"));
    expect(embed.footer?.text).toMatch(/was read and not kept/);
  });

  it("says when nothing differs", () => {
    const embed = renderSecretDiff("db-creds", diff({ added: [], removed: [], changed: [] }));
    expect(embed.description).toMatch(/^No differences: the same 1 key and values\./);
    expect(embed.color).toBe(colors.ok);
    expect(embed.footer).toBeUndefined();
  });

  it("lists secrets with keys, type, version and where they are applied", () => {
    const embed = renderSecretList(
      [
        summary({
          placements: [
            {
              clusterId: "c-1",
              clusterName: "shared",
              namespace: "prod",
              version: 3,
              appliedAt: "2026-12-01T01:00:00.000Z",
              appliedBy: "100000000000000002",
            },
          ],
        }),
        summary({ name: "api-token", keys: ["token"] }),
      ],
      { namespace: "prod", clusterNames: new Map([["c-1", "shared"]]) },
    );
    expect(embed.title).toBe("Secrets in 'prod' (2)");
    expect(embed.fields?.[0]?.name).toBe("🔐 db-creds");
    expect(embed.fields?.[0]?.value).toContain("**Applied:** 'prod' on shared (v3)");
    expect(embed.fields?.[1]?.value).toContain("**Applied:** not applied yet");
    expect(embed.fields?.[1]?.value).toContain("**Home:** 'prod' on shared");
  });

  it("cuts long key lists and says how many more", () => {
    const keys = Array.from({ length: 400 }, (_, i) => `key-number-${i}`);
    const text = keyList(keys, 200);
    expect(text.length).toBeLessThanOrEqual(200);
    expect(text).toMatch(/… and \d+ more$/);
  });

  it("shows a rotation plan's keys, places and restarts", () => {
    const embed = renderRotatePlan({
      summary: "Rotate db-creds",
      changes: ["New values for 2 keys"],
      confirmToken: "abc.def",
      expiresAt: "2026-12-01T01:02:00.000Z",
      keys: ["database_url", "api_key"],
      placements: [{ clusterName: "shared", namespace: "prod" }],
      restarts: ["prod/web"],
    });
    expect(embed.fields?.map((f) => [f.name, f.value])).toEqual([
      ["New values for", "database\\_url, api\\_key"],
      ["Re-applied to", "'prod' on shared"],
      ["Restarted", "prod/web"],
    ]);
  });

  it("lists versions newest first, marking the current one", () => {
    const embed = renderSecretVersions({
      name: "db-creds",
      current: 2,
      versions: [
        {
          version: 1,
          keys: ["a"],
          reason: "created",
          createdAt: "2026-12-01T00:00:00.000Z",
          createdBy: "100000000000000002",
        },
        {
          version: 2,
          keys: ["a"],
          reason: "rotated",
          createdAt: "2026-12-01T01:00:00.000Z",
          createdBy: "web user",
        },
      ],
    });
    expect(embed.fields?.map((f) => f.name)).toEqual(["v2 (current) · rotated", "v1 · created"]);
    expect(embed.fields?.[0]?.value).toContain("by web user");
    expect(embed.fields?.[1]?.value).toContain("by <@100000000000000002>");
  });
});

describe("/secret's definition and buttons", () => {
  it("has the vault's subcommands, privately", () => {
    const subs = (secretCommand.definition.options ?? []) as {
      name: string;
      options?: { name: string; required?: boolean; type: number }[];
    }[];
    expect(subs.map((s) => s.name)).toEqual([
      "create",
      "list",
      "apply",
      "diff",
      "rotate",
      "versions",
      "restore",
      "delete",
    ]);
    expect(secretCommand.ephemeral).toBe(true);
    const create = subs.find((s) => s.name === "create");
    expect(create?.options?.filter((o) => o.required).map((o) => [o.name, o.type])).toEqual([
      ["name", 3],
      ["namespace", 3],
      ["data", 11],
    ]);
    expect(secretButtons.map((b) => b.prefix)).toEqual([
      "sec-rot-ok",
      "sec-rot-no",
      "sec-del-ok",
      "sec-del-no",
    ]);
  });

  it("carries a rotation spec through a button id and back", () => {
    const ref = {
      name: "db-creds",
      keys: ["api_key", "db.password"],
      shape: "hex" as const,
      length: 48,
      restart: true,
    };
    expect(rotateRefFrom(rotateArgs(ref))).toEqual(ref);
    const all = {
      name: "db-creds",
      keys: "*" as const,
      shape: "token" as const,
      length: null,
      restart: false,
    };
    expect(rotateRefFrom(rotateArgs(all))).toEqual(all);
    const plain = { name: "db-creds", keys: null, shape: "password" as const, length: null, restart: false };
    expect(rotateRefFrom(rotateArgs(plain))).toEqual(plain);
    expect(rotateRefFrom(["db-creds", "x", "-", "0", ""])).toBeNull();
  });

  it("reads typed keys split on commas and spaces", () => {
    expect(typedKeys("api_key, db.password  api_key,")).toEqual(["api_key", "db.password"]);
    expect(typedKeys(null)).toEqual([]);
    expect(() => typedKeys("api_key, db:password")).toThrow(
      "keys: db:password: a key may only hold letters, digits, '-', '_' and '.'.",
    );
  });
});
