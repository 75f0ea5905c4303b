"use client";
import { useQuery } from "@tanstack/react-query";
import { useId } from "react";
import { useTRPC } from "~/lib/trpc";
import type { JobSpecForm } from "./format";

/** Names of one kind in a namespace (resources.list), for the pickers; empty while unknown. */
function useNames(clusterId: string, kind: string, namespace: string) {
  const trpc = useTRPC();
  const list = useQuery({
    ...trpc.resources.list.queryOptions({ clusterId, kind, namespace, limit: 1_000 }),
    enabled: namespace !== "",
    staleTime: 10_000,
  });
  return { names: list.data?.rows.map((r) => r.name) ?? [], error: list.error };
}

/**
 * What a job runs and with what: the fields the run form and the schedule
 * form share. The Secret and PVC pickers list the namespace's names only
 * (never a Secret's values).
 */
export function SpecFields<F extends JobSpecForm>({
  clusterId,
  namespaces,
  form,
  setForm,
}: {
  clusterId: string;
  namespaces: readonly string[];
  form: F;
  setForm: (form: F) => void;
}) {
  const id = useId();
  const secrets = useNames(clusterId, "secrets", form.namespace);
  const claims = useNames(clusterId, "persistentvolumeclaims", form.namespace);
  const set = (change: Partial<JobSpecForm>) => setForm({ ...form, ...change });
  // A picked name the list does not (yet) have stays choosable.
  const withPicked = (names: string[], picked: string) =>
    picked && !names.includes(picked) ? [picked, ...names] : names;
  return (
    <>
      <label htmlFor={`${id}-ns`}>
        Namespace
        <select
          id={`${id}-ns`}
          value={form.namespace}
          onChange={(e) => set({ namespace: e.target.value, envFromSecret: "", pvc: "" })}
        >
          <option value="">Pick a namespace</option>
          {namespaces.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </label>
      <label htmlFor={`${id}-image`}>
        Image
        <input
          id={`${id}-image`}
          value={form.image}
          placeholder="busybox:1.36"
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => set({ image: e.target.value })}
        />
      </label>
      <label htmlFor={`${id}-command`}>
        Command
        <input
          id={`${id}-command`}
          value={form.command}
          placeholder={`sh -c 'echo "$GREETING"'`}
          autoComplete="off"
          spellCheck={false}
          aria-describedby={`${id}-command-help`}
          onChange={(e) => set({ command: e.target.value })}
        />
      </label>
      <p id={`${id}-command-help`} className="cc-muted cc-jobs-help">
        Arguments and command are split into words as a shell would (quotes keep spaces), as /job in Discord
        does; no shell runs unless you name one (sh -c '…').
      </p>
      <label htmlFor={`${id}-args`}>
        Arguments (optional)
        <input
          id={`${id}-args`}
          value={form.args}
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => set({ args: e.target.value })}
        />
      </label>
      <label htmlFor={`${id}-secret`}>
        Environment from Secret
        <select
          id={`${id}-secret`}
          value={form.envFromSecret}
          onChange={(e) => set({ envFromSecret: e.target.value })}
        >
          <option value="">None</option>
          {withPicked(secrets.names, form.envFromSecret).map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </label>
      <fieldset className="cc-jobs-fieldset">
        <legend>Volume</legend>
        <div className="cc-jobs-row">
          <label htmlFor={`${id}-pvc`}>
            PersistentVolumeClaim
            <select id={`${id}-pvc`} value={form.pvc} onChange={(e) => set({ pvc: e.target.value })}>
              <option value="">None</option>
              {withPicked(claims.names, form.pvc).map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </label>
          <label htmlFor={`${id}-mount`}>
            Mount path
            <input
              id={`${id}-mount`}
              value={form.mountPath}
              placeholder="/data"
              autoComplete="off"
              spellCheck={false}
              onChange={(e) => set({ mountPath: e.target.value })}
            />
          </label>
        </div>
        <label className="cc-check">
          <input
            type="checkbox"
            checked={form.readOnly}
            onChange={(e) => set({ readOnly: e.target.checked })}
          />
          Read-only
        </label>
      </fieldset>
      <details className="cc-jobs-more">
        <summary>Resources and limits</summary>
        <div className="cc-jobs-row">
          <label htmlFor={`${id}-cpu`}>
            CPU
            <input
              id={`${id}-cpu`}
              value={form.cpu}
              placeholder="250m"
              autoComplete="off"
              onChange={(e) => set({ cpu: e.target.value })}
            />
          </label>
          <label htmlFor={`${id}-memory`}>
            Memory
            <input
              id={`${id}-memory`}
              value={form.memory}
              placeholder="128Mi"
              autoComplete="off"
              onChange={(e) => set({ memory: e.target.value })}
            />
          </label>
          <label htmlFor={`${id}-ttl`}>
            Keep finished job for (seconds)
            <input
              id={`${id}-ttl`}
              inputMode="numeric"
              value={form.ttlSeconds}
              placeholder="86400 (1 day)"
              onChange={(e) => set({ ttlSeconds: e.target.value })}
            />
          </label>
          <label htmlFor={`${id}-backoff`}>
            Retries (backoff limit)
            <input
              id={`${id}-backoff`}
              inputMode="numeric"
              value={form.backoffLimit}
              placeholder="0"
              onChange={(e) => set({ backoffLimit: e.target.value })}
            />
          </label>
          <label htmlFor={`${id}-deadline`}>
            Deadline (seconds)
            <input
              id={`${id}-deadline`}
              inputMode="numeric"
              value={form.deadlineSeconds}
              placeholder="none"
              onChange={(e) => set({ deadlineSeconds: e.target.value })}
            />
          </label>
        </div>
      </details>
    </>
  );
}
