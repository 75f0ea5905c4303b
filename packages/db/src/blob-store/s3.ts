import { createHash } from "node:crypto";
import http, { type IncomingMessage } from "node:http";
import https from "node:https";
import type { Readable } from "node:stream";
import { AppError } from "@clustercord/contracts";
import { findOutboundRefusal } from "@clustercord/outbound";
import { AwsV4Signer } from "aws4fetch";
import { checkBlobKey } from "./keys";
import type { BlobStore, BlobStoreConfig } from "./types";

type S3Config = Extract<BlobStoreConfig, { kind: "s3" }>;

const DEFAULT_MAX_OBJECT_BYTES = 512 * 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 60_000;
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * An S3-compatible bucket (AWS, MinIO, Ceph, R2...), signed with SigV4
 * (aws4fetch) and dialled only through the outbound guard: the endpoint is
 * the operator's, but private networks are still reached only when the
 * operator's allow-list says so, and redirects are never followed.
 *
 * Limits, on purpose for now: one signed PUT per object (no multipart), so a
 * `put` buffers the body in memory up to `maxObjectBytes` (default 512 MiB);
 * the payload's SHA-256 is signed, so the store rejects a corrupted upload.
 * Errors name the store and the key and the S3 error code, never credentials.
 */
export function createS3BlobStore(config: S3Config): BlobStore {
  let endpoint: URL;
  try {
    endpoint = new URL(config.endpoint);
  } catch {
    throw new Error("S3 endpoint: not an absolute URL (expected https://host[:port])");
  }
  if (!BUCKET.test(config.bucket)) {
    throw new Error(`S3 bucket ${JSON.stringify(config.bucket.slice(0, 80))}: not a valid bucket name`);
  }
  const basePath = endpoint.pathname.replace(/\/+$/, "");
  const store = `blob store (S3 bucket ${config.bucket} at ${endpoint.host})`;
  const maxBytes = config.maxObjectBytes ?? DEFAULT_MAX_OBJECT_BYTES;
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  // One agent per store and protocol, made on first use: connections are pooled and every dial is judged by the guard.
  const agents: { http?: http.Agent; https?: http.Agent } = {};
  const httpAgent = () => (agents.http ??= config.guard.agent("http:"));
  const httpsAgent = () => (agents.https ??= config.guard.agent("https:"));

  const urlOf = (key: string): string => {
    const safe = checkBlobKey(key, store);
    return config.forcePathStyle
      ? `${endpoint.origin}${basePath}/${config.bucket}/${safe}`
      : `${endpoint.protocol}//${config.bucket}.${endpoint.host}${basePath}/${safe}`;
  };

  const fail = (code: "UPSTREAM" | "BAD_REQUEST" | "NOT_FOUND", message: string, cause?: unknown) =>
    new AppError(code, {
      message: `${store}: ${message}`,
      userMessage:
        code === "NOT_FOUND"
          ? "The stored file was not found; it may have been deleted."
          : `The object store did not accept the request (${message}).`,
      cause,
    });

  /**
   * One signed request over node:http(s) through the guard's agent (the
   * guard judges every address it dials). Resolves with the response once
   * its headers arrived; the timeout covers only that.
   */
  async function send(
    method: "GET" | "PUT" | "HEAD" | "DELETE",
    key: string,
    options: { body?: Buffer; timeoutMs?: number } = {},
  ): Promise<IncomingMessage> {
    const url = urlOf(key);
    const what = `${method} ${key}`;
    try {
      config.guard.checkUrl(url);
    } catch (error) {
      const refusal = findOutboundRefusal(error);
      throw fail("UPSTREAM", `${what} refused: ${refusal?.userMessage ?? "the address is not allowed"}`);
    }
    const headers: Record<string, string> = {};
    if (options.body) {
      headers["x-amz-content-sha256"] = createHash("sha256").update(options.body).digest("hex");
      headers["content-type"] = "application/octet-stream";
    }
    const signed = await new AwsV4Signer({
      url,
      method,
      headers,
      accessKeyId: config.accessKeyId,
      secretAccessKey: config.secretAccessKey,
      service: "s3",
      region: config.region,
    }).sign();
    const sendHeaders: Record<string, string> = Object.fromEntries(signed.headers.entries());
    if (options.body) sendHeaders["content-length"] = String(options.body.length);
    const limit = options.timeoutMs ?? timeoutMs;
    const res = await new Promise<IncomingMessage>((resolve, reject) => {
      const request = (signed.url.protocol === "https:" ? https : http).request(signed.url, {
        method,
        headers: sendHeaders,
        agent: signed.url.protocol === "https:" ? httpsAgent() : httpAgent(),
      });
      const timer = setTimeout(() => {
        request.destroy();
        reject(fail("UPSTREAM", `${what} got no answer within ${Math.round(limit / 1000)} s`));
      }, limit);
      request.once("response", (response) => {
        clearTimeout(timer);
        resolve(response);
      });
      request.once("error", (error) => {
        clearTimeout(timer);
        const refusal = findOutboundRefusal(error);
        reject(
          refusal
            ? fail("UPSTREAM", `${what} refused: ${refusal.userMessage}`)
            : fail("UPSTREAM", `${what} could not reach the store (${networkReason(error)})`),
        );
      });
      request.end(options.body);
    });
    const status = res.statusCode ?? 0;
    if (status >= 300 && status < 400) {
      res.resume();
      throw fail(
        "UPSTREAM",
        `${what}: the store answered with a redirect (HTTP ${status}), which is not followed`,
      );
    }
    return res;
  }

  /** The S3 error code from an error response (`<Code>NoSuchBucket</Code>`); the rest of the body is not passed on. */
  async function errorOf(res: IncomingMessage, what: string): Promise<AppError> {
    const text = await readText(res, 4096).catch(() => "");
    const code = /<Code>([A-Za-z0-9.]{1,64})<\/Code>/.exec(text)?.[1];
    return fail("UPSTREAM", `${what} failed: HTTP ${res.statusCode}${code ? ` ${code}` : ""}`);
  }

  return {
    kind: "s3",

    async put(key, body) {
      checkBlobKey(key, store);
      const tooBig = () =>
        fail(
          "BAD_REQUEST",
          `${key} is larger than ${Math.round(maxBytes / 1024 / 1024)} MiB, the most one upload takes`,
        );
      const buffer = Buffer.isBuffer(body) ? body : await readAll(body, maxBytes, tooBig);
      if (buffer.length > maxBytes) throw tooBig();
      // The upload time grows with the size: allow 1 s per MiB on top of the base timeout.
      const res = await send("PUT", key, {
        body: buffer,
        timeoutMs: timeoutMs + Math.ceil(buffer.length / 1024 / 1024) * 1000,
      });
      if (!isOk(res)) throw await errorOf(res, `PUT ${key}`);
      res.resume();
      return { bytes: buffer.length };
    },

    async get(key) {
      const res = await send("GET", key);
      if (res.statusCode === 404) {
        res.resume();
        throw fail("NOT_FOUND", `no object ${key}`);
      }
      if (!isOk(res)) throw await errorOf(res, `GET ${key}`);
      return res;
    },

    async stat(key) {
      const res = await send("HEAD", key);
      res.resume();
      if (res.statusCode === 404) return null;
      if (!isOk(res)) throw fail("UPSTREAM", `HEAD ${key} failed: HTTP ${res.statusCode}`);
      const bytes = Number(res.headers["content-length"]);
      if (!Number.isFinite(bytes)) throw fail("UPSTREAM", `HEAD ${key}: the store gave no size`);
      return { bytes };
    },

    async delete(key) {
      const res = await send("DELETE", key);
      if (!isOk(res) && res.statusCode !== 404) throw await errorOf(res, `DELETE ${key}`);
      res.resume();
    },
  };
}

const isOk = (res: IncomingMessage) => (res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 300;

async function readText(res: IncomingMessage, max: number): Promise<string> {
  let text = "";
  for await (const chunk of res) {
    if (text.length < max) text += (chunk as Buffer).toString("utf8");
  }
  return text.slice(0, max);
}

async function readAll(body: Readable, maxBytes: number, tooBig: () => AppError): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    size += buf.length;
    if (size > maxBytes) {
      body.destroy();
      throw tooBig();
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks, size);
}

/** An errno code, else the innermost cause's first line (undici's messages name no credentials or headers). */
function networkReason(error: unknown): string {
  let innermost = "network error";
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^E[A-Z_]+$/.test(code)) return code;
    const message = (e as { message?: unknown }).message;
    if (typeof message === "string" && message) innermost = message.split("\n")[0]?.slice(0, 80) ?? innermost;
  }
  return innermost;
}
