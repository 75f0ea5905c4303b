import { badRequest } from "./problems";

export const DEFAULT_MAX_KUBECONFIG_BYTES = 256 * 1024;
/** Real kubeconfigs nest about 4 deep; this stops pathological nesting before we walk it. */
export const MAX_YAML_DEPTH = 32;

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Size is checked on raw bytes before any decoding or parsing, so a huge upload costs nothing. */
export function decodeKubeconfigInput(input: string | Uint8Array, maxBytes: number): string {
  if (!Number.isSafeInteger(maxBytes) || maxBytes <= 0)
    throw new RangeError("maxBytes must be a positive integer");
  const size = typeof input === "string" ? Buffer.byteLength(input, "utf8") : input.byteLength;
  if (size > maxBytes) {
    throw badRequest(
      `the kubeconfig is ${size} bytes; the limit is ${maxBytes} bytes (${formatKiB(maxBytes)})`,
    );
  }
  let text: string;
  if (typeof input === "string") {
    if (loneSurrogate.test(input)) throw badRequest("the kubeconfig is not valid UTF-8 text");
    text = input.startsWith("\uFEFF") ? input.slice(1) : input;
  } else {
    try {
      // fatal: refuse instead of silently substituting U+FFFD; the BOM is dropped by default.
      text = new TextDecoder("utf-8", { fatal: true }).decode(input);
    } catch (cause) {
      throw badRequest("the kubeconfig is not valid UTF-8 text", cause);
    }
  }
  if (text.trim() === "") throw badRequest("the kubeconfig is empty");
  if (text.includes("\u0000")) throw badRequest("the kubeconfig contains NUL bytes; it is not a text file");
  return text;
}

function formatKiB(bytes: number): string {
  return bytes % 1024 === 0 ? `${bytes / 1024} KiB` : `${(bytes / 1024).toFixed(1)} KiB`;
}
