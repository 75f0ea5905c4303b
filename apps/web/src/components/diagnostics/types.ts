import type { AppRouter } from "@clustercord/api";
import type { inferRouterOutputs } from "@trpc/server";

/**
 * diagnostics.run's answer as the client receives it (tRPC's inferred output:
 * a patch's `value: unknown` arrives optional, which the contracts' own types
 * do not allow).
 */
export type DiagnosisOut = inferRouterOutputs<AppRouter>["diagnostics"]["run"];
export type FindingOut = DiagnosisOut["findings"][number];
export type FixOut = NonNullable<FindingOut["fix"]>;
export type PatchOpOut = FixOut["patch"][number];
