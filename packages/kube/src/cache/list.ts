/**
 * A complete LIST in pages (limit/continue), every page served at the first
 * page's resourceVersion. Each page's body is parsed as it streams in
 * (./list-body), within the byte limit; items are prepared (slimmed) as
 * they arrive and reported to `onGrow`, which refuses a list that grows
 * past what the cache may hold; a chain of continue tokens ends at maxPages.
 */
import type { KubeConfig } from "@kubernetes/client-node";
import { KubeRequestError } from "./errors";
import { streamedGet } from "./http";
import type { Selectors } from "./kinds";
import { CacheLimitError, type CacheLimits } from "./limits";
import { ListBodyParser, type ListHead } from "./list-body";
import { type KubeObject, type ObjectList, objectKey, type Prepare } from "./reduce";

export interface ListTarget<T extends KubeObject> {
  kubeConfig: KubeConfig;
  /** e.g. `/api/v1/pods`, see resourcePath. */
  path: string;
  selectors: Selectors;
  /** Objects per page. */
  pageSize: number;
  /** Timeout of each page request. */
  requestTimeoutMs: number;
  limits: Pick<CacheLimits, "maxResponseBytes" | "maxPages">;
  /** Applied to each item as it arrives (slim, or a Secret's redaction). */
  prepare: Prepare<T>;
}

export interface ListControl {
  /** Called before each page request. */
  onRequest(): void;
  /** Receives how to abort the page in flight, and undefined once it is done. */
  setAbort(abort: (() => void) | undefined): void;
  /** Whether to give up between pages. */
  stopped(): boolean;
  /** The list so far holds `objects` objects of `bytes` JSON bytes; throws a CacheLimitError to refuse it. */
  onGrow(objects: number, bytes: number): void;
}

/** A whole list, its items already prepared, with each item's JSON size by key. */
export interface FullList<T extends KubeObject> extends ObjectList<T> {
  sizes: Map<string, number>;
}

export async function listAllPages<T extends KubeObject>(
  target: ListTarget<T>,
  control: ListControl,
): Promise<FullList<T>> {
  const items: T[] = [];
  const sizes = new Map<string, number>();
  let bytes = 0;
  const onItem = (raw: unknown, size: number) => {
    const item = target.prepare(raw as T);
    items.push(item);
    sizes.set(objectKey(item), size);
    bytes += size;
    control.onGrow(items.length, bytes);
  };
  let first: ListHead | undefined;
  let token: string | undefined;
  let pages = 0;
  do {
    if (pages === target.limits.maxPages)
      throw new CacheLimitError(
        { name: "pages", max: target.limits.maxPages },
        `LIST ${target.path}: still more after ${pages} pages`,
      );
    const page = await listPage(target, control, token, onItem);
    pages++;
    first ??= page;
    token = page.metadata?.continue || undefined;
  } while (token && !control.stopped());
  return {
    ...(first?.kind ? { kind: first.kind } : {}),
    ...(first?.apiVersion ? { apiVersion: first.apiVersion } : {}),
    // Every page is served at the first page's resourceVersion.
    metadata: { resourceVersion: first?.metadata?.resourceVersion ?? "" },
    items,
    sizes,
  };
}

async function listPage<T extends KubeObject>(
  target: ListTarget<T>,
  control: ListControl,
  token: string | undefined,
  onItem: (raw: unknown, size: number) => void,
): Promise<ListHead> {
  const query: Record<string, string> = { limit: String(target.pageSize), ...target.selectors };
  if (token) query.continue = token;
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new Error(`LIST ${target.path} timed out after ${target.requestTimeoutMs} ms`)),
    target.requestTimeoutMs,
  );
  control.setAbort(() => controller.abort(new Error("resource cache stopped")));
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  try {
    control.onRequest();
    const { body } = await streamedGet(
      target.kubeConfig,
      target.path,
      query,
      controller.signal,
      `LIST ${target.path}`,
    );
    reader = body.getReader();
    const parser = new ListBodyParser({ maxBytes: target.limits.maxResponseBytes, onItem });
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parser.push(value);
    }
    reader = undefined;
    return parser.end();
  } catch (error) {
    const ours = error instanceof KubeRequestError || error instanceof CacheLimitError;
    if (controller.signal.aborted && !ours) throw controller.signal.reason;
    throw error;
  } finally {
    clearTimeout(timer);
    control.setAbort(undefined);
    // Not read to its end (a limit, a bad body, a stop): drop the connection, read no more of it.
    if (reader) {
      reader.cancel().catch(() => undefined);
      controller.abort();
    }
  }
}
