// `npm run keys:rotate`: re-seals every stored cluster and chart repository credential and Discord
// OAuth token under the first key of CLUSTERCORD_ENCRYPTION_KEYS. Put the new
// key first and keep the old one after it until this has run; then the old
// key can be removed.
import path from "node:path";
import { rotateSnapshotKeys } from "@clustercord/api";
import { createCredentialCipher, createEnvelopeCipher } from "@clustercord/auth";
import { openDatabase } from "@clustercord/db";
import { loadWebEnv } from "./env";
import { rotateKeys } from "./rotate-keys";

const env = loadWebEnv();
const cipher = createCredentialCipher(env.encryptionKeys);
const db = await openDatabase({ url: env.DATABASE_URL, dataDir: path.resolve(env.DATA_DIR, "pglite") });
try {
  const count = await rotateKeys(db.prisma, cipher, createEnvelopeCipher(env.encryptionKeys));
  console.log(
    `re-sealed ${count.clusterCredentials} cluster credential(s), ${count.repositoryCredentials} chart repository credential(s) and ${count.accountTokens} OAuth account(s)' tokens under key ${cipher.activeKeyId}`,
  );
  console.log(`re-wrapped the data keys of ${count.vaultVersions} vault secret version(s)`);
  const snapshots = await rotateSnapshotKeys(db.prisma, createEnvelopeCipher(env.encryptionKeys));
  console.log(`re-wrapped the data keys of ${snapshots} snapshot archive(s)`);
} finally {
  await db.close();
}
