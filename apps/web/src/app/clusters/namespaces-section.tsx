"use client";
import { type ClusterSummary, type Role, roleAtLeast } from "@clustercord/contracts";
import { Button, EmptyState, ErrorNotice } from "@clustercord/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId } from "react";
import { userMessage, useTRPC } from "~/lib/trpc";

/**
 * The namespaces this person may work in on a cluster (as the cluster answers
 * for them); on a shared cluster, operators and admins may create their own.
 */
export function NamespacesSection({ cluster, role }: { cluster: ClusterSummary; role: Role | undefined }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const headingId = useId();
  const listKey = trpc.namespaces.list.queryKey({ clusterId: cluster.id });
  const namespaces = useQuery(trpc.namespaces.list.queryOptions({ clusterId: cluster.id }));
  const create = useMutation(
    trpc.namespaces.createPersonal.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: listKey }),
    }),
  );
  const mayCreate = cluster.shared && role !== undefined && roleAtLeast(role, "operator");

  return (
    <section className="cc-cluster-section" aria-labelledby={headingId}>
      <h3 id={headingId}>Namespaces</h3>
      {namespaces.isPending && <p className="cc-muted">Loading…</p>}
      {namespaces.error && <ErrorNotice>{userMessage(namespaces.error)}</ErrorNotice>}
      {namespaces.data &&
        (namespaces.data.namespaces.length ? (
          <ul className="cc-namespace-list" aria-label={`Your namespaces on ${cluster.name}`}>
            {namespaces.data.namespaces.map((ns) => (
              <li key={ns}>
                <code>{ns}</code>
              </li>
            ))}
          </ul>
        ) : (
          <EmptyState>No namespaces you may use on this cluster yet.</EmptyState>
        ))}
      {mayCreate && (
        <div className="cc-action">
          <Button
            variant="secondary"
            disabled={create.isPending}
            onClick={() => create.mutate({ clusterId: cluster.id })}
          >
            {create.isPending ? "Creating…" : "Create my namespace"}
          </Button>
          <span className="cc-muted">Your own namespace, with this server's quota and policies.</span>
        </div>
      )}
      {create.error && <ErrorNotice>{userMessage(create.error)}</ErrorNotice>}
      {create.data && (
        <p className="cc-success" role="status">
          Your namespace <code>{create.data.namespace}</code> is ready.
        </p>
      )}
    </section>
  );
}
