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
 * A URL's bytes, or null once they pass `maxBytes` (reading stops there).
 * Follows no redirect; `unavailable(why)` is the error for no answer, an
 * HTTP error or a broken-off download.
 */
export async function fetchBytesCapped(
  url: string,
  options: { maxBytes: number; timeoutMs: number; unavailable: (why: string) => Error },
): Promise<Buffer | null> {
  const { maxBytes, unavailable } = options;
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(options.timeoutMs), redirect: "error" });
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
        return null;
      }
      chunks.push(value);
    }
  } catch {
    throw unavailable("the download broke off");
  }
  return Buffer.concat(chunks);
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
  const bytes = await fetchBytesCapped(attachment.url, {
    maxBytes,
    timeoutMs: options.timeoutMs ?? 10_000,
    unavailable: (why) =>
      new UserError(`Could not download ${attachment.name} from Discord (${why}); try again.`),
  });
  if (!bytes) throw tooLarge();
  return bytes;
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
