// `npm run keys:rotate`: re-seals every stored cluster credential under the
// first key of CLUSTERCORD_ENCRYPTION_KEYS. Put the new key first and keep the
// old one after it until this has run; then the old key can be removed.
import path from "node:path";
import { createCredentialCipher } from "@clustercord/auth";
import { openDatabase, resealClusterCredentials } from "@clustercord/db";
import { loadWebEnv } from "./env";

const env = loadWebEnv();
const cipher = createCredentialCipher(env.encryptionKeys);
const db = await openDatabase({ url: env.DATABASE_URL, dataDir: path.resolve(env.DATA_DIR, "pglite") });
try {
  const count = await resealClusterCredentials(db.prisma, cipher.activeKeyId, (row) => {
    const where = { guildId: row.guildId, clusterId: row.id };
    return cipher.seal(cipher.open(row.credential, where), where);
  });
  console.log(`re-sealed ${count} cluster credential(s) under key ${cipher.activeKeyId}`);
} finally {
  await db.close();
}
