"use client";
import { Card, EmptyState, RoleBadge } from "@clustercord/ui";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useId, useState } from "react";
import { AppShell } from "~/components/app-shell";
import { ClusterHealthList } from "~/components/dashboard/cluster-health";
import { MonthCost, TopCosts, UsageOverTime } from "~/components/dashboard/cost-cards";
import { PodsByStatus } from "~/components/dashboard/live-pods";
import { RecentAudit } from "~/components/dashboard/recent-audit";
import { useCurrentCluster } from "~/components/shell/current-cluster";
import { useTRPC } from "~/lib/trpc";
import "~/app/clusters/[clusterId]/overview.css";
import "~/components/cost/cost.css";

/**
 * The overview: who you are, every cluster's health, then for one cluster
 * (the sidebar's current one, or the one picked here) pods by status live,
 * usage vs requests vs capacity, this month's cost and trend, the top
 * spenders, and the server's recent audited changes (admins).
 */
export default function DashboardPage() {
  const trpc = useTRPC();
  const me = useQuery(trpc.me.get.queryOptions());
  const guild = me.data?.guild;
  const clusters = useQuery(trpc.clusters.list.queryOptions(undefined, { enabled: Boolean(guild) }));
  const { current } = useCurrentCluster(Boolean(guild));
  const [picked, setPicked] = useState<string | null>(null);
  const pickerId = useId();
  const list = clusters.data?.clusters ?? [];
  const focus = list.find((c) => c.id === picked) ?? current;
  // A cluster that went away is no longer picked.
  useEffect(() => {
    if (picked && clusters.data && !clusters.data.clusters.some((c) => c.id === picked)) setPicked(null);
  }, [picked, clusters.data]);

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
        <>
          <div className="cc-grid cc-dash-section">
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
              <ClusterHealthList clusters={list} />
            </Card>
          </div>
          {focus && (
            <>
              <div className="cc-dash-head">
                <h2>{focus.name}</h2>
                {list.length > 1 && (
                  <>
                    <label htmlFor={pickerId} className="cc-muted">
                      Show cluster
                    </label>
                    <select id={pickerId} value={focus.id} onChange={(e) => setPicked(e.target.value)}>
                      {list.map((c) => (
                        <option key={c.id} value={c.id}>
                          {c.name}
                        </option>
                      ))}
                    </select>
                  </>
                )}
              </div>
              <div className="cc-grid cc-dash-section">
                <Card title="Pods">
                  <PodsByStatus clusterId={focus.id} />
                </Card>
                <Card title="This month's cost">
                  <MonthCost clusterId={focus.id} />
                </Card>
              </div>
              <Card title="Usage, last 24 hours">
                <UsageOverTime clusterId={focus.id} />
              </Card>
              <Card title="Top spenders this month">
                <TopCosts clusterId={focus.id} />
              </Card>
            </>
          )}
          {guild.role === "admin" && (
            <Card title="Recent audit events">
              <RecentAudit />
            </Card>
          )}
        </>
      )}
    </AppShell>
  );
}
