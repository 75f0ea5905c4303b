"use client";
import type { ClusterSummary } from "@clustercord/contracts";
import { ErrorNotice } from "@clustercord/ui";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useId } from "react";
import { userMessage, useTRPC } from "~/lib/trpc";

/**
 * A cluster and one of the person's namespaces on it (namespaces.list); the
 * namespace falls back to the first one there until the person picks.
 */
export function PlacePicker({
  clusters,
  clusterId,
  namespace,
  onChange,
  clusterLabel,
  namespaceLabel,
}: {
  clusters: readonly ClusterSummary[];
  clusterId: string;
  namespace: string;
  onChange: (place: { clusterId: string; namespace: string }) => void;
  clusterLabel: string;
  namespaceLabel: string;
}) {
  const trpc = useTRPC();
  const ids = { cluster: useId(), namespace: useId() };
  const namespaces = useQuery({
    ...trpc.namespaces.list.queryOptions({ clusterId }),
    enabled: clusterId !== "",
  });
  const mine = namespaces.data?.namespaces ?? [];
  const shown = namespace || mine[0] || "";
  // The parent holds "" until the person picks: tell it what is shown once there is something.
  useEffect(() => {
    if (!namespace && shown) onChange({ clusterId, namespace: shown });
  }, [namespace, shown, clusterId, onChange]);
  return (
    <div className="cc-secrets-place">
      <label htmlFor={ids.cluster}>
        {clusterLabel}
        <select
          id={ids.cluster}
          value={clusterId}
          onChange={(e) => onChange({ clusterId: e.target.value, namespace: "" })}
        >
          {clusters.length === 0 && <option value="">No clusters</option>}
          {clusters.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </label>
      <label htmlFor={ids.namespace}>
        {namespaceLabel}
        <select
          id={ids.namespace}
          value={shown}
          onChange={(e) => onChange({ clusterId, namespace: e.target.value })}
        >
          {mine.length === 0 && (
            <option value="">{namespaces.isPending ? "Loading…" : "No namespace"}</option>
          )}
          {mine.map((ns) => (
            <option key={ns} value={ns}>
              {ns}
            </option>
          ))}
        </select>
      </label>
      {namespaces.error && <ErrorNotice>{userMessage(namespaces.error)}</ErrorNotice>}
    </div>
  );
}
