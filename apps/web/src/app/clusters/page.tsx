"use client";
import { Card, EmptyState, ErrorNotice } from "@clustercord/ui";
import { useQuery } from "@tanstack/react-query";
import { AppShell } from "~/components/app-shell";
import { userMessage, useTRPC } from "~/lib/trpc";
import { AddClusterForm } from "./add-cluster-form";
import { ClusterCard } from "./cluster-card";
import { ClusterSetup } from "./cluster-setup";
import { InvitationsPanel } from "./invitations-panel";
import "./clusters.css";

export default function ClustersPage() {
  const trpc = useTRPC();
  const me = useQuery(trpc.me.get.queryOptions());
  const clusters = useQuery(trpc.clusters.list.queryOptions());
  const role = me.data?.guild?.role;
  const isAdmin = role === "admin";

  return (
    <AppShell>
      <h1 className="cc-page-title">Clusters</h1>
      {isAdmin && <InvitationsPanel />}
      {clusters.error && <ErrorNotice>{userMessage(clusters.error)}</ErrorNotice>}
      {clusters.data?.clusters.length === 0 && (
        <Card>
          <EmptyState>
            No clusters yet.{isAdmin ? " Add one below." : " Ask a server admin to add one."}
          </EmptyState>
        </Card>
      )}
      {clusters.data?.clusters.map((c) => (
        <ClusterCard key={c.id} cluster={c} role={role} />
      ))}
      {isAdmin && <ClusterSetup />}
      {isAdmin && <AddClusterForm />}
    </AppShell>
  );
}
