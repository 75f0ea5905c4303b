"use client";
import type { ClusterSummary } from "@clustercord/contracts";
import { Button, ErrorNotice } from "@clustercord/ui";
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { userMessage, useTRPC } from "~/lib/trpc";
import { useTenantsRefresh } from "./use-tenants";

/**
 * The owner's admins invite another Discord server (with the bot) to its own
 * namespace on a shared cluster; that server's admins accept or decline.
 */
export function GrantForm({ cluster }: { cluster: ClusterSummary }) {
  const trpc = useTRPC();
  const refresh = useTenantsRefresh(cluster.id);
  const [guildId, setGuildId] = useState("");
  const grant = useMutation(
    trpc.tenants.grant.mutationOptions({
      onSuccess: async ({ tenant }) => {
        setGuildId("");
        await refresh(tenant);
      },
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    grant.mutate({ clusterId: cluster.id, guildId: guildId.trim() });
  };
  return (
    <form className="cc-form" aria-label={`Grant a server access to ${cluster.name}`} onSubmit={submit}>
      <h4>Grant a server access</h4>
      <label>
        Discord server ID
        <input
          value={guildId}
          onChange={(e) => {
            setGuildId(e.target.value);
            if (grant.data || grant.error) grant.reset();
          }}
          inputMode="numeric"
          autoComplete="off"
          spellCheck={false}
          maxLength={25}
          placeholder="200000000000000002"
          required
        />
      </label>
      <span className="cc-muted">
        The server is invited: once one of its admins accepts, it gets its own namespace with a default quota,
        set up the first time someone there uses this cluster. ClusterCord's bot must be in that server.
      </span>
      {grant.error && <ErrorNotice>{userMessage(grant.error)}</ErrorNotice>}
      {grant.data && (
        <p className="cc-success" role="status">
          Invited {grant.data.tenant.guildName} to {cluster.name}; its admins can accept now.
        </p>
      )}
      <span>
        <Button type="submit" disabled={grant.isPending || !guildId.trim()}>
          {grant.isPending ? "Granting…" : "Grant access"}
        </Button>
      </span>
    </form>
  );
}
