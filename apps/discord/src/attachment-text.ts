import { UserError } from "./user-error";

export interface AttachmentLike {
  name: string;
  size: number;
  url: string;
}

export interface DownloadLimits {
  maxBytes: number;
  /** The refusal for a file over the limit (its size when Discord told us). */
  tooLarge: (size?: number) => UserError;
  timeoutMs?: number;
}

/**
 * An attachment's bytes from Discord's CDN. Refuses before downloading when
 * Discord says it is too large, stops reading past `maxBytes` whatever size
 * was claimed, and follows no redirect.
 */
export async function downloadAttachmentBytes(
  attachment: AttachmentLike,
  options: DownloadLimits,
): Promise<Buffer> {
  const { maxBytes, tooLarge } = options;
  if (attachment.size > maxBytes) throw tooLarge(attachment.size);
  const unavailable = (why: string) =>
    new UserError(`Could not download ${attachment.name} from Discord (${why}); try again.`);
  let response: Response;
  try {
    response = await fetch(attachment.url, {
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      redirect: "error",
    });
  } catch {
    throw unavailable("no answer");
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    throw unavailable(`HTTP ${response.status}`);
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel();
        throw tooLarge();
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw unavailable("the download broke off");
  }
  return Buffer.concat(chunks);
}

/** An attachment as UTF-8 text (downloaded as downloadAttachmentBytes does). */
export async function downloadAttachmentText(
  attachment: AttachmentLike,
  options: DownloadLimits & {
    /** What the file should have been, for the refusal of bytes that are not UTF-8 text. */
    notText: string;
  },
): Promise<string> {
  const bytes = await downloadAttachmentBytes(attachment, options);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new UserError(`${attachment.name} is not a text file; ${options.notText}`);
  }
}
