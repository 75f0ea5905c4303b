import { AppError } from "@clustercord/contracts";
import { ApiException } from "@kubernetes/client-node";

/** The API server's own message from a Status body, if there is one. */
function statusMessage(error: ApiException<unknown>): string | undefined {
  try {
    const body = typeof error.body === "string" ? JSON.parse(error.body) : error.body;
    return (body as { message?: string } | undefined)?.message;
  } catch {
    return undefined;
  }
}

/**
 * One path from Kubernetes errors to ours: the cluster's refusal is shown as
 * the cluster said it (it names what was refused, never credentials).
 */
export function fromKubeError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof ApiException) {
    const said = statusMessage(error) ?? `HTTP ${error.code}`;
    const code =
      error.code === 403
        ? "FORBIDDEN"
        : error.code === 404
          ? "NOT_FOUND"
          : error.code === 409
            ? "CONFLICT"
            : error.code === 400 || error.code === 422
              ? "BAD_REQUEST"
              : "UPSTREAM";
    return new AppError(code, { message: said, userMessage: `The cluster said: ${said}`, cause: error });
  }
  return new AppError("UPSTREAM", {
    message: String(error),
    userMessage: "The cluster did not answer; try again shortly.",
    cause: error,
  });
}
