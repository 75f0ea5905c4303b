"use client";
import type { ClusterSummary } from "@clustercord/contracts";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "~/lib/trpc";
import { TwoStepAction } from "./two-step-action";

/** A granted server's admins stop using another server's cluster: the plan first, then the confirmation. */
export function LeaveCluster({ cluster }: { cluster: ClusterSummary }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const leave = useMutation(trpc.tenants.leave.mutationOptions());
  return (
    <TwoStepAction
      label="Leave…"
      confirmLabel={`Leave ${cluster.name}`}
      loadPlan={() =>
        queryClient.fetchQuery({
          ...trpc.tenants.planLeave.queryOptions({ clusterId: cluster.id }),
          staleTime: 0,
        })
      }
      execute={(confirmToken) => leave.mutateAsync({ clusterId: cluster.id, confirmToken })}
      onDone={() => queryClient.invalidateQueries({ queryKey: trpc.clusters.list.queryKey() })}
    />
  );
}
