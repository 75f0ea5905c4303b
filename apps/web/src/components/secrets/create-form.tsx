"use client";
import { VaultSecretType } from "@clustercord/contracts";
import { Button, Card, ErrorNotice } from "@clustercord/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useId, useRef, useState } from "react";
import { userMessage, useTRPC } from "~/lib/trpc";
import { EntryRows, readEntryRows } from "./entry-rows";
import {
  type ChosenFile,
  type CreateForm,
  createInput,
  emptyCreateForm,
  secretTypeLabel,
  valuesFromEntries,
  valuesFromFile,
} from "./format";
import { PlacePicker } from "./place-picker";
import { SecretFileInput } from "./secret-file-input";

/**
 * Create a vault secret (secrets.create): its name, home (cluster and
 * namespace), type, and values from an uploaded file or typed rows. After it
 * is stored every input is emptied; the reply names keys only.
 */
export function CreateSecretCard() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const ids = { name: useId(), type: useId(), source: useId() };
  const formRef = useRef<HTMLFormElement>(null);
  const [form, setForm] = useState<CreateForm>(emptyCreateForm);
  const [source, setSource] = useState<"file" | "entries">("file");
  const [file, setFile] = useState<ChosenFile | null>(null);
  // A new round empties the file picker and the typed rows.
  const [round, setRound] = useState(0);
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const clusters = useQuery(trpc.clusters.list.queryOptions());
  const create = useMutation(
    trpc.secrets.create.mutationOptions({
      // What was sent (the values) is not kept in the mutation cache afterwards.
      gcTime: 0,
      onSuccess: ({ message }) => {
        setDone(message);
        setFile(null);
        formRef.current?.reset();
        setRound((r) => r + 1);
        setForm((f) => ({ ...emptyCreateForm, clusterId: f.clusterId, namespace: f.namespace }));
        void queryClient.invalidateQueries({ queryKey: trpc.secrets.list.pathKey() });
      },
    }),
  );
  const clusterId = form.clusterId || clusters.data?.clusters[0]?.id || "";

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setDone(null);
    create.reset();
    const values =
      source === "file" ? valuesFromFile(file) : valuesFromEntries(readEntryRows(event.currentTarget));
    const checked = createInput({ ...form, clusterId }, values);
    if (!checked.input) {
      setProblem(checked.problem);
      return;
    }
    setProblem(null);
    create.mutate(checked.input, { onSuccess: () => create.reset() });
  };

  return (
    <Card title="Create a secret">
      <form ref={formRef} className="cc-form cc-secrets-form" aria-label="Create a secret" onSubmit={submit}>
        <label htmlFor={ids.name}>
          Name
          <input
            id={ids.name}
            value={form.name}
            maxLength={253}
            autoComplete="off"
            spellCheck={false}
            placeholder="db-creds"
            onChange={(e) => setForm({ ...form, name: e.target.value })}
          />
        </label>
        <PlacePicker
          clusters={clusters.data?.clusters ?? []}
          clusterId={clusterId}
          namespace={form.namespace}
          onChange={(place) => setForm({ ...form, ...place })}
          clusterLabel="Cluster"
          namespaceLabel="Namespace"
        />
        {clusters.error && <ErrorNotice>{userMessage(clusters.error)}</ErrorNotice>}
        <label htmlFor={ids.type}>
          Type
          <select
            id={ids.type}
            value={form.type}
            onChange={(e) => setForm({ ...form, type: e.target.value as CreateForm["type"] })}
          >
            {VaultSecretType.options.map((t) => (
              <option key={t} value={t}>
                {secretTypeLabel[t]}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="cc-secrets-fieldset">
          <legend>Values from</legend>
          <div className="cc-secrets-choices">
            <label className="cc-check">
              <input
                type="radio"
                name={ids.source}
                checked={source === "file"}
                onChange={() => setSource("file")}
              />
              A file (.env, YAML or JSON)
            </label>
            <label className="cc-check">
              <input
                type="radio"
                name={ids.source}
                checked={source === "entries"}
                onChange={() => setSource("entries")}
              />
              Keys and values typed here
            </label>
          </div>
        </fieldset>
        {source === "file" ? (
          <SecretFileInput key={round} label="Values file" file={file} onChange={setFile} />
        ) : (
          <EntryRows key={round} disabled={create.isPending} />
        )}
        <p className="cc-muted cc-secrets-help">
          Values are encrypted in the vault and only ever leave it into a Kubernetes Secret; they are never
          shown again.
        </p>
        {problem && <ErrorNotice>{problem}</ErrorNotice>}
        {create.error && <ErrorNotice>{userMessage(create.error)}</ErrorNotice>}
        {done && (
          <p className="cc-success" role="status">
            {done}
          </p>
        )}
        <div>
          <Button type="submit" disabled={create.isPending}>
            {create.isPending ? "Storing…" : "Create secret"}
          </Button>
        </div>
      </form>
    </Card>
  );
}
