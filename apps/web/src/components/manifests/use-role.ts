"use client";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "~/lib/trpc";

/** What the person may do in this server: everyone validates; operators and admins plan, apply and fix. */
export function useGuildRole() {
  const trpc = useTRPC();
  const me = useQuery(trpc.me.get.queryOptions());
  const role = me.data?.guild?.role ?? null;
  return { role, canOperate: role === "operator" || role === "admin", isAdmin: role === "admin" };
}
