import { type ApiErrorData, type AppErrorCode, readApiErrorData } from "@clustercord/contracts";
import { isTRPCClientError } from "@trpc/client";
import { type APIEmbed, MessageFlags } from "discord.js";
import { UserError } from "../user-error";
import { colors, plain } from "./style";

export const GENERIC_ERROR = "Something went wrong on our side. Please try again.";
export const UNREACHABLE_ERROR = "ClusterCord is not reachable right now. Please try again in a moment.";
export const CREDENTIALS_ERROR =
  "ClusterCord refused this bot's credentials. Ask an admin to check the Discord worker's configuration.";

export interface ErrorReply {
  embeds: APIEmbed[];
  /** Errors are only shown to the person who ran the command. */
  flags: MessageFlags.Ephemeral;
}

/** What our API's error formatter put in a tRPC error; null when the API never answered. */
function apiErrorData(error: unknown): ApiErrorData | null {
  return isTRPCClientError(error) ? readApiErrorData(error) : null;
}

/** The API's error code, for deciding how loudly to log. */
export function apiErrorCode(error: unknown): AppErrorCode | null {
  return apiErrorData(error)?.appCode ?? null;
}

/** The safe, person-facing text for an error, from the API's error formatter when there is one. */
export function errorMessage(error: unknown): string {
  if (error instanceof UserError) return error.message;
  if (!isTRPCClientError(error)) return GENERIC_ERROR;
  const data = apiErrorData(error);
  // No data: the request never got a tRPC answer (network, timeout, proxy error page).
  if (!data) return UNREACHABLE_ERROR;
  // For the worker, UNAUTHORIZED means its service token was refused, not that a person must sign in.
  if (data.appCode === "UNAUTHORIZED") return CREDENTIALS_ERROR;
  return data.userMessage || GENERIC_ERROR;
}

/** An ephemeral error reply. Never includes stacks, internal messages or tokens. */
export function renderError(error: unknown): ErrorReply {
  return {
    embeds: [{ color: colors.error, description: `⚠️ ${plain(errorMessage(error), 4000)}` }],
    flags: MessageFlags.Ephemeral,
  };
}

/** A plain ephemeral notice (wrong place, unknown command). */
export function renderNotice(text: string): ErrorReply {
  return { embeds: [{ color: colors.brand, description: text }], flags: MessageFlags.Ephemeral };
}
