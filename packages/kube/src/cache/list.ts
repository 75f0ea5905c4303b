/**
 * A complete LIST in pages (limit/continue), every page served at the first
 * page's resourceVersion. Through @kubernetes/client-node's HTTP library, so
 * the kube config's TLS, credentials and dispatcher apply.
 */
import {
  HttpMethod,
  IsomorphicFetchHttpLibrary,
  type KubeConfig,
  RequestContext,
} from "@kubernetes/client-node";
import { KubeRequestError, parseStatus } from "./errors";
import type { Selectors } from "./kinds";
import type { KubeObject, ObjectList } from "./reduce";

export interface ListTarget {
  kubeConfig: KubeConfig;
  /** e.g. `/api/v1/pods`, see resourcePath. */
  path: string;
  selectors: Selectors;
  /** Objects per page. */
  pageSize: number;
  /** Timeout of each page request. */
  requestTimeoutMs: number;
}

export interface ListControl {
  /** Called before each page request. */
  onRequest(): void;
  /** Receives how to abort the page in flight, and undefined once it is done. */
  setAbort(abort: (() => void) | undefined): void;
  /** Whether to give up between pages. */
  stopped(): boolean;
}

type Page<T extends KubeObject> = ObjectList<T> & { metadata?: { continue?: string } };

const http = new IsomorphicFetchHttpLibrary();

export async function listAllPages<T extends KubeObject>(
  target: ListTarget,
  control: ListControl,
): Promise<ObjectList<T>> {
  const items: T[] = [];
  let first: ObjectList<T> | undefined;
  let token: string | undefined;
  do {
    const page = await listPage<T>(target, control, token);
    first ??= page;
    for (const item of page.items ?? []) items.push(item);
    token = page.metadata?.continue || undefined;
  } while (token && !control.stopped());
  return {
    ...(first?.kind ? { kind: first.kind } : {}),
    ...(first?.apiVersion ? { apiVersion: first.apiVersion } : {}),
    // Every page is served at the first page's resourceVersion.
    metadata: { resourceVersion: first?.metadata?.resourceVersion ?? "" },
    items,
  };
}

async function listPage<T extends KubeObject>(
  target: ListTarget,
  control: ListControl,
  token: string | undefined,
): Promise<Page<T>> {
  const cluster = target.kubeConfig.getCurrentCluster();
  if (!cluster) throw new Error("the kubeconfig has no current cluster");
  const url = new URL(cluster.server + target.path);
  url.searchParams.set("limit", String(target.pageSize));
  if (token) url.searchParams.set("continue", token);
  for (const [k, v] of Object.entries(target.selectors)) url.searchParams.set(k, v);
  const ctx = new RequestContext(url.toString(), HttpMethod.GET);
  ctx.setHeaderParam("Accept", "application/json");
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new Error(`LIST ${target.path} timed out after ${target.requestTimeoutMs} ms`)),
    target.requestTimeoutMs,
  );
  ctx.setSignal(controller.signal);
  control.setAbort(() => controller.abort(new Error("resource cache stopped")));
  try {
    await target.kubeConfig.applySecurityAuthentication(ctx);
    control.onRequest();
    const response = await http.send(ctx).toPromise();
    const text = await response.body.text();
    if (response.httpStatusCode !== 200) {
      const status = parseStatus(text);
      throw new KubeRequestError(
        `LIST ${target.path}: ${status?.message ?? `HTTP ${response.httpStatusCode}`}`,
        response.httpStatusCode,
        status?.reason,
      );
    }
    return JSON.parse(text) as Page<T>;
  } catch (error) {
    if (controller.signal.aborted && !(error instanceof KubeRequestError)) throw controller.signal.reason;
    throw error;
  } finally {
    clearTimeout(timer);
    control.setAbort(undefined);
  }
}
