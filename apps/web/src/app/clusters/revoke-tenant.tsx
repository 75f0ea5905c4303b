"use client";
import type { ActionPlan, Tenant } from "@clustercord/contracts";
import { Button, ErrorNotice } from "@clustercord/ui";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { userMessage, useTRPC } from "~/lib/trpc";
import { PlanConfirmation } from "./plan-confirmation";
import { useTenantsRefresh } from "./use-tenants";

/** Revoking a server's access: the plan first, then the confirmation, as for removing a cluster. */
export function RevokeTenant({ clusterId, tenant }: { clusterId: string; tenant: Tenant }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = useTenantsRefresh(clusterId);
  const [plan, setPlan] = useState<ActionPlan | null>(null);
  const input = { clusterId, guildId: tenant.guildId };
  const planning = useMutation({
    mutationFn: () =>
      queryClient.fetchQuery({ ...trpc.tenants.planRevoke.queryOptions(input), staleTime: 0 }),
    onSuccess: setPlan,
  });
  const revoke = useMutation(
    trpc.tenants.revoke.mutationOptions({
      onSuccess: async () => {
        setPlan(null);
        await refresh();
      },
    }),
  );
  if (!plan) {
    return (
      <div className="cc-action">
        <Button variant="secondary" onClick={() => planning.mutate()} disabled={planning.isPending}>
          Revoke…
        </Button>
        {planning.error && <ErrorNotice>{userMessage(planning.error)}</ErrorNotice>}
      </div>
    );
  }
  return (
    <PlanConfirmation
      plan={plan}
      confirmLabel={`Revoke ${tenant.guildName}`}
      pending={revoke.isPending}
      error={revoke.error}
      onConfirm={() => revoke.mutate({ ...input, confirmToken: plan.confirmToken })}
      onCancel={() => {
        revoke.reset();
        setPlan(null);
      }}
    />
  );
}
