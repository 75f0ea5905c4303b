import { probesFix } from "../../fixes/probes";
import { isJobPod } from "../../objects";
import { defineContainerRule, type Problem } from "../define";

const probes = ["livenessProbe", "readinessProbe"] as const;

/**
 * Policy require-probes: long-running workloads' containers have liveness and
 * readiness probes. Jobs, CronJobs and the Pods they start run to completion,
 * so they are left out.
 */
export const healthProbes = defineContainerRule({
  id: "health-probes",
  severity: "HIGH",
  title: "No health probes",
  kinds: ["Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet"],
  lists: ["containers"],
  exempt: isJobPod,
  problems: (c) =>
    probes
      .filter((p) => c.container[p] === undefined)
      .map((p): Problem => ({ path: [...c.path, p], message: `container ${c.name} has no ${p}` })),
  fix: (object, c) => probesFix(object, c),
});
