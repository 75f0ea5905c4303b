import type { Dispatcher } from "undici";
import { OutboundRefusal } from "./refusal";

const redirectRefusal = (status: number) =>
  new OutboundRefusal(
    "redirect",
    `the server answered with a redirect (HTTP ${status}); ClusterCord does not follow redirects`,
  );

/**
 * Passes every callback through, except that a 3xx response (but 304 Not
 * Modified, which points nowhere) ends the request
 * with an OutboundRefusal before anything of it (headers, Location, body)
 * reaches the caller. undici's fetch follows redirects itself, above the
 * dispatcher, so failing the response here is what stops it.
 */
class RedirectRefusingHandler implements Dispatcher.DispatchHandler {
  #refused = false;

  constructor(private readonly inner: Dispatcher.DispatchHandler) {}

  onRequestStart(controller: Dispatcher.DispatchController, context: unknown) {
    this.inner.onRequestStart?.(controller, context);
  }

  onRequestUpgrade(
    controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: Parameters<NonNullable<Dispatcher.DispatchHandler["onRequestUpgrade"]>>[2],
    socket: Parameters<NonNullable<Dispatcher.DispatchHandler["onRequestUpgrade"]>>[3],
  ) {
    this.inner.onRequestUpgrade?.(controller, statusCode, headers, socket);
  }

  onResponseStarted() {
    this.inner.onResponseStarted?.();
  }

  onResponseStart(
    controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: Parameters<NonNullable<Dispatcher.DispatchHandler["onResponseStart"]>>[2],
    statusMessage?: string,
  ) {
    // 304 Not Modified answers a conditional request (ETag revalidation of chart indexes): nothing to follow.
    if (statusCode >= 300 && statusCode < 400 && statusCode !== 304) {
      this.#refused = true;
      controller.abort(redirectRefusal(statusCode));
      return;
    }
    this.inner.onResponseStart?.(controller, statusCode, headers, statusMessage);
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer) {
    if (!this.#refused) this.inner.onResponseData?.(controller, chunk);
  }

  onResponseEnd(
    controller: Dispatcher.DispatchController,
    trailers: Parameters<NonNullable<Dispatcher.DispatchHandler["onResponseEnd"]>>[1],
  ) {
    if (!this.#refused) this.inner.onResponseEnd?.(controller, trailers);
  }

  onResponseError(controller: Dispatcher.DispatchController, error: Error) {
    this.inner.onResponseError?.(controller, error);
  }

  onBodySent(chunk: Buffer) {
    this.inner.onBodySent?.(chunk);
  }

  onRequestSent() {
    this.inner.onRequestSent?.();
  }
}

/** An interceptor for `dispatcher.compose()` that turns every redirect (3xx but 304) into an error naming no location. */
export const refuseRedirects: Dispatcher.DispatcherComposeInterceptor = (dispatch) => (opts, handler) =>
  dispatch(opts, new RedirectRefusingHandler(handler));

export { redirectRefusal };
