"use client";
import type { VaultSecretSummary } from "@clustercord/contracts";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { TwoStepAction } from "~/app/clusters/two-step-action";
import { useTRPC } from "~/lib/trpc";

/**
 * Delete (admins) in two steps: secrets.planDelete's plan, then
 * secrets.delete with its token. The applied Kubernetes Secrets stay unless
 * the box is ticked.
 */
export function DeletePanel({ secret, onDeleted }: { secret: VaultSecretSummary; onDeleted: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [deleteApplied, setDeleteApplied] = useState(false);
  const remove = useMutation(trpc.secrets.delete.mutationOptions());
  const ref = { name: secret.name, deleteApplied };
  return (
    <section className="cc-secrets-panel" aria-label={`Delete ${secret.name}`}>
      <p>
        Deletes {secret.name} and all its kept versions from the vault.
        {secret.placements.length > 0
          ? " It is applied in the places below."
          : " It is not applied anywhere."}
      </p>
      {secret.placements.length > 0 && (
        <label className="cc-check">
          <input
            type="checkbox"
            checked={deleteApplied}
            onChange={(e) => setDeleteApplied(e.target.checked)}
          />
          Also delete the Kubernetes Secrets it was applied as
        </label>
      )}
      <TwoStepAction
        key={String(deleteApplied)}
        label="Delete…"
        confirmLabel={`Delete ${secret.name}`}
        loadPlan={() =>
          queryClient.fetchQuery({ ...trpc.secrets.planDelete.queryOptions(ref), staleTime: 0 })
        }
        execute={(confirmToken) => remove.mutateAsync({ ...ref, confirmToken })}
        onDone={async () => {
          await queryClient.invalidateQueries({ queryKey: trpc.secrets.list.pathKey() });
          onDeleted();
        }}
      />
    </section>
  );
}
