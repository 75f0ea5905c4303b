"use client";
import { Card, ErrorNotice } from "@clustercord/ui";
import { useQuery } from "@tanstack/react-query";
import { useParams } from "next/navigation";
import { useCallback, useState } from "react";
import { AppShell } from "~/components/app-shell";
import { useGuildRole } from "~/components/manifests/use-role";
import { CreateSnapshotCard } from "~/components/snapshots/create-card";
import { type Comparison, DiffCard } from "~/components/snapshots/diff-card";
import { isRunning, newestFirst, snapshotAbilities } from "~/components/snapshots/format";
import { RestoreDialog } from "~/components/snapshots/restore-dialog";
import { SchedulesCard } from "~/components/snapshots/schedules-card";
import { SnapshotDialog } from "~/components/snapshots/snapshot-dialog";
import { SnapshotsTable } from "~/components/snapshots/snapshots-table";
import { userMessage, useTRPC } from "~/lib/trpc";
import "~/components/snapshots/snapshots.css";

/** The list is asked again this often; running snapshots follow their own progress every 2 s. */
const LIST_POLL_MS = 15_000;

/**
 * A cluster's snapshots: take one (as the person, in the background), follow
 * it, download it, compare two (or one with the live cluster) down to the
 * field, restore after a dry-run preview, delete, and schedule them. The same
 * procedures as `/cluster snapshot` in Discord.
 */
export default function SnapshotsPage() {
  const { clusterId } = useParams<{ clusterId: string }>();
  const trpc = useTRPC();
  const { role } = useGuildRole();
  const me = useQuery(trpc.me.get.queryOptions());
  const myId = me.data?.user.id ?? null;
  const clusters = useQuery(trpc.clusters.list.queryOptions());
  const cluster = clusters.data?.clusters.find((c) => c.id === clusterId);
  const abilities = snapshotAbilities(role, cluster);
  const namespaces = useQuery(trpc.namespaces.list.queryOptions({ clusterId }));
  const mine = namespaces.data?.namespaces ?? [];
  const list = useQuery({
    ...trpc.snapshots.list.queryOptions({ clusterId }),
    refetchInterval: (q) => (q.state.data?.snapshots.some(isRunning) ? 5_000 : LIST_POLL_MS),
  });
  const snapshots = list.data?.snapshots ?? [];
  const ready = newestFirst(snapshots.filter((s) => s.status === "ready"));
  const [open, setOpen] = useState<string | null>(null);
  const [restoring, setRestoring] = useState<string | null>(null);
  const [comparison, setComparison] = useState<Comparison | null>(null);
  const closeOpen = useCallback(() => setOpen(null), []);

  return (
    <AppShell>
      <h1 className="cc-page-title">Snapshots{cluster ? ` of ${cluster.name}` : ""}</h1>
      {clusters.data && !cluster && (
        <ErrorNotice>This cluster is not one of yours (or it was removed).</ErrorNotice>
      )}
      {namespaces.error && <ErrorNotice>{userMessage(namespaces.error)}</ErrorNotice>}
      <Card title="Snapshots">
        {list.error && <ErrorNotice>{userMessage(list.error)}</ErrorNotice>}
        {list.isPending && !list.error && <p className="cc-muted">Loading…</p>}
        {list.data && <SnapshotsTable snapshots={snapshots} me={myId} onOpen={setOpen} />}
      </Card>
      {/* The controls wait for the person's role, so nobody sees a refusal that is not theirs. */}
      {role !== null && (
        <div className="cc-snap-layout">
          {abilities.canOperate ? (
            <CreateSnapshotCard
              clusterId={clusterId}
              namespaces={mine}
              canSnapshotCluster={abilities.canSnapshotCluster}
            />
          ) : (
            <Card title="Take a snapshot">
              <p className="cc-muted">{abilities.operateReason}</p>
            </Card>
          )}
          <SchedulesCard
            clusterId={clusterId}
            namespaces={mine}
            canAdmin={abilities.canAdmin}
            adminReason={abilities.adminReason}
            canSnapshotCluster={abilities.canSnapshotCluster}
            me={myId}
          />
        </div>
      )}
      {role !== null &&
        (abilities.canOperate ? (
          <DiffCard snapshots={ready} comparison={comparison} onCompare={setComparison} />
        ) : (
          <Card title="Compare">
            <p className="cc-muted">{abilities.operateReason}</p>
          </Card>
        ))}
      {open && (
        <SnapshotDialog
          key={open}
          id={open}
          me={myId}
          abilities={abilities}
          onClose={closeOpen}
          onCompareLive={(id) => {
            setOpen(null);
            setComparison({ from: id, to: "live", round: Date.now() });
          }}
          onRestore={(id) => {
            setOpen(null);
            setRestoring(id);
          }}
        />
      )}
      {restoring && <RestoreDialog key={restoring} id={restoring} onClose={() => setRestoring(null)} />}
    </AppShell>
  );
}
