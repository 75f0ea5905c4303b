"use client";
import type { ActionPlan } from "@clustercord/contracts";
import { Button, ErrorNotice } from "@clustercord/ui";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { userMessage } from "~/lib/trpc";
import { PlanConfirmation } from "./plan-confirmation";

export interface TwoStepActionProps {
  /** The button that asks for the plan, e.g. "Remove…". */
  label: string;
  /** The confirmation button, e.g. "Remove edge". */
  confirmLabel: string;
  /** Asks the API for the plan (what will change and its confirmation token). */
  loadPlan: () => Promise<ActionPlan>;
  /** Carries the plan out with its token. */
  execute: (confirmToken: string) => Promise<unknown>;
  /** After it was carried out (refresh what it changed). */
  onDone: () => Promise<unknown>;
}

/** Every destructive action in two steps: show the plan, then confirm it (or cancel, which changes nothing). */
export function TwoStepAction({ label, confirmLabel, loadPlan, execute, onDone }: TwoStepActionProps) {
  const [plan, setPlan] = useState<ActionPlan | null>(null);
  const planning = useMutation({ mutationFn: loadPlan, onSuccess: setPlan });
  const carryOut = useMutation({
    mutationFn: execute,
    onSuccess: async () => {
      setPlan(null);
      await onDone();
    },
  });
  if (!plan) {
    return (
      <div className="cc-action">
        <Button variant="secondary" onClick={() => planning.mutate()} disabled={planning.isPending}>
          {label}
        </Button>
        {planning.error && <ErrorNotice>{userMessage(planning.error)}</ErrorNotice>}
      </div>
    );
  }
  return (
    <PlanConfirmation
      plan={plan}
      confirmLabel={confirmLabel}
      pending={carryOut.isPending}
      error={carryOut.error}
      onConfirm={() => carryOut.mutate(plan.confirmToken)}
      onCancel={() => {
        carryOut.reset();
        setPlan(null);
      }}
    />
  );
}
