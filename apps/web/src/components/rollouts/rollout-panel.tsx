"use client";
import type { RolloutKind, RolloutsActionOutput, RolloutsStatusOutput } from "@clustercord/contracts";
import { Badge, EmptyState, ErrorNotice } from "@clustercord/ui";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type KeyboardEvent, useId, useRef, useState } from "react";
import { refreshEvery } from "~/app/clusters/[clusterId]/resources/refresh";
import { useGuildRole } from "~/components/manifests/use-role";
import { userMessage, useTRPC } from "~/lib/trpc";
import { CanarySection } from "./canary-section";
import { liveKindsFor, phaseTone } from "./format";
import { HistoryTable } from "./history-table";
import { RolloutActions } from "./rollout-actions";
import { RolloutStatusView } from "./rollout-status";
import { useLiveRollout } from "./use-live-rollout";
import "./rollouts.css";

/** Only when the live subscription is off (refused or disconnected) does the panel ask on its own. */
const FALLBACK_MS = 5_000;

const TABS = [
  ["status", "Status"],
  ["history", "History"],
] as const;
type Tab = (typeof TABS)[number][0];

export type RolloutPanelTarget = { clusterId: string; namespace: string; kind: RolloutKind; name: string };

/**
 * The live rollout of a Deployment, StatefulSet or DaemonSet: rollouts.status
 * (the same answer and sentence the Discord reply shows), asked again on each
 * `resources:changed` notice for the kinds that move it; the actions for
 * operators and admins; the history; and a Deployment's canary.
 */
export function RolloutPanel({ target }: { target: RolloutPanelTarget }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { canOperate } = useGuildRole();
  const headingId = useId();
  const { clusterId, namespace, kind, name } = target;
  const canaryRef = { clusterId, namespace, deployment: name };
  const statusKey = trpc.rollouts.status.queryKey(target);

  const live = useLiveRollout({ clusterId, namespace, kinds: liveKindsFor(kind) }, () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: statusKey }, { cancelRefetch: false }),
      queryClient.invalidateQueries(
        { queryKey: trpc.rollouts.history.queryKey(target) },
        { cancelRefetch: false },
      ),
      kind === "Deployment"
        ? queryClient.invalidateQueries(
            { queryKey: trpc.rollouts.canaryStatus.queryKey(canaryRef) },
            { cancelRefetch: false },
          )
        : null,
    ]),
  );
  const status = useQuery({
    ...trpc.rollouts.status.queryOptions(target),
    refetchInterval: (query) => (live === "off" ? refreshEvery(FALLBACK_MS)(query) : false),
  });
  const [tab, setTab] = useState<Tab>("status");
  const [notice, setNotice] = useState<string | null>(null);

  /** An action's answer: its sentence, and the status it left (no need to wait for the next notice). */
  const onResult = (out: RolloutsActionOutput) => {
    setNotice(out.message);
    queryClient.setQueryData<RolloutsStatusOutput>(statusKey, out.status);
    void queryClient.invalidateQueries({ queryKey: trpc.rollouts.history.queryKey(target) });
  };
  const data = status.data;

  return (
    <section
      className="cc-card cc-rollout"
      aria-labelledby={headingId}
      data-testid="rollout-panel"
      data-phase={data?.phase ?? ""}
      data-revision={data?.revision ?? ""}
      data-live={live}
    >
      <div className="cc-rollout-head">
        <h2 id={headingId}>Rollout</h2>
        {data && (
          <>
            <Badge tone={phaseTone(data.phase)}>{data.phase}</Badge>
            <span className="cc-muted" data-testid="rollout-revision">
              Revision {data.revision}
            </span>
          </>
        )}
        <span className={`cc-rollout-live cc-rollout-live-${live}`}>
          {live === "live" ? "Live" : live === "connecting" ? "Connecting…" : "Refreshing every 5 s"}
        </span>
      </div>
      {data && (
        <p className="cc-rollout-message" role="status" data-testid="rollout-message">
          {data.message}
        </p>
      )}
      {status.error && <ErrorNotice>{userMessage(status.error)}</ErrorNotice>}
      {!data && !status.error && <EmptyState>Loading the rollout…</EmptyState>}
      {notice && (
        <p className="cc-rollout-notice" role="status" data-testid="rollout-notice">
          {notice}
        </p>
      )}
      {data && canOperate && (
        <RolloutActions target={target} status={data} onResult={onResult} onMessage={setNotice} />
      )}
      {/* Above the tabs: a running canary is what the person watches. */}
      {kind === "Deployment" && (
        <CanarySection canaryRef={canaryRef} canOperate={canOperate} onMessage={setNotice} />
      )}
      {data && (
        <>
          <PanelTabs tab={tab} onChange={setTab} />
          <div id={`${headingId}-panel`} role="tabpanel" aria-label={tab === "status" ? "Status" : "History"}>
            {tab === "status" ? <RolloutStatusView status={data} /> : <HistoryTable target={target} />}
          </div>
        </>
      )}
    </section>
  );
}

function PanelTabs({ tab, onChange }: { tab: Tab; onChange: (tab: Tab) => void }) {
  const refs = useRef<Record<string, HTMLButtonElement | null>>({});
  // Arrow keys move between tabs, as in WAI-ARIA's tabs pattern.
  const onKeyDown = (e: KeyboardEvent) => {
    const step = e.key === "ArrowRight" ? 1 : e.key === "ArrowLeft" ? -1 : 0;
    if (!step) return;
    e.preventDefault();
    const i = TABS.findIndex(([t]) => t === tab);
    const next = TABS[(i + step + TABS.length) % TABS.length]?.[0] ?? "status";
    onChange(next);
    refs.current[next]?.focus();
  };
  return (
    <div className="cc-tabs" role="tablist" aria-label="Rollout" onKeyDown={onKeyDown}>
      {TABS.map(([t, label]) => (
        <button
          key={t}
          ref={(el) => {
            refs.current[t] = el;
          }}
          type="button"
          role="tab"
          className="cc-tab"
          aria-selected={tab === t}
          tabIndex={tab === t ? 0 : -1}
          onClick={() => onChange(t)}
        >
          {label}
        </button>
      ))}
    </div>
  );
}
