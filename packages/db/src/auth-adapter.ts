import type { Adapter, AdapterAccount, AdapterSession, AdapterUser } from "next-auth/adapters";
import { type AccountTokenCipher, sealTokenColumns } from "./account-tokens";
import type { PrismaClient } from "./generated/client";

/**
 * next-auth adapter over our schema. Users are keyed by their Discord id
 * (the provider's profile() passes it as `discordId`, because next-auth
 * strips `id` before createUser), so the browser and the bot name a person
 * the same way. OAuth tokens are stored sealed with `cipher`, each bound to
 * its user, provider account and column.
 */
export function createAuthAdapter(prisma: PrismaClient, cipher: AccountTokenCipher): Adapter {
  const toUser = (u: {
    id: string;
    name: string | null;
    email: string | null;
    emailVerified: Date | null;
    image: string | null;
  }): AdapterUser => ({ ...u, email: u.email ?? "" });

  return {
    async createUser(data: Omit<AdapterUser, "id">) {
      const { discordId } = data as { discordId?: string };
      if (!discordId) throw new Error("createUser: profile without discordId");
      const user = await prisma.user.upsert({
        where: { id: discordId },
        create: { id: discordId, name: data.name ?? null, image: data.image ?? null },
        update: { name: data.name ?? null, image: data.image ?? null },
      });
      return toUser(user);
    },
    async getUser(id) {
      const user = await prisma.user.findUnique({ where: { id } });
      return user ? toUser(user) : null;
    },
    async getUserByEmail() {
      return null; // Discord sign-in does not request the email scope.
    },
    async getUserByAccount({ provider, providerAccountId }) {
      const account = await prisma.account.findUnique({
        where: { provider_providerAccountId: { provider, providerAccountId } },
        include: { user: true },
      });
      return account ? toUser(account.user) : null;
    },
    async updateUser({ id, name, image }) {
      const user = await prisma.user.update({
        where: { id },
        data: { name: name ?? null, image: image ?? null },
      });
      return toUser(user);
    },
    async deleteUser(id) {
      await prisma.user.delete({ where: { id } });
    },
    async linkAccount(account: AdapterAccount) {
      const owner = {
        userId: account.userId,
        provider: account.provider,
        providerAccountId: account.providerAccountId,
      };
      const data = {
        ...owner,
        type: account.type,
        ...sealTokenColumns(cipher, owner, {
          access_token: account.access_token,
          refresh_token: account.refresh_token,
          id_token: account.id_token,
        }),
        expires_at: account.expires_at ?? null,
        token_type: account.token_type ?? null,
        scope: account.scope ?? null,
        session_state: (account.session_state as string | undefined) ?? null,
      };
      await prisma.account.upsert({
        where: {
          provider_providerAccountId: {
            provider: account.provider,
            providerAccountId: account.providerAccountId,
          },
        },
        create: data,
        update: data,
      });
    },
    async unlinkAccount({
      provider,
      providerAccountId,
    }: Pick<AdapterAccount, "provider" | "providerAccountId">) {
      await prisma.account.delete({
        where: { provider_providerAccountId: { provider, providerAccountId } },
      });
    },
    async createSession(session): Promise<AdapterSession> {
      const s = await prisma.session.create({ data: session });
      return { sessionToken: s.sessionToken, userId: s.userId, expires: s.expires };
    },
    async getSessionAndUser(sessionToken) {
      const s = await prisma.session.findUnique({
        where: { sessionToken },
        include: { user: true },
      });
      if (!s) return null;
      return {
        session: { sessionToken: s.sessionToken, userId: s.userId, expires: s.expires },
        user: toUser(s.user),
      };
    },
    async updateSession({ sessionToken, expires }) {
      const s = await prisma.session.update({
        where: { sessionToken },
        data: expires ? { expires } : {},
      });
      return { sessionToken: s.sessionToken, userId: s.userId, expires: s.expires };
    },
    async deleteSession(sessionToken) {
      // Returned so next-auth's signOut event knows which session ended.
      const s = await prisma.session.findUnique({ where: { sessionToken } });
      if (!s) return null;
      await prisma.session.deleteMany({ where: { sessionToken } });
      return { sessionToken: s.sessionToken, userId: s.userId, expires: s.expires };
    },
  };
}
