"use client";
import type { CanaryStatus, RolloutsCanaryOutput, RolloutsCanaryRef } from "@clustercord/contracts";
import { Badge, Button, ErrorNotice } from "@clustercord/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { userMessage, useTRPC } from "~/lib/trpc";
import {
  canaryEnded,
  canaryPhaseTone,
  checkText,
  clockTime,
  secondsLeft,
  shortTime,
  trafficText,
} from "./format";

/**
 * The analysis checks are ClusterCord's own records (no Kubernetes object
 * changes when a check passes), so no `resources:changed` notice announces
 * them: while a canary runs, its status is asked again at this pace. Pod and
 * Deployment changes still refresh it at once through the panel's subscription.
 */
const RUNNING_CANARY_MS = 3_000;

/**
 * A Deployment's latest canary (rollouts.canaryStatus): phase, replicas,
 * traffic, the analysis checks as a timeline and, once it ended, how and
 * why; Promote and Abort for operators while it runs.
 */
export function CanarySection({
  canaryRef,
  canOperate,
  onMessage,
}: {
  canaryRef: RolloutsCanaryRef;
  canOperate: boolean;
  onMessage: (message: string) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const key = trpc.rollouts.canaryStatus.queryKey(canaryRef);
  const status = useQuery({
    ...trpc.rollouts.canaryStatus.queryOptions(canaryRef),
    refetchInterval: (query) => {
      const c = query.state.data?.canary;
      return c && !canaryEnded(c.phase) ? RUNNING_CANARY_MS : false;
    },
  });
  const onDone = (out: RolloutsCanaryOutput) => {
    queryClient.setQueryData(key, { canary: out.canary });
    onMessage(out.message);
  };
  const promote = useMutation(trpc.rollouts.promote.mutationOptions({ onSuccess: onDone }));
  const abort = useMutation(trpc.rollouts.abort.mutationOptions({ onSuccess: onDone }));
  const canary = status.data?.canary;
  if (status.error) return <ErrorNotice>{userMessage(status.error)}</ErrorNotice>;
  if (!canary) return null;
  const running = !canaryEnded(canary.phase);
  const busy = promote.isPending || abort.isPending;
  const error = promote.error ?? abort.error;

  return (
    <section
      className="cc-rollout-canary"
      aria-label="Canary"
      data-testid="canary-section"
      data-phase={canary.phase}
    >
      <div className="cc-rollout-head">
        <h3>Canary</h3>
        <Badge tone={canaryPhaseTone(canary.phase)}>{canary.phase}</Badge>
        {running && <WindowLeft endsAt={canary.analysisEndsAt} />}
      </div>
      <dl className="cc-facts">
        <dt>Image</dt>
        <dd className="cc-mono">
          {canary.image} <span className="cc-muted">(stable {canary.stableImage})</span>
        </dd>
        <dt>Replicas</dt>
        <dd data-testid="canary-replicas">
          {canary.stableReplicas} stable · {canary.canaryReplicas} canary ({canary.canaryDeployment})
        </dd>
        <dt>Traffic</dt>
        <dd>{trafficText(canary)}</dd>
        <dt>Started</dt>
        <dd>
          {shortTime(canary.startedAt)} UTC by {canary.startedBy}
        </dd>
        {canary.endedAt && (
          <>
            <dt>Ended</dt>
            <dd>{shortTime(canary.endedAt)} UTC</dd>
          </>
        )}
        {canary.reason && (
          <>
            <dt>Reason</dt>
            <dd data-testid="canary-reason">{canary.reason}</dd>
          </>
        )}
      </dl>
      <CheckTimeline checks={canary.checks} />
      {error ? <ErrorNotice>{userMessage(error)}</ErrorNotice> : null}
      {canOperate && running && (
        <div className="cc-rollout-buttons">
          <Button disabled={busy} onClick={() => promote.mutate(canaryRef)}>
            {promote.isPending ? "Promoting…" : "Promote"}
          </Button>
          <Button variant="secondary" disabled={busy} onClick={() => abort.mutate(canaryRef)}>
            {abort.isPending ? "Aborting…" : "Abort"}
          </Button>
        </div>
      )}
    </section>
  );
}

function WindowLeft({ endsAt }: { endsAt: string }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, []);
  const left = secondsLeft(endsAt, now);
  if (left === null) return null;
  return <span className="cc-muted">{left > 0 ? `analysis ends in ${left} s` : "analysis window over"}</span>;
}

function CheckTimeline({ checks }: { checks: CanaryStatus["checks"] }) {
  if (!checks.length) return <p className="cc-muted">No checks yet.</p>;
  // Newest first, as the events are.
  const ordered = [...checks].reverse();
  return (
    <ol className="cc-rollout-checks" aria-label="Analysis checks" data-testid="canary-checks">
      {ordered.map((c) => (
        <li key={c.at} data-healthy={c.healthy ? "true" : "false"}>
          <Badge tone={c.healthy ? "good" : "bad"}>{c.healthy ? "healthy" : "unhealthy"}</Badge>
          <time dateTime={c.at}>{clockTime(c.at)}</time>
          <span>{checkText(c)}</span>
        </li>
      ))}
    </ol>
  );
}
