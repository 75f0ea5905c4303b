"use client";
import type { SnapshotSchedule } from "@clustercord/contracts";
import { Button, Card, EmptyState, ErrorNotice } from "@clustercord/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId } from "react";
import { userMessage, useTRPC } from "~/lib/trpc";
import {
  emptyScheduleForm,
  type ScheduleForm,
  scheduleInputFromForm,
  scheduleText,
  timeText,
} from "./format";
import { ScopeFields, ScopeFormOutcome, useScopeForm } from "./scope-fields";

/**
 * Snapshot schedules of this cluster (snapshots.schedules): daily or weekly,
 * keeping the last N. Admins add (snapshots.schedule) and remove
 * (snapshots.unschedule) them; everyone else sees them and why not.
 */
export function SchedulesCard({
  clusterId,
  namespaces,
  canAdmin,
  adminReason,
  canSnapshotCluster,
  me,
}: {
  clusterId: string;
  namespaces: readonly string[];
  canAdmin: boolean;
  adminReason: string | null;
  canSnapshotCluster: boolean;
  me: string | null;
}) {
  const trpc = useTRPC();
  const list = useQuery(trpc.snapshots.schedules.queryOptions({ clusterId }));
  return (
    <Card title="Schedules">
      {list.error && <ErrorNotice>{userMessage(list.error)}</ErrorNotice>}
      {list.data && list.data.schedules.length === 0 && <EmptyState>No snapshot schedules.</EmptyState>}
      {list.data && list.data.schedules.length > 0 && (
        <ul className="cc-snap-schedules" aria-label="Snapshot schedules">
          {list.data.schedules.map((s) => (
            <ScheduleItem key={s.id} schedule={s} canAdmin={canAdmin} me={me} />
          ))}
        </ul>
      )}
      {canAdmin ? (
        <NewScheduleForm
          clusterId={clusterId}
          namespaces={namespaces}
          canSnapshotCluster={canSnapshotCluster}
        />
      ) : (
        <p className="cc-muted">{adminReason}</p>
      )}
    </Card>
  );
}

function ScheduleItem({
  schedule: s,
  canAdmin,
  me,
}: {
  schedule: SnapshotSchedule;
  canAdmin: boolean;
  me: string | null;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const remove = useMutation(
    trpc.snapshots.unschedule.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.snapshots.schedules.pathKey() }),
    }),
  );
  const name = s.description || scheduleText(s);
  return (
    <li className="cc-snap-schedule" data-schedule={s.id} data-every={s.every}>
      <strong>{scheduleText(s)}</strong>
      {s.description && <span>{s.description}</span>}
      <span className="cc-muted">
        Next {timeText(s.nextRunAt)} · last {s.lastRunAt ? timeText(s.lastRunAt) : "never"} · by{" "}
        {s.createdBy === me ? "you" : s.createdBy}
      </span>
      {canAdmin && (
        <div>
          <Button
            variant="secondary"
            disabled={remove.isPending}
            aria-label={`Remove schedule ${name}`}
            onClick={() => remove.mutate({ id: s.id })}
          >
            Remove
          </Button>
        </div>
      )}
      {remove.error && <ErrorNotice>{userMessage(remove.error)}</ErrorNotice>}
    </li>
  );
}

function NewScheduleForm({
  clusterId,
  namespaces,
  canSnapshotCluster,
}: {
  clusterId: string;
  namespaces: readonly string[];
  canSnapshotCluster: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const id = useId();
  const schedule = useMutation(trpc.snapshots.schedule.mutationOptions());
  const { form, setForm, problem, done, submit } = useScopeForm({
    namespaces,
    empty: emptyScheduleForm,
    check: (f: ScheduleForm) => scheduleInputFromForm(clusterId, f, namespaces),
    mutation: schedule,
    onDone: () => void queryClient.invalidateQueries({ queryKey: trpc.snapshots.schedules.pathKey() }),
  });
  return (
    <form
      className="cc-form cc-snap-form cc-snap-schedule-form"
      onSubmit={submit}
      aria-label="New snapshot schedule"
    >
      <h3 className="cc-snap-subtitle">New schedule</h3>
      <div className="cc-snap-row">
        <label htmlFor={`${id}-every`}>
          Every
          <select
            id={`${id}-every`}
            value={form.every}
            onChange={(e) => setForm({ ...form, every: e.target.value as ScheduleForm["every"] })}
          >
            <option value="daily">Day</option>
            <option value="weekly">Week</option>
          </select>
        </label>
        <label htmlFor={`${id}-keep`}>
          Keep (snapshots)
          <input
            id={`${id}-keep`}
            value={form.keep}
            inputMode="numeric"
            autoComplete="off"
            onChange={(e) => setForm({ ...form, keep: e.target.value })}
          />
        </label>
      </div>
      <ScopeFields
        form={form}
        setForm={setForm}
        namespaces={namespaces}
        canSnapshotCluster={canSnapshotCluster}
      />
      <ScopeFormOutcome problem={problem} error={schedule.error} done={done} />
      <div>
        <Button type="submit" disabled={schedule.isPending}>
          {schedule.isPending ? "Scheduling…" : "Create schedule"}
        </Button>
      </div>
    </form>
  );
}
