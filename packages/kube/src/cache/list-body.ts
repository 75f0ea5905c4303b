/**
 * A LIST answer (`{"kind":"PodList","metadata":{...},"items":[{...},...]}`)
 * parsed as it streams in: each item is handed over as soon as its bytes
 * are complete, so a page is never held whole as text, and a body that
 * grows past `maxBytes` is refused before it is complete. Pure: bytes in,
 * objects out.
 *
 * A scanner over the top-level object only: it tracks nesting and strings
 * to find where each item and each wanted top-level value starts and ends,
 * and leaves the parsing of those pieces to JSON.parse.
 */
import { CacheLimitError } from "./limits";

/** The top-level fields of a list besides its items. */
export interface ListHead {
  kind?: string;
  apiVersion?: string;
  metadata?: { resourceVersion?: string; continue?: string };
}

export interface ListBodyOptions {
  maxBytes: number;
  /** Called with each item, in order, and the length of its JSON text; may throw to stop the parse. */
  onItem(item: unknown, bytes: number): void;
}

export class ListBodyError extends Error {
  constructor(message: string) {
    super(`the LIST answer is not a Kubernetes list: ${message}`);
    this.name = "ListBodyError";
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
/** The index of `byte` in `chunk` from `from`, or `n` (its length) when there is none. */
const indexOr = (chunk: Uint8Array, byte: number, from: number, n: number) => {
  const at = chunk.indexOf(byte, from);
  return at === -1 ? n : at;
};
const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/** Top-level values worth keeping; every other one is skipped without being held. */
const HEAD_KEYS = new Set(["kind", "apiVersion", "metadata"]);

/**
 * Where the scanner is in the top-level object: before it, at a key, after
 * a key, at a value, inside a string/scalar/nested value, after a value, or
 * past the end.
 */
type Phase =
  | "start"
  | "key"
  | "key-string"
  | "colon"
  | "value"
  | "string"
  | "scalar"
  | "nested"
  | "after"
  | "done";

export class ListBodyParser {
  private phase: Phase = "start";
  private depth = 0;
  private inString = false;
  private escaped = false;
  private key = "";
  /** Inside the items array (depth 2 and deeper belongs to it). */
  private inItems = false;
  private bytes = 0;
  /** The piece being collected: a key, a wanted top-level value, or an item. */
  private capture:
    | { what: "key" | "value" | "item"; parts: Uint8Array[]; from: number; length: number }
    | undefined;
  private readonly head: Record<string, unknown> = {};
  private readonly decoder = new TextDecoder();

  constructor(private readonly options: ListBodyOptions) {}

  push(chunk: Uint8Array): void {
    this.bytes += chunk.length;
    if (this.bytes > this.options.maxBytes)
      throw new CacheLimitError(
        { name: "response-bytes", max: this.options.maxBytes },
        `a LIST answer longer than ${this.options.maxBytes} bytes`,
      );
    if (this.capture) this.capture.from = 0;
    const n = chunk.length;
    // The hot paths, kept tight: string contents are skipped with native searches for the next
    // quote or backslash, and inside an item only quotes and brackets count.
    let nextQuote = -1;
    let nextBackslash = -1;
    for (let i = 0; i < n; i++) {
      if (this.inString) {
        if (this.escaped) {
          this.escaped = false;
          continue;
        }
        if (nextQuote < i) nextQuote = indexOr(chunk, QUOTE, i, n);
        if (nextBackslash < i) nextBackslash = indexOr(chunk, BACKSLASH, i, n);
        i = Math.min(nextQuote, nextBackslash);
        if (i >= n) break;
        if (chunk[i] === BACKSLASH) this.escaped = true;
        else this.endString(chunk, i);
        continue;
      }
      const c = chunk[i] as number;
      if (this.depth >= 3 && c !== CLOSE_OBJECT && c !== CLOSE_ARRAY) {
        if (c === QUOTE) this.inString = true;
        else if (c === OPEN_OBJECT || c === OPEN_ARRAY) this.depth++;
        continue;
      }
      this.step(chunk, i);
    }
    const capture = this.capture;
    if (capture && capture.from < chunk.length) {
      // Copied: the stream may reuse the chunk's memory.
      capture.parts.push(chunk.slice(capture.from));
      capture.length += chunk.length - capture.from;
    }
  }

  /** The list's kind, apiVersion and metadata, once the whole body is in. */
  end(): ListHead {
    if (this.phase !== "done") throw new ListBodyError("it ended early");
    const head: ListHead = {};
    if (typeof this.head.kind === "string") head.kind = this.head.kind;
    if (typeof this.head.apiVersion === "string") head.apiVersion = this.head.apiVersion;
    const metadata = this.head.metadata as Record<string, unknown> | undefined;
    if (metadata && typeof metadata === "object") {
      head.metadata = {
        ...(typeof metadata.resourceVersion === "string"
          ? { resourceVersion: metadata.resourceVersion }
          : {}),
        ...(typeof metadata.continue === "string" ? { continue: metadata.continue } : {}),
      };
    }
    return head;
  }

  /** A closing quote at `i`: ends a key or a top-level string value. */
  private endString(chunk: Uint8Array, i: number): void {
    this.inString = false;
    if (this.phase === "key-string") {
      this.key = JSON.parse(this.finishCapture(chunk, i + 1)) as string;
      this.phase = "colon";
    } else if (this.phase === "string") this.endValue(chunk, i + 1);
  }

  /** One byte outside strings (and outside the inside of items, see push). */
  private step(chunk: Uint8Array, i: number): void {
    const c = chunk[i] as number;
    if (this.depth >= 2) {
      this.nested(chunk, i, c);
      return;
    }
    switch (this.phase) {
      case "start":
        if (c === OPEN_OBJECT) {
          this.depth = 1;
          this.phase = "key";
        } else if (!isSpace(c)) throw new ListBodyError("it is not a JSON object");
        return;
      case "key":
        if (c === QUOTE) {
          this.startCapture("key", i);
          this.inString = true;
          this.phase = "key-string";
        } else if (c === CLOSE_OBJECT) this.close();
        else if (!isSpace(c)) throw new ListBodyError("a field name is missing");
        return;
      case "colon":
        if (c === COLON) this.phase = "value";
        else if (!isSpace(c)) throw new ListBodyError(`":" is missing after "${this.key.slice(0, 40)}"`);
        return;
      case "value":
        if (isSpace(c)) return;
        if (this.key === "items" && c === OPEN_ARRAY) {
          this.inItems = true;
          this.depth = 2;
          this.phase = "nested";
          return;
        }
        if (HEAD_KEYS.has(this.key)) this.startCapture("value", i);
        if (c === QUOTE) {
          this.inString = true;
          this.phase = "string";
        } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
          this.depth = 2;
          this.phase = "nested";
        } else if (c === CLOSE_OBJECT || c === COMMA)
          throw new ListBodyError(`"${this.key.slice(0, 40)}" has no value`);
        else this.phase = "scalar";
        return;
      case "scalar":
        if (c === COMMA || c === CLOSE_OBJECT || isSpace(c)) {
          this.endValue(chunk, i);
          this.step(chunk, i);
        }
        return;
      case "after":
        if (c === COMMA) this.phase = "key";
        else if (c === CLOSE_OBJECT) this.close();
        else if (!isSpace(c)) throw new ListBodyError("a field is not followed by , or }");
        return;
      case "done":
        if (!isSpace(c)) throw new ListBodyError("there is more after its end");
        return;
      default:
        return;
    }
  }

  /** Depth 2 and deeper: inside a top-level value (maybe the items array). */
  private nested(chunk: Uint8Array, i: number, c: number): void {
    if (c === QUOTE) {
      if (this.inItems && this.depth === 2) throw new ListBodyError("an item is not an object");
      this.inString = true;
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (this.inItems && this.depth === 2) {
        if (c !== OPEN_OBJECT) throw new ListBodyError("an item is not an object");
        this.startCapture("item", i);
      }
      this.depth++;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      this.depth--;
      if (this.depth === 2 && this.inItems) this.emitItem(chunk, i + 1);
      else if (this.depth === 1) {
        if (this.inItems) this.inItems = false;
        this.endValue(chunk, i + 1);
      }
    } else if (this.inItems && this.depth === 2 && c !== COMMA && !isSpace(c)) {
      throw new ListBodyError("an item is not an object");
    }
  }

  private close(): void {
    this.depth = 0;
    this.phase = "done";
  }

  private endValue(chunk: Uint8Array, end: number): void {
    if (this.capture?.what === "value") this.head[this.key] = JSON.parse(this.finishCapture(chunk, end));
    this.phase = "after";
  }

  private emitItem(chunk: Uint8Array, end: number): void {
    const length = (this.capture?.length ?? 0) + end - (this.capture?.from ?? 0);
    const text = this.finishCapture(chunk, end);
    this.options.onItem(JSON.parse(text), length);
  }

  private startCapture(what: "key" | "value" | "item", from: number): void {
    this.capture = { what, parts: [], from, length: 0 };
  }

  private finishCapture(chunk: Uint8Array, end: number): string {
    const capture = this.capture;
    this.capture = undefined;
    if (!capture) return "";
    const last = chunk.subarray(capture.from, end);
    if (!capture.parts.length) return this.decoder.decode(last);
    return this.decoder.decode(Buffer.concat([...capture.parts, last]));
  }
}
