/**
 * Discord button custom ids are at most 100 characters. A revoke button
 * carries a cluster id (a UUID, 36 characters), a server id (up to 20 digits)
 * and the plan's confirmation token (~31), so UUIDs travel as 22 base64url
 * characters.
 */
export const CUSTOM_ID_MAX = 100;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const PACKED_UUID = /^[A-Za-z0-9_-]{22}$/;

/** A lowercase UUID as 22 base64url characters; any other id as `=` + its URI-encoding (no `:`). */
export function packId(id: string): string {
  if (UUID.test(id)) return Buffer.from(id.replaceAll("-", ""), "hex").toString("base64url");
  return `=${encodeURIComponent(id)}`;
}

/** The inverse of packId; null for text packId never makes. */
export function unpackId(packed: string): string | null {
  if (packed.startsWith("=")) {
    try {
      return decodeURIComponent(packed.slice(1));
    } catch {
      return null;
    }
  }
  if (!PACKED_UUID.test(packed)) return null;
  const hex = Buffer.from(packed, "base64url").toString("hex");
  if (hex.length !== 32) return null;
  return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
}

/** `prefix:arg:arg`, refusing (loudly, as a bug) anything Discord would reject. */
export function customId(prefix: string, ...args: string[]): string {
  const id = [prefix, ...args].join(":");
  if (args.some((a) => a.includes(":"))) throw new Error(`custom id argument contains ':' (${prefix})`);
  if (id.length > CUSTOM_ID_MAX) {
    throw new Error(`custom id for ${prefix} is ${id.length} characters; Discord allows ${CUSTOM_ID_MAX}`);
  }
  return id;
}
