import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

export const REQUEST_ID_HEADER = "x-request-id";
/** An incoming id is kept only in this shape: it goes into every log line of the request. */
export const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

const ids = new WeakMap<IncomingMessage, string>();

/**
 * The request's id: a valid incoming `x-request-id`, else a new one. Kept
 * with the request (a socket's handshake request too), so everything that
 * handles it later logs the same id; echoed in the response when given one.
 */
export function requestIdOf(req: IncomingMessage, res?: ServerResponse): string {
  let id = ids.get(req);
  if (!id) {
    const given = req.headers[REQUEST_ID_HEADER];
    id = typeof given === "string" && REQUEST_ID.test(given) ? given : randomUUID();
    ids.set(req, id);
  }
  if (res && !res.headersSent) res.setHeader(REQUEST_ID_HEADER, id);
  return id;
}
