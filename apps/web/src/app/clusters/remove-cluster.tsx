"use client";
import type { ClusterSummary } from "@clustercord/contracts";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "~/lib/trpc";
import { TwoStepAction } from "./two-step-action";

/** Removing a cluster: the plan first, then the confirmation. */
export function RemoveCluster({ cluster }: { cluster: ClusterSummary }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const remove = useMutation(trpc.clusters.remove.mutationOptions());
  return (
    <TwoStepAction
      label="Remove…"
      confirmLabel={`Remove ${cluster.name}`}
      loadPlan={() =>
        queryClient.fetchQuery({
          ...trpc.clusters.planRemove.queryOptions({ clusterId: cluster.id }),
          staleTime: 0,
        })
      }
      execute={(confirmToken) => remove.mutateAsync({ clusterId: cluster.id, confirmToken })}
      onDone={() => queryClient.invalidateQueries({ queryKey: trpc.clusters.list.queryKey() })}
    />
  );
}
