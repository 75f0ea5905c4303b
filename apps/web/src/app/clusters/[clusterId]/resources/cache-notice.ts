import type { CacheProblem, ResourceSyncState } from "@clustercord/contracts";

export interface CacheNotice {
  text: string;
  /** "problem": the list is not served at all (forbidden, too large); "warning": it is loading or not live. */
  tone: "problem" | "warning";
}

/**
 * What a list page says about the cache behind its answer (pure): nothing
 * when it is live, the API's own words when it serves nothing (the same
 * words Discord shows), else that it is loading or not live. `what` is the
 * kind's plural in lower case.
 */
export function cacheNotice(
  answer: { state: ResourceSyncState; problem?: CacheProblem | undefined },
  what: string,
): CacheNotice | undefined {
  if (answer.problem) return { text: answer.problem.message, tone: "problem" };
  switch (answer.state) {
    case "ready":
      return undefined;
    case "syncing":
      return { text: `Still loading this cluster's ${what}…`, tone: "warning" };
    case "stale":
      return {
        text: `The cluster's ${what} are not live right now; showing the last known ones.`,
        tone: "warning",
      };
    // Told by a live update before the list was asked again: the next answer carries the words.
    case "forbidden":
      return { text: `The cluster refused ClusterCord's own credentials for ${what}.`, tone: "problem" };
    case "too-large":
      return { text: `This cluster has more ${what} than ClusterCord's limit.`, tone: "problem" };
  }
}
