import { z } from "zod";
import { appErrorCodes } from "./errors";

/**
 * What the API's error formatter puts in a tRPC error's `data`. Each field is
 * read leniently (unknown values become undefined): a proxy or an older API
 * must not turn an error into a crash on the client.
 */
export const ApiErrorData = z.object({
  /** tRPC's own code (UNAUTHORIZED, NOT_FOUND, ...). */
  code: z.string().optional().catch(undefined),
  httpStatus: z.number().optional().catch(undefined),
  path: z.string().optional().catch(undefined),
  appCode: z.enum(appErrorCodes).optional().catch(undefined),
  /** Safe to show to people, in the browser and in Discord. */
  userMessage: z.string().optional().catch(undefined),
});
export type ApiErrorData = z.infer<typeof ApiErrorData>;

/** The API's error data on a client error; null when there is none (the request never got a tRPC answer). */
export function readApiErrorData(error: unknown): ApiErrorData | null {
  if (typeof error !== "object" || error === null || !("data" in error)) return null;
  const parsed = ApiErrorData.safeParse(error.data);
  return parsed.success ? parsed.data : null;
}
