"use client";
import { Button, Card, ErrorNotice } from "@clustercord/ui";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useId, useState } from "react";
import { userMessage, useTRPC } from "~/lib/trpc";
import { emptyRunForm, type RunForm, runInputFromForm } from "./format";
import { SpecFields } from "./spec-fields";

/**
 * Run a one-off job (jobs.run) as the person. What the form can tell is said
 * before asking; everything else is the API's message, shown as it is.
 */
export function RunJobCard({
  clusterId,
  namespace,
  namespaces,
  onRan,
}: {
  clusterId: string;
  namespace: string;
  namespaces: readonly string[];
  onRan: (namespace: string, job: string) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const nameId = useId();
  const [form, setForm] = useState<RunForm>({ ...emptyRunForm, namespace });
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  // The page's namespace is the form's until the person picks another here.
  useEffect(() => {
    setForm((f) => (f.namespace ? f : { ...f, namespace }));
  }, [namespace]);
  const run = useMutation(
    trpc.jobs.run.mutationOptions({
      onSuccess: ({ message, job }) => {
        setDone(message);
        setForm((f) => ({ ...emptyRunForm, namespace: f.namespace }));
        void queryClient.invalidateQueries({ queryKey: trpc.jobs.list.pathKey() });
        onRan(job.namespace, job.name);
      },
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setDone(null);
    run.reset();
    const checked = runInputFromForm(clusterId, form);
    if (!checked.input) {
      setProblem(checked.problem);
      return;
    }
    setProblem(null);
    run.mutate(checked.input);
  };
  return (
    <Card title="Run a job">
      <form className="cc-form cc-jobs-form" onSubmit={submit} aria-label="Run a job">
        <SpecFields clusterId={clusterId} namespaces={namespaces} form={form} setForm={setForm} />
        <label htmlFor={nameId}>
          Name (optional)
          <input
            id={nameId}
            value={form.name}
            maxLength={52}
            placeholder="run-<image>-<random>"
            autoComplete="off"
            spellCheck={false}
            onChange={(e) => setForm({ ...form, name: e.target.value })}
          />
        </label>
        {problem && <ErrorNotice>{problem}</ErrorNotice>}
        {run.error && <ErrorNotice>{userMessage(run.error)}</ErrorNotice>}
        {done && (
          <p className="cc-success" role="status">
            {done}
          </p>
        )}
        <div>
          <Button type="submit" disabled={run.isPending}>
            {run.isPending ? "Starting…" : "Run job"}
          </Button>
        </div>
      </form>
    </Card>
  );
}
