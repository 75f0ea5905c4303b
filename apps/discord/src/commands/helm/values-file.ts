import { HELM_VALUES_MAX_BYTES } from "@clustercord/contracts";
import { UserError } from "../../user-error";

export interface AttachmentLike {
  name: string;
  size: number;
  url: string;
}

const TOO_LARGE = `values must be at most ${HELM_VALUES_MAX_BYTES / 1024} KiB`;

/** A values file over the limit: refused before anything is called. */
export const valuesTooLarge = (name: string, size?: number) =>
  new UserError(
    `${name}: ${TOO_LARGE}${size === undefined ? "" : ` (it is ${Math.ceil(size / 1024)} KiB)`}. Nothing was changed.`,
  );

/**
 * An attached values file's text, downloaded from Discord's CDN. The size
 * Discord reports is checked first, then the bytes as they arrive (whatever
 * was claimed); the API checks the YAML itself (strict parse, schema).
 */
export async function downloadValues(
  attachment: AttachmentLike,
  maxBytes = HELM_VALUES_MAX_BYTES,
  timeoutMs = 10_000,
): Promise<string> {
  if (attachment.size > maxBytes) throw valuesTooLarge(attachment.name, attachment.size);
  const unavailable = (why: string) =>
    new UserError(`Could not download ${attachment.name} from Discord (${why}); try again.`);
  let response: Response;
  try {
    response = await fetch(attachment.url, { signal: AbortSignal.timeout(timeoutMs), redirect: "error" });
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
        throw valuesTooLarge(attachment.name);
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
      `${attachment.name} is not a text file; attach a values YAML file. Nothing was changed.`,
    );
  }
}
