"use client";
import type { RolloutsActionOutput, RolloutsStatusOutput } from "@clustercord/contracts";
import { Button, ErrorNotice } from "@clustercord/ui";
import { useMutation } from "@tanstack/react-query";
import { useId, useState } from "react";
import { userMessage, useTRPC } from "~/lib/trpc";
import { CanaryDialog } from "./canary-dialog";
import { parseReplicas } from "./format";
import type { RolloutPanelTarget } from "./rollout-panel";
import { UndoDialog } from "./undo-dialog";

/**
 * The actions of operators and admins (the panel shows none to viewers; the
 * API refuses them too): pause/resume and canary for Deployments, restart,
 * scale (not DaemonSets), and undo through its plan.
 */
export function RolloutActions({
  target,
  status,
  onResult,
  onMessage,
}: {
  target: RolloutPanelTarget;
  status: RolloutsStatusOutput;
  onResult: (out: RolloutsActionOutput) => void;
  onMessage: (message: string) => void;
}) {
  const trpc = useTRPC();
  const replicasId = useId();
  const [replicas, setReplicas] = useState(String(status.replicas.desired));
  const [replicasProblem, setReplicasProblem] = useState<string | null>(null);
  const [dialog, setDialog] = useState<"undo" | "canary" | null>(null);
  const options = { onSuccess: onResult };
  const pause = useMutation(trpc.rollouts.pause.mutationOptions(options));
  const resume = useMutation(trpc.rollouts.resume.mutationOptions(options));
  const restart = useMutation(trpc.rollouts.restart.mutationOptions(options));
  const scale = useMutation(trpc.rollouts.scale.mutationOptions(options));
  const busy = pause.isPending || resume.isPending || restart.isPending || scale.isPending;
  const error = pause.error ?? resume.error ?? restart.error ?? scale.error;
  const isDeployment = status.kind === "Deployment";

  const submitScale = () => {
    const parsed = parseReplicas(replicas);
    if (!parsed.ok) {
      setReplicasProblem(parsed.message);
      return;
    }
    setReplicasProblem(null);
    scale.mutate({ ...target, replicas: parsed.value });
  };

  return (
    <div className="cc-rollout-actions" data-testid="rollout-actions">
      {isDeployment &&
        (status.paused ? (
          <Button variant="secondary" disabled={busy} onClick={() => resume.mutate(target)}>
            Resume
          </Button>
        ) : (
          <Button variant="secondary" disabled={busy} onClick={() => pause.mutate(target)}>
            Pause
          </Button>
        ))}
      <Button variant="secondary" disabled={busy} onClick={() => restart.mutate(target)}>
        Restart
      </Button>
      {status.kind !== "DaemonSet" && (
        <form
          className="cc-rollout-scale"
          onSubmit={(e) => {
            e.preventDefault();
            submitScale();
          }}
        >
          <label htmlFor={replicasId}>Replicas</label>
          <input
            id={replicasId}
            type="number"
            inputMode="numeric"
            min={0}
            max={1000}
            value={replicas}
            aria-invalid={replicasProblem ? true : undefined}
            aria-describedby={replicasProblem ? `${replicasId}-problem` : undefined}
            onChange={(e) => setReplicas(e.target.value)}
          />
          <Button type="submit" variant="secondary" disabled={busy}>
            Scale
          </Button>
        </form>
      )}
      <Button variant="secondary" disabled={busy} onClick={() => setDialog("undo")}>
        Undo…
      </Button>
      {isDeployment && (
        <Button variant="secondary" disabled={busy} onClick={() => setDialog("canary")}>
          Canary…
        </Button>
      )}
      {replicasProblem && (
        <p id={`${replicasId}-problem`} className="cc-field-error cc-rollout-full">
          {replicasProblem}
        </p>
      )}
      {error ? (
        <div className="cc-rollout-full">
          <ErrorNotice>{userMessage(error)}</ErrorNotice>
        </div>
      ) : null}
      {dialog === "undo" && (
        <UndoDialog
          target={target}
          onClose={() => setDialog(null)}
          onDone={(out) => {
            setDialog(null);
            onResult(out);
          }}
        />
      )}
      {dialog === "canary" && (
        <CanaryDialog
          target={{ clusterId: target.clusterId, namespace: target.namespace, deployment: target.name }}
          currentImage={status.images[0] ?? ""}
          onClose={() => setDialog(null)}
          onStarted={(out) => {
            setDialog(null);
            onMessage(out.message);
          }}
        />
      )}
    </div>
  );
}
