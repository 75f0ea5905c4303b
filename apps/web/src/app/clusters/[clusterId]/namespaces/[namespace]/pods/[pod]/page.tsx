"use client";
import type { ExecShell } from "@clustercord/contracts";
import { Button, Card, ErrorNotice, LogViewer, Terminal } from "@clustercord/ui";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useParams } from "next/navigation";
import { useEffect, useId, useMemo, useState } from "react";
import type { Socket } from "socket.io-client";
import { AppShell } from "~/components/app-shell";
import { DiagnosePanel } from "~/components/diagnostics/diagnose-panel";
import { useTRPC } from "~/lib/trpc";
import { DeletePod } from "./delete-pod";
import { KeyValues, PodConditions, PodContainers, PodEvents, PodFacts } from "./pod-details";
import { RunCommand } from "./run-command";
import { openSocket, socketLogSource, socketTerminalSource } from "./streams";
import "./pod.css";

/** How often the pod's details and events are asked again (the API serves them from its caches). */
const DETAILS_REFRESH_MS = 5_000;

/**
 * One pod: its status, conditions, containers, events, labels and
 * annotations; its log (live) and, for operators and admins, a terminal, both
 * on the container picked at the top (the pod's first container by default).
 */
export default function PodPage() {
  const params = useParams<{ clusterId: string; namespace: string; pod: string }>();
  const target = useMemo(
    () => ({
      clusterId: params.clusterId,
      namespace: decodeURIComponent(params.namespace),
      pod: decodeURIComponent(params.pod),
    }),
    [params.clusterId, params.namespace, params.pod],
  );
  const trpc = useTRPC();
  const me = useQuery(trpc.me.get.queryOptions());
  const role = me.data?.guild?.role;
  const mayExec = role === "operator" || role === "admin";
  const shellId = useId();
  const containerId = useId();

  // The pod's containers (pods.get); streams open once it has answered, on the picked container.
  const pod = useQuery({
    ...trpc.pods.get.queryOptions(target, { retry: false }),
    refetchInterval: (query) => (query.state.status === "error" ? false : DETAILS_REFRESH_MS),
  });
  // Events come with the resource browser's detail of the pod (same read rules as its page).
  const described = useQuery({
    ...trpc.resources.get.queryOptions(
      { clusterId: target.clusterId, kind: "pods", namespace: target.namespace, name: target.pod },
      { retry: false },
    ),
    enabled: pod.isSuccess,
    refetchInterval: (query) => (query.state.status === "error" ? false : DETAILS_REFRESH_MS * 2),
  });
  const containers = pod.data?.pod.containers ?? [];
  const initContainers = pod.data?.pod.initContainers ?? [];
  const [picked, setPicked] = useState<string | null>(null);
  const container = picked ?? containers[0];
  const ready = !pod.isPending;
  const onContainer = useMemo(() => (container ? { ...target, container } : target), [target, container]);

  const [socket, setSocket] = useState<Socket | null>(null);
  useEffect(() => {
    const s = openSocket();
    setSocket(s);
    return () => {
      s.close();
    };
  }, []);

  const logs = useMemo(
    () => (socket && ready ? socketLogSource(socket, onContainer) : null),
    [socket, ready, onContainer],
  );
  const [shell, setShell] = useState<ExecShell>("sh");
  const [terminalKey, setTerminalKey] = useState(0);
  const [terminalOpen, setTerminalOpen] = useState(false);
  const terminal = useMemo(
    () => (socket && ready && terminalOpen ? socketTerminalSource(socket, { ...onContainer, shell }) : null),
    [socket, ready, onContainer, shell, terminalOpen],
  );

  return (
    <AppShell>
      <div className="cc-pod-head">
        <h1 className="cc-page-title">
          {target.pod} <span className="cc-muted">in {target.namespace}</span>
        </h1>
        <Link href={`/clusters/${target.clusterId}/pods?namespace=${encodeURIComponent(target.namespace)}`}>
          ← Pods
        </Link>
      </div>
      <div className="cc-pod-controls">
        {/* The label holds only its text, so the picker is named "Container" exactly. */}
        <span className="cc-pod-picker">
          <label htmlFor={containerId}>Container</label>
          <select
            id={containerId}
            value={container ?? ""}
            disabled={containers.length + initContainers.length === 0}
            onChange={(e) => setPicked(e.target.value)}
          >
            {containers.length + initContainers.length === 0 && <option value="">(default)</option>}
            {containers.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
            {initContainers.length > 0 && (
              <optgroup label="Init containers">
                {initContainers.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </optgroup>
            )}
          </select>
        </span>
        {mayExec && pod.data && <DeletePod target={target} />}
      </div>
      {pod.error && <ErrorNotice>{pod.error.message}</ErrorNotice>}
      <DiagnosePanel
        clusterId={target.clusterId}
        target={{ kind: "Pod", namespace: target.namespace, name: target.pod }}
      />
      {pod.data && (
        <>
          <div className="cc-pod-grid">
            <Card title="Status">
              <PodFacts pod={pod.data.pod} clusterId={target.clusterId} />
            </Card>
            <Card title="Conditions">
              <PodConditions conditions={pod.data.pod.conditions} />
            </Card>
          </div>
          <div className="cc-pod-grid cc-pod-section">
            <Card title="Containers">
              <PodContainers containers={pod.data.pod.containerDetails} />
            </Card>
            <Card title="Events">
              {described.error ? (
                <ErrorNotice>{described.error.message}</ErrorNotice>
              ) : (
                <PodEvents events={described.data?.events} />
              )}
            </Card>
          </div>
        </>
      )}
      <section className="cc-pod-section" aria-label="Log">
        <h2>Log</h2>
        {logs && (
          <LogViewer source={logs} fileName={`${target.pod}${container ? `-${container}` : ""}.log`} />
        )}
      </section>
      {mayExec && (
        <section className="cc-pod-section" aria-label="Terminal">
          <h2>Terminal</h2>
          <div className="cc-pod-controls">
            <label htmlFor={shellId}>
              Shell
              <select id={shellId} value={shell} onChange={(e) => setShell(e.target.value as ExecShell)}>
                <option value="sh">sh</option>
                <option value="bash">bash</option>
              </select>
            </label>
            {terminalOpen ? (
              <>
                <Button variant="secondary" onClick={() => setTerminalKey((k) => k + 1)}>
                  Reconnect
                </Button>
                <Button variant="danger" onClick={() => setTerminalOpen(false)}>
                  Close terminal
                </Button>
              </>
            ) : (
              <Button onClick={() => setTerminalOpen(true)}>Open terminal</Button>
            )}
          </div>
          {/* A new key mounts a new terminal, which opens a new session. */}
          {terminal && <Terminal key={terminalKey} source={terminal} />}
        </section>
      )}
      {/* Beside the terminal: one command through pods.exec, as /exec runs it in Discord. */}
      {mayExec && pod.data && <RunCommand target={onContainer} />}
      {pod.data && (
        <div className="cc-pod-grid cc-pod-section">
          <Card title="Labels">
            <KeyValues values={pod.data.pod.labels} label="Labels" />
          </Card>
          <Card title="Annotations">
            <KeyValues values={pod.data.pod.annotations} label="Annotations" />
          </Card>
        </div>
      )}
    </AppShell>
  );
}
