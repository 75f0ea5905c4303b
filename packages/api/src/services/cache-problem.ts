/**
 * A cache that holds nothing by design ("forbidden", "too-large") is
 * answered with words for people, the same in every client: lists carry
 * them as `problem`, single-object reads fail with them.
 */
import { AppError, type CacheProblem } from "@clustercord/contracts";
import { type CacheState, forbiddenMessage, tooLargeMessage } from "@clustercord/kube";

/** Why the cache of `what` (a kind's plural, e.g. "pods") serves nothing, or undefined when it serves. */
export function cacheProblem(state: CacheState, what: string): CacheProblem | undefined {
  if (state.status === "too-large" && state.exceeded)
    return { message: tooLargeMessage(what, state.exceeded), limit: state.exceeded };
  if (state.status === "forbidden") return { message: forbiddenMessage(what) };
  return undefined;
}

/** Throws the cache's problem, if it has one, for a read of one object (there is no list to carry it). */
export function throwCacheProblem(state: CacheState, what: string): void {
  const problem = cacheProblem(state, what);
  if (!problem) return;
  throw new AppError("UPSTREAM", {
    message: `${what} cache is ${state.status}: ${state.lastError?.message ?? "no detail"}`,
    userMessage: problem.message,
  });
}
