import { describe, expect, it } from "vitest";
import { AppError, AuditListInput, GuildsSelectInput, highestRole, roleAtLeast } from "../src/index";

describe("AppError", () => {
  it("carries a code and a safe user message", () => {
    const e = new AppError("FORBIDDEN", { message: "internal detail" });
    expect(e.code).toBe("FORBIDDEN");
    expect(e.message).toBe("internal detail");
    expect(e.userMessage).toBe("You do not have permission to do that.");
  });
});

describe("roles", () => {
  it("orders viewer < operator < admin", () => {
    expect(roleAtLeast("operator", "viewer")).toBe(true);
    expect(roleAtLeast("viewer", "operator")).toBe(false);
    expect(highestRole(["viewer", "admin", "operator"])).toBe("admin");
    expect(highestRole([])).toBe("viewer");
  });
});

describe("input schemas", () => {
  it("refuse a guild id that is not a snowflake, naming the field", () => {
    const r = GuildsSelectInput.safeParse({ guildId: "../etc" });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(["guildId"]);
  });
  it("bound the audit page size", () => {
    expect(AuditListInput.safeParse({ limit: 101 }).success).toBe(false);
    expect(AuditListInput.parse({}).limit).toBe(25);
  });
});
