"use client";
import { Card, EmptyState, RoleBadge } from "@clustercord/ui";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { AppShell } from "~/components/app-shell";
import { useTRPC } from "~/lib/trpc";
import { ClusterStatus } from "../clusters/cluster-status";

export default function DashboardPage() {
  const trpc = useTRPC();
  const me = useQuery(trpc.me.get.queryOptions());
  const guild = me.data?.guild;
  const clusters = useQuery(trpc.clusters.list.queryOptions(undefined, { enabled: Boolean(guild) }));

  return (
    <AppShell>
      <h1 className="cc-page-title">Dashboard</h1>
      {me.data && !guild && (
        <Card>
          <EmptyState>
            No server picked yet. <Link href="/guilds">Pick a Discord server</Link> to start.
          </EmptyState>
        </Card>
      )}
      {me.data && guild && (
        <div className="cc-grid">
          <Card title="You">
            <dl className="cc-facts">
              <dt>Name</dt>
              <dd data-testid="me-name">{me.data.user.displayName}</dd>
              <dt>Username</dt>
              <dd>{me.data.user.username}</dd>
              <dt>Discord id</dt>
              <dd data-testid="me-id">{me.data.user.id}</dd>
            </dl>
          </Card>
          <Card title="Server">
            <dl className="cc-facts">
              <dt>Name</dt>
              <dd data-testid="guild-name">{guild.name}</dd>
              <dt>Your role</dt>
              <dd data-testid="guild-role">
                <RoleBadge role={guild.role} />
              </dd>
            </dl>
            <p className="cc-muted">
              Same identity in Discord: type <code>/whoami</code> in {guild.name}.
            </p>
          </Card>
          <Card title="Clusters">
            {clusters.data?.clusters.length === 0 && (
              <EmptyState>
                {guild.role === "admin" ? (
                  <>
                    No cluster yet. <Link href="/clusters">Prepare and add one</Link>: a manifest and two
                    kubectl commands.
                  </>
                ) : (
                  <>No cluster yet. A server admin adds one on the Clusters page or with /cluster add.</>
                )}
              </EmptyState>
            )}
            <ul className="cc-dashboard-clusters">
              {clusters.data?.clusters.map((c) => (
                <li key={c.id}>
                  <Link href={`/clusters/${c.id}`}>{c.name}</Link> <ClusterStatus cluster={c} />{" "}
                  <Link href={`/clusters/${c.id}/pods`} className="cc-muted">
                    Pods
                  </Link>
                </li>
              ))}
            </ul>
          </Card>
        </div>
      )}
    </AppShell>
  );
}
