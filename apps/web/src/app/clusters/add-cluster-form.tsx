"use client";
import { Button, Card, ErrorNotice } from "@clustercord/ui";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { userMessage, useTRPC } from "~/lib/trpc";

/** Upload or paste a kubeconfig; the API checks the cluster before storing anything. */
export function AddClusterForm() {
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
          Allow a cluster without TLS verification (only where this ClusterCord&apos;s operator allows it; not
          recommended)
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
