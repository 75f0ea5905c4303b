"use client";
import type { SnapshotsGetOutput } from "@clustercord/contracts";
import { Badge, Button, Dialog, ErrorNotice } from "@clustercord/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { formatBytes } from "~/app/clusters/[clusterId]/overview";
import { TwoStepAction } from "~/app/clusters/two-step-action";
import { userMessage, useTRPC } from "~/lib/trpc";
import { DownloadAction } from "./download-action";
import {
  pollWhileRunning,
  progressText,
  scopeText,
  statusLabel,
  statusTone,
  takenBy,
  timeText,
} from "./format";

type Abilities = {
  canOperate: boolean;
  canAdmin: boolean;
  operateReason: string | null;
  adminReason: string | null;
};

/**
 * One snapshot: snapshots.get's facts (objects per kind and namespace, the
 * metrics summary) and what the person may do with it: download and compare
 * (operators), restore and delete (admins); the reason stands in for what
 * they may not.
 */
export function SnapshotDialog({
  id,
  me,
  abilities,
  onClose,
  onCompareLive,
  onRestore,
}: {
  id: string;
  me: string | null;
  abilities: Abilities;
  onClose: () => void;
  onCompareLive: (id: string) => void;
  onRestore: (id: string) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const got = useQuery({
    ...trpc.snapshots.get.queryOptions({ id }),
    refetchInterval: (q) => (q.state.data ? pollWhileRunning(q.state.data) : false),
  });
  const remove = useMutation(trpc.snapshots.delete.mutationOptions());
  const s = got.data?.snapshot;
  const ready = s?.status === "ready";
  return (
    <Dialog
      open
      onOpenChange={(open) => !open && onClose()}
      title={`Snapshot ${s ? timeText(s.createdAt) : ""}`.trim()}
      description={s?.description || undefined}
      wide
    >
      <div className="cc-snap-detail" data-snapshot={id}>
        {got.error && <ErrorNotice>{userMessage(got.error)}</ErrorNotice>}
        {!got.data && !got.error && <p className="cc-muted">Loading…</p>}
        {got.data && s && (
          <>
            <dl className="cc-facts">
              <dt>Status</dt>
              <dd>
                <Badge tone={statusTone[s.status]}>{statusLabel[s.status]}</Badge>
                {s.error ? ` ${s.error}` : ""}
              </dd>
              <dt>Objects</dt>
              <dd>{progressText(s)}</dd>
              <dt>Scope</dt>
              <dd>{scopeText(s)}</dd>
              <dt>Size</dt>
              <dd>{ready ? `${formatBytes(s.bytes)} (compressed, encrypted)` : "—"}</dd>
              <dt>Kubernetes</dt>
              <dd>{s.kubernetesVersion || "—"}</dd>
              <dt>Taken by</dt>
              <dd>{takenBy(s, me)}</dd>
              <dt>Started</dt>
              <dd>{timeText(s.createdAt)}</dd>
              <dt>Finished</dt>
              <dd>{timeText(s.finishedAt)}</dd>
            </dl>
            <Contents data={got.data} />
          </>
        )}
        {ready && (
          <section aria-label="Snapshot actions" className="cc-snap-actions">
            {abilities.canOperate ? (
              <>
                <DownloadAction id={id} />
                <Button variant="secondary" onClick={() => onCompareLive(id)}>
                  Compare with live
                </Button>
              </>
            ) : (
              <p className="cc-muted">{abilities.operateReason}</p>
            )}
            {abilities.canAdmin ? (
              <>
                <Button variant="secondary" onClick={() => onRestore(id)}>
                  Restore…
                </Button>
                <TwoStepAction
                  label="Delete snapshot…"
                  confirmLabel="Delete snapshot"
                  loadPlan={() =>
                    queryClient.fetchQuery({
                      ...trpc.snapshots.planDelete.queryOptions({ id }),
                      staleTime: 0,
                    })
                  }
                  execute={(confirmToken) => remove.mutateAsync({ id, confirmToken })}
                  onDone={async () => {
                    await queryClient.invalidateQueries({ queryKey: trpc.snapshots.list.pathKey() });
                    onClose();
                  }}
                />
              </>
            ) : (
              <p className="cc-muted">{abilities.adminReason}</p>
            )}
          </section>
        )}
      </div>
    </Dialog>
  );
}

/** What it holds: objects per kind and per namespace, and the metrics summary at the time. */
function Contents({ data }: { data: SnapshotsGetOutput }) {
  const cores = (n: number | null) => (n === null ? "not measured" : `${n.toFixed(2)} cores`);
  const memory = (n: number | null) => (n === null ? "not measured" : formatBytes(n));
  return (
    <div className="cc-snap-contents">
      {data.kinds.length > 0 && (
        <section aria-label="Objects per kind">
          <h3 className="cc-snap-subtitle">Kinds</h3>
          <ul className="cc-snap-counts">
            {data.kinds.map((k) => (
              <li key={`${k.apiVersion}/${k.kind}`}>
                <span className="cc-mono">{k.kind}</span> {k.count.toLocaleString("en-US")}
              </li>
            ))}
          </ul>
        </section>
      )}
      {data.namespaceCounts.length > 0 && (
        <section aria-label="Objects per namespace">
          <h3 className="cc-snap-subtitle">Namespaces</h3>
          <ul className="cc-snap-counts">
            {data.namespaceCounts.map((n) => (
              <li key={n.namespace}>
                <span className="cc-mono">{n.namespace || "(cluster-wide)"}</span>{" "}
                {n.count.toLocaleString("en-US")}
              </li>
            ))}
          </ul>
        </section>
      )}
      {data.metrics && (
        <p className="cc-muted">
          CPU requested {cores(data.metrics.cpu.requested)}, used {cores(data.metrics.cpu.used)}; memory
          requested {memory(data.metrics.memory.requested)}, used {memory(data.metrics.memory.used)}.
        </p>
      )}
    </div>
  );
}
