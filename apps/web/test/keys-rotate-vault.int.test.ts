/**
 * `npm run keys:rotate` and the secrets vault: every version's data key is
 * re-wrapped under the new master key, the values' ciphertext is untouched,
 * everything still opens with the new key alone, and a second run has nothing to do.
 */
import { randomBytes } from "node:crypto";
import { createCredentialCipher, createEnvelopeCipher } from "@clustercord/auth";
import { addVaultVersion, insertVaultSecret, listVaultVersions, vaultVersionAad } from "@clustercord/db";
import { openTestDatabase } from "@clustercord/testenv";
import { registerSecret } from "@clustercord/testenv/leak-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rotateKeys } from "../src/server/rotate-keys";

const GUILD = "200000000000000001";
const k1 = { id: "k1", key: randomBytes(32) };
const k2 = { id: "k2", key: randomBytes(32) };
const values = [
  { DB_PASSWORD: registerSecret(`vault-rotate-${randomBytes(12).toString("hex")}`, "vault value v1") },
  { DB_PASSWORD: registerSecret(`vault-rotate-${randomBytes(12).toString("hex")}`, "vault value v2") },
];

let testDb: Awaited<ReturnType<typeof openTestDatabase>>;
const prisma = () => testDb.db.prisma;
/** The part of a sealed value after the wrapped data key: nonce, ciphertext and tag. */
const valuePart = (sealed: string) => sealed.split(".").slice(3).join(".");

beforeAll(async () => {
  testDb = await openTestDatabase();
  const old = createEnvelopeCipher([k1]);
  const seal = (version: number) =>
    old.seal(JSON.stringify(values[version - 1]), vaultVersionAad(GUILD, "db-creds", version));
  const secret = await insertVaultSecret(
    prisma(),
    { guildId: GUILD, name: "db-creds", clusterId: "c1", namespace: "shop", type: "Opaque" },
    { sealed: seal(1), keys: ["DB_PASSWORD"], reason: "created", createdById: "1" },
  );
  await addVaultVersion(
    prisma(),
    { secretId: secret.id, expected: 1, keep: 10 },
    { sealed: seal(2), keys: ["DB_PASSWORD"], reason: "rotated", createdById: "1" },
  );
}, 120_000);

afterAll(async () => {
  await testDb?.drop();
});

describe("keys:rotate with the secrets vault", () => {
  it("re-wraps every version's data key; the new key alone opens them, the old one no longer does", async () => {
    const before = await listVaultVersions(prisma(), (await prisma().vaultSecret.findFirstOrThrow()).id);
    expect(before.map((v) => v.sealed.split(".")[1])).toEqual(["k1", "k1"]);

    const rotating = [k2, k1];
    const result = await rotateKeys(
      prisma(),
      createCredentialCipher(rotating),
      createEnvelopeCipher(rotating),
    );
    expect(result.vaultVersions).toBe(2);

    const after = await listVaultVersions(prisma(), before[0]?.secretId ?? "");
    expect(after.map((v) => v.sealed.split(".")[1])).toEqual(["k2", "k2"]);
    // Only the wrapped data key changed: the values' nonce, ciphertext and tag are as they were.
    expect(after.map((v) => valuePart(v.sealed))).toEqual(before.map((v) => valuePart(v.sealed)));

    const newOnly = createEnvelopeCipher([k2]);
    const oldOnly = createEnvelopeCipher([k1]);
    for (const v of after) {
      const aad = vaultVersionAad(GUILD, "db-creds", v.version);
      expect(JSON.parse(newOnly.open(v.sealed, aad).toString("utf8"))).toEqual(values[v.version - 1]);
      expect(() => oldOnly.open(v.sealed, aad)).toThrow(/encryption key k2/);
    }
    // Nothing left to do.
    expect(
      (await rotateKeys(prisma(), createCredentialCipher(rotating), createEnvelopeCipher(rotating)))
        .vaultVersions,
    ).toBe(0);
  });
});
