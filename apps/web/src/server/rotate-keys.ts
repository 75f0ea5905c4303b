import type { CredentialCipher } from "@clustercord/auth";
import { type PrismaClient, resealAccountTokens, resealClusterCredentials } from "@clustercord/db";

export interface RotationResult {
  clusterCredentials: number;
  accountTokens: number;
}

/**
 * Re-seals every stored secret under the cipher's active key: cluster
 * credentials and Discord OAuth tokens (plaintext tokens from before sealing
 * included). Afterwards the older keys can be removed from the keyring.
 */
export async function rotateKeys(prisma: PrismaClient, cipher: CredentialCipher): Promise<RotationResult> {
  const clusterCredentials = await resealClusterCredentials(prisma, cipher.activeKeyId, (row) => {
    const where = { guildId: row.guildId, clusterId: row.id };
    return cipher.seal(cipher.open(row.credential, where), where);
  });
  const accountTokens = await resealAccountTokens(prisma, cipher);
  return { clusterCredentials, accountTokens };
}
