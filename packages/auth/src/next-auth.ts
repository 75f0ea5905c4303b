import { createAuthAdapter, type PrismaClient, updateAccountTokens } from "@clustercord/db";
import type { NextAuthOptions } from "next-auth";
import type { OAuthConfig } from "next-auth/providers/oauth";
import type { CredentialCipher } from "./credential-cipher";

export interface AuthConfig {
  prisma: PrismaClient;
  /** Seals the Discord OAuth tokens at rest. */
  cipher: CredentialCipher;
  secret: string;
  discord: {
    clientId: string;
    clientSecret: string;
    /** e.g. https://discord.com/api */
    apiBase: string;
    /** e.g. https://discord.com (hosts /oauth2/authorize) */
    webBase: string;
  };
  /** Serve cookies with the Secure flag (true behind HTTPS). */
  secureCookies: boolean;
  /** Called after a browser session is deleted by sign-out. */
  onSignOut?: (sessionToken: string) => void;
}

interface DiscordProfile {
  id: string;
  username: string;
  global_name?: string | null;
  avatar: string | null;
}

/** Discord as an OAuth provider, with every URL configurable for the stand-in. */
function discordProvider(config: AuthConfig["discord"]): OAuthConfig<DiscordProfile> {
  const api = config.apiBase.replace(/\/+$/, "");
  return {
    id: "discord",
    name: "Discord",
    type: "oauth",
    checks: ["pkce", "state"],
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    authorization: {
      url: `${config.webBase.replace(/\/+$/, "")}/oauth2/authorize`,
      params: { scope: "identify guilds guilds.members.read", prompt: "none" },
    },
    token: `${api}/oauth2/token`,
    userinfo: `${api}/users/@me`,
    profile(profile) {
      // next-auth drops `id` before createUser; `discordId` keys our user row.
      return {
        id: profile.id,
        discordId: profile.id,
        name: profile.global_name ?? profile.username,
        email: null,
        image: null,
      };
    },
  };
}

export function createAuthOptions(config: AuthConfig): NextAuthOptions {
  return {
    adapter: createAuthAdapter(config.prisma, config.cipher),
    providers: [discordProvider(config.discord)],
    secret: config.secret,
    session: { strategy: "database", maxAge: 7 * 24 * 3600 },
    useSecureCookies: config.secureCookies,
    pages: { signIn: "/", error: "/" },
    events: {
      async signIn({ account }) {
        if (account) await updateAccountTokens(config.prisma, config.cipher, account);
      },
      signOut({ session }) {
        const token = (session as { sessionToken?: string } | null)?.sessionToken;
        if (token) config.onSignOut?.(token);
      },
    },
    callbacks: {
      // Only relative or same-origin redirects after sign-in/out.
      redirect({ url, baseUrl }) {
        if (url.startsWith("/")) return `${baseUrl}${url}`;
        return new URL(url).origin === baseUrl ? url : baseUrl;
      },
    },
  };
}
