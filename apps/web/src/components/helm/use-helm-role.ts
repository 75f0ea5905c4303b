"use client";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "~/lib/trpc";

/** What the person may do here: operators and admins run Helm, admins manage repositories. */
export function useHelmRole() {
  const trpc = useTRPC();
  const me = useQuery(trpc.me.get.queryOptions());
  const role = me.data?.guild?.role ?? null;
  return { role, canOperate: role === "operator" || role === "admin", isAdmin: role === "admin" };
}
