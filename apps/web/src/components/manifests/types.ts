import type { AppRouter } from "@clustercord/api";
import type { inferRouterOutputs } from "@trpc/server";

/**
 * The manifests procedures' answers as the client receives them (tRPC's
 * inferred outputs: a patch's `value: unknown` arrives optional, which the
 * contracts' own types do not allow).
 */
type Outputs = inferRouterOutputs<AppRouter>;
export type ValidationOut = Outputs["manifests"]["validate"];
export type PlanOut = Outputs["manifests"]["planApply"];
export type ApplyResultOut = Outputs["manifests"]["apply"];
export type StepOut = ValidationOut["steps"][number];
export type FindingOut = StepOut["findings"][number];
