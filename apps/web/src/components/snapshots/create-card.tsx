"use client";
import { Button, Card } from "@clustercord/ui";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "~/lib/trpc";
import { type CreateForm, createInputFromForm, emptyCreateForm } from "./format";
import { ScopeFields, ScopeFormOutcome, useScopeForm } from "./scope-fields";

/**
 * Take a snapshot (snapshots.create): it runs in the background as the
 * person; the list shows its progress. What the form can tell is said before
 * asking; the rest is the API's message as it is.
 */
export function CreateSnapshotCard({
  clusterId,
  namespaces,
  canSnapshotCluster,
}: {
  clusterId: string;
  namespaces: readonly string[];
  canSnapshotCluster: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const create = useMutation(trpc.snapshots.create.mutationOptions());
  const { form, setForm, problem, done, submit } = useScopeForm({
    namespaces,
    empty: emptyCreateForm,
    check: (f: CreateForm) => createInputFromForm(clusterId, f, namespaces),
    mutation: create,
    onDone: () => void queryClient.invalidateQueries({ queryKey: trpc.snapshots.list.pathKey() }),
  });
  return (
    <Card title="Take a snapshot">
      <form className="cc-form cc-snap-form" onSubmit={submit} aria-label="Take a snapshot">
        <ScopeFields
          form={form}
          setForm={setForm}
          namespaces={namespaces}
          canSnapshotCluster={canSnapshotCluster}
        />
        <p className="cc-muted cc-snap-help">
          Every kind you may list, as you, with status and bookkeeping fields left out. Secrets are kept
          encrypted.
        </p>
        <ScopeFormOutcome problem={problem} error={create.error} done={done} />
        <div>
          <Button type="submit" disabled={create.isPending}>
            {create.isPending ? "Starting…" : "Take snapshot"}
          </Button>
        </div>
      </form>
    </Card>
  );
}
