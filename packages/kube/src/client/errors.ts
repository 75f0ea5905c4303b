import { AppError, type AppErrorCode } from "@clustercord/contracts";
import { findOutboundRefusal } from "@clustercord/outbound";
import { ApiException } from "@kubernetes/client-node";
import { z } from "zod";

/**
 * The error body a Kubernetes API server sends. Only such a body is quoted
 * back to people: anything else may be an internal service's answer that a
 * cluster address pointed us at, and must not be echoed.
 */
const KubeStatus = z.object({
  kind: z.literal("Status"),
  apiVersion: z.literal("v1"),
  message: z.string().optional(),
});

const MAX_STATUS_MESSAGE = 500;

/** The Status message of an API server's answer (JSON text or parsed), or null when it is not a Status. */
export function kubeStatusMessage(body: unknown): { message: string | null } | null {
  let value = body;
  if (typeof body === "string") {
    try {
      value = JSON.parse(body);
    } catch {
      return null;
    }
  }
  const status = KubeStatus.safeParse(value);
  if (!status.success) return null;
  const message = status.data.message?.trim();
  return { message: message ? message.slice(0, MAX_STATUS_MESSAGE) : null };
}

/**
 * What an HTTP answer that was not a success means, in words that quote
 * nothing but a Kubernetes Status message: a redirect (never followed) or an
 * answer from something that is not a Kubernetes API server.
 */
export function describeHttpAnswer(status: number, body: unknown): { fromKubernetes: boolean; text: string } {
  const kube = kubeStatusMessage(body);
  if (kube) return { fromKubernetes: true, text: kube.message ?? `HTTP ${status}` };
  if (status >= 300 && status < 400) {
    return {
      fromKubernetes: false,
      text: `the server answered with a redirect (HTTP ${status}); ClusterCord does not follow redirects`,
    };
  }
  return { fromKubernetes: false, text: `HTTP ${status} from something that is not a Kubernetes API server` };
}

export function codeForStatus(status: number): AppErrorCode {
  if (status === 403) return "FORBIDDEN";
  if (status === 404) return "NOT_FOUND";
  if (status === 409) return "CONFLICT";
  if (status === 400 || status === 422) return "BAD_REQUEST";
  return "UPSTREAM";
}

/** An AppError for an HTTP answer from a cluster address (see describeHttpAnswer). */
export function fromHttpAnswer(status: number, body: unknown, cause?: unknown): AppError {
  const answer = describeHttpAnswer(status, body);
  if (!answer.fromKubernetes) {
    // No cause: it would carry the body (and a redirect's Location) into logs.
    return new AppError("UPSTREAM", {
      message: answer.text,
      userMessage: `The cluster's address did not answer like Kubernetes: ${answer.text}.`,
    });
  }
  return new AppError(codeForStatus(status), {
    message: answer.text,
    userMessage: `The cluster said: ${answer.text}`,
    cause,
  });
}

/**
 * One path from Kubernetes errors to ours: the cluster's refusal is shown as
 * the cluster said it (it names what was refused, never credentials); a
 * refusal of the outbound guard as the guard said it.
 */
export function fromKubeError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const refused = findOutboundRefusal(error);
  if (refused) return refused;
  if (error instanceof ApiException) return fromHttpAnswer(error.code, error.body, error);
  return new AppError("UPSTREAM", {
    message: String(error),
    userMessage: "The cluster did not answer; try again shortly.",
    cause: error,
  });
}
