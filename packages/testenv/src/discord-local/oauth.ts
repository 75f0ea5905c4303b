import { createHash, randomBytes } from "node:crypto";
import type { DiscordFixture } from "./fixture";

interface Grant {
  clientId: string;
  redirectUri: string;
  userId: string;
  scope: string;
  challenge: string | null;
  expires: number;
}
export interface AccessGrant {
  userId: string;
  scopes: Set<string>;
}

const token = () => randomBytes(24).toString("base64url");
const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );

/** Discord's OAuth2 authorization-code flow with PKCE, against fixture users. */
export function createOAuth(fixture: DiscordFixture) {
  const codes = new Map<string, Grant>();
  const access = new Map<string, AccessGrant>();
  const refresh = new Map<string, AccessGrant>();

  const client = (id: string | undefined) => fixture.oauthClients.find((c) => c.clientId === id);

  function issue(grant: AccessGrant) {
    const accessToken = token();
    const refreshToken = token();
    access.set(accessToken, grant);
    refresh.set(refreshToken, grant);
    return {
      access_token: accessToken,
      token_type: "Bearer",
      expires_in: 604800,
      refresh_token: refreshToken,
      scope: [...grant.scopes].join(" "),
    };
  }

  return {
    /** Validates an authorize request; returns an error text or null. */
    checkAuthorize(q: URLSearchParams): string | null {
      if (!client(q.get("client_id") ?? undefined)) return "Unknown client_id";
      if (q.get("response_type") !== "code") return "response_type must be code";
      if (!q.get("redirect_uri")) return "redirect_uri is required";
      const method = q.get("code_challenge_method");
      if (q.get("code_challenge") && method !== "S256") return "code_challenge_method must be S256";
      return null;
    },

    /** The stand-in's sign-in page: one button per fixture user. */
    pickerPage(q: URLSearchParams): string {
      const hidden = [...q]
        .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
        .join("");
      const buttons = fixture.users
        .map(
          (u) =>
            `<li><button name="username" value="${escapeHtml(u.username)}" aria-describedby="u-${u.id}">${escapeHtml(u.username)}</button> <span id="u-${u.id}">${escapeHtml(u.globalName ?? "")}</span></li>`,
        )
        .join("");
      return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Discord (local stand-in)</title>
<style>body{font-family:system-ui,sans-serif;background:#313338;color:#f2f3f5;margin:0;padding:16px}main{max-width:420px;margin:0 auto}ul{list-style:none;padding:0}li{margin:8px 0}button{min-width:120px;min-height:44px;background:#5865f2;color:#fff;border:0;border-radius:6px;font:inherit;cursor:pointer}</style></head>
<body><main><h1>Sign in to ClusterCord</h1><p>Local Discord stand-in: choose who you are.</p><form method="post" action="/oauth2/authorize">${hidden}<ul>${buttons}</ul></form></main></body></html>`;
    },

    /** The user picked: a single-use code bound to client, redirect and PKCE. */
    authorize(form: URLSearchParams): { redirect: string } | { error: string } {
      const problem = this.checkAuthorize(form);
      if (problem) return { error: problem };
      const user = fixture.users.find((u) => u.username === form.get("username"));
      if (!user) return { error: "Unknown user" };
      const code = token();
      codes.set(code, {
        clientId: form.get("client_id") ?? "",
        redirectUri: form.get("redirect_uri") ?? "",
        userId: user.id,
        scope: form.get("scope") ?? "identify",
        challenge: form.get("code_challenge"),
        expires: Date.now() + 60_000,
      });
      const target = new URL(form.get("redirect_uri") ?? "");
      target.searchParams.set("code", code);
      const state = form.get("state");
      if (state) target.searchParams.set("state", state);
      return { redirect: target.toString() };
    },

    /** POST /oauth2/token. Returns [status, body]. */
    token(form: URLSearchParams, basicAuth: string | undefined): [number, object] {
      let clientId = form.get("client_id") ?? undefined;
      let secret = form.get("client_secret") ?? undefined;
      if (basicAuth?.startsWith("Basic ")) {
        const [id, sec] = Buffer.from(basicAuth.slice(6), "base64").toString().split(":");
        clientId = decodeURIComponent(id ?? "");
        secret = decodeURIComponent(sec ?? "");
      }
      const c = client(clientId);
      if (!c || c.clientSecret !== secret) return [401, { error: "invalid_client" }];
      const grantType = form.get("grant_type");
      if (grantType === "authorization_code") {
        const code = form.get("code") ?? "";
        const grant = codes.get(code);
        codes.delete(code); // single use, even when the exchange fails
        if (!grant || grant.expires < Date.now() || grant.clientId !== clientId) {
          return [400, { error: "invalid_grant", error_description: 'Invalid "code" in request.' }];
        }
        if (grant.redirectUri !== form.get("redirect_uri")) {
          return [400, { error: "invalid_grant", error_description: 'Invalid "redirect_uri" in request.' }];
        }
        if (grant.challenge) {
          const verifier = form.get("code_verifier") ?? "";
          const computed = createHash("sha256").update(verifier).digest("base64url");
          if (computed !== grant.challenge) {
            return [400, { error: "invalid_grant", error_description: 'Invalid "code_verifier".' }];
          }
        }
        return [
          200,
          issue({ userId: grant.userId, scopes: new Set(grant.scope.split(/[ +]/).filter(Boolean)) }),
        ];
      }
      if (grantType === "refresh_token") {
        const old = refresh.get(form.get("refresh_token") ?? "");
        if (!old) return [400, { error: "invalid_grant" }];
        refresh.delete(form.get("refresh_token") ?? "");
        return [200, issue(old)];
      }
      return [400, { error: "unsupported_grant_type" }];
    },

    bearer: (header: string | undefined): AccessGrant | null =>
      header?.startsWith("Bearer ") ? (access.get(header.slice(7)) ?? null) : null,
  };
}
