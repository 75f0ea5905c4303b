/** How a cache's requests fail, as plain data a reader can show. */

export interface CacheError {
  message: string;
  /** HTTP status or Status.code when the API server answered, e.g. 410, 403. */
  code?: number;
  at: Date;
}

/** An HTTP or Status error from the API server. */
export class KubeRequestError extends Error {
  constructor(
    message: string,
    readonly code: number | undefined,
    readonly reason?: string,
  ) {
    super(message);
    this.name = "KubeRequestError";
  }
}

/** A metav1.Status, as the API server sends it in an error body or a watch ERROR event. */
export interface KubeStatus {
  kind?: string;
  code?: number;
  reason?: string;
  message?: string;
}

export function parseStatus(text: string): KubeStatus | undefined {
  try {
    const value = JSON.parse(text) as KubeStatus;
    return value && typeof value === "object" ? value : undefined;
  } catch {
    return undefined;
  }
}

export function toCacheError(error: unknown): CacheError {
  const at = new Date();
  if (error instanceof KubeRequestError) {
    return { message: error.message, ...(error.code ? { code: error.code } : {}), at };
  }
  const e = error as { message?: string; statusCode?: number; code?: unknown; cause?: { message?: string } };
  const code =
    typeof e?.statusCode === "number" ? e.statusCode : typeof e?.code === "number" ? e.code : undefined;
  const message = [e?.message ?? String(error), e?.cause?.message].filter(Boolean).join(": ");
  return { message, ...(code ? { code } : {}), at };
}
