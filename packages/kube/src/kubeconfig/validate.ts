import type { OutboundPolicy } from "@clustercord/outbound";
import { checkCluster, type SanitizedCluster } from "./cluster";
import { present } from "./fields";
import { formatPath, type PathSegment, Problems, quoteSafe } from "./problems";
import type { RawKubeconfig } from "./schema";
import type { KubeCredentials, KubeconfigContextSummary } from "./types";
import { checkUser } from "./user";

export type { SanitizedCluster } from "./cluster";

export interface ValidatedKubeconfig {
  contexts: KubeconfigContextSummary[];
  currentContext: string | null;
  clusters: Map<string, SanitizedCluster>;
  users: Map<string, KubeCredentials>;
  warnings: string[];
}

const namespacePattern = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Everything after the shape check: policy, references, inline data. All problems at once. */
export function validateKubeconfig(
  raw: RawKubeconfig,
  access: { policy: OutboundPolicy; adminAllowsInsecure: boolean },
): ValidatedKubeconfig {
  const problems = new Problems();
  const warnings: string[] = [];
  const warn = (path: PathSegment[], text: string) => warnings.push(`${formatPath(path)}: ${text}`);

  const clusters = new Map<string, SanitizedCluster>();
  const clusterNames = uniqueNames("clusters", "cluster", raw.clusters, problems);
  raw.clusters.forEach((entry, i) => {
    const cluster = checkCluster(entry.cluster, ["clusters", i, "cluster"], problems, warn, access);
    if (cluster && !clusters.has(entry.name)) clusters.set(entry.name, cluster);
  });

  const users = new Map<string, KubeCredentials>();
  const userNames = uniqueNames("users", "user", raw.users, problems);
  raw.users.forEach((entry, i) => {
    const credentials = checkUser(entry.user, ["users", i, "user"], problems, warn);
    if (credentials && !users.has(entry.name)) users.set(entry.name, credentials);
  });

  const contextNames = uniqueNames("contexts", "context", raw.contexts, problems);
  if (raw.contexts.length === 0) {
    problems.add(["contexts"], "the kubeconfig has no contexts; add one that links a cluster and a user");
  }
  const contexts = raw.contexts.map(({ name, context }, i): KubeconfigContextSummary => {
    const path = ["contexts", i, "context"];
    if (!clusterNames.has(context.cluster)) {
      problems.add(
        [...path, "cluster"],
        `no cluster named ${JSON.stringify(quoteSafe(context.cluster))} in clusters`,
      );
    }
    if (!userNames.has(context.user)) {
      problems.add([...path, "user"], `no user named ${JSON.stringify(quoteSafe(context.user))} in users`);
    }
    const summary: KubeconfigContextSummary = { name, cluster: context.cluster, user: context.user };
    if (present(context.namespace)) {
      const ns = context.namespace as string;
      if (ns.length > 63 || !namespacePattern.test(ns)) {
        problems.add(
          [...path, "namespace"],
          "is not a valid namespace name (lowercase letters, digits and -)",
        );
      } else summary.namespace = ns;
    }
    return summary;
  });

  const current = present(raw["current-context"]) ? (raw["current-context"] as string) : null;
  if (current !== null && !contextNames.has(current)) {
    problems.add(["current-context"], `no context named ${JSON.stringify(quoteSafe(current))} in contexts`);
  }

  problems.throwIfAny();
  return { contexts, currentContext: current, clusters, users, warnings };
}

function uniqueNames(
  list: string,
  what: string,
  entries: readonly { name: string }[],
  problems: Problems,
): Set<string> {
  const firstIndex = new Map<string, number>();
  entries.forEach(({ name }, i) => {
    const first = firstIndex.get(name);
    if (name.trim() === "") problems.add([list, i, "name"], "must not be empty");
    else if (first !== undefined) {
      problems.add(
        [list, i, "name"],
        `duplicate ${what} name ${JSON.stringify(quoteSafe(name))} (first at ${list}[${first}])`,
      );
    } else firstIndex.set(name, i);
  });
  return new Set(firstIndex.keys());
}
