import { limitsFix } from "../../fixes/limits";
import { getIn } from "../../objects";
import { defineContainerRule, type Problem } from "../define";

const resources = ["cpu", "memory"] as const;

/** Policy require-limits: every container and init container limits CPU and memory. */
export const resourceLimits = defineContainerRule({
  id: "resource-limits",
  severity: "HIGH",
  title: "Missing resource limits",
  problems: (c) =>
    resources
      .filter((r) => getIn(c.container, ["resources", "limits", r]) === undefined)
      .map(
        (r): Problem => ({
          path: [...c.path, "resources", "limits", r],
          message: `container ${c.name} has no ${r} limit`,
        }),
      ),
  fix: (object, c, _pod, context) => limitsFix(object, c, context),
});

/** Requests drive scheduling; Kubernetes copies a limit into a missing request, so only both missing counts. */
export const resourceRequests = defineContainerRule({
  id: "resource-requests",
  severity: "MEDIUM",
  title: "Missing resource requests",
  problems: (c) =>
    resources
      .filter(
        (r) =>
          getIn(c.container, ["resources", "requests", r]) === undefined &&
          getIn(c.container, ["resources", "limits", r]) === undefined,
      )
      .map((r) => ({
        path: [...c.path, "resources", "requests", r],
        message: `container ${c.name} has no ${r} request, so the scheduler cannot place it by what it needs`,
      })),
});
