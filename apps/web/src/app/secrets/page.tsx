"use client";
import { Card, ErrorNotice } from "@clustercord/ui";
import { useQuery } from "@tanstack/react-query";
import { useSearchParams } from "next/navigation";
import { Suspense, useCallback, useEffect, useMemo, useState } from "react";
import { AppShell } from "~/components/app-shell";
import { useGuildRole } from "~/components/manifests/use-role";
import { NamespaceSelect } from "~/components/namespace-select";
import { CreateSecretCard } from "~/components/secrets/create-form";
import { namespacesOf, VIEWER_NOTICE } from "~/components/secrets/format";
import { SecretDialog } from "~/components/secrets/secret-dialog";
import { SecretsTable } from "~/components/secrets/secrets-table";
import { userMessage, useTRPC } from "~/lib/trpc";
import "~/components/secrets/secrets.css";

/**
 * The server's secrets vault: names, keys, versions and where each secret is
 * applied (never a value), a create form, and per secret Apply, Diff,
 * Rotate, Versions and Delete by role. The same procedures as `/secret` in
 * Discord.
 */
export default function SecretsPage() {
  return (
    <Suspense>
      <Secrets />
    </Suspense>
  );
}

function Secrets() {
  const searchParams = useSearchParams();
  const trpc = useTRPC();
  const role = useGuildRole();
  const clusters = useQuery(trpc.clusters.list.queryOptions());
  const clusterNames = useMemo(
    () => new Map((clusters.data?.clusters ?? []).map((c) => [c.id, c.name])),
    [clusters.data],
  );
  const [namespace, setNamespace] = useState(() => searchParams.get("namespace") ?? "");
  const [open, setOpen] = useState<string | null>(() => searchParams.get("secret"));

  // The address holds the filter and the open secret, so a link shows the same.
  useEffect(() => {
    const url = new URL(window.location.href);
    for (const [key, value] of [
      ["namespace", namespace],
      ["secret", open ?? ""],
    ] as const) {
      if (value) url.searchParams.set(key, value);
      else url.searchParams.delete(key);
    }
    if (url.href !== window.location.href) window.history.replaceState(window.history.state, "", url);
  }, [namespace, open]);

  // Every secret (for the filter's choices), and the filtered list the API answers.
  const all = useQuery(trpc.secrets.list.queryOptions({}));
  const filtered = useQuery({
    ...trpc.secrets.list.queryOptions({ namespace }),
    enabled: namespace !== "",
    placeholderData: (previous) => previous,
  });
  const list = namespace ? filtered : all;
  const choices = namespacesOf(all.data?.secrets ?? []);
  const nsOptions = namespace && !choices.includes(namespace) ? [namespace, ...choices] : choices;
  const openSecret = all.data?.secrets.find((s) => s.name === open) ?? null;
  const close = useCallback(() => setOpen(null), []);

  return (
    <AppShell>
      <h1 className="cc-page-title">Secrets</h1>
      <p className="cc-muted cc-secrets-intro">
        The server's vault: values are encrypted, applied into clusters as Kubernetes Secrets and never shown.
      </p>
      <div className="cc-secrets-controls">
        <NamespaceSelect
          namespaces={nsOptions}
          value={namespace}
          onChange={setNamespace}
          allLabel="All namespaces"
        />
      </div>
      <Card title="Vault">
        {list.error && <ErrorNotice>{userMessage(list.error)}</ErrorNotice>}
        {list.isPending && !list.error && <p className="cc-muted">Loading…</p>}
        {list.data && (
          <SecretsTable secrets={list.data.secrets} clusterNames={clusterNames} onOpen={setOpen} />
        )}
      </Card>
      {role.role && !role.canOperate && (
        <Card title="Create a secret">
          <p className="cc-muted" data-testid="viewer-notice">
            {VIEWER_NOTICE}
          </p>
        </Card>
      )}
      {role.canOperate && <CreateSecretCard />}
      {openSecret && (
        <SecretDialog
          key={openSecret.name}
          secret={openSecret}
          clusters={clusters.data?.clusters ?? []}
          role={role}
          onClose={close}
        />
      )}
    </AppShell>
  );
}
