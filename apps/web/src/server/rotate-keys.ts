import type { CredentialCipher, EnvelopeCipher } from "@clustercord/auth";
import {
  helmRepositorySealContext,
  type PrismaClient,
  resealAccountTokens,
  resealClusterCredentials,
  resealHelmRepositoryCredentials,
  rewrapVaultVersions,
} from "@clustercord/db";

export interface RotationResult {
  clusterCredentials: number;
  accountTokens: number;
  repositoryCredentials: number;
  /** Vault secret versions whose data key was re-wrapped (their values' ciphertext is untouched). */
  vaultVersions: number;
}

/**
 * Re-seals every stored secret under the cipher's active key: cluster
 * credentials, chart repository credentials and Discord OAuth tokens (plaintext tokens from before sealing
 * included), and re-wraps the data keys of the vault's secret versions. Afterwards the older keys can be removed from the keyring.
 */
export async function rotateKeys(
  prisma: PrismaClient,
  cipher: CredentialCipher,
  /** The envelope cipher on the same keyring (vault versions); without it they are left as they are. */
  envelope?: EnvelopeCipher,
): Promise<RotationResult> {
  const clusterCredentials = await resealClusterCredentials(prisma, cipher.activeKeyId, (row) => {
    const where = { guildId: row.guildId, clusterId: row.id };
    return cipher.seal(cipher.open(row.credential, where), where);
  });
  const repositoryCredentials = await resealHelmRepositoryCredentials(prisma, cipher.activeKeyId, (row) => {
    const where = helmRepositorySealContext(row.guildId, row.id);
    return cipher.seal(cipher.open(row.credential, where), where);
  });
  const accountTokens = await resealAccountTokens(prisma, cipher);
  const vaultVersions = envelope ? await rewrapVaultVersions(prisma, envelope) : 0;
  return { clusterCredentials, accountTokens, repositoryCredentials, vaultVersions };
}
