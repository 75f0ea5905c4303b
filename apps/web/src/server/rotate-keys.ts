import type { CredentialCipher } from "@clustercord/auth";
import {
  helmRepositorySealContext,
  type PrismaClient,
  resealAccountTokens,
  resealClusterCredentials,
  resealHelmRepositoryCredentials,
} from "@clustercord/db";

export interface RotationResult {
  clusterCredentials: number;
  accountTokens: number;
  repositoryCredentials: number;
}

/**
 * Re-seals every stored secret under the cipher's active key: cluster
 * credentials, chart repository credentials and Discord OAuth tokens (plaintext tokens from before sealing
 * included). Afterwards the older keys can be removed from the keyring.
 */
export async function rotateKeys(prisma: PrismaClient, cipher: CredentialCipher): Promise<RotationResult> {
  const clusterCredentials = await resealClusterCredentials(prisma, cipher.activeKeyId, (row) => {
    const where = { guildId: row.guildId, clusterId: row.id };
    return cipher.seal(cipher.open(row.credential, where), where);
  });
  const repositoryCredentials = await resealHelmRepositoryCredentials(prisma, cipher.activeKeyId, (row) => {
    const where = helmRepositorySealContext(row.guildId, row.id);
    return cipher.seal(cipher.open(row.credential, where), where);
  });
  const accountTokens = await resealAccountTokens(prisma, cipher);
  return { clusterCredentials, accountTokens, repositoryCredentials };
}
