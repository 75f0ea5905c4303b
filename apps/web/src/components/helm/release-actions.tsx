"use client";
import type { HelmOperation, HelmReleaseDetail } from "@clustercord/contracts";
import { Button, ErrorNotice } from "@clustercord/ui";
import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useId, useState } from "react";
import { appCode } from "~/app/clusters/[clusterId]/resources/refresh";
import { userMessage, useTRPC } from "~/lib/trpc";
import { helmHref, isValuesProblem, shortDate, valuesProblems } from "./format";
import { HelmFlow, PlanError } from "./helm-flow";
import { ValuesEditor } from "./values-editor";

type Target = { clusterId: string; namespace: string; release: string };

/** Values that came back masked cannot be sent back as they are: the editor then starts empty (keep current). */
const MASK = "••••••";

/** Upgrade…: a version from the chart's versions, values prefilled with the release's own, then the plan. */
export function UpgradeFlow({ target, detail }: { target: Target; detail: HelmReleaseDetail }) {
  const trpc = useTRPC();
  const ids = { version: useId(), chart: useId() };
  const [chartRef, setChartRef] = useState(detail.ref ?? "");
  const chart = useQuery({
    ...trpc.helm.chart.queryOptions({ ref: detail.ref ?? "x/x" }),
    enabled: !!detail.ref,
  });
  const prefill = detail.values.includes(MASK) ? "" : detail.values;
  const [values, setValues] = useState(prefill);
  const [version, setVersion] = useState("");
  const chosen = version || chart.data?.versions[0]?.version || "";

  const planUpgrade = useMutation(trpc.helm.planUpgrade.mutationOptions());
  const loadPlan = () =>
    planUpgrade.mutateAsync({
      ...target,
      ...(detail.ref ? {} : { chart: chartRef.trim() }),
      ...(chosen ? { version: chosen } : {}),
      // Unchanged values are not sent: the release keeps its own.
      ...(values !== prefill ? { values } : {}),
    });

  return (
    <HelmFlow
      loadPlan={loadPlan}
      form={({ requestPlan, planning, error }) => {
        const message = error ? userMessage(error) : "";
        const aboutValues = !!error && isValuesProblem(appCode(error), message);
        return (
          <form
            className="cc-helm-form"
            onSubmit={(e) => {
              e.preventDefault();
              requestPlan();
            }}
          >
            <p className="cc-muted">
              Now {detail.chart}-{detail.chartVersion} (revision {detail.revision}).
            </p>
            {!detail.ref && (
              <label htmlFor={ids.chart}>
                Chart (repository/chart; this release was not installed through ClusterCord)
                <input
                  id={ids.chart}
                  value={chartRef}
                  required
                  onChange={(e) => setChartRef(e.target.value)}
                />
              </label>
            )}
            {detail.ref && (
              <label htmlFor={ids.version}>
                Version
                <select id={ids.version} value={chosen} onChange={(e) => setVersion(e.target.value)}>
                  {(chart.data?.versions ?? []).map((v) => (
                    <option key={v.version} value={v.version}>
                      {v.version}
                      {v.version === detail.chartVersion ? " (current)" : ""}
                      {v.createdAt ? ` · ${shortDate(v.createdAt).slice(0, 10)}` : ""}
                    </option>
                  ))}
                </select>
              </label>
            )}
            {chart.error && <ErrorNotice>{userMessage(chart.error)}</ErrorNotice>}
            <ValuesEditor
              value={values}
              onChange={setValues}
              problems={aboutValues ? valuesProblems(message) : []}
              label={
                prefill
                  ? "Values (the release's own; edit to change)"
                  : "Values (empty keeps the release's own)"
              }
            />
            {error && !aboutValues ? <ErrorNotice>{message}</ErrorNotice> : null}
            <div className="cc-helm-actions">
              <Button type="submit" disabled={planning || (!detail.ref && !chartRef.trim())}>
                Preview
              </Button>
            </div>
          </form>
        );
      }}
    />
  );
}

/** Roll back to a revision: the plan of going back, then the rollback. */
export function RollbackFlow({ target, revision }: { target: Target; revision: number }) {
  const trpc = useTRPC();
  const planRollback = useMutation(trpc.helm.planRollback.mutationOptions());
  return (
    <HelmFlow
      loadPlan={() => planRollback.mutateAsync({ ...target, revision })}
      form={({ requestPlan, planning, error }) => (
        <div className="cc-helm-form">
          <p>
            Roll {target.release} back to revision {revision}. The plan shows what changes first.
          </p>
          <PlanError error={error} />
          <div className="cc-helm-actions">
            <Button disabled={planning} onClick={requestPlan}>
              Preview
            </Button>
          </div>
        </div>
      )}
    />
  );
}

/** Uninstall…: the objects that will be deleted, then the uninstall; a link back to the releases after. */
export function UninstallFlow({ target }: { target: Target }) {
  const trpc = useTRPC();
  const planUninstall = useMutation(trpc.helm.planUninstall.mutationOptions());
  const [done, setDone] = useState<HelmOperation | null>(null);
  return (
    <>
      <HelmFlow
        loadPlan={() => planUninstall.mutateAsync(target)}
        onFinished={setDone}
        form={({ requestPlan, planning, error }) => (
          <div className="cc-helm-form">
            <p>
              Uninstall {target.release} from {target.namespace}. The plan lists the objects it deletes first.
            </p>
            <PlanError error={error} />
            <div className="cc-helm-actions">
              <Button disabled={planning} onClick={requestPlan}>
                Preview
              </Button>
            </div>
          </div>
        )}
      />
      {done?.status === "succeeded" && (
        <p>
          <Link href={helmHref(target.clusterId)}>Back to the releases</Link>
        </p>
      )}
    </>
  );
}
