import { AppError } from "@clustercord/contracts";

/** A refusal of bad secret input; the message names the line or key, never a value. */
export const secretInputError = (message: string): AppError =>
  new AppError("BAD_REQUEST", { message, userMessage: message });
