import { randomBytes, randomUUID } from "node:crypto";
import { createCredentialCipher, parseKeyring } from "@clustercord/auth";
import {
  helmRepositorySealContext,
  insertHelmRepository,
  listHelmRepositories,
  resealHelmRepositoryCredentials,
} from "@clustercord/db";
import { openTestDatabase } from "@clustercord/testenv";
import { registerSecret } from "@clustercord/testenv/leak-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApiDeps } from "../src/context";
import { repositorySource } from "../src/services/helm-repos";

const ACME = "200000000000000001";
const BETA = "200000000000000002";
const PASSWORD = registerSecret(`pw-${randomBytes(16).toString("hex")}`, "repository password");
const key1 = registerSecret(randomBytes(32).toString("base64"), "encryption key 1");
const key2 = registerSecret(randomBytes(32).toString("base64"), "encryption key 2");

let testDb: Awaited<ReturnType<typeof openTestDatabase>>;

beforeAll(async () => {
  testDb = await openTestDatabase();
});
afterAll(async () => {
  await testDb?.drop();
});

describe("chart repository credentials at rest", () => {
  it("are sealed per repository, open only for it, and re-seal under a new key", async () => {
    const prisma = testDb.db.prisma;
    const old = createCredentialCipher(parseKeyring(`k1:${key1}`));
    const id = randomUUID();
    const sealed = old.seal(
      JSON.stringify({ username: "reader", password: PASSWORD }),
      helmRepositorySealContext(ACME, id),
    );
    await insertHelmRepository(prisma, {
      id,
      guildId: ACME,
      name: "private",
      url: "https://charts.example.com",
      credential: sealed,
      keyId: old.activeKeyId,
      createdBy: "1",
    });
    await insertHelmRepository(prisma, {
      id: randomUUID(),
      guildId: ACME,
      name: "public",
      url: "https://public.example.com",
      credential: null,
      keyId: null,
      createdBy: "1",
    });
    expect(sealed).not.toContain(PASSWORD);
    // Bound to its guild and repository: another guild's or a cluster's context does not open it.
    expect(() => old.open(sealed, helmRepositorySealContext(BETA, id))).toThrow(/failed authentication/);
    expect(() => old.open(sealed, { guildId: ACME, clusterId: id })).toThrow(/failed authentication/);

    const rotated = createCredentialCipher(parseKeyring(`k2:${key2},k1:${key1}`));
    const count = await resealHelmRepositoryCredentials(prisma, rotated.activeKeyId, (row) => {
      const where = helmRepositorySealContext(row.guildId, row.id);
      return rotated.seal(rotated.open(row.credential, where), where);
    });
    expect(count).toBe(1);
    const [priv, pub] = await listHelmRepositories(prisma, ACME);
    expect(priv?.keyId).toBe("k2");
    expect(pub).toMatchObject({ name: "public", hasCredentials: false, credential: null });

    // Only the new key is needed now, and the source carries the credentials as a Basic header.
    const onlyNew = createCredentialCipher(parseKeyring(`k2:${key2}`));
    const source = priv && repositorySource({ cipher: onlyNew } as unknown as ApiDeps, priv);
    expect(source?.authorization).toBe(`Basic ${Buffer.from(`reader:${PASSWORD}`).toString("base64")}`);
    expect(await resealHelmRepositoryCredentials(prisma, "k2", () => "unused")).toBe(0);
  });
});
