"use client";
import { AI_QUESTION_MAX, type DiagnoseTarget } from "@clustercord/contracts";
import { Button, ErrorNotice } from "@clustercord/ui";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useId, useState } from "react";
import { userMessage, useTRPC } from "~/lib/trpc";
import "./ask-ai.css";

/** How often the growing answer is read (diagnostics.answer) while the model writes. */
const POLL_MS = 400;

interface Answer {
  id: string;
  model: string;
  text: string;
  done: boolean;
  error: string | null;
}

/**
 * "Ask AI" under a diagnosis: a question about the target goes to
 * diagnostics.ask (the rule-based diagnosis again, then an AI model, when this
 * ClusterCord's operator turned one on); the answer is polled every ~400 ms and
 * shown as it grows, labelled AI-generated beside the rule-based findings.
 */
export function AskAi({ clusterId, target }: { clusterId: string; target: DiagnoseTarget }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const id = useId();
  const [question, setQuestion] = useState("");
  const [answer, setAnswer] = useState<Answer | null>(null);
  const ask = useMutation(
    trpc.diagnostics.ask.mutationOptions({
      onSuccess: (data) =>
        setAnswer({ id: data.answerId, model: data.model, text: "", done: false, error: null }),
    }),
  );

  // Each read schedules the next until the answer is done; a new question or leaving the page stops it.
  useEffect(() => {
    if (!answer || answer.done) return;
    let stopped = false;
    const timer = setTimeout(async () => {
      try {
        const next = await queryClient.fetchQuery({
          ...trpc.diagnostics.answer.queryOptions({ answerId: answer.id, after: answer.text.length }),
          staleTime: 0,
          gcTime: 0,
          retry: false,
        });
        if (stopped) return;
        setAnswer((a) =>
          a?.id === answer.id ? { ...a, text: a.text + next.text, done: next.done, error: next.error } : a,
        );
      } catch (error) {
        if (!stopped)
          setAnswer((a) => (a?.id === answer.id ? { ...a, done: true, error: userMessage(error) } : a));
      }
    }, POLL_MS);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [answer, queryClient, trpc]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const q = question.trim();
    if (!q || ask.isPending) return;
    setAnswer(null);
    ask.mutate({ clusterId, target, question: q });
  };
  const writing = ask.isPending || (answer !== null && !answer.done);

  return (
    <div
      className="cc-ask-ai"
      data-testid="ask-ai"
      data-state={writing ? "writing" : answer?.done ? "done" : "idle"}
    >
      <form className="cc-ask-ai-form" onSubmit={submit}>
        <label htmlFor={`${id}-q`}>Ask AI about this diagnosis</label>
        <textarea
          id={`${id}-q`}
          value={question}
          onChange={(e) => setQuestion(e.target.value)}
          maxLength={AI_QUESTION_MAX}
          rows={2}
          placeholder="e.g. why is it slow to start?"
        />
        <Button type="submit" variant="secondary" disabled={writing || !question.trim()}>
          {ask.isPending ? "Asking…" : "Ask AI"}
        </Button>
      </form>
      {ask.error && <ErrorNotice>{userMessage(ask.error)}</ErrorNotice>}
      {answer && (
        <section className="cc-ask-ai-answer" aria-labelledby={`${id}-label`} aria-busy={!answer.done}>
          <p id={`${id}-label`} className="cc-ask-ai-label">
            AI-generated ({answer.model}); the findings above are the rule-based result.
          </p>
          <p className="cc-ask-ai-text" data-testid="ai-answer" aria-live="polite">
            {answer.text || (answer.done ? "" : "Thinking…")}
          </p>
          {answer.error && <ErrorNotice>{answer.error}</ErrorNotice>}
        </section>
      )}
    </div>
  );
}
