"use client";
import type { Tenant } from "@clustercord/contracts";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "~/lib/trpc";
import { TwoStepAction } from "./two-step-action";
import { useTenantsRefresh } from "./use-tenants";

/** Revoking a server's access: the plan first, then the confirmation, as for removing a cluster. */
export function RevokeTenant({ clusterId, tenant }: { clusterId: string; tenant: Tenant }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = useTenantsRefresh(clusterId);
  const revoke = useMutation(trpc.tenants.revoke.mutationOptions());
  const input = { clusterId, guildId: tenant.guildId };
  return (
    <TwoStepAction
      label="Revoke…"
      confirmLabel={`Revoke ${tenant.guildName}`}
      loadPlan={() =>
        queryClient.fetchQuery({ ...trpc.tenants.planRevoke.queryOptions(input), staleTime: 0 })
      }
      execute={(confirmToken) => revoke.mutateAsync({ ...input, confirmToken })}
      onDone={refresh}
    />
  );
}
