"use client";
import type { ClusterSummary } from "@clustercord/contracts";
import { Button, ErrorNotice } from "@clustercord/ui";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { userMessage, useTRPC } from "~/lib/trpc";

/** Rename a cluster the active server owns (admins); the API refuses a name already used in the server. */
export function RenameCluster({ cluster }: { cluster: ClusterSummary }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState(cluster.name);
  const rename = useMutation(
    trpc.clusters.rename.mutationOptions({
      onSuccess: async () => {
        setOpen(false);
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.clusters.list.queryKey() }),
          queryClient.invalidateQueries({
            queryKey: trpc.clusters.status.queryKey({ clusterId: cluster.id }),
          }),
        ]);
      },
    }),
  );

  if (!open) {
    return (
      <div className="cc-action">
        <Button
          variant="secondary"
          onClick={() => {
            setName(cluster.name);
            rename.reset();
            setOpen(true);
          }}
        >
          Rename…
        </Button>
      </div>
    );
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    rename.mutate({ clusterId: cluster.id, name: name.trim() });
  };
  return (
    <form className="cc-form cc-action-form" aria-label={`Rename ${cluster.name}`} onSubmit={submit}>
      <label>
        New name
        <input
          value={name}
          onChange={(e) => setName(e.target.value)}
          required
          maxLength={40}
          spellCheck={false}
          autoComplete="off"
        />
      </label>
      <span className="cc-muted">Lowercase letters, digits and dashes; unique in this server.</span>
      {rename.error && <ErrorNotice>{userMessage(rename.error)}</ErrorNotice>}
      <span className="cc-inline">
        <Button type="submit" disabled={rename.isPending || !name.trim() || name.trim() === cluster.name}>
          {rename.isPending ? "Renaming…" : "Save name"}
        </Button>
        <Button variant="secondary" onClick={() => setOpen(false)}>
          Cancel
        </Button>
      </span>
    </form>
  );
}
