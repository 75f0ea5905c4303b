"use client";
import {
  RotateShape,
  type SecretsPlanRotateOutput,
  type SecretsRotateOutput,
  type SecretsRotateSpec,
  type VaultSecretSummary,
} from "@clustercord/contracts";
import { Button, ErrorNotice } from "@clustercord/ui";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { userMessage, useTRPC } from "~/lib/trpc";
import {
  type ChosenFile,
  emptyRotateForm,
  placeText,
  type RotateForm,
  rotateShapeLabel,
  rotateSpec,
} from "./format";
import { SecretFileInput } from "./secret-file-input";

/**
 * Rotate in two steps: the form (keys with a generated shape and length, or
 * new values from a file; restart the Deployments that use it) becomes
 * secrets.planRotate's plan (keys, places it is re-applied to, restarts);
 * Confirm sends the same spec with the plan's token to secrets.rotate.
 */
export function RotatePanel({ secret }: { secret: VaultSecretSummary }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<RotateForm>(() => emptyRotateForm(secret.keys));
  const [file, setFile] = useState<ChosenFile | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  // The spec the plan was made for: Confirm sends exactly it.
  const [planned, setPlanned] = useState<{ spec: SecretsRotateSpec; plan: SecretsPlanRotateOutput } | null>(
    null,
  );
  const [done, setDone] = useState<SecretsRotateOutput | null>(null);
  // A mutation (uploaded values travel in the body, not a URL); what was sent is not kept afterwards.
  const planRotate = useMutation({ ...trpc.secrets.planRotate.mutationOptions(), gcTime: 0 });
  const rotate = useMutation({
    ...trpc.secrets.rotate.mutationOptions(),
    gcTime: 0,
    onSuccess: (result) => {
      setDone(result);
      setPlanned(null);
      setFile(null);
      setForm(emptyRotateForm(secret.keys));
      void queryClient.invalidateQueries({ queryKey: trpc.secrets.list.pathKey() });
      void queryClient.invalidateQueries({ queryKey: trpc.secrets.versions.pathKey() });
    },
  });

  const preview = () => {
    setDone(null);
    planRotate.reset();
    const checked = rotateSpec(secret.name, form, file);
    if (!checked.input) {
      setProblem(checked.problem);
      return;
    }
    setProblem(null);
    const spec = checked.input;
    planRotate.mutate(spec, { onSuccess: (plan) => setPlanned({ spec, plan }) });
  };

  if (planned) {
    return (
      <RotatePlan
        plan={planned.plan}
        pending={rotate.isPending}
        error={rotate.error}
        confirmLabel={`Rotate ${secret.name}`}
        onConfirm={() => rotate.mutate({ ...planned.spec, confirmToken: planned.plan.confirmToken })}
        onCancel={() => {
          rotate.reset();
          setPlanned(null);
        }}
      />
    );
  }
  return (
    <section className="cc-secrets-panel" aria-label={`Rotate ${secret.name}`}>
      {done && (
        <div className="cc-success" role="status" data-testid="rotate-result">
          <p>{done.message}</p>
          {done.restarted.length > 0 && <p>Restarted: {done.restarted.join(", ")}</p>}
        </div>
      )}
      <RotateFields secret={secret} form={form} setForm={setForm} file={file} setFile={setFile} />
      {problem && <ErrorNotice>{problem}</ErrorNotice>}
      {planRotate.error && <ErrorNotice>{userMessage(planRotate.error)}</ErrorNotice>}
      <div className="cc-secrets-actions">
        <Button disabled={planRotate.isPending} onClick={preview}>
          {planRotate.isPending ? "Planning…" : "Preview rotation"}
        </Button>
      </div>
    </section>
  );
}

function RotateFields({
  secret,
  form,
  setForm,
  file,
  setFile,
}: {
  secret: VaultSecretSummary;
  form: RotateForm;
  setForm: (form: RotateForm) => void;
  file: ChosenFile | null;
  setFile: (file: ChosenFile | null) => void;
}) {
  const ids = { mode: useId(), shape: useId(), length: useId() };
  const toggle = (key: string, on: boolean) =>
    setForm({
      ...form,
      keys: on
        ? secret.keys.filter((k) => k === key || form.keys.includes(k))
        : form.keys.filter((k) => k !== key),
    });
  return (
    <>
      <fieldset className="cc-secrets-fieldset">
        <legend>New values</legend>
        <div className="cc-secrets-choices">
          <label className="cc-check">
            <input
              type="radio"
              name={ids.mode}
              checked={form.mode === "generate"}
              onChange={() => setForm({ ...form, mode: "generate" })}
            />
            Generated for the chosen keys
          </label>
          <label className="cc-check">
            <input
              type="radio"
              name={ids.mode}
              checked={form.mode === "file"}
              onChange={() => setForm({ ...form, mode: "file" })}
            />
            From a file
          </label>
        </div>
      </fieldset>
      {form.mode === "generate" ? (
        <>
          <fieldset className="cc-secrets-fieldset">
            <legend>Keys to rotate</legend>
            <div className="cc-secrets-choices">
              {secret.keys.map((key) => (
                <label key={key} className="cc-check">
                  <input
                    type="checkbox"
                    checked={form.keys.includes(key)}
                    onChange={(e) => toggle(key, e.target.checked)}
                  />
                  <span className="cc-mono">{key}</span>
                </label>
              ))}
            </div>
          </fieldset>
          <div className="cc-secrets-place">
            <label htmlFor={ids.shape}>
              Shape
              <select
                id={ids.shape}
                value={form.shape}
                onChange={(e) => setForm({ ...form, shape: e.target.value as RotateForm["shape"] })}
              >
                {RotateShape.options.map((shape) => (
                  <option key={shape} value={shape}>
                    {rotateShapeLabel[shape]}
                  </option>
                ))}
              </select>
            </label>
            <label htmlFor={ids.length}>
              Length
              <input
                id={ids.length}
                inputMode="numeric"
                value={form.length}
                onChange={(e) => setForm({ ...form, length: e.target.value })}
              />
            </label>
          </div>
        </>
      ) : (
        <SecretFileInput
          label="New values file (keys not in it keep their values)"
          file={file}
          onChange={setFile}
        />
      )}
      <label className="cc-check">
        <input
          type="checkbox"
          checked={form.restartDeployments}
          onChange={(e) => setForm({ ...form, restartDeployments: e.target.checked })}
        />
        Restart the Deployments that use it
      </label>
    </>
  );
}

/** The rotation's plan: keys, places re-applied to, Deployments restarted; then Confirm or Cancel. */
function RotatePlan({
  plan,
  pending,
  error,
  confirmLabel,
  onConfirm,
  onCancel,
}: {
  plan: SecretsPlanRotateOutput;
  pending: boolean;
  error: unknown;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <section
      className="cc-secrets-panel cc-secrets-plan"
      aria-label={`Plan: ${plan.summary}`}
      data-testid="rotate-plan"
    >
      <p>
        <strong>{plan.summary}</strong>
      </p>
      <h3>Keys that get new values</h3>
      <ul aria-label="Keys that get new values">
        {plan.keys.map((k) => (
          <li key={k} className="cc-mono">
            {k}
          </li>
        ))}
      </ul>
      <h3>Re-applied to</h3>
      {plan.placements.length === 0 ? (
        <p className="cc-muted">Nowhere: it is not applied yet.</p>
      ) : (
        <ul aria-label="Re-applied to">
          {plan.placements.map((p) => (
            <li key={placeText(p)}>{placeText(p)}</li>
          ))}
        </ul>
      )}
      <h3>Deployments restarted</h3>
      {plan.restarts.length === 0 ? (
        <p className="cc-muted">None.</p>
      ) : (
        <ul aria-label="Deployments restarted">
          {plan.restarts.map((d) => (
            <li key={d} className="cc-mono">
              {d}
            </li>
          ))}
        </ul>
      )}
      {plan.changes.length > 0 && (
        <>
          <h3>Changes</h3>
          <ul>
            {plan.changes.map((c) => (
              <li key={c}>{c}</li>
            ))}
          </ul>
        </>
      )}
      {error ? <ErrorNotice>{userMessage(error)}</ErrorNotice> : null}
      <div className="cc-secrets-actions">
        <Button variant="danger" disabled={pending} onClick={onConfirm}>
          {confirmLabel}
        </Button>
        <Button variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </section>
  );
}
