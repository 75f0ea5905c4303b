"use client";
import type { CronJobSummary } from "@clustercord/contracts";
import { Badge, Button, EmptyState, ErrorNotice } from "@clustercord/ui";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { userMessage, useTRPC } from "~/lib/trpc";
import { formatInZone, ranBy } from "./format";
import { DeleteJobAction } from "./job-dialog";
import { RunTimeItem } from "./run-time";

/** The namespace's CronJobs (from jobs.list): when they run next, and for operators Trigger, Suspend/Resume, Delete. */
export function SchedulesList({
  clusterId,
  cronJobs,
  me,
  canOperate,
}: {
  clusterId: string;
  cronJobs: CronJobSummary[];
  me: string | null;
  canOperate: boolean;
}) {
  if (cronJobs.length === 0) return <EmptyState>No schedules in this namespace.</EmptyState>;
  return (
    <ul className="cc-jobs-schedules" aria-label="Schedules">
      {cronJobs.map((c) => (
        <ScheduleItem key={c.name} clusterId={clusterId} cronJob={c} me={me} canOperate={canOperate} />
      ))}
    </ul>
  );
}

function ScheduleItem({
  clusterId,
  cronJob,
  me,
  canOperate,
}: {
  clusterId: string;
  cronJob: CronJobSummary;
  me: string | null;
  canOperate: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [said, setSaid] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.jobs.list.pathKey() });
  const ref = { clusterId, namespace: cronJob.namespace, cronJob: cronJob.name };
  const after = {
    onSuccess: ({ message }: { message: string }) => {
      setSaid(message);
      void refresh();
    },
  };
  const trigger = useMutation(trpc.jobs.trigger.mutationOptions(after));
  const suspend = useMutation(trpc.jobs.suspend.mutationOptions(after));
  const resume = useMutation(trpc.jobs.resume.mutationOptions(after));
  const zone = cronJob.timeZone ?? "UTC";
  const error = trigger.error ?? suspend.error ?? resume.error;
  const busy = trigger.isPending || suspend.isPending || resume.isPending;
  return (
    <li className="cc-jobs-schedule" data-cronjob={cronJob.name} data-suspended={String(cronJob.suspended)}>
      <div className="cc-jobs-schedule-head">
        <strong className="cc-jobs-schedule-name">{cronJob.name}</strong>
        <code>{cronJob.schedule}</code>
        <span className="cc-muted">{zone}</span>
        {cronJob.suspended ? <Badge tone="warn">Suspended</Badge> : <Badge tone="good">Active</Badge>}
        {cronJob.active > 0 && <Badge tone="accent">{`${cronJob.active} running`}</Badge>}
      </div>
      <p className="cc-jobs-schedule-what">
        <code>{cronJob.command}</code> in {cronJob.image}
      </p>
      <p className="cc-muted cc-jobs-schedule-meta">
        {`Overlapping runs: ${cronJob.concurrencyPolicy} · last run ${
          cronJob.lastScheduleAt ? `${formatInZone(cronJob.lastScheduleAt, zone)} (${zone})` : "never"
        } · by ${ranBy(cronJob.createdBy, me)}`}
      </p>
      {cronJob.nextRuns.length > 0 ? (
        <ol className="cc-jobs-next" aria-label={`Next runs of ${cronJob.name}`}>
          {cronJob.nextRuns.map((run) => (
            <RunTimeItem key={run} iso={run} zone={zone} />
          ))}
        </ol>
      ) : (
        <p className="cc-muted">No next run while suspended.</p>
      )}
      {canOperate && (
        <div className="cc-jobs-schedule-actions">
          <Button
            variant="secondary"
            disabled={busy}
            aria-label={`Trigger now: ${cronJob.name}`}
            onClick={() => trigger.mutate(ref)}
          >
            Trigger now
          </Button>
          {cronJob.suspended ? (
            <Button
              variant="secondary"
              disabled={busy}
              aria-label={`Resume ${cronJob.name}`}
              onClick={() => resume.mutate(ref)}
            >
              Resume
            </Button>
          ) : (
            <Button
              variant="secondary"
              disabled={busy}
              aria-label={`Suspend ${cronJob.name}`}
              onClick={() => suspend.mutate(ref)}
            >
              Suspend
            </Button>
          )}
          <DeleteJobAction
            target={{ clusterId, namespace: cronJob.namespace, name: cronJob.name }}
            kind="CronJob"
            onDeleted={() => setSaid(null)}
          />
        </div>
      )}
      {error && <ErrorNotice>{userMessage(error)}</ErrorNotice>}
      {said && !error && (
        <p className="cc-success" role="status">
          {said}
        </p>
      )}
    </li>
  );
}
