import { UserError } from "../../user-error";

const kib = (bytes: number) => `${Math.ceil(bytes / 1024)} KiB`;

/** A file over the limit, by its size when Discord told us, else as "larger than". */
export function tooLarge(filename: string, max: number, size?: number): UserError {
  const what = size === undefined ? `larger than ${kib(max)}` : `${kib(size)}`;
  return new UserError(`${filename} is ${what}; a kubeconfig may be at most ${kib(max)}. Nothing was added.`);
}

export interface AttachmentLike {
  name: string;
  size: number;
  url: string;
}

/**
 * An attachment's bytes as UTF-8 text. Refuses before downloading when
 * Discord says it is too large, and stops reading past `maxBytes` whatever
 * the size claimed.
 */
export async function downloadText(
  attachment: AttachmentLike,
  maxBytes: number,
  timeoutMs = 10_000,
): Promise<string> {
  if (attachment.size > maxBytes) throw tooLarge(attachment.name, maxBytes, attachment.size);
  const unavailable = (why: string) =>
    new UserError(`Could not download ${attachment.name} from Discord (${why}); try again.`);
  let response: Response;
  try {
    response = await fetch(attachment.url, { signal: AbortSignal.timeout(timeoutMs) });
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
        throw tooLarge(attachment.name, maxBytes);
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw unavailable("the download broke off");
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new UserError(
      `${attachment.name} is not a text file; attach the kubeconfig's YAML. Nothing was added.`,
    );
  }
}
