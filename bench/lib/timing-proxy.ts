/**
 * A loopback HTTP proxy in front of the Discord stand-in's REST API, given to
 * the worker as DISCORD_API_BASE, that notes when each interaction callback
 * (the acknowledgement Discord wants within 3 s) has fully arrived. The
 * gateway (a websocket URL the stand-in announces) does not pass through it.
 */
import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";

export interface CallbackSeen {
  /** performance.now() when the callback's request body had fully arrived. */
  at: number;
  /** The stand-in's answer (204/200 when accepted). */
  status: number;
}

const CALLBACK = /^\/api(?:\/v\d+)?\/interactions\/(\d+)\/[^/]+\/callback(?:\?|$)/;

export async function startTimingProxy() {
  let target: URL | null = null;
  const callbacks = new Map<string, CallbackSeen>();
  const listeners = new Map<string, (seen: CallbackSeen) => void>();

  const server = createServer((req, res) => {
    if (!target) {
      res.writeHead(503).end();
      return;
    }
    const interactionId = CALLBACK.exec(req.url ?? "")?.[1];
    let arrivedAt = 0;
    req.once("end", () => {
      arrivedAt = performance.now();
    });
    const upstream = request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: target.host },
      },
      (answer) => {
        if (interactionId) {
          const seen = { at: arrivedAt || performance.now(), status: answer.statusCode ?? 0 };
          callbacks.set(interactionId, seen);
          listeners.get(interactionId)?.(seen);
          listeners.delete(interactionId);
        }
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.once("error", () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    /** Points the proxy at the stand-in; answers the base URL to give the worker instead. */
    forwardTo(apiBase: string): string {
      target = new URL(apiBase);
      return `http://127.0.0.1:${port}${target.pathname}`;
    },
    /** Resolves when interaction `id`'s callback has reached the stand-in (rejects after `timeoutMs`). */
    callback(id: string, timeoutMs: number): Promise<CallbackSeen> {
      const seen = callbacks.get(id);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          listeners.delete(id);
          reject(new Error(`no callback for interaction ${id} within ${timeoutMs} ms`));
        }, timeoutMs);
        listeners.set(id, (s) => {
          clearTimeout(timer);
          resolve(s);
        });
      });
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
