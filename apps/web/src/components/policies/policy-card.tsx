"use client";
import { PolicyMode } from "@clustercord/contracts";
import { Badge, Button, ErrorNotice } from "@clustercord/ui";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { userMessage, useTRPC } from "~/lib/trpc";
import {
  exclusionsText,
  labelsText,
  modeDescription,
  parseExclusions,
  parseScope,
  scopeText,
  severityTone,
} from "./format";
import type { PolicyOut } from "./types";

/** After a change: the list, its counts and the violations are asked again. */
function useRefreshPolicies() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: trpc.policies.list.queryKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.policies.violations.queryKey() });
  };
}

/**
 * One of the seven policies: what it checks, its severity, whether it is on
 * and how (mode, scope, exclusions), drift and open violations. Those who
 * may manage policies enable, switch mode and disable here.
 */
export function PolicyCard({
  clusterId,
  policy,
  canManage,
  onShowViolations,
}: {
  clusterId: string;
  policy: PolicyOut;
  canManage: boolean;
  onShowViolations: () => void;
}) {
  const titleId = useId();
  return (
    <article
      className="cc-policy"
      aria-labelledby={titleId}
      data-policy={policy.key}
      data-enabled={policy.enabled}
      data-mode={policy.mode ?? "off"}
    >
      <div className="cc-policy-head">
        <h2 id={titleId}>{policy.title}</h2>
        <Badge tone={severityTone(policy.severity)}>{policy.severity}</Badge>
        {policy.enabled ? (
          <Badge tone="accent">{policy.mode ?? "on"}</Badge>
        ) : (
          <Badge tone="neutral">off</Badge>
        )}
        {policy.drift && <Badge tone="warn">drift</Badge>}
      </div>
      <p className="cc-policy-description">{policy.description}</p>
      <dl className="cc-policy-facts">
        <div>
          <dt>Policy</dt>
          <dd className="cc-mono">{policy.key}</dd>
        </div>
        <div>
          <dt>Scope</dt>
          <dd>{scopeText(policy.scope)}</dd>
        </div>
        <div>
          <dt>Exclusions</dt>
          <dd>{exclusionsText(policy.exclusions)}</dd>
        </div>
        <div>
          <dt>Open violations</dt>
          <dd>
            {policy.violations > 0 ? (
              <button type="button" className="cc-link-button" onClick={onShowViolations}>
                {policy.violations} — show
              </button>
            ) : (
              "0"
            )}
          </dd>
        </div>
      </dl>
      {policy.drift && (
        <p className="cc-policy-drift" data-testid="policy-drift">
          Drift: {policy.drift}
        </p>
      )}
      {canManage &&
        (policy.enabled ? (
          <EnabledControls clusterId={clusterId} policy={policy} />
        ) : (
          <PolicyForm clusterId={clusterId} policy={policy} submitLabel="Enable" />
        ))}
    </article>
  );
}

/** An enabled policy: its mode applies on change; Disable removes its objects; exclusions can be edited. */
function EnabledControls({ clusterId, policy }: { clusterId: string; policy: PolicyOut }) {
  const trpc = useTRPC();
  const refresh = useRefreshPolicies();
  const modeId = useId();
  const setMode = useMutation(trpc.policies.setMode.mutationOptions({ onSuccess: refresh }));
  const disable = useMutation(trpc.policies.disable.mutationOptions({ onSuccess: refresh }));
  const mode = setMode.isPending ? setMode.variables.mode : (policy.mode ?? "Audit");
  const error = setMode.error ?? disable.error;
  return (
    <div className="cc-policy-controls">
      <div className="cc-policy-row">
        <label htmlFor={modeId}>
          Mode
          <select
            id={modeId}
            value={mode}
            disabled={setMode.isPending || disable.isPending}
            onChange={(e) =>
              setMode.mutate({ clusterId, policy: policy.key, mode: e.target.value as PolicyMode })
            }
          >
            {PolicyMode.options.map((m) => (
              <option key={m} value={m}>
                {modeDescription(m)}
              </option>
            ))}
          </select>
        </label>
        <Button
          variant="secondary"
          disabled={disable.isPending}
          onClick={() => disable.mutate({ clusterId, policy: policy.key })}
        >
          {disable.isPending ? "Disabling…" : "Disable"}
        </Button>
      </div>
      {setMode.isSuccess && (
        <p className="cc-muted" role="status">
          Mode is now {setMode.data.mode}.
        </p>
      )}
      {error ? <ErrorNotice>{userMessage(error)}</ErrorNotice> : null}
      <details className="cc-policy-more">
        <summary>Scope and exclusions</summary>
        <PolicyForm clusterId={clusterId} policy={policy} submitLabel="Save scope and exclusions" />
      </details>
    </div>
  );
}

/**
 * Enable (or re-enable with other settings): the mode, optionally namespaces
 * picked by labels instead of the default scope, and exclusions by namespace
 * and by object label. Typed lists are checked here before they are sent.
 */
function PolicyForm({
  clusterId,
  policy,
  submitLabel,
}: {
  clusterId: string;
  policy: PolicyOut;
  submitLabel: string;
}) {
  const trpc = useTRPC();
  const refresh = useRefreshPolicies();
  const ids = { mode: useId(), scope: useId(), ns: useId(), labels: useId(), problem: useId() };
  const [mode, setMode] = useState<PolicyMode>(policy.mode ?? "Audit");
  const [scope, setScope] = useState(
    policy.scope?.kind === "namespaces" ? labelsText(policy.scope.selector.matchLabels ?? {}) : "",
  );
  const [namespaces, setNamespaces] = useState(policy.exclusions.namespaces.join(", "));
  const [labels, setLabels] = useState(labelsText(policy.exclusions.labels));
  const [problem, setProblem] = useState<string | null>(null);
  const enable = useMutation(trpc.policies.enable.mutationOptions({ onSuccess: refresh }));
  // A label-selected scope the form cannot express (expressions) is kept as it is unless retyped.
  const editable = policy.scope?.kind !== "namespaces" || !policy.scope.selector.matchExpressions?.length;

  const submit = () => {
    const exclusions = parseExclusions(namespaces, labels);
    const picked = parseScope(scope);
    const why = !exclusions.ok ? exclusions.problem : !picked.ok ? picked.problem : null;
    setProblem(why);
    if (!exclusions.ok || !picked.ok) return;
    enable.mutate({
      clusterId,
      policy: policy.key,
      mode: policy.enabled ? (policy.mode ?? mode) : mode,
      exclusions: exclusions.value,
      ...(picked.value ? { scope: picked.value } : !editable && policy.scope ? { scope: policy.scope } : {}),
    });
  };

  const fields = (
    <div className="cc-policy-fields">
      <label htmlFor={ids.scope}>
        Only namespaces labelled (empty: the default scope)
        <input
          id={ids.scope}
          value={scope}
          placeholder="team=payments"
          autoCapitalize="off"
          spellCheck={false}
          disabled={!editable}
          onChange={(e) => setScope(e.target.value)}
        />
      </label>
      <label htmlFor={ids.ns}>
        Leave out namespaces
        <input
          id={ids.ns}
          value={namespaces}
          placeholder="dev, sandbox"
          autoCapitalize="off"
          spellCheck={false}
          aria-describedby={problem ? ids.problem : undefined}
          onChange={(e) => setNamespaces(e.target.value)}
        />
      </label>
      <label htmlFor={ids.labels}>
        Leave out objects labelled
        <input
          id={ids.labels}
          value={labels}
          placeholder="policy.example.com/skip=true"
          autoCapitalize="off"
          spellCheck={false}
          aria-describedby={problem ? ids.problem : undefined}
          onChange={(e) => setLabels(e.target.value)}
        />
      </label>
    </div>
  );

  return (
    <form
      className="cc-policy-form"
      aria-label={`${submitLabel} ${policy.title}`}
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      {!policy.enabled && (
        <label htmlFor={ids.mode}>
          Mode
          <select id={ids.mode} value={mode} onChange={(e) => setMode(e.target.value as PolicyMode)}>
            {PolicyMode.options.map((m) => (
              <option key={m} value={m}>
                {modeDescription(m)}
              </option>
            ))}
          </select>
        </label>
      )}
      {policy.enabled ? (
        fields
      ) : (
        <details className="cc-policy-more">
          <summary>Scope and exclusions (optional)</summary>
          {fields}
        </details>
      )}
      {problem && (
        <p id={ids.problem} className="cc-policy-error" role="alert">
          {problem}
        </p>
      )}
      {enable.error ? <ErrorNotice>{userMessage(enable.error)}</ErrorNotice> : null}
      <div className="cc-policy-row">
        <Button type="submit" variant={policy.enabled ? "secondary" : "primary"} disabled={enable.isPending}>
          {enable.isPending ? "Saving…" : submitLabel}
        </Button>
      </div>
    </form>
  );
}
