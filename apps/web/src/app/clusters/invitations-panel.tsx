"use client";
import type { TenantInvitation } from "@clustercord/contracts";
import { Button, ErrorNotice } from "@clustercord/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId } from "react";
import { userMessage, useTRPC } from "~/lib/trpc";

/** One invitation: what this server would get on whose cluster, asked by whom; Accept or Decline. */
function InvitationItem({ invitation }: { invitation: TenantInvitation }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const headingId = useId();
  const settle = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.tenants.invitations.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.clusters.list.queryKey() }),
    ]);
  const accept = useMutation(trpc.tenants.accept.mutationOptions({ onSuccess: settle }));
  const decline = useMutation(trpc.tenants.decline.mutationOptions({ onSuccess: settle }));
  const input = { clusterId: invitation.clusterId };
  const busy = accept.isPending || decline.isPending;
  const { quota } = invitation;
  return (
    <li className="cc-tenant" aria-labelledby={headingId}>
      <div className="cc-tenant-header">
        <h4 id={headingId}>{invitation.clusterName}</h4>
        <span className="cc-muted">from {invitation.ownerGuildName}</span>
      </div>
      <dl className="cc-facts">
        <dt>Namespace</dt>
        <dd>
          <code>{invitation.namespace}</code>
        </dd>
        <dt>Quota</dt>
        <dd>
          {quota.requestsCpu} CPU · {quota.requestsMemory} memory · {quota.pods} pods
        </dd>
        <dt>Internet egress</dt>
        <dd>{invitation.internetEgress ? "on" : "off"}</dd>
        <dt>Invited by</dt>
        <dd>
          {invitation.invitedBy.displayName},{" "}
          <time dateTime={invitation.invitedAt}>{new Date(invitation.invitedAt).toLocaleString()}</time>
        </dd>
      </dl>
      <span className="cc-inline">
        <Button disabled={busy} onClick={() => accept.mutate(input)}>
          {accept.isPending ? "Accepting…" : "Accept"}
        </Button>
        <Button variant="secondary" disabled={busy} onClick={() => decline.mutate(input)}>
          {decline.isPending ? "Declining…" : "Decline"}
        </Button>
      </span>
      {accept.error && <ErrorNotice>{userMessage(accept.error)}</ErrorNotice>}
      {decline.error && <ErrorNotice>{userMessage(decline.error)}</ErrorNotice>}
    </li>
  );
}

/**
 * Other servers' invitations to their shared clusters, for this server's
 * admins: until one accepts, its members see nothing of that cluster.
 * Shown only while there are some.
 */
export function InvitationsPanel() {
  const trpc = useTRPC();
  const headingId = useId();
  const invitations = useQuery(trpc.tenants.invitations.queryOptions());
  if (invitations.error) return <ErrorNotice>{userMessage(invitations.error)}</ErrorNotice>;
  if (!invitations.data?.invitations.length) return null;
  return (
    <section className="cc-card cc-cluster" aria-labelledby={headingId}>
      <h2 id={headingId}>Invitations</h2>
      <p className="cc-muted">
        Accepting lets this server's members use that cluster in their own namespace, within the quota its
        owning server sets. Nothing is set up for this server until you accept.
      </p>
      <ul className="cc-tenant-list" aria-label="Invitations to shared clusters">
        {invitations.data.invitations.map((i) => (
          <InvitationItem key={i.clusterId} invitation={i} />
        ))}
      </ul>
    </section>
  );
}
