"use client";
import type { RolloutsCanaryOutput } from "@clustercord/contracts";
import { Badge, Button, EmptyState, ErrorNotice } from "@clustercord/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { refreshEvery } from "~/app/clusters/[clusterId]/resources/refresh";
import { useGuildRole } from "~/components/manifests/use-role";
import { userMessage, useTRPC } from "~/lib/trpc";
import { ARGO_LIVE_KINDS, argoPhaseTone, argoStepText, imagesText } from "./format";
import { useLiveRollout } from "./use-live-rollout";
import "./rollouts.css";

/** Only when the live subscription is off does the panel ask on its own. */
const FALLBACK_MS = 5_000;

/**
 * An Argo Rollouts `Rollout`: its controller runs the canary; ClusterCord
 * shows where it stands (rollouts.canaryStatus's `argoRollout`) and promotes
 * or aborts it (rollouts.promote / rollouts.abort) as `kubectl argo rollouts`
 * does, for operators and admins. Live like the workload panel.
 */
export function ArgoRolloutPanel({
  clusterId,
  namespace,
  name,
}: {
  clusterId: string;
  namespace: string;
  name: string;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { canOperate } = useGuildRole();
  const headingId = useId();
  const ref = { clusterId, namespace, deployment: name };
  const key = trpc.rollouts.canaryStatus.queryKey(ref);
  const live = useLiveRollout({ clusterId, namespace, kinds: ARGO_LIVE_KINDS }, () =>
    queryClient.invalidateQueries({ queryKey: key }, { cancelRefetch: false }),
  );
  const status = useQuery({
    ...trpc.rollouts.canaryStatus.queryOptions(ref),
    refetchInterval: (query) => (live === "off" ? refreshEvery(FALLBACK_MS)(query) : false),
  });
  const [notice, setNotice] = useState<string | null>(null);
  const onDone = (out: RolloutsCanaryOutput) => {
    setNotice(out.message);
    void queryClient.invalidateQueries({ queryKey: key });
  };
  const promote = useMutation(trpc.rollouts.promote.mutationOptions({ onSuccess: onDone }));
  const abort = useMutation(trpc.rollouts.abort.mutationOptions({ onSuccess: onDone }));
  const argo = status.data?.argoRollout ?? null;
  const busy = promote.isPending || abort.isPending;
  const error = promote.error ?? abort.error;

  return (
    <section
      className="cc-card cc-rollout"
      aria-labelledby={headingId}
      data-testid="argo-rollout-panel"
      data-phase={argo?.phase ?? ""}
      data-live={live}
    >
      <div className="cc-rollout-head">
        <h2 id={headingId}>Argo Rollout</h2>
        {argo && (
          <>
            <Badge tone={argoPhaseTone(argo.phase)}>{argo.phase || "no phase yet"}</Badge>
            {argo.paused && <Badge tone="warn">paused</Badge>}
            {argo.aborted && <Badge tone="bad">aborted</Badge>}
          </>
        )}
        <span className={`cc-rollout-live cc-rollout-live-${live}`}>
          {live === "live" ? "Live" : live === "connecting" ? "Connecting…" : "Refreshing every 5 s"}
        </span>
      </div>
      {status.error && <ErrorNotice>{userMessage(status.error)}</ErrorNotice>}
      {!status.data && !status.error && <EmptyState>Loading the Rollout…</EmptyState>}
      {status.data && !argo && <EmptyState>No Argo Rollout named {name} that you may read here.</EmptyState>}
      {notice && (
        <p className="cc-rollout-notice" role="status" data-testid="rollout-notice">
          {notice}
        </p>
      )}
      {argo && (
        <dl className="cc-facts">
          {argo.message && (
            <>
              <dt>Message</dt>
              <dd data-testid="argo-message">{argo.message}</dd>
            </>
          )}
          <dt>Steps</dt>
          <dd data-testid="argo-steps">{argoStepText(argo)}</dd>
          <dt>Canary weight</dt>
          <dd data-testid="argo-weight">{argo.canaryWeight === null ? "—" : `${argo.canaryWeight}%`}</dd>
          <dt>Images</dt>
          <dd className="cc-mono">{imagesText(argo.images)}</dd>
        </dl>
      )}
      {error ? <ErrorNotice>{userMessage(error)}</ErrorNotice> : null}
      {argo && canOperate && !argo.aborted && (
        <div className="cc-rollout-buttons">
          <Button disabled={busy} onClick={() => promote.mutate(ref)}>
            {promote.isPending ? "Promoting…" : "Promote"}
          </Button>
          <Button variant="secondary" disabled={busy} onClick={() => abort.mutate(ref)}>
            {abort.isPending ? "Aborting…" : "Abort"}
          </Button>
        </div>
      )}
    </section>
  );
}
