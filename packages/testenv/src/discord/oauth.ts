import { createHash, timingSafeEqual } from "node:crypto";
import { registerSecret } from "../leak-check";
import { renderAuthorizePage, renderErrorPage } from "./authorize-page";
import { HttpError } from "./http";
import { secretToken } from "./snowflake";
import type { World } from "./world";

const KNOWN_SCOPES = new Set([
  "identify",
  "email",
  "guilds",
  "guilds.members.read",
  "guilds.join",
  "connections",
  "openid",
  "applications.commands",
  "bot",
]);
const TOKEN_LIFETIME_S = 604_800;
const CODE_LIFETIME_MS = 10 * 60_000;

export interface Grant {
  userId: string;
  clientId: string;
  scopes: string[];
}
interface CodeGrant extends Grant {
  redirectUri: string;
  challenge: string | null;
  expiresAt: number;
}
interface TokenGrant extends Grant {
  expiresAt: number;
}

/** What the authorize endpoints answer: a page, or a redirect back to the app. */
export type AuthorizeResult =
  | { kind: "page"; status: number; html: string }
  | { kind: "redirect"; location: string };

const oauthError = (status: number, error: string, description: string) =>
  new HttpError(status, { error, error_description: description });

const equal = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** Form-urlencoded decoding, which RFC 6749 applies to HTTP Basic client credentials. */
const formDecode = (value: string) => decodeURIComponent(value.replace(/\+/g, " "));

/** Discord's OAuth2 authorization-code flow with PKCE (S256), refresh and revocation. */
export class OAuth {
  private readonly codes = new Map<string, CodeGrant>();
  private readonly accessTokens = new Map<string, TokenGrant>();
  private readonly refreshTokens = new Map<string, Grant>();

  constructor(private readonly world: World) {}

  /** GET /oauth2/authorize */
  authorizePage(params: URLSearchParams): AuthorizeResult {
    const checked = this.checkAuthorize(params);
    if ("kind" in checked) return checked;
    const html = renderAuthorizePage({ fixture: this.world.fixture, params, scopes: checked.scopes });
    return { kind: "page", status: 200, html };
  }

  /** POST /oauth2/authorize: the picked user (or Cancel) with the original parameters. */
  authorizeSubmit(form: URLSearchParams): AuthorizeResult {
    const checked = this.checkAuthorize(form);
    if ("kind" in checked) return checked;
    const back = (query: Record<string, string>) => {
      const url = new URL(checked.redirectUri);
      for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
      const state = form.get("state");
      if (state !== null) url.searchParams.set("state", state);
      return { kind: "redirect", location: url.toString() } as const;
    };
    if (form.get("deny")) {
      return back({ error: "access_denied", error_description: "The resource owner denied the request" });
    }
    const user = this.world.userByName(form.get("username") ?? "");
    if (!user) return page(400, `Unknown user "${form.get("username") ?? ""}"`);
    const code = secretToken(24);
    this.codes.set(code, {
      userId: user.id,
      clientId: checked.clientId,
      scopes: checked.scopes,
      redirectUri: checked.redirectUri,
      challenge: form.get("code_challenge"),
      expiresAt: Date.now() + CODE_LIFETIME_MS,
    });
    return back({ code });
  }

  /** POST /api/oauth2/token (form body; client credentials via Basic or the body). */
  token(authorization: string | undefined, form: URLSearchParams): Record<string, unknown> {
    const clientId = this.authenticateClient(authorization, form);
    const grantType = form.get("grant_type");
    if (grantType === "authorization_code") {
      const code = form.get("code") ?? "";
      const grant = this.codes.get(code);
      // Single use: a code is spent by its first redemption attempt, successful or not.
      this.codes.delete(code);
      if (!grant || grant.expiresAt < Date.now()) {
        throw oauthError(400, "invalid_grant", 'Invalid "code" in request.');
      }
      if (grant.clientId !== clientId)
        throw oauthError(400, "invalid_grant", "Code was issued to another client.");
      if (form.get("redirect_uri") !== grant.redirectUri) {
        throw oauthError(400, "invalid_grant", 'Invalid "redirect_uri" in request.');
      }
      if (grant.challenge !== null) {
        const verifier = form.get("code_verifier") ?? "";
        const digest = createHash("sha256").update(verifier).digest("base64url");
        if (!verifier || !equal(digest, grant.challenge)) {
          throw oauthError(400, "invalid_grant", 'Invalid "code_verifier"');
        }
      }
      return this.issue(grant);
    }
    if (grantType === "refresh_token") {
      const refresh = form.get("refresh_token") ?? "";
      const grant = this.refreshTokens.get(refresh);
      if (!grant || grant.clientId !== clientId) {
        throw oauthError(400, "invalid_grant", 'Invalid "refresh_token" in request.');
      }
      this.refreshTokens.delete(refresh); // rotated
      return this.issue(grant);
    }
    throw oauthError(400, "unsupported_grant_type", `Unsupported grant type ${grantType ?? "(none)"}`);
  }

  /** POST /api/oauth2/token/revoke */
  revoke(authorization: string | undefined, form: URLSearchParams): Record<string, unknown> {
    const clientId = this.authenticateClient(authorization, form);
    const token = form.get("token") ?? "";
    for (const store of [this.accessTokens, this.refreshTokens] as Map<string, Grant>[]) {
      if (store.get(token)?.clientId === clientId) store.delete(token);
    }
    return {};
  }

  /** The grant behind `Authorization: Bearer <token>`, if valid and unexpired. */
  bearer(authorization: string | undefined): Grant | null {
    const match = /^Bearer (.+)$/.exec(authorization ?? "");
    const grant = match?.[1] ? this.accessTokens.get(match[1]) : undefined;
    return grant && grant.expiresAt > Date.now() ? grant : null;
  }

  private issue(grant: Grant) {
    const accessToken = secretToken();
    const refreshToken = secretToken();
    const { userId, clientId, scopes } = grant;
    this.accessTokens.set(accessToken, {
      userId,
      clientId,
      scopes,
      expiresAt: Date.now() + TOKEN_LIFETIME_S * 1000,
    });
    this.refreshTokens.set(refreshToken, { userId, clientId, scopes });
    registerSecret(accessToken, "Discord OAuth access token");
    registerSecret(refreshToken, "Discord OAuth refresh token");
    return {
      access_token: accessToken,
      token_type: "Bearer",
      expires_in: TOKEN_LIFETIME_S,
      refresh_token: refreshToken,
      scope: scopes.join(" "),
    };
  }

  private authenticateClient(authorization: string | undefined, form: URLSearchParams): string {
    let id = form.get("client_id");
    let secret = form.get("client_secret");
    const basic = /^Basic (.+)$/i.exec(authorization ?? "");
    if (basic?.[1]) {
      const decoded = Buffer.from(basic[1], "base64").toString("utf8");
      const colon = decoded.indexOf(":");
      const basicId = formDecode(decoded.slice(0, colon < 0 ? undefined : colon));
      if (id !== null && id !== basicId) throw oauthError(400, "invalid_request", "client_id mismatch");
      id = basicId;
      secret = colon < 0 ? "" : formDecode(decoded.slice(colon + 1));
    }
    const client = this.world.fixture.oauthClients.find((c) => c.clientId === id);
    if (!client || secret === null || !equal(secret, client.clientSecret)) {
      throw oauthError(401, "invalid_client", "Client authentication failed");
    }
    return client.clientId;
  }

  /** Shared checks of GET and POST /oauth2/authorize. */
  private checkAuthorize(
    params: URLSearchParams,
  ): AuthorizeResult | { clientId: string; redirectUri: string; scopes: string[] } {
    const clientId = params.get("client_id") ?? "";
    if (!this.world.fixture.oauthClients.some((c) => c.clientId === clientId)) {
      return page(400, `Unknown client_id "${clientId}".`);
    }
    const redirectUri = params.get("redirect_uri") ?? "";
    if (!/^https?:\/\/[^\s]+$/.test(redirectUri) || !URL.canParse(redirectUri)) {
      return page(400, "Missing or invalid redirect_uri.");
    }
    // From here on, problems go back to the app as OAuth errors (RFC 6749 §4.1.2.1).
    const fail = (error: string, description: string) => {
      const url = new URL(redirectUri);
      url.searchParams.set("error", error);
      url.searchParams.set("error_description", description);
      const state = params.get("state");
      if (state !== null) url.searchParams.set("state", state);
      return { kind: "redirect", location: url.toString() } as const;
    };
    if (params.get("response_type") !== "code") {
      return fail("unsupported_response_type", "Only response_type=code is supported");
    }
    const scopes = (params.get("scope") ?? "").split(/[\s+]+/).filter(Boolean);
    if (scopes.length === 0 || scopes.some((s) => !KNOWN_SCOPES.has(s))) {
      return fail("invalid_scope", "The requested scope is invalid, unknown, or malformed.");
    }
    const challenge = params.get("code_challenge");
    const method = params.get("code_challenge_method");
    if (challenge !== null && method !== "S256") {
      return fail("invalid_request", "code_challenge_method must be S256");
    }
    if (challenge === null && method !== null) return fail("invalid_request", "code_challenge is missing");
    return { clientId, redirectUri, scopes };
  }
}

const page = (status: number, message: string): AuthorizeResult => ({
  kind: "page",
  status,
  html: renderErrorPage(message),
});
