/**
 * What an API server's answer to an apply says, as plain data: admission
 * warnings from the `Warning` headers and a refusal's Status (message,
 * reason, causes). Pure.
 */
import { describeHttpAnswer } from "../client/errors";

/**
 * RFC 7234 warnings as the API server sends them: `299 - "text"`, several
 * joined with ", " by fetch. Quotes and backslashes inside are escaped.
 */
const WARNING = /\d{3} \S+ "((?:[^"\\]|\\.)*)"/g;

export function parseWarnings(header: string | undefined): string[] {
  if (!header) return [];
  return [...header.matchAll(WARNING)].map((m) => (m[1] ?? "").replace(/\\(.)/g, "$1"));
}

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface Refusal {
  /** HTTP status (403, 404, 409, 422, 500...). */
  code: number;
  /** Status.reason: Forbidden, NotFound, Conflict, Invalid, AlreadyExists... */
  reason: string;
  /** The cluster's own message (a non-Kubernetes answer is described, never quoted). */
  message: string;
  causes: StatusCause[];
}

const MAX_MESSAGE = 2_000;

/** The Status of a refused request (see describeHttpAnswer for answers that are not from Kubernetes). */
export function parseRefusal(status: number, text: string): Refusal {
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // described below as "not a Kubernetes API server"
  }
  const answer = describeHttpAnswer(status, body);
  if (!answer.fromKubernetes) return { code: status, reason: "Unknown", message: answer.text, causes: [] };
  const s = body as { reason?: unknown; message?: unknown; details?: { causes?: unknown } };
  const causes = Array.isArray(s.details?.causes)
    ? (s.details.causes as StatusCause[]).filter((c) => c && typeof c === "object").slice(0, 50)
    : [];
  const message = typeof s.message === "string" ? s.message : answer.text;
  return {
    code: status,
    reason: typeof s.reason === "string" ? s.reason : "Unknown",
    message: message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE)}…` : message,
    causes,
  };
}

/**
 * The field a refusal's cause names, as a path (`spec.replicas`,
 * `spec.template.spec.containers[0].image`), for locating it in the file.
 */
export function causePath(field: string | undefined): (string | number)[] | null {
  if (!field) return null;
  const path: (string | number)[] = [];
  for (const part of field.replace(/^\./, "").matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    if (part[1] !== undefined) path.push(part[1]);
    else if (part[2] !== undefined) path.push(Number(part[2]));
  }
  return path.length > 0 ? path : null;
}
