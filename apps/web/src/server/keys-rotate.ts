// `npm run keys:rotate`: re-seals every stored cluster and chart repository credential and Discord
// OAuth token under the first key of CLUSTERCORD_ENCRYPTION_KEYS. Put the new
// key first and keep the old one after it until this has run; then the old
// key can be removed.
import path from "node:path";
import { createCredentialCipher } from "@clustercord/auth";
import { openDatabase } from "@clustercord/db";
import { loadWebEnv } from "./env";
import { rotateKeys } from "./rotate-keys";

const env = loadWebEnv();
const cipher = createCredentialCipher(env.encryptionKeys);
const db = await openDatabase({ url: env.DATABASE_URL, dataDir: path.resolve(env.DATA_DIR, "pglite") });
try {
  const count = await rotateKeys(db.prisma, cipher);
  console.log(
    `re-sealed ${count.clusterCredentials} cluster credential(s), ${count.repositoryCredentials} chart repository credential(s) and ${count.accountTokens} OAuth account(s)' tokens under key ${cipher.activeKeyId}`,
  );
} finally {
  await db.close();
}
