"use client";
import type { Budget, BudgetPeriod } from "@clustercord/contracts";
import { Button, Card, EmptyState, ErrorNotice } from "@clustercord/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useId, useState } from "react";
import { userMessage, useTRPC } from "~/lib/trpc";
import {
  type BudgetForm,
  budgetFromForm,
  budgetScopeLabel,
  budgetUsedPct,
  formatInstant,
  formatMoney,
} from "./format";

const periods: BudgetPeriod[] = ["day", "week", "month"];
const emptyForm: BudgetForm = { scope: "guild", namespace: "", userId: "", period: "month", threshold: "" };

/**
 * The server's budgets on this cluster with spend so far and the forecast;
 * operators and admins add, replace (same scope and period) and delete them.
 */
export function BudgetsPanel({ clusterId, canEdit }: { clusterId: string; canEdit: boolean }) {
  const trpc = useTRPC();
  const budgets = useQuery(trpc.cost.budgets.list.queryOptions({ clusterId }));
  return (
    <Card title="Budgets">
      {budgets.error && <ErrorNotice>{userMessage(budgets.error)}</ErrorNotice>}
      {budgets.data && budgets.data.length === 0 && <EmptyState>No budget on this cluster yet.</EmptyState>}
      {budgets.data && budgets.data.length > 0 && (
        <ul className="cc-budgets" aria-label="Budgets">
          {budgets.data.map((b) => (
            <BudgetItem key={b.id} clusterId={clusterId} budget={b} canEdit={canEdit} />
          ))}
        </ul>
      )}
      {canEdit ? (
        <BudgetFormView clusterId={clusterId} />
      ) : (
        <p className="cc-muted">Operators and admins set budgets; everyone subscribed gets the alerts.</p>
      )}
    </Card>
  );
}

function BudgetItem({ clusterId, budget, canEdit }: { clusterId: string; budget: Budget; canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const remove = useMutation(
    trpc.cost.budgets.delete.mutationOptions({
      onSuccess: () =>
        queryClient.invalidateQueries({ queryKey: trpc.cost.budgets.list.queryKey({ clusterId }) }),
    }),
  );
  const label = `${budgetScopeLabel(budget.scope)}, per ${budget.period}`;
  const money = (v: number) => formatMoney(v, budget.currency);
  const over = budget.spent >= budget.threshold;
  return (
    <li className="cc-budget" data-budget={budget.id}>
      <div className="cc-budget-head">
        <strong>{label}</strong>
        <span>
          {money(budget.spent)} of {money(budget.threshold)}
        </span>
      </div>
      <meter
        className="cc-budget-meter"
        aria-label={`${label}: spent`}
        min={0}
        max={100}
        low={80}
        high={99.99}
        optimum={0}
        value={budgetUsedPct(budget)}
      />
      <p className={over || budget.exceedsOn ? "cc-warning" : "cc-muted"}>
        {over
          ? "Spent: the threshold is passed."
          : budget.exceedsOn
            ? `At this rate the budget is exceeded on ${formatInstant(budget.exceedsOn).slice(0, 10)} (forecast ${money(budget.forecast)}).`
            : `Forecast for the ${budget.period}: ${money(budget.forecast)}.`}
      </p>
      {canEdit && (
        <Button
          variant="secondary"
          disabled={remove.isPending}
          aria-label={`Delete budget: ${label}`}
          onClick={() => remove.mutate({ clusterId, budgetId: budget.id })}
        >
          Delete
        </Button>
      )}
      {remove.error && <ErrorNotice>{userMessage(remove.error)}</ErrorNotice>}
    </li>
  );
}

function BudgetFormView({ clusterId }: { clusterId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const ids = { scope: useId(), namespace: useId(), userId: useId(), period: useId(), threshold: useId() };
  const [form, setForm] = useState<BudgetForm>(emptyForm);
  const [problem, setProblem] = useState<string | null>(null);
  const set = useMutation(
    trpc.cost.budgets.set.mutationOptions({
      onSuccess: () => {
        setForm(emptyForm);
        void queryClient.invalidateQueries({ queryKey: trpc.cost.budgets.list.queryKey({ clusterId }) });
      },
    }),
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const checked = budgetFromForm(clusterId, form);
    if (!checked.input) {
      setProblem(checked.problem);
      return;
    }
    setProblem(null);
    set.mutate(checked.input);
  };

  return (
    <form className="cc-form cc-budget-form" onSubmit={submit} aria-label="Add a budget">
      <label htmlFor={ids.scope}>
        For
        <select
          id={ids.scope}
          value={form.scope}
          onChange={(e) => setForm({ ...form, scope: e.target.value as BudgetForm["scope"] })}
        >
          <option value="guild">The whole server</option>
          <option value="namespace">A namespace</option>
          <option value="person">A person</option>
        </select>
      </label>
      {form.scope === "namespace" && (
        <label htmlFor={ids.namespace}>
          Namespace
          <input
            id={ids.namespace}
            value={form.namespace}
            onChange={(e) => setForm({ ...form, namespace: e.target.value })}
          />
        </label>
      )}
      {form.scope === "person" && (
        <label htmlFor={ids.userId}>
          Person's Discord id
          <input
            id={ids.userId}
            inputMode="numeric"
            value={form.userId}
            onChange={(e) => setForm({ ...form, userId: e.target.value })}
          />
        </label>
      )}
      <label htmlFor={ids.period}>
        Period
        <select
          id={ids.period}
          value={form.period}
          onChange={(e) => setForm({ ...form, period: e.target.value as BudgetPeriod })}
        >
          {periods.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
      </label>
      <label htmlFor={ids.threshold}>
        Threshold
        <input
          id={ids.threshold}
          inputMode="decimal"
          value={form.threshold}
          onChange={(e) => setForm({ ...form, threshold: e.target.value })}
        />
      </label>
      {problem && <ErrorNotice>{problem}</ErrorNotice>}
      {set.error && <ErrorNotice>{userMessage(set.error)}</ErrorNotice>}
      <div>
        <Button type="submit" disabled={set.isPending}>
          {set.isPending ? "Saving…" : "Save budget"}
        </Button>
      </div>
    </form>
  );
}
