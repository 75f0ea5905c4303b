"use client";
import type { ActionPlan, ClusterSummary } from "@clustercord/contracts";
import { Badge, Button, Card, EmptyState, ErrorNotice } from "@clustercord/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { AppShell } from "~/components/app-shell";
import { userMessage, useTRPC } from "~/lib/trpc";

function ClusterStatus({ cluster }: { cluster: ClusterSummary }) {
  const trpc = useTRPC();
  const status = useQuery(
    trpc.clusters.status.queryOptions({ clusterId: cluster.id }, { staleTime: 30_000 }),
  );
  if (status.isPending) return <Badge>checking…</Badge>;
  if (status.error) return <Badge tone="bad">{userMessage(status.error)}</Badge>;
  const h = status.data.health;
  if (!h.reachable) return <Badge tone="bad">unreachable</Badge>;
  return (
    <span className="cc-inline">
      <Badge tone={h.canImpersonate ? "good" : "warn"}>
        {h.canImpersonate ? "healthy" : "cannot impersonate"}
      </Badge>
      <span className="cc-muted">
        {h.version} · {h.nodeCount ?? "?"} nodes
      </span>
    </span>
  );
}

/** Two steps, as every destructive action: show the plan, then confirm it. */
function RemoveCluster({ cluster }: { cluster: ClusterSummary }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [plan, setPlan] = useState<ActionPlan | null>(null);
  const planning = useMutation({
    mutationFn: () =>
      queryClient.fetchQuery({
        ...trpc.clusters.planRemove.queryOptions({ clusterId: cluster.id }),
        staleTime: 0,
      }),
    onSuccess: setPlan,
  });
  const remove = useMutation(
    trpc.clusters.remove.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.clusters.list.queryKey() }),
    }),
  );
  const error = planning.error ?? remove.error;
  if (!plan) {
    return (
      <>
        <Button variant="secondary" onClick={() => planning.mutate()} disabled={planning.isPending}>
          Remove…
        </Button>
        {error && <ErrorNotice>{userMessage(error)}</ErrorNotice>}
      </>
    );
  }
  return (
    <div className="cc-confirm" role="dialog" aria-label={plan.summary}>
      <strong>{plan.summary}</strong>
      <ul>
        {plan.changes.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ul>
      {error && <ErrorNotice>{userMessage(error)}</ErrorNotice>}
      <span className="cc-inline">
        <Button
          variant="danger"
          disabled={remove.isPending}
          onClick={() => remove.mutate({ clusterId: cluster.id, confirmToken: plan.confirmToken })}
        >
          Remove {cluster.name}
        </Button>
        <Button variant="secondary" onClick={() => setPlan(null)}>
          Cancel
        </Button>
      </span>
    </div>
  );
}

function AddClusterForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [kubeconfig, setKubeconfig] = useState("");
  const [context, setContext] = useState("");
  const [shared, setShared] = useState(false);
  const [allowInsecure, setAllowInsecure] = useState(false);
  const add = useMutation(
    trpc.clusters.add.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.clusters.list.queryKey() }),
    }),
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate({ name, kubeconfig, shared, allowInsecure, ...(context ? { context } : {}) });
  };

  return (
    <Card title="Add a cluster">
      <form className="cc-form" onSubmit={submit}>
        <label>
          Name
          <input
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="prod"
            required
            maxLength={40}
          />
        </label>
        <label>
          Kubeconfig file
          <input
            type="file"
            accept=".yaml,.yml,.conf,.config,text/plain,application/x-yaml"
            onChange={async (e) => setKubeconfig((await e.target.files?.[0]?.text()) ?? "")}
          />
        </label>
        <label>
          …or paste it
          <textarea
            value={kubeconfig}
            onChange={(e) => setKubeconfig(e.target.value)}
            rows={6}
            spellCheck={false}
            placeholder="apiVersion: v1&#10;kind: Config&#10;…"
          />
        </label>
        <label>
          Context (optional; the current context by default)
          <input value={context} onChange={(e) => setContext(e.target.value)} />
        </label>
        <label className="cc-check">
          <input type="checkbox" checked={shared} onChange={(e) => setShared(e.target.checked)} />
          Shared: other Discord servers may be granted their own namespaces
        </label>
        <label className="cc-check">
          <input
            type="checkbox"
            checked={allowInsecure}
            onChange={(e) => setAllowInsecure(e.target.checked)}
          />
          Allow a cluster without TLS verification (not recommended)
        </label>
        <p className="cc-muted">
          Only token or client-certificate credentials are accepted; credential plugins and file paths are
          refused. The credentials need permission to impersonate users and groups. They are stored encrypted.
        </p>
        {add.error && <ErrorNotice>{userMessage(add.error)}</ErrorNotice>}
        {add.data && (
          <p className="cc-success" role="status">
            Added {add.data.cluster.name}: Kubernetes {add.data.health.version},{" "}
            {add.data.health.nodeCount ?? "?"} nodes.
            {add.data.warnings.map((w) => (
              <span key={w} className="cc-warning">
                {" "}
                Warning: {w}
              </span>
            ))}
          </p>
        )}
        <Button type="submit" disabled={add.isPending || !name || !kubeconfig}>
          {add.isPending ? "Checking the cluster…" : "Add cluster"}
        </Button>
      </form>
    </Card>
  );
}

export default function ClustersPage() {
  const trpc = useTRPC();
  const me = useQuery(trpc.me.get.queryOptions());
  const clusters = useQuery(trpc.clusters.list.queryOptions());
  const isAdmin = me.data?.guild?.role === "admin";

  return (
    <AppShell>
      <h1 className="cc-page-title">Clusters</h1>
      <Card>
        {clusters.error && <ErrorNotice>{userMessage(clusters.error)}</ErrorNotice>}
        {clusters.data?.clusters.length === 0 && (
          <EmptyState>
            No clusters yet.{isAdmin ? " Add one below." : " Ask a server admin to add one."}
          </EmptyState>
        )}
        {!!clusters.data?.clusters.length && (
          <div className="cc-table-wrap">
            <table className="cc-table">
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Status</th>
                  <th>API server</th>
                  <th>Sharing</th>
                  {isAdmin && <th aria-label="Actions" />}
                </tr>
              </thead>
              <tbody>
                {clusters.data.clusters.map((c) => (
                  <tr key={c.id}>
                    <td>
                      {c.name} {c.insecure && <Badge tone="warn">TLS off</Badge>}
                    </td>
                    <td>
                      <ClusterStatus cluster={c} />
                    </td>
                    <td className="cc-muted">{c.server}</td>
                    <td>
                      {c.shared
                        ? c.owned
                          ? "shared by this server"
                          : "granted to this server"
                        : "dedicated"}
                    </td>
                    {isAdmin && <td>{c.owned && <RemoveCluster cluster={c} />}</td>}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
      {isAdmin && <AddClusterForm />}
    </AppShell>
  );
}
