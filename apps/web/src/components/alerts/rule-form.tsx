"use client";
import type { AppRouter } from "@clustercord/api";
import type { AlertRuleTypeName, Severity } from "@clustercord/contracts";
import { Button, Card, ErrorNotice } from "@clustercord/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferRouterInputs } from "@trpc/server";
import { type FormEvent, useId, useState } from "react";
import { userMessage, useTRPC } from "~/lib/trpc";
import {
  emptyRuleForm,
  type RuleForm,
  ruleFromForm,
  ruleTypes,
  severities,
  typeHelp,
  usageTypes,
  workloadKinds,
} from "./format";

type CreateInput = inferRouterInputs<AppRouter>["alerts"]["rules"]["create"];

/**
 * A new rule (alerts.rules.create): what to watch, where, how loud, and how the person is told;
 * admins may also post it to a channel.
 */
export function RuleFormCard({
  clusterId,
  me,
  isAdmin,
}: {
  clusterId: string;
  me: string | null;
  isAdmin: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const namespaces = useQuery(trpc.namespaces.list.queryOptions({ clusterId }));
  const ids = {
    name: useId(),
    type: useId(),
    typeHelp: useId(),
    scope: useId(),
    namespace: useId(),
    workloadKind: useId(),
    workloadName: useId(),
    threshold: useId(),
    duration: useId(),
    minSeverity: useId(),
    throttle: useId(),
    channel: useId(),
  };
  const [form, setForm] = useState<RuleForm>(emptyRuleForm);
  const [problem, setProblem] = useState<string | null>(null);
  const [created, setCreated] = useState<string | null>(null);
  const create = useMutation(
    trpc.alerts.rules.create.mutationOptions({
      onSuccess: ({ rule }) => {
        setForm(emptyRuleForm);
        setCreated(rule.name);
        void queryClient.invalidateQueries({ queryKey: trpc.alerts.rules.list.queryKey({ clusterId }) });
      },
    }),
  );
  const usage = usageTypes.includes(form.type);
  const mine = namespaces.data?.namespaces ?? [];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setCreated(null);
    const checked = ruleFromForm(clusterId, form, me);
    if (!checked.input) {
      setProblem(checked.problem);
      return;
    }
    setProblem(null);
    create.mutate(checked.input as CreateInput);
  };

  return (
    <Card title="New rule">
      <form className="cc-form cc-alert-form" onSubmit={submit} aria-label="New alert rule">
        <label htmlFor={ids.type}>
          Alert on
          <select
            id={ids.type}
            value={form.type}
            aria-describedby={ids.typeHelp}
            onChange={(e) => setForm({ ...form, type: e.target.value as AlertRuleTypeName })}
          >
            {ruleTypes.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
        <p id={ids.typeHelp} className="cc-muted cc-alert-help">
          {typeHelp[form.type]}
        </p>
        {usage && (
          <div className="cc-alert-form-row">
            <label htmlFor={ids.threshold}>
              Threshold (% of the limit)
              <input
                id={ids.threshold}
                inputMode="numeric"
                value={form.threshold}
                onChange={(e) => setForm({ ...form, threshold: e.target.value })}
              />
            </label>
            <label htmlFor={ids.duration}>
              For at least (minutes, default 5)
              <input
                id={ids.duration}
                inputMode="numeric"
                value={form.durationMinutes}
                onChange={(e) => setForm({ ...form, durationMinutes: e.target.value })}
              />
            </label>
          </div>
        )}
        {form.type === "finding" && (
          <label htmlFor={ids.minSeverity}>
            Minimum severity
            <select
              id={ids.minSeverity}
              value={form.minSeverity}
              onChange={(e) => setForm({ ...form, minSeverity: e.target.value as Severity })}
            >
              {severities.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </label>
        )}
        <label htmlFor={ids.scope}>
          Where
          <select
            id={ids.scope}
            value={form.scope}
            onChange={(e) => setForm({ ...form, scope: e.target.value as RuleForm["scope"] })}
          >
            <option value="cluster">The whole cluster (what you may read)</option>
            <option value="namespace">One namespace</option>
            <option value="workload">One workload's pods</option>
          </select>
        </label>
        {form.scope !== "cluster" && (
          <label htmlFor={ids.namespace}>
            Namespace
            <select
              id={ids.namespace}
              value={form.namespace}
              onChange={(e) => setForm({ ...form, namespace: e.target.value })}
            >
              <option value="">Pick a namespace</option>
              {mine.map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </label>
        )}
        {form.scope === "workload" && (
          <div className="cc-alert-form-row">
            <label htmlFor={ids.workloadKind}>
              Workload kind
              <select
                id={ids.workloadKind}
                value={form.workloadKind}
                onChange={(e) =>
                  setForm({ ...form, workloadKind: e.target.value as RuleForm["workloadKind"] })
                }
              >
                {workloadKinds.map((k) => (
                  <option key={k} value={k}>
                    {k}
                  </option>
                ))}
              </select>
            </label>
            <label htmlFor={ids.workloadName}>
              Workload name
              <input
                id={ids.workloadName}
                value={form.workloadName}
                onChange={(e) => setForm({ ...form, workloadName: e.target.value })}
              />
            </label>
          </div>
        )}
        <label htmlFor={ids.name}>
          Name (optional)
          <input
            id={ids.name}
            maxLength={80}
            value={form.name}
            placeholder="What it watches"
            onChange={(e) => setForm({ ...form, name: e.target.value })}
          />
        </label>
        <label htmlFor={ids.throttle}>
          At most one alert per resource every (minutes, default 5)
          <input
            id={ids.throttle}
            inputMode="numeric"
            value={form.throttleMinutes}
            onChange={(e) => setForm({ ...form, throttleMinutes: e.target.value })}
          />
        </label>
        <fieldset className="cc-alert-via">
          <legend>Alert me by</legend>
          {(["dm", "web", "email"] as const).map((v) => (
            <label key={v} className="cc-check">
              <input
                type="checkbox"
                checked={form.via[v]}
                onChange={(e) => setForm({ ...form, via: { ...form.via, [v]: e.target.checked } })}
              />
              {v === "dm" ? "Discord DM" : v === "web" ? "Web notification center" : "Email"}
            </label>
          ))}
        </fieldset>
        {isAdmin && (
          <label htmlFor={ids.channel}>
            Also post to a channel (its Discord id; admins)
            <input
              id={ids.channel}
              inputMode="numeric"
              value={form.channelId}
              onChange={(e) => setForm({ ...form, channelId: e.target.value })}
            />
          </label>
        )}
        {problem && <ErrorNotice>{problem}</ErrorNotice>}
        {create.error && <ErrorNotice>{userMessage(create.error)}</ErrorNotice>}
        {created && (
          <p className="cc-success" role="status">
            Rule {created} created.
          </p>
        )}
        <div>
          <Button type="submit" disabled={create.isPending}>
            {create.isPending ? "Creating…" : "Create rule"}
          </Button>
        </div>
      </form>
    </Card>
  );
}
