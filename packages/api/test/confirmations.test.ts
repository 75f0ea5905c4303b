import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { CONFIRMATION_TTL_MS, issueConfirmation, verifyConfirmation } from "../src/services/confirmations";

const key = randomBytes(32);
const subject = { action: "clusters.remove", target: "c1", userId: "1", guildId: "2" };

describe("plan-then-confirm tokens", () => {
  it("confirm the same action by the same person before expiry", () => {
    const { token, expiresAt } = issueConfirmation(key, subject, 1_000);
    expect(expiresAt.getTime()).toBe(1_000 + CONFIRMATION_TTL_MS);
    expect(() => verifyConfirmation(key, token, subject, 2_000)).not.toThrow();
    expect(token.length).toBeLessThan(40); // fits in a Discord button's custom id with the target
  });

  it("refuse another person, guild, target, action or key", () => {
    const { token } = issueConfirmation(key, subject);
    for (const other of [
      { ...subject, userId: "9" },
      { ...subject, guildId: "9" },
      { ...subject, target: "c2" },
      { ...subject, action: "clusters.rename" },
    ]) {
      expect(() => verifyConfirmation(key, token, other)).toThrow(/not valid for this action/);
    }
    expect(() => verifyConfirmation(randomBytes(32), token, subject)).toThrow(/not valid/);
  });

  it("refuse an expired or malformed token", () => {
    const { token } = issueConfirmation(key, subject, 0);
    expect(() => verifyConfirmation(key, token, subject, CONFIRMATION_TTL_MS + 1)).toThrow(/expired/);
    expect(() => verifyConfirmation(key, "garbage", subject)).toThrow(/not valid/);
    expect(() => verifyConfirmation(key, `${token.split(".")[0]}.AAAA`, subject)).toThrow(/not valid/);
  });
});
