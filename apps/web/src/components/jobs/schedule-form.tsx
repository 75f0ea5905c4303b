"use client";
import { Button, Card, ErrorNotice } from "@clustercord/ui";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useId, useState } from "react";
import { userMessage, useTRPC } from "~/lib/trpc";
import { emptyScheduleForm, previewInput, type ScheduleForm, scheduleInputFromForm } from "./format";
import { RunTimeItem } from "./run-time";
import { SpecFields } from "./spec-fields";

/** The preview waits for typing to pause this long before asking. */
const PREVIEW_DEBOUNCE_MS = 350;

function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

const policies: { value: ScheduleForm["concurrencyPolicy"]; label: string }[] = [
  { value: "Forbid", label: "Forbid: skip a run while the last one runs" },
  { value: "Replace", label: "Replace: stop the last run, start the new one" },
  { value: "Allow", label: "Allow: runs may overlap" },
];

/**
 * The next runs of a cron expression as the API reads it (jobs.previewSchedule),
 * in the zone it will run in: the person's own unless another is typed.
 */
function SchedulePreview({ cron, timeZone }: { cron: string; timeZone: string }) {
  const trpc = useTRPC();
  const input = previewInput(
    useDebounced(cron, PREVIEW_DEBOUNCE_MS),
    useDebounced(timeZone, PREVIEW_DEBOUNCE_MS),
  );
  const preview = useQuery({
    ...trpc.jobs.previewSchedule.queryOptions(input ?? { cron: "-" }),
    enabled: input !== null,
    placeholderData: keepPreviousData,
    retry: false,
  });
  if (!input) return null;
  return (
    <section className="cc-jobs-preview" aria-label="Schedule preview" aria-live="polite">
      {preview.error && !preview.isFetching && <ErrorNotice>{userMessage(preview.error)}</ErrorNotice>}
      {preview.data && !preview.error && (
        <>
          <p className="cc-jobs-preview-what">
            {preview.data.description} ({preview.data.timeZone})
          </p>
          <ol className="cc-jobs-next" aria-label="Next runs">
            {preview.data.nextRuns.map((run) => (
              <RunTimeItem key={run} iso={run} zone={preview.data.timeZone} />
            ))}
          </ol>
        </>
      )}
    </section>
  );
}

/** A new schedule (jobs.schedule): a CronJob as the person, with the preview beside the cron field. */
export function ScheduleFormCard({
  clusterId,
  namespace,
  namespaces,
  onScheduled,
}: {
  clusterId: string;
  namespace: string;
  namespaces: readonly string[];
  onScheduled: (namespace: string) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const id = useId();
  const [form, setForm] = useState<ScheduleForm>({ ...emptyScheduleForm, namespace });
  // The browser's zone list, filled in after hydration (the server's ICU may list others).
  const [zones, setZones] = useState<string[]>([]);
  useEffect(() => setZones(Intl.supportedValuesOf("timeZone")), []);
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  useEffect(() => {
    setForm((f) => (f.namespace ? f : { ...f, namespace }));
  }, [namespace]);
  const schedule = useMutation(
    trpc.jobs.schedule.mutationOptions({
      onSuccess: ({ message, cronJob }) => {
        setDone(message);
        setForm((f) => ({ ...emptyScheduleForm, namespace: f.namespace }));
        void queryClient.invalidateQueries({ queryKey: trpc.jobs.list.pathKey() });
        onScheduled(cronJob.namespace);
      },
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setDone(null);
    schedule.reset();
    const checked = scheduleInputFromForm(clusterId, form);
    if (!checked.input) {
      setProblem(checked.problem);
      return;
    }
    setProblem(null);
    schedule.mutate(checked.input);
  };
  return (
    <Card title="New schedule">
      <form className="cc-form cc-jobs-form" onSubmit={submit} aria-label="New schedule">
        <label htmlFor={`${id}-name`}>
          Name
          <input
            id={`${id}-name`}
            value={form.name}
            maxLength={52}
            placeholder="nightly-report"
            autoComplete="off"
            spellCheck={false}
            onChange={(e) => setForm({ ...form, name: e.target.value })}
          />
        </label>
        <div className="cc-jobs-row">
          <label htmlFor={`${id}-cron`}>
            Cron
            <input
              id={`${id}-cron`}
              value={form.cron}
              placeholder="*/15 * * * *"
              autoComplete="off"
              spellCheck={false}
              onChange={(e) => setForm({ ...form, cron: e.target.value })}
            />
          </label>
          <label htmlFor={`${id}-zone`}>
            Time zone
            <input
              id={`${id}-zone`}
              value={form.timeZone}
              placeholder="yours (alert settings), else UTC"
              list={`${id}-zones`}
              autoComplete="off"
              spellCheck={false}
              onChange={(e) => setForm({ ...form, timeZone: e.target.value })}
            />
          </label>
        </div>
        <datalist id={`${id}-zones`}>
          {zones.map((z) => (
            <option key={z} value={z} />
          ))}
        </datalist>
        <SchedulePreview cron={form.cron} timeZone={form.timeZone} />
        <label htmlFor={`${id}-policy`}>
          Overlapping runs
          <select
            id={`${id}-policy`}
            value={form.concurrencyPolicy}
            onChange={(e) =>
              setForm({ ...form, concurrencyPolicy: e.target.value as ScheduleForm["concurrencyPolicy"] })
            }
          >
            {policies.map((p) => (
              <option key={p.value} value={p.value}>
                {p.label}
              </option>
            ))}
          </select>
        </label>
        <SpecFields clusterId={clusterId} namespaces={namespaces} form={form} setForm={setForm} />
        {problem && <ErrorNotice>{problem}</ErrorNotice>}
        {schedule.error && <ErrorNotice>{userMessage(schedule.error)}</ErrorNotice>}
        {done && (
          <p className="cc-success" role="status">
            {done}
          </p>
        )}
        <div>
          <Button type="submit" disabled={schedule.isPending}>
            {schedule.isPending ? "Scheduling…" : "Create schedule"}
          </Button>
        </div>
      </form>
    </Card>
  );
}
