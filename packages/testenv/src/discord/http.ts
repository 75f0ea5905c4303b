import type { IncomingMessage, ServerResponse } from "node:http";
import type { z } from "zod";

/** Discord's request size ceiling is far larger; tests never need more than this. */
export const MAX_BODY_BYTES = 8 * 1024 * 1024;

/** An error answered as Discord does: a status and `{ message, code }` (or an OAuth error body). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {
    super(typeof body.message === "string" ? body.message : String(body.error ?? status));
  }
}

export const discordError = (status: number, message: string, code: number) =>
  new HttpError(status, { message, code });

export const unauthorized = () => discordError(401, "401: Unauthorized", 0);

/** An uploaded file, as Discord keeps it for a message attachment. */
export interface UploadedFile {
  field: string;
  filename: string;
  contentType: string | null;
  data: Buffer;
}

export interface ParsedBody {
  /** JSON body, or the `payload_json` part of a multipart body. */
  json: unknown;
  /** application/x-www-form-urlencoded fields. */
  form: URLSearchParams | null;
  files: UploadedFile[];
}

/**
 * Reads a request body up to `limit` bytes. Over the limit it stops reading
 * (the caller answers 413 and closes the connection) instead of buffering it all.
 */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > limit) return Promise.reject(tooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off("data", onData);
        req.pause();
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    req.on("data", onData);
    req.once("end", () => resolve(Buffer.concat(chunks)));
    req.once("error", reject);
  });
}

const tooLarge = (limit: number) =>
  discordError(413, `Request entity too large (limit ${limit} bytes)`, 40005);

/** Parses JSON, urlencoded and multipart/form-data (discord.js sends files that way). */
export async function parseBody(contentType: string | undefined, raw: Buffer): Promise<ParsedBody> {
  const type = (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  const empty: ParsedBody = { json: undefined, form: null, files: [] };
  if (raw.length === 0) return empty;
  if (type === "application/json") return { ...empty, json: parseJson(raw.toString("utf8")) };
  if (type === "application/x-www-form-urlencoded") {
    return { ...empty, form: new URLSearchParams(raw.toString("utf8")) };
  }
  if (type === "multipart/form-data" && contentType) {
    let data: FormData;
    try {
      data = await new Response(new Uint8Array(raw), { headers: { "content-type": contentType } }).formData();
    } catch {
      throw discordError(400, "The multipart body could not be parsed", 50109);
    }
    const files: UploadedFile[] = [];
    let json: unknown;
    for (const [field, value] of data) {
      if (typeof value === "string") {
        if (field === "payload_json") json = parseJson(value);
      } else {
        files.push({
          field,
          filename: value.name,
          contentType: value.type || null,
          data: Buffer.from(await value.arrayBuffer()),
        });
      }
    }
    return { json, form: null, files };
  }
  throw discordError(415, `Unsupported content type ${type || "(none)"}`, 0);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw discordError(400, "The request body contains invalid JSON.", 50109);
  }
}

/**
 * Validates a request body against a zod schema, refusing as Discord does
 * (400 "Invalid Form Body", code 50035, errors nested by field path).
 */
export function validate<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const errors: Record<string, unknown> = {};
  for (const issue of parsed.error.issues) {
    let node = errors;
    for (const key of issue.path) {
      const k = String(key);
      node[k] ??= {};
      node = node[k] as Record<string, unknown>;
    }
    node._errors ??= [];
    (node._errors as { code: string; message: string }[]).push({
      code: issue.code.toUpperCase(),
      message: issue.message,
    });
  }
  throw new HttpError(400, { message: "Invalid Form Body", code: 50035, errors });
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    "cache-control": "no-store",
  });
  res.end(text);
}

export function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    "content-type": "text/html; charset=utf-8",
    "content-length": Buffer.byteLength(html),
    "cache-control": "no-store",
    // Inline styles only; no scripts. (No form-action: Chrome would block the redirect to the app.)
    "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'",
    "x-frame-options": "DENY",
  });
  res.end(html);
}

export function redirect(res: ServerResponse, location: string): void {
  res.writeHead(302, { location, "cache-control": "no-store", "content-length": 0 });
  res.end();
}

/** A path template like `/guilds/:guildId/members/:userId`, matched segment by segment. */
export function matchPath(template: string, path: string): Record<string, string> | null {
  const want = template.split("/");
  const got = path.split("/");
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (const [i, part] of want.entries()) {
    const value = got[i] ?? "";
    if (part.startsWith(":")) {
      if (!value) return null;
      params[part.slice(1)] = decodeURIComponent(value);
    } else if (part !== value) {
      return null;
    }
  }
  return params;
}
