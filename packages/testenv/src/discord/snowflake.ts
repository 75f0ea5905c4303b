import { randomBytes } from "node:crypto";

const DISCORD_EPOCH = 1_420_070_400_000n;
let increment = 0n;

/** A fresh, time-ordered Discord id (discord.js derives timestamps from ids). */
export function snowflake(): string {
  increment = (increment + 1n) & 0xfffn;
  return String(((BigInt(Date.now()) - DISCORD_EPOCH) << 22n) | increment);
}

/** An unguessable token (interaction tokens, OAuth codes and tokens). */
export function secretToken(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}
