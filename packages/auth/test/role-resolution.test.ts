import { describe, expect, it } from "vitest";
import { resolveRole } from "../src/role-resolution";

const guildRoles = [
  { id: "1", permissions: "0" },
  { id: "2", permissions: String(1n << 3n) }, // Administrator
  { id: "3", permissions: String(1n << 5n) }, // Manage Server
  { id: "4", permissions: "0" },
  { id: "5", permissions: "0" },
];
const mappings = [
  { discordRoleId: "4", role: "operator" as const },
  { discordRoleId: "5", role: "admin" as const },
];
const base = { userId: "10", ownerId: "99", guildRoles, mappings };

describe("resolveRole", () => {
  it("makes the guild owner admin even without roles", () => {
    expect(resolveRole({ ...base, userId: "99", memberRoleIds: [] })).toBe("admin");
  });
  it("makes holders of Administrator or Manage Server admin", () => {
    expect(resolveRole({ ...base, memberRoleIds: ["2"] })).toBe("admin");
    expect(resolveRole({ ...base, memberRoleIds: ["3"] })).toBe("admin");
  });
  it("uses the highest mapped role", () => {
    expect(resolveRole({ ...base, memberRoleIds: ["4"] })).toBe("operator");
    expect(resolveRole({ ...base, memberRoleIds: ["4", "5"] })).toBe("admin");
  });
  it("leaves unmapped members as viewers", () => {
    expect(resolveRole({ ...base, memberRoleIds: ["1"] })).toBe("viewer");
    expect(resolveRole({ ...base, memberRoleIds: [] })).toBe("viewer");
  });
  it("ignores mappings for roles the member does not hold", () => {
    expect(resolveRole({ ...base, memberRoleIds: ["1"], mappings })).toBe("viewer");
  });
});
