import type { IncomingMessage, ServerResponse } from "node:http";
import nextAuthModule, { type NextAuthOptions } from "next-auth";

// next-auth ships CommonJS with `exports.default`: under Node's ESM loader the
// default import is the module object, under bundlers it is the function.
const NextAuth = ((nextAuthModule as unknown as { default?: typeof nextAuthModule }).default ??
  nextAuthModule) as typeof nextAuthModule;

const MAX_BODY = 64 * 1024;

async function readForm(req: IncomingMessage): Promise<Record<string, string>> {
  if (req.method !== "POST") return {};
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error("auth request body too large");
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  const type = req.headers["content-type"] ?? "";
  if (type.includes("application/json")) return JSON.parse(text || "{}");
  return Object.fromEntries(new URLSearchParams(text));
}

function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0) out[part.slice(0, eq).trim()] = decodeURIComponent(part.slice(eq + 1).trim());
  }
  return out;
}

/**
 * Serves next-auth under /api/auth/* from the custom server, so sessions,
 * the database and the API share one process and one Prisma client. Adapts
 * Node's req/res to the shape next-auth's API-route handler reads.
 */
export function createAuthRoute(options: NextAuthOptions) {
  return async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    const segments = url.pathname
      .replace(/^\/api\/auth\/?/, "")
      .split("/")
      .filter(Boolean);
    let body: Record<string, string>;
    try {
      body = await readForm(req);
    } catch {
      res.statusCode = 413;
      res.end();
      return;
    }
    const apiReq = Object.assign(req, {
      query: { ...Object.fromEntries(url.searchParams), nextauth: segments },
      body,
      cookies: parseCookies(req.headers.cookie),
    });
    const apiRes = Object.assign(res, {
      status(code: number) {
        res.statusCode = code;
        return apiRes;
      },
      json(value: unknown) {
        res.setHeader("Content-Type", "application/json");
        res.end(JSON.stringify(value));
      },
      send(value: unknown) {
        if (typeof value === "string" || Buffer.isBuffer(value)) res.end(value);
        else apiRes.json(value);
      },
    });
    // biome-ignore lint/suspicious/noExplicitAny: next-auth's Next API types
    await NextAuth(apiReq as any, apiRes as any, options);
  };
}
