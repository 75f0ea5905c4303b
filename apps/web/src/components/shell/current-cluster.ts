"use client";
import type { ClusterSummary } from "@clustercord/contracts";
import { useQuery } from "@tanstack/react-query";
import { useParams } from "next/navigation";
import { useEffect, useState } from "react";
import { useTRPC } from "~/lib/trpc";

const STORAGE_KEY = "cc:cluster";

/**
 * The cluster the sidebar's cluster areas point at: the one in the address,
 * else the last one visited (this browser), else the first you may use.
 */
export function useCurrentCluster(enabled: boolean): {
  clusters: ClusterSummary[];
  current: ClusterSummary | null;
} {
  const trpc = useTRPC();
  const params = useParams<{ clusterId?: string }>();
  const clusters = useQuery({ ...trpc.clusters.list.queryOptions(), enabled });
  const [remembered, setRemembered] = useState<string | null>(null);
  const fromAddress = params.clusterId ? decodeURIComponent(params.clusterId) : null;

  useEffect(() => {
    if (fromAddress) {
      window.localStorage.setItem(STORAGE_KEY, fromAddress);
      setRemembered(fromAddress);
    } else {
      setRemembered(window.localStorage.getItem(STORAGE_KEY));
    }
  }, [fromAddress]);

  const list = clusters.data?.clusters ?? [];
  const wanted = fromAddress ?? remembered;
  const current = list.find((c) => c.id === wanted) ?? (fromAddress ? null : (list[0] ?? null));
  return { clusters: list, current };
}
