"use client";
import {
  commandTooLong,
  EXEC_TIMEOUT_SECONDS,
  type PodsExecOutput,
  splitCommandLine,
} from "@clustercord/contracts";
import { Badge, Button, ErrorNotice } from "@clustercord/ui";
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useId, useState } from "react";
import { useTRPC } from "~/lib/trpc";
import "./run-command.css";

const seconds = (ms: number) => (ms < 10_000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms / 1000)} s`);

/** How the command ended, as a badge. */
function Outcome({ result }: { result: PodsExecOutput }) {
  if (result.timedOut) return <Badge tone="warn">timed out: stopped</Badge>;
  if (result.exitCode === null) return <Badge tone="warn">stopped</Badge>;
  return <Badge tone={result.exitCode === 0 ? "good" : "bad"}>exit code {result.exitCode}</Badge>;
}

/**
 * "Run command" (operators and admins): one command in the picked container
 * through pods.exec, the procedure /exec in Discord uses, with the same
 * shell-like quoting (no shell runs: `sh -c '…'` gives one). Shows the exit
 * code, duration and output (at most 1 MiB).
 */
export function RunCommand({
  target,
}: {
  target: { clusterId: string; namespace: string; pod: string; container?: string };
}) {
  const trpc = useTRPC();
  const run = useMutation(trpc.pods.exec.mutationOptions());
  const [line, setLine] = useState("");
  const [refusal, setRefusal] = useState<string | null>(null);
  const inputId = useId();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const split = splitCommandLine(line);
    const refused = split.ok ? commandTooLong(split.argv) : split.message;
    setRefusal(refused);
    if (!split.ok || refused) return;
    run.mutate({ ...target, command: split.argv });
  };

  const result = run.data;
  return (
    <section className="cc-pod-section" aria-label="Run command">
      <h2>Run command</h2>
      <form className="cc-run-form" onSubmit={submit}>
        <label htmlFor={inputId}>Command</label>
        <input
          id={inputId}
          className="cc-run-input"
          value={line}
          onChange={(e) => setLine(e.target.value)}
          placeholder="ls -la /tmp   ·   sh -c 'ps aux | head'"
          autoComplete="off"
          spellCheck={false}
        />
        <Button type="submit" disabled={run.isPending || !line.trim()}>
          {run.isPending ? "Running…" : "Run"}
        </Button>
      </form>
      <p className="cc-muted cc-run-hint">
        Runs once, without a shell, for at most {EXEC_TIMEOUT_SECONDS} s; quote arguments as in a shell.
      </p>
      {refusal && <ErrorNotice>{refusal}</ErrorNotice>}
      {!refusal && run.error && <ErrorNotice>{run.error.message}</ErrorNotice>}
      {!refusal && !run.error && result && !run.isPending && (
        <div className="cc-run-result" data-testid="run-result">
          <div className="cc-run-facts">
            <Outcome result={result} />
            <span className="cc-muted">
              {seconds(result.durationMs)} in {result.container}
            </span>
            {result.truncated && <Badge tone="warn">output past 1 MiB left out</Badge>}
          </div>
          {result.output ? (
            // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard
            <pre className="cc-run-output" data-testid="run-output" tabIndex={0}>
              {result.output}
            </pre>
          ) : (
            <p className="cc-muted">No output.</p>
          )}
        </div>
      )}
    </section>
  );
}
