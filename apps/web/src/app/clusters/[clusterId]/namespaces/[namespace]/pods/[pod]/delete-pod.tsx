"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { TwoStepAction } from "~/app/clusters/two-step-action";
import { useTRPC } from "~/lib/trpc";

/** Deleting the pod (operators and admins): the plan first, then the confirmation; then back to the pods list. */
export function DeletePod({ target }: { target: { clusterId: string; namespace: string; pod: string } }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const remove = useMutation(trpc.pods.delete.mutationOptions());
  return (
    <TwoStepAction
      label="Delete pod…"
      confirmLabel={`Delete ${target.pod}`}
      loadPlan={() => queryClient.fetchQuery({ ...trpc.pods.planDelete.queryOptions(target), staleTime: 0 })}
      execute={(confirmToken) => remove.mutateAsync({ ...target, confirmToken })}
      onDone={async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.pods.list.queryKey() });
        router.push(`/clusters/${target.clusterId}/pods?namespace=${encodeURIComponent(target.namespace)}`);
      }}
    />
  );
}
