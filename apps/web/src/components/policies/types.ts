import type { AppRouter } from "@clustercord/api";
import type { inferRouterOutputs } from "@trpc/server";

/** The policies procedures' answers as the client receives them (tRPC's inferred outputs). */
type Outputs = inferRouterOutputs<AppRouter>;
export type PoliciesListOut = Outputs["policies"]["list"];
export type PolicyOut = PoliciesListOut["policies"][number];
export type ViolationsOut = Outputs["policies"]["violations"];
export type ViolationOut = ViolationsOut["violations"][number];
export type FixPlanOut = Outputs["policies"]["planFix"];
