import { AppError } from "@clustercord/contracts";

/** Why the guard refused an outbound request. */
export type RefusalReason = "address" | "redirect" | "scheme" | "proxy" | "tls";

/**
 * A request the outbound guard did not let through. Its message names what
 * was refused (an address class, a redirect's status, a scheme) and never a
 * URL's credentials, a redirect's Location or a response body.
 */
export class OutboundRefusal extends AppError {
  readonly reason: RefusalReason;

  constructor(reason: RefusalReason, userMessage: string) {
    super("FORBIDDEN", { message: `outbound request refused: ${userMessage}`, userMessage });
    this.name = "OutboundRefusal";
    this.reason = reason;
  }
}

/** The guard's refusal, if `error` is one or wraps one (undici's fetch wraps it as `cause`). */
export function findOutboundRefusal(error: unknown): OutboundRefusal | null {
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof OutboundRefusal) return e;
  }
  return null;
}
