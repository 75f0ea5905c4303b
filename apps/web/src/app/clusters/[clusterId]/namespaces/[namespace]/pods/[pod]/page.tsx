"use client";
import type { ExecShell } from "@clustercord/contracts";
import { Button, LogViewer, Terminal } from "@clustercord/ui";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useParams } from "next/navigation";
import { useEffect, useId, useMemo, useState } from "react";
import type { Socket } from "socket.io-client";
import { AppShell } from "~/components/app-shell";
import { useTRPC } from "~/lib/trpc";
import { openSocket, socketLogSource, socketTerminalSource } from "./streams";
import "./pod.css";

/** One pod: its log (live) and, for operators and admins, a terminal. */
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

  const [socket, setSocket] = useState<Socket | null>(null);
  useEffect(() => {
    const s = openSocket();
    setSocket(s);
    return () => {
      s.close();
    };
  }, []);

  const logs = useMemo(() => (socket ? socketLogSource(socket, target) : null), [socket, target]);
  const [shell, setShell] = useState<ExecShell>("sh");
  const [terminalKey, setTerminalKey] = useState(0);
  const [terminalOpen, setTerminalOpen] = useState(false);
  const terminal = useMemo(
    () => (socket && terminalOpen ? socketTerminalSource(socket, { ...target, shell }) : null),
    [socket, target, shell, terminalOpen],
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
      <section className="cc-pod-section" aria-label="Log">
        <h2>Log</h2>
        {logs && <LogViewer source={logs} fileName={`${target.pod}.log`} />}
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
    </AppShell>
  );
}
