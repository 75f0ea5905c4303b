"use client";
import type { Tenant } from "@clustercord/contracts";
import { useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "~/lib/trpc";

/**
 * After a tenant mutation: put the returned tenant into the cached list at
 * once (so a switch does not flick back), then refetch the list.
 */
export function useTenantsRefresh(clusterId: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const queryKey = trpc.tenants.list.queryKey({ clusterId });
  return async (changed?: Tenant) => {
    if (changed) {
      queryClient.setQueryData(queryKey, (old) =>
        old
          ? {
              tenants: old.tenants.some((t) => t.guildId === changed.guildId)
                ? old.tenants.map((t) => (t.guildId === changed.guildId ? changed : t))
                : [...old.tenants, changed],
            }
          : old,
      );
    }
    await queryClient.invalidateQueries({ queryKey });
  };
}
