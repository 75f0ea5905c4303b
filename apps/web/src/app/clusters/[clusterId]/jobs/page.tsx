"use client";
import { Card, ErrorNotice } from "@clustercord/ui";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useParams, useSearchParams } from "next/navigation";
import { Suspense, useCallback, useEffect, useRef, useState } from "react";
import { AppShell } from "~/components/app-shell";
import { JobDialog } from "~/components/jobs/job-dialog";
import { JobsTable } from "~/components/jobs/jobs-table";
import { RunJobCard } from "~/components/jobs/run-form";
import { ScheduleFormCard } from "~/components/jobs/schedule-form";
import { SchedulesList } from "~/components/jobs/schedules-list";
import { useGuildRole } from "~/components/manifests/use-role";
import { NamespaceSelect } from "~/components/namespace-select";
import { userMessage, useTRPC } from "~/lib/trpc";
import { refreshEvery } from "../resources/refresh";
import { useLiveJobs } from "./use-live-jobs";
import "~/components/jobs/jobs.css";

/** Without the live notices (refused, or disconnected) the list is asked again this often. */
const POLL_MS = 3_000;

/**
 * A cluster's job runner: run a one-off job, follow the namespace's jobs live
 * (status, exit code, duration, logs), and its schedules (CronJobs). The same
 * procedures as `/job` in Discord.
 */
export default function JobsPage() {
  return (
    <Suspense>
      <Jobs />
    </Suspense>
  );
}

/** Asks the jobs procedures again, one round at a time; a notice during a round asks once more after it. */
function useRefetchJobs() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const round = useRef<{ again: boolean } | null>(null);
  return useCallback(() => {
    if (round.current) {
      round.current.again = true;
      return;
    }
    const run = { again: false };
    round.current = run;
    void (async () => {
      do {
        run.again = false;
        await Promise.all(
          [trpc.jobs.list, trpc.jobs.get, trpc.jobs.logs].map((p) =>
            queryClient
              .invalidateQueries({ queryKey: p.pathKey() }, { cancelRefetch: false })
              .catch(() => undefined),
          ),
        );
      } while (run.again);
      round.current = null;
    })();
  }, [trpc, queryClient]);
}

function Jobs() {
  const { clusterId } = useParams<{ clusterId: string }>();
  const searchParams = useSearchParams();
  const trpc = useTRPC();
  const { canOperate } = useGuildRole();
  const me = useQuery(trpc.me.get.queryOptions());
  const myId = me.data?.user.id ?? null;
  const clusters = useQuery(trpc.clusters.list.queryOptions());
  const cluster = clusters.data?.clusters.find((c) => c.id === clusterId);
  const namespaces = useQuery(trpc.namespaces.list.queryOptions({ clusterId }));
  const mine = namespaces.data?.namespaces ?? [];
  const [picked, setPicked] = useState(() => searchParams.get("namespace") ?? "");
  const [openJob, setOpenJob] = useState<string | null>(() => searchParams.get("job"));
  const namespace = picked || mine[0] || "";

  // The address holds the namespace and the open job, so a link shows the same.
  useEffect(() => {
    const url = new URL(window.location.href);
    for (const [key, value] of [
      ["namespace", picked],
      ["job", openJob ?? ""],
    ] as const) {
      if (value) url.searchParams.set(key, value);
      else url.searchParams.delete(key);
    }
    if (url.href !== window.location.href) window.history.replaceState(window.history.state, "", url);
  }, [picked, openJob]);

  const refetch = useRefetchJobs();
  const live = useLiveJobs({ clusterId, namespace }, refetch);
  const list = useQuery({
    ...trpc.jobs.list.queryOptions({ clusterId, namespace }),
    enabled: namespace !== "",
    placeholderData: (previous) => previous,
    refetchInterval: live === "live" ? false : refreshEvery(POLL_MS),
  });
  const showNamespace = (ns: string) => {
    if (ns !== namespace) setPicked(ns);
  };
  const closeJob = useCallback(() => setOpenJob(null), []);
  const nsOptions = namespace && !mine.includes(namespace) ? [namespace, ...mine] : mine;

  return (
    <AppShell>
      <h1 className="cc-page-title">Jobs{cluster ? ` on ${cluster.name}` : ""}</h1>
      {clusters.data && !cluster && (
        <ErrorNotice>This cluster is not one of yours (or it was removed).</ErrorNotice>
      )}
      {namespaces.error && <ErrorNotice>{userMessage(namespaces.error)}</ErrorNotice>}
      <div className="cc-jobs-controls">
        <NamespaceSelect
          namespaces={nsOptions}
          value={namespace}
          onChange={(ns) => {
            setPicked(ns);
            setOpenJob(null);
          }}
        />
        <span className="cc-muted" data-testid="jobs-live" data-state={live}>
          {live === "live"
            ? "Live"
            : live === "connecting"
              ? "Connecting…"
              : `Refreshing every ${POLL_MS / 1000} s`}
        </span>
      </div>
      <Card title="Jobs">
        {list.error && <ErrorNotice>{userMessage(list.error)}</ErrorNotice>}
        {namespaces.data && mine.length === 0 && (
          <p className="cc-muted">You have no namespace on this cluster.</p>
        )}
        {list.isPending && namespace !== "" && !list.error && <p className="cc-muted">Loading…</p>}
        {list.data && <JobsTable jobs={list.data.jobs} me={myId} onOpen={setOpenJob} />}
      </Card>
      <div className="cc-jobs-layout">
        {canOperate ? (
          <RunJobCard clusterId={clusterId} namespace={namespace} namespaces={mine} onRan={showNamespace} />
        ) : (
          <Card title="Run a job">
            <p className="cc-muted">Viewers follow jobs and their logs; operators and admins run them.</p>
          </Card>
        )}
        <Card title="Schedules">
          {list.data && (
            <SchedulesList
              clusterId={clusterId}
              cronJobs={list.data.cronJobs}
              me={myId}
              canOperate={canOperate}
            />
          )}
        </Card>
      </div>
      {canOperate && (
        <ScheduleFormCard
          clusterId={clusterId}
          namespace={namespace}
          namespaces={mine}
          onScheduled={showNamespace}
        />
      )}
      {openJob && namespace && (
        <JobDialog
          key={`${namespace}/${openJob}`}
          target={{ clusterId, namespace, job: openJob }}
          me={myId}
          canOperate={canOperate}
          onClose={closeJob}
        />
      )}
    </AppShell>
  );
}
