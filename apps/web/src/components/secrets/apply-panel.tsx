"use client";
import type { ClusterSummary, SecretsApplyOutput, VaultSecretSummary } from "@clustercord/contracts";
import { Button, ErrorNotice } from "@clustercord/ui";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useCallback, useId, useState } from "react";
import { userMessage, useTRPC } from "~/lib/trpc";
import { keysText, placeText, secretTypeLabel, shortTime } from "./format";
import { PlacePicker } from "./place-picker";

/**
 * Apply (secrets.apply): the newest version into its home namespace or
 * another one, as the person, by server-side apply. The reply names keys,
 * type and time.
 */
export function ApplyPanel({
  secret,
  clusters,
  homeText,
}: {
  secret: VaultSecretSummary;
  clusters: readonly ClusterSummary[];
  homeText: string;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const where = useId();
  const [elsewhere, setElsewhere] = useState(false);
  const [place, setPlace] = useState({ clusterId: secret.clusterId, namespace: "" });
  const onPlace = useCallback((p: { clusterId: string; namespace: string }) => setPlace(p), []);
  const apply = useMutation(
    trpc.secrets.apply.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.secrets.list.pathKey() }),
    }),
  );
  const submit = () => {
    apply.mutate(
      elsewhere && place.namespace
        ? { name: secret.name, clusterId: place.clusterId, namespace: place.namespace }
        : { name: secret.name },
    );
  };
  return (
    <section className="cc-secrets-panel" aria-label={`Apply ${secret.name}`}>
      <fieldset className="cc-secrets-fieldset">
        <legend>Apply v{secret.version} to</legend>
        <div className="cc-secrets-choices">
          <label className="cc-check">
            <input type="radio" name={where} checked={!elsewhere} onChange={() => setElsewhere(false)} />
            Its home ({homeText})
          </label>
          <label className="cc-check">
            <input type="radio" name={where} checked={elsewhere} onChange={() => setElsewhere(true)} />
            Another namespace
          </label>
        </div>
      </fieldset>
      {elsewhere && (
        <PlacePicker
          clusters={clusters}
          clusterId={place.clusterId}
          namespace={place.namespace}
          onChange={onPlace}
          clusterLabel="Target cluster"
          namespaceLabel="Target namespace"
        />
      )}
      {apply.error && <ErrorNotice>{userMessage(apply.error)}</ErrorNotice>}
      {apply.data && <ApplyResult result={apply.data} />}
      <div className="cc-secrets-actions">
        <Button disabled={apply.isPending || (elsewhere && !place.namespace)} onClick={submit}>
          {apply.isPending ? "Applying…" : `Apply ${secret.name}`}
        </Button>
      </div>
    </section>
  );
}

const resultText = { created: "Created", updated: "Updated", unchanged: "Already up to date" } as const;

function ApplyResult({ result }: { result: SecretsApplyOutput }) {
  return (
    <div className="cc-success" role="status" data-testid="apply-result" data-result={result.result}>
      <p>{result.message}</p>
      <dl className="cc-facts">
        <dt>Where</dt>
        <dd>{placeText(result)}</dd>
        <dt>Result</dt>
        <dd>
          {resultText[result.result]} (v{result.version}, {secretTypeLabel[result.type]})
        </dd>
        <dt>Keys</dt>
        <dd>{keysText(result.keys, 20)}</dd>
        <dt>At</dt>
        <dd>{shortTime(result.appliedAt)}</dd>
      </dl>
    </div>
  );
}
