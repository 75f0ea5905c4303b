"use client";
import type { ActionPlan, ClusterSummary } from "@clustercord/contracts";
import { Button, ErrorNotice } from "@clustercord/ui";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { userMessage, useTRPC } from "~/lib/trpc";
import { PlanConfirmation } from "./plan-confirmation";

/** A granted server's admins stop using another server's cluster: the plan first, then the confirmation. */
export function LeaveCluster({ cluster }: { cluster: ClusterSummary }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [plan, setPlan] = useState<ActionPlan | null>(null);
  const planning = useMutation({
    mutationFn: () =>
      queryClient.fetchQuery({
        ...trpc.tenants.planLeave.queryOptions({ clusterId: cluster.id }),
        staleTime: 0,
      }),
    onSuccess: setPlan,
  });
  const leave = useMutation(
    trpc.tenants.leave.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.clusters.list.queryKey() }),
    }),
  );
  if (!plan) {
    return (
      <div className="cc-action">
        <Button variant="secondary" onClick={() => planning.mutate()} disabled={planning.isPending}>
          Leave…
        </Button>
        {planning.error && <ErrorNotice>{userMessage(planning.error)}</ErrorNotice>}
      </div>
    );
  }
  return (
    <PlanConfirmation
      plan={plan}
      confirmLabel={`Leave ${cluster.name}`}
      pending={leave.isPending}
      error={leave.error}
      onConfirm={() => leave.mutate({ clusterId: cluster.id, confirmToken: plan.confirmToken })}
      onCancel={() => {
        leave.reset();
        setPlan(null);
      }}
    />
  );
}
