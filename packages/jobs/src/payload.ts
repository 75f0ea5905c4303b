import { AppError } from "@clustercord/contracts";
import type { z } from "zod";
import type { AnyJob } from "./define";

/**
 * Checks a payload against its job's schema and returns it as JSON text, the
 * form both modes store (so a payload that is not plain JSON fails in the
 * demo as it would in queue mode). The error names the fields, never values.
 */
export function serializePayload(job: AnyJob, payload: unknown): string {
  return JSON.stringify(checkPayload(job, payload));
}

/** The stored JSON text read back and checked again before a run. */
export function deserializePayload(job: AnyJob, json: string): unknown {
  return checkPayload(job, JSON.parse(json));
}

export function checkPayload(job: AnyJob, payload: unknown): unknown {
  const schema: z.ZodType = job.payload;
  const parsed = schema.safeParse(payload);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const where = issue.path.length ? issue.path.map(String).join(".") : "(payload)";
    return `${where}: ${issue.code === "invalid_type" ? `expected ${issue.expected}` : issue.code}`;
  });
  throw new AppError("BAD_REQUEST", {
    message: `Payload for job ${job.name} is not valid: ${problems.join("; ")}`,
    userMessage: "That background task could not be queued.",
  });
}
