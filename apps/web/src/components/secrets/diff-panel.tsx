"use client";
import type { SecretsDiffInput, SecretsDiffOutput, VaultSecretSummary } from "@clustercord/contracts";
import { Badge, Button, ErrorNotice } from "@clustercord/ui";
import { useMutation } from "@tanstack/react-query";
import { useId, useState } from "react";
import { userMessage, useTRPC } from "~/lib/trpc";
import {
  type ChosenFile,
  diffGroups,
  diffSummary,
  placeKey,
  placeText,
  type SecretPlace,
  VALUES_NOT_SHOWN,
  valuesFromFile,
} from "./format";
import { SecretFileInput } from "./secret-file-input";

const groupTone = { added: "good", removed: "bad", changed: "warn", unchanged: "neutral" } as const;

/**
 * Diff (secrets.diff): the newest version against an uploaded file or the
 * live Kubernetes Secret in one of its places. Keys are compared by keyed
 * hash on the server: the answer names keys, never values.
 */
export function DiffPanel({
  secret,
  places,
}: {
  secret: VaultSecretSummary;
  places: readonly SecretPlace[];
}) {
  const trpc = useTRPC();
  const ids = { against: useId(), place: useId() };
  const [against, setAgainst] = useState<"file" | "live">("file");
  const [file, setFile] = useState<ChosenFile | null>(null);
  const [placeChosen, setPlaceChosen] = useState(() => (places[0] ? placeKey(places[0]) : ""));
  const [problem, setProblem] = useState<string | null>(null);
  // A mutation (a file travels in the body, not a URL); what was sent is not kept in the cache afterwards.
  const diff = useMutation({ ...trpc.secrets.diff.mutationOptions(), gcTime: 0 });

  const compare = () => {
    diff.reset();
    let input: SecretsDiffInput;
    if (against === "file") {
      const values = valuesFromFile(file);
      if (values.input?.kind !== "file") {
        setProblem(values.problem ?? "Choose a file.");
        return;
      }
      const { kind: _kind, ...fileSource } = values.input;
      input = { name: secret.name, against: { kind: "file", ...fileSource } };
    } else {
      const place = places.find((p) => placeKey(p) === placeChosen);
      input = {
        name: secret.name,
        against: place
          ? { kind: "live", clusterId: place.clusterId, namespace: place.namespace }
          : { kind: "live" },
      };
    }
    setProblem(null);
    diff.mutate(input);
  };

  return (
    <section className="cc-secrets-panel" aria-label={`Diff ${secret.name}`}>
      <fieldset className="cc-secrets-fieldset">
        <legend>Compare v{secret.version} with</legend>
        <div className="cc-secrets-choices">
          <label className="cc-check">
            <input
              type="radio"
              name={ids.against}
              checked={against === "file"}
              onChange={() => setAgainst("file")}
            />
            A file
          </label>
          <label className="cc-check">
            <input
              type="radio"
              name={ids.against}
              checked={against === "live"}
              onChange={() => setAgainst("live")}
            />
            The live Secret in the cluster
          </label>
        </div>
      </fieldset>
      {against === "file" ? (
        <SecretFileInput label="File to compare" file={file} onChange={setFile} />
      ) : (
        <label htmlFor={ids.place}>
          Where
          <select id={ids.place} value={placeChosen} onChange={(e) => setPlaceChosen(e.target.value)}>
            {places.map((p) => (
              <option key={placeKey(p)} value={placeKey(p)}>
                {placeText(p)}
                {p.home ? " (home)" : ""}
              </option>
            ))}
          </select>
        </label>
      )}
      {problem && <ErrorNotice>{problem}</ErrorNotice>}
      {diff.error && <ErrorNotice>{userMessage(diff.error)}</ErrorNotice>}
      {diff.data && <DiffResult diff={diff.data} />}
      <div className="cc-secrets-actions">
        <Button disabled={diff.isPending} onClick={compare}>
          {diff.isPending ? "Comparing…" : "Compare"}
        </Button>
      </div>
    </section>
  );
}

/** Added / removed / changed / unchanged keys, and the note that values are not shown. */
export function DiffResult({ diff }: { diff: SecretsDiffOutput }) {
  const groups = diffGroups(diff);
  return (
    <section className="cc-secrets-diff" aria-label="Diff result" data-testid="diff-result">
      <p>
        Against {diff.against}: <strong>{diffSummary(diff)}</strong>
      </p>
      <ul className="cc-secrets-diff-groups">
        {groups.map((g) => (
          <li key={g.id} data-group={g.id}>
            <Badge tone={groupTone[g.id]}>{g.label}</Badge>{" "}
            <span className="cc-mono">{g.keys.join(", ")}</span>
          </li>
        ))}
      </ul>
      <p className="cc-muted" data-testid="diff-note">
        {diff.note || VALUES_NOT_SHOWN}
      </p>
    </section>
  );
}
