"use client";
import type { HelmChartOutput, HelmOperation } from "@clustercord/contracts";
import { Button, Dialog, ErrorNotice } from "@clustercord/ui";
import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useId, useState } from "react";
import { appCode } from "~/app/clusters/[clusterId]/resources/refresh";
import { userMessage, useTRPC } from "~/lib/trpc";
import { isValuesProblem, releaseHref, shortDate, valuesProblems } from "./format";
import { HelmFlow } from "./helm-flow";
import { ValuesEditor } from "./values-editor";

/** Install… on a chart's page: release name, namespace, version and values, then the plan, then the install. */
export function InstallDialog({ clusterId, chart }: { clusterId: string; chart: HelmChartOutput }) {
  const [open, setOpen] = useState(false);
  const [done, setDone] = useState<HelmOperation | null>(null);
  return (
    <>
      <Button
        onClick={() => {
          setDone(null);
          setOpen(true);
        }}
      >
        Install…
      </Button>
      <Dialog open={open} onOpenChange={setOpen} title={`Install ${chart.ref}`} wide>
        {open && <InstallFlow clusterId={clusterId} chart={chart} onFinished={setDone} />}
        {done && done.status === "succeeded" && (
          <p>
            <Link href={releaseHref(clusterId, done.namespace, done.release)}>
              Open release {done.release}
            </Link>
          </p>
        )}
      </Dialog>
    </>
  );
}

function InstallFlow({
  clusterId,
  chart,
  onFinished,
}: {
  clusterId: string;
  chart: HelmChartOutput;
  onFinished: (op: HelmOperation) => void;
}) {
  const trpc = useTRPC();
  const ids = { name: useId(), ns: useId(), newNs: useId(), version: useId(), create: useId() };
  const namespaces = useQuery(trpc.namespaces.list.queryOptions({ clusterId }));
  const [release, setRelease] = useState(chart.chart.toLowerCase());
  const [picked, setPicked] = useState("");
  const [createNamespace, setCreateNamespace] = useState(false);
  const [newNamespace, setNewNamespace] = useState("");
  const [version, setVersion] = useState(chart.version);
  const [values, setValues] = useState("");
  const namespace = createNamespace ? newNamespace.trim() : picked || namespaces.data?.namespaces[0] || "";

  const planInstall = useMutation(trpc.helm.planInstall.mutationOptions());
  const loadPlan = () =>
    planInstall.mutateAsync({
      clusterId,
      namespace,
      release: release.trim(),
      chart: chart.ref,
      version,
      ...(values.trim() ? { values } : {}),
      createNamespace,
    });

  return (
    <HelmFlow
      loadPlan={loadPlan}
      onFinished={onFinished}
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
            <div className="cc-helm-row">
              <label htmlFor={ids.name}>
                Release name
                <input
                  id={ids.name}
                  value={release}
                  required
                  maxLength={53}
                  autoCapitalize="off"
                  spellCheck={false}
                  onChange={(e) => setRelease(e.target.value)}
                />
              </label>
              <label htmlFor={ids.version}>
                Version
                <select id={ids.version} value={version} onChange={(e) => setVersion(e.target.value)}>
                  {chart.versions.map((v) => (
                    <option key={v.version} value={v.version}>
                      {v.version}
                      {v.createdAt ? ` (${shortDate(v.createdAt).slice(0, 10)})` : ""}
                    </option>
                  ))}
                </select>
              </label>
            </div>
            <div className="cc-helm-row">
              {createNamespace ? (
                <label htmlFor={ids.newNs}>
                  New namespace
                  <input
                    id={ids.newNs}
                    value={newNamespace}
                    required
                    autoCapitalize="off"
                    spellCheck={false}
                    onChange={(e) => setNewNamespace(e.target.value)}
                  />
                </label>
              ) : (
                <label htmlFor={ids.ns}>
                  Namespace
                  <select id={ids.ns} value={namespace} onChange={(e) => setPicked(e.target.value)}>
                    {(namespaces.data?.namespaces ?? []).map((ns) => (
                      <option key={ns} value={ns}>
                        {ns}
                      </option>
                    ))}
                  </select>
                </label>
              )}
              <label htmlFor={ids.create} className="cc-check">
                <input
                  id={ids.create}
                  type="checkbox"
                  checked={createNamespace}
                  onChange={(e) => setCreateNamespace(e.target.checked)}
                />
                Create the namespace
              </label>
            </div>
            {namespaces.error && <ErrorNotice>{userMessage(namespaces.error)}</ErrorNotice>}
            <ValuesEditor
              value={values}
              onChange={setValues}
              problems={aboutValues ? valuesProblems(message) : []}
              label="Values (YAML, over the chart's defaults)"
            />
            {error && !aboutValues ? <ErrorNotice>{message}</ErrorNotice> : null}
            <div className="cc-helm-actions">
              <Button type="submit" disabled={planning || !namespace || !release.trim()}>
                Preview
              </Button>
            </div>
          </form>
        );
      }}
    />
  );
}
