import http from "node:http";
import https from "node:https";
import { StringDecoder } from "node:string_decoder";
import { AppError } from "@clustercord/contracts";
import { findOutboundRefusal } from "@clustercord/outbound";
import type { KubeConfig } from "@kubernetes/client-node";
import { fromHttpAnswer } from "../client/errors";

export interface LogStreamOptions {
  namespace: string;
  pod: string;
  container?: string | undefined;
  follow?: boolean | undefined;
  tailLines?: number | undefined;
  sinceSeconds?: number | undefined;
  previous?: boolean | undefined;
  timestamps?: boolean | undefined;
}

export interface LogStream {
  /** Settles when the stream ends: by itself ("ended"), by `stop()` ("stopped") or by a failure ("failed"). */
  done: Promise<"ended" | "stopped" | "failed">;
  /** Ends the request to the API server (idempotent). */
  stop(): void;
  /**
   * Stops reading from the API server (TCP backpressure: the cluster waits, nothing is lost)
   * until `resume()`. A chunk already read may still arrive.
   */
  pause(): void;
  resume(): void;
  /** While on, whole lines read are counted (`onSkipped`) instead of decoded and passed on. */
  skip(on: boolean): void;
}

/** Longest line kept whole; longer lines are cut (a log line is not a file transfer). */
const MAX_LINE = 16 * 1024;

export function logPath(options: LogStreamOptions): string {
  const query = new URLSearchParams();
  if (options.container) query.set("container", options.container);
  if (options.follow) query.set("follow", "true");
  if (options.tailLines !== undefined) query.set("tailLines", String(options.tailLines));
  if (options.sinceSeconds !== undefined) query.set("sinceSeconds", String(options.sinceSeconds));
  if (options.previous) query.set("previous", "true");
  if (options.timestamps) query.set("timestamps", "true");
  const qs = query.toString();
  return `/api/v1/namespaces/${encodeURIComponent(options.namespace)}/pods/${encodeURIComponent(options.pod)}/log${qs ? `?${qs}` : ""}`;
}

/** Splits a byte stream into lines, keeping the unfinished tail for the next chunk. */
export class LineSplitter {
  private readonly decoder = new StringDecoder("utf8");
  private rest = "";

  push(chunk: Buffer): string[] {
    const text = this.rest + this.decoder.write(chunk);
    const parts = text.split("\n");
    this.rest = parts.pop() ?? "";
    if (this.rest.length > MAX_LINE) {
      parts.push(this.rest.slice(0, MAX_LINE));
      this.rest = "";
    }
    return parts.map((line) => (line.length > MAX_LINE ? line.slice(0, MAX_LINE) : line.replace(/\r$/, "")));
  }

  /**
   * Counts the lines `chunk` completes without decoding them (a reader with
   * nowhere to put them); the unfinished tail is kept as by push.
   */
  skip(chunk: Buffer): number {
    let count = 0;
    let last = -1;
    // A newline byte never occurs inside a multi-byte UTF-8 character.
    for (let at = chunk.indexOf(0x0a); at !== -1; at = chunk.indexOf(0x0a, at + 1)) {
      count++;
      last = at;
    }
    if (last === -1) {
      this.rest += this.decoder.write(chunk);
    } else {
      this.decoder.end();
      this.rest = this.decoder.write(chunk.subarray(last + 1));
    }
    if (this.rest.length > MAX_LINE) {
      count++;
      this.rest = "";
    }
    return count;
  }

  end(): string[] {
    const last = this.rest + this.decoder.end();
    this.rest = "";
    return last ? [last] : [];
  }
}

/**
 * Reads (and with `follow`, keeps reading) a container's log, calling
 * `onLines` with whole lines as they arrive (or, while `skip` is on,
 * `onSkipped` with how many went by). Resolves once the API server has
 * answered 200; a refusal rejects with an AppError carrying the cluster's
 * message. The request is made here (not with client-node's `Log`, whose
 * aborted requests leave an unhandled 'error' event behind) with the
 * KubeConfig's own TLS options, headers and agent, so an impersonating
 * KubeConfig reads as the person and a guarded one (toKubeConfig) dials only
 * what the outbound guard allows. node:https never follows redirects; a 3xx
 * is refused naming no location.
 */
export async function openLogStream(
  kc: KubeConfig,
  options: LogStreamOptions,
  onLines: (lines: string[]) => void,
  onSkipped: (count: number) => void = () => {},
): Promise<LogStream> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new AppError("INTERNAL", { message: "kubeconfig without a current cluster" });
  const url = new URL(logPath(options), cluster.server);
  const requestOptions: https.RequestOptions = { method: "GET", headers: { Accept: "*/*" } };
  await kc.applyToHTTPSOptions(requestOptions);
  const transport = url.protocol === "https:" ? https : http;

  return new Promise<LogStream>((resolve, reject) => {
    let settle: (how: "ended" | "stopped" | "failed") => void = () => {};
    const done = new Promise<"ended" | "stopped" | "failed">((r) => {
      let settled = false;
      settle = (how) => {
        if (!settled) {
          settled = true;
          r(how);
        }
      };
    });
    let stopped = false;
    const req = transport.request(url, requestOptions, (res) => {
      res.on("error", () => settle(stopped ? "stopped" : "failed"));
      if (res.statusCode !== 200) {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => {
          if (body.length < 64 * 1024) body += c;
        });
        res.on("end", () => reject(fromHttpAnswer(res.statusCode ?? 0, body)));
        return;
      }
      const splitter = new LineSplitter();
      let skipping = false;
      res.on("data", (chunk: Buffer) => {
        if (skipping) {
          const count = splitter.skip(chunk);
          if (count) onSkipped(count);
          return;
        }
        const lines = splitter.push(chunk);
        if (lines.length) onLines(lines);
      });
      res.on("end", () => {
        const last = splitter.end();
        if (last.length) onLines(last);
        settle(stopped ? "stopped" : "ended");
      });
      res.on("close", () => settle(stopped ? "stopped" : res.complete ? "ended" : "failed"));
      resolve({
        done,
        stop() {
          stopped = true;
          req.destroy();
          settle("stopped");
        },
        pause: () => res.pause(),
        resume: () => res.resume(),
        skip(on) {
          skipping = on;
        },
      });
    });
    req.on("error", (cause) => {
      settle(stopped ? "stopped" : "failed");
      const refused = findOutboundRefusal(cause);
      reject(
        refused ??
          new AppError("UPSTREAM", {
            message: String(cause),
            userMessage: "The cluster did not answer; try again shortly.",
            cause,
          }),
      );
    });
    req.end();
  });
}
