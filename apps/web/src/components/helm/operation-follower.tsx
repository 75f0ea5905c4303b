"use client";
import type { HelmOperation } from "@clustercord/contracts";
import { Badge, Button, ErrorNotice } from "@clustercord/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { userMessage, useTRPC } from "~/lib/trpc";
import { isRunning, operationOutcome } from "./format";

/** How often a running operation is asked again. */
const POLL_MS = 1_000;

/**
 * A Helm operation as it runs: Helm's output live (scrolled to the end),
 * Cancel while it runs, and the outcome when it ends (succeeded, failed,
 * rolled back, cancelled). `onFinished` is called once, when it stops running.
 */
export function OperationFollower({
  started,
  onFinished,
}: {
  started: HelmOperation;
  onFinished?: (op: HelmOperation) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const input = { clusterId: started.clusterId, operationId: started.id };
  const op = useQuery({
    ...trpc.helm.operation.queryOptions(input),
    initialData: started,
    refetchInterval: (query) => (query.state.data && isRunning(query.state.data) ? POLL_MS : false),
  });
  const cancel = useMutation(
    trpc.helm.cancel.mutationOptions({
      onSuccess: (data) => queryClient.setQueryData(trpc.helm.operation.queryKey(input), data),
    }),
  );
  const current = op.data ?? started;
  const running = isRunning(current);
  const outcome = operationOutcome(current);

  const output = useRef<HTMLPreElement>(null);
  // Follow the end of the output as it grows.
  // biome-ignore lint/correctness/useExhaustiveDependencies: new output is the trigger
  useEffect(() => {
    const el = output.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [current.output]);

  const finished = useRef(false);
  useEffect(() => {
    if (!running && !finished.current) {
      finished.current = true;
      onFinished?.(current);
    }
  }, [running, current, onFinished]);

  return (
    <section
      className="cc-plan"
      aria-label="Operation"
      data-testid="helm-operation"
      data-status={current.status}
    >
      <p className="cc-inline" role="status">
        <Badge tone={outcome.tone}>{current.status}</Badge>
        <strong>{outcome.title}</strong>
      </p>
      {current.message && <p data-testid="operation-message">{current.message}</p>}
      <pre
        ref={output}
        className="cc-helm-pre cc-helm-output"
        role="log"
        aria-label="Helm output"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard
        tabIndex={0}
      >
        {current.output || (running ? "Waiting for Helm…" : "")}
      </pre>
      {op.error && <ErrorNotice>{userMessage(op.error)}</ErrorNotice>}
      {cancel.error && <ErrorNotice>{userMessage(cancel.error)}</ErrorNotice>}
      {running && (
        <div className="cc-helm-actions">
          <Button variant="secondary" disabled={cancel.isPending} onClick={() => cancel.mutate(input)}>
            Cancel operation
          </Button>
        </div>
      )}
    </section>
  );
}
