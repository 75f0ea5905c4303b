"use client";
import type { SecretVersionSummary, VaultSecretSummary } from "@clustercord/contracts";
import { Badge, Button, ErrorNotice } from "@clustercord/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { userMessage, useTRPC } from "~/lib/trpc";
import { keptText, keysText, restoreText, shortTime, versionReasonLabel } from "./format";

/**
 * The kept versions (secrets.versions), newest first. Operators restore one
 * (secrets.restoreVersion): a new version with its values, re-applied where
 * the secret is applied, after a confirm step saying so.
 */
export function VersionsPanel({ secret, canOperate }: { secret: VaultSecretSummary; canOperate: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const versions = useQuery(trpc.secrets.versions.queryOptions({ name: secret.name }));
  const [asked, setAsked] = useState<number | null>(null);
  const restore = useMutation(
    trpc.secrets.restoreVersion.mutationOptions({
      onSuccess: () => {
        setAsked(null);
        void queryClient.invalidateQueries({ queryKey: trpc.secrets.list.pathKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.secrets.versions.pathKey() });
      },
    }),
  );
  const list = [...(versions.data?.versions ?? [])].sort((a, b) => b.version - a.version);
  return (
    <section className="cc-secrets-panel" aria-label={`Versions of ${secret.name}`}>
      <p className="cc-muted">
        {keptText(secret.versionsKept)}; the oldest is dropped once the server's limit is reached.
      </p>
      {versions.error && <ErrorNotice>{userMessage(versions.error)}</ErrorNotice>}
      {versions.isPending && <p className="cc-muted">Loading…</p>}
      {restore.data && (
        <p className="cc-success" role="status" data-testid="restore-result">
          {restore.data.message}
        </p>
      )}
      <ol className="cc-secrets-versions" aria-label="Versions">
        {list.map((v) => (
          <li key={v.version} data-version={v.version}>
            <VersionFacts version={v} current={versions.data?.current ?? secret.version} />
            {canOperate && v.version !== (versions.data?.current ?? secret.version) && (
              <div className="cc-secrets-actions">
                {asked === v.version ? (
                  <section className="cc-confirm" aria-label={`Restore v${v.version}?`}>
                    <span>{restoreText(secret, versions.data?.current ?? secret.version, v.version)}</span>
                    {restore.error && <ErrorNotice>{userMessage(restore.error)}</ErrorNotice>}
                    <span className="cc-inline">
                      <Button
                        variant="danger"
                        disabled={restore.isPending}
                        onClick={() => restore.mutate({ name: secret.name, version: v.version })}
                      >
                        Restore v{v.version}
                      </Button>
                      <Button
                        variant="secondary"
                        onClick={() => {
                          restore.reset();
                          setAsked(null);
                        }}
                      >
                        Cancel
                      </Button>
                    </span>
                  </section>
                ) : (
                  <Button
                    variant="secondary"
                    onClick={() => {
                      restore.reset();
                      setAsked(v.version);
                    }}
                  >
                    Restore v{v.version}…
                  </Button>
                )}
              </div>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

function VersionFacts({ version, current }: { version: SecretVersionSummary; current: number }) {
  return (
    <div className="cc-secrets-version">
      <strong>v{version.version}</strong> <Badge>{versionReasonLabel[version.reason]}</Badge>
      {version.version === current && <Badge tone="good">current</Badge>}
      <span className="cc-muted">
        {shortTime(version.createdAt)} by {version.createdBy}
      </span>
      <span>
        Keys: <span className="cc-mono">{keysText(version.keys, 12)}</span>
      </span>
      {version.note && <span className="cc-muted">{version.note}</span>}
    </div>
  );
}
