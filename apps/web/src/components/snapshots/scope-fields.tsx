"use client";
import { ErrorNotice } from "@clustercord/ui";
import { type FormEvent, useEffect, useId, useState } from "react";
import { userMessage } from "~/lib/trpc";
import { type Checked, type CreateForm, toggled } from "./format";

/** The mutation a scope form sends (a TanStack mutation of snapshots.create or .schedule). */
interface ScopeMutation<I> {
  reset(): void;
  mutate(input: I, options: { onSuccess: (result: { message: string }) => void }): void;
}

/**
 * A snapshot's or a schedule's form: its state, the person's namespaces
 * ticked once they arrive, and a submit that says what the form can tell
 * before asking, then the API's message as it is.
 */
export function useScopeForm<F extends CreateForm, I>({
  namespaces,
  empty,
  check,
  mutation,
  onDone,
}: {
  namespaces: readonly string[];
  empty: (namespaces: readonly string[]) => F;
  check: (form: F) => Checked<I>;
  mutation: ScopeMutation<I>;
  onDone: () => void;
}) {
  const [form, setForm] = useState<F>(() => empty(namespaces));
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  // The namespaces arrive after the first render: tick them all once they do.
  const known = namespaces.join("\n");
  useEffect(() => {
    setForm((f) => ({ ...f, namespaces: known ? known.split("\n") : [] }));
  }, [known]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setDone(null);
    mutation.reset();
    const checked = check(form);
    if (!checked.input) {
      setProblem(checked.problem);
      return;
    }
    setProblem(null);
    mutation.mutate(checked.input, {
      onSuccess: ({ message }) => {
        setDone(message);
        setForm((f) => ({ ...f, description: "" }));
        onDone();
      },
    });
  };
  return { form, setForm, problem, done, submit };
}

/** What became of a scope form's last submit: its own problem, the API's refusal, or the API's message. */
export function ScopeFormOutcome({
  problem,
  error,
  done,
}: {
  problem: string | null;
  error: unknown;
  done: string | null;
}) {
  return (
    <>
      {problem && <ErrorNotice>{problem}</ErrorNotice>}
      {error ? <ErrorNotice>{userMessage(error)}</ErrorNotice> : null}
      {done && (
        <p className="cc-success" role="status">
          {done}
        </p>
      )}
    </>
  );
}

/**
 * The fields a snapshot and a schedule share: a description, the scope (the
 * whole cluster only where the person may take it) and which of their
 * namespaces, all ticked to begin with.
 */
export function ScopeFields<F extends CreateForm>({
  form,
  setForm,
  namespaces,
  canSnapshotCluster,
}: {
  form: F;
  setForm: (form: F) => void;
  namespaces: readonly string[];
  canSnapshotCluster: boolean;
}) {
  const id = useId();
  return (
    <>
      <label htmlFor={`${id}-description`}>
        Description
        <input
          id={`${id}-description`}
          value={form.description}
          maxLength={200}
          placeholder="before the 1.35 upgrade"
          autoComplete="off"
          onChange={(e) => setForm({ ...form, description: e.target.value })}
        />
      </label>
      {canSnapshotCluster && (
        <fieldset className="cc-snap-fieldset">
          <legend>Scope</legend>
          <label className="cc-check">
            <input
              type="radio"
              name={`${id}-scope`}
              checked={form.scope === "namespaces"}
              onChange={() => setForm({ ...form, scope: "namespaces" })}
            />
            My namespaces
          </label>
          <label className="cc-check">
            <input
              type="radio"
              name={`${id}-scope`}
              checked={form.scope === "cluster"}
              onChange={() => setForm({ ...form, scope: "cluster" })}
            />
            Whole cluster (every namespace, nodes and cluster-wide objects)
          </label>
        </fieldset>
      )}
      {form.scope === "namespaces" && (
        <fieldset className="cc-snap-fieldset">
          <legend>Namespaces</legend>
          {namespaces.length === 0 && <p className="cc-muted">You have no namespace on this cluster.</p>}
          <div className="cc-snap-checks">
            {namespaces.map((ns) => (
              <label key={ns} className="cc-check">
                <input
                  type="checkbox"
                  checked={form.namespaces.includes(ns)}
                  onChange={(e) =>
                    setForm({ ...form, namespaces: toggled(form.namespaces, ns, e.target.checked) })
                  }
                />
                <span className="cc-mono">{ns}</span>
              </label>
            ))}
          </div>
        </fieldset>
      )}
    </>
  );
}
