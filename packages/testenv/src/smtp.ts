import type { AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { collectOutput } from "./leak-check";

/** A mail the stand-in accepted, parsed. */
export interface ReceivedMail {
  /** The envelope recipients (RCPT TO). */
  to: string[];
  from: string;
  subject: string;
  text: string;
  messageId: string;
  headers: Map<string, unknown>;
}

export interface SmtpStandIn {
  /** smtp://127.0.0.1:PORT (no TLS, no authentication: loopback only). */
  url: string;
  mails(): ReceivedMail[];
  /** Resolves with the first mail (already received or arriving) that matches, or fails after `timeoutMs`. */
  waitForMail(match: (mail: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
  /** The next `count` messages are refused after DATA with `code` (4xx: try later; 5xx: never). */
  refuseNext(count: number, code?: number): void;
  close(): Promise<void>;
}

/**
 * A local SMTP server (the `smtp-server` package) that keeps what it is
 * sent, for tests of email delivery. What the system mails joins the
 * suite's leak check.
 */
export async function startSmtpStandIn(): Promise<SmtpStandIn> {
  const received: ReceivedMail[] = [];
  const waiters = new Set<() => void>();
  let refuse = { count: 0, code: 451 };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    size: 5 * 1024 * 1024,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        if (refuse.count > 0) {
          refuse.count--;
          const error = Object.assign(new Error(refuse.code >= 500 ? "Rejected" : "Try again later"), {
            responseCode: refuse.code,
          });
          callback(error);
          return;
        }
        const raw = Buffer.concat(chunks);
        collectOutput("mail", raw.toString("utf8"));
        simpleParser(raw)
          .then((parsed) => {
            received.push({
              to: session.envelope.rcptTo.map((r) => r.address),
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
              subject: parsed.subject ?? "",
              text: parsed.text ?? "",
              messageId: parsed.messageId ?? "",
              headers: parsed.headers,
            });
            for (const wake of waiters) wake();
            callback();
          })
          .catch((error: unknown) => callback(error as Error));
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  server.on("error", () => {}); // a client hanging up mid-session is not the test's failure
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails: () => [...received],
    waitForMail(match, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = received.find(match);
          if (!found) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching mail within ${timeoutMs} ms (${received.length} received)`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    refuseNext(count, code = 451) {
      refuse = { count, code };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
