import { AppError } from "@clustercord/contracts";
import type { ApiDeps, HelmDeps } from "../context";

/** The process's Helm setup, or the one refusal when this ClusterCord runs without it. */
export function helmSetup(deps: ApiDeps): HelmDeps {
  if (!deps.helm) {
    throw new AppError("BAD_REQUEST", {
      userMessage: "Helm is not set up on this ClusterCord (its operator has not configured it).",
    });
  }
  return deps.helm;
}
