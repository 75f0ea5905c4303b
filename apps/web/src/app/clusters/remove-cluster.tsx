"use client";
import type { ActionPlan, ClusterSummary } from "@clustercord/contracts";
import { Button, ErrorNotice } from "@clustercord/ui";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { userMessage, useTRPC } from "~/lib/trpc";
import { PlanConfirmation } from "./plan-confirmation";

/** Two steps, as every destructive action: show the plan, then confirm it. */
export function RemoveCluster({ cluster }: { cluster: ClusterSummary }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [plan, setPlan] = useState<ActionPlan | null>(null);
  const planning = useMutation({
    mutationFn: () =>
      queryClient.fetchQuery({
        ...trpc.clusters.planRemove.queryOptions({ clusterId: cluster.id }),
        staleTime: 0,
      }),
    onSuccess: setPlan,
  });
  const remove = useMutation(
    trpc.clusters.remove.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.clusters.list.queryKey() }),
    }),
  );
  if (!plan) {
    return (
      <div className="cc-action">
        <Button variant="secondary" onClick={() => planning.mutate()} disabled={planning.isPending}>
          Remove…
        </Button>
        {planning.error && <ErrorNotice>{userMessage(planning.error)}</ErrorNotice>}
      </div>
    );
  }
  return (
    <PlanConfirmation
      plan={plan}
      confirmLabel={`Remove ${cluster.name}`}
      pending={remove.isPending}
      error={remove.error}
      onConfirm={() => remove.mutate({ clusterId: cluster.id, confirmToken: plan.confirmToken })}
      onCancel={() => {
        remove.reset();
        setPlan(null);
      }}
    />
  );
}
