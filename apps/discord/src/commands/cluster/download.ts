import { type AttachmentLike, downloadAttachmentText } from "../../attachment-text";
import { UserError } from "../../user-error";

const kib = (bytes: number) => `${Math.ceil(bytes / 1024)} KiB`;

/** A file over the limit, by its size when Discord told us, else as "larger than". */
export function tooLarge(filename: string, max: number, size?: number): UserError {
  const what = size === undefined ? `larger than ${kib(max)}` : `${kib(size)}`;
  return new UserError(`${filename} is ${what}; a kubeconfig may be at most ${kib(max)}. Nothing was added.`);
}

/** An attached kubeconfig's text (see downloadAttachmentText). */
export function downloadText(
  attachment: AttachmentLike,
  maxBytes: number,
  timeoutMs = 10_000,
): Promise<string> {
  return downloadAttachmentText(attachment, {
    maxBytes,
    timeoutMs,
    tooLarge: (size) => tooLarge(attachment.name, maxBytes, size),
    notText: "attach the kubeconfig's YAML. Nothing was added.",
  });
}
