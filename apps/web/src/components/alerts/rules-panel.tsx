"use client";
import type { AlertMuteView, AlertRuleView } from "@clustercord/contracts";
import { Badge, Button, Card, EmptyState, ErrorNotice } from "@clustercord/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { userMessage, useTRPC } from "~/lib/trpc";
import { conditionLabel, formatWhen, muteChoices, scopeLabel, subscribersLabel } from "./format";

const severityTone = { CRITICAL: "bad", HIGH: "bad", MEDIUM: "warn", LOW: "neutral" } as const;

/** Refreshes the rule list (and its mutes) after a change; nothing else depends on it. */
function useRefreshRules(clusterId: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: trpc.alerts.rules.list.queryKey({ clusterId }) });
}

/** This cluster's rules of the server (alerts.rules.list) with Mute and Delete, then the active mutes. */
export function RulesPanel({ clusterId, me }: { clusterId: string; me: string | null }) {
  const trpc = useTRPC();
  const list = useQuery(trpc.alerts.rules.list.queryOptions({ clusterId }));
  return (
    <>
      <Card title="Rules">
        {list.error && <ErrorNotice>{userMessage(list.error)}</ErrorNotice>}
        {list.isPending && <p className="cc-muted">Loading…</p>}
        {list.data && list.data.rules.length === 0 && (
          <EmptyState>No alert rule on this cluster yet: add one below.</EmptyState>
        )}
        {list.data && list.data.rules.length > 0 && (
          <ul className="cc-alert-rules" aria-label="Alert rules">
            {list.data.rules.map((rule) => (
              <RuleItem key={rule.id} rule={rule} me={me} />
            ))}
          </ul>
        )}
      </Card>
      <Card title="Muted">
        {list.data && list.data.mutes.length === 0 && <EmptyState>Nothing is muted.</EmptyState>}
        {list.data && list.data.mutes.length > 0 && (
          <ul className="cc-alert-mutes" aria-label="Active mutes">
            {list.data.mutes.map((mute) => (
              <MuteItem key={`${mute.ruleId}:${JSON.stringify(mute.target)}`} mute={mute} />
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}

function RuleItem({ rule, me }: { rule: AlertRuleView; me: string | null }) {
  const trpc = useTRPC();
  const refresh = useRefreshRules(rule.clusterId);
  const muteSelect = useId();
  const [minutes, setMinutes] = useState<number>(60);
  const remove = useMutation(trpc.alerts.rules.delete.mutationOptions({ onSuccess: refresh }));
  const mute = useMutation(trpc.alerts.mute.mutationOptions({ onSuccess: refresh }));
  return (
    <li className="cc-alert-rule" data-rule-id={rule.id}>
      <div className="cc-alert-rule-head">
        <strong className="cc-alert-rule-name">{rule.name}</strong>
        <Badge tone={severityTone[rule.severity]}>{rule.severity}</Badge>
      </div>
      <p className="cc-alert-rule-what">
        {conditionLabel(rule)} on {scopeLabel(rule.scope)}
      </p>
      <p className="cc-muted cc-alert-rule-meta">
        To {subscribersLabel(rule.subscribers, me)}
        {rule.throttleMinutes ? ` · at most one alert per resource per ${rule.throttleMinutes} min` : ""}
        {` · since ${formatWhen(rule.createdAt)}`}
      </p>
      <div className="cc-alert-rule-actions">
        <label htmlFor={muteSelect} className="cc-visually-hidden">
          Mute {rule.name} for
        </label>
        <select id={muteSelect} value={minutes} onChange={(e) => setMinutes(Number(e.target.value))}>
          {muteChoices.map((c) => (
            <option key={c.minutes} value={c.minutes}>
              {c.label}
            </option>
          ))}
        </select>
        <Button
          variant="secondary"
          disabled={mute.isPending}
          aria-label={`Mute ${rule.name}`}
          onClick={() =>
            mute.mutate({ clusterId: rule.clusterId, target: { ruleId: rule.id }, durationMinutes: minutes })
          }
        >
          Mute
        </Button>
        {rule.mayDelete && (
          <Button
            variant="secondary"
            disabled={remove.isPending}
            aria-label={`Delete ${rule.name}`}
            onClick={() => remove.mutate({ id: rule.id })}
          >
            Delete
          </Button>
        )}
      </div>
      {mute.error && <ErrorNotice>{userMessage(mute.error)}</ErrorNotice>}
      {remove.error && <ErrorNotice>{userMessage(remove.error)}</ErrorNotice>}
    </li>
  );
}

function MuteItem({ mute }: { mute: AlertMuteView }) {
  const trpc = useTRPC();
  const refresh = useRefreshRules(mute.clusterId);
  const unmute = useMutation(trpc.alerts.unmute.mutationOptions({ onSuccess: refresh }));
  const what = "ruleId" in mute.target ? mute.ruleName : `part of ${mute.ruleName}`;
  return (
    <li className="cc-alert-mute" data-rule-id={mute.ruleId}>
      <span>
        <strong>{what}</strong> until {formatWhen(mute.until)}
      </span>
      <Button
        variant="secondary"
        disabled={unmute.isPending}
        aria-label={`Unmute ${what}`}
        onClick={() => unmute.mutate({ clusterId: mute.clusterId, target: mute.target })}
      >
        Unmute
      </Button>
      {unmute.error && <ErrorNotice>{userMessage(unmute.error)}</ErrorNotice>}
    </li>
  );
}
