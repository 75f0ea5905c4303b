"use client";
import { ErrorNotice } from "@clustercord/ui";
import { useQuery } from "@tanstack/react-query";
import { useParams } from "next/navigation";
import { HistoryPanel } from "~/components/alerts/history-panel";
import { RuleFormCard } from "~/components/alerts/rule-form";
import { RulesPanel } from "~/components/alerts/rules-panel";
import { SettingsPanel } from "~/components/alerts/settings-panel";
import { AppShell } from "~/components/app-shell";
import { useTRPC } from "~/lib/trpc";
import "~/components/alerts/alerts.css";

/**
 * A cluster's alerts: the server's rules on it (create, mute, delete), what is muted, the person's
 * own alert clock (time zone, quiet and business hours, digests) and the alerts that went out. The
 * same procedures as `/alert` in Discord.
 */
export default function AlertsPage() {
  const { clusterId } = useParams<{ clusterId: string }>();
  const trpc = useTRPC();
  const me = useQuery(trpc.me.get.queryOptions());
  const clusters = useQuery(trpc.clusters.list.queryOptions());
  const cluster = clusters.data?.clusters.find((c) => c.id === clusterId);
  const myId = me.data?.user.id ?? null;
  const isAdmin = me.data?.guild?.role === "admin";
  return (
    <AppShell>
      <h1 className="cc-page-title">Alerts{cluster ? ` on ${cluster.name}` : ""}</h1>
      <p className="cc-muted cc-alerts-intro">
        Rules send you a Discord DM, a web notification or an email when something breaks. CRITICAL alerts
        come at once; HIGH during your business hours; MEDIUM in a daily and LOW in a weekly digest. Many pods
        failing alike make one message.
      </p>
      {clusters.data && !cluster && (
        <ErrorNotice>This cluster is not one of yours (or it was removed).</ErrorNotice>
      )}
      <div className="cc-alerts-layout">
        <div className="cc-alerts-main">
          <RulesPanel clusterId={clusterId} me={myId} />
          <RuleFormCard clusterId={clusterId} me={myId} isAdmin={isAdmin} />
        </div>
        <div className="cc-alerts-side">
          <SettingsPanel />
        </div>
      </div>
      <HistoryPanel clusterId={clusterId} />
    </AppShell>
  );
}
