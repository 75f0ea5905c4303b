"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTRPC } from "./trpc";

/**
 * guilds.select, then every query again (another server: another role,
 * other clusters and namespaces) and the dashboard. The Servers page and the
 * sidebar's switcher pick a server the same way.
 */
export function useSelectGuild() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  return useMutation(
    trpc.guilds.select.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries();
        router.push("/dashboard");
      },
    }),
  );
}
