import { HELM_VALUES_MAX_BYTES } from "@clustercord/contracts";
import { type AttachmentLike, downloadAttachmentText } from "../../attachment-text";
import { UserError } from "../../user-error";

const TOO_LARGE = `values must be at most ${HELM_VALUES_MAX_BYTES / 1024} KiB`;

/** A values file over the limit: refused before anything is called. */
export const valuesTooLarge = (name: string, size?: number) =>
  new UserError(
    `${name}: ${TOO_LARGE}${size === undefined ? "" : ` (it is ${Math.ceil(size / 1024)} KiB)`}. Nothing was changed.`,
  );

/**
 * An attached values file's text, downloaded from Discord's CDN (size checked
 * before and while downloading); the API checks the YAML itself (strict
 * parse, schema).
 */
export function downloadValues(
  attachment: AttachmentLike,
  maxBytes = HELM_VALUES_MAX_BYTES,
  timeoutMs = 10_000,
): Promise<string> {
  return downloadAttachmentText(attachment, {
    maxBytes,
    timeoutMs,
    tooLarge: (size) => valuesTooLarge(attachment.name, size),
    notText: "attach a values YAML file. Nothing was changed.",
  });
}
