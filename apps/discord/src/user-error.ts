/**
 * A refusal the worker itself decides (no such cluster, attachment too large):
 * its message is written for the person and shown to them as-is, like the
 * API's userMessage.
 */
export class UserError extends Error {
  override name = "UserError";
}
