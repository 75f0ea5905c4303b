"use client";
import type { HelmConfirmInput, HelmOperation, HelmPlan } from "@clustercord/contracts";
import { ErrorNotice } from "@clustercord/ui";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useCallback, useState } from "react";
import { userMessage, useTRPC } from "~/lib/trpc";
import { OperationFollower } from "./operation-follower";
import { PlanView } from "./plan-view";

/** Confirms a plan with the procedure of its kind (each takes the plan's id and token). */
function useConfirmPlan() {
  const trpc = useTRPC();
  const install = useMutation(trpc.helm.install.mutationOptions());
  const upgrade = useMutation(trpc.helm.upgrade.mutationOptions());
  const rollback = useMutation(trpc.helm.rollback.mutationOptions());
  const uninstall = useMutation(trpc.helm.uninstall.mutationOptions());
  const byKind = { install, upgrade, rollback, uninstall };
  return useMutation({
    mutationFn: (plan: HelmPlan): Promise<HelmOperation> => {
      const input: HelmConfirmInput = {
        clusterId: plan.clusterId,
        planId: plan.planId,
        confirmToken: plan.confirmToken,
      };
      return byKind[plan.kind].mutateAsync(input);
    },
  });
}

/**
 * One Helm operation from start to end: the form (given by the caller, with
 * a `requestPlan` to call), the plan and its Confirm/Cancel, then the
 * operation followed live. The releases lists are refreshed when it ends.
 */
export function HelmFlow({
  loadPlan,
  form,
  onFinished,
}: {
  loadPlan: () => Promise<HelmPlan>;
  form: (props: { requestPlan: () => void; planning: boolean; error: unknown }) => ReactNode;
  onFinished?: (op: HelmOperation) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [plan, setPlan] = useState<HelmPlan | null>(null);
  const [operation, setOperation] = useState<HelmOperation | null>(null);
  const planning = useMutation({ mutationFn: loadPlan, onSuccess: setPlan });
  const confirm = useConfirmPlan();

  const finished = useCallback(
    (op: HelmOperation) => {
      void queryClient.invalidateQueries({ queryKey: trpc.helm.releases.queryKey() });
      void queryClient.invalidateQueries({ queryKey: trpc.helm.history.queryKey() });
      void queryClient.invalidateQueries({ queryKey: trpc.helm.release.queryKey() });
      onFinished?.(op);
    },
    [queryClient, trpc, onFinished],
  );

  if (operation) return <OperationFollower started={operation} onFinished={finished} />;
  if (plan)
    return (
      <PlanView
        plan={plan}
        pending={confirm.isPending}
        error={confirm.error}
        onConfirm={() => confirm.mutate(plan, { onSuccess: setOperation })}
        onCancel={() => {
          confirm.reset();
          setPlan(null);
        }}
      />
    );
  return (
    <>
      {form({ requestPlan: () => planning.mutate(), planning: planning.isPending, error: planning.error })}
      {planning.isPending && (
        <p className="cc-muted" role="status">
          Rendering the plan with Helm…
        </p>
      )}
    </>
  );
}

/** A planning error shown under a form (when the form does not place it itself). */
export function PlanError({ error }: { error: unknown }) {
  return error ? <ErrorNotice>{userMessage(error)}</ErrorNotice> : null;
}
