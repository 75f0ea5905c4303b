import type { Prisma, PrismaClient } from "./generated/client";

/**
 * Discord OAuth tokens are stored sealed (AES-256-GCM with a key id), each
 * bound to its user, provider account and column. Rows written before
 * sealing hold plaintext: the web server seals them at start
 * (`sealPlaintextAccountTokens`), `keys:rotate` re-seals everything under
 * the active key, and a plaintext value is never used as a token.
 */

export const ACCOUNT_TOKEN_FIELDS = ["access_token", "refresh_token", "id_token"] as const;
export type AccountTokenField = (typeof ACCOUNT_TOKEN_FIELDS)[number];

/** The row a token belongs to; with the column, what a sealed token is bound to. */
export interface AccountTokenOwner {
  userId: string;
  provider: string;
  providerAccountId: string;
}

/**
 * What this package needs from the credential cipher in @clustercord/auth
 * (declared here because auth depends on db, not the reverse).
 */
export interface AccountTokenCipher {
  activeKeyId: string;
  isSealed(value: string): boolean;
  keyIdOf(sealed: string): string;
  sealAccountToken(plaintext: string, ctx: AccountTokenOwner & { field: AccountTokenField }): string;
  openAccountToken(sealed: string, ctx: AccountTokenOwner & { field: AccountTokenField }): string;
}

type TokenColumns<K extends AccountTokenField> = { [F in K]: string | null };

/** The token columns as stored: each given token sealed for its row and column, absent ones null. */
export function sealTokenColumns<K extends AccountTokenField>(
  cipher: AccountTokenCipher,
  owner: AccountTokenOwner,
  tokens: { [F in K]: string | null | undefined },
): TokenColumns<K> {
  const entries = Object.entries(tokens) as [K, string | null | undefined][];
  return Object.fromEntries(
    entries.map(([field, value]) => [
      field,
      value == null ? null : cipher.sealAccountToken(value, { ...owner, field }),
    ]),
  ) as TokenColumns<K>;
}

/** The user's Discord OAuth access token (to list their guilds), or null. */
export async function findDiscordAccessToken(
  prisma: PrismaClient,
  userId: string,
  cipher: AccountTokenCipher,
): Promise<string | null> {
  const account = await prisma.account.findFirst({
    where: { userId, provider: "discord" },
    select: { userId: true, provider: true, providerAccountId: true, access_token: true },
  });
  const stored = account?.access_token;
  // A value that is not sealed predates sealing (or was written around the app): never used.
  if (!account || !stored || !cipher.isSealed(stored)) return null;
  const { userId: accountUserId, provider, providerAccountId } = account;
  return cipher.openAccountToken(stored, {
    userId: accountUserId,
    provider,
    providerAccountId,
    field: "access_token",
  });
}

/** Keeps the stored OAuth tokens fresh on every sign-in (next-auth only links once). */
export async function updateAccountTokens(
  prisma: PrismaClient,
  cipher: AccountTokenCipher,
  account: {
    provider: string;
    providerAccountId: string;
    access_token?: string | undefined;
    refresh_token?: string | undefined;
    expires_at?: number | undefined;
    scope?: string | undefined;
  },
): Promise<void> {
  const { provider, providerAccountId } = account;
  const row = await prisma.account.findUnique({
    where: { provider_providerAccountId: { provider, providerAccountId } },
    select: { userId: true },
  });
  if (!row) return;
  await prisma.account.updateMany({
    where: { provider, providerAccountId, userId: row.userId },
    data: {
      ...sealTokenColumns(
        cipher,
        { userId: row.userId, provider, providerAccountId },
        { access_token: account.access_token, refresh_token: account.refresh_token },
      ),
      expires_at: account.expires_at ?? null,
      scope: account.scope ?? null,
    },
  });
}

const anyToken: Prisma.AccountWhereInput = {
  OR: [{ access_token: { not: null } }, { refresh_token: { not: null } }, { id_token: { not: null } }],
};
// Every sealed value starts with "v1."; Discord's tokens never do.
const anyUnsealedToken: Prisma.AccountWhereInput = {
  OR: [
    { access_token: { not: null }, NOT: { access_token: { startsWith: "v1." } } },
    { refresh_token: { not: null }, NOT: { refresh_token: { startsWith: "v1." } } },
    { id_token: { not: null }, NOT: { id_token: { startsWith: "v1." } } },
  ],
};

/**
 * Rewrites every token for which `isCurrent` is false: a sealed one is
 * opened and sealed again under the active key, a plaintext one is sealed.
 * Each row is written only if unchanged since it was read, so tokens from a
 * sign-in in between are never replaced by older ones. Returns the rows written.
 */
async function rewriteAccountTokens(
  prisma: PrismaClient,
  cipher: AccountTokenCipher,
  where: Prisma.AccountWhereInput,
  isCurrent: (stored: string) => boolean,
): Promise<number> {
  const rows = await prisma.account.findMany({
    where,
    select: {
      id: true,
      userId: true,
      provider: true,
      providerAccountId: true,
      access_token: true,
      refresh_token: true,
      id_token: true,
    },
  });
  let written = 0;
  for (const row of rows) {
    const owner = { userId: row.userId, provider: row.provider, providerAccountId: row.providerAccountId };
    const data: Partial<Record<AccountTokenField, string>> = {};
    for (const field of ACCOUNT_TOKEN_FIELDS) {
      const stored = row[field];
      if (stored === null || isCurrent(stored)) continue;
      const plaintext = cipher.isSealed(stored)
        ? cipher.openAccountToken(stored, { ...owner, field })
        : stored;
      data[field] = cipher.sealAccountToken(plaintext, { ...owner, field });
    }
    if (Object.keys(data).length === 0) continue;
    const { count } = await prisma.account.updateMany({
      where: {
        id: row.id,
        access_token: row.access_token,
        refresh_token: row.refresh_token,
        id_token: row.id_token,
      },
      data,
    });
    written += count;
  }
  return written;
}

/** Seals tokens stored in plaintext (rows from before sealing); run at start. */
export function sealPlaintextAccountTokens(prisma: PrismaClient, cipher: AccountTokenCipher) {
  return rewriteAccountTokens(prisma, cipher, anyUnsealedToken, (stored) => cipher.isSealed(stored));
}

/** `keys:rotate`: every token sealed under the active key (plaintext ones too). */
export function resealAccountTokens(prisma: PrismaClient, cipher: AccountTokenCipher) {
  return rewriteAccountTokens(
    prisma,
    cipher,
    anyToken,
    (stored) => cipher.isSealed(stored) && cipher.keyIdOf(stored) === cipher.activeKeyId,
  );
}
