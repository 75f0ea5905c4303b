"use client";
import type { RolloutsCanaryOutput, RolloutsCanaryPlan, RolloutsCanaryRef } from "@clustercord/contracts";
import { Button, Dialog, ErrorNotice } from "@clustercord/ui";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { userMessage, useTRPC } from "~/lib/trpc";
import { shortTime, trafficText } from "./format";

type CanaryForm = { image: string; percentage: string; windowSeconds: string };

/** A whole number typed into a field, or null (the API names the allowed range; this only catches non-numbers). */
const wholeNumber = (text: string): number | null => (/^\s*\d+\s*$/.test(text) ? Number(text) : null);

/**
 * Canary…: image, percentage and analysis window → rollouts.planCanary (what
 * is created and scaled, and the HTTPRoute weights when Gateway API routes
 * the Service) → Start canary (rollouts.canary with the plan's token).
 */
export function CanaryDialog({
  target,
  currentImage,
  onClose,
  onStarted,
}: {
  target: RolloutsCanaryRef;
  currentImage: string;
  onClose: () => void;
  onStarted: (out: RolloutsCanaryOutput) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const ids = { image: useId(), percentage: useId(), window: useId() };
  const [form, setForm] = useState<CanaryForm>({
    image: currentImage,
    percentage: "20",
    windowSeconds: "300",
  });
  const [problem, setProblem] = useState<string | null>(null);
  const [input, setInput] = useState<{ image: string; percentage: number; windowSeconds: number } | null>(
    null,
  );
  const plan = useMutation({
    mutationFn: (i: { image: string; percentage: number; windowSeconds: number }) =>
      queryClient.fetchQuery({
        ...trpc.rollouts.planCanary.queryOptions({ ...target, ...i }),
        staleTime: 0,
        gcTime: 0,
      }),
  });
  const start = useMutation(
    trpc.rollouts.canary.mutationOptions({
      onSuccess: (out) => {
        queryClient.setQueryData(trpc.rollouts.canaryStatus.queryKey(target), { canary: out.canary });
        onStarted(out);
      },
    }),
  );

  const preview = () => {
    const percentage = wholeNumber(form.percentage);
    const windowSeconds = wholeNumber(form.windowSeconds);
    if (percentage === null) return setProblem("The percentage must be a whole number.");
    if (windowSeconds === null) return setProblem("The analysis window must be a whole number of seconds.");
    setProblem(null);
    const next = { image: form.image.trim(), percentage, windowSeconds };
    setInput(next);
    plan.mutate(next);
  };

  return (
    <Dialog
      open
      onOpenChange={(open) => {
        if (!open) onClose();
      }}
      title={`Canary release of ${target.deployment}`}
      wide
    >
      {plan.data && input ? (
        <CanaryPlanView
          plan={plan.data}
          image={input.image}
          percentage={input.percentage}
          pending={start.isPending}
          error={start.error}
          onConfirm={() => start.mutate({ ...target, ...input, confirmToken: plan.data.confirmToken })}
          onBack={() => {
            plan.reset();
            start.reset();
          }}
          onCancel={onClose}
        />
      ) : (
        <form
          className="cc-rollout-form"
          onSubmit={(e) => {
            e.preventDefault();
            preview();
          }}
        >
          <label htmlFor={ids.image}>Image</label>
          <input
            id={ids.image}
            value={form.image}
            required
            spellCheck={false}
            autoComplete="off"
            onChange={(e) => setForm({ ...form, image: e.target.value })}
          />
          <label htmlFor={ids.percentage}>Percentage of traffic to the canary (1–99)</label>
          <input
            id={ids.percentage}
            inputMode="numeric"
            value={form.percentage}
            onChange={(e) => setForm({ ...form, percentage: e.target.value })}
          />
          <label htmlFor={ids.window}>Analysis window (seconds)</label>
          <input
            id={ids.window}
            inputMode="numeric"
            value={form.windowSeconds}
            onChange={(e) => setForm({ ...form, windowSeconds: e.target.value })}
          />
          <p className="cc-muted">
            During the window ClusterCord watches the canary pods' readiness, restarts and findings, then
            promotes it or rolls it back with the reason.
          </p>
          {problem && <ErrorNotice>{problem}</ErrorNotice>}
          {plan.error ? <ErrorNotice>{userMessage(plan.error)}</ErrorNotice> : null}
          <div className="cc-rollout-buttons">
            <Button type="submit" disabled={plan.isPending || !form.image.trim()}>
              {plan.isPending ? "Planning…" : "Preview"}
            </Button>
            <Button variant="secondary" onClick={onClose}>
              Cancel
            </Button>
          </div>
        </form>
      )}
    </Dialog>
  );
}

function CanaryPlanView({
  plan,
  image,
  percentage,
  pending,
  error,
  onConfirm,
  onBack,
  onCancel,
}: {
  plan: RolloutsCanaryPlan;
  image: string;
  percentage: number;
  pending: boolean;
  error: unknown;
  onConfirm: () => void;
  onBack: () => void;
  onCancel: () => void;
}) {
  return (
    <section className="cc-rollout-plan" aria-label="Canary plan" data-testid="canary-plan">
      <p>
        <strong>{plan.summary}</strong>
      </p>
      <dl className="cc-facts">
        <dt>Image</dt>
        <dd className="cc-mono">{image}</dd>
        <dt>Replicas</dt>
        <dd data-testid="canary-plan-replicas">
          {plan.stableReplicas} stable · {plan.canaryReplicas} canary
        </dd>
        <dt>Traffic</dt>
        <dd>
          {plan.traffic === "gateway-api"
            ? trafficText({ traffic: plan.traffic, httpRoute: plan.httpRoute, percentage })
            : `By replicas (${plan.canaryReplicas} of ${plan.canaryReplicas + plan.stableReplicas} pods)`}
        </dd>
      </dl>
      {plan.changes.length > 0 && (
        <ul className="cc-rollout-changes">
          {plan.changes.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ul>
      )}
      <p className="cc-muted">This plan expires at {shortTime(plan.expiresAt)} UTC.</p>
      {error ? <ErrorNotice>{userMessage(error)}</ErrorNotice> : null}
      <div className="cc-rollout-buttons">
        <Button variant="primary" disabled={pending} onClick={onConfirm}>
          {pending ? "Starting…" : "Start canary"}
        </Button>
        <Button variant="secondary" disabled={pending} onClick={onBack}>
          Back
        </Button>
        <Button variant="secondary" disabled={pending} onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </section>
  );
}
