import { randomBytes } from "node:crypto";
import type { RotateShape } from "@clustercord/contracts";

const LOWER = "abcdefghijklmnopqrstuvwxyz";
const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const DIGITS = "0123456789";
/** URL-unreserved symbols that need no quoting in a shell word, a URL or a connection string. */
const SYMBOLS = "-_.";
export const PASSWORD_ALPHABET = LOWER + UPPER + DIGITS + SYMBOLS;

/** One uniformly random character of `alphabet` (rejection sampling: no modulo bias). */
function randomChar(alphabet: string): string {
  const limit = 256 - (256 % alphabet.length);
  for (;;) {
    for (const byte of randomBytes(16)) if (byte < limit) return alphabet[byte % alphabet.length] ?? "";
  }
}

/**
 * A random value of a shape, from crypto.randomBytes.
 * - password: `length` characters of letters, digits and `-_.`, with at least
 *   one lower-case letter, upper-case letter, digit and symbol (for password rules);
 * - token: `length` base64url characters;
 * - hex: `length` hex characters;
 * - base64: standard base64 of `length` random BYTES (so "base64, 32" is a
 *   256-bit key as apps that take base64 keys expect; 44 characters).
 */
export function generateSecretValue(shape: RotateShape, length: number): string {
  if (!Number.isInteger(length) || length < 1 || length > 4096) {
    throw new RangeError(`a generated value's length must be a whole number from 1 to 4096 (got ${length})`);
  }
  switch (shape) {
    case "password": {
      const required = length >= 4 ? [LOWER, UPPER, DIGITS, SYMBOLS].map(randomChar) : [];
      const chars = [...required];
      while (chars.length < length) chars.push(randomChar(PASSWORD_ALPHABET));
      // Fisher-Yates with unbiased indexes so the required characters land anywhere.
      for (let i = chars.length - 1; i > 0; i--) {
        const j = randomIndex(i + 1);
        [chars[i], chars[j]] = [chars[j] ?? "", chars[i] ?? ""];
      }
      return chars.join("");
    }
    case "token":
      return randomBytes(Math.ceil((length * 3) / 4) + 1)
        .toString("base64url")
        .slice(0, length);
    case "hex":
      return randomBytes(Math.ceil(length / 2))
        .toString("hex")
        .slice(0, length);
    case "base64":
      return randomBytes(length).toString("base64");
  }
}

function randomIndex(n: number): number {
  const limit = 2 ** 32 - (2 ** 32 % n);
  for (;;) {
    const v = randomBytes(4).readUInt32BE(0);
    if (v < limit) return v % n;
  }
}
