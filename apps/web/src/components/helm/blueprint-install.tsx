"use client";
import type { Blueprint, BlueprintPlan, BlueprintRun } from "@clustercord/contracts";
import { Badge, Button, ErrorNotice } from "@clustercord/ui";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { userMessage, useTRPC } from "~/lib/trpc";
import { blueprintStatusTone, countsText } from "./format";
import { ValuesEditor } from "./values-editor";

const POLL_MS = 1_000;

/**
 * One preset's install: the email when it asks, custom values per component,
 * then the per-component plan, then the run followed until it ends.
 */
export function BlueprintInstall({ clusterId, blueprint }: { clusterId: string; blueprint: Blueprint }) {
  const trpc = useTRPC();
  const emailId = useId();
  const [email, setEmail] = useState("");
  const [custom, setCustom] = useState<Record<string, string>>({});
  const [plan, setPlan] = useState<BlueprintPlan | null>(null);
  const [run, setRun] = useState<BlueprintRun | null>(null);
  const customValues = Object.fromEntries(Object.entries(custom).filter(([, v]) => v.trim() !== ""));

  const planBlueprint = useMutation(trpc.blueprints.plan.mutationOptions({ onSuccess: setPlan }));
  const planning = {
    mutate: () =>
      planBlueprint.mutate({
        clusterId,
        preset: blueprint.key,
        ...(blueprint.asks.includes("email") ? { email: email.trim() } : {}),
        ...(Object.keys(customValues).length ? { customValues } : {}),
      }),
    isPending: planBlueprint.isPending,
    error: planBlueprint.error,
  };
  const install = useMutation(trpc.blueprints.install.mutationOptions({ onSuccess: setRun }));

  if (run) return <RunStatus clusterId={clusterId} started={run} />;
  if (plan)
    return (
      <section className="cc-plan" aria-label={`Plan: ${blueprint.title}`} data-testid="blueprint-plan">
        <div className="cc-table-wrap">
          <table className="cc-table cc-helm-table" aria-label="Components">
            <thead>
              <tr>
                <th scope="col">Component</th>
                <th scope="col">Action</th>
                <th scope="col">Objects</th>
              </tr>
            </thead>
            <tbody>
              {plan.components.map((c) => (
                <tr key={c.name} data-component={c.name}>
                  <td>
                    {c.name}{" "}
                    <span className="cc-muted">
                      ({c.namespace}/{c.release})
                    </span>
                  </td>
                  <td>
                    <Badge tone={c.action === "unchanged" || c.action === "skip" ? "neutral" : "accent"}>
                      {c.action}
                    </Badge>
                  </td>
                  <td>
                    {c.counts ? countsText(c.counts) : "rendered once what it needs is installed"}
                    {c.note && <span className="cc-muted"> · {c.note}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {install.error && <ErrorNotice>{userMessage(install.error)}</ErrorNotice>}
        <div className="cc-helm-actions">
          <Button
            disabled={install.isPending}
            onClick={() =>
              install.mutate({ clusterId, planId: plan.planId, confirmToken: plan.confirmToken })
            }
          >
            Install {blueprint.title}
          </Button>
          <Button
            variant="secondary"
            onClick={() => {
              install.reset();
              setPlan(null);
            }}
          >
            Cancel
          </Button>
        </div>
      </section>
    );
  return (
    <form
      className="cc-helm-form"
      onSubmit={(e) => {
        e.preventDefault();
        planning.mutate();
      }}
    >
      <p className="cc-muted">{blueprint.description}</p>
      {blueprint.asks.includes("email") && (
        <label htmlFor={emailId}>
          Email for Let's Encrypt
          <input
            id={emailId}
            type="email"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </label>
      )}
      {blueprint.components.map((c) => (
        <details key={c.name}>
          <summary>
            Custom values for {c.name}{" "}
            <span className="cc-muted">
              ({c.chart} {c.version})
            </span>
          </summary>
          <ValuesEditor
            value={custom[c.name] ?? ""}
            onChange={(yaml) => setCustom((old) => ({ ...old, [c.name]: yaml }))}
            problems={[]}
            label={`Values for ${c.name} (YAML, over the preset's)`}
          />
        </details>
      ))}
      {planning.error && <ErrorNotice>{userMessage(planning.error)}</ErrorNotice>}
      {planning.isPending && (
        <p className="cc-muted" role="status">
          Planning each component with Helm…
        </p>
      )}
      <div className="cc-helm-actions">
        <Button type="submit" disabled={planning.isPending}>
          Preview
        </Button>
      </div>
    </form>
  );
}

/** A bootstrap run, asked again every second until it is no longer running. */
function RunStatus({ clusterId, started }: { clusterId: string; started: BlueprintRun }) {
  const trpc = useTRPC();
  const run = useQuery({
    ...trpc.blueprints.run.queryOptions({ clusterId, runId: started.id }),
    initialData: started,
    refetchInterval: (q) => (q.state.data?.status === "running" ? POLL_MS : false),
  });
  const current = run.data ?? started;
  return (
    <section
      className="cc-plan"
      aria-label="Blueprint run"
      data-testid="blueprint-run"
      data-status={current.status}
    >
      <p role="status" className="cc-inline">
        <Badge
          tone={current.status === "succeeded" ? "good" : current.status === "failed" ? "bad" : "accent"}
        >
          {current.status}
        </Badge>
        {current.status === "succeeded" && (
          <span>Installed. Access URLs and credentials were sent to you only (DM and notification).</span>
        )}
      </p>
      <ul className="cc-plan-objects" aria-label="Components">
        {current.components.map((c) => (
          <li key={c.name} className="cc-plan-object" data-component={c.name} data-status={c.status}>
            <Badge tone={blueprintStatusTone(c.status)}>{c.status}</Badge>
            <strong>{c.name}</strong>
            {c.message && <span className="cc-muted">{c.message}</span>}
          </li>
        ))}
      </ul>
      {run.error && <ErrorNotice>{userMessage(run.error)}</ErrorNotice>}
    </section>
  );
}
